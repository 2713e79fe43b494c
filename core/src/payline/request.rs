//! Cpay orders → `doWebPayment`, and the follow-up calls `getWebPaymentDetails`, `doCapture`, `doRefund`,
//! `doReset`, `doReAuthorization` and `getTransactionDetails`.
//!
//! The Cpay rules (Payline page "Cetelem Aurore / Cpay", "Les fonctions disponibles"; WebPayment API
//! documentation, `doWebPayment`) are applied before anything is written: modes CPT and DIF only
//! (NX and REC are not offered for Cpay), actions 100/101 for a web payment (201 is `doCapture`, 421 is
//! `doRefund`), euro amounts in minor units, currency as the ISO numeric code, a deferred date at most 7 days
//! after the order, and every text field checked against its format. Element order follows the WSDL's
//! sequences (document/literal: order matters); absent optional values are omitted.

use super::config::{PaylineConfig, Service};
use super::soap::Writer;
use super::url;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::http::HttpRequest;
use crate::money::{Amount, Currency};
use crate::plan::refund::{self, RefundCheck};
use time::{Date, Duration, OffsetDateTime, UtcOffset};

/// The payment mode (`payment.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineMode")]
pub enum Mode {
    /// Cash: captured according to the action.
    #[serde(rename = "CPT")]
    Cash,
    /// Deferred: the action is carried out at `differedActionDate` (at most 7 days later).
    #[serde(rename = "DIF")]
    Deferred,
    /// "N times": not available for Cpay (refused).
    #[serde(rename = "NX")]
    Instalments,
    /// Recurring: not available for Cpay (refused).
    #[serde(rename = "REC")]
    Recurring,
}

impl Mode {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Cash => "CPT",
            Mode::Deferred => "DIF",
            Mode::Instalments => "NX",
            Mode::Recurring => "REC",
        }
    }
}

/// `payment.action`, as a number or a string of digits in JSON (`101` or `"101"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineAction")]
#[serde(untagged)]
pub enum Action {
    /// `101`.
    Number(u32),
    /// `"101"`.
    Text(
        #[serde(deserialize_with = "digits")]
        #[schemars(with = "String")]
        u32,
    ),
}

fn digits<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<u32, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    s.parse().map_err(|_| serde::de::Error::custom("action must be a Payline action code such as 101"))
}

impl Action {
    /// The code.
    pub fn code(self) -> u32 {
        match self {
            Action::Number(n) | Action::Text(n) => n,
        }
    }
}

/// A postal address (`tns1:address`), for the buyer's billing address.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineAddress")]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// `firstName`.
    #[serde(default)]
    pub first_name: Option<String>,
    /// `lastName`.
    #[serde(default)]
    pub last_name: Option<String>,
    /// `street1`.
    #[serde(default)]
    pub street1: Option<String>,
    /// `street2`.
    #[serde(default)]
    pub street2: Option<String>,
    /// `cityName`.
    #[serde(default)]
    pub city: Option<String>,
    /// `zipCode`.
    #[serde(default)]
    pub zip_code: Option<String>,
    /// `country` (ISO 3166 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// `phone`.
    #[serde(default)]
    pub phone: Option<String>,
}

/// The buyer (`tns1:buyer`). `birth_date` lets Payline ask Cetelem for the date-of-birth authentication.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineBuyer")]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    /// `title` (e.g. `M`, `MME`).
    #[serde(default)]
    pub title: Option<String>,
    /// `lastName`.
    #[serde(default)]
    pub last_name: Option<String>,
    /// `firstName`.
    #[serde(default)]
    pub first_name: Option<String>,
    /// `email`.
    #[serde(default)]
    pub email: Option<String>,
    /// `billingAddress`.
    #[serde(default)]
    pub billing_address: Option<Address>,
    /// `ip` of the buyer's browser.
    #[serde(default)]
    pub ip: Option<String>,
    /// `mobilePhone`.
    #[serde(default)]
    pub mobile_phone: Option<String>,
    /// `customerId` in the shop.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// `walletId`: the buyer's Payline wallet (ans..50). On a web payment, Payline offers the wallet's card
    /// (or stores the card in a new wallet under this id, when the contract has the wallet option).
    #[serde(default)]
    pub wallet_id: Option<String>,
    /// `birthDate`, given as `YYYY-MM-DD` (the format Payline expects).
    #[serde(default)]
    pub birth_date: Option<String>,
}

