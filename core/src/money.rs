//! Money without floats: [`Amount`] in integer minor units and [`Currency`] from the ISO 4217 table.
//!
//! Every gateway wants amounts in minor units (`4525` for 45,25 €) except where one sends back major units
//! in a text field (Ogone's feedback `AMOUNT=15.00`). Parsing a decimal string goes digit by digit against the
//! currency's exponent, so `"45.25"` is exactly 4525 cents and `"0.1"` + `"0.2"` is exactly 30 — no `f64`
//! rounding anywhere.

use crate::error::{Error, ErrorCode, Result};
use std::fmt;

/// An ISO 4217 currency: alphabetic code, numeric code and exponent (number of minor-unit digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    alpha: &'static str,
    numeric: u16,
    exponent: u8,
}

/// ISO 4217 active currencies (alpha, numeric, exponent). Funds codes and precious metals are omitted.
const ISO_4217: &[(&str, u16, u8)] = &[
    ("AED", 784, 2),
    ("AFN", 971, 2),
    ("ALL", 8, 2),
    ("AMD", 51, 2),
    ("ANG", 532, 2),
    ("AOA", 973, 2),
    ("ARS", 32, 2),
    ("AUD", 36, 2),
    ("AWG", 533, 2),
    ("AZN", 944, 2),
    ("BAM", 977, 2),
    ("BBD", 52, 2),
    ("BDT", 50, 2),
    ("BGN", 975, 2),
    ("BHD", 48, 3),
    ("BIF", 108, 0),
    ("BMD", 60, 2),
    ("BND", 96, 2),
    ("BOB", 68, 2),
    ("BRL", 986, 2),
    ("BSD", 44, 2),
    ("BTN", 64, 2),
    ("BWP", 72, 2),
    ("BYN", 933, 2),
    ("BZD", 84, 2),
    ("CAD", 124, 2),
    ("CDF", 976, 2),
    ("CHF", 756, 2),
    ("CLP", 152, 0),
    ("CNY", 156, 2),
    ("COP", 170, 2),
    ("CRC", 188, 2),
    ("CUP", 192, 2),
    ("CVE", 132, 2),
    ("CZK", 203, 2),
    ("DJF", 262, 0),
    ("DKK", 208, 2),
    ("DOP", 214, 2),
    ("DZD", 12, 2),
    ("EGP", 818, 2),
    ("ERN", 232, 2),
    ("ETB", 230, 2),
    ("EUR", 978, 2),
    ("FJD", 242, 2),
    ("FKP", 238, 2),
    ("GBP", 826, 2),
    ("GEL", 981, 2),
    ("GHS", 936, 2),
    ("GIP", 292, 2),
    ("GMD", 270, 2),
    ("GNF", 324, 0),
    ("GTQ", 320, 2),
    ("GYD", 328, 2),
    ("HKD", 344, 2),
    ("HNL", 340, 2),
    ("HTG", 332, 2),
    ("HUF", 348, 2),
    ("IDR", 360, 2),
    ("ILS", 376, 2),
    ("INR", 356, 2),
    ("IQD", 368, 3),
    ("IRR", 364, 2),
    ("ISK", 352, 0),
    ("JMD", 388, 2),
    ("JOD", 400, 3),
    ("JPY", 392, 0),
    ("KES", 404, 2),
    ("KGS", 417, 2),
    ("KHR", 116, 2),
    ("KMF", 174, 0),
    ("KPW", 408, 2),
    ("KRW", 410, 0),
    ("KWD", 414, 3),
    ("KYD", 136, 2),
    ("KZT", 398, 2),
    ("LAK", 418, 2),
    ("LBP", 422, 2),
    ("LKR", 144, 2),
    ("LRD", 430, 2),
    ("LSL", 426, 2),
    ("LYD", 434, 3),
    ("MAD", 504, 2),
    ("MDL", 498, 2),
    ("MGA", 969, 2),
    ("MKD", 807, 2),
    ("MMK", 104, 2),
    ("MNT", 496, 2),
    ("MOP", 446, 2),
    ("MRU", 929, 2),
    ("MUR", 480, 2),
    ("MVR", 462, 2),
    ("MWK", 454, 2),
    ("MXN", 484, 2),
    ("MYR", 458, 2),
    ("MZN", 943, 2),
    ("NAD", 516, 2),
    ("NGN", 566, 2),
    ("NIO", 558, 2),
    ("NOK", 578, 2),
    ("NPR", 524, 2),
    ("NZD", 554, 2),
    ("OMR", 512, 3),
    ("PAB", 590, 2),
    ("PEN", 604, 2),
    ("PGK", 598, 2),
    ("PHP", 608, 2),
    ("PKR", 586, 2),
    ("PLN", 985, 2),
    ("PYG", 600, 0),
    ("QAR", 634, 2),
    ("RON", 946, 2),
    ("RSD", 941, 2),
    ("RUB", 643, 2),
    ("RWF", 646, 0),
    ("SAR", 682, 2),
    ("SBD", 90, 2),
    ("SCR", 690, 2),
    ("SDG", 938, 2),
    ("SEK", 752, 2),
    ("SGD", 702, 2),
    ("SHP", 654, 2),
    ("SLE", 925, 2),
    ("SOS", 706, 2),
    ("SRD", 968, 2),
    ("SSP", 728, 2),
    ("STN", 930, 2),
    ("SVC", 222, 2),
    ("SYP", 760, 2),
    ("SZL", 748, 2),
    ("THB", 764, 2),
    ("TJS", 972, 2),
    ("TMT", 934, 2),
    ("TND", 788, 3),
    ("TOP", 776, 2),
    ("TRY", 949, 2),
    ("TTD", 780, 2),
    ("TWD", 901, 2),
    ("TZS", 834, 2),
    ("UAH", 980, 2),
    ("UGX", 800, 0),
    ("USD", 840, 2),
    ("UYU", 858, 2),
    ("UZS", 860, 2),
    ("VES", 928, 2),
    ("VND", 704, 0),
    ("VUV", 548, 0),
    ("WST", 882, 2),
    ("XAF", 950, 0),
    ("XCD", 951, 2),
    ("XOF", 952, 0),
    ("XPF", 953, 0),
    ("YER", 886, 2),
    ("ZAR", 710, 2),
    ("ZMW", 967, 2),
    ("ZWL", 932, 2),
];

