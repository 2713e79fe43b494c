//! Order state for the whole life of a payment: apply, ignore as a duplicate, or flag a conflict.
//!
//! A gateway's messages arrive several times (IPN retries, a resend from the back office, the browser
//! return next to the IPN), out of order, and long after the payment (a refund made in the back office
//! months later). The shop keeps, per order, what [`OrderState`] holds — the status, the idempotency key of
//! the payment that set it, the amount captured and the refunds recorded — and gives [`decide`] each
//! *verified* [`Outcome`]; it stores what the [`OrderDecision`] returns. `ship` is true exactly once per paid
//! order: on the first accepted payment applied, when nothing of it was refunded.
//!
//! The idempotency key is the outcome's own (`Outcome::idempotency_key`), one per transaction at its gateway:
//! Lyra `vads_trans_uuid` (a refund has its own), Computop PayID (or XID), Payline transaction id, Ogone PAYID
//! (+PAYIDSUB), Sips transactionReference; [`key`] writes it. A refund the shop made through an API and the
//! notification that later reports it carry the same key: the second is a duplicate.
//!
//! What the outcome's `operation` does (the full table is in `docs/plans.md`):
//!
//! - **payment** and **capture**: the table below, where `partially_refunded` and `refunded` count as paid;
//! - **refund** (`accepted`): a paid order moves to `partially_refunded` or `refunded` with the refunded total,
//!   never above what was captured (above is a conflict); a refund recorded before its payment's
//!   notification is kept and counted when the payment comes; a refund is never a payment and never ships;
//!   `pending` changes nothing yet; a refund recorded earlier and now reported refused, cancelled or failed no
//!   longer counts;
//! - **cancellation** (`cancelled` or `accepted`: the cancellation was done): a payment cancelled before
//!   capture — the order moves to `cancelled`, even after it was paid (do not ship; recover what was shipped);
//!   a refunded payment cannot be cancelled (conflict).
//!
//! | recorded \ payment outcome | same key, same status | same key, other status | another key |
//! |---|---|---|---|
//! | new | — | — | apply |
//! | pending | duplicate | final: apply | accepted: apply; else duplicate (the pending payment may still succeed) |
//! | paid (accepted, partially refunded, refunded) | duplicate | pending: duplicate (stale); else conflict | accepted: conflict (paid twice); else duplicate |
//! | refused / cancelled / error | duplicate | pending: duplicate (stale); else conflict | apply (a new attempt) |
//!
//! An accepted payment whose amount or currency differs from the order's is always a conflict.

use crate::error::{Error, ErrorCode, Result};
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, Status};

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
    /// Paid, and part of it refunded.
    PartiallyRefunded,
    /// Paid, and all of it refunded.
    Refunded,
    /// Refused.
    Refused,
    /// Cancelled or abandoned (also a payment cancelled after it was authorised, before capture).
    Cancelled,
    /// A technical error: nothing paid.
    Error,
}

impl OrderStatus {
    fn is_paid(self) -> bool {
        matches!(self, OrderStatus::Accepted | OrderStatus::PartiallyRefunded | OrderStatus::Refunded)
    }
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

/// A refund the shop recorded: its own idempotency key and amount.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordedRefund {
    /// The refund's idempotency key (its own transaction at the gateway).
    pub key: String,
    /// The amount refunded, minor units.
    pub amount: Amount,
}

/// What the shop recorded for the order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderState {
    /// The recorded status.
    pub status: OrderStatus,
    /// The idempotency key of the payment that set it (absent while `new`).
    #[serde(default)]
    pub key: Option<String>,
    /// The order's amount, to check an accepted payment against.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// The order's currency, to check an accepted payment (and a refund) against.
    #[serde(default)]
    pub currency: Option<Currency>,
    /// The amount the accepted payment captured (as the last decision returned it); refunds never exceed it.
    #[serde(default)]
    pub captured: Option<Amount>,
    /// The refunds recorded (as the last decision returned them).
    #[serde(default)]
    pub refunds: Vec<RecordedRefund>,
    /// Whether the order was told to ship (as the last decision returned it): a paid order cancelled and
    /// then paid again by another attempt is not shipped twice.
    #[serde(default)]
    pub shipped: bool,
}

impl OrderState {
    /// A new order, nothing recorded yet.
    pub fn new(amount: Option<Amount>, currency: Option<Currency>) -> OrderState {
        OrderState {
            status: OrderStatus::New,
            key: None,
            amount,
            currency,
            captured: None,
            refunds: Vec::new(),
            shipped: false,
        }
    }

