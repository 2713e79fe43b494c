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
    // The common case, valid input, is read without tracking the path (serde_path_to_error copies every map
    // key it passes); only a refused input is read again, with the path, to name the field at fault.
    if let Ok(value) = serde_json::from_str(input) {
        return Ok(value);
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
///
/// An error without a field is reported on the path of the value being deserialized (`payment.amount`),
/// and its message is prefixed with that path.
pub fn de_error<E: serde::de::Error>(error: Error) -> E {
    E::custom(format_args!(
        "{CARRIED}{}{CARRIED}{}{CARRIED}{}",
        error.code().name(),
        error.field_name().unwrap_or_default(),
        error.message()
    ))
}

/// A serde "missing field `name`" error, turned into `error` on that field (its full path once
/// [`parse_input`] restores it; `{field}` in the message is replaced by that path). For types that read a
/// missing field as a specific error, such as a missing key being `invalid_key`.
pub fn missing_as<E: serde::de::Error>(serde_error: E, code: ErrorCode, message: &str) -> E {
    let text = serde_error.to_string();
    match text.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')) {
        Some((name, _)) => de_error(Error::field(code, &format!(".{name}"), message)),
        None => serde_error,
    }
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

/// The field a field-less carried error is about: the value's own path, or `input` at the root.
fn here(at: Option<&str>) -> &str {
    at.unwrap_or("input")
}

/// `parent.name`, or `name` at the root.
fn join(at: Option<&str>, name: &str) -> String {
    at.map_or_else(|| name.to_owned(), |at| format!("{at}.{name}"))
}

/// The cpay error inside a serde message written by [`de_error`], if it is one.
fn carried(text: &str, at: Option<&str>) -> Option<Error> {
    let mut parts = text.split(CARRIED).skip(1);
    let code = ErrorCode::from_name(parts.next()?)?;
    let field = parts.next()?;
    let message = parts.next()?;
    // serde appends " at line L column C" to a custom message.
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    if field.is_empty() {
        let at = here(at);
        return Some(Error::field(code, at, format!("{at}: {message}")));
    }
    if let Some(name) = field.strip_prefix('.') {
        // A field of the object being read (a missing key): named by its full path.
        let field = join(at, name);
        return Some(Error::field(code, &field, message.replace("{field}", &field)));
    }
    Some(Error::new(code, Some(field), message))
}

/// The names serde lists after "expected" (`expected `TEST` or `PRODUCTION``, `expected one of `a`, `b``),
/// which it takes from the type's own variant or field list.
fn listed(text: &str) -> Vec<&str> {
    let Some((_, expected)) = text.split_once("expected ") else { return Vec::new() };
    expected.split('`').skip(1).step_by(2).collect()
}

/// `a`, `a or b`, `a, b or c`.
fn in_words(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            format!("{} or `{last}`", init.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        }
    }
}

/// What a serde "expected …" names, said in JSON's words: `u32` is a whole number, a struct an object.
fn kind(expected: &str) -> String {
    let expected = expected.trim();
    let integer = ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"];
    if integer.contains(&expected) {
        let unsigned = expected.starts_with('u');
        return if unsigned { "a whole number (0 or more)" } else { "a whole number" }.to_owned();
    }
    match expected {
        "f32" | "f64" => "a number".to_owned(),
        "a string" | "a borrowed string" | "a character" | "string or map" => "a string".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a sequence" | "a tuple" => "a list ([…])".to_owned(),
        e if e.starts_with("struct ") || e.starts_with("a map") || e.starts_with("map") => "an object ({…})".to_owned(),
        e if e.starts_with("a sequence") || e.starts_with("tuple") => "a list ([…])".to_owned(),
        e if e.starts_with("a formatted date") || e.contains("date") => "a date (RFC 3339 text)".to_owned(),
        _ => "a value of another type".to_owned(),
    }
}

/// What serde says the input was (`invalid type: floating point `29.9``), in JSON's words, without its value
/// (a value is not repeated: it might be a key written in the wrong place).
fn found(unexpected: &str) -> &'static str {
    let u = unexpected.trim();
    if u.starts_with("floating point") {
        "a number with a fraction"
    } else if u.starts_with("integer") {
        "a number"
    } else if u.starts_with("string") {
        "a string"
    } else if u.starts_with("boolean") {
        "a boolean"
    } else if u.starts_with("null") || u.starts_with("unit") {
        "null"
    } else if u.starts_with("map") {
        "an object"
    } else if u.starts_with("sequence") {
        "a list"
    } else {
        "something else"
    }
}

