//! The emulated Worldline Sips 2.0 platform: Paypage POST (the sealed `Data`/`Seal` form), Paypage JSON
//! (`paymentInit` server to server, then the buyer's redirection), the payment page, the automatic response to
//! `automaticResponseUrl`, the browser return to `normalReturnUrl`, and the Sips Office JSON calls
//! (`cashManagement` refund/cancel/validate, `diagnostic` getTransactionData). Every seal is computed and checked
//! by cpay-core (`sips::seal`, `sips::paypage_json`, `sips::office`).
//!
//! Routes, as a cpay-core configuration `environment: {"custom": {"url": "http://127.0.0.1:P/sips/paymentInit"}}`,
//! `office_url: "http://127.0.0.1:P/sips/office"` addresses them:
//! - `POST /sips/paymentInit` (also `/sips/paypage`): Paypage POST;
//! - `POST /sips/rs-services/v2/paymentInit`: Paypage JSON;
//! - `POST /sips/redirection`: the buyer's browser posting `redirectionData`;
//! - `GET /sips/paypage/{id}`, `POST /sips/paypage/{id}/outcome`: the payment page;
//! - `POST /sips/office/rs-services/v2/cashManagement/{refund|cancel|validate}`,
//!   `POST /sips/office/rs-services/v2/diagnostic/getTransactionData`: Sips Office.

use crate::checkout::{self, money};
use crate::html::{answer, escape};
use crate::notify::{self, Outgoing};
use crate::store::{Operation, Payment, Refusal};
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use base64::Engine as _;
use cpay_core::sips::request::CETELEM_BRANDS;
use cpay_core::sips::{data, office, paypage_json, response, seal, SealAlgorithm};
use cpay_core::urlencoded::{self, TextEncoding};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The gateway's name in the store and the routes.
pub const GATEWAY: &str = "sips";

/// Why the sandbox sends nothing for a refund made in Sips' back office: the automatic response goes to
/// `automaticResponseUrl` at the end of a payment on Sips Paypage; a refund made in Sips Office Extranet is
/// reported in the operations report (`REFUND`) and in Sips Office Extranet, not to the shop (Worldline Sips
/// documentation, "Refund", summary table "Reporting"; "Sips Paypage POST", "Automatic response").
pub const BACK_OFFICE_REFUND_NOT_NOTIFIED: &str = "Worldline Sips does not notify the shop of a refund made in Sips \
Office Extranet: the automatic response is sent at the end of a payment on Sips Paypage only, and a refund is \
reported in the operations report (REFUND) and in Sips Office Extranet (Worldline Sips documentation, \"Refund\", \
\"Reporting\"). The shop learns of the refund by asking Sips Office getTransactionData (cpay's sips.status). The \
sandbox records nothing.";

/// A request Sips refuses: its `responseCode` (Worldline Sips data dictionary, "responseCode") and why.
#[derive(Debug)]
pub struct SipsError {
    /// `34` bad seal or key version, `03` unknown merchant, `30` format error, `12` invalid request, `94`
    /// duplicate transactionReference.
    pub code: &'static str,
    /// A sentence for the developer.
    pub message: String,
}

fn error(code: &'static str, message: impl Into<String>) -> SipsError {
    SipsError { code, message: message.into() }
}

/// How the request was made (kept with the payment as `__` fields, so that the answer mirrors it).
struct Request {
    /// The Data pairs (for Paypage JSON, the JSON flattened the same way).
    pairs: Vec<(String, String)>,
    interface_version: String,
    algorithm: SealAlgorithm,
    base64: bool,
    json: bool,
}

/// `SealAlgorithm` of a request: `HMAC-SHA-256`, or absent for the older SHA-256 seal (Worldline Sips Paypage
/// POST, "Sécuriser la requête").
fn algorithm(value: Option<&str>) -> Result<SealAlgorithm, SipsError> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(SealAlgorithm::Sha256),
        Some(name) => SealAlgorithm::parse(name).map_err(|_| error("30", "SealAlgorithm must be HMAC-SHA-256")),
    }
}

