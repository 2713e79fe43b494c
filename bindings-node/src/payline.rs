//! `payline.*`: Payline (Monext) WebPayment API, as SOAP calls built for the shop's own HTTP client.
//!
//! The core's operations take the account fields (`merchant_id`, `access_key`, `environment`, `version`)
//! flat beside the operation's own; here the account is its own argument, as `config` is for the other
//! gateways, and the two are merged before the call. Answers are read from the raw SOAP body.

use crate::error::guard;
use crate::json::{call, call_with, JsonArg, JsonText};
use cpay_core::{Error, ErrorCode};
use napi_derive::napi;
use serde_json::{Map, Value};

/// The fields that make up a Payline account.
const ACCOUNT_FIELDS: [&str; 4] = ["merchant_id", "access_key", "environment", "version"];

/// The flat input of an operation: the `account` fields beside the operation's own `fields`. Each part
/// must be an object; a field of the wrong part is refused rather than silently taken from either.
fn flat(account: &JsonArg, fields: &JsonArg, part: &str) -> cpay_core::Result<JsonArg> {
    let account = object(account.parse()?, "account")?;
    let fields = object(fields.parse()?, part)?;
    if let Some(name) = account.keys().find(|k| !ACCOUNT_FIELDS.contains(&k.as_str())) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            name,
            format!("{name} is not an account field (merchant_id, access_key, environment, version)"),
        ));
    }
    if let Some(name) = fields.keys().find(|k| ACCOUNT_FIELDS.contains(&k.as_str())) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            name,
            format!("{name} belongs in the account argument, not in {part}"),
        ));
    }
    Ok(JsonArg::of(&Value::Object(account.into_iter().chain(fields).collect())))
}

fn object(value: Value, name: &str) -> cpay_core::Result<Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(Error::field(ErrorCode::InvalidValue, name, format!("{name} must be an object"))),
    }
}

/// Run a Payline operation on `account` merged with `fields`.
fn with_account(op: &str, account: JsonArg, fields: JsonArg, part: &str) -> napi::Result<JsonText> {
    guard(|| call(op, &flat(&account, &fields, part)?))
}

/// The `doWebPayment` request for `order` (POST it, then read the answer with `webPaymentAnswer`).
#[napi(
    namespace = "payline",
    ts_args_type = "account: PaylineAccount, order: PaylineOrder",
    ts_return_type = "HttpRequest"
)]
pub fn web_payment(account: JsonArg, order: JsonArg) -> napi::Result<JsonText> {
    with_account("payline.web_payment", account, order, "order")
}

/// The `doWebPayment` answer: `{code, short_message?, long_message?, token, redirect_url}`. Store the
/// token with the order and send the buyer to `redirect_url`.
#[napi(namespace = "payline", ts_args_type = "body: string", ts_return_type = "PaylineWebPaymentAnswer")]
pub fn web_payment_answer(body: String) -> napi::Result<JsonText> {
    guard(|| call_with("payline.web_payment_answer", vec![("body", Some(JsonArg::string(&body)))]))
}

/// Read Payline's call to the notification URL (its query string; the call is not signed): what to call
/// next. `storedToken`, the token stored for the order the URL names, rejects a token of another order.
#[napi(
    namespace = "payline",
    ts_args_type = "query: string, storedToken?: string",
    ts_return_type = "PaylineNotification"
)]
pub fn notification(query: String, stored_token: Option<String>) -> napi::Result<JsonText> {
    guard(|| {
        call_with(
            "payline.notification",
            vec![
                ("query", Some(JsonArg::string(&query))),
                ("stored_token", stored_token.as_deref().map(JsonArg::string)),
            ],
        )
    })
}

/// The `getWebPaymentDetails` request for `token` (POST it, then read the answer with `outcome`).
#[napi(namespace = "payline", ts_args_type = "account: PaylineAccount, token: string", ts_return_type = "HttpRequest")]
pub fn details(account: JsonArg, token: String) -> napi::Result<JsonText> {
    let fields = Value::Object(Map::from_iter([("token".to_owned(), Value::String(token))]));
    with_account("payline.details", account, JsonArg::of(&fields), "token")
}

/// Read a `getWebPaymentDetails` answer and classify it: an `Outcome`. `token` is the token asked about;
/// `expected` (`order_ref`, the stored `token`, `amount`) rejects an answer for another order.
#[napi(
    namespace = "payline",
    ts_args_type = "body: string, token?: string, expected?: PaylineExpected",
    ts_return_type = "Outcome"
)]
pub fn outcome(body: String, token: Option<String>, expected: Option<JsonArg>) -> napi::Result<JsonText> {
    guard(|| {
        call_with(
            "payline.outcome",
            vec![
                ("body", Some(JsonArg::string(&body))),
                ("token", token.as_deref().map(JsonArg::string)),
                ("expected", expected),
            ],
        )
    })
}

/// The `doCapture` request (action 201) for an authorised payment.
#[napi(
    namespace = "payline",
    ts_args_type = "account: PaylineAccount, capture: PaylineCapture",
    ts_return_type = "HttpRequest"
)]
pub fn capture(account: JsonArg, capture: JsonArg) -> napi::Result<JsonText> {
    with_account("payline.capture", account, capture, "capture")
}

/// The `doCapture` answer: `{code, …, transaction_id?, transaction_date?}`; only `00000` means done.
#[napi(namespace = "payline", ts_args_type = "body: string", ts_return_type = "PaylineOperationAnswer")]
pub fn capture_answer(body: String) -> napi::Result<JsonText> {
    guard(|| call_with("payline.capture_answer", vec![("body", Some(JsonArg::string(&body)))]))
}

/// The `doRefund` request (action 421), once the refund rules allow it (13 months, at most captured minus
/// refunded).
#[napi(
    namespace = "payline",
    ts_args_type = "account: PaylineAccount, refund: PaylineRefund",
    ts_return_type = "HttpRequest"
)]
pub fn refund(account: JsonArg, refund: JsonArg) -> napi::Result<JsonText> {
    with_account("payline.refund", account, refund, "refund")
}

/// The `doRefund` answer: `{code, …, transaction_id?, transaction_date?}`; only `00000` means done.
#[napi(namespace = "payline", ts_args_type = "body: string", ts_return_type = "PaylineOperationAnswer")]
pub fn refund_answer(body: String) -> napi::Result<JsonText> {
    guard(|| call_with("payline.refund_answer", vec![("body", Some(JsonArg::string(&body)))]))
}
