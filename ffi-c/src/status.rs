//! `cpay_status`: the one status type every fallible entry point returns.
//!
//! Error statuses are the core's stable [`ErrorCode`] numbers, and their names and the verification
//! predicate are the core's, so a number means the same thing in Rust, C, PHP, Python and Node. A caught
//! panic is the core's `internal` (7902). The statuses only the C ABI can produce (a NULL pointer, bytes
//! that are not UTF-8, a core code this build does not know) live in 7900…7999, next to `internal`.

use cpay_core::ErrorCode;
use std::ffi::{c_char, CString};

/// The result of a cpay call: `CPAY_OK` (0) or the reason it failed.
///
/// Details of the last failure on the calling thread are in `cpay_last_error_*`.
#[repr(u32)]
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum cpay_status {
    /// Success; the out-parameters were written.
    CPAY_OK = 0,
    /// The input could not be parsed at all (JSON, url-encoding, XML, hex).
    CPAY_MALFORMED = 7100,
    /// The input is larger than any genuine gateway message.
    CPAY_TOO_LARGE = 7101,
    /// A mandatory field is absent or empty.
    CPAY_MISSING_FIELD = 7102,
    /// A value breaks the field's format (character class or length).
    CPAY_INVALID_FORMAT = 7103,
    /// A value is well-formed but not one the field accepts (enum, range, date, operation name).
    CPAY_INVALID_VALUE = 7104,
    /// The payment method does not allow this option.
    CPAY_NOT_ALLOWED = 7105,
    /// Two fields disagree.
    CPAY_INCONSISTENT = 7106,
    /// The algorithm name is not one the gateway supports.
    CPAY_UNSUPPORTED_ALGORITHM = 7107,
    /// A key is empty or otherwise unusable.
    CPAY_INVALID_KEY = 7108,
    /// The message carries no signature / MAC / seal.
    CPAY_SIGNATURE_MISSING = 7200,
    /// The signature / MAC / seal does not match the message.
    CPAY_SIGNATURE_MISMATCH = 7201,
    /// The message is for another shop.
    CPAY_WRONG_SHOP = 7202,
    /// The message is for another mode (TEST vs PRODUCTION).
    CPAY_WRONG_MODE = 7203,
    /// The message is for another order or transaction.
    CPAY_WRONG_ORDER = 7204,
    /// The gateway answered with an error of its own.
    CPAY_GATEWAY_ERROR = 7300,
    /// The gateway's answer is not what the protocol says.
    CPAY_UNEXPECTED_RESPONSE = 7301,
    /// A refund is not allowed (rule, window or amount).
    CPAY_REFUND_NOT_ALLOWED = 7400,
    /// The basket or plan is not eligible for the payment method.
    CPAY_NOT_ELIGIBLE = 7401,
    /// A pointer parameter was NULL (the last error's field names it).
    CPAY_NULL_PARAMETER = 7900,
    /// A string parameter is not valid UTF-8 (the last error's field names it).
    CPAY_INVALID_UTF8 = 7901,
    /// cpay panicked; the panic was caught at the boundary (the core's `internal`). Please report it.
    CPAY_PANIC = 7902,
    /// libcpay and the core disagree: the core reported an error code this build has no status for, or
    /// an operation's output lacks its result. Cannot happen when both come from the same tree (tests
    /// guard it); please report it.
    CPAY_UNKNOWN_ERROR = 7903,
}

use cpay_status::*;

impl cpay_status {
    /// The status for a core error code.
    pub fn from_code(code: ErrorCode) -> cpay_status {
        match code {
            ErrorCode::Malformed => CPAY_MALFORMED,
            ErrorCode::TooLarge => CPAY_TOO_LARGE,
            ErrorCode::MissingField => CPAY_MISSING_FIELD,
            ErrorCode::InvalidFormat => CPAY_INVALID_FORMAT,
            ErrorCode::InvalidValue => CPAY_INVALID_VALUE,
            ErrorCode::NotAllowed => CPAY_NOT_ALLOWED,
            ErrorCode::Inconsistent => CPAY_INCONSISTENT,
            ErrorCode::UnsupportedAlgorithm => CPAY_UNSUPPORTED_ALGORITHM,
            ErrorCode::InvalidKey => CPAY_INVALID_KEY,
            ErrorCode::SignatureMissing => CPAY_SIGNATURE_MISSING,
            ErrorCode::SignatureMismatch => CPAY_SIGNATURE_MISMATCH,
            ErrorCode::WrongShop => CPAY_WRONG_SHOP,
            ErrorCode::WrongMode => CPAY_WRONG_MODE,
            ErrorCode::WrongOrder => CPAY_WRONG_ORDER,
            ErrorCode::GatewayError => CPAY_GATEWAY_ERROR,
            ErrorCode::UnexpectedResponse => CPAY_UNEXPECTED_RESPONSE,
            ErrorCode::RefundNotAllowed => CPAY_REFUND_NOT_ALLOWED,
            ErrorCode::NotEligible => CPAY_NOT_ELIGIBLE,
            ErrorCode::Internal => CPAY_PANIC,
            // ErrorCode is non_exhaustive: a code added to the core without a status here lands on this
            // arm, and the test `every_core_code_has_its_own_status` fails.
            _ => CPAY_UNKNOWN_ERROR,
        }
    }

