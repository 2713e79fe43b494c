//! Paypage response (to `normalReturnUrl` and `automaticResponseUrl`) → verified [`Outcome`].
//!
//! Order of checks: the Seal is recomputed over the received Data exactly as received (base64 text
//! included) and compared in constant time; then the Data is decoded and split; then `merchantId` must be
//! the shop's and the transaction the one expected; only then is `responseCode` read.

use super::codes;
use super::config::SipsConfig;
use super::data;
use super::seal::{self, SealAlgorithm};
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Outcome, Status, ThreeDSecure};
use crate::urlencoded::{self, TextEncoding};
use base64::Engine as _;
use std::collections::BTreeMap;

/// What the shop expects the response to be about (each given one is checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SipsExpected")]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `transactionReference`.
    #[serde(default)]
    pub transaction_reference: Option<String>,
    /// `orderId`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// `amount` in minor units.
    #[serde(default)]
    pub amount: Option<Amount>,
}

/// Verify a response from its raw url-encoded POST body.
pub fn verify_body(config: &SipsConfig, body: &[u8], expected: &Expected, server_to_server: bool) -> Result<Outcome> {
    let fields = urlencoded::parse(body, TextEncoding::Utf8)?;
    verify_response(config, &fields, expected, server_to_server)
}

/// Verify the posted fields (`Data`, `Seal`, `Encode`, `InterfaceVersion`) and classify them.
pub fn verify_response(
    config: &SipsConfig,
    received: &[(String, String)],
    expected: &Expected,
    server_to_server: bool,
) -> Result<Outcome> {
    let get = |name: &str| received.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let posted = get("Data").filter(|d| !d.is_empty()).ok_or_else(|| Error::missing("Data"))?;
    let received_seal = get("Seal")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::field(ErrorCode::SignatureMissing, "Seal", "the response carries no Seal"))?;
    if posted.len() > data::MAX_DATA_BYTES {
        return Err(Error::field(ErrorCode::TooLarge, "Data", "Data is larger than any genuine response"));
    }
    let key = config.key()?;
    if !seal::verify(posted.as_bytes(), received_seal, key, config.seal_algorithm)? {
        let other = match config.seal_algorithm {
            SealAlgorithm::HmacSha256 => SealAlgorithm::Sha256,
            SealAlgorithm::Sha256 => SealAlgorithm::HmacSha256,
        };
        let hint = if seal::verify(posted.as_bytes(), received_seal, key, other).unwrap_or(false) {
            " (it was computed with the other seal algorithm: check seal_algorithm)"
        } else {
            ""
        };
        return Err(Error::field(
            ErrorCode::SignatureMismatch,
            "Seal",
            format!("the Seal does not match the received Data and the shop's secret key{hint}"),
        ));
    }
    let text = decode(posted, get("Encode"))?;
    let pairs = data::parse(&text)?;
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    match value("merchantId") {
        Some(m) if m == config.merchant_id => {}
        Some(_) => {
            return Err(Error::field(
                ErrorCode::WrongShop,
                "merchantId",
                "the response is for another shop (merchantId)",
            ))
        }
        None => return Err(Error::missing("merchantId")),
    }
    let wrong = |field: &str| {
        Error::field(
            ErrorCode::WrongOrder,
            field,
            format!("the response is not for the expected payment ({field} differs)"),
        )
    };
    if let Some(reference) = &expected.transaction_reference {
        if value("transactionReference") != Some(reference.as_str()) {
            return Err(wrong("transactionReference"));
        }
    }
    if let Some(order) = &expected.order_id {
        if value("orderId") != Some(order.as_str()) {
            return Err(wrong("orderId"));
        }
    }
    if let Some(amount) = expected.amount {
        if value("amount") != Some(amount.to_string().as_str()) {
            return Err(wrong("amount"));
        }
    }
    classify(pairs, server_to_server)
}

/// The Data text behind the posted one: as is, or base64-decoded when `Encode=base64`.
pub fn decode(posted: &str, encode: Option<&str>) -> Result<String> {
    match encode.unwrap_or("") {
        "" => Ok(posted.to_owned()),
        e if e.eq_ignore_ascii_case("base64") => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(posted.trim())
                .map_err(|_| Error::field(ErrorCode::Malformed, "Data", "Data is not valid base64"))?;
            String::from_utf8(bytes).map_err(|_| Error::field(ErrorCode::Malformed, "Data", "Data is not valid UTF-8"))
        }
        _ => Err(Error::field(ErrorCode::InvalidValue, "Encode", "Encode must be base64 or empty")),
    }
}

