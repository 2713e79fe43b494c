//! The emulated Payline (Monext) platform for Cpay: the SOAP web services under `/payline/V4/services/…`
//! (`WebPaymentAPI`: doWebPayment, getWebPaymentDetails; `DirectPaymentAPI`: doCapture, doRefund, doReset;
//! `ExtendedAPI`: getTransactionDetails), HTTP Basic authentication with the merchant id and access key, the
//! web payment page the `redirectURL` leads to, the notification (`notificationURL?notificationType=WEBTRS&token=…`,
//! Payline WebPayment API documentation, "Notification") and the browser return to `returnURL` / `cancelURL`.
//!
//! Requests are read with cpay-core's namespace-aware SOAP reader (`payline::soap::parse`), so the sandbox and
//! the library agree on the envelope; answers carry Payline's result codes (Payline documentation, "Return
//! codes": `00000` approved, `01xxx` bank refusals, `02xxx` Payline codes). A shop points cpay-core at it with
//! `environment: {"custom": "http://127.0.0.1:P/payline/V4/services/"}`.

use crate::checkout::{self, money};
use crate::html::escape;
use crate::http_client::Method;
use crate::notify::{self, Outgoing};
use crate::store::{Operation, Payment, Refusal};
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use cpay_core::payline::request::date_time;
use cpay_core::payline::soap::{self, Element, NS_IMPL, NS_OBJ, SOAP_ENV};
use cpay_core::plan::options::{self, CpayOption};
use cpay_core::secret::constant_time_eq;
use cpay_core::urlencoded;
use std::collections::BTreeMap;

/// The gateway's name in the store and the routes.
pub const GATEWAY: &str = "payline";

/// A result code with Payline's short and long messages (Payline documentation, "Return codes").
type Code = (&'static str, &'static str, &'static str);

const APPROVED: Code = ("00000", "ACCEPTED", "Transaction approved");
const REFUSED: Code = ("01100", "REFUSED", "Transaction refused");
const ON_HOLD: Code = ("02000", "ONHOLD_PARTNER", "Transaction in progress, please wait for payment status.");
const AMOUNT_INVALID: Code = ("02110", "ERROR", "The amount is invalid");
const TRANSACTION_ID_INVALID: Code = ("02301", "ERROR", "Transaction ID is invalid.");
const TRANSACTION_INVALID: Code = ("02302", "ERROR", "Transaction is invalid.");
const CONTRACT_INVALID: Code = ("02303", "ERROR", "Invalid contract number.");
const NO_TRANSACTION: Code = ("02304", "ERROR", "No transaction found for this token");
const FORMAT_INVALID: Code = ("02305", "ERROR", "Invalid field format");
const IN_PROGRESS: Code = ("02306", "INPROGRESS", "Customer has to fill his payment data");
const CANCELLED_BY_BUYER: Code = ("02319", "CANCELLED", "Payment cancelled by Buyer");

/// A SOAP answer body being written, values escaped by cpay-core's `payline::soap::escape`.
#[derive(Default)]
struct Answer(String);

impl Answer {
    fn imp(&mut self, name: &str, value: &str) {
        self.0.push_str(&format!("<impl:{name}>{}</impl:{name}>", soap::escape(value)));
    }

    fn group(&mut self, name: &str, members: &[(&str, &str)]) {
        self.0.push_str(&format!("<impl:{name}>"));
        for (k, v) in members {
            self.0.push_str(&format!("<obj:{k}>{}</obj:{k}>", soap::escape(v)));
        }
        self.0.push_str(&format!("</impl:{name}>"));
    }

    fn result(&mut self, code: Code) {
        self.group("result", &[("code", code.0), ("shortMessage", code.1), ("longMessage", code.2)]);
    }

    fn envelope(self, operation: &str) -> Response {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope xmlns:soapenv=\"{SOAP_ENV}\" xmlns:impl=\"{NS_IMPL}\" \
             xmlns:obj=\"{NS_OBJ}\"><soapenv:Body><impl:{operation}Response>{}</impl:{operation}Response></soapenv:Body>\
             </soapenv:Envelope>",
            self.0
        );
        ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
    }
}

/// A SOAP 1.1 fault (a request that is not a Payline call at all).
fn fault(status: StatusCode, code: &str, text: &str) -> Response {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope xmlns:soapenv=\"{SOAP_ENV}\"><soapenv:Body><soapenv:Fault>\
         <faultcode>soapenv:{code}</faultcode><faultstring>{}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>",
        soap::escape(text)
    );
    (status, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
}