impl Currency {
    /// The euro, the only currency Cetelem methods accept.
    pub const EUR: Currency = Currency { alpha: "EUR", numeric: 978, exponent: 2 };

    /// Look a currency up by its alphabetic code (`"EUR"`, case-insensitive).
    pub fn from_alpha(code: &str) -> Option<Currency> {
        ISO_4217
            .iter()
            .find(|(alpha, _, _)| alpha.eq_ignore_ascii_case(code))
            .map(|&(alpha, numeric, exponent)| Currency { alpha, numeric, exponent })
    }

    /// Look a currency up by its numeric code (`978`).
    pub fn from_numeric(code: u16) -> Option<Currency> {
        ISO_4217.iter().find(|(_, numeric, _)| *numeric == code).map(|&(alpha, numeric, exponent)| Currency {
            alpha,
            numeric,
            exponent,
        })
    }

    /// Parse either form: `"EUR"`, `"eur"`, `"978"`, `"040"`. `field` names the gateway field for errors.
    pub fn parse(code: &str, field: &str) -> Result<Currency> {
        let found = if !code.is_empty() && code.len() <= 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            code.parse().ok().and_then(Currency::from_numeric)
        } else {
            Currency::from_alpha(code)
        };
        found.ok_or_else(|| {
            Error::field(
                ErrorCode::InvalidValue,
                field,
                format!("{field} is not an ISO 4217 currency code (got {:?})", truncate_for_message(code)),
            )
        })
    }

    /// Alphabetic code, e.g. `"EUR"`.
    pub fn alpha(&self) -> &'static str {
        self.alpha
    }

    /// Numeric code, e.g. `978`.
    pub fn numeric(&self) -> u16 {
        self.numeric
    }

    /// Numeric code as the three digits gateways send (`"978"`, `"036"`).
    pub fn numeric_str(&self) -> String {
        format!("{:03}", self.numeric)
    }

    /// Number of minor-unit digits (2 for EUR, 0 for JPY, 3 for TND).
    pub fn exponent(&self) -> u8 {
        self.exponent
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha)
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.alpha)
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Currency::parse(&s, "currency").map_err(|_| {
            crate::json::de_error(Error::general(
                ErrorCode::InvalidValue,
                "not an ISO 4217 currency code: write it as letters (\"EUR\") or digits (\"978\")",
            ))
        })
    }
}

