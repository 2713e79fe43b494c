//! Plan operations of the registry ([`crate::api`]): gateway-neutral rules.
//!
//! Dates are `YYYY-MM-DD`; instants (`paid_at`, `now`) RFC 3339; amounts integer minor units.

use super::calendar::ymd;
use super::options::{self, OptionCodes};
use super::refund::{self, RefundCheck};
use super::schedule::{self, CustomPlan, Period};
use super::three_ds::dates;
use super::{eligibility, offer, order, tender, three_ds, Method};
use crate::error::{Error, ErrorCode, Result};
use crate::money::Amount;
use crate::outcome::{Gateway, Outcome};
use serde::Deserialize;
use time::{Date, OffsetDateTime};

/// Which schedule `plan.schedule` builds.
#[derive(Deserialize, schemars::JsonSchema, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleMethod {
    /// Cetelem 3x (FullCB): three equal monthly parts.
    #[serde(rename = "fullcb-3x")]
    FullCb3x,
    /// Cetelem 4x (FullCB): four equal monthly parts.
    #[serde(rename = "fullcb-4x")]
    FullCb4x,
    /// A plan of the shop's own (count, period, shares, minimum, event dates).
    #[serde(rename = "custom")]
    Custom,
}

/// Input of `plan.schedule`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// Which plan.
    pub method: ScheduleMethod,
    /// The total, minor units.
    pub total: Amount,
    /// The first instalment's date (`YYYY-MM-DD`).
    #[serde(with = "ymd")]
    #[schemars(with = "String")]
    pub first_date: Date,
    /// Custom plans: the number of instalments.
    #[serde(default)]
    pub count: Option<u32>,
    /// Custom plans: days between instalments (or `period_months`).
    #[serde(default)]
    pub period_days: Option<u32>,
    /// Custom plans: months between instalments (or `period_days`).
    #[serde(default)]
    pub period_months: Option<u32>,
    /// Custom plans: relative weights of the instalments.
    #[serde(default)]
    pub shares: Option<Vec<u32>>,
    /// Custom plans: the smallest instalment allowed.
    #[serde(default)]
    pub minimum: Option<Amount>,
    /// Custom plans: refuse rather than adapt a plan that breaks a rule.
    #[serde(default)]
    pub restrictive: bool,
    /// Custom plans: dates every instalment must precede (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "dates")]
    #[schemars(with = "Vec<String>")]
    pub event_dates: Vec<Date>,
    /// FullCB plans: the gateway that will carry the payment; when given, a gateway that does not offer the
    /// method is refused (`not_eligible`).
    #[serde(default)]
    pub gateway: Option<Gateway>,
}

fn build_schedule(i: ScheduleInput) -> Result<schedule::Schedule> {
    let count = match i.method {
        ScheduleMethod::FullCb3x => Some(Method::FullCb3x.fullcb_count()),
        ScheduleMethod::FullCb4x => Some(Method::FullCb4x.fullcb_count()),
        ScheduleMethod::Custom => None,
    };
    if let (Some(gateway), ScheduleMethod::FullCb3x | ScheduleMethod::FullCb4x) = (i.gateway, i.method) {
        let method = if i.method == ScheduleMethod::FullCb3x { Method::FullCb3x } else { Method::FullCb4x };
        if eligibility::Rule::default_for(method, gateway).is_none() {
            return Err(Error::field(
                ErrorCode::NotEligible,
                "gateway",
                format!("{} is not offered through {}", method.name(), gateway.name()),
            ));
        }
    }
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

/// Input of `plan.refund`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundInput {
    /// The gateway the payment went through.
    pub gateway: Gateway,
    /// The payment method.
    pub method: Method,
    /// The Cpay option the payment used (an option name such as `cash` or `credit10_free`, a label such as
    /// `Comptant`, or the contract's code listed in `option_codes`).
    #[serde(default)]
    pub option: Option<String>,
    /// The verified outcome of the payment: when `option` is not given, the option is read from what the gateway
    /// reported (`details.payment_option_code`).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The contract's option codes (option → code), to recognise a reported code.
    #[serde(default)]
    pub option_codes: OptionCodes,
    /// When the payment was made (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub paid_at: OffsetDateTime,
    /// The current time (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub now: OffsetDateTime,
    /// The amount captured.
    pub captured: Amount,
    /// The amount already refunded.
    #[serde(default)]
    pub refunded: Amount,
    /// The amount to refund.
    pub amount: Amount,
}

/// Input of `plan.order_state`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    /// What the shop stored for the order.
    pub current: order::OrderState,
    /// The verified outcome just received.
    pub outcome: Outcome,
}

crate::operation! {
    /// An instalment schedule: dated amounts summing to the total (FullCB 3x/4x, or a custom plan).
    pub Schedule = "plan.schedule", |input: ScheduleInput| -> schedule::Schedule { build_schedule(input) }
}