/// A Cpay web payment: the order, the URLs and the payment options (the `payline.web_payment` input
/// without the account fields).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineWebPayment")]
#[serde(deny_unknown_fields)]
pub struct WebPayment {
    /// The Cpay contract number (`payment.contractNumber`).
    pub contract_number: String,
    /// Minor units (`payment.amount`, `order.amount`).
    pub amount: Amount,
    /// Currency (`EUR` or `978`); written as the numeric code.
    pub currency: Currency,
    /// The shop's order reference (`order.ref`).
    pub order_ref: String,
    /// When the order was placed (RFC 3339); written in UTC as `dd/mm/yyyy HH:mm`.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub order_date: OffsetDateTime,
    /// Where the buyer returns after paying (`returnURL`).
    pub return_url: String,
    /// Where the buyer returns after cancelling (`cancelURL`).
    pub cancel_url: String,
    /// Where Payline notifies the shop (`notificationURL`).
    pub notification_url: String,
    /// `CPT` or `DIF`.
    pub mode: Mode,
    /// `100` (authorisation) or `101` (authorisation and capture).
    pub action: Action,
    /// With `DIF`: the day the action is carried out (`YYYY-MM-DD`, at most 7 days after the order).
    #[serde(default)]
    pub differed_action_date: Option<String>,
    /// Contracts shown on the payment page (1 to 25); defaults to `contract_number` alone.
    #[serde(default)]
    pub selected_contracts: Option<Vec<String>>,
    /// `languageCode` of the payment page (`fr`, `en`…).
    #[serde(default)]
    pub language_code: Option<String>,
    /// The buyer.
    #[serde(default)]
    pub buyer: Option<Buyer>,
}

/// The longest deferral Payline allows for a `DIF` payment.
const MAX_DEFERRAL_DAYS: i64 = 7;
/// How long an authorisation can still be captured (action 201).
const CAPTURE_WINDOW_DAYS: i64 = 7;

pub(super) fn text(field: &str, value: &str, notation: FieldFormat) -> Result<()> {
    if value.is_empty() {
        return Err(Error::missing(field));
    }
    notation.check(field, value)
}

pub(super) fn euro(currency: Currency, field: &str) -> Result<String> {
    if currency != Currency::EUR {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            field,
            format!("Cpay is paid in euros only ({field} must be EUR / 978, got {})", currency.alpha()),
        ));
    }
    Ok(currency.numeric_str())
}

pub(super) fn positive(amount: Amount, field: &str) -> Result<String> {
    if amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, field, format!("{field} must be greater than zero")));
    }
    Ok(amount.minor().to_string())
}

