//! Computop operations of the registry ([`crate::api`]).
//!
//! `config` is a [`ComputopConfig`] (`merchant_id`, `blowfish_key`, `mac_key`, `host`, amount bounds).
//! `key` is the Blowfish or AES password for encrypt/decrypt and the HMAC password for mac.

use super::config::ComputopConfig;
use super::data::{self, Algorithm};
use super::refund::{self, CreditRequest};
use super::request::{build_form_with, FullCbPayment};
use super::response::{self, Expected};
use super::reverse::{self, ReverseRequest};
use super::{blowfish, inquire, mac};
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
    /// The plaintext (`key=value&…`), encrypted as its UTF-8 bytes; `len` counts its characters.
    pub plaintext: String,
    /// The Blowfish password (1-72 bytes), or the AES password (16, 24 or 32 bytes: AES-128, -192, -256).
    pub key: Secret,
    /// `blowfish` (the default) or `aes`.
    #[serde(default)]
    pub algorithm: Algorithm,
    /// AES only, and then required: the IV, 16 fresh random bytes as 32 hex digits, a new one for every message
    /// (Python `secrets.token_hex(16)`, Node `crypto.randomBytes(16).toString('hex')`, PHP
    /// `bin2hex(random_bytes(16))`). The core reads no random source.
    #[serde(default)]
    pub iv: Option<String>,
}

/// Input of `computop.decrypt`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecryptInput {
    /// `Data`: Blowfish hex, or AES `HEXIV-HEXCIPHERTEXT` (recognised by its shape); either case.
    pub data: String,
    /// `Len`: the plaintext's length in characters (bytes for ISO-8859-1 text), as Computop's reference counts it.
    pub len: usize,
    /// The Blowfish password, or the AES password for AES `Data`.
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
    /// Encrypt a plaintext the way Computop's reference implementation does (Blowfish, or AES-CBC with the
    /// caller's random IV): `{data, len}`, `len` in characters.
    ///
    /// The raw primitive, for diagnosis and interop (use `computop.form` to build a payment).
    pub Encrypt = "computop.encrypt", |input: EncryptInput| -> blowfish::Encrypted {
        data::encrypt(input.plaintext.as_bytes(), input.algorithm, &input.key, input.iv.as_deref())
    }
}

/// A decrypted `Data`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Plaintext {
    /// The plaintext (`key=value&…`), read as UTF-8, or ISO-8859-1 when it is not valid UTF-8 (never a UTF-8
    /// text cut inside a character: that is an error naming `Len`).
    pub plaintext: String,
}

crate::operation! {
    /// Decrypt a `Data` (Blowfish, or AES by its `IV-ciphertext` shape; either hex case, surrounding whitespace
    /// ignored) and cut it after `len` characters.
    pub Decrypt = "computop.decrypt", |input: DecryptInput| -> Plaintext {
        Ok(Plaintext { plaintext: data::decrypt_text(&input.data, input.len, &input.key)? })
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
    /// Required when `config.algorithm` is `aes`: 16 fresh random bytes as 32 hex digits, new for every form
    /// (see `computop.encrypt`).
    #[serde(default)]
    pub iv: Option<String>,
}

crate::operation! {
    /// Build the encrypted Cetelem 3x/4x form (`CetelemFullCB.aspx`): every field is checked, the MAC
    /// computed and the plaintext Blowfish-encrypted into `Data`.
    pub Form = "computop.form", |input: FormInput| -> FormPage {
        let form = build_form_with(&input.config, &input.payment, input.iv.as_deref())?;
        Ok(FormPage::new(form, input.auto_submit, input.submit_label))
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
    /// Required when `config.algorithm` is `aes`: 16 fresh random bytes as 32 hex digits (see `computop.encrypt`).
    #[serde(default)]
    pub iv: Option<String>,
}

crate::operation! {
    /// The server call `credit.aspx` (credit with reference) for a refund the Cpay refund rule allows.
    pub Refund = "computop.refund", |input: RefundInput| -> HttpRequest {
        refund::credit_with(&input.config, &input.refund, input.iv.as_deref())
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

/// Input of `computop.cancel`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The shop.
    pub config: ComputopConfig,
    /// The reversal.
    pub cancel: ReverseRequest,
    /// For a shop configured for AES: 32 hex digits of fresh random bytes, the IV of this message's `Data`.
    #[serde(default)]
    pub iv: Option<String>,
}

crate::operation! {
    /// The server call `reverse.aspx` that cancels an authorised payment nothing was captured or credited from.
    ///
    /// Paygate reverses the last step of a payment, so a captured payment is refused here: refund it with
    /// `computop.refund`.
    pub Cancel = "computop.cancel", |input: CancelInput| -> HttpRequest {
        reverse::reverse(&input.config, &input.cancel, input.iv.as_deref())
    }
}

crate::operation! {
    /// Read the answer to `computop.cancel`: decrypted, MAC-checked, checked against the payment and classified
    /// (`operation: cancellation`).
    pub CancelAnswer = "computop.cancel_answer", |input: RefundAnswerInput| -> Outcome {
        reverse::verify_answer(&input.config, &input.response, &input.expected)
    }
}

/// Input of `computop.status`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// The shop.
    pub config: ComputopConfig,
    /// `PayID` of the payment (an32).
    pub pay_id: String,
    /// `TransID` of the payment (ans..64).
    pub trans_id: String,
    /// For a shop configured for AES: 32 hex digits of fresh random bytes, the IV of this message's `Data`.
    #[serde(default)]
    pub iv: Option<String>,
}

crate::operation! {
    /// The server call `inquire.aspx`: what Paygate authorised, captured and credited for a payment.
    ///
    /// For a payment whose notify never arrived; read the answer with `computop.status_answer`.
    pub Status = "computop.status", |input: StatusInput| -> HttpRequest {
        inquire::inquire(&input.config, &input.pay_id, &input.trans_id, input.iv.as_deref())
    }
}

/// Input of `computop.status_answer`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusAnswerInput {
    /// The shop.
    pub config: ComputopConfig,
    /// What Paygate answered.
    pub response: HttpResponse,
    /// The payment asked about: `pay_id` is required, `trans_id` checked when given.
    pub expected: Expected,
}

crate::operation! {
    /// Read the answer to `computop.status`: decrypted, MAC-checked, checked against the payment, and folded
    /// into the `Outcome` a notify would give, with the amounts and what is still refundable.
    pub StatusAnswer = "computop.status_answer", |input: StatusAnswerInput| -> inquire::PaymentStatus {
        inquire::verify_answer(&input.config, &input.response, &input.expected)
    }
}
