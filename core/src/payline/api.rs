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
use super::transaction::{self, TransactionExpected};
use super::wallet::{self, DisableAnswer, WalletAnswer, WalletPayment, WebWallet};
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

/// Input of `payline.wallet_manage`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletManageInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The wallet page.
    pub wallet: WebWallet,
}

crate::operation! {
    /// The `manageWebWallet` call that opens Payline's page to store or change the card of a Cpay wallet.
    ///
    /// Send it, read the answer with `payline.wallet_manage_answer` and redirect the buyer to its URL.
    pub WalletManage = "payline.wallet_manage", |input: WalletManageInput| -> HttpRequest {
        wallet::manage_web_wallet(&input.config, &input.wallet)
    }
}

crate::operation! {
    /// Read the answer to `payline.wallet_manage`: the token and the wallet page URL, or Payline's error.
    pub WalletManageAnswer = "payline.wallet_manage_answer", |input: AnswerInput| -> WebPaymentAnswer {
        wallet::manage_answer(&input.response.body)
    }
}

/// Input of `payline.wallet_details`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletDetailsInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The wallet page's token (from `payline.wallet_manage_answer`, a `WEBWALLET` notification or the return).
    pub token: String,
}

crate::operation! {
    /// The `getWebWallet` call: what the buyer did on a wallet page, by its token.
    pub WalletDetails = "payline.wallet_details", |input: WalletDetailsInput| -> HttpRequest {
        wallet::get_web_wallet(&input.config, &input.token)
    }
}

/// Input of `payline.wallet_details_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletDetailsAnswerInput {
    /// What Payline answered to `payline.wallet_details`.
    pub response: HttpResponse,
    /// The wallet the shop opened the page for: the answer's `wallet.walletId` must be it.
    pub wallet_id: String,
}

crate::operation! {
    /// Read the answer to `payline.wallet_details`: the wallet and its (masked) card, checked to be the expected
    /// wallet.
    pub WalletDetailsAnswer = "payline.wallet_details_answer", |input: WalletDetailsAnswerInput| -> WalletAnswer {
        wallet::web_wallet_answer(&input.response.body, &input.wallet_id)
    }
}

/// Input of `payline.wallet_payment`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletPaymentInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The payment.
    pub payment: WalletPayment,
}

crate::operation! {
    /// The `doImmediateWalletPayment` call: a Cpay payment with a wallet's card (modes CPT and DIF only).
    pub WalletPaymentOp = "payline.wallet_payment", |input: WalletPaymentInput| -> HttpRequest {
        wallet::immediate_payment(&input.config, &input.payment)
    }
}

/// Input of `payline.wallet_payment_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletPaymentAnswerInput {
    /// What Payline answered to `payline.wallet_payment`.
    pub response: HttpResponse,
    /// The request's `order_ref`, copied into the outcome (the answer names no order).
    #[serde(default)]
    pub order_ref: Option<String>,
}

crate::operation! {
    /// Read the answer to `payline.wallet_payment`: the payment's result, classified like a web payment's.
    pub WalletPaymentAnswer = "payline.wallet_payment_answer", |input: WalletPaymentAnswerInput| -> Outcome {
        wallet::payment_answer(&input.response.body, input.order_ref.as_deref())
    }
}

/// Input of `payline.wallet_disable`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletDisableInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The Cpay contract number.
    pub contract_number: String,
    /// The wallets to disable (1 to 500).
    pub wallet_ids: Vec<String>,
    /// `cardInd`, to disable one card of a wallet.
    #[serde(default)]
    pub card_ind: Option<String>,
}

crate::operation! {
    /// The `disableWallet` call for one or more Cpay wallets.
    pub WalletDisable = "payline.wallet_disable", |input: WalletDisableInput| -> HttpRequest {
        wallet::disable(&input.config, &input.contract_number, &input.wallet_ids, input.card_ind.as_deref())
    }
}

/// Input of `payline.wallet_disable_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WalletDisableAnswerInput {
    /// What Payline answered to `payline.wallet_disable`.
    pub response: HttpResponse,
    /// The wallets the shop asked to disable: the answer may list only these.
    pub wallet_ids: Vec<String>,
}

crate::operation! {
    /// Read the answer to `payline.wallet_disable`: the disabled wallets, each one the shop asked for.
    pub WalletDisableAnswer = "payline.wallet_disable_answer", |input: WalletDisableAnswerInput| -> DisableAnswer {
        wallet::disable_answer(&input.response.body, &input.wallet_ids)
    }
}

fn eur() -> Currency {
    Currency::EUR
}

