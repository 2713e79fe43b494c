//! An order → the signed hidden-POST form of Ogone e-Commerce.
//!
//! [`build_form`] turns an [`OgonePayment`] into the platform's upper-case parameters, checks each against
//! its format (the error names the Ogone parameter), checks saved-card (Alias) and scheduled-payment rules,
//! and signs the parameters it returns with SHA-IN in the page's charset.

use super::config::OgoneConfig;
use super::signature::{self, Direction};
use crate::error::{Error, ErrorCode, Result};
use crate::form::{FormMethod, PaymentForm};
use crate::format::{check_enum, FieldFormat};
use crate::money::{Amount, Currency};
use std::collections::BTreeMap;

/// Most days the platform allows between two scheduled payments.
pub const MAX_DAYS_BETWEEN_PAYMENTS: i64 = 43;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// A payment to send to the platform.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OgonePayment {
    /// `ORDERID`: the shop's order reference.
    pub order_id: String,
    /// `AMOUNT` in minor units, > 0 (the total when `schedule` is given).
    pub amount: Amount,
    /// `CURRENCY` (default EUR).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// `LANGUAGE`, e.g. `fr_FR`, `en_US`.
    #[serde(default)]
    pub language: Option<String>,
    /// The buyer (`CN`, `EMAIL`, `OWNER*`).
    #[serde(default)]
    pub customer: Customer,
    /// `COM`: order description.
    #[serde(default)]
    pub description: Option<String>,
    /// `ACCEPTURL`, `DECLINEURL`, `EXCEPTIONURL`, `CANCELURL`, `BACKURL`.
    #[serde(default)]
    pub urls: Urls,
    /// `OPERATION`: `RES` (authorisation) or `SAL` (sale).
    #[serde(default)]
    pub operation: Option<String>,
    /// `PM`: payment method (`CreditCard`, …).
    #[serde(default)]
    pub pm: Option<String>,
    /// `BRAND`: card brand (`VISA`, `CB`, …).
    #[serde(default)]
    pub brand: Option<String>,
    /// `WIN3DS`: where 3-D Secure runs: `MAINW`, `POPUP` or `POPIX`.
    #[serde(default)]
    pub win3ds: Option<String>,
    /// `FLAG3D`: ask 3-D Secure (`Y`) or not (`N`), per the shop's 3-D Secure policy.
    #[serde(default)]
    pub flag3d: Option<bool>,
    /// `COMPLUS`: a value echoed in the feedback.
    #[serde(default)]
    pub complus: Option<String>,
    /// `PARAMPLUS`: `name=value&…` echoed to the shop's URLs.
    #[serde(default)]
    pub paramplus: Option<String>,
    /// Saved card (Alias Manager).
    #[serde(default)]
    pub alias: Option<Alias>,
    /// Scheduled payments: the dated amounts, first one taken now.
    #[serde(default)]
    pub schedule: Option<Vec<ScheduledAmount>>,
    /// Other SHA-IN parameters by name (`TP`, `TITLE`, `ECOM_SHIPTO_POSTAL_CITY`, …); each is signed.
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
}

fn eur() -> Currency {
    Currency::EUR
}

/// The buyer.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneCustomer")]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// `CN`: the buyer's name.
    pub name: Option<String>,
    /// `EMAIL`.
    pub email: Option<String>,
    /// `OWNERADDRESS`.
    pub address: Option<String>,
    /// `OWNERZIP`.
    pub zip: Option<String>,
    /// `OWNERTOWN`.
    pub town: Option<String>,
    /// `OWNERCTY`: ISO 3166 alpha-2.
    pub country: Option<String>,
    /// `OWNERTELNO`.
    pub phone: Option<String>,
}

/// Where the buyer's browser goes back to.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneUrls")]
#[serde(deny_unknown_fields)]
pub struct Urls {
    /// `ACCEPTURL`.
    pub accept: Option<String>,
    /// `DECLINEURL`.
    pub decline: Option<String>,
    /// `EXCEPTIONURL`.
    pub exception: Option<String>,
    /// `CANCELURL`.
    pub cancel: Option<String>,
    /// `BACKURL`.
    pub back: Option<String>,
}