/// The checks after the seal: the fields every payment request carries, and a transactionReference never used
/// before by the merchant.
fn check_fields(sandbox: &Sandbox, pairs: &[(String, String)]) -> Result<(), SipsError> {
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    let amount = get("amount").ok_or_else(|| error("12", "amount is missing"))?;
    if amount.len() > 12 || !amount.bytes().all(|b| b.is_ascii_digit()) || amount.parse::<u64>().unwrap_or(0) == 0 {
        return Err(error("30", "amount must be a positive amount in minor units"));
    }
    if get("currencyCode") != Some("978") {
        return Err(error("12", "Cetelem payments are in euros: currencyCode must be 978"));
    }
    let return_url = get("normalReturnUrl").ok_or_else(|| error("12", "normalReturnUrl is missing"))?;
    if !(return_url.starts_with("http://") || return_url.starts_with("https://")) {
        return Err(error("30", "normalReturnUrl must be an http(s) URL"));
    }
    let reference = reference_of(pairs).ok_or_else(|| error("12", "transactionReference is missing"))?;
    match get("transactionReference") {
        Some(r) if r.len() > 35 || !r.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            return Err(error("30", "transactionReference must be letters and digits (an..35)"))
        }
        Some(_) => {}
        None => {
            let id = get("s10TransactionReference.s10TransactionId").unwrap_or_default();
            let date = get("s10TransactionReference.s10TransactionIdDate").unwrap_or_default();
            let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
            if !digits(id, 6) || !digits(date, 8) {
                return Err(error("30", "s10TransactionId is six digits and s10TransactionIdDate YYYYMMDD"));
            }
        }
    }
    if let Some(channel) = get("orderChannel") {
        if channel != "INTERNET" {
            return Err(error(
                "12",
                "Cetelem payments are made on the Internet channel: orderChannel must be INTERNET",
            ));
        }
    }
    let merchant = get("merchantId").unwrap_or_default();
    let used = sandbox
        .store
        .payments()
        .map_err(|e| error("99", e))?
        .iter()
        .any(|p| p.gateway == GATEWAY && p.site_id == merchant && p.trans_id == reference);
    if used {
        return Err(error("94", "this transactionReference was already used by the merchant"));
    }
    Ok(())
}

/// `transactionReference`, or for shops migrated from Sips 1.0 the s10 id and date (`s10:YYYYMMDD:id`).
fn reference_of(pairs: &[(String, String)]) -> Option<String> {
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    get("transactionReference").map(str::to_owned).or_else(|| {
        let id = get("s10TransactionReference.s10TransactionId")?;
        let date = get("s10TransactionReference.s10TransactionIdDate").unwrap_or("");
        Some(format!("s10:{date}:{id}"))
    })
}

/// The merchant named in the request, its key version and seal checked.
fn check_merchant<'a>(
    sandbox: &'a Sandbox,
    merchant: Option<&str>,
    key_version: Option<&str>,
) -> Result<&'a crate::config::SipsShop, SipsError> {
    let merchant = merchant.filter(|m| !m.is_empty()).ok_or_else(|| error("12", "merchantId is missing"))?;
    let shop =
        sandbox.config.sips_shop(merchant).ok_or_else(|| error("03", "merchantId names no merchant of the sandbox"))?;
    if key_version != Some(shop.key_version.to_string().as_str()) {
        return Err(error("34", "keyVersion is not the merchant's key version"));
    }
    Ok(shop)
}

