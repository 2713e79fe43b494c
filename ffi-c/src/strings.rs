//! Strings across the boundary: borrowed NUL-terminated UTF-8 in, caller-owned C strings out.

use crate::last_error::Failure;
use crate::status::cpay_status;
use cpay_core::Secret;
use std::ffi::{c_char, CStr, CString};
use zeroize::Zeroize;

/// Borrow a NUL-terminated UTF-8 parameter. `parameter` is its C name, reported in the error.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string that stays valid and unmodified for `'a`
/// (the duration of the call, which is what the C API promises to borrow it for).
pub unsafe fn input<'a>(ptr: *const c_char, parameter: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(null(parameter));
    }
    // SAFETY: non-NULL, and the caller guarantees a NUL-terminated string valid for 'a.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map_err(|e| {
        Failure::parameter(
            cpay_status::CPAY_INVALID_UTF8,
            parameter,
            format!("{parameter} is not valid UTF-8 (byte {})", e.valid_up_to()),
        )
    })
}

/// Borrow a key parameter (a password, passphrase or secret) and wrap it as a [`Secret`].
///
/// An empty key is refused (`CPAY_INVALID_KEY` naming `parameter`) even where the gateway's primitive
/// would hash it: a MAC, signature or seal under an empty key is never one a gateway accepts, and an
/// empty key almost always means an unset environment variable or configuration entry.
///
/// # Safety
/// As for [`input`].
pub unsafe fn key(ptr: *const c_char, parameter: &str) -> Result<Secret, Failure> {
    // SAFETY: forwarded from the caller's contract.
    let text = unsafe { input(ptr, parameter)? };
    if text.is_empty() {
        return Err(Failure::parameter(cpay_status::CPAY_INVALID_KEY, parameter, format!("{parameter} is empty")));
    }
    Ok(Secret::from(text))
}

/// Refuse a NULL out-parameter before doing any work.
pub fn check_out<T>(out: *mut *mut T, parameter: &str) -> Result<(), Failure> {
    if out.is_null() {
        Err(null(parameter))
    } else {
        Ok(())
    }
}

/// The failure for a NULL pointer parameter.
pub fn null(parameter: &str) -> Failure {
    Failure::parameter(cpay_status::CPAY_NULL_PARAMETER, parameter, format!("{parameter} must not be NULL"))
}

/// Hand `value` to the caller through `out` as a C string it must release with [`cpay_string_free`].
///
/// # Safety
/// `out` must be non-NULL (see [`check_out`]) and point to writable storage for one `char *`.
pub unsafe fn write_out(out: *mut *mut c_char, value: String) -> Result<(), Failure> {
    let text = CString::new(value)
        .map_err(|_| Failure::new(cpay_status::CPAY_MALFORMED, None, "the result contains a NUL byte".to_owned()))?;
    // SAFETY: the caller guarantees `out` is non-NULL and writable; ownership of the allocation moves to
    // the C caller, who gives it back through cpay_string_free.
    unsafe { *out = text.into_raw() };
    Ok(())
}

/// Release a string cpay returned (`*out_json`, `*out_signature`, …). NULL is accepted and ignored.
/// The bytes are wiped before the memory is released, since results may hold personal data.
///
/// # Safety
/// `s` must be NULL or a pointer cpay returned through an out-parameter, not yet freed; after the call
/// it must not be used.
#[no_mangle]
pub unsafe extern "C" fn cpay_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    crate::boundary::infallible((), || {
        // SAFETY: `s` came from CString::into_raw in write_out (the contract above) and is freed once.
        let owned = unsafe { CString::from_raw(s) };
        owned.into_bytes_with_nul().zeroize();
    });
}

/// Take a string cpay wrote through an out-parameter, freeing it (for the unit tests of the typed functions).
#[cfg(test)]
pub(crate) fn take_string(out: *mut c_char) -> String {
    // SAFETY: `out` was written by a successful call and is freed once.
    unsafe {
        let text = std::ffi::CStr::from_ptr(out).to_str().expect("UTF-8").to_owned();
        cpay_string_free(out);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_checked() {
        // SAFETY: NULL and NUL-terminated literals.
        unsafe {
            assert_eq!(input(std::ptr::null(), "key").unwrap_err().status(), cpay_status::CPAY_NULL_PARAMETER);
            let bad = input(c"a\xffb".as_ptr(), "key").unwrap_err();
            assert_eq!((bad.status(), bad.field()), (cpay_status::CPAY_INVALID_UTF8, Some("key")));
            assert_eq!(input(c"héllo".as_ptr(), "key").unwrap(), "héllo");
            let empty = key(c"".as_ptr(), "passphrase").unwrap_err();
            assert_eq!((empty.status(), empty.field()), (cpay_status::CPAY_INVALID_KEY, Some("passphrase")));
            assert_eq!(key(c"k".as_ptr(), "key").unwrap().expose(), b"k");
        }
    }

    #[test]
    fn outputs_round_trip_through_free() {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: `out` is a valid local; the string is freed once.
        unsafe {
            write_out(&mut out, "abc".to_owned()).unwrap();
            assert_eq!(CStr::from_ptr(out).to_str().unwrap(), "abc");
            cpay_string_free(out);
            cpay_string_free(std::ptr::null_mut());
        }
        let mut untouched: *mut c_char = std::ptr::null_mut();
        // SAFETY: as above; the write fails before touching `untouched`.
        assert!(unsafe { write_out(&mut untouched, "a\0b".to_owned()) }.is_err());
        assert!(untouched.is_null());
        assert!(check_out(std::ptr::null_mut::<*mut c_char>(), "out_json").is_err());
    }
}
