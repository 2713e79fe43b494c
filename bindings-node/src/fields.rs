//! Reading JS arguments that the typed primitives take natively (no JSON), and the two shapes a received
//! notification may come in.

use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::JsString;
use serde_json::Value;

/// The string properties of a JS object, read with one conversion per name and per value.
///
/// napi-rs's own `HashMap` conversion turns each name into a Rust string and back into a JS string to
/// look the value up, which doubles the cost of `lyra.sign` (benchmarked against Node's `crypto`).
/// A value that is not a string is a JS type error, as for any typed argument.
pub fn read_fields(object: &Object<'_>) -> napi::Result<Vec<(String, String)>> {
    let names = object.get_property_names()?;
    let count = names.get_array_length_unchecked()?;
    let mut fields = Vec::with_capacity(count as usize);
    for index in 0..count {
        let name: JsString = names.get_element(index)?;
        let value: String = object.get_property(name)?;
        fields.push((name.into_utf8()?.into_owned()?, value));
    }
    Ok(fields)
}

/// A received message given either raw (the url-encoded body as a string, exactly as received) or
/// already decoded (an object of fields): `(body, fields)`, one of them set, for the operations that
/// accept either (`lyra.notification`, `ogone.response`, `sips.response`).
pub fn body_or_fields(request: Value) -> (Option<Value>, Option<Value>) {
    match request {
        Value::String(_) => (Some(request), None),
        other => (None, Some(other)),
    }
}
