//! Shared pieces of the fuzz targets: one shop per gateway with recognisable secrets, the "re-sign"
//! helpers that turn random input into a *validly signed* message (so the fuzzer also reaches the code
//! that runs after verification, which random bytes never would), and the invariant every target checks:
//! an error never contains a secret.

use cpay_core::computop::config::ComputopConfig;
use cpay_core::lyra::config::LyraConfig;
use cpay_core::ogone::config::OgoneConfig;
use cpay_core::sips::config::SipsConfig;
use serde_json::json;
use std::sync::OnceLock;

/// Every secret the fuzz shops hold. Recognisable, so a leak into a message is found by a substring test.
pub const SECRETS: [&str; 10] = [
    "FuzzLyraTestKey1",
    "FuzzLyraProdKey2",
    "FuzzLyraRestPwd3",
    "FuzzBlowfishPwd4",
    "FuzzComputopMac5",
    "FuzzOgoneShaIn-6",
    "FuzzOgoneShaOut7",
    "FuzzSipsSecret-8",
    "FuzzKrHmacKey--9",
    "FuzzOgoneApiPw10",
];

/// The Lyra shop (TEST mode, both keys, REST password and HMAC key).
pub fn lyra() -> &'static LyraConfig {
    static C: OnceLock<LyraConfig> = OnceLock::new();
    C.get_or_init(|| {
        from_json(json!({"platform": "sogecommerce", "site_id": "12345678", "mode": "TEST",
            "test_key": SECRETS[0], "production_key": SECRETS[1], "rest_password": SECRETS[2],
            "rest_hmac_key": SECRETS[8]}))
    })
}

/// The Computop shop.
pub fn computop() -> &'static ComputopConfig {
    static C: OnceLock<ComputopConfig> = OnceLock::new();
    C.get_or_init(|| {
        from_json(json!({"merchant_id": "cpay_test", "blowfish_key": SECRETS[3], "mac_key": SECRETS[4],
            "host": "test"}))
    })
}

/// The Ogone shop (SHA-256, both passphrases, a DirectLink API user).
pub fn ogone() -> &'static OgoneConfig {
    static C: OnceLock<OgoneConfig> = OnceLock::new();
    C.get_or_init(|| {
        from_json(json!({"pspid": "MyPSPID", "environment": "test", "algorithm": "sha256",
            "sha_in_passphrase": SECRETS[5], "sha_out_passphrase": SECRETS[6], "user_id": "fuzz_api",
            "api_password": SECRETS[9]}))
    })
}

/// The Sips shop (HMAC-SHA-256 seal).
pub fn sips() -> &'static SipsConfig {
    static C: OnceLock<SipsConfig> = OnceLock::new();
    C.get_or_init(|| {
        from_json(json!({"merchant_id": "002001000000001", "key_version": 1, "secret_key": SECRETS[7],
            "environment": "simu"}))
    })
}

fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    match serde_json::from_value(value) {
        Ok(config) => config,
        Err(e) => panic!("fuzz shop configuration rejected: {e}"),
    }
}

/// The invariant of every target besides "no panic": an error names no secret (unless the input itself
/// carried that text, which a message may legitimately quote back, e.g. an unknown field name).
pub fn check<T>(input: &[u8], result: &cpay_core::Result<T>) {
    if let Err(e) = result {
        let shown = format!("{e} {e:?} {}", serde_json::to_string(e).unwrap_or_default());
        // The input is searched only when the message shows a secret: a search of every input would make
        // libFuzzer's comparison hooks (one per window) the cost of the run on large inputs.
        for secret in SECRETS.iter().filter(|s| shown.contains(*s)) {
            let in_input = input.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(in_input, "an error shows a secret: {shown}");
        }
    }
}

/// Split off the first byte as a selector (which variant of a target to run).
pub fn split(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(first, rest)| (*first, rest))
}
