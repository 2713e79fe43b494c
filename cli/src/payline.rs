//! `cpay payline …`: the Payline (Monext) commands.

use crate::io::{self, CommandResult};
use clap::Subcommand;
use cpay_core::{Error, ErrorCode};
use serde_json::json;

/// Payline (Monext) WebPayment API.
#[derive(Subcommand)]
pub enum Command {
    /// Build the doWebPayment call: stdin JSON order `{merchant_id, environment, contract_number, amount,
    /// currency, order_ref, order_date, return_url, cancel_url, notification_url, mode, action, …}`, access key
    /// from the environment → stdout JSON `{method, url, headers, body}`.
    WebPayment,
    /// Classify a getWebPaymentDetails answer: stdin the SOAP answer → stdout Outcome JSON.
    Outcome {
        /// The shop's order reference: the answer's order.ref must equal it.
        #[arg(long)]
        order_ref: Option<String>,
        /// The token the details were asked for.
        #[arg(long)]
        token: Option<String>,
        /// The token the shop stored for the order: --token must equal it.
        #[arg(long)]
        stored_token: Option<String>,
    },
}

/// Run a Payline command; `key_env` names the environment variable holding the access key.
pub fn run(command: Command, key_env: &str) -> CommandResult {
    match command {
        Command::WebPayment => {
            let mut input = io::read_json()?;
            let order = input
                .as_object_mut()
                .ok_or_else(|| Error::general(ErrorCode::InvalidValue, "stdin must be a JSON object (the order)"))?;
            if order.contains_key("access_key") {
                return Err(Error::field(
                    ErrorCode::InvalidValue,
                    "access_key",
                    format!("the access key is read from the environment variable {key_env}, not from stdin"),
                ));
            }
            let key = io::key_from_env(key_env)?;
            order.insert("access_key".to_owned(), json!(key.as_str()));
            Ok(io::pretty(&io::call("payline.web_payment", &input)?))
        }
        Command::Outcome { order_ref, token, stored_token } => {
            let body = io::read_stdin()?;
            let input = json!({
                "body": body,
                "token": token,
                "expected": { "order_ref": order_ref, "token": stored_token },
            });
            let out = io::call("payline.outcome", &input)?;
            Ok(io::pretty(&out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn outcome_input_shape_is_accepted_by_the_core() {
        let input: Value = json!({ "body": "<x/>", "token": null, "expected": { "order_ref": null, "token": null } });
        let e = io::call("payline.outcome", &input).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnexpectedResponse);
    }
}
