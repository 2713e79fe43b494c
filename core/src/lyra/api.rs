//! Lyra operations of the registry ([`crate::api`]).
//!
//! `config` is a [`LyraConfig`]; keys are strings (`test_key`, `production_key`, `rest_password`,
//! `rest_hmac_key`).

use super::config::{Algorithm, LyraConfig};
use super::request::{build_form, PaymentRequest};
use super::response::{self, Expected};
use super::transaction::{self, OrderAnswer, RestExpected, TransactionAnswer};
use super::{charge, kr, rest, signature, TransId};
use crate::error::Result;
use crate::form::FormPage;
use crate::http::{HttpRequest, HttpResponse};
use crate::notification::{Notification as Verified, Received};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Input of `lyra.sign` and `lyra.verify`: the raw primitive over exactly the given fields.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    /// Field name → value; non-`vads_` fields are ignored.
    pub fields: BTreeMap<String, String>,
    /// The key.
    pub key: Secret,
    /// `hmac-sha256` (default) or `sha1`.
    #[serde(default)]
    pub algo: Algorithm,
}

/// The signature of a set of fields.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Signature {
    /// Base64 HMAC-SHA-256, or hex SHA-1.
    pub signature: String,
}

/// Whether a signature matches.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Validity {
    /// `true` when the signature matches (compared in constant time).
    pub valid: bool,
}

crate::operation! {
    /// The signature of the `vads_*` fields (other fields ignored): base64 HMAC-SHA-256, or hex SHA-1.
    ///
    /// The raw primitive, for diagnosis and interop: no format or shop check (use `lyra.form` to build a
    /// payment).
    pub Sign = "lyra.sign", |input: SignInput| -> Signature {
        let fields = input.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        Ok(Signature { signature: signature::sign(fields, &input.key, input.algo)? })
    }
}

crate::operation! {
    /// Whether `fields.signature` matches the `vads_*` fields, compared in constant time.
    ///
    /// The raw primitive: it checks the signature only. To accept a notification use `lyra.notification`,
    /// which also checks the shop, the mode and the order.
    pub Verify = "lyra.verify", |input: SignInput| -> Validity {
        let received = input.fields.get("signature").map(String::as_str).unwrap_or_default();
        let fields = input.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        Ok(Validity { valid: signature::verify(fields, received, &input.key, input.algo)? })
    }
}

/// Input of `lyra.form`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormInput {
    /// The shop.
    pub config: LyraConfig,
    /// The order.
    pub payment: PaymentRequest,
    /// Render `html` so that it submits itself on load (a `<noscript>` button stays).
    #[serde(default)]
    pub auto_submit: bool,
    /// The button's label (default `Payer`).
    #[serde(default)]
    pub submit_label: Option<String>,
}

crate::operation! {
    /// Build the signed payment form (`vads-payment`) for an order; every field is checked against its format
    /// first, and the error names the `vads_*` field at fault.
    pub Form = "lyra.form", |input: FormInput| -> FormPage {
        Ok(FormPage::new(build_form(&input.config, &input.payment)?, input.auto_submit, input.submit_label))
    }
}

/// Input of `lyra.notification`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationInput {
    /// The shop.
    pub config: LyraConfig,
    /// The raw url-encoded IPN body or return query string (give this or `fields`).
    #[serde(default)]
    pub body: Option<String>,
    /// The fields, already decoded (give this or `body`).
    #[serde(default)]
    pub fields: Option<BTreeMap<String, String>>,
    /// The payment the shop expects (each given field is checked).
    #[serde(default)]
    pub expected: Expected,
}

crate::operation! {
    /// Verify an IPN or a browser return (signature, mode, shop, expected order), then classify it.
    ///
    /// Answer the platform with `reply`.
    pub Notification = "lyra.notification", |input: NotificationInput| -> Verified {
        match Received::from_parts(input.body, input.fields)? {
            Received::Body(body) => response::verify_body(&input.config, body.as_bytes(), &input.expected),
            Received::Fields(fields) => {
                let fields: Vec<(String, String)> = fields.into_iter().collect();
                response::verify_notification(&input.config, &fields, &input.expected)
            }
        }
    }
}

/// Input of `lyra.kr_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KrAnswerInput {
    /// The shop: `rest_hmac_key` verifies a browser return (`kr-hash-key=sha256_hmac`), `rest_password` an
    /// IPN (`kr-hash-key=password`).
    pub config: LyraConfig,
    /// The raw body the embedded form or the IPN posted (`kr-answer`, `kr-hash`, …), as received.
    pub body: String,
    /// The payment the shop expects (`order_id` = `orderDetails.orderId`, `trans_id` = `legacyTransId`,
    /// `amount` = `orderDetails.orderTotalAmount`; each given one is checked).
    #[serde(default)]
    pub expected: Expected,
}

