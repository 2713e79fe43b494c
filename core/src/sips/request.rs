//! An order → the sealed Paypage POST form of Sips 2.0 (`Data`, `InterfaceVersion`, `Seal`, …).
//!
//! [`build_form`] writes the order as Data pairs, checks them, enforces the Cpay rules on Sips when the
//! payment is a Cpay one (EUR, Internet channel, one-shot only: no instalments, subscriptions or one-click,
//! capture within 6 days), optionally base64-encodes the Data, and seals the text actually posted.

use super::config::SipsConfig;
use super::data;
use super::seal;
use crate::error::{Error, ErrorCode, Result};
use crate::form::{FormCharset, FormMethod, PaymentForm};
use crate::format::{check_enum, FieldFormat};
use crate::money::{Amount, Currency};
use crate::ogone::request::{check_schedule, ScheduledAmount};
use base64::Engine as _;
use std::collections::BTreeMap;

/// Most days Cpay on Sips allows between authorisation and capture (deferred capture).
pub const CPAY_MAX_CAPTURE_DAY: u32 = 6;

/// A payment to send to Sips.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SipsPayment {
    /// `amount` in minor units, > 0.
    pub amount: Amount,
    /// `currencyCode` (default EUR).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// `transactionReference`: the shop's unique reference for this transaction (give this or
    /// `s10_transaction_reference`).
    #[serde(default)]
    pub transaction_reference: String,
    /// `s10TransactionReference`: for shops migrated from Sips 1.0, the 6-digit transaction id unique per day and
    /// its date, instead of `transaction_reference`.
    #[serde(default)]
    pub s10_transaction_reference: Option<S10TransactionReference>,
    /// `orderId`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// `normalReturnUrl`: where the buyer's browser comes back.
    pub normal_return_url: String,
    /// `automaticResponseUrl`: the server-to-server notification (must differ from `normalReturnUrl`).
    #[serde(default)]
    pub automatic_response_url: Option<String>,
    /// `orderChannel` (default `INTERNET`).
    #[serde(default = "internet")]
    pub order_channel: String,
    /// `captureMode`: `AUTHOR_CAPTURE` or `VALIDATION`.
    #[serde(default)]
    pub capture_mode: Option<String>,
    /// `captureDay`: days before capture (0 = end of day).
    #[serde(default)]
    pub capture_day: Option<u32>,
    /// `paymentMeanBrandList`: brands offered on the page.
    #[serde(default)]
    pub payment_mean_brands: Vec<String>,
    /// `customerLanguage` (`fr`, `en`, …).
    #[serde(default)]
    pub customer_language: Option<String>,
    /// `returnContext`: echoed in the response.
    #[serde(default)]
    pub return_context: Option<String>,
    /// Instalments (`paymentPattern=INSTALMENT`, `instalmentData.*`); refused for Cpay.
    #[serde(default)]
    pub instalments: Option<Vec<ScheduledAmount>>,
    /// `instalmentData.transactionReferencesList`: one reference per instalment, the first being
    /// `transaction_reference`.
    #[serde(default)]
    pub instalment_references: Vec<String>,
    /// Apply the Cpay rules on Sips (default true).
    #[serde(default = "yes")]
    pub cpay: bool,
    /// Further Data keys (nested objects become `a.b`, lists `x,y`), e.g. `{"customerContact": {"email": …}}`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `s10TransactionReference` (Worldline Sips data dictionary): `s10TransactionId` (n6, unique per shop and day)
/// and `s10TransactionIdDate` (the day, `YYYYMMDD`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S10TransactionReference {
    /// `s10TransactionId`: six digits, unique per day.
    pub id: String,
    /// `s10TransactionIdDate`: the day the id belongs to (`YYYY-MM-DD`).
    #[serde(with = "crate::plan::ymd")]
    #[schemars(with = "String")]
    pub date: time::Date,
}

/// The brands of Cetelem 3X 4X CB on Sips (Worldline Sips documentation, "Cetelem 3X 4X CB", and its list of
/// means of payment, where they are `ONLINE_CREDIT` brands).
pub const CETELEM_BRANDS: [&str; 2] = ["CETELEM_3X", "CETELEM_4X"];

fn eur() -> Currency {
    Currency::EUR
}

fn internet() -> String {
    "INTERNET".to_owned()
}

fn yes() -> bool {
    true
}