    fn refunded(&self) -> Option<Amount> {
        self.refunds.iter().try_fold(Amount::default(), |sum, r| sum.checked_add(r.amount))
    }
}

/// What to do with the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// Record the decision: the order moves to its status, with its key, captured amount and refunds.
    Apply,
    /// Already known, stale or not final yet: acknowledge it to the gateway and change nothing.
    Duplicate,
    /// Contradicts what is recorded: change nothing and have a person look (e.g. refused after captured).
    Conflict,
}

/// The decision: what to store with the order (all of it when the decision is `apply`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct OrderDecision {
    /// Apply, duplicate or conflict.
    pub decision: Transition,
    /// The order's status afterwards.
    pub status: OrderStatus,
    /// The idempotency key of the order's payment, to record with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Whether to ship now: only on the first accepted payment applied, with nothing of it refunded.
    pub ship: bool,
    /// Why, in a sentence.
    pub reason: String,
    /// The amount captured by the order's payment, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captured: Option<Amount>,
    /// The refunded total (the sum of `refunds`), never above `captured`.
    pub refunded: Amount,
    /// The refunds recorded, each once: store them with the order.
    pub refunds: Vec<RecordedRefund>,
    /// Whether the order was told to ship, now or before: store it with the order.
    pub shipped: bool,
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
    let refunded = current.refunded().ok_or_else(|| {
        Error::field(ErrorCode::InvalidValue, "current.refunds", "the recorded refunds add up beyond any amount")
    })?;
    let keep = |decision, reason: &str| OrderDecision {
        decision,
        status: current.status,
        key: current.key.clone(),
        ship: false,
        reason: reason.to_owned(),
        captured: current.captured,
        refunded,
        refunds: current.refunds.clone(),
        shipped: current.shipped,
    };
    let ctx = Context { current, outcome, key: incoming_key, refunded, keep: &keep };
    Ok(match outcome.operation {
        Operation::Refund => ctx.refund(),
        Operation::Cancellation => ctx.cancellation(),
        Operation::Payment | Operation::Capture => ctx.payment(),
    })
}

struct Context<'a> {
    current: &'a OrderState,
    outcome: &'a Outcome,
    key: &'a str,
    refunded: Amount,
    keep: &'a dyn Fn(Transition, &str) -> OrderDecision,
}

