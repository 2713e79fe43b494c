//! The Seal of Sips 2.0: lowercase hex HMAC-SHA-256 of the posted Data with the secret key, or (older
//! accounts) lowercase hex SHA-256 of the Data followed by the secret key.
//!
//! The seal always covers the Data text *as posted*: with `Encode=base64`, the base64 text, not what it
//! decodes to.

use crate::error::{Error, ErrorCode, Result};
use crate::secret::{constant_time_eq_ignore_ascii_case, Secret};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// How the seal is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "SipsSealAlgorithm")]
pub enum SealAlgorithm {
    /// `SealAlgorithm=HMAC-SHA-256`: HMAC-SHA-256(key, Data) (the default and the recommended one).
    #[default]
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    /// SHA-256(Data + key), used when no `SealAlgorithm` is sent.
    #[serde(rename = "sha256")]
    Sha256,
}

crate::deserialize_by_parse!(SealAlgorithm);

impl SealAlgorithm {
    /// Parse `hmac-sha256` (also `HMAC-SHA-256`) or `sha256` (also `SHA-256`).
    pub fn parse(name: &str) -> Result<SealAlgorithm> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "hmacsha256" => Ok(SealAlgorithm::HmacSha256),
            "sha256" => Ok(SealAlgorithm::Sha256),
            _ => Err(Error::field(
                ErrorCode::UnsupportedAlgorithm,
                "algo",
                "the Sips seal algorithm must be hmac-sha256 or sha256",
            )),
        }
    }

    /// The `SealAlgorithm` form field value, when one is sent.
    pub fn field_value(self) -> Option<&'static str> {
        match self {
            SealAlgorithm::HmacSha256 => Some("HMAC-SHA-256"),
            SealAlgorithm::Sha256 => None,
        }
    }
}

/// The seal of `data` (lowercase hex). An empty key is refused.
pub fn seal(data: &[u8], key: &Secret, algorithm: SealAlgorithm) -> Result<String> {
    let key = key.non_empty("key")?;
    Ok(match algorithm {
        SealAlgorithm::HmacSha256 => {
            // HMAC accepts keys of any length, so `new_from_slice` cannot fail; the fallback keeps this total.
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.expose()) else {
                return Err(Error::field(ErrorCode::InvalidKey, "key", "the key cannot be used for HMAC"));
            };
            mac.update(data);
            hex::encode(mac.finalize().into_bytes())
        }
        SealAlgorithm::Sha256 => {
            let mut hash = Sha256::new();
            hash.update(data);
            hash.update(key.expose());
            hex::encode(hash.finalize())
        }
    })
}

/// Whether `received` (hex, either case) seals `data`; compared in constant time.
pub fn verify(data: &[u8], received: &str, key: &Secret, algorithm: SealAlgorithm) -> Result<bool> {
    let expected = seal(data, key, algorithm)?;
    Ok(constant_time_eq_ignore_ascii_case(expected.as_bytes(), received.trim().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_values() {
        // RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe").
        let key = Secret::from("Jefe");
        assert_eq!(
            seal(b"what do ya want for nothing?", &key, SealAlgorithm::HmacSha256).unwrap(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // SHA-256("abc") is the FIPS 180-2 example: Data "ab" + key "c".
        assert_eq!(
            seal(b"ab", &Secret::from("c"), SealAlgorithm::Sha256).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(SealAlgorithm::parse("HMAC-SHA-256").unwrap(), SealAlgorithm::HmacSha256);
        assert_eq!(SealAlgorithm::parse("md5").unwrap_err().code(), ErrorCode::UnsupportedAlgorithm);
        assert_eq!(seal(b"x", &Secret::from(""), SealAlgorithm::Sha256).unwrap_err().code(), ErrorCode::InvalidKey);
    }

    proptest! {
        #[test]
        fn any_changed_byte_breaks_the_seal(data in prop::collection::vec(any::<u8>(), 1..200), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
            let key = Secret::from("002001000000001_KEY1");
            for algo in [SealAlgorithm::HmacSha256, SealAlgorithm::Sha256] {
                let s = seal(&data, &key, algo).unwrap();
                prop_assert!(verify(&data, &s.to_ascii_uppercase(), &key, algo).unwrap());
                let mut tampered = data.clone();
                let i = at.index(tampered.len());
                tampered[i] ^= flip;
                prop_assert!(!verify(&tampered, &s, &key, algo).unwrap());
            }
        }
    }
}