impl schemars::JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "ISO 4217 currency, alphabetic (\"EUR\") or numeric (\"978\").",
        })
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 0,
            "description": "An amount in integer minor units: 29.90 € is 2990.",
        })
    }
}

/// An amount in integer minor units (cents for EUR). Never negative; the sign of a refund is in the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Amount(u64);

/// Reads an integer number of minor units. An exact integer written as a float (`2990.0`, what PHP's
/// `round($total * 100)` returns) is that integer; a fractional, negative or non-numeric value is an error
/// that says what an amount is (29.90 € is `2990`), reported on the field's path by [`crate::json`].
impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Minor;
        const RULE: &str = "amounts are integer minor units: 29.90 € is 2990";
        fn refuse<E: serde::de::Error>(why: String) -> E {
            crate::json::de_error(Error::general(ErrorCode::InvalidValue, why))
        }
        impl serde::de::Visitor<'_> for Minor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer number of minor units")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Amount, E> {
                Ok(Amount(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Amount, E> {
                u64::try_from(v).map(Amount).map_err(|_| refuse(format!("an amount cannot be negative ({RULE})")))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Amount, E> {
                // 2^53: every integer up to it is exact in a float; above it a float is not a count of cents.
                const EXACT: f64 = 9_007_199_254_740_992.0;
                if v.is_finite() && v.fract() == 0.0 && (0.0..=EXACT).contains(&v) {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    return Ok(Amount(v as u64));
                }
                if v < 0.0 {
                    return Err(refuse(format!("an amount cannot be negative ({RULE})")));
                }
                Err(refuse(format!("{RULE}, not {v}: multiply by 100 and round before passing it")))
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<Amount, E> {
                Err(refuse(format!("{RULE}, written as a JSON number, not a string")))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Amount, E> {
                Err(refuse(format!("{RULE}, written as a number")))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Amount, E> {
                Err(refuse(format!("{RULE}, written as a number (it is null)")))
            }
        }
        deserializer.deserialize_any(Minor)
    }
}

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(0);

    /// An amount of `minor` minor units.
    pub const fn from_minor(minor: u64) -> Amount {
        Amount(minor)
    }

    /// The number of minor units.
    pub const fn minor(self) -> u64 {
        self.0
    }

    /// Parse a string of minor units as gateways send it (`"4525"`): digits only, no sign, no spaces.
    pub fn parse_minor(text: &str, field: &str) -> Result<Amount> {
        if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::field(
                ErrorCode::InvalidFormat,
                field,
                format!("{field} must be an amount in minor units (digits only, e.g. 4525 for 45.25)"),
            ));
        }
        text.parse()
            .map(Amount)
            .map_err(|_| Error::field(ErrorCode::InvalidValue, field, format!("{field} is too large")))
    }

    /// Parse a decimal amount in major units (`"45.25"`, `"45"`, `"45.2"`) exactly, for `currency`.
    ///
    /// A `.` separates the minor units; more fractional digits than the currency has is an error
    /// (`"45.255"` EUR), not a rounding. Signs, exponents, spaces and `,` are refused.
    pub fn parse_decimal(text: &str, currency: Currency, field: &str) -> Result<Amount> {
        let invalid = || {
            Error::field(
                ErrorCode::InvalidFormat,
                field,
                format!(
                    "{field} must be a decimal amount with at most {} decimal(s), e.g. \"45.25\"",
                    currency.exponent
                ),
            )
        };
        let (whole, fraction) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return Err(invalid());
        }
        if text.contains('.') && fraction.is_empty() {
            return Err(invalid());
        }
        if fraction.len() > usize::from(currency.exponent) {
            return Err(invalid());
        }
        let too_large = || Error::field(ErrorCode::InvalidValue, field, format!("{field} is too large"));
        let mut minor: u64 = whole.parse().map_err(|_| too_large())?;
        for _ in 0..currency.exponent {
            minor = minor.checked_mul(10).ok_or_else(too_large)?;
        }
        let mut frac_value: u64 = 0;
        for (i, b) in fraction.bytes().enumerate() {
            let place = u32::from(currency.exponent) - 1 - i as u32;
            frac_value += u64::from(b - b'0') * 10u64.pow(place);
        }
        minor.checked_add(frac_value).map(Amount).ok_or_else(too_large)
    }

    /// Format in major units with the currency's exponent (`4525` EUR → `"45.25"`, `5` JPY → `"5"`).
    pub fn to_decimal(self, currency: Currency) -> String {
        let exponent = u32::from(currency.exponent);
        if exponent == 0 {
            return self.0.to_string();
        }
        let scale = 10u64.pow(exponent);
        format!("{}.{:0width$}", self.0 / scale, self.0 % scale, width = exponent as usize)
    }

    /// Sum that refuses to overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// Difference that refuses to go negative.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(Amount)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Shorten untrusted text before quoting it in an error message.
