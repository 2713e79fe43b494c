//! `cpay lyra …`: the Lyra commands.

use crate::io::{self, CommandResult};
use clap::Subcommand;
use cpay_core::{Error, ErrorCode};
use serde_json::{json, Value};

/// Lyra platforms (Sogecommerce, PayZen, Systempay, …).
#[derive(Subcommand)]
pub enum Command {
    /// Sign fields: stdin JSON object of fields → stdout the signature (raw primitive: no checks).
    Sign {
        /// hmac-sha256 or sha1.
        #[arg(long, default_value = "hmac-sha256")]
        algo: String,
    },
    /// Verify fields incl. `signature`: stdin JSON object → exit 0 valid / 1 invalid, JSON verdict.
    Verify {
        /// hmac-sha256 or sha1.
        #[arg(long, default_value = "hmac-sha256")]
        algo: String,
    },
    /// Build a signed Cpay form: stdin `{config, payment}` → form JSON, or HTML with --html.
    Form {
        /// Print the HTML form instead of JSON.
        #[arg(long)]
        html: bool,
        /// With --html: a form that submits itself.
        #[arg(long)]
        auto_submit: bool,
    },
    /// Verify and classify an IPN or return: stdin `{config, body|fields, expected?}` (or a raw
    /// url-encoded body with --site-id and --mode) → Outcome JSON.
    Notification {
        /// With a raw body on stdin: the shop's site id.
        #[arg(long)]
        site_id: Option<String>,
        /// With a raw body on stdin: TEST or PRODUCTION.
        #[arg(long, default_value = "TEST")]
        mode: String,
        /// With a raw body on stdin: hmac-sha256 or sha1.
        #[arg(long, default_value = "hmac-sha256")]
        algo: String,
    },
}

/// Run a Lyra command; `key_env` names the environment variable holding the key.
pub fn run(command: Command, key_env: &str) -> CommandResult {
    match command {
        Command::Sign { algo } => {
            let fields = io::read_json()?;
            let key = io::key_from_env(key_env)?;
            let out = io::call("lyra.sign", &json!({ "fields": fields, "key": key.as_str(), "algo": algo }))?;
            Ok(field_of(&out, "signature"))
        }
        Command::Verify { algo } => {
            let fields = io::read_json()?;
            let key = io::key_from_env(key_env)?;
            let out = io::call("lyra.verify", &json!({ "fields": fields, "key": key.as_str(), "algo": algo }))?;
            let valid = serde_json::from_str::<Value>(&out).ok().and_then(|v| v["valid"].as_bool()).unwrap_or(false);
            if valid {
                Ok(out)
            } else {
                Err(Error::field(
                    ErrorCode::SignatureMismatch,
                    "signature",
                    "the signature does not match the fields and the key",
                ))
            }
        }
        Command::Form { html, auto_submit } => {
            let mut input = io::read_json()?;
            insert_key(&mut input, key_env)?;
            input["auto_submit"] = json!(auto_submit);
            let out = io::call("lyra.form", &input)?;
            Ok(if html { field_of(&out, "html").trim_end().to_owned() } else { io::pretty(&out) })
        }
        Command::Notification { site_id, mode, algo } => {
            let mut input = match site_id {
                Some(site_id) => {
                    let body = io::read_stdin()?;
                    json!({
                        "config": { "platform": "sogecommerce", "site_id": site_id, "mode": mode, "algorithm": algo },
                        "body": body.trim_end(),
                    })
                }
                None => io::read_json()?,
            };
            insert_key(&mut input, key_env)?;
            Ok(io::pretty(&io::call("lyra.notification", &input)?))
        }
    }
}

/// Put the key from the environment into `config` for its mode, unless the JSON already has one.
fn insert_key(input: &mut Value, key_env: &str) -> Result<(), Error> {
    let config = input.get_mut("config").and_then(Value::as_object_mut).ok_or_else(|| Error::missing("config"))?;
    let slot = match config.get("mode").and_then(Value::as_str) {
        Some("PRODUCTION") => "production_key",
        _ => "test_key",
    };
    if !config.contains_key(slot) {
        let key = io::key_from_env(key_env)?;
        config.insert(slot.to_owned(), json!(key.as_str()));
    }
    Ok(())
}

fn field_of(json: &str, name: &str) -> String {
    serde_json::from_str::<Value>(json)
        .ok()
        .and_then(|v| v.get(name).and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}