/// `doWebPayment` for a Cpay order.
pub fn web_payment(config: &PaylineConfig, payment: &WebPayment) -> Result<HttpRequest> {
    let contract = FieldFormat::notation("ans..50");
    text("contract_number", &payment.contract_number, contract)?;
    let amount = positive(payment.amount, "amount")?;
    let currency = euro(payment.currency, "currency")?;
    text("order_ref", &payment.order_ref, FieldFormat::notation("ans..50"))?;
    let action = match payment.action.code() {
        code @ (100 | 101) => code,
        201 | 421 => return Err(Error::field(
            ErrorCode::NotAllowed,
            "action",
            "action 201 (capture) and 421 (refund) are doCapture / doRefund calls, not a web payment: use 100 or 101",
        )),
        _ => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "action",
                "a Cpay web payment's action must be 100 (authorisation) or 101 (authorisation and capture)",
            ))
        }
    };
    let order_date = payment.order_date.to_offset(UtcOffset::UTC);
    let differed = deferral(payment.mode, payment.differed_action_date.as_deref(), order_date.date())?;
    let contracts = selected_contracts(payment)?;
    let return_url = url::normalize("return_url", &payment.return_url)?;
    let cancel_url = url::normalize("cancel_url", &payment.cancel_url)?;
    let notification_url = url::normalize("notification_url", &payment.notification_url)?;
    if let Some(code) = &payment.language_code {
        text("language_code", code, FieldFormat::notation("a..3"))?;
    }
    let date = date_time(order_date);

    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.open("impl", "payment");
    w.obj_value("amount", &amount);
    w.obj_value("currency", &currency);
    w.obj_value("action", &action.to_string());
    w.obj_value("mode", payment.mode.as_str());
    w.obj_value("contractNumber", &payment.contract_number);
    w.obj_opt("differedActionDate", differed.as_deref());
    w.close("impl", "payment");
    w.impl_value("returnURL", &return_url);
    w.impl_value("cancelURL", &cancel_url);
    w.open("impl", "order");
    w.obj_value("ref", &payment.order_ref);
    w.obj_value("amount", &amount);
    w.obj_value("currency", &currency);
    w.obj_value("date", &date);
    w.close("impl", "order");
    w.impl_value("notificationURL", &notification_url);
    w.open("impl", "selectedContractList");
    for contract in &contracts {
        w.obj_value("selectedContract", contract);
    }
    w.close("impl", "selectedContractList");
    if let Some(code) = &payment.language_code {
        w.impl_value("languageCode", code);
    }
    if let Some(buyer) = &payment.buyer {
        write_buyer(&mut w, buyer, order_date.date())?;
    }
    config.request(Service::WebPayment, "doWebPayment", w)
}

/// A date and time as Payline writes them (`order.date`, `transaction.date`): `dd/mm/yyyy HH:mm`, in UTC.
pub fn date_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!("{:02}/{:02}/{:04} {:02}:{:02}", at.day(), u8::from(at.month()), at.year(), at.hour(), at.minute())
}

/// The deferred date as Payline writes it (`dd/mm/yy`), checked against the mode and the 7-day limit.
pub(super) fn deferral(mode: Mode, differed: Option<&str>, order_day: Date) -> Result<Option<String>> {
    const FIELD: &str = "differed_action_date";
    match (mode, differed) {
        (Mode::Instalments | Mode::Recurring, _) => Err(Error::field(
            ErrorCode::NotAllowed,
            "mode",
            format!(
                "Cpay on Payline does not offer the {} mode (the \"N times\" and recurring modes are not available): use CPT or DIF",
                mode.as_str()
            ),
        )),
        (Mode::Cash, None) => Ok(None),
        (Mode::Cash, Some(_)) => {
            Err(Error::field(ErrorCode::Inconsistent, FIELD, "a differed action date is only for mode DIF"))
        }
        (Mode::Deferred, None) => Err(Error::field(ErrorCode::MissingField, FIELD, "mode DIF needs a differed action date")),
        (Mode::Deferred, Some(text)) => {
            let day = calendar_date(FIELD, text)?;
            let days = (day - order_day).whole_days();
            if !(1..=MAX_DEFERRAL_DAYS).contains(&days) {
                return Err(Error::field(
                    ErrorCode::InvalidValue,
                    FIELD,
                    format!("the differed action date must be 1 to {MAX_DEFERRAL_DAYS} days after the order date (got {days})"),
                ));
            }
            Ok(Some(format!("{:02}/{:02}/{:02}", day.day(), u8::from(day.month()), day.year().rem_euclid(100))))
        }
    }
}

fn selected_contracts(payment: &WebPayment) -> Result<Vec<String>> {
    const FIELD: &str = "selected_contracts";
    let contracts = payment.selected_contracts.clone().unwrap_or_else(|| vec![payment.contract_number.clone()]);
    if contracts.is_empty() || contracts.len() > 25 {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            FIELD,
            "selected_contracts must hold 1 to 25 contract numbers",
        ));
    }
    for contract in &contracts {
        text(FIELD, contract, FieldFormat::notation("ans..50"))?;
    }
    if !contracts.contains(&payment.contract_number) {
        return Err(Error::field(
            ErrorCode::Inconsistent,
            FIELD,
            "selected_contracts must include the payment's contract_number",
        ));
    }
    Ok(contracts)
}

