//! `getTransactionDetails` answers → a verified [`Outcome`] for one transaction (Payline documentation,
//! "Webservice - getTransactionDetailsResponse"; the WSDL's `getTransactionDetailsResponse`).
//!
//! `getWebPaymentDetails` (`payline.status`) answers for a web payment's token; `getTransactionDetails` answers
//! for a transaction id: the id a `TRS` notification carries, or the id of a capture, refund, reset or
//! re-authorisation the shop made. The answer is fetched by the shop over HTTPS with its credentials (Payline
//! signs nothing), so it is trusted only once it is about what the shop asked: the transaction id asked for, and
//! when the shop says so its order reference, amount and contract number (the contract is the shop's point of
//! sale: another contract is another shop). Only then is it classified: `payment.action` says which operation
//! the transaction is (100/101 payment, 201 capture, 421 refund, 422 credit), `result.code` how it went.

use super::codes;
use super::response::ResultCode;
use super::soap::{self, NS_IMPL, NS_OBJ};
use crate::error::{Error, ErrorCode, Result};
use crate::money::{truncate_for_message, Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, Status, ThreeDSecure};
use std::collections::BTreeMap;

/// What the shop knows about the transaction it asked the details of; each given value is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineTransactionExpected")]
#[serde(deny_unknown_fields)]
pub struct TransactionExpected {
    /// The shop's order reference: `order.ref` must equal it.
    #[serde(default)]
    pub order_ref: Option<String>,
    /// The amount in minor units: `payment.amount` must equal it.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// The shop's Cpay contract number: `payment.contractNumber` (or the answer's `contractNumber`) must equal it.
    #[serde(default)]
    pub contract_number: Option<String>,
}

/// The operation a `payment.action` code reports (Payline documentation, "Codes - Action"). `None`: not a code
/// cpay knows, reported as a pending payment (never accepted).
pub fn operation_of(action: &str) -> Option<Operation> {
    match action {
        "100" | "101" => Some(Operation::Payment),
        "201" => Some(Operation::Capture),
        "421" | "422" => Some(Operation::Refund),
        _ => None,
    }
}

fn wrong(code: ErrorCode, field: &str, message: &str) -> Error {
    Error::field(code, field, message.to_owned())
}

