//! Typed fast paths for the Lyra signature, benchmarked against Python's `hmac`: no JSON round trip.
//!
//! They run the same core functions as the `lyra.sign` / `lyra.verify` operations, with the same rules:
//! every key and value must be a string, non-`vads_` fields are ignored, `verify` needs a `signature` field.

use crate::boundary::guard;
use crate::mapping::{borrowed, str_pairs};
use cpay_core::lyra::response::ShopReply;
use cpay_core::lyra::{signature, Algorithm};
use cpay_core::{Error, ErrorCode, Secret};
use pyo3::prelude::*;

/// `cpay.lyra.sign`: the signature of the `vads_*` fields.
#[pyfunction]
#[pyo3(signature = (fields, key, algo = "hmac-sha256"))]
pub fn lyra_sign(py: Python<'_>, fields: &Bound<'_, PyAny>, key: &str, algo: &str) -> PyResult<String> {
    let fields = str_pairs(fields, "fields")?;
    let key = Secret::new(key.as_bytes());
    guard(py, || signature::sign(borrowed(&fields), &key, Algorithm::parse(algo)?))
}

/// `cpay.lyra.verify`: whether the `signature` field matches the `vads_*` fields (constant time).
#[pyfunction]
#[pyo3(signature = (fields, key, algo = "hmac-sha256"))]
pub fn lyra_verify(py: Python<'_>, fields: &Bound<'_, PyAny>, key: &str, algo: &str) -> PyResult<bool> {
    let fields = str_pairs(fields, "fields")?;
    let key = Secret::new(key.as_bytes());
    guard(py, || {
        let algorithm = Algorithm::parse(algo)?;
        let received =
            fields.iter().find(|(k, _)| k == "signature").map(|(_, v)| v.as_str()).ok_or_else(|| {
                Error::field(ErrorCode::SignatureMissing, "signature", "the fields carry no signature")
            })?;
        signature::verify(borrowed(&fields), received, &key, algorithm)
    })
}

/// The core's answer to the platform for an IPN that failed verification: `(status, body)`.
///
/// The facade passes the parts of the `CpayError` it caught; the core decides the status and the wording.
/// Only codes the core reports are accepted (`internal` is the binding's own and handled by the facade).
#[pyfunction]
#[pyo3(signature = (code, message, field = None, gateway_code = None))]
pub fn lyra_rejected_reply(
    py: Python<'_>,
    code: &str,
    message: &str,
    field: Option<&str>,
    gateway_code: Option<&str>,
) -> PyResult<(u16, String)> {
    guard(py, || {
        let code = ErrorCode::ALL.iter().copied().find(|c| c.name() == code).ok_or_else(|| {
            Error::field(ErrorCode::InvalidValue, "code", "not the code of an error the core reports")
        })?;
        let mut error = Error::new(code, field, message);
        if let Some(gateway_code) = gateway_code {
            error = error.with_gateway_code(gateway_code);
        }
        let reply = ShopReply::rejected(&error);
        Ok((reply.status, reply.body))
    })
}
