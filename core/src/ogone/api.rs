//! Ogone operations of the registry ([`crate::api`]).
//!
//! `config` is an [`OgoneConfig`] (passphrases `sha_in_passphrase`, `sha_out_passphrase`).

use super::config::OgoneConfig;
use super::directlink::{self, Action, AnswerExpected};
use super::request::{build_form, OgonePayment};
use super::response::{self, Expected};
use super::signature::{self, Algorithm, Charset, Direction};
use crate::form::FormPage;
use crate::http::{HttpRequest, HttpResponse};
use crate::notification::{Notification as Verified, Received};
use crate::outcome::Outcome;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Input of `ogone.sign`: the raw primitive over exactly the given parameters.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    /// Parameter name → value (names in any case; unlisted and empty ones are not signed).
    pub fields: BTreeMap<String, String>,
    /// The SHA-IN or SHA-OUT passphrase.
    pub passphrase: Secret,
    /// `sha1`, `sha256` or `sha512`: required, because it must be the one chosen in the back office
    /// ("Global security parameters") and a default would sign with another one.
    pub algo: Algorithm,
    /// `in`, `out` or `legacy_out`.
    pub direction: Direction,
    /// `utf-8` (default) or `iso-8859-1`.
    #[serde(default)]
    pub charset: Charset,
}

/// An Ogone signature.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ShaSign {
    /// Uppercase hex digest.
    pub shasign: String,
}

crate::operation! {
    /// The SHASIGN of the parameters (names in any case; unlisted and empty ones are not signed).
    ///
    /// The raw primitive, for diagnosis and interop: no format or shop check (use `ogone.form`).
    pub Sign = "ogone.sign", |input: SignInput| -> ShaSign {
        let fields = input.fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let shasign = signature::sign(fields, &input.passphrase, input.algo, input.direction, input.charset)?;
        Ok(ShaSign { shasign })
    }
}

/// Input of `ogone.form`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormInput {
    /// The shop.
    pub config: OgoneConfig,
    /// The order.
    pub payment: OgonePayment,
    /// Render `html` so that it submits itself on load (a `<noscript>` button stays).
    #[serde(default)]
    pub auto_submit: bool,
    /// The button's label (default `Payer`).
    #[serde(default)]
    pub submit_label: Option<String>,
}

crate::operation! {
    /// Build the SHA-IN signed payment form (`orderstandard_utf8.asp`, or `orderstandard.asp` posted in
    /// ISO-8859-1 for shops configured for it); every parameter is checked first.
    pub Form = "ogone.form", |input: FormInput| -> FormPage {
        Ok(FormPage::new(build_form(&input.config, &input.payment)?, input.auto_submit, input.submit_label))
    }
}

/// Input of `ogone.notification`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationInput {
    /// The shop.
    pub config: OgoneConfig,
    /// The raw url-encoded feedback (give this or `fields`).
    #[serde(default)]
    pub body: Option<String>,
    /// The feedback parameters, already decoded (give this or `body`).
    #[serde(default)]
    pub fields: Option<BTreeMap<String, String>>,
    /// The payment the shop expects (each given field is checked).
    #[serde(default)]
    pub expected: Expected,
    /// Whether this is the post-sale (server-to-server) request rather than the browser's redirection.
    #[serde(default)]
    pub server_to_server: bool,
}

crate::operation! {
    /// Verify a feedback (browser redirection or post-sale request): SHA-OUT, PSPID, expected order; then
    /// classify its STATUS.
    ///
    /// Answer the platform with `reply`.
    pub Notification = "ogone.notification", |input: NotificationInput| -> Verified {
        let outcome = match Received::from_parts(input.body, input.fields)? {
            Received::Body(body) => {
                response::verify_body(&input.config, body.as_bytes(), &input.expected, input.server_to_server)?
            }
            Received::Fields(fields) => {
                let fields: Vec<(String, String)> = fields.into_iter().collect();
                response::verify_feedback(&input.config, &fields, &input.expected, input.server_to_server)?
            }
        };
        Ok(Verified::accepted(outcome))
    }
}

