//! Shared pieces of cpay's benchmarks: the fixtures every language measures (`bench/cases.json`) and the
//! raw crypto "floor" each cpay operation is compared with — the same primitive over the same bytes, called
//! on the RustCrypto crates directly, with nothing else around it (no parsing, no checks, no allocation
//! beyond the output's encoding).
//!
//! The floors live here rather than in the bench file so their unit tests can prove they compute exactly
//! what cpay computes: a floor that hashed different bytes would make every ratio meaningless.
#![forbid(unsafe_code)]

use base64::Engine;
use blowfish::cipher::generic_array::GenericArray;
use blowfish::cipher::{BlockDecrypt, BlockEncrypt};
use blowfish::Blowfish;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The fixtures, as written by `bench/tools/gen_cases.py`.
pub const CASES_JSON: &str = include_str!("../../cases.json");

/// The fixtures parsed; the file is committed and generated, so a parse failure is a broken checkout.
pub fn cases() -> serde_json::Value {
    serde_json::from_str(CASES_JSON).unwrap_or(serde_json::Value::Null)
}

/// HMAC-SHA-256 of `message` under `key` (HMAC takes keys of any length, so this cannot fail).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("any key length"));
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Lyra's signing string: the `vads_` values sorted by name, joined with `+`, then `+key`.
pub fn lyra_message<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>, key: &str) -> Vec<u8> {
    let mut vads: Vec<(&str, &str)> = fields.into_iter().filter(|(k, _)| k.starts_with("vads_")).collect();
    vads.sort_unstable();
    let mut message = Vec::with_capacity(1024);
    for (_, value) in vads {
        message.extend_from_slice(value.as_bytes());
        message.push(b'+');
    }
    message.extend_from_slice(key.as_bytes());
    message
}

/// Floor of a Lyra signature: base64 of HMAC-SHA-256 over the signing string.
pub fn lyra_floor(key: &[u8], message: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(hmac_sha256(key, message))
}

/// The Blowfish cipher keyed as Computop does (the standard schedule, keys of 1 to 72 bytes).
pub fn blowfish(key: &[u8]) -> Blowfish {
    let mut cipher = Blowfish::bc_init_state();
    cipher.bc_expand_key(key);
    cipher
}

/// Floor of Computop's `Data`: key schedule, zero padding, ECB, lowercase hex.
pub fn blowfish_encrypt_hex(key: &[u8], plaintext: &[u8]) -> String {
    blowfish_encrypt_hex_with(&blowfish(key), plaintext)
}

/// Floor of Computop's `Data` with a cipher keyed beforehand: zero padding, ECB, lowercase hex.
pub fn blowfish_encrypt_hex_with(cipher: &Blowfish, plaintext: &[u8]) -> String {
    let mut buffer = plaintext.to_vec();
    buffer.resize(plaintext.len().div_ceil(8) * 8, 0);
    for block in buffer.chunks_exact_mut(8) {
        cipher.encrypt_block(GenericArray::from_mut_slice(block));
    }
    hex::encode(buffer)
}

/// Floor of reading Computop's `Data`: hex decode, key schedule, ECB decrypt, cut at `len`.
pub fn blowfish_decrypt_hex(key: &[u8], data: &str, len: usize) -> Vec<u8> {
    let mut bytes = hex::decode(data).unwrap_or_default();
    let cipher = blowfish(key);
    for block in bytes.chunks_exact_mut(8) {
        cipher.decrypt_block(GenericArray::from_mut_slice(block));
    }
    // `Len` counts characters of the UTF-8 text, as Computop's reference PHP (`mb_substr`) cuts it.
    let end = match std::str::from_utf8(&bytes) {
        Ok(text) => text.char_indices().nth(len).map_or(text.len(), |(at, _)| at),
        Err(_) => len.min(bytes.len()),
    };
    bytes.truncate(end);
    bytes
}

/// Floor of a Computop MAC: uppercase hex HMAC-SHA-256.
pub fn computop_mac_floor(key: &[u8], message: &[u8]) -> String {
    hex::encode_upper(hmac_sha256(key, message))
}

/// Ogone's SHA-OUT string: `NAME=value` + passphrase for each non-empty parameter, names uppercased and
/// sorted (the fixture holds only parameters of the SHA-OUT list).
pub fn ogone_message<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>, passphrase: &str) -> Vec<u8> {
    let mut upper: Vec<(String, &str)> =
        params.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_ascii_uppercase(), v)).collect();
    upper.sort_unstable();
    let mut message = Vec::with_capacity(1024);
    for (name, value) in upper {
        message.extend_from_slice(name.as_bytes());
        message.push(b'=');
        message.extend_from_slice(value.as_bytes());
        message.extend_from_slice(passphrase.as_bytes());
    }
    message
}

/// Floor of an Ogone SHASIGN (SHA-256): uppercase hex of the hash of the SHA-OUT string.
pub fn ogone_floor(message: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(message))
}

/// Floor of a Sips seal: lowercase hex HMAC-SHA-256 of `Data`.
pub fn sips_floor(key: &[u8], data: &[u8]) -> String {
    hex::encode(hmac_sha256(key, data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpay_core::Secret;

    fn text<'a>(v: &'a serde_json::Value, path: &[&str]) -> &'a str {
        path.iter().fold(v, |v, k| &v[k]).as_str().unwrap_or_default()
    }

    #[test]
    fn floors_compute_what_the_fixtures_and_cpay_compute() {
        let c = cases();
        let ipn = c["lyra"]["ipn_fields"].as_object().expect("ipn_fields");
        let key = text(&c, &["lyra", "key"]);
        let message = lyra_message(ipn.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default())), key);
        assert_eq!(lyra_floor(key.as_bytes(), &message), ipn["signature"].as_str().unwrap_or_default());

        let (bf, mk) = (text(&c, &["computop", "blowfish_key"]), text(&c, &["computop", "mac_key"]));
        let plain = text(&c, &["computop", "request_plaintext"]);
        let ours = cpay_core::computop::blowfish::encrypt(plain.as_bytes(), &Secret::from(bf)).expect("encrypt");
        assert_eq!(blowfish_encrypt_hex(bf.as_bytes(), plain.as_bytes()), ours.data);
        assert_eq!(blowfish_decrypt_hex(bf.as_bytes(), &ours.data, ours.len), plain.as_bytes());
        let mac_message = text(&c, &["computop", "request_mac_message"]);
        assert_eq!(computop_mac_floor(mk.as_bytes(), mac_message.as_bytes()), text(&c, &["computop", "request_mac"]));

        let params = c["ogone"]["fields"].as_object().expect("fields");
        let message = ogone_message(
            params.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap_or_default())),
            text(&c, &["ogone", "passphrase"]),
        );
        assert_eq!(ogone_floor(&message), text(&c, &["ogone", "shasign"]));
        let data = text(&c, &["sips", "data"]);
        assert_eq!(sips_floor(text(&c, &["sips", "key"]).as_bytes(), data.as_bytes()), text(&c, &["sips", "seal"]));
    }

    #[test]
    fn a_changed_byte_changes_every_floor() {
        assert_ne!(lyra_floor(b"k", b"a+k"), lyra_floor(b"k", b"b+k"));
        assert_ne!(blowfish_encrypt_hex(b"key", b"abcdefgh"), blowfish_encrypt_hex(b"kez", b"abcdefgh"));
        assert_ne!(ogone_floor(b"A=1p"), ogone_floor(b"A=2p"));
    }
}
