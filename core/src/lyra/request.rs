//! A Cpay payment request → a signed [`PaymentForm`] for the Lyra "API Formulaire".
//!
//! The request is a typed description of the order ([`PaymentRequest`]); [`build_form`] turns it into
//! `vads_*` fields, checks every value against its format (the error names the `vads_` field and carries
//! the platform's form error code), enforces the Cpay rules when the Cpay button (`AURORE-MULTI`) is asked
//! for, and signs exactly the fields it returns.

use super::config::LyraConfig;
use super::fields::{self, LANGUAGES, PRODUCT_TYPES};
use super::signature;
use super::trans::{format_trans_date, TransId};
use crate::error::{Error, ErrorCode, Result};
use crate::form::{FormCharset, FormMethod, PaymentForm};
use crate::format::check_enum;
use crate::money::{Amount, Currency};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// The card brand of the Cpay button.
pub const CPAY_CARD: &str = "AURORE-MULTI";

/// The `vads_payment_cards` values of Cetelem 3x / 4x CB (FullCB) (Sogecommerce documentation, "FullCB",
/// "Creating a FullCB payment request").
pub const FULLCB_CARDS: [&str; 2] = ["FULLCB3X", "FULLCB4X"];

/// A payment to send to the platform.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPaymentRequest")]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    /// Amount in minor units (`vads_amount`), > 0.
    pub amount: Amount,
    /// Currency (`vads_currency`); Cpay accepts EUR only.
    #[serde(default = "eur")]
    pub currency: Currency,
    /// `vads_trans_id`: a counter value from the shop, or 6 characters chosen by the shop.
    pub trans_id: TransIdSource,
    /// When the form is made (`vads_trans_date`, sent in UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub trans_date: OffsetDateTime,
    /// `vads_payment_cards`, `;`-separated. Defaults to the Cpay button.
    #[serde(default = "cpay_card")]
    pub payment_cards: String,
    /// `vads_payment_config`.
    #[serde(default)]
    pub payment_config: PaymentConfig,
    /// `vads_capture_delay` in days (Cpay: 0 only).
    #[serde(default)]
    pub capture_delay: Option<u32>,
    /// `vads_validation_mode`: manual validation when true (Cpay: automatic only).
    #[serde(default)]
    pub manual_validation: bool,
    /// `vads_page_action` (Cpay: `PAYMENT` only).
    #[serde(default)]
    pub page_action: PageAction,
    /// `vads_order_id`.
    #[serde(default)]
    pub order_id: Option<String>,
    /// `vads_order_info`, `vads_order_info2`, `vads_order_info3`.
    #[serde(default)]
    pub order_info: Vec<String>,
    /// The buyer (`vads_cust_*`, Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Transmettre les données
    /// de l'acheteur").
    #[serde(default)]
    pub customer: Customer,
    /// Delivery (`vads_ship_to_*`, Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Transmettre les
    /// données de livraison").
    #[serde(default)]
    pub shipping: Shipping,
    /// The cart (`vads_nb_products`, `vads_product_*N`, Sogecommerce guide "Ajouter le bouton de paiement Cpay",
    /// "Transmettre les données de la commande").
    #[serde(default)]
    pub cart: Vec<CartItem>,
    /// `vads_shipping_amount` (counted in the cart total check).
    #[serde(default)]
    pub shipping_amount: Option<Amount>,
    /// `vads_tax_amount` (counted in the cart total check).
    #[serde(default)]
    pub tax_amount: Option<Amount>,
    /// Return URLs and the IPN override.
    #[serde(default)]
    pub urls: Urls,
    /// `vads_return_mode`.
    #[serde(default)]
    pub return_mode: Option<ReturnMode>,
    /// `vads_language` (`fr`, `en`, …).
    #[serde(default)]
    pub language: Option<String>,
    /// `vads_redirect_*`: automatic return after the ticket.
    #[serde(default)]
    pub redirect: Redirect,
    /// `vads_ext_info_<name>` → value, echoed in the response.
    #[serde(default)]
    pub ext_info: BTreeMap<String, String>,
    /// `vads_payment_option_code`: the payment option to preselect (a Cpay credit option, as Cetelem set it up
    /// for the contract).
    #[serde(default)]
    pub payment_option_code: Option<String>,
    /// `vads_payment_src`: where the order was taken (`EC` e-commerce, the default; `MOTO` mail or telephone
    /// order; `CC` call centre; `OTHER`). Cpay and FullCB accept `EC` only.
    #[serde(default)]
    pub payment_src: Option<PaymentSource>,
}