/// Read a getTransactionDetails answer for `transaction_id`, check it is about what the shop expects, classify it.
pub fn outcome(body: &str, transaction_id: &str, expected: &TransactionExpected) -> Result<Outcome> {
    let response = soap::body_element(body, "getTransactionDetailsResponse")?;
    let result = ResultCode::read(&response)?;
    let obj = |parent: &str, name: &str| {
        response.child(NS_IMPL, parent).and_then(|p| p.child_text(NS_OBJ, name)).map(str::to_owned)
    };
    let (status, meaning) = codes::classify(&result.code);
    let Some(id) = obj("transaction", "id") else {
        if status == Status::Accepted {
            return Err(wrong(
                ErrorCode::UnexpectedResponse,
                "transaction.id",
                "the Payline answer has no transaction.id",
            ));
        }
        return Err(Error::general(
            ErrorCode::GatewayError,
            format!(
                "Payline answered getTransactionDetails with code {}: {}",
                result.code,
                truncate_for_message(&result.describe())
            ),
        )
        .with_gateway_code(result.code));
    };
    if id != transaction_id {
        return Err(wrong(
            ErrorCode::WrongOrder,
            "transaction.id",
            "the details are for another transaction than the one asked",
        ));
    }
    let order_ref = obj("order", "ref");
    if let Some(want) = &expected.order_ref {
        if order_ref.as_deref() != Some(want.as_str()) {
            return Err(wrong(
                ErrorCode::WrongOrder,
                "order.ref",
                "the transaction is for another order (order.ref differs)",
            ));
        }
    }
    let amount_text = obj("payment", "amount");
    if let Some(want) = expected.amount {
        if amount_text.as_deref() != Some(want.to_string().as_str()) {
            return Err(wrong(ErrorCode::WrongOrder, "payment.amount", "the transaction is for another amount"));
        }
    }
    let contract =
        obj("payment", "contractNumber").or_else(|| response.child_text(NS_IMPL, "contractNumber").map(str::to_owned));
    if let Some(want) = &expected.contract_number {
        if contract.as_deref() != Some(want.as_str()) {
            return Err(wrong(
                ErrorCode::WrongShop,
                "payment.contractNumber",
                "the transaction is for another contract than the shop's",
            ));
        }
    }

    let action = obj("payment", "action");
    let (operation, status, mut message) = match action.as_deref().and_then(operation_of) {
        Some(operation) => (operation, status, format!("{}: {meaning}", result.code)),
        None => (
            Operation::Payment,
            if status == Status::Accepted { Status::Pending } else { status },
            format!(
                "{}: payment.action {:?} is not an action cpay knows: hold the order and check it in the administration centre",
                result.code,
                truncate_for_message(action.as_deref().unwrap_or(""))
            ),
        ),
    };
    if result.short_message.is_some() || result.long_message.is_some() {
        message.push_str(&format!(" ({})", result.describe()));
    }
    let amount = amount_text.map(|a| Amount::parse_minor(&a, "payment.amount")).transpose()?;
    let currency = obj("payment", "currency").map(|c| Currency::parse(&c, "payment.currency")).transpose()?;

    let mut details = BTreeMap::new();
    for (key, value) in [
        ("short_message", result.short_message.clone()),
        ("long_message", result.long_message.clone()),
        ("payment_action", action),
        ("payment_mode", obj("payment", "mode")),
        ("contract_number", contract),
        ("transaction_date", obj("transaction", "date")),
        ("is_possible_fraud", obj("transaction", "isPossibleFraud")),
        ("is_duplicated", obj("transaction", "isDuplicated")),
        ("authorization_number", obj("authorization", "number")),
        ("linked_transaction_id", response.child_text(NS_IMPL, "linkedTransactionId").map(str::to_owned)),
    ] {
        if let Some(value) = value {
            details.insert(key.to_owned(), value);
        }
    }
    let mut fields = BTreeMap::new();
    response.leaves("", &mut fields);
    Ok(Outcome {
        gateway: Gateway::Payline,
        operation,
        status,
        order_id: order_ref,
        transaction_id: Some(id.clone()),
        gateway_reference: Some(id.clone()),
        amount,
        currency,
        code: result.code,
        message,
        details,
        card_brand: obj("card", "type"),
        three_ds: ThreeDSecure { status: obj("transaction", "threeDSecure"), ..ThreeDSecure::default() },
        warranty: None,
        server_to_server: true,
        idempotency_key: format!("payline:{id}"),
        unverified: Default::default(),
        fields: fields.iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answer(code: &str, id: &str, action: &str) -> String {
        format!(
            r#"<s:Envelope xmlns:s="{}"><s:Body><getTransactionDetailsResponse xmlns="{NS_IMPL}" xmlns:o="{NS_OBJ}"><result><o:code>{code}</o:code></result><transaction><o:id>{id}</o:id></transaction><payment><o:amount>100</o:amount><o:currency>978</o:currency><o:action>{action}</o:action><o:mode>CPT</o:mode><o:contractNumber>C1</o:contractNumber></payment><order><o:ref>A1</o:ref></order></getTransactionDetailsResponse></s:Body></s:Envelope>"#,
            soap::SOAP_ENV
        )
    }

    #[test]
    fn operations_and_checks() {
        let all = TransactionExpected {
            order_ref: Some("A1".into()),
            amount: Some(Amount::from_minor(100)),
            contract_number: Some("C1".into()),
        };
        for (action, operation) in
            [("101", Operation::Payment), ("201", Operation::Capture), ("421", Operation::Refund)]
        {
            let o = outcome(&answer("00000", "T1", action), "T1", &all).unwrap();
            assert_eq!((o.operation, o.status), (operation, Status::Accepted));
        }
        let o = outcome(&answer("00000", "T1", "999"), "T1", &all).unwrap();
        assert_eq!((o.operation, o.status), (Operation::Payment, Status::Pending));
        assert_eq!(outcome(&answer("09999", "T1", "101"), "T1", &all).unwrap().status, Status::Pending);
        let e = outcome(&answer("00000", "T2", "101"), "T1", &all).unwrap_err();
        assert_eq!((e.code(), e.field_name()), (ErrorCode::WrongOrder, Some("transaction.id")));
        let other_shop = TransactionExpected { contract_number: Some("C2".into()), ..TransactionExpected::default() };
        assert_eq!(outcome(&answer("00000", "T1", "101"), "T1", &other_shop).unwrap_err().code(), ErrorCode::WrongShop);
    }

    proptest! {
        /// Any byte changed: an error or an outcome for the asked transaction, never a panic.
        #[test]
        fn mutated_answers_never_panic(at in 0usize..700, byte in any::<u8>()) {
            let mut bytes = answer("00000", "T1", "101").into_bytes();
            let i = at % bytes.len();
            bytes[i] = byte;
            if let Ok(text) = String::from_utf8(bytes) {
                if let Ok(o) = outcome(&text, "T1", &TransactionExpected::default()) {
                    prop_assert_eq!(o.transaction_id.as_deref(), Some("T1"));
                }
            }
        }
    }
}
