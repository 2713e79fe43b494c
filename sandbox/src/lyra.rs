//! The emulated Lyra payment form (Lyra "Guide d'implémentation API Formulaire"): the form post, the platform's
//! checks and form error codes, the payment page, the IPN to `vads_url_check` and the browser return.

use crate::checkout::{self, money};
use crate::html::{answer, escape};
use crate::ids;
use crate::notify::{self, Outgoing};
use crate::store::Payment;
use crate::{Sandbox, Shared};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cpay_core::lyra::codes::form_error_name;
use cpay_core::lyra::request::{CPAY_CARD, FULLCB_CARDS};
use cpay_core::lyra::{fields as lyra_fields, signature, Mode};
use cpay_core::urlencoded::{self, TextEncoding};
use std::collections::BTreeMap;

/// A form the platform refuses: its form error code (Lyra "Guide d'implémentation API Formulaire", "Gérer les
/// erreurs de formulaire") and what is wrong.
#[derive(Debug)]
pub struct FormError {
    /// The platform's code (`00` SIGNATURE, `02` SITE_ID, …).
    pub code: String,
    /// The field concerned, when there is one.
    pub field: Option<String>,
    /// A sentence for the developer.
    pub message: String,
}

impl FormError {
    fn new(code: &str, field: &str, message: impl Into<String>) -> FormError {
        FormError { code: code.into(), field: Some(field.into()), message: message.into() }
    }
}

/// The fields a payment form must carry, with the form error of each (same guide, "Générer un formulaire de
/// paiement": the mandatory fields).
const REQUIRED: [(&str, &str); 8] = [
    ("vads_version", "01"),
    ("vads_trans_id", "03"),
    ("vads_trans_date", "04"),
    ("vads_payment_config", "07"),
    ("vads_amount", "09"),
    ("vads_currency", "10"),
    ("vads_page_action", "46"),
    ("vads_action_mode", "47"),
];

