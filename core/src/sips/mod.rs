//! Worldline Sips 2.0 Paypage POST (formerly Atos Sips; also Sogenactif, Mercanet, Sherlock's).
//!
//! - [`request::build_form`]: a [`request::SipsPayment`] → sealed [`crate::PaymentForm`], Cpay rules enforced.
//! - [`response::verify_response`]: the posted `Data`/`Seal` → verified [`crate::Outcome`].
//! - [`paypage_json`]: Sips Paypage JSON, `paymentInit` server to server → the buyer's redirection.
//! - [`office`]: Sips Office (JSON) refund, cancel, validate and getTransactionData as sealed
//!   [`crate::HttpRequest`]s, and their sealed answers → verified [`crate::Outcome`]s.
//! - [`seal`]: the raw Seal primitive; [`data`]: the `key=value|…` Data format.

pub mod api;
pub mod codes;
pub mod config;
pub mod data;
pub mod office;
pub mod paypage_json;
pub mod request;
pub mod response;
pub mod seal;

pub use config::{Environment, SipsConfig};
pub use request::{build_form, SipsPayment};
pub use response::{verify_response, Expected};
pub use seal::SealAlgorithm;
