//! `cpay sips …`: the Worldline Sips 2.0 commands.

use crate::io::{self, CommandResult};
use crate::ogone::{field_of, insert_secret};
use clap::Subcommand;
use serde_json::json;

/// Worldline Sips 2.0 Paypage POST.
#[derive(Subcommand)]
pub enum Command {
    /// Seal of a Data text: stdin Data (one trailing newline ignored) → stdout lowercase hex (raw
    /// primitive). The secret key comes from the environment.
    Seal {
        /// hmac-sha256 or sha256.
        #[arg(long, default_value = "hmac-sha256")]
        algo: String,
    },
    /// Build a sealed form: stdin `{config, payment}` (secret key from the environment unless in config)
    /// → form JSON, or HTML with --html.
    Form {
        /// Print the HTML form instead of JSON.
        #[arg(long)]
        html: bool,
        /// With --html: a form that submits itself.
        #[arg(long)]
        auto_submit: bool,
    },
    /// Verify and classify a response: stdin `{config, body|fields, expected?}` (secret key from the
    /// environment unless in config) → Outcome JSON; exit 1 when it fails verification.
    Response,
}

/// Run a Sips command; `key_env` names the environment variable holding the secret key.
pub fn run(command: Command, key_env: &str) -> CommandResult {
    match command {
        Command::Seal { algo } => {
            let text = io::read_stdin()?;
            let data = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
            let key = io::key_from_env(key_env)?;
            let out = io::call("sips.seal", &json!({ "data": data, "key": key.as_str(), "algo": algo }))?;
            Ok(field_of(&out, "seal"))
        }
        Command::Form { html, auto_submit } => {
            let mut input = io::read_json()?;
            insert_secret(&mut input, "secret_key", key_env)?;
            input["auto_submit"] = json!(auto_submit);
            let out = io::call("sips.form", &input)?;
            Ok(if html { field_of(&out, "html").trim_end().to_owned() } else { io::pretty(&out) })
        }
        Command::Response => {
            let mut input = io::read_json()?;
            insert_secret(&mut input, "secret_key", key_env)?;
            Ok(io::pretty(&io::call("sips.response", &input)?))
        }
    }
}