/// Check a received form the way the platform does; the verified fields.
pub fn check_form(sandbox: &Sandbox, body: &[u8]) -> Result<BTreeMap<String, String>, FormError> {
    if body.is_empty() {
        return Err(FormError { code: "70".into(), field: None, message: "the form is empty".into() });
    }
    let pairs = urlencoded::parse(body, TextEncoding::Utf8).map_err(|e| FormError {
        code: "70".into(),
        field: None,
        message: e.message().to_string(),
    })?;
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let get = |name: &str| fields.get(name).map(String::as_str);

    let site_id = get("vads_site_id").unwrap_or_default();
    let shop = sandbox.config.lyra_shop(site_id).ok_or_else(|| {
        FormError::new("02", "vads_site_id", "vads_site_id is missing or names no shop of the sandbox")
    })?;
    let mode = get("vads_ctx_mode")
        .and_then(Mode::parse)
        .ok_or_else(|| FormError::new("11", "vads_ctx_mode", "vads_ctx_mode must be TEST or PRODUCTION"))?;
    let key = shop.key(mode).ok_or_else(|| {
        FormError::new("11", "vads_ctx_mode", format!("the shop has no {} key in the sandbox", mode.as_str()))
    })?;
    let sig = get("signature").unwrap_or_default();
    let all = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    match signature::verify(all, sig, &key, shop.algorithm()) {
        Ok(true) => {}
        _ => {
            return Err(FormError::new(
                "00",
                "signature",
                "the signature does not match the vads_* fields and the shop's key",
            ))
        }
    }
    for (field, code) in REQUIRED {
        if get(field).map_or(true, str::is_empty) {
            return Err(FormError::new(code, field, format!("{field} is missing")));
        }
    }
    // `vads_payment_option_code` (Sogecommerce guide "Ajouter le bouton de paiement Cpay": the option to preselect,
    // one the contract offers): a code the contract does not have, or not in the field's format, is refused with
    // the Cetelem option's form error, 75 OP_CETELEM ("Gérer les erreurs de formulaire"; the table has no code of
    // its own for this field). Empty: no option.
    if let Some(code) = get(OPTION_FIELD).filter(|c| !c.is_empty()) {
        if !shop.cpay_options().iter().any(|(_, c)| c == code) {
            return Err(FormError::new(
                "75",
                OPTION_FIELD,
                format!("{OPTION_FIELD} {code:?} is not an option of the shop's Cpay contract"),
            ));
        }
    }
    for (name, value) in &fields {
        if name == OPTION_FIELD {
            continue;
        }
        if name.starts_with("vads_") && lyra_fields::is_known(name) {
            if let Err(e) = lyra_fields::check(name, value) {
                let code = e.gateway_code().unwrap_or("70").to_string();
                return Err(FormError { code, field: Some(name.clone()), message: e.message().to_string() });
            }
        }
    }
    let rule = |ok: bool, code: &str, field: &str, message: &str| {
        if ok {
            Ok(())
        } else {
            Err(FormError::new(code, field, message))
        }
    };
    rule(get("vads_version") == Some("V2"), "01", "vads_version", "vads_version must be V2")?;
    rule(get("vads_action_mode") == Some("INTERACTIVE"), "47", "vads_action_mode", "the sandbox emulates INTERACTIVE")?;
    rule(get("vads_page_action") == Some("PAYMENT"), "46", "vads_page_action", "the sandbox emulates PAYMENT")?;
    let payment_config = get("vads_payment_config").unwrap_or_default();
    rule(
        payment_config == "SINGLE" || payment_config.starts_with("MULTI:"),
        "07",
        "vads_payment_config",
        "vads_payment_config must be SINGLE or MULTI:…",
    )?;
    let amount = get("vads_amount").and_then(|a| a.parse::<u64>().ok()).unwrap_or(0);
    rule(amount > 0, "09", "vads_amount", "vads_amount must be a positive amount in cents")?;
    rule(get("vads_currency") == Some("978"), "10", "vads_currency", "Cetelem payments are in euros (978)")?;
    if let Some(mode) = get("vads_return_mode") {
        rule(
            ["NONE", "GET", "POST"].contains(&mode),
            "48",
            "vads_return_mode",
            "vads_return_mode is NONE, GET or POST",
        )?;
    }
    rule(
        cards(&fields).iter().all(|c| *c == CPAY_CARD || FULLCB_CARDS.contains(c)),
        "08",
        "vads_payment_cards",
        "the sandbox emulates the Cetelem methods only (AURORE-MULTI, FULLCB3X, FULLCB4X)",
    )?;
    let trans_id = get("vads_trans_id").unwrap_or_default();
    let used = sandbox.store.trans_id_used(site_id, trans_id, get("vads_trans_date").unwrap_or_default());
    rule(!used.unwrap_or(false), "03", "vads_trans_id", "this vads_trans_id was already used today by this shop")?;
    Ok(fields)
}

/// The field that preselects, then reports, the Cpay option.
const OPTION_FIELD: &str = "vads_payment_option_code";

/// The payment methods offered (`vads_payment_cards`; Cpay when absent).
pub(crate) fn cards(fields: &BTreeMap<String, String>) -> Vec<&str> {
    match fields.get("vads_payment_cards").map(String::as_str) {
        Some(list) if !list.is_empty() => list.split(';').collect(),
        _ => vec![CPAY_CARD],
    }
}

/// The card a decided payment was paid with (the buyer's choice, kept with the payment), else the first offered.
pub(crate) fn card_used(payment: &Payment) -> &str {
    let offered = cards(&payment.fields);
    Some(payment.field("__card")).filter(|c| offered.contains(c)).unwrap_or(offered[0])
}

/// The number of instalments of a Cetelem FullCB card (`FULLCB3X` → 3), `None` for Cpay.
fn fullcb_count(card: &str) -> Option<u32> {
    match card {
        "FULLCB3X" => Some(3),
        "FULLCB4X" => Some(4),
        _ => None,
    }
}

