//! The emulated Ogone e-Commerce payment page (Ogone "e-Commerce Advanced" integration guide): the hidden-field
//! form to `orderstandard_utf8.asp` (UTF-8) or `orderstandard.asp` (ISO-8859-1), the SHA-IN check and the
//! platform's pre-payment errors ("Possible errors": `unknown order/0/s`, `unknown order/1/s`, "PSPID not found or
//! not active"), the payment page, the direct feedback ("Direct HTTP server-to-server request") to the URL of the
//! shop's back office, and the browser's return to ACCEPTURL / DECLINEURL / CANCELURL / EXCEPTIONURL, both with
//! the SHA-OUT signed parameters. DirectLink is in [`directlink`]. Every SHASIGN is checked and computed
//! by cpay-core.

pub mod directlink;

use crate::checkout;
use crate::config::OgoneShop;
use crate::html::{answer, escape};
use crate::ids;
use crate::notify::{self, Outgoing};
use crate::store::{Payment, Refusal};
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cpay_core::format::FieldFormat;
use cpay_core::ogone::signature::{self, Charset, Direction};
use cpay_core::urlencoded::{self, TextEncoding};
use cpay_core::{Amount, Currency, Secret};
use std::collections::BTreeMap;

/// The gateway's name in the store and the routes.
pub const GATEWAY: &str = "ogone";

/// A numeric PAYID (the platform's are numbers: DirectLink checks `PAYID` as n..20), ten digits.
pub fn new_pay_id() -> String {
    let hex = ids::random_hex(8);
    let n = u64::from_str_radix(&hex, 16).unwrap_or(0);
    (1_000_000_000 + n % 9_000_000_000).to_string()
}

/// The page of a payment.
pub fn page_path(payment: &Payment) -> String {
    let env = payment.fields.get("__env").map(String::as_str).unwrap_or("test");
    format!("/ogone/ncol/{env}/payment/{}", payment.uuid)
}

/// A form the platform refuses before any payment: its message (shown as the platform shows it).
#[derive(Debug)]
pub struct FormError {
    /// What the platform writes, e.g. `unknown order/1/s`.
    pub message: String,
    /// The sentence for the developer.
    pub detail: String,
}

fn form_error(message: &str, detail: impl Into<String>) -> FormError {
    FormError { message: message.into(), detail: detail.into() }
}

/// The fields by upper-case name (the platform's names are case-insensitive).
pub fn upper(pairs: Vec<(String, String)>) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_ascii_uppercase(), v)).collect()
}

/// Check a received form the way the platform does: the PSPID, then SHA-IN (with cpay-core, in the page's
/// charset), then the order's parameters. The verified fields (upper-case names) and the amount in cents.
pub fn check_form(
    sandbox: &Sandbox,
    body: &[u8],
    charset: Charset,
) -> Result<(BTreeMap<String, String>, u64), FormError> {
    let encoding = if charset == Charset::Utf8 { TextEncoding::Utf8 } else { TextEncoding::Latin1 };
    let pairs = urlencoded::parse(body, encoding)
        .map_err(|_| form_error("unknown order/0/s", "the form is not form-encoded in the page's charset"))?;
    let mut names: Vec<String> = pairs.iter().map(|(k, _)| k.to_ascii_uppercase()).collect();
    names.sort();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err(form_error("unknown order/1/s", "a parameter is sent twice"));
    }
    let fields = upper(pairs);
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let shop = sandbox
        .config
        .ogone_shop(get("PSPID"))
        .ok_or_else(|| form_error("PSPID not found or not active", "no shop of the sandbox has this PSPID"))?;
    if get("SHASIGN").is_empty() {
        return Err(form_error("unknown order/0/s", "SHASIGN is empty but the shop has a SHA-IN passphrase"));
    }
    let passphrase = Secret::new(shop.sha_in.as_bytes().to_vec());
    let signed = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    match signature::verify(signed, get("SHASIGN"), &passphrase, shop.algorithm(), Direction::In, charset) {
        Ok(true) => {}
        _ => {
            return Err(form_error(
                "unknown order/1/s",
                "SHASIGN does not match the parameters and the shop's SHA-IN passphrase",
            ))
        }
    }
    let parameter_error = |name: &str| form_error(&format!("Error: {name}"), format!("{name} is missing or invalid"));
    if get("ORDERID").is_empty() || FieldFormat::notation("ans..30").check("ORDERID", get("ORDERID")).is_err() {
        return Err(parameter_error("ORDERID"));
    }
    let amount: u64 = get("AMOUNT").parse().ok().filter(|a| *a > 0).ok_or_else(|| parameter_error("AMOUNT"))?;
    if Currency::from_alpha(get("CURRENCY")).is_none() {
        return Err(parameter_error("CURRENCY"));
    }
    if !matches!(get("OPERATION"), "" | "RES" | "SAL") {
        return Err(parameter_error("OPERATION"));
    }
    Ok((fields, amount))
}

