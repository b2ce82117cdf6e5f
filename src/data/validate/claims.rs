//! What a machine can check of the claims themselves, once every event and source is known:
//! a money figure in a link note that is neither end's amount, and an event dated after every
//! page that reports it was published. Both are warnings: the file loads, `check` says where
//! a reader should look.

use chrono::NaiveDate;

use super::Validator;
use crate::data::date::{PartialDate, Precision};
use crate::data::model::{Event, SourceKind};

impl Validator {
    /// What the per-event checks need of each source, eight bytes a source: whether it is
    /// weak, and the last day it can have been published. At a source per event, reading
    /// these from the sources themselves (96 bytes each, at random) went to memory for each.
    pub(super) fn source_facts(&self) -> Vec<SourceFacts> {
        self.sources
            .iter()
            .map(|s| SourceFacts {
                weak: s.kind == SourceKind::Weak,
                last_day: s.published.and_then(last_day),
            })
            .collect()
    }

    pub(super) fn claim_warnings(&mut self, facts: &[SourceFacts]) {
        let mut found: Vec<(String, String, String, &'static str)> = Vec::new();
        // Most notes name no sum: only those that do were kept, in event order.
        let mut notes = self.money_notes.iter().peekable();
        for (p, e) in self.pending.iter().enumerate() {
            let file = self.pending_files[p];
            while let Some(&(_, k)) = notes.next_if(|&&(q, _)| q == p) {
                let l = &e.links[k];
                let figures = l.note.as_deref().map(money).unwrap_or_default();
                let other = self.pending_files.binary_search(&l.to()).ok().map(|q| &self.pending[q]);
                let amounts: Vec<f64> = [Some(e), other]
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.amount.as_ref().map(|a| a.value))
                    .collect();
                for figure in figures {
                    if !amounts.iter().any(|&a| figure.matches(a)) {
                        found.push((
                            format!("events[{file}].links[{k}].note"),
                            e.id.to_string(),
                            format!("the note names {}, which is neither this event's amount nor the linked event's", figure.text),
                            "say whose figure it is in the summary of the event it belongs to, or give that event the amount",
                        ));
                    }
                }
            }
            if let Some(latest) = latest_source(facts, e)
                && e.qualifier.is_none()
                && e.date.first_day().is_some_and(|d| d > latest)
            {
                found.push((
                    format!("events[{file}].date"),
                    e.id.to_string(),
                    format!("dated {} but every source was published by {latest}", e.date.short()),
                    "an event cannot be reported before it happens: check the date, or cite the page that reports it",
                ));
            }
        }
        for (path, id, message, hint) in found {
            self.warn(path, message, Some(&id)).set_hint(hint);
        }
    }
}

/// See [`Validator::source_facts`].
#[derive(Clone, Copy)]
pub(super) struct SourceFacts {
    pub weak: bool,
    pub last_day: Option<NaiveDate>,
}

/// The last day any of the event's sources can have been published, when every source
/// carries a date.
fn latest_source(facts: &[SourceFacts], e: &Event) -> Option<NaiveDate> {
    let mut latest = None;
    for &s in &e.sources {
        latest = latest.max(Some(facts[s].last_day?));
    }
    latest
}

/// The last real day a date can mean.
fn last_day(d: PartialDate) -> Option<NaiveDate> {
    let first = d.first_day()?;
    match d.precision() {
        Precision::Day => Some(first),
        Precision::Month => first.checked_add_months(chrono::Months::new(1))?.pred_opt(),
        Precision::Year => NaiveDate::from_ymd_opt(d.year(), 12, 31),
    }
}

/// A money figure as a note writes it: `USD 19.4 million`, `$10 billion`, `$479,197,708.33`.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    value: f64,
    /// Half the last stated digit, scaled: `19.4 million` may stand for 19.35 to 19.45 million.
    tolerance: f64,
    text: String,
}