fn card_label(card: &str) -> &'static str {
    match card {
        "FULLCB3X" => "Cetelem 3x CB",
        "FULLCB4X" => "Cetelem 4x CB",
        _ => "Cpay (Cetelem)",
    }
}

fn error_page(error: &FormError) -> Response {
    let name = form_error_name(&error.code).unwrap_or("UNKNOWN");
    let field = error.field.as_deref().map(|f| format!(" ({})", escape(f))).unwrap_or_default();
    let body = format!(
        "<h1>Erreur de formulaire</h1>\n<p class=\"form-error\" data-error-code=\"{code}\">Code d'erreur : \
         <strong>{code}</strong> — {name}{field}</p>\n<p>{message}</p>\n<p>Aucune transaction n'a été créée et aucune \
         notification n'est envoyée.</p>",
        code = escape(&error.code),
        name = escape(name),
        message = escape(&error.message),
    );
    answer(StatusCode::BAD_REQUEST, "Erreur de formulaire", &body)
}

/// The gateway's name in the store and the routes.
pub const GATEWAY: &str = "lyra";

/// `POST /lyra/vads-payment/`: check the form; on success create the payment and send the browser to its page.
pub async fn form_post(State(sandbox): State<Shared>, body: Bytes) -> Response {
    let fields = match check_form(&sandbox, &body) {
        Ok(fields) => fields,
        Err(error) => return error_page(&error),
    };
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let mut payment = Payment::new(
        GATEWAY,
        get("vads_site_id"),
        get("vads_order_id"),
        get("vads_trans_id"),
        get("vads_amount"),
        get("vads_currency"),
        fields,
    );
    if let Err(e) = sandbox.store.insert_payment(&mut payment) {
        return checkout::server_error(e);
    }
    Redirect::to(&format!("/lyra/vads-payment/{}", payment.uuid)).into_response()
}

/// `GET /lyra/vads-payment/{uuid}`: the payment page: the order, the Cetelem method, one button per outcome.
pub async fn payment_page(State(sandbox): State<Shared>, Path(uuid): Path<String>) -> Response {
    let payment = match checkout::payment_of(&sandbox, GATEWAY, &uuid) {
        Ok(p) => p,
        Err(page) => return page,
    };
    let f = |name: &str| escape(payment.field(name));
    let buyer = format!(
        "{} {} {}",
        payment.field("vads_cust_first_name"),
        payment.field("vads_cust_last_name"),
        payment.field("vads_cust_email")
    );
    let options = sandbox.config.lyra_shop(&payment.site_id).map(|shop| shop.cpay_options()).unwrap_or_default();
    let preselected = Some(payment.field(OPTION_FIELD)).filter(|c| !c.is_empty());
    let methods: String = cards(&payment.fields)
        .iter()
        .enumerate()
        .map(|(i, card)| {
            let detail = match fullcb_count(card) {
                Some(count) => checkout::schedule_table(count, &payment.amount, card),
                None => checkout::cpay_options("option", &options, preselected),
            };
            format!("{}{detail}", checkout::radio("card", card, card_label(card), i == 0))
        })
        .collect();
    let action = checkout::outcome_form(
        &payment.status,
        &format!("/lyra/vads-payment/{}/outcome", payment.uuid),
        &format!("<fieldset><legend>Moyen de paiement</legend>\n{methods}</fieldset>\n"),
    );
    let rows = format!(
        "{}<tr><th>Transaction</th><td>{trans} / {uuid}</td></tr>\n<tr><th>vads_payment_config</th><td>{config}</td></tr>\n",
        checkout::summary_rows(&money(&payment.amount, &payment.currency), payment.field("vads_order_id"), &buyer),
        trans = f("vads_trans_id"),
        uuid = escape(&payment.uuid),
        config = f("vads_payment_config"),
    );
    checkout::payment_page("Paiement", &format!("paiement Lyra ({})", payment.field("vads_ctx_mode")), &rows, &action)
}

