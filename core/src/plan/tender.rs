//! Splitting a basket between tenders (SecuTix documentation, "Paiement en ligne"): promo codes, gift vouchers,
//! credit balance, waiting account, then card.
//!
//! The order is fixed so that the same basket always splits the same way:
//! 1. **promo codes** — a discount on the whole order (a fixed amount, or a percentage of what is still due,
//!    rounded down), in the order given;
//! 2. **gift vouchers** — products bought earlier, redeemed as a tender up to their balance, in the order given;
//! 3. **credit balance** ("solde avoir") — all of it (up to what is due) or the part the buyer chose;
//! 4. **waiting account** ("compte d'attente") — only if the customer is allowed one, never beyond the maximum
//!    outstanding; by default it takes whatever remains;
//! 5. **card** — what remains, the only part sent to the gateway (and so the part that decides eligibility:
//!    a 3x/4x remainder under 90 € is not eligible).
//!
//! No step takes more than is due, so the remainder is never negative.

use super::eligibility::{self, Basket, Bounds, Capture, Eligibility};
use super::Method;
use crate::error::{Error, ErrorCode, Result};
use crate::money::{Amount, Currency};
use crate::outcome::Gateway;

/// A promo code: a fixed discount or a percentage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PromoCode {
    /// The code the buyer entered.
    pub code: String,
    /// A fixed discount, minor units.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// A discount in percent (1 to 100) of what is still due.
    #[serde(default)]
    pub percent: Option<u32>,
}

/// A gift voucher redeemed as a tender.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Voucher {
    /// The voucher's reference.
    pub id: String,
    /// What is left on it, minor units.
    pub balance: Amount,
}

/// The customer's credit balance ("solde avoir").
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditBalance {
    /// The balance available.
    pub available: Amount,
    /// The part the buyer chose to use; absent: as much as is due.
    #[serde(default)]
    pub amount: Option<Amount>,
}

/// The customer's waiting account ("compte d'attente"), set per customer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitingAccount {
    /// Whether this customer may pay by waiting account.
    pub allowed: bool,
    /// The maximum outstanding amount ("encours maximum"); absent: no ceiling.
    #[serde(default)]
    pub max_outstanding: Option<Amount>,
    /// What the customer already owes on it.
    #[serde(default)]
    pub outstanding: Amount,
    /// The part to put on it; absent: whatever remains after the other tenders.
    #[serde(default)]
    pub amount: Option<Amount>,
}

/// The card payment the remainder would go to, for the eligibility check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CardMethod {
    /// The Cetelem method.
    pub method: Method,
    /// The gateway.
    pub gateway: Gateway,
    /// The currency (default EUR).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// The buyer's country.
    #[serde(default)]
    pub country: Option<String>,
    /// Per-contract bounds.
    #[serde(default)]
    pub bounds: Bounds,
}

fn eur() -> Currency {
    Currency::EUR
}

/// What the split looks at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tenders {
    /// The order total, minor units.
    pub total: Amount,
    /// Promo codes, applied in this order.
    #[serde(default)]
    pub promo_codes: Vec<PromoCode>,
    /// Gift vouchers, redeemed in this order.
    #[serde(default)]
    pub vouchers: Vec<Voucher>,
    /// The credit balance, if the buyer uses it.
    #[serde(default)]
    pub credit_balance: Option<CreditBalance>,
    /// The waiting account, if the buyer uses it.
    #[serde(default)]
    pub waiting_account: Option<WaitingAccount>,
    /// The card method the remainder goes to, to check its eligibility.
    #[serde(default)]
    pub card: Option<CardMethod>,
}

/// A kind of tender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tender {
    /// A promo code (a discount).
    PromoCode,
    /// A gift voucher.
    Voucher,
    /// The credit balance.
    CreditBalance,
    /// The waiting account.
    WaitingAccount,
    /// The card (through the gateway).
    Card,
}

/// One line of the split.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct TenderLine {
    /// The tender.
    pub tender: Tender,
    /// The code or voucher id, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The amount it covers, minor units.
    pub amount: Amount,
    /// For a voucher or the credit balance: what is left on it afterwards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Amount>,
}

/// The split.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct TenderSplit {
    /// The order total.
    pub total: Amount,
    /// The sum of the promo code discounts.
    pub discount: Amount,
    /// What the buyer owes after the discounts.
    pub due: Amount,
    /// The tenders used, in the order applied (the card last, when anything is left for it).
    pub lines: Vec<TenderLine>,
    /// What remains for the card (0 when the other tenders paid everything).
    pub card: Amount,
    /// The eligibility of the card remainder, when a card method was given and something is left for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_eligibility: Option<Eligibility>,
}

