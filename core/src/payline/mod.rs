//! Payline (Monext) WebPayment API — Cpay (formerly Aurore) payments over SOAP 1.1, sans-IO.
//!
//! - [`request::web_payment`]: a Cpay order → the `doWebPayment` [`crate::HttpRequest`];
//!   [`response::web_payment_answer`] reads the token and the redirect URL from its answer.
//! - [`notification::parse`]: the notification call (`notificationType`, `token`) → what to call next.
//! - [`request::details`] → `getWebPaymentDetails`; [`response::outcome`] turns its answer into a checked
//!   [`crate::Outcome`] (the only trusted source: notifications are not signed).
//! - [`request::capture`] / [`request::refund`] → `doCapture` (201) / `doRefund` (421), with
//!   [`response::operation_answer`] for their answers; the 13-month refund rule is
//!   [`crate::plan::refund::payline_cpay`].
//! - [`request::reset`] (`doReset`), [`request::reauthorize`] (`doReAuthorization`, within 11 months) and
//!   [`request::transaction_details`] (`getTransactionDetails`) with [`transaction::outcome`] for its answer.
//! - [`wallet`]: the Cpay wallet — `manageWebWallet`, `getWebWallet`, `doImmediateWalletPayment`,
//!   `disableWallet` — as requests and checked answers.
//! - [`soap`]: the envelope writer and the namespace-aware answer reader (quick-xml).

pub mod api;
pub mod codes;
pub mod config;
pub mod notification;
pub mod request;
pub mod response;
pub mod soap;
pub mod transaction;
pub mod url;
pub mod wallet;

pub use config::{Environment, PaylineConfig, DEFAULT_VERSION};
pub use request::{Buyer, Mode, WebPayment};
pub use response::Expected;
