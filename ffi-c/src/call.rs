//! The generic entry point: every core operation, current and future, by name, JSON in and JSON out.

use crate::boundary;
use crate::status::cpay_status;
use crate::strings::{check_out, input, write_out};
use std::ffi::c_char;

/// Run the operation `operation` (`"lyra.form"`, `"lyra.notification"`, `"computop.encrypt"`, … — see
/// `cpay_operations`) on `input_json`, a JSON object in the schema the CLI's `cpay call` uses.
///
/// Both strings are NUL-terminated UTF-8, borrowed for the call. On `CPAY_OK`, `*out_json` receives the
/// result as JSON, owned by the caller and released with `cpay_string_free`; on failure it is untouched
/// and `cpay_last_error_*` say why (the field names the JSON field at fault).
///
/// # Safety
/// `operation` and `input_json` must be NULL or NUL-terminated strings valid for the call; `out_json` must
/// be NULL or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_call(
    operation: *const c_char,
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> cpay_status {
    boundary::run(|| {
        // SAFETY: the caller's contract above, checked for NULL by `input`.
        let (operation, input_json) = unsafe { (input(operation, "operation")?, input(input_json, "input_json")?) };
        check_out(out_json, "out_json")?;
        let output = cpay_core::api::call(operation, input_json)?;
        // SAFETY: out_json was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_json, output) }
    })
}

/// The names of every operation `cpay_call` accepts, as a JSON array of strings. On `CPAY_OK`,
/// `*out_json` is owned by the caller and released with `cpay_string_free`.
///
/// # Safety
/// `out_json` must be NULL or point to writable storage for one `char *`.
#[no_mangle]
pub unsafe extern "C" fn cpay_operations(out_json: *mut *mut c_char) -> cpay_status {
    boundary::run(|| {
        check_out(out_json, "out_json")?;
        let names = serde_json::Value::from(cpay_core::api::operations().collect::<Vec<_>>()).to_string();
        // SAFETY: out_json was checked non-NULL and the caller guarantees it is writable.
        unsafe { write_out(out_json, names) }
    })
}

/// The version of cpay, e.g. `"0.1.0"`: a static string, never to be freed.
#[no_mangle]
pub extern "C" fn cpay_version() -> *const c_char {
    VERSION.as_ptr().cast()
}

/// The crate version, NUL-terminated for C (the same as `cpay_core::VERSION`; a test checks it).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::cpay_string_free;
    use std::ffi::CStr;

    fn call(op: &CStr, input: &CStr) -> (cpay_status, Option<String>) {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: NUL-terminated inputs; `out` is a local, freed once when written.
        unsafe {
            let status = cpay_call(op.as_ptr(), input.as_ptr(), &mut out);
            if out.is_null() {
                return (status, None);
            }
            let text = CStr::from_ptr(out).to_str().unwrap().to_owned();
            cpay_string_free(out);
            (status, Some(text))
        }
    }

    #[test]
    fn runs_operations_and_reports_errors() {
        let input = cr#"{"fields":{"vads_amount":"5124"},"key":"1122334455667788","algo":"sha1"}"#;
        let (status, out) = call(c"lyra.sign", input);
        assert_eq!(status, cpay_status::CPAY_OK);
        assert!(out.unwrap().contains("signature"));
        assert_eq!(call(c"lyra.sign", c"{").0, cpay_status::CPAY_MALFORMED);
        assert_eq!(call(c"nope.sign", c"{}"), (cpay_status::CPAY_INVALID_VALUE, None));
        assert_eq!(crate::last_error::current_status(), cpay_status::CPAY_INVALID_VALUE);
    }

    #[test]
    fn null_parameters_are_named() {
        // SAFETY: NULL pointers are what is being tested; nothing is dereferenced.
        let status = unsafe { cpay_call(std::ptr::null(), c"{}".as_ptr(), std::ptr::null_mut()) };
        assert_eq!(status, cpay_status::CPAY_NULL_PARAMETER);
        // SAFETY: the getter returns a NUL-terminated string valid until the next call.
        let field = unsafe { CStr::from_ptr(crate::last_error::cpay_last_error_field()) };
        assert_eq!(field.to_str().unwrap(), "operation");
        // SAFETY: as above.
        let status = unsafe { cpay_call(c"lyra.sign".as_ptr(), c"{}".as_ptr(), std::ptr::null_mut()) };
        assert_eq!(status, cpay_status::CPAY_NULL_PARAMETER);
    }

    #[test]
    fn operations_and_version() {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: `out` is a local, freed once.
        unsafe {
            assert_eq!(cpay_operations(&mut out), cpay_status::CPAY_OK);
            let list: Vec<String> = serde_json::from_str(CStr::from_ptr(out).to_str().unwrap()).unwrap();
            assert!(list.iter().any(|op| op == "lyra.notification"));
            cpay_string_free(out);
            assert_eq!(CStr::from_ptr(cpay_version()).to_str().unwrap(), cpay_core::VERSION);
        }
    }
}
