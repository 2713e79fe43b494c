//! Worldline Sips 2.0's typed function: the raw Seal primitive.
//!
//! It calls the core's [`cpay_core::sips::seal`] directly. The checked paths (Data building, the form,
//! the response) are reached through `cpay_call` (`sips.data`, `sips.form`, `sips.notification`, …).

use crate::boundary;
use crate::status::cpay_status;
use crate::strings::{check_out, input, key, write_out};
use cpay_core::sips::seal::{self, SealAlgorithm};
use std::ffi::c_char;

/// The Seal of `data` (the `Data` text exactly as posted: with `Encode=base64`, the base64 text) under
/// the secret key `key`, with `algo`: `"hmac-sha256"` (HMAC-SHA-256, sent with
/// `SealAlgorithm=HMAC-SHA-256`) or `"sha256"` (SHA-256 of Data then key, older accounts); the spellings
/// `HMAC-SHA-256` and `SHA-256` are accepted too. Lowercase hex.
///
/// On `CPAY_OK`, `*out_seal` is owned by the caller and released with `cpay_string_free`.
/// `CPAY_UNSUPPORTED_ALGORITHM` on `algo`, `CPAY_INVALID_KEY` on an empty `key`.
///
/// # Safety
/// `data`, `key` and `algo` must be NULL or NUL-terminated strings valid for the call; `out_seal` must be
/// NULL or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_sips_seal(
    data: *const c_char,
    key: *const c_char,
    algo: *const c_char,
    out_seal: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above; each reader checks for NULL.
        let (data, key, algo) = unsafe { (input(data, "data")?, self::key(key, "key")?, input(algo, "algo")?) };
        check_out(out_seal, "out_seal")?;
        let algorithm = SealAlgorithm::parse(algo)?;
        let seal = seal::seal(data.as_bytes(), &key, algorithm)?;
        // SAFETY: out_seal was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_seal, seal) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::cpay_string_free;
    use std::ffi::CStr;

    fn seal(data: &CStr, key: &CStr, algo: &CStr) -> Result<String, cpay_status> {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: NUL-terminated inputs; `out` is a local, freed once when written.
        unsafe {
            let status = cpay_sips_seal(data.as_ptr(), key.as_ptr(), algo.as_ptr(), &mut out);
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
    fn rfc4231_case_2_and_bad_inputs() {
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(seal(c"what do ya want for nothing?", c"Jefe", c"HMAC-SHA-256").unwrap(), expected);
        assert_eq!(seal(c"what do ya want for nothing?", c"Jefe", c"hmac-sha256").unwrap(), expected);
        assert_eq!(seal(c"a", c"k", c"md5"), Err(cpay_status::CPAY_UNSUPPORTED_ALGORITHM));
        assert_eq!(seal(c"a", c"", c"sha256"), Err(cpay_status::CPAY_INVALID_KEY));
        assert_eq!(seal(c"\xc3", c"k", c"sha256"), Err(cpay_status::CPAY_INVALID_UTF8));
    }
}
