//! Credit with reference (refund), server to server: `credit.aspx` (Computop Paygate manual, "Cetelem FullCB",
//! "Credit with reference").
//!
//! [`credit`] builds the `HttpRequest` (a POST of `MerchantID`, `Len`, `Data`) once the amount is within what was
//! captured minus what was already credited ([`crate::plan::refund::computop`]); `ReqId` makes a retried request
//! idempotent at Paygate. [`verify_answer`] reads the answer: form-encoded, encrypted as `Len`/`Data` or plain; its
//! MAC is checked when present (the manual's "Response parameters for credit payments" table has none: the answer
//! then rests on the TLS connection the shop itself opened), then `mid`, `PayID` and `TransID`.

#[cfg(test)]
use super::blowfish;
use super::config::ComputopConfig;
use super::plaintext;
use super::plaintext::Fields;
use super::response::{self, Expected};
use super::{codes, data, mac};
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use crate::outcome::Outcome;
use crate::urlencoded;

/// The Paygate page for credits with reference.
pub const PAGE: &str = "credit.aspx";

/// The largest answer body read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// A refund of a captured FullCB payment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopCreditRequest")]
#[serde(deny_unknown_fields)]
pub struct CreditRequest {
    /// `PayID` of the payment (an32).
    pub pay_id: String,
    /// `TransID` (ans..64).
    pub trans_id: String,
    /// Amount to credit, cents.
    pub amount: Amount,
    /// EUR (the default and the only currency of Cetelem payments).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// What was captured, cents.
    pub captured: Amount,
    /// What was already credited, cents.
    #[serde(default)]
    pub credited: Amount,
    /// `ReqId` (ans..32): the same value on a retry makes Paygate return the first result.
    #[serde(default)]
    pub req_id: Option<String>,
    /// Whether the shop has answered the payment's first notify (URLNotify). Paygate requires it before any
    /// follow-up action; `false` refuses the call.
    pub notify_answered: bool,
}

pub(crate) fn eur() -> Currency {
    Currency::EUR
}

/// The FullCB rule (Computop Paygate manual, "Cetelem FullCB", URLNotify): "Before follow-up actions (capture /
/// credit / reversal) are carried out on an existing transaction, the first Notify must have been answered by the
/// shop." cpay cannot see the shop's answer, so the shop states it.
pub(crate) fn check_notify_answered(notify_answered: bool) -> Result<()> {
    if notify_answered {
        return Ok(());
    }
    Err(Error::field(
        ErrorCode::NotAllowed,
        "notify_answered",
        "Paygate accepts a capture, credit or reversal only once the shop has answered the payment's first notify",
    ))
}

/// Check a follow-up request's `PayID` (an32), `TransID` (ans..64) and currency (EUR).
pub(crate) fn check_reference(pay_id: &str, trans_id: &str, currency: Currency) -> Result<()> {
    FieldFormat::notation("an32").check("PayID", pay_id)?;
    if trans_id.is_empty() {
        return Err(Error::missing("TransID"));
    }
    FieldFormat::notation("ans..64").check("TransID", trans_id)?;
    super::plaintext::check_value("TransID", trans_id)?;
    if currency != Currency::EUR {
        return Err(Error::field(ErrorCode::NotAllowed, "Currency", "Cetelem 3x/4x payments are in EUR only"));
    }
    Ok(())
}

/// Encrypt `fields` into the `MerchantID`/`Len`/`Data` POST of a server-to-server page, with the shop's cipher
/// (`iv`: 32 hex digits of fresh random bytes, required when the shop is configured for AES).
pub(crate) fn post(
    config: &ComputopConfig,
    page: &str,
    fields: &[(&str, String)],
    iv: Option<&str>,
) -> Result<HttpRequest> {
    let text = plaintext::compose(fields)?;
    let encrypted = data::encrypt_for(config, text.as_bytes(), iv)?;
    let len = encrypted.len.to_string();
    let body = urlencoded::encode([
        ("MerchantID", config.merchant_id.as_str()),
        ("Len", len.as_str()),
        ("Data", encrypted.data.as_str()),
    ]);
    Ok(HttpRequest::post(config.host.url(page), "application/x-www-form-urlencoded", body))
}