/// Only a result code (an operation Payline refuses).
fn refusal(operation: &str, code: Code) -> Response {
    let mut a = Answer::default();
    a.result(code);
    a.envelope(operation)
}

/// The merchant the HTTP Basic credentials name, when the access key is its own.
fn authenticate<'a>(sandbox: &'a Sandbox, headers: &HeaderMap) -> Option<&'a crate::config::PaylineShop> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, key) = text.split_once(':')?;
    let shop = sandbox.config.payline_shop(user)?;
    constant_time_eq(shop.access_key.as_bytes(), key.as_bytes()).then_some(shop)
}

/// `POST /payline/V4/services/{WebPaymentAPI|DirectPaymentAPI|ExtendedAPI}`: one SOAP call, authenticated.
pub async fn service(
    State(sandbox): State<Shared>,
    Path(service): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(shop) = authenticate(&sandbox, &headers) else {
        // Payline's web services answer a wrong merchant id or access key with HTTP 401.
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Basic realm=\"Payline\"")], "").into_response();
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return fault(StatusCode::BAD_REQUEST, "Client", "the request is not UTF-8");
    };
    let root = match soap::parse(text) {
        Ok(root) if root.ns == SOAP_ENV && root.name == "Envelope" => root,
        Ok(_) => return fault(StatusCode::BAD_REQUEST, "Client", "the request is not a SOAP 1.1 envelope"),
        Err(e) => return fault(StatusCode::BAD_REQUEST, "Client", e.message()),
    };
    let Some(call) = root.child(SOAP_ENV, "Body").and_then(|b| b.children.first()).filter(|c| c.ns == NS_IMPL) else {
        return fault(StatusCode::BAD_REQUEST, "Client", "the SOAP Body holds no Payline request");
    };
    let operation = call.name.strip_suffix("Request").unwrap_or("").to_string();
    let expected_service = match operation.as_str() {
        "doWebPayment" | "getWebPaymentDetails" => "WebPaymentAPI",
        "doCapture" | "doRefund" | "doReset" => "DirectPaymentAPI",
        "getTransactionDetails" => "ExtendedAPI",
        _ => return fault(StatusCode::BAD_REQUEST, "Client", "the sandbox does not emulate this Payline operation"),
    };
    if service != expected_service {
        return fault(StatusCode::BAD_REQUEST, "Client", "this operation belongs to another service");
    }
    let mut fields = BTreeMap::new();
    call.leaves("", &mut fields);
    match operation.as_str() {
        "doWebPayment" => do_web_payment(&sandbox, shop, &headers, call, fields),
        "getWebPaymentDetails" => web_payment_details(&sandbox, shop, &fields),
        "getTransactionDetails" => transaction_details(&sandbox, shop, &fields),
        _ => direct(&sandbox, shop, &operation, &fields).await,
    }
}

