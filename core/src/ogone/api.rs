//! Ogone operations for [`crate::api`]: JSON in, JSON out.
//!
//! | operation | input | output |
//! |---|---|---|
//! | `ogone.sign` | `{params, passphrase, algo, direction, charset?}` | `{shasign}` (uppercase hex) |
//! | `ogone.form` | `{config, payment, auto_submit?, submit_label?}` | `{form, html}` |
//! | `ogone.response` | `{config, body \| params, expected?, server_to_server?}` | `Outcome` |
//!
//! `config` is an [`OgoneConfig`] (passphrases `sha_in_passphrase`, `sha_out_passphrase`); `direction` is
//! `in`, `out` or `legacy_out`; `charset` is `utf-8` (default) or `iso-8859-1`.

use super::config::OgoneConfig;
use super::request::{build_form, OgonePayment};
use super::response::{self, Expected};
use super::signature::{self, Algorithm, Charset, Direction};
use crate::api::{parse_input, to_output, unknown};
use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The operations this module serves.
pub const OPERATIONS: [&str; 3] = ["ogone.sign", "ogone.form", "ogone.response"];

/// Dispatch one Ogone verb.
pub fn call(verb: &str, input: &str) -> Result<String> {
    match verb {
        "sign" => sign(parse_input(input)?),
        "form" => form(parse_input(input)?),
        "response" => feedback(parse_input(input)?),
        _ => Err(unknown(&format!("ogone.{verb}"))),
    }
}

/// Input of `ogone.sign`: the raw primitive over exactly the given parameters.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    /// Parameter name → value (names in any case; unlisted and empty ones are not signed).
    pub params: BTreeMap<String, String>,
    /// The SHA-IN or SHA-OUT passphrase.
    pub passphrase: Secret,
    /// `sha1`, `sha256` or `sha512`.
    pub algo: String,
    /// `in`, `out` or `legacy_out`.
    pub direction: String,
    /// `utf-8` (default) or `iso-8859-1`.
    #[serde(default)]
    pub charset: Option<String>,
}

fn sign(input: SignInput) -> Result<String> {
    let algo = Algorithm::parse(&input.algo)?;
    let direction = Direction::parse(&input.direction)?;
    let charset = input.charset.as_deref().map(Charset::parse).transpose()?.unwrap_or_default();
    let params = input.params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let shasign = signature::sign(params, &input.passphrase, algo, direction, charset)?;
    to_output(&json!({ "shasign": shasign }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormInput {
    config: OgoneConfig,
    payment: OgonePayment,
    #[serde(default)]
    auto_submit: bool,
    #[serde(default)]
    submit_label: Option<String>,
}

fn form(input: FormInput) -> Result<String> {
    let form = build_form(&input.config, &input.payment)?;
    let label = input.submit_label.as_deref().unwrap_or("Payer");
    let html = if input.auto_submit { form.to_auto_submit_html(label) } else { form.to_html(label) };
    // The ISO-8859-1 page hashes ISO bytes: the browser must post in that charset too.
    let html =
        html.replace("accept-charset=\"UTF-8\"", &format!("accept-charset=\"{}\"", input.config.charset.label()));
    crate::api::form_output(&form, &html)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseInput {
    config: OgoneConfig,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    params: Option<BTreeMap<String, String>>,
    #[serde(default)]
    expected: Expected,
    #[serde(default)]
    server_to_server: bool,
}

fn feedback(input: ResponseInput) -> Result<String> {
    let outcome = match (input.body, input.params) {
        (Some(body), None) => {
            response::verify_body(&input.config, body.as_bytes(), &input.expected, input.server_to_server)?
        }
        (None, Some(params)) => {
            let params: Vec<(String, String)> = params.into_iter().collect();
            response::verify_feedback(&input.config, &params, &input.expected, input.server_to_server)?
        }
        _ => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "body",
                "give either body (the raw url-encoded feedback) or params (already decoded), not both",
            ))
        }
    };
    to_output(&outcome)
}
