//! Refund rules: may this payment still be refunded, and by how much at most?

use super::options::CpayOption;
use super::Method;
use crate::money::Amount;
use crate::outcome::Gateway;
use time::OffsetDateTime;

/// The facts a refund rule looks at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
pub struct RefundCheck {
    /// The payment option the buyer chose (Lyra Cpay: `cash`/`comptant`, `credit`/`crédit`, or another).
    #[serde(default)]
    pub option: Option<String>,
    /// When the payment was made.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub paid_at: OffsetDateTime,
    /// Now (cpay never reads the clock).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub now: OffsetDateTime,
    /// What was captured, minor units (0 when the payment was never captured).
    pub captured: Amount,
    /// What was already refunded, minor units.
    #[serde(default)]
    pub refunded: Amount,
}

/// The answer: allowed or not, why, and the largest amount still refundable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct RefundDecision {
    /// Whether the requested amount may be refunded.
    pub allowed: bool,
    /// The largest amount refundable now (0 when nothing is).
    pub max: Amount,
    /// Why, in a sentence.
    pub reason: String,
}

impl RefundDecision {
    fn refuse(max: Amount, reason: impl Into<String>) -> Self {
        RefundDecision { allowed: false, max, reason: reason.into() }
    }
}

/// Whether a Cpay option is one of those refundable at any date (Sogecommerce guide "Ajouter le bouton de paiement
/// Cpay", "Effectuer un remboursement": "Comptant", "Crédit"), read by [`CpayOption::parse`]; an option cpay does
/// not recognise is "another option".
fn refundable_any_day(option: Option<&str>) -> bool {
    option.and_then(CpayOption::parse).is_some_and(CpayOption::refundable_any_day)
}

/// Lyra Cpay (Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Effectuer un remboursement"): only captured
/// transactions; options "Comptant" and "Crédit" may be refunded in total or in part at any date; any other option
/// only on the day of the payment (UTC day); never more than captured minus already refunded.
pub fn lyra_cpay(check: &RefundCheck, amount: Amount) -> RefundDecision {
    let remaining = check.captured.checked_sub(check.refunded).unwrap_or(Amount::ZERO);
    if check.captured == Amount::ZERO {
        return RefundDecision::refuse(Amount::ZERO, "only captured Cpay transactions can be refunded");
    }
    if !refundable_any_day(check.option.as_deref()) {
        let same_day =
            check.paid_at.to_offset(time::UtcOffset::UTC).date() == check.now.to_offset(time::UtcOffset::UTC).date();
        if !same_day {
            return RefundDecision::refuse(
                Amount::ZERO,
                "this Cpay option can only be refunded on the day of the payment (only Comptant and Crédit can be refunded later)",
            );
        }
    }
    within_remaining(amount, remaining)
}

/// The common tail of every rule: a positive amount no larger than what remains.
pub(crate) fn within_remaining(amount: Amount, remaining: Amount) -> RefundDecision {
    if remaining == Amount::ZERO {
        RefundDecision::refuse(remaining, "the payment has already been refunded in full")
    } else if amount == Amount::ZERO {
        RefundDecision::refuse(remaining, "the refund amount must be greater than zero")
    } else if amount > remaining {
        RefundDecision::refuse(
            remaining,
            format!("at most {remaining} (captured minus already refunded) can still be refunded"),
        )
    } else {
        RefundDecision { allowed: true, max: remaining, reason: "the refund is allowed".to_owned() }
    }
}

// The other gateways' rules and the dispatcher `plan.refund` uses.

/// A payment never captured has nothing to refund, whatever the gateway.
fn nothing_captured(check: &RefundCheck) -> Option<RefundDecision> {
    (check.captured == Amount::ZERO)
        .then(|| RefundDecision::refuse(Amount::ZERO, "only captured payments can be refunded"))
}

/// Captured minus already refunded (0 when more was refunded than captured).
fn remaining(check: &RefundCheck) -> Amount {
    check.captured.checked_sub(check.refunded).unwrap_or(Amount::ZERO)
}

/// How many calendar months after the payment Payline still refunds a Cpay payment (Payline page "Cetelem Aurore /
/// Cpay", "Les fonctions disponibles").
pub const PAYLINE_CPAY_REFUND_MONTHS: u32 = 13;

/// Payline Cpay (Payline page "Cetelem Aurore / Cpay", "Les fonctions disponibles"): cash or credit, refundable up
/// to 13 calendar months after the payment (same time of day, UTC, the day clamped to the month's end); never more
/// than captured minus already refunded.
pub fn payline_cpay(check: &RefundCheck, amount: Amount) -> RefundDecision {
    if let Some(refused) = nothing_captured(check) {
        return refused;
    }
    let paid = check.paid_at.to_offset(time::UtcOffset::UTC);
    let deadline = super::calendar::add_months(paid.date(), PAYLINE_CPAY_REFUND_MONTHS).map(|d| paid.replace_date(d));
    if deadline.is_some_and(|deadline| check.now > deadline) {
        return RefundDecision::refuse(
            Amount::ZERO,
            "Payline refunds a Cpay payment up to 13 months after the transaction; this one is older",
        );
    }
    within_remaining(amount, remaining(check))
}

/// Computop credit with reference (Computop Paygate manual, "Cetelem FullCB", "Credit with reference"): limited to
/// the captured amount, partial credits included, so at most captured minus already credited.
pub fn computop(captured: Amount, credited: Amount, amount: Amount) -> RefundDecision {
    limited_to_captured(captured, credited, amount)
}