/// Check a Paypage POST form (Worldline Sips "Paypage POST": `Data`, `Seal`, `InterfaceVersion`, `Encode`,
/// `SealAlgorithm`).
fn check_post(sandbox: &Sandbox, body: &[u8]) -> Result<Request, SipsError> {
    let form: BTreeMap<String, String> = urlencoded::parse(body, TextEncoding::Utf8)
        .map_err(|e| error("30", e.message().to_string()))?
        .into_iter()
        .collect();
    let get = |k: &str| form.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let posted = get("Data").ok_or_else(|| error("12", "Data is missing"))?;
    let received_seal = get("Seal").ok_or_else(|| error("34", "Seal is missing"))?;
    let interface_version = get("InterfaceVersion").ok_or_else(|| error("12", "InterfaceVersion is missing"))?;
    if !interface_version.starts_with("HP_") {
        return Err(error("30", "InterfaceVersion of Paypage POST is HP_x.y"));
    }
    let algorithm = algorithm(get("SealAlgorithm"))?;
    let text = response::decode(posted, get("Encode")).map_err(|e| error("30", e.message().to_string()))?;
    let pairs = data::parse(&text).map_err(|e| error("30", e.message().to_string()))?;
    let value = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let shop = check_merchant(sandbox, value("merchantId"), value("keyVersion"))?;
    // The seal covers the Data text as posted (base64 text included).
    match seal::verify(posted.as_bytes(), received_seal, &shop.key(), algorithm) {
        Ok(true) => {}
        _ => return Err(error("34", "the Seal does not match the Data and the merchant's secret key")),
    }
    check_fields(sandbox, &pairs)?;
    Ok(Request {
        pairs,
        interface_version: interface_version.to_string(),
        algorithm,
        base64: get("Encode").is_some(),
        json: false,
    })
}

/// Check a Paypage JSON `paymentInit` request (Worldline Sips "Sips Paypage JSON": the JSON seal over the values
/// in the order of the field names).
/// A refused Paypage JSON request, with the merchant when it is known (to seal the answer).
type JsonRefusal = (SipsError, Option<String>);

fn check_json(sandbox: &Sandbox, body: &[u8]) -> Result<Request, JsonRefusal> {
    let object = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(o)) => o,
        _ => return Err((error("30", "the request is not a JSON object"), None)),
    };
    let text = |k: &str| {
        object.get(k).and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.as_u64().map(|n| n.to_string())))
    };
    let merchant = text("merchantId");
    let shop = check_merchant(sandbox, merchant.as_deref(), text("keyVersion").as_deref()).map_err(|e| {
        let merchant = merchant.clone().filter(|m| sandbox.config.sips_shop(m).is_some());
        (e, merchant)
    })?;
    let known = Some(shop.merchant_id.clone());
    let interface_version = text("interfaceVersion")
        .filter(|v| v.starts_with("IR_WS_"))
        .ok_or_else(|| (error("30", "interfaceVersion of Paypage JSON is IR_WS_x.y"), known.clone()))?;
    let algorithm = algorithm(text("sealAlgorithm").as_deref()).map_err(|e| (e, known.clone()))?;
    let received = text("seal").unwrap_or_default();
    let expected = seal::seal(paypage_json::seal_string(&object).as_bytes(), &shop.key(), algorithm)
        .map_err(|e| (error("99", e.message().to_string()), known.clone()))?;
    if received.is_empty() || !expected.eq_ignore_ascii_case(&received) {
        return Err((error("34", "the seal does not match the request and the merchant's secret key"), known));
    }
    let mut rest = object;
    for unsealed in ["seal", "sealAlgorithm", "interfaceVersion"] {
        rest.remove(unsealed);
    }
    let pairs = data::flatten(&rest).map_err(|e| (error("30", e.message().to_string()), known.clone()))?;
    check_fields(sandbox, &pairs).map_err(|e| (e, known.clone()))?;
    Ok(Request { pairs, interface_version, algorithm, base64: false, json: true })
}

