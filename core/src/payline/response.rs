//! Payline's SOAP answers → values: the doWebPayment token and redirect URL, the getWebPaymentDetails
//! [`Outcome`], and the doCapture / doRefund results.
//!
//! Payline's notifications carry no signature (Payline WebPayment API documentation, `getWebPaymentDetails`): the
//! getWebPaymentDetails answer, fetched by the shop itself over HTTPS with its credentials, is the only trusted
//! source. Before it is classified, it must be about the shop's order: its `order.ref` must be the expected one,
//! and the token the details were asked for must be the one the shop stored for that order when it called
//! doWebPayment.

use super::codes;
use super::soap::{self, Element, NS_IMPL, NS_OBJ};
use crate::error::{Error, ErrorCode, Result};
use crate::money::{truncate_for_message, Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, ThreeDSecure};
use crate::secret::constant_time_eq;
use std::collections::BTreeMap;

/// A `result` element: code and messages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineResultCode")]
pub struct ResultCode {
    /// Five digits, e.g. `00000`.
    pub code: String,
    /// `shortMessage` (e.g. `ACCEPTED`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_message: Option<String>,
    /// `longMessage` (e.g. `Transaction approved`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long_message: Option<String>,
}

impl ResultCode {
    pub(crate) fn read(response: &Element) -> Result<ResultCode> {
        let result = response.child(NS_IMPL, "result").ok_or_else(|| missing("result"))?;
        let code = result.child_text(NS_OBJ, "code").ok_or_else(|| missing("result.code"))?;
        if !codes::is_code(code) {
            return Err(Error::field(
                ErrorCode::UnexpectedResponse,
                "result.code",
                format!("result.code is not a five-digit Payline code (got {:?})", truncate_for_message(code)),
            ));
        }
        Ok(ResultCode {
            code: code.to_owned(),
            short_message: result.child_text(NS_OBJ, "shortMessage").map(str::to_owned),
            long_message: result.child_text(NS_OBJ, "longMessage").map(str::to_owned),
        })
    }

    pub(crate) fn describe(&self) -> String {
        match (&self.short_message, &self.long_message) {
            (Some(s), Some(l)) => format!("{s}: {l}"),
            (Some(m), None) | (None, Some(m)) => m.clone(),
            (None, None) => "no message".to_owned(),
        }
    }

    /// Anything but `00000` as a [`ErrorCode::GatewayError`] carrying the code.
    pub(super) fn require_success(self, operation: &str) -> Result<ResultCode> {
        if self.code == "00000" {
            return Ok(self);
        }
        Err(Error::general(
            ErrorCode::GatewayError,
            format!("Payline refused {operation} with code {}: {}", self.code, truncate_for_message(&self.describe())),
        )
        .with_gateway_code(self.code))
    }
}

pub(super) fn missing(element: &str) -> Error {
    Error::field(ErrorCode::UnexpectedResponse, element, format!("the Payline answer has no {element}"))
}

/// What doWebPayment answered: send the buyer to `redirect_url` and store `token` with the order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineWebPaymentAnswer")]
pub struct WebPaymentAnswer {
    /// The result (always `00000` here; other codes are errors).
    #[serde(flatten)]
    pub result: ResultCode,
    /// The web payment token: store it with the order, it identifies the notifications.
    pub token: String,
    /// The hosted payment page.
    pub redirect_url: String,
}

/// Read a doWebPayment answer.
pub fn web_payment_answer(body: &str) -> Result<WebPaymentAnswer> {
    token_answer(body, "doWebPayment")
}

/// Read an answer that opens a Payline page: `result`, `token`, `redirectURL` (doWebPayment, manageWebWallet).
pub(super) fn token_answer(body: &str, operation: &str) -> Result<WebPaymentAnswer> {
    let response = soap::body_element(body, &format!("{operation}Response"))?;
    let result = ResultCode::read(&response)?.require_success(operation)?;
    let token = response.child_text(NS_IMPL, "token").ok_or_else(|| missing("token"))?;
    super::request::check_token("token", token)
        .map_err(|e| Error::field(ErrorCode::UnexpectedResponse, "token", e.message().to_owned()))?;
    let redirect_url = response.child_text(NS_IMPL, "redirectURL").ok_or_else(|| missing("redirectURL"))?;
    crate::http::check_gateway_url(redirect_url, "redirectURL", ErrorCode::UnexpectedResponse)?;
    Ok(WebPaymentAnswer { result, token: token.to_owned(), redirect_url: redirect_url.to_owned() })
}

