//! The time between two dated events, in words a viewer reads at a glance: "25 days later",
//! "3 weeks before", "1 year 4 months later", "the same month".
//!
//! Precision-aware: the gap is measured at the coarser of the two dates' precisions, so a
//! month-precision date never yields a count of days, and a year-precision one never yields
//! months. Long gaps are given in years and months, never as hundreds of days.

use std::cmp::Ordering;

use super::date::{PartialDate, Precision};

/// How far apart two dates are, at the precision both support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The coarser of the two precisions.
    pub precision: Precision,
    /// Whole days from the first date to the second, when both give a day.
    pub days: Option<i64>,
    /// Whole calendar months from the first to the second (at month or day precision), or
    /// twelve per year at year precision. Negative when the second date is earlier.
    pub months: i64,
}

impl Gap {
    /// The gap from `from` to `to`.
    pub fn between(from: PartialDate, to: PartialDate) -> Self {
        let precision = from.precision().min(to.precision());
        let month_index = |d: PartialDate| i64::from(d.year()) * 12 + i64::from(d.month().unwrap_or(1)) - 1;
        match precision {
            Precision::Day => {
                let days = from.first_day().zip(to.first_day()).map(|(a, b)| (b - a).num_days());
                // Calendar months, counting a month only once its day of the month is reached.
                let mut months = month_index(to) - month_index(from);
                let (fd, td) = (from.day().unwrap_or(1), to.day().unwrap_or(1));
                if months > 0 && td < fd {
                    months -= 1;
                } else if months < 0 && td > fd {
                    months += 1;
                }
                Self { precision, days, months }
            }
            Precision::Month => Self { precision, days: None, months: month_index(to) - month_index(from) },
            Precision::Year => {
                Self { precision, days: None, months: (i64::from(to.year()) - i64::from(from.year())) * 12 }
            }
        }
    }

    /// Whether the second date comes after, before, or at the same time as the first, at
    /// this precision.
    pub fn direction(self) -> Ordering {
        match self.days {
            Some(d) => d.cmp(&0),
            None => self.months.cmp(&0),
        }
    }

    /// The size of the gap, without a direction: "25 days", "3 weeks", "1 year 4 months";
    /// `None` when there is no gap at this precision.
    pub fn amount(self) -> Option<String> {
        if self.direction() == Ordering::Equal {
            return None;
        }
        let n = |k: i64, unit: &str| format!("{k} {unit}{}", if k == 1 { "" } else { "s" });
        if let Some(d) = self.days.map(i64::abs)
            && self.months.abs() == 0
        {
            // Under a month: days, or whole weeks from two weeks up.
            return Some(if d >= 14 && d % 7 == 0 { n(d / 7, "week") } else { n(d, "day") });
        }
        let months = self.months.abs();
        let (years, rest) = (months / 12, months % 12);
        Some(match (years, rest) {
            (0, m) => n(m, "month"),
            (y, 0) => n(y, "year"),
            (y, m) => format!("{} {}", n(y, "year"), n(m, "month")),
        })
    }

    /// The word for "nothing between them" at this precision: "the same day".
    fn same(self) -> &'static str {
        match self.precision {
            Precision::Day => "the same day",
            Precision::Month => "the same month",
            Precision::Year => "the same year",
        }
    }

    /// The second date relative to the first: "25 days later", "3 weeks before",
    /// "the same month".
    pub fn words(self) -> String {
        match (self.amount(), self.direction()) {
            (Some(a), Ordering::Greater) => format!("{a} later"),
            (Some(a), _) => format!("{a} before"),
            (None, _) => self.same().to_string(),
        }
    }

    /// The second date relative to the first, named: "25 days after this statement", "the
    /// same month as this statement".
    pub fn words_to(self, first: &str) -> String {
        match (self.amount(), self.direction()) {
            (Some(a), Ordering::Greater) => format!("{a} after {first}"),
            (Some(a), _) => format!("{a} before {first}"),
            (None, _) => format!("{} as {first}", self.same()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(a: &str, b: &str) -> Gap {
        let d = |s: &str| PartialDate::parse(s).expect("valid test date");
        Gap::between(d(a), d(b))
    }

    #[test]
    fn short_gaps_in_days_and_weeks() {
        assert_eq!(gap("2018-06-19", "2018-06-19").words(), "the same day");
        assert_eq!(gap("2018-06-19", "2018-06-20").words(), "1 day later");
        assert_eq!(gap("2018-06-19", "2018-07-14").words(), "25 days later");
        assert_eq!(gap("2018-06-19", "2018-05-29").words(), "3 weeks before");
        assert_eq!(gap("2018-06-01", "2018-06-15").words(), "2 weeks later");
    }

    #[test]
    fn long_gaps_in_months_and_years_never_in_hundreds_of_days() {
        assert_eq!(gap("2018-06-19", "2018-08-01").words(), "1 month later");
        assert_eq!(gap("2018-06-19", "2019-10-25").words(), "1 year 4 months later");
        assert_eq!(gap("2018-06-19", "2020-06-19").words(), "2 years later");
        assert_eq!(gap("2019-10-25", "2018-06-19").words(), "1 year 4 months before");
        assert_eq!(gap("2018-01-31", "2018-03-01").words(), "1 month later");
        assert_eq!(gap("2018-06-19", "2026-02-18").words(), "7 years 7 months later");
    }

    #[test]
    fn the_coarser_precision_decides() {
        assert_eq!(gap("2018-06", "2018-06-19").words(), "the same month");
        assert_eq!(gap("2018-01", "2018-06-19").words(), "5 months later");
        assert_eq!(gap("2018-06-19", "2018-01").words(), "5 months before");
        assert_eq!(gap("2018", "2018-06-19").words(), "the same year");
        assert_eq!(gap("2018", "2020-06").words(), "2 years later");
        assert_eq!(gap("2018-01", "2018-06-19").days, None, "a month-precision date gives no days");
    }

    #[test]
    fn named_form() {
        assert_eq!(
            gap("2018-06-19", "2018-07-14").words_to("this statement"),
            "25 days after this statement"
        );
        assert_eq!(gap("2018-06", "2018-06-19").words_to("this event"), "the same month as this event");
        assert_eq!(
            gap("2019-10-25", "2018-06-19").words_to("this event"),
            "1 year 4 months before this event"
        );
    }
}
