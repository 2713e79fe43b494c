//! A Cetelem 3x/4x order → the encrypted FullCB form (`CetelemFullCB.aspx`; Computop Paygate manual,
//! "Cetelem FullCB", "Payment with Cetelem FullCB via form interface").
//!
//! "Paygate rejects all payment requests with formatting errors", so every field is checked against the
//! manual's format and M/O/C rule before anything is encrypted, and an error names the Paygate field.
//! The plaintext (`key=value&…`, [`super::plaintext`]) carries `MerchantID` and the MAC; the browser is
//! sent `MerchantID`, `Len` and `Data`. `Response=encrypt` is always set, so the answers come back
//! encrypted and [`super::response`] can insist on it.

#[cfg(test)]
use super::blowfish;
use super::config::ComputopConfig;
use super::{data, mac, plaintext};
use crate::error::{Error, ErrorCode, Result};
use crate::form::{FormCharset, FormMethod, PaymentForm};
use crate::format::FieldFormat;
use crate::money::{Amount, Currency};
use std::collections::BTreeMap;

/// The Paygate page for Cetelem FullCB payments.
pub const PAGE: &str = "CetelemFullCB.aspx";

/// Calling codes Cetelem accepts in `Phone` (Computop Paygate manual, "Cetelem FullCB", `Phone`): France and the
/// overseas territories.
pub const CALLING_CODES: [&str; 10] = ["33", "262", "269", "508", "590", "594", "596", "681", "687", "689"];

/// Salutations Paygate accepts; it maps the English ones to the French ones itself.
pub const SALUTATIONS: [&str; 6] = ["M", "Mme", "Mlle", "Mr", "Mrs", "Miss"];

/// The buyer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopCustomer")]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// `Salutation`: M, Mme, Mlle (or Mr, Mrs, Miss).
    pub salutation: String,
    /// `FirstName`.
    pub first_name: String,
    /// `LastName`.
    pub last_name: String,
    /// `Email`.
    pub email: String,
    /// `Phone`: a French number (see [`CALLING_CODES`]), digits only after an optional `+`.
    pub phone: String,
    /// `CustomerInformation` (`NAME=VALUE|…`, forwarded unchecked by Paygate).
    #[serde(default)]
    pub customer_information: Option<String>,
}

/// A postal address (`bd*` for invoicing, `sd*` for shipping).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopAddress")]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// `…FirstName`.
    pub first_name: String,
    /// `…LastName`.
    pub last_name: String,
    /// `…Street` (street name and number).
    pub street: String,
    /// `…AddressAddition`.
    #[serde(default)]
    pub address_addition: Option<String>,
    /// `…Zip` (n..5).
    pub zip: String,
    /// `…City`.
    pub city: String,
    /// `…CountryCode` (ISO 3166-1 alpha-2).
    pub country_code: String,
}

/// A Cetelem 3x/4x payment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopFullCbPayment")]
#[serde(deny_unknown_fields)]
pub struct FullCbPayment {
    /// `TransID` (ans..64), unique per payment; also the RefNr when `ref_nr` is absent.
    pub trans_id: String,
    /// `RefNr` (an..30; on Axepta an..12 and mandatory).
    #[serde(default)]
    pub ref_nr: Option<String>,
    /// Whether the shop's store says this `RefNr` already belongs to a successful payment. Axepta refuses a
    /// `RefNr` reused after a successful payment, so cpay refuses the form (`invalid_value` on `RefNr`) when the
    /// host is Axepta. cpay keeps no state: the shop looks its orders up and tells.
    #[serde(default)]
    pub ref_nr_used: bool,
    /// `Amount` in cents.
    pub amount: Amount,
    /// `Currency`: EUR only (the default).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// `PayType`: 1 = Cetelem 3xCB, 2 = Cetelem 4xCB.
    pub pay_type: u8,
    /// `URLSuccess`, `URLFailure`, `URLNotify`: https, port 443, no query string.
    pub url_success: String,
    /// See `url_success`.
    pub url_failure: String,
    /// See `url_success`.
    pub url_notify: String,
    /// The buyer.
    pub customer: Customer,
    /// The invoicing address (`bd*`).
    pub billing: Address,
    /// `UseBillingData`; defaults to yes when `shipping` is absent, no otherwise.
    #[serde(default)]
    pub use_billing_data: Option<bool>,
    /// The delivery address (`sd*`), required when it differs from the invoicing one.
    #[serde(default)]
    pub shipping: Option<Address>,
    /// `OrderDesc`.
    #[serde(default)]
    pub order_desc: Option<String>,
    /// `UserData`, echoed in the answers (not covered by the MAC: do not trust it for decisions).
    #[serde(default)]
    pub user_data: Option<String>,
    /// `ReqId`: idempotency key (same ReqId → no new payment).
    #[serde(default)]
    pub req_id: Option<String>,
    /// `SellingPoint`.
    #[serde(default)]
    pub selling_point: Option<String>,
    /// `Service`.
    #[serde(default)]
    pub service: Option<String>,
    /// `Channel`.
    #[serde(default)]
    pub channel: Option<String>,
    /// `Plain`.
    #[serde(default)]
    pub plain: Option<String>,
    /// `Custom` (`|` becomes `&` in the answer).
    #[serde(default)]
    pub custom: Option<String>,
    /// `EnhancedData` (`NAME=VALUE|…`).
    #[serde(default)]
    pub enhanced_data: Option<String>,
    /// POST (default) or GET.
    #[serde(default = "post")]
    pub method: FormMethod,
}