/// `vads_payment_src`: the channel the order was taken on (Lyra Dictionnaire de données, `vads_payment_src`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPaymentSource")]
#[serde(rename_all = "UPPERCASE")]
pub enum PaymentSource {
    /// E-commerce: the buyer pays on the payment page.
    Ec,
    /// Mail or telephone order keyed in by the merchant.
    Moto,
    /// Call centre.
    Cc,
    /// Another channel.
    Other,
}

impl PaymentSource {
    fn as_str(self) -> &'static str {
        match self {
            PaymentSource::Ec => "EC",
            PaymentSource::Moto => "MOTO",
            PaymentSource::Cc => "CC",
            PaymentSource::Other => "OTHER",
        }
    }
}

fn eur() -> Currency {
    Currency::EUR
}

/// Where `vads_trans_id` comes from. In JSON: a number is a counter value, a string an id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraTransIdSource")]
#[serde(untagged)]
pub enum TransIdSource {
    /// A value of the shop's own counter (see [`TransId::from_counter`]).
    Counter(u64),
    /// Six characters chosen by the shop, checked by [`TransId::parse`].
    Id(String),
}

impl TransIdSource {
    /// The checked id.
    pub fn resolve(&self) -> Result<TransId> {
        match self {
            TransIdSource::Counter(n) => Ok(TransId::from_counter(*n)),
            TransIdSource::Id(id) => TransId::parse(id),
        }
    }
}

fn cpay_card() -> String {
    CPAY_CARD.to_owned()
}

/// `vads_payment_config`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPaymentConfig")]
#[serde(rename_all = "snake_case")]
pub enum PaymentConfig {
    /// One payment (the only one Cpay allows).
    #[default]
    Single,
    /// `MULTI:first=…;count=…;period=…`: split payment, the remainder on the last instalment.
    Multi {
        /// Amount of the first instalment.
        first: Amount,
        /// Number of instalments (≥ 2).
        count: u32,
        /// Days between instalments (≥ 1).
        period: u32,
    },
    /// `MULTI_EXT:YYYYMMDD=amount;…`: explicit dates and amounts summing to `vads_amount`.
    MultiExt(Vec<crate::plan::schedule::Instalment>),
}

/// `vads_page_action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraPageAction")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PageAction {
    /// Pay (the only one Cpay allows).
    #[default]
    Payment,
    /// Create a token.
    Register,
    /// Create a token and pay.
    RegisterPay,
    /// Update a token.
    RegisterUpdate,
    /// Create a token and a subscription.
    RegisterSubscribe,
}

impl PageAction {
    fn as_str(self) -> &'static str {
        match self {
            PageAction::Payment => "PAYMENT",
            PageAction::Register => "REGISTER",
            PageAction::RegisterPay => "REGISTER_PAY",
            PageAction::RegisterUpdate => "REGISTER_UPDATE",
            PageAction::RegisterSubscribe => "REGISTER_SUBSCRIBE",
        }
    }
}

/// `vads_return_mode`: how the browser return carries the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraReturnMode")]
#[serde(rename_all = "UPPERCASE")]
pub enum ReturnMode {
    /// No result fields on return.
    None,
    /// Result fields in the query string.
    Get,
    /// Result fields posted.
    Post,
}

/// Buyer fields (`vads_cust_*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraCustomer")]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Customer {
    pub email: Option<String>,
    pub id: Option<String>,
    pub national_id: Option<String>,
    pub title: Option<String>,
    /// `PRIVATE` or `COMPANY`.
    pub status: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub legal_name: Option<String>,
    pub phone: Option<String>,
    pub cell_phone: Option<String>,
    pub address_number: Option<String>,
    pub address: Option<String>,
    pub address2: Option<String>,
    pub district: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// ISO 3166 alpha-2 (`FR`).
    pub country: Option<String>,
}

