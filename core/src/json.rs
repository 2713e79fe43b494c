//! JSON in and out of an operation: strict parsing that names the field at fault, and writing results.
//!
//! This is the low layer every gateway's operations use; the registry ([`crate::api`]) sits above them.

use crate::error::{Error, ErrorCode, Result};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// The largest JSON input accepted.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Parse an operation's input, turning serde's complaint into an error that names the field.
pub fn parse_input<T: DeserializeOwned>(input: &str) -> Result<T> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the JSON input is larger than {MAX_INPUT_BYTES} bytes"),
        ));
    }
    if !input.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(input).is_ok() {
        return Err(Error::field(ErrorCode::InvalidValue, "input", "the input must be a JSON object ({…})"));
    }
    let mut deserializer = serde_json::Deserializer::from_str(input);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        // Some type errors (inside internally tagged enums) come back classified as syntax errors; JSON
        // that parses on its own is well-formed, so its problem is a value, reported with its path.
        let well_formed = serde_json::from_str::<serde::de::IgnoredAny>(input).is_ok();
        json_error(e.inner(), Some(e.path().to_string()), well_formed)
    })?;
    deserializer.end().map_err(|e| json_error(&e, None, false))?;
    Ok(value)
}

/// Serialize an operation's output.
pub fn to_output<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|_| Error::general(ErrorCode::Malformed, "the result could not be written as JSON"))
}

/// Marks a cpay [`Error`] carried through serde's error type, so [`parse_input`] restores its code and field.
const CARRIED: char = '\u{1}';

/// A cpay error raised while deserializing (a value the core's own parser refused), for a `Deserialize`
/// impl to return: [`parse_input`] gives it back with its code, field and message intact.
pub fn de_error<E: serde::de::Error>(error: Error) -> E {
    E::custom(format_args!(
        "{CARRIED}{}{CARRIED}{}{CARRIED}{}",
        error.code().name(),
        error.field_name().unwrap_or_default(),
        error.message()
    ))
}

/// Implement `Deserialize` for a type from a string through its `parse(&str) -> Result<Self>`, so the
/// core's own error (code, field, sentence) comes back from [`parse_input`], not serde's.
#[macro_export]
#[doc(hidden)]
macro_rules! deserialize_by_parse {
    ($ty:ty) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                <$ty>::parse(&text).map_err($crate::json::de_error)
            }
        }
    };
}

/// The cpay error inside a serde message written by [`de_error`], if it is one.
fn carried(text: &str) -> Option<Error> {
    let mut parts = text.split(CARRIED).skip(1);
    let code = ErrorCode::from_name(parts.next()?)?;
    let field = parts.next()?;
    let message = parts.next()?;
    // serde appends " at line L column C" to a custom message.
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    Some(Error::new(code, (!field.is_empty()).then_some(field), message))
}

/// Map a serde_json error to a cpay error: `missing field `x`` → MissingField on x, and so on. Any other
/// value that does not fit its type names the field by its path in the input (`payment.trans_date`).
fn json_error(e: &serde_json::Error, path: Option<String>, well_formed: bool) -> Error {
    let text = e.to_string();
    if let Some(error) = carried(&text) {
        return error;
    }
    let quoted = text.split('`').nth(1).map(str::to_owned);
    // serde_path_to_error writes the document root as ".".
    let at = path.filter(|p| !p.is_empty() && p != ".");
    let (code, field) = if text.starts_with("missing field") {
        (ErrorCode::MissingField, quoted)
    } else if text.starts_with("unknown field") {
        (ErrorCode::InvalidValue, quoted)
    } else if e.is_data() || well_formed {
        (ErrorCode::InvalidValue, at.clone())
    } else {
        (ErrorCode::Malformed, None)
    };
    // serde's messages quote the offending *input* only for unknown names and variants, never values of
    // secret fields (those are plain strings and cannot fail to parse).
    let message = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof if !well_formed => {
            format!("the input is not valid JSON (line {}, column {})", e.line(), e.column())
        }
        _ => match &at {
            Some(at) if !text.starts_with("missing field") && !text.starts_with("unknown field") => {
                format!("invalid input at {at}: {text}")
            }
            _ => format!("invalid input: {text}"),
        },
    };
    Error::new(code, field.as_deref(), message)
}

