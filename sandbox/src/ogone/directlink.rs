//! Ogone DirectLink (Ogone "DirectLink" integration guide): `maintenancedirect.asp` ("Direct Maintenance": `RFD`/
//! `RFS` refund, `DES`/`DEL` cancellation of the authorisation, `SAL`/`SAS` capture) and `querydirect.asp`
//! ("Direct Query"). The request is the form-encoded POST of `PSPID`, `USERID`, `PSWD`, the operation's
//! parameters and `SHASIGN` (SHA-IN, checked by cpay-core); the answer one `<ncresponse … />` element, applied to
//! and read from the sandbox's ledger.

use super::{upper, GATEWAY};
use crate::html::escape;
use crate::store::{Operation, Payment, Refusal};
use crate::Shared;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use cpay_core::ogone::signature::{self, Charset, Direction};
use cpay_core::urlencoded::{self, TextEncoding};
use cpay_core::{Amount, Currency, Secret};
use std::collections::BTreeMap;

/// `NCERROR`s of refused calls ("Possible errors"; the family digit is Ogone's: 5 invalid or incomplete data).
mod ncerror {
    /// Unknown PSPID, or USERID/PSWD wrong.
    pub const AUTHENTICATION: &str = "50001001";
    /// SHASIGN does not match (SHA-IN).
    pub const SHA_MISMATCH: &str = "50001111";
    /// A parameter is missing or wrong.
    pub const PARAMETER: &str = "50001110";
    /// Unknown PAYID / ORDERID.
    pub const UNKNOWN_ORDER: &str = "50001130";
    /// The operation does not fit the payment ("This order is not authorized").
    pub const NOT_AUTHORIZED: &str = "50001127";
    /// The amount is above what may still be refunded or captured.
    pub const AMOUNT_TOO_HIGH: &str = "50001135";
}

/// One `ncresponse` answer.
#[derive(Debug, Default)]
struct Answer {
    attributes: Vec<(&'static str, String)>,
}

impl Answer {
    fn error(code: &str, plus: &str) -> Answer {
        Answer {
            attributes: vec![
                ("orderID", String::new()),
                ("PAYID", "0".into()),
                ("NCSTATUS", "5".into()),
                ("NCERROR", code.into()),
                ("NCERRORPLUS", plus.into()),
                ("STATUS", "0".into()),
            ],
        }
    }

    fn of(payment: &Payment, sub: u64, status: &str, amount: u64) -> Answer {
        let currency = payment.currency.parse::<u16>().ok().and_then(Currency::from_numeric).unwrap_or(Currency::EUR);
        Answer {
            attributes: vec![
                ("orderID", payment.order_id.clone()),
                ("PAYID", payment.uuid.clone()),
                ("PAYIDSUB", sub.to_string()),
                ("NCSTATUS", "0".into()),
                ("NCERROR", "0".into()),
                ("NCERRORPLUS", "!".into()),
                ("STATUS", status.into()),
                ("amount", Amount::from_minor(amount).to_decimal(currency)),
                ("currency", currency.alpha().into()),
            ],
        }
    }

