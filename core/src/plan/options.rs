//! The Cpay payment options: how a buyer pays with the Cpay card, as the gateways list them.
//!
//! The buyer chooses on Cetelem's page: cash (*comptant*), revolving credit (*crédit*, a monthly repayment of
//! their choice), or credit in 3, 5, 10 or 20 months, with or without fees (Payline page "Cetelem Aurore / Cpay",
//! "Les fonctions disponibles": "Toutes les options de crédit sont disponibles : Crédit en 3, 5, 10, ou 20 mois
//! (avec/sans frais)"; Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Présentation"). The options a
//! contract offers, and their codes, are set up by Cetelem for each contract ("Les options de paiement sont
//! activées par Cetelem et récupérées par la plateforme de paiement lors du téléparamétrage du contrat"), so a
//! shop gives the code of each option it wants to preselect or recognise ([`OptionCodes`]).
//!
//! The option matters after the payment: on Lyra, "Comptant" and "Crédit" may be refunded at any date, every
//! other option only on the day of the payment (guide, "Effectuer un remboursement"): [`CpayOption::refundable_any_day`].

use crate::error::{Error, ErrorCode, Result};
use std::collections::BTreeMap;

/// One Cpay payment option.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CpayOption {
    /// Cash (*comptant*): debited as the card's cash payments are.
    Cash,
    /// Revolving credit (*crédit*): the buyer repays monthly.
    Credit,
    /// Credit in 3 months, with fees.
    Credit3,
    /// Credit in 3 months, without fees.
    Credit3Free,
    /// Credit in 5 months, with fees.
    Credit5,
    /// Credit in 5 months, without fees.
    Credit5Free,
    /// Credit in 10 months, with fees.
    Credit10,
    /// Credit in 10 months, without fees.
    Credit10Free,
    /// Credit in 20 months, with fees.
    Credit20,
    /// Credit in 20 months, without fees.
    Credit20Free,
}

/// Every option, in display order.
pub const ALL: [CpayOption; 10] = [
    CpayOption::Cash,
    CpayOption::Credit,
    CpayOption::Credit3,
    CpayOption::Credit3Free,
    CpayOption::Credit5,
    CpayOption::Credit5Free,
    CpayOption::Credit10,
    CpayOption::Credit10Free,
    CpayOption::Credit20,
    CpayOption::Credit20Free,
];

impl CpayOption {
    /// The JSON name (`cash`, `credit_3_free`, …).
    pub fn name(self) -> &'static str {
        match self {
            CpayOption::Cash => "cash",
            CpayOption::Credit => "credit",
            CpayOption::Credit3 => "credit3",
            CpayOption::Credit3Free => "credit3_free",
            CpayOption::Credit5 => "credit5",
            CpayOption::Credit5Free => "credit5_free",
            CpayOption::Credit10 => "credit10",
            CpayOption::Credit10Free => "credit10_free",
            CpayOption::Credit20 => "credit20",
            CpayOption::Credit20Free => "credit20_free",
        }
    }

    /// The number of monthly repayments, for the credits in 3, 5, 10 or 20 months.
    pub fn months(self) -> Option<u32> {
        match self {
            CpayOption::Cash | CpayOption::Credit => None,
            CpayOption::Credit3 | CpayOption::Credit3Free => Some(3),
            CpayOption::Credit5 | CpayOption::Credit5Free => Some(5),
            CpayOption::Credit10 | CpayOption::Credit10Free => Some(10),
            CpayOption::Credit20 | CpayOption::Credit20Free => Some(20),
        }
    }

    /// Whether the buyer pays fees (`Some(false)`: *sans frais*; `None` for cash and revolving credit, whose
    /// terms are the card's).
    pub fn with_fees(self) -> Option<bool> {
        match self {
            CpayOption::Cash | CpayOption::Credit => None,
            CpayOption::Credit3 | CpayOption::Credit5 | CpayOption::Credit10 | CpayOption::Credit20 => Some(true),
            _ => Some(false),
        }
    }

    /// The French label the Cpay documentation uses.
    pub fn label_fr(self) -> String {
        match (self.months(), self.with_fees()) {
            (None, _) if self == CpayOption::Cash => "Comptant".to_owned(),
            (None, _) => "Crédit".to_owned(),
            (Some(m), Some(false)) => format!("Crédit en {m} mois sans frais"),
            (Some(m), _) => format!("Crédit en {m} mois avec frais"),
        }
    }

    /// Lyra Cpay: whether a payment with this option may be refunded at any date (Sogecommerce guide "Ajouter le
    /// bouton de paiement Cpay", "Effectuer un remboursement": "Comptant" and "Crédit"); the others only on the
    /// day of the payment.
    pub fn refundable_any_day(self) -> bool {
        matches!(self, CpayOption::Cash | CpayOption::Credit)
    }

    /// Read an option from its name or a label: `cash` / `comptant`, `credit` / `crédit`, `credit3`,
    /// `credit3_free`, `crédit en 10 mois sans frais`, … (case and accents of "crédit" ignored). `None` when the
    /// text names no option.
    pub fn parse(text: &str) -> Option<CpayOption> {
        let lower = text.trim().to_lowercase().replace('é', "e");
        match lower.as_str() {
            "cash" | "comptant" => return Some(CpayOption::Cash),
            "credit" => return Some(CpayOption::Credit),
            _ => {}
        }
        if let Some(option) = ALL.iter().find(|o| o.name() == lower) {
            return Some(*option);
        }
        // "credit en N mois", optionally followed by "avec frais" or "sans frais".
        let rest = lower.strip_prefix("credit en ")?;
        let (months, tail) = rest.split_once(" mois")?;
        let free = match tail.trim() {
            "" | "avec frais" => false,
            "sans frais" => true,
            _ => return None,
        };
        ALL.iter()
            .copied()
            .find(|o| o.months().is_some_and(|m| m.to_string() == months) && o.with_fees() == Some(!free))
    }
}

