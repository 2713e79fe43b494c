//! Paygate's server-to-server pages for FullCB payments: `credit.aspx` (credit with reference, Computop Paygate
//! manual, "Cetelem FullCB", "Credit with reference"), `reverse.aspx` ("Reversal") and `inquire.aspx` ("Status
//! inquiries based on PayID"). Each takes the encrypted `MerchantID`/`Len`/`Data` POST, checks the MAC, applies
//! the operation to the payment through the sandbox's ledger, and answers `MerchantID`/`Len`/`Data` encrypted
//! for the merchant (a request Paygate cannot read — unknown merchant, undecryptable `Data` — gets a plain answer).

use super::{codes, decode, response_mac, seal, PaygateError, GATEWAY};
use crate::store::{Operation, Payment, Refusal};
use crate::{ids, Shared};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use cpay_core::computop::plaintext::Fields;
use cpay_core::computop::ComputopConfig;
use cpay_core::urlencoded;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Which server page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Credit,
    Reverse,
    Inquire,
}

fn answer(body: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=iso-8859-1")], body).into_response()
}

/// The plain answer to a request Paygate could not read.
fn plain_failure(mid: &str, error: &PaygateError) -> Response {
    answer(urlencoded::encode([
        ("mid", mid),
        ("Status", "FAILED"),
        ("Code", error.code),
        ("Description", error.description.as_str()),
    ]))
}

/// The encrypted answer: `mid`, `PayID`, `XID`, `TransID`, `Status`, `Code`, `Description`, the extra fields,
/// and the response MAC.
fn sealed(
    config: &ComputopConfig,
    aes: bool,
    fields: &Fields,
    result: Result<Vec<(&'static str, String)>, PaygateError>,
) -> Response {
    let pay_id = fields.get("PayID").unwrap_or_default().to_string();
    let trans_id = fields.get("TransID").unwrap_or_default().to_string();
    let (status, code, description, extra) = match result {
        Ok(extra) => ("OK", codes::OK, "success".to_string(), extra),
        Err(e) => ("FAILED", e.code, e.description, Vec::new()),
    };
    let mac = match response_mac(config, &pay_id, &trans_id, status, code) {
        Ok(m) => m,
        Err(_) => return plain_failure(&config.merchant_id, &PaygateError { code, description }),
    };
    let mut out: Vec<(&str, String)> = vec![
        ("mid", config.merchant_id.clone()),
        ("PayID", pay_id),
        ("XID", ids::random_hex(16)),
        ("TransID", trans_id),
        ("Status", status.into()),
        ("Code", code.into()),
        ("Description", description),
    ];
    out.extend(extra);
    out.push(("MAC", mac));
    match seal(config, aes, &out) {
        Ok(body) => answer(body),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    }
}

/// The payment a request is about: this merchant's, same `TransID`.
fn payment(sandbox: &Shared, config: &ComputopConfig, fields: &Fields) -> Result<Payment, PaygateError> {
    let unknown = || PaygateError { code: codes::UNKNOWN_PAYID, description: "PayID unknown".into() };
    let pay_id = fields.get("PayID").unwrap_or_default();
    let payment = sandbox.store.payment(pay_id).ok().flatten().ok_or_else(unknown)?;
    if payment.gateway != GATEWAY || payment.site_id != config.merchant_id {
        return Err(unknown());
    }
    if fields.get("TransID") != Some(payment.trans_id.as_str()) {
        return Err(PaygateError {
            code: codes::UNKNOWN_PAYID,
            description: "TransID does not belong to PayID".into(),
        });
    }
    Ok(payment)
}

fn refusal(refusal: Refusal) -> PaygateError {
    let code = match refusal {
        Refusal::UnknownPayment => codes::UNKNOWN_PAYID,
        Refusal::AboveRefundable { .. } | Refusal::ZeroAmount => codes::CREDIT_ABOVE_CAPTURED,
        _ => codes::WRONG_STATE,
    };
    PaygateError { code, description: refusal.to_string() }
}

fn amount(fields: &Fields) -> Result<u64, PaygateError> {
    let text = fields.get("Amount").unwrap_or_default();
    if fields.get("Currency") != Some("EUR") {
        return Err(PaygateError { code: codes::CURRENCY, description: "Currency must be EUR".into() });
    }
    text.parse().map_err(|_| PaygateError { code: codes::FORMAT, description: "Amount has a wrong format".into() })
}

/// What a request with a `ReqId` got: the extra fields, or the refusal's code and description.
type Remembered = Result<Vec<(&'static str, String)>, (&'static str, String)>;

/// The results of requests sent with a `ReqId`, by merchant, page, PayID and ReqId: "the same ReqId on a retry
/// makes Paygate return the first result" (Computop Paygate manual, "Cetelem FullCB", `ReqId`). Kept for the
/// life of the process (PayIDs are random, so two sandboxes in one process never share an entry).
fn remembered() -> &'static Mutex<HashMap<String, Remembered>> {
    static RESULTS: OnceLock<Mutex<HashMap<String, Remembered>>> = OnceLock::new();
    RESULTS.get_or_init(Default::default)
}

