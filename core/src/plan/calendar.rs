//! Calendar arithmetic for schedules: whole days and calendar months, clamped to the month's last day.

use time::{Date, Duration, Month};

// `YYYY-MM-DD` dates in JSON (`"2026-01-31"`), as serde `with` module `ymd`.
time::serde::format_description!(pub ymd, Date, "[year]-[month]-[day]");

/// `date` plus `months` calendar months, on the same day of the month or, when that month is shorter, on its
/// last day (31 January + 1 month = 28 February, + 2 months = 31 March). `None` past year 9999.
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// `date` plus `days` days. `None` past year 9999.
pub fn add_days(date: Date, days: u64) -> Option<Date> {
    date.checked_add(Duration::days(i64::try_from(days).ok()?))
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_clamp_to_the_last_day() {
        let jan31 = date!(2026 - 01 - 31);
        assert_eq!(add_months(jan31, 1), Some(date!(2026 - 02 - 28)));
        assert_eq!(add_months(jan31, 2), Some(date!(2026 - 03 - 31)));
        assert_eq!(add_months(jan31, 3), Some(date!(2026 - 04 - 30)));
        assert_eq!(add_months(date!(2028 - 01 - 31), 1), Some(date!(2028 - 02 - 29)));
        assert_eq!(add_months(date!(2026 - 11 - 15), 2), Some(date!(2027 - 01 - 15)));
        assert_eq!(add_months(date!(2026 - 05 - 05), 0), Some(date!(2026 - 05 - 05)));
        assert_eq!(add_months(date!(9999 - 12 - 01), 1), None);
    }

    #[test]
    fn days() {
        assert_eq!(add_days(date!(2026 - 02 - 27), 2), Some(date!(2026 - 03 - 01)));
        assert_eq!(add_days(date!(9999 - 12 - 31), 1), None);
        assert_eq!(add_days(date!(2026 - 01 - 01), u64::MAX), None);
        assert_eq!(days_between(date!(2026 - 03 - 10), date!(2026 - 03 - 01)), -9);
    }
}