crate::operation! {
    /// Verify the answer of Lyra's embedded (JavaScript) form or REST IPN, `kr-answer` with its `kr-hash`
    /// (keys from `config`), then the shop, mode and expected order, and classify it.
    ///
    /// Answer the platform with `reply`, like every notification.
    pub KrAnswer = "lyra.kr_answer", |input: KrAnswerInput| -> Verified {
        kr::verify_body(&input.config, input.body.as_bytes(), &input.expected)
    }
}

/// Input of `lyra.refund`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// The refund.
    pub refund: rest::RefundRequest,
}

crate::operation! {
    /// The REST call `V4/Transaction/CancelOrRefund` for a refund the Cpay refund rule allows.
    pub Refund = "lyra.refund", |input: RefundInput| -> HttpRequest {
        rest::refund(&input.config, &input.refund)
    }
}

/// Input of the REST calls on one transaction.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// `vads_trans_uuid` of the payment.
    pub uuid: String,
    /// A comment kept with the operation.
    #[serde(default)]
    pub comment: Option<String>,
}

crate::operation! {
    /// The REST call `V4/Transaction/Cancel`: cancel a payment not yet captured.
    pub Cancel = "lyra.cancel", |input: TransactionInput| -> HttpRequest {
        rest::cancel(&input.config, &input.uuid, input.comment.as_deref())
    }
}

crate::operation! {
    /// The REST call `V4/Transaction/Validate`: validate (capture) a payment made in manual validation.
    pub Capture = "lyra.capture", |input: TransactionInput| -> HttpRequest {
        rest::validate(&input.config, &input.uuid, input.comment.as_deref())
    }
}

/// Input of `lyra.status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// `vads_trans_uuid` of the payment.
    pub uuid: String,
}

crate::operation! {
    /// The REST call `V4/Transaction/Get`: the current state of a transaction.
    pub Status = "lyra.status", |input: StatusInput| -> HttpRequest { rest::get(&input.config, &input.uuid) }
}

/// Input of the `_answer` operations of the REST calls on one transaction.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestAnswerInput {
    /// The shop: the answer must be for its `site_id` and mode.
    pub config: LyraConfig,
    /// What the platform answered.
    pub response: HttpResponse,
    /// The transaction (`uuid`) and order (`order_id`) the call was about; each given one is checked.
    #[serde(default)]
    pub expected: RestExpected,
}

/// Input of the answers to the `Charge/*` calls (a form token, a payment order: nothing of a transaction yet
/// to check against the shop).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChargeAnswerInput {
    /// What the platform answered.
    pub response: HttpResponse,
}

fn transaction_answer(input: RestAnswerInput) -> Result<TransactionAnswer> {
    let answer = rest::parse_answer(&input.response)?;
    transaction::transaction(&input.config, answer, &input.expected)
}

crate::operation! {
    /// Read the answer to `lyra.refund`: the refund transaction (`operation: refund`, its own uuid, the
    /// payment's in `details.parent_uuid`) verified, or a `gateway_error` with the platform's code.
    ///
    /// Give its outcome to `plan.order_state`: the IPN that later reports the same refund has the same key
    /// and is a duplicate. A payment not yet captured is cancelled instead (`operation: cancellation`).
    pub RefundAnswer = "lyra.refund_answer", |input: RestAnswerInput| -> TransactionAnswer {
        transaction_answer(input)
    }
}

crate::operation! {
    /// Read the answer to `lyra.cancel`: the cancelled payment (`operation: cancellation`) verified, or a
    /// `gateway_error` with the platform's code.
    pub CancelAnswer = "lyra.cancel_answer", |input: RestAnswerInput| -> TransactionAnswer {
        transaction_answer(input)
    }
}

crate::operation! {
    /// Read the answer to `lyra.capture`: the validated payment (`operation: capture`) verified, or a
    /// `gateway_error` with the platform's code.
    pub CaptureAnswer = "lyra.capture_answer", |input: RestAnswerInput| -> TransactionAnswer {
        let mut answer = transaction_answer(input)?;
        if answer.outcome.operation == crate::outcome::Operation::Payment {
            answer.outcome.operation = crate::outcome::Operation::Capture;
        }
        Ok(answer)
    }
}

