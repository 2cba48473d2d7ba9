//! Calendar dates: a FHIR `date` and today's date, for ages.

use std::time::{SystemTime, UNIX_EPOCH};

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day, 1 to 31.
    pub day: u32,
}

impl Date {
    /// Today (UTC).
    pub fn today() -> Date {
        let days = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 86_400);
        Date::from_days(i64::try_from(days).unwrap_or(0))
    }

    /// The date `days` after 1970-01-01 (H. Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// A FHIR `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). A partial date
    /// stands for its latest possible day, so the age worked out from it is
    /// never more than the real one.
    ///
    /// # Errors
    /// A message naming the text and the form expected.
    pub fn parse_fhir(text: &str) -> Result<Date, String> {
        let bad =
            || format!("`{text}` is not a FHIR date, expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`");
        let mut parts = text.split('-');
        let number = |p: Option<&str>, len: usize| -> Result<Option<u32>, String> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(bad)?;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() || (month.is_none() && day.is_some()) {
            return Err(bad());
        }
        let year = i64::from(year);
        let month = month.unwrap_or(12);
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        let last = days_in_month(year, month);
        let day = day.unwrap_or(last);
        if !(1..=last).contains(&day) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// Whole years from `self` (a birth date) to `on`; `None` when `on` is before it.
    pub fn years_until(self, on: Date) -> Option<i64> {
        let mut years = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        (years >= 0).then_some(years)
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days(19_723),
            Date {
                year: 2024,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days(19_782),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
    }

    #[test]
    fn ages_never_overstate() {
        let on = Date {
            year: 2026,
            month: 6,
            day: 15,
        };
        assert_eq!(
            Date::parse_fhir("1960-06-15").unwrap().years_until(on),
            Some(66)
        );
        assert_eq!(
            Date::parse_fhir("1960-06-16").unwrap().years_until(on),
            Some(65)
        );
        assert_eq!(Date::parse_fhir("1960").unwrap().years_until(on), Some(65));
        assert_eq!(
            Date::parse_fhir("1960-05").unwrap().years_until(on),
            Some(66)
        );
        assert_eq!(Date::parse_fhir("2030").unwrap().years_until(on), None);
        for bad in ["60", "1960-13", "1960-02-30", "1960-1-01", "1960--01", "x"] {
            assert!(Date::parse_fhir(bad).is_err(), "{bad}");
        }
    }
}
