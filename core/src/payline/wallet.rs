//! Payline wallets for Cpay ("Paiement récurrent et via Wallet" in Payline's Cpay page): the buyer's card kept by
//! Payline under a `walletId` the shop chooses, then paid with again without the card form.
//!
//! Sans-IO like the rest of Payline: each call is an [`HttpRequest`] the shop sends, each answer is read here
//! (Payline WebPayment API and DirectPayment API WSDL, `manageWebWallet`, `getWebWallet`,
//! `doImmediateWalletPayment`, `disableWallet`):
//! - [`manage_web_wallet`] opens Payline's wallet page (create or update the card) → token + redirect URL;
//! - [`get_web_wallet`] asks what the page did (after a `WEBWALLET` notification or the buyer's return); its answer
//!   must be about the wallet the shop asked for;
//! - [`immediate_payment`] pays with a wallet (modes CPT and DIF only: NX and REC are not offered for Cpay);
//! - [`disable`] disables wallets; its answer may only list wallets the shop asked to disable.
//!
//! A walletId is `ans..50`. Payline's wallet answers succeed with `00000` or `02500`/`02501` (operation
//! successful, with a warning); anything else is Payline's error (`gateway_error` with its code).

use super::codes;
use super::config::{PaylineConfig, Service};
use super::request::{self, Action, Buyer, Mode};
use super::response::{self, missing, ResultCode, WebPaymentAnswer};
use super::soap::{self, Writer, NS_IMPL, NS_OBJ};
use super::url;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::http::HttpRequest;
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Outcome, Status, ThreeDSecure};
use std::collections::BTreeMap;
use time::{OffsetDateTime, UtcOffset};

/// Most wallets one `disableWallet` call takes (`walletIdList`, maxOccurs 500).
pub const MAX_WALLETS: usize = 500;

fn wallet_id(field: &str, id: &str) -> Result<()> {
    request::text(field, id, FieldFormat::notation("ans..50"))
}

fn contract(number: &str) -> Result<()> {
    request::text("contract_number", number, FieldFormat::notation("ans..50"))
}

/// A wallet page (`manageWebWallet`): Payline shows the buyer a page to store or change the card of `wallet_id`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineWebWallet")]
#[serde(deny_unknown_fields)]
pub struct WebWallet {
    /// The Cpay contract number.
    pub contract_number: String,
    /// The wallet (`buyer.walletId`, ans..50), chosen by the shop, e.g. its customer id.
    pub wallet_id: String,
    /// The buyer (its `wallet_id`, when given, must be `wallet_id`).
    #[serde(default)]
    pub buyer: Option<Buyer>,
    /// `returnURL`.
    pub return_url: String,
    /// `cancelURL`.
    pub cancel_url: String,
    /// `notificationURL` (Payline calls it with `notificationType=WEBWALLET`).
    pub notification_url: String,
    /// Contracts offered on the page (1 to 25); defaults to `contract_number` alone.
    #[serde(default)]
    pub selected_contracts: Option<Vec<String>>,
    /// `languageCode`.
    #[serde(default)]
    pub language_code: Option<String>,
    /// `updatePersonalDetails`: let the buyer change the name and e-mail kept with the wallet.
    #[serde(default)]
    pub update_personal_details: bool,
}

/// `manageWebWallet`: the page that creates or updates a wallet.
pub fn manage_web_wallet(config: &PaylineConfig, wallet: &WebWallet) -> Result<HttpRequest> {
    contract(&wallet.contract_number)?;
    if wallet.buyer.as_ref().is_some_and(|b| b.birth_date.is_some()) {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "buyer.birth_date",
            "buyer.birth_date is for a payment (Cetelem's date-of-birth check), not for a wallet page",
        ));
    }
    wallet_id("wallet_id", &wallet.wallet_id)?;
    let mut buyer = wallet.buyer.clone().unwrap_or_default();
    match buyer.wallet_id.as_deref() {
        Some(id) if id != wallet.wallet_id => {
            return Err(Error::field(
                ErrorCode::Inconsistent,
                "buyer.wallet_id",
                "buyer.wallet_id differs from wallet_id",
            ))
        }
        _ => buyer.wallet_id = Some(wallet.wallet_id.clone()),
    }
    let contracts = wallet.selected_contracts.clone().unwrap_or_else(|| vec![wallet.contract_number.clone()]);
    if contracts.is_empty() || contracts.len() > 25 || !contracts.contains(&wallet.contract_number) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "selected_contracts",
            "selected_contracts must hold 1 to 25 contract numbers, the wallet's contract_number among them",
        ));
    }
    for c in &contracts {
        request::text("selected_contracts", c, FieldFormat::notation("ans..50"))?;
    }
    if let Some(code) = &wallet.language_code {
        request::text("language_code", code, FieldFormat::notation("a..3"))?;
    }
    let return_url = url::normalize("return_url", &wallet.return_url)?;
    let cancel_url = url::normalize("cancel_url", &wallet.cancel_url)?;
    let notification_url = url::normalize("notification_url", &wallet.notification_url)?;
    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.impl_value("contractNumber", &wallet.contract_number);
    w.open("impl", "selectedContractList");
    for c in &contracts {
        w.obj_value("selectedContract", c);
    }
    w.close("impl", "selectedContractList");
    w.impl_value("updatePersonalDetails", if wallet.update_personal_details { "1" } else { "0" });
    // No birth date here (refused above), so the day the buyer's birth date is checked against is unused.
    request::write_buyer(&mut w, &buyer, time::Date::MIN)?;
    if let Some(code) = &wallet.language_code {
        w.impl_value("languageCode", code);
    }
    w.impl_value("returnURL", &return_url);
    w.impl_value("cancelURL", &cancel_url);
    w.impl_value("notificationURL", &notification_url);
    config.request(Service::WebPayment, "manageWebWallet", w)
}

