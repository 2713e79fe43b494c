//! Refund rules: may this payment still be refunded, and by how much at most?

use crate::money::Amount;
use time::OffsetDateTime;

/// The facts a refund rule looks at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct RefundCheck {
    /// The payment option the buyer chose (Lyra Cpay: `cash`/`comptant`, `credit`/`crédit`, or another).
    #[serde(default)]
    pub option: Option<String>,
    /// When the payment was made.
    #[serde(with = "time::serde::rfc3339")]
    pub paid_at: OffsetDateTime,
    /// Now (cpay never reads the clock).
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
    /// What was captured, minor units (0 when the payment was never captured).
    pub captured: Amount,
    /// What was already refunded, minor units.
    #[serde(default)]
    pub refunded: Amount,
}

/// The answer: allowed or not, why, and the largest amount still refundable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

/// Whether a Cpay option is one of those refundable at any date (seed 001 §12.2: "Comptant", "Crédit").
fn refundable_any_day(option: Option<&str>) -> bool {
    let Some(option) = option else { return false };
    matches!(option.trim().to_lowercase().as_str(), "cash" | "comptant" | "credit" | "crédit")
}

/// Lyra Cpay (seed 001 §12.2): only captured transactions; options "Comptant" and "Crédit" may be refunded
/// in total or in part at any date; any other option only on the day of the payment (UTC day); never more
/// than captured minus already refunded.
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

/// Payline Cpay (seed 000, "remboursement jusqu'à 13 mois après la transaction"): only captured payments,
/// in total or in part, until 13 calendar months after the payment (a day missing in the last month counts as
/// that month's last day); never more than captured minus already refunded.
pub fn payline_cpay(check: &RefundCheck, amount: Amount) -> RefundDecision {
    if check.captured == Amount::ZERO {
        return RefundDecision::refuse(Amount::ZERO, "only captured Cpay transactions can be refunded");
    }
    let paid = check.paid_at.to_offset(time::UtcOffset::UTC);
    let months = i32::from(u8::from(paid.month())) - 1 + 13;
    let (year, month) = (paid.year() + months / 12, (months % 12 + 1) as u8);
    let deadline = time::Month::try_from(month).ok().and_then(|m| {
        let day = paid.day().min(m.length(year));
        time::Date::from_calendar_date(year, m, day).ok().map(|d| paid.replace_date(d))
    });
    if !matches!(deadline, Some(deadline) if check.now <= deadline) {
        return RefundDecision::refuse(Amount::ZERO, "a Cpay payment can only be refunded up to 13 months after it");
    }
    within_remaining(amount, check.captured.checked_sub(check.refunded).unwrap_or(Amount::ZERO))
}

/// Computop credit with reference (seed 004): at most what was captured minus what was already credited.
pub fn computop(captured: Amount, credited: Amount, amount: Amount) -> RefundDecision {
    within_remaining(amount, captured.checked_sub(credited).unwrap_or(Amount::ZERO))
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
}