impl Context<'_> {
    fn same_key(&self) -> bool {
        self.current.key.as_deref() == Some(self.key)
    }

    fn payment(&self) -> OrderDecision {
        use OrderStatus as S;
        let keep = self.keep;
        let incoming = OrderStatus::from(self.outcome.status);
        // Partially refunded and refunded orders were paid: for a payment's own messages they read as accepted.
        let recorded = if self.current.status.is_paid() { S::Accepted } else { self.current.status };
        let verdict = match (recorded, self.same_key()) {
            (S::New, _) => None,
            (recorded, true) if recorded == incoming => {
                Some(keep(Transition::Duplicate, "this outcome was already applied (same payment, same status)"))
            }
            (S::Pending, true) => None,
            (_, true) if incoming == S::Pending => {
                Some(keep(Transition::Duplicate, "a stale pending outcome for a payment already final"))
            }
            (_, true) => {
                Some(keep(Transition::Conflict, "the payment's final status changed; check it at the gateway"))
            }
            (S::Accepted, false) if incoming == S::Accepted => {
                Some(keep(Transition::Conflict, "another payment was accepted for an order already paid; refund one"))
            }
            (S::Accepted, false) => {
                Some(keep(Transition::Duplicate, "the order is already paid; another attempt's result is ignored"))
            }
            (S::Pending, false) if incoming != S::Accepted => Some(keep(
                Transition::Duplicate,
                "another payment for this order is still pending; this result is ignored",
            )),
            (_, false) => None,
        };
        if let Some(verdict) = verdict {
            return verdict;
        }
        if incoming != S::Accepted {
            return self.apply(incoming, None, false, format!("the order moves to {}", self.outcome.status.name()));
        }
        if let Some(reason) = mismatch(self.current, self.outcome) {
            return keep(Transition::Conflict, &reason);
        }
        let captured = self.outcome.amount.or(self.current.amount);
        if self.refunded == Amount::default() {
            return self.apply(S::Accepted, captured, true, "the order moves to accepted".to_owned());
        }
        // Refunds recorded before the payment's own notification (out of order): count them now.
        match captured {
            Some(captured) if self.refunded > captured => keep(
                Transition::Conflict,
                &format!(
                    "the refunds recorded ({}) exceed the payment ({captured}); check at the gateway",
                    self.refunded
                ),
            ),
            Some(captured) if self.refunded == captured => self.apply(
                S::Refunded,
                Some(captured),
                false,
                "the payment is recorded, and it was already refunded in full: do not ship".to_owned(),
            ),
            _ => self.apply(
                S::PartiallyRefunded,
                captured,
                false,
                "the payment is recorded, and part of it was refunded before: check the order before shipping"
                    .to_owned(),
            ),
        }
    }

    fn refund(&self) -> OrderDecision {
        use OrderStatus as S;
        let keep = self.keep;
        let refund_key = self.refund_key();
        let known = self.current.refunds.iter().find(|r| r.key == refund_key);
        match self.outcome.status {
            Status::Pending => {
                return keep(Transition::Duplicate, "a refund in progress: nothing changes until it is final")
            }
            Status::Refused | Status::Cancelled | Status::Error => {
                let Some(known) = known else {
                    return keep(Transition::Duplicate, "a refund that did not happen (refused, cancelled or failed)");
                };
                // A refund recorded earlier was cancelled or failed afterwards: it no longer counts.
                let refunds: Vec<RecordedRefund> =
                    self.current.refunds.iter().filter(|r| r.key != refund_key).cloned().collect();
                let refunded = self.refunded.checked_sub(known.amount).unwrap_or_default();
                let status = match self.current.status {
                    s if !s.is_paid() => s,
                    _ if refunded == Amount::default() => S::Accepted,
                    _ => S::PartiallyRefunded,
                };
                return OrderDecision {
                    decision: Transition::Apply,
                    status,
                    key: self.current.key.clone(),
                    ship: false,
                    reason: "a refund recorded earlier did not happen (cancelled or failed): it no longer counts"
                        .to_owned(),
                    captured: self.current.captured,
                    refunded,
                    refunds,
                    shipped: self.current.shipped,
                };
            }
            Status::Accepted => {}
        }
        if known.is_some() {
            return keep(Transition::Duplicate, "this refund was already recorded (same refund, same key)");
        }
        let Some(amount) = self.outcome.amount else {
            return keep(Transition::Conflict, "a refund without an amount cannot be counted; check it at the gateway");
        };
        if let (Some(expected), Some(got)) = (self.current.currency, self.outcome.currency) {
            if expected != got {
                return keep(Transition::Conflict, &format!("the refund is in {got}, the order in {expected}"));
            }
        }
        let Some(refunded) = self.refunded.checked_add(amount) else {
            return keep(Transition::Conflict, "the refunds add up beyond any amount; check at the gateway");
        };
        let mut refunds = self.current.refunds.clone();
        refunds.push(RecordedRefund { key: refund_key, amount });
        let decision = |status, captured, reason: String| OrderDecision {
            decision: Transition::Apply,
            status,
            key: self.current.key.clone(),
            ship: false,
            reason,
            captured,
            refunded,
            refunds: refunds.clone(),
            shipped: self.current.shipped,
        };
        if !self.current.status.is_paid() {
            return decision(
                self.current.status,
                self.current.captured,
                "a refund arrived before its payment was recorded: it is kept and counted when the payment comes                  (ask the gateway for the payment if its notification does not)"
                    .to_owned(),
            );
        }
        let captured = self.current.captured.or(self.current.amount);
        match captured {
            Some(captured) if refunded > captured => keep(
                Transition::Conflict,
                &format!("refunds of {refunded} in all would exceed the {captured} captured; check at the gateway"),
            ),
            Some(captured) if refunded == captured => {
                decision(S::Refunded, Some(captured), format!("refunded in full ({refunded}); do not ship"))
            }
            Some(captured) => decision(
                S::PartiallyRefunded,
                Some(captured),
                format!("refunded {refunded} of {captured}; a refund never ships"),
            ),
            None => decision(
                S::PartiallyRefunded,
                None,
                format!(
                    "refunded {refunded}; the captured amount is not known (record `captured` or `amount` to tell a                      full refund)"
                ),
            ),
        }
    }

    /// A refund's own key. Gateways that report a refund under the payment's own reference (the same key
    /// as the payment) are told apart by the refund's transaction id and amount.
    fn refund_key(&self) -> String {
        if self.same_key() {
            format!(
                "{}:refund:{}:{}",
                self.key,
                self.outcome.transaction_id.as_deref().unwrap_or(""),
                self.outcome.amount.map(|a| a.to_string()).unwrap_or_default()
            )
        } else {
            self.key.to_owned()
        }
    }

    fn cancellation(&self) -> OrderDecision {
        use OrderStatus as S;
        let keep = self.keep;
        match self.outcome.status {
            Status::Accepted | Status::Cancelled => {}
            Status::Pending => return keep(Transition::Duplicate, "a cancellation in progress: nothing changes yet"),
            _ => return keep(Transition::Duplicate, "a cancellation that did not happen: nothing changes"),
        }
        let done = "the payment was cancelled (before capture)";
        match (self.current.status, self.same_key()) {
            (S::Cancelled, true) => keep(Transition::Duplicate, "this cancellation was already applied"),
            (S::PartiallyRefunded | S::Refunded, true) => keep(
                Transition::Conflict,
                "a cancellation of a payment already captured and refunded; check it at the gateway",
            ),
            (S::Accepted, true) => self.apply(
                S::Cancelled,
                None,
                false,
                "the paid order was cancelled before capture: do not ship (recover it if it was shipped)".to_owned(),
            ),
            (S::Refused | S::Error, true) => keep(Transition::Duplicate, "the payment was already final and unpaid"),
            (S::New | S::Pending, true) | (S::New, false) => self.apply(S::Cancelled, None, false, done.to_owned()),
            (s, false) if s.is_paid() => {
                keep(Transition::Duplicate, "the order is paid; another attempt's cancellation is ignored")
            }
            (S::Pending, false) => keep(
                Transition::Duplicate,
                "another payment for this order is still pending; this cancellation is ignored",
            ),
            (_, false) => self.apply(S::Cancelled, None, false, done.to_owned()),
        }
    }

    fn apply(&self, status: OrderStatus, captured: Option<Amount>, ship: bool, mut reason: String) -> OrderDecision {
        let ship = ship && !self.current.shipped;
        if status == OrderStatus::Accepted && self.current.shipped {
            reason =
                "the order is paid again after a cancellation; it was shipped before: do not ship twice".to_owned();
        }
        OrderDecision {
            decision: Transition::Apply,
            status,
            key: Some(self.key.to_owned()),
            ship,
            reason,
            captured,
            refunded: self.refunded,
            refunds: self.current.refunds.clone(),
            shipped: self.current.shipped || ship,
        }
    }
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
            fields: crate::VerifiedFields::new(),
            unverified: Default::default(),
        }
    }

    fn state(status: OrderStatus, key: Option<&str>) -> OrderState {
        OrderState { status, key: key.map(str::to_owned), ..OrderState::new(Some(Amount::from_minor(2_990)), None) }
    }

    fn with_op(mut o: Outcome, operation: crate::outcome::Operation, amount: u64) -> Outcome {
        o.operation = operation;
        o.amount = Some(Amount::from_minor(amount));
        o
    }

    fn store(current: &mut OrderState, d: &OrderDecision) {
        if d.decision == Transition::Apply {
            current.status = d.status;
            current.key = d.key.clone();
            current.captured = d.captured;
            current.refunds = d.refunds.clone();
            current.shipped = d.shipped;
        }
    }

    #[test]
    fn the_life_of_a_paid_order() {
        use crate::outcome::Operation::{Cancellation, Refund};
        let mut current = state(OrderStatus::New, None);
        let paid = outcome(Status::Accepted, "lyra:a");
        let d = decide(&current, &paid).unwrap();
        assert!(d.ship);
        store(&mut current, &d);
        // A partial refund made through the API, then its IPN (the same refund): counted once, never shipped.
        let part = with_op(outcome(Status::Accepted, "lyra:r1"), Refund, 1_000);
        let d = decide(&current, &part).unwrap();
        assert_eq!(
            (d.decision, d.status, d.ship, d.refunded.minor()),
            (Transition::Apply, OrderStatus::PartiallyRefunded, false, 1_000)
        );
        store(&mut current, &d);
        let d = decide(&current, &part).unwrap();
        assert_eq!((d.decision, d.refunded.minor()), (Transition::Duplicate, 1_000));
        // The payment's IPN resent: still a duplicate, the refund stays.
        let d = decide(&current, &paid).unwrap();
        assert_eq!((d.decision, d.status, d.ship), (Transition::Duplicate, OrderStatus::PartiallyRefunded, false));
        // Too much: never above what was captured.
        let too_much = with_op(outcome(Status::Accepted, "lyra:r2"), Refund, 2_000);
        assert_eq!(decide(&current, &too_much).unwrap().decision, Transition::Conflict);
        let rest = with_op(outcome(Status::Accepted, "lyra:r3"), Refund, 1_990);
        let d = decide(&current, &rest).unwrap();
        assert_eq!((d.status, d.refunded.minor(), d.ship), (OrderStatus::Refunded, 2_990, false));
        store(&mut current, &d);
        // The second refund is cancelled afterwards: it no longer counts.
        let undone = outcome(Status::Cancelled, "lyra:r3");
        let d = decide(&current, &with_op(undone, Refund, 1_990)).unwrap();
        assert_eq!(
            (d.decision, d.status, d.refunded.minor()),
            (Transition::Apply, OrderStatus::PartiallyRefunded, 1_000)
        );
        // A captured and refunded payment cannot be cancelled.
        let cancel = with_op(outcome(Status::Cancelled, "lyra:a"), Cancellation, 2_990);
        assert_eq!(decide(&current, &cancel).unwrap().decision, Transition::Conflict);
    }

    #[test]
    fn a_refund_before_its_payment_is_kept_and_counted() {
        use crate::outcome::Operation::Refund;
        let mut current = state(OrderStatus::New, None);
        let d = decide(&current, &with_op(outcome(Status::Accepted, "lyra:r"), Refund, 2_990)).unwrap();
        assert_eq!(
            (d.decision, d.status, d.ship, d.refunded.minor()),
            (Transition::Apply, OrderStatus::New, false, 2_990)
        );
        store(&mut current, &d);
        let d = decide(&current, &outcome(Status::Accepted, "lyra:a")).unwrap();
        assert_eq!((d.decision, d.status, d.ship), (Transition::Apply, OrderStatus::Refunded, false));
    }

    #[test]
    fn cancelled_after_payment() {
        use crate::outcome::Operation::Cancellation;
        let current = state(OrderStatus::Accepted, Some("lyra:a"));
        let d = decide(&current, &with_op(outcome(Status::Cancelled, "lyra:a"), Cancellation, 2_990)).unwrap();
        assert_eq!(
            (d.decision, d.status, d.ship, d.captured),
            (Transition::Apply, OrderStatus::Cancelled, false, None)
        );
        let current = state(OrderStatus::Cancelled, Some("lyra:a"));
        let d = decide(&current, &with_op(outcome(Status::Cancelled, "lyra:a"), Cancellation, 2_990)).unwrap();
        assert_eq!(d.decision, Transition::Duplicate);
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
                    store(&mut current, &d);
                } else {
                    prop_assert_eq!(d.status, current.status);
                }
            }
            prop_assert!(shipped <= 1);
        }

        /// Payments, refunds (some repeated, some cancelled) and cancellations in any order: an order ships at
        /// most once, a refund never ships, and the refunded total is each applied refund once, never above
        /// what was captured.
        #[test]
        fn refunds_are_counted_once_and_never_exceed_the_capture(
            events in prop::collection::vec((0usize..4, 0usize..3, 0usize..5, 1u64..2_000), 1..40)
        ) {
            use crate::outcome::Operation;
            let operations = [Operation::Payment, Operation::Refund, Operation::Cancellation, Operation::Capture];
            let statuses = [Status::Accepted, Status::Pending, Status::Cancelled, Status::Refused, Status::Error];
            let mut current = state(OrderStatus::New, None);
            let mut shipped = 0;
            for (op, which, status, amount) in events {
                let operation = operations[op];
                let key = if operation == Operation::Refund { ["lyra:r1", "lyra:r2", "lyra:r3"][which] } else { ["lyra:a", "lyra:b", "lyra:a"][which] };
                let amount = if operation == Operation::Refund { amount } else { 2_990 };
                let o = with_op(outcome(statuses[status], key), operation, amount);
                let d = decide(&current, &o).unwrap();
                prop_assert!(!(d.ship && operation == Operation::Refund));
                shipped += usize::from(d.ship);
                let mut keys: Vec<&str> = d.refunds.iter().map(|r| r.key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                prop_assert_eq!(keys.len(), d.refunds.len());
                prop_assert_eq!(d.refunded.minor(), d.refunds.iter().map(|r| r.amount.minor()).sum::<u64>());
                if let Some(captured) = d.captured {
                    if d.status.is_paid() {
                        prop_assert!(d.refunded <= captured);
                    }
                }
                store(&mut current, &d);
            }
            prop_assert!(shipped <= 1);
        }
    }
}
