//! Sips Office (JSON) server-to-server calls, sans-IO: cash management `refund`, `cancel`, `validate`
//! (capture) and the diagnostic `getTransactionData` (status) (Worldline Sips "Sips Office JSON" implementation
//! guide, WLSIPS.310; data dictionary, Office functions `refund`, `cancel`, `validate`, `getTransactionData`).
//!
//! **The Office seal.** A request and its answer are JSON objects sealed with the shop's secret key: the values
//! of the fields, the field names sorted alphabetically (nested objects likewise, list items in their order),
//! concatenated without separator, as UTF-8, then HMAC-SHA-256 in lowercase hex; `seal`, `keyVersion` and
//! `sealAlgorithm` are left out (Sips Office JSON guide, "Securing the exchanges"; Worldline's own sample
//! `sealCalculationPaypageJson.php` sorts the keys recursively and concatenates the values). cpay sends every
//! value as a JSON string; an answer's integers, `true`/`false` and nulls (nothing) are sealed as their JSON
//! text, and a fractional number is refused (its text could not be reproduced).
//!
//! Each builder checks its facts first (the refund rule [`crate::plan::refund::captured_minus_refunded`], no
//! cancellation of a captured payment, no capture above the authorisation or after `captureLimitDate`). An
//! answer is read strictly: a bounded JSON object whose seal must match (an unsealed answer is refused), whose
//! `merchantId` and `transactionReference`, where it carries them, must be the shop's and the transaction's;
//! only then is `responseCode` read.

use super::codes;
use super::config::SipsConfig;
use super::seal::{self, SealAlgorithm};
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::format::FieldFormat;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, Status, ThreeDSecure};
use crate::plan::refund::RefundCheck;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// `interfaceVersion` of the cash management calls (data dictionary, `refund`: "Recommended interfaceVersion").
pub const CASH_MANAGEMENT_INTERFACE: &str = "CR_WS_2.55";
/// `interfaceVersion` of the diagnostic calls (`DR_WS_` prefix, data dictionary "interfaceVersion"; 2.9 is the
/// version known to answer `getTransactionData` with `transactionStatus`).
pub const DIAGNOSTIC_INTERFACE: &str = "DR_WS_2.9";
/// The largest answer read.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Fields left out of the Office seal.
const UNSEALED: [&str; 3] = ["seal", "keyVersion", "sealAlgorithm"];

/// A refund of a captured transaction.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SipsRefundRequest")]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    /// `transactionReference` of the payment.
    pub transaction_reference: String,
    /// `operationAmount`, minor units.
    pub amount: Amount,
    /// Currency of the payment (EUR by default).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The facts the refund rule needs (dates, captured and already refunded amounts).
    #[serde(flatten)]
    pub check: RefundCheck,
}

/// A cancellation (in full or in part) of a transaction not captured.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SipsCancelRequest")]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// `transactionReference` of the payment.
    pub transaction_reference: String,
    /// `operationAmount` to cancel, minor units.
    pub amount: Amount,
    /// Currency of the payment (EUR by default).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The amount authorised, minor units.
    pub authorised: Amount,
    /// What was captured so far, minor units: a captured transaction is refunded, never cancelled.
    pub captured: Amount,
}

/// A validation (capture) of a transaction authorised with `captureMode=VALIDATION`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SipsCaptureRequest")]
#[serde(deny_unknown_fields)]
pub struct CaptureRequest {
    /// `transactionReference` of the payment.
    pub transaction_reference: String,
    /// `operationAmount` to validate, minor units.
    pub amount: Amount,
    /// Currency of the payment (EUR by default).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The amount authorised, minor units.
    pub authorised: Amount,
    /// `captureLimitDate` of the payment's response (`YYYYMMDD`): no validation after that day.
    #[serde(default)]
    pub capture_limit_date: Option<String>,
    /// Now (cpay never reads the clock); needed with `capture_limit_date`.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub now: Option<OffsetDateTime>,
}

/// What the shop expects an Office answer to be about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SipsAnswerExpected")]
#[serde(deny_unknown_fields)]
pub struct AnswerExpected {
    /// `transactionReference` of the call.
    pub transaction_reference: String,
}

