//! Ogone DirectLink answers (`<ncresponse … />` of maintenancedirect.asp and querydirect.asp): the strict XML
//! reader, and the whole answer check, expecting the PAYID the input itself carries so that the NCERROR and
//! STATUS classification of every action is reached.
#![no_main]
use cpay_core::http::HttpResponse;
use cpay_core::ogone::directlink::{self, Action, AnswerExpected};
use cpay_fuzz::{check, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let parsed = directlink::parse_ncresponse(text);
    check(data, &parsed);
    let pay_id = parsed
        .ok()
        .and_then(|attributes| attributes.into_iter().find(|(k, _)| k.eq_ignore_ascii_case("PAYID")).map(|(_, v)| v));
    let expected = AnswerExpected { pay_id: Some(pay_id.unwrap_or_else(|| "1".to_owned())), order_id: None };
    let action = match selector % 4 {
        0 => None,
        1 => Some(Action::Refund),
        2 => Some(Action::Cancel),
        _ => Some(Action::Capture),
    };
    let status = if selector & 4 == 0 { 200 } else { u16::from(selector) + 300 };
    let response = HttpResponse { status, headers: Default::default(), body: text.to_owned() };
    check(data, &directlink::verify_answer(&response, &expected, action));
});
