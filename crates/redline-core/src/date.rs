//! Calendar dates (proleptic Gregorian), as day numbers.
//!
//! The crisis model steps in weeks from a scenario's as-of date; outputs and
//! scenario files speak ISO 8601 dates (`2025-02-07`). A [`Date`] is a day
//! count since 1970-01-01, so that date arithmetic is integer arithmetic.
//! Conversions follow Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms ("chrono-Compatible Low-Level Date Algorithms").

use std::fmt;

/// A calendar day, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// The date with this year, month (1–12) and day (1–31), if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// This date plus `days` (negative to go back).
    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// Days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bad = || DateError(format!("`{text}` is not a date of the form YYYY-MM-DD"));
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        Date::from_ymd(year, month, day)
            .ok_or_else(|| DateError(format!("`{text}` is not a day of the calendar")))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_day_numbers() {
        // 2025-02-07 is day 20126 of the Unix epoch (date -d 2025-02-07 +%s / 86400).
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Ok(0));
        assert_eq!(Date::parse("2025-02-07").map(Date::days), Ok(20126));
        assert_eq!(Date::parse("2000-02-29").map(Date::days), Ok(11016));
        // The Gregorian century rules and the ends of the four-digit range,
        // from GNU date (`date -u -d DATE +%s` / 86400).
        for (text, days) in [
            ("0001-01-01", -719_162),
            ("1600-02-29", -135_081),
            ("1900-02-28", -25_509),
            ("1900-03-01", -25_508),
            ("2100-02-28", 47_540),
            ("2100-03-01", 47_541),
            ("2400-02-29", 157_113),
            ("9999-12-31", 2_932_896),
        ] {
            assert_eq!(Date::parse(text).map(Date::days), Ok(days), "{text}");
            assert_eq!(Date::from_days(days).to_string(), text);
        }
        assert!(Date::parse("1900-02-29").is_err() && Date::parse("2100-02-29").is_err());
    }

    #[test]
    fn round_trip_over_centuries() {
        for days in (-200_000..200_000).step_by(37) {
            let date = Date::from_days(days);
            assert_eq!(Date::parse(&date.to_string()), Ok(date));
        }
    }

    #[test]
    fn rejects_non_dates() {
        for text in [
            "2025-02-30",
            "2025-13-01",
            "2025-2-7",
            "yesterday",
            "2023-02-29",
            "",
        ] {
            assert!(Date::parse(text).is_err(), "{text}");
        }
    }
}
