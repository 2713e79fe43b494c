//! Eligibility: may this basket be paid with this Cetelem method through this gateway?
//!
//! The defaults come from each gateway's own Cpay or FullCB documentation (see [`Rule::default_for`]); every
//! bound can be
//! overridden per contract through [`Bounds`], because Cetelem and the gateways negotiate them per shop
//! (e.g. FullCB's 90 €–3000 €). A refusal always says which rule refused it.

use super::Method;
use crate::money::{Amount, Currency};
use crate::outcome::Gateway;

/// When the gateway captures the authorised payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Capture {
    /// At once, with the authorisation.
    #[default]
    Immediate,
    /// In the gateway's end-of-day batch.
    EndOfDay,
    /// After a delay of some days (`capture_delay_days`).
    Deferred,
    /// When the shop ships the order.
    AtShipping,
}

impl Capture {
    fn name(self) -> &'static str {
        match self {
            Capture::Immediate => "immediate",
            Capture::EndOfDay => "end_of_day",
            Capture::Deferred => "deferred",
            Capture::AtShipping => "at_shipping",
        }
    }
}

/// The conditions under which one method is offered through one gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Accepted currencies.
    pub currencies: Vec<Currency>,
    /// Accepted buyer countries (ISO 3166 alpha-2), or `None` for any.
    pub countries: Option<Vec<String>>,
    /// Smallest amount, inclusive.
    pub min: Amount,
    /// Largest amount, inclusive, or `None` for no ceiling.
    pub max: Option<Amount>,
    /// Accepted capture modes.
    pub captures: Vec<Capture>,
    /// Longest deferral for [`Capture::Deferred`], in days (`None`: the gateway sets none).
    pub max_deferred_days: Option<u32>,
    /// Whether the gateway's own split payment (Lyra MULTI, Payline NX/REC, Sips instalments) may be used.
    pub gateway_instalments: bool,
}

impl Rule {
    /// The default rule for `method` through `gateway`, or `None` where it is not offered.
    pub fn default_for(method: Method, gateway: Gateway) -> Option<Rule> {
        let eur = vec![Currency::EUR];
        let france = Some(vec!["FR".to_owned()]);
        let positive = Amount::from_minor(1);
        match (method, gateway) {
            // Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Présentation" and "Créer une demande de
            // paiement": EUR, France, capture delay ignored and automatic validation: immediate only.
            (Method::Cpay, Gateway::Lyra) => Some(Rule {
                currencies: eur,
                countries: france,
                min: positive,
                max: None,
                captures: vec![Capture::Immediate],
                max_deferred_days: None,
                gateway_instalments: false,
            }),
            // Payline page "Cetelem Aurore / Cpay", "Les fonctions disponibles": at order or at shipping, deferred
            // capture; no NX, no recurring, no debit.
            (Method::Cpay, Gateway::Payline) => Some(Rule {
                currencies: eur,
                countries: france,
                min: positive,
                max: None,
                captures: vec![Capture::Immediate, Capture::Deferred, Capture::AtShipping],
                max_deferred_days: None,
                gateway_instalments: false,
            }),
            // Worldline Sips 2.0 documentation, Cpay: EUR, any country, immediate / end of day / deferred ≤ 6 days
            // / at shipping.
            (Method::Cpay, Gateway::Sips) => Some(Rule {
                currencies: eur,
                countries: None,
                min: positive,
                max: None,
                captures: vec![Capture::Immediate, Capture::EndOfDay, Capture::Deferred, Capture::AtShipping],
                max_deferred_days: Some(6),
                gateway_instalments: false,
            }),
            // Computop Paygate manual, "Cetelem FullCB", "About Cetelem FullCB": 90 € to 3000 €, EUR, France,
            // immediate. Lyra: Sogecommerce documentation "FullCB" (FULLCB3X / FULLCB4X, EUR, SINGLE, automatic
            // validation, capture delay 0). Sips: Worldline Sips documentation "Cetelem 3X 4X CB" (Internet,
            // immediate payment only — end of day, deferred and at shipping are forced to immediate — EUR only,
            // no instalments); the 90–3000 € bounds are Cetelem's FullCB bounds as Computop documents them.
            (Method::FullCb3x | Method::FullCb4x, Gateway::Computop | Gateway::Lyra | Gateway::Sips) => Some(Rule {
                currencies: eur,
                countries: france,
                min: Amount::from_minor(9_000),
                max: Some(Amount::from_minor(300_000)),
                captures: vec![Capture::Immediate],
                max_deferred_days: None,
                gateway_instalments: false,
            }),
            _ => None,
        }
    }

