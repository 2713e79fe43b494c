//! IPN and browser return → verified [`Outcome`] (Lyra Guide d'implémentation API Formulaire; Sogecommerce guide
//! "Ajouter le bouton de paiement Cpay", "Analyser le résultat du paiement").
//!
//! Order of checks, each before the next is trusted: the fields are parsed (strictly, see
//! [`crate::urlencoded`]); the signature is recomputed over exactly the `vads_*` fields received — empty
//! ones included — with the key of the received `vads_ctx_mode` and compared in constant time; then the
//! mode and the site id must be the shop's; then, when the shop says which payment it expects, the order,
//! transaction and amount must match. Only then are the codes read.

use super::codes;
use super::config::{LyraConfig, Mode};
use super::signature;
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::money::{Amount, Currency};
use crate::notification::Notification;
use crate::outcome::{Gateway, Operation, Outcome, Status, ThreeDSecure};
use crate::urlencoded::{self, SortedFields, TextEncoding};
use std::collections::BTreeMap;

/// What the shop expects the notification to be about (all optional; each given one is checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraExpected")]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `vads_order_id`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// `vads_trans_id`.
    #[serde(default)]
    pub trans_id: Option<String>,
    /// `vads_amount` (the order's amount: a refund, `vads_operation_type=CREDIT`, may be for less, never more).
    #[serde(default)]
    pub amount: Option<Amount>,
}

/// Parse a raw url-encoded IPN body or return query string (UTF-8, as the platform sends).
pub fn parse_body(body: &[u8]) -> Result<Vec<(String, String)>> {
    urlencoded::parse(body, TextEncoding::Utf8)
}

/// Verify a notification from its raw body and classify it.
///
/// The body is read into [`SortedFields`]: sorted once, looked up by binary search, signed in that order,
/// and copied only once, into [`Outcome::fields`], after it is verified.
pub fn verify_body(config: &LyraConfig, body: &[u8], expected: &Expected) -> Result<Notification> {
    let fields = SortedFields::parse(body, TextEncoding::Utf8)?;
    check_fields(config, |name| fields.get(name), fields.iter(), expected)?;
    let mut outcome = classify(|name| fields.get(name))?;
    outcome.fields = VerifiedFields::from_sorted(fields.iter().filter(|(k, _)| *k != "signature").collect());
    Ok(Notification::accepted(outcome))
}

/// Verify received fields (IPN or browser return) and classify them.
pub fn verify_notification(
    config: &LyraConfig,
    received: &[(String, String)],
    expected: &Expected,
) -> Result<Notification> {
    let get = |name: &str| received.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let all = received.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    check_fields(config, get, all, expected)?;
    let fields: VerifiedFields =
        received.iter().filter(|(k, _)| k != "signature").map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut outcome = classify(|name| fields.get(name))?;
    outcome.fields = fields;
    Ok(Notification::accepted(outcome))
}

/// Every check before the fields are trusted: signature, mode, shop, expected payment. `get` reads one
/// received field; `all` is every received field, for the signature.
fn check_fields<'a>(
    config: &LyraConfig,
    get: impl Fn(&str) -> Option<&'a str>,
    all: impl Iterator<Item = (&'a str, &'a str)>,
    expected: &Expected,
) -> Result<()> {
    let signature = get("signature").filter(|s| !s.is_empty()).ok_or_else(|| {
        Error::field(ErrorCode::SignatureMissing, "signature", "the notification carries no signature")
    })?;
    let mode_text = get("vads_ctx_mode").ok_or_else(|| Error::missing("vads_ctx_mode"))?;
    let mode = Mode::parse(mode_text).ok_or_else(|| {
        Error::field(ErrorCode::InvalidValue, "vads_ctx_mode", "vads_ctx_mode must be TEST or PRODUCTION")
    })?;
    let wrong_mode = || {
        Error::field(
            ErrorCode::WrongMode,
            "vads_ctx_mode",
            format!(
                "the notification is for {} mode but the shop runs in {} mode",
                mode.as_str(),
                config.mode.as_str()
            ),
        )
    };
    // A message for the other mode is refused as such; a missing key for the shop's own mode is a
    // configuration error, reported on the key's field.
    let key = config.key_for(mode).map_err(|e| if mode == config.mode { e } else { wrong_mode() })?;
    if !signature::verify(all, signature, key, config.algorithm)? {
        return Err(signature_mismatch(signature, config));
    }
    if mode != config.mode {
        return Err(wrong_mode());
    }
    if get("vads_site_id") != Some(config.site_id.as_str()) {
        return Err(Error::field(
            ErrorCode::WrongShop,
            "vads_site_id",
            "the notification is for another shop (vads_site_id)",
        ));
    }
    check_expected(&get, expected)
}