    /// The core code of this status; `None` for `CPAY_OK` and the FFI-only statuses.
    pub fn code(self) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|code| code.number() == self as u32)
    }

    /// The stable snake_case name: the core's [`ErrorCode::name`] for core codes (`internal` for
    /// `CPAY_PANIC`), `ok`, or the FFI-only names `null_parameter`, `invalid_utf8`, `unknown_error`.
    pub fn name(self) -> &'static str {
        match (self, self.code()) {
            (_, Some(code)) => code.name(),
            (CPAY_OK, None) => "ok",
            (CPAY_NULL_PARAMETER, None) => "null_parameter",
            (CPAY_INVALID_UTF8, None) => "invalid_utf8",
            _ => "unknown_error",
        }
    }

    /// Whether this status means "the message may be forged or misrouted" (reject it, do not retry with
    /// other input): the core's [`ErrorCode::is_verification_failure`].
    pub fn is_verification_failure(self) -> bool {
        self.code().is_some_and(ErrorCode::is_verification_failure)
    }
}

/// The names as C strings, built once (the core's names are `&str`).
fn c_name(status: cpay_status) -> *const c_char {
    static NAMES: std::sync::OnceLock<Vec<(cpay_status, CString)>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| ALL.iter().map(|s| (*s, CString::new(s.name()).unwrap_or_default())).collect());
    names.iter().find(|(s, _)| *s == status).map_or(c"unknown_error".as_ptr(), |(_, name)| name.as_ptr())
}

/// The stable snake_case name of a status (`"signature_mismatch"`), a static string never to be freed.
/// An unknown number (not a `cpay_status` value) gives `"unknown_error"`.
#[no_mangle]
pub extern "C" fn cpay_status_name(status: u32) -> *const c_char {
    crate::boundary::infallible(c"unknown_error".as_ptr(), || {
        c_name(ALL.iter().find(|s| **s as u32 == status).copied().unwrap_or(CPAY_UNKNOWN_ERROR))
    })
}

/// Whether `status` means a verification failure (signature missing or wrong, another shop, mode or
/// order): the message must be rejected. Returns false for `CPAY_OK` and for input errors.
#[no_mangle]
pub extern "C" fn cpay_status_is_verification_failure(status: u32) -> bool {
    crate::boundary::infallible(false, || ALL.iter().any(|s| *s as u32 == status && s.is_verification_failure()))
}

/// Every status, for [`cpay_status_name`] and the tests.
pub(crate) const ALL: [cpay_status; 23] = [
    CPAY_OK,
    CPAY_MALFORMED,
    CPAY_TOO_LARGE,
    CPAY_MISSING_FIELD,
    CPAY_INVALID_FORMAT,
    CPAY_INVALID_VALUE,
    CPAY_NOT_ALLOWED,
    CPAY_INCONSISTENT,
    CPAY_UNSUPPORTED_ALGORITHM,
    CPAY_INVALID_KEY,
    CPAY_SIGNATURE_MISSING,
    CPAY_SIGNATURE_MISMATCH,
    CPAY_WRONG_SHOP,
    CPAY_WRONG_MODE,
    CPAY_WRONG_ORDER,
    CPAY_GATEWAY_ERROR,
    CPAY_UNEXPECTED_RESPONSE,
    CPAY_REFUND_NOT_ALLOWED,
    CPAY_NOT_ELIGIBLE,
    CPAY_NULL_PARAMETER,
    CPAY_INVALID_UTF8,
    CPAY_PANIC,
    CPAY_UNKNOWN_ERROR,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn every_core_code_has_its_own_status() {
        for code in ErrorCode::ALL {
            let status = cpay_status::from_code(code);
            assert_ne!(status, CPAY_UNKNOWN_ERROR, "{code:?} needs a cpay_status variant");
            assert_eq!(status as u32, code.number(), "{code:?}");
            assert_eq!(status.name(), code.name(), "{code:?}");
            assert_eq!(status.is_verification_failure(), code.is_verification_failure(), "{code:?}");
        }
    }

    #[test]
    fn ffi_only_statuses_cannot_collide_with_core_codes() {
        let core: Vec<u32> = ErrorCode::ALL.iter().map(|c| c.number()).collect();
        for status in [CPAY_NULL_PARAMETER, CPAY_INVALID_UTF8, CPAY_UNKNOWN_ERROR] {
            assert!((7900..8000).contains(&(status as u32)));
            assert!(!core.contains(&(status as u32)));
        }
        assert_eq!(CPAY_PANIC.code(), Some(ErrorCode::Internal));
    }

    #[test]
    fn all_lists_each_status_once_with_a_unique_name() {
        let mut names: Vec<&str> = ALL.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn names_by_number() {
        // SAFETY: cpay_status_name returns a pointer to a static NUL-terminated string.
        let name = |n: u32| unsafe { CStr::from_ptr(cpay_status_name(n)) }.to_str().unwrap();
        assert_eq!(name(0), "ok");
        assert_eq!(name(7201), "signature_mismatch");
        assert_eq!(name(7900), "null_parameter");
        assert_eq!(name(7902), "internal");
        assert_eq!(name(12345), "unknown_error");
        assert!(cpay_status_is_verification_failure(7202));
        assert!(!cpay_status_is_verification_failure(7104));
        assert!(!cpay_status_is_verification_failure(0));
    }
}