/// A JSON object of name → string value, sorted by name (bytewise); a name given twice keeps its last
/// value (as an operation's `fields` does). Strings without escapes are borrowed from the text they were
/// read from. A sorted vector, not a tree: it is built once, sorted once, and then read in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringMap<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> StringMap<'a> {
    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.0.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())).ok()?;
        Some(&self.0[i].1)
    }

    /// The (name, value) pairs, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.0.iter().map(|(name, value)| (name.as_ref(), value.as_ref()))
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no name.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `name`'s value was borrowed from the text (it held no escape).
    pub fn is_borrowed(&self, name: &str) -> bool {
        self.0.iter().any(|(n, v)| n == name && matches!(v, Cow::Borrowed(_)))
    }

    /// Sort by name, keeping the last value of a name given twice.
    fn from_read(mut pairs: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Self {
        // A stable sort keeps a repeated name's values in input order; the last one is kept.
        pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut unique: Vec<(Cow<'a, str>, Cow<'a, str>)> = Vec::with_capacity(pairs.len());
        for pair in pairs {
            match unique.last_mut() {
                Some(last) if last.0 == pair.0 => *last = pair,
                _ => unique.push(pair),
            }
        }
        StringMap(unique)
    }
}

/// Read `text`, a JSON object of strings, in one pass: for the typed primitives that take `fields` as JSON
/// text (libcpay's `fields_json`, the Node addon's `fieldsJson`) and must answer as the operation would.
///
/// A string without escapes — plain UTF-8, accented text included — is borrowed, never copied; one with
/// an escape (`\"`, `\\`, `\u00e9`) is unescaped into its own allocation. `field` names the input in
/// errors, which are the operation's for the same value: `invalid_value` on `<field>.<name>` for a
/// value that is not a string, `invalid_value` on `<field>` for JSON that is not an object, `malformed`
/// for text that is not JSON, `too_large` beyond [`MAX_INPUT_BYTES`].
pub fn parse_string_map<'a>(text: &'a str, field: &str) -> Result<StringMap<'a>> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the JSON input is larger than {MAX_INPUT_BYTES} bytes"),
        ));
    }
    let failed_at = std::cell::RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = StringMapSeed { failed_at: &failed_at };
    let read = serde::de::DeserializeSeed::deserialize(seed, &mut deserializer)
        .and_then(|map| deserializer.end().map(|()| map));
    read.map_err(|e| {
        // As in `parse_input`: a string that serde refuses inside JSON that parses on its own (a lone
        // surrogate escape) is a value problem, not malformed JSON.
        let value_problem = matches!(e.classify(), serde_json::error::Category::Data)
            || serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        if value_problem {
            let at = match failed_at.into_inner() {
                Some(name) => format!("{field}.{name}"),
                None => field.to_owned(),
            };
            let message = format!("invalid input at {at}: {}", serde_text(&e));
            return Error::field(ErrorCode::InvalidValue, &at, message);
        }
        Error::field(
            ErrorCode::Malformed,
            field,
            format!("{field} is not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    })
}

/// serde's sentence without the " at line L column C" it appends.
fn serde_text(e: &impl fmt::Display) -> String {
    let text = e.to_string();
    text.rsplit_once(" at line ").map_or(text.clone(), |(m, _)| m.to_owned())
}

/// Reads the map; on a name or value it cannot read, leaves the name (`?` for a name) in `failed_at`.
struct StringMapSeed<'f> {
    failed_at: &'f std::cell::RefCell<Option<String>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for StringMapSeed<'_> {
    type Value = StringMap<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for StringMapSeed<'_> {
    type Value = StringMap<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde's own word for a map, so the sentence is the operation's.
        f.write_str("a map")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> std::result::Result<StringMap<'de>, M::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(32));
        loop {
            let name = match map.next_key::<Text<'de>>() {
                Ok(Some(Text(name))) => name,
                Ok(None) => break,
                Err(e) => {
                    // serde_path_to_error's name for a key it could not read, as in the operation's error.
                    *self.failed_at.borrow_mut() = Some("?".to_owned());
                    return Err(e);
                }
            };
            match map.next_value::<Text<'de>>() {
                Ok(Text(value)) => {
                    fields.push((name, value));
                }
                Err(e) => {
                    *self.failed_at.borrow_mut() = Some(name.into_owned());
                    return Err(e);
                }
            }
        }
        Ok(StringMap::from_read(fields))
    }
}

