//! Lyra REST objects → verified [`Outcome`]s: the `V4/Transaction` of `Transaction/Get`, `CancelOrRefund`,
//! `Validate` and `Update`, the `V4/OrderTransactions` of `Order/Get`, and the `V4/Payment` of a
//! `kr-answer` (Lyra REST API V4 reference, "Transaction/Get", "Order/Get", and the `V4/Payment`,
//! `V4/Transaction`, `V4/TransactionDetails` and `V4/PaymentMethod/Details/CardDetails` objects).
//!
//! The answer of a REST call came over TLS from the platform the shop called with its own password, but it
//! is still checked like a notification before it is trusted: `shopId` must be the shop's `site_id`
//! (`wrong_shop`), `orderDetails.mode` the shop's mode (`wrong_mode`), and the transaction (its `uuid` or,
//! for a refund, its `parentTransactionUuid`) and order the shop asked about (`wrong_order`). Then the
//! transaction is classified with the same tables as an IPN: `detailedStatus` holds the values of
//! `vads_trans_status`, `operationType` those of `vads_operation_type` ([`codes::operation`]).
//!
//! Parsing is strict: a number that is not a non-negative integer, a string that is too long, or an object
//! where a string is expected is `unexpected_response` naming the field; nothing panics.

use super::codes;
use super::config::{LyraConfig, Mode};
use crate::error::{Error, ErrorCode, Result};
use crate::fields::VerifiedFields;
use crate::money::{Amount, Currency};
use crate::outcome::{Gateway, Operation, Outcome, Status};
use serde_json::Value;
use std::collections::BTreeMap;

/// The longest text value read from an answer (uuids are 32 characters, statuses and codes shorter).
const MAX_TEXT: usize = 512;

/// What the shop asked about (each given one is checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[schemars(rename = "LyraRestExpected")]
#[serde(deny_unknown_fields)]
pub struct RestExpected {
    /// The transaction (`vads_trans_uuid`): the answer's `uuid`, or, for a refund, its
    /// `transactionDetails.parentTransactionUuid`.
    #[serde(default)]
    pub uuid: Option<String>,
    /// The shop's order (`orderDetails.orderId`).
    #[serde(default)]
    pub order_id: Option<String>,
}

/// A verified transaction and what can still be refunded of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "LyraTransactionAnswer")]
pub struct TransactionAnswer {
    /// The transaction, classified like an IPN (`operation`, `status`, amount, references).
    pub outcome: Outcome,
    /// What a refund can still give back (minor units): the captured amount minus what was refunded, for a
    /// `CAPTURED` payment; 0 for anything else (before capture a payment is cancelled or updated, not
    /// refunded).
    pub refundable: Amount,
    /// The `answer` object as the platform wrote it, for diagnosis.
    pub answer: Value,
}

/// A verified order: every transaction of it, in the platform's order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "LyraOrderAnswer")]
pub struct OrderAnswer {
    /// `orderDetails.orderId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// `orderStatus` (`PAID`, `UNPAID`, `RUNNING`, `PARTIALLY_PAID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_status: Option<String>,
    /// One verified outcome per transaction (payments, refunds): give each to `plan.order_state`.
    pub outcomes: Vec<Outcome>,
    /// The sum of what can still be refunded of each captured payment.
    pub refundable: Amount,
    /// The `answer` object as the platform wrote it, for diagnosis.
    pub answer: Value,
}

fn unexpected(field: &str, what: &str) -> Error {
    Error::field(ErrorCode::UnexpectedResponse, field, format!("the REST answer's {field} {what}"))
}

/// A string member: absent and `null` are `None`; anything else but a bounded string is an error.
fn text<'a>(object: &'a Value, key: &str) -> Result<Option<&'a str>> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.len() <= MAX_TEXT => Ok(Some(s.as_str())),
        Some(Value::String(_)) => Err(unexpected(key, "is too long")),
        Some(_) => Err(unexpected(key, "is not a string")),
    }
}

/// An amount member: absent and `null` are `None`; anything else but a non-negative integer is an error.
fn amount(object: &Value, key: &str) -> Result<Option<Amount>> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(|n| Some(Amount::from_minor(n)))
            .ok_or_else(|| unexpected(key, "is not an amount in minor units (a non-negative integer)")),
    }
}

fn currency(object: &Value, key: &str) -> Result<Option<Currency>> {
    text(object, key)?.map(|c| Currency::parse(c, key)).transpose()
}

/// An object member (absent or `null`: `Value::Null`, which reads as empty).
fn object<'a>(value: &'a Value, key: &str) -> Result<&'a Value> {
    const NULL: &Value = &Value::Null;
    match value.get(key) {
        None | Some(Value::Null) => Ok(NULL),
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err(unexpected(key, "is not an object")),
    }
}