fn run(
    sandbox: &Shared,
    config: &ComputopConfig,
    fields: &Fields,
    page: Page,
) -> Result<Vec<(&'static str, String)>, PaygateError> {
    super::check_mac(config, fields)?;
    let Some(req_id) = fields.get("ReqId").filter(|r| !r.is_empty()) else {
        return run_once(sandbox, config, fields, page);
    };
    let key = format!("{}\n{page:?}\n{}\n{req_id}", config.merchant_id, fields.get("PayID").unwrap_or_default());
    let mut results = remembered().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(first) = results.get(&key) {
        return first.clone().map_err(|(code, description)| PaygateError { code, description });
    }
    let result = run_once(sandbox, config, fields, page);
    let memo = match &result {
        Ok(extra) => Ok(extra.clone()),
        Err(e) => Err((e.code, e.description.clone())),
    };
    results.insert(key, memo);
    result
}

fn run_once(
    sandbox: &Shared,
    config: &ComputopConfig,
    fields: &Fields,
    page: Page,
) -> Result<Vec<(&'static str, String)>, PaygateError> {
    let payment = payment(sandbox, config, fields)?;
    let ledger = |operation| -> Result<Payment, PaygateError> {
        sandbox
            .store
            .record_operation(&payment.uuid, operation)
            .map_err(|e| PaygateError { code: codes::WRONG_STATE, description: e })?
            .map_err(refusal)
    };
    match page {
        Page::Credit => {
            let after = ledger(Operation::Refund(amount(fields)?))?;
            Ok(vec![("Amount", amount(fields)?.to_string()), ("AmountCred", after.refunded.to_string())])
        }
        Page::Reverse => {
            let requested = amount(fields)?;
            // Paygate reverses the last step only: once captured or credited, the money goes back by a credit.
            if payment.captured > 0 || payment.refunded > 0 {
                return Err(PaygateError {
                    code: codes::WRONG_STATE,
                    description: "the payment was captured: credit it instead of reversing it".into(),
                });
            }
            if requested == 0 || requested > payment.amount.parse().unwrap_or(0) {
                return Err(PaygateError { code: codes::FORMAT, description: "Amount above the authorisation".into() });
            }
            ledger(Operation::Cancel)?;
            Ok(vec![("Amount", requested.to_string())])
        }
        Page::Inquire => Ok(inquiry(&payment)),
    }
}

/// The amounts and `LastStatus` of an inquiry (same manual, "Status inquiries": `AmountAuth`, `AmountCap`,
/// `AmountCred`, `LastStatus`).
fn inquiry(payment: &Payment) -> Vec<(&'static str, String)> {
    let amount = payment.amount.clone();
    let (auth, last) = match payment.status.as_str() {
        "accepted" | "refunded" => (amount, "OK"),
        "pending" => (amount, "AUTHORIZE_REQUEST"),
        "refused" | "cancelled" => ("0".to_string(), "FAILED"),
        _ => ("0".to_string(), ""),
    };
    vec![
        ("AmountAuth", auth),
        ("AmountCap", payment.captured.to_string()),
        ("AmountCred", payment.refunded.to_string()),
        ("LastStatus", last.to_string()),
        ("Currency", "EUR".to_string()),
    ]
}

async fn handle(sandbox: Shared, body: Bytes, page: Page) -> Response {
    let (_, config, fields, aes) = match decode(&sandbox, &body) {
        Ok(decoded) => decoded,
        Err(error) => {
            let outer: Vec<(String, String)> =
                urlencoded::parse(&body, urlencoded::TextEncoding::Latin1).unwrap_or_default();
            let mid = outer.iter().find(|(k, _)| k.eq_ignore_ascii_case("MerchantID")).map(|(_, v)| v.as_str());
            return plain_failure(mid.unwrap_or_default(), &error);
        }
    };
    let result = run(&sandbox, &config, &fields, page);
    sealed(&config, aes, &fields, result)
}

/// `POST /computop/credit.aspx`: a credit (refund) of a captured payment, never above captured − credited.
pub async fn credit(State(sandbox): State<Shared>, body: Bytes) -> Response {
    handle(sandbox, body, Page::Credit).await
}

/// `POST /computop/reverse.aspx`: the reversal of an authorisation nothing was captured or credited from.
pub async fn reverse(State(sandbox): State<Shared>, body: Bytes) -> Response {
    handle(sandbox, body, Page::Reverse).await
}

/// `POST /computop/inquire.aspx`: what is authorised, captured and credited.
pub async fn inquire(State(sandbox): State<Shared>, body: Bytes) -> Response {
    handle(sandbox, body, Page::Inquire).await
}
