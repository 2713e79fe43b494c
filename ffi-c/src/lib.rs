//! # cpay-ffi — `libcpay`, the C ABI of cpay
//!
//! The C library that PHP modules (PrestaShop, WooCommerce) load through PHP FFI, and that any other
//! language with a C FFI can use. It holds no payment logic: every function forwards to
//! [`cpay_core`], whose JSON operations ([`cpay_core::api`]) are the one schema the CLI and every binding
//! speak. The conventions follow rustls-ffi:
//!
//! - names are `cpay_<object>_<verb>`; fallible functions return a [`cpay_status`]: `CPAY_OK` (0) or an
//!   error whose number is the core's stable [`cpay_core::ErrorCode`] (7100…), or one of the few
//!   FFI-only statuses (79xx: NULL parameter, invalid UTF-8); a caught panic is the core's `internal`;
//! - out-parameters are written only on success; every pointer is NULL-checked;
//! - every entry point catches panics and returns `CPAY_PANIC` instead of unwinding into C;
//! - strings in are NUL-terminated UTF-8, borrowed for the duration of the call; strings out are owned by
//!   the caller after success and released with [`cpay_string_free`];
//! - the last error's code, message, field and JSON form are readable per thread ([`last_error`]).
//!
//! This is the only crate of the workspace with `unsafe`; each block says why it is sound.
//!
//! Adding a gateway's typed functions means adding one module like [`computop`]: its functions check
//! their parameters with [`strings`] (keys through [`strings::key`], JSON objects of strings through
//! `cpay_core::json::parse_string_map`, which answers as the operations do), call the core's primitive directly, and write the result; one path per primitive. Every operation is reachable without that through [`call::cpay_call`]. A primitive whose
//! setup dominates its cost gets an opaque object as well ([`computop_cipher`]: created with a `_new`,
//! used through `const` pointers, released with a NULL-safe `_free`), as rustls-ffi does for its configs.
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod boundary;
pub mod call;
pub mod computop;
pub mod computop_cipher;
pub mod last_error;
pub mod lyra;
pub mod ogone;
pub mod sips;
pub mod status;
pub mod strings;
/// cbindgen:ignore
#[cfg(feature = "test-hooks")]
pub mod test_hooks;

pub use status::cpay_status;
pub use strings::cpay_string_free;
