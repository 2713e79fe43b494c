//! Ogone `STATUS` and `NCERROR` code tables.
//!
//! `STATUS` says both which operation a feedback reports and how it went ([`operation`], then [`status`];
//! Ogone e-Commerce Advanced guide, "Possible statuses" / "Transaction statuses"):
//!
//! | STATUS | operation | status |
//! |---|---|---|
//! | 0, 1, 2, 4, 40, 41, 46, 5, 50–59 | payment | 0 error, 1 cancelled (by the customer), 2 refused, 5 accepted (authorised), others pending |
//! | 6, 64 / 61, 62 / 63 | cancellation (authorisation cancelled) | cancelled (done) / pending / refused |
//! | 7, 74 / 71, 72 / 73 | cancellation (payment deleted) | cancelled (done) / pending / refused |
//! | 8, 85 / 81, 82 / 83, 84 | refund | accepted (refunded) / pending / refused |
//! | 9, 95 / 91, 92, 99 / 93, 94 | payment (PAYIDSUB 0: a direct sale) or capture (PAYIDSUB > 0: a maintenance operation on an authorisation) | accepted / pending / refused |
//!
//! For a refund `accepted` means the money went back; a cancellation that was done is `cancelled`. Statuses
//! that are not final (waiting, uncertain, "do not retry" 52/92, being processed) are pending: the shop waits
//! for the next feedback or asks.

use crate::outcome::{Operation, Status};

/// The operation a `STATUS` reports; `payid_sub` (`PAYIDSUB`, the history level of the operation on the
/// PAYID: 0 for the payment itself) tells a capture (9x after an authorisation) from a direct sale.
/// Unknown statuses are payments (and pending, by [`status`]).
pub fn operation(value: &str, payid_sub: Option<&str>) -> Operation {
    let later = payid_sub.is_some_and(|s| s.bytes().any(|b| b != b'0'));
    match value {
        "6" | "61" | "62" | "63" | "64" | "7" | "71" | "72" | "73" | "74" | "75" => Operation::Cancellation,
        "8" | "81" | "82" | "83" | "84" | "85" => Operation::Refund,
        "9" | "91" | "92" | "93" | "94" | "95" | "99" if later => Operation::Capture,
        _ => Operation::Payment,
    }
}

/// Classify `STATUS`. Unknown values are `None`: the caller decides (never "accepted").
pub fn status(value: &str) -> Option<(Status, &'static str)> {
    let found = match value {
        "0" => (Status::Error, "invalid or incomplete"),
        "1" => (Status::Cancelled, "cancelled by the customer"),
        "2" => (Status::Refused, "authorisation refused"),
        "4" => (Status::Pending, "order stored"),
        "40" => (Status::Pending, "stored, waiting external result"),
        "41" => (Status::Pending, "waiting for client payment"),
        "46" => (Status::Pending, "waiting for authentication"),
        "5" => (Status::Accepted, "authorised"),
        "50" => (Status::Pending, "authorised, waiting external result"),
        "51" => (Status::Pending, "authorisation waiting"),
        "52" => (Status::Pending, "authorisation not known: do not retry, check the payment in the back office"),
        "55" => (Status::Pending, "stand-by"),
        "56" => (Status::Pending, "OK with scheduled payments"),
        "57" => (Status::Pending, "not OK with scheduled payments"),
        "59" => (Status::Pending, "authorisation to be requested manually"),
        "6" => (Status::Cancelled, "authorised and cancelled"),
        "61" => (Status::Pending, "cancellation waiting"),
        "62" => (Status::Pending, "cancellation uncertain"),
        "63" => (Status::Refused, "cancellation refused"),
        "64" => (Status::Cancelled, "authorised and cancelled"),
        "7" => (Status::Cancelled, "payment deleted"),
        "71" => (Status::Pending, "payment deletion pending"),
        "72" => (Status::Pending, "payment deletion uncertain"),
        "73" => (Status::Refused, "payment deletion refused"),
        "74" => (Status::Cancelled, "payment deleted"),
        "75" => (Status::Cancelled, "payment deletion processed by merchant"),
        "8" => (Status::Accepted, "refunded"),
        "81" => (Status::Pending, "refund pending"),
        "82" => (Status::Pending, "refund uncertain"),
        "83" => (Status::Refused, "refund refused"),
        "84" => (Status::Refused, "refund declined by the acquirer"),
        "85" => (Status::Accepted, "refund processed by merchant"),
        "9" => (Status::Accepted, "payment requested"),
        "91" => (Status::Pending, "payment processing"),
        "92" => (Status::Pending, "payment uncertain: do not retry, check the payment in the back office"),
        "93" => (Status::Refused, "payment refused"),
        "94" => (Status::Refused, "declined by the acquirer"),
        "95" => (Status::Accepted, "payment processed by merchant"),
        "99" => (Status::Pending, "being processed"),
        _ => return None,
    };
    Some(found)
}

