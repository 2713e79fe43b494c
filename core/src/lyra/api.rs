//! Lyra operations for [`crate::api`]: JSON in, JSON out.
//!
//! | operation | input | output |
//! |---|---|---|
//! | `lyra.sign` | `{fields, key, algo?}` | `{signature}` |
//! | `lyra.verify` | `{fields (with signature), key, algo?}` | `{valid}` |
//! | `lyra.form` | `{config, payment, auto_submit?, submit_label?}` | `{form, html}` |
//! | `lyra.notification` | `{config, body \| fields, expected?}` | `{outcome, reply}` |
//! | `lyra.kr_answer` | `{body, hmac_key?, password?}` | `Outcome` |
//! | `lyra.refund` | `{config, refund}` | `HttpRequest` |
//! | `lyra.cancel`, `lyra.validate` | `{config, uuid, comment?}` | `HttpRequest` |
//! | `lyra.get` | `{config, uuid}` | `HttpRequest` |
//! | `lyra.rest_answer` | `{response: HttpResponse}` | `{answer}` |
//! | `lyra.trans_id` | `{counter}` | `{trans_id}` |
//!
//! `config` is a [`LyraConfig`]; keys are strings (`test_key`, `production_key`, `rest_password`).

use super::config::{Algorithm, LyraConfig};
use super::request::{build_form, PaymentRequest};
use super::response::{self, Expected};
use super::{kr, rest, signature, TransId};
use crate::api::{parse_input, to_output, unknown};
use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpResponse;
use crate::secret::Secret;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The operations this module serves.
pub const OPERATIONS: [&str; 11] = [
    "lyra.sign",
    "lyra.verify",
    "lyra.form",
    "lyra.notification",
    "lyra.kr_answer",
    "lyra.refund",
    "lyra.cancel",
    "lyra.validate",
    "lyra.get",
    "lyra.rest_answer",
    "lyra.trans_id",
];

/// Dispatch one Lyra verb.
pub fn call(verb: &str, input: &str) -> Result<String> {
    match verb {
        "sign" => sign(parse_input(input)?),
        "verify" => verify(parse_input(input)?),
        "form" => form(parse_input(input)?),
        "notification" => notification(parse_input(input)?),
        "kr_answer" => kr_answer(parse_input(input)?),
        "refund" => {
            let i: RefundInput = parse_input(input)?;
            to_output(&rest::refund(&i.config, &i.refund)?)
        }
        "cancel" | "validate" | "get" => {
            let i: UuidInput = parse_input(input)?;
            let comment = i.comment.as_deref();
            let request = match verb {
                "cancel" => rest::cancel(&i.config, &i.uuid, comment)?,
                "validate" => rest::validate(&i.config, &i.uuid, comment)?,
                _ => rest::get(&i.config, &i.uuid)?,
            };
            to_output(&request)
        }
        "rest_answer" => {
            let i: RestAnswerInput = parse_input(input)?;
            to_output(&json!({ "answer": rest::parse_answer(&i.response)? }))
        }
        "trans_id" => {
            let i: TransIdInput = parse_input(input)?;
            to_output(&json!({ "trans_id": TransId::from_counter(i.counter).as_str() }))
        }
        _ => Err(unknown(&format!("lyra.{verb}"))),
    }
}

/// Input of `lyra.sign` and `lyra.verify`: the raw primitive over exactly the given fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    /// Field name → value; non-`vads_` fields are ignored.
    pub fields: BTreeMap<String, String>,
    /// The key.
    pub key: Secret,
    /// `hmac-sha256` (default) or `sha1`.
    #[serde(default)]
    pub algo: Option<String>,
}

fn algorithm(name: Option<&str>) -> Result<Algorithm> {
    name.map(Algorithm::parse).transpose().map(Option::unwrap_or_default)
}

fn sign(input: SignInput) -> Result<String> {
    let algo = algorithm(input.algo.as_deref())?;
    let signature = signature::sign(input.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())), &input.key, algo)?;
    to_output(&json!({ "signature": signature }))
}

fn verify(input: SignInput) -> Result<String> {
    let algo = algorithm(input.algo.as_deref())?;
    let received = input
        .fields
        .get("signature")
        .ok_or_else(|| Error::field(ErrorCode::SignatureMissing, "signature", "the fields carry no signature"))?;
    let valid =
        signature::verify(input.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())), received, &input.key, algo)?;
    to_output(&json!({ "valid": valid }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormInput {
    config: LyraConfig,
    payment: PaymentRequest,
    #[serde(default)]
    auto_submit: bool,
    #[serde(default)]
    submit_label: Option<String>,
}

fn form(input: FormInput) -> Result<String> {
    let form = build_form(&input.config, &input.payment)?;
    let label = input.submit_label.as_deref().unwrap_or("Payer");
    let html = if input.auto_submit { form.to_auto_submit_html(label) } else { form.to_html(label) };
    crate::api::form_output(&form, &html)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotificationInput {
    config: LyraConfig,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    fields: Option<BTreeMap<String, String>>,
    #[serde(default)]
    expected: Expected,
}

fn notification(input: NotificationInput) -> Result<String> {
    let notification = match (input.body, input.fields) {
        (Some(body), None) => response::verify_body(&input.config, body.as_bytes(), &input.expected)?,
        (None, Some(fields)) => {
            let fields: Vec<(String, String)> = fields.into_iter().collect();
            response::verify_notification(&input.config, &fields, &input.expected)?
        }
        _ => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "body",
                "give either body (the raw url-encoded request) or fields (already decoded), not both",
            ))
        }
    };
    to_output(&notification)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KrInput {
    body: String,
    #[serde(default)]
    hmac_key: Option<Secret>,
    #[serde(default)]
    password: Option<Secret>,
}

fn kr_answer(input: KrInput) -> Result<String> {
    to_output(&kr::verify_body(input.body.as_bytes(), input.hmac_key.as_ref(), input.password.as_ref())?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundInput {
    config: LyraConfig,
    refund: rest::RefundRequest,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UuidInput {
    config: LyraConfig,
    uuid: String,
    #[serde(default)]
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RestAnswerInput {
    response: HttpResponse,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransIdInput {
    counter: u64,
}