impl Customer {
    fn fields(&self) -> [(&'static str, &Option<String>); 18] {
        [
            ("vads_cust_email", &self.email),
            ("vads_cust_id", &self.id),
            ("vads_cust_national_id", &self.national_id),
            ("vads_cust_title", &self.title),
            ("vads_cust_status", &self.status),
            ("vads_cust_first_name", &self.first_name),
            ("vads_cust_last_name", &self.last_name),
            ("vads_cust_legal_name", &self.legal_name),
            ("vads_cust_phone", &self.phone),
            ("vads_cust_cell_phone", &self.cell_phone),
            ("vads_cust_address_number", &self.address_number),
            ("vads_cust_address", &self.address),
            ("vads_cust_address2", &self.address2),
            ("vads_cust_district", &self.district),
            ("vads_cust_zip", &self.zip),
            ("vads_cust_city", &self.city),
            ("vads_cust_state", &self.state),
            ("vads_cust_country", &self.country),
        ]
    }
}

/// Delivery fields (`vads_ship_to_*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraShipping")]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Shipping {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub legal_name: Option<String>,
    /// `PRIVATE` or `COMPANY`.
    pub status: Option<String>,
    pub street_number: Option<String>,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub district: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    pub phone: Option<String>,
}

impl Shipping {
    fn fields(&self) -> [(&'static str, &Option<String>); 13] {
        [
            ("vads_ship_to_first_name", &self.first_name),
            ("vads_ship_to_last_name", &self.last_name),
            ("vads_ship_to_legal_name", &self.legal_name),
            ("vads_ship_to_status", &self.status),
            ("vads_ship_to_street_number", &self.street_number),
            ("vads_ship_to_street", &self.street),
            ("vads_ship_to_street2", &self.street2),
            ("vads_ship_to_district", &self.district),
            ("vads_ship_to_zip", &self.zip),
            ("vads_ship_to_city", &self.city),
            ("vads_ship_to_state", &self.state),
            ("vads_ship_to_country", &self.country),
            ("vads_ship_to_phone_num", &self.phone),
        ]
    }
}

/// One cart line. Once a cart is sent, every product field is mandatory (Sogecommerce guide "Ajouter le bouton de
/// paiement Cpay", "Transmettre les données de la commande").
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraCartItem")]
#[serde(deny_unknown_fields)]
pub struct CartItem {
    /// `vads_product_labelN`.
    pub label: String,
    /// `vads_product_amountN`: unit amount in minor units.
    pub amount: Amount,
    /// `vads_product_typeN`: one of the 16 product types.
    #[serde(rename = "type")]
    pub product_type: String,
    /// `vads_product_refN`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// `vads_product_qtyN` (≥ 1).
    pub qty: u32,
    /// `vads_product_ext_idN` (bar code), optional.
    #[serde(default)]
    pub ext_id: Option<String>,
}

/// Return URLs (`vads_url_*`) and the IPN override (`vads_url_check`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraUrls")]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Urls {
    #[serde(rename = "return")]
    pub return_url: Option<String>,
    pub success: Option<String>,
    pub refused: Option<String>,
    pub cancel: Option<String>,
    pub error: Option<String>,
    /// The IPN URL for this payment (overrides the Back Office rule).
    pub check: Option<String>,
}

/// Automatic redirection after the payment ticket (`vads_redirect_*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraRedirect")]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Redirect {
    pub success_timeout: Option<u32>,
    pub success_message: Option<String>,
    pub error_timeout: Option<u32>,
    pub error_message: Option<String>,
}

/// Build the signed form for `request` with the shop's `config`.
pub fn build_form(config: &LyraConfig, request: &PaymentRequest) -> Result<PaymentForm> {
    config.validate()?;
    let key = config.key_for(config.mode)?;
    let fields = build_fields(config, request)?;
    let signature = signature::sign(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())), key, config.algorithm)?;
    let mut fields = fields;
    fields.insert("signature".to_owned(), signature);
    Ok(PaymentForm {
        action: config.platform.form_url().to_owned(),
        method: FormMethod::Post,
        charset: FormCharset::Utf8,
        fields,
    })
}

