//! Reversal, server to server: `reverse.aspx` (Computop Paygate manual, "Capture / Credit / Reversal").
//!
//! Paygate's reversal "reverses not only authorizations but ALWAYS THE LAST TRANSACTION STEP" (Computop Paygate
//! manual, "Status inquiries"): after a capture it reverses the capture, after a credit the credit. So cpay builds
//! a reversal only for an authorisation with nothing captured and nothing credited, as the shop last read them
//! from `computop.status` (`inquire.aspx`), and sends money back after a capture with `computop.refund`. The FullCB
//! rule that the first notify must have been answered applies as to every follow-up action.

use super::config::ComputopConfig;
use super::mac;
use super::refund::{self, eur};
use super::response::Expected;
use crate::error::{Error, ErrorCode, Result};
use crate::format::FieldFormat;
use crate::http::{HttpRequest, HttpResponse};
use crate::money::{Amount, Currency};
use crate::outcome::{Operation, Outcome};

/// The Paygate page for reversals.
pub const PAGE: &str = "reverse.aspx";

/// A reversal (cancellation) of an authorised FullCB payment that nothing was captured or credited from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopReverseRequest")]
#[serde(deny_unknown_fields)]
pub struct ReverseRequest {
    /// `PayID` of the payment (an32).
    pub pay_id: String,
    /// `TransID` (ans..64).
    pub trans_id: String,
    /// Amount to reverse, cents.
    pub amount: Amount,
    /// EUR (the default and the only currency of Cetelem payments).
    #[serde(default = "eur")]
    pub currency: Currency,
    /// What is authorised, cents (`AmountAuth` of `computop.status`).
    pub authorized: Amount,
    /// What was captured, cents (`AmountCap`): must be 0, a captured payment is refunded, not reversed.
    pub captured: Amount,
    /// What was credited, cents (`AmountCred`): must be 0.
    pub credited: Amount,
    /// `ReqId` (ans..32): the same value on a retry makes Paygate return the first result.
    #[serde(default)]
    pub req_id: Option<String>,
    /// Whether the shop has answered the payment's first notify (required by Paygate before a reversal).
    pub notify_answered: bool,
}

/// Build the `reverse.aspx` request, once the rules above allow it.
pub fn reverse(config: &ComputopConfig, request: &ReverseRequest, iv: Option<&str>) -> Result<HttpRequest> {
    config.validate()?;
    refund::check_reference(&request.pay_id, &request.trans_id, request.currency)?;
    refund::check_notify_answered(request.notify_answered)?;
    if request.captured != Amount::ZERO || request.credited != Amount::ZERO {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "captured",
            "Paygate reverses the last step of a payment: once something was captured or credited, give money back with computop.refund",
        ));
    }
    if request.authorized == Amount::ZERO {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "authorized",
            "nothing is authorised: there is nothing to reverse",
        ));
    }
    if request.amount == Amount::ZERO {
        return Err(Error::field(ErrorCode::InvalidValue, "Amount", "the amount to reverse must be greater than zero"));
    }
    if request.amount > request.authorized {
        return Err(Error::field(
            ErrorCode::NotAllowed,
            "Amount",
            format!("at most the authorised {} can be reversed", request.authorized),
        ));
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
    refund::post(config, PAGE, &fields, iv)
}

/// Read and check a `reverse.aspx` answer: an [`Outcome`] with `operation: cancellation`; a refused reversal is a
/// `gateway_error`.
pub fn verify_answer(config: &ComputopConfig, response: &HttpResponse, expected: &Expected) -> Result<Outcome> {
    let fields = refund::answer_fields(config, response, expected, "reversal")?;
    refund::action_outcome(&fields, Operation::Cancellation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::computop::{blowfish, plaintext::Fields};
    use crate::outcome::Status;
    use crate::secret::Secret;
    use crate::urlencoded;

    fn config() -> ComputopConfig {
        serde_json::from_value(serde_json::json!({
            "merchant_id": "cpay_test", "blowfish_key": "bf-pass-1234", "mac_key": "hmac-pass-5678"
        }))
        .unwrap()
    }

    const PAY_ID: &str = "0123456789abcdef0123456789abcdef";

    fn request() -> ReverseRequest {
        ReverseRequest {
            pay_id: PAY_ID.into(),
            trans_id: "CMD1".into(),
            amount: Amount::from_minor(45_000),
            currency: Currency::EUR,
            authorized: Amount::from_minor(45_000),
            captured: Amount::ZERO,
            credited: Amount::ZERO,
            req_id: None,
            notify_answered: true,
        }
    }

    #[test]
    fn builds_and_refuses() {
        let r = reverse(&config(), &request(), None).unwrap();
        assert_eq!(r.url, "https://www.computop-paygate.com/reverse.aspx");
        let outer =
            Fields::from_pairs(urlencoded::parse(r.body.as_bytes(), urlencoded::TextEncoding::Utf8).unwrap()).unwrap();
        let len = outer.get("Len").unwrap().parse().unwrap();
        let text = blowfish::decrypt(outer.get("Data").unwrap(), len, &Secret::from("bf-pass-1234")).unwrap();
        let m =
            mac::mac(format!("{PAY_ID}*CMD1*cpay_test*45000*EUR").as_bytes(), &Secret::from("hmac-pass-5678")).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            format!("MerchantID=cpay_test&PayID={PAY_ID}&TransID=CMD1&Amount=45000&Currency=EUR&MAC={m}")
        );
        let field = |r: ReverseRequest| reverse(&config(), &r, None).unwrap_err().field_name().map(str::to_owned);
        assert_eq!(field(ReverseRequest { captured: Amount::from_minor(1), ..request() }).as_deref(), Some("captured"));
        assert_eq!(field(ReverseRequest { credited: Amount::from_minor(1), ..request() }).as_deref(), Some("captured"));
        assert_eq!(
            field(ReverseRequest { amount: Amount::from_minor(45_001), ..request() }).as_deref(),
            Some("Amount")
        );
        assert_eq!(field(ReverseRequest { notify_answered: false, ..request() }).as_deref(), Some("notify_answered"));
    }

    #[test]
    fn reads_the_answer_as_a_cancellation() {
        let plain = format!("mid=cpay_test&PayID={PAY_ID}&XID=x&TransID=CMD1&Status=OK&Code=00000000");
        let answer = HttpResponse { status: 200, headers: Default::default(), body: plain };
        let o = verify_answer(&config(), &answer, &Expected::default()).unwrap();
        assert_eq!((o.operation, o.status), (Operation::Cancellation, Status::Accepted));
    }
}
