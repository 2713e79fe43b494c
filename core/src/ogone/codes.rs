//! Ogone `STATUS` and `NCERROR` code tables.
//!
//! Success is 5 (authorised), 9 (payment requested) and 95 (processed by merchant). Statuses that are not
//! final (waiting, uncertain, "do not retry" 52/92, being processed) are pending: the shop waits for the next
//! feedback. Cancellation (6x), deletion (7x) and refund (8x) statuses that completed mean the money is not
//! (or no longer) the shop's: cancelled; the ones still in progress or refused are pending, to be looked at.

use crate::outcome::{Operation, Status};

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
        "63" => (Status::Pending, "cancellation refused"),
        "64" => (Status::Cancelled, "authorised and cancelled"),
        "7" => (Status::Cancelled, "payment deleted"),
        "71" => (Status::Pending, "payment deletion pending"),
        "72" => (Status::Pending, "payment deletion uncertain"),
        "73" => (Status::Pending, "payment deletion refused"),
        "74" => (Status::Cancelled, "payment deleted"),
        "8" => (Status::Cancelled, "refunded"),
        "81" => (Status::Pending, "refund pending"),
        "82" => (Status::Pending, "refund uncertain"),
        "83" => (Status::Pending, "refund refused"),
        "84" => (Status::Pending, "refund declined by the acquirer"),
        "85" => (Status::Cancelled, "refund processed by merchant"),
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
    use Operation::{Cancellation, Capture, Payment, Refund};
    let (operation, status) = match value {
        "0" => (Payment, Status::Error),
        "1" => (Payment, Status::Cancelled),
        "2" => (Payment, Status::Refused),
        "4" | "40" | "41" | "46" | "50" | "51" | "52" | "55" | "56" | "57" | "59" | "99" => (Payment, Status::Pending),
        "5" => (Payment, Status::Accepted),
        "6" | "64" => (Cancellation, Status::Accepted),
        "61" | "62" => (Cancellation, Status::Pending),
        "63" => (Cancellation, Status::Refused),
        "7" | "74" | "75" => (Cancellation, Status::Accepted),
        "71" | "72" => (Cancellation, Status::Pending),
        "73" => (Cancellation, Status::Refused),
        "8" | "85" => (Refund, Status::Accepted),
        "81" | "82" => (Refund, Status::Pending),
        "83" | "84" => (Refund, Status::Refused),
        "9" | "95" => (Capture, Status::Accepted),
        "91" | "92" => (Capture, Status::Pending),
        "93" | "94" => (Capture, Status::Refused),
        _ => return None,
    };
    let meaning = match value {
        "75" => "payment deletion processed by merchant",
        _ => self::status(value).map_or("", |(_, meaning)| meaning),
    };
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
    fn success_is_5_9_95_only() {
        let accepted: Vec<u32> =
            (0..100).filter(|n| matches!(status(&n.to_string()), Some((Status::Accepted, _)))).collect();
        assert_eq!(accepted, vec![5, 9, 95]);
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
