//! Payline SOAP answers (doWebPayment, getWebPaymentDetails, doCapture, doRefund) and the notification
//! query string.
#![no_main]
use cpay_core::payline::{notification, response};
use cpay_fuzz::{check, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match selector % 5 {
        0 => check(data, &response::web_payment_answer(text)),
        1 => {
            let expected = response::Expected {
                order_ref: Some("CMD-2026-0042".into()),
                token: Some("1aLkI8xoWWWWmQVfA2931434983528796".into()),
                amount: None,
            };
            check(data, &response::outcome(text, Some("1aLkI8xoWWWWmQVfA2931434983528796"), &expected));
        }
        2 => check(data, &response::outcome(text, None, &response::Expected::default())),
        3 => {
            let operation = if selector & 8 == 0 { "doCapture" } else { "doRefund" };
            check(data, &response::operation_answer(text, operation));
        }
        _ => check(data, &notification::parse(text, Some("1aLkI8xoWWWWmQVfA2931434983528796"))),
    }
});
