//! Computop operations of the registry ([`crate::api`]).
//!
//! `config` is a [`ComputopConfig`] (`merchant_id`, `blowfish_key`, `mac_key`, `host`, amount bounds).
//! `key` is the Blowfish password for encrypt/decrypt and the HMAC password for mac.

use super::config::ComputopConfig;
use super::refund::{self, CreditRequest};
use super::request::{build_form, FullCbPayment};
use super::response::{self, Expected};
use super::{blowfish, mac};
use crate::form::FormPage;
use crate::http::{HttpRequest, HttpResponse};
use crate::notification::Notification as Verified;
use crate::outcome::Outcome;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Input of `computop.encrypt`: the raw primitive over exactly the given text.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EncryptInput {
    /// The plaintext (`key=value&…`), encrypted as its UTF-8 bytes.
    pub plaintext: String,
    /// The Blowfish password (1-72 bytes).
    pub key: Secret,
}

/// Input of `computop.decrypt`.
#[derive(Deserialize, schemars::JsonSchema)]
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
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MacInput {
    /// The message, e.g. `*TransID*MerchantID*Amount*Currency`.
    pub message: String,
    /// The HMAC password.
    pub key: Secret,
}

crate::operation! {
    /// Blowfish-encrypt a plaintext the way Computop's reference implementation does: `{data, len}`.
    ///
    /// The raw primitive, for diagnosis and interop (use `computop.form` to build a payment).
    pub Encrypt = "computop.encrypt", |input: EncryptInput| -> blowfish::Encrypted {
        blowfish::encrypt(input.plaintext.as_bytes(), &input.key)
    }
}

/// A decrypted `Data`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Plaintext {
    /// The plaintext (`key=value&…`), read as UTF-8, or ISO-8859-1 when it is not valid UTF-8.
    pub plaintext: String,
}

crate::operation! {
    /// Decrypt a `Data` (hex, either case, surrounding whitespace ignored) and cut it at `len` bytes.
    pub Decrypt = "computop.decrypt", |input: DecryptInput| -> Plaintext {
        Ok(Plaintext { plaintext: blowfish::decrypt_text(&input.data, input.len, &input.key)? })
    }
}

/// A Paygate MAC.
#[derive(Serialize, schemars::JsonSchema)]
pub struct MacOutput {
    /// Uppercase hex HMAC-SHA-256.
    pub mac: String,
}

crate::operation! {
    /// The Paygate MAC of a message (`*PayID*TransID*MerchantID*Amount*Currency`): uppercase hex HMAC-SHA-256.
    pub Mac = "computop.mac", |input: MacInput| -> MacOutput {
        Ok(MacOutput { mac: mac::mac(input.message.as_bytes(), &input.key)? })
    }
}

/// Input of `computop.form`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormInput {
    /// The shop.
    pub config: ComputopConfig,
    /// The order.
    pub payment: FullCbPayment,
    /// Render `html` so that it submits itself on load (a `<noscript>` button stays).
    #[serde(default)]
    pub auto_submit: bool,
    /// The button's label (default `Payer`).
    #[serde(default)]
    pub submit_label: Option<String>,
}

crate::operation! {
    /// Build the encrypted Cetelem 3x/4x form (`CetelemFullCB.aspx`): every field is checked, the MAC
    /// computed and the plaintext Blowfish-encrypted into `Data`.
    pub Form = "computop.form", |input: FormInput| -> FormPage {
        Ok(FormPage::new(build_form(&input.config, &input.payment)?, input.auto_submit, input.submit_label))
    }
}

/// Input of `computop.notification`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationInput {
    /// The shop.
    pub config: ComputopConfig,
    /// The raw POST body (URLNotify) or GET query string (URLSuccess, URLFailure).
    pub body: String,
    /// The payment the shop expects (each given field is checked).
    #[serde(default)]
    pub expected: Expected,
    /// Whether this is the notify (server to server) rather than the browser's return.
    #[serde(default)]
    pub server_to_server: bool,
}

crate::operation! {
    /// Verify a notify or a browser return: decrypt `Data`, check its MAC, merchant and expected order;
    /// then classify its `Code`.
    ///
    /// Answer Paygate with `reply`.
    pub Notification = "computop.notification", |input: NotificationInput| -> Verified {
        crate::notification::non_empty_body("body", &input.body)?;
        let outcome =
            response::verify_body(&input.config, input.body.as_bytes(), &input.expected, input.server_to_server)?;
        Ok(Verified::accepted(outcome))
    }
}

/// Input of `computop.refund`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// The shop.
    pub config: ComputopConfig,
    /// The credit.
    pub refund: CreditRequest,
}

crate::operation! {
    /// The server call `credit.aspx` (credit with reference) for a refund the Cpay refund rule allows.
    pub Refund = "computop.refund", |input: RefundInput| -> HttpRequest {
        refund::credit(&input.config, &input.refund)
    }
}

/// Input of `computop.refund_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundAnswerInput {
    /// The shop.
    pub config: ComputopConfig,
    /// What Paygate answered.
    pub response: HttpResponse,
    /// The credit the shop expects (each given field is checked).
    #[serde(default)]
    pub expected: Expected,
}

crate::operation! {
    /// Read the answer to `computop.refund`: decrypted, MAC-checked and classified.
    pub RefundAnswer = "computop.refund_answer", |input: RefundAnswerInput| -> Outcome {
        refund::verify_answer(&input.config, &input.response, &input.expected)
    }
}