/// What doCapture, doRefund, doReset or doReAuthorization answered (only `00000` — done — is a success).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineOperationAnswer")]
pub struct OperationAnswer {
    /// The operation done: `capture` (doCapture), `refund` (doRefund), `cancellation` (doReset) or
    /// `payment` (doReAuthorization: a new authorisation of the same payment).
    pub operation: Operation,
    /// The result.
    #[serde(flatten)]
    pub result: ResultCode,
    /// The new transaction's id (the capture's or the refund's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// Its date as Payline writes it (`dd/mm/yyyy HH:mm`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
}

/// Read a `"doCapture"`, `"doRefund"`, `"doReset"` or `"doReAuthorization"` answer.
pub fn operation_answer(body: &str, operation: &str) -> Result<OperationAnswer> {
    let kind = match operation {
        "doCapture" => Operation::Capture,
        "doRefund" => Operation::Refund,
        "doReset" => Operation::Cancellation,
        "doReAuthorization" => Operation::Payment,
        _ => return Err(Error::general(ErrorCode::Internal, "not a Payline operation with an operation answer")),
    };
    let response = soap::body_element(body, &format!("{operation}Response"))?;
    let result = ResultCode::read(&response)?.require_success(operation)?;
    let transaction = response.child(NS_IMPL, "transaction");
    let get = |name: &str| transaction.and_then(|t| t.child_text(NS_OBJ, name)).map(str::to_owned);
    Ok(OperationAnswer { operation: kind, result, transaction_id: get("id"), transaction_date: get("date") })
}

/// What the shop knows about the payment it asked the details of; each given value is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineExpected")]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The shop's order reference: `order.ref` must equal it.
    #[serde(default)]
    pub order_ref: Option<String>,
    /// The token the shop stored for that order (from doWebPayment): the token the details were asked
    /// for must equal it.
    #[serde(default)]
    pub token: Option<String>,
    /// The order amount in minor units: `payment.amount` must equal it.
    #[serde(default)]
    pub amount: Option<Amount>,
}

/// Read a getWebPaymentDetails answer, check it is about the expected order, and classify it.
///
/// `token` is the token the details were asked for (from the notification or the return URL).
pub fn outcome(body: &str, token: Option<&str>, expected: &Expected) -> Result<Outcome> {
    let response = soap::body_element(body, "getWebPaymentDetailsResponse")?;
    let result = ResultCode::read(&response)?;
    let obj = |parent: &str, name: &str| {
        response.child(NS_IMPL, parent).and_then(|p| p.child_text(NS_OBJ, name)).map(str::to_owned)
    };
    let order_ref = obj("order", "ref");
    check_expected(expected, token, order_ref.as_deref(), obj("payment", "amount").as_deref())?;

    let (status, meaning) = codes::classify(&result.code);
    let mut message = format!("{}: {meaning}", result.code);
    if result.short_message.is_some() || result.long_message.is_some() {
        message.push_str(&format!(" ({})", result.describe()));
    }
    let amount = obj("payment", "amount").map(|a| Amount::parse_minor(&a, "payment.amount")).transpose()?;
    let currency = obj("payment", "currency").map(|c| Currency::parse(&c, "payment.currency")).transpose()?;
    let transaction_id = obj("transaction", "id");
    let is_possible_fraud = obj("transaction", "isPossibleFraud");
    if is_possible_fraud.as_deref() == Some("1") {
        message.push_str(" — Payline flags a possible fraud");
    }
    if obj("transaction", "isDuplicated").as_deref() == Some("1") {
        message.push_str(" — Payline reports a duplicated transaction");
    }

    let mut details = BTreeMap::new();
    for (key, value) in [
        ("short_message", result.short_message.clone()),
        ("long_message", result.long_message.clone()),
        ("is_possible_fraud", is_possible_fraud),
        ("is_duplicated", obj("transaction", "isDuplicated")),
        ("fraud_result", obj("transaction", "fraudResult")),
        ("transaction_date", obj("transaction", "date")),
        ("authorization_number", obj("authorization", "number")),
        ("authorization_date", obj("authorization", "date")),
        ("payment_action", obj("payment", "action")),
        ("payment_mode", obj("payment", "mode")),
        ("contract_number", response.child_text(NS_IMPL, "contractNumber").map(str::to_owned)),
        ("card_number", obj("card", "number")),
        ("card_expiration", obj("card", "expirationDate")),
        ("token", token.map(str::to_owned)),
    ] {
        if let Some(value) = value {
            details.insert(key.to_owned(), value);
        }
    }
    let three_ds = ThreeDSecure { status: obj("transaction", "threeDSecure"), ..ThreeDSecure::default() };
    let idempotency_key = match (&transaction_id, token) {
        (Some(id), _) => format!("payline:{id}"),
        (None, Some(token)) => format!("payline:token:{token}"),
        (None, None) => format!("payline:order:{}:{}", order_ref.as_deref().unwrap_or(""), result.code),
    };
    let mut fields = BTreeMap::new();
    response.leaves("", &mut fields);
    Ok(Outcome {
        gateway: Gateway::Payline,
        operation: Operation::Payment,
        status,
        order_id: order_ref,
        transaction_id: transaction_id.clone(),
        gateway_reference: transaction_id,
        amount,
        currency,
        code: result.code,
        message,
        details,
        card_brand: obj("card", "type"),
        three_ds,
        warranty: None,
        server_to_server: true,
        idempotency_key,
        fields: fields.iter().collect(),
        unverified: BTreeMap::new(),
    })
}