/// The platform's status, result and authorisation result of an outcome (same guide, "Traiter les données de la
/// réponse": `vads_trans_status`, `vads_result`, `vads_auth_result`).
fn codes(outcome: &str, validation_mode: Option<&str>) -> (&'static str, &'static str, Option<&'static str>) {
    match outcome {
        "accepted" if validation_mode == Some("1") => ("AUTHORISED_TO_VALIDATE", "00", Some("00")),
        "accepted" => ("AUTHORISED", "00", Some("00")),
        "refused" => ("REFUSED", "05", Some("05")),
        "cancelled" => ("ABANDONED", "17", None),
        _ => ("UNDER_VERIFICATION", "00", None),
    }
}

/// The fields the platform sends for a payment in `outcome` (IPN when `ipn`, else the browser return), signed with
/// the shop's key through cpay-core.
pub fn result_fields(
    sandbox: &Sandbox,
    payment: &Payment,
    outcome: &str,
    card: &str,
    ipn: bool,
) -> Result<BTreeMap<String, String>, String> {
    let mut out: BTreeMap<String, String> =
        payment.fields.iter().filter(|(k, _)| k.starts_with("vads_")).map(|(k, v)| (k.clone(), v.clone())).collect();
    let (status, result, auth) = codes(outcome, payment.fields.get("vads_validation_mode").map(String::as_str));
    let mut put = |k: &str, v: &str| {
        out.insert(k.to_string(), v.to_string());
    };
    put("vads_trans_status", status);
    put("vads_result", result);
    if let Some(auth) = auth {
        put("vads_auth_result", auth);
        put("vads_auth_mode", "FULL");
    }
    put("vads_trans_uuid", &payment.uuid);
    put("vads_operation_type", "DEBIT");
    put("vads_card_brand", card);
    put("vads_payment_src", "EC");
    put("vads_sequence_number", "1");
    put("vads_effective_amount", &payment.amount);
    put("vads_effective_currency", &payment.currency);
    // The Cpay option the buyer paid with (or the one the shop preselected), as the contract codes it.
    if let Some(option) = payment.fields.get("__option").filter(|o| !o.is_empty() && outcome != "cancelled") {
        put(OPTION_FIELD, option);
    }
    if outcome == "accepted" {
        put("vads_payment_certificate", &ids::random_hex(20));
    }
    if ipn {
        put("vads_url_check_src", "PAY");
        put("vads_hash", &ids::random_hex(32));
    }
    let shop = sandbox.config.lyra_shop(&payment.site_id).ok_or("the payment's shop is gone")?;
    let mode = payment.fields.get("vads_ctx_mode").and_then(|m| Mode::parse(m)).ok_or("no mode")?;
    let key = shop.key(mode).ok_or("the shop has no key for the payment's mode")?;
    let sig = signature::sign(out.iter().map(|(k, v)| (k.as_str(), v.as_str())), &key, shop.algorithm())
        .map_err(|e| e.message().to_string())?;
    out.insert("signature".into(), sig);
    Ok(out)
}

/// Send the IPN of a payment to `vads_url_check` (without it the platform would use the Back Office's URL; the
/// sandbox has none and records that nothing was sent).
async fn notify(sandbox: &Shared, payment: &Payment, fields: BTreeMap<String, String>) {
    let url = payment.field("vads_url_check").to_string();
    let body = urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let label = fields.get("vads_trans_status").cloned().unwrap_or_default();
    notify::send(sandbox, payment, Outgoing::form(url, body, label)).await;
}

/// What the buyer chose on the page besides the outcome: the card (`vads_payment_cards`) and the Cpay option (a
/// code of the shop's contract).
#[derive(Debug, Default, Clone, Copy)]
pub struct Choice<'a> {
    /// The card, one of those offered (else the first).
    pub card: Option<&'a str>,
    /// The Cpay option's code (ignored when the shop preselected one, or for a FullCB card).
    pub option: Option<&'a str>,
}

