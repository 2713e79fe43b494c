//! URLs handed to Payline (return, cancel, notification): checked and percent-encoded.
//!
//! Payline puts these URLs into its hosted page and its redirects as given; a raw `|`, space or accented
//! letter in a return URL has broken the hosted page. So a URL must be absolute http(s) with a host, and every
//! byte that RFC 3986 does not allow in a URL is percent-encoded (an existing `%XX` escape is kept). Control
//! characters are refused rather than encoded: they are never part of a genuine shop URL.

use crate::error::{Error, ErrorCode, Result};

/// The longest URL accepted.
const MAX_URL: usize = 2048;

/// Check `url` (named `field` in errors) and return it percent-encoded where RFC 3986 requires.
pub fn normalize(field: &str, url: &str) -> Result<String> {
    let invalid = |why: &str| Error::field(ErrorCode::InvalidFormat, field, format!("{field} {why}"));
    if url.is_empty() {
        return Err(Error::missing(field));
    }
    if url.chars().any(char::is_control) {
        return Err(invalid("must not contain control characters (CR, LF, TAB…)"));
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.contains(' ')
    });
    if !host_ok {
        return Err(invalid("must be an absolute http(s) URL with a host"));
    }
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_follows = b == b'%' && bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if escape_follows || allowed(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.len() > MAX_URL {
        return Err(invalid(&format!("must be at most {MAX_URL} characters long once encoded")));
    }
    Ok(out)
}

/// RFC 3986 unreserved and reserved characters (everything a URL may hold unescaped), `%` excluded.
fn allowed(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_what_urls_cannot_hold() {
        assert_eq!(
            normalize("returnURL", "https://shop.example/ok?o=A|1&n=Zoé x").unwrap(),
            "https://shop.example/ok?o=A%7C1&n=Zo%C3%A9%20x"
        );
        assert_eq!(normalize("u", "https://s.example/a%20b%zz").unwrap(), "https://s.example/a%20b%25zz");
        for bad in ["/relative", "ftp://x/", "https://", "https:///x", "https://x/\r\n", "javascript:alert(1)"] {
            assert_eq!(normalize("cancelURL", bad).unwrap_err().field_name(), Some("cancelURL"), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn output_is_always_plain_ascii_and_stable(path in "[^\\x00-\\x1f\\x7f]{0,40}") {
            if let Ok(url) = normalize("u", &format!("https://shop.example/{path}")) {
                prop_assert!(url.bytes().all(|b| allowed(b) || b == b'%'));
                prop_assert_eq!(normalize("u", &url).unwrap(), url.clone());
            }
        }
    }
}