/// The unsigned `vads_*` fields for `request`, every value checked.
pub fn build_fields(config: &LyraConfig, request: &PaymentRequest) -> Result<BTreeMap<String, String>> {
    let cpay = request.payment_cards.split(';').any(|card| card == CPAY_CARD);
    if cpay {
        check_cpay_rules(request)?;
    }
    let fullcb = request.payment_cards.split(';').find(|card| FULLCB_CARDS.contains(card));
    if let Some(card) = fullcb {
        check_fullcb_rules(card, request)?;
    }
    if let Some(source) = request.payment_src.filter(|s| *s != PaymentSource::Ec) {
        if cpay || fullcb.is_some() {
            return Err(Error::field(
                ErrorCode::NotAllowed,
                "vads_payment_src",
                format!(
                    "{} is paid by the buyer on the payment page (3-D Secure, Cetelem's own pages): \
                     vads_payment_src {} is not allowed",
                    if cpay { "Cpay (AURORE-MULTI)" } else { "FullCB" },
                    source.as_str()
                ),
            ));
        }
    }
    check_payment_config(request)?;

    let mut out = Fields::default();
    out.put("vads_site_id", config.site_id.clone());
    out.put("vads_ctx_mode", config.mode.as_str().to_owned());
    out.put("vads_trans_id", request.trans_id.resolve()?.as_str().to_owned());
    out.put("vads_trans_date", format_trans_date(request.trans_date));
    if request.amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, "vads_amount", "vads_amount must be greater than zero")
            .with_gateway_code("09"));
    }
    out.put("vads_amount", request.amount.to_string());
    out.put("vads_currency", request.currency.numeric_str());
    out.put("vads_action_mode", "INTERACTIVE".to_owned());
    out.put("vads_page_action", request.page_action.as_str().to_owned());
    out.put("vads_version", "V2".to_owned());
    out.put("vads_payment_cards", request.payment_cards.clone());
    out.put("vads_payment_config", payment_config_value(&request.payment_config));
    out.put("vads_capture_delay", request.capture_delay.unwrap_or(0).to_string());
    out.put("vads_validation_mode", if request.manual_validation { "1" } else { "0" }.to_owned());

    out.opt("vads_order_id", &request.order_id);
    if request.order_info.len() > 3 {
        return Err(Error::field(ErrorCode::InvalidValue, "vads_order_info", "at most 3 order_info lines exist"));
    }
    for (i, info) in request.order_info.iter().enumerate() {
        let name = ["vads_order_info", "vads_order_info2", "vads_order_info3"][i];
        out.put(name, info.clone());
    }
    for (name, value) in request.customer.fields() {
        out.opt(name, value);
    }
    for (name, value) in request.shipping.fields() {
        out.opt(name, value);
    }
    for name in ["vads_cust_status", "vads_ship_to_status"] {
        if let Some(v) = out.get(name) {
            check_enum(name, v, &["PRIVATE", "COMPANY"])?;
        }
    }
    for name in ["vads_cust_country", "vads_ship_to_country"] {
        if let Some(v) = out.get(name) {
            if !v.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::field(
                    ErrorCode::InvalidFormat,
                    name,
                    format!("{name} must be an ISO 3166 alpha-2 code in capitals, e.g. FR"),
                ));
            }
        }
    }
    add_cart(&mut out, request)?;
    add_urls(&mut out, request)?;
    if let Some(mode) = request.return_mode {
        out.put("vads_return_mode", format!("{mode:?}").to_uppercase());
    }
    if let Some(language) = &request.language {
        check_enum("vads_language", language, &LANGUAGES).map_err(|e| e.with_gateway_code("12"))?;
        out.put("vads_language", language.clone());
    }
    add_redirect(&mut out, &request.redirect)?;
    for (name, value) in &request.ext_info {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::field(
                ErrorCode::InvalidFormat,
                "vads_ext_info_",
                "an ext_info name must be letters, digits or '_'",
            ));
        }
        out.put(&format!("vads_ext_info_{name}"), value.clone());
    }
    if let Some(code) = &request.payment_option_code {
        out.put("vads_payment_option_code", code.clone());
    }
    if let Some(source) = request.payment_src {
        out.put("vads_payment_src", source.as_str().to_owned());
    }
    for (name, value) in &out.0 {
        fields::check(name, value)?;
    }
    if cpay {
        check_cpay_country(&out)?;
    }
    if let Some(card) = fullcb {
        check_fullcb_buyer(card, &out)?;
    }
    Ok(out.0)
}

/// Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Créer une demande de paiement": EUR, capture delay 0,
/// automatic validation, PAYMENT, SINGLE.
fn check_cpay_rules(request: &PaymentRequest) -> Result<()> {
    let refuse = |field: &str, code: &str, what: &str| {
        Error::field(ErrorCode::NotAllowed, field, format!("Cpay (AURORE-MULTI) {what}")).with_gateway_code(code)
    };
    if request.currency != Currency::EUR {
        return Err(refuse("vads_currency", "10", "accepts EUR (978) only"));
    }
    if request.capture_delay.is_some_and(|d| d != 0) {
        return Err(refuse("vads_capture_delay", "06", "captures immediately: vads_capture_delay must be 0"));
    }
    if request.manual_validation {
        return Err(refuse("vads_validation_mode", "05", "requires automatic validation (vads_validation_mode 0)"));
    }
    if request.page_action != PageAction::Payment {
        return Err(refuse(
            "vads_page_action",
            "46",
            "allows vads_page_action PAYMENT only (no tokens, no subscriptions)",
        ));
    }
    if request.payment_config != PaymentConfig::Single {
        return Err(refuse(
            "vads_payment_config",
            "07",
            "allows SINGLE only: split payments (MULTI, MULTI_EXT) are offered by Cetelem on the payment page",
        ));
    }
    Ok(())
}

/// Sogecommerce guide "Ajouter le bouton de paiement Cpay", "Présentation": Cpay is offered in France only; checked
/// once the country's format is known to be right.
fn check_cpay_country(fields: &Fields) -> Result<()> {
    match fields.get("vads_cust_country") {
        Some(country) if country != "FR" => Err(Error::field(
            ErrorCode::NotAllowed,
            "vads_cust_country",
            "Cpay (AURORE-MULTI) is offered to buyers in France (FR) only",
        )
        .with_gateway_code("22")),
        _ => Ok(()),
    }
}

/// The amount bounds of FullCB, inclusive, in euro cents: 90 € to 3,000 € (Lyra/Sogecommerce documentation
/// "FullCB"; the same bounds as Computop Paygate manual, "Cetelem FullCB", "About Cetelem FullCB").
pub const FULLCB_MIN: Amount = Amount::from_minor(9_000);
/// See [`FULLCB_MIN`].
pub const FULLCB_MAX: Amount = Amount::from_minor(300_000);

/// FullCB through Lyra (Sogecommerce documentation, "FullCB", "Creating a FullCB payment request"): EUR,
/// 90–3,000 €, one payment (`SINGLE`, `PAYMENT`), automatic validation and immediate capture — Cetelem pays the
/// merchant the whole amount and debits the buyer in 3 or 4 monthly parts.
fn check_fullcb_rules(card: &str, request: &PaymentRequest) -> Result<()> {
    let refuse =
        |field: &str, what: &str| Error::field(ErrorCode::NotAllowed, field, format!("FullCB ({card}) {what}"));
    if request.currency != Currency::EUR {
        return Err(refuse("vads_currency", "accepts EUR (978) only").with_gateway_code("10"));
    }
    if request.amount < FULLCB_MIN || request.amount > FULLCB_MAX {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "vads_amount",
            format!(
                "FullCB ({card}) accepts 90.00 to 3000.00 EUR; the amount is {} EUR",
                request.amount.to_decimal(Currency::EUR)
            ),
        )
        .with_gateway_code("09"));
    }
    if request.capture_delay.is_some_and(|d| d != 0) {
        return Err(
            refuse("vads_capture_delay", "captures immediately: vads_capture_delay must be 0").with_gateway_code("06")
        );
    }
    if request.manual_validation {
        return Err(refuse("vads_validation_mode", "requires automatic validation (vads_validation_mode 0)")
            .with_gateway_code("05"));
    }
    if request.page_action != PageAction::Payment {
        return Err(refuse("vads_page_action", "allows vads_page_action PAYMENT only").with_gateway_code("46"));
    }
    if request.payment_config != PaymentConfig::Single {
        return Err(refuse(
            "vads_payment_config",
            "allows SINGLE only: Cetelem itself splits the payment in 3 or 4 monthly debits",
        )
        .with_gateway_code("07"));
    }
    Ok(())
}