/// `doWebPayment` (Payline WebPayment API documentation, "doWebPayment"): checked as Payline checks a Cpay web
/// payment; the token and the `redirectURL` of the sandbox's page.
fn do_web_payment(
    sandbox: &Sandbox,
    shop: &crate::config::PaylineShop,
    headers: &HeaderMap,
    call: &Element,
    mut fields: BTreeMap<String, String>,
) -> Response {
    const OP: &str = "doWebPayment";
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    let contract = get("payment.contractNumber");
    if !shop.contracts.iter().any(|c| c == contract) {
        return refusal(OP, CONTRACT_INVALID);
    }
    let amount = get("payment.amount");
    let positive = |a: &str| {
        !a.is_empty() && a.len() <= 12 && a.bytes().all(|b| b.is_ascii_digit()) && a.parse::<u64>().unwrap_or(0) > 0
    };
    if !positive(amount) || get("order.amount") != amount {
        return refusal(OP, AMOUNT_INVALID);
    }
    let ok = get("payment.currency") == "978"
        && get("order.currency") == "978"
        && ["100", "101"].contains(&get("payment.action"))
        // Cpay offers the cash and deferred modes only (Payline "Cetelem Aurore / Cpay").
        && ["CPT", "DIF"].contains(&get("payment.mode"))
        && !get("order.ref").is_empty()
        && !get("order.date").is_empty()
        && ["returnURL", "cancelURL"].iter().all(|k| get(k).starts_with("http://") || get(k).starts_with("https://"))
        && ["returnURL", "cancelURL", "notificationURL"].iter().all(|k| !get(k).chars().any(|c| c.is_control() || c == ' '));
    if !ok {
        return refusal(OP, FORMAT_INVALID);
    }
    let selected: Vec<&str> = call
        .child(NS_IMPL, "selectedContractList")
        .map(|l| l.children.iter().map(|c| c.text.as_str()).collect())
        .unwrap_or_default();
    if selected.iter().any(|c| !shop.contracts.iter().any(|m| m == c)) {
        return refusal(OP, CONTRACT_INVALID);
    }
    let order_id = get("order.ref").to_string();
    let amount = amount.to_string();
    let transaction_id = checkout::digits(14);
    fields.insert("__transactionId".into(), transaction_id.clone());
    let mut payment =
        Payment::new(GATEWAY, shop.merchant_id.clone(), order_id, transaction_id, amount, "978".into(), fields);
    if let Err(e) = sandbox.store.insert_payment(&mut payment) {
        return fault(StatusCode::INTERNAL_SERVER_ERROR, "Server", &e);
    }
    let mut a = Answer::default();
    a.result(APPROVED);
    a.imp("token", &payment.uuid);
    a.imp("redirectURL", &format!("{}/payline/webpayment/{}", checkout::base_url(headers), payment.uuid));
    a.imp("stepCode", "PAYMENT_METHODS_LIST");
    a.envelope(OP)
}

/// The result of a web payment in its state (the buyer's outcome, kept in `__result`).
fn web_result(payment: &Payment) -> Code {
    match payment.fields.get("__result").map(String::as_str) {
        Some("00000") => APPROVED,
        Some("01100") => REFUSED,
        Some("02319") => CANCELLED_BY_BUYER,
        Some("02000") => ON_HOLD,
        _ => IN_PROGRESS,
    }
}

/// The groups every details answer carries for a payment (WSDL `getWebPaymentDetailsResponse`).
fn write_payment(a: &mut Answer, payment: &Payment, code: Code, action: &str) {
    let f = |k: &str| payment.field(k).to_string();
    let decided = code != IN_PROGRESS;
    if decided {
        a.group(
            "transaction",
            &[
                ("id", &payment.trans_id),
                ("date", &f("__date")),
                ("isDuplicated", "0"),
                ("isPossibleFraud", "0"),
                ("threeDSecure", "N"),
            ],
        );
    }
    a.group(
        "payment",
        &[
            ("amount", &payment.amount),
            ("currency", &payment.currency),
            ("action", action),
            ("mode", &f("payment.mode")),
            ("contractNumber", &f("payment.contractNumber")),
        ],
    );
    if code == APPROVED {
        a.group("authorization", &[("number", &f("__authorization")), ("date", &f("__date"))]);
    }
    if decided {
        a.group("card", &[("type", "AURORE"), ("number", "")]);
    }
    write_order(a, payment);
}

/// The merchant's payment with this token (web payment) or transaction id.
fn find(sandbox: &Sandbox, shop: &crate::config::PaylineShop, by: impl Fn(&Payment) -> bool) -> Option<Payment> {
    sandbox.store.payments().ok()?.into_iter().find(|p| p.gateway == GATEWAY && p.site_id == shop.merchant_id && by(p))
}

/// `getWebPaymentDetails`: the web payment's result by its token (`02306` while the buyer is on the page).
fn web_payment_details(
    sandbox: &Sandbox,
    shop: &crate::config::PaylineShop,
    fields: &BTreeMap<String, String>,
) -> Response {
    const OP: &str = "getWebPaymentDetails";
    let token = fields.get("token").cloned().unwrap_or_default();
    let Some(payment) = find(sandbox, shop, |p| p.uuid == token) else {
        return refusal(OP, NO_TRANSACTION);
    };
    let code = web_result(&payment);
    let mut a = Answer::default();
    a.result(code);
    write_payment(&mut a, &payment, code, payment.field("payment.action"));
    a.envelope(OP)
}

