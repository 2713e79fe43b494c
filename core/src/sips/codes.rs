//! Sips 2.0 `responseCode` table.

use crate::outcome::Status;

/// Classify `responseCode`. Unknown values are `None`: the caller decides (never "accepted").
pub fn response_code(value: &str) -> Option<(Status, &'static str)> {
    let found = match value {
        "00" => (Status::Accepted, "transaction accepted"),
        "60" => (Status::Pending, "transaction pending"),
        "17" => (Status::Cancelled, "cancelled by the buyer"),
        "97" => (Status::Cancelled, "session expired: the buyer did not finish in time"),
        "02" => (Status::Refused, "the card issuer asks for a phone authorisation (referral)"),
        "05" => (Status::Refused, "authorisation refused"),
        "14" => (Status::Refused, "invalid card number or card security code"),
        "34" => (Status::Refused, "suspected fraud (also sent when the seal's key or keyVersion is wrong)"),
        "51" => (Status::Refused, "amount too high or insufficient funds"),
        "54" => (Status::Refused, "card expired"),
        "63" => (Status::Refused, "security rules broken"),
        "75" => (Status::Refused, "too many attempts with the card data"),
        "03" => (Status::Error, "invalid merchant contract"),
        "12" => (Status::Error, "invalid transaction (check the request's fields)"),
        "24" => (Status::Error, "operation not allowed"),
        "25" => (Status::Error, "transaction not found"),
        "30" => (Status::Error, "format error in the request"),
        "40" => (Status::Error, "function not supported"),
        "90" => (Status::Error, "service temporarily unavailable"),
        "94" => (Status::Error, "duplicate transaction (transactionReference already used)"),
        "99" => (Status::Error, "temporary problem at the Sips server"),
        _ => return None,
    };
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_00_is_accepted() {
        for code in [
            "02", "03", "05", "12", "14", "17", "24", "25", "30", "34", "40", "51", "54", "60", "63", "75", "90", "94",
            "97", "99",
        ] {
            assert_ne!(response_code(code).unwrap().0, Status::Accepted, "{code}");
        }
        assert_eq!(response_code("00").unwrap().0, Status::Accepted);
        assert_eq!(response_code("60").unwrap().0, Status::Pending);
        assert!(response_code("0").is_none());
    }
}
