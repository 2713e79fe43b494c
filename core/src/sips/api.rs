//! Sips operations of the registry ([`crate::api`]).
//!
//! `config` is a [`SipsConfig`] (the secret under `secret_key`).

use super::config::SipsConfig;
use super::data;
use super::office::{self, Action, AnswerExpected};
use super::paypage_json::{self, Redirection};
use super::request::{build_form, SipsPayment};
use super::response::{self, Expected};
use super::seal::{self, SealAlgorithm};
use crate::form::FormPage;
use crate::http::{HttpRequest, HttpResponse};
use crate::notification::{Notification as Verified, Received};
use crate::outcome::Outcome;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Input of `sips.seal`: the raw primitive over exactly the given Data text.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SealInput {
    /// The Data text as posted (base64 text when `Encode=base64`).
    pub data: String,
    /// The secret key.
    pub key: Secret,
    /// `hmac-sha256` (default) or `sha256`.
    #[serde(default)]
    pub algo: SealAlgorithm,
}

/// A Sips seal.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SealOutput {
    /// Lowercase hex.
    pub seal: String,
}

crate::operation! {
    /// The Seal of a Data text: lowercase hex HMAC-SHA-256 (or SHA-256 of Data + key, legacy).
    ///
    /// The raw primitive, for diagnosis and interop (use `sips.form` and `sips.notification` for payments).
    pub Seal = "sips.seal", |input: SealInput| -> SealOutput {
        Ok(SealOutput { seal: seal::seal(input.data.as_bytes(), &input.key, input.algo)? })
    }
}

/// Input of `sips.data`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataInput {
    /// The Data fields as a JSON object (nested objects and arrays as Sips 2.0 writes them).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// A Data text.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DataOutput {
    /// `key=value|…`.
    pub data: String,
}

crate::operation! {
    /// The Data text (`key=value|…`) of a set of fields, nested containers written the Sips 2.0 way.
    pub Data = "sips.data", |input: DataInput| -> DataOutput {
        Ok(DataOutput { data: data::join(&data::flatten(&input.fields)?) })
    }
}

/// Input of `sips.decode`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecodeInput {
    /// The Data text as posted.
    pub data: String,
    /// `Encode`: absent, or `base64` / `base64url`.
    #[serde(default)]
    pub encode: Option<String>,
}

/// Decoded Data fields.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DecodeOutput {
    /// Field name → value, not verified.
    pub fields: BTreeMap<String, String>,
}

crate::operation! {
    /// The fields of a Data text, NOT verified: for diagnosis only (use `sips.notification` to trust one).
    pub Decode = "sips.decode", |input: DecodeInput| -> DecodeOutput {
        let pairs = data::parse(&response::decode(&input.data, input.encode.as_deref())?)?;
        Ok(DecodeOutput { fields: pairs.into_iter().collect() })
    }
}

/// Input of `sips.form`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormInput {
    /// The shop.
    pub config: SipsConfig,
    /// The order.
    pub payment: SipsPayment,
    /// Render `html` so that it submits itself on load (a `<noscript>` button stays).
    #[serde(default)]
    pub auto_submit: bool,
    /// The button's label (default `Payer`).
    #[serde(default)]
    pub submit_label: Option<String>,
}

crate::operation! {
    /// Build the sealed Paypage POST form (`Data`, `Seal`, `InterfaceVersion`); every field is checked first.
    pub Form = "sips.form", |input: FormInput| -> FormPage {
        Ok(FormPage::new(build_form(&input.config, &input.payment)?, input.auto_submit, input.submit_label))
    }
}

/// Input of `sips.notification`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationInput {
    /// The shop.
    pub config: SipsConfig,
    /// The raw url-encoded POST (give this or `fields`).
    #[serde(default)]
    pub body: Option<String>,
    /// The posted fields (`Data`, `Seal`, …), already decoded (give this or `body`).
    #[serde(default)]
    pub fields: Option<BTreeMap<String, String>>,
    /// The payment the shop expects (each given field is checked).
    #[serde(default)]
    pub expected: Expected,
    /// Whether this is the automatic response (server to server) rather than the manual (browser) one.
    #[serde(default)]
    pub server_to_server: bool,
}

crate::operation! {
    /// Verify a Paypage response (automatic or manual): Seal, merchant, expected order; then classify it.
    ///
    /// Answer the platform with `reply`.
    pub Notification = "sips.notification", |input: NotificationInput| -> Verified {
        let outcome = match Received::from_parts(input.body, input.fields)? {
            Received::Body(body) => {
                response::verify_body(&input.config, body.as_bytes(), &input.expected, input.server_to_server)?
            }
            Received::Fields(fields) => {
                let fields: Vec<(String, String)> = fields.into_iter().collect();
                response::verify_response(&input.config, &fields, &input.expected, input.server_to_server)?
            }
        };
        Ok(Verified::accepted(outcome))
    }
}

