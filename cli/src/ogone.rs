//! `cpay ogone …`: the Ogone e-Commerce commands.

use crate::io::{self, CommandResult};
use clap::Subcommand;
use cpay_core::Error;
use serde_json::{json, Value};

/// Ogone e-Commerce (and ePDQ, PostFinance).
#[derive(Subcommand)]
pub enum Command {
    /// SHASIGN of parameters: stdin JSON object → stdout uppercase hex (raw primitive: no checks).
    /// The passphrase comes from the environment.
    Sign {
        /// sha1, sha256 or sha512.
        #[arg(long)]
        algo: String,
        /// in (SHA-IN), out (SHA-OUT) or legacy_out.
        #[arg(long, default_value = "in")]
        direction: String,
        /// utf-8 or iso-8859-1 (the payment page's charset).
        #[arg(long, default_value = "utf-8")]
        charset: String,
    },
    /// Build a signed form: stdin `{config, payment}` (SHA-IN passphrase from the environment unless in
    /// config) → form JSON, or HTML with --html.
    Form {
        /// Print the HTML form instead of JSON.
        #[arg(long)]
        html: bool,
        /// With --html: a form that submits itself.
        #[arg(long)]
        auto_submit: bool,
    },
    /// Verify and classify a feedback: stdin `{config, body|params, expected?}` (SHA-OUT passphrase from
    /// the environment unless in config) → Outcome JSON; exit 1 when it fails verification.
    Response,
}

/// Run an Ogone command; `key_env` names the environment variable holding the passphrase.
pub fn run(command: Command, key_env: &str) -> CommandResult {
    match command {
        Command::Sign { algo, direction, charset } => {
            let params = io::read_json()?;
            let passphrase = io::key_from_env(key_env)?;
            let input = json!({
                "params": params, "passphrase": passphrase.as_str(), "algo": algo,
                "direction": direction, "charset": charset,
            });
            let out = io::call("ogone.sign", &input)?;
            Ok(field_of(&out, "shasign"))
        }
        Command::Form { html, auto_submit } => {
            let mut input = io::read_json()?;
            insert_secret(&mut input, "sha_in_passphrase", key_env)?;
            input["auto_submit"] = json!(auto_submit);
            let out = io::call("ogone.form", &input)?;
            Ok(if html { field_of(&out, "html").trim_end().to_owned() } else { io::pretty(&out) })
        }
        Command::Response => {
            let mut input = io::read_json()?;
            insert_secret(&mut input, "sha_out_passphrase", key_env)?;
            Ok(io::pretty(&io::call("ogone.response", &input)?))
        }
    }
}

/// Put the secret from the environment into `config.<slot>`, unless the JSON already has one.
pub fn insert_secret(input: &mut Value, slot: &str, key_env: &str) -> Result<(), Error> {
    let config = input.get_mut("config").and_then(Value::as_object_mut).ok_or_else(|| Error::missing("config"))?;
    if !config.contains_key(slot) {
        let key = io::key_from_env(key_env)?;
        config.insert(slot.to_owned(), json!(key.as_str()));
    }
    Ok(())
}

/// The string field `name` of a JSON object text (empty when absent).
pub fn field_of(json: &str, name: &str) -> String {
    serde_json::from_str::<Value>(json)
        .ok()
        .and_then(|v| v.get(name).and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}