fn eur() -> Currency {
    Currency::EUR
}

fn post() -> FormMethod {
    FormMethod::Post
}

/// Collects checked fields in the order of the manual's request table.
struct Builder {
    fields: Vec<(&'static str, String)>,
}

impl Builder {
    fn mandatory(&mut self, name: &'static str, format: &str, value: &str) -> Result<()> {
        if value.is_empty() {
            return Err(Error::missing(name));
        }
        FieldFormat::notation(format).check(name, value)?;
        plaintext::check_value(name, value)?;
        self.fields.push((name, value.to_owned()));
        Ok(())
    }

    fn optional(&mut self, name: &'static str, format: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) if !v.is_empty() => self.mandatory(name, format, v),
            _ => Ok(()),
        }
    }

    fn address(&mut self, names: [&'static str; 7], address: &Address) -> Result<()> {
        self.mandatory(names[0], "ans..40", &address.first_name)?;
        self.mandatory(names[1], "ans..40", &address.last_name)?;
        self.mandatory(names[2], "ans..60", &address.street)?;
        self.optional(names[3], "ans..60", address.address_addition.as_deref())?;
        self.mandatory(names[4], "n..5", &address.zip)?;
        self.mandatory(names[5], "ans..40", &address.city)?;
        self.mandatory(names[6], "a2", &address.country_code)
    }
}

const BILLING: [&str; 7] =
    ["bdFirstName", "bdLastName", "bdStreet", "bdAddressAddition", "bdZip", "bdCity", "bdCountryCode"];
const SHIPPING: [&str; 7] =
    ["sdFirstName", "sdLastName", "sdStreet", "sdAddressAddition", "sdZip", "sdCity", "sdCountryCode"];

/// Validate `payment` and build the encrypted FullCB form (Blowfish shops; AES shops need [`build_form_with`]).
pub fn build_form(config: &ComputopConfig, payment: &FullCbPayment) -> Result<PaymentForm> {
    build_form_with(config, payment, None)
}

/// Validate `payment` and build the encrypted FullCB form with the shop's cipher; `iv` (32 hex digits, fresh
/// random bytes per message) is required when the shop is configured for AES and ignored for Blowfish.
pub fn build_form_with(config: &ComputopConfig, payment: &FullCbPayment, iv: Option<&str>) -> Result<PaymentForm> {
    config.validate()?;
    check_amount(config, payment)?;
    let currency = payment.currency.alpha();
    let amount = payment.amount.minor().to_string();
    let message = mac::request_message("", &payment.trans_id, &config.merchant_id, payment.amount.minor(), currency);

    let mut b = Builder { fields: Vec::with_capacity(48) };
    b.mandatory("MerchantID", "ans..30", &config.merchant_id)?;
    b.mandatory("TransID", "ans..64", &payment.trans_id)?;
    let ref_nr = payment.ref_nr.as_deref().filter(|r| !r.is_empty());
    if config.is_axepta() {
        check_axepta_ref_nr(ref_nr, payment.ref_nr_used)?;
    }
    match ref_nr {
        Some(ref_nr) => b.mandatory("RefNr", "an..30", ref_nr)?,
        None => FieldFormat::notation("an..30").check("TransID", &payment.trans_id).map_err(|_| {
            Error::field(
                ErrorCode::InvalidFormat,
                "RefNr",
                "without RefNr Paygate uses TransID as RefNr, so TransID must then be 1-30 letters and digits; give a RefNr",
            )
        })?,
    }
    b.mandatory("Amount", "n..10", &amount)?;
    b.mandatory("Currency", "a3", currency)?;
    b.fields.push(("MAC", mac::mac(message.as_bytes(), &config.mac_key)?));
    b.optional("OrderDesc", "ans..768", payment.order_desc.as_deref())?;
    for (name, url) in
        [("URLSuccess", &payment.url_success), ("URLFailure", &payment.url_failure), ("URLNotify", &payment.url_notify)]
    {
        check_url(name, url)?;
        b.mandatory(name, "ans..256", url)?;
    }
    b.fields.push(("Response", "encrypt".to_owned()));
    b.optional("UserData", "ans..1024", payment.user_data.as_deref())?;
    b.optional("ReqId", "ans..32", payment.req_id.as_deref())?;
    b.optional("SellingPoint", "ans..50", payment.selling_point.as_deref())?;
    b.optional("Service", "ans..50", payment.service.as_deref())?;
    b.optional("Channel", "ans..64", payment.channel.as_deref())?;
    b.optional("Plain", "ans..50", payment.plain.as_deref())?;
    b.optional("Custom", "ans..1024", payment.custom.as_deref())?;
    if !matches!(payment.pay_type, 1 | 2) {
        return Err(Error::field(ErrorCode::InvalidValue, "PayType", "PayType must be 1 (Cetelem 3xCB) or 2 (4xCB)"));
    }
    b.fields.push(("PayType", payment.pay_type.to_string()));
    b.optional("EnhancedData", "ans..400", payment.enhanced_data.as_deref())?;

    let customer = &payment.customer;
    if !SALUTATIONS.contains(&customer.salutation.as_str()) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "Salutation",
            format!("Salutation must be one of {}", SALUTATIONS.join(", ")),
        ));
    }
    b.mandatory("Salutation", "a..4", &customer.salutation)?;
    b.mandatory("FirstName", "ans..40", &customer.first_name)?;
    b.mandatory("LastName", "ans..40", &customer.last_name)?;
    check_email(&customer.email)?;
    b.mandatory("Email", "ans..100", &customer.email)?;
    check_phone(&customer.phone)?;
    b.mandatory("Phone", "ans..30", &customer.phone)?;
    b.optional("CustomerInformation", "ans..400", customer.customer_information.as_deref())?;
    b.address(BILLING, &payment.billing)?;

    let use_billing = payment.use_billing_data.unwrap_or(payment.shipping.is_none());
    let shipping = match (use_billing, &payment.shipping) {
        (true, None) => &payment.billing,
        (true, Some(s)) if s == &payment.billing => s,
        (true, Some(_)) => {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                "UseBillingData",
                "UseBillingData is yes but a different shipping address is given",
            ))
        }
        (false, Some(s)) => s,
        (false, None) => {
            return Err(Error::field(
                ErrorCode::MissingField,
                "sdFirstName",
                "UseBillingData is no: the shipping address (sd* fields) is required",
            ))
        }
    };
    b.fields.push(("UseBillingData", if use_billing { "yes" } else { "no" }.to_owned()));
    b.address(SHIPPING, shipping)?;

    let text = plaintext::compose(&b.fields)?;
    let encrypted = data::encrypt_for(config, text.as_bytes(), iv)?;
    let mut fields = BTreeMap::new();
    fields.insert("MerchantID".to_owned(), config.merchant_id.clone());
    fields.insert("Len".to_owned(), encrypted.len.to_string());
    fields.insert("Data".to_owned(), encrypted.data);
    Ok(PaymentForm { action: config.host.url(PAGE), method: payment.method, charset: FormCharset::Utf8, fields })
}

