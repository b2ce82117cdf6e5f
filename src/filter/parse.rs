//! The filter language, parsed with no dataset in sight.
//!
//! ```text
//! kind:contract,statement   kind:say | kind:do | kind:context   (any case; plurals too)
//! company:microsoft,google  actor:ice  tag:facial-recognition   (companies also by name)
//! year:2018  year:2018..2020  year:..2019  year:2020..
//! evidence:reported         (that level or stronger)
//! ice  "family separation"  (words and phrases, all must occur)
//! ```

use std::fmt;

use crate::data::{Evidence, Kind, Side};
use crate::suggest;

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
    EmptyValue(Key),
    BadKind(String),
    BadYear(String),
    BadEvidence(String),
    UnclosedQuote,
    /// A company, actor or tag that the dataset does not have, with the hint that follows
    /// (the closest names, else what exists).
    Unknown {
        key: Key,
        value: String,
        hint: String,
    },
}

/// The keys of `key:value` terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Kind,
    Company,
    Actor,
    Tag,
    Year,
    Evidence,
}

impl Key {
    pub const ALL: [Self; 6] =
        [Self::Kind, Self::Company, Self::Actor, Self::Tag, Self::Year, Self::Evidence];

    pub fn name(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Company => "company",
            Self::Actor => "actor",
            Self::Tag => "tag",
            Self::Year => "year",
            Self::Evidence => "evidence",
        }
    }

    /// A value that works, for the error that asks for one.
    fn example(self) -> &'static str {
        match self {
            Self::Kind => "contract",
            Self::Company => "microsoft",
            Self::Actor => "ice",
            Self::Tag => "facial-recognition",
            Self::Year => "2018..2020",
            Self::Evidence => "reported",
        }
    }

    /// The key named `s` (in lower case), if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// The words `kind:` takes: every kind, then the sides.
const KIND_WORDS: [&str; 9] =
    ["statement", "policy", "governance", "contract", "activism", "reporting", "say", "do", "context"];

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Kinds, levels and keys are fixed lists: the closest are found here, with no dataset.
        fn close(v: &str, names: &[&str]) -> Option<String> {
            suggest::did_you_mean(&suggest::closest_names(v, names.iter().copied()))
        }
        match self {
            Self::UnknownKey(k) => {
                let keys = Key::ALL.map(|k| format!("{}:", k.name()));
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                match close(&format!("{k}:"), &keys) {
                    Some(s) => write!(f, "unknown filter \"{k}:\"; {s}"),
                    None => write!(f, "unknown filter \"{k}:\"; use one of {}", keys.join(" ")),
                }
            }
            Self::EmptyValue(k) => write!(f, "\"{0}:\" needs a value, e.g. {0}:{1}", k.name(), k.example()),
            Self::BadKind(v) => match close(v, &KIND_WORDS) {
                Some(s) => write!(f, "unknown kind \"{v}\"; {s}"),
                None => write!(
                    f,
                    "unknown kind \"{v}\"; kinds are statement, policy, governance, contract, activism, reporting (or say, do, context)"
                ),
            },
            Self::BadYear(v) => write!(
                f,
                "\"{v}\" is not a year or range; write year:2018, year:2018..2020, year:..2019 or year:2020.."
            ),
            Self::BadEvidence(v) => match close(v, &Evidence::ALL.map(Evidence::name)) {
                Some(s) => write!(f, "unknown evidence level \"{v}\"; {s}"),
                None => write!(
                    f,
                    "unknown evidence level \"{v}\"; levels are confirmed, reported, disputed, unverified"
                ),
            },
            Self::UnclosedQuote => write!(f, "a quoted phrase is not closed; add the closing \""),
            Self::Unknown { key, value, hint } => write!(f, "no {} \"{value}\"; {hint}", key.name()),
        }
    }
}

impl std::error::Error for FilterError {}

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

/// The kinds a word names: a kind or a side, singular or plural, already in lower case
/// (`contract`, `contracts`, `policies`, `say`).
fn kinds_named(word: &str) -> Option<Vec<Kind>> {
    let one = |w: &str| {
        let side = match w {
            "say" => Side::Say,
            "do" => Side::Do,
            "context" => Side::Context,
            w => return Kind::parse(w).map(|k| vec![k]),
        };
        Some(Kind::ALL.into_iter().filter(|k| k.side() == side).collect())
    };
    let ies = word.strip_suffix("ies").map(|stem| format!("{stem}y"));
    one(word).or_else(|| word.strip_suffix('s').and_then(one)).or_else(|| ies.as_deref().and_then(one))
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
        let lower = key.to_lowercase();
        let Some(key) = Key::parse(&lower) else {
            // `https://…` or `10:30` in free text are words, not keys.
            if lower.chars().all(|c| c.is_ascii_alphabetic()) && !value.starts_with("//") {
                return Err(FilterError::UnknownKey(lower));
            }
            terms.push(Term::Word(tok));
            continue;
        };
        if value.trim().is_empty() {
            return Err(FilterError::EmptyValue(key));
        }
        let term = match key {
            Key::Kind => {
                let mut kinds = Vec::new();
                for v in list(value) {
                    kinds.extend(kinds_named(&v).ok_or(FilterError::BadKind(v))?);
                }
                Term::Kinds(kinds)
            }
            Key::Company => Term::Company(list(value)),
            Key::Actor => Term::Actor(list(value)),
            Key::Tag => Term::Tag(list(value)),
            Key::Year => match value.split_once("..") {
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
            Key::Evidence => Term::Evidence(
                Evidence::parse(&value.to_lowercase())
                    .ok_or_else(|| FilterError::BadEvidence(value.to_string()))?,
            ),
        };
        terms.push(term);
    }
    Ok(terms)
}
