//! URLNotify, URLSuccess and URLFailure → verified [`Outcome`] (Computop Paygate manual, "Cetelem FullCB", "Return
//! parameters for URLSuccess, URLFailure and URLNotify with Cetelem FullCB").
//!
//! Order of checks, each before the next is trusted: the raw body (POST body or GET query string; the
//! notify is ISO-8859-1) is parsed strictly; `Data` and `Len` are found whatever their case; `Data` is
//! decrypted and cut at `Len`; the plaintext is split into fields (case-insensitive keys, unknown keys
//! kept); the MAC over `PayID*TransID*mid*Status*Code` is checked in constant time; `mid` must be the
//! shop's MerchantID and, when the shop says which payment it expects, `TransID` must be that one. Only
//! then is `Code` read, and only `00000000` is a success: a `Data` blob copied from URLFailure and posted
//! to URLSuccess carries its failure `Code` with it, so which URL was hit never matters.
//!
//! Paygate's MAC covers only those five values. Everything else in `Data` (Description, UserData,
//! Custom…) is merely encrypted, and Blowfish ECB does not protect integrity: do not base decisions on it.

use super::codes;
use super::config::ComputopConfig;
use super::plaintext::Fields;
use super::{blowfish, data, mac};
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Outcome, ThreeDSecure};
use crate::urlencoded::{self, TextEncoding};
use std::collections::BTreeMap;

/// What the shop expects the message to be about.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopExpected")]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The `TransID` of the payment (or credit) the shop is waiting for. Without it the shop must look
    /// its order up by the returned `TransID` and treat an unknown one as a forgery.
    #[serde(default)]
    pub trans_id: Option<String>,
    /// The `PayID` (for a credit answer: the payment that was credited).
    #[serde(default)]
    pub pay_id: Option<String>,
}

/// Parse the outer body and decrypt `Data` (Blowfish or AES, by its shape) into fields. Without `Data`, the
/// body's own fields are used only when `require_encrypted` is false (server-to-server answers may come
/// unencrypted).
///
/// Also returns the outer pairs other than `Data`, `Len` and `MerchantID`: the `Custom` pairs Paygate echoes in
/// clear beside `Data` ("`|` becomes `&`"), which nothing protects — *unverified* context.
pub fn decode_body(
    config: &ComputopConfig,
    body: &[u8],
    require_encrypted: bool,
) -> Result<(Fields, BTreeMap<String, String>)> {
    let outer = Fields::from_pairs(urlencoded::parse(body, TextEncoding::Latin1)?)?;
    let Some(data) = outer.get("Data") else {
        if require_encrypted {
            return Err(Error::field(
                ErrorCode::MissingField,
                "Data",
                "the message carries no encrypted Data (cpay requests always ask for Response=encrypt)",
            ));
        }
        return Ok((outer, BTreeMap::new()));
    };
    let unverified = outer
        .pairs()
        .iter()
        .filter(|(k, _)| !["Data", "Len", "MerchantID"].iter().any(|n| k.eq_ignore_ascii_case(n)))
        .cloned()
        .collect();
    let len_text = outer.require("Len")?;
    if len_text.len() > 9 || !len_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::field(ErrorCode::Malformed, "Len", "Len must be a number of characters"));
    }
    let len: usize = len_text.parse().map_err(|_| Error::field(ErrorCode::Malformed, "Len", "Len is not a number"))?;
    let plaintext = data::decrypt_for(config, data, len)?;
    if !looks_like_fields(&plaintext) {
        return Err(undecryptable(config, data, len));
    }
    let text = blowfish::to_text(plaintext);
    if text.contains('\0') {
        return Err(Error::field(
            ErrorCode::Inconsistent,
            "Len",
            "the decrypted Data holds a NUL byte before Len: Len is wrong or Data was damaged",
        ));
    }
    Ok((Fields::parse(&text)?, unverified))
}