/// `shopId` must be the shop's site id; `mode`, when given, the shop's mode.
fn check_shop(config: &LyraConfig, shop_id: Option<&str>, mode: Option<&str>) -> Result<()> {
    if shop_id != Some(config.site_id.as_str()) {
        return Err(Error::field(ErrorCode::WrongShop, "shopId", "the answer is for another shop (shopId)"));
    }
    if let Some(mode) = mode {
        if Mode::parse(mode) != Some(config.mode) {
            return Err(Error::field(
                ErrorCode::WrongMode,
                "mode",
                format!("the answer is for {mode} mode but the shop runs in {} mode", config.mode.as_str()),
            ));
        }
    }
    Ok(())
}

fn check_order(expected: Option<&str>, order_id: Option<&str>) -> Result<()> {
    match expected {
        Some(want) if order_id != Some(want) => Err(Error::field(
            ErrorCode::WrongOrder,
            "orderId",
            "the answer is not for the expected order (orderDetails.orderId differs)",
        )),
        _ => Ok(()),
    }
}

/// A transaction (`V4/Transaction` or an element of `transactions`), checked and classified.
/// `order` is the enclosing `orderDetails` when the transaction has none of its own.
fn classify(
    config: &LyraConfig,
    tx: &Value,
    order: &Value,
    expected: &RestExpected,
    server_to_server: bool,
) -> Result<(Outcome, Amount)> {
    if !tx.is_object() {
        return Err(unexpected("transactions", "holds something that is not a transaction object"));
    }
    let own_order = object(tx, "orderDetails")?;
    let order = if own_order.is_null() { order } else { own_order };
    let details_obj = object(tx, "transactionDetails")?;
    let card = object(details_obj, "cardDetails")?;
    let capture = object(card, "captureResponse")?;

    check_shop(config, text(tx, "shopId")?, text(order, "mode")?)?;
    let uuid = text(tx, "uuid")?.ok_or_else(|| Error::missing("uuid"))?;
    let parent = text(details_obj, "parentTransactionUuid")?;
    if let Some(want) = expected.uuid.as_deref() {
        if !uuid.eq_ignore_ascii_case(want) && !parent.is_some_and(|p| p.eq_ignore_ascii_case(want)) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "uuid",
                "the answer is not for the expected transaction (uuid and parentTransactionUuid differ)",
            ));
        }
    }
    let order_id = text(order, "orderId")?;
    check_order(expected.order_id.as_deref(), order_id)?;

    let detailed = text(tx, "detailedStatus")?;
    let global = text(tx, "status")?;
    let (status, code, mut message) = match (detailed, detailed.and_then(codes::trans_status)) {
        (Some(d), Some((status, meaning))) => (status, d.to_owned(), format!("{d}: {meaning}")),
        _ => {
            // `status` is the coarse one: PAID, UNPAID, RUNNING, PARTIALLY_PAID (REST API V4, V4/Transaction).
            let code = detailed.or(global).unwrap_or("");
            let status = match global {
                Some("PAID") if detailed.is_none() => Status::Accepted,
                Some("UNPAID") if detailed.is_none() => Status::Refused,
                _ => Status::Pending,
            };
            (status, code.to_owned(), format!("{code}: unknown or coarse transaction status, wait for a final one"))
        }
    };
    let operation_type = text(tx, "operationType")?;
    let operation = codes::operation(operation_type, detailed);
    if operation == Operation::Refund {
        message.push_str(" — this is a refund (CREDIT), not a payment");
    }

    let tx_amount = amount(tx, "amount")?;
    let tx_currency = currency(tx, "currency")?;
    let effective = amount(details_obj, "effectiveAmount")?;
    let effective_currency = currency(details_obj, "effectiveCurrency")?;
    let refunded = amount(capture, "refundAmount")?;

    let mut details = BTreeMap::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(v) = value {
            details.insert(key.to_owned(), v);
        }
    };
    put("detailed_status", detailed.map(str::to_owned));
    put("transaction_status", global.map(str::to_owned));
    put("operation_type", operation_type.map(str::to_owned));
    put("parent_uuid", parent.map(str::to_owned));
    put("effective_amount", effective.map(|a| a.to_string()));
    put("effective_currency", effective_currency.map(|c| c.alpha().to_owned()));
    put("refunded_amount", refunded.map(|a| a.to_string()));
    put("error_code", text(tx, "errorCode")?.map(str::to_owned));
    put("detailed_error_code", text(tx, "detailedErrorCode")?.map(str::to_owned));
    put("creation_date", text(tx, "creationDate")?.map(str::to_owned));
    put("capture_date", text(capture, "captureDate")?.map(str::to_owned));
    put("manual_validation", text(card, "manualValidation")?.map(str::to_owned));

    // Only a captured payment is refunded (Cpay guide, "Effectuer un remboursement"); what is left of it
    // is the settled amount minus the refunds the platform reports on it.
    let refundable = if operation == Operation::Payment && detailed == Some("CAPTURED") {
        let base = effective.or(tx_amount).unwrap_or_default();
        base.checked_sub(refunded.unwrap_or_default()).unwrap_or_default()
    } else {
        Amount::default()
    };

    let fields: VerifiedFields = tx
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| match value {
            Value::String(s) if s.len() <= MAX_TEXT => Some((key, s.clone())),
            Value::Number(n) => Some((key, n.to_string())),
            Value::Bool(b) => Some((key, b.to_string())),
            _ => None,
        })
        .collect();

    let outcome = Outcome {
        gateway: Gateway::Lyra,
        operation,
        status,
        order_id: order_id.map(str::to_owned),
        transaction_id: text(card, "legacyTransId")?.map(str::to_owned),
        gateway_reference: Some(uuid.to_owned()),
        amount: tx_amount,
        currency: tx_currency,
        code,
        message,
        details,
        card_brand: text(card, "effectiveBrand")?.map(str::to_owned),
        three_ds: Default::default(),
        warranty: text(details_obj, "liabilityShift")?.map(str::to_owned),
        server_to_server,
        idempotency_key: format!("lyra:{uuid}"),
        unverified: Default::default(),
        fields,
    };
    Ok((outcome, refundable))
}

