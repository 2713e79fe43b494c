//! The typed fast path for Ogone's SHASIGN (`cpay.ogone.sign`), benchmarked against Python's `hashlib`: the
//! core's function is called directly, without JSON, with the rules of the `ogone.sign` operation (names in
//! any case, parameters off the direction's list and empty values not signed, a name twice refused).

use crate::boundary::guard_sized;
use crate::mapping::{borrowed, str_pairs};
use cpay_core::ogone::signature::{self, Algorithm, Charset, Direction};
use cpay_core::Secret;
use pyo3::prelude::*;

/// `cpay.ogone.sign`: the uppercase hex SHASIGN of `fields` for `direction` (no default algorithm).
#[pyfunction]
#[pyo3(signature = (fields, passphrase, algo, direction, charset = "utf-8"))]
pub fn ogone_sign(
    py: Python<'_>,
    fields: &Bound<'_, PyAny>,
    passphrase: &str,
    algo: &str,
    direction: &str,
    charset: &str,
) -> PyResult<String> {
    let fields = str_pairs(fields, "fields")?;
    let passphrase = Secret::new(passphrase.as_bytes());
    let size = fields.iter().map(|(k, v)| k.len() + v.len()).sum();
    guard_sized(py, size, || {
        let (algo, direction, charset) =
            (Algorithm::parse(algo)?, Direction::parse(direction)?, Charset::parse(charset)?);
        signature::sign(borrowed(&fields), &passphrase, algo, direction, charset)
    })
}
