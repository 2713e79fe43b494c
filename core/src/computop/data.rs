//! `Data` with either cipher a Paygate merchant may be configured for: Blowfish ([`super::blowfish`], the
//! default) or AES ([`super::aes`]). Encryption uses the configured one; decryption recognises AES `Data` by its
//! shape (32 hex digits, `-`, hex) and Blowfish `Data` otherwise, and uses the shop's key for that cipher.

use super::blowfish::Encrypted;
use super::config::ComputopConfig;
use super::{aes, blowfish};
use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;

/// The cipher of `Data`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopAlgorithm")]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Blowfish ECB, zero padding, lowercase hex (Computop's reference PHP sample).
    #[default]
    Blowfish,
    /// AES-CBC (128/192/256 by the key's length), PKCS#7, `HEXIV-HEXCIPHERTEXT`, for merchants configured for AES.
    Aes,
}

/// The IV an AES encryption needs: `iv` (32 hex digits, random per message); refused when missing.
fn iv_for(iv: Option<&str>) -> Result<[u8; aes::BLOCK]> {
    match iv.map(str::trim).filter(|v| !v.is_empty()) {
        Some(iv) => aes::parse_iv(iv),
        None => Err(Error::field(
            ErrorCode::MissingField,
            "iv",
            "AES needs a fresh random IV per message: pass iv, 16 random bytes as 32 hex digits",
        )),
    }
}

/// Encrypt `plaintext` with `algorithm` and `key` (AES: with the caller's random `iv`, 32 hex digits).
pub fn encrypt(plaintext: &[u8], algorithm: Algorithm, key: &Secret, iv: Option<&str>) -> Result<Encrypted> {
    match algorithm {
        Algorithm::Blowfish => blowfish::encrypt(plaintext, key),
        Algorithm::Aes => aes::encrypt(plaintext, key, &iv_for(iv)?),
    }
}

/// Decrypt `data` (AES when it has the AES shape, else Blowfish) and cut it after `len` characters.
pub fn decrypt(data: &str, len: usize, key: &Secret) -> Result<Vec<u8>> {
    if aes::is_aes(data) {
        aes::decrypt(data, len, key)
    } else {
        blowfish::decrypt(data.trim(), len, key)
    }
}

/// [`decrypt`] read as text, as `computop.decrypt` returns it (UTF-8, or ISO-8859-1 when not UTF-8).
pub fn decrypt_text(data: &str, len: usize, key: &Secret) -> Result<String> {
    Ok(blowfish::to_text(decrypt(data, len, key)?))
}

/// Encrypt a request's plaintext with the shop's configured cipher and key.
pub fn encrypt_for(config: &ComputopConfig, plaintext: &[u8], iv: Option<&str>) -> Result<Encrypted> {
    encrypt(plaintext, config.algorithm, config.key_for(config.algorithm)?, iv)
}

/// Decrypt a received `Data` with the shop's key for the cipher its shape shows.
pub fn decrypt_for(config: &ComputopConfig, data: &str, len: usize) -> Result<Vec<u8>> {
    let algorithm = if aes::is_aes(data) { Algorithm::Aes } else { Algorithm::Blowfish };
    decrypt(data, len, config.key_for(algorithm)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_picks_the_cipher() {
        let bf = Secret::from("password");
        let aes_key = Secret::new(vec![b'a'; 16]);
        let b = encrypt(b"plaintext", Algorithm::Blowfish, &bf, None).unwrap();
        let a = encrypt(b"plaintext", Algorithm::Aes, &aes_key, Some("000102030405060708090a0b0c0d0e0f")).unwrap();
        assert_eq!(decrypt(&b.data, 9, &bf).unwrap(), b"plaintext");
        assert_eq!(decrypt(&a.data, 9, &aes_key).unwrap(), b"plaintext");
        let e = encrypt(b"x", Algorithm::Aes, &aes_key, None).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::MissingField, Some("iv")));
    }
}
