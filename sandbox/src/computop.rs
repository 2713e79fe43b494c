//! The emulated Computop Paygate for Cetelem 3x/4x (Computop Paygate manual, "Cetelem FullCB", "Payment with
//! Cetelem FullCB via form interface"): the encrypted form to `CetelemFullCB.aspx`, Paygate's checks and error
//! codes, the payment page with the FullCB schedule, the notify to `URLNotify` and the browser's return to
//! `URLSuccess` / `URLFailure`. The server APIs (`credit.aspx`, `reverse.aspx`, `inquire.aspx`) are in
//! [`crate::computop_api`]. Every `Data` and `MAC` is decrypted, encrypted and computed by cpay-core.

use crate::config::ComputopShop;
use crate::html::{escape, page};
use crate::ids;
use crate::notify::{self, Outgoing};
use crate::store::Payment;
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cpay_core::computop::plaintext::{self, Fields};
use cpay_core::computop::{aes, data, mac, request, response, Algorithm, ComputopConfig};
use cpay_core::format::FieldFormat;
use cpay_core::urlencoded::{self, TextEncoding};
use cpay_core::{Amount, Currency, ErrorCode};
use std::collections::BTreeMap;

/// The gateway's name in the store and the routes.
pub const GATEWAY: &str = "computop";

/// Paygate's `Code`s the sandbox answers with. Their layout is the manual's ("A4 Error codes": digit 1 the status
/// — 0 OK, 2 error —, digits 2-4 the category — 000 cryptography, 010 parameter missing, 011 format error, 012
/// parameter invalid, 016 value unknown or not allowed —, digits 5-8 the parameter concerned); the parameter
/// digits are the sandbox's own numbering.
pub mod codes {
    /// Success.
    pub const OK: &str = "00000000";
    /// `MerchantID` unknown.
    pub const UNKNOWN_MERCHANT: &str = "20160001";
    /// `Data` cannot be decrypted with the merchant's password (or `Len` does not fit it).
    pub const DECRYPTION: &str = "20000002";
    /// The `MAC` does not match.
    pub const MAC_MISMATCH: &str = "20120003";
    /// A mandatory parameter is missing (the last digits are 0000; the description names it).
    pub const MISSING: &str = "20100000";
    /// A parameter's format is wrong (the description names it).
    pub const FORMAT: &str = "20110000";
    /// `Amount` is outside the merchant's Cetelem FullCB bounds.
    pub const AMOUNT_BOUNDS: &str = "20120100";
    /// `Currency` other than EUR.
    pub const CURRENCY: &str = "20160104";
    /// `PayID` unknown (or not this merchant's).
    pub const UNKNOWN_PAYID: &str = "20160005";
    /// A credit above what is captured and not yet credited.
    pub const CREDIT_ABOVE_CAPTURED: &str = "20120106";
    /// The operation does not fit the payment's state (reversal after a capture, credit of a failed payment…).
    pub const WRONG_STATE: &str = "20120107";
    /// Cetelem refused the financing.
    pub const REFUSED: &str = "21500985";
    /// The buyer cancelled on the payment page.
    pub const CANCELLED: &str = "21500999";
}

/// A request Paygate refuses: its code and description.
#[derive(Debug)]
pub struct PaygateError {
    /// Paygate's `Code`.
    pub code: &'static str,
    /// Paygate's `Description`.
    pub description: String,
}

fn refuse(code: &'static str, description: impl Into<String>) -> PaygateError {
    PaygateError { code, description: description.into() }
}

/// The merchant and its cpay-core configuration.
pub fn merchant(sandbox: &Sandbox, merchant_id: &str) -> Result<(ComputopShop, ComputopConfig), PaygateError> {
    let shop = sandbox
        .config
        .computop_shop(merchant_id)
        .ok_or_else(|| refuse(codes::UNKNOWN_MERCHANT, "MerchantID is missing or unknown"))?
        .clone();
    let config = shop.core_config().map_err(|_| refuse(codes::UNKNOWN_MERCHANT, "the merchant is not usable"))?;
    Ok((shop, config))
}

