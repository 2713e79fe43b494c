//! What a Cetelem 3x / 4x (FullCB) option looks like to the buyer before they choose it: the first payment, the
//! monthly payments, the fees where the contract has them, the total — from one place, so that every shop and
//! every language shows the same figures the schedule ([`super::schedule::fullcb`]) will debit.
//!
//! - **Parts:** the total is split in 3 or 4 equal parts by [`super::schedule::split`] (each part rounded down, the
//!   first taking the remainder: Computop Paygate manual, "Cetelem FullCB", "1/3 or 1/4 of the purchase price").
//! - **Fees:** a rate in basis points of the amount (140 = 1.40 %), rounded half up to the cent, capped, and
//!   added to the first payment — as Lyra's own FullCB module presents the options (Lyra/PayZen module for
//!   PrestaShop, "FullCB payment - Payment options": rate per option, fees capped at 9 € for 3x and 12 € for 4x
//!   unless the contract sets another cap). A contract without fees gives no `fees`.
//! - **Eligibility** first: an option the basket may not use is returned with `eligible: false` and the reason,
//!   and no figures.

use super::eligibility::{self, Basket, Bounds, Capture};
use super::schedule::{self, Instalment};
use super::Method;
use crate::error::{Error, ErrorCode, Result};
use crate::money::{Amount, Currency};
use crate::outcome::Gateway;
use time::Date;

/// The default fee cap of FullCB 3x, when the contract has a rate but no cap (Lyra/PayZen module for PrestaShop,
/// `FULLCB_THREE_TIMES_MAX_FEES`: 9 €).
pub const FULLCB_3X_DEFAULT_CAP: Amount = Amount::from_minor(900);
/// The default fee cap of FullCB 4x (`FULLCB_FOUR_TIMES_MAX_FEES`: 12 €).
pub const FULLCB_4X_DEFAULT_CAP: Amount = Amount::from_minor(1_200);
/// The largest rate accepted, in basis points (10 %: far above any FullCB contract; a guard against a rate
/// given in the wrong unit).
pub const MAX_RATE_BP: u32 = 1_000;

/// The fees of the shop's contract for one option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeTerms {
    /// The rate in basis points of the amount (140 = 1.40 %).
    pub rate_bp: u32,
    /// The most the fees may be, minor units (default 9 € for 3x, 12 € for 4x).
    #[serde(default)]
    pub cap: Option<Amount>,
}

/// Input of `plan.offer`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferQuery {
    /// `fullcb-3x` or `fullcb-4x`.
    pub method: Method,
    /// The gateway that would carry it (`lyra`, `computop`, `sips`).
    pub gateway: Gateway,
    /// The amount of the order, minor units.
    pub amount: Amount,
    /// The currency (default EUR).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The buyer's country (alpha-2), when known; FullCB is offered in France only (unknown: the figures are
    /// given for a buyer in France).
    #[serde(default)]
    pub country: Option<String>,
    /// The contract's fees for this option, if it has any.
    #[serde(default)]
    pub fees: Option<FeeTerms>,
    /// The first debit's date (`YYYY-MM-DD`): when given, the dated schedule is returned too.
    #[serde(default, with = "super::calendar::ymd::option")]
    #[schemars(with = "Option<String>")]
    pub first_date: Option<Date>,
    /// Per-contract overrides of the amount bounds.
    #[serde(default)]
    pub bounds: Bounds,
}

fn eur() -> Currency {
    Currency::EUR
}

/// What to show the buyer for one option.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Offer {
    /// Whether the option may be offered for this basket.
    pub eligible: bool,
    /// Why (the eligibility rule that refused it, or that every rule passed).
    pub reason: String,
    /// The number of debits (3 or 4).
    pub count: u32,
    /// The first debit, fees included, minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_payment: Option<Amount>,
    /// Each later monthly debit, minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_payment: Option<Amount>,
    /// The fees (0 when the contract has none), minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees: Option<Amount>,
    /// What the buyer pays in all: amount plus fees, minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// The dated debits (when `first_date` was given), fees on the first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instalments: Vec<Instalment>,
}

/// The fees of `amount` under `terms` for a plan of `count` debits: rounded half up, capped.
pub fn fees(amount: Amount, count: u32, terms: &FeeTerms) -> Result<Amount> {
    if terms.rate_bp > MAX_RATE_BP {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "fees.rate_bp",
            "fees.rate_bp is in basis points (140 = 1.40 %) and at most 1000",
        ));
    }
    let raw = (u128::from(amount.minor()) * u128::from(terms.rate_bp) + 5_000) / 10_000;
    let raw = Amount::from_minor(u64::try_from(raw).unwrap_or(u64::MAX));
    let cap = terms.cap.unwrap_or(if count == 3 { FULLCB_3X_DEFAULT_CAP } else { FULLCB_4X_DEFAULT_CAP });
    Ok(raw.min(cap))
}