/// Record the payment a valid request opens.
fn create(sandbox: &Sandbox, request: Request) -> Result<Payment, String> {
    let reference = reference_of(&request.pairs).unwrap_or_default();
    let mut fields: BTreeMap<String, String> = request.pairs.into_iter().collect();
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let (site_id, order_id, amount, currency) = (get("merchantId"), get("orderId"), get("amount"), get("currencyCode"));
    fields.insert("__interfaceVersion".into(), request.interface_version);
    fields.insert(
        "__sealAlgorithm".into(),
        if request.algorithm == SealAlgorithm::HmacSha256 { "HMAC-SHA-256" } else { "" }.into(),
    );
    if request.base64 {
        fields.insert("__encode".into(), "base64".into());
    }
    if request.json {
        fields.insert("__json".into(), "1".into());
    }
    let mut payment = Payment::new(GATEWAY, site_id, order_id, reference, amount, currency, fields);
    sandbox.store.insert_payment(&mut payment)?;
    Ok(payment)
}

fn error_page(error: &SipsError) -> Response {
    let body = format!(
        "<h1>Erreur Sips</h1>\n<p class=\"sips-error\" data-response-code=\"{code}\">responseCode : <strong>{code}</strong></p>\n\
         <p>{message}</p>\n<p>La transaction n'est pas créée et aucune réponse automatique n'est envoyée.</p>",
        code = error.code,
        message = escape(&error.message),
    );
    answer(StatusCode::BAD_REQUEST, "Erreur Sips", &body)
}

/// `POST /sips/paymentInit` (and `/sips/paypage`): Paypage POST. A valid form opens the payment page; any other
/// gets Sips' error page and nothing is recorded or sent. A JSON body is taken as Paypage JSON.
pub async fn paypage_post(State(sandbox): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    if json {
        return payment_init_json(State(sandbox), headers, body).await;
    }
    let request = match check_post(&sandbox, &body) {
        Ok(r) => r,
        Err(e) => return error_page(&e),
    };
    match create(&sandbox, request) {
        Ok(payment) => Redirect::to(&format!("/sips/paypage/{}", payment.uuid)).into_response(),
        Err(e) => checkout::server_error(e),
    }
}

/// A sealed Paypage JSON answer (unsealed when the merchant is unknown: there is no key to seal with).
fn json_answer(
    sandbox: &Sandbox,
    merchant: Option<&str>,
    algorithm: SealAlgorithm,
    mut object: Map<String, Value>,
) -> Response {
    if let Some(shop) = merchant.and_then(|m| sandbox.config.sips_shop(m)) {
        if let Ok(sealed) = seal::seal(paypage_json::seal_string(&object).as_bytes(), &shop.key(), algorithm) {
            object.insert("seal".into(), Value::String(sealed));
        }
    }
    Json(Value::Object(object)).into_response()
}

/// `POST /sips/rs-services/v2/paymentInit`: Paypage JSON. The answer carries `redirectionStatusCode` `00`, the
/// `redirectionUrl` of the sandbox's page and the `redirectionData` the browser posts there; or the refusal's
/// code (`34` bad seal, `03` unknown merchant, `30`/`12` bad fields, `94` duplicate reference).
pub async fn payment_init_json(State(sandbox): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let requested = serde_json::from_slice::<Value>(&body).ok();
    let requested_algorithm = requested
        .as_ref()
        .and_then(|v| v.get("sealAlgorithm"))
        .and_then(Value::as_str)
        .and_then(|a| SealAlgorithm::parse(a).ok())
        .unwrap_or(SealAlgorithm::Sha256);
    let refusal = |e: SipsError, merchant: Option<String>| {
        let mut object = Map::new();
        object.insert("redirectionStatusCode".into(), Value::String(e.code.into()));
        object.insert("redirectionStatusMessage".into(), Value::String(e.message));
        json_answer(&sandbox, merchant.as_deref(), requested_algorithm, object)
    };
    let request = match check_json(&sandbox, &body) {
        Ok(r) => r,
        Err((e, merchant)) => return refusal(e, merchant),
    };
    let algorithm = request.algorithm;
    let payment = match create(&sandbox, request) {
        Ok(p) => p,
        Err(e) => return refusal(error("99", e), None),
    };
    let mut object = Map::new();
    let text = |s: &str| Value::String(s.to_owned());
    object.insert("redirectionData".into(), text(&payment.uuid));
    object.insert("redirectionStatusCode".into(), text("00"));
    object.insert("redirectionStatusMessage".into(), text("Transaction initialized"));
    object.insert("redirectionUrl".into(), text(&format!("{}/sips/redirection", checkout::base_url(&headers))));
    object.insert("redirectionVersion".into(), text("IR_WS_2.0"));
    json_answer(&sandbox, Some(&payment.site_id), algorithm, object)
}