/// Input of `sips.payment_init`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInitInput {
    /// The shop.
    pub config: SipsConfig,
    /// The order (the same as for `sips.form`).
    pub payment: SipsPayment,
    /// The Paypage JSON `interfaceVersion` (default `IR_WS_3.4`).
    #[serde(default)]
    pub interface_version: Option<String>,
}

crate::operation! {
    /// The Sips Paypage JSON call `paymentInit`: the order as sealed JSON, sent server to server.
    ///
    /// Its answer (`sips.payment_init_answer`) gives the buyer's redirection; the result then comes back as
    /// with the POST form (`sips.notification`). The same checks and Cpay / Cetelem rules as `sips.form`.
    pub PaymentInit = "sips.payment_init", |input: PaymentInitInput| -> HttpRequest {
        let version = input.interface_version.as_deref().unwrap_or(paypage_json::DEFAULT_JSON_INTERFACE_VERSION);
        paypage_json::payment_init(&input.config, &input.payment, version)
    }
}

/// Input of `sips.payment_init_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentInitAnswerInput {
    /// The shop (its secret key verifies the answer's seal).
    pub config: SipsConfig,
    /// What Sips answered.
    pub response: HttpResponse,
}

crate::operation! {
    /// Verify the answer to `sips.payment_init` (its seal), then read the redirection: `redirectionUrl` and the
    /// form that takes the buyer there, or a `gateway_error` with `redirectionStatusCode`.
    pub PaymentInitAnswer = "sips.payment_init_answer", |input: PaymentInitAnswerInput| -> Redirection {
        paypage_json::payment_init_answer(&input.config, &input.response)
    }
}

/// Input of `sips.refund`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// The shop.
    pub config: SipsConfig,
    /// The refund.
    pub refund: office::RefundRequest,
}

crate::operation! {
    /// The sealed Sips Office call `cashManagement/refund`, once the refund rule allows the amount.
    pub Refund = "sips.refund", |input: RefundInput| -> HttpRequest {
        office::refund(&input.config, &input.refund)
    }
}

/// Input of the `_answer` operations of Sips Office calls.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The shop (its secret key checks the answer's seal).
    pub config: SipsConfig,
    /// What Sips Office answered.
    pub response: HttpResponse,
    /// The transaction the call was about.
    pub expected: AnswerExpected,
}

crate::operation! {
    /// Read the answer to `sips.refund`: seal, shop and transaction checked, then `responseCode`.
    pub RefundAnswer = "sips.refund_answer", |input: AnswerInput| -> Outcome {
        office::verify_answer(&input.config, &input.response, &input.expected, Some(Action::Refund))
    }
}

/// Input of `sips.cancel`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The shop.
    pub config: SipsConfig,
    /// The cancellation.
    pub cancel: office::CancelRequest,
}

crate::operation! {
    /// The sealed Sips Office call `cashManagement/cancel` for (part of) a transaction not captured.
    pub Cancel = "sips.cancel", |input: CancelInput| -> HttpRequest {
        office::cancel(&input.config, &input.cancel)
    }
}

crate::operation! {
    /// Read the answer to `sips.cancel`: seal, shop and transaction checked, then `responseCode`.
    pub CancelAnswer = "sips.cancel_answer", |input: AnswerInput| -> Outcome {
        office::verify_answer(&input.config, &input.response, &input.expected, Some(Action::Cancel))
    }
}

/// Input of `sips.capture`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaptureInput {
    /// The shop.
    pub config: SipsConfig,
    /// The validation.
    pub capture: office::CaptureRequest,
}

crate::operation! {
    /// The sealed Sips Office call `cashManagement/validate` (capture) for at most the authorised amount,
    /// before `captureLimitDate`.
    pub Capture = "sips.capture", |input: CaptureInput| -> HttpRequest {
        office::capture(&input.config, &input.capture)
    }
}

crate::operation! {
    /// Read the answer to `sips.capture`: seal, shop and transaction checked, then `responseCode`.
    pub CaptureAnswer = "sips.capture_answer", |input: AnswerInput| -> Outcome {
        office::verify_answer(&input.config, &input.response, &input.expected, Some(Action::Capture))
    }
}

/// Input of `sips.status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// The shop.
    pub config: SipsConfig,
    /// `transactionReference` of the payment.
    pub transaction_reference: String,
}

crate::operation! {
    /// The sealed Sips Office call `diagnostic/getTransactionData` for a transaction's current state (a lost
    /// automatic response, a pending payment).
    pub Status = "sips.status", |input: StatusInput| -> HttpRequest {
        office::status(&input.config, &input.transaction_reference)
    }
}

crate::operation! {
    /// Read the answer to `sips.status`: seal, shop and transaction checked, then `transactionStatus` as an
    /// operation (payment, capture, cancellation, refund) and how it went.
    pub StatusAnswer = "sips.status_answer", |input: AnswerInput| -> Outcome {
        office::verify_answer(&input.config, &input.response, &input.expected, None)
    }
}
