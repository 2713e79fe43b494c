//! Instalment schedules: a total split into dated amounts, in integer minor units, summing to the total.
//!
//! **The rounding rule, in one place ([`split`]):** each instalment is its share of the total rounded down, and the
//! first instalment takes what rounding left over. FullCB says so ("1/3 or 1/4 of the purchase price", Computop
//! Paygate manual, "Cetelem FullCB": the remainder on the first debit, which is taken at approval); custom plans
//! follow the same rule so that a buyer never pays a later instalment larger than announced.
//!
//! **Dates:** instalment *k* (from 0) falls on the first date plus *k* periods counted from the first date,
//! never from the previous instalment — so a plan starting on 31 January runs 28 February, 31 March, 30 April
//! (clamped to the month's last day, not drifting to the 28th).

use super::calendar::{self, ymd};
use crate::error::{Error, ErrorCode, Result};
use crate::money::Amount;
use time::Date;

/// The most instalments a custom plan may have (five years of monthly debits).
pub const MAX_COUNT: u32 = 60;
/// The longest period in days (a year).
pub const MAX_PERIOD_DAYS: u32 = 366;
/// The longest period in months.
pub const MAX_PERIOD_MONTHS: u32 = 12;

/// One dated instalment: the (date, amount) every gateway's instalment plan is written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instalment {
    /// The day it is debited.
    #[serde(with = "ymd")]
    #[schemars(with = "String")]
    pub date: Date,
    /// Its amount, minor units.
    pub amount: Amount,
}

/// A schedule: at least one instalment, dates strictly increasing, amounts summing to the total.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Schedule {
    instalments: Vec<Instalment>,
}

impl Schedule {
    /// The instalments, in date order.
    pub fn instalments(&self) -> &[Instalment] {
        &self.instalments
    }

    /// The sum of the instalments (the plan's total).
    pub fn total(&self) -> Amount {
        Amount::from_minor(self.instalments.iter().map(|i| i.amount.minor()).sum())
    }
}

/// The interval between two instalments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A number of days.
    Days(u32),
    /// A number of calendar months (clamped to the month's last day).
    Months(u32),
}

/// Split `total` by `weights`: each part is `total × weight / Σ weights` rounded down, and the **first** part
/// takes the remainder. `None` when there are no weights or they sum to 0.
pub fn split(total: Amount, weights: &[u64]) -> Option<Vec<Amount>> {
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if sum == 0 {
        return None;
    }
    let total128 = u128::from(total.minor());
    let mut parts: Vec<u64> =
        weights.iter().map(|&w| u64::try_from(total128 * u128::from(w) / sum).unwrap_or(u64::MAX)).collect();
    let assigned: u64 = parts.iter().sum();
    let first = parts.first_mut()?;
    *first += total.minor() - assigned;
    Some(parts.into_iter().map(Amount::from_minor).collect())
}

/// The dates of `count` instalments from `first` every `period`, or an error naming `first_date`.
fn dates(first: Date, count: u32, period: Period) -> Result<Vec<Date>> {
    (0..count)
        .map(|k| match period {
            Period::Days(days) => calendar::add_days(first, u64::from(k) * u64::from(days)),
            Period::Months(months) => calendar::add_months(first, k * months),
        })
        .map(|d| {
            d.ok_or_else(|| {
                Error::field(ErrorCode::InvalidValue, "first_date", "the schedule would run past the year 9999")
            })
        })
        .collect()
}

fn assemble(total: Amount, weights: &[u64], dates: Vec<Date>) -> Result<Schedule> {
    let amounts = split(total, weights)
        .ok_or_else(|| Error::field(ErrorCode::InvalidValue, "shares", "the shares must not all be zero"))?;
    if amounts.contains(&Amount::ZERO) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "total",
            format!(
                "the total ({total}) is too small to give every one of the {} instalments a non-zero amount",
                amounts.len()
            ),
        ));
    }
    let instalments = dates.into_iter().zip(amounts).map(|(date, amount)| Instalment { date, amount }).collect();
    Ok(Schedule { instalments })
}

/// The Cetelem FullCB schedule (Computop Paygate manual, "Cetelem FullCB", "About Cetelem FullCB"): `count` (3 or
/// 4) monthly debits from `first_date` (the day of approval), each `total / count` rounded down, the remainder on
/// the first.
pub fn fullcb(count: u32, total: Amount, first_date: Date) -> Result<Schedule> {
    if !(3..=4).contains(&count) {
        return Err(Error::field(ErrorCode::InvalidValue, "method", "FullCB is paid in 3 or 4 instalments"));
    }
    let weights = vec![1; count as usize];
    assemble(total, &weights, dates(first_date, count, Period::Months(1))?)
}

