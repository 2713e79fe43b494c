//! Payline's notification call: `notificationURL?notificationType=WEBTRS&token=…` (Payline
//! WebPayment API documentation, `getWebPaymentDetails`), or `notificationType=TRS&transactionId=…` for a
//! transaction (its trusted state comes from `getTransactionDetails`); `WEBWALLET` (a wallet page, with its token:
//! read it with `getWebWallet`) and `TRSWALLET` (a wallet transaction: `getTransactionDetails`) for wallets.
//!
//! The call carries no signature and no result, only a type and a token: it says "something happened,
//! ask me". So cpay reads it, checks the token is the one the shop stored for the order (when the shop put
//! its order reference in its own notification URL and knows which token to expect), and says which call
//! fetches the trusted result. Payline retries every minute for up to two hours while the shop is
//! unreachable, so a shop answers 200 as soon as it has recorded the notification.

use super::request::check_token;
use crate::error::{Error, ErrorCode, Result};
use crate::secret::constant_time_eq;
use crate::urlencoded::{self, TextEncoding};

/// A notification, read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "PaylineNotification")]
pub struct Notification {
    /// `WEBTRS`, `TRS`, `WEBWALLET`, `TRSWALLET`, `WALLET`, `BILL` or `ALERT`.
    pub notification_type: String,
    /// The token (web payment token for `WEBTRS`), when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The transaction id (`transactionId`) a `TRS` notification names: ask `payline.transaction` about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The Payline web service to call next for the trusted details.
    pub next_call: &'static str,
    /// The cpay operation that builds that call, when cpay has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_operation: Option<&'static str>,
}

/// Read the notification's query string (or the whole URL) and, when `stored_token` is given, check the
/// token is the one stored for the order.
pub fn parse(query: &str, stored_token: Option<&str>) -> Result<Notification> {
    crate::notification::non_empty_body("query", query)?;
    let query = query.split_once('?').map_or(query, |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let fields = urlencoded::parse(query.as_bytes(), TextEncoding::Utf8)?;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    let kind = get("notificationType").ok_or_else(|| Error::missing("notificationType"))?;
    let (next_call, next_operation) = match kind {
        "WEBTRS" => ("getWebPaymentDetails", Some("payline.status")),
        "TRS" => ("getTransactionDetails", Some("payline.transaction")),
        "WEBWALLET" => ("getWebWallet", Some("payline.wallet_details")),
        "TRSWALLET" => ("getTransactionDetails", Some("payline.transaction")),
        "WALLET" => ("getWebWallet", Some("payline.wallet_details")),
        "BILL" => ("getBillingRecord", None),
        "ALERT" => ("getAlertDetails", None),
        _ => {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                "notificationType",
                "notificationType must be WEBTRS, TRS, WEBWALLET, TRSWALLET, WALLET, BILL or ALERT",
            ))
        }
    };
    let token = get("token");
    if let Some(token) = token {
        check_token("token", token)?;
    }
    if matches!(kind, "WEBTRS" | "WEBWALLET") && token.is_none() {
        return Err(Error::missing("token"));
    }
    let transaction_id = get("transactionId");
    if let Some(id) = transaction_id {
        super::request::check_transaction_id("transactionId", id)?;
    }
    if kind == "TRS" && transaction_id.is_none() {
        return Err(Error::missing("transactionId"));
    }
    if let Some(stored) = stored_token {
        let received = token.ok_or_else(|| Error::missing("token"))?;
        if !constant_time_eq(received.as_bytes(), stored.as_bytes()) {
            return Err(Error::field(
                ErrorCode::WrongOrder,
                "token",
                "the notification's token is not the one the shop stored for this order",
            ));
        }
    }
    Ok(Notification {
        notification_type: kind.to_owned(),
        token: token.map(str::to_owned),
        transaction_id: transaction_id.map(str::to_owned),
        next_call,
        next_operation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webtrs() {
        let n = parse("https://shop.example/notify?order=42&notificationType=WEBTRS&token=1aLkI8xo", None).unwrap();
        assert_eq!((n.next_call, n.token.as_deref()), ("getWebPaymentDetails", Some("1aLkI8xo")));
        assert!(parse("notificationType=WEBTRS&token=1aLkI8xo", Some("1aLkI8xo")).is_ok());
        let e = parse("notificationType=WEBTRS&token=1aLkI8xo", Some("2bXyz")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WrongOrder);
        assert_eq!(parse("notificationType=WEBTRS", None).unwrap_err().code(), ErrorCode::MissingField);
        assert_eq!(parse("notificationType=NOPE&token=a", None).unwrap_err().code(), ErrorCode::InvalidValue);
        let trs = parse("notificationType=TRS&transactionId=26069150044598", None).unwrap();
        assert_eq!(trs.transaction_id.as_deref(), Some("26069150044598"));
        assert_eq!((trs.next_call, trs.next_operation), ("getTransactionDetails", Some("payline.transaction")));
        assert_eq!(parse("notificationType=TRS", None).unwrap_err().field_name(), Some("transactionId"));
        assert_eq!(parse("notificationType=WALLET", None).unwrap().next_operation, Some("payline.wallet_details"));
    }

    #[test]
    fn wallet_notifications() {
        let n = parse("notificationType=WEBWALLET&token=2bWallet9", Some("2bWallet9")).unwrap();
        assert_eq!((n.next_call, n.next_operation), ("getWebWallet", Some("payline.wallet_details")));
        assert_eq!(parse("notificationType=WEBWALLET", None).unwrap_err().field_name(), Some("token"));
        assert_eq!(parse("notificationType=TRSWALLET", None).unwrap().next_call, "getTransactionDetails");
    }
}
