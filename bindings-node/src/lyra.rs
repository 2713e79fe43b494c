//! `lyra.*`: Lyra platforms (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB).
//!
//! `sign`/`verify` are the raw signature primitive, called natively. The rest are thin shapes over the
//! core's `lyra.*` JSON operations: objects keep the schema's snake_case names (`site_id`, `order_id`);
//! only this module's own option bags are camelCase (`autoSubmit`), as Node convention asks.

use crate::error::{guard, guard_with_reply, to_napi};
use crate::fields::{pairs, read_fields, received_parts, unpack};
use crate::json::{call_with, JsonArg, JsonText};
use crate::options::{call_form, FormOptions};
use cpay_core::lyra::response::ShopReply;
use cpay_core::lyra::{signature, Algorithm};
use cpay_core::{Error, ErrorCode, Secret};
use napi::bindgen_prelude::Object;
use napi_derive::napi;

fn algorithm(algo: Option<&str>) -> napi::Result<Algorithm> {
    algo.map(Algorithm::parse).transpose().map(Option::unwrap_or_default).map_err(|e| to_napi(&e))
}

/// The signature of the `vads_*` fields among `fields` (others are ignored) with the shop's key:
/// base64 HMAC-SHA-256 (`algo` `"hmac-sha256"`, the default) or hex SHA-1 (`"sha1"`).
#[napi(namespace = "lyra", strict, ts_args_type = "fields: Record<string, string>, key: string, algo?: LyraAlgorithm")]
pub fn sign(fields: Object<'_>, key: String, algo: Option<String>) -> napi::Result<String> {
    let fields = read_fields(&fields)?;
    sign_pairs(&pairs(&fields), key, algo)
}

/// [`sign`] for the fields `index.js` packed into one string; `None` sends it back to [`sign`].
#[napi(namespace = "lyra", strict, skip_typescript)]
pub fn sign_packed(packed: String, count: u32, key: String, algo: Option<String>) -> napi::Result<Option<String>> {
    unpack(&packed, count).map(|fields| sign_pairs(&fields, key, algo)).transpose()
}

fn sign_pairs(fields: &[(&str, &str)], key: String, algo: Option<String>) -> napi::Result<String> {
    let algo = algorithm(algo.as_deref())?;
    let key = Secret::from(key);
    guard(|| signature::sign(fields.iter().copied(), &key, algo))
}

/// Whether `fields.signature` is the signature of the other fields, compared in constant time. Throws
/// `signature_missing` when there is no `signature` field. This is the raw primitive: to accept a payment,
/// use `lyra.notification`, which also checks the shop, the mode and the order.
#[napi(namespace = "lyra", strict, ts_args_type = "fields: Record<string, string>, key: string, algo?: LyraAlgorithm")]
pub fn verify(fields: Object<'_>, key: String, algo: Option<String>) -> napi::Result<bool> {
    let fields = read_fields(&fields)?;
    verify_pairs(&pairs(&fields), key, algo)
}

/// [`verify`] for the fields `index.js` packed into one string; `None` sends it back to [`verify`].
#[napi(namespace = "lyra", strict, skip_typescript)]
pub fn verify_packed(packed: String, count: u32, key: String, algo: Option<String>) -> napi::Result<Option<bool>> {
    unpack(&packed, count).map(|fields| verify_pairs(&fields, key, algo)).transpose()
}

fn verify_pairs(fields: &[(&str, &str)], key: String, algo: Option<String>) -> napi::Result<bool> {
    let algo = algorithm(algo.as_deref())?;
    let key = Secret::from(key);
    guard(|| {
        let received = fields
            .iter()
            .find_map(|&(name, value)| (name == "signature").then_some(value))
            .ok_or_else(|| Error::field(ErrorCode::SignatureMissing, "signature", "the fields carry no signature"))?;
        signature::verify(fields.iter().copied(), received, &key, algo)
    })
}

/// The signed payment form for `payment` at the shop `config`: `{form: {action, method, fields}, html}`.
#[napi(
    namespace = "lyra",
    ts_args_type = "config: LyraConfig, payment: LyraPayment, options?: FormOptions",
    ts_return_type = "LyraForm"
)]
pub fn form(config: JsonArg, payment: JsonArg, options: Option<FormOptions>) -> napi::Result<JsonText> {
    call_form("lyra.form", config, payment, options)
}

