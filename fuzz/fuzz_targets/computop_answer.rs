//! Computop server-to-server answers: `credit.aspx`, `reverse.aspx` and `inquire.aspx`, as received (plain or
//! `Len`/`Data`), and fuzzed plaintexts MAC'd and encrypted with the shop's passwords (reaches the amount
//! parsing and the classification behind the MAC check).
#![no_main]
use cpay_core::computop::{blowfish, inquire, mac, plaintext::Fields, refund, response::Expected, reverse};
use cpay_core::http::HttpResponse;
use cpay_core::urlencoded;
use cpay_fuzz::{check, computop, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let config = computop();
    let body = if selector & 4 == 0 {
        text.to_owned()
    } else {
        let mut plain = text.to_owned();
        if let Ok(fields) = Fields::parse(text) {
            let get = |name: &str| fields.get(name).unwrap_or("");
            let message = mac::response_message(get("PayID"), get("TransID"), get("mid"), get("Status"), get("Code"));
            if fields.get("MAC").is_none() {
                if let Ok(m) = mac::mac(message.as_bytes(), &config.mac_key) {
                    plain.push_str("&MAC=");
                    plain.push_str(&m);
                }
            }
        }
        let Ok(encrypted) = blowfish::encrypt(plain.as_bytes(), &config.blowfish_key) else { return };
        let len = encrypted.len.to_string();
        urlencoded::encode([("MerchantID", "cpay_test"), ("Len", len.as_str()), ("Data", encrypted.data.as_str())])
    };
    let response = HttpResponse { status: 200, headers: Default::default(), body };
    match selector % 3 {
        0 => check(data, &refund::verify_answer(config, &response, &Expected::default())),
        1 => check(data, &reverse::verify_answer(config, &response, &Expected::default())),
        _ => {
            let expected = Expected { trans_id: None, pay_id: Some("0123456789abcdef0123456789abcdef".into()) };
            check(data, &inquire::verify_answer(config, &response, &expected));
        }
    }
});
