//! Typed fast paths for Computop's primitives (`cpay.computop.encrypt` / `decrypt` / `mac`), benchmarked
//! against pycryptodome and Python's `hmac`: the core's functions are called directly, without JSON.
//!
//! They follow the `computop.encrypt` / `decrypt` / `mac` operations exactly: the plaintext and the message
//! are taken as their UTF-8 bytes, `Data` may be hex of either case (surrounding whitespace ignored), and the
//! decrypted bytes read as UTF-8 when valid, otherwise ISO-8859-1.

use crate::boundary::{guard_sized, to_py_err};
use cpay_core::computop::{blowfish, mac};
use cpay_core::{Error, ErrorCode, Secret};
use pyo3::prelude::*;

/// `cpay.computop.encrypt`: `(Data, Len)` for `plaintext` under the Blowfish password `key`.
#[pyfunction]
pub fn computop_encrypt(py: Python<'_>, plaintext: &str, key: &str) -> PyResult<(String, usize)> {
    let key = Secret::new(key.as_bytes());
    let encrypted = guard_sized(py, plaintext.len(), || blowfish::encrypt(plaintext.as_bytes(), &key))?;
    Ok((encrypted.data, encrypted.len))
}

/// `cpay.computop.decrypt`: the plaintext of hex `data`, cut at `length` bytes.
///
/// `length` is read here rather than by pyo3 so that a negative or non-integer `Len` is the same
/// `cpay.InvalidValue` (naming `Len`) as any other bad field, not an `OverflowError`.
#[pyfunction]
pub fn computop_decrypt(py: Python<'_>, data: &str, length: &Bound<'_, PyAny>, key: &str) -> PyResult<String> {
    let length: usize = length.extract().map_err(|_| {
        to_py_err(py, &Error::field(ErrorCode::InvalidValue, "Len", "Len must be a non-negative integer"))
    })?;
    let key = Secret::new(key.as_bytes());
    guard_sized(py, data.len() / 2, || Ok(blowfish::to_text(blowfish::decrypt(data.trim(), length, &key)?)))
}

/// `cpay.computop.mac`: the uppercase hex HMAC-SHA-256 of `message` under the HMAC password `key`.
#[pyfunction]
pub fn computop_mac(py: Python<'_>, message: &str, key: &str) -> PyResult<String> {
    let key = Secret::new(key.as_bytes());
    guard_sized(py, message.len(), || mac::mac(message.as_bytes(), &key))
}
