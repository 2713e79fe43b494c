//! Status inquiry, server to server: `inquire.aspx` (Computop Paygate manual, "Status inquiries", "Status
//! inquiries based on PayID").
//!
//! The request carries `MerchantID`, `PayID`, `TransID` and the MAC over `PayID*TransID*MerchantID*Amount*Currency`
//! with `Amount` and `Currency` left empty, an inquiry having neither (Computop's MAC calculator: "If any field is
//! not required, leave it empty (e.g. … inquire has no amount)"). The answer's `Status` and `Code` are those of the
//! inquiry, not of the payment; the payment's state is `AmountAuth`, `AmountCap` and `AmountCred` ("The
//! LastStatus parameter is not sufficient to determine the status because it supplies the status of only the
//! last transaction"). The answer is read like a credit answer (decrypted, its MAC checked when present, `mid`,
//! `PayID` and `TransID` checked) and its amounts folded into the same [`Outcome`] a notify gives, so that a shop
//! whose notify never arrived can hand it to `plan.order_state`.
//!
//! Paygate's MAC covers `PayID*TransID*mid*Status*Code` only: the amounts are not covered by it and rest on the TLS
//! connection the shop itself opened to Paygate.

use super::config::ComputopConfig;
use super::plaintext::Fields;
use super::refund;
use super::response::{self, Expected};
use super::{codes, mac};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{truncate_for_message, Amount, Currency};
use crate::outcome::{Operation, Outcome, Status};

/// The Paygate page for status inquiries by PayID.
pub const PAGE: &str = "inquire.aspx";

/// Build the `inquire.aspx` request for a payment.
pub fn inquire(config: &ComputopConfig, pay_id: &str, trans_id: &str, iv: Option<&str>) -> Result<HttpRequest> {
    config.validate()?;
    refund::check_reference(pay_id, trans_id, Currency::EUR)?;
    let message = format!("{pay_id}*{trans_id}*{}**", config.merchant_id);
    let fields: Vec<(&str, String)> = vec![
        ("MerchantID", config.merchant_id.clone()),
        ("PayID", pay_id.to_owned()),
        ("TransID", trans_id.to_owned()),
        ("MAC", mac::mac(message.as_bytes(), &config.mac_key)?),
    ];
    refund::post(config, PAGE, &fields, iv)
}

/// A verified inquiry answer: the payment as an [`Outcome`], and its amounts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopPaymentStatus")]
pub struct PaymentStatus {
    /// The payment as a notify would report it: `operation` `payment` (authorised or captured) or `refund`
    /// (something was credited), `status` from the amounts and `LastStatus`; never `accepted` on a doubt.
    pub outcome: Outcome,
    /// `AmountAuth`: authorised, cents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorized: Option<Amount>,
    /// `AmountCap`: captured, cents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captured: Option<Amount>,
    /// `AmountCred`: credited, cents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credited: Option<Amount>,
    /// What `computop.refund` may still credit: captured minus credited.
    pub refundable: Amount,
    /// `LastStatus`: the status of the payment's last step only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
}

fn amount(fields: &Fields, name: &str) -> Result<Option<Amount>> {
    fields.get(name).filter(|a| !a.is_empty()).map(|a| Amount::parse_minor(a, name)).transpose()
}