/// Ogone and Sips: at most the captured amount minus what was already refunded.
pub fn captured_minus_refunded(check: &RefundCheck, amount: Amount) -> RefundDecision {
    limited_to_captured(check.captured, check.refunded, amount)
}

fn limited_to_captured(captured: Amount, refunded: Amount, amount: Amount) -> RefundDecision {
    if captured == Amount::ZERO {
        return RefundDecision::refuse(Amount::ZERO, "only captured payments can be refunded");
    }
    within_remaining(amount, captured.checked_sub(refunded).unwrap_or(Amount::ZERO))
}

/// The refund rule for `method` through `gateway`; a pair the eligibility table does not offer is refused.
/// Ogone carries the shop's card payments, so its rule applies whatever the method.
pub fn decide(gateway: Gateway, method: Method, check: &RefundCheck, amount: Amount) -> RefundDecision {
    match (gateway, method) {
        (Gateway::Lyra, Method::Cpay) => lyra_cpay(check, amount),
        (Gateway::Payline, Method::Cpay) => payline_cpay(check, amount),
        (Gateway::Computop, Method::FullCb3x | Method::FullCb4x) => computop(check.captured, check.refunded, amount),
        // FullCB through Lyra and Sips: an immediate-capture card payment, refundable up to what was captured.
        (Gateway::Lyra | Gateway::Sips, Method::FullCb3x | Method::FullCb4x) => captured_minus_refunded(check, amount),
        (Gateway::Sips, Method::Cpay) | (Gateway::Ogone, _) => captured_minus_refunded(check, amount),
        _ => RefundDecision::refuse(
            Amount::ZERO,
            format!("{} is not offered through {}, so it has no refund rule", method.name(), gateway.name()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn check(option: &str, now: OffsetDateTime) -> RefundCheck {
        RefundCheck {
            option: Some(option.to_owned()),
            paid_at: datetime!(2026-03-10 10:00 UTC),
            now,
            captured: Amount::from_minor(10_000),
            refunded: Amount::from_minor(2_500),
        }
    }

    #[test]
    fn cash_and_credit_any_day() {
        let d = lyra_cpay(&check("Comptant", datetime!(2026-09-01 10:00 UTC)), Amount::from_minor(7_500));
        assert!(d.allowed, "{d:?}");
        assert_eq!(d.max.minor(), 7_500);
        let d = lyra_cpay(&check("credit", datetime!(2026-09-01 10:00 UTC)), Amount::from_minor(7_501));
        assert!(!d.allowed);
        assert_eq!(d.max.minor(), 7_500);
    }

    #[test]
    fn other_options_same_day_only() {
        assert!(lyra_cpay(&check("10x", datetime!(2026-03-10 23:59 UTC)), Amount::from_minor(100)).allowed);
        let d = lyra_cpay(&check("10x", datetime!(2026-03-11 00:00 UTC)), Amount::from_minor(100));
        assert!(!d.allowed);
        assert_eq!(d.max, Amount::ZERO);
    }

    #[test]
    fn uncaptured_is_refused() {
        let mut c = check("cash", datetime!(2026-03-10 12:00 UTC));
        c.captured = Amount::ZERO;
        c.refunded = Amount::ZERO;
        assert!(!lyra_cpay(&c, Amount::from_minor(1)).allowed);
    }

    #[test]
    fn payline_thirteen_calendar_months() {
        let mut c = check("credit", datetime!(2027-04-10 10:00 UTC));
        assert!(payline_cpay(&c, Amount::from_minor(7_500)).allowed);
        c.now = datetime!(2027-04-10 10:00:01 UTC);
        let d = payline_cpay(&c, Amount::from_minor(1));
        assert!(!d.allowed && d.reason.contains("13 months"), "{d:?}");
        c.paid_at = datetime!(2026-01-31 12:00 UTC);
        c.now = datetime!(2027-02-28 12:00 UTC);
        assert!(payline_cpay(&c, Amount::from_minor(1)).allowed);
        c.now = datetime!(2027-03-01 00:00 UTC);
        assert!(!payline_cpay(&c, Amount::from_minor(1)).allowed);
    }

    #[test]
    fn dispatcher() {
        let c = check("10x", datetime!(2026-09-01 10:00 UTC));
        assert!(!decide(Gateway::Lyra, Method::Cpay, &c, Amount::from_minor(1)).allowed);
        let d = decide(Gateway::Computop, Method::FullCb4x, &c, Amount::from_minor(7_501));
        assert_eq!((d.allowed, d.max.minor()), (false, 7_500));
        assert!(decide(Gateway::Sips, Method::Cpay, &c, Amount::from_minor(7_500)).allowed);
        assert!(decide(Gateway::Ogone, Method::FullCb3x, &c, Amount::from_minor(7_500)).allowed);
        assert!(decide(Gateway::Lyra, Method::FullCb3x, &c, Amount::from_minor(1)).allowed);
        assert!(!decide(Gateway::Payline, Method::FullCb3x, &c, Amount::from_minor(1)).allowed);
        let mut c = c;
        c.captured = Amount::ZERO;
        c.refunded = Amount::ZERO;
        assert!(decide(Gateway::Computop, Method::FullCb3x, &c, Amount::from_minor(1)).reason.contains("captured"));
    }
}
