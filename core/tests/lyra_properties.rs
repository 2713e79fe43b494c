//! Property tests for the Lyra signature and notification pipeline (issue: sign → verify round trip,
//! any change to any signed byte rejected, input field order never matters, never a panic).

use cpay_core::lyra::response::{verify_body, verify_notification, Expected};
use cpay_core::lyra::{signature, Algorithm, LyraConfig, Mode, Platform};
use cpay_core::{ErrorCode, Secret};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![Just(Algorithm::HmacSha256), Just(Algorithm::Sha1)]
}

/// `vads_*` fields with any printable values (empty ones included, as the platform sends them).
fn fields() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map("vads_[a-z_]{1,16}[0-9]{0,2}", "[^\u{0}-\u{1f}]{0,24}", 1..24)
}

fn key() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 1..64)
}

fn pairs(fields: &BTreeMap<String, String>) -> impl Iterator<Item = (&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

proptest! {
    #[test]
    fn sign_then_verify(fields in fields(), key in key(), algo in algorithm()) {
        let key = Secret::new(key);
        let sig = signature::sign(pairs(&fields), &key, algo).unwrap();
        prop_assert!(signature::verify(pairs(&fields), &sig, &key, algo).unwrap());
    }

    #[test]
    fn field_order_never_matters(fields in fields(), key in key(), algo in algorithm(), seed in any::<u64>()) {
        let key = Secret::new(key);
        let mut shuffled: Vec<(&str, &str)> = pairs(&fields).collect();
        // A deterministic permutation from the seed.
        let n = shuffled.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        prop_assert_eq!(signature::sign(shuffled, &key, algo).unwrap(), signature::sign(pairs(&fields), &key, algo).unwrap());
    }

    #[test]
    fn any_changed_value_byte_is_rejected(
        fields in fields(), key in key(), algo in algorithm(), which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(), replacement in "[^\u{0}-\u{1f}]",
    ) {
        let key = Secret::new(key);
        let sig = signature::sign(pairs(&fields), &key, algo).unwrap();
        let mut tampered = fields.clone();
        let name = which.get(&fields.keys().cloned().collect::<Vec<_>>()).clone();
        let value = tampered.get_mut(&name).unwrap();
        let chars: Vec<char> = value.chars().collect();
        let new_value: String = if chars.is_empty() {
            replacement.clone()
        } else {
            let i = at.index(chars.len());
            chars.iter().enumerate().map(|(j, c)| if j == i { replacement.clone() } else { c.to_string() }).collect()
        };
        prop_assume!(new_value != *value);
        *value = new_value;
        prop_assert!(!signature::verify(pairs(&tampered), &sig, &key, algo).unwrap());
    }

    #[test]
    fn a_removed_or_added_field_is_rejected(fields in fields(), key in key(), algo in algorithm(), which in any::<prop::sample::Index>()) {
        let key = Secret::new(key);
        let sig = signature::sign(pairs(&fields), &key, algo).unwrap();
        let mut removed = fields.clone();
        let name = which.get(&fields.keys().cloned().collect::<Vec<_>>()).clone();
        removed.remove(&name);
        prop_assert!(!signature::verify(pairs(&removed), &sig, &key, algo).unwrap());
        let mut added = fields.clone();
        added.insert("vads_zz_added".to_owned(), String::new());
        prop_assume!(!fields.contains_key("vads_zz_added"));
        prop_assert!(!signature::verify(pairs(&added), &sig, &key, algo).unwrap());
    }

    #[test]
    fn another_key_is_rejected(fields in fields(), key in key(), other in key(), algo in algorithm()) {
        prop_assume!(key != other);
        let sig = signature::sign(pairs(&fields), &Secret::new(key), algo).unwrap();
        prop_assert!(!signature::verify(pairs(&fields), &sig, &Secret::new(other), algo).unwrap());
    }
}

fn config() -> LyraConfig {
    LyraConfig::new(Platform::Sogecommerce, "12345678", Mode::Test, Secret::from("1122334455667788"))
}

fn ipn(extra: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut fields: BTreeMap<String, String> = extra.clone();
    for (k, v) in [
        ("vads_site_id", "12345678"),
        ("vads_ctx_mode", "TEST"),
        ("vads_trans_status", "CAPTURED"),
        ("vads_result", "00"),
        ("vads_amount", "2990"),
        ("vads_currency", "978"),
        ("vads_trans_id", "362812"),
    ] {
        fields.insert(k.to_owned(), v.to_owned());
    }
    let sig = signature::sign(pairs(&fields), &Secret::from("1122334455667788"), Algorithm::HmacSha256).unwrap();
    let mut out: Vec<(String, String)> = fields.into_iter().collect();
    out.push(("signature".to_owned(), sig));
    out
}

proptest! {
    #[test]
    fn a_genuine_ipn_verifies_through_its_body(extra in fields()) {
        let fields = ipn(&extra);
        let body = cpay_core::urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let n = verify_body(&config(), body.as_bytes(), &Expected::default()).unwrap();
        prop_assert_eq!(n.outcome.status, cpay_core::Status::Accepted);
        prop_assert_eq!(n.reply.status, 200);
    }

    #[test]
    fn any_changed_byte_of_the_body_is_rejected_or_harmless(extra in fields(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let fields = ipn(&extra);
        let body = cpay_core::urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut bytes = body.into_bytes();
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        match verify_body(&config(), &bytes, &Expected::default()) {
            // The only changes that can pass are those that do not change what was signed: a byte inside
            // a non-vads field name or the signature's own padding being re-decoded to the same value.
            Ok(n) => {
                let original: BTreeMap<_, _> = fields.iter().filter(|(k, _)| k.starts_with("vads_")).cloned().collect();
                let received: BTreeMap<_, _> = n.outcome.fields.iter().filter(|(k, _)| k.starts_with("vads_")).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
                prop_assert_eq!(original.values().collect::<Vec<_>>(), received.values().collect::<Vec<_>>());
            }
            Err(e) => prop_assert!(matches!(
                e.code(),
                ErrorCode::SignatureMismatch | ErrorCode::SignatureMissing | ErrorCode::Malformed | ErrorCode::MissingField
                    | ErrorCode::InvalidValue | ErrorCode::WrongMode | ErrorCode::WrongShop | ErrorCode::InvalidFormat
            ), "{e}"),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = verify_body(&config(), &body, &Expected::default());
    }

    #[test]
    fn arbitrary_fields_never_panic(fields in prop::collection::vec(("[a-z_]{0,12}", ".{0,12}"), 0..12)) {
        let fields: Vec<(String, String)> = fields;
        let _ = verify_notification(&config(), &fields, &Expected::default());
    }
}