/// The shop's option codes: option → the code Cetelem set up for it on the contract (what Lyra sends and
/// reports in `vads_payment_option_code`).
pub type OptionCodes = BTreeMap<CpayOption, String>;

/// The option a reported code stands for: the shop's own table first, then the code read as an option name
/// or label. `None` for a code the shop has not described (the refund rule then treats it as "another option").
pub fn option_of_code(code: &str, codes: &OptionCodes) -> Option<CpayOption> {
    codes.iter().find(|(_, c)| c.as_str() == code).map(|(o, _)| *o).or_else(|| CpayOption::parse(code))
}

/// One row of `plan.cpay_options`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct OptionInfo {
    /// The option.
    pub option: CpayOption,
    /// Its French label.
    pub label: String,
    /// Monthly repayments, for the credits in N months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// Whether the buyer pays fees (absent for cash and revolving credit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_fees: Option<bool>,
    /// Lyra: refundable at any date (else only on the day of the payment).
    pub refundable_any_day: bool,
    /// The contract's code for it, when the shop gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The options (all of them, or those the shop gave codes for), with what the rules say of each.
pub fn list(codes: &OptionCodes) -> Vec<OptionInfo> {
    ALL.iter()
        .filter(|o| codes.is_empty() || codes.contains_key(o))
        .map(|&option| OptionInfo {
            option,
            label: option.label_fr(),
            months: option.months(),
            with_fees: option.with_fees(),
            refundable_any_day: option.refundable_any_day(),
            code: codes.get(&option).cloned(),
        })
        .collect()
}

/// Check a code the shop wants to preselect (`vads_payment_option_code`): letters and digits.
pub fn check_code(field: &str, code: &str) -> Result<()> {
    if code.is_empty() || code.len() > 32 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(Error::field(
            ErrorCode::InvalidFormat,
            field,
            format!("{field} must be 1 to 32 letters, digits, '_' or '-'"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels_parse() {
        for option in ALL {
            assert_eq!(CpayOption::parse(option.name()), Some(option), "{}", option.name());
            assert_eq!(CpayOption::parse(&option.label_fr()), Some(option), "{}", option.label_fr());
        }
        assert_eq!(CpayOption::parse("Comptant"), Some(CpayOption::Cash));
        assert_eq!(CpayOption::parse("crédit"), Some(CpayOption::Credit));
        assert_eq!(CpayOption::parse("10x"), None);
        assert_eq!(CpayOption::parse("credit7"), None);
        assert_eq!(CpayOption::parse(""), None);
        let codes: OptionCodes = [(CpayOption::Credit10Free, "C10SF".to_owned())].into();
        assert_eq!(option_of_code("C10SF", &codes), Some(CpayOption::Credit10Free));
        assert_eq!(option_of_code("XYZ", &codes), None);
        assert_eq!(list(&codes).len(), 1);
        assert_eq!(list(&OptionCodes::new()).len(), 10);
    }
}
