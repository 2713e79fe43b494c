//! `vads_trans_id` and `vads_trans_date`.
//!
//! The platform refuses a `vads_trans_id` already used by the shop on the same **UTC** day (form error 03),
//! and reserves `900000`–`999999`. A shop running several servers must not let two of them pick the same
//! id: derive it from one counter the shop owns (a database sequence, an atomic counter in Redis…) with
//! [`TransId::from_counter`], which maps any counter value into `000000`–`899999`. Two servers drawing from
//! the same sequence can only collide after 900 000 payments in one day.

use crate::error::{Error, ErrorCode, Result};
use time::OffsetDateTime;

/// Ids the platform leaves to shops: `000000`–`899999`.
const COUNTER_SPACE: u64 = 900_000;

/// A valid `vads_trans_id`: 6 letters or digits, not in the reserved `900000`–`999999` range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TransId(String);

impl TransId {
    /// The id for counter value `counter` (wraps every 900 000).
    pub fn from_counter(counter: u64) -> TransId {
        TransId(format!("{:06}", counter % COUNTER_SPACE))
    }

    /// Check an id chosen by the shop.
    pub fn parse(value: &str) -> Result<TransId> {
        let field = "vads_trans_id";
        crate::format::FieldFormat::notation("an6").check(field, value).map_err(|e| e.with_gateway_code("03"))?;
        if value.bytes().all(|b| b.is_ascii_digit()) && value >= "900000" {
            return Err(Error::field(
                ErrorCode::InvalidValue,
                field,
                "vads_trans_id 900000 to 999999 are reserved by the platform; use 000000 to 899999",
            )
            .with_gateway_code("03"));
        }
        Ok(TransId(value.to_owned()))
    }

    /// The 6 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `vads_trans_date`: the instant in UTC as `YYYYMMDDHHMMSS`, whatever offset it was given in.
pub fn format_trans_date(instant: OffsetDateTime) -> String {
    let utc = instant.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn counter_maps_into_the_shop_range() {
        assert_eq!(TransId::from_counter(0).as_str(), "000000");
        assert_eq!(TransId::from_counter(362_812).as_str(), "362812");
        assert_eq!(TransId::from_counter(899_999).as_str(), "899999");
        assert_eq!(TransId::from_counter(900_000).as_str(), "000000");
        assert_eq!(TransId::from_counter(u64::MAX).as_str().len(), 6);
    }

    #[test]
    fn chosen_ids_are_checked() {
        assert!(TransId::parse("xrT15p").is_ok());
        assert_eq!(TransId::parse("950000").unwrap_err().gateway_code(), Some("03"));
        assert_eq!(TransId::parse("12345").unwrap_err().code(), ErrorCode::InvalidFormat);
        assert!(TransId::parse("12345-").is_err());
    }

    #[test]
    fn date_is_utc() {
        assert_eq!(format_trans_date(datetime!(2020-07-10 10:14:07 UTC)), "20200710101407");
        assert_eq!(format_trans_date(datetime!(2020-07-10 12:14:07 +02:00)), "20200710101407");
        assert_eq!(format_trans_date(datetime!(2021-01-01 00:30:00 +01:00)), "20201231233000");
    }
}
