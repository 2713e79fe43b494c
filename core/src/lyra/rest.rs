//! The Lyra REST web services (Lyra REST API V4 documentation), sans-IO: refund, cancel, validate and query a
//! transaction.
//!
//! Each function returns an [`HttpRequest`] (JSON body, HTTP Basic `site_id:password`) for the shop to send;
//! [`parse_answer`] reads what came back. A refund request is only built once the Cpay refund rule of the
//! Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Effectuer un remboursement", allows it
//! ([`crate::plan::refund`]).

use super::config::LyraConfig;
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use crate::plan::refund::{self, RefundCheck};
use serde_json::{json, Value};

/// The largest answer body read (transaction details are a few KiB).
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// What a refund needs: the transaction and the facts the Cpay rule looks at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraRefundRequest")]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    /// `vads_trans_uuid` of the payment.
    pub uuid: String,
    /// Amount to refund, minor units.
    pub amount: Amount,
    /// Currency of the payment.
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The facts the refund rule needs (option, dates, captured and refunded amounts).
    #[serde(flatten)]
    pub check: RefundCheck,
    /// A comment kept with the operation.
    #[serde(default)]
    pub comment: Option<String>,
}

fn eur() -> Currency {
    Currency::EUR
}

fn endpoint(config: &LyraConfig, path: &str) -> Result<String> {
    let base = config.platform.rest_url().ok_or_else(|| {
        Error::field(
            ErrorCode::MissingField,
            "rest_url",
            "this platform's REST URL is not known: configure a custom platform with rest_url",
        )
    })?;
    Ok(format!("{}/{path}", base.trim_end_matches('/')))
}

pub(crate) fn post(config: &LyraConfig, path: &str, body: Value) -> Result<HttpRequest> {
    let password = config.rest_password.as_ref().filter(|p| !p.is_empty()).ok_or_else(|| {
        Error::field(
            ErrorCode::InvalidKey,
            "config.rest_password",
            "the REST API password is needed for web service calls: set config.rest_password",
        )
    })?;
    let request = HttpRequest::post(endpoint(config, path)?, "application/json", body.to_string())
        .with_header("Accept", "application/json")
        .with_basic_auth(&config.site_id, password.expose());
    Ok(request)
}

fn check_uuid(uuid: &str) -> Result<()> {
    if uuid.len() == 32 && uuid.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(Error::field(
            ErrorCode::InvalidFormat,
            "uuid",
            "uuid must be the 32 hexadecimal characters of vads_trans_uuid",
        ))
    }
}

/// `V4/Transaction/CancelOrRefund` with `REFUND_ONLY`, once the Cpay refund rule allows `amount`.
pub fn refund(config: &LyraConfig, request: &RefundRequest) -> Result<HttpRequest> {
    check_uuid(&request.uuid)?;
    let decision = refund::lyra_cpay(&request.check, request.amount);
    if !decision.allowed {
        return Err(Error::field(ErrorCode::RefundNotAllowed, "amount", decision.reason));
    }
    let mut body = json!({
        "uuid": request.uuid,
        "amount": request.amount.minor(),
        "currency": request.currency.alpha(),
        "resolutionMode": "REFUND_ONLY",
    });
    if let Some(comment) = &request.comment {
        body["comment"] = json!(comment);
    }
    post(config, "V4/Transaction/CancelOrRefund", body)
}

/// `V4/Transaction/CancelOrRefund` with `CANCELLATION_ONLY` (a transaction not yet captured).
pub fn cancel(config: &LyraConfig, uuid: &str, comment: Option<&str>) -> Result<HttpRequest> {
    check_uuid(uuid)?;
    let mut body = json!({ "uuid": uuid, "resolutionMode": "CANCELLATION_ONLY" });
    if let Some(comment) = comment {
        body["comment"] = json!(comment);
    }
    post(config, "V4/Transaction/CancelOrRefund", body)
}

/// `V4/Transaction/Validate`: validate a transaction created with manual validation.
pub fn validate(config: &LyraConfig, uuid: &str, comment: Option<&str>) -> Result<HttpRequest> {
    check_uuid(uuid)?;
    let mut body = json!({ "uuid": uuid });
    if let Some(comment) = comment {
        body["comment"] = json!(comment);
    }
    post(config, "V4/Transaction/Validate", body)
}

/// `V4/Transaction/Get`: the current state of a transaction.
pub fn get(config: &LyraConfig, uuid: &str) -> Result<HttpRequest> {
    check_uuid(uuid)?;
    post(config, "V4/Transaction/Get", json!({ "uuid": uuid }))
}

/// What `Transaction/Update` changes: the amount of a payment not yet captured.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraUpdateRequest")]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    /// `vads_trans_uuid` of the payment.
    pub uuid: String,
    /// The new amount, minor units (more than 0).
    pub amount: Amount,
    /// Currency of the payment.
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The amount authorised: the new amount may not exceed it (the platform only lowers an amount).
    #[serde(default)]
    pub authorised: Option<Amount>,
    /// A comment kept with the operation.
    #[serde(default)]
    pub comment: Option<String>,
}

