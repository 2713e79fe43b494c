//! Typed errors with a stable numeric code, the gateway field concerned and a human sentence.
//!
//! Every error cpay returns carries three things a shop developer needs to fix the problem: a stable
//! [`ErrorCode`] (the same number in Rust, C, PHP, Python and Node), the name of the gateway's own field
//! (`vads_cust_zip`, `bdZip`, `SHASIGN`…) when one is concerned, and a sentence that explains the rule
//! that was broken. Messages never contain secrets: constructors take the *field name* and describe the
//! value only by its shape (length, offending character), never by echoing key material.

use std::fmt;

/// Stable error codes. The numbers are part of the public interface (they are the C `cpay_status`
/// values) and never change meaning; new codes are only ever added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input could not be parsed at all (JSON, url-encoding, XML, hex, UTF-8).
    Malformed = 7100,
    /// The input is larger than any genuine gateway message.
    TooLarge = 7101,
    /// A mandatory field is absent or empty.
    MissingField = 7102,
    /// A value breaks the field's format (character class or length).
    InvalidFormat = 7103,
    /// A value is well-formed but not one the field accepts (enum, range, date).
    InvalidValue = 7104,
    /// The payment method does not allow this option (e.g. MULTI with Cpay).
    NotAllowed = 7105,
    /// Two fields disagree (cart total vs amount, instalments vs total).
    Inconsistent = 7106,
    /// The algorithm name is not one the gateway supports.
    UnsupportedAlgorithm = 7107,
    /// A key is empty or otherwise unusable.
    InvalidKey = 7108,
    /// The message carries no signature / MAC / seal.
    SignatureMissing = 7200,
    /// The signature / MAC / seal does not match the message.
    SignatureMismatch = 7201,
    /// The message is for another shop (site id, merchant id, PSPID).
    WrongShop = 7202,
    /// The message is for another mode (TEST vs PRODUCTION).
    WrongMode = 7203,
    /// The message is for another order or transaction.
    WrongOrder = 7204,
    /// The gateway answered with an error of its own.
    GatewayError = 7300,
    /// The gateway's answer is not what the protocol says (HTTP status, content type, HTML page).
    UnexpectedResponse = 7301,
    /// A refund is not allowed (rule, window or amount).
    RefundNotAllowed = 7400,
    /// The basket or plan is not eligible for the payment method.
    NotEligible = 7401,
    /// A bug in cpay, caught at the language boundary instead of crashing the caller (e.g. a Rust panic).
    Internal = 7902,
}

