//! JS values ⇄ the core's JSON operations, through the engine's own `JSON.stringify` and `JSON.parse`.
//!
//! The core's operations speak JSON text. A JS object converted property by property through N-API costs
//! a few calls per property (a 60-field IPN outcome took longer to hand back than to verify), while V8's
//! serializer and parser run over the whole value at once: an argument crosses as [`JsonArg`] (the text
//! `JSON.stringify` writes) and a result as [`JsonText`] (parsed by `JSON.parse` on the way out).
//! Input validation (unknown fields, formats, amounts) is entirely the core's, so Node reports exactly what
//! the CLI and the other bindings report.

use napi::bindgen_prelude::{FromNapiValue, Function, JsObjectValue, ToNapiValue, TypeName, Unknown};
use napi::{sys, Env, JsValue, Status, ValueType, JSON};
use serde_json::Value;

/// A JS argument as the JSON text `JSON.stringify` writes for it.
///
/// This is also what makes JS numbers right: integral numbers are written as integers however large
/// (`5000000000`), which the core's integer fields (amounts in minor units) need, and anything that is
/// not (`1.5`, `1e21`) is refused by the core as it is from any language. A value with no JSON form
/// (`undefined`, a function) is a `TypeError`, and so is whatever `JSON.stringify` throws (a cycle, a
/// `BigInt`).
pub struct JsonArg(String);

impl JsonArg {
    /// The JSON text of a value built on the Rust side (a string argument, an option bag).
    pub fn of(value: &Value) -> Self {
        Self(value.to_string())
    }

    /// The JSON text of a JS string argument.
    pub fn string(text: &str) -> Self {
        Self::of(&Value::String(text.to_owned()))
    }

    /// Whether the argument was a JS string (JSON text starts with a quote only for a string).
    pub fn is_string(&self) -> bool {
        self.0.starts_with('"')
    }

    /// The argument parsed on the Rust side, for the few shapes the addon rearranges (Payline's account).
    pub fn parse(&self) -> cpay_core::Result<Value> {
        serde_json::from_str(&self.0).map_err(|_| crate::error::output_error())
    }
}

impl TypeName for JsonArg {
    fn type_name() -> &'static str {
        "JSON value"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl FromNapiValue for JsonArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        let env = Env::from_raw(env);
        let stringify: Function<sys::napi_value, Unknown> =
            engine_json(&env)?.get_named_property_unchecked("stringify")?;
        let text = stringify.call(value)?;
        if text.get_type()? != ValueType::String {
            return Err(napi::Error::new(Status::InvalidArg, "expected a value JSON can represent"));
        }
        // SAFETY: `text` is a live JS string of this env, just checked.
        Ok(Self(unsafe { String::from_napi_value(env.raw(), text.raw())? }))
    }
}

/// An operation's JSON result, handed to JS as the value `JSON.parse` makes of it.
pub struct JsonText(String);

impl JsonText {
    /// The result of a value built on the Rust side.
    pub fn of(value: &Value) -> Self {
        Self(value.to_string())
    }

    /// One member of the result (`null` when absent), for the few functions that return only that.
    pub fn into_member(self, name: &str) -> cpay_core::Result<Value> {
        let mut output: Value = serde_json::from_str(&self.0).map_err(|_| crate::error::output_error())?;
        Ok(output.get_mut(name).map(Value::take).unwrap_or(Value::Null))
    }
}

impl ToNapiValue for JsonText {
    unsafe fn to_napi_value(env: sys::napi_env, text: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(env);
        let parse: Function<&str, Unknown> = engine_json(&env)?.get_named_property_unchecked("parse")?;
        Ok(parse.call(text.0.as_str())?.raw())
    }
}

/// The engine's `JSON` object (the global one: user code that replaces `globalThis.JSON` replaces it here
/// too, as it would for any JS library).
fn engine_json(env: &Env) -> napi::Result<JSON<'_>> {
    env.get_global()?.get_named_property_unchecked("JSON")
}

/// Run `op` on `input` (JSON text) and return its result.
pub fn call(op: &str, input: &JsonArg) -> cpay_core::Result<JsonText> {
    cpay_core::api::call(op, &input.0).map(JsonText)
}

/// Build an operation's input from named parts, leaving out the ones the caller did not give (so the
/// core applies its defaults), and run it.
pub fn call_with(op: &str, parts: Vec<(&str, Option<JsonArg>)>) -> cpay_core::Result<JsonText> {
    let mut input = String::from("{");
    for (name, JsonArg(value)) in parts.into_iter().filter_map(|(name, value)| value.map(|v| (name, v))) {
        if input.len() > 1 {
            input.push(',');
        }
        // The part names are this crate's own ASCII identifiers: no escaping needed.
        input.push('"');
        input.push_str(name);
        input.push_str("\":");
        input.push_str(&value);
    }
    input.push('}');
    cpay_core::api::call(op, &input).map(JsonText)
}
