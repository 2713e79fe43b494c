//! Rules that do not depend on one gateway's wire format: the decisions a shop makes *before* it builds a
//! request and *after* it reads a result.
//!
//! - [`eligibility`]: may this basket be paid with this method through this gateway?
//! - [`schedule`]: how a total is split into dated instalments (FullCB 3x/4x, SecuTix-style custom plans).
//! - [`tender`]: how a basket is split between promo codes, gift vouchers, credit balance, waiting account
//!   and card.
//! - [`three_ds`]: whether to ask for 3-D Secure.
//! - [`refund`]: whether a refund is still possible, and for how much.
//! - [`offer`]: what a FullCB option looks like to the buyer (first payment, monthly payments, fees).
//! - [`options`]: the Cpay payment options (cash, credit, credit in 3, 5, 10 or 20 months).
//! - [`order`]: how a verified notification changes the shop's order, idempotently.
//!
//! Every rule is a pure function of its arguments: dates and "now" are given, never read from the clock.

pub mod api;
pub(crate) mod calendar;
/// `YYYY-MM-DD` dates in JSON, as a serde `with` module (also for gateway inputs that carry a day).
pub(crate) use calendar::ymd;
pub mod eligibility;
pub mod offer;
pub mod options;
pub mod order;
pub mod refund;
pub mod schedule;
pub mod tender;
pub mod three_ds;

/// A Cetelem payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum Method {
    /// The Cpay card (formerly Aurore; `AURORE-MULTI` on Lyra): cash or credit, chosen on the payment page.
    #[serde(rename = "cpay")]
    Cpay,
    /// Cetelem 3x FullCB (Computop, Lyra `FULLCB3X`, Sips `CETELEM_3X`): three monthly debits on a CB / French
    /// Visa / French Mastercard card.
    #[serde(rename = "fullcb-3x")]
    FullCb3x,
    /// Cetelem 4x FullCB (Computop, Lyra `FULLCB4X`, Sips `CETELEM_4X`): four monthly debits.
    #[serde(rename = "fullcb-4x")]
    FullCb4x,
}

impl Method {
    /// The name used in JSON and the CLI (`cpay`, `fullcb-3x`, `fullcb-4x`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Cpay => "cpay",
            Method::FullCb3x => "fullcb-3x",
            Method::FullCb4x => "fullcb-4x",
        }
    }

    /// The number of FullCB instalments, or `None` for Cpay (whose credit the buyer chooses on the page).
    pub fn fullcb_count(self) -> Option<u32> {
        match self {
            Method::Cpay => None,
            Method::FullCb3x => Some(3),
            Method::FullCb4x => Some(4),
        }
    }
}
