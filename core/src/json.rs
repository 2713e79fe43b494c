//! JSON in and out of an operation: strict parsing that names the field at fault, and writing results.
//!
//! This is the low layer every gateway's operations use; the registry ([`crate::api`]) sits above them.

use crate::error::{Error, ErrorCode, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

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

#[cfg(test)]
mod tests {
    use super::*;

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