/// Verify an IPN or browser return and classify it: `{outcome, reply}`. `request` is the raw url-encoded
/// body (a string, as received) or the already-decoded fields (an object). `expected` (`order_id`,
/// `trans_id`, `amount`) rejects a genuine message for another order. Answer the gateway with `reply`;
/// a rejected message throws a `CpayError` whose `reply` is the answer to give instead.
#[napi(
    namespace = "lyra",
    ts_args_type = "config: LyraConfig, request: string | Record<string, string>, expected?: LyraExpected",
    ts_return_type = "Notification"
)]
pub fn notification(config: JsonArg, request: JsonArg, expected: Option<JsonArg>) -> napi::Result<JsonText> {
    let parts = received_parts(config, request, "fields", expected, None);
    guard_with_reply(|| call_with("lyra.notification", parts), |e| serde_json::to_value(ShopReply::rejected(e)).ok())
}

/// The keys that may have hashed a `kr-answer`.
#[napi(object)]
pub struct KrKeys {
    /// The HMAC-SHA-256 key (browser return, `kr-hash-key=sha256_hmac`).
    pub hmac_key: Option<String>,
    /// The REST password (IPN, `kr-hash-key=password`).
    pub password: Option<String>,
}

/// Verify the `kr-hash` of a REST / JavaScript-client notification (the raw url-encoded body) and
/// classify its `kr-answer`: an `Outcome`.
#[napi(namespace = "lyra", ts_args_type = "body: string, keys: KrKeys", ts_return_type = "Outcome")]
pub fn kr_answer(body: String, keys: KrKeys) -> napi::Result<JsonText> {
    guard(|| {
        call_with(
            "lyra.kr_answer",
            vec![
                ("body", Some(JsonArg::string(&body))),
                ("hmac_key", keys.hmac_key.as_deref().map(JsonArg::string)),
                ("password", keys.password.as_deref().map(JsonArg::string)),
            ],
        )
    })
}

/// The REST request that refunds (part of) a captured payment, once the refund rules allow it.
#[napi(namespace = "lyra", ts_args_type = "config: LyraConfig, refund: LyraRefund", ts_return_type = "HttpRequest")]
pub fn refund(config: JsonArg, refund: JsonArg) -> napi::Result<JsonText> {
    guard(|| call_with("lyra.refund", vec![("config", Some(config)), ("refund", Some(refund))]))
}

fn by_uuid(op: &str, config: JsonArg, uuid: String, comment: Option<String>) -> napi::Result<JsonText> {
    guard(|| {
        call_with(
            op,
            vec![
                ("config", Some(config)),
                ("uuid", Some(JsonArg::string(&uuid))),
                ("comment", comment.as_deref().map(JsonArg::string)),
            ],
        )
    })
}

/// The REST request that cancels a payment not yet captured.
#[napi(
    namespace = "lyra",
    ts_args_type = "config: LyraConfig, uuid: string, comment?: string",
    ts_return_type = "HttpRequest"
)]
pub fn cancel(config: JsonArg, uuid: String, comment: Option<String>) -> napi::Result<JsonText> {
    by_uuid("lyra.cancel", config, uuid, comment)
}

/// The REST request that validates a payment waiting for manual validation.
#[napi(
    namespace = "lyra",
    ts_args_type = "config: LyraConfig, uuid: string, comment?: string",
    ts_return_type = "HttpRequest"
)]
pub fn validate(config: JsonArg, uuid: String, comment: Option<String>) -> napi::Result<JsonText> {
    by_uuid("lyra.validate", config, uuid, comment)
}

/// The REST request that reads a transaction's current state.
#[napi(namespace = "lyra", ts_args_type = "config: LyraConfig, uuid: string", ts_return_type = "HttpRequest")]
pub fn get(config: JsonArg, uuid: String) -> napi::Result<JsonText> {
    by_uuid("lyra.get", config, uuid, None)
}

/// The `answer` of a REST web-service response, after checking its envelope (throws `gateway_error` with
/// the gateway's code for an error answer).
#[napi(namespace = "lyra", ts_args_type = "response: HttpResponse", ts_return_type = "any")]
pub fn rest_answer(response: JsonArg) -> napi::Result<JsonText> {
    guard(|| {
        Ok(JsonText::of(&call_with("lyra.rest_answer", vec![("response", Some(response))])?.into_member("answer")?))
    })
}

/// The 6-digit `vads_trans_id` for the shop's own counter (wrapping below 900000).
#[napi(namespace = "lyra", ts_args_type = "counter: number")]
pub fn trans_id(counter: JsonArg) -> napi::Result<String> {
    let id = guard(|| call_with("lyra.trans_id", vec![("counter", Some(counter))])?.into_member("trans_id"))?;
    Ok(id.as_str().unwrap_or_default().to_owned())
}