/// Read a server-to-server answer (credit, reversal, inquiry): HTTP 200, at most 64 KiB, form-encoded (plain or
/// `Len`/`Data`), its MAC checked when present, then `mid` and the expected `PayID`/`TransID`.
pub(crate) fn answer_fields(
    config: &ComputopConfig,
    response: &HttpResponse,
    expected: &Expected,
    what: &str,
) -> Result<Fields> {
    config.validate()?;
    if response.status != 200 {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            format!("Paygate answered HTTP {} to the {what} request", response.status),
        ));
    }
    let body = response.body.trim();
    if body.len() > MAX_ANSWER_BYTES {
        return Err(Error::general(ErrorCode::TooLarge, format!("the {what} answer is larger than 64 KiB")));
    }
    if body.starts_with('<') {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            "Paygate answered with an HTML page instead of form-encoded fields",
        ));
    }
    let (fields, _) = response::decode_body(config, body.as_bytes(), false)?;
    response::check_mac(config, &fields, false)?;
    response::check_belongs(config, &fields, expected)?;
    Ok(fields)
}

/// A verified credit or reversal answer as an [`Outcome`] of `operation`; a refused one is a `gateway_error`.
pub(crate) fn action_outcome(fields: &Fields, operation: crate::outcome::Operation) -> Result<Outcome> {
    let mut outcome = response::outcome(fields, true)?;
    outcome.operation = operation;
    if outcome.code != codes::SUCCESS && outcome.status != crate::outcome::Status::Pending {
        let mut error = codes::gateway_error(&outcome.code, fields.get("Description"));
        if let Some(ext) = fields.get("CodeExt").filter(|c| !c.is_empty()) {
            error = Error::field(ErrorCode::GatewayError, "Code", format!("{} (CodeExt {ext})", error.message()))
                .with_gateway_code(&outcome.code);
        }
        return Err(error);
    }
    Ok(outcome)
}

/// Build the `credit.aspx` request, once the refund rule allows the amount (Blowfish shops; AES shops need
/// [`credit_with`]).
pub fn credit(config: &ComputopConfig, request: &CreditRequest) -> Result<HttpRequest> {
    credit_with(config, request, None)
}

/// Build the `credit.aspx` request with the shop's cipher; `iv` (32 hex digits, fresh random bytes) is required
/// when the shop is configured for AES.
pub fn credit_with(config: &ComputopConfig, request: &CreditRequest, iv: Option<&str>) -> Result<HttpRequest> {
    config.validate()?;
    check_reference(&request.pay_id, &request.trans_id, request.currency)?;
    check_notify_answered(request.notify_answered)?;
    let decision = crate::plan::refund::computop(request.captured, request.credited, request.amount);
    if !decision.allowed {
        return Err(Error::field(ErrorCode::RefundNotAllowed, "Amount", decision.reason));
    }
    let amount = request.amount.minor();
    FieldFormat::notation("n..10").check("Amount", &amount.to_string())?;
    let currency = request.currency.alpha();
    let message = mac::request_message(&request.pay_id, &request.trans_id, &config.merchant_id, amount, currency);
    let mut fields: Vec<(&str, String)> = vec![
        ("MerchantID", config.merchant_id.clone()),
        ("PayID", request.pay_id.clone()),
        ("TransID", request.trans_id.clone()),
        ("Amount", amount.to_string()),
        ("Currency", currency.to_owned()),
        ("MAC", mac::mac(message.as_bytes(), &config.mac_key)?),
    ];
    if let Some(req_id) = request.req_id.as_deref().filter(|r| !r.is_empty()) {
        FieldFormat::notation("ans..32").check("ReqId", req_id)?;
        fields.push(("ReqId", req_id.to_owned()));
    }
    post(config, PAGE, &fields, iv)
}

