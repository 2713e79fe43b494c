//! Payments created through the Lyra REST API V4 (sans-IO): `Charge/CreatePayment`, whose `formToken` opens the
//! embedded (JavaScript) form, and `Charge/CreatePaymentOrder`, a payment link sent by e-mail or SMS ("Ordre de
//! paiement par e-mail/SMS", a sales channel of Cpay in the Sogecommerce guide "Ajouter le bouton de paiement
//! Cpay", "Informations techniques").
//!
//! The same Cetelem rules as the form apply before anything is sent: for Cpay (`AURORE-MULTI`) and FullCB
//! (`FULLCB3X`, `FULLCB4X`) EUR only, immediate capture and automatic validation, the order taken on line
//! (`paymentSource` `EC`); for FullCB the 90–3,000 € bounds and the buyer data Cetelem's page needs. Errors name
//! the REST field at fault.

use super::config::LyraConfig;
use super::request::{CPAY_CARD, FULLCB_CARDS, FULLCB_MAX, FULLCB_MIN};
use super::rest;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use serde_json::{json, Map, Value};

/// The buyer (`customer`, `customer.billingDetails`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraChargeCustomer")]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Customer {
    /// `customer.email`.
    pub email: Option<String>,
    /// `customer.reference`: the buyer's id at the shop.
    pub reference: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub address: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    pub phone: Option<String>,
    pub cell_phone: Option<String>,
}

/// What both creations carry: the order and the Cetelem-relevant options.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraChargeOrder")]
#[serde(deny_unknown_fields)]
pub struct ChargeOrder {
    /// `amount`, minor units, > 0.
    pub amount: Amount,
    /// `currency` (default EUR).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// `orderId`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// The buyer.
    #[serde(default)]
    pub customer: Customer,
    /// `paymentMethods`: the methods offered (`AURORE-MULTI`, `FULLCB3X`, …); empty for all the shop's.
    #[serde(default)]
    pub payment_methods: Vec<String>,
    /// `ipnTargetUrl`: the IPN URL for this payment.
    #[serde(default)]
    pub ipn_target_url: Option<String>,
    /// `transactionOptions.cardOptions.captureDelay`, days.
    #[serde(default)]
    pub capture_delay: Option<u32>,
    /// `transactionOptions.cardOptions.manualValidation` `YES` when true.
    #[serde(default)]
    pub manual_validation: bool,
    /// `transactionOptions.cardOptions.paymentSource`: `EC` (default), `MOTO`, `CC`, `OTHER`.
    #[serde(default)]
    pub payment_source: Option<String>,
}

fn eur() -> Currency {
    Currency::EUR
}

/// Input of `lyra.create_payment` (beside `config`).
pub type CreatePayment = ChargeOrder;

/// How a payment order reaches the buyer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPaymentOrderChannel")]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Channel {
    /// `MAIL`: the platform e-mails the link.
    Mail {
        /// `mailOptions.recipient`.
        recipient: String,
        /// `mailOptions.subject`.
        #[serde(default)]
        subject: Option<String>,
        /// `mailOptions.body`.
        #[serde(default)]
        body: Option<String>,
    },
    /// `SMS`: the platform texts the link.
    Sms {
        /// `smsOptions.phoneNumber`.
        phone_number: String,
        /// `smsOptions.message`.
        #[serde(default)]
        message: Option<String>,
    },
    /// `URL`: the link is returned and the shop sends it itself.
    Url,
}

/// Input of `lyra.payment_order` (beside `config`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPaymentOrder")]
#[serde(deny_unknown_fields)]
pub struct PaymentOrder {
    /// The order.
    #[serde(flatten)]
    pub order: ChargeOrder,
    /// `channelOptions`.
    pub channel: Channel,
    /// `expirationDate` (ISO 8601, at most 90 days ahead; the platform checks the date).
    #[serde(default)]
    pub expiration_date: Option<String>,
    /// `locale` (`fr_FR`, …).
    #[serde(default)]
    pub locale: Option<String>,
    /// `merchantComment`.
    #[serde(default)]
    pub merchant_comment: Option<String>,
}

fn text(field: &str, value: &str, notation: &'static str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::missing(field));
    }
    FieldFormat::notation(notation).check(field, value)
}

