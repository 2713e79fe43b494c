//! Payline getTransactionDetails answers (with and without expectations) and the doReset /
//! doReAuthorization answers.
#![no_main]
use cpay_core::payline::{response, transaction};
use cpay_fuzz::{check, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match selector % 4 {
        0 => check(data, &transaction::outcome(text, "26069150044598", &transaction::TransactionExpected::default())),
        1 => {
            let expected = transaction::TransactionExpected {
                order_ref: Some("CMD-2026-0042".into()),
                amount: None,
                contract_number: Some("CPAY01".into()),
            };
            check(data, &transaction::outcome(text, "26069150044598", &expected));
        }
        2 => check(data, &response::operation_answer(text, "doReset")),
        _ => check(data, &response::operation_answer(text, "doReAuthorization")),
    }
});
