//! One cell's text as a date or a sum of money. Downloads say `2026-07-16` and `27500.00`;
//! the same file re-saved by a spreadsheet says `7/16/26`, `5/31/21 0:00`, `16/07/2026` and
//! `27500`. A slashed date whose day and month could be either way round is an error unless
//! `--date-order` says which: reading it the wrong way would move an award by months.

use chrono::NaiveDate;

use crate::cli::DateOrder;

/// The date in `text`, `None` for an empty cell. The message says what is wrong, without the
/// place (the caller knows the file, line and column).
pub fn date(text: &str, order: Option<DateOrder>) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // The form downloads use, `2026-07-16` or `2026-08-06 00:00:00`, read without allocating:
    // most cells of a big file are this.
    if let Some(d) = iso(t) {
        return real_day(Some(d), t).map(Some);
    }
    // A time after the date (`2026-08-06 00:00:00`, `5/31/21 0:00`) says nothing more.
    let day_part = t.split([' ', 'T']).next().unwrap_or(t);
    let rest = t[day_part.len()..].trim();
    if !rest.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.' || b == b' ' || b == b'Z') {
        return Err(format!("\"{t}\" is not a date"));
    }
    let parts: Vec<&str> = day_part.split(['-', '/']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| digits(p)).collect();
    let (Some(n), 3) = (numbers, parts.len()) else {
        return Err(format!("\"{t}\" is not a date"));
    };
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if day_part.contains('/') && matches!(parts[2].len(), 2 | 4) {
        let year = if parts[2].len() == 2 { two_digit_year(n[2]) } else { n[2] };
        let (a, b) = (n[0], n[1]);
        let (m, d) = match order {
            _ if a == b => (a, b),
            Some(DateOrder::Mdy) if a > 12 => {
                return Err(format!("\"{t}\" has {a} first, which is not a month, but --date-order is mdy"));
            }
            Some(DateOrder::Dmy) if b > 12 => {
                return Err(format!("\"{t}\" has {b} second, which is not a month, but --date-order is dmy"));
            }
            Some(DateOrder::Mdy) => (a, b),
            Some(DateOrder::Dmy) => (b, a),
            None if a > 12 => (b, a),
            None if b > 12 => (a, b),
            None => {
                return Err(format!("\"{t}\" is ambiguous: month {a} day {b}, or day {a} month {b}"));
            }
        };
        (year, m, d)
    } else {
        return Err(format!("\"{t}\" is not a date"));
    };
    let y = i32::try_from(y).map_err(|_| format!("\"{t}\" is not a date"))?;
    real_day(NaiveDate::from_ymd_opt(y, m, d), t).map(Some)
}

/// A day the dataset format can hold (years 1 to 9999), or the error for `text`.
fn real_day(d: Option<NaiveDate>, text: &str) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    d.filter(|d| (1..=9999).contains(&d.year())).ok_or_else(|| format!("\"{text}\" is not a real day"))
}

/// A date from the API (`2018-03-05`, or with a time after it).
pub fn api_date(text: &str) -> Result<NaiveDate, String> {
    let day = text.get(..10).unwrap_or(text);
    real_day(NaiveDate::parse_from_str(day, "%Y-%m-%d").ok(), text)
        .map_err(|_| format!("\"{text}\" is not a date"))
}

/// An award key the dataset format takes (`CONT_AWD_…`, `CONT_IDV_…`: printable, no `/`).
pub fn award_key(key: &str) -> Result<(), String> {
    if key.starts_with("CONT_") && key.bytes().all(|b| b.is_ascii_graphic() && b != b'/') {
        Ok(())
    } else {
        Err(format!("\"{key}\" is not a USAspending contract award key (CONT_AWD_… or CONT_IDV_…)"))
    }
}