    /// This rule with the bounds the contract overrides.
    pub fn with(mut self, bounds: &Bounds) -> Rule {
        if let Some(currencies) = &bounds.currencies {
            self.currencies.clone_from(currencies);
        }
        if let Some(countries) = &bounds.countries {
            self.countries = Some(countries.clone());
        }
        if let Some(min) = bounds.min {
            self.min = min;
        }
        if let Some(max) = bounds.max {
            self.max = Some(max);
        }
        if let Some(days) = bounds.max_deferred_days {
            self.max_deferred_days = Some(days);
        }
        self
    }
}

/// Per-contract overrides of a [`Rule`]'s bounds; what is absent keeps its default.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// Smallest amount, inclusive, minor units.
    #[serde(default)]
    pub min: Option<Amount>,
    /// Largest amount, inclusive, minor units.
    #[serde(default)]
    pub max: Option<Amount>,
    /// Accepted currencies.
    #[serde(default)]
    pub currencies: Option<Vec<Currency>>,
    /// Accepted buyer countries (alpha-2).
    #[serde(default)]
    pub countries: Option<Vec<String>>,
    /// Longest capture deferral, days.
    #[serde(default)]
    pub max_deferred_days: Option<u32>,
}

/// What the eligibility check looks at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basket {
    /// The method the buyer would pay with.
    pub method: Method,
    /// The gateway that would carry it.
    pub gateway: Gateway,
    /// The amount that would be paid with it (after vouchers and the like), minor units.
    pub amount: Amount,
    /// The currency.
    pub currency: Currency,
    /// The buyer's country (alpha-2), when known.
    #[serde(default)]
    pub country: Option<String>,
    /// The capture mode the shop would ask for (default immediate).
    #[serde(default)]
    pub capture: Capture,
    /// With [`Capture::Deferred`]: the delay in days.
    #[serde(default)]
    pub capture_delay_days: Option<u32>,
    /// Whether the shop would use the gateway's own split payment (MULTI, NX, instalmentData).
    #[serde(default)]
    pub gateway_instalments: bool,
    /// Per-contract overrides of the default bounds.
    #[serde(default)]
    pub bounds: Bounds,
}

/// The answer: eligible or not, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Eligibility {
    /// Whether the method may be offered.
    pub eligible: bool,
    /// Why, in a sentence (which rule refused it, or that every rule passed).
    pub reason: String,
}

impl Eligibility {
    fn no(reason: impl Into<String>) -> Self {
        Eligibility { eligible: false, reason: reason.into() }
    }
}

