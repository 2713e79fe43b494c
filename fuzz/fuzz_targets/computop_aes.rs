//! Computop AES `Data` (`HEXIV-HEXCIPHERTEXT`) and the `Len` rule in characters: AES decryption of any Data/Len,
//! the `Len` cut of any decrypted bytes, and a notify whose fuzzed plaintext is AES-encrypted and MAC'd with an
//! AES shop's passwords (reaches the field parser, the `Custom` pairs and the classification).
#![no_main]
use cpay_core::computop::{aes, mac, plaintext::Fields, response, text, ComputopConfig};
use cpay_fuzz::{check, split, SECRETS};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// An AES-256 shop (the key is 32 bytes; SECRETS[4] is the HMAC password).
fn shop() -> &'static ComputopConfig {
    static C: OnceLock<ComputopConfig> = OnceLock::new();
    C.get_or_init(|| {
        serde_json::from_value(serde_json::json!({"merchant_id": "cpay_test", "algorithm": "aes",
            "aes_key": "0123456789abcdefghijklmnopqrstuv", "mac_key": SECRETS[4], "host": "test"}))
        .expect("the AES fuzz shop")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let config = shop();
    let key = config.aes_key.clone().unwrap_or_default();
    let Some((len, rest)) = rest.split_first_chunk::<2>() else { return };
    let len = usize::from(u16::from_le_bytes(*len));
    match selector % 4 {
        0 => check(data, &aes::decrypt(&String::from_utf8_lossy(rest), len, &key)),
        1 => check(data, &text::cut(rest, len, usize::from(selector >> 4))),
        2 => check(data, &response::verify_body(config, rest, &response::Expected::default(), selector & 4 != 0)),
        _ => {
            let Ok(plain) = std::str::from_utf8(rest) else { return };
            let mut plain = plain.to_owned();
            if let Ok(fields) = Fields::parse(&plain) {
                let get = |name: &str| fields.get(name).unwrap_or("");
                let message =
                    mac::response_message(get("PayID"), get("TransID"), get("mid"), get("Status"), get("Code"));
                if let (None, Ok(m)) = (fields.get("MAC"), mac::mac(message.as_bytes(), &config.mac_key)) {
                    plain.push_str("&MAC=");
                    plain.push_str(&m);
                }
            }
            let iv = [selector; 16];
            let Ok(encrypted) = aes::encrypt(plain.as_bytes(), &key, &iv) else { return };
            let body = format!("Len={}&Data={}&custom={selector}", encrypted.len, encrypted.data);
            check(data, &response::verify_body(config, body.as_bytes(), &response::Expected::default(), true));
        }
    }
});