/// Axepta's FullCB `RefNr`: mandatory, an..12 (letters and digits, at most 12), and never reused after a
/// successful payment (BNP Paribas Axepta documentation, "Cetelem 3x/4x", request parameters).
fn check_axepta_ref_nr(ref_nr: Option<&str>, used: bool) -> Result<()> {
    let Some(ref_nr) = ref_nr else {
        return Err(Error::field(ErrorCode::MissingField, "RefNr", "Axepta requires RefNr (an..12) for Cetelem 3x/4x"));
    };
    FieldFormat::notation("an..12").check("RefNr", ref_nr)?;
    if used {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "RefNr",
            "this RefNr already belongs to a successful payment; Axepta refuses a RefNr used again",
        ));
    }
    Ok(())
}

fn check_amount(config: &ComputopConfig, payment: &FullCbPayment) -> Result<()> {
    if payment.currency != Currency::EUR {
        return Err(Error::field(ErrorCode::NotAllowed, "Currency", "Cetelem 3x/4x payments are in EUR only"));
    }
    if payment.amount < config.min_amount || payment.amount > config.max_amount {
        return Err(Error::field(
            ErrorCode::NotEligible,
            "Amount",
            format!(
                "Cetelem 3x/4x accepts amounts from {} to {} EUR (got {})",
                config.min_amount.to_decimal(Currency::EUR),
                config.max_amount.to_decimal(Currency::EUR),
                payment.amount.to_decimal(Currency::EUR)
            ),
        ));
    }
    Ok(())
}

