//! Reading JS arguments that the typed primitives take natively (no JSON), and the two shapes a received
//! notification may come in.

use crate::json::JsonArg;
use crate::options::{receive_part, ReceiveOptions};
use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::JsString;

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

/// Borrowed `(name, value)` pairs of [`read_fields`]' owned ones.
pub fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect()
}

/// The separator of [`unpack`]'s format. Not a character any gateway field holds; a name or value that
/// does contain it makes the count disagree, and the caller takes the per-property path instead.
const SEPARATOR: char = '\0';

/// The fields of a `name\0value\0…` string that `index.js` packed from a record of strings (see
/// `packFields` there), or `None` when it does not hold exactly `count` pairs — a name or value contained
/// the separator — so the caller falls back to [`read_fields`] on the object itself.
///
/// Reading a JS object costs two N-API calls and two string conversions per field, which made `lyra.sign`
/// slower than Node's own `crypto` for a typical form; the packed string crosses in one conversion
/// and is split here without copying.
pub fn unpack(packed: &str, count: u32) -> Option<Vec<(&str, &str)>> {
    if !(packed.is_empty() || packed.ends_with(SEPARATOR)) {
        return None;
    }
    let mut parts = packed.split_terminator(SEPARATOR);
    let mut fields = Vec::with_capacity(count as usize);
    while let Some(name) = parts.next() {
        fields.push((name, parts.next()?));
    }
    (fields.len() == count as usize).then_some(fields)
}

/// The input parts of an operation that verifies a received message (`lyra.notification`,
/// `ogone.response`, `sips.response`): `request` is either raw (the url-encoded body as a string, exactly as
/// received), sent as `body`, or already decoded (an object of fields), sent under the operation's own name
/// for it (`decoded`: `fields`, `params`).
pub fn received_parts(
    config: JsonArg,
    request: JsonArg,
    decoded: &'static str,
    expected: Option<JsonArg>,
    options: Option<ReceiveOptions>,
) -> Vec<(&'static str, Option<JsonArg>)> {
    let (body, fields) = if request.is_string() { (Some(request), None) } else { (None, Some(request)) };
    vec![("config", Some(config)), ("body", body), (decoded, fields), ("expected", expected), receive_part(options)]
}