/// Split the order between the tenders, in the fixed order of the module documentation.
pub fn split(input: &Tenders) -> Result<TenderSplit> {
    let mut remaining = input.total;
    let mut lines = Vec::new();
    for promo in &input.promo_codes {
        let discount = promo_discount(promo, remaining)?;
        remaining = Amount::from_minor(remaining.minor() - discount.minor());
        lines.push(TenderLine {
            tender: Tender::PromoCode,
            reference: Some(promo.code.clone()),
            amount: discount,
            left: None,
        });
    }
    let due = remaining;
    for voucher in &input.vouchers {
        let used = voucher.balance.min(remaining);
        if used == Amount::ZERO {
            continue;
        }
        remaining = Amount::from_minor(remaining.minor() - used.minor());
        let left = Amount::from_minor(voucher.balance.minor() - used.minor());
        lines.push(TenderLine {
            tender: Tender::Voucher,
            reference: Some(voucher.id.clone()),
            amount: used,
            left: Some(left),
        });
    }
    if let Some(credit) = &input.credit_balance {
        let used = credit_used(credit, remaining)?;
        if used > Amount::ZERO {
            remaining = Amount::from_minor(remaining.minor() - used.minor());
            let left = Amount::from_minor(credit.available.minor() - used.minor());
            lines.push(TenderLine { tender: Tender::CreditBalance, reference: None, amount: used, left: Some(left) });
        }
    }
    if let Some(account) = &input.waiting_account {
        let used = waiting_used(account, remaining)?;
        if used > Amount::ZERO {
            remaining = Amount::from_minor(remaining.minor() - used.minor());
            lines.push(TenderLine { tender: Tender::WaitingAccount, reference: None, amount: used, left: None });
        }
    }
    let card = remaining;
    let mut card_eligibility = None;
    if card > Amount::ZERO {
        lines.push(TenderLine { tender: Tender::Card, reference: None, amount: card, left: None });
        card_eligibility = input.card.as_ref().map(|c| {
            eligibility::check(&Basket {
                method: c.method,
                gateway: c.gateway,
                amount: card,
                currency: c.currency,
                country: c.country.clone(),
                capture: Capture::Immediate,
                capture_delay_days: None,
                gateway_instalments: false,
                bounds: c.bounds.clone(),
            })
        });
    }
    let discount = Amount::from_minor(input.total.minor() - due.minor());
    Ok(TenderSplit { total: input.total, discount, due, lines, card, card_eligibility })
}

fn promo_discount(promo: &PromoCode, due: Amount) -> Result<Amount> {
    let field = "promo_codes";
    match (promo.amount, promo.percent) {
        (Some(amount), None) => Ok(amount.min(due)),
        (None, Some(percent)) if (1..=100).contains(&percent) => {
            let discount = u128::from(due.minor()) * u128::from(percent) / 100;
            Ok(Amount::from_minor(u64::try_from(discount).unwrap_or(u64::MAX).min(due.minor())))
        }
        (None, Some(_)) => {
            Err(Error::field(ErrorCode::InvalidValue, field, "a promo code's percent must be between 1 and 100"))
        }
        _ => Err(Error::field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "promo code {:?} needs exactly one of amount or percent",
                crate::money::truncate_for_message(&promo.code)
            ),
        )),
    }
}

fn credit_used(credit: &CreditBalance, due: Amount) -> Result<Amount> {
    match credit.amount {
        None => Ok(credit.available.min(due)),
        Some(amount) if amount > credit.available => Err(Error::field(
            ErrorCode::Inconsistent,
            "credit_balance",
            format!("the credit balance has {} available, {amount} was asked", credit.available),
        )),
        Some(amount) if amount > due => Err(Error::field(
            ErrorCode::Inconsistent,
            "credit_balance",
            format!("{amount} from the credit balance is more than the {due} still due"),
        )),
        Some(amount) => Ok(amount),
    }
}