/// Decide whether `basket` may be paid with its method through its gateway.
pub fn check(basket: &Basket) -> Eligibility {
    let (method, gateway) = (basket.method.name(), basket.gateway.name());
    let Some(rule) = Rule::default_for(basket.method, basket.gateway) else {
        return Eligibility::no(format!("{method} is not offered through {gateway}"));
    };
    let rule = rule.with(&basket.bounds);
    if !rule.currencies.contains(&basket.currency) {
        let accepted: Vec<&str> = rule.currencies.iter().map(Currency::alpha).collect();
        return Eligibility::no(format!(
            "{method} through {gateway} accepts {} only, not {}",
            accepted.join(", "),
            basket.currency
        ));
    }
    if let Some(countries) = &rule.countries {
        match basket.country.as_deref() {
            None => return Eligibility::no(format!("{method} through {gateway} needs the buyer's country")),
            Some(country) if !countries.iter().any(|c| c.eq_ignore_ascii_case(country.trim())) => {
                return Eligibility::no(format!(
                    "{method} through {gateway} is offered to buyers in {} only",
                    countries.join(", ")
                ));
            }
            Some(_) => {}
        }
    }
    let currency = basket.currency;
    if basket.amount < rule.min {
        return Eligibility::no(format!(
            "{method} through {gateway} needs at least {} {currency} (the amount is {})",
            rule.min.to_decimal(currency),
            basket.amount.to_decimal(currency)
        ));
    }
    if let Some(max) = rule.max.filter(|max| basket.amount > *max) {
        return Eligibility::no(format!(
            "{method} through {gateway} allows at most {} {currency} (the amount is {})",
            max.to_decimal(currency),
            basket.amount.to_decimal(currency)
        ));
    }
    if !rule.captures.contains(&basket.capture) {
        let accepted: Vec<&str> = rule.captures.iter().map(|c| c.name()).collect();
        return Eligibility::no(format!(
            "{method} through {gateway} does not allow {} capture (accepted: {})",
            basket.capture.name(),
            accepted.join(", ")
        ));
    }
    if basket.capture == Capture::Deferred {
        let delay = basket.capture_delay_days.unwrap_or(0);
        if let Some(max) = rule.max_deferred_days.filter(|max| delay > *max) {
            return Eligibility::no(format!(
                "{method} through {gateway} allows a capture deferred by at most {max} days (asked: {delay})"
            ));
        }
    }
    if basket.gateway_instalments && !rule.gateway_instalments {
        return Eligibility::no(format!(
            "{method} through {gateway} cannot be combined with the gateway's own split or recurring payments"
        ));
    }
    Eligibility { eligible: true, reason: format!("{method} through {gateway} is available for this basket") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basket(method: Method, gateway: Gateway, amount: u64) -> Basket {
        Basket {
            method,
            gateway,
            amount: Amount::from_minor(amount),
            currency: Currency::EUR,
            country: Some("FR".into()),
            capture: Capture::Immediate,
            capture_delay_days: None,
            gateway_instalments: false,
            bounds: Bounds::default(),
        }
    }

    #[test]
    fn fullcb_bounds_are_inclusive() {
        for (amount, ok) in [(8_999, false), (9_000, true), (300_000, true), (300_001, false)] {
            let e = check(&basket(Method::FullCb3x, Gateway::Computop, amount));
            assert_eq!(e.eligible, ok, "{amount}: {}", e.reason);
        }
        let mut b = basket(Method::FullCb4x, Gateway::Computop, 5_000);
        b.bounds.min = Some(Amount::from_minor(5_000));
        assert!(check(&b).eligible);
        for gateway in [Gateway::Lyra, Gateway::Sips] {
            assert!(check(&basket(Method::FullCb3x, gateway, 45_000)).eligible);
            assert!(!check(&basket(Method::FullCb4x, gateway, 8_000)).eligible);
            let mut b = basket(Method::FullCb3x, gateway, 45_000);
            b.capture = Capture::Deferred;
            assert!(!check(&b).eligible);
        }
        assert!(!check(&basket(Method::FullCb3x, Gateway::Payline, 45_000)).eligible);
    }

    #[test]
    fn refusals_name_the_rule() {
        let mut b = basket(Method::Cpay, Gateway::Lyra, 100);
        b.country = Some("BE".into());
        assert!(check(&b).reason.contains("FR"));
        b.country = None;
        assert!(check(&b).reason.contains("country"));
        let mut b = basket(Method::Cpay, Gateway::Sips, 100);
        b.country = None;
        b.capture = Capture::Deferred;
        b.capture_delay_days = Some(7);
        assert!(check(&b).reason.contains("at most 6 days"));
        b.capture_delay_days = Some(6);
        assert!(check(&b).eligible);
        b.gateway_instalments = true;
        assert!(!check(&b).eligible);
        assert!(!check(&basket(Method::Cpay, Gateway::Ogone, 100)).eligible);
        assert!(!check(&basket(Method::Cpay, Gateway::Payline, 0)).eligible);
        let mut b = basket(Method::Cpay, Gateway::Lyra, 100);
        b.capture = Capture::AtShipping;
        assert!(check(&b).reason.contains("immediate"));
    }
}