/// The option `query.method` for `query`'s basket.
pub fn offer(query: &OfferQuery) -> Result<Offer> {
    let count = query.method.fullcb_count().ok_or_else(|| {
        Error::field(
            ErrorCode::InvalidValue,
            "method",
            "plan.offer presents FullCB options (fullcb-3x, fullcb-4x); Cpay's credit is chosen on Cetelem's page \
             (see plan.cpay_options)",
        )
    })?;
    let verdict = eligibility::check(&Basket {
        method: query.method,
        gateway: query.gateway,
        amount: query.amount,
        currency: query.currency,
        // The country is often unknown when the options are first shown: the figures are then those for a buyer
        // in France, the only country FullCB serves, and the reason says so.
        country: Some(query.country.clone().unwrap_or_else(|| "FR".to_owned())),
        capture: Capture::Immediate,
        capture_delay_days: None,
        gateway_instalments: false,
        bounds: query.bounds.clone(),
    });
    let mut reason = verdict.reason;
    if query.country.is_none() && verdict.eligible {
        reason.push_str(" if the buyer is in France (FullCB serves buyers in France only)");
    }
    let mut out = Offer {
        eligible: verdict.eligible,
        reason,
        count,
        first_payment: None,
        monthly_payment: None,
        fees: None,
        total: None,
        instalments: Vec::new(),
    };
    if !out.eligible {
        return Ok(out);
    }
    let fees = match &query.fees {
        Some(terms) => fees(query.amount, count, terms)?,
        None => Amount::ZERO,
    };
    let parts = schedule::split(query.amount, &vec![1; count as usize])
        .ok_or_else(|| Error::field(ErrorCode::InvalidValue, "amount", "the amount cannot be split"))?;
    let overflow = || Error::field(ErrorCode::InvalidValue, "amount", "the amount plus fees is too large");
    out.first_payment = Some(parts[0].checked_add(fees).ok_or_else(overflow)?);
    out.monthly_payment = Some(parts[1]);
    out.fees = Some(fees);
    out.total = Some(query.amount.checked_add(fees).ok_or_else(overflow)?);
    if let Some(first_date) = query.first_date {
        let plan = schedule::fullcb(count, query.amount, first_date)?;
        let mut instalments = plan.instalments().to_vec();
        instalments[0].amount = instalments[0].amount.checked_add(fees).ok_or_else(overflow)?;
        out.instalments = instalments;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(method: Method, amount: u64, rate_bp: Option<u32>) -> OfferQuery {
        OfferQuery {
            method,
            gateway: Gateway::Lyra,
            amount: Amount::from_minor(amount),
            currency: Currency::EUR,
            country: Some("FR".into()),
            fees: rate_bp.map(|rate_bp| FeeTerms { rate_bp, cap: None }),
            first_date: None,
            bounds: Bounds::default(),
        }
    }

    #[test]
    fn parts_fees_and_cap() {
        // 450.00 € in 3, 1.40 %: fees 6.30 €; parts 150.00 each.
        let o = offer(&query(Method::FullCb3x, 45_000, Some(140))).unwrap();
        assert!(o.eligible, "{}", o.reason);
        assert_eq!(
            (o.first_payment, o.monthly_payment),
            (Some(Amount::from_minor(15_630)), Some(Amount::from_minor(15_000)))
        );
        assert_eq!((o.fees, o.total), (Some(Amount::from_minor(630)), Some(Amount::from_minor(45_630))));
        // 1000.00 € in 4, 2.10 %: 21.00 € capped at 12.00 €.
        let o = offer(&query(Method::FullCb4x, 100_000, Some(210))).unwrap();
        assert_eq!(o.fees, Some(Amount::from_minor(1_200)));
        // 100.00 € in 3, no fees: 33.34 then 33.33.
        let o = offer(&query(Method::FullCb3x, 10_000, None)).unwrap();
        assert_eq!(
            (o.first_payment, o.monthly_payment),
            (Some(Amount::from_minor(3_334)), Some(Amount::from_minor(3_333)))
        );
        assert!(!offer(&query(Method::FullCb3x, 8_000, None)).unwrap().eligible);
        assert!(offer(&query(Method::Cpay, 8_000, None)).is_err());
        assert_eq!(
            offer(&query(Method::FullCb3x, 10_000, Some(5_000))).unwrap_err().field_name(),
            Some("fees.rate_bp")
        );
    }
}
