//! `application/x-www-form-urlencoded` parsing and encoding, strict and bounded.
//!
//! Every redirect gateway answers with url-encoded fields (Lyra IPN bodies, Computop `Len`/`Data`, Ogone and
//! Sips returns). Received bodies are untrusted: this parser bounds their size, refuses broken percent
//! escapes, refuses a field sent twice (which value would be signed?), and decodes text as UTF-8 or, where
//! a gateway documents it, ISO-8859-1 — never guessing.

use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;

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

/// One decoded field, borrowed from the body when it held no escape to decode.
pub type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Parse a url-encoded body (a POST body or a GET query string, with or without a leading `?`).
///
/// `+` decodes to a space as the format says. Returns fields in the order received.
pub fn parse(body: &[u8], encoding: TextEncoding) -> Result<Vec<(String, String)>> {
    Ok(parse_borrowed(body, encoding)?.into_iter().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// [`parse`] without copying: a name or value with no `%` or `+` (most of them) borrows from `body`.
pub fn parse_borrowed(body: &[u8], encoding: TextEncoding) -> Result<Vec<Pair<'_>>> {
    let mut fields = Vec::new();
    let stopped = decode_pairs(body, encoding, &mut fields).err();
    let mut names: Vec<&str> = fields.iter().map(|(n, _)| n.as_ref()).collect();
    names.sort_unstable();
    if stopped.is_some() || has_adjacent_equal(&names) {
        return Err(first_error(&fields, stopped));
    }
    Ok(fields)
}

/// Received fields sorted by name in byte order, each name present once.
///
/// The order Lyra signs in and the order [`crate::Outcome::fields`] keeps: sorting once here serves the
/// duplicate check (neighbours), every lookup (binary search) and the signature (already in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedFields<'a>(Vec<Pair<'a>>);

impl<'a> SortedFields<'a> {
    /// Parse `body` as [`parse`] does, with the same errors for the same input, then sort it.
    pub fn parse(body: &'a [u8], encoding: TextEncoding) -> Result<Self> {
        let mut fields = Vec::new();
        if let Err(stopped) = decode_pairs(body, encoding, &mut fields) {
            return Err(first_error(&fields, Some(stopped)));
        }
        // Stable, not unstable: gateways send their fields nearly in order, and a stable sort merges the
        // runs it finds, comparing names a fraction as often.
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        if fields.windows(2).any(|w| w[0].0 == w[1].0) {
            // Rare (an error): decode again in received order to name the copy a reader meets first.
            let mut in_order = Vec::new();
            let _ = decode_pairs(body, encoding, &mut in_order);
            return Err(first_error(&in_order, None));
        }
        Ok(SortedFields(fields))
    }

    /// The value of `name`, if received.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.0.binary_search_by(|(n, _)| n.as_ref().cmp(name)).ok()?;
        Some(self.0[i].1.as_ref())
    }

    /// Every field, by name in byte order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.0.iter().map(|(k, v)| (k.as_ref(), v.as_ref()))
    }
}

/// Decode `body`'s pairs into `fields` in received order, stopping at the first malformed one (its
/// error is returned; the pairs before it stay in `fields`). Repeated names are not looked for here.
fn decode_pairs<'a>(body: &'a [u8], encoding: TextEncoding, fields: &mut Vec<Pair<'a>>) -> Result<()> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the body is {} bytes; at most {MAX_BODY_BYTES} are accepted", body.len()),
        ));
    }
    let body = body.strip_prefix(b"?").unwrap_or(body);
    // Sized once: growing a vector of 60 pairs step by step reallocates it five times.
    fields.reserve(body.iter().filter(|&&b| b == b'&').count().min(MAX_FIELDS) + 1);
    // Nearly every body is text as a whole: validated once, its pieces between the ASCII separators are
    // text too, and a piece with nothing to decode is borrowed without looking at it again.
    match std::str::from_utf8(body) {
        Ok(text) if encoding == TextEncoding::Utf8 || text.is_ascii() => {
            let pairs =
                text.split('&').filter(|p| !p.is_empty()).map(|pair| pair.split_once('=').unwrap_or((pair, "")));
            let decode = |raw: &'a str, field: Option<&str>| match has_escape(raw.as_bytes()) {
                false => Ok(Cow::Borrowed(raw)),
                true => decode_escaped(raw.as_bytes(), encoding, field).map(Cow::Owned),
            };
            push_pairs(pairs, decode, fields)
        }
        _ => {
            let pairs = body.split(|&b| b == b'&').filter(|p| !p.is_empty()).map(|pair| {
                match pair.iter().position(|&b| b == b'=') {
                    Some(i) => (&pair[..i], &pair[i + 1..]),
                    None => (pair, &pair[..0]),
                }
            });
            let decode = |raw: &'a [u8], field: Option<&str>| decode_escaped(raw, encoding, field).map(Cow::Owned);
            push_pairs(pairs, decode, fields)
        }
    }
}

