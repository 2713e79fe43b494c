//! What a `<gateway>.notification` operation returns — the verified [`Outcome`] and the HTTP [`Reply`] to
//! give the gateway — and the one rule for replying when verification fails.
//!
//! Every gateway retries a notification the shop does not acknowledge with a 2xx (Lyra: "Guide
//! d'implémentation de l'API formulaire", *Gérer les notifications*: up to 4 retries 15 minutes apart, then
//! an e-mail to the merchant; Computop Paygate manual, *Notify*: retried until answered; Ogone e-Commerce
//! Advanced guide, *Post-sale request*: feedback retried when the shop's server does not answer; Worldline
//! Sips 2.0 Paypage guide, *Réponse automatique*). So:
//! - a verified message, duplicate or not, is acknowledged with 200;
//! - a message that fails verification or is invalid gets 400: the merchant is told, and a forged call gains
//!   nothing from retries;
//! - an internal error (a bug caught at the boundary) gets 500, so the gateway tries again later instead of
//!   the payment being lost.

use crate::error::{Error, ErrorCode, Result};
use crate::outcome::Outcome;
use std::collections::BTreeMap;

/// A verified notification: the outcome and the HTTP answer the shop should give the gateway.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Notification {
    /// The verified result.
    pub outcome: Outcome,
    /// What to answer the gateway.
    pub reply: Reply,
}

impl Notification {
    /// A verified outcome with its acknowledgement.
    pub fn accepted(outcome: Outcome) -> Notification {
        let reply = Reply::accepted(&outcome);
        Notification { outcome, reply }
    }
}

/// The HTTP answer to give a gateway for what it sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` of the body.
    pub content_type: String,
    /// A short plain-text body (shown in the gateway's back office history where it keeps one).
    pub body: String,
}

impl Reply {
    /// The reply for a message that was verified and processed.
    pub fn accepted(outcome: &Outcome) -> Reply {
        Reply::text(200, format!("OK {} {}", outcome.code, outcome.status.name()))
    }

    /// The reply for a message that could not be accepted: 500 for an internal error (the gateway retries),
    /// 400 otherwise. The body names the rule, never a secret.
    pub fn rejected(error: &Error) -> Reply {
        let status = if error.code() == ErrorCode::Internal { 500 } else { 400 };
        Reply::text(status, format!("KO {error}"))
    }

    fn text(status: u16, body: String) -> Reply {
        Reply { status, content_type: "text/plain; charset=utf-8".to_owned(), body }
    }
}

/// What the gateway sent, as the shop's web framework hands it over: the raw body (or query string), or
/// the fields the framework already decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// The raw url-encoded body or query string, exactly as received.
    Body(String),
    /// Field name → value, already decoded.
    Fields(BTreeMap<String, String>),
}

impl Received {
    /// Exactly one of `body` and `fields`, as a notification input gives them.
    pub fn from_parts(body: Option<String>, fields: Option<BTreeMap<String, String>>) -> Result<Received> {
        match (body, fields) {
            (Some(body), None) => {
                non_empty_body("body", &body)?;
                Ok(Received::Body(body))
            }
            (None, Some(fields)) if fields.is_empty() => Err(Error::field(ErrorCode::MissingField, "fields", EMPTY)),
            (None, Some(fields)) => Ok(Received::Fields(fields)),
            (None, None) => Err(Error::field(
                ErrorCode::MissingField,
                "body",
                "give body (the raw request body or query string) or fields (already decoded)",
            )),
            (Some(_), Some(_)) => Err(Error::field(
                ErrorCode::InvalidValue,
                "body",
                "give either body (the raw request body or query string) or fields (already decoded), not both",
            )),
        }
    }
}

/// Why a notification body arrives empty, and what to do in each framework. Every gateway sends a body (or,
/// for a browser return, a query string), so an empty one was consumed before cpay saw it.
const EMPTY: &str = "the notification is empty: the web framework read the request body before cpay (or the \
    route passes the wrong part of the request). Flask: pass request.get_data() and read it before request.form \
    (or pass fields=request.form.to_dict()); Django: request.body; Express: mount express.raw({type: '*/*'}) or \
    express.text({type: '*/*'}) on the notification route, before any other body parser; PHP: \
    file_get_contents('php://input'), or $_POST as fields (php://input is empty for multipart/form-data, and \
    $_POST is empty under enable_post_data_reading=0); for a browser return, pass the query string";

/// `missing_field` on `field` (`body`, `query`) when what was received is empty (or only whitespace),
/// saying why it happens. What was received is never repeated in an error.
pub fn non_empty_body(field: &str, body: &str) -> Result<()> {
    if body.trim().is_empty() {
        return Err(Error::field(ErrorCode::MissingField, field, EMPTY));
    }
    Ok(())
}

/// Input of `reply.rejected`: the error a notification operation raised, as the binding received it.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectionInput {
    /// The error's stable code name (`signature_mismatch`, `internal`, …).
    pub code: String,
    /// The error's sentence.
    pub message: String,
    /// The field it concerns, if any.
    #[serde(default)]
    pub field: Option<String>,
}

crate::operation! {
    /// The HTTP reply to give a gateway whose notification raised an error: 400 naming the rule, or 500 for
    /// an internal error so the gateway retries.
    ///
    /// Every language's notification functions attach this reply to the error they raise; call it yourself
    /// only when you handle errors outside them.
    pub Rejection = "reply.rejected", |input: RejectionInput| -> Reply {
        let code = ErrorCode::from_name(&input.code).ok_or_else(|| {
            Error::field(ErrorCode::InvalidValue, "code", "code must be one of cpay's error code names")
        })?;
        Ok(Reply::rejected(&Error::new(code, input.field.as_deref(), input.message)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_retried_and_others_are_not() {
        let internal = Error::general(ErrorCode::Internal, "bug");
        assert_eq!(Reply::rejected(&internal).status, 500);
        let forged = Error::field(ErrorCode::SignatureMismatch, "signature", "does not match");
        let reply = Reply::rejected(&forged);
        assert_eq!(reply.status, 400);
        assert!(reply.body.starts_with("KO signature_mismatch"), "{}", reply.body);
    }
}
