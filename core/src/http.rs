//! [`HttpRequest`] and [`HttpResponse`]: server-to-server calls as values.
//!
//! cpay never opens a socket. A refund, a capture or a SOAP call is returned as an `HttpRequest` that the
//! shop sends with the HTTP client it already has (with its own timeouts, proxies and retries), and the
//! answer comes back into cpay as an `HttpResponse` to be parsed and checked.

use crate::error::{Error, ErrorCode, Result};
use std::collections::BTreeMap;
use std::fmt;

/// A request for the shop to send. Its `Debug` hides the `Authorization` header and, in a form-encoded body,
/// the value of a `PSWD` parameter (Ogone DirectLink's API password): they hold credentials.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct HttpRequest {
    /// `"POST"` or `"GET"`.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header name → value.
    pub headers: BTreeMap<String, String>,
    /// The body, as text (JSON, XML or form-encoded, per `Content-Type`).
    pub body: String,
}

impl HttpRequest {
    /// A POST of `body` with the given content type.
    pub fn post(url: impl Into<String>, content_type: &str, body: impl Into<String>) -> Self {
        let mut headers = BTreeMap::new();
        headers.insert("Content-Type".to_owned(), content_type.to_owned());
        HttpRequest { method: "POST".to_owned(), url: url.into(), headers, body: body.into() }
    }

    /// Add a header (builder style).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.insert(name.to_owned(), value.into());
        self
    }

    /// Add HTTP Basic authentication (`Authorization: Basic base64(user:password)`).
    pub fn with_basic_auth(self, user: &str, password: &[u8]) -> Self {
        use base64::Engine as _;
        let mut credentials = zeroize::Zeroizing::new(Vec::with_capacity(user.len() + 1 + password.len()));
        credentials.extend_from_slice(user.as_bytes());
        credentials.push(b':');
        credentials.extend_from_slice(password);
        // The base64 form is as secret as the password: zeroized too (the header itself is the output).
        let encoded = zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&*credentials));
        self.with_header("Authorization", format!("Basic {}", encoded.as_str()))
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: BTreeMap<&str, &str> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if k.eq_ignore_ascii_case("authorization") { "***" } else { v.as_str() };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &redact_body(&self.body))
            .finish()
    }
}

/// `body` with the value of every `PSWD=` form parameter replaced by `***`.
fn redact_body(body: &str) -> String {
    body.split('&')
        .map(|part| match part.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("PSWD") => format!("{name}=***"),
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// What the gateway answered, handed back by the shop.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Header name → value (names compared case-insensitively by [`HttpResponse::header`]).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// `invalid_key` on `key_field` when the gateway refused the request's HTTP Basic credentials (401 or
    /// 403): the wrong key is named as a wrong key, not as an answer that cannot be read. Nothing about the
    /// key is said.
    pub fn check_credentials(&self, key_field: &str, user_field: &str) -> crate::Result<()> {
        if matches!(self.status, 401 | 403) {
            return Err(crate::Error::field(
                crate::ErrorCode::InvalidKey,
                key_field,
                format!(
                    "the gateway refused the shop's credentials (HTTP {}): {key_field} (or {user_field}) is most \
                     likely wrong, or belongs to the other environment",
                    self.status
                ),
            ));
        }
        Ok(())
    }
}

/// Whether a gateway URL is one cpay may send a shop's credentials or buyers to: `https://`, or plain
/// `http://` on this machine's loopback (`127.0.0.1`, `localhost`, `[::1]`) — how a shop points a gateway at
/// `cpay sandbox`. Any other plain-HTTP URL would carry credentials and signed payment data in clear.
pub fn is_gateway_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return lower.len() > "https://".len();
    }
    let Some(rest) = lower.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    !authority.contains('@') && matches!(host, "127.0.0.1" | "localhost" | "::1")
}

/// [`is_gateway_url`] as a check: `code` (`invalid_value` for a shop's setting, `unexpected_response` for a URL
/// a gateway answered) on `field` otherwise.
pub fn check_gateway_url(url: &str, field: &str, code: ErrorCode) -> Result<()> {
    if is_gateway_url(url) {
        return Ok(());
    }
    Err(Error::field(
        code,
        field,
        format!("{field} must be an https:// URL (http:// only on this machine: 127.0.0.1, localhost, [::1], for cpay sandbox)"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_matches_the_payline_check_value() {
        let r = HttpRequest::post("https://x", "text/xml", "").with_basic_auth("111111111", b"AFju9XHplQzvamffO72L");
        assert_eq!(r.headers["Authorization"], "Basic MTExMTExMTExOkFGanU5WEhwbFF6dmFtZmZPNzJM");
        let debug = format!("{r:?}");
        assert!(!debug.contains("MTEx"), "{debug}");
        assert!(debug.contains("***"));
        let r = HttpRequest::post("https://x", "application/x-www-form-urlencoded", "PAYID=1&PSWD=s%3Dcret&USERID=u");
        let debug = format!("{r:?}");
        assert!(!debug.contains("cret") && debug.contains("PSWD=***&USERID=u"), "{debug}");
    }

    #[test]
    fn header_lookup_ignores_case() {
        let mut headers = BTreeMap::new();
        headers.insert("content-type".to_owned(), "application/json".to_owned());
        let r = HttpResponse { status: 200, headers, body: String::new() };
        assert_eq!(r.header("Content-Type"), Some("application/json"));
        assert_eq!(r.header("X-Missing"), None);
    }

    #[test]
    fn gateway_urls_are_https_or_the_loopback() {
        for ok in [
            "https://secure.ogone.com/ncol",
            "http://127.0.0.1:8099/ogone/ncol",
            "http://localhost/x",
            "http://[::1]:80/",
        ] {
            assert!(is_gateway_url(ok), "{ok}");
        }
        for bad in [
            "http://shop.example/",
            "http://127.0.0.1.evil.example/",
            "http://user@127.0.0.1/",
            "ftp://127.0.0.1/",
            "https://",
            "",
            "http://localhost.example:80/",
        ] {
            assert!(!is_gateway_url(bad), "{bad}");
        }
        assert!(check_gateway_url("http://localhost:8099/", "base_url", ErrorCode::InvalidValue).is_ok());
        let e = check_gateway_url("http://pay.example/", "redirectURL", ErrorCode::UnexpectedResponse).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::UnexpectedResponse, Some("redirectURL")));
        assert!(e.message().starts_with("redirectURL must be an https:// URL"), "{}", e.message());
    }
}