/// Which operation a `STATUS` reports and how that operation went, for the answers of DirectLink calls
/// (Ogone e-Commerce documentation, "Possible statuses" and "DirectLink: Maintenance"): `5x` the payment
/// (authorisation), `6x` a cancellation of the authorisation, `7x` the deletion of a payment, `8x` a refund,
/// `9x` the capture ("payment requested"). An operation that completed is `accepted` (a refund done is an
/// accepted refund, not a cancelled payment); one waiting or uncertain (`61`, `81`, `91`, `92`…) is `pending`;
/// one the platform or acquirer refused (`63`, `73`, `83`, `84`, `93`, `94`) is `refused`. Unknown values are
/// `None`: the caller decides (never "accepted").
pub fn life(value: &str) -> Option<(Operation, Status, &'static str)> {
    let (status, meaning) = self::status(value)?;
    // A DirectLink answer is about a maintenance operation on the PAYID, never the direct sale itself.
    let operation = operation(value, Some("1"));
    // The answer to a cancellation request: a cancellation that was done is that request's success.
    let status =
        if operation == Operation::Cancellation && status == Status::Cancelled { Status::Accepted } else { status };
    Some((operation, status, meaning))
}

/// What an `NCERROR` family means: `0` none, `2…` uncertain, `3…` refused, `5…` invalid data.
pub fn ncerror_meaning(value: &str) -> &'static str {
    match value.as_bytes().first() {
        _ if value.bytes().all(|b| b == b'0') => "no error",
        Some(b'2') => "uncertain: wait, do not retry",
        Some(b'3') => "refused",
        Some(b'5') => "invalid or incomplete data",
        _ => "unknown error family",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paid_payment_is_5_9_95_only() {
        let accepted: Vec<u32> =
            (0..100).filter(|n| matches!(status(&n.to_string()), Some((Status::Accepted, _)))).collect();
        assert_eq!(accepted, vec![5, 8, 9, 85, 95]);
        // 8 and 85 are refunds done, never a payment.
        let paid: Vec<u32> = accepted
            .into_iter()
            .filter(|n| matches!(operation(&n.to_string(), None), Operation::Payment | Operation::Capture))
            .collect();
        assert_eq!(paid, vec![5, 9, 95]);
        assert_eq!(operation("9", Some("1")), Operation::Capture);
        assert_eq!(operation("9", Some("0")), Operation::Payment);
        assert_eq!(operation("74", Some("2")), Operation::Cancellation);
        assert_eq!(status("52").unwrap().0, Status::Pending);
        assert_eq!(status("93").unwrap().0, Status::Refused);
        assert!(status("05").is_none());
        assert_eq!(ncerror_meaning("0"), "no error");
        assert_eq!(ncerror_meaning("30001001"), "refused");
        assert_eq!(ncerror_meaning("50001111"), "invalid or incomplete data");
        assert_eq!(ncerror_meaning("20002001"), "uncertain: wait, do not retry");
    }

    #[test]
    fn life_names_the_operation_and_never_accepts_a_waiting_one() {
        assert_eq!(life("8").unwrap().0, Operation::Refund);
        assert_eq!(life("8").unwrap().1, Status::Accepted);
        assert_eq!(life("81").unwrap().1, Status::Pending);
        assert_eq!(life("7").unwrap().0, Operation::Cancellation);
        assert_eq!(life("9").unwrap().0, Operation::Capture);
        assert_eq!(life("92").unwrap().1, Status::Pending);
        assert!(life("86").is_none());
        for n in 0..100 {
            let code = n.to_string();
            if let Some((_, Status::Accepted, meaning)) = life(&code) {
                assert!(["5", "6", "64", "7", "74", "75", "8", "85", "9", "95"].contains(&code.as_str()), "{code}");
                assert!(!meaning.is_empty());
            }
            // Every code the payment table knows, the life table knows too.
            assert_eq!(status(&code).is_some() || code == "75", life(&code).is_some(), "{code}");
        }
    }
}
