//! Payline result codes (`result.code`, five digits) → [`Status`] (Payline return codes,
//! WebPayment API documentation).

use crate::outcome::Status;

/// Classify a result code. The meaning is cpay's sentence; the answer's own `longMessage` is added by the
/// caller. Codes outside the documented families are `Pending` (hold the order and look): never accepted.
pub fn classify(code: &str) -> (Status, &'static str) {
    match code {
        "00000" => (Status::Accepted, "transaction approved"),
        "02400" | "02500" | "02501" | "03000" | "04000" => (Status::Accepted, "accepted"),
        "04003" => (Status::Pending, "fraud alert: accepted by the bank but flagged, hold the order and review it"),
        "02000" | "02005" | "02016" | "02306" | "02533" => (Status::Pending, "in progress, not final yet"),
        "02008" => (Status::Cancelled, "cancelled by the user"),
        "02319" => (Status::Cancelled, "cancelled by the buyer"),
        "02304" | "02324" | "02534" => (Status::Cancelled, "the payment session expired"),
        "01100" => (Status::Refused, "refused"),
        "01101" => (Status::Refused, "card expired"),
        "01102" => (Status::Refused, "invalid birth date (date-of-birth authentication failed)"),
        "01130" => (Status::Refused, "invalid CVV"),
        "01208" => (Status::Refused, "lost card"),
        "01209" => (Status::Refused, "stolen card"),
        "02303" => (Status::Error, "invalid contract number"),
        "02305" => (Status::Error, "invalid field format"),
        c if c.starts_with("01") => (Status::Refused, "refused by the bank"),
        c if c.starts_with("02") => (Status::Error, "Payline error"),
        _ => (Status::Pending, "unknown result code: hold the order and check it in the administration centre"),
    }
}

/// Whether `code` has the shape of a result code (five digits).
pub fn is_code(code: &str) -> bool {
    code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        for (code, status) in [
            ("00000", Status::Accepted),
            ("03000", Status::Accepted),
            ("04000", Status::Accepted),
            ("04003", Status::Pending),
            ("02306", Status::Pending),
            ("02324", Status::Cancelled),
            ("02319", Status::Cancelled),
            ("01102", Status::Refused),
            ("01999", Status::Refused),
            ("02303", Status::Error),
            ("02999", Status::Error),
            ("09999", Status::Pending),
        ] {
            assert_eq!(classify(code).0, status, "{code}");
        }
        assert!(is_code("00000"));
        assert!(!is_code("0000"));
        assert!(!is_code("0000a"));
    }
}