pub(super) fn write_buyer(w: &mut Writer, buyer: &Buyer, order_day: Date) -> Result<()> {
    let name = FieldFormat::notation("ans..100");
    let checks: [(&str, &Option<String>, FieldFormat); 8] = [
        ("buyer.title", &buyer.title, FieldFormat::notation("ans..10")),
        ("buyer.last_name", &buyer.last_name, name),
        ("buyer.first_name", &buyer.first_name, name),
        ("buyer.email", &buyer.email, FieldFormat::notation("ans..150")),
        ("buyer.ip", &buyer.ip, FieldFormat::notation("ans..45")),
        ("buyer.mobile_phone", &buyer.mobile_phone, FieldFormat::notation("ans..20")),
        ("buyer.customer_id", &buyer.customer_id, FieldFormat::notation("ans..50")),
        ("buyer.wallet_id", &buyer.wallet_id, FieldFormat::notation("ans..50")),
    ];
    for (field, value, format) in checks {
        if let Some(value) = value {
            text(field, value, format)?;
        }
    }
    if let Some(email) = &buyer.email {
        if !email.contains('@') {
            return Err(Error::field(ErrorCode::InvalidFormat, "buyer.email", "buyer.email must be an e-mail address"));
        }
    }
    let birth = buyer.birth_date.as_deref().map(|d| birth_date(d, order_day)).transpose()?;
    w.open("impl", "buyer");
    w.obj_opt("title", buyer.title.as_deref());
    w.obj_opt("lastName", buyer.last_name.as_deref());
    w.obj_opt("firstName", buyer.first_name.as_deref());
    w.obj_opt("email", buyer.email.as_deref());
    if let Some(address) = &buyer.billing_address {
        write_address(w, address)?;
    }
    w.obj_opt("walletId", buyer.wallet_id.as_deref());
    w.obj_opt("ip", buyer.ip.as_deref());
    w.obj_opt("mobilePhone", buyer.mobile_phone.as_deref());
    w.obj_opt("customerId", buyer.customer_id.as_deref());
    w.obj_opt("birthDate", birth.as_deref());
    w.close("impl", "buyer");
    Ok(())
}

fn write_address(w: &mut Writer, a: &Address) -> Result<()> {
    let fields: [(&str, &str, &Option<String>, &str); 8] = [
        ("firstName", "buyer.billing_address.first_name", &a.first_name, "ans..100"),
        ("lastName", "buyer.billing_address.last_name", &a.last_name, "ans..100"),
        ("street1", "buyer.billing_address.street1", &a.street1, "ans..100"),
        ("street2", "buyer.billing_address.street2", &a.street2, "ans..100"),
        ("cityName", "buyer.billing_address.city", &a.city, "ans..40"),
        ("zipCode", "buyer.billing_address.zip_code", &a.zip_code, "ans..12"),
        ("country", "buyer.billing_address.country", &a.country, "a2"),
        ("phone", "buyer.billing_address.phone", &a.phone, "ans..20"),
    ];
    for (_, field, value, notation) in fields {
        if let Some(value) = value {
            text(field, value, FieldFormat::notation(notation))?;
        }
    }
    w.open("obj", "billingAddress");
    for (element, _, value, _) in fields {
        w.obj_opt(element, value.as_deref());
    }
    w.close("obj", "billingAddress");
    Ok(())
}

/// A calendar day written `YYYY-MM-DD`.
fn calendar_date(field: &str, text: &str) -> Result<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, format).map_err(|_| {
        Error::field(ErrorCode::InvalidFormat, field, format!("{field} must be a calendar date YYYY-MM-DD"))
    })
}

/// A birth date `YYYY-MM-DD`: a real calendar day, before the order.
fn birth_date(text: &str, order_day: Date) -> Result<String> {
    const FIELD: &str = "buyer.birth_date";
    let day = calendar_date(FIELD, text)?;
    if day >= order_day || day.year() < 1900 {
        return Err(Error::field(ErrorCode::InvalidValue, FIELD, "buyer.birth_date must be a past date after 1900"));
    }
    Ok(text.to_owned())
}

/// `getWebPaymentDetails` for the token of a web payment (from its notification or the buyer's return).
pub fn details(config: &PaylineConfig, token: &str) -> Result<HttpRequest> {
    check_token("token", token)?;
    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.impl_value("token", token);
    config.request(Service::WebPayment, "getWebPaymentDetails", w)
}

