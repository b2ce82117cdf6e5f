//! The filter language, parsed with no dataset in sight.
//!
//! ```text
//! kind:contract,statement   kind:say | kind:do | kind:context
//! company:microsoft,google  actor:ice  tag:facial-recognition
//! year:2018  year:2018..2020  year:..2019  year:2020..
//! evidence:reported         (that level or stronger)
//! ice  "family separation"  (words and phrases, all must occur)
//! ```

use std::fmt;

use crate::data::{Evidence, Kind, Side};

/// One term of a filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Kinds(Vec<Kind>),
    Company(Vec<String>),
    Actor(Vec<String>),
    Tag(Vec<String>),
    Years(Option<i32>, Option<i32>),
    Evidence(Evidence),
    Word(String),
}

/// What is wrong with a filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    UnknownKey(String),
    EmptyValue(String),
    BadKind(String),
    BadYear(String),
    BadEvidence(String),
    UnclosedQuote,
    Unknown { what: &'static str, value: String, known: String },
}

pub const KEYS: [&str; 6] = ["kind", "company", "actor", "tag", "year", "evidence"];

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownKey(k) => {
                write!(f, "unknown filter \"{k}:\"; use one of {}", KEYS.map(|k| format!("{k}:")).join(" "))
            }
            Self::EmptyValue(k) => write!(f, "\"{k}:\" needs a value, e.g. {k}:{}", example(k)),
            Self::BadKind(v) => write!(
                f,
                "unknown kind \"{v}\"; kinds are statement, policy, governance, contract, activism, reporting (or say, do, context)"
            ),
            Self::BadYear(v) => write!(
                f,
                "\"{v}\" is not a year or range; write year:2018, year:2018..2020, year:..2019 or year:2020.."
            ),
            Self::BadEvidence(v) => write!(
                f,
                "unknown evidence level \"{v}\"; levels are confirmed, reported, disputed, unverified"
            ),
            Self::UnclosedQuote => write!(f, "a quoted phrase is not closed; add the closing \""),
            Self::Unknown { what, value, known } => {
                let plural = if let Some(stem) = what.strip_suffix('y') {
                    format!("{stem}ies")
                } else {
                    format!("{what}s")
                };
                write!(f, "no {what} \"{value}\"; {plural}: {known}")
            }
        }
    }
}

impl std::error::Error for FilterError {}

fn example(key: &str) -> &'static str {
    match key {
        "kind" => "contract",
        "company" => "microsoft",
        "actor" => "ice",
        "tag" => "facial-recognition",
        "year" => "2018..2020",
        _ => "reported",
    }
}

/// Splits on spaces, keeping `"quoted phrases"` (and `key:"quoted value"`) together.
fn tokens(s: &str) -> Result<Vec<String>, FilterError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(FilterError::UnclosedQuote);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn year(s: &str) -> Result<Option<i32>, FilterError> {
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i32>() {
        Ok(y) if (1..=9999).contains(&y) => Ok(Some(y)),
        _ => Err(FilterError::BadYear(s.to_string())),
    }
}

fn list(v: &str) -> Vec<String> {
    v.split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_lowercase).collect()
}

/// Parses a filter expression into terms.
pub fn parse(s: &str) -> Result<Vec<Term>, FilterError> {
    let mut terms = Vec::new();
    for tok in tokens(s)? {
        let Some((key, value)) = tok.split_once(':').filter(|(k, _)| !k.is_empty() && !k.contains(' '))
        else {
            terms.push(Term::Word(tok));
            continue;
        };
        let key = key.to_lowercase();
        if !KEYS.contains(&key.as_str()) {
            // `https://…` or `10:30` in free text are words, not keys.
            if key.chars().all(|c| c.is_ascii_alphabetic()) && !value.starts_with("//") {
                return Err(FilterError::UnknownKey(key));
            }
            terms.push(Term::Word(tok));
            continue;
        }
        if value.trim().is_empty() {
            return Err(FilterError::EmptyValue(key));
        }
        let term = match key.as_str() {
            "kind" => {
                let mut kinds = Vec::new();
                for v in list(value) {
                    match v.as_str() {
                        "say" => kinds.extend(Kind::ALL.into_iter().filter(|k| k.side() == Side::Say)),
                        "do" => kinds.extend(Kind::ALL.into_iter().filter(|k| k.side() == Side::Do)),
                        "context" => {
                            kinds.extend(Kind::ALL.into_iter().filter(|k| k.side() == Side::Context))
                        }
                        other => kinds
                            .push(Kind::parse(other).ok_or_else(|| FilterError::BadKind(other.to_string()))?),
                    }
                }
                Term::Kinds(kinds)
            }
            "company" => Term::Company(list(value)),
            "actor" => Term::Actor(list(value)),
            "tag" => Term::Tag(list(value)),
            "year" => match value.split_once("..") {
                Some((a, b)) => {
                    let (from, to) = (year(a.trim())?, year(b.trim())?);
                    if from.is_none() && to.is_none() {
                        return Err(FilterError::BadYear(value.to_string()));
                    }
                    if let (Some(x), Some(y)) = (from, to)
                        && x > y
                    {
                        return Err(FilterError::BadYear(value.to_string()));
                    }
                    Term::Years(from, to)
                }
                None => {
                    let y = year(value.trim())?;
                    Term::Years(y, y)
                }
            },
            _ => Term::Evidence(
                Evidence::parse(&value.to_lowercase())
                    .ok_or_else(|| FilterError::BadEvidence(value.to_string()))?,
            ),
        };
        terms.push(term);
    }
    Ok(terms)
}
