//! The smallest HTTP/1.1 client the notifications need: one POST (or GET) to an `http://` URL, read the status
//! line. (The sandbox runs on the developer's machine: shops under test listen on plain HTTP.)

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// `http://host[:port]/path?query` split for a request.
struct Target {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Result<Target, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| "the sandbox posts notifications to http:// URLs only".to_string())?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = if path.starts_with('?') { format!("/{path}") } else { path.to_owned() };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => {
            (h.to_owned(), p.parse::<u16>().map_err(|_| format!("bad port in {url}"))?)
        }
        _ => (authority.to_owned(), 80),
    };
    if host.is_empty() || authority.contains('@') || path.bytes().any(|b| b <= b' ') {
        return Err(format!("unusable notification URL {url}"));
    }
    Ok(Target { host, port, path })
}

/// How a notification reaches the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// A body of `content_type` (Lyra's IPN, Computop's notify, Ogone's feedback, Sips' automatic response).
    Post,
    /// Everything in the URL's query string (Payline's notification).
    Get,
}

/// Send one request to `url` (`body` and `content_type` only for POST); the status code the server answered.
pub async fn send(method: Method, url: &str, content_type: &str, body: &str, timeout: Duration) -> Result<u16, String> {
    let target = parse_url(url)?;
    tokio::time::timeout(timeout, exchange(&target, method, content_type, body))
        .await
        .map_err(|_| format!("no answer within {} ms", timeout.as_millis()))?
}

async fn exchange(target: &Target, method: Method, content_type: &str, body: &str) -> Result<u16, String> {
    let host = target.host.trim_start_matches('[').trim_end_matches(']');
    let mut stream = TcpStream::connect((host, target.port)).await.map_err(|e| format!("cannot connect: {e}"))?;
    let host_header = if target.port == 80 { target.host.clone() } else { format!("{}:{}", target.host, target.port) };
    let request = match method {
        Method::Post => format!(
            "POST {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: cpay-sandbox\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            target.path,
            body.len(),
        ),
        Method::Get => {
            format!(
                "GET {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: cpay-sandbox\r\nConnection: close\r\n\r\n",
                target.path
            )
        }
    };
    stream.write_all(request.as_bytes()).await.map_err(|e| format!("cannot send: {e}"))?;
    let mut head = Vec::with_capacity(256);
    let mut buf = [0u8; 256];
    while !head.windows(2).any(|w| w == b"\r\n") && head.len() < 8192 {
        let n = stream.read(&mut buf).await.map_err(|e| format!("cannot read the answer: {e}"))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut parts = line.split(' ');
    match (parts.next(), parts.next().and_then(|c| c.parse::<u16>().ok())) {
        (Some(v), Some(code)) if v.starts_with("HTTP/") => Ok(code),
        _ => Err("the shop's answer is not HTTP".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = parse_url("http://127.0.0.1:8080/ipn?x=1").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.path.as_str()), ("127.0.0.1", 8080, "/ipn?x=1"));
        let t = parse_url("http://shop.test").unwrap();
        assert_eq!((t.port, t.path.as_str()), (80, "/"));
        assert!(parse_url("https://shop.test/ipn").is_err());
        assert!(parse_url("http://user@shop.test/").is_err());
        assert!(parse_url("http://shop.test:99999/").is_err());
    }
}
