//! DirectLink server-to-server calls, sans-IO (Ogone e-Commerce "DirectLink" integration guide, sections
//! "Maintenance" and "Direct query"): refund, cancel and capture through `maintenancedirect.asp`, the status of
//! a payment through `querydirect.asp`.
//!
//! Each builder checks its facts first (the refund rule of [`crate::plan::refund::captured_minus_refunded`]:
//! never more than captured minus already refunded; no cancellation of a captured payment; no capture above
//! what is left of the authorisation), then returns the form-encoded POST of `PSPID`, `USERID`, `PSWD` and the
//! operation's parameters, signed with SHA-IN like every request to the platform (the API user's password is
//! on the SHA-IN list). The shop sends it with its own HTTP client.
//!
//! The platform answers with one XML element, `<ncresponse orderID=… PAYID=… NCERROR=… STATUS=… … />`,
//! which carries no signature: it rests on the TLS connection the shop itself opened to the platform. It is
//! read strictly (one `ncresponse` root, attributes only, each once, bounded size); `NCERROR` other than 0 is
//! the platform's error; otherwise the `PAYID` and `orderID` must be the ones the shop asked about, and only
//! then is `STATUS` read ([`codes::life`]): which operation it reports and how it went.

use super::codes;
use super::config::OgoneConfig;
use super::signature::{self, Direction};
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::format::FieldFormat;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, Status, ThreeDSecure};
use crate::plan::refund::RefundCheck;
use crate::urlencoded;
use std::collections::BTreeMap;

/// The maintenance page (refund, cancel, capture).
pub const MAINTENANCE_PAGE: &str = "maintenancedirect.asp";
/// The direct query page (status).
pub const QUERY_PAGE: &str = "querydirect.asp";
/// The largest answer read: an `ncresponse` is a few hundred bytes.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024;
/// The most attributes an `ncresponse` may carry.
const MAX_ATTRIBUTES: usize = 64;

/// A refund of a captured payment (`RFD`, or `RFS` for the last one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneRefundRequest")]
#[serde(deny_unknown_fields)]
pub struct RefundRequest {
    /// `PAYID` of the payment.
    pub pay_id: String,
    /// `AMOUNT` to refund, minor units.
    pub amount: Amount,
    /// The facts the refund rule needs (dates, captured and already refunded amounts).
    #[serde(flatten)]
    pub check: RefundCheck,
}

/// A cancellation of an authorisation not captured (`DES`, or `DEL` to keep the transaction open).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneCancelRequest")]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// `PAYID` of the payment.
    pub pay_id: String,
    /// What was captured of it so far, minor units: a captured payment is refunded, never cancelled.
    pub captured: Amount,
    /// `DEL` (delete the authorisation, leave the transaction open) instead of `DES` (delete and close).
    #[serde(default)]
    pub keep_open: bool,
}

/// A capture ("data capture") of an authorised payment (`SAL`, or `SAS` for the last one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneCaptureRequest")]
#[serde(deny_unknown_fields)]
pub struct CaptureRequest {
    /// `PAYID` of the payment.
    pub pay_id: String,
    /// `AMOUNT` to capture, minor units.
    pub amount: Amount,
    /// The amount authorised, minor units.
    pub authorised: Amount,
    /// What was already captured, minor units.
    #[serde(default)]
    pub captured: Amount,
    /// Close the transaction with this capture (`SAS`) even if it leaves part of the authorisation; by
    /// default `SAS` is sent when the capture takes what is left, `SAL` otherwise.
    #[serde(default)]
    pub last: bool,
}

/// Which payment a status query is about: `PAYID`, or `ORDERID` (and `PAYIDSUB` for one of its operations).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneQuery")]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// `PAYID` of the payment.
    #[serde(default)]
    pub pay_id: Option<String>,
    /// `ORDERID`, when the shop has no `PAYID` (a lost feedback).
    #[serde(default)]
    pub order_id: Option<String>,
    /// `PAYIDSUB`: one operation (history level) of the payment.
    #[serde(default)]
    pub pay_id_sub: Option<u32>,
}

