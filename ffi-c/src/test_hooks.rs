//! Test-only entry points (cargo feature `test-hooks`, never in a shipped library, never in the header).
//!
//! The core never panics on input, so no real input can show what a panic does at the C boundary. This
//! hook panics inside [`crate::boundary::run`] exactly as a core bug would, so a C program
//! (`tests/hardening/panic.c`, `make test-panic`) can check the panic comes back as `CPAY_PANIC` with a
//! last error, and the process goes on — rather than aborting as an unwind out of `extern "C"` would.

use crate::boundary;
use crate::status::cpay_status;

/// Panic inside the boundary; returns `CPAY_PANIC` (7902) when the boundary works.
#[no_mangle]
pub extern "C" fn cpay_test_panic() -> cpay_status {
    boundary::run(|| panic!("deliberate panic from cpay_test_panic (test hook)"))
}
