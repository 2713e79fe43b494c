//! Typed fast paths for the Lyra signature, benchmarked against Python's `hmac`: no JSON round trip.
//!
//! They run the same core functions as the `lyra.sign` / `lyra.verify` operations, with the same rules:
//! every key and value must be a string, non-`vads_` fields are ignored, `verify` needs a `signature` field.

use crate::boundary::guard;
use crate::mapping::{borrowed, str_pairs};
use cpay_core::lyra::{signature, Algorithm};
use cpay_core::Secret;
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
        let received = fields.iter().find(|(k, _)| k == "signature").map_or("", |(_, v)| v.as_str());
        signature::verify(borrowed(&fields), received, &key, Algorithm::parse(algo)?)
    })
}
