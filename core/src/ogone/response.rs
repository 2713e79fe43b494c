//! Feedback (browser redirection to ACCEPTURL/… or the server-to-server "direct HTTP" request) → verified
//! [`Outcome`].
//!
//! Order of checks, each before the next is trusted: the parameters are parsed strictly in the page's
//! charset; SHASIGN is recomputed with the SHA-OUT passphrase (or the legacy SHA-OUT) over the received
//! parameters — names upper-cased, values as received — and compared in constant time; then the PSPID,
//! when the platform echoes it, must be the shop's; then the order, amount and currency the shop expects,
//! where it says; only then is `STATUS` read.

use super::codes;
use super::config::OgoneConfig;
use super::signature::{self, Direction};
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, Status, ThreeDSecure};
use crate::urlencoded::{self, TextEncoding};
use std::collections::BTreeMap;

/// What the shop expects the feedback to be about (each given one is checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneExpected")]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `ORDERID`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// `AMOUNT`, in minor units (the feedback sends major units: `15.00`).
    #[serde(default)]
    pub amount: Option<Amount>,
    /// `CURRENCY`.
    #[serde(default)]
    pub currency: Option<Currency>,
}

/// Parse a raw feedback body or query string in the page's charset.
pub fn parse_body(config: &OgoneConfig, body: &[u8]) -> Result<Vec<(String, String)>> {
    let encoding = match config.charset {
        signature::Charset::Utf8 => TextEncoding::Utf8,
        signature::Charset::Latin1 => TextEncoding::Latin1,
    };
    urlencoded::parse(body, encoding)
}

/// Verify a feedback from its raw url-encoded body or query string and classify it.
pub fn verify_body(config: &OgoneConfig, body: &[u8], expected: &Expected, server_to_server: bool) -> Result<Outcome> {
    let fields = parse_body(config, body)?;
    verify_feedback(config, &fields, expected, server_to_server)
}

/// Verify received parameters and classify them.
pub fn verify_feedback(
    config: &OgoneConfig,
    received: &[(String, String)],
    expected: &Expected,
    server_to_server: bool,
) -> Result<Outcome> {
    let get = |name: &str| received.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let shasign = get("SHASIGN")
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::field(ErrorCode::SignatureMissing, "SHASIGN", "the feedback carries no SHASIGN"))?;
    let passphrase = config.sha_out()?;
    let direction = if config.legacy_sha_out { Direction::LegacyOut } else { Direction::Out };
    let params = || received.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    if !signature::verify(params(), shasign, passphrase, config.algorithm, direction, config.charset)? {
        return Err(mismatch(config, received, shasign));
    }
    if let Some(pspid) = get("PSPID") {
        if pspid != config.pspid {
            return Err(Error::field(ErrorCode::WrongShop, "PSPID", "the feedback is for another shop (PSPID)"));
        }
    }
    check_expected(&get, expected)?;
    classify(received, server_to_server)
}

/// The mismatch error, with a hint when the usual configuration mistake explains it.
fn mismatch(config: &OgoneConfig, received: &[(String, String)], shasign: &str) -> Error {
    let params = || received.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let direction = if config.legacy_sha_out { Direction::LegacyOut } else { Direction::Out };
    let with_sha_in = config.sha_in_passphrase.as_ref().is_some_and(|pass| {
        signature::verify(params(), shasign, pass, config.algorithm, direction, config.charset).unwrap_or(false)
    });
    let length = shasign.trim().len();
    let hint = if with_sha_in {
        " (it was made with the SHA-IN passphrase: the SHA-OUT passphrase must be set in the back office)".to_owned()
    } else if length != config.algorithm.hex_len() {
        format!(" (a {length}-character SHASIGN does not fit the configured algorithm: check the back office)")
    } else {
        String::new()
    };
    Error::field(
        ErrorCode::SignatureMismatch,
        "SHASIGN",
        format!("SHASIGN does not match the received parameters and the shop's SHA-OUT passphrase{hint}"),
    )
}