crate::operation! {
    /// Whether a basket may be paid with a Cetelem method through a gateway, and why not.
    pub Eligible = "plan.eligible", |input: eligibility::Basket| -> eligibility::Eligibility {
        Ok(eligibility::check(&input))
    }
}

crate::operation! {
    /// Whether a refund is allowed (the gateway's rule for the method and option, its window, what was
    /// captured and already refunded), and the most that can be refunded.
    pub Refund = "plan.refund", |input: RefundInput| -> refund::RefundDecision {
        let reported = input.option.or_else(|| {
            input.outcome.as_ref().and_then(|o| o.details.get("payment_option_code").cloned())
        });
        let option = reported.map(|text| match options::option_of_code(&text, &input.option_codes) {
            Some(option) => option.name().to_owned(),
            None => text,
        });
        let check = RefundCheck {
            option,
            paid_at: input.paid_at,
            now: input.now,
            captured: input.captured,
            refunded: input.refunded,
        };
        Ok(refund::decide(input.gateway, input.method, &check, input.amount))
    }
}

/// Input of `plan.cpay_options`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpayOptionsInput {
    /// The contract's option codes (option → code); when given, only those options are listed.
    #[serde(default)]
    pub option_codes: OptionCodes,
}

/// The Cpay options.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct CpayOptions {
    /// One row per option, in display order.
    pub options: Vec<options::OptionInfo>,
}

crate::operation! {
    /// What a Cetelem 3x / 4x (FullCB) option shows the buyer: first payment, monthly payments, fees, total.
    ///
    /// Eligibility first (gateway, amount bounds, currency, country); fees only where the contract has them,
    /// capped.
    pub Offer = "plan.offer", |input: offer::OfferQuery| -> offer::Offer { offer::offer(&input) }
}

crate::operation! {
    /// The Cpay payment options (cash, credit, credit in 3, 5, 10 or 20 months with or without fees) and what the
    /// rules say of each.
    pub CpayOptionsOp = "plan.cpay_options", |input: CpayOptionsInput| -> CpayOptions {
        for (option, code) in &input.option_codes {
            options::check_code(&format!("option_codes.{}", option.name()), code)?;
        }
        Ok(CpayOptions { options: options::list(&input.option_codes) })
    }
}

crate::operation! {
    /// Split a total between promo codes, vouchers, credit balance and the card, with the card part's
    /// Cetelem eligibility.
    pub Split = "plan.split", |input: tender::Tenders| -> tender::TenderSplit { tender::split(&input) }
}

crate::operation! {
    /// Whether to ask for 3-D Secure under the shop's policy (Cpay always uses it).
    pub ThreeDs = "plan.three_ds", |input: three_ds::ThreeDsQuery| -> three_ds::ThreeDsDecision {
        three_ds::decide(&input)
    }
}

crate::operation! {
    /// What to do with an order given its stored state and a verified outcome: ship once, ignore a
    /// duplicate, wait, or flag a conflict.
    ///
    /// The whole life: payments, captures, refunds (`partially_refunded`, `refunded`; never shipped) and
    /// cancellations, duplicates and messages out of order. On `apply` store the returned status, key,
    /// captured amount, refunds and `shipped` with the order; ship only when `ship` is true.
    pub OrderState = "plan.order_state", |input: OrderInput| -> order::OrderDecision {
        order::decide(&input.current, &input.outcome)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn schedule_op() {
        let out =
            crate::api::call("plan.schedule", r#"{"method":"fullcb-3x","total":10000,"first_date":"2026-01-31"}"#)
                .unwrap();
        assert_eq!(
            out,
            r#"{"instalments":[{"date":"2026-01-31","amount":3334},{"date":"2026-02-28","amount":3333},{"date":"2026-03-31","amount":3333}]}"#
        );
        let e = crate::api::call(
            "plan.schedule",
            r#"{"method":"fullcb-4x","total":10000,"first_date":"2026-01-31","count":4}"#,
        );
        assert_eq!(e.unwrap_err().field_name(), Some("count"));
        let e = crate::api::call(
            "plan.schedule",
            r#"{"method":"custom","total":10000,"first_date":"2026-01-31","count":3}"#,
        );
        assert_eq!(e.unwrap_err().field_name(), Some("period_days"));
        let e = crate::api::call(
            "plan.schedule",
            r#"{"method":"custom","total":10000,"first_date":"2026-01-31","period_days":3}"#,
        );
        assert_eq!(e.unwrap_err().field_name(), Some("count"));
        assert!(crate::api::call("plan.schedule", r#"{"method":"fullcb-3x","total":10000,"first_date":"2026-02-30"}"#)
            .is_err());
    }
}
