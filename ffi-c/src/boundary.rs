//! The panic boundary every entry point goes through.
//!
//! Unwinding out of an `extern "C"` function aborts the process (a PHP-FPM worker, a whole web request),
//! so every entry point runs its body inside [`run`] or [`infallible`], which catch the panic and turn it
//! into `CPAY_PANIC` (or a safe default for functions that cannot fail). The core is written never to
//! panic on input; this is the second line of defence.

use crate::last_error::{self, Failure};
use crate::status::cpay_status;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run a fallible entry point: clear the thread's last error, run `body`, record its failure or panic.
///
/// `AssertUnwindSafe` is fine here: after a panic nothing the body touched is used again (its state is
/// dropped, and the only state shared between calls, the thread's last error, is replaced).
pub fn run(body: impl FnOnce() -> Result<(), Failure>) -> cpay_status {
    last_error::clear();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => cpay_status::CPAY_OK,
        Ok(Err(failure)) => last_error::set(failure),
        Err(_) => last_error::set(Failure::new(
            cpay_status::CPAY_PANIC,
            None,
            "internal error: cpay panicked (caught at the C boundary); please report it".to_owned(),
        )),
    }
}

/// Run an entry point that cannot fail, returning `fallback` if it panics anyway.
pub fn infallible<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_cpay_panic_and_a_last_error() {
        let status = run(|| panic!("boom"));
        assert_eq!(status, cpay_status::CPAY_PANIC);
        assert_eq!(last_error::current_status(), cpay_status::CPAY_PANIC);
        assert_eq!(infallible(7, || panic!("boom")), 7);
    }

    #[test]
    fn success_clears_the_last_error() {
        let status = run(|| Err(Failure::new(cpay_status::CPAY_MALFORMED, Some("x"), "bad".to_owned())));
        assert_eq!(status, cpay_status::CPAY_MALFORMED);
        assert_eq!(run(|| Ok(())), cpay_status::CPAY_OK);
        assert_eq!(last_error::current_status(), cpay_status::CPAY_OK);
    }
}