/// Check a transaction id's shape (`an..50`, the WSDL documentation's `transactionID` format).
pub fn check_transaction_id(field: &str, id: &str) -> Result<()> {
    text(field, id, FieldFormat::notation("an..50"))
}

/// Check a web payment token's shape (Payline tokens are letters and digits).
pub fn check_token(field: &str, token: &str) -> Result<()> {
    text(field, token, FieldFormat::notation("an..64"))
}

/// A capture (action 201) or a refund (action 421) of a Cpay transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The Payline transaction id (`transaction.id` of the payment).
    pub transaction_id: String,
    /// Minor units.
    pub amount: Amount,
    /// `EUR` / `978`.
    pub currency: Currency,
    /// The Cpay contract number.
    pub contract_number: String,
    /// `sequenceNumber`, when the shop numbers its operations.
    pub sequence_number: Option<String>,
}

fn write_operation(w: &mut Writer, config: &PaylineConfig, op: &Operation, action: &str) -> Result<()> {
    text("transaction_id", &op.transaction_id, FieldFormat::notation("an..50"))?;
    let amount = positive(op.amount, "amount")?;
    let currency = euro(op.currency, "currency")?;
    text("contract_number", &op.contract_number, FieldFormat::notation("ans..50"))?;
    if let Some(n) = &op.sequence_number {
        text("sequence_number", n, FieldFormat::notation("an..50"))?;
    }
    w.impl_value("version", &config.version);
    w.impl_value("transactionID", &op.transaction_id);
    w.open("impl", "payment");
    w.obj_value("amount", &amount);
    w.obj_value("currency", &currency);
    w.obj_value("action", action);
    w.obj_value("mode", Mode::Cash.as_str());
    w.obj_value("contractNumber", &op.contract_number);
    w.close("impl", "payment");
    Ok(())
}

/// `doCapture` (action 201) of an authorisation; when the authorisation time and `now` are given, the
/// 7-day validation window is checked.
pub fn capture(
    config: &PaylineConfig,
    op: &Operation,
    authorized_at: Option<OffsetDateTime>,
    now: Option<OffsetDateTime>,
) -> Result<HttpRequest> {
    match (authorized_at, now) {
        (Some(at), Some(now)) if now - at > Duration::days(CAPTURE_WINDOW_DAYS) || now < at => {
            return Err(Error::field(
                ErrorCode::NotAllowed,
                "authorized_at",
                format!("an authorisation can only be captured within {CAPTURE_WINDOW_DAYS} days"),
            ))
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                "authorized_at",
                "give both authorized_at and now to check the capture window, or neither",
            ))
        }
        _ => {}
    }
    let mut w = Writer::new();
    write_operation(&mut w, config, op, "201")?;
    if let Some(n) = &op.sequence_number {
        w.impl_value("sequenceNumber", n);
    }
    config.request(Service::DirectPayment, "doCapture", w)
}

/// `doRefund` (action 421), once the Payline Cpay refund rule allows `op.amount`.
pub fn refund(
    config: &PaylineConfig,
    op: &Operation,
    check: &RefundCheck,
    comment: Option<&str>,
) -> Result<HttpRequest> {
    let decision = refund::payline_cpay(check, op.amount);
    if !decision.allowed {
        return Err(Error::field(ErrorCode::RefundNotAllowed, "amount", decision.reason));
    }
    if let Some(comment) = comment {
        text("comment", comment, FieldFormat::notation("ans..255"))?;
    }
    let mut w = Writer::new();
    write_operation(&mut w, config, op, "421")?;
    if let Some(comment) = comment {
        w.impl_value("comment", comment);
    }
    if let Some(n) = &op.sequence_number {
        w.impl_value("sequenceNumber", n);
    }
    config.request(Service::DirectPayment, "doRefund", w)
}

/// How many calendar months after an authorisation Payline still re-authorises it (Payline documentation,
/// "Webservice - doReAuthorizationRequest": "A re-authorization can be performed on authorizations up to 11 months
/// after its creation date").
pub const REAUTHORIZATION_MONTHS: u32 = 11;