fn eur() -> Currency {
    Currency::EUR
}

/// The Office cash management actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `cashManagement/refund`.
    Refund,
    /// `cashManagement/cancel`.
    Cancel,
    /// `cashManagement/validate`.
    Capture,
}

impl Action {
    fn operation(self) -> Operation {
        match self {
            Action::Refund => Operation::Refund,
            Action::Cancel => Operation::Cancellation,
            Action::Capture => Operation::Capture,
        }
    }
}

/// The text the Office seal covers: the values of `object`'s fields in key order, recursively, without the
/// fields `seal`, `keyVersion` and `sealAlgorithm` of the top level.
pub fn seal_text(object: &Map<String, Value>) -> Result<String> {
    let mut out = String::new();
    let mut keys: Vec<&String> = object.keys().filter(|k| !UNSEALED.contains(&k.as_str())).collect();
    keys.sort_unstable();
    for key in keys {
        push_value(&object[key.as_str()], &mut out, key, 0)?;
    }
    Ok(out)
}

fn push_value(value: &Value, out: &mut String, field: &str, depth: usize) -> Result<()> {
    if depth > 16 {
        return Err(Error::field(ErrorCode::TooLarge, field, "the answer nests more than 16 levels"));
    }
    match value {
        Value::String(s) => out.push_str(s),
        Value::Number(n) if n.is_i64() || n.is_u64() => out.push_str(&n.to_string()),
        Value::Number(_) => {
            return Err(Error::field(ErrorCode::Malformed, field, format!("{field} is a fractional number")));
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                push_value(item, out, field, depth + 1)?;
            }
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            for key in keys {
                push_value(&map[key.as_str()], out, field, depth + 1)?;
            }
        }
    }
    Ok(())
}

/// The sealed POST of `fields` (plus merchantId, keyVersion, interfaceVersion, seal) to `path`.
fn post(config: &SipsConfig, path: &str, interface: &str, fields: Vec<(&str, String)>) -> Result<HttpRequest> {
    config.validate()?;
    let base = config.office_base()?;
    let key = config.key()?;
    let mut object = Map::new();
    object.insert("interfaceVersion".to_owned(), Value::String(interface.to_owned()));
    object.insert("keyVersion".to_owned(), Value::String(config.key_version.to_string()));
    object.insert("merchantId".to_owned(), Value::String(config.merchant_id.clone()));
    for (name, value) in fields {
        object.insert(name.to_owned(), Value::String(value));
    }
    let sealed = seal::seal(seal_text(&object)?.as_bytes(), key, SealAlgorithm::HmacSha256)?;
    object.insert("seal".to_owned(), Value::String(sealed));
    object.sort_keys();
    let body = Value::Object(object).to_string();
    Ok(HttpRequest::post(format!("{base}/{path}"), "application/json", body).with_header("Accept", "application/json"))
}

fn check_reference(reference: &str) -> Result<()> {
    if reference.is_empty() {
        return Err(Error::missing("transactionReference"));
    }
    FieldFormat::notation("an..35").check("transactionReference", reference)
}

fn amount_fields(reference: &str, amount: Amount, currency: Currency) -> Vec<(&'static str, String)> {
    vec![
        ("currencyCode", currency.numeric_str()),
        ("operationAmount", amount.to_string()),
        ("transactionReference", reference.to_owned()),
    ]
}

/// `cashManagement/refund` once the refund rule allows the amount.
pub fn refund(config: &SipsConfig, request: &RefundRequest) -> Result<HttpRequest> {
    check_reference(&request.transaction_reference)?;
    let decision = crate::plan::refund::captured_minus_refunded(&request.check, request.amount);
    if !decision.allowed {
        return Err(Error::field(ErrorCode::RefundNotAllowed, "operationAmount", decision.reason));
    }
    let fields = amount_fields(&request.transaction_reference, request.amount, request.currency);
    post(config, "rs-services/v2/cashManagement/refund", CASH_MANAGEMENT_INTERFACE, fields)
}