impl Figure {
    fn matches(&self, amount: f64) -> bool {
        (amount - self.value).abs() <= self.tolerance * (1.0 + 1e-9)
    }
}

/// Where the next currency sign or code starts in `text`, and its length: one pass over the
/// text (a link note is checked for each of a file's links, most of them with no money).
fn next_currency(text: &str) -> Option<(usize, usize)> {
    const MARKS: [&str; 7] = ["$", "USD ", "US$", "EUR ", "€", "£", "GBP "];
    text.char_indices().find_map(|(i, c)| {
        if !matches!(c, '$' | 'U' | 'E' | '€' | '£' | 'G') {
            return None;
        }
        MARKS.iter().find(|m| text[i..].starts_with(**m)).map(|m| (i, m.len()))
    })
}

/// Whether `text` names a sum of money, which [`Validator::claim_warnings`] then checks.
pub(super) fn names_money(text: &str) -> bool {
    !money(text).is_empty()
}

/// Every money figure in `text`: a currency sign or code, a number, and a scale word.
fn money(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = next_currency(rest) {
        let after = &rest[at.0 + at.1..];
        let number: String =
            after.chars().take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.').collect();
        let digits = number.trim_end_matches(['.', ',']);
        let consumed = &rest[..at.0 + at.1 + number.len()];
        rest = &after[number.len()..];
        let Ok(base) = digits.replace(',', "").parse::<f64>() else { continue };
        // The last stated digit sets the precision: `19.4` is to the tenth, `480` to the ten
        // (a rounding of 479.2), `10` to the ten.
        let exponent = match digits.split_once('.') {
            Some((_, d)) => -i32::try_from(d.len()).unwrap_or(0),
            None => {
                let whole = digits.replace(',', "");
                let zeros = whole.len() - whole.trim_end_matches('0').len();
                i32::try_from(zeros.min(whole.len().saturating_sub(1))).unwrap_or(0)
            }
        };
        let word = rest.trim_start().split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
        let scale = match word.to_ascii_lowercase().as_str() {
            "thousand" | "k" => 1e3,
            "million" | "m" | "mn" => 1e6,
            "billion" | "bn" | "b" => 1e9,
            "trillion" => 1e12,
            _ => 1.0,
        };
        let shown = if scale > 1.0 {
            format!("{}{number} {word}", &consumed[at.0..at.0 + at.1])
        } else {
            format!("{}{number}", &consumed[at.0..at.0 + at.1])
        };
        out.push(Figure {
            value: base * scale,
            tolerance: 0.5 * scale * 10f64.powi(exponent),
            text: shown.trim().to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_with_their_precision() {
        let f = money("The ICE contract was about USD 19.4 million; JEDI $10 billion, IVAS $479,197,708.33.");
        let values: Vec<f64> = f.iter().map(|x| x.value).collect();
        assert_eq!(values, [19_400_000.0, 10_000_000_000.0, 479_197_708.33]);
        assert!(f[0].matches(19_400_000.0) && f[0].matches(19_440_000.0) && !f[0].matches(19_140_000.0));
        assert!(f[1].matches(9_700_000_000.0), "ten billion, rounded to the ten");
        assert!(money("about USD 480 million")[0].matches(479_200_000.0));
        assert!(!money("USD 19.14 million")[0].matches(19_400_000.0), "19.14 is not 19.4");
        assert!(money("no money here, 25 days later").is_empty());
    }

    #[test]
    fn last_days_of_months_and_years() {
        let d = |s: &str| PartialDate::parse(s).expect("date");
        assert_eq!(last_day(d("2020-02")), NaiveDate::from_ymd_opt(2020, 2, 29));
        assert_eq!(last_day(d("2018")), NaiveDate::from_ymd_opt(2018, 12, 31));
        assert_eq!(last_day(d("2018-06-19")), NaiveDate::from_ymd_opt(2018, 6, 19));
    }
}