/// The buyer data Cetelem's credit page needs for FullCB (Sogecommerce documentation, "FullCB", "Transmitting
/// buyer details"): name, address, zip, city, country FR, a phone number and an e-mail. Checked once their
/// formats are known to be right.
fn check_fullcb_buyer(card: &str, fields: &Fields) -> Result<()> {
    for name in [
        "vads_cust_first_name",
        "vads_cust_last_name",
        "vads_cust_address",
        "vads_cust_zip",
        "vads_cust_city",
        "vads_cust_country",
        "vads_cust_email",
    ] {
        if fields.get(name).is_none() {
            return Err(Error::field(
                ErrorCode::MissingField,
                name,
                format!(
                    "FullCB ({card}) needs {name}: Cetelem's credit page asks for the buyer's identity and address"
                ),
            ));
        }
    }
    if fields.get("vads_cust_phone").is_none() && fields.get("vads_cust_cell_phone").is_none() {
        return Err(Error::field(
            ErrorCode::MissingField,
            "vads_cust_cell_phone",
            format!("FullCB ({card}) needs the buyer's phone number (vads_cust_cell_phone or vads_cust_phone)"),
        ));
    }
    if fields.get("vads_cust_country") != Some("FR") {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "vads_cust_country",
            format!("FullCB ({card}) is offered to buyers in France (FR) only"),
        )
        .with_gateway_code("22"));
    }
    Ok(())
}

fn check_payment_config(request: &PaymentRequest) -> Result<()> {
    let field = "vads_payment_config";
    let inconsistent = |msg: &str| Error::field(ErrorCode::Inconsistent, field, msg.to_owned()).with_gateway_code("07");
    match &request.payment_config {
        PaymentConfig::Single => Ok(()),
        PaymentConfig::Multi { first, count, period } => {
            if *count < 2 || *period == 0 {
                return Err(inconsistent("MULTI needs count ≥ 2 and period ≥ 1 day"));
            }
            if *first == Amount::ZERO || *first > request.amount {
                return Err(inconsistent("MULTI first must be between 1 and vads_amount"));
            }
            Ok(())
        }
        PaymentConfig::MultiExt(instalments) => {
            if instalments.len() < 2 {
                return Err(inconsistent("MULTI_EXT needs at least 2 instalments"));
            }
            let total = instalments.iter().try_fold(Amount::ZERO, |sum, i| sum.checked_add(i.amount));
            if total != Some(request.amount) {
                return Err(inconsistent("MULTI_EXT amounts must add up to vads_amount exactly"));
            }
            if instalments.windows(2).any(|w| w[1].date <= w[0].date) {
                return Err(inconsistent("MULTI_EXT dates must be strictly increasing"));
            }
            let first = instalments[0].date;
            let last = instalments[instalments.len() - 1].date;
            if last > one_year_after(first) {
                return Err(inconsistent("MULTI_EXT: the last instalment must be at most 12 months after the first"));
            }
            Ok(())
        }
    }
}

/// The same day a year later (28 February for a 29 February).
fn one_year_after(date: time::Date) -> time::Date {
    let next = date.year() + 1;
    date.replace_year(next)
        .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(next)))
        .unwrap_or(time::Date::MAX)
}

fn payment_config_value(config: &PaymentConfig) -> String {
    match config {
        PaymentConfig::Single => "SINGLE".to_owned(),
        PaymentConfig::Multi { first, count, period } => format!("MULTI:first={first};count={count};period={period}"),
        PaymentConfig::MultiExt(instalments) => {
            let parts: Vec<String> = instalments
                .iter()
                .map(|i| format!("{:04}{:02}{:02}={}", i.date.year(), u8::from(i.date.month()), i.date.day(), i.amount))
                .collect();
            format!("MULTI_EXT:{}", parts.join(";"))
        }
    }
}