/// The outer `MerchantID`, then `Data`/`Len` decrypted with its password (cpay-core), as Paygate reads a request.
/// Also says whether `Data` was AES, so that the answers use the same cipher.
pub fn decode(sandbox: &Sandbox, body: &[u8]) -> Result<(ComputopShop, ComputopConfig, Fields, bool), PaygateError> {
    let outer = urlencoded::parse(body, TextEncoding::Latin1)
        .ok()
        .and_then(|pairs| Fields::from_pairs(pairs).ok())
        .ok_or_else(|| refuse(codes::FORMAT, "the request is not form-encoded"))?;
    let merchant_id = outer.get("MerchantID").unwrap_or_default().to_string();
    let (shop, config) = merchant(sandbox, &merchant_id)?;
    let is_aes = outer.get("Data").is_some_and(aes::is_aes);
    let (fields, _) = response::decode_body(&config, body, true).map_err(|e| match e.code() {
        ErrorCode::MissingField => refuse(codes::MISSING, format!("{} is missing", e.field_name().unwrap_or("Data"))),
        _ => refuse(codes::DECRYPTION, "Data cannot be decrypted with the merchant's password (or Len is wrong)"),
    })?;
    if fields.get("MerchantID").is_some_and(|m| m != merchant_id) {
        return Err(refuse(codes::UNKNOWN_MERCHANT, "the MerchantID in Data is not the one beside it"));
    }
    Ok((shop, config, fields, is_aes))
}

/// Check a request MAC, `PayID*TransID*MerchantID*Amount*Currency` (empty `Amount` and `Currency` for an inquiry),
/// with cpay-core.
pub fn check_mac(config: &ComputopConfig, fields: &Fields) -> Result<(), PaygateError> {
    let get = |name: &str| fields.get(name).unwrap_or_default();
    let message =
        format!("{}*{}*{}*{}*{}", get("PayID"), get("TransID"), config.merchant_id, get("Amount"), get("Currency"));
    match mac::verify(message.as_bytes(), get("MAC"), &config.mac_key) {
        Ok(true) => Ok(()),
        _ => Err(refuse(codes::MAC_MISMATCH, "MAC mismatch")),
    }
}

/// The mandatory FullCB parameters with their format (same manual, "Cetelem FullCB", request parameters).
const MANDATORY: [(&str, &str); 21] = [
    ("TransID", "ans..64"),
    ("Amount", "n..10"),
    ("Currency", "a3"),
    ("MAC", "an64"),
    ("URLSuccess", "ans..256"),
    ("URLFailure", "ans..256"),
    ("URLNotify", "ans..256"),
    ("PayType", "n1"),
    ("Salutation", "a..4"),
    ("FirstName", "ans..40"),
    ("LastName", "ans..40"),
    ("Email", "ans..100"),
    ("Phone", "ans..30"),
    ("bdFirstName", "ans..40"),
    ("bdLastName", "ans..40"),
    ("bdStreet", "ans..60"),
    ("bdZip", "n..5"),
    ("bdCity", "ans..40"),
    ("bdCountryCode", "a2"),
    ("sdZip", "n..5"),
    ("sdCountryCode", "a2"),
];

/// Check a decrypted FullCB request the way Paygate does ("Paygate rejects all payment requests with formatting
/// errors"): the MAC, every mandatory parameter and its format, PayType, the currency and the amount bounds.
pub fn check_request(config: &ComputopConfig, fields: &Fields) -> Result<u64, PaygateError> {
    if fields.get("MAC").map_or(true, str::is_empty) {
        return Err(refuse(codes::MISSING, "MAC is missing"));
    }
    check_mac(config, fields)?;
    for (name, format) in MANDATORY {
        let value = fields.get(name).unwrap_or_default();
        if value.is_empty() {
            return Err(refuse(codes::MISSING, format!("{name} is missing")));
        }
        let ok =
            FieldFormat::notation(format).check(name, value).is_ok() && plaintext::check_value(name, value).is_ok();
        if !ok {
            return Err(refuse(codes::FORMAT, format!("{name} has a wrong format ({format})")));
        }
    }
    let get = |name: &str| fields.get(name).unwrap_or_default();
    if !matches!(get("PayType"), "1" | "2") {
        return Err(refuse(codes::FORMAT, "PayType must be 1 (3xCB) or 2 (4xCB)"));
    }
    if !request::SALUTATIONS.contains(&get("Salutation")) {
        return Err(refuse(codes::FORMAT, "Salutation is not allowed"));
    }
    if request::check_phone(get("Phone")).is_err() {
        return Err(refuse(codes::FORMAT, "Phone is not a French number"));
    }
    let ref_nr = fields.get("RefNr").filter(|r| !r.is_empty()).unwrap_or(get("TransID"));
    if FieldFormat::notation("an..30").check("RefNr", ref_nr).is_err() {
        return Err(refuse(codes::FORMAT, "RefNr (TransID when absent) must be an..30"));
    }
    for name in ["URLSuccess", "URLFailure", "URLNotify"] {
        // Paygate calls https on port 443 only; the sandbox also takes a shop on the loopback over http.
        if !cpay_core::http::is_gateway_url(get(name)) || get(name).contains(['?', '#']) {
            return Err(refuse(codes::FORMAT, format!("{name} must be an https URL without query string")));
        }
    }
    if get("Currency") != "EUR" {
        return Err(refuse(codes::CURRENCY, "Cetelem FullCB payments are in EUR"));
    }
    let amount: u64 = get("Amount").parse().map_err(|_| refuse(codes::FORMAT, "Amount has a wrong format"))?;
    if Amount::from_minor(amount) < config.min_amount || Amount::from_minor(amount) > config.max_amount {
        return Err(refuse(
            codes::AMOUNT_BOUNDS,
            format!(
                "Amount outside the Cetelem FullCB bounds ({} to {} EUR)",
                config.min_amount.to_decimal(Currency::EUR),
                config.max_amount.to_decimal(Currency::EUR)
            ),
        ));
    }
    Ok(amount)
}

