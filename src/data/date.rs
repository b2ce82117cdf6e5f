//! Partial calendar dates as the sources give them: a year, a month or a day.
//!
//! A date keeps its precision so the app never shows more certainty than the sources have
//! (`2018`, `Jun 2018`, `2018-06-19`). Ordering puts a year-only date before the months of its
//! year and a month-only date before the days of its month.

use std::fmt;

use chrono::NaiveDate;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to a year, a month or a day. Always a real calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Shape,
    YearRange(i64),
    Month(u32),
    Day { year: i32, month: u32, day: u32 },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape => f.write_str("expected YYYY, YYYY-MM or YYYY-MM-DD"),
            Self::YearRange(y) => write!(f, "year {y} is out of range (1 to 9999)"),
            Self::Month(m) => write!(f, "month {m} does not exist"),
            Self::Day { year, month, day } => {
                write!(f, "{year:04}-{month:02} has no day {day}")
            }
        }
    }
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn digits(s: &str, len: usize) -> Option<u32> {
    // At most four digits: no overflow.
    let value = s.bytes().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')));
    value.filter(|_| s.len() == len)
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing dates that do not exist.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        // The usual full date, read in place: splitting it was most of checking a date.
        if s.len() == 10
            && let (Some(y), Some(m), Some(d)) = (s.get(..4), s.get(5..7), s.get(8..))
            && s.as_bytes()[4] == b'-'
            && s.as_bytes()[7] == b'-'
            && let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(m, 2), digits(d, 2))
        {
            return Self::checked(year, Some(month), Some(day));
        }
        let mut parts = s.split('-');
        let year_str = parts.next().ok_or(DateError::Shape)?;
        let month_str = parts.next();
        let day_str = parts.next();
        if parts.next().is_some() {
            return Err(DateError::Shape);
        }
        let year = digits(year_str, 4).ok_or_else(|| {
            // A run of digits of the wrong length is a year out of range, not a shape error.
            match year_str.parse::<i64>() {
                Ok(y) if year_str.bytes().all(|b| b.is_ascii_digit()) => DateError::YearRange(y),
                _ => DateError::Shape,
            }
        })?;
        // Each part is checked before the next is read, so a date says its first problem.
        let year_only = Self::checked(year, None, None)?;
        let Some(month_str) = month_str else { return Ok(year_only) };
        let month = digits(month_str, 2).ok_or(DateError::Shape)?;
        let month_only = Self::checked(year, Some(month), None)?;
        let Some(day_str) = day_str else { return Ok(month_only) };
        let day = digits(day_str, 2).ok_or(DateError::Shape)?;
        Self::checked(year, Some(month), Some(day))
    }

    /// A date of four-digit year, two-digit month and day, if it exists.
    fn checked(year: u32, month: Option<u32>, day: Option<u32>) -> Result<Self, DateError> {
        if year == 0 {
            return Err(DateError::YearRange(0));
        }
        let year = i32::try_from(year).map_err(|_| DateError::Shape)?;
        let Some(month) = month else {
            return Ok(Self { year, month: 0, day: 0 });
        };
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let Some(day) = day else {
            return Ok(Self { year, month: month as u8, day: 0 });
        };
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(DateError::Day { year, month, day });
        }
        Ok(Self { year, month: month as u8, day: day as u8 })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// Month 1-12, if known.
    pub fn month(self) -> Option<u32> {
        (self.month > 0).then_some(u32::from(self.month))
    }

    /// Day of month, if known.
    pub fn day(self) -> Option<u32> {
        (self.day > 0).then_some(u32::from(self.day))
    }

    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// A key that sorts year-only before months and month-only before days.
    pub fn sort_key(self) -> i64 {
        i64::from(self.year) * 10_000 + i64::from(self.month) * 100 + i64::from(self.day)
    }

    /// A date from its parts, for importers: any year the calendar library knows (negative
    /// years are BCE, as in TimelineJS), with a real month and day when given.
    pub fn from_parts(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, DateError> {
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or(DateError::YearRange(i64::from(year)))?;
        let Some(month) = month else {
            return match day {
                Some(_) => Err(DateError::Shape),
                None => Ok(Self { year, month: 0, day: 0 }),
            };
        };
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let Some(day) = day else { return Ok(Self { year, month: month as u8, day: 0 }) };
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(DateError::Day { year, month, day });
        }
        Ok(Self { year, month: month as u8, day: day as u8 })
    }

    /// The earliest real day the date can mean, for computing gaps.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month().unwrap_or(1), self.day().unwrap_or(1))
    }

    /// Short form at the date's own precision: `2018`, `Jun 2018`, `2018-06-19`.
    /// Years before 1 are written `520 BCE` (an imported TimelineJS year -520).
    pub fn short(self) -> String {
        if self.year < 1 {
            return self.bce(false);
        }
        match self.precision() {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{} {:04}", MONTHS[usize::from(self.month - 1)], self.year),
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// The form under a year heading, which already says the year: `19 Jun`, `Jun`, and
    /// `year` for a date known only to its year.
    pub fn within_year(self) -> String {
        match (self.month(), self.day()) {
            (Some(m), Some(d)) => format!("{d:02} {}", MONTHS[m as usize - 1]),
            (Some(m), None) => MONTHS[m as usize - 1].to_string(),
            _ => "year".to_string(),
        }
    }

    fn bce(self, long: bool) -> String {
        let y = format!("{} BCE", self.year.unsigned_abs());
        let names = if long { MONTHS_LONG } else { MONTHS };
        match (self.month(), self.day()) {
            (Some(m), Some(d)) => format!("{d} {} {y}", names[m as usize - 1]),
            (Some(m), None) => format!("{} {y}", names[m as usize - 1]),
            _ => y,
        }
    }

    /// Long form for prose: `2018`, `June 2018`, `19 June 2018`.
    pub fn long(self) -> String {
        if self.year < 1 {
            return self.bce(true);
        }
        let month = |m: u8| MONTHS_LONG[usize::from(m - 1)];
        match self.precision() {
            Precision::Year => format!("{}", self.year),
            Precision::Month => format!("{} {}", month(self.month), self.year),
            Precision::Day => format!("{} {} {}", self.day, month(self.month), self.year),
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

/// How sure the sources are of the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Circa,
    Before,
    After,
}

impl Qualifier {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "circa" => Some(Self::Circa),
            "before" => Some(Self::Before),
            "after" => Some(Self::After),
            _ => None,
        }
    }

    /// One-character prefix for narrow columns.
    pub fn mark(self) -> &'static str {
        match self {
            Self::Circa => "~",
            Self::Before => "<",
            Self::After => ">",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Circa => "circa",
            Self::Before => "before",
            Self::After => "after",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).expect("valid test date")
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(d("2018").precision(), Precision::Year);
        assert_eq!(d("2018-06").precision(), Precision::Month);
        assert_eq!(d("2018-06-19").precision(), Precision::Day);
    }

    #[test]
    fn short_form_follows_precision() {
        assert_eq!(d("2018").short(), "2018");
        assert_eq!(d("2018-06").short(), "Jun 2018");
        assert_eq!(d("2018-06-19").short(), "2018-06-19");
        assert_eq!(d("2018-06-19").long(), "19 June 2018");
    }

    /// The split-and-parse version `parse` replaced, kept to hold the quick path to it.
    fn parse_by_splitting(s: &str) -> Result<PartialDate, DateError> {
        let digits = |s: &str, len: usize| -> Option<u32> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) { s.parse().ok() } else { None }
        };
        let mut parts = s.split('-');
        let year_str = parts.next().ok_or(DateError::Shape)?;
        let (month_str, day_str) = (parts.next(), parts.next());
        if parts.next().is_some() {
            return Err(DateError::Shape);
        }
        let year = digits(year_str, 4).ok_or_else(|| match year_str.parse::<i64>() {
            Ok(y) if year_str.bytes().all(|b| b.is_ascii_digit()) => DateError::YearRange(y),
            _ => DateError::Shape,
        })?;
        if year == 0 {
            return Err(DateError::YearRange(0));
        }
        let year = i32::try_from(year).map_err(|_| DateError::Shape)?;
        let Some(month_str) = month_str else { return Ok(PartialDate { year, month: 0, day: 0 }) };
        let month = digits(month_str, 2).ok_or(DateError::Shape)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let Some(day_str) = day_str else { return Ok(PartialDate { year, month: month as u8, day: 0 }) };
        let day = digits(day_str, 2).ok_or(DateError::Shape)?;
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(DateError::Day { year, month, day });
        }
        Ok(PartialDate { year, month: month as u8, day: day as u8 })
    }

    #[test]
    fn parse_agrees_with_splitting() {
        let years =
            ["2018", "2016", "1900", "2000", "0000", "0999", "99999", "201", "20a8", "", "+018", "２０１８"];
        let months = ["01", "02", "12", "13", "00", "1", "1a", "", "-1"];
        let days = ["01", "28", "29", "30", "31", "32", "00", "3", "3x", "", "0\u{e9}"];
        let mut n = 0;
        for y in years {
            for m in months {
                for d in days {
                    for s in
                        [y.to_string(), format!("{y}-{m}"), format!("{y}-{m}-{d}"), format!("{y}-{m}-{d}-01")]
                    {
                        assert_eq!(PartialDate::parse(&s), parse_by_splitting(&s), "{s:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 4000);
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(PartialDate::parse("2018-02-30"), Err(DateError::Day { year: 2018, month: 2, day: 30 }));
        assert_eq!(PartialDate::parse("2018-13"), Err(DateError::Month(13)));
        assert_eq!(PartialDate::parse("0000"), Err(DateError::YearRange(0)));
        assert_eq!(PartialDate::parse("99999"), Err(DateError::YearRange(99999)));
        assert_eq!(PartialDate::parse("2018/06/19"), Err(DateError::Shape));
        assert_eq!(PartialDate::parse("2018-6-19"), Err(DateError::Shape));
        assert_eq!(PartialDate::parse(""), Err(DateError::Shape));
        assert_eq!(PartialDate::parse("2018-06-19-01"), Err(DateError::Shape));
        assert!(PartialDate::parse("2016-02-29").is_ok());
        assert!(PartialDate::parse("2018-02-29").is_err());
    }

    #[test]
    fn year_sorts_before_its_months_and_month_before_its_days() {
        let mut v = [d("2018-06-19"), d("2018-06"), d("2018"), d("2017-12-31"), d("2019")];
        v.sort();
        let shown: Vec<_> = v.iter().map(|x| x.short()).collect();
        assert_eq!(shown, ["2017-12-31", "2018", "Jun 2018", "2018-06-19", "2019"]);
    }

    #[test]
    fn importers_may_use_negative_years() {
        let d = PartialDate::from_parts(-520, None, None).expect("a BCE year");
        assert_eq!(d.short(), "520 BCE");
        assert!(d < PartialDate::from_parts(1, None, None).expect("year 1"));
        assert_eq!(
            PartialDate::from_parts(-44, Some(3), Some(15)).map(PartialDate::long),
            Ok("15 March 44 BCE".into())
        );
        assert_eq!(
            PartialDate::from_parts(2018, Some(2), Some(30)),
            Err(DateError::Day { year: 2018, month: 2, day: 30 })
        );
        assert_eq!(PartialDate::from_parts(2018, None, Some(3)), Err(DateError::Shape));
        assert!(PartialDate::from_parts(300_000, None, None).is_err());
    }
}
