//! The emulated Computop Paygate for Cetelem 3x/4x (Computop Paygate manual, "Cetelem FullCB", "Payment with
//! Cetelem FullCB via form interface"): the encrypted form to `CetelemFullCB.aspx`, Paygate's checks and error
//! codes, the payment page with the FullCB schedule, the notify to `URLNotify` and the browser's return to
//! `URLSuccess` / `URLFailure`. The request checks are in [`request`], the server pages (`credit.aspx`,
//! `reverse.aspx`, `inquire.aspx`) in [`api`]. Every `Data` and `MAC` is decrypted, encrypted and computed by
//! cpay-core.

pub mod api;
pub mod request;

pub use request::{check_mac, check_request, codes, decode, merchant, PaygateError};

use crate::checkout::{self, money};
use crate::html::{answer, escape};
use crate::ids;
use crate::notify::{self, Outgoing};
use crate::store::Payment;
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cpay_core::computop::plaintext;
use cpay_core::computop::{data, mac, Algorithm, ComputopConfig};
use cpay_core::urlencoded::{self, TextEncoding};
use std::collections::BTreeMap;

/// The gateway's name in the store and the routes.
pub const GATEWAY: &str = "computop";

/// Why the sandbox sends nothing for a refund made in Computop's back office: Paygate sends `URLNotify` for payments
/// made through its forms and answers server-to-server calls in their response; a credit made by hand in Computop
/// Analytics reaches only a Third-Party Notification Service endpoint set up by Computop for a central system,
/// never the shop's `URLNotify` (Computop Paygate documentation, "Third-Party Notification Service (TPNS)",
/// "UrlNotify / Server-Response"; "Computop Analytics" manual: captures and credits made by hand).
pub const BACK_OFFICE_REFUND_NOT_NOTIFIED: &str = "Computop Paygate does not notify the shop of a credit made in \
Computop Analytics: URLNotify is sent for payments made through its forms only (Computop Paygate documentation, \
\"Third-Party Notification Service (TPNS)\", \"UrlNotify / Server-Response\"). The shop learns of the refund by \
asking inquire.aspx (cpay's computop.status: AmountCred). The sandbox records nothing.";

/// Paygate's error page for a request it refuses (nothing is created, nothing is sent).
fn error_page(error: &PaygateError) -> Response {
    let body = format!(
        "<h1>Paygate</h1>\n<p class=\"paygate-error\" data-error-code=\"{code}\">Code : <strong>{code}</strong> — \
         {description}</p>\n<p>Aucune transaction n'a été créée et aucune notification n'est envoyée.</p>",
        code = escape(error.code),
        description = escape(&error.description),
    );
    answer(StatusCode::BAD_REQUEST, "Paygate error", &body)
}

/// `POST|GET /computop/CetelemFullCB.aspx` (`MerchantID`, `Len`, `Data`): check the request; on success create
/// the payment and send the browser to its page.
pub async fn form(State(sandbox): State<Shared>, method: Method, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let raw: Vec<u8> = if method == Method::GET { query.unwrap_or_default().into_bytes() } else { body.to_vec() };
    let (_, config, fields, is_aes) = match decode(&sandbox, &raw) {
        Ok(decoded) => decoded,
        Err(error) => return error_page(&error),
    };
    let amount = match check_request(&config, &fields) {
        Ok(amount) => amount,
        Err(error) => return error_page(&error),
    };
    let get = |name: &str| fields.get(name).unwrap_or_default().to_string();
    // ReqId: "the same ReqId → no new payment" (same manual, request parameters).
    if let Some(req_id) = fields.get("ReqId").filter(|r| !r.is_empty()) {
        if let Ok(payments) = sandbox.store.payments() {
            let same = payments.into_iter().find(|p| {
                p.gateway == GATEWAY
                    && p.site_id == config.merchant_id
                    && p.fields.get("ReqId").map(String::as_str) == Some(req_id)
            });
            if let Some(p) = same {
                return Redirect::to(&format!("/computop/payment/{}", p.uuid)).into_response();
            }
        }
    }
    // Paygate reads names without case: keep the documented spelling of the ones the sandbox reads again.
    let canonical = |name: &str| {
        request::MANDATORY
            .iter()
            .map(|(n, _)| *n)
            .chain(["RefNr", "UserData", "ReqId", "OrderDesc"])
            .find(|n| n.eq_ignore_ascii_case(name))
    };
    let mut stored: BTreeMap<String, String> = fields
        .pairs()
        .iter()
        .map(|(k, v)| (canonical(k).map_or_else(|| k.clone(), str::to_string), v.clone()))
        .collect();
    stored.insert("__method".into(), method.as_str().to_string());
    stored.insert("__cipher".into(), if is_aes { "aes" } else { "blowfish" }.into());
    let mut payment = Payment::new(
        GATEWAY,
        config.merchant_id.clone(),
        fields.get("RefNr").filter(|r| !r.is_empty()).map(str::to_string).unwrap_or_else(|| get("TransID")),
        get("TransID"),
        amount.to_string(),
        "978".into(),
        stored,
    );
    if let Err(e) = sandbox.store.insert_payment(&mut payment) {
        return checkout::server_error(e);
    }
    Redirect::to(&format!("/computop/payment/{}", payment.uuid)).into_response()
}

