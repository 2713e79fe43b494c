//! Payline operations for [`crate::api`]: JSON in, JSON out.
//!
//! | operation | input | output |
//! |---|---|---|
//! | `payline.web_payment` | account + [`WebPayment`] fields, flat | `HttpRequest` (doWebPayment) |
//! | `payline.web_payment_answer` | `{body}` | `{code, short_message, long_message, token, redirect_url}` |
//! | `payline.notification` | `{query, stored_token?}` | `{notification_type, token, next_call, next_operation}` |
//! | `payline.details` | account + `{token}` | `HttpRequest` (getWebPaymentDetails) |
//! | `payline.outcome` | `{body, token?, expected?: {order_ref?, token?, amount?}}` | `Outcome` |
//! | `payline.capture` | account + `{transaction_id, amount, currency?, contract_number, sequence_number?, authorized_at?, now?}` | `HttpRequest` (doCapture) |
//! | `payline.capture_answer`, `payline.refund_answer` | `{body}` | `{code, …, transaction_id, transaction_date}` |
//! | `payline.refund` | account + `{transaction_id, amount, currency?, contract_number, sequence_number?, comment?, paid_at, now, captured, refunded?}` | `HttpRequest` (doRefund) |
//!
//! The account fields sit beside the others: `merchant_id`, `environment` (`"homologation"`,
//! `"production"` or `{"custom": "https://…/V4/services/"}`), `access_key` (a secret) and `version`
//! (default [`DEFAULT_VERSION`]).

use super::config::{Environment, PaylineConfig, DEFAULT_VERSION};
use super::notification;
use super::request::{self, Operation, WebPayment};
use super::response::{self, Expected};
use crate::api::{parse_input, to_output, unknown};
use crate::error::{Error, ErrorCode, Result};
use crate::money::{Amount, Currency};
use crate::plan::refund::RefundCheck;
use crate::secret::Secret;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

/// The operations this module serves.
pub const OPERATIONS: [&str; 9] = [
    "payline.web_payment",
    "payline.web_payment_answer",
    "payline.notification",
    "payline.details",
    "payline.outcome",
    "payline.capture",
    "payline.capture_answer",
    "payline.refund",
    "payline.refund_answer",
];

/// Dispatch one Payline verb.
pub fn call(verb: &str, input: &str) -> Result<String> {
    match verb {
        "web_payment" => {
            let (config, payment): (_, WebPayment) = split(input)?;
            to_output(&request::web_payment(&config, &payment)?)
        }
        "web_payment_answer" => {
            let i: BodyInput = parse_input(input)?;
            to_output(&response::web_payment_answer(&i.body)?)
        }
        "notification" => {
            let i: NotificationInput = parse_input(input)?;
            to_output(&notification::parse(&i.query, i.stored_token.as_deref())?)
        }
        "details" => {
            let (config, i): (_, TokenInput) = split(input)?;
            to_output(&request::details(&config, &i.token)?)
        }
        "outcome" => {
            let i: OutcomeInput = parse_input(input)?;
            to_output(&response::outcome(&i.body, i.token.as_deref(), &i.expected)?)
        }
        "capture" => {
            let (config, i): (_, CaptureInput) = split(input)?;
            let op = Operation {
                transaction_id: i.transaction_id,
                amount: i.amount,
                currency: i.currency,
                contract_number: i.contract_number,
                sequence_number: i.sequence_number,
            };
            to_output(&request::capture(&config, &op, i.authorized_at, i.now)?)
        }
        "refund" => {
            let (config, i): (_, RefundInput) = split(input)?;
            let op = Operation {
                transaction_id: i.transaction_id,
                amount: i.amount,
                currency: i.currency,
                contract_number: i.contract_number,
                sequence_number: i.sequence_number,
            };
            let check = RefundCheck {
                option: None,
                paid_at: i.paid_at,
                now: i.now,
                captured: i.captured,
                refunded: i.refunded,
            };
            to_output(&request::refund(&config, &op, &check, i.comment.as_deref())?)
        }
        "capture_answer" | "refund_answer" => {
            let i: BodyInput = parse_input(input)?;
            let operation = if verb == "capture_answer" { "doCapture" } else { "doRefund" };
            to_output(&response::operation_answer(&i.body, operation)?)
        }
        _ => Err(unknown(&format!("payline.{verb}"))),
    }
}

/// Split a flat input into the account (`merchant_id`, `environment`, `access_key`, `version`) and the
/// operation's own fields, each part strict about unknown fields. The key's string is moved, not copied,
/// into the [`Secret`].
fn split<T: DeserializeOwned>(input: &str) -> Result<(PaylineConfig, T)> {
    let mut fields: Map<String, Value> = parse_input(input)?;
    let text = |value: Option<Value>, name: &str| match value {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(Error::field(ErrorCode::InvalidValue, name, format!("{name} must be a string"))),
        None => Err(Error::missing(name)),
    };
    let merchant_id = text(fields.remove("merchant_id"), "merchant_id")?;
    let access_key = Secret::from(text(fields.remove("access_key"), "access_key")?);
    let version = match fields.remove("version") {
        None | Some(Value::Null) => DEFAULT_VERSION.to_owned(),
        other => text(other, "version")?,
    };
    let environment = fields.remove("environment").ok_or_else(|| Error::missing("environment"))?;
    let environment: Environment = serde_json::from_value(environment).map_err(|_| {
        Error::field(
            ErrorCode::InvalidValue,
            "environment",
            "environment must be \"homologation\", \"production\" or {\"custom\": \"https://…/V4/services/\"}",
        )
    })?;
    let rest: T = parse_input(&Value::Object(fields).to_string())?;
    Ok((PaylineConfig { merchant_id, access_key, environment, version }, rest))
}

fn eur() -> Currency {
    Currency::EUR
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyInput {
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotificationInput {
    query: String,
    #[serde(default)]
    stored_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenInput {
    token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeInput {
    body: String,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    expected: Expected,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptureInput {
    transaction_id: String,
    amount: Amount,
    #[serde(default = "eur")]
    currency: Currency,
    contract_number: String,
    #[serde(default)]
    sequence_number: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    authorized_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    now: Option<OffsetDateTime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundInput {
    transaction_id: String,
    amount: Amount,
    #[serde(default = "eur")]
    currency: Currency,
    contract_number: String,
    #[serde(default)]
    sequence_number: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    paid_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    now: OffsetDateTime,
    captured: Amount,
    #[serde(default)]
    refunded: Amount,
}