/// Build the Data pairs of `payment` (checked, not yet sealed).
pub fn data_pairs(config: &SipsConfig, payment: &SipsPayment) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    if payment.amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, "amount", "amount must be greater than zero"));
    }
    data::push(&mut pairs, "amount", payment.amount.to_string())?;
    data::push(&mut pairs, "currencyCode", payment.currency.numeric_str())?;
    data::push(&mut pairs, "merchantId", config.merchant_id.clone())?;
    check_url("normalReturnUrl", &payment.normal_return_url)?;
    data::push(&mut pairs, "normalReturnUrl", payment.normal_return_url.clone())?;
    if let Some(url) = &payment.automatic_response_url {
        check_url("automaticResponseUrl", url)?;
        if *url == payment.normal_return_url {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                "automaticResponseUrl",
                "automaticResponseUrl must differ from normalReturnUrl",
            ));
        }
        data::push(&mut pairs, "automaticResponseUrl", url.clone())?;
    }
    match (&payment.s10_transaction_reference, payment.transaction_reference.is_empty()) {
        (None, true) => return Err(Error::missing("transactionReference")),
        (Some(_), false) => {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                "s10TransactionReference",
                "give transactionReference or s10TransactionReference, not both",
            ))
        }
        (None, false) => {
            FieldFormat::notation("an..35").check("transactionReference", &payment.transaction_reference)?;
            data::push(&mut pairs, "transactionReference", payment.transaction_reference.clone())?;
        }
        (Some(s10), true) => {
            let id_field = "s10TransactionReference.s10TransactionId";
            FieldFormat::notation("n6").check(id_field, &s10.id)?;
            data::push(&mut pairs, id_field, s10.id.clone())?;
            let date = format!("{:04}{:02}{:02}", s10.date.year(), u8::from(s10.date.month()), s10.date.day());
            data::push(&mut pairs, "s10TransactionReference.s10TransactionIdDate", date)?;
        }
    }
    data::push(&mut pairs, "keyVersion", config.key_version.to_string())?;
    check_enum("orderChannel", &payment.order_channel, &["INTERNET", "MOTO", "MAIL_ORDER", "TELEPHONE_ORDER"])?;
    data::push(&mut pairs, "orderChannel", payment.order_channel.clone())?;
    if let Some(mode) = &payment.capture_mode {
        check_enum("captureMode", mode, &["AUTHOR_CAPTURE", "VALIDATION"])?;
        data::push(&mut pairs, "captureMode", mode.clone())?;
    }
    if let Some(day) = payment.capture_day {
        if day > 99 {
            return Err(Error::field(ErrorCode::InvalidValue, "captureDay", "captureDay is at most 99 days"));
        }
        data::push(&mut pairs, "captureDay", day.to_string())?;
    }
    if !payment.payment_mean_brands.is_empty() {
        for brand in &payment.payment_mean_brands {
            FieldFormat::notation("ans..20").check("paymentMeanBrandList", brand)?;
            if brand.contains(',') {
                return Err(Error::field(ErrorCode::InvalidFormat, "paymentMeanBrandList", "a brand contains ','"));
            }
        }
        data::push(&mut pairs, "paymentMeanBrandList", payment.payment_mean_brands.join(","))?;
    }
    if let Some(language) = &payment.customer_language {
        FieldFormat::notation("a2").check("customerLanguage", language)?;
        data::push(&mut pairs, "customerLanguage", language.clone())?;
    }
    if let Some(order) = &payment.order_id {
        FieldFormat::notation("ans..32").check("orderId", order)?;
        data::push(&mut pairs, "orderId", order.clone())?;
    }
    if let Some(context) = &payment.return_context {
        FieldFormat::notation("ans..255").check("returnContext", context)?;
        data::push(&mut pairs, "returnContext", context.clone())?;
    }
    if let Some(instalments) = &payment.instalments {
        instalment_pairs(&mut pairs, payment, instalments)?;
    }
    for (key, value) in data::flatten(&payment.extra)? {
        data::push(&mut pairs, &key, value)?;
    }
    let cetelem: Vec<&str> =
        payment.payment_mean_brands.iter().map(String::as_str).filter(|b| CETELEM_BRANDS.contains(b)).collect();
    if let Some(brand) = cetelem.first() {
        check_cetelem(brand, payment, &pairs)?;
    } else if payment.cpay {
        check_cpay(payment, &pairs)?;
    }
    Ok(pairs)
}

fn check_url(field: &str, url: &str) -> Result<()> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::field(ErrorCode::InvalidValue, field, format!("{field} must be an http(s) URL")));
    }
    FieldFormat::notation("ans..512").check(field, url)
}