/// Read and check a `credit.aspx` answer: `pay_id` (and `trans_id`, when given) must be the credited payment.
pub fn verify_answer(config: &ComputopConfig, response: &HttpResponse, expected: &Expected) -> Result<Outcome> {
    let fields = answer_fields(config, response, expected, "credit")?;
    action_outcome(&fields, crate::outcome::Operation::Refund)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Status;
    use crate::secret::Secret;

    fn config() -> ComputopConfig {
        serde_json::from_value(serde_json::json!({
            "merchant_id": "cpay_test", "blowfish_key": "bf-pass-1234", "mac_key": "hmac-pass-5678", "host": "axepta"
        }))
        .unwrap()
    }

    const PAY_ID: &str = "0123456789abcdef0123456789abcdef";

    fn request(amount: u64) -> CreditRequest {
        CreditRequest {
            pay_id: PAY_ID.into(),
            trans_id: "CMD1".into(),
            amount: Amount::from_minor(amount),
            currency: Currency::EUR,
            captured: Amount::from_minor(45_000),
            credited: Amount::from_minor(5_000),
            req_id: Some("refund-CMD1-1".into()),
            notify_answered: true,
        }
    }

    #[test]
    fn builds_the_credit_request() {
        let r = credit(&config(), &request(40_000)).unwrap();
        assert_eq!(r.url, "https://paymentpage.axepta.bnpparibas/credit.aspx");
        let outer =
            Fields::from_pairs(urlencoded::parse(r.body.as_bytes(), urlencoded::TextEncoding::Utf8).unwrap()).unwrap();
        assert_eq!(outer.get("MerchantID"), Some("cpay_test"));
        let len = outer.get("Len").unwrap().parse().unwrap();
        let text = blowfish::decrypt(outer.get("Data").unwrap(), len, &Secret::from("bf-pass-1234")).unwrap();
        let text = String::from_utf8(text).unwrap();
        let m =
            mac::mac(format!("{PAY_ID}*CMD1*cpay_test*40000*EUR").as_bytes(), &Secret::from("hmac-pass-5678")).unwrap();
        assert_eq!(
            text,
            format!("MerchantID=cpay_test&PayID={PAY_ID}&TransID=CMD1&Amount=40000&Currency=EUR&MAC={m}&ReqId=refund-CMD1-1")
        );
    }

    #[test]
    fn amount_is_bounded_by_captured_minus_credited() {
        let e = credit(&config(), &request(40_001)).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::RefundNotAllowed, Some("Amount")));
        assert_eq!(credit(&config(), &request(0)).unwrap_err().code(), ErrorCode::RefundNotAllowed);
        let mut r = request(1);
        r.pay_id = "short".into();
        assert_eq!(credit(&config(), &r).unwrap_err().field_name(), Some("PayID"));
        let mut r = request(1);
        r.notify_answered = false;
        assert_eq!(credit(&config(), &r).unwrap_err().field_name(), Some("notify_answered"));
    }

    fn answer(body: String) -> HttpResponse {
        HttpResponse { status: 200, headers: Default::default(), body }
    }

    #[test]
    fn reads_plain_and_encrypted_answers() {
        let expected = Expected { trans_id: Some("CMD1".into()), pay_id: Some(PAY_ID.into()) };
        let plain = format!("mid=cpay_test&PayID={PAY_ID}&XID=x&TransID=CMD1&Status=OK&Code=00000000&CodeExt=00");
        let o = verify_answer(&config(), &answer(plain.clone()), &expected).unwrap();
        assert_eq!(o.status, Status::Accepted);
        let e = blowfish::encrypt(plain.as_bytes(), &Secret::from("bf-pass-1234")).unwrap();
        let o =
            verify_answer(&config(), &answer(format!("MerchantID=cpay_test&Len={}&Data={}", e.len, e.data)), &expected)
                .unwrap();
        assert_eq!(o.details["code_ext"], "00");
        let other = Expected { trans_id: None, pay_id: Some("f".repeat(32)) };
        assert_eq!(verify_answer(&config(), &answer(plain.clone()), &other).unwrap_err().code(), ErrorCode::WrongOrder);
        let bad_mac = format!("{plain}&MAC={}", "0".repeat(64));
        assert_eq!(
            verify_answer(&config(), &answer(bad_mac), &expected).unwrap_err().code(),
            ErrorCode::SignatureMismatch
        );
        let failed = plain.replace("Status=OK&Code=00000000", "Status=FAILED&Code=21300012");
        let e = verify_answer(&config(), &answer(failed), &expected).unwrap_err();
        assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("21300012")));
        let html = HttpResponse { status: 200, headers: Default::default(), body: "<html>".into() };
        assert_eq!(verify_answer(&config(), &html, &expected).unwrap_err().code(), ErrorCode::UnexpectedResponse);
    }
}
