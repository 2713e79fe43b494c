//! `kr-hash`: the signature of REST / JavaScript-client notifications (Lyra REST API / JavaScript client
//! documentation, `kr-hash`).
//!
//! `kr-hash` is the lowercase hex HMAC-SHA-256 of the **raw** `kr-answer` text, keyed with the HMAC key
//! (`kr-hash-key=sha256_hmac`, browser return) or the REST password (`kr-hash-key=password`, IPN). The raw
//! text is hashed as received — re-serialising the JSON would change it.

use crate::error::{Error, ErrorCode, Result};
use crate::outcome::{Gateway, Outcome, Status};
use crate::secret::{constant_time_eq, Secret};
use crate::urlencoded::{self, TextEncoding};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::collections::BTreeMap;

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

/// Verify a `kr-answer` notification from its url-encoded body; `hmac_key` and `password` are the shop's.
///
/// Returns the verified outcome: `orderStatus` PAID → accepted, RUNNING → pending, UNPAID → refused,
/// ABANDONED → cancelled.
pub fn verify_body(body: &[u8], hmac_key: Option<&Secret>, password: Option<&Secret>) -> Result<Outcome> {
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
    let key = match which {
        HashKey::HmacKey => hmac_key,
        HashKey::Password => password,
    }
    .filter(|k| !k.is_empty())
    .ok_or_else(|| {
        Error::field(ErrorCode::InvalidKey, "kr-hash-key", "the key this notification is hashed with is not configured")
    })?;
    let expected = hash(answer.as_bytes(), key);
    if !constant_time_eq(expected.as_bytes(), received.to_ascii_lowercase().as_bytes()) {
        return Err(Error::field(
            ErrorCode::SignatureMismatch,
            "kr-hash",
            "kr-hash does not match kr-answer and the shop's key",
        ));
    }
    classify(answer, which == HashKey::Password)
}

fn classify(answer: &str, server_to_server: bool) -> Result<Outcome> {
    let json: Value = serde_json::from_str(answer)
        .map_err(|_| Error::field(ErrorCode::Malformed, "kr-answer", "kr-answer is not valid JSON"))?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let order_status = text(&json, "orderStatus").ok_or_else(|| Error::missing("orderStatus"))?;
    let status = match order_status.as_str() {
        "PAID" => Status::Accepted,
        "RUNNING" => Status::Pending,
        "UNPAID" => Status::Refused,
        "ABANDONED" => Status::Cancelled,
        _ => Status::Pending,
    };
    let order = json.get("orderDetails").cloned().unwrap_or(Value::Null);
    let transaction = json.get("transactions").and_then(|t| t.get(0)).cloned().unwrap_or(Value::Null);
    let uuid = text(&transaction, "uuid");
    let amount = order.get("orderTotalAmount").and_then(Value::as_u64).map(crate::Amount::from_minor);
    let currency = text(&order, "orderCurrency").and_then(|c| crate::Currency::from_alpha(&c));
    let mut details = BTreeMap::new();
    for key in ["detailedStatus", "errorCode", "detailedErrorCode"] {
        if let Some(v) = text(&transaction, key) {
            details.insert(key.to_owned(), v);
        }
    }
    let mut fields = BTreeMap::new();
    fields.insert("kr-answer".to_owned(), answer.to_owned());
    Ok(Outcome {
        gateway: Gateway::Lyra,
        operation: crate::outcome::Operation::Payment,
        status,
        order_id: text(&order, "orderId"),
        transaction_id: None,
        gateway_reference: uuid.clone(),
        amount,
        currency,
        message: format!("orderStatus {order_status}"),
        code: order_status,
        details,
        card_brand: transaction
            .get("transactionDetails")
            .and_then(|d| d.get("cardDetails"))
            .and_then(|c| text(c, "effectiveBrand")),
        three_ds: Default::default(),
        warranty: None,
        server_to_server,
        idempotency_key: format!("lyra:{}", uuid.unwrap_or_default()),
        fields,
        unverified: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn verifies_over_the_raw_text() {
        let answer = r#"{"orderStatus":"PAID","orderDetails":{"orderId":"CMD-1","orderTotalAmount":2990,"orderCurrency":"EUR"},"transactions":[{"uuid":"abc"}]}"#;
        let password = Secret::from("testpassword_X");
        let h = hash(answer.as_bytes(), &password);
        let o = verify_body(&body(answer, &h, "password"), None, Some(&password)).unwrap();
        assert_eq!(o.status, Status::Accepted);
        assert_eq!(o.amount.unwrap().minor(), 2990);
        assert!(o.server_to_server);
        let spaced = answer.replace(',', ", ");
        let e = verify_body(&body(&spaced, &h, "password"), None, Some(&password)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch);
        let e = verify_body(&body(answer, &h, "sha256_hmac"), None, Some(&password)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidKey);
    }
}
