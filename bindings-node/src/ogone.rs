//! `ogone.*`: Ogone e-Commerce (Ingenico / Worldline legacy, ePDQ, PostFinance).
//!
//! `sign` is the raw SHASIGN primitive, called natively (no JSON) as it is benchmarked against Node's
//! `crypto`. `form` and `response` are thin shapes over the core's `ogone.*` JSON operations.

use crate::error::{guard, to_napi};
use crate::fields::{pairs, read_fields, received_parts, unpack};
use crate::json::{call_with, JsonArg, JsonText};
use crate::options::{call_form, FormOptions, ReceiveOptions};
use cpay_core::ogone::{signature, Algorithm, Charset, Direction};
use cpay_core::Secret;
use napi::bindgen_prelude::Object;
use napi_derive::napi;

/// SHASIGN (uppercase hex) of `params` with `passphrase`: `algo` `sha1`/`sha256`/`sha512`, `direction`
/// `in` (a request, SHA-IN), `out` (a feedback, SHA-OUT) or `legacy_out`; `charset` `utf-8` (default) or
/// `iso-8859-1`. Names in any case; parameters not on the direction's list, and empty ones, are not signed.
/// This is the raw primitive: to accept a payment, use `ogone.response`, which also checks shop and order.
#[napi(
    namespace = "ogone",
    strict,
    ts_args_type = "params: Record<string, string>, passphrase: string, algo: OgoneAlgorithm, direction: OgoneDirection, charset?: OgoneCharset"
)]
pub fn sign(
    params: Object<'_>,
    passphrase: String,
    algo: String,
    direction: String,
    charset: Option<String>,
) -> napi::Result<String> {
    let params = read_fields(&params)?;
    sign_pairs(&pairs(&params), passphrase, algo, direction, charset)
}

/// [`sign`] for the parameters `index.js` packed into one string; `None` sends it back to [`sign`].
#[napi(namespace = "ogone", strict, skip_typescript)]
pub fn sign_packed(
    packed: String,
    count: u32,
    passphrase: String,
    algo: String,
    direction: String,
    charset: Option<String>,
) -> napi::Result<Option<String>> {
    unpack(&packed, count).map(|params| sign_pairs(&params, passphrase, algo, direction, charset)).transpose()
}

fn sign_pairs(
    params: &[(&str, &str)],
    passphrase: String,
    algo: String,
    direction: String,
    charset: Option<String>,
) -> napi::Result<String> {
    let algo = Algorithm::parse(&algo).map_err(|e| to_napi(&e))?;
    let direction = Direction::parse(&direction).map_err(|e| to_napi(&e))?;
    let charset = charset.as_deref().map(Charset::parse).transpose().map_err(|e| to_napi(&e))?.unwrap_or_default();
    let passphrase = Secret::from(passphrase);
    guard(|| signature::sign(params.iter().copied(), &passphrase, algo, direction, charset))
}

/// The signed hidden-POST form of the payment page for `payment` at the shop `config`: `{form, html}`.
#[napi(
    namespace = "ogone",
    ts_args_type = "config: OgoneConfig, payment: OgonePayment, options?: FormOptions",
    ts_return_type = "GatewayForm"
)]
pub fn form(config: JsonArg, payment: JsonArg, options: Option<FormOptions>) -> napi::Result<JsonText> {
    call_form("ogone.form", config, payment, options)
}

/// Verify (SHA-OUT, PSPID, order) and classify a feedback: an `Outcome`. `request` is the raw url-encoded
/// body or query (a string, as received) or the already-decoded parameters (an object). `expected`
/// (`order_id`, `amount`, `currency`) rejects a genuine feedback for another order.
#[napi(
    namespace = "ogone",
    ts_args_type = "config: OgoneConfig, request: string | Record<string, string>, expected?: OgoneExpected, options?: ReceiveOptions",
    ts_return_type = "Outcome"
)]
pub fn response(
    config: JsonArg,
    request: JsonArg,
    expected: Option<JsonArg>,
    options: Option<ReceiveOptions>,
) -> napi::Result<JsonText> {
    let parts = received_parts(config, request, "params", expected, options);
    guard(|| call_with("ogone.response", parts))
}
