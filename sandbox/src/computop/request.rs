//! How Paygate reads a request (Computop Paygate manual, "Cetelem FullCB", "Payment with Cetelem FullCB via form
//! interface", and the server pages): the outer `MerchantID`, `Data`/`Len` decrypted with the merchant's password,
//! the request MAC, the FullCB parameters and amount bounds, and the `Code` of each refusal. Decryption and MAC are
//! cpay-core's.

use crate::config::ComputopShop;
use crate::Sandbox;
use cpay_core::computop::plaintext::{self, Fields};
use cpay_core::computop::{aes, mac, request, response, ComputopConfig};
use cpay_core::format::FieldFormat;
use cpay_core::urlencoded::{self, TextEncoding};
use cpay_core::{Amount, Currency, ErrorCode};

/// Paygate's `Code`s the sandbox answers with. Their layout is the manual's ("A4 Error codes": digit 1 the status
/// — 0 OK, 2 error —, digits 2-4 the category — 000 cryptography, 010 parameter missing, 011 format error, 012
/// parameter invalid, 016 value unknown or not allowed —, digits 5-8 the parameter concerned); the parameter
/// digits are the sandbox's own numbering.
pub mod codes {
    /// Success.
    pub const OK: &str = "00000000";
    /// `MerchantID` unknown.
    pub const UNKNOWN_MERCHANT: &str = "20160001";
    /// `Data` cannot be decrypted with the merchant's password (or `Len` does not fit it).
    pub const DECRYPTION: &str = "20000002";
    /// The `MAC` does not match.
    pub const MAC_MISMATCH: &str = "20120003";
    /// A mandatory parameter is missing (the last digits are 0000; the description names it).
    pub const MISSING: &str = "20100000";
    /// A parameter's format is wrong (the description names it).
    pub const FORMAT: &str = "20110000";
    /// `Amount` is outside the merchant's Cetelem FullCB bounds.
    pub const AMOUNT_BOUNDS: &str = "20120100";
    /// `Currency` other than EUR.
    pub const CURRENCY: &str = "20160104";
    /// `PayID` unknown (or not this merchant's).
    pub const UNKNOWN_PAYID: &str = "20160005";
    /// A credit above what is captured and not yet credited.
    pub const CREDIT_ABOVE_CAPTURED: &str = "20120106";
    /// The operation does not fit the payment's state (reversal after a capture, credit of a failed payment…).
    pub const WRONG_STATE: &str = "20120107";
    /// Cetelem refused the financing.
    pub const REFUSED: &str = "21500985";
    /// The buyer cancelled on the payment page.
    pub const CANCELLED: &str = "21500999";
}

/// A request Paygate refuses: its code and description.
#[derive(Debug)]
pub struct PaygateError {
    /// Paygate's `Code`.
    pub code: &'static str,
    /// Paygate's `Description`.
    pub description: String,
}

fn refuse(code: &'static str, description: impl Into<String>) -> PaygateError {
    PaygateError { code, description: description.into() }
}

/// The merchant and its cpay-core configuration.
pub fn merchant(sandbox: &Sandbox, merchant_id: &str) -> Result<(ComputopShop, ComputopConfig), PaygateError> {
    let shop = sandbox
        .config
        .computop_shop(merchant_id)
        .ok_or_else(|| refuse(codes::UNKNOWN_MERCHANT, "MerchantID is missing or unknown"))?
        .clone();
    let config = shop.core_config().map_err(|_| refuse(codes::UNKNOWN_MERCHANT, "the merchant is not usable"))?;
    Ok((shop, config))
}

/// The outer `MerchantID`, then `Data`/`Len` decrypted with its password (cpay-core), as Paygate reads a request.
/// Also says whether `Data` was AES, so that the answers use the same cipher.
pub fn decode(sandbox: &Sandbox, body: &[u8]) -> Result<(ComputopShop, ComputopConfig, Fields, bool), PaygateError> {
    let outer = urlencoded::parse(body, TextEncoding::Latin1)
        .ok()
        .and_then(|pairs| Fields::from_pairs(pairs).ok())
        .ok_or_else(|| refuse(codes::FORMAT, "the request is not form-encoded"))?;
    let merchant_id = outer.get("MerchantID").unwrap_or_default().to_string();
    let (shop, config) = merchant(sandbox, &merchant_id)?;
    let is_aes = outer.get("Data").is_some_and(aes::is_aes);
    let (fields, _) = response::decode_body(&config, body, true).map_err(|e| match e.code() {
        ErrorCode::MissingField => refuse(codes::MISSING, format!("{} is missing", e.field_name().unwrap_or("Data"))),
        _ => refuse(codes::DECRYPTION, "Data cannot be decrypted with the merchant's password (or Len is wrong)"),
    })?;
    if fields.get("MerchantID").is_some_and(|m| m != merchant_id) {
        return Err(refuse(codes::UNKNOWN_MERCHANT, "the MerchantID in Data is not the one beside it"));
    }
    Ok((shop, config, fields, is_aes))
}

