//! Order state from notifications: apply, ignore as a duplicate, or flag a conflict.
//!
//! A payment result can arrive several times (IPN retries, a resend from the back office, the browser
//! return next to the IPN) and out of order. The shop keeps, per order, the status it recorded and the
//! idempotency key of the payment that set it ([`OrderState`]); given a *verified* [`Outcome`], [`decide`]
//! says what to do. `ship` is true exactly once per paid order: on the first accepted outcome applied.
//!
//! The idempotency key is the outcome's own (`Outcome::idempotency_key`), one per payment at its gateway (each
//! gateway's own payment identifier): Lyra `vads_trans_uuid` (or site id + UTC day + `vads_trans_id`), Computop
//! PayID (or XID), Payline transaction id, Ogone PAYID (+PAYIDSUB), Sips transactionReference; [`key`] writes it.
//!
//! | recorded \ outcome | same key, same status | same key, other status | another key |
//! |---|---|---|---|
//! | new | — | — | apply |
//! | pending | duplicate | final: apply | accepted: apply; else duplicate (the pending payment may still succeed) |
//! | accepted | duplicate | pending: duplicate (stale); else conflict | accepted: conflict (paid twice); else
//!   duplicate |
//! | refused / cancelled / error | duplicate | pending: duplicate (stale); else conflict | apply (a new attempt) |
//!
//! An accepted outcome whose amount or currency differs from the order's is always a conflict.

use crate::error::{Error, ErrorCode, Result};
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Outcome, Status};

/// The status the shop recorded for the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// No payment result recorded yet.
    New,
    /// Waiting for a final result.
    Pending,
    /// Paid.
    Accepted,
    /// Refused.
    Refused,
    /// Cancelled or abandoned.
    Cancelled,
    /// A technical error: nothing paid.
    Error,
}

impl From<Status> for OrderStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Accepted => OrderStatus::Accepted,
            Status::Pending => OrderStatus::Pending,
            Status::Refused => OrderStatus::Refused,
            Status::Cancelled => OrderStatus::Cancelled,
            Status::Error => OrderStatus::Error,
        }
    }
}

/// What the shop recorded for the order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderState {
    /// The recorded status.
    pub status: OrderStatus,
    /// The idempotency key of the outcome that set it (absent while `new`).
    #[serde(default)]
    pub key: Option<String>,
    /// The order's amount, to check an accepted outcome against.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// The order's currency, to check an accepted outcome against.
    #[serde(default)]
    pub currency: Option<Currency>,
}

/// What to do with the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// Record the outcome: the order moves to its status.
    Apply,
    /// Already known or stale: acknowledge it to the gateway and change nothing.
    Duplicate,
    /// Contradicts what is recorded: change nothing and have a person look (e.g. refused after captured).
    Conflict,
}

/// The decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct OrderDecision {
    /// Apply, duplicate or conflict.
    pub decision: Transition,
    /// The order's status afterwards.
    pub status: OrderStatus,
    /// The idempotency key to record with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Whether to ship now: only on the first accepted outcome applied.
    pub ship: bool,
    /// Why, in a sentence.
    pub reason: String,
}

/// The idempotency key of a payment: `<gateway>:<part>[:<part>…]` (e.g. `ogone:3014532:1`).
pub fn key(gateway: Gateway, parts: &[&str]) -> String {
    let mut key = gateway.name().to_owned();
    for part in parts {
        key.push(':');
        key.push_str(part);
    }
    key
}

/// Decide how the verified `outcome` changes the order recorded as `current`.
pub fn decide(current: &OrderState, outcome: &Outcome) -> Result<OrderDecision> {
    let incoming_key = outcome.idempotency_key.trim();
    if incoming_key.is_empty() {
        return Err(Error::field(ErrorCode::MissingField, "idempotency_key", "the outcome carries no idempotency key"));
    }
    let incoming = OrderStatus::from(outcome.status);
    let same_key = current.key.as_deref() == Some(incoming_key);
    let keep = |decision, reason: &str| OrderDecision {
        decision,
        status: current.status,
        key: current.key.clone(),
        ship: false,
        reason: reason.to_owned(),
    };
    use OrderStatus as S;
    let verdict = match (current.status, same_key) {
        (S::New, _) => None,
        (recorded, true) if recorded == incoming => {
            Some(keep(Transition::Duplicate, "this outcome was already applied (same payment, same status)"))
        }
        (S::Pending, true) => None,
        (_, true) if incoming == S::Pending => {
            Some(keep(Transition::Duplicate, "a stale pending outcome for a payment already final"))
        }
        (_, true) => Some(keep(Transition::Conflict, "the payment's final status changed; check it at the gateway")),
        (S::Accepted, false) if incoming == S::Accepted => {
            Some(keep(Transition::Conflict, "another payment was accepted for an order already paid; refund one"))
        }
        (S::Accepted, false) => {
            Some(keep(Transition::Duplicate, "the order is already paid; another attempt's result is ignored"))
        }
        (S::Pending, false) if incoming != S::Accepted => {
            Some(keep(Transition::Duplicate, "another payment for this order is still pending; this result is ignored"))
        }
        (_, false) => None,
    };
    if let Some(verdict) = verdict {
        return Ok(verdict);
    }
    if incoming == S::Accepted {
        if let Some(reason) = mismatch(current, outcome) {
            return Ok(keep(Transition::Conflict, &reason));
        }
    }
    Ok(OrderDecision {
        decision: Transition::Apply,
        status: incoming,
        key: Some(incoming_key.to_owned()),
        ship: incoming == S::Accepted,
        reason: format!("the order moves to {}", outcome.status.name()),
    })
}