/// Input of `ogone.refund`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// The shop (with `user_id` and `api_password`).
    pub config: OgoneConfig,
    /// The refund.
    pub refund: directlink::RefundRequest,
}

crate::operation! {
    /// The DirectLink call `maintenancedirect.asp` that refunds a captured payment (`RFD`, or `RFS` for what is
    /// left), once the refund rule allows the amount.
    pub Refund = "ogone.refund", |input: RefundInput| -> HttpRequest {
        directlink::refund(&input.config, &input.refund)
    }
}

/// Input of the `_answer` operations of DirectLink calls.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// What the platform answered.
    pub response: HttpResponse,
    /// The payment the call was about (`pay_id` and/or `order_id`, checked).
    pub expected: AnswerExpected,
}

crate::operation! {
    /// Read the answer to `ogone.refund`: NCERROR, PAYID and orderID checked, then STATUS (8 refunded, 81 pending…).
    pub RefundAnswer = "ogone.refund_answer", |input: AnswerInput| -> Outcome {
        directlink::verify_answer(&input.response, &input.expected, Some(Action::Refund))
    }
}

/// Input of `ogone.cancel`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The shop (with `user_id` and `api_password`).
    pub config: OgoneConfig,
    /// The cancellation.
    pub cancel: directlink::CancelRequest,
}

crate::operation! {
    /// The DirectLink call `maintenancedirect.asp` that deletes an authorisation not captured (`DES`, or `DEL`).
    pub Cancel = "ogone.cancel", |input: CancelInput| -> HttpRequest {
        directlink::cancel(&input.config, &input.cancel)
    }
}

crate::operation! {
    /// Read the answer to `ogone.cancel`: NCERROR, PAYID and orderID checked, then STATUS (6 cancelled, 7 deleted…).
    pub CancelAnswer = "ogone.cancel_answer", |input: AnswerInput| -> Outcome {
        directlink::verify_answer(&input.response, &input.expected, Some(Action::Cancel))
    }
}

/// Input of `ogone.capture`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaptureInput {
    /// The shop (with `user_id` and `api_password`).
    pub config: OgoneConfig,
    /// The capture.
    pub capture: directlink::CaptureRequest,
}

crate::operation! {
    /// The DirectLink call `maintenancedirect.asp` that captures an authorised payment (`SAL`, or `SAS` for the
    /// last capture), at most what is left of the authorisation.
    pub Capture = "ogone.capture", |input: CaptureInput| -> HttpRequest {
        directlink::capture(&input.config, &input.capture)
    }
}

crate::operation! {
    /// Read the answer to `ogone.capture`: NCERROR, PAYID and orderID checked, then STATUS (9 captured, 91 pending…).
    pub CaptureAnswer = "ogone.capture_answer", |input: AnswerInput| -> Outcome {
        directlink::verify_answer(&input.response, &input.expected, Some(Action::Capture))
    }
}

/// Input of `ogone.status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// The shop (with `user_id` and `api_password`).
    pub config: OgoneConfig,
    /// The payment: `pay_id`, or `order_id` when the shop never received one.
    pub query: directlink::Query,
}

crate::operation! {
    /// The DirectLink call `querydirect.asp` for a payment's current status (a lost feedback, a pending payment).
    pub Status = "ogone.status", |input: StatusInput| -> HttpRequest {
        directlink::status(&input.config, &input.query)
    }
}

crate::operation! {
    /// Read the answer to `ogone.status`: NCERROR, PAYID and orderID checked, then STATUS as an operation
    /// (payment, capture, cancellation, refund) and how it went.
    pub StatusAnswer = "ogone.status_answer", |input: AnswerInput| -> Outcome {
        directlink::verify_answer(&input.response, &input.expected, None)
    }
}
