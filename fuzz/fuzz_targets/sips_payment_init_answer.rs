//! Sips Paypage JSON: the `paymentInit` answer as received, and the same JSON re-sealed with the shop's key so
//! that the redirection checks are reached; and the Lyra REST creation answers (`formToken`, payment order).
#![no_main]
use cpay_core::http::HttpResponse;
use cpay_core::lyra::charge;
use cpay_core::sips::{paypage_json, seal};
use cpay_fuzz::{check, sips, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let config = sips();
    let mut body = text.to_owned();
    if selector & 1 == 1 {
        // Re-seal a JSON object so that verification passes and the fields are read.
        if let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_str::<serde_json::Value>(text) {
            let Ok(key) = config.key() else { return };
            let Ok(sealed) = seal::seal(paypage_json::seal_string(&fields).as_bytes(), key, config.seal_algorithm)
            else {
                return;
            };
            fields.insert("seal".into(), serde_json::Value::String(sealed));
            body = serde_json::Value::Object(fields).to_string();
        }
    }
    let response = HttpResponse { status: 200, headers: Default::default(), body };
    match selector % 3 {
        0 => check(data, &paypage_json::payment_init_answer(config, &response)),
        1 => check(data, &charge::form_token(&response)),
        _ => check(data, &charge::payment_order_created(&response)),
    }
});
