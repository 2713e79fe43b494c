//! Sips operations for [`crate::api`]: JSON in, JSON out.
//!
//! | operation | input | output |
//! |---|---|---|
//! | `sips.seal` | `{data, key, algo?}` | `{seal}` (lowercase hex) |
//! | `sips.data` | `{fields}` (nested object) | `{data}` (`key=value\|…`) |
//! | `sips.decode` | `{data, encode?}` | `{fields}` (unverified: for diagnosis only) |
//! | `sips.form` | `{config, payment, auto_submit?, submit_label?}` | `{form, html}` |
//! | `sips.response` | `{config, body \| fields, expected?, server_to_server?}` | `Outcome` |
//!
//! `config` is a [`SipsConfig`] (the secret under `secret_key`); `algo` is `hmac-sha256` (default) or `sha256`.

use super::config::SipsConfig;
use super::data;
use super::request::{build_form, SipsPayment};
use super::response::{self, Expected};
use super::seal::{self, SealAlgorithm};
use crate::api::{parse_input, to_output, unknown};
use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The operations this module serves.
pub const OPERATIONS: [&str; 5] = ["sips.seal", "sips.data", "sips.decode", "sips.form", "sips.response"];

/// Dispatch one Sips verb.
pub fn call(verb: &str, input: &str) -> Result<String> {
    match verb {
        "seal" => {
            let i: SealInput = parse_input(input)?;
            let algo = i.algo.as_deref().map(SealAlgorithm::parse).transpose()?.unwrap_or_default();
            to_output(&json!({ "seal": seal::seal(i.data.as_bytes(), &i.key, algo)? }))
        }
        "data" => {
            let i: DataInput = parse_input(input)?;
            to_output(&json!({ "data": data::join(&data::flatten(&i.fields)?) }))
        }
        "decode" => {
            let i: DecodeInput = parse_input(input)?;
            let pairs = data::parse(&response::decode(&i.data, i.encode.as_deref())?)?;
            let map: BTreeMap<String, String> = pairs.into_iter().collect();
            to_output(&json!({ "fields": map }))
        }
        "form" => {
            let i: FormInput = parse_input(input)?;
            let form = build_form(&i.config, &i.payment)?;
            let label = i.submit_label.as_deref().unwrap_or("Payer");
            let html = if i.auto_submit { form.to_auto_submit_html(label) } else { form.to_html(label) };
            crate::api::form_output(&form, &html)
        }
        "response" => {
            let i: ResponseInput = parse_input(input)?;
            let outcome = match (i.body, i.fields) {
                (Some(body), None) => {
                    response::verify_body(&i.config, body.as_bytes(), &i.expected, i.server_to_server)?
                }
                (None, Some(fields)) => {
                    let fields: Vec<(String, String)> = fields.into_iter().collect();
                    response::verify_response(&i.config, &fields, &i.expected, i.server_to_server)?
                }
                _ => {
                    return Err(Error::field(
                        ErrorCode::InvalidValue,
                        "body",
                        "give either body (the raw url-encoded POST) or fields (Data, Seal, …), not both",
                    ))
                }
            };
            to_output(&outcome)
        }
        _ => Err(unknown(&format!("sips.{verb}"))),
    }
}

/// Input of `sips.seal`: the raw primitive over exactly the given Data text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealInput {
    /// The Data text as posted (base64 text when `Encode=base64`).
    pub data: String,
    /// The secret key.
    pub key: Secret,
    /// `hmac-sha256` (default) or `sha256`.
    #[serde(default)]
    pub algo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataInput {
    fields: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecodeInput {
    data: String,
    #[serde(default)]
    encode: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormInput {
    config: SipsConfig,
    payment: SipsPayment,
    #[serde(default)]
    auto_submit: bool,
    #[serde(default)]
    submit_label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseInput {
    config: SipsConfig,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    fields: Option<BTreeMap<String, String>>,
    #[serde(default)]
    expected: Expected,
    #[serde(default)]
    server_to_server: bool,
}