/// `POST /sips/redirection` (`redirectionData`, `redirectionVersion`): the buyer's browser arriving from a
/// Paypage JSON initialisation goes to the payment page.
pub async fn redirection(State(sandbox): State<Shared>, body: Bytes) -> Response {
    let token = checkout::posted_fields(&body).get("redirectionData").cloned().unwrap_or_default();
    match sandbox.store.payment(&token) {
        Ok(Some(p)) if p.gateway == GATEWAY && p.fields.contains_key("__json") => {
            Redirect::to(&format!("/sips/paypage/{}", p.uuid)).into_response()
        }
        Ok(_) => error_page(&error("12", "redirectionData names no payment being initialised")),
        Err(e) => checkout::server_error(e),
    }
}

/// The means of payment offered: `paymentMeanBrandList`, or Cpay (no brand named) when absent.
fn brands(payment: &Payment) -> Vec<String> {
    match payment.fields.get("paymentMeanBrandList") {
        Some(list) if !list.is_empty() => list.split(',').map(str::to_owned).collect(),
        _ => vec![String::new()],
    }
}

fn brand_label(brand: &str) -> String {
    match brand {
        "CETELEM_3X" => "Cetelem 3X CB".into(),
        "CETELEM_4X" => "Cetelem 4X CB".into(),
        "" => "Cpay (Cetelem)".into(),
        other => format!("Cpay (Cetelem) — {other}"),
    }
}

/// `GET /sips/paypage/{id}`: the order, the Cetelem means of payment (3X/4X with their schedule), the buttons.
pub async fn payment_page(State(sandbox): State<Shared>, Path(uuid): Path<String>) -> Response {
    let payment = match checkout::payment_of(&sandbox, GATEWAY, &uuid) {
        Ok(p) => p,
        Err(page) => return page,
    };
    let buyer = format!(
        "{} {} {}",
        payment.field("customerContact.firstname"),
        payment.field("customerContact.lastname"),
        payment.field("customerContact.email")
    );
    let mut methods = String::new();
    for (i, brand) in brands(&payment).iter().enumerate() {
        let count = match brand.as_str() {
            "CETELEM_3X" => 3,
            "CETELEM_4X" => 4,
            _ => 0,
        };
        let schedule = if count > 0 { checkout::schedule_table(count, &payment.amount, brand) } else { String::new() };
        methods.push_str(&checkout::radio("brand", brand, &brand_label(brand), i == 0));
        methods.push_str(&schedule);
    }
    let action = checkout::outcome_form(
        &payment.status,
        &format!("/sips/paypage/{}/outcome", payment.uuid),
        &format!("<fieldset><legend>Moyen de paiement</legend>\n{methods}</fieldset>\n"),
    );
    let rows = format!(
        "<tr><th>Commerçant</th><td id=\"merchant-id\">{}</td></tr>\n{}<tr><th>transactionReference</th><td>{}</td></tr>\n",
        escape(&payment.site_id),
        checkout::summary_rows(&money(&payment.amount, &payment.currency), &payment.order_id, &buyer),
        escape(&payment.trans_id),
    );
    checkout::payment_page("Paiement Sips", "Sips Paypage", &rows, &action)
}

