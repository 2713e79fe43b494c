//! `application/x-www-form-urlencoded` parsing and encoding, strict and bounded.
//!
//! Every redirect gateway answers with url-encoded fields (Lyra IPN bodies, Computop `Len`/`Data`, Ogone and
//! Sips returns). Received bodies are untrusted: this parser bounds their size, refuses broken percent
//! escapes, refuses a field sent twice (which value would be signed?), and decodes text as UTF-8 or, where
//! a gateway documents it, ISO-8859-1 — never guessing.

use crate::error::{Error, ErrorCode, Result};

/// Largest body accepted (a Lyra IPN with every optional field is under 20 KiB).
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Most fields accepted in one body.
pub const MAX_FIELDS: usize = 2048;

/// How the bytes behind the percent escapes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8; invalid sequences are an error.
    Utf8,
    /// ISO-8859-1 (every byte is a character); Computop's notify and Ogone's non-UTF-8 pages.
    Latin1,
}

/// Parse a url-encoded body (a POST body or a GET query string, with or without a leading `?`).
///
/// `+` decodes to a space as the format says. Returns fields in the order received.
pub fn parse(body: &[u8], encoding: TextEncoding) -> Result<Vec<(String, String)>> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the body is {} bytes; at most {MAX_BODY_BYTES} are accepted", body.len()),
        ));
    }
    let body = body.strip_prefix(b"?").unwrap_or(body);
    let mut fields: Vec<(String, String)> = Vec::new();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        if fields.len() == MAX_FIELDS {
            return Err(Error::general(ErrorCode::TooLarge, format!("more than {MAX_FIELDS} fields")));
        }
        let (raw_name, raw_value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let name = decode_component(raw_name, encoding, None)?;
        if name.is_empty() {
            return Err(Error::general(ErrorCode::Malformed, "a field has an empty name"));
        }
        let value = decode_component(raw_value, encoding, Some(&name))?;
        if fields.iter().any(|(n, _)| *n == name) {
            return Err(Error::field(
                ErrorCode::Malformed,
                &name,
                format!("{name} is present more than once; a signed message cannot have two values"),
            ));
        }
        fields.push((name, value));
    }
    Ok(fields)
}

fn decode_component(raw: &[u8], encoding: TextEncoding, field: Option<&str>) -> Result<String> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3).and_then(|h| {
                    let h = std::str::from_utf8(h).ok()?;
                    u8::from_str_radix(h, 16).ok()
                });
                match hex {
                    Some(b) => bytes.push(b),
                    None => {
                        return Err(Error::new(
                            ErrorCode::Malformed,
                            field,
                            "a '%' is not followed by two hexadecimal digits",
                        ))
                    }
                }
                i += 2;
            }
            b => bytes.push(b),
        }
        i += 1;
    }
    match encoding {
        TextEncoding::Utf8 => String::from_utf8(bytes).map_err(|_| {
            Error::new(
                ErrorCode::Malformed,
                field,
                match field {
                    Some(f) => format!("{f} is not valid UTF-8"),
                    None => "a field name is not valid UTF-8".to_owned(),
                },
            )
        }),
        TextEncoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Percent-encode a component for a query string or form body (RFC 3986 unreserved characters kept).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Encode fields as a url-encoded body.
pub fn encode<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in fields {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(name));
        out.push('=');
        out.push_str(&encode_component(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_plus_percent_and_empty_values() {
        let f = parse(b"?a=1+2&b=%C3%A9t%C3%A9&c=&d", TextEncoding::Utf8).unwrap();
        assert_eq!(
            f,
            vec![
                ("a".into(), "1 2".into()),
                ("b".into(), "été".into()),
                ("c".into(), "".into()),
                ("d".into(), "".into())
            ]
        );
    }

    #[test]
    fn latin1_is_read_byte_for_character() {
        let f = parse(b"City=Cr%E9teil", TextEncoding::Latin1).unwrap();
        assert_eq!(f[0].1, "Créteil");
        let e = parse(b"City=Cr%E9teil", TextEncoding::Utf8).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed);
        assert_eq!(e.field_name(), Some("City"));
    }

    #[test]
    fn refuses_broken_input() {
        assert_eq!(parse(b"a=%zz", TextEncoding::Utf8).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(parse(b"a=%4", TextEncoding::Utf8).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(parse(b"a=1&a=2", TextEncoding::Utf8).unwrap_err().field_name(), Some("a"));
        assert_eq!(parse(b"=1", TextEncoding::Utf8).unwrap_err().code(), ErrorCode::Malformed);
        let big = vec![b'a'; MAX_BODY_BYTES + 1];
        assert_eq!(parse(&big, TextEncoding::Utf8).unwrap_err().code(), ErrorCode::TooLarge);
    }

    proptest! {
        #[test]
        fn encode_then_parse_round_trips(fields in prop::collection::btree_map("[a-z_]{1,12}", ".{0,20}", 0..8)) {
            let body = encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let parsed = parse(body.as_bytes(), TextEncoding::Utf8).unwrap();
            let expected: Vec<(String, String)> = fields.into_iter().collect();
            prop_assert_eq!(parsed, expected);
        }

        #[test]
        fn never_panics(body in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse(&body, TextEncoding::Utf8);
            let _ = parse(&body, TextEncoding::Latin1);
        }
    }
}