/// A `V4/Transaction` (the `answer` of `Transaction/Get`, `CancelOrRefund`, `Validate`, `Update`), verified.
pub fn transaction(config: &LyraConfig, answer: Value, expected: &RestExpected) -> Result<TransactionAnswer> {
    let (outcome, refundable) = classify(config, &answer, &Value::Null, expected, true)?;
    Ok(TransactionAnswer { outcome, refundable, answer })
}

/// A `V4/OrderTransactions` (the `answer` of `Order/Get`), verified: every transaction of it.
pub fn order(config: &LyraConfig, answer: Value, expected: &RestExpected) -> Result<OrderAnswer> {
    let order_details = object(&answer, "orderDetails")?;
    check_shop(config, text(&answer, "shopId")?, text(order_details, "mode")?)?;
    let order_id = text(order_details, "orderId")?;
    check_order(expected.order_id.as_deref(), order_id)?;
    let list = match answer.get("transactions") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(list)) => list.as_slice(),
        Some(_) => return Err(unexpected("transactions", "is not a list")),
    };
    let per_transaction = RestExpected { uuid: None, order_id: expected.order_id.clone() };
    let mut outcomes = Vec::with_capacity(list.len());
    let mut refundable = Amount::default();
    for tx in list {
        let (outcome, left) = classify(config, tx, order_details, &per_transaction, true)?;
        refundable = refundable.checked_add(left).ok_or_else(|| unexpected("amount", "overflows"))?;
        outcomes.push(outcome);
    }
    if let Some(want) = expected.uuid.as_deref() {
        let found = outcomes.iter().any(|o| {
            o.gateway_reference.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(want))
                || o.details.get("parent_uuid").is_some_and(|u| u.eq_ignore_ascii_case(want))
        });
        if !found {
            return Err(Error::field(ErrorCode::WrongOrder, "uuid", "the order holds no transaction with that uuid"));
        }
    }
    Ok(OrderAnswer {
        order_id: order_id.map(str::to_owned),
        order_status: text(&answer, "orderStatus")?.map(str::to_owned),
        outcomes,
        refundable,
        answer,
    })
}

