//! What every sandbox test shares: the `cpay-sandbox` binary started on a free port, a raw HTTP/1.1 client, a
//! shop server that records what it is sent, url-encoding helpers and the French-shop fixtures. Plain std TCP, no
//! HTTP library and no cpay-core, so that the clients the tests write on top of it stay independent of cpay-core.

// Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The buyer of the French-shop fixtures.
pub const FIRST_NAME: &str = "Renée";
pub const LAST_NAME: &str = "L'Hôte-Lefèvre";
pub const STREET: &str = "12, rue de l'Église — Bâtiment « Les Érables »";
pub const CITY: &str = "Saint-Étienne";

/// Percent-encode every byte but the unreserved ones.
pub fn encode(text: &str) -> String {
    encode_bytes(text.as_bytes())
}

/// Percent-encode bytes (for an ISO-8859-1 form, the Latin-1 bytes).
pub fn encode_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `k=v&…`, percent-encoded as UTF-8.
pub fn form_body<K: AsRef<str>, V: AsRef<str>>(fields: impl IntoIterator<Item = (K, V)>) -> String {
    fields
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode(k.as_ref()), encode(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-decoded bytes (`+` is a space).
pub fn decode_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Percent-decoded UTF-8 text.
pub fn decode(text: &str) -> String {
    String::from_utf8(decode_bytes(text)).unwrap()
}

/// A form body as pairs in order (UTF-8 values).
pub fn parse_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// A form body as a map.
pub fn parse_form(body: &str) -> BTreeMap<String, String> {
    parse_pairs(body).into_iter().collect()
}

/// The running binary; killed on drop.
pub struct Sandbox {
    child: Child,
    /// `127.0.0.1:port`.
    pub addr: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start the sandbox with quick retries (two, 100 ms apart) and `extra` arguments.
pub fn start_sandbox(extra: &[&str]) -> Sandbox {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpay-sandbox"))
        .args(["--port", "0", "--ipn-retry-delay-ms", "100", "--ipn-retries", "2"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start cpay-sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    Sandbox { child, addr }
}

/// An HTTP answer.
pub struct Answer {
    pub status: u16,
    /// The status line and the header lines.
    pub headers: String,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// The header lines as a map (what cpay-core's `HttpResponse` carries).
    pub fn header_map(&self) -> BTreeMap<String, String> {
        self.headers
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
            .collect()
    }
}

/// One HTTP/1.1 request with extra header lines (`Name: value`); the whole answer.
pub fn request_with(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let extra: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Answer { status, headers: head.to_string(), body: body.to_string() }
}

/// One request with a `Content-Type`.
pub fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &str) -> Answer {
    request_with(addr, method, path, &[("Content-Type", content_type)], body)
}

pub fn get(addr: &str, path: &str) -> Answer {
    request(addr, "GET", path, "text/plain", "")
}

pub fn post_form(addr: &str, path: &str, body: &str) -> Answer {
    request(addr, "POST", path, "application/x-www-form-urlencoded", body)
}

pub fn post_json(addr: &str, path: &str, body: &str) -> Answer {
    request(addr, "POST", path, "application/json", body)
}

/// Queue a fault for the next payment (`POST /_sandbox/api/faults`, e.g. `{"fault":"lost_ipn"}`).
pub fn queue_fault(addr: &str, fault: &str) -> Answer {
    post_json(addr, "/_sandbox/api/faults", fault)
}

/// The path (with query) of an `http://{addr}…` URL the sandbox handed out or cpay-core built.
pub fn path_of<'a>(url: &'a str, addr: &str) -> &'a str {
    url.split_once(addr).map(|(_, p)| p).unwrap_or_else(|| panic!("{url} is not on the sandbox {addr}"))
}

/// Send a request cpay-core built (its URL must be on `addr`); the answer as cpay-core reads it.
pub fn send(addr: &str, r: &cpay_core::HttpRequest) -> cpay_core::HttpResponse {
    let headers: Vec<(&str, &str)> = r.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let answer = request_with(addr, &r.method, path_of(&r.url, addr), &headers, &r.body);
    cpay_core::HttpResponse { status: answer.status, headers: answer.header_map(), body: answer.body }
}

/// [`send`] for an `HttpRequest` in its JSON form (what `cpay_core::api::call` returns); the `HttpResponse` JSON.
pub fn send_json(addr: &str, http: &serde_json::Value) -> serde_json::Value {
    let request: cpay_core::HttpRequest = serde_json::from_value(http.clone()).unwrap();
    serde_json::to_value(send(addr, &request)).unwrap()
}

/// Every payment the sandbox holds (`GET /_sandbox/api/payments`).
pub fn payments(addr: &str) -> serde_json::Value {
    serde_json::from_str::<serde_json::Value>(&get(addr, "/_sandbox/api/payments").body).unwrap()["payments"].clone()
}

/// A request the shop received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The path with its query string.
    pub target: String,
    pub body: String,
}

/// A shop endpoint: answers each request with the next status of `statuses` (then 200) and passes every request on.
pub fn start_shop(statuses: Vec<u16>) -> (String, Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = channel();
    let statuses = Arc::new(Mutex::new(statuses.into_iter()));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).unwrap_or(0) == 0 {
                continue;
            }
            let mut parts = first.split(' ');
            let method = parts.next().unwrap_or("").to_string();
            let target = parts.next().unwrap_or("").to_string();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            // Passed on before answering, so a test that got the browser redirect sees the notification already.
            let _ = tx.send(Received { method, target, body: String::from_utf8_lossy(&body).into_owned() });
            let status = statuses.lock().unwrap().next().unwrap_or(200);
            let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
        }
    });
    (addr, rx)
}

/// Assert that nothing (more) reaches the shop within `wait`; `why` names what must not have been sent.
pub fn assert_nothing_sent(received: &Receiver<Received>, wait: Duration, why: &str) {
    assert!(received.recv_timeout(wait).is_err(), "{why}");
}

/// The action and the `name="…" value="…"` hidden inputs of an auto-submitted form.
pub fn hidden_form(html: &str) -> (String, BTreeMap<String, String>) {
    let unescape = |s: &str| {
        s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    };
    let action = html.split("action=\"").nth(1).and_then(|r| r.split('"').next()).map(unescape).unwrap_or_default();
    let mut fields = BTreeMap::new();
    for input in html.split("<input type=\"hidden\" ").skip(1) {
        let name = input.split("name=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
        let value = input.split("value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
        fields.insert(unescape(name), unescape(value));
    }
    (action, fields)
}