fn error_page(error: &FormError) -> Response {
    let body = format!(
        "<h1>Ogone e-Commerce</h1>\n<p class=\"ogone-error\" data-error=\"{message}\"><strong>{message}</strong></p>\n\
         <p>{detail}</p>\n<p>Aucune transaction n'a été créée et aucune notification n'est envoyée.</p>",
        message = escape(&error.message),
        detail = escape(&error.detail),
    );
    answer(StatusCode::OK, "An error has occurred", &body)
}

async fn form(sandbox: Shared, env: String, body: Bytes, charset: Charset) -> Response {
    if env != "test" && env != "prod" {
        return answer(StatusCode::NOT_FOUND, "Not found", "<p>Not found.</p>");
    }
    let (mut fields, amount) = match check_form(&sandbox, &body, charset) {
        Ok(checked) => checked,
        Err(error) => return error_page(&error),
    };
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let currency = Currency::from_alpha(&get("CURRENCY")).map(|c| c.numeric().to_string()).unwrap_or_default();
    let (pspid, order_id) = (get("PSPID"), get("ORDERID"));
    fields.insert("__env".into(), env);
    fields.insert("__charset".into(), charset.label().into());
    let mut payment = Payment {
        uuid: new_pay_id(),
        ..Payment::new(GATEWAY, pspid, order_id.clone(), order_id, amount.to_string(), currency, fields)
    };
    if let Err(e) = sandbox.store.insert_payment(&mut payment) {
        return checkout::server_error(e);
    }
    Redirect::to(&page_path(&payment)).into_response()
}

/// `POST /ogone/ncol/{test|prod}/orderstandard_utf8.asp`: the UTF-8 page.
pub async fn form_utf8(State(sandbox): State<Shared>, Path(env): Path<String>, body: Bytes) -> Response {
    form(sandbox, env, body, Charset::Utf8).await
}

/// `POST /ogone/ncol/{test|prod}/orderstandard.asp`: the ISO-8859-1 page (the form is decoded as ISO-8859-1 and
/// SHA-IN hashes ISO-8859-1 bytes).
pub async fn form_latin1(State(sandbox): State<Shared>, Path(env): Path<String>, body: Bytes) -> Response {
    form(sandbox, env, body, Charset::Latin1).await
}

fn currency_of(payment: &Payment) -> Currency {
    payment.currency.parse::<u16>().ok().and_then(Currency::from_numeric).unwrap_or(Currency::EUR)
}