/// Decode each raw `(name, value)` with `decode` (given the field name for its errors, `None` for a name)
/// and push it, refusing empty names and more than [`MAX_FIELDS`] fields.
fn push_pairs<'a, R>(
    pairs: impl Iterator<Item = (R, R)>,
    decode: impl Fn(R, Option<&str>) -> Result<Cow<'a, str>>,
    fields: &mut Vec<Pair<'a>>,
) -> Result<()> {
    for (raw_name, raw_value) in pairs {
        if fields.len() == MAX_FIELDS {
            return Err(Error::general(ErrorCode::TooLarge, format!("more than {MAX_FIELDS} fields")));
        }
        let name = decode(raw_name, None)?;
        if name.is_empty() {
            return Err(Error::general(ErrorCode::Malformed, "a field has an empty name"));
        }
        let value = decode(raw_value, Some(&name))?;
        fields.push((name, value));
    }
    Ok(())
}

/// Whether a raw piece holds an escape (`%XX`) or a `+` (a space) to decode.
fn has_escape(raw: &[u8]) -> bool {
    raw.contains(&b'%') || raw.contains(&b'+')
}

fn has_adjacent_equal(sorted: &[&str]) -> bool {
    sorted.windows(2).any(|w| w[0] == w[1])
}

/// The error a strict reader meets first, reading the pairs in order: a name repeated among `fields`
/// (decoded before the malformed pair, if any) comes before `stopped`, the malformed pair's error.
/// Only called once something is wrong, so the quadratic scan costs nothing on genuine bodies.
fn first_error(fields: &[Pair<'_>], stopped: Option<Error>) -> Error {
    let repeated = fields.iter().enumerate().find(|(i, (name, _))| fields[..*i].iter().any(|(n, _)| n == name));
    match (repeated, stopped) {
        (Some((_, (name, _))), _) => Error::field(
            ErrorCode::Malformed,
            name,
            format!("{name} is present more than once; a signed message cannot have two values"),
        ),
        (None, Some(stopped)) => stopped,
        (None, None) => Error::general(ErrorCode::Malformed, "the body could not be read"),
    }
}

/// Decode one name or value's escapes (`%XX`, `+`) and read the bytes as `encoding` says.
fn decode_escaped(raw: &[u8], encoding: TextEncoding, field: Option<&str>) -> Result<String> {
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
        assert_eq!(parse(b"a=1&=", TextEncoding::Latin1).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(parse(b"a=1&&b=2&", TextEncoding::Utf8).unwrap().len(), 2);
        assert_eq!(parse(b"a=\xff", TextEncoding::Utf8).unwrap_err().field_name(), Some("a"));
        let big = vec![b'a'; MAX_BODY_BYTES + 1];
        assert_eq!(parse(&big, TextEncoding::Utf8).unwrap_err().code(), ErrorCode::TooLarge);
    }

    #[test]
    fn sorted_fields_are_sorted_and_borrow_what_needs_no_decoding() {
        let f = SortedFields::parse(b"b=2&a=%C3%A9&c=x+y", TextEncoding::Utf8).unwrap();
        assert_eq!(f.iter().collect::<Vec<_>>(), vec![("a", "é"), ("b", "2"), ("c", "x y")]);
        assert_eq!((f.get("b"), f.get("a"), f.get("d")), (Some("2"), Some("é"), None));
        assert!(matches!(f.0[1], (Cow::Borrowed("b"), Cow::Borrowed("2"))));
        let e = SortedFields::parse(b"b=1&a=1&b=2&a=2", TextEncoding::Utf8).unwrap_err();
        assert_eq!(e.field_name(), Some("b"), "the first copy met in received order is named");
    }

    #[test]
    fn a_repeat_before_a_broken_pair_is_reported_first() {
        for body in [&b"a=1&a=2&b=%zz"[..], b"b=%zz&a=1&a=2"] {
            let e = parse(body, TextEncoding::Utf8).unwrap_err();
            assert_eq!(SortedFields::parse(body, TextEncoding::Utf8).unwrap_err(), e);
            assert_eq!(e.field_name(), Some(if body[0] == b'a' { "a" } else { "b" }));
        }
    }

    proptest! {
        #[test]
        fn sorted_fields_agree_with_parse(body in "[ab=&%+2Fz]{0,24}") {
            let sorted = SortedFields::parse(body.as_bytes(), TextEncoding::Latin1);
            match parse(body.as_bytes(), TextEncoding::Latin1) {
                Ok(mut fields) => {
                    fields.sort();
                    let sorted: Vec<(String, String)> =
                        sorted.unwrap().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
                    prop_assert_eq!(sorted, fields);
                }
                Err(e) => prop_assert_eq!(sorted.unwrap_err(), e),
            }
        }

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