/// Read a `manageWebWallet` answer: store `token`, send the buyer to `redirect_url`.
pub fn manage_answer(body: &str) -> Result<WebPaymentAnswer> {
    response::token_answer(body, "manageWebWallet")
}

/// `getWebWallet` for the token of a wallet page.
pub fn get_web_wallet(config: &PaylineConfig, token: &str) -> Result<HttpRequest> {
    request::check_token("token", token)?;
    let mut w = Writer::new();
    w.impl_value("version", &config.version);
    w.impl_value("token", token);
    config.request(Service::WebPayment, "getWebWallet", w)
}

/// A wallet as Payline describes it (`getWebWallet`). The card number is masked by Payline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineWalletAnswer")]
pub struct WalletAnswer {
    /// The result (`00000`, `02500` or `02501`; other codes are errors).
    #[serde(flatten)]
    pub result: ResultCode,
    /// `wallet.walletId`: checked to be the expected wallet.
    pub wallet_id: String,
    /// `wallet.card.number` (masked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// `wallet.card.type` (`AURORE` for Cpay).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_type: Option<String>,
    /// `wallet.card.expirationDate` (`MMYY`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_expiration: Option<String>,
    /// `wallet.cardStatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_status: Option<String>,
    /// Every leaf of the answer (`wallet.lastName`, …).
    pub fields: BTreeMap<String, String>,
}

fn wallet_success(result: ResultCode, operation: &str) -> Result<ResultCode> {
    if codes::classify(&result.code).0 == Status::Accepted {
        return Ok(result);
    }
    result.require_success(operation)
}

/// Read a `getWebWallet` answer; `wallet.walletId` must be `expected_wallet_id`.
pub fn web_wallet_answer(body: &str, expected_wallet_id: &str) -> Result<WalletAnswer> {
    let response = soap::body_element(body, "getWebWalletResponse")?;
    let result = wallet_success(ResultCode::read(&response)?, "getWebWallet")?;
    let wallet = response.child(NS_IMPL, "wallet").ok_or_else(|| missing("wallet"))?;
    let id = wallet.child_text(NS_OBJ, "walletId").ok_or_else(|| missing("wallet.walletId"))?;
    if id != expected_wallet_id {
        return Err(Error::field(
            ErrorCode::WrongOrder,
            "wallet.walletId",
            "the wallet answer is about another wallet than the one the shop asked for",
        ));
    }
    let card = |name: &str| wallet.child(NS_OBJ, "card").and_then(|c| c.child_text(NS_OBJ, name)).map(str::to_owned);
    let mut fields = BTreeMap::new();
    response.leaves("", &mut fields);
    Ok(WalletAnswer {
        result,
        wallet_id: id.to_owned(),
        card_number: card("number"),
        card_type: card("type"),
        card_expiration: card("expirationDate"),
        card_status: wallet.child_text(NS_OBJ, "cardStatus").map(str::to_owned),
        fields,
    })
}

/// A payment with a wallet (`doImmediateWalletPayment`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineWalletPayment")]
#[serde(deny_unknown_fields)]
pub struct WalletPayment {
    /// The Cpay contract number.
    pub contract_number: String,
    /// The wallet to pay with.
    pub wallet_id: String,
    /// `cardInd`, when the wallet holds several cards.
    #[serde(default)]
    pub card_ind: Option<String>,
    /// Minor units.
    pub amount: Amount,
    /// `EUR` / `978`.
    pub currency: Currency,
    /// The shop's order reference (`order.ref`).
    pub order_ref: String,
    /// When the order was placed (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub order_date: OffsetDateTime,
    /// `CPT` or `DIF` (`NX` and `REC` are refused for Cpay).
    pub mode: Mode,
    /// `100` or `101`.
    pub action: Action,
    /// With `DIF`: `YYYY-MM-DD`, 1 to 7 days after the order.
    #[serde(default)]
    pub differed_action_date: Option<String>,
}

