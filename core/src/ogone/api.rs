//! Ogone operations of the registry ([`crate::api`]).
//!
//! `config` is an [`OgoneConfig`] (passphrases `sha_in_passphrase`, `sha_out_passphrase`).

use super::config::OgoneConfig;
use super::request::{build_form, OgonePayment};
use super::response::{self, Expected};
use super::signature::{self, Algorithm, Charset, Direction};
use crate::form::FormPage;
use crate::notification::{Notification as Verified, Received};
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