/// `YYYY-MM-DD`, alone or before ` 00:00:00`; `None` for anything else (read the slow way).
fn iso(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || (b.len() > 10 && b[10] != b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let rest_ok = b[10..].iter().all(|&c| c.is_ascii_digit() || c == b':' || c == b' ' || c == b'.');
    if !rest_ok {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// A spreadsheet's two-digit year, as Excel reads it: 00–29 are 2000–2029, 30–99 are 1930–1999.
fn two_digit_year(y: u32) -> u32 {
    if y < 30 { 2000 + y } else { 1900 + y }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A sum of money, `None` for an empty cell: `27500.00`, `-27500`, `157934095.4`, and the
/// spreadsheet forms `$27,500.00` and `(27,500.00)` (negative).
pub fn money(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // Plain `-27500.00`, as downloads write it, parsed at once.
    let digits = t.strip_prefix('-').unwrap_or(t);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit())
        && let Ok(v) = t.parse::<f64>()
        && v.is_finite()
    {
        return Ok(Some(v));
    }
    let (negative, body) = match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, t),
    };
    let (minus, body) = match body.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, body),
    };
    let body = body.strip_prefix('$').unwrap_or(body).trim();
    let plain: String = body.chars().filter(|&c| c != ',').collect();
    let ok = !plain.is_empty()
        && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && plain.bytes().filter(|&b| b == b'.').count() <= 1
        && plain.bytes().any(|b| b.is_ascii_digit());
    let value: f64 = match plain.parse() {
        Ok(v) if ok && f64::is_finite(v) => v,
        _ => return Err(format!("\"{t}\" is not a sum of money")),
    };
    Ok(Some(if negative != minus { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn downloads_and_spreadsheet_dates() {
        assert_eq!(date("2026-07-16", None), Ok(d(2026, 7, 16)));
        assert_eq!(date("2026-08-06 00:00:00", None), Ok(d(2026, 8, 6)));
        assert_eq!(date("12/22/17", None), Ok(d(2017, 12, 22)));
        assert_eq!(date("5/31/21 0:00", None), Ok(d(2021, 5, 31)));
        assert_eq!(date("27/02/2018", None), Ok(d(2018, 2, 27)));
        assert_eq!(date("3/3/2019", None), Ok(d(2019, 3, 3)));
        assert_eq!(date("", None), Ok(None));
        assert_eq!(date("  ", None), Ok(None));
    }

    #[test]
    fn an_ambiguous_date_needs_an_order() {
        let e = date("02/03/2018", None).expect_err("ambiguous");
        assert!(e.contains("ambiguous"), "{e}");
        assert_eq!(date("02/03/2018", Some(DateOrder::Mdy)), Ok(d(2018, 2, 3)));
        assert_eq!(date("02/03/2018", Some(DateOrder::Dmy)), Ok(d(2018, 3, 2)));
        assert!(date("27/02/2018", Some(DateOrder::Mdy)).is_err());
        assert!(date("12/22/17", Some(DateOrder::Dmy)).is_err());
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert!(date("2018-02-30", None).is_err());
        assert!(date("13/13/2018", None).is_err());
        assert!(date("next week", None).is_err());
        assert!(date("2018-02", None).is_err());
        assert!(date("0000-01-01", None).is_err(), "the dataset format has no year 0");
        assert!(date("1/1/0000", None).is_err());
        assert!(api_date("0000-01-01").is_err());
        assert_eq!(api_date("2018-03-05T00:00:00").ok(), d(2018, 3, 5));
    }

    #[test]
    fn award_keys_are_contract_keys() {
        assert!(award_key("CONT_AWD_70CTD022FR0000170_7012_GS35F0086U_4730").is_ok());
        assert!(award_key("ASST_NON_1").is_err());
        assert!(award_key("CONT_AWD_A B").is_err());
    }

    #[test]
    fn money_as_files_write_it() {
        assert_eq!(money("27500.00"), Ok(Some(27500.0)));
        assert_eq!(money("-27500.00"), Ok(Some(-27500.0)));
        assert_eq!(money("157934095.4"), Ok(Some(157_934_095.4)));
        assert_eq!(money("27500"), Ok(Some(27500.0)));
        assert_eq!(money("$1,234.50"), Ok(Some(1234.5)));
        assert_eq!(money("(1,234.50)"), Ok(Some(-1234.5)));
        assert_eq!(money(""), Ok(None));
        assert!(money("n/a").is_err());
        assert!(money("1.2.3").is_err());
        assert!(money("-").is_err());
        assert!(money(&"9".repeat(400)).is_err(), "too big for a number");
    }
}