    fn into_response(self) -> Response {
        let attributes: String =
            self.attributes.iter().map(|(k, v)| format!("\n{k}=\"{}\"", escape(v))).collect::<Vec<_>>().join("");
        let body = format!("<?xml version=\"1.0\"?><ncresponse{attributes}>\n</ncresponse>\n");
        (StatusCode::OK, [(header::CONTENT_TYPE, "text/xml")], body).into_response()
    }
}

/// The fields of a call, checked: the shop, the API user and password, SHA-IN (UTF-8, or ISO-8859-1 for a shop on
/// the ISO page).
fn authenticate(sandbox: &Shared, body: &[u8]) -> Result<BTreeMap<String, String>, Answer> {
    let pairs = urlencoded::parse(body, TextEncoding::Utf8)
        .or_else(|_| urlencoded::parse(body, TextEncoding::Latin1))
        .map_err(|_| Answer::error(ncerror::PARAMETER, "the request is not form-encoded"))?;
    let fields = upper(pairs);
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let shop = sandbox
        .config
        .ogone_shop(get("PSPID"))
        .ok_or_else(|| Answer::error(ncerror::AUTHENTICATION, "unknown PSPID"))?;
    let user_ok = shop.user_id.as_deref().is_some_and(|u| !u.is_empty() && u == get("USERID"));
    let password_ok = shop.api_password.as_deref().is_some_and(|p| !p.is_empty() && p == get("PSWD"));
    if !(user_ok && password_ok) {
        return Err(Answer::error(ncerror::AUTHENTICATION, "USERID or PSWD is wrong"));
    }
    let passphrase = Secret::new(shop.sha_in.as_bytes().to_vec());
    let verified = [Charset::Utf8, Charset::Latin1].into_iter().any(|charset| {
        let signed = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        signature::verify(signed, get("SHASIGN"), &passphrase, shop.algorithm(), Direction::In, charset)
            .unwrap_or(false)
    });
    if !verified {
        return Err(Answer::error(ncerror::SHA_MISMATCH, "SHA-IN mismatch"));
    }
    Ok(fields)
}

/// The payment a call is about (`PAYID`, or the latest of `ORDERID`), if it is this shop's.
fn find(sandbox: &Shared, fields: &BTreeMap<String, String>) -> Result<Payment, Answer> {
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let unknown = || Answer::error(ncerror::UNKNOWN_ORDER, "unknown order");
    let found = if !get("PAYID").is_empty() {
        sandbox.store.payment(get("PAYID")).ok().flatten()
    } else if !get("ORDERID").is_empty() {
        sandbox.store.payments().ok().and_then(|all| {
            all.into_iter().find(|p| p.gateway == GATEWAY && p.site_id == get("PSPID") && p.order_id == get("ORDERID"))
        })
    } else {
        None
    };
    found.filter(|p| p.gateway == GATEWAY && p.site_id == get("PSPID")).ok_or_else(unknown)
}

fn refused(refusal: Refusal) -> Answer {
    match refusal {
        Refusal::AboveRefundable { .. } | Refusal::ZeroAmount => {
            Answer::error(ncerror::AMOUNT_TOO_HIGH, &format!("Amount too high: {refusal}"))
        }
        Refusal::UnknownPayment => Answer::error(ncerror::UNKNOWN_ORDER, "unknown order"),
        _ => Answer::error(ncerror::NOT_AUTHORIZED, &format!("This order is not authorized: {refusal}")),
    }
}

fn maintain(sandbox: &Shared, fields: &BTreeMap<String, String>) -> Result<Answer, Answer> {
    let payment = find(sandbox, fields)?;
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let amount = || -> Result<u64, Answer> {
        match get("AMOUNT") {
            // "Order amount multiplied by 100", required when it differs from the authorisation.
            "" => Ok(payment.amount.parse().unwrap_or(0)),
            a => a.parse().map_err(|_| Answer::error(ncerror::PARAMETER, "AMOUNT is not a number")),
        }
    };
    let ledger = |operation| -> Result<Payment, Answer> {
        sandbox
            .store
            .record_operation(&payment.uuid, operation)
            .map_err(|_| Answer::error(ncerror::NOT_AUTHORIZED, "the operation failed"))?
            .map_err(refused)
    };
    let sub = || sandbox.store.operation_count(&payment.uuid).unwrap_or(1);
    match get("OPERATION") {
        "RFD" | "RFS" => {
            let n = amount()?;
            let after = ledger(Operation::Refund(n))?;
            Ok(Answer::of(&after, sub(), "8", n))
        }
        "DES" | "DEL" => {
            // The authorisation is cancelled only while nothing of it was captured: a sale is refunded.
            if payment.captured > 0 {
                return Err(Answer::error(ncerror::NOT_AUTHORIZED, "This order is not authorized: it was captured"));
            }
            let after = ledger(Operation::Cancel)?;
            Ok(Answer::of(&after, sub(), "6", payment.amount.parse().unwrap_or(0)))
        }
        "SAL" | "SAS" => {
            let n = amount()?;
            if n != payment.amount.parse().unwrap_or(0) {
                return Err(Answer::error(ncerror::AMOUNT_TOO_HIGH, "the sandbox captures the whole authorisation"));
            }
            let after = ledger(Operation::Capture)?;
            Ok(Answer::of(&after, sub(), "9", n))
        }
        _ => Err(Answer::error(ncerror::PARAMETER, "OPERATION must be RFD, RFS, DES, DEL, SAL or SAS")),
    }
}

/// The payment's current `STATUS` ("Possible statuses") and the amount it concerns.
fn current(payment: &Payment, operations: u64) -> (&'static str, u64) {
    let amount = payment.amount.parse().unwrap_or(0);
    match payment.status.as_str() {
        _ if payment.refunded > 0 => ("8", payment.refunded),
        "accepted" if payment.captured > 0 => ("9", amount),
        "accepted" => ("5", amount),
        "pending" => ("51", amount),
        "refused" => ("2", amount),
        // Cancelled by the buyer on the page (1), or its authorisation cancelled through DirectLink (6).
        "cancelled" if operations == 0 => ("1", amount),
        "cancelled" => ("6", amount),
        _ => ("4", amount),
    }
}

/// `POST /ogone/ncol/{env}/maintenancedirect.asp`.
pub async fn maintenance(State(sandbox): State<Shared>, Path(_env): Path<String>, body: Bytes) -> Response {
    let answer = authenticate(&sandbox, &body).and_then(|fields| maintain(&sandbox, &fields));
    answer.unwrap_or_else(|a| a).into_response()
}

/// `POST /ogone/ncol/{env}/querydirect.asp`.
pub async fn query(State(sandbox): State<Shared>, Path(_env): Path<String>, body: Bytes) -> Response {
    let answer = authenticate(&sandbox, &body).and_then(|fields| {
        let payment = find(&sandbox, &fields)?;
        let operations = sandbox.store.operation_count(&payment.uuid).unwrap_or(0);
        let (status, amount) = current(&payment, operations);
        let sub = if status == "8" { operations } else { 0 };
        Ok(Answer::of(&payment, sub, status, amount))
    });
    answer.unwrap_or_else(|a| a).into_response()
}
