//! `cpay._cpay`: the private native module behind the `cpay` Python package.
//!
//! It holds no payment logic. It exposes the core's one JSON entry point ([`call`]: every operation of every
//! gateway, present and future), the tables a binding publishes (operations, error codes), and the few
//! primitives worth a typed fast path because shops call them in hot loops and compare them with Python's
//! own `hmac`, `hashlib` or pycryptodome ([`lyra`], [`computop`], [`ogone`], [`sips`]). The Python facade
//! (`python/cpay/`, generated from the registry's schema) turns dicts into JSON and JSON into dataclasses.
//!
//! Every entry point goes through [`boundary::guard`]: a core error becomes the matching `cpay.CpayError`
//! subclass, and a panic (a bug) becomes the core's `internal` error (`cpay.InternalError`, 7902) instead of
//! pyo3's `PanicException`.

mod boundary;
mod computop;
mod lyra;
mod mapping;
mod ogone;
mod sips;

use boundary::guard;
use pyo3::prelude::*;

/// Run one JSON operation (`"lyra.notification"`, …) on a JSON input and return its JSON output.
///
/// The GIL is released while the core works, so threaded servers keep serving other requests.
#[pyfunction]
fn call(py: Python<'_>, operation: &str, input: &str) -> PyResult<String> {
    let result = py.detach(|| boundary::catch(|| cpay_core::api::call(operation, input)));
    boundary::into_py(py, result)
}

/// Every operation name `call` serves.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    cpay_core::api::operations().collect()
}

/// The error table: `(name, number)` for every stable error code, in the core's order.
#[pyfunction]
fn error_codes() -> Vec<(&'static str, u32)> {
    cpay_core::ErrorCode::ALL.iter().map(|c| (c.name(), c.number())).collect()
}

/// Panic inside the boundary, so the test suite can prove a panic surfaces as `cpay.InternalError`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(py, || -> cpay_core::Result<()> { panic!("deliberate panic from cpay._cpay._panic_for_tests") })
}

/// The module object.
#[pymodule]
fn _cpay(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", cpay_core::VERSION)?;
    m.add_function(wrap_pyfunction!(call, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(lyra::lyra_sign, m)?)?;
    m.add_function(wrap_pyfunction!(lyra::lyra_verify, m)?)?;
    m.add_function(wrap_pyfunction!(computop::computop_encrypt, m)?)?;
    m.add_function(wrap_pyfunction!(computop::computop_decrypt, m)?)?;
    m.add_function(wrap_pyfunction!(computop::computop_mac, m)?)?;
    m.add("ComputopCipher", m.py().get_type::<computop::ComputopCipher>())?;
    m.add_function(wrap_pyfunction!(ogone::ogone_sign, m)?)?;
    m.add_function(wrap_pyfunction!(sips::sips_seal, m)?)?;
    Ok(())
}