/// Turn verified Data pairs into an [`Outcome`]. Never call this on unverified Data.
fn classify(pairs: Vec<(String, String)>, server_to_server: bool) -> Result<Outcome> {
    let fields: VerifiedFields = pairs.into_iter().collect();
    let get = |key: &str| fields.get(key).filter(|v| !v.is_empty() && *v != "null");
    let code = get("responseCode").ok_or_else(|| Error::missing("responseCode"))?;
    let (status, message) = match codes::response_code(code) {
        Some((status, meaning)) => (status, format!("responseCode {code}: {meaning}")),
        None => (Status::Error, format!("responseCode {code}: unknown response code")),
    };
    let mut details = BTreeMap::new();
    for (key, name) in [
        ("acquirerResponseCode", "acquirer_response_code"),
        ("authorisationId", "authorisation_id"),
        ("captureMode", "capture_mode"),
        ("captureDay", "capture_day"),
        ("captureLimitDate", "capture_limit_date"),
        ("paymentMeanType", "payment_mean_type"),
        ("paymentPattern", "payment_pattern"),
        ("maskedPan", "masked_pan"),
        ("transactionDateTime", "transaction_date_time"),
        ("returnContext", "return_context"),
        ("keyVersion", "key_version"),
    ] {
        if let Some(v) = get(key) {
            details.insert(name.to_owned(), v.to_owned());
        }
    }
    let currency = match get("currencyCode") {
        Some(c) => Some(Currency::parse(c, "currencyCode")?),
        None => None,
    };
    let amount = get("amount").map(|a| Amount::parse_minor(a, "amount")).transpose()?;
    // A shop migrated from Sips 1.0 identifies its transactions by s10TransactionReference (the 6-digit
    // s10TransactionId, unique per day, and its s10TransactionIdDate) instead of transactionReference (Worldline
    // Sips data dictionary, "s10TransactionReference"): the key is then built from both.
    let s10_id = get("s10TransactionReference.s10TransactionId").or_else(|| get("s10TransactionId"));
    let s10_date = get("s10TransactionReference.s10TransactionIdDate").or_else(|| get("s10TransactionIdDate"));
    let reference = get("transactionReference").map(str::to_owned);
    let merchant = get("merchantId").unwrap_or("");
    let idempotency_key = match (&reference, s10_id) {
        // Sips writes the id without its leading zeros in responses (`s10TransactionId=896`): the key uses
        // the six digits the shop sent.
        (None, Some(id)) => {
            let id = id.parse::<u32>().map(|n| format!("{n:06}")).unwrap_or_else(|_| id.to_owned());
            format!("sips:{merchant}:s10:{}:{id}", s10_date.unwrap_or(""))
        }
        _ => format!("sips:{merchant}:{}", reference.as_deref().unwrap_or("")),
    };
    let transaction_id = reference.clone().or_else(|| s10_id.map(str::to_owned));
    let three_ds = ThreeDSecure {
        auth_type: get("holderAuthentMethod").map(str::to_owned),
        enrolled: None,
        status: get("holderAuthentStatus").map(str::to_owned),
        cavv: None,
    };
    Ok(Outcome {
        gateway: Gateway::Sips,
        operation: crate::outcome::Operation::Payment,
        status,
        order_id: get("orderId").map(str::to_owned),
        transaction_id,
        gateway_reference: reference,
        amount,
        currency,
        code: code.to_owned(),
        message,
        details,
        card_brand: get("paymentMeanBrand").map(str::to_owned),
        three_ds,
        warranty: get("guaranteeIndicator").map(str::to_owned),
        server_to_server,
        idempotency_key,
        fields,
        unverified: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(algo: &str) -> SipsConfig {
        serde_json::from_str(&format!(
            r#"{{"merchant_id":"002001000000001","key_version":1,"secret_key":"dummy_secret","environment":"simu","seal_algorithm":"{algo}"}}"#
        ))
        .unwrap()
    }

    fn response(data: &str, algo: SealAlgorithm, encode: &str) -> Vec<(String, String)> {
        let posted =
            if encode.is_empty() { data.to_owned() } else { base64::engine::general_purpose::STANDARD.encode(data) };
        let s = seal::seal(posted.as_bytes(), &crate::Secret::from("dummy_secret"), algo).unwrap();
        vec![("Data".into(), posted), ("Seal".into(), s), ("Encode".into(), encode.into())]
    }

    const DATA: &str =
        "amount=2990|currencyCode=978|merchantId=002001000000001|responseCode=00|transactionReference=T1";

    #[test]
    fn both_algorithms_and_base64() {
        for (name, algo) in [("hmac-sha256", SealAlgorithm::HmacSha256), ("sha256", SealAlgorithm::Sha256)] {
            for encode in ["", "base64"] {
                let o =
                    verify_response(&config(name), &response(DATA, algo, encode), &Expected::default(), true).unwrap();
                assert_eq!((o.status, o.amount), (Status::Accepted, Some(Amount::from_minor(2990))));
            }
        }
        let e = verify_response(
            &config("hmac-sha256"),
            &response(DATA, SealAlgorithm::Sha256, ""),
            &Expected::default(),
            true,
        )
        .unwrap_err();
        assert!(e.message().contains("other seal algorithm"));
    }

    #[test]
    fn shop_and_order_checks() {
        let c = config("hmac-sha256");
        let other = DATA.replace("002001000000001", "011223344550000");
        let e = verify_response(&c, &response(&other, SealAlgorithm::HmacSha256, ""), &Expected::default(), true)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongShop);
        let expected = Expected { transaction_reference: Some("T2".into()), ..Expected::default() };
        let e = verify_response(&c, &response(DATA, SealAlgorithm::HmacSha256, ""), &expected, true).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongOrder);
        let mut tampered = response(DATA, SealAlgorithm::HmacSha256, "");
        tampered[0].1 = tampered[0].1.replace("2990", "2991");
        assert_eq!(
            verify_response(&c, &tampered, &Expected::default(), true).unwrap_err().code(),
            ErrorCode::SignatureMismatch
        );
    }
}