/// Check a request MAC, `PayID*TransID*MerchantID*Amount*Currency` (empty `Amount` and `Currency` for an inquiry),
/// with cpay-core.
pub fn check_mac(config: &ComputopConfig, fields: &Fields) -> Result<(), PaygateError> {
    let get = |name: &str| fields.get(name).unwrap_or_default();
    let message =
        format!("{}*{}*{}*{}*{}", get("PayID"), get("TransID"), config.merchant_id, get("Amount"), get("Currency"));
    match mac::verify(message.as_bytes(), get("MAC"), &config.mac_key) {
        Ok(true) => Ok(()),
        _ => Err(refuse(codes::MAC_MISMATCH, "MAC mismatch")),
    }
}

/// The mandatory FullCB parameters with their format (same manual, "Cetelem FullCB", request parameters).
pub const MANDATORY: [(&str, &str); 21] = [
    ("TransID", "ans..64"),
    ("Amount", "n..10"),
    ("Currency", "a3"),
    ("MAC", "an64"),
    ("URLSuccess", "ans..256"),
    ("URLFailure", "ans..256"),
    ("URLNotify", "ans..256"),
    ("PayType", "n1"),
    ("Salutation", "a..4"),
    ("FirstName", "ans..40"),
    ("LastName", "ans..40"),
    ("Email", "ans..100"),
    ("Phone", "ans..30"),
    ("bdFirstName", "ans..40"),
    ("bdLastName", "ans..40"),
    ("bdStreet", "ans..60"),
    ("bdZip", "n..5"),
    ("bdCity", "ans..40"),
    ("bdCountryCode", "a2"),
    ("sdZip", "n..5"),
    ("sdCountryCode", "a2"),
];

/// Check a decrypted FullCB request the way Paygate does ("Paygate rejects all payment requests with formatting
/// errors"): the MAC, every mandatory parameter and its format, PayType, the currency and the amount bounds.
pub fn check_request(config: &ComputopConfig, fields: &Fields) -> Result<u64, PaygateError> {
    if fields.get("MAC").map_or(true, str::is_empty) {
        return Err(refuse(codes::MISSING, "MAC is missing"));
    }
    check_mac(config, fields)?;
    for (name, format) in MANDATORY {
        let value = fields.get(name).unwrap_or_default();
        if value.is_empty() {
            return Err(refuse(codes::MISSING, format!("{name} is missing")));
        }
        let ok =
            FieldFormat::notation(format).check(name, value).is_ok() && plaintext::check_value(name, value).is_ok();
        if !ok {
            return Err(refuse(codes::FORMAT, format!("{name} has a wrong format ({format})")));
        }
    }
    let get = |name: &str| fields.get(name).unwrap_or_default();
    if !matches!(get("PayType"), "1" | "2") {
        return Err(refuse(codes::FORMAT, "PayType must be 1 (3xCB) or 2 (4xCB)"));
    }
    if !request::SALUTATIONS.contains(&get("Salutation")) {
        return Err(refuse(codes::FORMAT, "Salutation is not allowed"));
    }
    if request::check_phone(get("Phone")).is_err() {
        return Err(refuse(codes::FORMAT, "Phone is not a French number"));
    }
    let ref_nr = fields.get("RefNr").filter(|r| !r.is_empty()).unwrap_or(get("TransID"));
    if FieldFormat::notation("an..30").check("RefNr", ref_nr).is_err() {
        return Err(refuse(codes::FORMAT, "RefNr (TransID when absent) must be an..30"));
    }
    for name in ["URLSuccess", "URLFailure", "URLNotify"] {
        // Paygate calls https on port 443 only; the sandbox also takes a shop on the loopback over http.
        if !cpay_core::http::is_gateway_url(get(name)) || get(name).contains(['?', '#']) {
            return Err(refuse(codes::FORMAT, format!("{name} must be an https URL without query string")));
        }
    }
    if get("Currency") != "EUR" {
        return Err(refuse(codes::CURRENCY, "Cetelem FullCB payments are in EUR"));
    }
    let amount: u64 = get("Amount").parse().map_err(|_| refuse(codes::FORMAT, "Amount has a wrong format"))?;
    if Amount::from_minor(amount) < config.min_amount || Amount::from_minor(amount) > config.max_amount {
        return Err(refuse(
            codes::AMOUNT_BOUNDS,
            format!(
                "Amount outside the Cetelem FullCB bounds ({} to {} EUR)",
                config.min_amount.to_decimal(Currency::EUR),
                config.max_amount.to_decimal(Currency::EUR)
            ),
        ));
    }
    Ok(amount)
}