/// `responseCode` of an outcome (Worldline Sips data dictionary, "responseCode").
fn response_code(outcome: &str) -> &'static str {
    match outcome {
        "accepted" => "00",
        "refused" => "05",
        "cancelled" => "17",
        _ => "60",
    }
}

fn validation(payment: &Payment) -> bool {
    payment.field("captureMode") == "VALIDATION"
}

/// The response fields (`Data`, `Seal`, `InterfaceVersion`, `Encode`, `SealAlgorithm`) of a payment in
/// `outcome`, sealed with the merchant's key through cpay-core.
pub fn response_fields(sandbox: &Sandbox, payment: &Payment, outcome: &str) -> Result<Vec<(String, String)>, String> {
    let shop = sandbox.config.sips_shop(&payment.site_id).ok_or("the payment's merchant is gone")?;
    let f = |k: &str| payment.fields.get(k).filter(|v| !v.is_empty()).cloned();
    let now = time::OffsetDateTime::now_utc();
    let capture_day: i64 = f("captureDay").and_then(|d| d.parse().ok()).unwrap_or(0);
    let limit = now.date() + time::Duration::days(capture_day);
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| pairs.push((k.to_string(), v));
    put("amount", payment.amount.clone());
    if outcome == "accepted" {
        put("authorisationId", checkout::digits(6));
        put("acquirerResponseCode", "00".into());
    } else if outcome == "refused" {
        put("acquirerResponseCode", "05".into());
    }
    put("captureDay", capture_day.to_string());
    put("captureLimitDate", format!("{:04}{:02}{:02}", limit.year(), u8::from(limit.month()), limit.day()));
    put("captureMode", f("captureMode").unwrap_or_else(|| "AUTHOR_CAPTURE".into()));
    put("currencyCode", payment.currency.clone());
    if let Some(language) = f("customerLanguage") {
        put("customerLanguage", language);
    }
    put("keyVersion", shop.key_version.to_string());
    put("merchantId", payment.site_id.clone());
    put("orderChannel", f("orderChannel").unwrap_or_else(|| "INTERNET".into()));
    if let Some(order) = f("orderId") {
        put("orderId", order);
    }
    if let Some(brand) = f("__brand") {
        put("paymentMeanBrand", brand.clone());
        put("paymentMeanType", if CETELEM_BRANDS.contains(&brand.as_str()) { "ONLINE_CREDIT" } else { "CARD" }.into());
    }
    put("paymentPattern", "ONE_SHOT".into());
    put("responseCode", response_code(outcome).into());
    if let Some(context) = f("returnContext") {
        put("returnContext", context);
    }
    let date_time = now.format(&time::format_description::well_known::Rfc3339).map_err(|e| e.to_string())?;
    put("transactionDateTime", date_time);
    match f("transactionReference") {
        Some(reference) => put("transactionReference", reference),
        None => {
            // Sips writes the s10 id without its leading zeros in responses.
            let id = f("s10TransactionReference.s10TransactionId").unwrap_or_default();
            put("s10TransactionReference.s10TransactionId", id.trim_start_matches('0').to_string());
            put(
                "s10TransactionReference.s10TransactionIdDate",
                f("s10TransactionReference.s10TransactionIdDate").unwrap_or_default(),
            );
        }
    }
    let text = data::join(&pairs);
    let base64 = f("__encode").is_some();
    let posted = if base64 { base64::engine::general_purpose::STANDARD.encode(text.as_bytes()) } else { text };
    let algorithm = if f("__sealAlgorithm").is_some() { SealAlgorithm::HmacSha256 } else { SealAlgorithm::Sha256 };
    let sealed = seal::seal(posted.as_bytes(), &shop.key(), algorithm).map_err(|e| e.message().to_string())?;
    let interface = match f("__json") {
        Some(_) => cpay_core::sips::config::DEFAULT_INTERFACE_VERSION.to_string(),
        None => f("__interfaceVersion").unwrap_or_else(|| cpay_core::sips::config::DEFAULT_INTERFACE_VERSION.into()),
    };
    let mut out =
        vec![("Data".to_string(), posted), ("Seal".to_string(), sealed), ("InterfaceVersion".to_string(), interface)];
    if base64 {
        out.push(("Encode".into(), "base64".into()));
    }
    if let Some(name) = algorithm.field_value() {
        out.push(("SealAlgorithm".into(), name.into()));
    }
    Ok(out)
}

