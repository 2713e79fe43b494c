//! A [`Schedule`] as Lyra's `vads_payment_config` (spec `lyra.md`; not for Cpay, which allows only SINGLE).
//!
//! `MULTI_EXT` lists every date and amount, so any schedule converts exactly. `MULTI:first=…;count=…;period=…`
//! puts the first amount on the payment day, spreads the rest evenly every `period` days and gives the
//! rounding remainder to the *last* instalment; a schedule built by [`super::schedule`] with equal parts and a
//! period in days has its remainder on the first instalment and equal later ones, so it is exactly a `MULTI`
//! (the remainder left for the last is then 0) — provided its first date is the payment day.

use super::schedule::Schedule;
use crate::lyra::request::PaymentConfig;

/// `MULTI_EXT:YYYYMMDD=amount;…` with the schedule's dates and amounts.
pub fn multi_ext(schedule: &Schedule) -> PaymentConfig {
    PaymentConfig::MultiExt(
        schedule.instalments().to_vec(),
    )
}

/// `MULTI:first=…;count=…;period=…` when the schedule is exactly one (evenly spaced in days, every instalment
/// after the first equal); `None` otherwise (use [`multi_ext`]).
pub fn multi(schedule: &Schedule) -> Option<PaymentConfig> {
    let items = schedule.instalments();
    let (first, rest) = items.split_first()?;
    let second = rest.first()?;
    let period = (second.date - first.date).whole_days();
    let evenly_spaced = items.windows(2).all(|w| (w[1].date - w[0].date).whole_days() == period);
    let equal_rest = rest.iter().all(|i| i.amount == second.amount);
    if !evenly_spaced || !equal_rest {
        return None;
    }
    Some(PaymentConfig::Multi {
        first: first.amount,
        count: u32::try_from(items.len()).ok()?,
        period: u32::try_from(period).ok().filter(|p| *p > 0)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;
    use crate::plan::schedule::{custom, fullcb, CustomPlan, Period};
    use time::macros::date;

    #[test]
    fn conversions() {
        let plan = CustomPlan {
            total: Amount::from_minor(10_000),
            count: 3,
            period: Period::Days(30),
            first_date: date!(2026 - 03 - 01),
            shares: None,
            minimum: None,
            restrictive: false,
            event_dates: vec![],
        };
        let s = custom(&plan).unwrap();
        assert_eq!(multi(&s), Some(PaymentConfig::Multi { first: Amount::from_minor(3_334), count: 3, period: 30 }));
        let PaymentConfig::MultiExt(items) = multi_ext(&s) else { panic!("MULTI_EXT expected") };
        assert_eq!(items.len(), 3);
        assert_eq!(items[2], Instalment { date: date!(2026 - 04 - 30), amount: Amount::from_minor(3_333) });
        // Monthly dates are not evenly spaced in days: only MULTI_EXT can carry them.
        let monthly = fullcb(3, Amount::from_minor(10_000), date!(2026 - 01 - 31)).unwrap();
        assert_eq!(multi(&monthly), None);
    }
}