fn order_body(order: &ChargeOrder) -> Result<Map<String, Value>> {
    if order.amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, "amount", "amount must be greater than zero"));
    }
    let mut body = Map::new();
    body.insert("amount".into(), json!(order.amount.minor()));
    body.insert("currency".into(), json!(order.currency.alpha()));
    if let Some(id) = &order.order_id {
        text("orderId", id, "ans..64")?;
        body.insert("orderId".into(), json!(id));
    }
    let c = &order.customer;
    let mut customer = Map::new();
    let mut billing = Map::new();
    for (field, key, value, notation, target) in [
        ("customer.email", "email", &c.email, "ans..150", 0),
        ("customer.reference", "reference", &c.reference, "ans..80", 0),
        ("customer.billingDetails.firstName", "firstName", &c.first_name, "ans..63", 1),
        ("customer.billingDetails.lastName", "lastName", &c.last_name, "ans..63", 1),
        ("customer.billingDetails.address", "address", &c.address, "ans..255", 1),
        ("customer.billingDetails.zipCode", "zipCode", &c.zip, "ans..64", 1),
        ("customer.billingDetails.city", "city", &c.city, "ans..128", 1),
        ("customer.billingDetails.country", "country", &c.country, "a2", 1),
        ("customer.billingDetails.phoneNumber", "phoneNumber", &c.phone, "ans..32", 1),
        ("customer.billingDetails.cellPhoneNumber", "cellPhoneNumber", &c.cell_phone, "ans..32", 1),
    ] {
        if let Some(v) = value {
            text(field, v, notation)?;
            let map = if target == 0 { &mut customer } else { &mut billing };
            map.insert(key.into(), json!(v));
        }
    }
    if !billing.is_empty() {
        customer.insert("billingDetails".into(), Value::Object(billing));
    }
    if !customer.is_empty() {
        body.insert("customer".into(), Value::Object(customer));
    }
    if !order.payment_methods.is_empty() {
        for m in &order.payment_methods {
            text("paymentMethods", m, "ans..127")?;
        }
        body.insert("paymentMethods".into(), json!(order.payment_methods));
    }
    if let Some(url) = &order.ipn_target_url {
        super::request::check_url("ipnTargetUrl", url)?;
        body.insert("ipnTargetUrl".into(), json!(url));
    }
    let mut card = Map::new();
    if let Some(delay) = order.capture_delay {
        card.insert("captureDelay".into(), json!(delay));
    }
    if order.manual_validation {
        card.insert("manualValidation".into(), json!("YES"));
    }
    if let Some(source) = &order.payment_source {
        if !["EC", "MOTO", "CC", "OTHER"].contains(&source.as_str()) {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "transactionOptions.cardOptions.paymentSource",
                "paymentSource is EC, MOTO, CC or OTHER",
            ));
        }
        card.insert("paymentSource".into(), json!(source));
    }
    if !card.is_empty() {
        body.insert("transactionOptions".into(), json!({ "cardOptions": card }));
    }
    check_cetelem(order)?;
    Ok(body)
}

/// The Cetelem rules of the form ([`super::request`]) on the REST fields.
fn check_cetelem(order: &ChargeOrder) -> Result<()> {
    let cpay = order.payment_methods.iter().any(|m| m == CPAY_CARD);
    let fullcb = order.payment_methods.iter().find(|m| FULLCB_CARDS.contains(&m.as_str()));
    let name = match (cpay, fullcb) {
        (true, _) => "Cpay (AURORE-MULTI)".to_owned(),
        (false, Some(card)) => format!("FullCB ({card})"),
        (false, None) => return Ok(()),
    };
    let refuse = |field: &str, what: &str| Error::field(ErrorCode::NotAllowed, field, format!("{name} {what}"));
    if order.currency != Currency::EUR {
        return Err(refuse("currency", "accepts EUR only"));
    }
    if order.capture_delay.is_some_and(|d| d != 0) {
        return Err(refuse(
            "transactionOptions.cardOptions.captureDelay",
            "captures immediately: captureDelay must be 0",
        ));
    }
    if order.manual_validation {
        return Err(refuse("transactionOptions.cardOptions.manualValidation", "requires automatic validation"));
    }
    if order.payment_source.as_deref().is_some_and(|s| s != "EC") {
        return Err(refuse(
            "transactionOptions.cardOptions.paymentSource",
            "is paid by the buyer on the payment page: paymentSource must be EC",
        ));
    }
    let c = &order.customer;
    if c.country.as_deref().is_some_and(|country| country != "FR") {
        return Err(refuse("customer.billingDetails.country", "is offered to buyers in France (FR) only"));
    }
    if fullcb.is_some() && !cpay {
        if order.amount < FULLCB_MIN || order.amount > FULLCB_MAX {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "amount",
                format!(
                    "{name} accepts 90.00 to 3000.00 EUR; the amount is {} EUR",
                    order.amount.to_decimal(Currency::EUR)
                ),
            ));
        }
        for (field, value) in [
            ("customer.email", &c.email),
            ("customer.billingDetails.firstName", &c.first_name),
            ("customer.billingDetails.lastName", &c.last_name),
            ("customer.billingDetails.address", &c.address),
            ("customer.billingDetails.zipCode", &c.zip),
            ("customer.billingDetails.city", &c.city),
            ("customer.billingDetails.country", &c.country),
        ] {
            if value.is_none() {
                return Err(Error::field(ErrorCode::MissingField, field, format!("{name} needs {field}")));
            }
        }
        if c.phone.is_none() && c.cell_phone.is_none() {
            return Err(Error::field(
                ErrorCode::MissingField,
                "customer.billingDetails.cellPhoneNumber",
                format!("{name} needs the buyer's phone number"),
            ));
        }
    }
    Ok(())
}

