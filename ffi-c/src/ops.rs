//! Running core operations for the typed functions of the gateway modules.
//!
//! A typed function (`cpay_lyra_sign`) is a thin shape over a JSON operation (`lyra.sign`): it builds the
//! operation's input from its C parameters, runs it through [`cpay_core::api::call`] — the same path as
//! `cpay_call`, the CLI and every binding, so there is one schema — and picks its result field.

use crate::last_error::Failure;
use crate::status::cpay_status;
use serde::Serialize;
use serde_json::Value;
use zeroize::Zeroizing;

/// Run `operation` on `input`. The serialized input holds keys, so its buffer is wiped afterwards.
pub fn run<T: Serialize>(operation: &str, input: &T) -> Result<Value, Failure> {
    let mut text = Zeroizing::new(Vec::with_capacity(4096));
    serde_json::to_writer(&mut *text, input).map_err(|_| {
        Failure::new(cpay_status::CPAY_MALFORMED, None, "the input could not be written as JSON".to_owned())
    })?;
    let text = std::str::from_utf8(&text)
        .map_err(|_| Failure::new(cpay_status::CPAY_INVALID_UTF8, None, "the input is not UTF-8".to_owned()))?;
    let output = cpay_core::api::call(operation, text)?;
    serde_json::from_str(&output).map_err(|_| unexpected(operation))
}

/// Parse a parameter that carries JSON (`fields_json`), naming the parameter when it is not JSON.
pub fn json_parameter(text: &str, parameter: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| {
        Failure::parameter(
            cpay_status::CPAY_MALFORMED,
            parameter,
            format!("{parameter} is not valid JSON (line {}, column {})", e.line(), e.column()),
        )
    })
}

/// The string member `name` of an operation's output.
pub fn string_member(output: &Value, operation: &str, name: &str) -> Result<String, Failure> {
    output.get(name).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| unexpected(operation))
}

/// The boolean member `name` of an operation's output.
pub fn bool_member(output: &Value, operation: &str, name: &str) -> Result<bool, Failure> {
    output.get(name).and_then(Value::as_bool).ok_or_else(|| unexpected(operation))
}

fn unexpected(operation: &str) -> Failure {
    Failure::new(cpay_status::CPAY_UNKNOWN_ERROR, None, format!("internal error: unexpected output from {operation}"))
}
