//! The typed fast path for the Sips seal (`cpay.sips.seal`), benchmarked against Python's `hmac`/`hashlib`:
//! the core's function is called directly, without JSON, over exactly the Data text given.

use crate::boundary::guard_sized;
use cpay_core::sips::seal::{self, SealAlgorithm};
use cpay_core::Secret;
use pyo3::prelude::*;

/// `cpay.sips.seal`: the lowercase hex seal of `data` (`hmac-sha256`, or `sha256` for older accounts).
#[pyfunction]
#[pyo3(signature = (data, key, algo = "hmac-sha256"))]
pub fn sips_seal(py: Python<'_>, data: &str, key: &str, algo: &str) -> PyResult<String> {
    let key = Secret::new(key.as_bytes());
    guard_sized(py, data.len(), || seal::seal(data.as_bytes(), &key, SealAlgorithm::parse(algo)?))
}
