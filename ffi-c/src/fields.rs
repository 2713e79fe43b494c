//! A JSON object of name → string value (`fields_json`, `params_json`), read in one pass.
//!
//! Strings without escapes are borrowed from the caller's text; a string with an escape (`\"`, `\\`,
//! `\u00e9`) is unescaped into its own allocation. Plain UTF-8 — accented names and values included — is
//! never copied, so every valid input takes the same path at the same speed.

use crate::last_error::Failure;
use crate::status::cpay_status;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The fields, sorted by name; a name given twice keeps its last value.
pub type Fields<'a> = BTreeMap<Cow<'a, str>, Cow<'a, str>>;

/// Read `text`, a JSON object of strings. `parameter` names the C parameter in errors: `CPAY_MALFORMED`
/// when it is not JSON, `CPAY_INVALID_VALUE` when it is JSON but not an object of strings.
pub fn parse<'a>(text: &'a str, parameter: &str) -> Result<Fields<'a>, Failure> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = Object::deserialize(&mut deserializer).and_then(|object| deserializer.end().map(|()| object));
    read.map(|object| object.0).map_err(|e| {
        let (status, message) = match e.classify() {
            serde_json::error::Category::Data => {
                (cpay_status::CPAY_INVALID_VALUE, format!("{parameter} must be a JSON object of name to string value"))
            }
            _ => (
                cpay_status::CPAY_MALFORMED,
                format!("{parameter} is not valid JSON (line {}, column {})", e.line(), e.column()),
            ),
        };
        Failure::parameter(status, parameter, message)
    })
}

struct Object<'a>(Fields<'a>);
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Object<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Object<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Object<'de>, M::Error> {
                let mut fields = Fields::new();
                while let Some((Text(name), Text(value))) = map.next_entry::<Text<'de>, Text<'de>>()? {
                    fields.insert(name, value);
                }
                Ok(Object(fields))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_and_escapes_are_read() {
        let fields = parse(r#"{"vads_cust_name":"Renée Lefèvre","b":"a\"b\\c","c":"\u00e9","c":"x"}"#, "f").unwrap();
        assert!(matches!(fields["vads_cust_name"], Cow::Borrowed("Renée Lefèvre")));
        assert_eq!(fields["b"], "a\"b\\c");
        assert_eq!(fields["c"], "x");
        assert_eq!(parse("{", "f").unwrap_err().status(), cpay_status::CPAY_MALFORMED);
        assert_eq!(parse("{} x", "f").unwrap_err().status(), cpay_status::CPAY_MALFORMED);
        assert_eq!(parse(r#"{"a":1}"#, "f").unwrap_err().status(), cpay_status::CPAY_INVALID_VALUE);
        assert_eq!(parse("[]", "f").unwrap_err().status(), cpay_status::CPAY_INVALID_VALUE);
    }
}
