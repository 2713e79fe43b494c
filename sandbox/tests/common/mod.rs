//! What the Payline and Sips flow tests share: the running `cpay-sandbox` binary, a plain std-TCP HTTP client,
//! and a small shop server that records every request it gets (method, path with query, body).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// The running binary; killed on drop.
pub struct Sandbox {
    child: Child,
    pub addr: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_sandbox() -> Sandbox {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpay-sandbox"))
        .args(["--port", "0", "--ipn-retry-delay-ms", "100", "--ipn-retries", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start cpay-sandbox");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
    Sandbox { child, addr }
}

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

/// One HTTP/1.1 request with extra header lines (`Name: value`).
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
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Answer { status, headers: head.to_string(), body: body.to_string() }
}

pub fn request(addr: &str, method: &str, path: &str, content_type: &str, body: &str) -> Answer {
    request_with(addr, method, path, &[("Content-Type", content_type)], body)
}

pub fn post_form(addr: &str, path: &str, body: &str) -> Answer {
    request(addr, "POST", path, "application/x-www-form-urlencoded", body)
}

/// Send a request cpay-core built (its URL must be on `addr`); the answer as cpay-core reads it.
pub fn send(addr: &str, r: &cpay_core::HttpRequest) -> cpay_core::HttpResponse {
    let path = r.url.split_once(addr).map(|(_, p)| p.to_string()).expect("a request to the sandbox");
    let headers: Vec<(&str, &str)> = r.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let answer = request_with(addr, &r.method, &path, &headers, &r.body);
    cpay_core::HttpResponse { status: answer.status, headers: Default::default(), body: answer.body }
}

pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

pub fn parse_form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// A request the shop received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub target: String,
    pub body: String,
}

/// A shop's notification endpoint: answers 200 and passes every request on (before answering).
pub fn start_shop() -> (String, Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = channel();
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
            let _ = tx.send(Received { method, target, body: String::from_utf8(body).unwrap() });
            let _ = write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
        }
    });
    (addr, rx)
}

/// Every payment the sandbox holds (`GET /_sandbox/api/payments`).
pub fn payments(addr: &str) -> serde_json::Value {
    let list = request(addr, "GET", "/_sandbox/api/payments", "text/plain", "");
    serde_json::from_str::<serde_json::Value>(&list.body).unwrap()["payments"].clone()
}

/// The buyer of the French-shop fixtures.
pub const FIRST_NAME: &str = "Renée";
pub const LAST_NAME: &str = "L'Hôte-Lefèvre";
pub const STREET: &str = "12, rue de l'Église — Bâtiment « Les Érables »";
pub const CITY: &str = "Saint-Étienne";