/// `doImmediateWalletPayment` with the Cpay rules of a web payment.
pub fn immediate_payment(config: &PaylineConfig, payment: &WalletPayment) -> Result<HttpRequest> {
    contract(&payment.contract_number)?;
    wallet_id("wallet_id", &payment.wallet_id)?;
    if let Some(ind) = &payment.card_ind {
        request::text("card_ind", ind, FieldFormat::notation("n..4"))?;
    }
    let amount = request::positive(payment.amount, "amount")?;
    let currency = request::euro(payment.currency, "currency")?;
    request::text("order_ref", &payment.order_ref, FieldFormat::notation("ans..50"))?;
    let action = payment.action.code();
    if !matches!(action, 100 | 101) {
        return Err(Error::field(
            ErrorCode::InvalidValue,
            "action",
            "a Cpay wallet payment's action must be 100 (authorisation) or 101 (authorisation and capture)",
        ));
    }
    let order_date = payment.order_date.to_offset(UtcOffset::UTC);
    let differed = request::deferral(payment.mode, payment.differed_action_date.as_deref(), order_date.date())?;
    let date = request::date_time(order_date);
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
    w.open("impl", "order");
    w.obj_value("ref", &payment.order_ref);
    w.obj_value("amount", &amount);
    w.obj_value("currency", &currency);
    w.obj_value("date", &date);
    w.close("impl", "order");
    w.impl_value("walletId", &payment.wallet_id);
    if let Some(ind) = &payment.card_ind {
        w.impl_value("cardInd", ind);
    }
    config.request(Service::DirectPayment, "doImmediateWalletPayment", w)
}

/// Read a `doImmediateWalletPayment` answer as an [`Outcome`] (classified like a web payment's result).
///
/// The answer names no order and no wallet: it is bound to the request by the shop's own authenticated HTTPS
/// call. `order_ref` (the request's) is copied into the outcome for the shop's convenience.
pub fn payment_answer(body: &str, order_ref: Option<&str>) -> Result<Outcome> {
    let response = soap::body_element(body, "doImmediateWalletPaymentResponse")?;
    let result = ResultCode::read(&response)?;
    let (status, meaning) = codes::classify(&result.code);
    let obj = |parent: &str, name: &str| {
        response.child(NS_IMPL, parent).and_then(|p| p.child_text(NS_OBJ, name)).map(str::to_owned)
    };
    let transaction_id = obj("transaction", "id");
    let mut details = BTreeMap::new();
    for (key, value) in [
        ("short_message", result.short_message.clone()),
        ("long_message", result.long_message.clone()),
        ("transaction_date", obj("transaction", "date")),
        ("is_possible_fraud", obj("transaction", "isPossibleFraud")),
        ("authorization_number", obj("authorization", "number")),
    ] {
        if let Some(value) = value {
            details.insert(key.to_owned(), value);
        }
    }
    let mut fields = BTreeMap::new();
    response.leaves("", &mut fields);
    let idempotency_key = match &transaction_id {
        Some(id) => format!("payline:{id}"),
        None => format!("payline:wallet:{}:{}", order_ref.unwrap_or(""), result.code),
    };
    Ok(Outcome {
        gateway: Gateway::Payline,
        operation: crate::outcome::Operation::Payment,
        status,
        order_id: order_ref.map(str::to_owned),
        transaction_id: transaction_id.clone(),
        gateway_reference: transaction_id,
        amount: None,
        currency: None,
        message: format!("{}: {meaning} ({})", result.code, result.describe()),
        code: result.code,
        details,
        card_brand: None,
        three_ds: ThreeDSecure::default(),
        warranty: None,
        server_to_server: true,
        idempotency_key,
        fields: fields.iter().collect(),
        unverified: BTreeMap::new(),
    })
}