/// `getTransactionDetails`: the transaction as it is now — its last operation (refund `421`, capture `201`,
/// else the payment's action) and that operation's result.
fn transaction_details(
    sandbox: &Sandbox,
    shop: &crate::config::PaylineShop,
    fields: &BTreeMap<String, String>,
) -> Response {
    const OP: &str = "getTransactionDetails";
    let id = fields.get("transactionId").cloned().unwrap_or_default();
    let Some(payment) = find(sandbox, shop, |p| p.trans_id == id && p.status != "created") else {
        // A refund is a transaction of its own, with its own id.
        return match find(sandbox, shop, |p| p.fields.contains_key(&refund_key(&id))) {
            Some(payment) => refund_details(&payment, &id),
            None => refusal(OP, TRANSACTION_ID_INVALID),
        };
    };
    let code = web_result(&payment);
    let action = if payment.refunded > 0 {
        "421".to_string()
    } else if payment.fields.contains_key("__captureDate") {
        "201".to_string()
    } else {
        payment.field("payment.action").to_string()
    };
    let mut a = Answer::default();
    if payment.status == "cancelled" && code == APPROVED {
        // Reset (doReset): the authorisation no longer exists.
        a.result(("02008", "CANCELLED", "Transaction canceled by user"));
    } else {
        a.result(code);
    }
    write_payment(&mut a, &payment, code, &action);
    a.envelope(OP)
}

/// Where a refund transaction is kept: in its payment's fields, `__refund:<transaction id>` = `<amount>|<date>`.
fn refund_key(transaction_id: &str) -> String {
    format!("__refund:{transaction_id}")
}

/// The `order` the shop sent with `doWebPayment` and the contract, as every payment answer repeats them.
fn write_order(a: &mut Answer, payment: &Payment) {
    let f = |k: &str| payment.field(k).to_string();
    a.group(
        "order",
        &[
            ("ref", &payment.order_id),
            ("amount", &f("order.amount")),
            ("currency", &f("order.currency")),
            ("date", &f("order.date")),
        ],
    );
    a.imp("contractNumber", &f("payment.contractNumber"));
}

/// Record a refund transaction (its new 14-digit id) on its payment; the id.
fn record_refund_transaction(sandbox: &Sandbox, payment: &Payment, amount: u64, date: &str) -> Result<String, String> {
    let id = checkout::digits(14);
    sandbox.store.set_field(&payment.uuid, &refund_key(&id), &format!("{amount}|{date}"))?;
    Ok(id)
}

/// `getTransactionDetails` of a refund transaction: `payment.action` 421, the refunded amount, the payment's
/// order and contract.
fn refund_details(payment: &Payment, id: &str) -> Response {
    const OP: &str = "getTransactionDetails";
    let kept = payment.field(&refund_key(id)).to_string();
    let (amount, date) = kept.split_once('|').unwrap_or((kept.as_str(), ""));
    let f = |k: &str| payment.field(k).to_string();
    let mut a = Answer::default();
    a.result(APPROVED);
    a.group("transaction", &[("id", id), ("date", date), ("isDuplicated", "0"), ("isPossibleFraud", "0")]);
    a.group(
        "payment",
        &[
            ("amount", amount),
            ("currency", &payment.currency),
            ("action", "421"),
            ("mode", &f("payment.mode")),
            ("contractNumber", &f("payment.contractNumber")),
        ],
    );
    write_order(&mut a, payment);
    a.envelope(OP)
}