/// Whether decrypted bytes start like Paygate's `key=value&…` text. Paygate's plaintext starts with a field
/// name (Computop Paygate manual, "Parameters of the response"); with a wrong Blowfish password the first
/// block is random, and 8 random bytes are all printable ASCII about once in 2,500 tries.
/// (An empty plaintext, `Len=0`, is left to the checks that follow: it carries no MAC.)
fn looks_like_fields(plaintext: &[u8]) -> bool {
    plaintext[..plaintext.len().min(8)].iter().all(|b| (0x20..0x7f).contains(b))
}

/// The error for a `Data` that does not decrypt to Paygate's text with the shop's Blowfish password: the two
/// passwords swapped when it decrypts with the HMAC password, otherwise most likely a wrong Blowfish
/// password (or a message not made for this shop). Nothing about either key is said.
fn undecryptable(config: &ComputopConfig, data: &str, len: usize) -> Error {
    let swapped = blowfish::decrypt(data.trim(), len, &config.mac_key).is_ok_and(|p| looks_like_fields(&p));
    if swapped {
        return Error::field(
            ErrorCode::InvalidKey,
            "config.blowfish_key",
            "config.blowfish_key and config.mac_key are swapped: Data decrypts with the HMAC password",
        );
    }
    Error::field(
        ErrorCode::SignatureMismatch,
        "config.blowfish_key",
        "Data does not decrypt to Paygate fields with the shop's Blowfish password: config.blowfish_key is most \
         likely wrong (or the message was not encrypted for this shop)",
    )
}

/// Verify a notification or browser return from its raw body and classify it.
pub fn verify_body(
    config: &ComputopConfig,
    body: &[u8],
    expected: &Expected,
    server_to_server: bool,
) -> Result<Outcome> {
    config.validate()?;
    let (fields, unverified) = decode_body(config, body, true)?;
    let mut outcome = verify_fields(config, &fields, expected, server_to_server)?;
    outcome.unverified = unverified;
    Ok(outcome)
}

/// Check the MAC, the shop and the expected payment of decrypted fields, then classify them.
pub fn verify_fields(
    config: &ComputopConfig,
    fields: &Fields,
    expected: &Expected,
    server_to_server: bool,
) -> Result<Outcome> {
    check_mac(config, fields, true)?;
    check_belongs(config, fields, expected)?;
    outcome(fields, server_to_server)
}

/// Verify the response MAC; a missing MAC is an error only when `required`.
pub(crate) fn check_mac(config: &ComputopConfig, fields: &Fields, required: bool) -> Result<()> {
    let received = match fields.get("MAC").filter(|m| !m.is_empty()) {
        Some(m) => m,
        None if required => {
            return Err(Error::field(ErrorCode::SignatureMissing, "MAC", "the message carries no MAC"));
        }
        None => return Ok(()),
    };
    let get = |name: &str| fields.get(name).unwrap_or("");
    let message = mac::response_message(get("PayID"), get("TransID"), get("mid"), get("Status"), get("Code"));
    if mac::verify(message.as_bytes(), received, &config.mac_key)? {
        Ok(())
    } else {
        Err(Error::field(
            ErrorCode::SignatureMismatch,
            "MAC",
            "the MAC does not match PayID*TransID*mid*Status*Code and the shop's HMAC password",
        ))
    }
}

/// `mid` must be the shop's; `TransID` and `PayID` the expected ones when given.
pub(crate) fn check_belongs(config: &ComputopConfig, fields: &Fields, expected: &Expected) -> Result<()> {
    if fields.get("mid") != Some(config.merchant_id.as_str()) {
        return Err(Error::field(ErrorCode::WrongShop, "mid", "the message is for another merchant (mid)"));
    }
    for (name, want) in [("TransID", &expected.trans_id), ("PayID", &expected.pay_id)] {
        if let Some(want) = want {
            if fields.get(name) != Some(want.as_str()) {
                return Err(Error::field(
                    ErrorCode::WrongOrder,
                    name,
                    format!("the message is not for the expected payment ({name} differs)"),
                ));
            }
        }
    }
    Ok(())
}