pub(crate) fn truncate_for_message(text: &str) -> String {
    const MAX: usize = 32;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn currency_table() {
        assert_eq!(Currency::parse("978", "c").unwrap(), Currency::EUR);
        assert_eq!(Currency::parse("eur", "c").unwrap(), Currency::EUR);
        assert_eq!(Currency::parse("036", "c").unwrap().alpha(), "AUD");
        assert_eq!(Currency::from_alpha("XPF").unwrap().exponent(), 0);
        assert_eq!(Currency::from_alpha("TND").unwrap().exponent(), 3);
        assert_eq!(Currency::from_numeric(8).unwrap().numeric_str(), "008");
        let e = Currency::parse("EURO", "vads_currency").unwrap_err();
        assert_eq!(e.field_name(), Some("vads_currency"));
        assert!(Currency::parse("999", "c").is_err());
        assert!(Currency::parse("", "c").is_err());
    }

    #[test]
    fn the_table_has_no_duplicates() {
        for (i, a) in ISO_4217.iter().enumerate() {
            for b in &ISO_4217[i + 1..] {
                assert_ne!(a.0, b.0);
                assert_ne!(a.1, b.1, "{} and {}", a.0, b.0);
            }
        }
    }

    #[test]
    fn decimal_parsing_is_exact() {
        let eur = Currency::EUR;
        assert_eq!(Amount::parse_decimal("45.25", eur, "a").unwrap().minor(), 4525);
        assert_eq!(Amount::parse_decimal("45.2", eur, "a").unwrap().minor(), 4520);
        assert_eq!(Amount::parse_decimal("45", eur, "a").unwrap().minor(), 4500);
        assert_eq!(Amount::parse_decimal("0.07", eur, "a").unwrap().minor(), 7);
        let tnd = Currency::from_alpha("TND").unwrap();
        assert_eq!(Amount::parse_decimal("1.005", tnd, "a").unwrap().minor(), 1005);
        let jpy = Currency::from_alpha("JPY").unwrap();
        assert_eq!(Amount::parse_decimal("500", jpy, "a").unwrap().minor(), 500);
        for bad in ["45.255", "-1", "+1", "1e3", "45,25", " 45", "45.", ".5", "", "4 5", "١٢"] {
            assert!(Amount::parse_decimal(bad, eur, "a").is_err(), "{bad:?}");
        }
        assert!(Amount::parse_decimal("1.5", jpy, "a").is_err());
        assert_eq!(
            Amount::parse_decimal("999999999999999999999", eur, "amount").unwrap_err().code(),
            ErrorCode::InvalidValue
        );
    }

    #[test]
    fn minor_parsing() {
        assert_eq!(Amount::parse_minor("4525", "vads_amount").unwrap().minor(), 4525);
        for bad in ["", "-5", "4.5", "45 ", "99999999999999999999"] {
            assert!(Amount::parse_minor(bad, "vads_amount").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn decimal_formatting() {
        assert_eq!(Amount::from_minor(4525).to_decimal(Currency::EUR), "45.25");
        assert_eq!(Amount::from_minor(5).to_decimal(Currency::EUR), "0.05");
        assert_eq!(Amount::from_minor(5).to_decimal(Currency::from_alpha("XPF").unwrap()), "5");
    }

    proptest! {
        #[test]
        fn decimal_round_trip(minor in 0u64..=u64::MAX / 1000, alpha in prop::sample::select(vec!["EUR", "JPY", "TND"])) {
            let currency = Currency::from_alpha(alpha).unwrap();
            let amount = Amount::from_minor(minor);
            let text = amount.to_decimal(currency);
            prop_assert_eq!(Amount::parse_decimal(&text, currency, "a").unwrap(), amount);
        }
    }
}