/// `V4/Transaction/Update` (`cardUpdate.amount`): change the amount of a payment before it is captured.
///
/// Lyra REST API V4, "Transaction/Update": the amount can only be lowered, and only while the transaction
/// is not captured (the platform answers `PSP_…` errors otherwise, read by the answer operation).
pub fn update(config: &LyraConfig, request: &UpdateRequest) -> Result<HttpRequest> {
    check_uuid(&request.uuid)?;
    if request.amount.minor() == 0 {
        return Err(Error::field(ErrorCode::InvalidValue, "amount", "the new amount must be more than 0"));
    }
    if let Some(authorised) = request.authorised {
        if request.amount > authorised {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "amount",
                format!(
                    "the new amount {} is above the authorised {authorised}: it can only be lowered",
                    request.amount
                ),
            ));
        }
    }
    let mut body = json!({
        "uuid": request.uuid,
        "cardUpdate": { "amount": request.amount.minor(), "currency": request.currency.alpha() },
    });
    if let Some(comment) = &request.comment {
        body["comment"] = json!(comment);
    }
    post(config, "V4/Transaction/Update", body)
}

/// `V4/Order/Get` (`orderId`): every transaction of an order, for a shop that knows only its order id
/// (an IPN that never came carried the uuid).
pub fn order_get(config: &LyraConfig, order_id: &str) -> Result<HttpRequest> {
    if order_id.is_empty() || order_id.len() > 64 || order_id.chars().any(char::is_control) {
        return Err(Error::field(
            ErrorCode::InvalidFormat,
            "order_id",
            "order_id must be the vads_order_id of the payment (1 to 64 characters, no control character)",
        ));
    }
    post(config, "V4/Order/Get", json!({ "orderId": order_id }))
}

/// Read a REST answer: the `answer` object of a `SUCCESS`, or a [`ErrorCode::GatewayError`] carrying
/// `errorCode` for an `ERROR`.
pub fn parse_answer(response: &HttpResponse) -> Result<Value> {
    if response.body.len() > MAX_ANSWER_BYTES {
        return Err(Error::general(ErrorCode::TooLarge, "the REST answer is larger than 1 MiB"));
    }
    response.check_credentials("config.rest_password", "config.site_id")?;
    let envelope: Value = serde_json::from_str(&response.body).map_err(|_| {
        Error::general(ErrorCode::UnexpectedResponse, format!("the REST answer (HTTP {}) is not JSON", response.status))
    })?;
    let status = envelope.get("status").and_then(Value::as_str);
    let answer = envelope.get("answer").cloned().unwrap_or(Value::Null);
    match status {
        Some("SUCCESS") if response.status == 200 => Ok(answer),
        Some("ERROR") => {
            let text = |k: &str| answer.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let code = text("errorCode");
            let detail = text("detailedErrorMessage");
            let mut message = format!("the platform answered error {code}: {}", text("errorMessage"));
            if !detail.is_empty() {
                message.push_str(&format!(" ({detail})"));
            }
            Err(Error::general(ErrorCode::GatewayError, message).with_gateway_code(code))
        }
        _ => Err(Error::general(
            ErrorCode::UnexpectedResponse,
            format!("the REST answer (HTTP {}) has no SUCCESS or ERROR status", response.status),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lyra::{Mode, Platform};
    use crate::secret::Secret;

    fn config() -> LyraConfig {
        let mut c = LyraConfig::new(Platform::Sogecommerce, "12345678", Mode::Test, Secret::from("k"));
        c.rest_password = Some(Secret::from("testpassword_SECRET"));
        c
    }

    #[test]
    fn get_request_shape() {
        let r = get(&config(), "0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(r.url, "https://api-sogecommerce.societegenerale.eu/api-payment/V4/Transaction/Get");
        assert_eq!(r.body, r#"{"uuid":"0123456789abcdef0123456789abcdef"}"#);
        assert!(r.headers["Authorization"].starts_with("Basic "));
        assert!(!format!("{r:?}").contains("SECRET"));
        assert_eq!(get(&config(), "nope").unwrap_err().field_name(), Some("uuid"));
    }

    #[test]
    fn answers() {
        let ok = HttpResponse {
            status: 200,
            headers: Default::default(),
            body: r#"{"status":"SUCCESS","answer":{"uuid":"x"}}"#.into(),
        };
        assert_eq!(parse_answer(&ok).unwrap()["uuid"], "x");
        let err = HttpResponse {
            status: 200,
            headers: Default::default(),
            body: r#"{"status":"ERROR","answer":{"errorCode":"PSP_010","errorMessage":"transaction not found"}}"#
                .into(),
        };
        let e = parse_answer(&err).unwrap_err();
        assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("PSP_010")));
        let huge = HttpResponse { status: 200, headers: Default::default(), body: " ".repeat(MAX_ANSWER_BYTES + 1) };
        assert_eq!(parse_answer(&huge).unwrap_err().code(), ErrorCode::TooLarge);
        let html = HttpResponse { status: 502, headers: Default::default(), body: "<html>".into() };
        assert_eq!(parse_answer(&html).unwrap_err().code(), ErrorCode::UnexpectedResponse);
    }
}