/// Apply an outcome to a payment: state, IPN, and the browser's return.
pub async fn apply_outcome(sandbox: &Shared, uuid: &str, outcome: &str, choice: Choice<'_>) -> Result<Payment, String> {
    // `vads_validation_mode=1` (Lyra "Guide d'implémentation API Formulaire", "vads_validation_mode"): manual
    // validation, the shop captures later (back office, or the REST API's `Transaction/Validate`).
    let mut payment = sandbox.store.decide(uuid, outcome, |p| p.field("vads_validation_mode") != "1")?;
    let offered = cards(&payment.fields);
    let stored = |key: &str| payment.fields.get(key).map(String::as_str).filter(|v| !v.is_empty());
    let card = [choice.card, stored("__card")]
        .into_iter()
        .flatten()
        .find(|c| offered.contains(c))
        .unwrap_or(offered[0])
        .to_string();
    let option = if card == CPAY_CARD {
        let options = sandbox.config.lyra_shop(&payment.site_id).map(|s| s.cpay_options()).unwrap_or_default();
        checkout::chosen_option(&options, stored(OPTION_FIELD), choice.option, stored("__option"))
            .map(|(_, code)| code.clone())
            .unwrap_or_default()
    } else {
        String::new()
    };
    // Kept with the payment: a pending payment decided later reports the same card and option.
    sandbox.store.set_field(uuid, "__card", &card)?;
    sandbox.store.set_field(uuid, "__option", &option)?;
    payment.fields.insert("__card".into(), card.clone());
    payment.fields.insert("__option".into(), option);
    let fields = result_fields(sandbox, &payment, outcome, &card, true)?;
    notify(sandbox, &payment, fields).await;
    Ok(payment)
}

/// `POST /lyra/vads-payment/{uuid}/outcome` (`outcome=accepted|refused|cancelled|pending`, `card=`, `option=`):
/// apply the buyer's choice, then send the browser back to the shop.
pub async fn outcome(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let form = checkout::posted_fields(&body);
    let outcome = form.get("outcome").map(String::as_str).unwrap_or_default();
    let choice = Choice { card: form.get("card").map(String::as_str), option: form.get("option").map(String::as_str) };
    let payment = match apply_outcome(&sandbox, &uuid, outcome, choice).await {
        Ok(p) => p,
        Err(e) => return checkout::conflict(&e),
    };
    browser_return(&sandbox, &payment, outcome)
}

/// The return to the shop (same guide, "Gérer le retour à la boutique"): `vads_url_success` / `_refused` /
/// `_cancel` or `vads_url_return`, with the signed return fields by GET or POST when `vads_return_mode` asks.
fn browser_return(sandbox: &Sandbox, payment: &Payment, outcome: &str) -> Response {
    let get = |name: &str| payment.fields.get(name).filter(|v| !v.is_empty()).cloned();
    let specific = match outcome {
        "accepted" => get("vads_url_success"),
        "refused" => get("vads_url_refused"),
        "cancelled" => get("vads_url_cancel"),
        _ => None,
    };
    let Some(url) = specific.or_else(|| get("vads_url_return")) else {
        let body = format!(
            "<p id=\"status\" data-status=\"{0}\">Paiement terminé : {0}. La boutique n'a pas donné d'URL de retour.</p>",
            escape(outcome)
        );
        return answer(StatusCode::OK, "Paiement terminé", &body);
    };
    let mode = get("vads_return_mode").unwrap_or_else(|| "NONE".into());
    if mode == "NONE" {
        return checkout::see_other(&url);
    }
    let card = payment.field("__card");
    let fields = match result_fields(sandbox, payment, outcome, card, false) {
        Ok(f) => f,
        Err(e) => return checkout::server_error(e),
    };
    if mode == "GET" {
        let query = urlencoded::encode(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        return checkout::found(&checkout::with_query(&url, &query));
    }
    checkout::auto_post(&url, fields)
}
