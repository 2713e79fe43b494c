//! Computop Paygate (and its white label BNP Paribas Axepta): Cetelem 3x/4x "FullCB" payments.
//!
//! - [`request::build_form`]: a [`request::FullCbPayment`] → encrypted form for `CetelemFullCB.aspx`.
//! - [`response::verify_body`]: URLNotify / URLSuccess / URLFailure → verified [`crate::Outcome`].
//! - [`refund::credit`] and [`refund::verify_answer`]: `credit.aspx`, sans-IO.
//! - [`reverse::reverse`] (`reverse.aspx`) and [`inquire::inquire`] (`inquire.aspx`), with their answers.
//! - [`blowfish`], [`aes`] ([`data`] picks one) and [`mac`]: the raw primitives (`Data`/`Len` encoding, [`text`]
//!   for `Len` in characters, and the HMAC-SHA-256 MAC).

pub mod aes;
pub mod api;
pub mod blowfish;
pub mod codes;
pub mod config;
pub mod data;
pub mod inquire;
pub mod mac;
pub mod plaintext;
pub mod refund;
pub mod request;
pub mod response;
pub mod reverse;
pub mod text;

pub use config::{ComputopConfig, Host};
pub use data::Algorithm;
pub use request::{build_form, FullCbPayment};
pub use response::{verify_body, Expected};