impl ErrorCode {
    /// The stable numeric value (also the C `cpay_status`).
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The stable string name used by Node (`err.code`) and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "malformed",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidFormat => "invalid_format",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::NotAllowed => "not_allowed",
            ErrorCode::Inconsistent => "inconsistent",
            ErrorCode::UnsupportedAlgorithm => "unsupported_algorithm",
            ErrorCode::InvalidKey => "invalid_key",
            ErrorCode::SignatureMissing => "signature_missing",
            ErrorCode::SignatureMismatch => "signature_mismatch",
            ErrorCode::WrongShop => "wrong_shop",
            ErrorCode::WrongMode => "wrong_mode",
            ErrorCode::WrongOrder => "wrong_order",
            ErrorCode::GatewayError => "gateway_error",
            ErrorCode::UnexpectedResponse => "unexpected_response",
            ErrorCode::RefundNotAllowed => "refund_not_allowed",
            ErrorCode::NotEligible => "not_eligible",
            ErrorCode::Internal => "internal",
        }
    }

    /// The code named `name` (as [`ErrorCode::name`] gives it).
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|code| code.name() == name)
    }

    /// What the code means, in a sentence: the text every language's error table shows.
    pub fn summary(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "The input could not be parsed at all (JSON, url-encoding, XML, hex, UTF-8).",
            ErrorCode::TooLarge => "The input is larger than any genuine gateway message.",
            ErrorCode::MissingField => "A mandatory field is absent or empty.",
            ErrorCode::InvalidFormat => "A value breaks the field's format (character class or length).",
            ErrorCode::InvalidValue => "A value is well-formed but not one the field accepts (enum, range, date).",
            ErrorCode::NotAllowed => "The payment method does not allow this option.",
            ErrorCode::Inconsistent => "Two fields disagree (cart total vs amount, instalments vs total).",
            ErrorCode::UnsupportedAlgorithm => "The algorithm name is not one the gateway supports.",
            ErrorCode::InvalidKey => "A key is missing, empty or otherwise unusable.",
            ErrorCode::SignatureMissing => "The message carries no signature, MAC or seal.",
            ErrorCode::SignatureMismatch => "The signature, MAC or seal does not match the message.",
            ErrorCode::WrongShop => "The message is for another shop (site id, merchant id, PSPID).",
            ErrorCode::WrongMode => "The message is for another mode (TEST vs PRODUCTION).",
            ErrorCode::WrongOrder => "The message is for another order or transaction.",
            ErrorCode::GatewayError => "The gateway answered with an error of its own.",
            ErrorCode::UnexpectedResponse => "The gateway's answer is not what its protocol says.",
            ErrorCode::RefundNotAllowed => "A refund is not allowed (rule, window or amount).",
            ErrorCode::NotEligible => "The basket or plan is not eligible for the payment method.",
            ErrorCode::Internal => "A bug in cpay, caught at the language boundary; please report it.",
        }
    }

    /// Every code, for bindings that publish the table.
    pub const ALL: [ErrorCode; 19] = [
        ErrorCode::Malformed,
        ErrorCode::TooLarge,
        ErrorCode::MissingField,
        ErrorCode::InvalidFormat,
        ErrorCode::InvalidValue,
        ErrorCode::NotAllowed,
        ErrorCode::Inconsistent,
        ErrorCode::UnsupportedAlgorithm,
        ErrorCode::InvalidKey,
        ErrorCode::SignatureMissing,
        ErrorCode::SignatureMismatch,
        ErrorCode::WrongShop,
        ErrorCode::WrongMode,
        ErrorCode::WrongOrder,
        ErrorCode::GatewayError,
        ErrorCode::UnexpectedResponse,
        ErrorCode::RefundNotAllowed,
        ErrorCode::NotEligible,
        ErrorCode::Internal,
    ];

    /// Whether this code means "the message may be forged or misrouted" rather than "the input is wrong".
    pub fn is_verification_failure(self) -> bool {
        matches!(
            self,
            ErrorCode::SignatureMissing
                | ErrorCode::SignatureMismatch
                | ErrorCode::WrongShop
                | ErrorCode::WrongMode
                | ErrorCode::WrongOrder
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A cpay error: code, gateway field, sentence, and where one exists the gateway's own error code.
///
/// Its JSON form, the same in every language, is `{code, number, field?, message, gateway_code?}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    field: Option<String>,
    message: String,
    gateway_code: Option<String>,
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code.name())?;
        map.serialize_entry("number", &self.code.number())?;
        if let Some(field) = &self.field {
            map.serialize_entry("field", field)?;
        }
        map.serialize_entry("message", &self.message)?;
        if let Some(gateway_code) = &self.gateway_code {
            map.serialize_entry("gateway_code", gateway_code)?;
        }
        map.end()
    }
}

impl Error {
    /// A new error. `message` must not contain secrets; describe values by their shape.
    pub fn new(code: ErrorCode, field: Option<&str>, message: impl Into<String>) -> Self {
        Error { code, field: field.map(str::to_owned), message: message.into(), gateway_code: None }
    }

    /// An error about one gateway field.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Error::new(code, Some(field), message)
    }

    /// An error about the input as a whole.
    pub fn general(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::new(code, None, message)
    }

    /// A mandatory field is absent.
    pub fn missing(field: &str) -> Self {
        Error::field(ErrorCode::MissingField, field, format!("{field} is required"))
    }

    /// Attach the code the gateway itself would report for this problem (e.g. Lyra form error `09`).
    pub fn with_gateway_code(mut self, code: impl Into<String>) -> Self {
        self.gateway_code = Some(code.into());
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The gateway field this error concerns, if any.
    pub fn field_name(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The human sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The gateway's own error code for this problem, if it has one.
    pub fn gateway_code(&self) -> Option<&str> {
        self.gateway_code.as_deref()
    }

    /// The error's JSON form, `{code, number, field?, message, gateway_code?}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| format!("{{\"code\":\"{}\"}}", self.code.name()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) if !self.message.contains(field.as_str()) => {
                write!(f, "{}: {} ({})", self.code, self.message, field)
            }
            _ => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// The result type of every fallible cpay operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_are_unique() {
        let mut numbers: Vec<u32> = ErrorCode::ALL.iter().map(|c| c.number()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), ErrorCode::ALL.len());
        let mut names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn display_names_the_field_once() {
        let e = Error::missing("vads_amount");
        assert_eq!(e.to_string(), "missing_field: vads_amount is required");
        let e = Error::field(ErrorCode::InvalidFormat, "bdZip", "must be digits");
        assert_eq!(e.to_string(), "invalid_format: must be digits (bdZip)");
        assert_eq!(e.code().number(), 7103);
    }
}
