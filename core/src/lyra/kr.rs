//! `kr-hash`: the signature of REST / JavaScript-client notifications (Lyra REST API / JavaScript client
//! documentation, `kr-hash`).
//!
//! `kr-hash` is the lowercase hex HMAC-SHA-256 of the **raw** `kr-answer` text, keyed with the HMAC key
//! (`kr-hash-key=sha256_hmac`, browser return) or the REST password (`kr-hash-key=password`, IPN). The raw
//! text is hashed as received — re-serialising the JSON would change it.

use super::config::LyraConfig;
use super::response::Expected;
use super::transaction;
use crate::error::{Error, ErrorCode, Result};
use crate::notification::Notification;
use crate::secret::{constant_time_eq, Secret};
use crate::urlencoded::{self, TextEncoding};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// Which key the platform used, from `kr-hash-key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashKey {
    /// `sha256_hmac`: the HMAC-SHA-256 key (browser return).
    HmacKey,
    /// `password`: the REST password (IPN).
    Password,
}

/// `kr-hash` for `answer` under `key`.
pub fn hash(answer: &[u8], key: &Secret) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.expose()) else {
        return String::new();
    };
    mac.update(answer);
    hex::encode(mac.finalize().into_bytes())
}

/// Verify a `kr-answer` notification from its url-encoded body, with the keys of `config`
/// (`rest_hmac_key` for a browser return, `rest_password` for an IPN), like every notification: the hash,
/// then the shop (`shopId`), the mode (`orderDetails.mode`) and the expected payment
/// ([`transaction::payment`]). Returns the outcome and the reply to give the platform.
pub fn verify_body(config: &LyraConfig, body: &[u8], expected: &Expected) -> Result<Notification> {
    let fields = urlencoded::parse(body, TextEncoding::Utf8)?;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let received = get("kr-hash")
        .filter(|h| !h.is_empty())
        .ok_or_else(|| Error::field(ErrorCode::SignatureMissing, "kr-hash", "the notification carries no kr-hash"))?;
    let answer = get("kr-answer").ok_or_else(|| Error::missing("kr-answer"))?;
    if let Some(algorithm) = get("kr-hash-algorithm") {
        if algorithm != "sha256_hmac" {
            return Err(Error::field(
                ErrorCode::UnsupportedAlgorithm,
                "kr-hash-algorithm",
                "kr-hash-algorithm must be sha256_hmac",
            ));
        }
    }
    let which = match get("kr-hash-key") {
        Some("password") => HashKey::Password,
        Some("sha256_hmac") | None => HashKey::HmacKey,
        Some(_) => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "kr-hash-key",
                "kr-hash-key must be sha256_hmac or password",
            ))
        }
    };
    let (key, field) = match which {
        HashKey::HmacKey => (config.rest_hmac_key.as_ref(), "config.rest_hmac_key"),
        HashKey::Password => (config.rest_password.as_ref(), "config.rest_password"),
    };
    let key = key.filter(|k| !k.is_empty()).ok_or_else(|| {
        Error::field(ErrorCode::InvalidKey, field, "the key this notification is hashed with is not configured")
    })?;
    let expected_hash = hash(answer.as_bytes(), key);
    if !constant_time_eq(expected_hash.as_bytes(), received.to_ascii_lowercase().as_bytes()) {
        return Err(Error::field(
            ErrorCode::SignatureMismatch,
            "kr-hash",
            "kr-hash does not match kr-answer and the shop's key",
        ));
    }
    let json: Value = serde_json::from_str(answer)
        .map_err(|_| Error::field(ErrorCode::Malformed, "kr-answer", "kr-answer is not valid JSON"))?;
    let mut outcome = transaction::payment(config, &json, expected, which == HashKey::Password)?;
    outcome.fields.insert("kr-answer", answer);
    if let Some(kind) = get("kr-answer-type") {
        outcome.fields.insert("kr-answer-type", kind);
    }
    Ok(Notification::accepted(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lyra::{Mode, Platform};
    use crate::outcome::Status;

    fn body(answer: &str, hash: &str, key: &str) -> Vec<u8> {
        crate::urlencoded::encode([
            ("kr-hash", hash),
            ("kr-hash-algorithm", "sha256_hmac"),
            ("kr-hash-key", key),
            ("kr-answer-type", "V4/Payment"),
            ("kr-answer", answer),
        ])
        .into_bytes()
    }

    fn config() -> LyraConfig {
        let mut c = LyraConfig::new(Platform::Sogecommerce, "12345678", Mode::Test, Secret::from("k"));
        c.rest_password = Some(Secret::from("testpassword_X"));
        c
    }

    #[test]
    fn verifies_over_the_raw_text_then_the_shop() {
        let answer = r#"{"shopId":"12345678","orderStatus":"PAID","orderDetails":{"orderId":"CMD-1","orderTotalAmount":2990,"orderCurrency":"EUR","mode":"TEST"},"transactions":[{"uuid":"abc","amount":2990,"currency":"EUR","detailedStatus":"CAPTURED","operationType":"DEBIT"}]}"#;
        let password = Secret::from("testpassword_X");
        let h = hash(answer.as_bytes(), &password);
        let n = verify_body(&config(), &body(answer, &h, "password"), &Expected::default()).unwrap();
        assert_eq!(n.outcome.status, Status::Accepted);
        assert_eq!(n.outcome.amount.unwrap().minor(), 2990);
        assert!(n.outcome.server_to_server);
        assert_eq!(n.reply.status, 200);
        let spaced = answer.replace(',', ", ");
        let e = verify_body(&config(), &body(&spaced, &h, "password"), &Expected::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch);
        let e = verify_body(&config(), &body(answer, &h, "sha256_hmac"), &Expected::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey);
        let other = answer.replace("12345678", "87654321");
        let h = hash(other.as_bytes(), &password);
        let e = verify_body(&config(), &body(&other, &h, "password"), &Expected::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongShop);
    }
}
