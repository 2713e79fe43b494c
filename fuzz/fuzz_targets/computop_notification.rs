//! Computop notify / return body (`Len=…&Data=…`), the Blowfish decryption of any Data/Len, and a body
//! whose fuzzed plaintext is encrypted and MAC'd with the shop's passwords (reaches the decrypted-field
//! parser and the classification).
#![no_main]
use cpay_core::computop::{blowfish, mac, plaintext::Fields, response};
use cpay_core::urlencoded;
use cpay_fuzz::{check, computop, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let config = computop();
    let expected = response::Expected::default();
    match selector % 3 {
        0 => check(data, &response::verify_body(config, rest, &expected, selector & 4 != 0)),
        1 => {
            // Any Data (as text) with any Len.
            let Some((len, hex)) = rest.split_first_chunk::<2>() else { return };
            let text = String::from_utf8_lossy(hex);
            check(data, &blowfish::decrypt(&text, usize::from(u16::from_le_bytes(*len)), &config.blowfish_key));
        }
        _ => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let mut plain = text.to_owned();
            if let Ok(fields) = Fields::parse(text) {
                let get = |name: &str| fields.get(name).unwrap_or("");
                let message =
                    mac::response_message(get("PayID"), get("TransID"), get("mid"), get("Status"), get("Code"));
                if fields.get("MAC").is_none() {
                    if let Ok(m) = mac::mac(message.as_bytes(), &config.mac_key) {
                        plain.push_str("&MAC=");
                        plain.push_str(&m);
                    }
                }
            }
            let Ok(encrypted) = blowfish::encrypt(plain.as_bytes(), &config.blowfish_key) else { return };
            let len = encrypted.len.to_string();
            let body = urlencoded::encode([("Len", len.as_str()), ("Data", encrypted.data.as_str())]);
            check(data, &response::verify_body(config, body.as_bytes(), &expected, selector & 4 != 0));
        }
    }
});