/// `doReset`: cancel a transaction that Payline has not yet remitted to the bank (Payline documentation,
/// "Webservice - doResetRequest": "a transaction can be reset only if the payment was validated and not paid
/// into the bank"). Once remitted, money goes back with `doRefund` only, so `remitted` refuses the call.
pub fn reset(
    config: &PaylineConfig,
    transaction_id: &str,
    remitted: bool,
    comment: Option<&str>,
    sequence_number: Option<&str>,
) -> Result<HttpRequest> {
    text("transaction_id", transaction_id, FieldFormat::notation("an..50"))?;
    if remitted {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "remitted",
            "Payline resets only a transaction not yet remitted to the bank; a remitted capture is given back with payline.refund",
        ));
    }
    if let Some(comment) = comment {
        text("comment", comment, FieldFormat::notation("ans..255"))?;
    }
    if let Some(n) = sequence_number {
        text("sequence_number", n, FieldFormat::notation("an..50"))?;
    }
    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.impl_value("transactionID", transaction_id);
    if let Some(comment) = comment {
        w.impl_value("comment", comment);
    }
    if let Some(n) = sequence_number {
        w.impl_value("sequenceNumber", n);
    }
    config.request(Service::DirectPayment, "doReset", w)
}

/// A re-authorisation (`doReAuthorization`) of an authorisation whose 7-day capture window has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReAuthorization {
    /// The authorisation to re-authorise, its amount, currency and contract; `sequence_number` is unused.
    pub operation: Operation,
    /// `payment.action`: `100` (authorisation) or `101` (authorisation and capture, the default).
    pub action: u32,
    /// `order.ref`: the shop's order reference (Payline treats a re-authorisation within 24 hours of the
    /// original as a duplicate unless the order reference differs).
    pub order_ref: String,
    /// When the original authorisation was made.
    pub authorized_at: OffsetDateTime,
    /// Now (cpay never reads the clock); also written as `order.date`.
    pub now: OffsetDateTime,
}

/// `doReAuthorization` (Payline documentation, "Webservice - doReAuthorizationRequest"): the same currency as the
/// original (EUR for Cpay), within 11 months of the original authorisation, `order` required.
pub fn reauthorize(config: &PaylineConfig, r: &ReAuthorization) -> Result<HttpRequest> {
    let op = &r.operation;
    text("transaction_id", &op.transaction_id, FieldFormat::notation("an..50"))?;
    let amount = positive(op.amount, "amount")?;
    let currency = euro(op.currency, "currency")?;
    text("contract_number", &op.contract_number, FieldFormat::notation("ans..50"))?;
    text("order_ref", &r.order_ref, FieldFormat::notation("ans..50"))?;
    if !matches!(r.action, 100 | 101) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "action",
            "a re-authorisation's action must be 100 (authorisation) or 101 (authorisation and capture)",
        ));
    }
    let at = r.authorized_at.to_offset(UtcOffset::UTC);
    let deadline = crate::plan::calendar::add_months(at.date(), REAUTHORIZATION_MONTHS).map(|d| at.replace_date(d));
    if r.now < r.authorized_at || deadline.map_or(true, |deadline| r.now > deadline) {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "authorized_at",
            format!("Payline re-authorises an authorisation up to {REAUTHORIZATION_MONTHS} months after it was made"),
        ));
    }
    let date = date_time(r.now);
    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.impl_value("transactionID", &op.transaction_id);
    w.open("impl", "payment");
    w.obj_value("amount", &amount);
    w.obj_value("currency", &currency);
    w.obj_value("action", &r.action.to_string());
    w.obj_value("mode", Mode::Cash.as_str());
    w.obj_value("contractNumber", &op.contract_number);
    w.close("impl", "payment");
    w.open("impl", "order");
    w.obj_value("ref", &r.order_ref);
    w.obj_value("amount", &amount);
    w.obj_value("currency", &currency);
    w.obj_value("date", &date);
    w.close("impl", "order");
    config.request(Service::DirectPayment, "doReAuthorization", w)
}

