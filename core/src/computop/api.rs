//! Computop operations for [`crate::api`]: JSON in, JSON out.
//!
//! | operation | input | output |
//! |---|---|---|
//! | `computop.encrypt` | `{plaintext, key}` | `{data, len}` |
//! | `computop.decrypt` | `{data, len, key}` | `{plaintext}` |
//! | `computop.mac` | `{message, key}` | `{mac}` |
//! | `computop.form` | `{config, payment, auto_submit?, submit_label?}` | `{form, redirect_url?, mac, html}` |
//! | `computop.notification` | `{config, body, expected?, server_to_server?}` | `Outcome` |
//! | `computop.refund` | `{config, refund}` | `HttpRequest` |
//! | `computop.refund_answer` | `{config, response, expected?}` | `Outcome` |
//!
//! `config` is a [`ComputopConfig`] (`merchant_id`, `blowfish_key`, `mac_key`, `host`, amount bounds).
//! `key` is the Blowfish password for encrypt/decrypt and the HMAC password for mac.

use super::config::ComputopConfig;
use super::refund::{self, CreditRequest};
use super::request::{build_form, FullCbPayment};
use super::response::{self, Expected};
use super::{blowfish, mac};
use crate::api::{parse_input, to_output, unknown};
use crate::error::Result;
use crate::http::HttpResponse;
use crate::secret::Secret;
use serde::Deserialize;
use serde_json::json;

/// The operations this module serves.
pub const OPERATIONS: [&str; 7] = [
    "computop.encrypt",
    "computop.decrypt",
    "computop.mac",
    "computop.form",
    "computop.notification",
    "computop.refund",
    "computop.refund_answer",
];

/// Dispatch one Computop verb.
pub fn call(verb: &str, input: &str) -> Result<String> {
    match verb {
        "encrypt" => {
            let i: EncryptInput = parse_input(input)?;
            to_output(&blowfish::encrypt(i.plaintext.as_bytes(), &i.key)?)
        }
        "decrypt" => {
            let i: DecryptInput = parse_input(input)?;
            let plaintext = blowfish::to_text(blowfish::decrypt(i.data.trim(), i.len, &i.key)?);
            to_output(&json!({ "plaintext": plaintext }))
        }
        "mac" => {
            let i: MacInput = parse_input(input)?;
            to_output(&json!({ "mac": mac::mac(i.message.as_bytes(), &i.key)? }))
        }
        "form" => form(parse_input(input)?),
        "notification" => {
            let i: NotificationInput = parse_input(input)?;
            to_output(&response::verify_body(&i.config, i.body.as_bytes(), &i.expected, i.server_to_server)?)
        }
        "refund" => {
            let i: RefundInput = parse_input(input)?;
            to_output(&refund::credit(&i.config, &i.refund)?)
        }
        "refund_answer" => {
            let i: RefundAnswerInput = parse_input(input)?;
            to_output(&refund::verify_answer(&i.config, &i.response, &i.expected)?)
        }
        _ => Err(unknown(&format!("computop.{verb}"))),
    }
}

/// Input of `computop.encrypt`: the raw primitive over exactly the given text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptInput {
    /// The plaintext (`key=value&…`), encrypted as its UTF-8 bytes.
    pub plaintext: String,
    /// The Blowfish password (1-72 bytes).
    pub key: Secret,
}

/// Input of `computop.decrypt`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecryptInput {
    /// Hex `Data`, either case.
    pub data: String,
    /// `Len`: plaintext length in bytes.
    pub len: usize,
    /// The Blowfish password.
    pub key: Secret,
}

/// Input of `computop.mac`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MacInput {
    /// The message, e.g. `*TransID*MerchantID*Amount*Currency`.
    pub message: String,
    /// The HMAC password.
    pub key: Secret,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormInput {
    config: ComputopConfig,
    payment: FullCbPayment,
    #[serde(default)]
    auto_submit: bool,
    #[serde(default)]
    submit_label: Option<String>,
}

fn form(input: FormInput) -> Result<String> {
    let built = build_form(&input.config, &input.payment)?;
    let label = input.submit_label.as_deref().unwrap_or("Payer");
    let html = if input.auto_submit { built.form.to_auto_submit_html(label) } else { built.form.to_html(label) };
    let mut out = serde_json::to_value(&built).map_err(|_| {
        crate::error::Error::general(crate::error::ErrorCode::Malformed, "the form could not be written as JSON")
    })?;
    out["html"] = json!(html);
    to_output(&out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotificationInput {
    config: ComputopConfig,
    /// The raw POST body or GET query string.
    body: String,
    #[serde(default)]
    expected: Expected,
    #[serde(default)]
    server_to_server: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundInput {
    config: ComputopConfig,
    refund: CreditRequest,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundAnswerInput {
    config: ComputopConfig,
    response: HttpResponse,
    #[serde(default)]
    expected: Expected,
}