/// `V4/Charge/CreatePayment`: the request whose answer carries the `formToken` of the embedded form.
pub fn create_payment(config: &LyraConfig, order: &CreatePayment) -> Result<HttpRequest> {
    let body = order_body(order)?;
    rest::post(config, "V4/Charge/CreatePayment", Value::Object(body))
}

/// `V4/Charge/CreatePaymentOrder`: a payment link, sent by e-mail or SMS or returned.
pub fn payment_order(config: &LyraConfig, order: &PaymentOrder) -> Result<HttpRequest> {
    let mut body = order_body(&order.order)?;
    let channel = match &order.channel {
        Channel::Mail { recipient, subject, body } => {
            text("channelOptions.mailOptions.recipient", recipient, "ans..150")?;
            if !recipient.contains('@') {
                return Err(Error::field(
                    ErrorCode::InvalidFormat,
                    "channelOptions.mailOptions.recipient",
                    "the recipient must be an e-mail address",
                ));
            }
            let mut mail = json!({ "recipient": recipient });
            if let Some(s) = subject {
                mail["subject"] = json!(s);
            }
            if let Some(b) = body {
                mail["body"] = json!(b);
            }
            json!({ "channelType": "MAIL", "mailOptions": mail })
        }
        Channel::Sms { phone_number, message } => {
            text("channelOptions.smsOptions.phoneNumber", phone_number, "ans..32")?;
            let mut sms = json!({ "phoneNumber": phone_number });
            if let Some(m) = message {
                sms["message"] = json!(m);
            }
            json!({ "channelType": "SMS", "smsOptions": sms })
        }
        Channel::Url => json!({ "channelType": "URL" }),
    };
    body.insert("channelOptions".into(), channel);
    for (key, value) in [
        ("expirationDate", &order.expiration_date),
        ("locale", &order.locale),
        ("merchantComment", &order.merchant_comment),
    ] {
        if let Some(v) = value {
            text(key, v, "ans..255")?;
            body.insert(key.into(), json!(v));
        }
    }
    rest::post(config, "V4/Charge/CreatePaymentOrder", Value::Object(body))
}

/// The `formToken` of a `CreatePayment` answer.
pub fn form_token(response: &HttpResponse) -> Result<String> {
    let answer = rest::parse_answer(response)?;
    answer
        .get("formToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::field(ErrorCode::UnexpectedResponse, "formToken", "the answer carries no formToken"))
}

/// What a `CreatePaymentOrder` answer says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct PaymentOrderCreated {
    /// `paymentOrderId`: the reference for follow-up (`Charge/PaymentOrder/Get`).
    pub payment_order_id: String,
    /// `paymentURL`: the link the buyer follows.
    pub payment_url: String,
    /// `paymentOrderStatus` (`RUNNING`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// Read a `CreatePaymentOrder` answer.
pub fn payment_order_created(response: &HttpResponse) -> Result<PaymentOrderCreated> {
    let answer = rest::parse_answer(response)?;
    let get = |k: &str| answer.get(k).and_then(Value::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
    let missing = |k: &str| Error::field(ErrorCode::UnexpectedResponse, k, format!("the answer carries no {k}"));
    let payment_url = get("paymentURL").ok_or_else(|| missing("paymentURL"))?;
    crate::http::check_gateway_url(&payment_url, "paymentURL", ErrorCode::UnexpectedResponse)?;
    Ok(PaymentOrderCreated {
        payment_order_id: get("paymentOrderId").ok_or_else(|| missing("paymentOrderId"))?,
        payment_url,
        status: get("paymentOrderStatus"),
    })
}