fn waiting_used(account: &WaitingAccount, due: Amount) -> Result<Amount> {
    let field = "waiting_account";
    let used = match account.amount {
        None => due,
        Some(amount) if amount > due => {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                field,
                format!("{amount} on the waiting account is more than the {due} still due"),
            ))
        }
        Some(amount) => amount,
    };
    if used == Amount::ZERO {
        return Ok(used);
    }
    if !account.allowed {
        return Err(Error::field(ErrorCode::NotAllowed, field, "this customer may not pay by waiting account"));
    }
    if let Some(max) = account.max_outstanding {
        let within = matches!(account.outstanding.checked_add(used), Some(after) if after <= max);
        if !within {
            let room = max.checked_sub(account.outstanding).unwrap_or(Amount::ZERO);
            return Err(Error::field(
                ErrorCode::NotAllowed,
                field,
                format!("the waiting account would exceed its maximum outstanding of {max} (room left: {room})"),
            ));
        }
    }
    Ok(used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tenders(total: u64) -> Tenders {
        Tenders {
            total: Amount::from_minor(total),
            promo_codes: vec![],
            vouchers: vec![],
            credit_balance: None,
            waiting_account: None,
            card: None,
        }
    }

    #[test]
    fn secutix_example_five_percent_promo() {
        // The screenshot of SecuTix's "Paiement en ligne", "Codes promotionnels": a 36.00 € order, promo "Nouveaux
        // venus" −1.80 € → 34.20 € due.
        let mut t = tenders(3_600);
        t.promo_codes.push(PromoCode { code: "Nouveaux venus".into(), amount: None, percent: Some(5) });
        let s = split(&t).unwrap();
        assert_eq!((s.discount.minor(), s.due.minor(), s.card.minor()), (180, 3_420, 3_420));
    }

    #[test]
    fn everything_in_order_and_card_eligibility() {
        let mut t = tenders(20_000);
        t.vouchers = vec![
            Voucher { id: "V1".into(), balance: Amount::from_minor(3_000) },
            Voucher { id: "V2".into(), balance: Amount::from_minor(500) },
        ];
        t.credit_balance =
            Some(CreditBalance { available: Amount::from_minor(10_000), amount: Some(Amount::from_minor(8_000)) });
        t.card = Some(CardMethod {
            method: Method::FullCb3x,
            gateway: Gateway::Computop,
            currency: Currency::EUR,
            country: Some("FR".into()),
            bounds: Bounds::default(),
        });
        let s = split(&t).unwrap();
        assert_eq!(s.card.minor(), 8_500);
        let e = s.card_eligibility.unwrap();
        assert!(!e.eligible && e.reason.contains("90.00"), "{}", e.reason);
        assert_eq!(s.lines.iter().map(|l| l.amount.minor()).sum::<u64>(), 20_000);
    }

    #[test]
    fn waiting_account_rules() {
        let mut t = tenders(10_000);
        t.waiting_account = Some(WaitingAccount {
            allowed: true,
            max_outstanding: Some(Amount::from_minor(15_000)),
            outstanding: Amount::from_minor(5_000),
            amount: None,
        });
        let s = split(&t).unwrap();
        assert_eq!((s.card.minor(), s.lines.len()), (0, 1));
        t.waiting_account.as_mut().unwrap().outstanding = Amount::from_minor(5_001);
        assert!(split(&t).unwrap_err().message().contains("room left: 9999"));
        t.waiting_account.as_mut().unwrap().allowed = false;
        assert_eq!(split(&t).unwrap_err().code(), ErrorCode::NotAllowed);
    }

    #[test]
    fn never_negative() {
        let mut t = tenders(1_000);
        t.promo_codes.push(PromoCode { code: "BIG".into(), amount: Some(Amount::from_minor(5_000)), percent: None });
        t.vouchers.push(Voucher { id: "V".into(), balance: Amount::from_minor(100) });
        t.credit_balance = Some(CreditBalance { available: Amount::from_minor(100), amount: None });
        let s = split(&t).unwrap();
        assert_eq!((s.due.minor(), s.card.minor(), s.lines.len()), (0, 0, 1));
        t.promo_codes[0].percent = Some(10);
        assert!(split(&t).is_err());
    }

    proptest! {
        #[test]
        fn lines_always_add_up_to_the_total(
            total in 0u64..1_000_000,
            percent in 1u32..=100,
            balances in prop::collection::vec(0u64..50_000, 0..4),
            credit in 0u64..50_000,
        ) {
            let mut t = tenders(total);
            t.promo_codes.push(PromoCode { code: "P".into(), amount: None, percent: Some(percent) });
            t.vouchers = balances.iter().enumerate()
                .map(|(i, b)| Voucher { id: i.to_string(), balance: Amount::from_minor(*b) })
                .collect();
            t.credit_balance = Some(CreditBalance { available: Amount::from_minor(credit), amount: None });
            let s = split(&t).unwrap();
            prop_assert_eq!(s.lines.iter().map(|l| l.amount.minor()).sum::<u64>(), total);
            prop_assert_eq!(s.discount.minor() + s.due.minor(), total);
            prop_assert!(s.card <= s.due);
        }
    }
}