fn mismatch(current: &OrderState, outcome: &Outcome) -> Option<String> {
    if let (Some(expected), Some(paid)) = (current.amount, outcome.amount) {
        if expected != paid {
            return Some(format!("the payment is for {paid}, the order for {expected}; do not ship"));
        }
    }
    if let (Some(expected), Some(paid)) = (current.currency, outcome.currency) {
        if expected != paid {
            return Some(format!("the payment is in {paid}, the order in {expected}; do not ship"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn outcome(status: Status, key: &str) -> Outcome {
        Outcome {
            gateway: Gateway::Lyra,
            operation: crate::outcome::Operation::Payment,
            status,
            order_id: None,
            transaction_id: None,
            gateway_reference: None,
            amount: Some(Amount::from_minor(2_990)),
            currency: Some(Currency::EUR),
            code: String::new(),
            message: String::new(),
            details: BTreeMap::new(),
            card_brand: None,
            three_ds: Default::default(),
            warranty: None,
            server_to_server: true,
            idempotency_key: key.to_owned(),
            fields: BTreeMap::new(),
            unverified: Default::default(),
        }
    }

    fn state(status: OrderStatus, key: Option<&str>) -> OrderState {
        OrderState { status, key: key.map(str::to_owned), amount: Some(Amount::from_minor(2_990)), currency: None }
    }

    #[test]
    fn repeated_ipns_ship_once() {
        let mut current = state(OrderStatus::New, None);
        let ipn = outcome(Status::Accepted, "lyra:a");
        let mut shipped = 0;
        for _ in 0..5 {
            let d = decide(&current, &ipn).unwrap();
            shipped += usize::from(d.ship);
            current.status = d.status;
            current.key = d.key;
        }
        assert_eq!(shipped, 1);
        assert_eq!(current.status, OrderStatus::Accepted);
    }

    #[test]
    fn the_table() {
        use OrderStatus as S;
        use Transition::*;
        let cases = [
            (S::Pending, "lyra:a", Status::Accepted, "lyra:a", Apply),
            (S::Pending, "lyra:a", Status::Pending, "lyra:a", Duplicate),
            (S::Pending, "lyra:a", Status::Refused, "lyra:b", Duplicate),
            (S::Pending, "lyra:a", Status::Accepted, "lyra:b", Apply),
            (S::Accepted, "lyra:a", Status::Refused, "lyra:a", Conflict),
            (S::Accepted, "lyra:a", Status::Pending, "lyra:a", Duplicate),
            (S::Accepted, "lyra:a", Status::Accepted, "lyra:b", Conflict),
            (S::Accepted, "lyra:a", Status::Cancelled, "lyra:b", Duplicate),
            (S::Refused, "lyra:a", Status::Accepted, "lyra:a", Conflict),
            (S::Refused, "lyra:a", Status::Accepted, "lyra:b", Apply),
            (S::Cancelled, "lyra:a", Status::Pending, "lyra:a", Duplicate),
        ];
        for (recorded, key, status, incoming, expected) in cases {
            let d = decide(&state(recorded, Some(key)), &outcome(status, incoming)).unwrap();
            assert_eq!(d.decision, expected, "{recorded:?} {key} + {status:?} {incoming}: {}", d.reason);
            assert_eq!(d.ship, expected == Apply && status == Status::Accepted);
        }
    }

    #[test]
    fn wrong_amount_is_a_conflict() {
        let mut o = outcome(Status::Accepted, "lyra:a");
        o.amount = Some(Amount::from_minor(1));
        let d = decide(&state(OrderStatus::New, None), &o).unwrap();
        assert_eq!((d.decision, d.ship), (Transition::Conflict, false));
        o.idempotency_key = " ".into();
        assert!(decide(&state(OrderStatus::New, None), &o).is_err());
        assert_eq!(key(Gateway::Ogone, &["3014532", "1"]), "ogone:3014532:1");
    }

    proptest! {
        /// Whatever the order and repetition of notifications for two payments, an order ships at most once.
        #[test]
        fn never_ships_twice(events in prop::collection::vec((0usize..5, prop::bool::ANY), 1..30)) {
            let statuses = [Status::Accepted, Status::Pending, Status::Refused, Status::Cancelled, Status::Error];
            let mut current = state(OrderStatus::New, None);
            let mut shipped = 0;
            for (status, second) in events {
                let o = outcome(statuses[status], if second { "lyra:b" } else { "lyra:a" });
                let d = decide(&current, &o).unwrap();
                shipped += usize::from(d.ship);
                if d.decision == Transition::Apply {
                    current.status = d.status;
                    current.key = d.key;
                } else {
                    prop_assert_eq!(d.status, current.status);
                }
            }
            prop_assert!(shipped <= 1);
        }
    }
}