/// A saved card (Alias Manager): create one or pay with one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneAlias")]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// `ALIAS`: up to 50 of `A-Z a-z 0-9 _ -`.
    pub alias: String,
    /// `ALIASUSAGE`: the sentence shown to the buyer about why the card is kept.
    #[serde(default)]
    pub usage: Option<String>,
    /// `ALIASOPERATION`: `BYMERCHANT` (the shop names the alias) or `BYPSP`.
    #[serde(default)]
    pub operation: Option<String>,
    /// `ALIASPERSISTEDAFTERUSE`: keep the alias after this payment (`Y`) or not (`N`).
    #[serde(default)]
    pub persisted_after_use: Option<bool>,
}

/// One dated amount of a schedule. The plan module produces these; Ogone and Sips read them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneScheduledAmount")]
#[serde(deny_unknown_fields)]
pub struct ScheduledAmount {
    /// The day it is taken (`YYYY-MM-DD`); for the first one, the day of the order.
    #[serde(with = "iso_date")]
    #[schemars(with = "String")]
    pub date: time::Date,
    /// Amount in minor units.
    pub amount: Amount,
}

/// Check a schedule against `total`: at least two amounts, none zero, dates increasing, at most
/// `max_gap_days` apart when given, summing exactly to `total`. `field` names the amount field for errors.
pub fn check_schedule(
    schedule: &[ScheduledAmount],
    total: Amount,
    max_gap_days: Option<i64>,
    field: &str,
) -> Result<()> {
    if schedule.len() < 2 {
        return Err(Error::field(ErrorCode::InvalidValue, field, "a schedule needs at least two payments"));
    }
    let mut sum = Amount::ZERO;
    for (i, item) in schedule.iter().enumerate() {
        if item.amount == Amount::ZERO {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                field,
                format!("payment {} of the schedule is zero", i + 1),
            ));
        }
        sum = sum
            .checked_add(item.amount)
            .ok_or_else(|| Error::field(ErrorCode::InvalidValue, field, "the schedule's sum is too large"))?;
        if let Some(previous) = i.checked_sub(1).and_then(|p| schedule.get(p)) {
            let gap = (item.date - previous.date).whole_days();
            if gap <= 0 {
                return Err(Error::field(
                    ErrorCode::InvalidValue,
                    field,
                    format!("payment {} of the schedule is not after payment {i}", i + 1),
                ));
            }
            if let Some(max) = max_gap_days.filter(|&max| gap > max) {
                return Err(Error::field(
                    ErrorCode::InvalidValue,
                    field,
                    format!("payments {i} and {} are {gap} days apart; at most {max} are allowed", i + 1),
                ));
            }
        }
    }
    if sum != total {
        return Err(Error::field(
            ErrorCode::Inconsistent,
            field,
            format!("the schedule sums to {sum} but the amount is {total} (minor units)"),
        ));
    }
    Ok(())
}

/// Build the signed form for `payment`.
pub fn build_form(config: &OgoneConfig, payment: &OgonePayment) -> Result<PaymentForm> {
    config.validate()?;
    let passphrase = config.sha_in()?;
    let fields = parameters(config, payment)?;
    let shasign = signature::sign(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        passphrase,
        config.algorithm,
        Direction::In,
        config.charset,
    )?;
    let mut fields = fields;
    fields.insert("SHASIGN".to_owned(), shasign);
    Ok(PaymentForm {
        action: config.form_url(),
        method: FormMethod::Post,
        charset: config.charset.form_charset(),
        fields,
    })
}

