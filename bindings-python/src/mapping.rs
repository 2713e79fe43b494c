//! Python mappings of strings read into owned Rust pairs, for the typed primitives that sign a set of fields
//! (`lyra.sign`, `ogone.sign`): no JSON in between, and an error naming the offending field.

use crate::boundary::to_py_err;
use cpay_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping};

/// The items of `mapping` (the argument called `arg`) as owned `(name, value)` strings.
///
/// A `dict` is walked directly (the common case, and the fast one); any other `Mapping` through `items()`.
/// A key or value that is not a `str` is an `InvalidValue` naming the key (or `arg` when the key itself is bad).
pub fn str_pairs(mapping: &Bound<'_, PyAny>, arg: &str) -> PyResult<Vec<(String, String)>> {
    let py = mapping.py();
    let not_text =
        |name: &str| to_py_err(py, &Error::field(ErrorCode::InvalidValue, name, format!("{name} must be a string")));
    let mut out = Vec::new();
    let mut push = |k: Bound<'_, PyAny>, v: Bound<'_, PyAny>| -> PyResult<()> {
        let name: String = k.extract().map_err(|_| not_text(arg))?;
        let value: String = v.extract().map_err(|_| not_text(&name))?;
        out.push((name, value));
        Ok(())
    };
    if let Ok(dict) = mapping.cast::<PyDict>() {
        for (k, v) in dict.iter() {
            push(k, v)?;
        }
    } else if let Ok(items) = mapping.cast::<PyMapping>() {
        for item in items.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            push(k, v)?;
        }
    } else {
        return Err(to_py_err(
            py,
            &Error::field(ErrorCode::InvalidValue, arg, format!("{arg} must be a mapping of strings to strings")),
        ));
    }
    Ok(out)
}

/// Borrow owned pairs as the `(&str, &str)` items the core's signing functions iterate over.
pub fn borrowed(pairs: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}