fn check_expected<'a>(get: &impl Fn(&str) -> Option<&'a str>, expected: &Expected) -> Result<()> {
    let wrong = |field: &str| {
        Error::field(
            ErrorCode::WrongOrder,
            field,
            format!("the feedback is not for the expected payment ({field} differs)"),
        )
    };
    if let Some(order) = &expected.order_id {
        if get("ORDERID") != Some(order.as_str()) {
            return Err(wrong("ORDERID"));
        }
    }
    let received_currency = get("CURRENCY").map(|c| Currency::parse(c, "CURRENCY")).transpose()?;
    if let Some(currency) = expected.currency {
        if received_currency != Some(currency) {
            return Err(wrong("CURRENCY"));
        }
    }
    if let Some(amount) = expected.amount {
        let currency = expected.currency.or(received_currency).unwrap_or(Currency::EUR);
        let got = get("AMOUNT").map(|a| Amount::parse_decimal(a, currency, "AMOUNT")).transpose()?;
        if got != Some(amount) {
            return Err(wrong("AMOUNT"));
        }
    }
    Ok(())
}

/// Turn verified parameters into an [`Outcome`]. Never call this on unverified parameters.
fn classify(received: &[(String, String)], server_to_server: bool) -> Result<Outcome> {
    let fields: VerifiedFields = received
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("SHASIGN"))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let upper: BTreeMap<String, &str> = fields.iter().map(|(k, v)| (k.to_ascii_uppercase(), v)).collect();
    let get = |name: &str| upper.get(name).copied().filter(|v| !v.is_empty());

    let code = get("STATUS").ok_or_else(|| Error::missing("STATUS"))?;
    let (status, mut message) = match codes::status(code) {
        Some((status, meaning)) => (status, format!("STATUS {code}: {meaning}")),
        None => (Status::Pending, format!("STATUS {code}: unknown status, wait for a final one")),
    };
    let mut details = BTreeMap::new();
    if let Some(nc) = get("NCERROR") {
        let meaning = codes::ncerror_meaning(nc);
        details.insert("ncerror".to_owned(), nc.to_owned());
        details.insert("ncerror_meaning".to_owned(), meaning.to_owned());
        if meaning != "no error" {
            message.push_str(&format!(" — NCERROR {nc}: {meaning}"));
        }
    }
    for (name, key) in [
        ("ACCEPTANCE", "acceptance"),
        ("PM", "payment_method"),
        ("CARDNO", "card_number"),
        ("ED", "expiry"),
        ("TRXDATE", "transaction_date"),
        ("ALIAS", "alias"),
        ("ECI", "eci"),
        ("PAYIDSUB", "payid_sub"),
        ("IP", "ip"),
        ("SCORING", "scoring"),
    ] {
        if let Some(v) = get(name) {
            details.insert(key.to_owned(), v.to_owned());
        }
    }
    let currency = get("CURRENCY").map(|c| Currency::parse(c, "CURRENCY")).transpose()?;
    let amount = match (get("AMOUNT"), currency) {
        (Some(a), Some(c)) => Some(Amount::parse_decimal(a, c, "AMOUNT")?),
        (Some(a), None) => Some(Amount::parse_decimal(a, Currency::EUR, "AMOUNT")?),
        _ => None,
    };
    let payid = get("PAYID").map(str::to_owned);
    let operation = codes::operation(code, get("PAYIDSUB"));
    // A refund is its own transaction (PAYID + its PAYIDSUB); a capture or a cancellation changes the
    // payment itself, so it carries the payment's key (PAYIDSUB 0) for `plan.order_state`.
    let sub = if operation == Operation::Refund { get("PAYIDSUB").unwrap_or("0") } else { "0" };
    let idempotency_key = match &payid {
        Some(p) => format!("ogone:{p}:{sub}"),
        None => format!("ogone:order:{}", get("ORDERID").unwrap_or("")),
    };
    Ok(Outcome {
        gateway: Gateway::Ogone,
        operation,
        status,
        order_id: get("ORDERID").map(str::to_owned),
        transaction_id: payid.clone(),
        gateway_reference: payid,
        amount,
        currency,
        code: code.to_owned(),
        message,
        details,
        card_brand: get("BRAND").map(str::to_owned),
        three_ds: ThreeDSecure::default(),
        warranty: None,
        server_to_server,
        idempotency_key,
        fields,
        unverified: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ogone::config::Environment;
    use crate::ogone::signature::{Algorithm, Charset};
    use crate::Secret;

    const BODY: &str = "ACCEPTANCE=1234&AMOUNT=15.00&brand=VISA&CARDNO=xxxxxxxxxxxx1111&CURRENCY=EUR&ncerror=0\
                        &orderID=12&PAYID=32100123&PM=CreditCard&STATUS=9&SHASIGN=8DC2A769700CA4B3DF87FE8E3B6FD162D6F6A5FA";

    fn config() -> OgoneConfig {
        OgoneConfig {
            pspid: "MyPSPID".into(),
            environment: Environment::Test,
            base_url: None,
            charset: Charset::Utf8,
            algorithm: Algorithm::Sha1,
            sha_in_passphrase: Some(Secret::from("in-passphrase")),
            sha_out_passphrase: Some(Secret::from("Mysecretsig1875!?")),
            legacy_sha_out: false,
            user_id: None,
            api_password: None,
        }
    }

    #[test]
    fn documentation_feedback_is_accepted() {
        let o = verify_body(&config(), BODY.as_bytes(), &Expected::default(), false).unwrap();
        assert_eq!(o.status, Status::Accepted);
        assert_eq!(o.amount, Some(Amount::from_minor(1500)));
        assert_eq!(o.order_id.as_deref(), Some("12"));
        assert_eq!(o.card_brand.as_deref(), Some("VISA"));
        assert_eq!(o.idempotency_key, "ogone:32100123:0");
        assert!(!o.fields.contains_key("SHASIGN"));
    }

    #[test]
    fn checks_in_order() {
        let c = config();
        let tampered = BODY.replace("STATUS=9", "STATUS=5");
        let e = verify_body(&c, tampered.as_bytes(), &Expected::default(), false).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMismatch);
        let e = verify_body(&c, BODY.replace("&SHASIGN=", "&X=").as_bytes(), &Expected::default(), false).unwrap_err();
        assert_eq!(e.code(), ErrorCode::SignatureMissing);
        let expected = Expected { order_id: Some("13".into()), ..Expected::default() };
        let e = verify_body(&c, BODY.as_bytes(), &expected, false).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::WrongOrder, Some("ORDERID")));
        let expected = Expected { amount: Some(Amount::from_minor(1501)), ..Expected::default() };
        assert_eq!(verify_body(&c, BODY.as_bytes(), &expected, false).unwrap_err().field_name(), Some("AMOUNT"));
        let expected = Expected { amount: Some(Amount::from_minor(1500)), order_id: Some("12".into()), currency: None };
        assert!(verify_body(&c, BODY.as_bytes(), &expected, false).is_ok());
        let with_pspid = format!("{BODY}&PSPID=OtherShop");
        let e = verify_body(&c, with_pspid.as_bytes(), &Expected::default(), false).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongShop);
    }

    #[test]
    fn sha_in_passphrase_is_named_in_the_hint() {
        let mut c = config();
        c.sha_in_passphrase = Some(Secret::from("Mysecretsig1875!?"));
        c.sha_out_passphrase = Some(Secret::from("another"));
        let e = verify_body(&c, BODY.as_bytes(), &Expected::default(), false).unwrap_err();
        assert!(e.message().contains("SHA-IN passphrase"), "{e}");
        assert!(!e.message().contains("Mysecretsig"));
    }
}
