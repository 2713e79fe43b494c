//! The plaintext inside `Data`: `key=value` pairs joined by `&` (Computop's reference PHP sample for Paygate).
//!
//! Paygate splits the decrypted text on `&`, then each pair on its **first** `=`, and does not percent-decode. So a
//! raw `&` in a value would start a new field, and cpay refuses it naming the field. A `=` in a value is
//! unambiguous to that parser, but is refused too except in the fields whose documented format is itself
//! `NAME=VALUE|…` (EnhancedData, CustomerInformation, Custom: Computop Paygate manual, "Cetelem FullCB"). Reading
//! is tolerant where Paygate says to be: keys compare case-insensitively, unknown keys are kept, order does not
//! matter.

use crate::error::{Error, ErrorCode, Result};

/// Fields whose documented value format contains `=` (`NAME=VALUE|NAME=VALUE`).
const EQUALS_ALLOWED: [&str; 3] = ["EnhancedData", "CustomerInformation", "Custom"];

/// Most fields accepted in one decrypted message.
const MAX_FIELDS: usize = 512;

/// Join `(key, value)` pairs as `key=value&…`, refusing separators inside values.
pub fn compose(fields: &[(&str, String)]) -> Result<String> {
    let mut text = String::new();
    for (name, value) in fields {
        check_value(name, value)?;
        if !text.is_empty() {
            text.push('&');
        }
        text.push_str(name);
        text.push('=');
        text.push_str(value);
    }
    Ok(text)
}

/// Refuse `&` (and `=` outside the `NAME=VALUE` fields) in a value, naming the field.
pub fn check_value(name: &str, value: &str) -> Result<()> {
    let equals_ok = EQUALS_ALLOWED.contains(&name);
    if let Some(c) = value.chars().find(|&c| c == '&' || (c == '=' && !equals_ok)) {
        return Err(Error::field(
            ErrorCode::InvalidFormat,
            name,
            format!("{name} must not contain '{c}': Paygate reads the encrypted text as key=value pairs joined by '&'"),
        ));
    }
    Ok(())
}

/// Decrypted fields, looked up by case-insensitive key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Split `text` on `&`, then each pair on its first `=`; empty pairs are skipped, a key sent twice
    /// (in any case) is refused: which of the two values would the MAC cover?
    pub fn parse(text: &str) -> Result<Fields> {
        let mut fields: Vec<(String, String)> = Vec::new();
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            if fields.len() == MAX_FIELDS {
                return Err(Error::general(ErrorCode::TooLarge, format!("more than {MAX_FIELDS} fields in Data")));
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if name.is_empty() {
                return Err(Error::field(ErrorCode::Malformed, "Data", "a decrypted field has an empty name"));
            }
            if fields.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                return Err(Error::field(
                    ErrorCode::Malformed,
                    name,
                    format!("{name} is present more than once in Data"),
                ));
            }
            fields.push((name.to_owned(), value.to_owned()));
        }
        Ok(Fields(fields))
    }

    /// From already separated pairs (e.g. an unencrypted answer), with the same duplicate rule.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<Fields> {
        for (i, (name, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                return Err(Error::field(ErrorCode::Malformed, name, format!("{name} is present more than once")));
            }
        }
        Ok(Fields(pairs))
    }

    /// A value by case-insensitive key (`mid`, `MID`, `Mid` are one field).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A non-empty value, or a missing-field error naming `name`.
    pub fn require(&self, name: &str) -> Result<&str> {
        self.get(name).filter(|v| !v.is_empty()).ok_or_else(|| Error::missing(name))
    }

    /// Every field as received.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_refuses_separators_with_the_field_name() {
        let ok = compose(&[("MerchantID", "shop".into()), ("EnhancedData", "A=1|B=2".into())]).unwrap();
        assert_eq!(ok, "MerchantID=shop&EnhancedData=A=1|B=2");
        let e = compose(&[("OrderDesc", "Tom & Jerry".into())]).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidFormat, Some("OrderDesc")));
        assert_eq!(compose(&[("UserData", "a=b".into())]).unwrap_err().field_name(), Some("UserData"));
        assert_eq!(compose(&[("Custom", "a=1&b=2".into())]).unwrap_err().field_name(), Some("Custom"));
    }

    #[test]
    fn parse_is_case_insensitive_and_splits_on_the_first_equals() {
        let f = Fields::parse("MID=shop&payid=abc&Custom=x=1&&Empty=&Flag").unwrap();
        assert_eq!(f.get("mid"), Some("shop"));
        assert_eq!(f.get("PayID"), Some("abc"));
        assert_eq!(f.get("custom"), Some("x=1"));
        assert_eq!(f.get("Empty"), Some(""));
        assert_eq!(f.require("Empty").unwrap_err().code(), ErrorCode::MissingField);
        assert_eq!(f.get("flag"), Some(""));
        assert_eq!(Fields::parse("Code=1&code=2").unwrap_err().field_name(), Some("code"));
        assert_eq!(Fields::parse("=x").unwrap_err().code(), ErrorCode::Malformed);
    }
}
