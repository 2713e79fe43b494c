//! `sips.*`: Worldline Sips 2.0 Paypage POST (Sogenactif, Mercanet, Sherlock's).
//!
//! `seal` is the raw primitive, called natively (no JSON) as it is benchmarked against Node's `crypto`.
//! The rest are thin shapes over the core's `sips.*` JSON operations; single values are unwrapped
//! (`data` returns the Data string, `decode` the fields).

use crate::error::{guard, to_napi};
use crate::fields::received_parts;
use crate::json::{call_with, JsonArg, JsonText};
use crate::options::{call_form, FormOptions, ReceiveOptions};
use cpay_core::sips::seal::{self, SealAlgorithm};
use cpay_core::Secret;
use napi_derive::napi;

/// The Seal (lowercase hex) of the Data text `data` exactly as posted (the base64 text with
/// `Encode=base64`): HMAC-SHA-256 with `key` (`algo` `hmac-sha256`, the default) or SHA-256 of Data
/// followed by the key (`sha256`).
#[napi(namespace = "sips", strict, ts_args_type = "data: string, key: string, algo?: SipsAlgorithm")]
pub fn seal(data: String, key: String, algo: Option<String>) -> napi::Result<String> {
    let algo = algo.as_deref().map(SealAlgorithm::parse).transpose().map_err(|e| to_napi(&e))?.unwrap_or_default();
    let key = Secret::from(key);
    guard(|| seal::seal(data.as_bytes(), &key, algo))
}

/// The Data string (`key=value|…`) of a nested object: nested keys joined with `.`, lists with `,`.
#[napi(namespace = "sips", ts_args_type = "fields: Record<string, unknown>")]
pub fn data(fields: JsonArg) -> napi::Result<String> {
    let data = guard(|| call_with("sips.data", vec![("fields", Some(fields))])?.into_member("data"))?;
    Ok(data.as_str().unwrap_or_default().to_owned())
}

/// The fields of a Data string (`encode` `base64` when it was posted so). Not verified: for diagnosis
/// only; to accept a payment, use `sips.response`.
#[napi(namespace = "sips", ts_args_type = "data: string, encode?: string", ts_return_type = "Record<string, string>")]
pub fn decode(data: String, encode: Option<String>) -> napi::Result<JsonText> {
    guard(|| {
        let parts = vec![("data", Some(JsonArg::string(&data))), ("encode", encode.as_deref().map(JsonArg::string))];
        Ok(JsonText::of(&call_with("sips.decode", parts)?.into_member("fields")?))
    })
}

/// The sealed Paypage POST form for `payment` at the shop `config`: `{form, html}`.
#[napi(
    namespace = "sips",
    ts_args_type = "config: SipsConfig, payment: SipsPayment, options?: FormOptions",
    ts_return_type = "GatewayForm"
)]
pub fn form(config: JsonArg, payment: JsonArg, options: Option<FormOptions>) -> napi::Result<JsonText> {
    call_form("sips.form", config, payment, options)
}

/// Verify (Seal, merchant, order) and classify a response posted to `normalReturnUrl` or
/// `automaticResponseUrl`: an `Outcome`. `request` is the raw url-encoded body (a string, as received) or
/// the already-decoded fields (`{Data, Seal, …}`). `expected` (`transaction_reference`, `order_id`,
/// `amount`) rejects a genuine response for another order.
#[napi(
    namespace = "sips",
    ts_args_type = "config: SipsConfig, request: string | Record<string, string>, expected?: SipsExpected, options?: ReceiveOptions",
    ts_return_type = "Outcome"
)]
pub fn response(
    config: JsonArg,
    request: JsonArg,
    expected: Option<JsonArg>,
    options: Option<ReceiveOptions>,
) -> napi::Result<JsonText> {
    let parts = received_parts(config, request, "fields", expected, options);
    guard(|| call_with("sips.response", parts))
}