/// `cashManagement/cancel` of (part of) an authorisation nothing of which was captured.
pub fn cancel(config: &SipsConfig, request: &CancelRequest) -> Result<HttpRequest> {
    check_reference(&request.transaction_reference)?;
    if request.captured != Amount::ZERO {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "operationAmount",
            "this transaction was captured: refund it (sips.refund) instead of cancelling it",
        ));
    }
    if request.amount == Amount::ZERO || request.amount > request.authorised {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "operationAmount",
            format!("the cancelled amount must be between 1 and the authorised {}", request.authorised),
        ));
    }
    let fields = amount_fields(&request.transaction_reference, request.amount, request.currency);
    post(config, "rs-services/v2/cashManagement/cancel", CASH_MANAGEMENT_INTERFACE, fields)
}

/// `cashManagement/validate` for at most the authorised amount, not after `captureLimitDate`.
pub fn capture(config: &SipsConfig, request: &CaptureRequest) -> Result<HttpRequest> {
    check_reference(&request.transaction_reference)?;
    if request.amount == Amount::ZERO || request.amount > request.authorised {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "operationAmount",
            format!("the validated amount must be between 1 and the authorised {}", request.authorised),
        ));
    }
    if let Some(limit) = &request.capture_limit_date {
        let limit = parse_date(limit)?;
        let now = request
            .now
            .ok_or_else(|| Error::field(ErrorCode::MissingField, "now", "now is needed to check captureLimitDate"))?;
        if now.to_offset(time::UtcOffset::UTC).date() > limit {
            return Err(Error::field(
                ErrorCode::NotAllowed,
                "captureLimitDate",
                "the capture window of this transaction is over (captureLimitDate has passed)",
            ));
        }
    }
    let fields = amount_fields(&request.transaction_reference, request.amount, request.currency);
    post(config, "rs-services/v2/cashManagement/validate", CASH_MANAGEMENT_INTERFACE, fields)
}

/// `diagnostic/getTransactionData` for a transaction's current state.
pub fn status(config: &SipsConfig, transaction_reference: &str) -> Result<HttpRequest> {
    check_reference(transaction_reference)?;
    let fields = vec![("transactionReference", transaction_reference.to_owned())];
    post(config, "rs-services/v2/diagnostic/getTransactionData", DIAGNOSTIC_INTERFACE, fields)
}

fn parse_date(text: &str) -> Result<time::Date> {
    let bad = || Error::field(ErrorCode::InvalidFormat, "captureLimitDate", "captureLimitDate must be YYYYMMDD");
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = text[..4].parse().map_err(|_| bad())?;
    let month: u8 = text[4..6].parse().map_err(|_| bad())?;
    let day: u8 = text[6..].parse().map_err(|_| bad())?;
    let month = time::Month::try_from(month).map_err(|_| bad())?;
    time::Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

/// Parse an Office answer and verify its seal; the object without its seal.
pub fn verify_seal(config: &SipsConfig, response: &HttpResponse) -> Result<Map<String, Value>> {
    if response.status != 200 {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            format!("Sips Office answered HTTP {}", response.status),
        ));
    }
    if response.body.len() > MAX_ANSWER_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the Office answer is {} bytes; at most {MAX_ANSWER_BYTES} are accepted", response.body.len()),
        ));
    }
    let object = match serde_json::from_str::<Value>(&response.body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(Error::general(ErrorCode::UnexpectedResponse, "the Office answer is not a JSON object")),
        Err(_) => return Err(Error::general(ErrorCode::Malformed, "the Office answer is not valid JSON")),
    };
    let key = config.key()?;
    let Some(received) = object.get("seal").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        let code = object.get("responseCode").and_then(Value::as_str).map(printable).unwrap_or_default();
        let said = if code.is_empty() { String::new() } else { format!(" (it claims responseCode {code})") };
        return Err(Error::field(
            ErrorCode::SignatureMissing,
            "seal",
            format!("the Office answer carries no seal{said}"),
        ));
    };
    if !seal::verify(seal_text(&object)?.as_bytes(), received, key, SealAlgorithm::HmacSha256)? {
        return Err(Error::field(
            ErrorCode::SignatureMismatch,
            "seal",
            "the seal does not match the answer's fields and the shop's secret key",
        ));
    }
    Ok(object)
}

