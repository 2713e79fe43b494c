//! Typed fast paths for Computop's primitives (`cpay.computop.encrypt` / `decrypt` / `mac`), benchmarked
//! against pycryptodome and Python's `hmac`: the core's functions are called directly, without JSON.
//!
//! They follow the `computop.encrypt` / `decrypt` / `mac` operations exactly: the plaintext and the message
//! are taken as their UTF-8 bytes, and `Data` is read by the core's one decrypt recipe
//! ([`data::decrypt_text`]: Blowfish, or AES by its shape; `Len` in characters). The AES encryption, which needs
//! an IV, goes through the registry (the generated facade calls it when `algorithm` or `iv` is given).
//! [`ComputopCipher`] is the same Blowfish
//! keyed once, for processes that handle many messages under one password.

use crate::boundary::{guard, guard_sized, to_py_err};
use cpay_core::computop::blowfish::{self, Cipher};
use cpay_core::computop::{data, mac};
use cpay_core::{Error, ErrorCode, Secret};
use pyo3::prelude::*;

/// `cpay.computop.encrypt`: `(Data, Len)` for `plaintext` under the Blowfish password `key`.
#[pyfunction]
pub fn computop_encrypt(py: Python<'_>, plaintext: &str, key: &str) -> PyResult<(String, usize)> {
    let key = Secret::new(key.as_bytes());
    let encrypted = guard_sized(py, plaintext.len(), || blowfish::encrypt(plaintext.as_bytes(), &key))?;
    Ok((encrypted.data, encrypted.len))
}

/// `cpay.computop.decrypt`: the plaintext of `data` (Blowfish hex or AES `IV-ciphertext`), cut after `length`
/// characters.
///
/// `length` is read here rather than by pyo3 so that a negative or non-integer `Len` is the same
/// `cpay.InvalidValue` (naming `Len`) as any other bad field, not an `OverflowError`.
#[pyfunction]
pub fn computop_decrypt(py: Python<'_>, data: &str, length: &Bound<'_, PyAny>, key: &str) -> PyResult<String> {
    let length = byte_length(py, length)?;
    let key = Secret::new(key.as_bytes());
    guard_sized(py, data.len() / 2, || data::decrypt_text(data, length, &key))
}

/// `Len` as a byte count: a negative or non-integer value is `cpay.InvalidValue` naming `Len`.
fn byte_length(py: Python<'_>, length: &Bound<'_, PyAny>) -> PyResult<usize> {
    length
        .extract()
        .map_err(|_| to_py_err(py, &Error::field(ErrorCode::InvalidValue, "Len", "Len must be a non-negative integer")))
}

/// `cpay.computop.Cipher`: the Blowfish cipher keyed once with one password, reused for many messages.
///
/// Its methods give exactly what `cpay.computop.encrypt` / `decrypt` give under the same password, without
/// the key schedule on each call. Frozen (immutable after keying), so one instance may serve several
/// threads; the key-derived state stays in memory until the object is collected, and is wiped then.
#[pyclass(frozen, name = "Cipher", module = "cpay.computop")]
pub struct ComputopCipher {
    cipher: Cipher,
}

#[pymethods]
impl ComputopCipher {
    /// Key the cipher with the Blowfish password `key` (1-72 bytes); `cpay.InvalidKey` otherwise.
    #[new]
    fn new(py: Python<'_>, key: &str) -> PyResult<Self> {
        let key = Secret::new(key.as_bytes());
        Ok(ComputopCipher { cipher: guard(py, || Cipher::new(&key))? })
    }

    /// `(Data, Len)` for `plaintext`, as `cpay.computop.encrypt(plaintext, key)`.
    fn encrypt(&self, py: Python<'_>, plaintext: &str) -> PyResult<(String, usize)> {
        let encrypted = guard_sized(py, plaintext.len(), || self.cipher.encrypt(plaintext.as_bytes()))?;
        Ok((encrypted.data, encrypted.len))
    }

    /// The plaintext of hex `data`, cut after `length` characters, as `cpay.computop.decrypt(data, length, key)`.
    fn decrypt(&self, py: Python<'_>, data: &str, length: &Bound<'_, PyAny>) -> PyResult<String> {
        let length = byte_length(py, length)?;
        guard_sized(py, data.len() / 2, || self.cipher.decrypt_text(data, length))
    }

    /// Never the key nor anything derived from it.
    fn __repr__(&self) -> &'static str {
        "cpay.computop.Cipher(<redacted>)"
    }
}

/// `cpay.computop.mac`: the uppercase hex HMAC-SHA-256 of `message` under the HMAC password `key`.
#[pyfunction]
pub fn computop_mac(py: Python<'_>, message: &str, key: &str) -> PyResult<String> {
    let key = Secret::new(key.as_bytes());
    guard_sized(py, message.len(), || mac::mac(message.as_bytes(), &key))
}
