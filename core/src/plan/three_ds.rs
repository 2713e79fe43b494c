//! When to ask for 3-D Secure (SecuTix documentation, "Paiement en ligne", "3D Secure"): always, never, or only
//! when the payment is close to an event.
//!
//! Cpay is the exception: on Lyra, Payline and Sips every Cpay payment goes through 3-D Secure (Sogecommerce guide
//! "Ajouter le bouton de paiement Cpay", "Présentation": a refused authentication is a refused payment), so the
//! shop's policy does not apply to it.

use super::calendar::{self, ymd};
use super::Method;
use crate::error::{Error, ErrorCode, Result};
use time::Date;

/// The shop's 3-D Secure policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Every payment.
    Always,
    /// No payment.
    Never,
    /// Only when the payment date is within `days` days of the earliest event in the basket.
    NearEvent,
}

/// What the policy looks at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreeDsQuery {
    /// The policy.
    pub policy: Policy,
    /// With [`Policy::NearEvent`]: how many days before the event 3-D Secure starts being asked.
    #[serde(default)]
    pub days: Option<u32>,
    /// The payment date.
    #[serde(with = "ymd")]
    #[schemars(with = "String")]
    pub payment_date: Date,
    /// The dates of the events in the basket.
    #[serde(default, deserialize_with = "dates")]
    #[schemars(with = "Vec<String>")]
    pub event_dates: Vec<Date>,
    /// The payment method, when it is a Cetelem one (Cpay always uses 3-D Secure).
    #[serde(default)]
    pub method: Option<Method>,
}

/// Deserialize a list of `YYYY-MM-DD` dates.
pub(crate) fn dates<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Vec<Date>, D::Error> {
    #[derive(serde::Deserialize)]
    struct D(#[serde(with = "ymd")] Date);
    let list: Vec<D> = serde::Deserialize::deserialize(deserializer)?;
    Ok(list.into_iter().map(|D(d)| d).collect())
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct ThreeDsDecision {
    /// Whether to ask for 3-D Secure.
    pub three_ds: bool,
    /// Why, in a sentence.
    pub reason: String,
}

/// Decide whether this payment asks for 3-D Secure.
pub fn decide(query: &ThreeDsQuery) -> Result<ThreeDsDecision> {
    let answer = |three_ds, reason: String| Ok(ThreeDsDecision { three_ds, reason });
    if query.method == Some(Method::Cpay) {
        return answer(true, "Cpay payments always use 3-D Secure, whatever the shop's policy".to_owned());
    }
    match query.policy {
        Policy::Always => answer(true, "the policy asks for 3-D Secure on every payment".to_owned()),
        Policy::Never => answer(false, "the policy never asks for 3-D Secure".to_owned()),
        Policy::NearEvent => {
            let days = query.days.ok_or_else(|| {
                Error::field(
                    ErrorCode::MissingField,
                    "days",
                    "the near_event policy needs days (how close to the event)",
                )
            })?;
            let Some(event) = query.event_dates.iter().min() else {
                return answer(false, "the basket holds no event, so no payment is near one".to_owned());
            };
            let until = calendar::days_between(query.payment_date, *event);
            if until <= i64::from(days) {
                answer(true, format!("the earliest event ({event}) is {until} day(s) away, within {days}"))
            } else {
                answer(false, format!("the earliest event ({event}) is {until} days away, more than {days}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn query(policy: Policy) -> ThreeDsQuery {
        ThreeDsQuery {
            policy,
            days: Some(7),
            payment_date: date!(2026 - 05 - 01),
            event_dates: vec![date!(2026 - 05 - 20), date!(2026 - 05 - 08)],
            method: None,
        }
    }

    #[test]
    fn near_event_counts_days_to_the_earliest_event() {
        assert!(decide(&query(Policy::NearEvent)).unwrap().three_ds);
        let mut q = query(Policy::NearEvent);
        q.days = Some(6);
        assert!(!decide(&q).unwrap().three_ds);
        q.event_dates.clear();
        assert!(!decide(&q).unwrap().three_ds);
        q.days = None;
        assert_eq!(decide(&q).unwrap_err().field_name(), Some("days"));
    }

    #[test]
    fn cpay_always() {
        let mut q = query(Policy::Never);
        assert!(!decide(&q).unwrap().three_ds);
        q.method = Some(Method::Cpay);
        assert!(decide(&q).unwrap().three_ds);
        assert!(decide(&query(Policy::Always)).unwrap().three_ds);
    }
}