/// Paygate's error page for a request it refuses (nothing is created, nothing is sent).
fn error_page(error: &PaygateError) -> Response {
    let body = format!(
        "<h1>Paygate</h1>\n<p class=\"paygate-error\" data-error-code=\"{code}\">Code : <strong>{code}</strong> — \
         {description}</p>\n<p>Aucune transaction n'a été créée et aucune notification n'est envoyée.</p>",
        code = escape(error.code),
        description = escape(&error.description),
    );
    (StatusCode::BAD_REQUEST, Html(page("Paygate error", &body))).into_response()
}

fn server_error(message: String) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, Html(page("Sandbox error", &format!("<p>{}</p>", escape(&message)))))
        .into_response()
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
    let mut stored: BTreeMap<String, String> = fields.pairs().iter().cloned().collect();
    stored.insert("__method".into(), method.as_str().to_string());
    stored.insert("__cipher".into(), if is_aes { "aes" } else { "blowfish" }.into());
    let mut payment = Payment {
        uuid: ids::random_hex(16),
        gateway: GATEWAY.into(),
        site_id: config.merchant_id.clone(),
        order_id: fields.get("RefNr").filter(|r| !r.is_empty()).map(str::to_string).unwrap_or_else(|| get("TransID")),
        trans_id: get("TransID"),
        amount: amount.to_string(),
        currency: "978".into(),
        status: "created".into(),
        captured: 0,
        refunded: 0,
        fault: None,
        fault_delay_ms: None,
        fields: stored,
    };
    if let Err(e) = sandbox.store.insert_payment(&mut payment) {
        return server_error(e);
    }
    Redirect::to(&format!("/computop/payment/{}", payment.uuid)).into_response()
}

