//! Every operation as JSON in → JSON out: the one schema the CLI, the C ABI and the bindings speak.
//!
//! An operation is named `<gateway>.<verb>` (`lyra.form`, `lyra.notification`, …); its input is a JSON
//! object whose shape is the serde type of the gateway's `api` module, secrets included under documented
//! names (`key`, `test_key`, …: they are read into [`crate::Secret`] and never echoed). The output is the
//! JSON of the result type. Errors are [`Error`]s, whose JSON form is `{code, field, message, gateway_code}`.

use crate::error::{Error, ErrorCode, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest JSON input accepted.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Every operation name, for bindings that list them and for `cpay ops`.
pub fn operations() -> Vec<&'static str> {
    let mut all = crate::lyra::api::OPERATIONS.to_vec();
    all.extend(crate::payline::api::OPERATIONS);
    all.extend(crate::computop::api::OPERATIONS);
    all.extend(crate::plan::api::OPERATIONS);
    all.extend(crate::ogone::api::OPERATIONS);
    all.extend(crate::sips::api::OPERATIONS);
    all
}

/// Run `operation` on the JSON `input` and return its JSON output.
pub fn call(operation: &str, input: &str) -> Result<String> {
    match operation.split_once('.') {
        Some(("lyra", verb)) => crate::lyra::api::call(verb, input),
        Some(("payline", verb)) => crate::payline::api::call(verb, input),
        Some(("computop", verb)) => crate::computop::api::call(verb, input),
        Some(("plan", verb)) => crate::plan::api::call(verb, input),
        Some(("ogone", verb)) => crate::ogone::api::call(verb, input),
        Some(("sips", verb)) => crate::sips::api::call(verb, input),
        _ => Err(unknown(operation)),
    }
}

/// The error for an operation name nobody serves.
pub(crate) fn unknown(operation: &str) -> Error {
    Error::field(
        ErrorCode::InvalidValue,
        "operation",
        format!(
            "unknown operation {:?}; known: {}",
            crate::money::truncate_for_message(operation),
            operations().join(", ")
        ),
    )
}

/// Parse an operation's input, turning serde's complaint into an error that names the field.
pub fn parse_input<T: DeserializeOwned>(input: &str) -> Result<T> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the JSON input is larger than {MAX_INPUT_BYTES} bytes"),
        ));
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

/// The output of the `<gateway>.form` operations, `{form, html}`, written straight from the form.
///
/// Going through `json!` copied every field into a `serde_json::Value` first; the keys here are in the
/// order that `Value` wrote them (sorted), so the JSON is byte for byte the same.
pub(crate) fn form_output(form: &crate::form::PaymentForm, html: &str) -> Result<String> {
    #[derive(Serialize)]
    struct Form<'a> {
        action: &'a str,
        fields: &'a std::collections::BTreeMap<String, String>,
        method: crate::form::FormMethod,
    }
    #[derive(Serialize)]
    struct Output<'a> {
        form: Form<'a>,
        html: &'a str,
    }
    to_output(&Output { form: Form { action: &form.action, fields: &form.fields, method: form.method }, html })
}

/// Map a serde_json error to a cpay error: `missing field `x`` → MissingField on x, and so on. Any other
/// value that does not fit its type names the field by its path in the input (`payment.trans_date`).
fn json_error(e: &serde_json::Error, path: Option<String>, well_formed: bool) -> Error {
    let text = e.to_string();
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
    fn unknown_operation_lists_the_known_ones() {
        let e = call("nope.sign", "{}").unwrap_err();
        assert_eq!(e.field_name(), Some("operation"));
        assert!(e.message().contains("lyra.sign"));
    }

    #[test]
    fn form_output_is_the_json_of_its_value() {
        let mut fields = std::collections::BTreeMap::new();
        fields.insert("b".to_owned(), "\"2\"".to_owned());
        fields.insert("a".to_owned(), "é".to_owned());
        let form =
            crate::form::PaymentForm { action: "https://x/".to_owned(), method: crate::form::FormMethod::Post, fields };
        let html = form.to_html("Payer");
        let expected = serde_json::json!({ "form": form, "html": html }).to_string();
        assert_eq!(form_output(&form, &html).unwrap(), expected);
    }

    #[test]
    fn json_errors_name_fields() {
        #[derive(serde::Deserialize, Debug)]
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
        let e = parse_input::<T>(r#"{"amount":1} x"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed);
    }
}