/// What the shop expects a DirectLink answer to be about (at least `pay_id` or `order_id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OgoneAnswerExpected")]
#[serde(deny_unknown_fields)]
pub struct AnswerExpected {
    /// `PAYID` of the payment.
    #[serde(default)]
    pub pay_id: Option<String>,
    /// `orderID`.
    #[serde(default)]
    pub order_id: Option<String>,
}

/// The maintenance operations, by what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `RFD` / `RFS`.
    Refund,
    /// `DEL` / `DES`.
    Cancel,
    /// `SAL` / `SAS`.
    Capture,
}

impl Action {
    fn operation(self) -> Operation {
        match self {
            Action::Refund => Operation::Refund,
            Action::Cancel => Operation::Cancellation,
            Action::Capture => Operation::Capture,
        }
    }
}

fn check_pay_id(pay_id: &str) -> Result<()> {
    if pay_id.is_empty() {
        return Err(Error::missing("PAYID"));
    }
    FieldFormat::notation("n..20").check("PAYID", pay_id)
}

/// The signed POST of `params` (plus PSPID, USERID, PSWD) to `page`.
fn post(config: &OgoneConfig, page: &str, mut params: Vec<(&'static str, String)>) -> Result<HttpRequest> {
    config.validate()?;
    let (user, password) = config.api_user()?;
    let password = std::str::from_utf8(password.expose()).map_err(|_| {
        Error::field(ErrorCode::InvalidKey, "api_password", "the DirectLink API password must be UTF-8 text")
    })?;
    params.push(("PSPID", config.pspid.clone()));
    params.push(("USERID", user.to_owned()));
    let passphrase = config.sha_in()?;
    let mut signed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    signed.push(("PSWD", password));
    let shasign = signature::sign(signed.iter().copied(), passphrase, config.algorithm, Direction::In, config.charset)?;
    signed.push(("SHASIGN", &shasign));
    signed.sort_by(|a, b| a.0.cmp(b.0));
    let body = zeroize::Zeroizing::new(urlencoded::encode(signed));
    Ok(HttpRequest::post(config.page_url(page), "application/x-www-form-urlencoded", body.as_str()))
}

/// `RFD` (partial) or `RFS` (the last, closing the transaction) once the refund rule allows `amount`.
pub fn refund(config: &OgoneConfig, request: &RefundRequest) -> Result<HttpRequest> {
    check_pay_id(&request.pay_id)?;
    let decision = crate::plan::refund::captured_minus_refunded(&request.check, request.amount);
    if !decision.allowed {
        return Err(Error::field(ErrorCode::RefundNotAllowed, "AMOUNT", decision.reason));
    }
    let operation = if request.amount == decision.max { "RFS" } else { "RFD" };
    post(
        config,
        MAINTENANCE_PAGE,
        vec![
            ("AMOUNT", request.amount.to_string()),
            ("OPERATION", operation.to_owned()),
            ("PAYID", request.pay_id.clone()),
        ],
    )
}

/// `DES` (or `DEL`) of an authorisation nothing of which was captured.
pub fn cancel(config: &OgoneConfig, request: &CancelRequest) -> Result<HttpRequest> {
    check_pay_id(&request.pay_id)?;
    if request.captured != Amount::ZERO {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "OPERATION",
            "this payment was captured: refund it (ogone.refund) instead of cancelling it",
        ));
    }
    let operation = if request.keep_open { "DEL" } else { "DES" };
    post(config, MAINTENANCE_PAGE, vec![("OPERATION", operation.to_owned()), ("PAYID", request.pay_id.clone())])
}

/// `SAL` (partial) or `SAS` (the last) for at most what is left of the authorisation.
pub fn capture(config: &OgoneConfig, request: &CaptureRequest) -> Result<HttpRequest> {
    check_pay_id(&request.pay_id)?;
    let left = request.authorised.checked_sub(request.captured).unwrap_or(Amount::ZERO);
    if request.amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, "AMOUNT", "the capture amount must be greater than zero"));
    }
    if request.amount > left {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "AMOUNT",
            format!("at most {left} (authorised minus already captured) can still be captured"),
        ));
    }
    let operation = if request.last || request.amount == left { "SAS" } else { "SAL" };
    post(
        config,
        MAINTENANCE_PAGE,
        vec![
            ("AMOUNT", request.amount.to_string()),
            ("OPERATION", operation.to_owned()),
            ("PAYID", request.pay_id.clone()),
        ],
    )
}