/// `GET /ogone/ncol/{env}/payment/{payid}`: the order, the buyer, the method, the scheduled amounts if any, and
/// one button per outcome.
pub async fn payment_page(State(sandbox): State<Shared>, Path((_env, payid)): Path<(String, String)>) -> Response {
    let payment = match checkout::payment_of(&sandbox, GATEWAY, &payid) {
        Ok(p) => p,
        Err(page) => return page,
    };
    let f = |name: &str| escape(payment.field(name));
    let currency = currency_of(&payment);
    let amount = Amount::from_minor(payment.amount.parse().unwrap_or(0)).to_decimal(currency);
    let method = [f("PM"), f("BRAND")].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" / ");
    let mut schedule = String::new();
    for n in 1..=12 {
        let Some(part) = payment.fields.get(&format!("AMOUNT{n}")) else { break };
        let date = payment.fields.get(&format!("EXECUTIONDATE{n}")).cloned().unwrap_or_else(|| "aujourd'hui".into());
        let part = Amount::from_minor(part.parse().unwrap_or(0)).to_decimal(currency);
        schedule.push_str(&format!(
            "<tr data-instalment=\"{n}\"><td>{}</td><td class=\"amount\">{} {}</td></tr>\n",
            escape(&date),
            escape(&part),
            currency.alpha()
        ));
    }
    if !schedule.is_empty() {
        schedule = format!("<h2>Échéancier</h2>\n<table id=\"schedule\">\n{schedule}</table>\n");
    }
    let action = checkout::outcome_form(&payment.status, &format!("{}/outcome", page_path(&payment)), "");
    let rows = format!(
        "{}<tr><th>Adresse</th><td>{address}, {zip} {town}</td></tr>\n<tr><th>Moyen de paiement</th><td>{method}</td></tr>\n\
         <tr><th>PAYID</th><td>{payid}</td></tr>\n",
        checkout::summary_rows(
            &format!("{amount} {}", currency.alpha()),
            payment.field("ORDERID"),
            &format!("{} {}", payment.field("CN"), payment.field("EMAIL"))
        ),
        address = f("OWNERADDRESS"),
        zip = f("OWNERZIP"),
        town = f("OWNERTOWN"),
        method = if method.is_empty() { "Cetelem".to_string() } else { method },
        payid = escape(&payment.uuid),
    );
    checkout::payment_page("Paiement", "Ogone e-Commerce", &rows, &format!("{schedule}{action}"))
}

/// The `STATUS` and `NCERROR` of an outcome ("Possible statuses"): 9 payment requested (a sale), 5 authorised
/// (`OPERATION=RES`), 51 authorisation waiting, 2 refused, 1 cancelled by the customer.
fn status_of(outcome: &str, operation: &str) -> (&'static str, &'static str) {
    match outcome {
        "accepted" if operation == "RES" => ("5", "0"),
        "accepted" => ("9", "0"),
        "pending" => ("51", "0"),
        "refused" => ("2", "30001001"),
        _ => ("1", "0"),
    }
}

/// The feedback parameters of a payment in `outcome` (the back office's default "Dynamic e-Commerce parameters",
/// plus `COMPLUS` and the `PARAMPLUS` pairs), signed with SHA-OUT in the page's charset by cpay-core.
pub fn feedback_fields(shop: &OgoneShop, payment: &Payment, outcome: &str) -> Result<Vec<(String, String)>, String> {
    let (status, ncerror) = status_of(outcome, payment.field("OPERATION"));
    let reported = Reported { status, ncerror, amount: payment.amount.parse().unwrap_or(0), payid_sub: 0 };
    signed_feedback(shop, payment, &reported)
}

/// What one feedback reports: the payment itself (`PAYIDSUB` 0, its amount), or one maintenance operation on it
/// (its `PAYIDSUB`, the operation's amount).
struct Reported<'a> {
    status: &'a str,
    ncerror: &'a str,
    /// Minor units.
    amount: u64,
    payid_sub: u64,
}

