//! Typed fast paths for the Lyra signature, benchmarked against Python's `hmac`: no JSON round trip.
//!
//! They run the same core functions as the `lyra.sign` / `lyra.verify` operations, with the same rules:
//! every key and value must be a string, non-`vads_` fields are ignored, `verify` needs a `signature` field.

use crate::boundary::{guard, to_py_err};
use cpay_core::lyra::response::ShopReply;
use cpay_core::lyra::{signature, Algorithm};
use cpay_core::{Error, ErrorCode, Secret};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping};

/// The fields of a Python mapping as owned strings, or an error naming the offending field.
fn fields_of(fields: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let py = fields.py();
    let not_text =
        |name: &str| to_py_err(py, &Error::field(ErrorCode::InvalidValue, name, format!("{name} must be a string")));
    let mut out = Vec::new();
    let mut push = |k: Bound<'_, PyAny>, v: Bound<'_, PyAny>| -> PyResult<()> {
        let name: String = k.extract().map_err(|_| not_text("fields"))?;
        let value: String = v.extract().map_err(|_| not_text(&name))?;
        out.push((name, value));
        Ok(())
    };
    if let Ok(dict) = fields.cast::<PyDict>() {
        for (k, v) in dict.iter() {
            push(k, v)?;
        }
    } else if let Ok(mapping) = fields.cast::<PyMapping>() {
        for item in mapping.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            push(k, v)?;
        }
    } else {
        return Err(to_py_err(
            py,
            &Error::field(ErrorCode::InvalidValue, "fields", "fields must be a mapping of strings to strings"),
        ));
    }
    Ok(out)
}

fn pairs(fields: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// `cpay.lyra.sign`: the signature of the `vads_*` fields.
#[pyfunction]
#[pyo3(signature = (fields, key, algo = "hmac-sha256"))]
pub fn lyra_sign(py: Python<'_>, fields: &Bound<'_, PyAny>, key: &str, algo: &str) -> PyResult<String> {
    let fields = fields_of(fields)?;
    let key = Secret::new(key.as_bytes());
    guard(py, || Ok(signature::sign(pairs(&fields), &key, Algorithm::parse(algo)?)))
}

/// `cpay.lyra.verify`: whether the `signature` field matches the `vads_*` fields (constant time).
#[pyfunction]
#[pyo3(signature = (fields, key, algo = "hmac-sha256"))]
pub fn lyra_verify(py: Python<'_>, fields: &Bound<'_, PyAny>, key: &str, algo: &str) -> PyResult<bool> {
    let fields = fields_of(fields)?;
    let key = Secret::new(key.as_bytes());
    guard(py, || {
        let algorithm = Algorithm::parse(algo)?;
        let received =
            fields.iter().find(|(k, _)| k == "signature").map(|(_, v)| v.as_str()).ok_or_else(|| {
                Error::field(ErrorCode::SignatureMissing, "signature", "the fields carry no signature")
            })?;
        Ok(signature::verify(pairs(&fields), received, &key, algorithm))
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
