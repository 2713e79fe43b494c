//! Sips Office (JSON) answers: the raw body (seal check first), and the input re-sealed with the shop's key
//! (when it is a JSON object) so that the shop, transaction, responseCode and transactionStatus checks of every
//! action are reached.
#![no_main]
use cpay_core::http::HttpResponse;
use cpay_core::sips::office::{self, Action, AnswerExpected};
use cpay_core::sips::seal::{self, SealAlgorithm};
use cpay_fuzz::{check, sips, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let config = sips();
    let action = match selector % 4 {
        0 => None,
        1 => Some(Action::Refund),
        2 => Some(Action::Cancel),
        _ => Some(Action::Capture),
    };
    let mut expected = AnswerExpected { transaction_reference: "CPAY20260310A1".to_owned() };
    let body = if selector & 4 == 0 {
        text.to_owned()
    } else {
        let Ok(serde_json::Value::Object(mut object)) = serde_json::from_str::<serde_json::Value>(text) else { return };
        let Ok(sealed_text) = office::seal_text(&object) else { return };
        let Ok(key) = config.key() else { return };
        let Ok(sealed) = seal::seal(sealed_text.as_bytes(), key, SealAlgorithm::HmacSha256) else { return };
        if let Some(reference) = object.get("transactionReference").and_then(|r| r.as_str()) {
            if selector & 8 == 0 {
                expected.transaction_reference = reference.to_owned();
            }
        }
        object.insert("seal".to_owned(), serde_json::Value::String(sealed));
        serde_json::Value::Object(object).to_string()
    };
    let response = HttpResponse { status: 200, headers: Default::default(), body };
    check(data, &office::verify_answer(config, &response, &expected, action));
});
