//! Lyra operations of the registry ([`crate::api`]).
//!
//! `config` is a [`LyraConfig`]; keys are strings (`test_key`, `production_key`, `rest_password`).

use super::config::{Algorithm, LyraConfig};
use super::request::{build_form, PaymentRequest};
use super::response::{self, Expected};
use super::{charge, kr, rest, signature, TransId};
use crate::error::Result;
use crate::form::FormPage;
use crate::http::{HttpRequest, HttpResponse};
use crate::notification::{Notification as Verified, Received};
use crate::outcome::Outcome;
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
    /// The raw body the embedded form posted (`kr-answer`, `kr-hash`, …).
    pub body: String,
    /// The HMAC-SHA-256 key, for a browser return.
    #[serde(default)]
    pub hmac_key: Option<Secret>,
    /// The REST password, for an IPN.
    #[serde(default)]
    pub password: Option<Secret>,
    /// The payment the shop expects (each given field is checked once the hash is verified).
    #[serde(default)]
    pub expected: kr::KrExpected,
}

crate::operation! {
    /// Verify the answer of Lyra's embedded (JavaScript) form, `kr-answer` with its `kr-hash`, and classify it.
    ///
    /// `expected` checks the order, amount and currency, as for the form's IPN.
    pub KrAnswer = "lyra.kr_answer", |input: KrAnswerInput| -> Outcome {
        let outcome = kr::verify_body(input.body.as_bytes(), input.hmac_key.as_ref(), input.password.as_ref())?;
        input.expected.check(&outcome)?;
        Ok(outcome)
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

/// Input of the `_answer` operations of the REST calls.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestAnswerInput {
    /// What the platform answered.
    pub response: HttpResponse,
}

/// A REST call's answer.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RestAnswer {
    /// The `answer` object of a `SUCCESS` envelope, as the platform wrote it.
    pub answer: serde_json::Value,
}

fn rest_answer(input: RestAnswerInput) -> Result<RestAnswer> {
    Ok(RestAnswer { answer: rest::parse_answer(&input.response)? })
}

crate::operation! {
    /// Read the answer to `lyra.refund`: its `answer` object, or a `gateway_error` with the platform's code.
    pub RefundAnswer = "lyra.refund_answer", |input: RestAnswerInput| -> RestAnswer { rest_answer(input) }
}

crate::operation! {
    /// Read the answer to `lyra.cancel`: its `answer` object, or a `gateway_error` with the platform's code.
    pub CancelAnswer = "lyra.cancel_answer", |input: RestAnswerInput| -> RestAnswer { rest_answer(input) }
}

crate::operation! {
    /// Read the answer to `lyra.capture`: its `answer` object, or a `gateway_error` with the platform's code.
    pub CaptureAnswer = "lyra.capture_answer", |input: RestAnswerInput| -> RestAnswer { rest_answer(input) }
}

crate::operation! {
    /// Read the answer to `lyra.status`: its `answer` object, or a `gateway_error` with the platform's code.
    pub StatusAnswer = "lyra.status_answer", |input: RestAnswerInput| -> RestAnswer { rest_answer(input) }
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
    pub CreatePaymentAnswer = "lyra.create_payment_answer", |input: RestAnswerInput| -> FormToken {
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
    pub PaymentOrderAnswer = "lyra.payment_order_answer", |input: RestAnswerInput| -> charge::PaymentOrderCreated {
        charge::payment_order_created(&input.response)
    }
}