/// Read an Office answer: seal, shop and transaction, then `responseCode` (and for a status query,
/// `transactionStatus`). `action` is `None` for `getTransactionData`.
pub fn verify_answer(
    config: &SipsConfig,
    response: &HttpResponse,
    expected: &AnswerExpected,
    action: Option<Action>,
) -> Result<Outcome> {
    let object = verify_seal(config, response)?;
    let fields: VerifiedFields = object
        .iter()
        .filter_map(|(key, value)| match value {
            Value::String(s) => Some((key, s.clone())),
            Value::Null => None,
            other => Some((key, other.to_string())),
        })
        .collect();
    let get = |key: &str| fields.get(key).filter(|v| !v.is_empty());
    if let Some(merchant) = get("merchantId") {
        if merchant != config.merchant_id {
            return Err(Error::field(
                ErrorCode::WrongShop,
                "merchantId",
                "the answer is for another shop (merchantId)",
            ));
        }
    }
    if let Some(reference) = get("transactionReference") {
        if reference != expected.transaction_reference {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "transactionReference",
                "the answer is about another transaction (transactionReference differs)",
            ));
        }
    }
    let code = get("responseCode").ok_or_else(|| Error::missing("responseCode"))?;
    let known = codes::response_code(code);
    let (operation, status, message) = match (known, action) {
        (Some((Status::Accepted, meaning)), Some(action)) => {
            (action.operation(), Status::Accepted, format!("responseCode {code}: {meaning}"))
        }
        (Some((Status::Pending, meaning)), Some(action)) => {
            (action.operation(), Status::Pending, format!("responseCode {code}: {meaning}"))
        }
        (Some((Status::Accepted, _)), None) => {
            let state = get("transactionStatus").ok_or_else(|| Error::missing("transactionStatus"))?;
            let (operation, status, meaning) = match transaction_status(state) {
                Some(found) => found,
                None => (Operation::Payment, Status::Pending, "unknown transactionStatus: query again later"),
            };
            (operation, status, format!("transactionStatus {}: {meaning}", printable(state)))
        }
        (found, _) => {
            let meaning = found.map_or("unknown response code", |(_, meaning)| meaning);
            return Err(Error::field(
                ErrorCode::GatewayError,
                "responseCode",
                format!("Sips Office refused the call: responseCode {}: {meaning}", printable(code)),
            )
            .with_gateway_code(printable(code)));
        }
    };
    let mut details = BTreeMap::new();
    for (key, name) in [
        ("acquirerResponseCode", "acquirer_response_code"),
        ("authorisationId", "authorisation_id"),
        ("newStatus", "new_status"),
        ("newAmount", "new_amount"),
        ("operationDateTime", "operation_date_time"),
        ("transactionStatus", "transaction_status"),
        ("captureLimitDate", "capture_limit_date"),
        ("errorFieldName", "error_field_name"),
    ] {
        if let Some(v) = get(key) {
            details.insert(name.to_owned(), v.to_owned());
        }
    }
    let currency = get("currencyCode").map(|c| Currency::parse(c, "currencyCode")).transpose()?;
    let amount = get("operationAmount").or(get("amount")).map(|a| Amount::parse_minor(a, "amount")).transpose()?;
    let reference = expected.transaction_reference.clone();
    let mut idempotency_key = format!("sips:{}:{reference}", config.merchant_id);
    if operation != Operation::Payment {
        idempotency_key.push(':');
        idempotency_key.push_str(operation.name());
        if let Some(at) = get("operationDateTime") {
            idempotency_key.push(':');
            idempotency_key.push_str(at);
        }
    }
    Ok(Outcome {
        gateway: Gateway::Sips,
        operation,
        status,
        order_id: get("orderId").map(str::to_owned),
        transaction_id: Some(reference.clone()),
        gateway_reference: Some(reference),
        amount,
        currency,
        code: code.to_owned(),
        message,
        details,
        card_brand: get("paymentMeanBrand").map(str::to_owned),
        three_ds: ThreeDSecure::default(),
        warranty: None,
        server_to_server: true,
        idempotency_key,
        unverified: Default::default(),
        fields,
    })
}