/// `doCapture`, `doRefund`, `doReset` (Payline DirectPayment API), through the sandbox's ledger: a refund above
/// what is captured and not yet refunded is refused with `02110`, an operation on a transaction in the wrong state
/// with `02302`, an unknown transaction with `02301`.
async fn direct(
    sandbox: &Shared,
    shop: &crate::config::PaylineShop,
    operation: &str,
    fields: &BTreeMap<String, String>,
) -> Response {
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    let id = get("transactionID");
    let Some(payment) = find(sandbox, shop, |p| p.trans_id == id && p.status != "created") else {
        return refusal(operation, TRANSACTION_ID_INVALID);
    };
    let ledger = match operation {
        "doReset" => Operation::Cancel,
        _ => {
            if get("payment.contractNumber") != payment.field("payment.contractNumber") {
                return refusal(operation, CONTRACT_INVALID);
            }
            if get("payment.currency") != payment.currency {
                return refusal(operation, FORMAT_INVALID);
            }
            let Ok(amount) = get("payment.amount").parse::<u64>() else { return refusal(operation, AMOUNT_INVALID) };
            match (operation, get("payment.action")) {
                ("doCapture", "201") if amount == payment.amount.parse::<u64>().unwrap_or(0) => Operation::Capture,
                // The sandbox's ledger captures an authorisation in full.
                ("doCapture", "201") => return refusal(operation, AMOUNT_INVALID),
                ("doRefund", "421") => Operation::Refund(amount),
                _ => return refusal(operation, FORMAT_INVALID),
            }
        }
    };
    match sandbox.store.record_operation(&payment.uuid, ledger) {
        Ok(Ok(_)) => {}
        Ok(Err(Refusal::UnknownPayment)) => return refusal(operation, TRANSACTION_ID_INVALID),
        Ok(Err(Refusal::AboveRefundable { .. } | Refusal::ZeroAmount)) => return refusal(operation, AMOUNT_INVALID),
        Ok(Err(_)) => return refusal(operation, TRANSACTION_INVALID),
        Err(e) => return fault(StatusCode::INTERNAL_SERVER_ERROR, "Server", &e),
    }
    let now = date_time(time::OffsetDateTime::now_utc());
    if operation == "doCapture" {
        let _ = sandbox.store.set_field(&payment.uuid, "__captureDate", &now);
    }
    let new_id = match ledger {
        // The refund's own transaction, which getTransactionDetails then answers for.
        Operation::Refund(amount) => match record_refund_transaction(sandbox, &payment, amount, &now) {
            Ok(id) => id,
            Err(e) => return fault(StatusCode::INTERNAL_SERVER_ERROR, "Server", &e),
        },
        _ => checkout::digits(14),
    };
    let mut a = Answer::default();
    a.result(APPROVED);
    a.group("transaction", &[("id", &new_id), ("date", &now), ("isDuplicated", "0"), ("isPossibleFraud", "0")]);
    a.envelope(operation)
}

/// The Cpay options of Payline's Cpay page (Payline page "Cetelem Aurore / Cpay", "Les fonctions disponibles":
/// "Toutes les options de crédit sont disponibles"), posted by their cpay-core names (`cash`, `credit10_free`, …).
fn cpay_options() -> Vec<(CpayOption, String)> {
    options::ALL.iter().map(|&o| (o, o.name().to_string())).collect()
}

/// `GET /payline/webpayment/{token}`: the Cpay page — the order, the Cetelem method with its option (comptant,
/// crédit, crédit en 3, 5, 10 ou 20 mois avec ou sans frais), one button per outcome.
pub async fn payment_page(State(sandbox): State<Shared>, Path(token): Path<String>) -> Response {
    let payment = match checkout::payment_of(&sandbox, GATEWAY, &token) {
        Ok(p) => p,
        Err(page) => return page,
    };
    let f = |k: &str| escape(payment.field(k));
    let buyer = format!(
        "{} {} {}",
        payment.field("buyer.firstName"),
        payment.field("buyer.lastName"),
        payment.field("buyer.email")
    );
    let action = checkout::outcome_form(
        &payment.status,
        &format!("/payline/webpayment/{}/outcome", payment.uuid),
        &checkout::cpay_options("option", &cpay_options(), None),
    );
    let rows = format!(
        "{}<tr><th>Adresse</th><td>{street} {zip} {city}</td></tr>\n\
         <tr><th>Contrat</th><td>{contract} ({mode}, action {action_code})</td></tr>\n",
        checkout::summary_rows(&money(&payment.amount, &payment.currency), &payment.order_id, &buyer),
        street = f("buyer.billingAddress.street1"),
        zip = f("buyer.billingAddress.zipCode"),
        city = f("buyer.billingAddress.cityName"),
        contract = f("payment.contractNumber"),
        mode = f("payment.mode"),
        action_code = f("payment.action"),
    );
    checkout::payment_page("Paiement Cpay", "Payline, paiement Cpay", &rows, &action)
}

/// The notification URL with `notificationType=WEBTRS&token=…` (Payline WebPayment API documentation,
/// "Notification": a GET the shop answers, then it calls getWebPaymentDetails).
pub fn notification_url(payment: &Payment) -> String {
    let url = payment.field("notificationURL");
    if url.is_empty() {
        return String::new();
    }
    let query = urlencoded::encode([("notificationType", "WEBTRS"), ("token", payment.uuid.as_str())]);
    checkout::with_query(url, &query)
}