/// A string, borrowed when it holds no escape.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> std::result::Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The operation's error for `fields` set to `value`, beside `parse_string_map`'s for its text.
    fn both(value: &str) -> (Error, Error) {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Op {
            fields: BTreeMap<String, String>,
        }
        let op = parse_input::<Op>(&format!(r#"{{"fields":{value}}}"#)).unwrap_err();
        (op, parse_string_map(value, "fields").unwrap_err())
    }

    #[test]
    fn string_map_borrows_plain_text_and_reads_escapes() {
        let text = r#"{"vads_cust_name":"Renée Lefèvre","b":"a\"b\\c\/","c":"\u00e9","":"","c":"x"}"#;
        let map = parse_string_map(text, "fields").unwrap();
        assert_eq!(map.get("vads_cust_name"), Some("Renée Lefèvre"));
        assert!(map.is_borrowed("vads_cust_name"));
        assert_eq!(map.get("b"), Some("a\"b\\c/"));
        assert!(!map.is_borrowed("b"));
        assert_eq!(map.get("c"), Some("x"), "a name given twice keeps its last value");
        assert_eq!(map.get(""), Some(""));
        assert_eq!(map.get("d"), None);
        assert_eq!(map.iter().map(|(n, _)| n).collect::<Vec<_>>(), ["", "b", "c", "vads_cust_name"]);
        let escaped = parse_string_map(r#"{"Ren\u00e9e":"\u00e9t\u00e9"}"#, "fields").unwrap();
        assert_eq!(escaped.get("Renée"), Some("été"));
        let repeated = parse_string_map(r#"{"b":"1","a":"2","b":"3","a":"4","b":"5"}"#, "fields").unwrap();
        assert_eq!(repeated.iter().collect::<Vec<_>>(), [("a", "4"), ("b", "5")]);
        assert!(parse_string_map("{}", "fields").unwrap().is_empty());
    }

    #[test]
    fn string_map_errors_are_the_operations() {
        for value in [
            r#"{"vads_a":1}"#,
            r#"{"vads_a":"x","vads_b":null}"#,
            r#"{"a":"x\udc00"}"#,
            r#"{"\ud800":"x"}"#,
            r#"{"a":{"b":"c"}}"#,
            "[]",
            r#""x""#,
            "1",
        ] {
            let (op, typed) = both(value);
            assert_eq!((op.code(), op.field_name()), (typed.code(), typed.field_name()), "{value}");
            assert_eq!(typed.code(), ErrorCode::InvalidValue, "{value}");
            let sentence = |e: &Error| e.message().rsplit_once(" at line ").map(|(m, _)| m.to_owned());
            assert_eq!(sentence(&op).unwrap_or_else(|| op.message().to_owned()), typed.message(), "{value}");
        }
        assert_eq!(both(r#"{"vads_a":1}"#).1.field_name(), Some("fields.vads_a"));
        for text in ["{", r#"{"a":"b"} x"#, r#"{"a":"b",}"#, "", r#"{"a":"\x"}"#] {
            let e = parse_string_map(text, "fields").unwrap_err();
            assert_eq!((e.code(), e.field_name()), (ErrorCode::Malformed, Some("fields")), "{text}");
        }
        let big = format!(r#"{{"a":"{}"}}"#, "x".repeat(MAX_INPUT_BYTES));
        assert_eq!(parse_string_map(&big, "fields").unwrap_err().code(), ErrorCode::TooLarge);
    }

    #[test]
    fn json_errors_name_fields() {
        #[derive(serde::Deserialize, Debug, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            amount: u64,
        }
        let e = parse_input::<T>("{}").unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::MissingField, Some("amount")));
        let e = parse_input::<T>(r#"{"amount":1,"ammount":2}"#).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidValue, Some("ammount")));
        let e = parse_input::<T>("{").unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed);
        let e = parse_input::<T>(r#"{"amount":"x"}"#).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidValue, Some("amount")));
        assert!(e.message().starts_with("invalid input at amount:"), "{}", e.message());
        let e = parse_input::<T>("[1]").unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidValue, Some("input")));
        let e = parse_input::<T>(r#"{"amount":1} x"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed);
    }
}