/// `transactionStatus` of `getTransactionData` (data dictionary, `transactionStatus`, list of values): which
/// operation the transaction's state reports and how it went. Unknown values are `None` (never "accepted").
pub fn transaction_status(value: &str) -> Option<(Operation, Status, &'static str)> {
    use Operation::{Cancellation, Capture, Payment, Refund};
    Some(match value {
        "TO_AUTHORIZE" | "AUTHORISATION_REQUESTED" | "WAITING_AUTHOR" => {
            (Payment, Status::Pending, "the authorisation is not known yet")
        }
        "TO_CHALLENGE" => (Payment, Status::Pending, "held for the merchant's fraud review"),
        "TO_VALIDATE" => (Payment, Status::Accepted, "authorised, waiting for the shop's validation"),
        "TO_CAPTURE" => (Payment, Status::Accepted, "authorised, to be captured"),
        "CAPTURED" => (Capture, Status::Accepted, "captured"),
        "CAPTURE_REFUSED" => (Capture, Status::Refused, "the capture was refused"),
        "REFUSED" => (Payment, Status::Refused, "authorisation refused"),
        "EXPIRED" => (Payment, Status::Cancelled, "the authorisation expired before it was captured"),
        "CANCELLED" => (Cancellation, Status::Accepted, "cancelled"),
        "TO_CREDIT" => (Refund, Status::Accepted, "refunded, to be sent with the next remittance"),
        "CREDITED" => (Refund, Status::Accepted, "refunded"),
        _ => return None,
    })
}

