//! The option bags shared by the gateway namespaces. Option bags are the functions' own arguments, so
//! their names are camelCase in JS (`autoSubmit`); the JSON schema they feed keeps its snake_case names.

use crate::error::guard;
use crate::json::{call_with, JsonArg, JsonText};
use napi_derive::napi;
use serde_json::Value;

/// How a `form` function (`lyra.form`, `computop.form`, `ogone.form`, `sips.form`) renders the HTML.
#[napi(object)]
pub struct FormOptions {
    /// Render a page that submits itself on load (default `false`: a plain form with a button).
    pub auto_submit: Option<bool>,
    /// The button's label (default `"Payer"`).
    pub submit_label: Option<String>,
}

/// Run a gateway's form operation (`lyra.form`, `computop.form`, …) for `payment` at the shop `config`.
pub fn call_form(op: &str, config: JsonArg, payment: JsonArg, options: Option<FormOptions>) -> napi::Result<JsonText> {
    let mut parts = vec![("config", Some(config)), ("payment", Some(payment))];
    parts.extend(form_parts(options));
    guard(|| call_with(op, parts))
}

/// The `auto_submit` and `submit_label` parts of a form operation's input, left out when not given.
fn form_parts(options: Option<FormOptions>) -> [(&'static str, Option<JsonArg>); 2] {
    let (auto_submit, submit_label) = options.map(|o| (o.auto_submit, o.submit_label)).unwrap_or_default();
    [
        ("auto_submit", auto_submit.map(|on| JsonArg::of(&Value::Bool(on)))),
        ("submit_label", submit_label.as_deref().map(JsonArg::string)),
    ]
}

/// How a received notification or return is read (`computop.notification`, `ogone.response`,
/// `sips.response`).
#[napi(object)]
pub struct ReceiveOptions {
    /// The message came server to server (notify URL, direct HTTP, automatic response) rather than
    /// through the buyer's browser; recorded in the outcome's `server_to_server` (default `false`).
    pub server_to_server: Option<bool>,
}

/// The `server_to_server` part of a verification operation's input, left out when not given.
pub fn receive_part(options: Option<ReceiveOptions>) -> (&'static str, Option<JsonArg>) {
    ("server_to_server", options.and_then(|o| o.server_to_server).map(|on| JsonArg::of(&Value::Bool(on))))
}