fn instalment_pairs(pairs: &mut Vec<(String, String)>, payment: &SipsPayment, items: &[ScheduledAmount]) -> Result<()> {
    check_schedule(items, payment.amount, None, "instalmentData.amountsList")?;
    let refs = &payment.instalment_references;
    if !refs.is_empty() && (refs.len() != items.len() || refs[0] != payment.transaction_reference) {
        return Err(Error::field(
            ErrorCode::Inconsistent,
            "instalmentData.transactionReferencesList",
            "give one reference per instalment, the first being transactionReference",
        ));
    }
    let amounts: Vec<String> = items.iter().map(|i| i.amount.to_string()).collect();
    let dates: Vec<String> = items
        .iter()
        .map(|i| format!("{:04}{:02}{:02}", i.date.year(), u8::from(i.date.month()), i.date.day()))
        .collect();
    data::push(pairs, "paymentPattern", "INSTALMENT".to_owned())?;
    data::push(pairs, "instalmentData.number", items.len().to_string())?;
    data::push(pairs, "instalmentData.amountsList", amounts.join(","))?;
    data::push(pairs, "instalmentData.datesList", dates.join(","))?;
    if !refs.is_empty() {
        for r in refs {
            FieldFormat::notation("an..35").check("instalmentData.transactionReferencesList", r)?;
        }
        data::push(pairs, "instalmentData.transactionReferencesList", refs.join(","))?;
    }
    Ok(())
}

/// Cpay on Sips: EUR, Internet only, one-shot payments captured within 6 days.
fn check_cpay(payment: &SipsPayment, pairs: &[(String, String)]) -> Result<()> {
    let not_allowed =
        |field: &str, why: &str| Error::field(ErrorCode::NotAllowed, field, format!("Cpay on Sips: {why}"));
    if payment.currency != Currency::EUR {
        return Err(not_allowed("currencyCode", "the currency must be EUR (978)"));
    }
    if payment.order_channel != "INTERNET" {
        return Err(not_allowed("orderChannel", "the order channel must be INTERNET"));
    }
    if payment.capture_day.is_some_and(|d| d > CPAY_MAX_CAPTURE_DAY) {
        return Err(not_allowed("captureDay", "capture is at most 6 days after authorisation"));
    }
    if payment.instalments.is_some() {
        return Err(not_allowed("instalmentData", "payment in instalments is not available"));
    }
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    if get("paymentPattern").is_some_and(|p| p != "ONE_SHOT") {
        return Err(not_allowed("paymentPattern", "only ONE_SHOT payments (no instalments or subscriptions)"));
    }
    for (key, _) in pairs {
        let lower = key.to_ascii_lowercase();
        if lower.starts_with("instalmentdata") || lower.starts_with("subscription") || lower == "merchantwalletid" {
            return Err(not_allowed(key, "instalments, subscriptions and one-click (wallet) are not available"));
        }
    }
    Ok(())
}

/// Cetelem 3X 4X CB on Sips (Worldline Sips documentation, "Cetelem 3X 4X CB", "Acceptance rules"): Internet
/// only, immediate payment only (end of day, deferred and at-shipping capture are forced to immediate by Sips, so
/// cpay refuses asking for them), no instalments, subscriptions or one-click, EUR only (no multicurrency); the
/// amount within Cetelem's FullCB bounds, 90 € to 3,000 €.
fn check_cetelem(brand: &str, payment: &SipsPayment, pairs: &[(String, String)]) -> Result<()> {
    let not_allowed =
        |field: &str, why: &str| Error::field(ErrorCode::NotAllowed, field, format!("{brand} on Sips: {why}"));
    if payment.currency != Currency::EUR {
        return Err(not_allowed("currencyCode", "the currency must be EUR (978)"));
    }
    if payment.amount < crate::lyra::request::FULLCB_MIN || payment.amount > crate::lyra::request::FULLCB_MAX {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "amount",
            format!(
                "{brand} on Sips: Cetelem 3x/4x accepts 90.00 to 3000.00 EUR; the amount is {} EUR",
                payment.amount.to_decimal(Currency::EUR)
            ),
        ));
    }
    if payment.order_channel != "INTERNET" {
        return Err(not_allowed("orderChannel", "the order channel must be INTERNET"));
    }
    if payment.capture_day.is_some_and(|d| d != 0) {
        return Err(not_allowed("captureDay", "payment is immediate: captureDay must be 0"));
    }
    if payment.capture_mode.as_deref().is_some_and(|m| m != "AUTHOR_CAPTURE") {
        return Err(not_allowed("captureMode", "payment is immediate: captureMode must be AUTHOR_CAPTURE"));
    }
    if payment.instalments.is_some() {
        return Err(not_allowed("instalmentData", "Cetelem itself splits the payment; no Sips instalments"));
    }
    for (key, value) in pairs {
        let lower = key.to_ascii_lowercase();
        if (key == "paymentPattern" && value != "ONE_SHOT")
            || lower.starts_with("instalmentdata")
            || lower.starts_with("subscription")
            || lower == "merchantwalletid"
        {
            return Err(not_allowed(key, "one-shot payments only (no instalments, subscriptions or one-click)"));
        }
    }
    Ok(())
}