/// A gateway-sent text fit for a message: printable ASCII only, at most 80 characters.
fn printable(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use time::macros::datetime;

    fn config() -> SipsConfig {
        serde_json::from_str(
            r#"{"merchant_id":"002001000000001","key_version":1,"secret_key":"002001000000001_KEY1","environment":"test"}"#,
        )
        .unwrap()
    }

    fn check(captured: u64, refunded: u64) -> RefundCheck {
        RefundCheck {
            option: None,
            paid_at: datetime!(2026-03-10 10:00 UTC),
            now: datetime!(2026-03-12 10:00 UTC),
            captured: Amount::from_minor(captured),
            refunded: Amount::from_minor(refunded),
        }
    }

    #[test]
    fn refund_request_is_sealed_over_sorted_values() {
        let r = refund(
            &config(),
            &RefundRequest {
                transaction_reference: "CPAY1".into(),
                amount: Amount::from_minor(500),
                currency: Currency::EUR,
                check: check(2990, 0),
            },
        )
        .unwrap();
        assert_eq!(r.url, "https://office-server.test.sips-services.com/rs-services/v2/cashManagement/refund");
        let body: Map<String, Value> = serde_json::from_str(&r.body).unwrap();
        // currencyCode, interfaceVersion, merchantId, operationAmount, transactionReference (keyVersion left out).
        let text = format!("978{CASH_MANAGEMENT_INTERFACE}002001000000001500CPAY1");
        assert_eq!(seal_text(&body).unwrap(), text);
        let expected = seal::seal(text.as_bytes(), &Secret::from("002001000000001_KEY1"), SealAlgorithm::HmacSha256);
        assert_eq!(body["seal"], expected.unwrap());
        assert_eq!(body["keyVersion"], "1");
        let e = refund(
            &config(),
            &RefundRequest {
                transaction_reference: "CPAY1".into(),
                amount: Amount::from_minor(2491),
                currency: Currency::EUR,
                check: check(2990, 500),
            },
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::RefundNotAllowed, Some("operationAmount")));
    }

    #[test]
    fn cancel_and_capture_rules() {
        let cancel_of = |captured| CancelRequest {
            transaction_reference: "CPAY1".into(),
            amount: Amount::from_minor(1000),
            currency: Currency::EUR,
            authorised: Amount::from_minor(2990),
            captured: Amount::from_minor(captured),
        };
        assert!(cancel(&config(), &cancel_of(0)).unwrap().url.ends_with("/cashManagement/cancel"));
        assert_eq!(cancel(&config(), &cancel_of(2990)).unwrap_err().code(), ErrorCode::NotAllowed);
        let capture_of = |now| CaptureRequest {
            transaction_reference: "CPAY1".into(),
            amount: Amount::from_minor(2990),
            currency: Currency::EUR,
            authorised: Amount::from_minor(2990),
            capture_limit_date: Some("20260316".into()),
            now,
        };
        assert!(capture(&config(), &capture_of(Some(datetime!(2026-03-16 23:59 UTC)))).is_ok());
        let e = capture(&config(), &capture_of(Some(datetime!(2026-03-17 00:00 UTC)))).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::NotAllowed, Some("captureLimitDate")));
        assert_eq!(capture(&config(), &capture_of(None)).unwrap_err().field_name(), Some("now"));
        let s = status(&config(), "CPAY1").unwrap();
        assert!(s.url.ends_with("/rs-services/v2/diagnostic/getTransactionData"));
    }

    fn sealed(mut object: Map<String, Value>, key: &str) -> HttpResponse {
        let s = seal::seal(seal_text(&object).unwrap().as_bytes(), &Secret::from(key), SealAlgorithm::HmacSha256);
        object.insert("seal".into(), Value::String(s.unwrap()));
        HttpResponse { status: 200, headers: BTreeMap::new(), body: Value::Object(object).to_string() }
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn answers_are_sealed_and_checked() {
        let expected = AnswerExpected { transaction_reference: "CPAY1".into() };
        let ok = object(serde_json::json!({
            "acquirerResponseCode": "00", "newAmount": 2490, "newStatus": "TO_CREDIT",
            "operationDateTime": "2026-03-12T10:00:00+01:00", "responseCode": "00"
        }));
        let o = verify_answer(&config(), &sealed(ok.clone(), "002001000000001_KEY1"), &expected, Some(Action::Refund))
            .unwrap();
        assert_eq!((o.operation, o.status), (Operation::Refund, Status::Accepted));
        assert_eq!(o.idempotency_key, "sips:002001000000001:CPAY1:refund:2026-03-12T10:00:00+01:00");
        let e = verify_answer(&config(), &sealed(ok.clone(), "another key"), &expected, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch);
        let mut unsealed = sealed(ok.clone(), "002001000000001_KEY1");
        unsealed.body = serde_json::to_string(&ok).unwrap();
        assert_eq!(
            verify_answer(&config(), &unsealed, &expected, None).unwrap_err().code(),
            ErrorCode::SignatureMissing
        );
        let mut other_shop = ok.clone();
        other_shop.insert("merchantId".into(), "011223344550000".into());
        let e = verify_answer(&config(), &sealed(other_shop, "002001000000001_KEY1"), &expected, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongShop);
        let mut other_tx = ok.clone();
        other_tx.insert("transactionReference".into(), "CPAY2".into());
        let e = verify_answer(&config(), &sealed(other_tx, "002001000000001_KEY1"), &expected, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongOrder);
        let mut refused = ok.clone();
        refused.insert("responseCode".into(), "24".into());
        let e = verify_answer(&config(), &sealed(refused, "002001000000001_KEY1"), &expected, Some(Action::Cancel))
            .unwrap_err();
        assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("24")));
        let mut status = ok.clone();
        status.insert("transactionStatus".into(), "SOMETHING_NEW".into());
        let o = verify_answer(&config(), &sealed(status, "002001000000001_KEY1"), &expected, None).unwrap();
        assert_eq!((o.operation, o.status), (Operation::Payment, Status::Pending));
        let mut float = ok;
        float.insert("amount".into(), serde_json::json!(1.5));
        let body = serde_json::to_string(&float).unwrap();
        let r = HttpResponse { status: 200, headers: BTreeMap::new(), body: body.replace('}', ",\"seal\":\"00\"}") };
        assert_eq!(verify_answer(&config(), &r, &expected, None).unwrap_err().code(), ErrorCode::Malformed);
    }

    #[test]
    fn nested_values_seal_in_key_order() {
        let o = object(
            serde_json::json!({"b": {"y": "2", "x": "1"}, "a": [3, true, null], "keyVersion": "1", "seal": "s"}),
        );
        assert_eq!(seal_text(&o).unwrap(), "3true12");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(body in ".{0,300}") {
            let r = HttpResponse { status: 200, headers: BTreeMap::new(), body };
            let _ = verify_answer(&config(), &r, &AnswerExpected { transaction_reference: "T".into() }, None);
        }
    }
}