fn signature_mismatch(signature: &str, config: &LyraConfig) -> Error {
    let repaired = signature::repair_signature(signature);
    let looks_sha1 = repaired.len() == 40 && repaired.bytes().all(|b| b.is_ascii_hexdigit());
    let hint = match (config.algorithm, looks_sha1) {
        (super::Algorithm::HmacSha256, true) => {
            " (it looks like a SHA-1 signature: check the algorithm chosen in the Back Office)"
        }
        (super::Algorithm::Sha1, false) if repaired.len() == 44 => {
            " (it looks like an HMAC-SHA-256 signature: check the algorithm chosen in the Back Office)"
        }
        _ => "",
    };
    Error::field(
        ErrorCode::SignatureMismatch,
        "signature",
        format!("the signature does not match the received vads_* fields and the shop's key{hint}"),
    )
}

fn check_expected<'a>(get: &impl Fn(&str) -> Option<&'a str>, expected: &Expected) -> Result<()> {
    let amount_text = expected.amount.map(|a| a.to_string());
    for (field, want) in [
        ("vads_order_id", expected.order_id.as_deref()),
        ("vads_trans_id", expected.trans_id.as_deref()),
        ("vads_amount", amount_text.as_deref()),
    ] {
        if let Some(want) = want {
            // vads_trans_id is not case-sensitive at the platform (Lyra's Dictionnaire de données).
            // A refund (CREDIT) carries its own amount: at most the order's, not equal to it.
            let refund = get("vads_operation_type") == Some("CREDIT");
            let matches = match get(field) {
                Some(got) if field == "vads_trans_id" => got.eq_ignore_ascii_case(want),
                Some(got) if field == "vads_amount" && refund => {
                    matches!((got.parse::<u64>(), want.parse::<u64>()), (Ok(got), Ok(want)) if got <= want)
                }
                Some(got) => got == want,
                None => false,
            };
            if !matches {
                return Err(Error::field(
                    ErrorCode::WrongOrder,
                    field,
                    format!("the notification is not for the expected payment ({field} differs)"),
                ));
            }
        }
    }
    Ok(())
}

