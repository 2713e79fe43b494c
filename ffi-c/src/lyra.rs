//! Lyra's typed functions (Sogecommerce, PayZen, Systempay, …): the raw signature primitive.
//!
//! The checked paths (form building, notification verification, REST) are reached through `cpay_call`
//! (`lyra.form`, `lyra.notification`, …). A gateway's typed functions live in one module like this one.

use crate::boundary;
use crate::last_error::Failure;
use crate::status::cpay_status;
use crate::strings::{check_out, input, write_out};
use cpay_core::json::{parse_string_map, StringMap};
use cpay_core::lyra::{signature, Algorithm};
use cpay_core::Secret;
use std::ffi::c_char;

/// The three parameters shared by sign and verify: the fields (borrowed where they hold no escape), the
/// key and the algorithm.
///
/// # Safety
/// Each pointer must be NULL or a NUL-terminated string valid for `'a`.
unsafe fn sign_input<'a>(
    fields_json: *const c_char,
    key: *const c_char,
    algo: *const c_char,
) -> Result<(StringMap<'a>, Secret, Algorithm), Failure> {
    // SAFETY: forwarded from the caller's contract; `input` checks for NULL.
    let (fields, key, algo) = unsafe { (input(fields_json, "fields_json")?, input(key, "key")?, input(algo, "algo")?) };
    Ok((parse_string_map(fields, "fields")?, Secret::from(key), Algorithm::parse(algo)?))
}

/// Compute the Lyra signature of `fields_json` (a JSON object of field name → string value; fields not
/// starting with `vads_` are ignored, exactly as the platform does) with `key`, using `algo`
/// (`"hmac-sha256"` or `"sha1"`). This is the raw primitive: no format or shop checks.
///
/// All inputs are NUL-terminated UTF-8. On `CPAY_OK`, `*out_signature` (base64 for HMAC-SHA-256, hex for
/// SHA-1) is owned by the caller and released with `cpay_string_free`; on failure it is untouched.
///
/// # Safety
/// `fields_json`, `key` and `algo` must be NULL or NUL-terminated strings valid for the call;
/// `out_signature` must be NULL or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_lyra_sign(
    fields_json: *const c_char,
    key: *const c_char,
    algo: *const c_char,
    out_signature: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above.
        let (fields, key, algo) = unsafe { sign_input(fields_json, key, algo)? };
        check_out(out_signature, "out_signature")?;
        let signature = signature::sign(fields.iter(), &key, algo)?;
        // SAFETY: out_signature was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_signature, signature) }
    })
}

/// Check the `signature` member of `fields_json` against the other fields, with `key` and `algo`
/// (`"hmac-sha256"` or `"sha1"`), in constant time. The raw primitive: no mode, shop or order checks
/// (use `cpay_call("lyra.notification", …)` to accept a payment).
///
/// Returns `CPAY_OK` only when the signature matches; `CPAY_SIGNATURE_MISMATCH` when it does not,
/// `CPAY_SIGNATURE_MISSING` when there is none — so a caller that only tests for `CPAY_OK` fails closed.
///
/// # Safety
/// `fields_json`, `key` and `algo` must be NULL or NUL-terminated strings valid for the call.
#[no_mangle]
pub unsafe extern "C" fn cpay_lyra_verify(
    fields_json: *const c_char,
    key: *const c_char,
    algo: *const c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above.
        let (fields, key, algo) = unsafe { sign_input(fields_json, key, algo)? };
        let received = fields.get("signature").unwrap_or_default();
        let valid = signature::verify(fields.iter(), received, &key, algo)?;
        if valid {
            Ok(())
        } else {
            Err(Failure::parameter(
                cpay_status::CPAY_SIGNATURE_MISMATCH,
                "signature",
                "the signature does not match the fields".to_owned(),
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::cpay_string_free;
    use std::ffi::CStr;

    const DOC: &CStr = cr#"{"vads_action_mode":"INTERACTIVE","vads_amount":"5124","vads_ctx_mode":"TEST","vads_currency":"978","vads_page_action":"PAYMENT","vads_payment_config":"SINGLE","vads_site_id":"12345678","vads_trans_date":"20170129130025","vads_trans_id":"123456","vads_version":"V2"}"#;
    const KEY: &CStr = c"1122334455667788";

    fn sign(fields: &CStr, algo: &CStr) -> Result<String, cpay_status> {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: NUL-terminated inputs; `out` is a local, freed once when written.
        unsafe {
            let status = cpay_lyra_sign(fields.as_ptr(), KEY.as_ptr(), algo.as_ptr(), &mut out);
            if status != cpay_status::CPAY_OK {
                assert!(out.is_null(), "no output on failure");
                return Err(status);
            }
            let text = CStr::from_ptr(out).to_str().unwrap().to_owned();
            cpay_string_free(out);
            Ok(text)
        }
    }

    #[test]
    fn documentation_example() {
        assert_eq!(sign(DOC, c"hmac-sha256").unwrap(), "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=");
        assert_eq!(sign(DOC, c"sha1").unwrap(), "59c96b34c74b9375c332b0b6a32e6deeec87de2b");
        assert_eq!(sign(DOC, c"md5"), Err(cpay_status::CPAY_UNSUPPORTED_ALGORITHM));
        assert_eq!(sign(c"{", c"sha1"), Err(cpay_status::CPAY_MALFORMED));
    }

    #[test]
    fn escaped_and_plain_inputs_agree() {
        // The escaped value is unescaped, the plain one borrowed: the same fields, the same signature.
        let escaped = sign(cr#"{"vads_a":"x\u0041","vads_b":"2"}"#, c"sha1").unwrap();
        let plain = sign(cr#"{"vads_a":"xA","vads_b":"2"}"#, c"sha1").unwrap();
        assert_eq!(escaped, plain);
        assert_eq!(sign(cr#"{"vads_a":"1","vads_a":"2"}"#, c"sha1"), sign(cr#"{"vads_a":"2"}"#, c"sha1"));
        assert_eq!(sign(cr#"{"vads_a":2}"#, c"sha1"), Err(cpay_status::CPAY_INVALID_VALUE));
        let accented = sign(c"{\"vads_cust_name\":\"Ren\\u00e9e\"}", c"sha1").unwrap();
        assert_eq!(accented, sign(cr#"{"vads_cust_name":"Renée"}"#, c"sha1").unwrap());
    }

    #[test]
    fn verify_fails_closed() {
        let signed = DOC.to_str().unwrap().replace('}', r#","signature":"59c96b34c74b9375c332b0b6a32e6deeec87de2b"}"#);
        let signed = std::ffi::CString::new(signed).unwrap();
        // SAFETY: NUL-terminated inputs.
        let verify =
            |fields: &CStr, key: &CStr| unsafe { cpay_lyra_verify(fields.as_ptr(), key.as_ptr(), c"sha1".as_ptr()) };
        assert_eq!(verify(&signed, KEY), cpay_status::CPAY_OK);
        assert_eq!(verify(&signed, c"wrong"), cpay_status::CPAY_SIGNATURE_MISMATCH);
        assert_eq!(verify(DOC, KEY), cpay_status::CPAY_SIGNATURE_MISSING);
    }
}