/// A merchant-defined plan in the manner of SecuTix (SecuTix documentation, "Paiement en ligne"): the number of
/// instalments, the period, how the total is distributed, a minimum total, and whether the plan is restrictive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomPlan {
    /// The total to split, minor units.
    pub total: Amount,
    /// Number of instalments (2 to [`MAX_COUNT`]).
    pub count: u32,
    /// Interval between instalments.
    pub period: Period,
    /// Date of the first instalment.
    pub first_date: Date,
    /// Percent of the total per instalment (`count` integers summing to 100), or `None` for equal parts.
    pub shares: Option<Vec<u32>>,
    /// The smallest total the plan is offered for.
    pub minimum: Option<Amount>,
    /// Restrictive plan: refused when any instalment falls after the earliest event date in the basket.
    pub restrictive: bool,
    /// The dates of the events in the basket.
    pub event_dates: Vec<Date>,
}

/// Build a custom plan's schedule, or say why the plan is refused.
pub fn custom(plan: &CustomPlan) -> Result<Schedule> {
    if !(2..=MAX_COUNT).contains(&plan.count) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "count",
            format!("count must be between 2 and {MAX_COUNT} (got {})", plan.count),
        ));
    }
    match plan.period {
        Period::Days(d) if !(1..=MAX_PERIOD_DAYS).contains(&d) => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "period_days",
                format!("period_days must be between 1 and {MAX_PERIOD_DAYS}"),
            ))
        }
        Period::Months(m) if !(1..=MAX_PERIOD_MONTHS).contains(&m) => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "period_months",
                format!("period_months must be between 1 and {MAX_PERIOD_MONTHS}"),
            ))
        }
        _ => {}
    }
    if let Some(minimum) = plan.minimum.filter(|m| plan.total < *m) {
        return Err(Error::field(
            ErrorCode::NotEligible,
            "total",
            format!("the plan is offered from a total of {minimum} (the total is {})", plan.total),
        ));
    }
    let weights: Vec<u64> = match &plan.shares {
        None => vec![1; plan.count as usize],
        Some(shares) => check_shares(shares, plan.count)?,
    };
    let dates = dates(plan.first_date, plan.count, plan.period)?;
    if plan.restrictive {
        if let Some(event) = plan.event_dates.iter().min() {
            if let Some((k, late)) = dates.iter().enumerate().find(|(_, d)| *d > event) {
                return Err(Error::field(
                    ErrorCode::NotEligible,
                    "event_dates",
                    format!(
                        "restrictive plan: instalment {} on {late} falls after the earliest event ({event})",
                        k + 1
                    ),
                ));
            }
        }
    }
    assemble(plan.total, &weights, dates)
}

