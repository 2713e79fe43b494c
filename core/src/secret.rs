//! Secrets: shop keys, passwords and passphrases.
//!
//! A [`Secret`] is zeroized when dropped, prints as `Secret(***)` in `Debug` and `Display`, is never
//! serialized, and compares in constant time. Gateways' keys are byte strings (Lyra keys, Computop
//! Blowfish and HMAC passwords, Ogone passphrases, Sips secret keys); the type does not interpret them.

use std::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A secret byte string, zeroized on drop and redacted everywhere it could be printed.
///
/// The default is the empty secret (for a key a configuration may leave out; every primitive refuses it).
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Wrap key bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(Zeroizing::new(bytes.into()))
    }

    /// The key bytes, for the primitive that needs them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes (safe to report: it says nothing about the content).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is empty (an empty key is refused by every gateway).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret, or an `invalid_key` error naming `field` when it is empty: no gateway issues empty keys,
    /// and a signature made with one proves nothing, so every primitive refuses it.
    pub fn non_empty(&self, field: &str) -> crate::Result<&Secret> {
        if self.is_empty() {
            Err(crate::Error::field(crate::ErrorCode::InvalidKey, field, format!("the {field} is empty")))
        } else {
            Ok(self)
        }
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s.as_bytes().to_vec())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret::new(s.into_bytes())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(&self.0, &other.0)
    }
}

impl Eq for Secret {}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing key is `invalid_key` on the key's own field (`config.test_key`), whatever the gateway.
        let s = Zeroizing::new(String::deserialize(deserializer).map_err(|e| {
            crate::json::missing_as(e, crate::ErrorCode::InvalidKey, "no key is configured: set {field}")
        })?);
        Ok(Secret::new(s.as_bytes().to_vec()))
    }
}

/// A secret is a string in every language; `writeOnly` marks it as never echoed back.
impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "writeOnly": true,
            "description": "A key or password: zeroized after use, never echoed in a result, an error or a log.",
        })
    }
}

/// Constant-time equality of two byte strings (the length is not secret: signatures have fixed sizes).
///
/// Every signature, MAC and seal comparison in cpay goes through this function.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Constant-time equality ignoring ASCII case, for hex MACs that gateways send in either case.
pub fn constant_time_eq_ignore_ascii_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x.to_ascii_lowercase() ^ y.to_ascii_lowercase();
    }
    bool::from(diff.ct_eq(&0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_key() {
        let s = Secret::from("1122334455667788");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{s}"), "***");
        assert!(!format!("{s:?}{s}").contains("1122"));
    }

    #[test]
    fn equality() {
        assert_eq!(Secret::from("abc"), Secret::from("abc"));
        assert_ne!(Secret::from("abc"), Secret::from("abd"));
        assert_ne!(Secret::from("abc"), Secret::from("abcd"));
        assert!(constant_time_eq_ignore_ascii_case(b"38CED8", b"38ced8"));
        assert!(!constant_time_eq_ignore_ascii_case(b"38CED8", b"38ced9"));
        assert!(!constant_time_eq_ignore_ascii_case(b"38CED8", b"38CED"));
    }

    #[test]
    fn deserializes_from_a_json_string() {
        let s: Secret = serde_json::from_str("\"k\\u00e9y\"").unwrap();
        assert_eq!(s.expose(), "kéy".as_bytes());
    }
}
