//! Lyra REST answers (`Transaction/Get`, `CancelOrRefund`, `Validate`, `Update`, `Order/Get`): the raw HTTP body
//! through the envelope parser and the transaction / order readers, checked against the fuzz shop.
#![no_main]
use cpay_core::http::HttpResponse;
use cpay_core::lyra::{rest, transaction};
use cpay_fuzz::{check, lyra, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest_bytes)) = split(data) else { return };
    let Ok(body) = std::str::from_utf8(rest_bytes) else { return };
    let response = HttpResponse { status: 200, headers: Default::default(), body: body.to_owned() };
    let Ok(answer) = rest::parse_answer(&response) else { return };
    let expected = transaction::RestExpected::default();
    if selector & 1 == 0 {
        check(data, &transaction::transaction(lyra(), answer, &expected));
    } else {
        check(data, &transaction::order(lyra(), answer, &expected));
    }
});