/// `disableWallet` for `wallet_ids` (1 to 500).
pub fn disable(
    config: &PaylineConfig,
    contract_number: &str,
    wallet_ids: &[String],
    card_ind: Option<&str>,
) -> Result<HttpRequest> {
    contract(contract_number)?;
    if wallet_ids.is_empty() || wallet_ids.len() > MAX_WALLETS {
        return Err(Error::field(ErrorCode::InvalidValue, "wallet_ids", "wallet_ids must hold 1 to 500 wallets"));
    }
    for id in wallet_ids {
        wallet_id("wallet_ids", id)?;
    }
    if let Some(ind) = card_ind {
        request::text("card_ind", ind, FieldFormat::notation("n..4"))?;
    }
    let mut w = Writer::new();
    w.impl_value("contractNumber", contract_number);
    if let Some(ind) = card_ind {
        w.impl_value("cardInd", ind);
    }
    w.open("impl", "walletIdList");
    for id in wallet_ids {
        w.obj_value("walletId", id);
    }
    w.close("impl", "walletIdList");
    config.request(Service::DirectPayment, "disableWallet", w)
}

/// What `disableWallet` answered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineDisableAnswer")]
pub struct DisableAnswer {
    /// The result (`00000`, `02500` or `02501`; other codes are errors).
    #[serde(flatten)]
    pub result: ResultCode,
    /// `walletIdList` of the answer: each one among the wallets asked for.
    pub wallet_ids: Vec<String>,
}

/// Read a `disableWallet` answer; every wallet it lists must be one of `asked`.
pub fn disable_answer(body: &str, asked: &[String]) -> Result<DisableAnswer> {
    let response = soap::body_element(body, "disableWalletResponse")?;
    let result = wallet_success(ResultCode::read(&response)?, "disableWallet")?;
    let list = response.child(NS_IMPL, "walletIdList").ok_or_else(|| missing("walletIdList"))?;
    let wallet_ids: Vec<String> =
        list.children.iter().filter(|c| c.ns == NS_OBJ && c.name == "walletId").map(|c| c.text.clone()).collect();
    if wallet_ids.iter().any(|id| !asked.contains(id)) {
        return Err(Error::field(
            ErrorCode::WrongOrder,
            "walletIdList",
            "the answer lists a wallet the shop did not ask to disable",
        ));
    }
    Ok(DisableAnswer { result, wallet_ids })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn config() -> PaylineConfig {
        serde_json::from_value(serde_json::json!({
            "merchant_id": "111111111", "environment": "homologation", "access_key": "AFju9XHplQzvamffO72L"
        }))
        .unwrap()
    }

    fn envelope(operation: &str, inner: &str) -> String {
        format!(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><i:{operation}Response \
             xmlns:i=\"{NS_IMPL}\" xmlns:o=\"{NS_OBJ}\"><i:result><o:code>02500</o:code></i:result>{inner}\
             </i:{operation}Response></s:Body></s:Envelope>"
        )
    }

    #[test]
    fn wallet_answers_are_bound_to_the_wallet() {
        let body = envelope("getWebWallet", "<i:wallet><o:walletId>W1</o:walletId></i:wallet>");
        assert_eq!(web_wallet_answer(&body, "W1").unwrap().wallet_id, "W1");
        assert_eq!(web_wallet_answer(&body, "W2").unwrap_err().code(), ErrorCode::WrongOrder);
        let body = envelope("disableWallet", "<i:walletIdList><o:walletId>W1</o:walletId></i:walletIdList>");
        assert_eq!(disable_answer(&body, &["W1".into()]).unwrap().wallet_ids, ["W1"]);
        assert_eq!(disable_answer(&body, &["W2".into()]).unwrap_err().code(), ErrorCode::WrongOrder);
    }

    #[test]
    fn recurring_and_nx_stay_refused() {
        let mut payment: WalletPayment = serde_json::from_value(serde_json::json!({
            "contract_number": "CPAY01", "wallet_id": "W1", "amount": 100, "currency": "EUR", "order_ref": "O1",
            "order_date": "2026-03-12T09:30:00Z", "mode": "CPT", "action": 101
        }))
        .unwrap();
        assert!(immediate_payment(&config(), &payment).is_ok());
        for mode in [Mode::Recurring, Mode::Instalments] {
            payment.mode = mode;
            assert_eq!(immediate_payment(&config(), &payment).unwrap_err().code(), ErrorCode::NotAllowed);
        }
    }

    proptest! {
        #[test]
        fn never_panics(body in ".{0,400}", at in 0usize..400, byte in any::<u8>()) {
            let _ = web_wallet_answer(&body, "W1");
            let _ = disable_answer(&body, &["W1".into()]);
            let _ = payment_answer(&body, None);
            let mut good = envelope("getWebWallet", "<i:wallet><o:walletId>W1</o:walletId></i:wallet>").into_bytes();
            let at = at % good.len();
            good[at] = byte;
            if let Ok(text) = std::str::from_utf8(&good) {
                let _ = web_wallet_answer(text, "W1");
            }
        }
    }
}
