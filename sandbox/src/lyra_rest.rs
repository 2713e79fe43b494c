//! The emulated Lyra REST web services (Lyra REST API V4 reference) under `/lyra/api-payment/V4/…`: the calls
//! cpay-core's `lyra.refund`, `lyra.cancel`, `lyra.capture`, `lyra.status` and `lyra.order_status` build —
//! `Transaction/CancelOrRefund` (`REFUND_ONLY`, `CANCELLATION_ONLY`, or neither: cancel what is not captured,
//! refund what is), `Transaction/Cancel`, `Transaction/Validate`, `Transaction/Update` (`cardUpdate.amount`,
//! lowered before capture: `lyra.update`), `Transaction/Get` and `Order/Get`.
//!
//! - **Authentication** (REST API V4, "Authentication phase"): HTTP Basic `site_id:password`, the password of the
//!   shop's TEST or PRODUCTION mode; the mode whose password matched is the only one whose transactions the call
//!   sees. Anything else is answered **401** with the `INT_905` error envelope.
//! - **Answers** (REST API V4, "Specifications of REST data exchange"): the `V4/WebService/Response` envelope,
//!   `status: SUCCESS` with the `V4/Transaction` (or `V4/OrderTransactions`) in `answer`, or `status: ERROR` with
//!   `errorCode`/`errorMessage`/`detailedErrorCode`/`detailedErrorMessage` in `answer` (REST API V4, "Error
//!   codes"), HTTP 200 in both cases as the platform answers.
//! - **Money** goes through the sandbox's ledger ([`crate::store::Store::record_operation`]): a refund above what is
//!   captured and not yet refunded, a cancel after a refund, a second validation are refused.
//! - **Notifications**: a refund or a cancellation made here (or "in the back office", [`back_office_refund`])
//!   sends the IPN the platform sends when the shop's Back Office has the rule "URL de notification sur une
//!   opération provenant du Back Office" (Lyra "Guide d'implémentation API Formulaire", "Analyser la nature de la
//!   notification": `vads_url_check_src=MERCH_BO`, the rule the platform applies to operations made in the Back
//!   Office and through its web services): a refund is its own transaction (`vads_operation_type=CREDIT`, its own
//!   `vads_trans_uuid`, `vads_amount` the refunded amount), a cancellation reports the payment
//!   (`vads_trans_status=CANCELLED`). The platform posts it to the URL of that rule; the sandbox has no Back Office
//!   settings and posts it to the payment's `vads_url_check`.