/// A `V4/Payment` (the JSON text of a `kr-answer`), verified against the shop and the expected payment.
///
/// The outcome is the first transaction's (its `detailedStatus` and `operationType`); without one, the
/// order's `orderStatus` decides (`PAID` accepted, `RUNNING` pending, `UNPAID` refused, `ABANDONED`
/// cancelled, anything else pending).
pub fn payment(
    config: &LyraConfig,
    answer: &Value,
    expected: &super::response::Expected,
    server_to_server: bool,
) -> Result<Outcome> {
    if !answer.is_object() {
        return Err(Error::field(ErrorCode::Malformed, "kr-answer", "kr-answer is not a JSON object"));
    }
    let order = object(answer, "orderDetails")?;
    check_shop(config, text(answer, "shopId")?, text(order, "mode")?)?;
    let order_id = text(order, "orderId")?;
    check_order(expected.order_id.as_deref(), order_id)?;
    let total = amount(order, "orderTotalAmount")?;
    if let Some(want) = expected.amount {
        if total != Some(want) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "orderTotalAmount",
                "the answer is not for the expected payment (orderTotalAmount differs)",
            ));
        }
    }
    let order_status = text(answer, "orderStatus")?.ok_or_else(|| Error::missing("orderStatus"))?.to_owned();
    let first = match answer.get("transactions") {
        None | Some(Value::Null) => None,
        Some(Value::Array(list)) => list.first(),
        Some(_) => return Err(unexpected("transactions", "is not a list")),
    };
    let mut outcome = match first {
        Some(tx) => {
            let mut tx = tx.clone();
            // A transaction of a V4/Payment may leave shopId to the enclosing object.
            if let Some(map) = tx.as_object_mut() {
                map.entry("shopId").or_insert_with(|| Value::String(config.site_id.clone()));
            }
            classify(config, &tx, order, &RestExpected::default(), server_to_server)?.0
        }
        None => {
            let status = match order_status.as_str() {
                "PAID" => Status::Accepted,
                "UNPAID" => Status::Refused,
                "ABANDONED" => Status::Cancelled,
                _ => Status::Pending,
            };
            Outcome {
                gateway: Gateway::Lyra,
                operation: Operation::Payment,
                status,
                order_id: order_id.map(str::to_owned),
                transaction_id: None,
                gateway_reference: None,
                amount: total,
                currency: currency(order, "orderCurrency")?,
                code: order_status.clone(),
                message: format!("orderStatus {order_status}"),
                details: BTreeMap::new(),
                card_brand: None,
                three_ds: Default::default(),
                warranty: None,
                server_to_server,
                idempotency_key: format!("lyra:{}:{}", config.site_id, order_id.unwrap_or("")),
                unverified: Default::default(),
                fields: VerifiedFields::new(),
            }
        }
    };
    if let Some(want) = expected.trans_id.as_deref() {
        if !outcome.transaction_id.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(want)) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "legacyTransId",
                "the answer is not for the expected payment (legacyTransId differs)",
            ));
        }
    }
    if outcome.order_id.is_none() {
        outcome.order_id = order_id.map(str::to_owned);
    }
    outcome.details.insert("order_status".to_owned(), order_status);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lyra::{Mode, Platform};
    use crate::secret::Secret;
    use serde_json::json;

    fn config() -> LyraConfig {
        LyraConfig::new(Platform::Sogecommerce, "12345678", Mode::Test, Secret::from("k"))
    }

    fn tx(uuid: &str, op: &str, detailed: &str, amount: u64, parent: Option<&str>) -> Value {
        json!({"shopId": "12345678", "uuid": uuid, "amount": amount, "currency": "EUR", "detailedStatus": detailed,
               "operationType": op, "transactionDetails": {"parentTransactionUuid": parent}})
    }

    #[test]
    fn an_order_gives_one_outcome_per_transaction() {
        let answer = json!({"shopId": "12345678", "orderStatus": "PAID",
            "orderDetails": {"orderId": "CMD-1", "mode": "TEST"},
            "transactions": [tx("a", "DEBIT", "CAPTURED", 2990, None), tx("b", "CREDIT", "CAPTURED", 990, Some("a"))]});
        let expected = RestExpected { uuid: Some("a".into()), order_id: Some("CMD-1".into()) };
        let order = order(&config(), answer, &expected).unwrap();
        let ops: Vec<_> = order.outcomes.iter().map(|o| (o.operation, o.status, o.idempotency_key.as_str())).collect();
        assert_eq!(
            ops,
            [(Operation::Payment, Status::Accepted, "lyra:a"), (Operation::Refund, Status::Accepted, "lyra:b")]
        );
        assert_eq!(order.refundable, Amount::from_minor(2990));
        assert_eq!(order.outcomes[1].order_id.as_deref(), Some("CMD-1"));
    }

    #[test]
    fn strict_types_never_panic() {
        for bad in [json!([]), json!({"shopId": 12345678}), json!({"shopId": "12345678", "uuid": {"x": 1}})] {
            assert!(transaction(&config(), bad, &RestExpected::default()).is_err());
        }
        let long = "x".repeat(MAX_TEXT + 1);
        let e = transaction(&config(), json!({"shopId": "12345678", "uuid": long}), &RestExpected::default());
        assert_eq!(e.unwrap_err().code(), ErrorCode::UnexpectedResponse);
    }
}