/// The checked parameters of `payment`, before signing.
fn parameters(config: &OgoneConfig, payment: &OgonePayment) -> Result<BTreeMap<String, String>> {
    let mut out = Fields::default();
    out.put("PSPID", "ans..30", Some(&config.pspid))?;
    if payment.order_id.is_empty() {
        return Err(Error::missing("ORDERID"));
    }
    out.put("ORDERID", "ans..30", Some(&payment.order_id))?;
    if payment.amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, "AMOUNT", "AMOUNT must be greater than zero"));
    }
    out.put("AMOUNT", "n..15", Some(&payment.amount.to_string()))?;
    out.put("CURRENCY", "a3", Some(payment.currency.alpha()))?;
    if let Some(language) = &payment.language {
        let ok = language.len() == 5
            && language.as_bytes()[2] == b'_'
            && language[..2].bytes().all(|b| b.is_ascii_lowercase())
            && language[3..].bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            return Err(Error::field(ErrorCode::InvalidFormat, "LANGUAGE", "LANGUAGE is written ll_CC, e.g. fr_FR"));
        }
        out.put("LANGUAGE", "ans5", Some(language))?;
    }
    let c = &payment.customer;
    out.put("CN", "ans..35", c.name.as_ref())?;
    out.put("EMAIL", "ans..50", c.email.as_ref())?;
    out.put("OWNERADDRESS", "ans..35", c.address.as_ref())?;
    out.put("OWNERZIP", "ans..10", c.zip.as_ref())?;
    out.put("OWNERTOWN", "ans..40", c.town.as_ref())?;
    out.put("OWNERCTY", "a2", c.country.as_ref())?;
    out.put("OWNERTELNO", "ans..30", c.phone.as_ref())?;
    out.put("COM", "ans..100", payment.description.as_ref())?;
    let u = &payment.urls;
    for (name, url) in [
        ("ACCEPTURL", &u.accept),
        ("DECLINEURL", &u.decline),
        ("EXCEPTIONURL", &u.exception),
        ("CANCELURL", &u.cancel),
        ("BACKURL", &u.back),
    ] {
        if let Some(url) = url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Error::field(ErrorCode::InvalidValue, name, format!("{name} must be an http(s) URL")));
            }
        }
        out.put(name, "ans..200", url.as_ref())?;
    }
    if let Some(op) = &payment.operation {
        check_enum("OPERATION", op, &["RES", "SAL"])?;
        out.put("OPERATION", "a3", Some(op))?;
    }
    out.put("PM", "ans..25", payment.pm.as_ref())?;
    out.put("BRAND", "ans..25", payment.brand.as_ref())?;
    if let Some(win) = &payment.win3ds {
        check_enum("WIN3DS", win, &["MAINW", "POPUP", "POPIX"])?;
        out.put("WIN3DS", "a..5", Some(win))?;
    }
    out.put("FLAG3D", "a1", payment.flag3d.map(yes_no).as_ref())?;
    out.put("COMPLUS", "ans..1000", payment.complus.as_ref())?;
    out.put("PARAMPLUS", "ans..1000", payment.paramplus.as_ref())?;
    if let Some(alias) = &payment.alias {
        put_alias(&mut out, alias)?;
    }
    if let Some(schedule) = &payment.schedule {
        check_schedule(schedule, payment.amount, Some(MAX_DAYS_BETWEEN_PAYMENTS), "AMOUNT1")?;
        for (i, item) in schedule.iter().enumerate() {
            let n = i + 1;
            out.put(&format!("AMOUNT{n}"), "n..15", Some(&item.amount.to_string()))?;
            if n > 1 {
                let date = format!("{:02}/{:02}/{}", item.date.day(), u8::from(item.date.month()), item.date.year());
                out.put(&format!("EXECUTIONDATE{n}"), "ans10", Some(&date))?;
            }
        }
    }
    for (name, value) in &payment.extra {
        let upper = name.to_ascii_uppercase();
        if !super::lists::SHA_IN_NAMES.contains(&upper) {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                &upper,
                format!("{upper} is not on the SHA-IN list: it would be sent unsigned"),
            ));
        }
        if out.0.contains_key(&upper) {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                &upper,
                format!("{upper} is already set by a typed field of the payment"),
            ));
        }
        out.put(&upper, "ans..1000", Some(value))?;
    }
    Ok(out.0)
}

fn put_alias(out: &mut Fields, alias: &Alias) -> Result<()> {
    let a = &alias.alias;
    if a.is_empty() {
        return Err(Error::missing("ALIAS"));
    }
    if a.chars().count() > 50 || !a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(Error::field(ErrorCode::InvalidFormat, "ALIAS", "ALIAS is at most 50 letters, digits, '_' or '-'"));
    }
    out.put("ALIAS", "ans..50", Some(a))?;
    out.put("ALIASUSAGE", "ans..255", alias.usage.as_ref())?;
    if let Some(op) = &alias.operation {
        check_enum("ALIASOPERATION", op, &["BYMERCHANT", "BYPSP"])?;
        out.put("ALIASOPERATION", "ans..10", Some(op))?;
    }
    out.put("ALIASPERSISTEDAFTERUSE", "a1", alias.persisted_after_use.map(yes_no).as_ref())
}

