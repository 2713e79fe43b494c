//! `/_sandbox/`: health, the admin page, and the JSON API tests use (payments, IPN attempts, faults).

use crate::html::{escape, page};
use crate::store::{Fault, FAULTS};
use crate::Shared;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use cpay_core::urlencoded::{self, TextEncoding};
use serde::Deserialize;
use serde_json::{json, Value};

fn failure(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// `GET /_sandbox/health`.
pub async fn health(State(sandbox): State<Shared>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "gateways": crate::GATEWAYS,
        "lyra_shops": sandbox.config.lyra_shops.iter().map(|s| s.site_id.clone()).collect::<Vec<_>>(),
        // Each Lyra shop's Cpay option codes (what `vads_payment_option_code` preselects and reports).
        "lyra_option_codes": sandbox
            .config
            .lyra_shops
            .iter()
            .map(|s| {
                let codes: serde_json::Map<String, Value> =
                    s.cpay_options().into_iter().map(|(o, c)| (o.name().to_string(), Value::String(c))).collect();
                (s.site_id.clone(), Value::Object(codes))
            })
            .collect::<serde_json::Map<String, Value>>(),
        "computop_shops": sandbox.config.computop_shops.iter().map(|s| s.merchant_id.clone()).collect::<Vec<_>>(),
        "ogone_shops": sandbox.config.ogone_shops.iter().map(|s| s.pspid.clone()).collect::<Vec<_>>(),
        "payline_merchants": sandbox.config.payline_shops.iter().map(|s| s.merchant_id.clone()).collect::<Vec<_>>(),
        "sips_merchants": sandbox.config.sips_shops.iter().map(|s| s.merchant_id.clone()).collect::<Vec<_>>(),
    }))
}

/// `GET /_sandbox/api/payments`: every payment (newest first) with its IPN attempts.
pub async fn payments_json(State(sandbox): State<Shared>) -> Response {
    let (payments, attempts) = match (sandbox.store.payments(), sandbox.store.attempts(None)) {
        (Ok(p), Ok(a)) => (p, a),
        (Err(e), _) | (_, Err(e)) => return failure(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    let list: Vec<Value> = payments
        .into_iter()
        .map(|p| {
            let mine: Vec<_> = attempts.iter().filter(|a| a.uuid == p.uuid).collect();
            let mut v = serde_json::to_value(&p).unwrap_or_default();
            v["ipn_attempts"] = serde_json::to_value(mine).unwrap_or_default();
            v
        })
        .collect();
    Json(json!({ "payments": list })).into_response()
}

/// A fault request: `{"fault": "duplicate_ipn" | "lost_ipn" | "delayed_ipn" | "ipn_after_return", "delay_ms"?: N}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    /// The fault's name.
    pub fault: String,
    /// For `delayed_ipn`.
    #[serde(default)]
    pub delay_ms: Option<u64>,
}

fn queue(sandbox: &Shared, request: FaultRequest) -> Result<Fault, String> {
    if !FAULTS.contains(&request.fault.as_str()) {
        return Err(format!("unknown fault {:?}; the sandbox knows {}", request.fault, FAULTS.join(", ")));
    }
    let fault = Fault { kind: request.fault, delay_ms: request.delay_ms };
    sandbox.store.add_fault(&fault)?;
    Ok(fault)
}

/// `POST /_sandbox/api/faults` (JSON): queue a fault for the next payment.
pub async fn fault_json(State(sandbox): State<Shared>, body: Bytes) -> Response {
    let request: FaultRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return failure(StatusCode::BAD_REQUEST, e.to_string()),
    };
    match queue(&sandbox, request) {
        Ok(fault) => (StatusCode::CREATED, Json(json!({ "queued": fault }))).into_response(),
        Err(e) => failure(StatusCode::BAD_REQUEST, e),
    }
}

/// `GET /_sandbox/api/faults`: the faults waiting for the next payments.
pub async fn faults_json(State(sandbox): State<Shared>) -> Response {
    match sandbox.store.faults() {
        Ok(f) => Json(json!({ "faults": f })).into_response(),
        Err(e) => failure(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// `POST /_sandbox/faults` (the admin page's form): queue a fault, back to the page.
pub async fn fault_form(State(sandbox): State<Shared>, body: Bytes) -> Response {
    let form: std::collections::BTreeMap<String, String> =
        urlencoded::parse(&body, TextEncoding::Utf8).unwrap_or_default().into_iter().collect();
    let request = FaultRequest {
        fault: form.get("fault").cloned().unwrap_or_default(),
        delay_ms: form.get("delay_ms").and_then(|d| d.parse().ok()),
    };
    match queue(&sandbox, request) {
        Ok(_) => Redirect::to("/_sandbox/").into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Html(page("Fault", &format!("<p>{}</p>", escape(&e))))).into_response(),
    }
}

/// `POST /_sandbox/api/payments/{uuid}/outcome` (`{"outcome": …, "card"?, "option"?}`): decide a payment left
/// pending (or any payment still on its page) without a browser; the IPN is sent as for the buttons.
pub async fn outcome_json(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let request: Value = serde_json::from_slice(&body).unwrap_or_default();
    let outcome = request["outcome"].as_str().unwrap_or_default();
    match crate::apply_outcome(&sandbox, &uuid, outcome, request["card"].as_str(), request["option"].as_str()).await {
        Ok(p) => Json(json!({ "uuid": p.uuid, "status": outcome })).into_response(),
        Err(e) => failure(StatusCode::CONFLICT, e),
    }
}

/// `POST /_sandbox/api/payments/{uuid}/back-office-refund` (`{"amount": N}`, minor units; no amount: all that is
/// left): a refund made by the merchant in the gateway's back office. The ledger's rules apply (409 with the
/// reason when it refuses); its notification is sent to the shop unasked.
pub async fn back_office_refund_json(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let request: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return failure(StatusCode::BAD_REQUEST, e.to_string()),
        }
    };
    let amount = match request.get("amount") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(n) => Some(n),
            None => return failure(StatusCode::BAD_REQUEST, "amount must be an integer in minor units"),
        },
    };
    match crate::back_office_refund(&sandbox, &uuid, amount).await {
        Ok(Ok(done)) => (StatusCode::CREATED, Json(done)).into_response(),
        Ok(Err(crate::store::Refusal::UnknownPayment)) => failure(StatusCode::NOT_FOUND, "unknown payment"),
        Ok(Err(refusal)) => failure(StatusCode::CONFLICT, refusal.to_string()),
        Err(e) => failure(StatusCode::CONFLICT, e),
    }
}