fn check_expected(
    expected: &Expected,
    token: Option<&str>,
    order_ref: Option<&str>,
    amount: Option<&str>,
) -> Result<()> {
    if let Some(want) = &expected.order_ref {
        if order_ref != Some(want.as_str()) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "order.ref",
                "the payment details are for another order (order.ref differs from the expected order)",
            ));
        }
    }
    if let Some(stored) = &expected.token {
        let asked = token.ok_or_else(|| {
            Error::field(
                ErrorCode::MissingField,
                "token",
                "give the token the details were asked for, to check it is the one stored for the order",
            )
        })?;
        if !constant_time_eq(asked.as_bytes(), stored.as_bytes()) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "token",
                "the token is not the one the shop stored for this order (a token for another order)",
            ));
        }
    }
    if let Some(want) = expected.amount {
        if amount != Some(want.to_string().as_str()) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "payment.amount",
                "the payment details are for another amount than the order's",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Status;
    use proptest::prelude::*;

    fn answer(code: &str, order_ref: &str) -> String {
        format!(
            r#"<s:Envelope xmlns:s="{}"><s:Body><getWebPaymentDetailsResponse xmlns="{NS_IMPL}" xmlns:o="{NS_OBJ}"><result><o:code>{code}</o:code></result><transaction><o:id>T1</o:id></transaction><payment><o:amount>100</o:amount><o:currency>978</o:currency></payment><card><o:type>AURORE</o:type></card><order><o:ref>{order_ref}</o:ref></order></getWebPaymentDetailsResponse></s:Body></s:Envelope>"#,
            soap::SOAP_ENV
        )
    }

    #[test]
    fn binds_token_and_order() {
        let expected = Expected { order_ref: Some("A1".into()), token: Some("tok1".into()), amount: None };
        let o = outcome(&answer("00000", "A1"), Some("tok1"), &expected).unwrap();
        assert_eq!((o.status, o.card_brand.as_deref()), (Status::Accepted, Some("AURORE")));
        assert_eq!(o.fields.get("card.type"), Some("AURORE"));
        let e = outcome(&answer("00000", "A2"), Some("tok1"), &expected).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::WrongOrder, Some("order.ref")));
        let e = outcome(&answer("00000", "A1"), Some("tok2"), &expected).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::WrongOrder, Some("token")));
        let e = outcome(&answer("00000", "A1"), None, &expected).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MissingField);
        assert_eq!(outcome(&answer("04003", "A1"), Some("tok1"), &expected).unwrap().status, Status::Pending);
    }

    #[test]
    fn redirect_url_is_https_or_the_loopback() {
        let answer = |url: &str| {
            format!(
                r#"<s:Envelope xmlns:s="{}"><s:Body><doWebPaymentResponse xmlns="{NS_IMPL}" xmlns:o="{NS_OBJ}"><result><o:code>00000</o:code></result><token>tok1</token><redirectURL>{url}</redirectURL></doWebPaymentResponse></s:Body></s:Envelope>"#,
                soap::SOAP_ENV
            )
        };
        assert!(web_payment_answer(&answer("https://homologation-webpayment.payline.com/v2/?token=tok1")).is_ok());
        assert!(web_payment_answer(&answer("http://127.0.0.1:8099/payline/webpayment/tok1")).is_ok());
        let e = web_payment_answer(&answer("http://payline.example/webpayment/tok1")).unwrap_err();
        assert_eq!(e.field_name(), Some("redirectURL"));
    }

    proptest! {
        /// Any byte changed anywhere in a genuine answer: an error or an outcome, never a panic, and a changed
        /// order reference is never accepted for the expected order.
        #[test]
        fn mutated_answers_never_panic(at in 0usize..600, byte in any::<u8>()) {
            let mut bytes = answer("00000", "A1").into_bytes();
            let i = at % bytes.len();
            bytes[i] = byte;
            if let Ok(text) = String::from_utf8(bytes) {
                let expected = Expected { order_ref: Some("A1".into()), ..Expected::default() };
                if let Ok(o) = outcome(&text, None, &expected) {
                    prop_assert_eq!(o.order_id.as_deref(), Some("A1"));
                }
            }
        }
    }
}
