//! Lyra IPN / browser return body (`vads_*` url-encoded fields), raw and re-signed with the shop's key.
#![no_main]
use cpay_core::lyra::{config::Algorithm, response, signature};
use cpay_fuzz::{check, lyra, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, body)) = split(data) else { return };
    let expected = response::Expected::default();
    if selector & 1 == 0 {
        check(data, &response::verify_body(lyra(), body, &expected));
        return;
    }
    // Re-signed: parse, replace the signature with a valid one for the key of the mode the fields claim.
    let Ok(mut fields) = response::parse_body(body) else { return };
    fields.retain(|(name, _)| name != "signature");
    let mode = fields.iter().find(|(n, _)| n == "vads_ctx_mode").map(|(_, v)| v.as_str());
    let key = match mode {
        Some("PRODUCTION") => lyra().production_key.as_ref(),
        _ => lyra().test_key.as_ref(),
    };
    let Some(key) = key else { return };
    let algorithm = if selector & 2 == 0 { Algorithm::HmacSha256 } else { Algorithm::Sha1 };
    let Ok(sig) = signature::sign(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())), key, algorithm) else {
        return;
    };
    fields.push(("signature".to_owned(), sig));
    check(data, &response::verify_notification(lyra(), &fields, &expected));
});