/// Map a serde_json error to a cpay error whose field is the path the user wrote (`payment.amount`,
/// `config.mode`) and whose message says what the field accepts in words — no serde type names, no position
/// in JSON the caller may never have seen, no echo of the value (it might be a misplaced key).
fn json_error(e: &serde_json::Error, path: Option<String>, well_formed: bool) -> Error {
    let full = e.to_string();
    // serde_path_to_error writes the document root as ".".
    let at = path.filter(|p| !p.is_empty() && p != ".");
    if let Some(error) = carried(&full, at.as_deref()) {
        return error;
    }
    if matches!(e.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof) && !well_formed {
        // Only JSON the caller wrote by hand can be malformed (bindings write it themselves), so the position
        // points into text the caller has.
        return Error::general(
            ErrorCode::Malformed,
            format!("the input is not valid JSON (line {}, column {})", e.line(), e.column()),
        );
    }
    let text = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
    let quoted = text.split('`').nth(1).unwrap_or_default();
    if text.starts_with("missing field") {
        let field = join(at.as_deref(), quoted);
        return Error::field(ErrorCode::MissingField, &field, format!("{field} is missing"));
    }
    if text.starts_with("unknown field") {
        // serde_path_to_error's path already ends with the unknown name.
        let field = at.clone().unwrap_or_else(|| quoted.to_owned());
        let parent = field.rsplit_once('.').map_or("the input", |(parent, _)| parent);
        let names = listed(text);
        let accepted = if names.is_empty() {
            format!("{parent} takes no fields")
        } else {
            format!("the fields of {parent} are {}", in_words(&names))
        };
        return Error::field(ErrorCode::InvalidValue, &field, format!("{field} is not a known field: {accepted}"));
    }
    let at = here(at.as_deref()).to_owned();
    let message = if text.starts_with("unknown variant") || text.starts_with("unknown tag") {
        match listed(text).as_slice() {
            [] => format!("{at} is not a value it accepts"),
            names => format!("{at} must be {}", in_words(names)),
        }
    } else if let Some(rest) = text.strip_prefix("invalid type: ").or_else(|| text.strip_prefix("invalid value: ")) {
        let (unexpected, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        if expected.is_empty() {
            format!("{at} is not a value it accepts")
        } else {
            format!("{at} must be {}; it is {}", kind(expected), found(unexpected))
        }
    } else if text.starts_with("invalid length") {
        format!("{at} has the wrong number of items")
    } else if ["component", "character literal", "trailing characters", "RFC3339", "ended unexpectedly"]
        .iter()
        .any(|word| text.contains(word))
    {
        // The `time` crate's parse errors (dates `YYYY-MM-DD`, date-times RFC 3339).
        format!("{at} is not a valid date or time: a date is written 2026-03-10, a date-time 2026-03-10T14:05:00Z")
    } else if text.starts_with("data did not match any variant") {
        format!("{at} is none of the forms it accepts (see the operation's schema: `cpay ops --json`)")
    } else {
        format!("{at} is not a value it accepts")
    };
    Error::field(ErrorCode::InvalidValue, &at, message)
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

    /// The map of `pairs` (name, value) in the order read: sorted by name, a name given twice keeping its
    /// last value.
    fn from_pairs(pairs: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> Self {
        StringMap(crate::fields::sorted_last_wins(pairs))
    }
}

/// Read `text`, a JSON object of strings, in one pass: for the typed primitives that take `fields` as JSON
/// text (libcpay's `fields_json`) and must answer as the operation would.
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
            // The operation's own sentence for the same value, so both paths say the same thing.
            let message = json_error(&e, Some(at.clone()), true).message().to_owned();
            return Error::field(ErrorCode::InvalidValue, &at, message);
        }
        Error::field(
            ErrorCode::Malformed,
            field,
            format!("{field} is not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    })
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
        Ok(StringMap::from_pairs(fields))
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
        assert_eq!(e.message(), "amount must be a whole number (0 or more); it is a string");
        // An exact integer written as a float is that integer only for Amount (u64 stays strict).
        let e = parse_input::<T>(r#"{"amount":2990.0}"#).unwrap_err();
        assert_eq!(e.message(), "amount must be a whole number (0 or more); it is a number with a fraction");
        let e = parse_input::<T>("[1]").unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidValue, Some("input")));
        let e = parse_input::<T>(r#"{"amount":1} x"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed);
    }

    #[test]
    fn errors_say_paths_and_accepted_values_in_words() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        enum Mode {
            #[serde(rename = "TEST")]
            Test,
            #[serde(rename = "PRODUCTION")]
            Production,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Config {
            mode: Mode,
            key_version: u32,
            key: crate::secret::Secret,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Payment {
            amount: crate::money::Amount,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Input {
            config: Config,
            payment: Payment,
        }
        let ok = r#"{"config":{"mode":"TEST","key_version":1,"key":"k"},"payment":{"amount":2990}}"#;
        let input: Input = parse_input(ok).unwrap();
        assert_eq!(input.payment.amount.minor(), 2990);
        let input: Input = parse_input(&ok.replace("2990", "2990.0")).unwrap();
        assert_eq!(input.payment.amount.minor(), 2990);
        let cases = [
            ("\"TEST\"", "\"test\"", "config.mode", ErrorCode::InvalidValue, "config.mode must be `TEST` or `PRODUCTION`"),
            ("\"key_version\":1", "\"key_version\":\"x\"", "config.key_version", ErrorCode::InvalidValue,
             "config.key_version must be a whole number (0 or more); it is a string"),
            ("2990", "29.9", "payment.amount", ErrorCode::InvalidValue,
             "payment.amount: amounts are integer minor units: 29.90 € is 2990, not 29.9: multiply by 100 and round before passing it"),
            ("2990", "-5", "payment.amount", ErrorCode::InvalidValue,
             "payment.amount: an amount cannot be negative (amounts are integer minor units: 29.90 € is 2990)"),
            (",\"key\":\"k\"", "", "config.key", ErrorCode::InvalidKey, "no key is configured: set config.key"),
            ("\"amount\"", "\"amout\"", "payment.amout", ErrorCode::InvalidValue,
             "payment.amout is not a known field: the fields of payment are `amount`"),
            ("\"payment\"", "\"paiement\"", "paiement", ErrorCode::InvalidValue,
             "paiement is not a known field: the fields of the input are `config` or `payment`"),
        ];
        for (from, to, field, code, message) in cases {
            let e = parse_input::<Input>(&ok.replace(from, to)).unwrap_err();
            assert_eq!((e.code(), e.field_name(), e.message()), (code, Some(field), message), "{to}");
        }
        // A missing (non-key) field is named by its path.
        let e = parse_input::<Input>(r#"{"config":{"mode":"TEST","key":"k"},"payment":{"amount":1}}"#).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::MissingField, Some("config.key_version")));
    }
}
