//! Paygate's `Code` (an8): status digit + 3-digit category + 4-digit detail (Computop Paygate
//! manual, "A4 Error codes").
//!
//! Only `00000000` is a success (Computop Paygate manual, "Cetelem FullCB": "Only a result of
//! code=00000000 should be considered successful"); the other digits say how to treat a non-success.

use crate::error::{Error, ErrorCode, Result};
use crate::outcome::Status;

/// The one successful code.
pub const SUCCESS: &str = "00000000";

/// What the first digit of `Code` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "ComputopCodeClass")]
#[serde(rename_all = "snake_case")]
pub enum CodeClass {
    /// `0`: OK.
    Ok,
    /// `2`: error (declined, invalid data…).
    Error,
    /// `4`: fatal error (system).
    Fatal,
    /// `6`: transient; the final status comes later.
    Transient,
    /// `7`: 3-D Secure intermediate state.
    ThreeDSecure,
    /// Any other digit: not documented.
    Unknown,
}

impl CodeClass {
    /// A short name for `Outcome.details`.
    pub fn name(self) -> &'static str {
        match self {
            CodeClass::Ok => "ok",
            CodeClass::Error => "error",
            CodeClass::Fatal => "fatal",
            CodeClass::Transient => "transient",
            CodeClass::ThreeDSecure => "3ds_intermediate",
            CodeClass::Unknown => "unknown",
        }
    }
}

/// Check `Code` is 8 letters or digits and classify its status digit.
pub fn classify(code: &str) -> Result<CodeClass> {
    crate::format::FieldFormat::notation("an8").check("Code", code)?;
    Ok(match code.as_bytes().first() {
        Some(b'0') => CodeClass::Ok,
        Some(b'2') => CodeClass::Error,
        Some(b'4') => CodeClass::Fatal,
        Some(b'6') => CodeClass::Transient,
        Some(b'7') => CodeClass::ThreeDSecure,
        _ => CodeClass::Unknown,
    })
}

/// The shop's status for a verified `Code` and `Status`, and a sentence.
///
/// `Code == 00000000` is necessary for acceptance; `Status` then says whether the payment is final
/// (`OK`, `AUTHORIZED`) or still waiting (`AUTHORIZE_REQUEST`). A `00000000` next to `FAILED` is
/// contradictory and treated as an error, never as a payment.
pub fn status_for(code: &str, class: CodeClass, paygate_status: &str) -> (Status, String) {
    let upper = paygate_status.to_ascii_uppercase();
    if code == SUCCESS {
        return match upper.as_str() {
            "OK" | "AUTHORIZED" => (Status::Accepted, format!("{code}: payment successful ({upper})")),
            "AUTHORIZE_REQUEST" => {
                (Status::Pending, format!("{code}: authorisation requested, wait for the final notification"))
            }
            _ => (Status::Error, format!("{code} with Status {upper}: contradictory answer, not a payment")),
        };
    }
    match class {
        CodeClass::Ok => (Status::Pending, format!("{code}: not 00000000, so not a success; wait for a final status")),
        CodeClass::Error => (Status::Refused, format!("{code}: refused or invalid (Paygate error)")),
        CodeClass::Fatal => (Status::Error, format!("{code}: fatal error at Paygate")),
        CodeClass::Transient => (Status::Pending, format!("{code}: transient state, the final status comes later")),
        CodeClass::ThreeDSecure => (Status::Pending, format!("{code}: 3-D Secure in progress")),
        CodeClass::Unknown => (Status::Error, format!("{code}: undocumented status digit")),
    }
}

/// The error to report when a verified answer carries a non-success code (refund answers).
pub fn gateway_error(code: &str, description: Option<&str>) -> Error {
    let text = description.map(|d| format!(": {}", crate::money::truncate_for_message(d))).unwrap_or_default();
    Error::field(ErrorCode::GatewayError, "Code", format!("Paygate answered Code {code}{text}")).with_gateway_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_00000000_is_accepted() {
        let ok = |code: &str, status: &str| status_for(code, classify(code).unwrap(), status).0;
        assert_eq!(ok("00000000", "OK"), Status::Accepted);
        assert_eq!(ok("00000000", "authorized"), Status::Accepted);
        assert_eq!(ok("00000000", "AUTHORIZE_REQUEST"), Status::Pending);
        assert_eq!(ok("00000000", "FAILED"), Status::Error);
        assert_eq!(ok("00000001", "OK"), Status::Pending);
        assert_eq!(ok("21500985", "OK"), Status::Refused);
        assert_eq!(ok("42000000", "FAILED"), Status::Error);
        assert_eq!(ok("61000000", "OK"), Status::Pending);
        assert_eq!(ok("7000000A", "OK"), Status::Pending);
        assert_eq!(ok("90000000", "OK"), Status::Error);
        assert_eq!(classify("0000000").unwrap_err().field_name(), Some("Code"));
        assert_eq!(classify("0000000-").unwrap_err().code(), ErrorCode::InvalidFormat);
    }
}