/// Input of `payline.cancel`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// `transaction.id` of the transaction to cancel (the payment, or a capture or refund not yet remitted).
    pub transaction_id: String,
    /// Whether Payline has already remitted the transaction to the bank (from the shop's records or
    /// `payline.transaction`): a remitted transaction cannot be reset, only refunded.
    pub remitted: bool,
    /// A comment kept with the operation (`ans..255`).
    #[serde(default)]
    pub comment: Option<String>,
    /// `sequenceNumber`, when the shop numbers its operations.
    #[serde(default)]
    pub sequence_number: Option<String>,
}

crate::operation! {
    /// The `doReset` call that cancels a transaction Payline has not yet remitted to the bank.
    ///
    /// Once remitted, use `payline.refund`. Read the answer with `payline.cancel_answer`.
    pub Cancel = "payline.cancel", |input: CancelInput| -> HttpRequest {
        request::reset(
            &input.config,
            &input.transaction_id,
            input.remitted,
            input.comment.as_deref(),
            input.sequence_number.as_deref(),
        )
    }
}

crate::operation! {
    /// Read the answer to `payline.cancel`: the reset transaction (`operation: cancellation`), or Payline's error.
    pub CancelAnswer = "payline.cancel_answer", |input: AnswerInput| -> OperationAnswer {
        response::operation_answer(&input.response.body, "doReset")
    }
}

/// Input of `payline.reauthorize`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReauthorizeInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// `transaction.id` of the authorisation to re-authorise.
    pub transaction_id: String,
    /// Minor units.
    pub amount: Amount,
    /// `EUR` (default; a re-authorisation keeps the original currency).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The Cpay contract number.
    pub contract_number: String,
    /// `order.ref`, the shop's order reference.
    pub order_ref: String,
    /// `100` (authorisation) or `101` (authorisation and capture, the default).
    #[serde(default = "capture_action")]
    pub action: u32,
    /// When the original authorisation was made (RFC 3339): it can be re-authorised for 11 months.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub authorized_at: OffsetDateTime,
    /// The current time (RFC 3339), also written as `order.date`.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub now: OffsetDateTime,
}

fn capture_action() -> u32 {
    101
}

crate::operation! {
    /// The `doReAuthorization` call: a new authorisation of a Cpay payment whose 7-day capture window has
    /// passed, up to 11 months after the original one.
    pub Reauthorize = "payline.reauthorize", |input: ReauthorizeInput| -> HttpRequest {
        let r = request::ReAuthorization {
            operation: Operation {
                transaction_id: input.transaction_id,
                amount: input.amount,
                currency: input.currency,
                contract_number: input.contract_number,
                sequence_number: None,
            },
            action: input.action,
            order_ref: input.order_ref,
            authorized_at: input.authorized_at,
            now: input.now,
        };
        request::reauthorize(&input.config, &r)
    }
}

crate::operation! {
    /// Read the answer to `payline.reauthorize`: the new authorisation's transaction (`operation: payment`),
    /// or Payline's error.
    pub ReauthorizeAnswer = "payline.reauthorize_answer", |input: AnswerInput| -> OperationAnswer {
        response::operation_answer(&input.response.body, "doReAuthorization")
    }
}

/// Input of `payline.transaction`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionInput {
    /// The merchant account.
    pub config: PaylineConfig,
    /// The transaction id (from a `TRS` notification, or kept from a payment, capture, refund or reset).
    pub transaction_id: String,
    /// `orderRef`, to narrow the search to the shop's order.
    #[serde(default)]
    pub order_ref: Option<String>,
}

crate::operation! {
    /// The `getTransactionDetails` call: the trusted state of one transaction, by its id.
    ///
    /// `payline.status` asks about a web payment by its token; this asks about a transaction by its id (a
    /// `TRS` notification's, or a capture's, refund's or reset's). Read the answer with
    /// `payline.transaction_answer`.
    pub Transaction = "payline.transaction", |input: TransactionInput| -> HttpRequest {
        request::transaction_details(&input.config, &input.transaction_id, input.order_ref.as_deref())
    }
}

/// Input of `payline.transaction_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionAnswerInput {
    /// What Payline answered to `payline.transaction`.
    pub response: HttpResponse,
    /// The transaction id asked about: the answer's `transaction.id` must equal it.
    pub transaction_id: String,
    /// What the shop knows of that transaction (each given field is checked).
    #[serde(default)]
    pub expected: TransactionExpected,
}

crate::operation! {
    /// Read the answer to `payline.transaction`: checked against the asked transaction and the expected order
    /// and contract, then classified (`operation` from `payment.action`, `status` from `result.code`).
    pub TransactionAnswer = "payline.transaction_answer", |input: TransactionAnswerInput| -> Outcome {
        transaction::outcome(&input.response.body, &input.transaction_id, &input.expected)
    }
}