/// The `querydirect.asp` request for a payment's current status.
pub fn status(config: &OgoneConfig, query: &Query) -> Result<HttpRequest> {
    let mut params = Vec::new();
    match (&query.pay_id, &query.order_id) {
        (Some(pay_id), _) => {
            check_pay_id(pay_id)?;
            params.push(("PAYID", pay_id.clone()));
        }
        (None, Some(order_id)) => {
            if order_id.is_empty() {
                return Err(Error::missing("ORDERID"));
            }
            FieldFormat::notation("ans..30").check("ORDERID", order_id)?;
            params.push(("ORDERID", order_id.clone()));
        }
        (None, None) => {
            return Err(Error::field(ErrorCode::MissingField, "PAYID", "give the PAYID or the ORDERID to query"))
        }
    }
    if let Some(sub) = query.pay_id_sub {
        params.push(("PAYIDSUB", sub.to_string()));
    }
    post(config, QUERY_PAGE, params)
}

/// The attributes of an `<ncresponse … />` answer, in document order, values unescaped.
///
/// Strict: an XML declaration, comments and whitespace may surround one `ncresponse` element (name compared
/// without case) that has attributes only — no child element, no text, no DOCTYPE; an attribute appears once
/// (names compared without case); at most [`MAX_ANSWER_BYTES`] bytes and 64 attributes.
pub fn parse_ncresponse(body: &str) -> Result<Vec<(String, String)>> {
    use quick_xml::events::Event;
    if body.len() > MAX_ANSWER_BYTES {
        return Err(Error::general(
            ErrorCode::TooLarge,
            format!("the DirectLink answer is {} bytes; at most {MAX_ANSWER_BYTES} are accepted", body.len()),
        ));
    }
    let head = body.trim_start().get(..14).unwrap_or("").to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            "the answer is an HTML page, not an ncresponse (a wrong URL, or a proxy or server error page?)",
        ));
    }
    let malformed = |position: u64, why: &str| {
        Error::general(
            ErrorCode::Malformed,
            format!("the DirectLink answer is not well-formed XML near byte {position}: {why}"),
        )
    };
    let mut reader = quick_xml::Reader::from_str(body);
    let mut attributes: Option<Vec<(String, String)>> = None;
    let mut open = false;
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|_| malformed(position, "broken markup"))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                if attributes.is_some() || open {
                    return Err(malformed(position, "more than the one ncresponse element"));
                }
                if !element.name().as_ref().eq_ignore_ascii_case(b"ncresponse") {
                    return Err(Error::general(
                        ErrorCode::UnexpectedResponse,
                        "the answer's root element is not ncresponse",
                    ));
                }
                let mut read = Vec::new();
                for attribute in element.attributes() {
                    let attribute = attribute.map_err(|_| malformed(position, "a broken attribute"))?;
                    let name = std::str::from_utf8(attribute.key.as_ref())
                        .map_err(|_| malformed(position, "an attribute name is not UTF-8"))?
                        .to_owned();
                    let value =
                        attribute.unescape_value().map_err(|_| malformed(position, "a broken attribute value"))?;
                    if read.iter().any(|(k, _): &(String, String)| k.eq_ignore_ascii_case(&name)) {
                        return Err(Error::field(
                            ErrorCode::Malformed,
                            &name,
                            format!("{name} is present more than once in the answer"),
                        ));
                    }
                    read.push((name, value.into_owned()));
                    if read.len() > MAX_ATTRIBUTES {
                        return Err(Error::general(ErrorCode::TooLarge, "the answer has more than 64 attributes"));
                    }
                }
                open = matches!(event, Event::Start(_));
                attributes = Some(read);
            }
            Event::End(_) if open => open = false,
            Event::End(_) => return Err(malformed(position, "an unexpected closing tag")),
            Event::Text(text) => {
                if !text.iter().all(u8::is_ascii_whitespace) {
                    return Err(malformed(position, "text in the answer"));
                }
            }
            Event::CData(_) => return Err(malformed(position, "CDATA in the answer")),
            Event::DocType(_) => {
                return Err(Error::general(ErrorCode::UnexpectedResponse, "the answer has a DOCTYPE"));
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if open {
        return Err(Error::general(ErrorCode::Malformed, "the DirectLink answer is truncated"));
    }
    attributes.ok_or_else(|| Error::general(ErrorCode::Malformed, "the answer holds no ncresponse element"))
}

