//! [`Outcome`]: the gateway-neutral, verified result of a payment.
//!
//! Each gateway's response module turns a *verified* message into an `Outcome`; nothing builds one from
//! unverified data. A shop's order logic can then be written once against `status`, whatever the gateway.

use crate::fields::VerifiedFields;
use crate::money::{Amount, Currency};
use std::collections::BTreeMap;

/// Which gateway produced a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gateway {
    /// Lyra platforms (Sogecommerce, PayZen, Systempay, …).
    Lyra,
    /// Computop Paygate (and Axepta).
    Computop,
    /// Payline (Monext).
    Payline,
    /// Ogone e-Commerce.
    Ogone,
    /// Worldline Sips 2.0.
    Sips,
}

impl Gateway {
    /// The lowercase name used in JSON and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Gateway::Lyra => "lyra",
            Gateway::Computop => "computop",
            Gateway::Payline => "payline",
            Gateway::Ogone => "ogone",
            Gateway::Sips => "sips",
        }
    }
}

/// Which operation a message reports: the first payment, or a later step of its life.
///
/// A refund made in a gateway's back office reaches the shop as a notification like a payment's (Lyra:
/// `vads_operation_type=CREDIT`, Ogone `STATUS` 8x); it must never be taken for a payment, so every outcome
/// says which operation it is about, beside how it went ([`Status`]). For a refund or a capture, `accepted`
/// means the operation was done (the money went back, the payment was captured); a cancellation that was
/// done is reported `cancelled` by the notifications (the payment's own state), so a shop that reads only
/// `status` never ships it. `plan.order_state` reads both.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// The payment itself (authorisation, with or without capture).
    #[default]
    Payment,
    /// Money given back to the buyer (in full or in part).
    Refund,
    /// A payment cancelled before it was captured.
    Cancellation,
    /// The capture (validation) of an authorised payment.
    Capture,
}

impl Operation {
    /// `"payment"`, `"refund"`, …
    pub fn name(self) -> &'static str {
        match self {
            Operation::Payment => "payment",
            Operation::Refund => "refund",
            Operation::Cancellation => "cancellation",
            Operation::Capture => "capture",
        }
    }
}

/// What the payment came to, in the shop's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done: for a payment, paid (authorised or captured: ship the order); for a refund, the money went back;
    /// for a capture, captured. Read it with [`Operation`].
    Accepted,
    /// Not final yet (waiting, under review, fraud hold): do not ship, wait for another notification.
    Pending,
    /// Refused by the bank, the issuer or the credit provider.
    Refused,
    /// Abandoned or cancelled by the buyer, or expired.
    Cancelled,
    /// A technical or form error: nothing was paid.
    Error,
}

impl Status {
    /// `"accepted"`, `"pending"`, …
    pub fn name(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Pending => "pending",
            Status::Refused => "refused",
            Status::Cancelled => "cancelled",
            Status::Error => "error",
        }
    }
}

/// 3-D Secure details reported by the gateway.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ThreeDSecure {
    /// `FRICTIONLESS` or `CHALLENGE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
    /// Enrolment: `Y`, `N`, `U`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrolled: Option<String>,
    /// Authentication status: `Y`, `N`, `U`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The authentication value (CAVV), proof the buyer was authenticated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cavv: Option<String>,
}

impl ThreeDSecure {
    /// Whether the gateway reported nothing about 3-D Secure.
    pub fn is_empty(&self) -> bool {
        self.auth_type.is_none() && self.enrolled.is_none() && self.status.is_none() && self.cavv.is_none()
    }
}

/// A verified payment result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The gateway that sent it.
    pub gateway: Gateway,
    /// Which operation it reports (a payment, or a refund, cancellation or capture of one).
    #[serde(default)]
    pub operation: Operation,
    /// How that operation went.
    pub status: Status,
    /// The shop's order reference, when the gateway echoes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The transaction reference the shop chose or the gateway reports (vads_trans_id, TransID, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The gateway's own unique reference (vads_trans_uuid, PayID, PAYID, …): the key for refunds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_reference: Option<String>,
    /// Amount in minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Currency of `amount`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// The gateway's result code that decided `status` (e.g. Lyra `vads_trans_status`, Computop `Code`).
    pub code: String,
    /// What that code means, in a sentence.
    pub message: String,
    /// Further codes that explain the result (e.g. `auth_result`, `extra_result`), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
    /// The payment method or card brand (`AURORE-MULTI`, `AURORE`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_brand: Option<String>,
    /// 3-D Secure details.
    #[serde(default, skip_serializing_if = "ThreeDSecure::is_empty")]
    pub three_ds: ThreeDSecure,
    /// Payment guarantee / warranty (`YES`, `NO`, `UNKNOWN`, `FULL`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warranty: Option<String>,
    /// Whether the message came server to server (IPN, notify) rather than through the buyer's browser.
    pub server_to_server: bool,
    /// A key identifying this payment at this gateway, for idempotent order updates.
    pub idempotency_key: String,
    /// Every field received, as received (after verification).
    pub fields: VerifiedFields,
    /// **Unverified** context: values the gateway sent beside the verified message, outside what its signature
    /// or MAC covers (Computop's `Custom` pairs, echoed in clear next to `Data`). Anyone on the buyer's path can
    /// change them: use them to find your own records, never to decide anything. Empty for most gateways.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unverified: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_snake_case_status_and_integer_amount() {
        let o = Outcome {
            gateway: Gateway::Lyra,
            operation: Operation::Payment,
            status: Status::Accepted,
            order_id: Some("CMD-1".into()),
            transaction_id: Some("362812".into()),
            gateway_reference: None,
            amount: Some(Amount::from_minor(2990)),
            currency: Some(Currency::EUR),
            code: "CAPTURED".into(),
            message: "captured".into(),
            details: BTreeMap::new(),
            card_brand: None,
            three_ds: ThreeDSecure::default(),
            warranty: None,
            server_to_server: true,
            idempotency_key: "k".into(),
            fields: VerifiedFields::new(),
            unverified: Default::default(),
        };
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["status"], "accepted");
        assert_eq!(json["gateway"], "lyra");
        assert_eq!(json["amount"], 2990);
        assert_eq!(json["currency"], "EUR");
        assert!(json.get("three_ds").is_none());
        let back: Outcome = serde_json::from_value(json).unwrap();
        assert_eq!(back, o);
    }
}