fn yes_no(flag: bool) -> String {
    if flag { "Y" } else { "N" }.to_owned()
}

/// Parameters being collected; empty optional values are not sent.
#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Fields {
    fn put(&mut self, name: &str, notation: &str, value: Option<impl AsRef<str>>) -> Result<()> {
        let Some(value) = value.as_ref().map(AsRef::as_ref).filter(|v| !v.is_empty()) else {
            return Ok(());
        };
        // Notations are this module's literals, never input.
        FieldFormat::notation(notation).check(name, value)?;
        self.0.insert(name.to_owned(), value.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ogone::config::Environment;
    use crate::ogone::signature::{Algorithm, Charset};
    use crate::Secret;

    fn config() -> OgoneConfig {
        OgoneConfig {
            pspid: "MyPSPID".into(),
            environment: Environment::Test,
            base_url: None,
            charset: Charset::Utf8,
            algorithm: Algorithm::Sha1,
            sha_in_passphrase: Some(Secret::from("Mysecretsig1875!?")),
            sha_out_passphrase: None,
            legacy_sha_out: false,
            user_id: None,
            api_password: None,
        }
    }

    fn payment() -> OgonePayment {
        serde_json::from_str(r#"{"order_id":"1234","amount":1500,"language":"en_US"}"#).unwrap()
    }

    fn date(y: i32, m: u8, d: u8) -> time::Date {
        time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn the_documentation_order_signs_as_documented() {
        let form = build_form(&config(), &payment()).unwrap();
        assert_eq!(form.action, "https://secure.ogone.com/ncol/test/orderstandard_utf8.asp");
        assert_eq!(form.fields["SHASIGN"], "F4CC376CD7A834D997B91598FA747825A238BE0A");
        assert_eq!(form.fields.len(), 6);
    }

    #[test]
    fn schedule_rules() {
        let s = |d2: time::Date, a: u64| {
            vec![
                ScheduledAmount { date: date(2024, 1, 1), amount: Amount::from_minor(500) },
                ScheduledAmount { date: d2, amount: Amount::from_minor(a) },
            ]
        };
        assert!(check_schedule(&s(date(2024, 2, 13), 1000), Amount::from_minor(1500), Some(43), "AMOUNT1").is_ok());
        let e = check_schedule(&s(date(2024, 2, 14), 1000), Amount::from_minor(1500), Some(43), "AMOUNT1").unwrap_err();
        assert!(e.message().contains("44 days"));
        let e = check_schedule(&s(date(2024, 2, 1), 999), Amount::from_minor(1500), Some(43), "AMOUNT1").unwrap_err();
        assert_eq!(e.code(), ErrorCode::Inconsistent);
        let e = check_schedule(&s(date(2024, 1, 1), 1000), Amount::from_minor(1500), None, "x").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidValue);
        let mut p = payment();
        p.schedule = Some(s(date(2024, 2, 1), 1000));
        let form = build_form(&config(), &p).unwrap();
        assert_eq!(form.fields["AMOUNT1"], "500");
        assert_eq!(form.fields["EXECUTIONDATE2"], "01/02/2024");
        assert!(!form.fields.contains_key("EXECUTIONDATE1"));
    }

    #[test]
    fn alias_and_extra_checks() {
        let mut p = payment();
        p.alias = Some(Alias { alias: "card 1".into(), usage: None, operation: None, persisted_after_use: None });
        assert_eq!(build_form(&config(), &p).unwrap_err().field_name(), Some("ALIAS"));
        p.alias = Some(Alias {
            alias: "cust-42_visa".into(),
            usage: Some("Paiements futurs".into()),
            operation: Some("BYMERCHANT".into()),
            persisted_after_use: Some(true),
        });
        let f = build_form(&config(), &p).unwrap();
        assert_eq!(f.fields["ALIASPERSISTEDAFTERUSE"], "Y");
        p.extra.insert("foo".into(), "1".into());
        assert_eq!(build_form(&config(), &p).unwrap_err().field_name(), Some("FOO"));
        p.extra.clear();
        p.extra.insert("orderid".into(), "1".into());
        assert_eq!(build_form(&config(), &p).unwrap_err().code(), ErrorCode::Inconsistent);
    }
}
