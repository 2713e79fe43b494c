//! The last error of each thread: its status, message, field, gateway code and JSON form.
//!
//! Every fallible entry point clears it on entry and sets it on failure, so after a non-`CPAY_OK` status
//! the details are there until the next fallible cpay call on the same thread. The getters return
//! pointers into this thread-local storage: they stay valid until that next call, and the caller never
//! frees them. Per-thread storage is what makes concurrent calls from several threads safe without locks.

use crate::status::cpay_status;
use std::cell::RefCell;
use std::ffi::{c_char, CString};

/// Why a call failed: what the C caller reads back through `cpay_last_error_*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    status: cpay_status,
    field: Option<String>,
    message: String,
    gateway_code: Option<String>,
}

impl Failure {
    /// A failure with a status, the field or parameter concerned, and a sentence (never a secret).
    pub fn new(status: cpay_status, field: Option<&str>, message: String) -> Failure {
        Failure { status, field: field.map(str::to_owned), message, gateway_code: None }
    }

    /// A failure about one C parameter (`fields_json`, `key`, `out_signature`, …).
    pub fn parameter(status: cpay_status, parameter: &str, message: String) -> Failure {
        Failure::new(status, Some(parameter), message)
    }

    /// The status.
    pub fn status(&self) -> cpay_status {
        self.status
    }

    /// The field or parameter concerned, if any.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The core's error JSON, [`cpay_core::Error::to_json`]: `{code, number, field?, message,
    /// gateway_code?}`. The FFI-only statuses have no core code and take the same shape.
    fn to_json(&self) -> String {
        if let Some(code) = self.status.code() {
            let error = cpay_core::Error::new(code, self.field.as_deref(), self.message.as_str());
            return match &self.gateway_code {
                Some(gateway_code) => error.with_gateway_code(gateway_code.as_str()),
                None => error,
            }
            .to_json();
        }
        let mut object = serde_json::Map::new();
        object.insert("code".to_owned(), self.status.name().into());
        object.insert("number".to_owned(), (self.status as u32).into());
        if let Some(field) = &self.field {
            object.insert("field".to_owned(), field.clone().into());
        }
        object.insert("message".to_owned(), self.message.clone().into());
        serde_json::Value::Object(object).to_string()
    }
}

impl From<cpay_core::Error> for Failure {
    fn from(error: cpay_core::Error) -> Failure {
        Failure {
            status: cpay_status::from_code(error.code()),
            field: error.field_name().map(str::to_owned),
            message: error.message().to_owned(),
            gateway_code: error.gateway_code().map(str::to_owned),
        }
    }
}

/// A failure as C strings, kept so that the getters can hand out pointers.
struct Stored {
    status: cpay_status,
    message: CString,
    field: Option<CString>,
    gateway_code: Option<CString>,
    json: CString,
}

thread_local! {
    static LAST: RefCell<Option<Stored>> = const { RefCell::new(None) };
}

/// A C string from text that may (in theory) hold a NUL byte: NULs become U+FFFD rather than cutting
/// the message short or failing.
fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

/// Forget the thread's last error (start of every fallible call).
pub fn clear() {
    // try_with/try_borrow_mut: during thread teardown or re-entrancy there is nothing useful to do.
    let _ = LAST.try_with(|last| last.try_borrow_mut().map(|mut slot| *slot = None));
}

/// Record `failure` as the thread's last error and return its status.
pub fn set(failure: Failure) -> cpay_status {
    let stored = Stored {
        status: failure.status,
        message: c_text(&failure.message),
        field: failure.field.as_deref().map(c_text),
        gateway_code: failure.gateway_code.as_deref().map(c_text),
        json: c_text(&failure.to_json()),
    };
    let _ = LAST.try_with(|last| last.try_borrow_mut().map(|mut slot| *slot = Some(stored)));
    failure.status
}

/// The status of the thread's last error (`CPAY_OK` when the last call succeeded).
pub fn current_status() -> cpay_status {
    read(|s| Some(s.status)).unwrap_or(cpay_status::CPAY_OK)
}