/// `GET /computop/payment/{payid}`: the order, the buyer, Cetelem 3x/4x and its schedule, one button per outcome.
pub async fn payment_page(State(sandbox): State<Shared>, Path(uuid): Path<String>) -> Response {
    let payment = match checkout::payment_of(&sandbox, GATEWAY, &uuid) {
        Ok(p) => p,
        Err(page) => return page,
    };
    let f = |name: &str| escape(payment.field(name));
    let method = if payment.field("PayType") == "2" { "Cetelem 4xCB" } else { "Cetelem 3xCB" };
    let count = if payment.field("PayType") == "2" { 4 } else { 3 };
    let action = checkout::outcome_form(&payment.status, &format!("/computop/payment/{}/outcome", payment.uuid), "");
    let buyer = format!(
        "{} {} {} {}",
        payment.field("Salutation"),
        payment.field("FirstName"),
        payment.field("LastName"),
        payment.field("Email")
    );
    let summary = format!(
        "{}<tr><th>Adresse</th><td>{street}, {zip} {city}</td></tr>\n<tr><th>Transaction</th><td>{trans} / PayID {uuid}</td></tr>\n",
        checkout::summary_rows(&money(&payment.amount, &payment.currency), &payment.order_id, &buyer),
        street = f("bdStreet"),
        zip = f("bdZip"),
        city = f("bdCity"),
        trans = f("TransID"),
        uuid = escape(&payment.uuid),
    );
    let rest = format!(
        "<h2>Échéancier ({method})</h2>\n{}{action}",
        checkout::schedule_table(count, &payment.amount, &format!("{count}xCB"))
    );
    checkout::payment_page("Paiement Cetelem", &format!("Computop Paygate, {method}"), &summary, &rest)
}

/// Paygate's `Status`, `Code` and `Description` for an outcome (same manual, "Return parameters for URLSuccess,
/// URLFailure and URLNotify with Cetelem FullCB").
fn result_codes(outcome: &str) -> (&'static str, &'static str, &'static str) {
    match outcome {
        "accepted" => ("OK", codes::OK, "success"),
        "pending" => ("AUTHORIZE_REQUEST", codes::OK, "authorisation requested"),
        "refused" => ("FAILED", codes::REFUSED, "financing refused by Cetelem"),
        _ => ("FAILED", codes::CANCELLED, "payment cancelled by the buyer"),
    }
}

/// Encrypt an answer's plaintext for the merchant with cpay-core, in the cipher of its request.
pub fn seal(config: &ComputopConfig, aes: bool, fields: &[(&str, String)]) -> Result<String, String> {
    let text = plaintext::compose(fields).map_err(|e| e.message().to_string())?;
    let encrypted = if aes {
        let key = config.key_for(Algorithm::Aes).map_err(|e| e.message().to_string())?;
        data::encrypt(text.as_bytes(), Algorithm::Aes, key, Some(&ids::random_hex(16)))
    } else {
        data::encrypt_for(config, text.as_bytes(), None)
    }
    .map_err(|e| e.message().to_string())?;
    let len = encrypted.len.to_string();
    Ok(urlencoded::encode([
        ("MerchantID", config.merchant_id.as_str()),
        ("Len", len.as_str()),
        ("Data", encrypted.data.as_str()),
    ]))
}