/// Apply an outcome: the state, the ledger (an accepted `AUTHOR_CAPTURE` payment is captured), the automatic
/// response to `automaticResponseUrl` (sent before the buyer is sent back, as Sips does).
pub async fn apply_outcome(
    sandbox: &Shared,
    uuid: &str,
    outcome: &str,
    brand: Option<&str>,
) -> Result<Payment, String> {
    let mut payment = sandbox.store.decide(uuid, outcome, |p| !validation(p))?;
    let offered = brands(&payment);
    let brand =
        brand.filter(|b| offered.iter().any(|o| o == b)).map(str::to_owned).unwrap_or_else(|| offered[0].clone());
    if !brand.is_empty() {
        sandbox.store.set_field(uuid, "__brand", &brand)?;
        payment.fields.insert("__brand".into(), brand);
    }
    let fields = response_fields(sandbox, &payment, outcome)?;
    let body = urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let url = payment.field("automaticResponseUrl").to_string();
    notify::send(sandbox, &payment, Outgoing::form(url, body, format!("responseCode={}", response_code(outcome))))
        .await;
    Ok(payment)
}

/// `POST /sips/paypage/{id}/outcome` (`outcome`, `brand`): apply the buyer's choice, then the browser posts the
/// response to `normalReturnUrl`.
pub async fn outcome(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let form = checkout::posted_fields(&body);
    let outcome = form.get("outcome").map(String::as_str).unwrap_or_default();
    if let Err(page) = checkout::payment_of(&sandbox, GATEWAY, &uuid) {
        return page;
    }
    let payment = match apply_outcome(&sandbox, &uuid, outcome, form.get("brand").map(String::as_str)).await {
        Ok(p) => p,
        Err(e) => return checkout::conflict(&e),
    };
    let fields = match response_fields(&sandbox, &payment, outcome) {
        Ok(f) => f,
        Err(e) => return checkout::server_error(e),
    };
    checkout::auto_post(payment.field("normalReturnUrl"), fields)
}

// ---------------------------------------------------------------------------------------------------------
// Sips Office (Worldline "Sips Office JSON"): cashManagement and diagnostic.

/// An Office answer: the fields, `seal` over them with the merchant's key (HMAC-SHA-256, cpay-core's
/// `sips::office::seal_text`).
fn office_answer(shop: Option<&crate::config::SipsShop>, fields: Vec<(&str, String)>) -> Response {
    let mut object = Map::new();
    for (k, v) in fields {
        object.insert(k.to_owned(), Value::String(v));
    }
    if let Some(shop) = shop {
        if let Ok(text) = office::seal_text(&object) {
            if let Ok(sealed) = seal::seal(text.as_bytes(), &shop.key(), SealAlgorithm::HmacSha256) {
                object.insert("seal".into(), Value::String(sealed));
            }
        }
    }
    object.sort_keys();
    Json(Value::Object(object)).into_response()
}

/// The Office statuses (data dictionary, `transactionStatus`) of a payment's state.
fn transaction_status(payment: &Payment) -> &'static str {
    match payment.status.as_str() {
        "accepted" if payment.captured == 0 && validation(payment) => "TO_VALIDATE",
        "accepted" => "CAPTURED",
        "refunded" => "CREDITED",
        "cancelled" => "CANCELLED",
        "refused" => "REFUSED",
        "pending" => "AUTHORISATION_REQUESTED",
        _ => "TO_AUTHORIZE",
    }
}

