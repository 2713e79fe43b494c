//! `computop.*`: Computop Paygate and Axepta (Cetelem 3x/4x "FullCB").
//!
//! `encrypt`/`decrypt`/`mac` are the raw primitives, called natively (no JSON): they are benchmarked
//! against Node's `crypto` and a JS Blowfish package. `Cipher` is the same Blowfish keyed once, for a
//! process that handles many messages under one password. The rest are thin shapes over the core's
//! `computop.*` JSON operations; objects keep the schema's snake_case names (`merchant_id`, `pay_id`).

use crate::error::guard;
use crate::json::{call_with, JsonArg, JsonText};
use crate::options::{call_form, receive_part, FormOptions, ReceiveOptions};
use cpay_core::computop::blowfish;
use cpay_core::computop::mac as paygate_mac;
use cpay_core::{Error, ErrorCode, Secret};
use napi_derive::napi;

/// Encrypted `Data` and its `Len`, as posted next to `MerchantID`.
#[napi(object)]
pub struct ComputopEncrypted {
    /// Lowercase hex of the Blowfish-ECB ciphertext (zero padding).
    pub data: String,
    /// The plaintext's length in bytes, before padding.
    pub len: u32,
}

/// Blowfish-encrypt `plaintext` (its UTF-8 bytes, exactly as given) with the Blowfish password `key`
/// (1 to 72 bytes), as Paygate's reference does: `{data, len}`.
#[napi(namespace = "computop", strict)]
pub fn encrypt(plaintext: String, key: String) -> napi::Result<ComputopEncrypted> {
    let key = Secret::from(key);
    guard(|| to_js(blowfish::encrypt(plaintext.as_bytes(), &key)?))
}

/// The core's result in JS shape. The core refuses plaintexts over 64 KiB, so the length always fits.
fn to_js(encrypted: blowfish::Encrypted) -> cpay_core::Result<ComputopEncrypted> {
    let len = u32::try_from(encrypted.len)
        .map_err(|_| Error::field(ErrorCode::TooLarge, "Data", "the plaintext is too long"))?;
    Ok(ComputopEncrypted { data: encrypted.data, len })
}

/// Decrypt hex `data` (either case) with the Blowfish password `key` and cut it at `len` bytes, whatever
/// the padding. The text is read as UTF-8 when valid, otherwise as ISO-8859-1.
#[napi(namespace = "computop", strict)]
pub fn decrypt(data: String, len: f64, key: String) -> napi::Result<String> {
    let key = Secret::from(key);
    guard(|| {
        let len = byte_count(len)?;
        Ok(blowfish::to_text(blowfish::decrypt(data.trim(), len, &key)?))
    })
}

/// A Blowfish cipher keyed once with the Blowfish password `key` (1 to 72 bytes): `encrypt` and `decrypt`
/// give exactly what `computop.encrypt` / `computop.decrypt` give under that password, without re-running
/// the key schedule (521 block encryptions) on every call. It keeps key-derived material in memory until
/// it is garbage-collected (wiped then).
#[napi(namespace = "computop")]
pub struct Cipher {
    cipher: blowfish::Cipher,
}

#[napi(namespace = "computop")]
impl Cipher {
    /// Key the cipher; throws `InvalidKeyError` (field `key`) for an empty or too long password.
    #[napi(constructor, strict)]
    pub fn new(key: String) -> napi::Result<Self> {
        let key = Secret::from(key);
        guard(|| Ok(Cipher { cipher: blowfish::Cipher::new(&key)? }))
    }

    /// `{data, len}` for `plaintext`, as `computop.encrypt(plaintext, key)`.
    #[napi(strict)]
    pub fn encrypt(&self, plaintext: String) -> napi::Result<ComputopEncrypted> {
        guard(|| to_js(self.cipher.encrypt(plaintext.as_bytes())?))
    }

    /// The plaintext of hex `data`, cut at `len` bytes, as `computop.decrypt(data, len, key)`.
    #[napi(strict)]
    pub fn decrypt(&self, data: String, len: f64) -> napi::Result<String> {
        guard(|| Ok(blowfish::to_text(self.cipher.decrypt(data.trim(), byte_count(len)?)?)))
    }
}

/// `len` as a byte count: a JS number that is a non-negative integer (napi-rs would wrap -1 to 2^32 - 1
/// and cut 1.5 to 1 if asked for a `u32`, so the number is checked here).
fn byte_count(len: f64) -> cpay_core::Result<usize> {
    if len.is_finite() && len >= 0.0 && len.trunc() == len && len <= f64::from(u32::MAX) {
        // Integral and within u32, so the cast is exact.
        Ok(len as usize)
    } else {
        Err(Error::field(ErrorCode::InvalidValue, "len", "len must be a non-negative integer (bytes)"))
    }
}

/// The uppercase hex HMAC-SHA-256 of `message` (e.g. `*TransID*MerchantID*Amount*Currency`) with the
/// HMAC password `key` (not the Blowfish one).
#[napi(namespace = "computop", strict)]
pub fn mac(message: String, key: String) -> napi::Result<String> {
    let key = Secret::from(key);
    guard(|| paygate_mac::mac(message.as_bytes(), &key))
}

/// The encrypted FullCB payment form for `payment` at the shop `config`: `{form, redirect_url?, mac, html}`.
#[napi(
    namespace = "computop",
    ts_args_type = "config: ComputopConfig, payment: ComputopPayment, options?: FormOptions",
    ts_return_type = "ComputopForm"
)]
pub fn form(config: JsonArg, payment: JsonArg, options: Option<FormOptions>) -> napi::Result<JsonText> {
    call_form("computop.form", config, payment, options)
}

/// Decrypt, verify (MAC, merchant, order) and classify a notify or browser return: an `Outcome`. `body` is
/// the raw POST body or GET query string, as received. `expected` (`trans_id`, `pay_id`) rejects a genuine
/// message for another order.
#[napi(
    namespace = "computop",
    ts_args_type = "config: ComputopConfig, body: string, expected?: ComputopExpected, options?: ReceiveOptions",
    ts_return_type = "Outcome"
)]
pub fn notification(
    config: JsonArg,
    body: String,
    expected: Option<JsonArg>,
    options: Option<ReceiveOptions>,
) -> napi::Result<JsonText> {
    let parts = vec![
        ("config", Some(config)),
        ("body", Some(JsonArg::string(&body))),
        ("expected", expected),
        receive_part(options),
    ];
    guard(|| call_with("computop.notification", parts))
}

/// The `credit.aspx` request that refunds (part of) a captured payment, once the refund rules allow it.
#[napi(
    namespace = "computop",
    ts_args_type = "config: ComputopConfig, refund: ComputopRefund",
    ts_return_type = "HttpRequest"
)]
pub fn refund(config: JsonArg, refund: JsonArg) -> napi::Result<JsonText> {
    guard(|| call_with("computop.refund", vec![("config", Some(config)), ("refund", Some(refund))]))
}

/// Verify and read the answer to a `computop.refund` request: an `Outcome` (a refused credit throws
/// `gateway_error` with Paygate's code).
#[napi(
    namespace = "computop",
    ts_args_type = "config: ComputopConfig, response: HttpResponse, expected?: ComputopExpected",
    ts_return_type = "Outcome"
)]
pub fn refund_answer(config: JsonArg, response: JsonArg, expected: Option<JsonArg>) -> napi::Result<JsonText> {
    guard(|| {
        call_with(
            "computop.refund_answer",
            vec![("config", Some(config)), ("response", Some(response)), ("expected", expected)],
        )
    })
}