/// The response MAC `PayID*TransID*mid*Status*Code`, by cpay-core.
pub fn response_mac(
    config: &ComputopConfig,
    pay_id: &str,
    trans_id: &str,
    status: &str,
    code: &str,
) -> Result<String, String> {
    let message = mac::response_message(pay_id, trans_id, &config.merchant_id, status, code);
    mac::mac(message.as_bytes(), &config.mac_key).map_err(|e| e.message().to_string())
}

/// The encrypted `MerchantID`/`Len`/`Data` Paygate sends for a payment in `outcome` (notify and return alike).
pub fn result_body(sandbox: &Sandbox, payment: &Payment, outcome: &str) -> Result<String, String> {
    let (_, config) = merchant(sandbox, &payment.site_id).map_err(|e| e.description)?;
    let (status, code, description) = result_codes(outcome);
    let get = |name: &str| payment.field(name).to_string();
    let mut fields: Vec<(&str, String)> = vec![
        ("mid", config.merchant_id.clone()),
        ("PayID", payment.uuid.clone()),
        ("XID", ids::random_hex(16)),
        ("TransID", payment.trans_id.clone()),
    ];
    if !get("RefNr").is_empty() {
        fields.push(("RefNr", get("RefNr")));
    }
    fields.push(("Status", status.into()));
    fields.push(("Description", description.into()));
    fields.push(("Code", code.into()));
    fields.push(("Amount", payment.amount.clone()));
    fields.push(("Currency", "EUR".into()));
    if outcome == "accepted" {
        fields.push(("TransactionID", payment.uuid[..16].to_string()));
    }
    if !get("UserData").is_empty() {
        fields.push(("UserData", get("UserData")));
    }
    fields.push(("MAC", response_mac(&config, &payment.uuid, &payment.trans_id, status, code)?));
    seal(&config, payment.field("__cipher") == "aes", &fields)
}

/// Apply an outcome: the state, the ledger's capture (FullCB is captured at approval) and the notify to
/// `URLNotify` (awaited; retried in the background while the shop does not answer 2xx).
pub async fn apply_outcome(sandbox: &Shared, uuid: &str, outcome: &str) -> Result<Payment, String> {
    // Cetelem FullCB has no deferred capture (Computop Paygate manual, "Cetelem FullCB"): accepted is captured.
    let payment = sandbox.store.decide(uuid, outcome, |_| true)?;
    let body = result_body(sandbox, &payment, outcome)?;
    let url = payment.field("URLNotify").to_string();
    let label = format!("{} {}", result_codes(outcome).0, result_codes(outcome).1);
    notify::send(sandbox, &payment, Outgoing::form(url, body, label)).await;
    Ok(payment)
}

/// `POST /computop/payment/{payid}/outcome`: apply the buyer's choice, then send the browser back to the shop.
pub async fn outcome(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let form = checkout::posted_fields(&body);
    let outcome = form.get("outcome").map(String::as_str).unwrap_or_default();
    let payment = match apply_outcome(&sandbox, &uuid, outcome).await {
        Ok(p) => p,
        Err(e) => return checkout::conflict(&e),
    };
    browser_return(&sandbox, &payment, outcome)
}

/// The browser's return: `URLSuccess` when `Code` is 00000000, else `URLFailure`, with the same encrypted
/// `Len`/`Data` as the notify — by GET when the shop's request came by GET, by an auto-submitted POST otherwise.
fn browser_return(sandbox: &Sandbox, payment: &Payment, outcome: &str) -> Response {
    let success = result_codes(outcome).1 == codes::OK;
    let url = payment.fields.get(if success { "URLSuccess" } else { "URLFailure" }).cloned().unwrap_or_default();
    let body = match result_body(sandbox, payment, outcome) {
        Ok(b) => b,
        Err(e) => return checkout::server_error(e),
    };
    if payment.field("__method") == "GET" {
        return checkout::found(&format!("{url}?{body}"));
    }
    checkout::auto_post(&url, urlencoded::parse(body.as_bytes(), TextEncoding::Utf8).unwrap_or_default())
}