/// `POST /_sandbox/payments/{uuid}/back-office-refund` (the admin page's button, `amount=` empty for all):
/// the same, back to the page.
pub async fn back_office_refund_form(State(sandbox): State<Shared>, Path(uuid): Path<String>, body: Bytes) -> Response {
    let form: std::collections::BTreeMap<String, String> =
        urlencoded::parse(&body, TextEncoding::Utf8).unwrap_or_default().into_iter().collect();
    let amount = match form.get("amount").map(|a| a.trim()).filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => match a.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let body = "<p>amount must be an integer in minor units (cents)</p>";
                return (StatusCode::BAD_REQUEST, Html(page("Back-office refund", body))).into_response();
            }
        },
    };
    match crate::back_office_refund(&sandbox, &uuid, amount).await {
        Ok(Ok(_)) => Redirect::to("/_sandbox/").into_response(),
        Ok(Err(refusal)) => {
            let body = format!(
                "<p>Refund refused: {}</p><p><a href=\"/_sandbox/\">back</a></p>",
                escape(&refusal.to_string())
            );
            (StatusCode::CONFLICT, Html(page("Back-office refund", &body))).into_response()
        }
        Err(e) => {
            (StatusCode::CONFLICT, Html(page("Back-office refund", &format!("<p>{}</p>", escape(&e))))).into_response()
        }
    }
}

/// `GET /_sandbox/`: payments, their IPN attempts, the faults waiting, and a form to queue one.
pub async fn page_html(sandbox: &Shared) -> Result<String, String> {
    let attempts = sandbox.store.attempts(None)?;
    let mut rows = String::new();
    for p in sandbox.store.payments()? {
        let tries: Vec<String> = attempts
            .iter()
            .filter(|a| a.uuid == p.uuid)
            .map(|a| {
                let result = a.http_status.map(|s| s.to_string()).or_else(|| a.error.clone()).unwrap_or_default();
                format!("#{} {} → {}", a.attempt, escape(&a.trans_status), escape(&result))
            })
            .collect();
        // A refund made in the back office: what is captured and not yet refunded, of an accepted payment.
        let refundable = p.status == "accepted" && p.captured > p.refunded;
        let refund = if refundable && crate::BACK_OFFICE_REFUND_GATEWAYS.contains(&p.gateway.as_str()) {
            format!(
                "<form method=\"post\" action=\"/_sandbox/payments/{uuid}/back-office-refund\"><input name=\"amount\" \
                 size=\"7\" placeholder=\"{left}\" aria-label=\"amount in cents\"> <button type=\"submit\" \
                 data-action=\"back-office-refund\">Refund in the back office</button></form>",
                uuid = escape(&p.uuid),
                left = p.captured - p.refunded,
            )
        } else if let Some(why) = crate::back_office_refund_not_notified(&p.gateway).filter(|_| refundable) {
            // The gateway tells the shop nothing of such a refund: say so, and how the shop learns of it.
            format!("<small data-back-office-refund=\"not-notified\">{}</small>", escape(why))
        } else {
            String::new()
        };
        rows.push_str(&format!(
            "<tr data-uuid=\"{uuid}\"><td><a href=\"{path}\">{uuid}</a></td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{refund}</td></tr>\n",
            escape(&p.gateway),
            escape(&p.order_id),
            escape(&p.amount),
            escape(&p.status),
            p.refunded,
            escape(p.fault.as_deref().unwrap_or("")),
            tries.join("<br>"),
            uuid = escape(&p.uuid),
            path = escape(&crate::payment_page_path(&p)),
        ));
    }
    let waiting: Vec<String> = sandbox.store.faults()?.into_iter().map(|f| escape(&f.kind)).collect();
    let options: String = FAULTS.iter().map(|f| format!("<option>{f}</option>")).collect();
    Ok(page(
        "cpay sandbox",
        &format!(
            "<h1>cpay sandbox</h1>\n<h2>Faults for the next payment</h2>\n<p>Waiting: {}</p>\n<form method=\"post\" \
             action=\"/_sandbox/faults\"><select name=\"fault\">{options}</select> delay (ms, delayed_ipn / ipn_after_return) <input \
             name=\"delay_ms\" size=\"6\"> <button type=\"submit\">Queue</button></form>\n<h2>Payments</h2>\n<table><tr>\
             <th>uuid</th><th>gateway</th><th>order</th><th>amount</th><th>status</th><th>refunded</th><th>fault</th>\
             <th>notifications</th><th>back office</th></tr>\n\
             {rows}</table>\n<p>JSON: <a href=\"/_sandbox/api/payments\">/_sandbox/api/payments</a></p>",
            if waiting.is_empty() { "none".to_string() } else { waiting.join(", ") },
        ),
    ))
}

/// `GET /_sandbox/`.
pub async fn admin_page(State(sandbox): State<Shared>) -> Response {
    match page_html(&sandbox).await {
        Ok(html) => Html(html).into_response(),
        Err(e) => failure(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}