/// Build the sealed form for `payment`.
pub fn build_form(config: &SipsConfig, payment: &SipsPayment) -> Result<PaymentForm> {
    config.validate()?;
    let key = config.key()?;
    let text = data::join(&data_pairs(config, payment)?);
    let posted = if config.base64 { base64::engine::general_purpose::STANDARD.encode(text.as_bytes()) } else { text };
    let mut fields = BTreeMap::new();
    fields.insert("Seal".to_owned(), seal::seal(posted.as_bytes(), key, config.seal_algorithm)?);
    fields.insert("Data".to_owned(), posted);
    fields.insert("InterfaceVersion".to_owned(), config.interface_version.clone());
    if let Some(name) = config.seal_algorithm.field_value() {
        fields.insert("SealAlgorithm".to_owned(), name.to_owned());
    }
    if config.base64 {
        fields.insert("Encode".to_owned(), "base64".to_owned());
    }
    Ok(PaymentForm {
        action: config.environment.url().to_owned(),
        method: FormMethod::Post,
        charset: FormCharset::Utf8,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sips::seal::SealAlgorithm;

    fn config() -> SipsConfig {
        serde_json::from_str(
            r#"{"merchant_id":"002001000000001","key_version":1,"secret_key":"002001000000001_KEY1","environment":"simu"}"#,
        )
        .unwrap()
    }

    fn payment() -> SipsPayment {
        serde_json::from_str(
            r#"{"amount":2990,"transaction_reference":"CPAY20240101A1","normal_return_url":"https://shop.example/return",
                "automatic_response_url":"https://shop.example/notify"}"#,
        )
        .unwrap()
    }

    #[test]
    fn seals_the_posted_text() {
        let mut c = config();
        let form = build_form(&c, &payment()).unwrap();
        let data = &form.fields["Data"];
        assert!(data.starts_with("amount=2990|currencyCode=978|merchantId=002001000000001|"));
        assert_eq!(
            form.fields["Seal"],
            seal::seal(data.as_bytes(), c.key().unwrap(), SealAlgorithm::HmacSha256).unwrap()
        );
        assert_eq!(form.fields["SealAlgorithm"], "HMAC-SHA-256");
        c.base64 = true;
        c.seal_algorithm = SealAlgorithm::Sha256;
        let form = build_form(&c, &payment()).unwrap();
        let posted = &form.fields["Data"];
        let decoded = base64::engine::general_purpose::STANDARD.decode(posted).unwrap();
        assert_eq!(decoded, data.as_bytes());
        assert_eq!(
            form.fields["Seal"],
            seal::seal(posted.as_bytes(), c.key().unwrap(), SealAlgorithm::Sha256).unwrap()
        );
        assert!(!form.fields.contains_key("SealAlgorithm"));
    }

    #[test]
    fn cpay_rules() {
        let c = config();
        let mut p = payment();
        p.currency = Currency::from_alpha("USD").unwrap();
        assert_eq!(build_form(&c, &p).unwrap_err().field_name(), Some("currencyCode"));
        let mut p = payment();
        p.capture_day = Some(7);
        assert_eq!(build_form(&c, &p).unwrap_err().code(), ErrorCode::NotAllowed);
        let mut p = payment();
        p.extra.insert("paymentPattern".into(), "RECURRING_1".into());
        assert_eq!(build_form(&c, &p).unwrap_err().field_name(), Some("paymentPattern"));
        let mut p = payment();
        p.automatic_response_url = Some(p.normal_return_url.clone());
        assert_eq!(build_form(&c, &p).unwrap_err().code(), ErrorCode::Inconsistent);
    }
}