fn signed_feedback(
    shop: &OgoneShop,
    payment: &Payment,
    reported: &Reported<'_>,
) -> Result<Vec<(String, String)>, String> {
    let get = |name: &str| payment.field(name).to_string();
    let (status, ncerror) = (reported.status, reported.ncerror);
    let currency = currency_of(payment);
    let amount = Amount::from_minor(reported.amount).to_decimal(currency);
    let today = time::OffsetDateTime::now_utc().date();
    let trxdate = format!("{:02}/{:02}/{:02}", u8::from(today.month()), today.day(), today.year() % 100);
    let accepted = matches!(status, "5" | "9");
    let mut out: Vec<(String, String)> = vec![
        ("ORDERID".into(), payment.order_id.clone()),
        ("AMOUNT".into(), amount),
        ("CURRENCY".into(), currency.alpha().into()),
        ("PM".into(), if get("PM").is_empty() { "CreditCard".into() } else { get("PM") }),
        ("ACCEPTANCE".into(), if accepted { ids::random_hex(3).to_uppercase() } else { String::new() }),
        ("STATUS".into(), status.into()),
        ("CARDNO".into(), "XXXXXXXXXXXX1111".into()),
        ("ED".into(), "1230".into()),
        ("CN".into(), get("CN")),
        ("TRXDATE".into(), trxdate),
        ("PAYID".into(), payment.uuid.clone()),
        ("PAYIDSUB".into(), reported.payid_sub.to_string()),
        ("NCERROR".into(), ncerror.into()),
        ("BRAND".into(), if get("BRAND").is_empty() { "CB".into() } else { get("BRAND") }),
        ("IP".into(), "127.0.0.1".into()),
    ];
    if !get("COMPLUS").is_empty() {
        out.push(("COMPLUS".into(), get("COMPLUS")));
    }
    // PARAMPLUS: "name=value&…" returned as parameters of their own (not signed: they are not on the SHA-OUT list).
    for (name, value) in urlencoded::parse(get("PARAMPLUS").as_bytes(), TextEncoding::Utf8).unwrap_or_default() {
        let taken = out.iter().any(|(k, _)| k.eq_ignore_ascii_case(&name)) || name.eq_ignore_ascii_case("SHASIGN");
        if !taken && !name.is_empty() {
            out.push((name, value));
        }
    }
    let charset = if get("__charset") == Charset::Latin1.label() { Charset::Latin1 } else { Charset::Utf8 };
    let passphrase = Secret::new(shop.sha_out.as_bytes().to_vec());
    let sign = signature::sign(
        out.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &passphrase,
        shop.algorithm(),
        Direction::Out,
        charset,
    )
    .map_err(|e| e.message().to_string())?;
    out.push(("SHASIGN".into(), sign));
    Ok(out)
}

/// Encode the parameters for the page's charset (ISO-8859-1 percent-encodes Latin-1 bytes).
pub fn encode(payment: &Payment, fields: &[(String, String)]) -> String {
    let latin1 = payment.field("__charset") == Charset::Latin1.label();
    if !latin1 {
        return urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    let mut out = String::new();
    for (k, v) in fields {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&urlencoded::encode_component(k));
        out.push('=');
        for c in v.chars() {
            match u8::try_from(u32::from(c)) {
                Ok(b) if b.is_ascii_alphanumeric() || b"-_.*".contains(&b) => out.push(char::from(b)),
                Ok(b' ') => out.push('+'),
                Ok(b) => out.push_str(&format!("%{b:02X}")),
                Err(_) => out.push_str("%3F"),
            }
        }
    }
    out
}

/// The direct feedback URL: the back office's, with `<PARAMVAR>` replaced by the form's `PARAMVAR`.
fn feedback_url(shop: &OgoneShop, payment: &Payment) -> String {
    let url = shop.feedback_template().replace("<PARAMVAR>", payment.field("PARAMVAR"));
    if url.starts_with("http://") || url.starts_with("https://") {
        url
    } else {
        String::new()
    }
}

/// Apply an outcome: the state, the capture of a sale, and the direct feedback (awaited; retried in the
/// background while the shop does not answer 2xx, as the "online, then deferred" feedback setting does).
pub async fn apply_outcome(sandbox: &Shared, uuid: &str, outcome: &str) -> Result<Payment, String> {
    // `OPERATION=RES` ("e-Commerce Advanced", "OPERATION"): an authorisation only, which the shop captures later
    // through DirectLink maintenance (`SAL`/`SAS`).
    let payment = sandbox.store.decide(uuid, outcome, |p| p.field("OPERATION") != "RES")?;
    let shop = sandbox.config.ogone_shop(&payment.site_id).ok_or("the payment's shop is gone")?.clone();
    let fields = feedback_fields(&shop, &payment, outcome)?;
    let label = format!("STATUS {}", status_of(outcome, payment.field("OPERATION")).0);
    let outgoing = Outgoing::form(feedback_url(&shop, &payment), encode(&payment, &fields), label);
    notify::send(sandbox, &payment, outgoing).await;
    Ok(payment)
}

