//! Plan operations for [`crate::api`]: JSON in, JSON out.
//!
//! | operation | input | output |
//! |---|---|---|
//! | `plan.schedule` | `{method: "fullcb-3x"\|"fullcb-4x", total, first_date}` or `{method: "custom", total, count, period_days\|period_months, first_date, shares?, minimum?, restrictive?, event_dates?}` | `{installments: [{date, amount}]}` |
//! | `plan.eligible` | `{method, gateway, amount, currency, country?, capture?, capture_delay_days?, gateway_instalments?, bounds?}` | `{eligible, reason}` |
//! | `plan.refund` | `{gateway, method, option?, paid_at, now, captured, refunded?, amount}` | `{allowed, max, reason}` |
//! | `plan.split` | `{total, promo_codes?, vouchers?, credit_balance?, waiting_account?, card?}` | `{total, discount, due, lines, card, card_eligibility?}` |
//! | `plan.three_ds` | `{policy: "always"\|"never"\|"near_event", days?, payment_date, event_dates?, method?}` | `{three_ds, reason}` |
//! | `plan.order_state` | `{current: {status, key?, amount?, currency?}, outcome: Outcome}` | `{decision, status, key?, ship, reason}` |
//!
//! Dates are `YYYY-MM-DD`; instants (`paid_at`, `now`) RFC 3339; amounts integer minor units.

use super::calendar::ymd;
use super::refund::{self, RefundCheck};
use super::schedule::{self, CustomPlan, Period};
use super::three_ds::dates;
use super::{eligibility, order, tender, three_ds, Method};
use crate::api::{parse_input, to_output, unknown};
use crate::error::{Error, ErrorCode, Result};
use crate::money::Amount;
use crate::outcome::{Gateway, Outcome};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

/// The operations this module serves.
pub const OPERATIONS: [&str; 6] =
    ["plan.schedule", "plan.eligible", "plan.refund", "plan.split", "plan.three_ds", "plan.order_state"];

/// Dispatch one plan verb.
pub fn call(verb: &str, input: &str) -> Result<String> {
    match verb {
        "schedule" => to_output(&build_schedule(parse_input(input)?)?),
        "eligible" => to_output(&eligibility::check(&parse_input(input)?)),
        "refund" => {
            let i: RefundInput = parse_input(input)?;
            let check = RefundCheck {
                option: i.option,
                paid_at: i.paid_at,
                now: i.now,
                captured: i.captured,
                refunded: i.refunded,
            };
            to_output(&refund::decide(i.gateway, i.method, &check, i.amount))
        }
        "split" => to_output(&tender::split(&parse_input(input)?)?),
        "three_ds" => to_output(&three_ds::decide(&parse_input(input)?)?),
        "order_state" => {
            let i: OrderInput = parse_input(input)?;
            to_output(&order::decide(&i.current, &i.outcome)?)
        }
        _ => Err(unknown(&format!("plan.{verb}"))),
    }
}

/// Which schedule `plan.schedule` builds.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
enum ScheduleMethod {
    #[serde(rename = "fullcb-3x")]
    FullCb3x,
    #[serde(rename = "fullcb-4x")]
    FullCb4x,
    #[serde(rename = "custom")]
    Custom,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleInput {
    method: ScheduleMethod,
    total: Amount,
    #[serde(with = "ymd")]
    first_date: Date,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    period_days: Option<u32>,
    #[serde(default)]
    period_months: Option<u32>,
    #[serde(default)]
    shares: Option<Vec<u32>>,
    #[serde(default)]
    minimum: Option<Amount>,
    #[serde(default)]
    restrictive: bool,
    #[serde(default, deserialize_with = "dates")]
    event_dates: Vec<Date>,
}

fn build_schedule(i: ScheduleInput) -> Result<schedule::Schedule> {
    let count = match i.method {
        ScheduleMethod::FullCb3x => Some(Method::FullCb3x.fullcb_count()),
        ScheduleMethod::FullCb4x => Some(Method::FullCb4x.fullcb_count()),
        ScheduleMethod::Custom => None,
    };
    if let Some(count) = count.flatten() {
        let custom_only = [
            ("count", i.count.is_some()),
            ("period_days", i.period_days.is_some()),
            ("period_months", i.period_months.is_some()),
            ("shares", i.shares.is_some()),
            ("minimum", i.minimum.is_some()),
            ("restrictive", i.restrictive),
            ("event_dates", !i.event_dates.is_empty()),
        ];
        if let Some((field, _)) = custom_only.iter().find(|(_, given)| *given) {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                field,
                format!("{field} applies to custom plans only; FullCB plans are fixed (monthly, equal parts)"),
            ));
        }
        return schedule::fullcb(count, i.total, i.first_date);
    }
    let period = match (i.period_days, i.period_months) {
        (Some(days), None) => Period::Days(days),
        (None, Some(months)) => Period::Months(months),
        _ => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "period_days",
                "a custom plan needs exactly one of period_days or period_months",
            ))
        }
    };
    schedule::custom(&CustomPlan {
        total: i.total,
        count: i.count.ok_or_else(|| Error::missing("count"))?,
        period,
        first_date: i.first_date,
        shares: i.shares,
        minimum: i.minimum,
        restrictive: i.restrictive,
        event_dates: i.event_dates,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundInput {
    gateway: Gateway,
    method: Method,
    #[serde(default)]
    option: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    paid_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    now: OffsetDateTime,
    captured: Amount,
    #[serde(default)]
    refunded: Amount,
    amount: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderInput {
    current: order::OrderState,
    outcome: Outcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_op() {
        let out = call("schedule", r#"{"method":"fullcb-3x","total":10000,"first_date":"2026-01-31"}"#).unwrap();
        assert_eq!(
            out,
            r#"{"installments":[{"date":"2026-01-31","amount":3334},{"date":"2026-02-28","amount":3333},{"date":"2026-03-31","amount":3333}]}"#
        );
        let e = call("schedule", r#"{"method":"fullcb-4x","total":10000,"first_date":"2026-01-31","count":4}"#);
        assert_eq!(e.unwrap_err().field_name(), Some("count"));
        let e = call("schedule", r#"{"method":"custom","total":10000,"first_date":"2026-01-31","count":3}"#);
        assert_eq!(e.unwrap_err().field_name(), Some("period_days"));
        let e = call("schedule", r#"{"method":"custom","total":10000,"first_date":"2026-01-31","period_days":3}"#);
        assert_eq!(e.unwrap_err().field_name(), Some("count"));
        assert!(call("schedule", r#"{"method":"fullcb-3x","total":10000,"first_date":"2026-02-30"}"#).is_err());
        assert!(call("nope", "{}").is_err());
    }
}