fn check_shares(shares: &[u32], count: u32) -> Result<Vec<u64>> {
    if shares.len() != count as usize {
        return Err(Error::field(
            ErrorCode::Inconsistent,
            "shares",
            format!("shares must give one percentage per instalment ({count}), got {}", shares.len()),
        ));
    }
    if shares.contains(&0) {
        return Err(Error::field(ErrorCode::InvalidValue, "shares", "every share must be at least 1 percent"));
    }
    let sum: u64 = shares.iter().map(|&s| u64::from(s)).sum();
    if sum != 100 {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "shares",
            format!("the shares must add up to 100 (got {sum})"),
        ));
    }
    Ok(shares.iter().map(|&s| u64::from(s)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn amounts(s: &Schedule) -> Vec<u64> {
        s.instalments().iter().map(|i| i.amount.minor()).collect()
    }

    #[test]
    fn fullcb_remainder_on_the_first_and_month_ends_clamped() {
        let s = fullcb(3, Amount::from_minor(10_000), date!(2026 - 01 - 31)).unwrap();
        assert_eq!(amounts(&s), [3_334, 3_333, 3_333]);
        let dates: Vec<Date> = s.instalments().iter().map(|i| i.date).collect();
        assert_eq!(dates, [date!(2026 - 01 - 31), date!(2026 - 02 - 28), date!(2026 - 03 - 31)]);
        let s = fullcb(4, Amount::from_minor(29_999), date!(2026 - 06 - 15)).unwrap();
        assert_eq!(amounts(&s), [7_502, 7_499, 7_499, 7_499]);
        assert!(fullcb(5, Amount::from_minor(10_000), date!(2026 - 06 - 15)).is_err());
        assert_eq!(fullcb(3, Amount::from_minor(2), date!(2026 - 06 - 15)).unwrap_err().field_name(), Some("total"));
    }

    fn plan() -> CustomPlan {
        CustomPlan {
            total: Amount::from_minor(10_000),
            count: 3,
            period: Period::Days(30),
            first_date: date!(2026 - 03 - 01),
            shares: Some(vec![50, 25, 25]),
            minimum: Some(Amount::from_minor(5_000)),
            restrictive: true,
            event_dates: vec![date!(2026 - 06 - 01), date!(2026 - 04 - 30)],
        }
    }

    #[test]
    fn custom_plans() {
        let s = custom(&plan()).unwrap();
        assert_eq!(amounts(&s), [5_000, 2_500, 2_500]);
        assert_eq!(s.instalments()[2].date, date!(2026 - 04 - 30));
        let mut p = plan();
        p.event_dates = vec![date!(2026 - 04 - 29)];
        assert_eq!(custom(&p).unwrap_err().code(), ErrorCode::NotEligible);
        p.restrictive = false;
        assert!(custom(&p).is_ok());
        p.total = Amount::from_minor(4_999);
        assert_eq!(custom(&p).unwrap_err().field_name(), Some("total"));
        let mut p = plan();
        p.shares = Some(vec![50, 50]);
        assert_eq!(custom(&p).unwrap_err().code(), ErrorCode::Inconsistent);
        p.shares = Some(vec![50, 25, 24]);
        assert_eq!(custom(&p).unwrap_err().field_name(), Some("shares"));
        p.shares = Some(vec![100, 0, 0]);
        assert!(custom(&p).is_err());
        p.count = 1;
        assert_eq!(custom(&p).unwrap_err().field_name(), Some("count"));
    }

    #[test]
    fn percent_shares_round_down_remainder_first() {
        // 100.01 € in 33/33/34: 3300.33 → 3300, 3300.33 → 3300, 3400.34 → 3400; remainder 1 on the first.
        assert_eq!(
            split(Amount::from_minor(10_001), &[33, 33, 34]).unwrap(),
            [3_301, 3_300, 3_400].map(Amount::from_minor)
        );
        assert_eq!(split(Amount::from_minor(5), &[]), None);
    }

    proptest! {
        #[test]
        fn any_plan_sums_exactly_with_increasing_dates(
            total in 60u64..=u64::MAX / 2,
            count in 2u32..=MAX_COUNT,
            months in prop::bool::ANY,
            period in 1u32..=12,
            day in 0i64..3_000,
        ) {
            let first = date!(2024 - 01 - 01) + time::Duration::days(day);
            let p = CustomPlan {
                total: Amount::from_minor(total),
                count,
                period: if months { Period::Months(period) } else { Period::Days(period * 30) },
                first_date: first,
                shares: None,
                minimum: None,
                restrictive: false,
                event_dates: vec![],
            };
            let s = custom(&p).unwrap();
            let a = amounts(&s);
            prop_assert_eq!(a.len(), count as usize);
            prop_assert_eq!(s.total().minor(), total);
            let remainder = total % u64::from(count);
            let (max, min) = (a.iter().max().unwrap(), a.iter().min().unwrap());
            prop_assert!(max - min <= remainder);
            prop_assert_eq!(a[0], total / u64::from(count) + remainder);
            prop_assert!(s.instalments().windows(2).all(|w| w[0].date < w[1].date));
        }

        #[test]
        fn shares_sum_exactly(total in 1_000u64..=10_000_000_000, cut in 1u32..99) {
            let parts = split(Amount::from_minor(total), &[u64::from(cut), u64::from(100 - cut)]).unwrap();
            prop_assert_eq!(parts[0].minor() + parts[1].minor(), total);
            prop_assert_eq!(parts[1].minor(), total * u64::from(100 - cut) / 100);
        }

        #[test]
        fn fullcb_any_total(total in 4u64..=u64::MAX, four in prop::bool::ANY) {
            let n = if four { 4 } else { 3 };
            let s = fullcb(n, Amount::from_minor(total), date!(2026 - 01 - 31)).unwrap();
            let a = amounts(&s);
            prop_assert_eq!(s.total().minor(), total);
            prop_assert!(a[1..].iter().all(|x| *x == total / u64::from(n)));
            prop_assert!(s.instalments().windows(2).all(|w| w[0].date < w[1].date));
        }
    }
}