/// `https://host[:443]/path`, no query string or fragment (Paygate calls only port 443; use UserData). A shop
/// on the loopback (`http://127.0.0.1:P/…`, `localhost`, `[::1]`) may also use http on any port, for cpay
/// sandbox, which runs beside it.
fn check_url(name: &str, url: &str) -> Result<()> {
    let bad = |why: &str| Error::field(ErrorCode::InvalidValue, name, format!("{name} {why}"));
    let loopback = url.starts_with("http://") && crate::http::is_gateway_url(url);
    let https = url.strip_prefix("https://");
    if !loopback && https.is_none() {
        return Err(bad("must be an https:// URL (port 443)"));
    }
    if url.contains(['?', '#']) {
        return Err(bad("must not contain a query string or fragment: pass values in UserData"));
    }
    let Some(rest) = https else {
        return Ok(());
    };
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.rsplit_once(':') {
        Some((host, "443")) => host,
        Some(_) => return Err(bad("must use port 443")),
        None => authority,
    };
    if host.is_empty() || host.contains(['@', ' ']) {
        return Err(bad("must name a host"));
    }
    Ok(())
}

fn check_email(email: &str) -> Result<()> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.contains('@') && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if email.is_empty() {
        return Err(Error::missing("Email"));
    }
    if !valid {
        return Err(Error::field(ErrorCode::InvalidFormat, "Email", "Email must be an e-mail address (name@domain)"));
    }
    Ok(())
}

