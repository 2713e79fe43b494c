//! Ogone SHA-OUT feedback (url-encoded body), raw and re-signed with the SHA-OUT passphrase.
#![no_main]
use cpay_core::ogone::{response, signature};
use cpay_fuzz::{check, ogone, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, body)) = split(data) else { return };
    let config = ogone();
    let expected = response::Expected::default();
    let server_to_server = selector & 2 != 0;
    if selector & 1 == 0 {
        check(data, &response::verify_body(config, body, &expected, server_to_server));
        return;
    }
    let Ok(mut params) = response::parse_body(config, body) else { return };
    params.retain(|(name, _)| !name.eq_ignore_ascii_case("SHASIGN"));
    let Ok(passphrase) = config.sha_out() else { return };
    let signed = signature::sign(
        params.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        passphrase,
        config.algorithm,
        signature::Direction::Out,
        config.charset,
    );
    let Ok(shasign) = signed else {
        check(data, &signed);
        return;
    };
    params.push(("SHASIGN".to_owned(), shasign));
    check(data, &response::verify_feedback(config, &params, &expected, server_to_server));
});
