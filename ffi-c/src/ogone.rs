//! Ogone's typed function (Ogone e-Commerce, ePDQ, PostFinance): the raw SHASIGN primitive.
//!
//! It calls the core's [`cpay_core::ogone::signature::sign`] directly. The checked paths (the form, the
//! feedback) are reached through `cpay_call` (`ogone.form`, `ogone.notification`).

use crate::boundary;
use crate::status::cpay_status;
use crate::strings::{check_out, input, key, write_out};
use cpay_core::json::parse_string_map;
use cpay_core::ogone::signature::{self, Algorithm, Charset, Direction};
use std::ffi::c_char;

/// SHASIGN (uppercase hex) of `params_json` (a JSON object of parameter name → string value; names in
/// any case, parameters off the direction's list and empty values are not signed) with `passphrase`.
/// `algo` is `"sha1"`, `"sha256"` or `"sha512"`; `direction` is `"in"` (SHA-IN, requests), `"out"`
/// (SHA-OUT, feedback) or `"legacy_out"`. Values are hashed as UTF-8 (the `_utf8` payment page; the
/// ISO-8859-1 page is reached through `cpay_call("ogone.sign", …)` with `charset`).
///
/// On `CPAY_OK`, `*out_shasign` is owned by the caller and released with `cpay_string_free`.
/// `CPAY_UNSUPPORTED_ALGORITHM` on `algo`, `CPAY_INVALID_VALUE` on `direction` or `params_json`,
/// `CPAY_MALFORMED` on `params_json` (not JSON, or a name twice in different case), `CPAY_INVALID_KEY` on
/// an empty `passphrase`.
///
/// # Safety
/// `params_json`, `passphrase`, `algo` and `direction` must be NULL or NUL-terminated strings valid for
/// the call; `out_shasign` must be NULL or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_ogone_sign(
    params_json: *const c_char,
    passphrase: *const c_char,
    algo: *const c_char,
    direction: *const c_char,
    out_shasign: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above; each reader checks for NULL.
        let (params, passphrase, algo, direction) = unsafe {
            (
                input(params_json, "params_json")?,
                key(passphrase, "passphrase")?,
                input(algo, "algo")?,
                input(direction, "direction")?,
            )
        };
        check_out(out_shasign, "out_shasign")?;
        let params = parse_string_map(params, "fields")?;
        let (algorithm, direction) = (Algorithm::parse(algo)?, Direction::parse(direction)?);
        let shasign = signature::sign(params.iter(), &passphrase, algorithm, direction, Charset::Utf8)?;
        // SAFETY: out_shasign was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_shasign, shasign) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::cpay_string_free;
    use std::ffi::CStr;

    const DOC: &CStr = cr#"{"AMOUNT":"1500","CURRENCY":"EUR","LANGUAGE":"en_US","ORDERID":"1234","PSPID":"MyPSPID"}"#;

    fn sign(params: &CStr, pass: &CStr, algo: &CStr, direction: &CStr) -> Result<String, cpay_status> {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: NUL-terminated inputs; `out` is a local, freed once when written.
        unsafe {
            let status = cpay_ogone_sign(params.as_ptr(), pass.as_ptr(), algo.as_ptr(), direction.as_ptr(), &mut out);
            if status != cpay_status::CPAY_OK {
                assert!(out.is_null());
                return Err(status);
            }
            let text = CStr::from_ptr(out).to_str().unwrap().to_owned();
            cpay_string_free(out);
            Ok(text)
        }
    }

    #[test]
    fn spec_public_vector_and_bad_inputs() {
        let pass = c"Mysecretsig1875!?";
        assert_eq!(sign(DOC, pass, c"sha1", c"in").unwrap(), "F4CC376CD7A834D997B91598FA747825A238BE0A");
        assert_eq!(sign(DOC, pass, c"md5", c"in"), Err(cpay_status::CPAY_UNSUPPORTED_ALGORITHM));
        assert_eq!(sign(DOC, pass, c"sha1", c"sideways"), Err(cpay_status::CPAY_INVALID_VALUE));
        assert_eq!(sign(DOC, c"", c"sha1", c"in"), Err(cpay_status::CPAY_INVALID_KEY));
        assert_eq!(sign(c"[1]", pass, c"sha1", c"in"), Err(cpay_status::CPAY_INVALID_VALUE));
        assert_eq!(sign(cr#"{"AMOUNT":1500}"#, pass, c"sha1", c"in"), Err(cpay_status::CPAY_INVALID_VALUE));
        assert_eq!(sign(c"{", pass, c"sha1", c"in"), Err(cpay_status::CPAY_MALFORMED));
    }
}