/// French numbers: `0` + 9 digits, or calling code + 9 digits, optionally after `00` or `+`.
pub fn check_phone(phone: &str) -> Result<()> {
    if phone.is_empty() {
        return Err(Error::missing("Phone"));
    }
    let digits = phone.strip_prefix('+').or_else(|| phone.strip_prefix("00")).unwrap_or(phone);
    let international = digits.len() != phone.len();
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let national = !international && digits.len() == 10 && digits.starts_with('0');
    let with_code =
        CALLING_CODES.iter().any(|code| digits.strip_prefix(code).is_some_and(|subscriber| subscriber.len() == 9));
    if all_digits && (national || with_code) {
        Ok(())
    } else {
        Err(Error::field(
            ErrorCode::InvalidFormat,
            "Phone",
            format!(
                "Phone must be 0 + 9 digits, or a calling code ({}) + 9 digits, optionally after + or 00, without spaces",
                CALLING_CODES.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    pub(crate) fn config() -> ComputopConfig {
        serde_json::from_value(serde_json::json!({
            "merchant_id": "cpay_test", "blowfish_key": "bf-pass-1234", "mac_key": "hmac-pass-5678", "host": "test"
        }))
        .unwrap()
    }

    fn payment() -> FullCbPayment {
        serde_json::from_value(serde_json::json!({
            "trans_id": "CMD20260042", "amount": 45000, "pay_type": 1,
            "url_success": "https://shop.example/ok", "url_failure": "https://shop.example/ko",
            "url_notify": "https://shop.example:443/notify",
            "customer": {"salutation": "Mme", "first_name": "Anne", "last_name": "Martin",
                         "email": "anne@example.fr", "phone": "+33612345678"},
            "billing": {"first_name": "Anne", "last_name": "Martin", "street": "1 rue de la Paix",
                        "zip": "75002", "city": "Paris", "country_code": "FR"}
        }))
        .unwrap()
    }

    fn decrypted(form: &PaymentForm) -> String {
        let len = form.fields["Len"].parse().unwrap();
        let bytes = blowfish::decrypt(&form.fields["Data"], len, &Secret::from("bf-pass-1234")).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn builds_the_encrypted_form() {
        let out = build_form(&config(), &payment()).unwrap();
        assert_eq!(out.action, "https://test.computop-paygate.com/CetelemFullCB.aspx");
        assert_eq!(out.fields["MerchantID"], "cpay_test");
        let text = decrypted(&out);
        assert!(text.starts_with("MerchantID=cpay_test&TransID=CMD20260042&Amount=45000&Currency=EUR&MAC="));
        assert!(text.contains("&Response=encrypt&PayType=1&Salutation=Mme&"));
        assert!(text.ends_with("&UseBillingData=yes&sdFirstName=Anne&sdLastName=Martin&sdStreet=1 rue de la Paix&sdZip=75002&sdCity=Paris&sdCountryCode=FR"));
        let message = "*CMD20260042*cpay_test*45000*EUR";
        let mac = mac::mac(message.as_bytes(), &Secret::from("hmac-pass-5678")).unwrap();
        assert!(text.contains(&format!("&MAC={mac}&")), "{text}");
        assert!(out.redirect_url().is_none());
    }

    #[test]
    fn get_gives_a_redirect_url() {
        let mut p = payment();
        p.method = FormMethod::Get;
        let out = build_form(&config(), &p).unwrap();
        let url = out.redirect_url().unwrap();
        assert!(url.starts_with("https://test.computop-paygate.com/CetelemFullCB.aspx?Data="), "{url}");
        assert!(url.ends_with("&MerchantID=cpay_test"), "{url}");
    }

    #[test]
    fn every_rule_names_its_field() {
        let field = |f: &dyn Fn(&mut FullCbPayment)| {
            let mut p = payment();
            f(&mut p);
            build_form(&config(), &p).unwrap_err().field_name().map(str::to_owned)
        };
        assert_eq!(field(&|p| p.amount = Amount::from_minor(8_999)).as_deref(), Some("Amount"));
        assert_eq!(field(&|p| p.amount = Amount::from_minor(300_001)).as_deref(), Some("Amount"));
        assert_eq!(field(&|p| p.currency = Currency::from_alpha("USD").unwrap()).as_deref(), Some("Currency"));
        assert_eq!(field(&|p| p.pay_type = 3).as_deref(), Some("PayType"));
        assert_eq!(field(&|p| p.trans_id = "CMD-2026-0042".into()).as_deref(), Some("RefNr"));
        assert!(build_form(&config(), &{
            let mut p = payment();
            p.trans_id = "CMD-2026-0042".into();
            p.ref_nr = Some("CMD20260042".into());
            p
        })
        .is_ok());
        assert_eq!(field(&|p| p.url_success = "http://shop.example/ok".into()).as_deref(), Some("URLSuccess"));
        assert_eq!(field(&|p| p.url_notify = "http://127.0.0.1:5000/n?x=1".into()).as_deref(), Some("URLNotify"));
        assert!(build_form(&config(), &{
            let mut p = payment();
            p.url_notify = "http://127.0.0.1:5000/notify/computop".into();
            p
        })
        .is_ok());
        assert_eq!(field(&|p| p.url_failure = "https://shop.example/ko?id=1".into()).as_deref(), Some("URLFailure"));
        assert_eq!(field(&|p| p.url_notify = "https://shop.example:8443/n".into()).as_deref(), Some("URLNotify"));
        assert_eq!(field(&|p| p.customer.salutation = "Dr".into()).as_deref(), Some("Salutation"));
        assert_eq!(field(&|p| p.customer.phone = "06 12 34 56 78".into()).as_deref(), Some("Phone"));
        assert_eq!(field(&|p| p.customer.email = "anne".into()).as_deref(), Some("Email"));
        assert_eq!(field(&|p| p.customer.last_name = "Martin & Fils".into()).as_deref(), Some("LastName"));
        assert_eq!(field(&|p| p.order_desc = Some("a=b".into())).as_deref(), Some("OrderDesc"));
        assert_eq!(field(&|p| p.billing.zip = "750020".into()).as_deref(), Some("bdZip"));
        assert_eq!(field(&|p| p.billing.zip = "7500A".into()).as_deref(), Some("bdZip"));
        assert_eq!(field(&|p| p.billing.country_code = "FRA".into()).as_deref(), Some("bdCountryCode"));
        assert_eq!(field(&|p| p.req_id = Some("x".repeat(33))).as_deref(), Some("ReqId"));
        assert_eq!(field(&|p| p.use_billing_data = Some(false)).as_deref(), Some("sdFirstName"));
        assert_eq!(
            field(&|p| {
                let mut s = p.billing.clone();
                s.city = "Lyon".into();
                p.shipping = Some(s);
                p.use_billing_data = Some(true);
            })
            .as_deref(),
            Some("UseBillingData")
        );
        assert_eq!(
            field(&|p| {
                let mut s = p.billing.clone();
                s.zip = "6900".into();
                s.city = "Lyon\r\n".into();
                p.shipping = Some(s);
            })
            .as_deref(),
            Some("sdCity")
        );
    }

    #[test]
    fn phones() {
        for ok in ["0612345678", "33612345678", "0033612345678", "+33612345678", "+262692123456", "00689401234567"] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "612345678",
            "+44612345678",
            "+3306123456789",
            "06123456789",
            "+0612345678",
            "+33 612345678",
            "00612345678",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }
}
