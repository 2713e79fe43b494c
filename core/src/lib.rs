//! # cpay-core
//!
//! Accept Cetelem payment methods — the Cpay card (formerly Aurore) and Cetelem 3x/4x — through the French
//! gateways that carry them. This crate builds signed or encrypted payment requests, verifies and decodes
//! the gateways' answers, and applies the rules around them.
//!
//! It is **sans-IO**: it never opens a socket or a file and never reads the clock or a random source. Time,
//! transaction ids and secrets are arguments; server-to-server calls are returned as [`HttpRequest`] values
//! for the shop's own HTTP client, and their answers come back as [`HttpResponse`].
//!
//! Every fallible operation returns an [`Error`] with a stable [`ErrorCode`], the gateway's own field name
//! and a sentence. No input makes it panic, and no secret ever appears in an error or a `Debug` output.
//!
//! Gateways: [`lyra`] (Sogecommerce, PayZen, Systempay, Scellius, Clic&Pay, OSB), [`computop`] (Paygate,
//! Axepta: Cetelem 3x/4x FullCB), [`payline`] (Monext), [`ogone`] (Ogone e-Commerce, ePDQ, PostFinance),
//! [`sips`] (Worldline Sips 2.0). [`plan`] holds the gateway-neutral rules: eligibility, instalment schedules,
//! tender split, 3-D Secure policy, refunds and order state.
//! The [`api`] module exposes every operation as JSON in / JSON out for the CLI and the language bindings.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod computop;
pub mod error;
pub mod fields;
pub mod form;
pub mod format;
pub mod http;
pub mod json;
pub mod lyra;
pub mod money;
pub mod notification;
pub mod ogone;
pub mod operation;
pub mod outcome;
pub mod payline;
pub mod plan;
pub mod secret;
pub mod sips;
pub mod urlencoded;

pub use error::{Error, ErrorCode, Result};
pub use fields::VerifiedFields;
pub use form::{FormMethod, PaymentForm};
pub use http::{HttpRequest, HttpResponse};
pub use money::{Amount, Currency};
pub use notification::{Notification, Reply};
pub use outcome::{Gateway, Operation, Outcome, Status, ThreeDSecure};
pub use secret::Secret;

/// The crate version, as reported by `cpay_version()` and the bindings.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