/// `getTransactionDetails` (the WSDL's `ExtendedAPI`) for one transaction id, optionally narrowed to an order
/// reference: the trusted state of a transaction named by a `TRS` notification or kept by the shop.
pub fn transaction_details(
    config: &PaylineConfig,
    transaction_id: &str,
    order_ref: Option<&str>,
) -> Result<HttpRequest> {
    text("transaction_id", transaction_id, FieldFormat::notation("an..50"))?;
    if let Some(order_ref) = order_ref {
        text("order_ref", order_ref, FieldFormat::notation("ans..50"))?;
    }
    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.impl_value("transactionId", transaction_id);
    if let Some(order_ref) = order_ref {
        w.impl_value("orderRef", order_ref);
    }
    config.request(Service::Extended, "getTransactionDetails", w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payline::soap::{self, NS_IMPL, NS_OBJ};
    use crate::payline::Environment;
    use crate::secret::Secret;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn config() -> PaylineConfig {
        PaylineConfig {
            merchant_id: "111111111".into(),
            access_key: Secret::from("AFju9XHplQzvamffO72L"),
            environment: Environment::Homologation,
            version: "21".into(),
        }
    }

    fn order(order_ref: &str) -> WebPayment {
        WebPayment {
            contract_number: "CPAY01".into(),
            amount: Amount::from_minor(45025),
            currency: Currency::EUR,
            order_ref: order_ref.into(),
            order_date: datetime!(2026-03-10 14:05 UTC),
            return_url: "https://shop.example/r".into(),
            cancel_url: "https://shop.example/c".into(),
            notification_url: "https://shop.example/n".into(),
            mode: Mode::Cash,
            action: Action::Number(101),
            differed_action_date: None,
            selected_contracts: None,
            language_code: None,
            buyer: None,
        }
    }

    #[test]
    fn the_key_never_shows() {
        let r = web_payment(&config(), &order("CMD-1")).unwrap();
        let shown = format!("{r:?}");
        assert!(!shown.contains("AFju9") && !shown.contains("MTEx"), "{shown}");
    }

    #[test]
    fn refund_window_is_13_calendar_months() {
        let check = |paid: OffsetDateTime, now: OffsetDateTime| RefundCheck {
            option: None,
            paid_at: paid,
            now,
            captured: Amount::from_minor(1000),
            refunded: Amount::ZERO,
        };
        let ok = |paid, now| refund::payline_cpay(&check(paid, now), Amount::from_minor(1000)).allowed;
        assert!(ok(datetime!(2026-03-10 14:07 UTC), datetime!(2027-04-10 14:07 UTC)));
        assert!(!ok(datetime!(2026-03-10 14:07 UTC), datetime!(2027-04-10 14:07:01 UTC)));
        assert!(ok(datetime!(2025-01-31 10:00 UTC), datetime!(2026-02-28 10:00 UTC)));
        assert!(!ok(datetime!(2025-01-31 10:00 UTC), datetime!(2026-02-28 10:00:01 UTC)));
        assert!(ok(datetime!(2026-11-30 23:00 -02:00), datetime!(2027-12-31 01:00 UTC)));
        assert!(
            !refund::payline_cpay(
                &check(datetime!(2026-03-10 0:00 UTC), datetime!(2026-03-11 0:00 UTC)),
                Amount::from_minor(1001)
            )
            .allowed
        );
    }

    proptest! {
        /// Whatever the shop's text, the written envelope parses back to exactly that text.
        #[test]
        fn written_values_read_back(order_ref in "[^<>\\p{Cc}]{1,50}", last_name in "[^<>\\p{Cc}]{1,100}") {
            let mut o = order(&order_ref);
            o.buyer = Some(Buyer { last_name: Some(last_name.clone()), ..Buyer::default() });
            let body = web_payment(&config(), &o).unwrap().body;
            let request = soap::parse(&body).unwrap();
            let envelope_body = request.child(soap::SOAP_ENV, "Body").unwrap();
            let inner = envelope_body.child(NS_IMPL, "doWebPaymentRequest").unwrap();
            prop_assert_eq!(inner.child(NS_IMPL, "order").unwrap().child(NS_OBJ, "ref").unwrap().text.as_str(), order_ref.trim());
            prop_assert_eq!(inner.child(NS_IMPL, "buyer").unwrap().child(NS_OBJ, "lastName").unwrap().text.as_str(), last_name.trim());
        }
    }
}
