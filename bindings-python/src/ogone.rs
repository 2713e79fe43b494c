//! The typed fast path for Ogone's SHASIGN (`cpay.ogone.sign`), benchmarked against Python's `hashlib`: the
//! core's function is called directly, without JSON, with the rules of the `ogone.sign` operation (names in
//! any case, parameters off the direction's list and empty values not signed, a name twice refused).

use crate::boundary::guard_sized;
use crate::mapping::{borrowed, str_pairs};
use cpay_core::ogone::signature::{self, Algorithm, Charset, Direction};
use cpay_core::Secret;
use pyo3::prelude::*;

/// `cpay.ogone.sign`: the uppercase hex SHASIGN of `params` for `direction`.
#[pyfunction]
#[pyo3(signature = (params, passphrase, algo = "sha512", direction = "in", charset = "utf-8"))]
pub fn ogone_sign(
    py: Python<'_>,
    params: &Bound<'_, PyAny>,
    passphrase: &str,
    algo: &str,
    direction: &str,
    charset: &str,
) -> PyResult<String> {
    let params = str_pairs(params, "params")?;
    let passphrase = Secret::new(passphrase.as_bytes());
    let size = params.iter().map(|(k, v)| k.len() + v.len()).sum();
    guard_sized(py, size, || {
        let (algo, direction, charset) =
            (Algorithm::parse(algo)?, Direction::parse(direction)?, Charset::parse(charset)?);
        signature::sign(borrowed(&params), &passphrase, algo, direction, charset)
    })
}