fn read<T>(get: impl FnOnce(&Stored) -> Option<T>) -> Option<T> {
    LAST.try_with(|last| last.try_borrow().ok().and_then(|slot| slot.as_ref().and_then(get))).ok().flatten()
}

/// The status of the last failed call on this thread, or `CPAY_OK` when the last call succeeded.
#[no_mangle]
pub extern "C" fn cpay_last_error_status() -> cpay_status {
    crate::boundary::infallible(cpay_status::CPAY_PANIC, current_status)
}

/// The sentence explaining the last failure on this thread (never a secret), or `""` when the last call
/// succeeded. Valid until the next fallible cpay call on this thread; do not free it.
#[no_mangle]
pub extern "C" fn cpay_last_error_message() -> *const c_char {
    crate::boundary::infallible(c"".as_ptr(), || read(|s| Some(s.message.as_ptr())).unwrap_or(c"".as_ptr()))
}

/// The gateway field (`vads_cust_zip`) or C parameter (`key`) the last failure on this thread concerns,
/// or NULL when there is none. Valid until the next fallible cpay call on this thread; do not free it.
#[no_mangle]
pub extern "C" fn cpay_last_error_field() -> *const c_char {
    crate::boundary::infallible(std::ptr::null(), || {
        read(|s| s.field.as_ref().map(|f| f.as_ptr())).unwrap_or(std::ptr::null())
    })
}

/// The gateway's own error code for the last failure on this thread (e.g. a Lyra form error number),
/// or NULL. Valid until the next fallible cpay call on this thread; do not free it.
#[no_mangle]
pub extern "C" fn cpay_last_error_gateway_code() -> *const c_char {
    crate::boundary::infallible(std::ptr::null(), || {
        read(|s| s.gateway_code.as_ref().map(|f| f.as_ptr())).unwrap_or(std::ptr::null())
    })
}

/// The last failure on this thread as JSON, the same object the core and the golden vectors use:
/// `{"code": "signature_mismatch", "field": …, "message": …, "gateway_code": …}`; NULL when the last call
/// succeeded. Valid until the next fallible cpay call on this thread; do not free it.
#[no_mangle]
pub extern "C" fn cpay_last_error_json() -> *const c_char {
    crate::boundary::infallible(std::ptr::null(), || read(|s| Some(s.json.as_ptr())).unwrap_or(std::ptr::null()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn core_errors_keep_code_field_and_gateway_code() {
        let error = cpay_core::Error::missing("vads_amount").with_gateway_code("09");
        let status = set(error.into());
        assert_eq!(status, cpay_status::CPAY_MISSING_FIELD);
        // SAFETY: the getters return NUL-terminated strings valid until the next fallible call.
        let text = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
        assert_eq!(text(cpay_last_error_field()), "vads_amount");
        assert_eq!(text(cpay_last_error_gateway_code()), "09");
        assert_eq!(text(cpay_last_error_message()), "vads_amount is required");
        let json: serde_json::Value = serde_json::from_str(&text(cpay_last_error_json())).unwrap();
        assert_eq!(json["code"], "missing_field");
        assert_eq!(json["gateway_code"], "09");
        assert_eq!(json["number"], 7102);
        clear();
        assert!(cpay_last_error_json().is_null());
        assert!(cpay_last_error_field().is_null());
        assert_eq!(text(cpay_last_error_message()), "");
        assert_eq!(cpay_last_error_status(), cpay_status::CPAY_OK);
    }

    #[test]
    fn errors_are_per_thread() {
        set(Failure::new(cpay_status::CPAY_WRONG_SHOP, None, "x".to_owned()));
        let other = std::thread::spawn(current_status).join().unwrap();
        assert_eq!(other, cpay_status::CPAY_OK);
        assert_eq!(current_status(), cpay_status::CPAY_WRONG_SHOP);
    }

    #[test]
    fn nul_bytes_in_messages_do_not_truncate() {
        assert_eq!(c_text("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }
}
