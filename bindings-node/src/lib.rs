//! # cpay-node
//!
//! The native half of the npm package `cpay`: a napi-rs addon over `cpay-core`. It holds no payment logic;
//! each function hands its arguments to the core and returns the core's answer as plain JS values.
//!
//! - [`call`] runs any core operation by name (`lyra.form`, `computop.encrypt`, …), so every operation the
//!   core registers is reachable from Node without a line of code here.
//! - Typed functions per gateway live in one small module each, exported under the gateway's namespace
//!   (`lyra`, `computop`, `payline`, `ogone`, `sips`, `plan`). The raw primitives (`lyra.sign`/`verify`,
//!   `computop.encrypt`/`decrypt`/`mac`, `ogone.sign`, `sips.seal`) take their arguments natively and call
//!   the core's functions directly (no JSON) because they are benchmarked against Node's own `crypto`; the
//!   others go through the JSON schema of [`cpay_core::api`], so they validate exactly as every layer does.
//! - Errors leave as JS `Error`s whose message is the core error's JSON ([`error`]); `index.js` turns them
//!   into `CpayError` subclasses. Panics are caught ([`error::guard`]) and never take the process down.
//!
//! `index.d.ts` is generated from these signatures by `napi build` (with `ts/header.d.ts` in front).
#![deny(missing_docs)]
// Under `cfg(test)` napi-derive registers nothing with Node, so every export looks unused to the compiler.
#![cfg_attr(test, allow(dead_code))]

mod computop;
mod error;
mod fields;
mod json;
mod lyra;
mod ogone;
mod options;
mod payline;
mod plan;
mod sips;

use napi_derive::napi;

/// Run the core operation `op` on `input` (an object shaped as the operation's JSON schema) and return its
/// result as a plain object. Every operation in `operations()` is reachable this way.
#[napi(ts_args_type = "op: string, input: object", ts_return_type = "any")]
pub fn call(op: String, input: json::JsonArg) -> napi::Result<json::JsonText> {
    error::guard(|| json::call(&op, &input))
}

/// The names of every operation `call` serves, e.g. `["lyra.sign", …]`.
#[napi]
pub fn operations() -> Vec<String> {
    cpay_core::api::operations().into_iter().map(str::to_owned).collect()
}

/// The version of the cpay core inside this addon.
#[napi]
pub fn version() -> String {
    cpay_core::VERSION.to_owned()
}

/// The table of stable error codes: `{ signature_mismatch: 7201, … }` (the same numbers in every language).
#[napi(ts_return_type = "Record<CpayErrorCode, number>")]
pub fn error_codes() -> std::collections::HashMap<String, u32> {
    cpay_core::ErrorCode::ALL.iter().map(|c| (c.name().to_owned(), c.number())).collect()
}

/// Panic inside the guard (built with the `test-hooks` feature only): the test suite's proof that a
/// panic reaches JS as a `PanicError` and the process goes on.
#[cfg(feature = "test-hooks")]
#[napi(skip_typescript)]
pub fn panic_for_test() -> napi::Result<()> {
    error::guard(|| -> cpay_core::Result<()> { panic!("panic_for_test") })
}