/// Turn verified fields into an [`Outcome`]. Never call this on unverified fields.
pub(crate) fn outcome(fields: &Fields, server_to_server: bool) -> Result<Outcome> {
    let code = fields.require("Code")?;
    let paygate_status = fields.require("Status")?;
    let pay_id = fields.require("PayID")?;
    let trans_id = fields.require("TransID")?;
    let class = codes::classify(code)?;
    let (status, message) = codes::status_for(code, class, paygate_status);
    let mut details = BTreeMap::new();
    details.insert("code_class".to_owned(), class.name().to_owned());
    details.insert("paygate_status".to_owned(), paygate_status.to_owned());
    for (name, key) in [
        ("XID", "xid"),
        ("Description", "description"),
        ("CodeExt", "code_ext"),
        ("PID", "pid"),
        ("TransactionID", "fullcb_transaction_id"),
        ("PaymentGuarantee", "payment_guarantee"),
        ("ErrorText", "error_text"),
        ("PaymentPurpose", "payment_purpose"),
    ] {
        if let Some(value) = fields.get(name).filter(|v| !v.is_empty()) {
            details.insert(key.to_owned(), value.to_owned());
        }
    }
    let amount =
        fields.get("Amount").filter(|a| !a.is_empty()).map(|a| Amount::parse_minor(a, "Amount")).transpose()?;
    let currency =
        fields.get("Currency").filter(|c| !c.is_empty()).map(|c| Currency::parse(c, "Currency")).transpose()?;
    let all: VerifiedFields = fields
        .pairs()
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("MAC"))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Ok(Outcome {
        gateway: Gateway::Computop,
        operation: crate::outcome::Operation::Payment,
        status,
        order_id: fields.get("RefNr").filter(|r| !r.is_empty()).map(str::to_owned),
        transaction_id: Some(trans_id.to_owned()),
        gateway_reference: Some(pay_id.to_owned()),
        amount,
        currency,
        code: code.to_owned(),
        message,
        details,
        card_brand: None,
        three_ds: ThreeDSecure::default(),
        warranty: fields.get("PaymentGuarantee").filter(|g| !g.is_empty()).map(str::to_owned),
        server_to_server,
        idempotency_key: format!("computop:{pay_id}"),
        fields: all,
        unverified: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Status;
    use crate::secret::Secret;
    use proptest::prelude::*;

    fn config() -> ComputopConfig {
        serde_json::from_value(serde_json::json!({
            "merchant_id": "cpay_test", "blowfish_key": "bf-pass-1234", "mac_key": "hmac-pass-5678"
        }))
        .unwrap()
    }

    /// A Paygate answer whose MAC is the last field, so every byte of Data is covered by a check.
    fn answer(mid: &str, trans_id: &str, status: &str, code: &str) -> String {
        let pay_id = "0123456789abcdef0123456789abcdef";
        let message = mac::response_message(pay_id, trans_id, mid, status, code);
        let m = mac::mac(message.as_bytes(), &Secret::from("hmac-pass-5678")).unwrap();
        format!("mid={mid}&PayID={pay_id}&TransID={trans_id}&Status={status}&Code={code}&MAC={m}")
    }

    fn body(plaintext: &str) -> String {
        let e = blowfish::encrypt(plaintext.as_bytes(), &Secret::from("bf-pass-1234")).unwrap();
        format!("Len={}&Data={}", e.len, e.data)
    }

    fn verify(body: &str, trans_id: Option<&str>) -> Result<Outcome> {
        let expected = Expected { trans_id: trans_id.map(str::to_owned), pay_id: None };
        verify_body(&config(), body.as_bytes(), &expected, true)
    }

    #[test]
    fn success_and_extras() {
        let text = answer("cpay_test", "CMD1", "OK", "00000000")
            + "&XID=x1&CodeExt=00&PID=P1&TransactionID=T1&PaymentGuarantee=FULL&Extra=kept";
        let o = verify(&body(&text), Some("CMD1")).unwrap();
        assert_eq!(o.status, Status::Accepted);
        assert_eq!(o.gateway_reference.as_deref(), Some("0123456789abcdef0123456789abcdef"));
        assert_eq!(o.details["code_ext"], "00");
        assert_eq!(o.details["fullcb_transaction_id"], "T1");
        assert_eq!(o.warranty.as_deref(), Some("FULL"));
        assert_eq!(o.fields.get("Extra"), Some("kept"));
        assert!(!o.fields.contains_key("MAC"));
    }

    #[test]
    fn keys_are_case_insensitive_and_hex_case_free() {
        let text = answer("cpay_test", "CMD1", "OK", "00000000").replace("mid=", "MID=").replace("Code=", "code=");
        let b = body(&text).replace("Data=", "data=").replace("Len=", "LEN=");
        let upper = b.split_once("data=").map(|(a, d)| format!("{a}data={}", d.to_uppercase())).unwrap();
        assert_eq!(verify(&upper, None).unwrap().status, Status::Accepted);
    }

    #[test]
    fn failure_data_replayed_to_success_stays_a_failure() {
        let failed = body(&answer("cpay_test", "CMD1", "FAILED", "21500985"));
        let o = verify(&failed, Some("CMD1")).unwrap();
        assert_eq!(o.status, Status::Refused);
        assert_eq!(o.code, "21500985");
    }

    #[test]
    fn verification_failures() {
        let good = answer("cpay_test", "CMD1", "OK", "00000000");
        let code = |r: Result<Outcome>| r.unwrap_err().code();
        assert_eq!(
            code(verify(&body(&good.replace("Status=OK", "Status=AUTHORIZED")), None)),
            ErrorCode::SignatureMismatch
        );
        assert_eq!(code(verify(&body(&answer("other", "CMD1", "OK", "00000000")), None)), ErrorCode::WrongShop);
        assert_eq!(code(verify(&body(&good), Some("CMD2"))), ErrorCode::WrongOrder);
        let no_mac = good.split("&MAC=").next().unwrap();
        assert_eq!(code(verify(&body(no_mac), None)), ErrorCode::SignatureMissing);
        assert_eq!(code(verify(&format!("Len=5&{}", "x=1"), None)), ErrorCode::MissingField);
        assert_eq!(code(verify("Len=9&Data=nothex", None)), ErrorCode::Malformed);
        let e = verify(&format!("{}&{}", body(&good), "data=00"), None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Malformed);
    }

    proptest! {
        #[test]
        fn any_change_to_data_or_len_is_rejected(position in 0usize..1000, digit in 0u8..16, delta in 1usize..8, up in any::<bool>()) {
            let text = answer("cpay_test", "CMD1", "OK", "00000000");
            let e = blowfish::encrypt(text.as_bytes(), &Secret::from("bf-pass-1234")).unwrap();
            let mut data = e.data.clone().into_bytes();
            let position = position % data.len();
            let replacement = b"0123456789abcdef"[usize::from(digit)];
            prop_assume!(data[position] != replacement);
            data[position] = replacement;
            let data = String::from_utf8(data).unwrap();
            let tampered = format!("Len={}&Data={data}", e.len);
            prop_assert!(verify(&tampered, None).is_err());
            let len = if up { e.len + delta } else { e.len - delta };
            let wrong_len = format!("Len={len}&Data={}", e.data);
            prop_assert!(verify(&wrong_len, None).is_err());
        }

        #[test]
        fn never_panics(body in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = verify_body(&config(), &body, &Expected::default(), false);
        }
    }
}