/// A refund made by the merchant in Payline's administration centre: recorded in the ledger as a transaction of
/// its own (a new transaction id, `payment.action` 421 in its getTransactionDetails), then the notification
/// Payline sends for a transaction created from the administration centre, unasked: a GET to the notification
/// URL with `notificationType=TRS&transactionId=<the refund's id>` (Payline documentation, "Utiliser l'URL de
/// notification", table of `notificationType` values: `TRS`, "Création de transaction à partir du CA",
/// parameter `transactionId`, stopped by calling `getTransactionDetails`). Payline calls the point of sale's
/// notification URL; the sandbox has no point-of-sale settings and calls the payment's `notificationURL`.
pub async fn back_office_refund(
    sandbox: &Shared,
    payment: &Payment,
    amount: Option<u64>,
) -> Result<Result<serde_json::Value, Refusal>, String> {
    let (after, refund) = match sandbox.store.refund(payment, amount)? {
        Ok(done) => done,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let now = date_time(time::OffsetDateTime::now_utc());
    let id = record_refund_transaction(sandbox, &after, refund.amount, &now)?;
    let url = match after.field("notificationURL") {
        "" => String::new(),
        base => {
            let query = urlencoded::encode([("notificationType", "TRS"), ("transactionId", id.as_str())]);
            checkout::with_query(base, &query)
        }
    };
    let outgoing =
        Outgoing { url, method: Method::Get, content_type: "", body: String::new(), label: "TRS 421".to_string() };
    notify::send_unasked(sandbox, &after.uuid, outgoing).await;
    Ok(Ok(serde_json::json!({
        "payment": after,
        "amount": refund.amount,
        "transaction_id": id,
        "reference": id,
    })))
}

/// Apply an outcome: the state, the ledger (action 101 captures), the notification.
pub async fn apply_outcome(
    sandbox: &Shared,
    uuid: &str,
    outcome: &str,
    option: Option<&str>,
) -> Result<Payment, String> {
    // `payment.action` (Payline WebPayment API documentation, "Payment"): 101 authorisation and capture, 100 an
    // authorisation the shop captures later with doCapture.
    sandbox.store.decide(uuid, outcome, |p| p.field("payment.action") == "101")?;
    let code = match outcome {
        "accepted" => APPROVED,
        "refused" => REFUSED,
        "cancelled" => CANCELLED_BY_BUYER,
        _ => ON_HOLD,
    };
    sandbox.store.set_field(uuid, "__result", code.0)?;
    sandbox.store.set_field(uuid, "__date", &date_time(time::OffsetDateTime::now_utc()))?;
    if let Some((_, option)) = checkout::chosen_option(&cpay_options(), None, option, None) {
        sandbox.store.set_field(uuid, "__option", option)?;
    }
    if outcome == "accepted" {
        sandbox.store.set_field(uuid, "__authorization", &checkout::digits(6))?;
    }
    let payment = sandbox.store.payment(uuid)?.ok_or("unknown payment")?;
    let outgoing = Outgoing {
        url: notification_url(&payment),
        method: Method::Get,
        content_type: "",
        body: String::new(),
        label: code.0.to_string(),
    };
    notify::send(sandbox, &payment, outgoing).await;
    Ok(payment)
}

/// `POST /payline/webpayment/{token}/outcome` (`outcome`, `option`): apply the buyer's choice, then send the
/// browser to `returnURL` (or `cancelURL` when cancelled) with `paylinetoken`.
pub async fn outcome(State(sandbox): State<Shared>, Path(token): Path<String>, body: Bytes) -> Response {
    let form = checkout::posted_fields(&body);
    let outcome = form.get("outcome").map(String::as_str).unwrap_or_default();
    if let Err(page) = checkout::payment_of(&sandbox, GATEWAY, &token) {
        return page;
    }
    let payment = match apply_outcome(&sandbox, &token, outcome, form.get("option").map(String::as_str)).await {
        Ok(p) => p,
        Err(e) => return checkout::conflict(&e),
    };
    let key = if outcome == "cancelled" { "cancelURL" } else { "returnURL" };
    let query = urlencoded::encode([("paylinetoken", payment.uuid.as_str())]);
    checkout::see_other(&checkout::with_query(payment.field(key), &query))
}

/// The Payline routes.
pub fn routes() -> axum::Router<Shared> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/payline/V4/services/:service", post(service))
        .route("/payline/webpayment/:token", get(payment_page))
        .route("/payline/webpayment/:token/outcome", post(outcome))
}