/// Read and check an `inquire.aspx` answer for the payment `expected.pay_id` (required).
pub fn verify_answer(config: &ComputopConfig, response: &HttpResponse, expected: &Expected) -> Result<PaymentStatus> {
    if expected.pay_id.is_none() {
        return Err(Error::field(
            ErrorCode::MissingField,
            "expected.pay_id",
            "give the PayID the status was asked for, so that the answer is checked against it",
        ));
    }
    let fields = refund::answer_fields(config, response, expected, "status inquiry")?;
    let inquiry = response::outcome(&fields, true)?;
    if inquiry.code != codes::SUCCESS || inquiry.status != Status::Accepted {
        return Err(codes::gateway_error(&inquiry.code, fields.get("Description")));
    }
    let authorized = amount(&fields, "AmountAuth")?;
    let captured = amount(&fields, "AmountCap")?;
    let credited = amount(&fields, "AmountCred")?;
    let last_status = fields.get("LastStatus").filter(|s| !s.is_empty()).map(str::to_ascii_uppercase);
    let positive = |a: Option<Amount>| a.filter(|a| *a != Amount::ZERO);
    let last = last_status.as_deref().unwrap_or("");
    let (operation, status, value, message) = match (positive(credited), positive(captured), positive(authorized)) {
        (Some(c), _, _) => (Operation::Refund, Status::Accepted, Some(c), format!("{c} credited to the buyer")),
        (None, Some(c), _) => (Operation::Payment, Status::Accepted, Some(c), format!("{c} captured")),
        (None, None, Some(a)) if last == "AUTHORIZED" => {
            (Operation::Payment, Status::Accepted, Some(a), format!("{a} authorised, not captured yet"))
        }
        (None, None, Some(a)) => (
            Operation::Payment,
            Status::Pending,
            Some(a),
            format!("{a} authorised but the last step is {:?}: check it before shipping", truncate_for_message(last)),
        ),
        (None, None, None) if last == "FAILED" => {
            (Operation::Payment, Status::Refused, None, "nothing authorised: the payment failed".to_owned())
        }
        (None, None, None) => (
            Operation::Payment,
            Status::Pending,
            None,
            format!("nothing authorised, captured or credited yet (last step {:?})", truncate_for_message(last)),
        ),
    };
    let mut outcome = inquiry;
    outcome.operation = operation;
    outcome.status = status;
    outcome.amount = value;
    outcome.code = last_status.clone().unwrap_or_else(|| "NONE".to_owned());
    outcome.message = message;
    outcome.details.insert("inquiry_code".to_owned(), codes::SUCCESS.to_owned());
    let refundable =
        captured.unwrap_or(Amount::ZERO).checked_sub(credited.unwrap_or(Amount::ZERO)).unwrap_or(Amount::ZERO);
    Ok(PaymentStatus { outcome, authorized, captured, credited, refundable, last_status })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn config() -> ComputopConfig {
        serde_json::from_value(serde_json::json!({
            "merchant_id": "cpay_test", "blowfish_key": "bf-pass-1234", "mac_key": "hmac-pass-5678"
        }))
        .unwrap()
    }

    const PAY_ID: &str = "0123456789abcdef0123456789abcdef";

    fn read(extra: &str) -> Result<PaymentStatus> {
        let body = format!("mid=cpay_test&PayID={PAY_ID}&TransID=CMD1&Status=OK&Code=00000000{extra}");
        let expected = Expected { pay_id: Some(PAY_ID.into()), trans_id: Some("CMD1".into()) };
        verify_answer(&config(), &HttpResponse { status: 200, headers: Default::default(), body }, &expected)
    }

    #[test]
    fn request_mac_leaves_amount_and_currency_empty() {
        let r = inquire(&config(), PAY_ID, "CMD1", None).unwrap();
        assert_eq!(r.url, "https://www.computop-paygate.com/inquire.aspx");
        let m = mac::mac(format!("{PAY_ID}*CMD1*cpay_test**").as_bytes(), &Secret::from("hmac-pass-5678")).unwrap();
        let outer = Fields::from_pairs(
            crate::urlencoded::parse(r.body.as_bytes(), crate::urlencoded::TextEncoding::Utf8).unwrap(),
        )
        .unwrap();
        let len = outer.get("Len").unwrap().parse().unwrap();
        let text = super::super::blowfish::decrypt(outer.get("Data").unwrap(), len, &config().blowfish_key).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            format!("MerchantID=cpay_test&PayID={PAY_ID}&TransID=CMD1&MAC={m}")
        );
    }

    #[test]
    fn amounts_decide() {
        let s = read("&LastStatus=OK&AmountAuth=45000&AmountCap=45000&AmountCred=0").unwrap();
        assert_eq!(
            (s.outcome.operation, s.outcome.status, s.refundable.minor()),
            (Operation::Payment, Status::Accepted, 45_000)
        );
        let s = read("&LastStatus=OK&AmountAuth=45000&AmountCap=45000&AmountCred=5000").unwrap();
        assert_eq!((s.outcome.operation, s.refundable.minor()), (Operation::Refund, 40_000));
        assert_eq!(read("&LastStatus=AUTHORIZED&AmountAuth=45000").unwrap().outcome.status, Status::Accepted);
        assert_eq!(read("&LastStatus=WEIRD&AmountAuth=45000").unwrap().outcome.status, Status::Pending);
        assert_eq!(read("&LastStatus=FAILED").unwrap().outcome.status, Status::Refused);
        assert_eq!(read("").unwrap().outcome.status, Status::Pending);
        let failed = HttpResponse {
            status: 200,
            headers: Default::default(),
            body: format!("mid=cpay_test&PayID={PAY_ID}&TransID=CMD1&Status=FAILED&Code=21300012"),
        };
        let expected = Expected { pay_id: Some(PAY_ID.into()), trans_id: None };
        assert_eq!(verify_answer(&config(), &failed, &expected).unwrap_err().code(), ErrorCode::GatewayError);
    }
}