/// Read the answer to a maintenance call (`action`) or, with `None`, to a status query.
pub fn verify_answer(response: &HttpResponse, expected: &AnswerExpected, action: Option<Action>) -> Result<Outcome> {
    let given = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
    if !given(&expected.pay_id) && !given(&expected.order_id) {
        return Err(Error::field(
            ErrorCode::MissingField,
            "expected.pay_id",
            "say which payment the answer must be about (expected.pay_id or expected.order_id)",
        ));
    }
    if response.status != 200 {
        return Err(Error::general(
            ErrorCode::UnexpectedResponse,
            format!("the platform answered HTTP {} to the DirectLink call", response.status),
        ));
    }
    let received = parse_ncresponse(&response.body)?;
    let get = |name: &str| {
        received.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    };
    if let Some(nc) = get("NCERROR") {
        if !nc.bytes().all(|b| b == b'0') {
            let plus = get("NCERRORPLUS").map(printable).unwrap_or_default();
            let plus = if plus.is_empty() || plus == "!" { String::new() } else { format!(" ({plus})") };
            return Err(Error::field(
                ErrorCode::GatewayError,
                "NCERROR",
                format!(
                    "the platform refused the call: NCERROR {}: {}{plus}",
                    printable(nc),
                    codes::ncerror_meaning(nc)
                ),
            )
            .with_gateway_code(printable(nc)));
        }
    }
    let wrong = |field: &str| {
        Error::field(ErrorCode::WrongOrder, field, format!("the answer is about another payment ({field} differs)"))
    };
    if let Some(pay_id) = expected.pay_id.as_deref().filter(|p| !p.is_empty()) {
        if get("PAYID") != Some(pay_id) {
            return Err(wrong("PAYID"));
        }
    }
    if let Some(order_id) = expected.order_id.as_deref().filter(|o| !o.is_empty()) {
        if get("orderID") != Some(order_id) {
            return Err(wrong("orderID"));
        }
    }
    let code = get("STATUS").ok_or_else(|| Error::missing("STATUS"))?;
    let (operation, status, message) = match (codes::life(code), action) {
        (Some((operation, status, meaning)), None) => (operation, status, format!("STATUS {code}: {meaning}")),
        (Some((operation, status, meaning)), Some(action)) if operation == action.operation() => {
            (operation, status, format!("STATUS {code}: {meaning}"))
        }
        (Some((operation, _, meaning)), Some(action)) => {
            return Err(Error::field(
                ErrorCode::UnexpectedResponse,
                "STATUS",
                format!(
                    "STATUS {code} ({meaning}) reports a {} where the call asked for a {}",
                    operation.name(),
                    action.operation().name()
                ),
            ))
        }
        (None, action) => (
            action.map_or(Operation::Payment, Action::operation),
            Status::Pending,
            format!("STATUS {}: unknown status, query again later", printable(code)),
        ),
    };
    outcome(&received, operation, status, code, message)
}

fn outcome(
    received: &[(String, String)],
    operation: Operation,
    status: Status,
    code: &str,
    message: String,
) -> Result<Outcome> {
    let fields: VerifiedFields = received.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let upper: BTreeMap<String, &str> = fields.iter().map(|(k, v)| (k.to_ascii_uppercase(), v)).collect();
    let get = |name: &str| upper.get(name).copied().filter(|v| !v.is_empty());
    let currency = get("CURRENCY").map(|c| Currency::parse(c, "currency")).transpose()?;
    let amount =
        get("AMOUNT").map(|a| Amount::parse_decimal(a, currency.unwrap_or(Currency::EUR), "amount")).transpose()?;
    let mut details = BTreeMap::new();
    for (name, key) in [
        ("NCSTATUS", "ncstatus"),
        ("NCERROR", "ncerror"),
        ("ACCEPTANCE", "acceptance"),
        ("PAYIDSUB", "payid_sub"),
        ("PM", "payment_method"),
        ("CARDNO", "card_number"),
        ("ECI", "eci"),
    ] {
        if let Some(v) = get(name) {
            details.insert(key.to_owned(), v.to_owned());
        }
    }
    let payid = get("PAYID").map(str::to_owned);
    let idempotency_key = match &payid {
        Some(p) => format!("ogone:{p}:{}", get("PAYIDSUB").unwrap_or("0")),
        None => format!("ogone:order:{}", get("ORDERID").unwrap_or("")),
    };
    Ok(Outcome {
        gateway: Gateway::Ogone,
        operation,
        status,
        order_id: get("ORDERID").map(str::to_owned),
        transaction_id: payid.clone(),
        gateway_reference: payid,
        amount,
        currency,
        code: code.to_owned(),
        message,
        details,
        card_brand: get("BRAND").map(str::to_owned),
        three_ds: ThreeDSecure::default(),
        warranty: None,
        server_to_server: true,
        idempotency_key,
        unverified: Default::default(),
        fields,
    })
}