/// The FullCB schedule of a payment from cpay-core's plan: (date, amount) per instalment from today.
fn schedule(payment: &Payment) -> Vec<(String, String)> {
    let count = if payment.fields.get("PayType").map(String::as_str) == Some("2") { 4 } else { 3 };
    let total = Amount::from_minor(payment.amount.parse().unwrap_or(0));
    let today = time::OffsetDateTime::now_utc().date();
    match cpay_core::plan::schedule::fullcb(count, total, today) {
        Ok(s) => s
            .instalments()
            .iter()
            .map(|i| (i.date.to_string(), format!("{} EUR", i.amount.to_decimal(Currency::EUR))))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The outcomes a payment in `status` may still take.
pub fn outcomes(status: &str) -> &'static [&'static str] {
    match status {
        "created" => &["accepted", "refused", "cancelled", "pending"],
        "pending" => &["accepted", "refused", "cancelled"],
        _ => &[],
    }
}

/// The buttons of a payment page, each with `data-outcome`.
pub fn outcome_buttons(status: &str) -> String {
    outcomes(status)
        .iter()
        .map(|o| {
            let label = match *o {
                "accepted" => "Accepter",
                "refused" => "Refuser",
                "cancelled" => "Annuler",
                _ => "Laisser en attente",
            };
            format!("<button type=\"submit\" name=\"outcome\" value=\"{o}\" data-outcome=\"{o}\">{label}</button>\n")
        })
        .collect()
}

/// `GET /computop/payment/{payid}`: the order, the buyer, Cetelem 3x/4x and its schedule, one button per outcome.
pub async fn payment_page(State(sandbox): State<Shared>, Path(uuid): Path<String>) -> Response {
    let payment = match sandbox.store.payment(&uuid) {
        Ok(Some(p)) if p.gateway == GATEWAY => p,
        Ok(_) => {
            return (StatusCode::NOT_FOUND, Html(page("Paiement inconnu", "<p>Paiement inconnu.</p>"))).into_response()
        }
        Err(e) => return server_error(e),
    };
    let f = |name: &str| escape(payment.fields.get(name).map(String::as_str).unwrap_or(""));
    let method = if f("PayType") == "2" { "Cetelem 4xCB" } else { "Cetelem 3xCB" };
    let instalments = schedule(&payment);
    let rows: String = instalments
        .iter()
        .enumerate()
        .map(|(i, (date, amount))| {
            let what = if i == 0 { "Premier paiement (aujourd'hui)".to_string() } else { format!("Mensualité {}", i) };
            format!(
                "<tr data-instalment=\"{n}\"><td>{what}</td><td>{date}</td><td class=\"amount\">{amount}</td></tr>\n",
                n = i + 1,
                date = escape(date),
                amount = escape(amount)
            )
        })
        .collect();
    let buttons = outcome_buttons(&payment.status);
    let action = if buttons.is_empty() {
        format!("<p id=\"status\" data-status=\"{0}\">Paiement terminé : {0}.</p>", escape(&payment.status))
    } else {
        format!(
            "<form method=\"post\" action=\"/computop/payment/{}/outcome\">\n{buttons}</form>",
            escape(&payment.uuid)
        )
    };
    let total = Amount::from_minor(payment.amount.parse().unwrap_or(0)).to_decimal(Currency::EUR);
    let body = format!(
        "<h1>cpay sandbox — Computop Paygate, {method}</h1>\n<table>\n<tr><th>Montant</th><td id=\"amount\">{total} EUR</td></tr>\n\
         <tr><th>Commande</th><td id=\"order-id\">{order}</td></tr>\n<tr><th>Acheteur</th><td id=\"buyer\">{sal} {first} {last} \
         {email}</td></tr>\n<tr><th>Adresse</th><td>{street}, {zip} {city}</td></tr>\n<tr><th>Transaction</th><td>{trans} / \
         PayID {uuid}</td></tr>\n</table>\n<h2>Échéancier ({method})</h2>\n<table id=\"schedule\">\n{rows}</table>\n{action}\n\
         <p><small>Emulated by cpay sandbox: nothing is charged. <a href=\"/_sandbox/\">admin</a></small></p>",
        order = escape(&payment.order_id),
        sal = f("Salutation"),
        first = f("FirstName"),
        last = f("LastName"),
        email = f("Email"),
        street = f("bdStreet"),
        zip = f("bdZip"),
        city = f("bdCity"),
        trans = f("TransID"),
        uuid = escape(&payment.uuid),
    );
    Html(page("Paiement Cetelem", &body)).into_response()
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
    let get = |name: &str| payment.fields.get(name).cloned().unwrap_or_default();
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
    seal(&config, payment.fields.get("__cipher").map(String::as_str) == Some("aes"), &fields)
}

/// Apply an outcome: the state, the ledger's capture (FullCB is captured at approval) and the notify to
/// `URLNotify` (awaited; retried in the background while the shop does not answer 2xx).
pub async fn apply_outcome(sandbox: &Shared, uuid: &str, outcome: &str) -> Result<Payment, String> {
    if !["accepted", "refused", "cancelled", "pending"].contains(&outcome) {
        return Err(format!("unknown outcome {outcome:?}"));
    }
    let from: &[&str] = if outcome == "pending" { &["created"] } else { &["created", "pending"] };
    if !sandbox.store.transition(uuid, from, outcome)? {
        return Err("the payment is not waiting for this outcome".into());
    }
    if outcome == "accepted" {
        sandbox.store.mark_captured(uuid)?;
    }
    let payment = sandbox.store.payment(uuid)?.ok_or("unknown payment")?;
    let body = result_body(sandbox, &payment, outcome)?;
    let url = payment.fields.get("URLNotify").cloned().unwrap_or_default();
    let label = format!("{} {}", result_codes(outcome).0, result_codes(outcome).1);
    notify::send(sandbox, &payment, Outgoing::form(url, body, label)).await;
    Ok(payment)
}

/// `POST /computop/payment/{payid}/outcome`: apply the buyer's choice, then send the browser back to the shop.
pub async fn outcome(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let form: BTreeMap<String, String> =
        urlencoded::parse(&body, TextEncoding::Utf8).unwrap_or_default().into_iter().collect();
    let outcome = form.get("outcome").map(String::as_str).unwrap_or_default();
    let payment = match apply_outcome(&sandbox, &uuid, outcome).await {
        Ok(p) => p,
        Err(e) => {
            return (StatusCode::CONFLICT, Html(page("Paiement", &format!("<p>{}</p>", escape(&e))))).into_response()
        }
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
        Err(e) => return server_error(e),
    };
    if payment.fields.get("__method").map(String::as_str) == Some("GET") {
        return (StatusCode::FOUND, [(header::LOCATION, format!("{url}?{body}"))]).into_response();
    }
    let inputs: String = urlencoded::parse(body.as_bytes(), TextEncoding::Utf8)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", escape(k), escape(v)))
        .collect();
    let page_body = format!(
        "<form id=\"return\" method=\"post\" action=\"{}\">\n{inputs}<button type=\"submit\">Retour à la boutique</button>\n\
         </form>\n<script>document.getElementById('return').submit()</script>",
        escape(&url)
    );
    Html(page("Retour à la boutique", &page_body)).into_response()
}
