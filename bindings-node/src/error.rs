//! Core errors and panics → JS errors that `index.js` can turn into `CpayError` subclasses.
//!
//! napi-rs throws a plain `Error` for a returned `Err`; the error's structured content (stable code and
//! number, gateway field, gateway code) must survive the crossing, so the message carries it as JSON under
//! a marker key. `index.js` recognises the marker and rebuilds a typed error; nothing else parses it.

use cpay_core::{Error, ErrorCode};
use serde_json::json;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The code a caught panic is reported with. Not a core code: the core promises never to panic, so this
/// only ever reports a bug, and is kept out of the core's table of stable numbers.
const PANIC_CODE: &str = "panic";

/// Run `f`, turning a core error or a panic into a JS-bound error.
pub fn guard<T>(f: impl FnOnce() -> cpay_core::Result<T>) -> napi::Result<T> {
    guard_with_reply(f, |_| None)
}

/// [`guard`] for notification handlers: a core error also carries `reply`, the answer the core says to
/// give the gateway for it (so a shop never writes its own rejection rule).
pub fn guard_with_reply<T>(
    f: impl FnOnce() -> cpay_core::Result<T>,
    reply: impl FnOnce(&Error) -> Option<serde_json::Value>,
) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => {
            let reply = reply(&e);
            let mut body = describe(&e);
            if let (Some(reply), Some(map)) = (reply, body.as_object_mut()) {
                map.insert("reply".to_owned(), reply);
            }
            Err(marked(body))
        }
        Err(_) => Err(marked(json!({
            "code": PANIC_CODE,
            "number": -1,
            "message": "internal error in the cpay addon (a Rust panic was caught); please report it",
        }))),
    }
}

/// The JS-bound form of a core error.
pub fn to_napi(e: &Error) -> napi::Error {
    marked(describe(e))
}

/// `{code, number, field, message, gateway_code}` of a core error.
fn describe(e: &Error) -> serde_json::Value {
    json!({
        "code": e.code().name(),
        "number": e.code().number(),
        "field": e.field_name(),
        "message": e.message(),
        "gateway_code": e.gateway_code(),
    })
}

/// A core error for a result the addon could not hand back (should not happen: outputs are JSON).
pub fn output_error() -> Error {
    Error::general(ErrorCode::Malformed, "the result could not be converted to a JS value")
}

fn marked(body: serde_json::Value) -> napi::Error {
    napi::Error::from_reason(json!({ "cpay_error": body }).to_string())
}