/// A gateway-sent text fit for a message: printable ASCII only, at most 80 characters.
fn printable(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn config() -> OgoneConfig {
        serde_json::from_value(serde_json::json!({
            "pspid": "MyPSPID", "environment": "test", "algorithm": "sha1",
            "sha_in_passphrase": "Mysecretsig1875!?", "user_id": "api_user", "api_password": "Api-Pass-123"
        }))
        .unwrap()
    }

    fn check(captured: u64, refunded: u64) -> RefundCheck {
        RefundCheck {
            option: None,
            paid_at: datetime!(2026-03-10 10:00 UTC),
            now: datetime!(2026-03-12 10:00 UTC),
            captured: Amount::from_minor(captured),
            refunded: Amount::from_minor(refunded),
        }
    }

    fn fields(r: &HttpRequest) -> BTreeMap<String, String> {
        urlencoded::parse(r.body.as_bytes(), urlencoded::TextEncoding::Utf8).unwrap().into_iter().collect()
    }

    #[test]
    fn refund_is_rfd_then_rfs_and_signed_with_sha_in() {
        let c = config();
        let r = refund(
            &c,
            &RefundRequest { pay_id: "3012345".into(), amount: Amount::from_minor(500), check: check(1500, 0) },
        )
        .unwrap();
        assert_eq!(r.url, "https://secure.ogone.com/ncol/test/maintenancedirect.asp");
        let f = fields(&r);
        assert_eq!(f["OPERATION"], "RFD");
        assert_eq!(f["AMOUNT"], "500");
        assert_eq!(f["PSWD"], "Api-Pass-123");
        let mut unsigned = f.clone();
        let shasign = unsigned.remove("SHASIGN").unwrap();
        let pairs = unsigned.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let expected = signature::sign(pairs, c.sha_in().unwrap(), c.algorithm, Direction::In, c.charset).unwrap();
        assert_eq!(shasign, expected);
        assert!(!format!("{r:?}").contains("Api-Pass-123"), "{r:?}");
        let last = refund(
            &c,
            &RefundRequest { pay_id: "3012345".into(), amount: Amount::from_minor(1000), check: check(1500, 500) },
        )
        .unwrap();
        assert_eq!(fields(&last)["OPERATION"], "RFS");
        let e = refund(
            &c,
            &RefundRequest { pay_id: "3012345".into(), amount: Amount::from_minor(1001), check: check(1500, 500) },
        )
        .unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::RefundNotAllowed, Some("AMOUNT")));
    }

    #[test]
    fn cancel_and_capture_rules() {
        let c = config();
        let e = cancel(&c, &CancelRequest { pay_id: "1".into(), captured: Amount::from_minor(1), keep_open: false })
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotAllowed);
        let r = cancel(&c, &CancelRequest { pay_id: "1".into(), captured: Amount::ZERO, keep_open: true }).unwrap();
        assert_eq!(fields(&r)["OPERATION"], "DEL");
        assert!(!fields(&r).contains_key("AMOUNT"));
        let capture_of = |amount, captured| CaptureRequest {
            pay_id: "1".into(),
            amount: Amount::from_minor(amount),
            authorised: Amount::from_minor(1000),
            captured: Amount::from_minor(captured),
            last: false,
        };
        assert_eq!(fields(&capture(&c, &capture_of(400, 0)).unwrap())["OPERATION"], "SAL");
        assert_eq!(fields(&capture(&c, &capture_of(600, 400)).unwrap())["OPERATION"], "SAS");
        assert_eq!(capture(&c, &capture_of(601, 400)).unwrap_err().code(), ErrorCode::NotAllowed);
        let mut no_user = c.clone();
        no_user.api_password = None;
        assert_eq!(capture(&no_user, &capture_of(1, 0)).unwrap_err().field_name(), Some("api_password"));
        let q = status(&c, &Query { pay_id: None, order_id: Some("CMD-1".into()), pay_id_sub: Some(2) }).unwrap();
        assert!(q.url.ends_with("/querydirect.asp"));
        assert_eq!(fields(&q)["ORDERID"], "CMD-1");
        assert_eq!(status(&c, &Query::default()).unwrap_err().code(), ErrorCode::MissingField);
    }

    fn answer(body: &str) -> HttpResponse {
        HttpResponse { status: 200, headers: BTreeMap::new(), body: body.to_owned() }
    }

    const REFUNDED: &str = r#"<?xml version="1.0"?><ncresponse orderID="CMD-1" PAYID="3012345" PAYIDSUB="2" NCSTATUS="0" NCERROR="0" NCERRORPLUS="!" ACCEPTANCE="" STATUS="81" amount="5" currency="EUR"></ncresponse>"#;

    #[test]
    fn reads_answers_strictly() {
        let expected = AnswerExpected { pay_id: Some("3012345".into()), order_id: Some("CMD-1".into()) };
        let o = verify_answer(&answer(REFUNDED), &expected, Some(Action::Refund)).unwrap();
        assert_eq!((o.operation, o.status), (Operation::Refund, Status::Pending));
        assert_eq!(o.amount, Some(Amount::from_minor(500)));
        assert_eq!(o.idempotency_key, "ogone:3012345:2");
        let e = verify_answer(&answer(REFUNDED), &expected, Some(Action::Capture)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnexpectedResponse);
        let other = AnswerExpected { pay_id: Some("3012346".into()), order_id: None };
        assert_eq!(verify_answer(&answer(REFUNDED), &other, None).unwrap_err().code(), ErrorCode::WrongOrder);
        let error = r#"<ncresponse orderID="CMD-1" PAYID="0" NCERROR="50001127" NCERRORPLUS="This order is not authorized" STATUS="0"/>"#;
        let e = verify_answer(&answer(error), &expected, Some(Action::Refund)).unwrap_err();
        assert_eq!((e.code(), e.gateway_code()), (ErrorCode::GatewayError, Some("50001127")));
        let unknown = REFUNDED.replace("STATUS=\"81\"", "STATUS=\"86\"");
        let o = verify_answer(&answer(&unknown), &expected, Some(Action::Refund)).unwrap();
        assert_eq!(o.status, Status::Pending);
        for bad in [
            "",
            "<html><body>502</body></html>",
            "<ncresponse STATUS=\"9\" status=\"8\"/>",
            "<ncresponse STATUS=\"9\"><x/></ncresponse>",
            "<ncresponse STATUS=\"9\">text</ncresponse>",
            "<ncresponse STATUS=\"9\"/><ncresponse/>",
            "<ncresponse STATUS=\"9\">",
            "<other STATUS=\"9\"/>",
            "<!DOCTYPE x><ncresponse/>",
        ] {
            assert!(parse_ncresponse(bad).is_err() || verify_answer(&answer(bad), &expected, None).is_err(), "{bad}");
        }
        assert_eq!(parse_ncresponse(&" ".repeat(MAX_ANSWER_BYTES + 1)).unwrap_err().code(), ErrorCode::TooLarge);
        let mut failed = answer(REFUNDED);
        failed.status = 500;
        assert_eq!(verify_answer(&failed, &expected, None).unwrap_err().code(), ErrorCode::UnexpectedResponse);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(body in ".{0,400}") {
            let _ = parse_ncresponse(&body);
            let _ = verify_answer(&answer(&body), &AnswerExpected { pay_id: Some("1".into()), order_id: None }, None);
        }
    }
}
