//! Payline operations of the registry ([`crate::api`]).
//!
//! `config` is a [`PaylineConfig`]: `merchant_id`, `access_key` (a secret), `environment`
//! (`"homologation"`, `"production"` or `{"custom": "https://…/V4/services/"}`) and `version`.
//!
//! A Payline payment starts with a server call (`doWebPayment`, `payline.form`) whose answer carries the
//! URL of the payment page. Payline's notification and the browser's return carry only a token
//! (`payline.token` reads it); the trusted result is the answer to `getWebPaymentDetails`
//! (`payline.status`), fetched over the authenticated SOAP channel and verified by `payline.notification`.

use super::config::PaylineConfig;
use super::notification;
use super::request::{self, Operation, WebPayment};
use super::response::{self, Expected, OperationAnswer, WebPaymentAnswer};
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use crate::notification::Notification as Verified;
use crate::outcome::Outcome;
use crate::plan::refund::RefundCheck;
use serde::Deserialize;
use time::OffsetDateTime;

/// Input of `payline.form`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The order.
    pub payment: WebPayment,
}

crate::operation! {
    /// The `doWebPayment` call that opens a Cpay payment page; every field is checked first.
    ///
    /// Send it, then read the answer with `payline.form_answer` and redirect the buyer to its URL.
    pub Form = "payline.form", |input: FormInput| -> HttpRequest {
        request::web_payment(&input.config, &input.payment)
    }
}

/// Input of the `_answer` operations that read a SOAP answer.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// What Payline answered.
    pub response: HttpResponse,
}

crate::operation! {
    /// Read the answer to `payline.form`: the token and the payment page URL, or Payline's error.
    pub FormAnswer = "payline.form_answer", |input: AnswerInput| -> WebPaymentAnswer {
        input.response.check_credentials("config.access_key", "config.merchant_id")?;
        response::web_payment_answer(&input.response.body)
    }
}

/// Input of `payline.token`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    /// The query string (or the whole URL) of the notification or of the buyer's return.
    pub query: String,
    /// The token stored with the order, checked against the one received when given.
    #[serde(default)]
    pub stored_token: Option<String>,
}

crate::operation! {
    /// Read the token of Payline's notification or of the buyer's return, and the call that gives the
    /// trusted result (`payline.status` for a web payment).
    pub Token = "payline.token", |input: TokenInput| -> notification::Notification {
        notification::parse(&input.query, input.stored_token.as_deref())
    }
}

/// Input of `payline.status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The web payment token.
    pub token: String,
}

crate::operation! {
    /// The `getWebPaymentDetails` call: the trusted result of a web payment, by its token.
    pub Status = "payline.status", |input: StatusInput| -> HttpRequest {
        request::details(&input.config, &input.token)
    }
}

/// Input of `payline.notification` and `payline.status_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailsInput {
    /// What Payline answered to `payline.status`.
    pub response: HttpResponse,
    /// The token the details were asked for, checked against the answer when given.
    #[serde(default)]
    pub token: Option<String>,
    /// The payment the shop expects (each given field is checked).
    #[serde(default)]
    pub expected: Expected,
}

fn details(input: &DetailsInput) -> Result<Outcome> {
    input.response.check_credentials("config.access_key", "config.merchant_id")?;
    response::outcome(&input.response.body, input.token.as_deref(), &input.expected)
}

crate::operation! {
    /// Verify a notified payment: the answer to `payline.status` for the notification's token, checked
    /// against the expected order and classified.
    ///
    /// Answer Payline's notification request with `reply`.
    pub Notification = "payline.notification", |input: DetailsInput| -> Verified {
        Ok(Verified::accepted(details(&input)?))
    }
}

crate::operation! {
    /// Read the answer to `payline.status`: the payment's result, checked against the expected order.
    pub StatusAnswer = "payline.status_answer", |input: DetailsInput| -> Outcome { details(&input) }
}

/// Input of `payline.capture`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaptureInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// `transaction.id` of the payment.
    pub transaction_id: String,
    /// Minor units.
    pub amount: Amount,
    /// `EUR` (default).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The Cpay contract number.
    pub contract_number: String,
    /// `sequenceNumber`, when the shop numbers its operations.
    #[serde(default)]
    pub sequence_number: Option<String>,
    /// When the payment was authorized (RFC 3339): with `now`, the 7-day capture window is checked.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub authorized_at: Option<OffsetDateTime>,
    /// The current time (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub now: Option<OffsetDateTime>,
}

crate::operation! {
    /// The `doCapture` call (action 201) for an authorized Cpay payment, within its capture window.
    pub Capture = "payline.capture", |input: CaptureInput| -> HttpRequest {
        let operation = Operation {
            transaction_id: input.transaction_id,
            amount: input.amount,
            currency: input.currency,
            contract_number: input.contract_number,
            sequence_number: input.sequence_number,
        };
        request::capture(&input.config, &operation, input.authorized_at, input.now)
    }
}

crate::operation! {
    /// Read the answer to `payline.capture`: the new transaction, or Payline's error.
    pub CaptureAnswer = "payline.capture_answer", |input: AnswerInput| -> OperationAnswer {
        input.response.check_credentials("config.access_key", "config.merchant_id")?;
        response::operation_answer(&input.response.body, "doCapture")
    }
}

/// Input of `payline.refund`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// `transaction.id` of the payment.
    pub transaction_id: String,
    /// Minor units to refund.
    pub amount: Amount,
    /// `EUR` (default).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The Cpay contract number.
    pub contract_number: String,
    /// `sequenceNumber`, when the shop numbers its operations.
    #[serde(default)]
    pub sequence_number: Option<String>,
    /// A comment kept with the operation.
    #[serde(default)]
    pub comment: Option<String>,
    /// When the payment was made (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub paid_at: OffsetDateTime,
    /// The current time (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub now: OffsetDateTime,
    /// The amount captured.
    pub captured: Amount,
    /// The amount already refunded.
    #[serde(default)]
    pub refunded: Amount,
}

crate::operation! {
    /// The `doRefund` call (action 421) for a refund the Cpay refund rule allows (13 months, up to what
    /// was captured and not yet refunded).
    pub Refund = "payline.refund", |input: RefundInput| -> HttpRequest {
        let operation = Operation {
            transaction_id: input.transaction_id,
            amount: input.amount,
            currency: input.currency,
            contract_number: input.contract_number,
            sequence_number: input.sequence_number,
        };
        let check = RefundCheck {
            option: None,
            paid_at: input.paid_at,
            now: input.now,
            captured: input.captured,
            refunded: input.refunded,
        };
        request::refund(&input.config, &operation, &check, input.comment.as_deref())
    }
}

crate::operation! {
    /// Read the answer to `payline.refund`: the new transaction, or Payline's error.
    pub RefundAnswer = "payline.refund_answer", |input: AnswerInput| -> OperationAnswer {
        input.response.check_credentials("config.access_key", "config.merchant_id")?;
        response::operation_answer(&input.response.body, "doRefund")
    }
}

fn eur() -> Currency {
    Currency::EUR
}
