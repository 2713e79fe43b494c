//! `cpay computop …`: the Computop Paygate commands (Cetelem 3x/4x FullCB).
//!
//! The raw primitives (`encrypt`, `decrypt`, `mac`) take their one key from `--key-env`. The checked paths
//! need two secrets: the Blowfish password (from `--key-env`) and the HMAC password (from the variable named
//! by `--mac-key-env`, default `CPAY_MAC_KEY`), each only when the JSON's `config` does not carry it.

use crate::io::{self, CommandResult};
use clap::{Args, Subcommand};
use cpay_core::Error;
use serde_json::{json, Value};

/// Where the HMAC password comes from.
#[derive(Args)]
pub struct MacKey {
    /// Environment variable holding the HMAC password (the Blowfish one comes from --key-env).
    #[arg(long, default_value = "CPAY_MAC_KEY")]
    mac_key_env: String,
}

/// Computop Paygate (and Axepta).
#[derive(Subcommand)]
pub enum Command {
    /// Encrypt: stdin plaintext (one trailing newline dropped) → `{"data", "len"}`; key: Blowfish password.
    Encrypt,
    /// Decrypt: stdin hex Data → plaintext cut at --len; key: Blowfish password.
    Decrypt {
        /// `Len`: the plaintext length in bytes.
        #[arg(long)]
        len: usize,
    },
    /// MAC: stdin message (one trailing newline dropped) → uppercase hex HMAC-SHA-256; key: HMAC password.
    Mac,
    /// Build the encrypted FullCB form: stdin `{config, payment}` → form JSON, or HTML with --html.
    Form {
        /// Print the HTML form instead of JSON.
        #[arg(long)]
        html: bool,
        /// With --html: a form that submits itself.
        #[arg(long)]
        auto_submit: bool,
        #[command(flatten)]
        mac_key: MacKey,
    },
    /// Verify and classify a notify or return: stdin `{config, body, expected?}` (or a raw body with
    /// --merchant-id) → Outcome JSON; exit 1 when it fails verification.
    Notification {
        /// With a raw body on stdin: the shop's MerchantID.
        #[arg(long)]
        merchant_id: Option<String>,
        /// With a raw body on stdin: the TransID the shop expects.
        #[arg(long)]
        trans_id: Option<String>,
        #[command(flatten)]
        mac_key: MacKey,
    },
    /// Build a credit.aspx refund request: stdin `{config, refund}` → HttpRequest JSON.
    Refund {
        #[command(flatten)]
        mac_key: MacKey,
    },
    /// Read a credit.aspx answer: stdin `{config, response, expected?}` → Outcome JSON.
    RefundAnswer {
        #[command(flatten)]
        mac_key: MacKey,
    },
}

/// Run a Computop command; `key_env` names the variable holding the Blowfish (or, for `mac`, HMAC) password.
pub fn run(command: Command, key_env: &str) -> CommandResult {
    match command {
        Command::Encrypt => {
            let plaintext = io::read_stdin()?;
            let key = io::key_from_env(key_env)?;
            io::call("computop.encrypt", &json!({ "plaintext": drop_newline(&plaintext), "key": key.as_str() }))
        }
        Command::Decrypt { len } => {
            let data = io::read_stdin()?;
            let key = io::key_from_env(key_env)?;
            let out = io::call("computop.decrypt", &json!({ "data": data.trim(), "len": len, "key": key.as_str() }))?;
            Ok(field_of(&out, "plaintext"))
        }
        Command::Mac => {
            let message = io::read_stdin()?;
            let key = io::key_from_env(key_env)?;
            let out = io::call("computop.mac", &json!({ "message": drop_newline(&message), "key": key.as_str() }))?;
            Ok(field_of(&out, "mac"))
        }
        Command::Form { html, auto_submit, mac_key } => {
            let mut input = io::read_json()?;
            insert_keys(&mut input, key_env, &mac_key.mac_key_env)?;
            input["auto_submit"] = json!(auto_submit);
            let out = io::call("computop.form", &input)?;
            Ok(if html { field_of(&out, "html").trim_end().to_owned() } else { io::pretty(&out) })
        }
        Command::Notification { merchant_id, trans_id, mac_key } => {
            let mut input = match merchant_id {
                Some(merchant_id) => {
                    let body = io::read_stdin()?;
                    json!({
                        "config": { "merchant_id": merchant_id },
                        "body": body.trim_end(),
                        "expected": { "trans_id": trans_id },
                    })
                }
                None => io::read_json()?,
            };
            insert_keys(&mut input, key_env, &mac_key.mac_key_env)?;
            Ok(io::pretty(&io::call("computop.notification", &input)?))
        }
        Command::Refund { mac_key } => {
            let mut input = io::read_json()?;
            insert_keys(&mut input, key_env, &mac_key.mac_key_env)?;
            Ok(io::pretty(&io::call("computop.refund", &input)?))
        }
        Command::RefundAnswer { mac_key } => {
            let mut input = io::read_json()?;
            insert_keys(&mut input, key_env, &mac_key.mac_key_env)?;
            Ok(io::pretty(&io::call("computop.refund_answer", &input)?))
        }
    }
}

/// Put the two passwords from the environment into `config`, unless the JSON already has them.
fn insert_keys(input: &mut Value, key_env: &str, mac_key_env: &str) -> Result<(), Error> {
    let config = input.get_mut("config").and_then(Value::as_object_mut).ok_or_else(|| Error::missing("config"))?;
    for (slot, env) in [("blowfish_key", key_env), ("mac_key", mac_key_env)] {
        if !config.contains_key(slot) {
            let key = io::key_from_env(env)?;
            config.insert(slot.to_owned(), json!(key.as_str()));
        }
    }
    Ok(())
}

/// Drop the one newline `echo` and here-strings add, so `echo text | cpay computop mac` works.
fn drop_newline(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

fn field_of(json: &str, name: &str) -> String {
    serde_json::from_str::<Value>(json)
        .ok()
        .and_then(|v| v.get(name).and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}
