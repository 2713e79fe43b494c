//! Lyra JavaScript-client / IPN `kr-answer` body, raw and with a valid `kr-hash` over the fuzzed answer.
#![no_main]
use cpay_core::lyra::kr;
use cpay_core::lyra::response::Expected;
use cpay_core::urlencoded;
use cpay_core::Secret;
use cpay_fuzz::{check, lyra, split, SECRETS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((selector, rest)) = split(data) else { return };
    let hmac_key = Secret::from(SECRETS[8]);
    let password = Secret::from(SECRETS[2]);
    if selector & 1 == 0 {
        check(data, &kr::verify_body(lyra(), rest, &Expected::default()));
        return;
    }
    // Re-signed: the fuzzed bytes are the kr-answer JSON itself, hashed with the key the body names.
    let Ok(answer) = std::str::from_utf8(rest) else { return };
    let (which, key) = if selector & 2 == 0 { ("sha256_hmac", &hmac_key) } else { ("password", &password) };
    let hash = kr::hash(answer.as_bytes(), key);
    let body = urlencoded::encode([
        ("kr-hash", hash.as_str()),
        ("kr-hash-algorithm", "sha256_hmac"),
        ("kr-hash-key", which),
        ("kr-answer-type", "V4/Payment"),
        ("kr-answer", answer),
    ]);
    check(data, &kr::verify_body(lyra(), body.as_bytes(), &Expected::default()));
});