crate::operation! {
    /// Read the answer to `lyra.status` (`Transaction/Get`): the transaction as a verified outcome (shop, mode,
    /// uuid checked) with what can still be refunded, or a `gateway_error` with the platform's code.
    ///
    /// The same outcome as the IPN would give: feed it to `plan.order_state` when the IPN was lost.
    pub StatusAnswer = "lyra.status_answer", |input: RestAnswerInput| -> TransactionAnswer {
        transaction_answer(input)
    }
}

/// Input of `lyra.update`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// The change.
    pub update: rest::UpdateRequest,
}

crate::operation! {
    /// The REST call `V4/Transaction/Update`: lower the amount of a payment not yet captured.
    pub Update = "lyra.update", |input: UpdateInput| -> HttpRequest { rest::update(&input.config, &input.update) }
}

crate::operation! {
    /// Read the answer to `lyra.update`: the updated payment verified, or a `gateway_error` with the
    /// platform's code.
    pub UpdateAnswer = "lyra.update_answer", |input: RestAnswerInput| -> TransactionAnswer {
        transaction_answer(input)
    }
}

/// Input of `lyra.order_status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderStatusInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// `vads_order_id` of the payment.
    pub order_id: String,
}

crate::operation! {
    /// The REST call `V4/Order/Get`: every transaction of an order, found by the shop's order id.
    ///
    /// For a lost IPN: the shop knows its order id but not the transaction's uuid.
    pub OrderStatus = "lyra.order_status", |input: OrderStatusInput| -> HttpRequest {
        rest::order_get(&input.config, &input.order_id)
    }
}

crate::operation! {
    /// Read the answer to `lyra.order_status`: one verified outcome per transaction of the order (shop, mode,
    /// order checked) and what can still be refunded, or a `gateway_error` with the platform's code.
    pub OrderStatusAnswer = "lyra.order_status_answer", |input: RestAnswerInput| -> OrderAnswer {
        let answer = rest::parse_answer(&input.response)?;
        transaction::order(&input.config, answer, &input.expected)
    }
}

/// Input of `lyra.trans_id`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransIdInput {
    /// The shop's own counter (any number; it is taken modulo 900000).
    pub counter: u64,
}

/// A `vads_trans_id`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct TransIdOutput {
    /// Six digits, unique per shop and day.
    pub trans_id: String,
}

crate::operation! {
    /// A `vads_trans_id` (six digits) from the shop's own counter.
    pub TransIdOp = "lyra.trans_id", |input: TransIdInput| -> TransIdOutput {
        Ok(TransIdOutput { trans_id: TransId::from_counter(input.counter).as_str().to_owned() })
    }
}

/// Input of `lyra.create_payment`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePaymentInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// The order.
    pub payment: charge::CreatePayment,
}

crate::operation! {
    /// The REST call `V4/Charge/CreatePayment`: create a payment for the embedded (JavaScript) form.
    ///
    /// Its answer (`lyra.create_payment_answer`) carries the `formToken`; the form's result comes back as a
    /// `kr-answer` (`lyra.kr_answer`, with `expected`). Cpay and FullCB rules are checked first.
    pub CreatePayment = "lyra.create_payment", |input: CreatePaymentInput| -> HttpRequest {
        charge::create_payment(&input.config, &input.payment)
    }
}

/// The embedded form's token.
#[derive(Serialize, schemars::JsonSchema)]
pub struct FormToken {
    /// `formToken`: give it to the JavaScript client (`kr-form-token`).
    pub form_token: String,
}

crate::operation! {
    /// Read the answer to `lyra.create_payment`: the `formToken`, or a `gateway_error` with the platform's code.
    pub CreatePaymentAnswer = "lyra.create_payment_answer", |input: ChargeAnswerInput| -> FormToken {
        Ok(FormToken { form_token: charge::form_token(&input.response)? })
    }
}

/// Input of `lyra.payment_order`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentOrderInput {
    /// The shop (with `rest_password`).
    pub config: LyraConfig,
    /// The order and how its link reaches the buyer.
    pub order: charge::PaymentOrder,
}

crate::operation! {
    /// The REST call `V4/Charge/CreatePaymentOrder`: a payment link sent by e-mail or SMS (or returned).
    ///
    /// Cpay and FullCB rules are checked first; the payment's result reaches the shop as an IPN.
    pub PaymentOrder = "lyra.payment_order", |input: PaymentOrderInput| -> HttpRequest {
        charge::payment_order(&input.config, &input.order)
    }
}

crate::operation! {
    /// Read the answer to `lyra.payment_order`: the order's id and payment URL, or a `gateway_error`.
    pub PaymentOrderAnswer = "lyra.payment_order_answer", |input: ChargeAnswerInput| -> charge::PaymentOrderCreated {
        charge::payment_order_created(&input.response)
    }
}
