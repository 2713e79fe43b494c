//! Ogone e-Commerce (Ingenico, now Worldline legacy; the same engine runs ePDQ and PostFinance): the
//! hidden-POST payment page with SHA-IN, and the SHA-OUT feedback.
//!
//! - [`request::build_form`]: an [`request::OgonePayment`] → signed [`crate::PaymentForm`] (saved cards via
//!   Alias, scheduled payments, 3-D Secure flags).
//! - [`response::verify_feedback`]: the feedback parameters → verified [`crate::Outcome`].
//! - [`directlink`]: DirectLink refund, cancel, capture (`maintenancedirect.asp`) and status (`querydirect.asp`)
//!   as [`crate::HttpRequest`]s, and their XML answers → verified [`crate::Outcome`]s.
//! - [`signature`]: the raw SHASIGN primitive (SHA-IN, SHA-OUT, legacy SHA-OUT) and [`lists`] of signed names.

pub mod api;
pub mod codes;
pub mod config;
pub mod directlink;
pub mod lists;
pub mod request;
pub mod response;
pub mod signature;

pub use config::{Environment, OgoneConfig};
pub use request::{build_form, OgonePayment, ScheduledAmount};
pub use response::{verify_feedback, Expected};
pub use signature::{Algorithm, Charset, Direction};