fn add_cart(out: &mut Fields, request: &PaymentRequest) -> Result<()> {
    if request.cart.is_empty() {
        return Ok(());
    }
    out.put("vads_nb_products", request.cart.len().to_string());
    let mut total = Amount::ZERO;
    for (i, item) in request.cart.iter().enumerate() {
        if item.qty == 0 {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                &format!("vads_product_qty{i}"),
                format!("vads_product_qty{i} must be at least 1"),
            )
            .with_gateway_code("101"));
        }
        let type_field = format!("vads_product_type{i}");
        check_enum(&type_field, &item.product_type, &PRODUCT_TYPES).map_err(|e| e.with_gateway_code("98"))?;
        out.put(&format!("vads_product_label{i}"), item.label.clone());
        out.put(&format!("vads_product_amount{i}"), item.amount.to_string());
        out.put(&type_field, item.product_type.clone());
        out.put(&format!("vads_product_ref{i}"), item.reference.clone());
        out.put(&format!("vads_product_qty{i}"), item.qty.to_string());
        if let Some(ext_id) = &item.ext_id {
            out.put(&format!("vads_product_ext_id{i}"), ext_id.clone());
        }
        let line = item.amount.minor().checked_mul(u64::from(item.qty)).map(Amount::from_minor);
        total = line
            .and_then(|l| total.checked_add(l))
            .ok_or_else(|| Error::field(ErrorCode::InvalidValue, "vads_nb_products", "the cart total is too large"))?;
    }
    for (name, extra) in [("vads_shipping_amount", request.shipping_amount), ("vads_tax_amount", request.tax_amount)] {
        if let Some(extra) = extra {
            out.put(name, extra.to_string());
            total = total.checked_add(extra).unwrap_or(Amount::from_minor(u64::MAX));
        }
    }
    if total != request.amount {
        return Err(Error::field(
            ErrorCode::Inconsistent,
            "vads_amount",
            format!(
                "vads_amount is {} but the cart (amount × qty of each product, plus shipping and tax) adds up to {}",
                request.amount, total
            ),
        )
        .with_gateway_code("09"));
    }
    Ok(())
}

fn add_urls(out: &mut Fields, request: &PaymentRequest) -> Result<()> {
    let urls = &request.urls;
    for (name, url) in [
        ("vads_url_return", &urls.return_url),
        ("vads_url_success", &urls.success),
        ("vads_url_refused", &urls.refused),
        ("vads_url_cancel", &urls.cancel),
        ("vads_url_error", &urls.error),
        ("vads_url_check", &urls.check),
    ] {
        if let Some(url) = url {
            check_url(name, url)?;
            out.put(name, url.clone());
        }
    }
    Ok(())
}

/// A URL the platform will call or send the buyer to: absolute http(s), no spaces.
pub(crate) fn check_url(field: &str, url: &str) -> Result<()> {
    let lower = url.to_ascii_lowercase();
    let host = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match host {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.contains(char::is_whitespace) => Ok(()),
        _ => Err(fields::with_form_error(
            field,
            Error::field(ErrorCode::InvalidFormat, field, format!("{field} must be an absolute http(s) URL")),
        )),
    }
}

fn add_redirect(out: &mut Fields, redirect: &Redirect) -> Result<()> {
    for (name, timeout) in [
        ("vads_redirect_success_timeout", redirect.success_timeout),
        ("vads_redirect_error_timeout", redirect.error_timeout),
    ] {
        if let Some(t) = timeout {
            if t > 300 {
                return Err(Error::field(ErrorCode::InvalidValue, name, format!("{name} is in seconds, 0 to 300")));
            }
            out.put(name, t.to_string());
        }
    }
    out.opt("vads_redirect_success_message", &redirect.success_message);
    out.opt("vads_redirect_error_message", &redirect.error_message);
    Ok(())
}

/// The form's fields while they are being gathered.
#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Fields {
    fn put(&mut self, name: &str, value: String) {
        self.0.insert(name.to_owned(), value);
    }

    fn opt(&mut self, name: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.put(name, v.clone());
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}
