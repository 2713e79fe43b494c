//! The `vads_*` signature (Lyra Guide d'implémentation API Formulaire, "Calculer la signature"), shared by the
//! request, the IPN and the browser return.
//!
//! Take the fields whose name starts with `vads_`, sort them by name in byte order, join their UTF-8
//! values with `+`, append `+` and the key. HMAC-SHA-256 signs that message with the key (base64 output);
//! SHA-1 hashes it (lowercase hex). The message is joined into one buffer and hashed with a single `update`
//! (per-field tiny updates cost more than the copy); the buffer ends with the key, so it is zeroized on drop.

use super::config::Algorithm;
use crate::error::{Error, ErrorCode, Result};
use crate::secret::{constant_time_eq, Secret};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;

/// Whether a field takes part in the signature.
pub fn is_signed_field(name: &str) -> bool {
    name.starts_with("vads_")
}

/// Compute the signature over the `vads_*` fields among `fields` (any order; other fields ignored).
/// An empty key is refused.
pub fn sign<'a, I>(fields: I, key: &Secret, algorithm: Algorithm) -> Result<String>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let key = key.non_empty("key")?;
    let mut signed: Vec<(&str, &str)> = fields.into_iter().filter(|(name, _)| is_signed_field(name)).collect();
    signed.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    // The message is `v1+v2+…+key`: the values go through one buffer (public data, the form carries them),
    // the key straight into the hash, so no copy of it is left to wipe.
    let values = joined_values(&signed);
    match algorithm {
        Algorithm::HmacSha256 => {
            // HMAC accepts keys of any length, so `new_from_slice` cannot fail; the fallback keeps this total.
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.expose()) else {
                return Err(Error::field(ErrorCode::InvalidKey, "key", "the key cannot be used for HMAC"));
            };
            mac.update(&values);
            mac.update(key.expose());
            Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
        }
        Algorithm::Sha1 => {
            let mut hash = Sha1::new();
            hash.update(&values);
            hash.update(key.expose());
            Ok(hex::encode(hash.finalize()))
        }
    }
}

/// `v1+v2+…+`: the sorted values, each followed by `+`, in a buffer sized once.
///
/// It holds no secret, so it is not zeroized: wiping it byte by byte cost as much as the rest of signing
/// besides the hash itself.
fn joined_values(sorted: &[(&str, &str)]) -> Vec<u8> {
    let mut joined = Vec::with_capacity(sorted.iter().map(|(_, v)| v.len() + 1).sum());
    for (_, value) in sorted {
        joined.extend_from_slice(value.as_bytes());
        joined.push(b'+');
    }
    joined
}

/// Check `signature` against the fields in constant time.
///
/// A base64 signature that travelled through a query string may have had its `+` turned into spaces by a
/// careless decoder; a space cannot occur in base64, so it is read back as `+` here.
pub fn verify<'a, I>(fields: I, signature: &str, key: &Secret, algorithm: Algorithm) -> Result<bool>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    if signature.is_empty() {
        return Err(Error::field(ErrorCode::SignatureMissing, "signature", "the fields carry no signature"));
    }
    let expected = sign(fields, key, algorithm)?;
    let received = repair_signature(signature);
    Ok(constant_time_eq(expected.as_bytes(), received.as_bytes()))
}

/// Undo the `+` → space damage a form decoder does to a base64 signature.
pub(crate) fn repair_signature(signature: &str) -> std::borrow::Cow<'_, str> {
    if signature.contains(' ') {
        std::borrow::Cow::Owned(signature.replace(' ', "+"))
    } else {
        std::borrow::Cow::Borrowed(signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signature example of the Lyra Guide d'implémentation API Formulaire.
    const DOC_FIELDS: [(&str, &str); 10] = [
        ("vads_action_mode", "INTERACTIVE"),
        ("vads_amount", "5124"),
        ("vads_ctx_mode", "TEST"),
        ("vads_currency", "978"),
        ("vads_page_action", "PAYMENT"),
        ("vads_payment_config", "SINGLE"),
        ("vads_site_id", "12345678"),
        ("vads_trans_date", "20170129130025"),
        ("vads_trans_id", "123456"),
        ("vads_version", "V2"),
    ];

    #[test]
    fn documentation_vector() {
        let key = Secret::from("1122334455667788");
        assert_eq!(
            sign(DOC_FIELDS, &key, Algorithm::HmacSha256).unwrap(),
            "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0="
        );
        assert_eq!(sign(DOC_FIELDS, &key, Algorithm::Sha1).unwrap(), "59c96b34c74b9375c332b0b6a32e6deeec87de2b");
    }

    #[test]
    fn order_and_foreign_fields_do_not_matter() {
        let key = Secret::from("1122334455667788");
        let mut shuffled: Vec<(&str, &str)> = DOC_FIELDS.iter().rev().copied().collect();
        shuffled.push(("signature", "whatever"));
        shuffled.push(("payer", "Payer"));
        assert_eq!(
            sign(shuffled, &key, Algorithm::HmacSha256).unwrap(),
            sign(DOC_FIELDS, &key, Algorithm::HmacSha256).unwrap()
        );
    }

    #[test]
    fn empty_key_is_refused() {
        let e = sign(DOC_FIELDS, &Secret::from(""), Algorithm::HmacSha256).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::InvalidKey, Some("key")));
        assert!(verify(DOC_FIELDS, "x", &Secret::from(""), Algorithm::Sha1).is_err());
    }

    #[test]
    fn verify_tolerates_spaces_for_plus() {
        let key = Secret::from("1122334455667788");
        let sig = "ycA5Do5tNvsnKdc/eP1bj2xa19z9q3iWPy9/rpesfS0=";
        assert!(verify(DOC_FIELDS, sig, &key, Algorithm::HmacSha256).unwrap());
        assert!(!verify(DOC_FIELDS, &sig.replace('y', "z"), &key, Algorithm::HmacSha256).unwrap());
        assert!(!verify(DOC_FIELDS, sig, &Secret::from("1122334455667789"), Algorithm::HmacSha256).unwrap());
        let mut with_plus = DOC_FIELDS.to_vec();
        with_plus[1] = ("vads_amount", "5125");
        let s = sign(with_plus.clone(), &key, Algorithm::HmacSha256).unwrap();
        assert!(verify(with_plus, &s.replace('+', " "), &key, Algorithm::HmacSha256).unwrap());
    }
}