/// A refund made by the merchant in the Ogone back office: recorded in the ledger, then the status change is fed
/// back to the shop unasked (first attempt awaited, retried like the payment's feedback). Ogone sends it when the
/// back office's "Transaction feedback" has "HTTP request for status changes" set to "for each offline status
/// change" ("e-Commerce Advanced", "Transaction feedback": the post-sale parameters, SHA-OUT signed, to the URL
/// given there). The feedback reports the refund: `STATUS=8` ("Possible statuses": refund; the 3xCB guide,
/// "Refunds", "Response": 8 or 85 both mean the refund is done), its own `PAYIDSUB` (the history level of the
/// operation on the `PAYID`, as DirectLink numbers it), `AMOUNT` the refunded amount. The sandbox's back office
/// has one URL, `feedback_url`, for both requests.
pub async fn back_office_refund(
    sandbox: &Shared,
    payment: &Payment,
    amount: Option<u64>,
) -> Result<Result<serde_json::Value, Refusal>, String> {
    let (after, refund) = match sandbox.store.refund(payment, amount)? {
        Ok(done) => done,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let shop = sandbox.config.ogone_shop(&after.site_id).ok_or("the payment's shop is gone")?;
    let payid_sub =
        sandbox.store.operations(&after.uuid)?.iter().position(|o| o.id == refund.id).unwrap_or(0) as u64 + 1;
    let reported = Reported { status: "8", ncerror: "0", amount: refund.amount, payid_sub };
    let fields = signed_feedback(shop, &after, &reported)?;
    let outgoing = Outgoing::form(feedback_url(shop, &after), encode(&after, &fields), "STATUS 8 (back-office refund)");
    notify::send_unasked(sandbox, &after.uuid, outgoing).await;
    Ok(Ok(serde_json::json!({
        "payment": after,
        "amount": refund.amount,
        "pay_id": after.uuid,
        "payid_sub": payid_sub,
        "reference": format!("{}/{payid_sub}", after.uuid),
    })))
}

/// `POST /ogone/ncol/{env}/payment/{payid}/outcome`: apply the buyer's choice, then redirect the browser.
pub async fn outcome(
    State(sandbox): State<Shared>,
    Path((_env, payid)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let form = checkout::posted_fields(&body);
    let outcome = form.get("outcome").map(String::as_str).unwrap_or_default();
    let payment = match apply_outcome(&sandbox, &payid, outcome).await {
        Ok(p) => p,
        Err(e) => return checkout::conflict(&e),
    };
    browser_return(&sandbox, &payment, outcome)
}

/// The redirection ("Transaction feedback", "Redirection depending on the payment result"): ACCEPTURL for 5, 9 and
/// the waiting 51, DECLINEURL for 2, CANCELURL for 1 (EXCEPTIONURL is for the uncertain 52/92, which the
/// sandbox's buttons do not produce), with the SHA-OUT parameters in the query string.
fn browser_return(sandbox: &Sandbox, payment: &Payment, outcome: &str) -> Response {
    let name = match outcome {
        "accepted" | "pending" => "ACCEPTURL",
        "refused" => "DECLINEURL",
        _ => "CANCELURL",
    };
    let Some(url) = payment.fields.get(name).filter(|u| !u.is_empty()) else {
        let body = format!(
            "<p id=\"status\" data-status=\"{0}\">Paiement terminé : {0}. La boutique n'a pas donné de {1}.</p>",
            escape(outcome),
            name
        );
        return answer(StatusCode::OK, "Paiement terminé", &body);
    };
    let Some(shop) = sandbox.config.ogone_shop(&payment.site_id) else {
        return checkout::server_error("the payment's shop is gone".into());
    };
    let fields = match feedback_fields(shop, payment, outcome) {
        Ok(f) => f,
        Err(e) => return checkout::server_error(e),
    };
    checkout::found(&checkout::with_query(url, &encode(payment, &fields)))
}
