//! Partial dates of the registry: `"2020"`, `"2020-07"`, `"2020-07-15"`.

use std::fmt;

use crate::recognize::dates::days_in_month;

/// A date known to the year, the month or the day.
///
/// Ordered by year, then month, then day, a missing part sorting before any
/// given one (`2020` < `2020-01` < `2020-01-01`). To ask whether a day falls
/// inside a range, compare with [`PartialDate::first_day`] (for a start) and
/// [`PartialDate::last_day`] (for an end) instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit year, two-digit
    /// month and day, a day that exists). `None` for anything else.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.split('-');
        let year = parts.next()?;
        let month = parts.next();
        let day = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month = match month {
            None => None,
            Some(m) if digits(m, 2) => {
                Some(m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?)
            }
            Some(_) => return None,
        };
        let day = match (month, day) {
            (_, None) => None,
            (Some(m), Some(d)) if digits(d, 2) => {
                let d: u32 = d.parse().ok()?;
                (1..=days_in_month(year, m)).contains(&d).then_some(d)?;
                Some(d)
            }
            _ => return None,
        };
        Some(PartialDate { year, month, day })
    }

    /// The first day this date can mean: `2020-07` → 2020-07-01.
    pub fn first_day(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date can mean: `2020` → 2020-12-31, `2020-02` → 2020-02-29.
    pub fn last_day(&self) -> (i32, u32, u32) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// A full date.
    pub fn day(year: i32, month: u32, day: u32) -> PartialDate {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_and_nothing_else() {
        assert_eq!(
            PartialDate::parse("2020"),
            Some(PartialDate {
                year: 2020,
                month: None,
                day: None
            })
        );
        assert_eq!(
            PartialDate::parse("2020-07").unwrap().to_string(),
            "2020-07"
        );
        assert_eq!(
            PartialDate::parse("2020-02-29").unwrap().last_day(),
            (2020, 2, 29)
        );
        for bad in [
            "",
            "20",
            "2020-7",
            "2020-13",
            "2021-02-29",
            "2020-00",
            "2020-01-32",
            "2020--01",
            "2020-01-01-01",
            "２０２０",
            "2020-01-1",
            "-2020",
            "+020",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn first_and_last_days() {
        let y = PartialDate::parse("2024").unwrap();
        assert_eq!(y.first_day(), (2024, 1, 1));
        assert_eq!(y.last_day(), (2024, 12, 31));
        assert_eq!(
            PartialDate::parse("2023-02").unwrap().last_day(),
            (2023, 2, 28)
        );
        assert!(PartialDate::parse("2020").unwrap() < PartialDate::parse("2020-01").unwrap());
    }
}