use crate::config::LyraShop;
use crate::ids;
use crate::lyra::card_used;
use crate::notify::{self, Outgoing};
use crate::store::{Operation, OperationRow, Payment, Refusal};
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use cpay_core::lyra::{signature, Mode};
use cpay_core::urlencoded;
use cpay_core::Currency;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A call the platform refuses: the HTTP status and the error of the `answer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestError {
    /// 401 for credentials, 404 for a web service the sandbox does not emulate, 200 otherwise (the platform
    /// answers business errors with HTTP 200 and `status: ERROR`).
    pub http: u16,
    /// `errorCode` (`INT_905`, `PSP_010`, …).
    pub code: &'static str,
    /// `errorMessage`.
    pub message: &'static str,
    /// `detailedErrorCode` (the sandbox's precise reason, upper snake case), if any.
    pub detailed_code: Option<&'static str>,
    /// `detailedErrorMessage`.
    pub detail: String,
}

impl RestError {
    fn new(http: u16, code: &'static str, message: &'static str, detail: impl Into<String>) -> RestError {
        RestError { http, code, message, detailed_code: None, detail: detail.into() }
    }

    /// Wrong or missing credentials (`INT_905`, the code the platform gives a wrong shop id or password).
    fn credentials() -> RestError {
        RestError::new(
            401,
            "INT_905",
            "invalid login or private key",
            "HTTP Basic authentication with the shop id and its REST API password (TEST or PRODUCTION) is required",
        )
    }

    /// Invalid input (`INT_902`, "web-service input data validation error").
    fn input(detail: impl Into<String>) -> RestError {
        RestError::new(200, "INT_902", "web-service input data validation error", detail)
    }

    /// No such transaction for this shop and mode (`PSP_010`).
    fn not_found() -> RestError {
        RestError::new(200, "PSP_010", "transaction not found", "no transaction of this shop and mode has this uuid")
    }

    /// The ledger's refusal as the platform's error.
    pub fn refusal(refusal: &Refusal) -> RestError {
        let (code, message, detailed) = match refusal {
            Refusal::UnknownPayment => return RestError::not_found(),
            Refusal::ZeroAmount => return RestError::input("amount must be more than 0"),
            Refusal::AboveRefundable { .. } => ("PSP_098", "refund amount too high", "AMOUNT_ABOVE_REFUNDABLE"),
            Refusal::NotCaptured => ("PSP_100", "invalid transaction status", "TRANSACTION_NOT_CAPTURED"),
            Refusal::AlreadyCaptured => ("PSP_100", "invalid transaction status", "TRANSACTION_ALREADY_CAPTURED"),
            Refusal::WrongState { .. } => ("PSP_100", "invalid transaction status", "INVALID_TRANSACTION_STATUS"),
        };
        RestError { http: 200, code, message, detailed_code: Some(detailed), detail: refusal.to_string() }
    }

    fn answer(&self) -> Value {
        json!({
            "errorCode": self.code,
            "errorMessage": self.message,
            "detailedErrorCode": self.detailed_code,
            "detailedErrorMessage": self.detail,
            "_type": "V4/WebService/WebServiceError",
        })
    }
}

fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// The `V4/WebService/Response` envelope.
fn envelope(web_service: &str, mode: Option<Mode>, result: Result<Value, RestError>) -> Response {
    let (http, status, answer) = match result {
        Ok(answer) => (200, "SUCCESS", answer),
        Err(e) => (e.http, "ERROR", e.answer()),
    };
    let body = json!({
        "webService": web_service,
        "version": "V4",
        "applicationVersion": env!("CARGO_PKG_VERSION"),
        "status": status,
        "answer": answer,
        "ticket": null,
        "serverDate": now_rfc3339(),
        "applicationProvider": "LYRA",
        "metadata": null,
        "mode": mode.map(Mode::as_str),
        "serverUrl": null,
        "_type": "V4/WebService/Response",
    });
    let status = StatusCode::from_u16(http).unwrap_or(StatusCode::OK);
    let mut response = (status, Json(body)).into_response();
    if http == 401 {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Basic"));
    }
    response
}

/// The shop and mode of the call's HTTP Basic credentials.
pub fn authenticate<'a>(sandbox: &'a Sandbox, headers: &HeaderMap) -> Result<(&'a LyraShop, Mode), RestError> {
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (scheme, encoded) = value.trim().split_once(' ').ok_or_else(RestError::credentials)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(RestError::credentials());
    }
    let decoded =
        base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| RestError::credentials())?;
    let decoded = String::from_utf8(decoded).map_err(|_| RestError::credentials())?;
    let (user, password) = decoded.split_once(':').ok_or_else(RestError::credentials)?;
    let shop = sandbox.config.lyra_shop(user).ok_or_else(RestError::credentials)?;
    let mode = shop.rest_mode(password).ok_or_else(RestError::credentials)?;
    Ok((shop, mode))
}

/// What a uuid names: a payment, or one of its refunds.
enum Found {
    Payment(Payment),
    Refund(Payment, OperationRow),
}

/// A refund is its own transaction on the platform. Its uuid is the payment's first 24 hex digits followed by the
/// ledger operation's number (8 hex digits): unique, and found again without another table.
fn refund_uuid(payment_uuid: &str, operation: i64) -> String {
    format!("{}{:08x}", payment_uuid.get(..24).unwrap_or(payment_uuid), operation)
}

fn mode_of(payment: &Payment) -> Option<Mode> {
    payment.fields.get("vads_ctx_mode").and_then(|m| Mode::parse(m))
}

/// The payment of this shop and mode with this uuid (PSP_010 for any other).
fn own_payment(sandbox: &Sandbox, shop: &LyraShop, mode: Mode, uuid: &str) -> Result<Payment, RestError> {
    let internal = |e: String| RestError::new(500, "PSP_001", "internal error", e);
    match sandbox.store.payment(uuid).map_err(internal)? {
        Some(p) if p.gateway == "lyra" && p.site_id == shop.site_id && mode_of(&p) == Some(mode) => Ok(p),
        _ => Err(RestError::not_found()),
    }
}

fn find(sandbox: &Sandbox, shop: &LyraShop, mode: Mode, uuid: &str) -> Result<Found, RestError> {
    let uuid = uuid.to_ascii_lowercase();
    if let Ok(payment) = own_payment(sandbox, shop, mode, &uuid) {
        return Ok(Found::Payment(payment));
    }
    let id = uuid.get(24..).and_then(|h| i64::from_str_radix(h, 16).ok()).ok_or_else(RestError::not_found)?;
    let operation = sandbox.store.operation(id).ok().flatten().ok_or_else(RestError::not_found)?;
    if operation.kind != "refund" || refund_uuid(&operation.uuid, id) != uuid {
        return Err(RestError::not_found());
    }
    let payment = own_payment(sandbox, shop, mode, &operation.uuid)?;
    Ok(Found::Refund(payment, operation))
}

fn currency_alpha(payment: &Payment) -> &'static str {
    payment.currency.parse::<u16>().ok().and_then(Currency::from_numeric).map_or("EUR", |c| c.alpha())
}

/// `vads_trans_date` (`YYYYMMDDHHMMSS`) as the REST API writes dates.
fn iso_date(trans_date: &str) -> Option<String> {
    let d = |a: usize, b: usize| trans_date.get(a..b);
    Some(format!("{}-{}-{}T{}:{}:{}+00:00", d(0, 4)?, d(4, 6)?, d(6, 8)?, d(8, 10)?, d(10, 12)?, d(12, 14)?))
}

fn order_details(payment: &Payment) -> Value {
    let amount = payment.amount.parse::<u64>().unwrap_or(0);
    json!({
        "orderTotalAmount": amount,
        "orderEffectiveAmount": amount,
        "orderCurrency": currency_alpha(payment),
        "mode": mode_of(payment).map(Mode::as_str),
        "orderId": (!payment.order_id.is_empty()).then_some(payment.order_id.as_str()),
        "metadata": null,
        "_type": "V4/OrderDetails",
    })
}

/// The payment's `detailedStatus` (the values of `vads_trans_status`) and `status` (`PAID`, `UNPAID`, `RUNNING`).
fn payment_statuses(payment: &Payment, operations: &[OperationRow]) -> (&'static str, &'static str) {
    let deferred = payment.field("vads_validation_mode") == "1";
    match payment.status.as_str() {
        "accepted" | "refunded" if payment.captured > 0 => ("CAPTURED", "PAID"),
        "accepted" if deferred => ("AUTHORISED_TO_VALIDATE", "RUNNING"),
        "accepted" => ("AUTHORISED", "PAID"),
        "cancelled" if operations.iter().any(|o| o.kind == "cancel") => ("CANCELLED", "UNPAID"),
        "cancelled" => ("ABANDONED", "UNPAID"),
        "refused" => ("REFUSED", "UNPAID"),
        "pending" => ("UNDER_VERIFICATION", "RUNNING"),
        _ => ("INITIAL", "RUNNING"),
    }
}

/// Everything a `V4/Transaction` carries, around the per-kind values.
#[allow(clippy::too_many_arguments)]
fn transaction_object(
    payment: &Payment,
    uuid: &str,
    amount: u64,
    operation_type: &str,
    detailed: &str,
    status: &str,
    parent: Option<&str>,
    capture: Value,
    created: Option<String>,
) -> Value {
    let currency = currency_alpha(payment);
    let card = card_used(payment);
    let trans_date = payment.field("vads_trans_date");
    let manual = payment.field("vads_validation_mode") == "1";
    json!({
        "shopId": payment.site_id,
        "uuid": uuid,
        "amount": amount,
        "currency": currency,
        "paymentMethodType": "CARD",
        "paymentMethodToken": null,
        "detailedStatus": detailed,
        "status": status,
        "effectiveStrongAuthentication": null,
        "creationDate": created.or_else(|| iso_date(trans_date)),
        "errorCode": null,
        "errorMessage": null,
        "detailedErrorCode": null,
        "detailedErrorMessage": null,
        "metadata": null,
        "operationType": operation_type,
        "orderDetails": order_details(payment),
        "transactionDetails": {
            "liabilityShift": null,
            "effectiveAmount": amount,
            "effectiveCurrency": currency,
            "creationContext": if operation_type == "CREDIT" { "REFUND" } else { "CHARGE" },
            "parentTransactionUuid": parent,
            "sequenceNumber": 1,
            "cardDetails": {
                "paymentSource": "EC",
                "manualValidation": if manual { "YES" } else { "NO" },
                "effectiveBrand": card,
                "legacyTransId": payment.trans_id,
                "legacyTransDate": iso_date(trans_date),
                "captureResponse": capture,
                "_type": "V4/PaymentMethod/Details/CardDetails",
            },
            "_type": "V4/TransactionDetails",
        },
        "_type": "V4/Transaction",
    })
}

/// The payment as a `V4/Transaction`: its amount, status, and the refunds the platform reports on it
/// (`captureResponse.refundAmount`).
pub fn payment_transaction(payment: &Payment, operations: &[OperationRow]) -> Value {
    let (detailed, status) = payment_statuses(payment, operations);
    let amount = payment.amount.parse::<u64>().unwrap_or(0);
    let captured_at = operations.iter().find(|o| o.kind == "capture").map(|o| o.at.clone());
    let capture = if payment.captured > 0 {
        json!({
            "refundAmount": (payment.refunded > 0).then_some(payment.refunded),
            "refundCurrency": (payment.refunded > 0).then_some(currency_alpha(payment)),
            "captureDate": captured_at,
            "captureFileNumber": null,
            "_type": "V4/PaymentMethod/Details/Cards/CardCaptureResponse",
        })
    } else {
        Value::Null
    };
    transaction_object(payment, &payment.uuid, amount, "DEBIT", detailed, status, None, capture, None)
}

/// A refund of the payment as its own `V4/Transaction` (`operationType: CREDIT`, the payment in
/// `transactionDetails.parentTransactionUuid`); it waits for the next remittance (`AUTHORISED`).
pub fn refund_transaction(payment: &Payment, refund: &OperationRow) -> Value {
    let uuid = refund_uuid(&payment.uuid, refund.id);
    transaction_object(
        payment,
        &uuid,
        refund.amount,
        "CREDIT",
        "AUTHORISED",
        "PAID",
        Some(&payment.uuid),
        Value::Null,
        Some(refund.at.clone()),
    )
}

fn internal(e: String) -> RestError {
    RestError::new(500, "PSP_001", "internal error", e)
}

/// What a notification of an operation reports.
enum Reported<'a> {
    Refund(&'a OperationRow),
    Cancel,
}

/// The IPN of an operation made on the platform's side (REST API or Back Office), signed with the shop's key.
fn operation_ipn(sandbox: &Sandbox, payment: &Payment, reported: Reported<'_>) -> Result<Outgoing, String> {
    let mut out: BTreeMap<String, String> =
        payment.fields.iter().filter(|(k, _)| k.starts_with("vads_")).map(|(k, v)| (k.clone(), v.clone())).collect();
    let card = card_used(payment).to_string();
    let mut put = |k: &str, v: &str| {
        out.insert(k.to_string(), v.to_string());
    };
    put("vads_url_check_src", "MERCH_BO");
    put("vads_hash", &ids::random_hex(32));
    put("vads_card_brand", &card);
    put("vads_payment_src", "EC");
    put("vads_sequence_number", "1");
    put("vads_result", "00");
    put("vads_effective_currency", &payment.currency);
    match reported {
        Reported::Refund(refund) => {
            let amount = refund.amount.to_string();
            put("vads_trans_uuid", &refund_uuid(&payment.uuid, refund.id));
            put("vads_operation_type", "CREDIT");
            put("vads_trans_status", "AUTHORISED");
            put("vads_amount", &amount);
            put("vads_effective_amount", &amount);
            put("vads_auth_result", "00");
            put("vads_auth_mode", "FULL");
        }
        Reported::Cancel => {
            put("vads_trans_uuid", &payment.uuid);
            put("vads_operation_type", "DEBIT");
            put("vads_trans_status", "CANCELLED");
            put("vads_effective_amount", &payment.amount);
        }
    }
    let shop = sandbox.config.lyra_shop(&payment.site_id).ok_or("the payment's shop is gone")?;
    let mode = mode_of(payment).ok_or("the payment has no vads_ctx_mode")?;
    let key = shop.key(mode).ok_or("the shop has no key for the payment's mode")?;
    let sig = signature::sign(out.iter().map(|(k, v)| (k.as_str(), v.as_str())), &key, shop.algorithm())
        .map_err(|e| e.message().to_string())?;
    out.insert("signature".into(), sig);
    let url = payment.field("vads_url_check").to_string();
    let label = format!("{} {}", out["vads_operation_type"], out["vads_trans_status"]);
    let body = urlencoded::encode(out.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Ok(Outgoing::form(url, body, label))
}

/// Send an operation's IPN in the background: the shop may be waiting for the REST answer before it can take
/// the notification (a one-process PHP server), as on the platform, where the two are independent.
fn notify_later(sandbox: &Shared, payment: &Payment, reported: Reported<'_>) {
    match operation_ipn(sandbox, payment, reported) {
        Ok(outgoing) => {
            let (sandbox, uuid) = (sandbox.clone(), payment.uuid.clone());
            tokio::spawn(async move { notify::send_unasked(&sandbox, &uuid, outgoing).await });
        }
        Err(e) => eprintln!("cpay-sandbox: no IPN for the operation on {}: {e}", payment.uuid),
    }
}

/// The whole of what one refund made "in the back office" did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BackOfficeRefund {
    /// The payment after the refund.
    pub payment: Payment,
    /// The refund's own transaction uuid (the IPN's `vads_trans_uuid`).
    pub refund_uuid: String,
    /// Minor units.
    pub amount: u64,
}

/// A refund made by the merchant in the Lyra Back Office (not through the shop): recorded in the ledger, its IPN
/// (`CREDIT`, `MERCH_BO`) sent unasked and its first attempt awaited. `amount`: all that is left when `None`.
pub async fn back_office_refund(
    sandbox: &Shared,
    uuid: &str,
    amount: Option<u64>,
) -> Result<Result<BackOfficeRefund, Refusal>, String> {
    let Some(payment) = sandbox.store.payment(uuid)? else {
        return Ok(Err(Refusal::UnknownPayment));
    };
    let (after, refund) = match sandbox.store.refund(&payment, amount)? {
        Ok(done) => done,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let outgoing = operation_ipn(sandbox, &after, Reported::Refund(&refund))?;
    notify::send_unasked(sandbox, uuid, outgoing).await;
    Ok(Ok(BackOfficeRefund { refund_uuid: refund_uuid(uuid, refund.id), amount: refund.amount, payment: after }))
}

fn uuid_of(body: &Value) -> Result<&str, RestError> {
    match body.get("uuid") {
        Some(Value::String(u)) if u.len() == 32 && u.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(u),
        Some(_) => Err(RestError::input("uuid must be the 32 hexadecimal characters of the transaction")),
        None => Err(RestError::input("uuid is missing")),
    }
}

fn cancel(sandbox: &Shared, payment: &Payment) -> Result<Value, RestError> {
    let after = sandbox
        .store
        .record_operation(&payment.uuid, Operation::Cancel)
        .map_err(internal)?
        .map_err(|r| RestError::refusal(&r))?;
    notify_later(sandbox, &after, Reported::Cancel);
    let operations = sandbox.store.operations(&after.uuid).map_err(internal)?;
    Ok(payment_transaction(&after, &operations))
}

fn refund(sandbox: &Shared, payment: &Payment, body: &Value) -> Result<Value, RestError> {
    let amount = match body.get("amount") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or_else(|| RestError::input("amount must be an integer in minor units"))?),
    };
    if let Some(currency) = body.get("currency").filter(|c| !c.is_null()) {
        if currency.as_str() != Some(currency_alpha(payment)) {
            return Err(RestError::input(format!("currency must be the transaction's, {}", currency_alpha(payment))));
        }
    }
    let (after, refund) =
        sandbox.store.refund(payment, amount).map_err(internal)?.map_err(|r| RestError::refusal(&r))?;
    notify_later(sandbox, &after, Reported::Refund(&refund));
    Ok(refund_transaction(&after, &refund))
}

/// One web service call, authenticated.
fn call(sandbox: &Shared, shop: &LyraShop, mode: Mode, web_service: &str, body: &Value) -> Result<Value, RestError> {
    match web_service {
        "Transaction/Get" => match find(sandbox, shop, mode, uuid_of(body)?)? {
            Found::Payment(p) => {
                let operations = sandbox.store.operations(&p.uuid).map_err(internal)?;
                Ok(payment_transaction(&p, &operations))
            }
            Found::Refund(p, r) => Ok(refund_transaction(&p, &r)),
        },
        "Transaction/CancelOrRefund" | "Transaction/Cancel" | "Transaction/Validate" => {
            let payment = own_payment(sandbox, shop, mode, &uuid_of(body)?.to_ascii_lowercase())?;
            let resolution = body.get("resolutionMode").and_then(Value::as_str);
            match (web_service, resolution) {
                ("Transaction/Validate", _) => {
                    let after = sandbox
                        .store
                        .record_operation(&payment.uuid, Operation::Capture)
                        .map_err(internal)?
                        .map_err(|r| RestError::refusal(&r))?;
                    let operations = sandbox.store.operations(&after.uuid).map_err(internal)?;
                    Ok(payment_transaction(&after, &operations))
                }
                ("Transaction/Cancel", _) | (_, Some("CANCELLATION_ONLY")) => cancel(sandbox, &payment),
                (_, Some("REFUND_ONLY")) => refund(sandbox, &payment, body),
                (_, None | Some("AUTO")) if payment.captured == 0 => cancel(sandbox, &payment),
                (_, None | Some("AUTO")) => refund(sandbox, &payment, body),
                (_, Some(other)) => Err(RestError::input(format!(
                    "resolutionMode {other:?} is not one of REFUND_ONLY, CANCELLATION_ONLY, AUTO"
                ))),
            }
        }
        "Transaction/Update" => {
            let payment = own_payment(sandbox, shop, mode, &uuid_of(body)?.to_ascii_lowercase())?;
            let update = body.get("cardUpdate").filter(|u| u.is_object()).ok_or_else(|| {
                RestError::input("cardUpdate is missing (the sandbox emulates the amount's update only)")
            })?;
            let amount = update
                .get("amount")
                .and_then(Value::as_u64)
                .ok_or_else(|| RestError::input("cardUpdate.amount must be an integer in minor units"))?;
            if let Some(currency) = update.get("currency").filter(|c| !c.is_null()) {
                if currency.as_str() != Some(currency_alpha(&payment)) {
                    return Err(RestError::input("cardUpdate.currency must be the transaction's"));
                }
            }
            if amount > payment.amount.parse::<u64>().unwrap_or(0) {
                return Err(RestError::input(
                    "cardUpdate.amount is above the transaction's amount: it can only be lowered",
                ));
            }
            let after = sandbox
                .store
                .lower_amount(&payment.uuid, amount)
                .map_err(internal)?
                .map_err(|r| RestError::refusal(&r))?;
            let operations = sandbox.store.operations(&after.uuid).map_err(internal)?;
            Ok(payment_transaction(&after, &operations))
        }
        "Order/Get" => {
            let order_id = match body.get("orderId") {
                Some(Value::String(o)) if !o.is_empty() => o.as_str(),
                _ => return Err(RestError::input("orderId is missing")),
            };
            order(sandbox, shop, mode, order_id)
        }
        other => Err(RestError::new(
            404,
            "INT_902",
            "web-service input data validation error",
            format!("the sandbox does not emulate the web service {other}"),
        )),
    }
}

/// `Order/Get`: every transaction of the order (payments, and the refunds of each), oldest first.
fn order(sandbox: &Sandbox, shop: &LyraShop, mode: Mode, order_id: &str) -> Result<Value, RestError> {
    let mut payments: Vec<Payment> = sandbox
        .store
        .payments()
        .map_err(internal)?
        .into_iter()
        .filter(|p| p.gateway == "lyra" && p.site_id == shop.site_id && p.order_id == order_id)
        .filter(|p| mode_of(p) == Some(mode))
        .collect();
    payments.reverse();
    let Some(last) = payments.last() else {
        return Err(RestError::new(200, "PSP_010", "transaction not found", "no transaction has this orderId"));
    };
    let mut transactions = Vec::new();
    let mut statuses = Vec::new();
    for payment in &payments {
        let operations = sandbox.store.operations(&payment.uuid).map_err(internal)?;
        statuses.push(payment_statuses(payment, &operations).1);
        transactions.push(payment_transaction(payment, &operations));
        for refund in operations.iter().filter(|o| o.kind == "refund") {
            transactions.push(refund_transaction(payment, refund));
        }
    }
    let order_status = if statuses.contains(&"PAID") {
        "PAID"
    } else if statuses.contains(&"RUNNING") {
        "RUNNING"
    } else {
        "UNPAID"
    };
    Ok(json!({
        "shopId": shop.site_id,
        "orderCycle": if order_status == "RUNNING" { "OPEN" } else { "CLOSED" },
        "orderStatus": order_status,
        "serverDate": now_rfc3339(),
        "orderDetails": order_details(last),
        "transactions": transactions,
        "_type": "V4/OrderTransactions",
    }))
}

/// `POST /lyra/api-payment/V4/{web service}`: authenticate, read the JSON body, answer in the envelope.
pub async fn web_service(
    State(sandbox): State<Shared>,
    Path(web_service): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (shop, mode) = match authenticate(&sandbox, &headers) {
        Ok(found) => found,
        Err(e) => return envelope(&web_service, None, Err(e)),
    };
    let result = match serde_json::from_slice::<Value>(&body) {
        Ok(body @ Value::Object(_)) => call(&sandbox, shop, mode, &web_service, &body),
        _ => Err(RestError::input("the body must be a JSON object")),
    };
    envelope(&web_service, Some(mode), result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refund_uuids_are_found_again() {
        let uuid = refund_uuid("0123456789abcdef0123456789abcdef", 42);
        assert_eq!(uuid, "0123456789abcdef012345670000002a");
        assert_eq!(uuid.len(), 32);
    }

    #[test]
    fn trans_dates_in_rest_format() {
        assert_eq!(iso_date("20261127103000").as_deref(), Some("2026-11-27T10:30:00+00:00"));
        assert_eq!(iso_date("2026"), None);
    }

    #[test]
    fn credentials_are_checked() {
        let sandbox = Sandbox::open(crate::Config::default()).unwrap();
        let basic = |user_pass: &str| {
            let mut h = HeaderMap::new();
            let value = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(user_pass));
            h.insert(header::AUTHORIZATION, value.parse().unwrap());
            h
        };
        let ok = basic(&format!("12345678:{}", crate::config::DEMO_REST_TEST_PASSWORD));
        assert_eq!(authenticate(&sandbox, &ok).map(|(s, m)| (s.site_id.as_str(), m)), Ok(("12345678", Mode::Test)));
        for bad in ["12345678:testpassword_WRONG", "87654321:x", "12345678", ""] {
            assert_eq!(authenticate(&sandbox, &basic(bad)).unwrap_err().code, "INT_905");
        }
        assert_eq!(authenticate(&sandbox, &HeaderMap::new()).unwrap_err().http, 401);
    }
}
