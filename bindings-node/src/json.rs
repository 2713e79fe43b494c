//! JS values ⇄ the core's JSON operations.
//!
//! napi-rs converts between JS values and `serde_json::Value`; the core's operations speak JSON text, so
//! the value is written out and the answer parsed back. Input validation (unknown fields, formats,
//! amounts) is entirely the core's, so Node reports exactly what the CLI and the other bindings report.

use cpay_core::Result;
use serde_json::Value;

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Run `op` on `input` and return the parsed output.
pub fn call(op: &str, input: &Value) -> Result<Value> {
    let output = cpay_core::api::call(op, &integral(input).to_string())?;
    serde_json::from_str(&output).map_err(|_| crate::error::output_error())
}

/// Build an operation's input from named parts, leaving out the ones the caller did not give (so the
/// core applies its defaults) and run it.
pub fn call_with(op: &str, parts: Vec<(&str, Option<Value>)>) -> Result<Value> {
    let input: serde_json::Map<String, Value> =
        parts.into_iter().filter_map(|(name, value)| value.map(|v| (name.to_owned(), v))).collect();
    call(op, &Value::Object(input))
}

/// `input` with every integral JS number written as a JSON integer.
///
/// napi-rs reads a JS number above `u32::MAX` as a float (`5000000000.0`), which the core's integer
/// fields (amounts in minor units, counters) rightly refuse; `JSON.stringify` would write `5000000000`.
/// Integral numbers a JS number holds exactly are made integers again; others stay floats and are
/// refused by the core as they would be from any language.
fn integral(input: &Value) -> std::borrow::Cow<'_, Value> {
    fn fix(value: &mut Value) {
        match value {
            Value::Number(n) => {
                if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.trunc() == *f && f.abs() <= MAX_SAFE_INTEGER) {
                    // In range and integral, so the cast is exact.
                    *n = if f < 0.0 { (f as i64).into() } else { (f as u64).into() };
                }
            }
            Value::Array(items) => items.iter_mut().for_each(fix),
            Value::Object(map) => map.values_mut().for_each(fix),
            _ => {}
        }
    }
    fn has_float(value: &Value) -> bool {
        match value {
            Value::Number(n) => n.is_f64(),
            Value::Array(items) => items.iter().any(has_float),
            Value::Object(map) => map.values().any(has_float),
            _ => false,
        }
    }
    if has_float(input) {
        let mut owned = input.clone();
        fix(&mut owned);
        std::borrow::Cow::Owned(owned)
    } else {
        std::borrow::Cow::Borrowed(input)
    }
}