/// Turn verified fields into an [`Outcome`]. Never call this on unverified fields. The fields are read
/// through `get` (a binary search for a parsed body: cheaper than a map's node-by-node scan); the
/// caller then moves them into [`Outcome::fields`], left empty here.
fn classify<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Outcome> {
    let get = |name: &str| get(name).filter(|v| !v.is_empty());

    let result = get("vads_result");
    let (status, code, mut message) = match get("vads_trans_status") {
        Some(ts) => match codes::trans_status(ts) {
            Some((status, meaning)) => (status, ts.to_owned(), format!("{ts}: {meaning}")),
            None => (Status::Pending, ts.to_owned(), format!("{ts}: unknown transaction status, wait for a final one")),
        },
        None => {
            let r = result.ok_or_else(|| Error::missing("vads_trans_status"))?;
            let status = match r {
                "00" => Status::Accepted,
                "02" | "05" => Status::Refused,
                "17" => Status::Cancelled,
                _ => Status::Error,
            };
            let meaning = codes::result_meaning(r).unwrap_or("unknown result");
            (status, r.to_owned(), format!("vads_result {r}: {meaning}"))
        }
    };

    let mut details = BTreeMap::new();
    for (name, key) in [
        ("vads_result", "result"),
        ("vads_auth_result", "auth_result"),
        ("vads_extra_result", "extra_result"),
        ("vads_url_check_src", "url_check_src"),
        ("vads_operation_type", "operation_type"),
        ("vads_acquirer_network", "acquirer_network"),
        ("vads_auth_number", "auth_number"),
        ("vads_payment_option_code", "payment_option_code"),
        ("vads_trans_date", "trans_date"),
    ] {
        if let Some(v) = get(name) {
            details.insert(key.to_owned(), v.to_owned());
        }
    }
    if let Some(auth) = get("vads_auth_result") {
        if let Some(meaning) = codes::auth_result_meaning(auth) {
            details.insert("auth_result_meaning".to_owned(), meaning.to_owned());
        }
        if status == Status::Refused {
            let meaning = codes::auth_result_meaning(auth).unwrap_or("refused");
            message.push_str(&format!(" — authorisation {auth}: {meaning}"));
            if get("vads_card_brand") == Some(super::request::CPAY_CARD) {
                message.push_str("; for the reason, the buyer must contact Cetelem");
            }
        }
    }
    if result == Some("30") {
        if let Some(extra) = get("vads_extra_result") {
            let name = codes::form_error_name(extra).unwrap_or("UNKNOWN");
            details.insert("form_error".to_owned(), name.to_owned());
            message.push_str(&format!(" — form error {extra} ({name})"));
        }
    }
    let operation = codes::operation(get("vads_operation_type"), get("vads_trans_status"));
    match operation {
        Operation::Refund => message.push_str(" — this is a refund (CREDIT), not a payment"),
        Operation::Cancellation => message.push_str(" — the payment was cancelled after its authorisation"),
        Operation::Capture if status == Status::Refused => message.push_str(" — the capture failed"),
        _ => {}
    }
    // The amount really settled, in the currency of the settlement (Lyra Dictionnaire de données,
    // `vads_effective_amount`, `vads_effective_currency`): read and checked, kept in `details`.
    if let Some(effective) = get("vads_effective_amount") {
        let amount = Amount::parse_minor(effective, "vads_effective_amount")?;
        details.insert("effective_amount".to_owned(), amount.to_string());
    }
    if let Some(effective) = get("vads_effective_currency") {
        let currency = Currency::parse(effective, "vads_effective_currency")?;
        details.insert("effective_currency".to_owned(), currency.alpha().to_owned());
    }

    let amount = get("vads_amount").map(|a| Amount::parse_minor(a, "vads_amount")).transpose()?;
    let currency = get("vads_currency").map(|c| Currency::parse(c, "vads_currency")).transpose()?;
    let three_ds = ThreeDSecure {
        auth_type: get("vads_threeds_auth_type").map(str::to_owned),
        enrolled: get("vads_threeds_enrolled").map(str::to_owned),
        status: get("vads_threeds_status").map(str::to_owned),
        cavv: get("vads_threeds_cavv").map(str::to_owned),
    };
    let trans_uuid = get("vads_trans_uuid").map(str::to_owned);
    let idempotency_key = match &trans_uuid {
        Some(uuid) => format!("lyra:{uuid}"),
        None => format!(
            "lyra:{}:{}:{}",
            get("vads_site_id").unwrap_or(""),
            get("vads_trans_date").map(|d| &d[..d.len().min(8)]).unwrap_or(""),
            get("vads_trans_id").unwrap_or("").to_ascii_lowercase()
        ),
    };
    Ok(Outcome {
        gateway: Gateway::Lyra,
        operation,
        status,
        order_id: get("vads_order_id").map(str::to_owned),
        transaction_id: get("vads_trans_id").map(str::to_owned),
        gateway_reference: trans_uuid,
        amount,
        currency,
        code,
        message,
        details,
        card_brand: get("vads_card_brand").map(str::to_owned),
        three_ds,
        warranty: get("vads_warranty_result").map(str::to_owned),
        server_to_server: get("vads_hash").is_some(),
        idempotency_key,
        fields: VerifiedFields::new(),
        unverified: BTreeMap::new(),
    })
}
