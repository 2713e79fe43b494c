//! The one place where Rust results and panics become Python exceptions.
//!
//! The exception classes live in pure Python (`cpay.errors`), so that they carry real annotations and one
//! subclass per kind of error; this module asks `cpay.errors._from_native` to build the right one from the
//! core error's stable code, field, sentence and gateway code.

use cpay_core::{Error, ErrorCode};
use pyo3::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a guarded core call ended with, short of success.
pub enum Failure {
    /// The core refused the input (the normal failure).
    Core(Error),
    /// The core panicked: a bug, reported as the core's `internal` error (`cpay.InternalError`).
    Panic,
}

/// Run `f`, turning a panic into [`Failure::Panic`]. Safe without the GIL (no Python object is touched).
pub fn catch<T>(f: impl FnOnce() -> cpay_core::Result<T>) -> Result<T, Failure> {
    // The closure only reads its captured inputs; after a panic nothing it touched is used again.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(Failure::Core(error)),
        Err(_) => Err(Failure::Panic),
    }
}

/// Convert a guarded result into a Python result.
pub fn into_py<T>(py: Python<'_>, result: Result<T, Failure>) -> PyResult<T> {
    result.map_err(|failure| match failure {
        Failure::Core(error) => to_py_err(py, &error),
        Failure::Panic => to_py_err(
            py,
            &Error::general(ErrorCode::Internal, "cpay hit an internal error (a bug in cpay); please report it"),
        ),
    })
}

/// [`catch`] then [`into_py`], for calls that keep the GIL.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> cpay_core::Result<T>) -> PyResult<T> {
    into_py(py, catch(f))
}

/// Inputs from this many bytes on are processed with the GIL released. Below it, releasing and re-taking the
/// GIL would cost more than the work itself, and a benchmark of small inputs against `hmac`/`hashlib` would
/// measure the GIL handover rather than cpay.
pub const DETACH_FROM_BYTES: usize = 16 * 1024;

/// [`guard`] for a primitive over `size` bytes of input: the GIL is released only when `size` reaches
/// [`DETACH_FROM_BYTES`], so threaded servers keep serving while a large input is hashed or enciphered.
pub fn guard_sized<T: Send>(
    py: Python<'_>,
    size: usize,
    f: impl FnOnce() -> cpay_core::Result<T> + Send,
) -> PyResult<T> {
    let result = if size >= DETACH_FROM_BYTES { py.detach(|| catch(f)) } else { catch(f) };
    into_py(py, result)
}

/// The `cpay.CpayError` subclass instance for a core error, built by `cpay.errors._from_native`.
pub fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    let parts = (error.code().name(), error.code().number(), error.field_name(), error.message(), error.gateway_code());
    let made = py
        .import("cpay.errors")
        .and_then(|module| module.getattr("_from_native"))
        .and_then(|from_native| from_native.call1(parts));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        // Only reachable when the `cpay` package itself is broken; its import error says why.
        Err(import_error) => import_error,
    }
}
