//! Lyra platforms' "API Formulaire" (`vads_*` fields): Sogecommerce, PayZen, Systempay, Scellius,
//! Clic&Pay, OSB — and Cpay on them.
//!
//! - [`request::build_form`]: a [`request::PaymentRequest`] → signed [`crate::PaymentForm`].
//! - [`response::verify_notification`]: an IPN or browser return → verified [`crate::Outcome`] and the
//!   reply the shop should send.
//! - [`rest`]: refund, cancel, validate and query requests for the REST web services, sans-IO.
//! - [`kr`]: the `kr-hash` of REST/JavaScript-client notifications.
//! - [`transaction`]: REST answers (`V4/Transaction`, `V4/OrderTransactions`, `V4/Payment`) → verified outcomes.
//! - [`signature`]: the raw signature primitive.

pub mod api;
pub mod charge;
pub mod codes;
pub mod config;
pub mod fields;
pub mod kr;
pub mod request;
pub mod response;
pub mod rest;
pub mod signature;
pub mod trans;
pub mod transaction;

pub use config::{Algorithm, LyraConfig, Mode, Platform};
pub use request::{build_form, PaymentRequest};
pub use response::verify_notification;
pub use trans::TransId;
