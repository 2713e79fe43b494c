//! Sips response: the posted body, the `Data` string (sealed with the shop's key so the key=value parser
//! and the classification are reached), and the base64 `Encode` decoding.
#![no_main]
use cpay_core::sips::{response, seal};
use cpay_fuzz::{check, sips, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let config = sips();
    let expected = response::Expected::default();
    let server_to_server = selector & 4 != 0;
    match selector % 3 {
        0 => check(data, &response::verify_body(config, rest, &expected, server_to_server)),
        1 => {
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let Ok(key) = config.key() else { return };
            let Ok(sealed) = seal::seal(text.as_bytes(), key, config.seal_algorithm) else { return };
            let fields = vec![
                ("Data".to_owned(), text.to_owned()),
                ("Seal".to_owned(), sealed),
                ("InterfaceVersion".to_owned(), config.interface_version.clone()),
            ];
            check(data, &response::verify_response(config, &fields, &expected, server_to_server));
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            let encode = if selector & 8 == 0 { Some("base64") } else { None };
            check(data, &response::decode(&text, encode));
        }
    }
});
