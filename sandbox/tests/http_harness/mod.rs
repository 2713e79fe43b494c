//! What the gateway flow tests share: the `cpay-sandbox` binary started on a free port, a raw HTTP/1.1 client
//! and a shop that records what it is sent. Plain std TCP, no HTTP library and no cpay-core.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
pub fn form_body<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    fields.into_iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Percent-decoded bytes.
pub fn decode_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() + 1 && i + 3 <= bytes.len() => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// A form body as pairs in order (UTF-8 values).
pub fn parse_pairs(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (String::from_utf8(decode_bytes(k)).unwrap(), String::from_utf8(decode_bytes(v)).unwrap())
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

/// Start the sandbox with quick retries and `extra` arguments.
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
}

/// One request; the whole answer.
pub fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &str) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
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

pub fn get(addr: &str, path: &str) -> Answer {
    request(addr, "GET", path, "text/plain", "")
}

pub fn post_form(addr: &str, path: &str, body: &str) -> Answer {
    request(addr, "POST", path, "application/x-www-form-urlencoded", body)
}

/// The sandbox's payments (JSON API).
pub fn payments(addr: &str) -> serde_json::Value {
    serde_json::from_str(&get(addr, "/_sandbox/api/payments").body).unwrap()
}

/// A shop endpoint: answers each request with the next status of `statuses` (then 200) and passes on
/// `(request line, body)`.
pub fn start_shop(statuses: Vec<u16>) -> (String, Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = channel();
    let statuses = Arc::new(Mutex::new(statuses.into_iter()));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap_or(0);
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
            let _ = tx.send((first.trim().to_string(), String::from_utf8_lossy(&body).into_owned()));
            let status = statuses.lock().unwrap().next().unwrap_or(200);
            let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
        }
    });
    (addr, rx)
}

/// The value of `name="…" value="…"` hidden inputs of an auto-submitted form, and its action.
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
