//! TimelineJS dates to [`PartialDate`]s.
//!
//! TimelineJS 3 writes `{"year": "1963", "month": "8", "day": "9"}`: precision is whichever
//! fields are present, numbers are as often strings as numbers (the spreadsheet import makes
//! strings, and empty cells become `""`), and BCE years are negative. TimelineJS 2 wrote
//! `"startDate": "1963,8,9"`. Uncertainty has no field; authors write it in `display_date`.

use serde_json::Value;

use crate::data::date::{DateError, PartialDate, Qualifier};
use crate::data::problem::Problem;
use crate::data::sanitize::clean;

/// A date as a slide gives it.
pub enum When<'a> {
    /// A TimelineJS 3 date object.
    Object(&'a Value),
    /// A TimelineJS 2 `"YYYY,MM,DD[,hh,mm,ss]"` string.
    Commas(&'a str),
}

/// A date read from a slide.
pub struct Read {
    pub date: PartialDate,
    /// The date named an hour, minute or second, which we cannot keep.
    pub had_time: bool,
    /// The date object's own `display_date`, if any.
    pub display: Option<String>,
}

/// Reads one date. `path` is where it sits in the file, e.g. `events[3].start_date`.
pub fn read(when: &When<'_>, path: &str) -> Result<Read, Box<Problem>> {
    match when {
        When::Object(v) => {
            let Some(obj) = v.as_object() else {
                return Err(Box::new(Problem::error(path, "a date must be an object like {\"year\": 1963}")));
            };
            let field = |name: &str| {
                number(obj.get(name))
                    .map_err(|m| Box::new(Problem::error(format!("{path}.{name}"), format!("`{name}`: {m}"))))
            };
            let (year, month, day) = (field("year")?, field("month")?, field("day")?);
            let mut had_time = false;
            for name in ["hour", "minute", "second", "millisecond"] {
                had_time |= field(name)?.is_some();
            }
            let display = obj.get("display_date").and_then(Value::as_str).map(str::to_string);
            Ok(Read { date: assemble(year, month, day, path)?, had_time, display })
        }
        When::Commas(s) => {
            let parts: Vec<&str> = s.split(',').map(str::trim).collect();
            let part = |i: usize| -> Result<Option<i64>, Box<Problem>> {
                match parts.get(i).filter(|p| !p.is_empty()) {
                    None => Ok(None),
                    Some(p) => p.parse().map(Some).map_err(|_| {
                        let message = format!("\"{}\" is not a date like \"1963,8,9\"", clean(s, false));
                        Box::new(Problem::error(path, message))
                    }),
                }
            };
            let (year, month, day) = (part(0)?, part(1)?, part(2)?);
            let had_time = (3..parts.len()).any(|i| parts[i].parse::<i64>().is_ok_and(|n| n != 0));
            Ok(Read { date: assemble(year, month, day, path)?, had_time, display: None })
        }
    }
}

/// A number as TimelineJS writes it: an integer, or a string with optional spaces and
/// thousands commas ("1,963"), which the library strips too. `Ok(None)` when missing or empty.
pub fn number(v: Option<&Value>) -> Result<Option<i64>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| format!("{n} is not a whole number")),
        Some(Value::String(s)) => {
            let digits: String = s.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
            if digits.is_empty() {
                return Ok(None);
            }
            digits.parse().map(Some).map_err(|_| format!("\"{}\" is not a whole number", clean(s, false)))
        }
        Some(_) => Err("expected a number or a string of digits".into()),
    }
}