/// `POST /sips/office/rs-services/v2/{cashManagement/refund|cancel|validate, diagnostic/getTransactionData}`.
pub async fn office(
    State(sandbox): State<Shared>,
    Path((service, function)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let object = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(o)) => o,
        _ => return office_answer(None, vec![("responseCode", "30".into())]),
    };
    let text = |k: &str| object.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let Some(shop) = sandbox.config.sips_shop(&text("merchantId")) else {
        return office_answer(None, vec![("responseCode", "03".into())]);
    };
    let refuse = |code: &str| office_answer(Some(shop), vec![("responseCode", code.into())]);
    if text("keyVersion") != shop.key_version.to_string() {
        return refuse("34");
    }
    let sealed = office::seal_text(&object)
        .ok()
        .and_then(|t| seal::verify(t.as_bytes(), &text("seal"), &shop.key(), SealAlgorithm::HmacSha256).ok());
    if sealed != Some(true) {
        return refuse("34");
    }
    let operation = match (service.as_str(), function.as_str()) {
        ("cashManagement", "refund" | "cancel" | "validate") => Some(function.as_str()),
        ("diagnostic", "getTransactionData") => None,
        _ => return refuse("40"),
    };
    let reference = text("transactionReference");
    let found = sandbox.store.payments().map(|all| {
        all.into_iter().find(|p| p.gateway == GATEWAY && p.site_id == shop.merchant_id && p.trans_id == reference)
    });
    let payment = match found {
        Ok(Some(p)) if p.status != "created" => p,
        Ok(_) => return refuse("25"),
        Err(_) => return refuse("99"),
    };
    let mut answer: Vec<(&str, String)> =
        vec![("merchantId", shop.merchant_id.clone()), ("transactionReference", reference.clone())];
    let Some(function) = operation else {
        answer.push(("responseCode", "00".into()));
        answer.push(("transactionStatus", transaction_status(&payment).into()));
        answer.push(("amount", payment.amount.clone()));
        answer.push(("currencyCode", payment.currency.clone()));
        if !payment.order_id.is_empty() {
            answer.push(("orderId", payment.order_id.clone()));
        }
        if let Some(brand) = payment.fields.get("__brand") {
            answer.push(("paymentMeanBrand", brand.clone()));
        }
        return office_answer(Some(shop), answer);
    };
    let amount = text("operationAmount");
    let Ok(minor) = amount.parse::<u64>() else { return refuse("30") };
    if text("currencyCode") != payment.currency {
        return refuse("30");
    }
    let operation = match function {
        "refund" => Operation::Refund(minor),
        // The sandbox's ledger cancels and validates a payment in full.
        "cancel" | "validate" if minor != payment.amount.parse::<u64>().unwrap_or(0) => return refuse("24"),
        "cancel" => Operation::Cancel,
        _ => Operation::Capture,
    };
    let after = match sandbox.store.record_operation(&payment.uuid, operation) {
        Ok(Ok(after)) => after,
        Ok(Err(Refusal::UnknownPayment)) => return refuse("25"),
        Ok(Err(_)) => return refuse("24"),
        Err(_) => return refuse("99"),
    };
    let now =
        time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    answer.push(("responseCode", "00".into()));
    answer.push(("operationAmount", amount));
    answer.push(("currencyCode", payment.currency.clone()));
    answer.push(("operationDateTime", now));
    answer.push(("newStatus", transaction_status(&after).into()));
    office_answer(Some(shop), answer)
}

/// The Sips routes (see the module documentation).
pub fn routes() -> axum::Router<Shared> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/sips/paymentInit", post(paypage_post))
        .route("/sips/paypage", post(paypage_post))
        .route("/sips/rs-services/v2/paymentInit", post(payment_init_json))
        .route("/sips/redirection", post(redirection))
        .route("/sips/paypage/:uuid", get(payment_page))
        .route("/sips/paypage/:uuid/outcome", post(outcome))
        .route("/sips/office/rs-services/v2/:service/:function", post(office))
}
