//! The `Data` encoding for merchants configured for AES: AES-CBC with PKCS#7 padding, `Data` = hex IV, `-`, hex
//! ciphertext (the shape Paygate uses for AES merchants, e.g. `C0C8…7A92-50A2…3E0D`).
//!
//! - **Key**: the merchant's AES password, whose length picks the cipher: 16 bytes → AES-128, 24 → AES-192,
//!   32 → AES-256; any other length is refused (`invalid_key`).
//! - **IV**: 16 bytes, fresh and random for every message. The core reads no random source (it is sans-IO): the
//!   caller passes the IV (`iv`, 32 hex digits), taken from the operating system's generator (Python
//!   `secrets.token_hex(16)`, Node `crypto.randomBytes(16).toString('hex')`, PHP `bin2hex(random_bytes(16))`,
//!   Rust `getrandom`). Reusing an IV with one key leaks whether two messages start alike.
//! - **Len**: the plaintext's characters, as for Blowfish ([`super::text`]). PKCS#7 gives the exact plaintext, so
//!   `Len` must count all of it: a `Len` that disagrees is refused.
//! - Uppercase hex out; either case in. AES-CBC has no integrity of its own: Paygate's MAC (checked by the
//!   notification path) is what protects the message.
//!
//! Ciphers from RustCrypto's `aes` and `cbc` crates; no AES is written in cpay.

use super::blowfish::{Encrypted, MAX_DATA_HEX};
use super::text;
use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use zeroize::Zeroizing;

/// The IV and block size, in bytes.
pub const BLOCK: usize = 16;