fn assemble(
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    path: &str,
) -> Result<PartialDate, Box<Problem>> {
    let Some(year) = year else {
        let problem =
            Problem::error(path, "the date has no `year`").hint("TimelineJS dates need at least a year");
        return Err(Box::new(problem));
    };
    let out_of_range = || {
        Problem::error(format!("{path}.year"), format!("year {year} is beyond the calendar this app uses"))
            .hint("cosmological timelines (beyond about 262,000 years) are not supported")
    };
    let year = i32::try_from(year).map_err(|_| Box::new(out_of_range()))?;
    // Out-of-range months and days become a DateError below; u32::MAX is out of range too.
    let small = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    PartialDate::from_parts(year, month.map(small), day.map(small)).map_err(|e| {
        Box::new(match e {
            DateError::YearRange(_) => out_of_range(),
            DateError::Shape => Problem::error(path, "the date has a `day` but no `month`"),
            DateError::Month(m) => {
                Problem::error(format!("{path}.month"), format!("month {m} does not exist"))
            }
            e @ DateError::Day { .. } => Problem::error(format!("{path}.day"), e.to_string()),
        })
    })
}

/// The uncertainty an author wrote in a display date ("c. 1520", "before 1600").
pub fn qualifier(display: &str) -> Option<Qualifier> {
    let d = display.trim().to_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| d.starts_with(p));
    if starts(&["circa", "c.", "ca.", "c ", "~", "about ", "approx", "around "]) {
        Some(Qualifier::Circa)
    } else if starts(&["before ", "by "]) {
        Some(Qualifier::Before)
    } else if starts(&["after "]) {
        Some(Qualifier::After)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::data::date::Precision;

    fn object(v: &Value) -> Result<PartialDate, Box<Problem>> {
        read(&When::Object(v), "events[0].start_date").map(|r| r.date)
    }

    #[test]
    fn strings_numbers_and_empty_cells() {
        let d = object(&json!({"year": "1963", "month": "08", "day": 9})).expect("a day");
        assert_eq!((d.short(), d.precision()), ("1963-08-09".into(), Precision::Day));
        let d = object(&json!({"year": " 1,963 ", "month": "", "day": ""})).expect("a year");
        assert_eq!(d.precision(), Precision::Year);
        let d = object(&json!({"year": -520, "month": "3"})).expect("BCE");
        assert_eq!(d.short(), "Mar 520 BCE");
        assert_eq!(object(&json!({"year": "602"})).map(PartialDate::short).ok(), Some("0602".into()));
    }

    #[test]
    fn bad_dates_say_where_and_why() {
        let p = object(&json!({"month": 3})).expect_err("no year");
        assert_eq!(p.message, "the date has no `year`");
        let p = object(&json!({"year": "MCMLXIII"})).expect_err("roman numerals");
        assert_eq!(p.path, "events[0].start_date.year");
        let p = object(&json!({"year": 2018, "month": 2, "day": 30})).expect_err("no such day");
        assert_eq!(p.message, "2018-02 has no day 30");
        let p = object(&json!({"year": -13_800_000_000_i64})).expect_err("cosmological");
        assert!(p.message.contains("beyond the calendar"), "{}", p.message);
        assert!(object(&json!({"year": 2018, "day": 3})).is_err());
        assert!(object(&json!({"year": 2018, "month": -1})).is_err());
    }

    #[test]
    fn time_of_day_is_noticed() {
        let r =
            read(&When::Object(&json!({"year": "2000", "hour": "6", "millisecond": ""})), "x").expect("ok");
        assert!(r.had_time);
        let r = read(&When::Commas("2011,12,10,07,02,10"), "x").expect("ok");
        assert_eq!((r.date.short(), r.had_time), ("2011-12-10".into(), true));
        let r = read(&When::Commas("1888"), "x").expect("ok");
        assert_eq!((r.date.short(), r.had_time), ("1888".into(), false));
    }

    #[test]
    fn display_dates_carry_uncertainty() {
        assert_eq!(qualifier("c. 1520"), Some(Qualifier::Circa));
        assert_eq!(qualifier("Circa June 2018"), Some(Qualifier::Circa));
        assert_eq!(qualifier("before 1600"), Some(Qualifier::Before));
        assert_eq!(qualifier("after 12 May 1990"), Some(Qualifier::After));
        assert_eq!(qualifier("Summer 1963"), None);
        assert_eq!(qualifier("Cuba, 1962"), None);
    }
}
