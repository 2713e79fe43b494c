//! The Sips `Data` field: `key=value` pairs joined by `|`, nested objects flattened with `.`
//! (`instalmentData.number=3`), lists joined by `,` (`paymentMeanBrandList=VISA,MASTERCARD`).
//!
//! The separators cannot be escaped, so a value holding `|` (or `,` inside a list) is refused when
//! building, never silently rewritten. Parsing a received Data is strict and bounded: every segment must
//! be `key=value` (the value may itself contain `=`, e.g. a JSON `returnContext`), and a key sent twice is
//! an error.

use crate::error::{Error, ErrorCode, Result};
use serde_json::Value;

/// Largest Data accepted when parsing (a full Paypage response is a few KiB).
pub const MAX_DATA_BYTES: usize = crate::urlencoded::MAX_BODY_BYTES;

/// Flatten a JSON object into Data pairs, sorted by key at each level (nested keys joined by `.`).
///
/// The order is fixed here rather than left to the JSON map, so the same input always gives the same Data.
pub fn flatten(object: &serde_json::Map<String, Value>) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (key, value) in sorted(object) {
        flatten_into(key, value, &mut out)?;
    }
    Ok(out)
}

fn sorted(object: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = object.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

fn flatten_into(key: &str, value: &Value, out: &mut Vec<(String, String)>) -> Result<()> {
    check_key(key)?;
    match value {
        Value::Null => Ok(()),
        Value::Object(map) => {
            for (k, v) in sorted(map) {
                flatten_into(&format!("{key}.{k}"), v, out)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            let mut parts = Vec::with_capacity(items.len());
            for item in items {
                let text = scalar(key, item)?;
                if text.contains(',') {
                    return Err(Error::field(
                        ErrorCode::InvalidFormat,
                        key,
                        format!("an item of the list {key} contains ',', the list separator"),
                    ));
                }
                parts.push(text);
            }
            push(out, key, parts.join(","))
        }
        scalar_value => {
            let text = scalar(key, scalar_value)?;
            push(out, key, text)
        }
    }
}

fn scalar(key: &str, value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        _ => Err(Error::field(
            ErrorCode::InvalidValue,
            key,
            format!("{key} must be text, an integer, true/false, a list of those or an object"),
        )),
    }
}

/// Append `key=value` after checking both.
pub fn push(out: &mut Vec<(String, String)>, key: &str, value: String) -> Result<()> {
    check_key(key)?;
    if let Some(c) = value.chars().find(|&c| c == '|' || c.is_control()) {
        let what = if c == '|' {
            "'|', the Data separator".to_owned()
        } else {
            format!("the control character U+{:04X}", c as u32)
        };
        return Err(Error::field(ErrorCode::InvalidFormat, key, format!("{key} contains {what}")));
    }
    if out.iter().any(|(k, _)| k == key) {
        return Err(Error::field(ErrorCode::Inconsistent, key, format!("{key} is given twice")));
    }
    out.push((key.to_owned(), value));
    Ok(())
}

fn check_key(key: &str) -> Result<()> {
    let ok = !key.is_empty()
        && key.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            ErrorCode::InvalidFormat,
            "Data",
            format!("the Data key {:?} is not letters and digits joined by '.'", truncate(key)),
        ))
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Join pairs into the Data text.
pub fn join(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('|');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Split a received Data text into its pairs, in order.
pub fn parse(data: &str) -> Result<Vec<(String, String)>> {
    if data.len() > MAX_DATA_BYTES {
        return Err(Error::field(
            ErrorCode::TooLarge,
            "Data",
            format!("Data is {} bytes; at most {MAX_DATA_BYTES} are accepted", data.len()),
        ));
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for segment in data.split('|').filter(|s| !s.is_empty()) {
        let (key, value) = segment
            .split_once('=')
            .ok_or_else(|| Error::field(ErrorCode::Malformed, "Data", "a Data segment is not key=value"))?;
        if key.is_empty() {
            return Err(Error::field(ErrorCode::Malformed, "Data", "a Data segment has an empty key"));
        }
        if pairs.iter().any(|(k, _)| k == key) {
            return Err(Error::field(
                ErrorCode::Malformed,
                key,
                format!("{} is present more than once in Data", truncate(key)),
            ));
        }
        pairs.push((key.to_owned(), value.to_owned()));
    }
    if pairs.is_empty() {
        return Err(Error::field(ErrorCode::Malformed, "Data", "Data is empty"));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn flattens_nested_objects_and_lists() {
        let v = json!({"amount": 1500, "instalmentData": {"number": 3, "amountsList": [500, 500, 500]},
                       "paymentMeanBrandList": ["VISA", "CB"], "skip": null, "returnContext": "a=b"});
        let pairs = flatten(v.as_object().unwrap()).unwrap();
        assert_eq!(
            join(&pairs),
            "amount=1500|instalmentData.amountsList=500,500,500|instalmentData.number=3|paymentMeanBrandList=VISA,CB|returnContext=a=b"
        );
    }

    #[test]
    fn refuses_separators_in_values() {
        let e = flatten(json!({"returnContext": "a|b"}).as_object().unwrap()).unwrap_err();
        assert_eq!(e.field_name(), Some("returnContext"));
        let e = flatten(json!({"list": ["a,b"]}).as_object().unwrap()).unwrap_err();
        assert_eq!(e.field_name(), Some("list"));
        assert!(flatten(json!({"a|b": "1"}).as_object().unwrap()).is_err());
        assert!(flatten(json!({"amount": 1.5}).as_object().unwrap()).is_err());
        assert!(flatten(json!({"x": [{"y": 1}]}).as_object().unwrap()).is_err());
    }

    #[test]
    fn parse_is_strict() {
        assert_eq!(parse("a=1|b=x=y").unwrap(), vec![("a".into(), "1".into()), ("b".into(), "x=y".into())]);
        assert_eq!(parse("a=1|b").unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(parse("a=1|a=2").unwrap_err().field_name(), Some("a"));
        assert_eq!(parse("").unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(parse(&"a".repeat(MAX_DATA_BYTES + 1)).unwrap_err().code(), ErrorCode::TooLarge);
    }

    proptest! {
        #[test]
        fn join_then_parse_round_trips(map in prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9]{0,10}", "[^|\\p{Cc}]{0,20}", 1..8)) {
            let mut pairs = Vec::new();
            for (k, v) in &map {
                push(&mut pairs, k, v.clone()).unwrap();
            }
            prop_assert_eq!(parse(&join(&pairs)).unwrap(), pairs);
        }

        #[test]
        fn parse_never_panics(text in ".{0,200}") {
            let _ = parse(&text);
        }
    }
}