/// Whether `data` has the AES shape: 32 hex digits, `-`, hex digits (surrounding whitespace ignored).
pub fn is_aes(data: &str) -> bool {
    let data = data.trim();
    data.len() > 2 * BLOCK
        && data.as_bytes()[2 * BLOCK] == b'-'
        && data[..2 * BLOCK].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Parse a caller-supplied IV: 32 hex digits (16 bytes).
pub fn parse_iv(iv: &str) -> Result<[u8; BLOCK]> {
    let mut out = [0u8; BLOCK];
    hex::decode_to_slice(iv.trim(), &mut out).map_err(|_| {
        Error::field(ErrorCode::InvalidFormat, "iv", "the AES IV must be 32 hexadecimal digits (16 random bytes)")
    })?;
    Ok(out)
}

fn check_key(key: &Secret) -> Result<()> {
    match key.len() {
        16 | 24 | 32 => Ok(()),
        n => Err(Error::field(
            ErrorCode::InvalidKey,
            "key",
            format!("the AES password must be 16, 24 or 32 bytes long (AES-128, -192, -256); got {n}"),
        )),
    }
}

/// Encrypt `plaintext` for Paygate: AES-CBC (key length picks 128/192/256), PKCS#7, `HEXIV-HEXCIPHERTEXT`.
pub fn encrypt(plaintext: &[u8], key: &Secret, iv: &[u8; BLOCK]) -> Result<Encrypted> {
    if plaintext.len() > MAX_DATA_HEX / 2 {
        return Err(Error::field(
            ErrorCode::TooLarge,
            "Data",
            format!("the plaintext is {} bytes; at most {} are accepted", plaintext.len(), MAX_DATA_HEX / 2),
        ));
    }
    check_key(key)?;
    let k = key.expose();
    let ciphertext =
        match k.len() {
            16 => cbc::Encryptor::<aes::Aes128>::new_from_slices(k, iv)
                .map(|c| c.encrypt_padded_vec_mut::<Pkcs7>(plaintext)),
            24 => cbc::Encryptor::<aes::Aes192>::new_from_slices(k, iv)
                .map(|c| c.encrypt_padded_vec_mut::<Pkcs7>(plaintext)),
            _ => cbc::Encryptor::<aes::Aes256>::new_from_slices(k, iv)
                .map(|c| c.encrypt_padded_vec_mut::<Pkcs7>(plaintext)),
        }
        .map_err(|_| Error::field(ErrorCode::InvalidKey, "key", "the AES password or IV has the wrong length"))?;
    Ok(Encrypted {
        data: format!("{}-{}", hex::encode_upper(iv), hex::encode_upper(ciphertext)),
        len: text::len_of(plaintext),
    })
}

/// Decrypt AES `data` (`HEXIV-HEXCIPHERTEXT`, either case) and check that `len` counts its plaintext.
pub fn decrypt(data: &str, len: usize, key: &Secret) -> Result<Vec<u8>> {
    let data = data.trim();
    if data.len() > MAX_DATA_HEX + 2 * BLOCK + 1 {
        return Err(Error::field(
            ErrorCode::TooLarge,
            "Data",
            format!("Data is {} characters; at most {MAX_DATA_HEX} are accepted", data.len()),
        ));
    }
    let malformed = |why: &str| Error::field(ErrorCode::Malformed, "Data", format!("AES Data must be {why}"));
    let (iv_hex, body_hex) = data.split_once('-').ok_or_else(|| malformed("hex IV, '-', hex ciphertext"))?;
    let mut iv = [0u8; BLOCK];
    hex::decode_to_slice(iv_hex, &mut iv).map_err(|_| malformed("a 32-digit hex IV, '-', hex ciphertext"))?;
    let mut bytes = Zeroizing::new(hex::decode(body_hex).map_err(|_| malformed("hex digits after the IV"))?);
    if bytes.is_empty() || bytes.len() % BLOCK != 0 {
        return Err(malformed("whole 16-byte AES blocks after the IV"));
    }
    check_key(key)?;
    let k = key.expose();
    let plain = match k.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(k, &iv)
            .map(|c| c.decrypt_padded_mut::<Pkcs7>(&mut bytes).map(<[u8]>::len)),
        24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(k, &iv)
            .map(|c| c.decrypt_padded_mut::<Pkcs7>(&mut bytes).map(<[u8]>::len)),
        _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(k, &iv)
            .map(|c| c.decrypt_padded_mut::<Pkcs7>(&mut bytes).map(<[u8]>::len)),
    }
    .map_err(|_| Error::field(ErrorCode::InvalidKey, "key", "the AES password or IV has the wrong length"))?
    .map_err(|_| {
        Error::field(
            ErrorCode::Malformed,
            "Data",
            "AES Data does not decrypt to PKCS#7-padded text: wrong AES password, or Data was altered",
        )
    })?;
    let plaintext = &bytes[..plain];
    let end = text::cut(plaintext, len, 0)?;
    Ok(plaintext[..end].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const IV: [u8; 16] = *b"0123456789abcdef";

    #[test]
    fn shape_and_key_lengths() {
        for n in [16, 24, 32] {
            let key = Secret::new(vec![b'k'; n]);
            let e = encrypt("A=é".as_bytes(), &key, &IV).unwrap();
            assert!(is_aes(&e.data) && e.data.starts_with("30313233343536373839616263646566-"));
            assert_eq!(e.len, 3);
            assert_eq!(decrypt(&e.data.to_lowercase(), 3, &key).unwrap(), "A=é".as_bytes());
        }
        for n in [0, 8, 15, 17, 31, 33, 64] {
            let e = encrypt(b"x", &Secret::new(vec![b'k'; n]), &IV).unwrap_err();
            assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidKey, Some("key")));
        }
        assert!(!is_aes("14ec7a6da0fbb3e50a84b47302443328"));
    }

    #[test]
    fn tampering_and_len() {
        let key = Secret::new(vec![b'k'; 32]);
        let e = encrypt(b"MerchantID=shop&Amount=100", &key, &IV).unwrap();
        assert!(decrypt(&e.data, e.len - 1, &key).is_err());
        assert!(decrypt(&e.data, e.len + 1, &key).is_err());
        assert!(decrypt(&e.data, e.len, &Secret::new(vec![b'j'; 32])).is_err());
        assert_eq!(decrypt("zz-00", 1, &key).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(decrypt(&e.data[..e.data.len() - 2], e.len, &key).unwrap_err().code(), ErrorCode::Malformed);
        assert_eq!(parse_iv("00").unwrap_err().field_name(), Some("iv"));
    }

    proptest! {
        #[test]
        fn round_trip(plaintext in ".{0,80}", n in prop::sample::select(vec![16usize, 24, 32]), iv in any::<[u8; 16]>()) {
            let key = Secret::new(vec![7u8; n]);
            let e = encrypt(plaintext.as_bytes(), &key, &iv).unwrap();
            prop_assert_eq!(e.len, plaintext.chars().count());
            prop_assert_eq!(decrypt(&e.data, e.len, &key).unwrap(), plaintext.as_bytes());
        }

        #[test]
        fn never_panics(data in "[0-9a-fA-F-]{0,120}|.{0,60}", len in 0usize..100, n in 0usize..40) {
            let _ = decrypt(&data, len, &Secret::new(vec![1u8; n]));
        }
    }
}
