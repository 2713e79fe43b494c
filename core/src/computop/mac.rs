//! The Paygate MAC (Computop Paygate manual, "Cetelem FullCB": `MAC`, HMAC with SHA-256): keyed with the shop's HMAC
//! password, distinct from the Blowfish one.
//!
//! Requests sign `PayID*TransID*MerchantID*Amount*Currency` (PayID empty for a new payment, so the message
//! starts with `*`); responses sign `PayID*TransID*mid*Status*Code`. cpay emits uppercase hex and compares
//! a received MAC case-insensitively in constant time (Paygate accepts and sends either case).

use crate::error::{Error, ErrorCode, Result};
use crate::secret::{constant_time_eq_ignore_ascii_case, Secret};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Uppercase hex HMAC-SHA-256 of `message` under `key`; an empty key is refused.
pub fn mac(message: &[u8], key: &Secret) -> Result<String> {
    if key.is_empty() {
        return Err(Error::field(ErrorCode::InvalidKey, "mac_key", "the HMAC password is empty"));
    }
    let mut hmac = Hmac::<Sha256>::new_from_slice(key.expose())
        .map_err(|_| Error::field(ErrorCode::InvalidKey, "mac_key", "the HMAC password cannot be used"))?;
    hmac.update(message);
    Ok(hex::encode_upper(hmac.finalize().into_bytes()))
}

/// Whether `received` (hex, either case) is the MAC of `message`, compared in constant time.
pub fn verify(message: &[u8], received: &str, key: &Secret) -> Result<bool> {
    let expected = mac(message, key)?;
    Ok(constant_time_eq_ignore_ascii_case(expected.as_bytes(), received.as_bytes()))
}

/// The request message `PayID*TransID*MerchantID*Amount*Currency`.
pub fn request_message(pay_id: &str, trans_id: &str, merchant_id: &str, amount: u64, currency: &str) -> String {
    format!("{pay_id}*{trans_id}*{merchant_id}*{amount}*{currency}")
}

/// The response message `PayID*TransID*mid*Status*Code`.
pub fn response_message(pay_id: &str, trans_id: &str, mid: &str, status: &str, code: &str) -> String {
    format!("{pay_id}*{trans_id}*{mid}*{status}*{code}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spec_public_vectors() {
        let m = mac(b"value", &Secret::from("password")).unwrap();
        assert_eq!(m, "18B40402BBF3FEED824E9F762B412F1108C4D678B2A067425B99963CD68B1D6A");
        let message = request_message("", "TID-4453732122167114558", "yourMerchantId", 1234, "EUR");
        assert_eq!(message, "*TID-4453732122167114558*yourMerchantId*1234*EUR");
        let expected = "38ced807e293fc634a6c36ffaea7bd2687038d40615781918aef2de7bb9a9903";
        assert!(verify(message.as_bytes(), expected, &Secret::from("mySecret")).unwrap());
        assert!(verify(message.as_bytes(), &expected.to_uppercase(), &Secret::from("mySecret")).unwrap());
        assert!(!verify(message.as_bytes(), &expected[..63], &Secret::from("mySecret")).unwrap());
        assert_eq!(mac(b"x", &Secret::from("")).unwrap_err().code(), ErrorCode::InvalidKey);
    }

    proptest! {
        #[test]
        fn any_change_to_the_mac_is_rejected(message in ".{0,60}", position in 0usize..64, digit in 0u8..16) {
            let key = Secret::from("k");
            let good = mac(message.as_bytes(), &key).unwrap();
            let mut bad = good.clone().into_bytes();
            let replacement = b"0123456789ABCDEF"[usize::from(digit)];
            prop_assume!(bad[position] != replacement);
            bad[position] = replacement;
            let bad = String::from_utf8(bad).unwrap();
            prop_assert!(!verify(message.as_bytes(), &bad, &key).unwrap());
        }
    }
}
