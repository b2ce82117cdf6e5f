//! Which events are shown: a filter by kind, company, actor, tag, year range, evidence level
//! and free text, written in a small language (`kind:contract year:2018..2020 ice`).
//!
//! Two stages, like the dataset: [`parse`] turns text into terms with no dataset in sight, then
//! [`Filter::resolve`] checks the terms against the dataset (so an unknown company is an error
//! that names the closest companies, see [`crate::suggest`]). Companies are found by id, name
//! or short name in any case, and always written back by id. Matching is a pure function of an
//! event.

pub mod parse;

use crate::data::{Dataset, Evidence, Kind};
use crate::search::{Prepared, Query, SearchIndex};
use crate::suggest;
pub use parse::{FilterError, Key, Term, parse};

/// A set of kinds, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSet(u8);

impl KindSet {
    pub const ALL: Self = Self(0b11_1111);

    fn bit(k: Kind) -> u8 {
        1 << Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)
    }

    pub fn none() -> Self {
        Self(0)
    }

    pub fn contains(self, k: Kind) -> bool {
        self.0 & Self::bit(k) != 0
    }

    #[must_use]
    pub fn with(self, k: Kind) -> Self {
        Self(self.0 | Self::bit(k))
    }

    #[must_use]
    pub fn toggled(self, k: Kind) -> Self {
        Self(self.0 ^ Self::bit(k))
    }

    pub fn is_all(self) -> bool {
        self == Self::ALL
    }
}

/// A resolved filter. The default shows everything.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub kinds: KindSet,
    /// Company indices; empty means every company.
    pub companies: Vec<usize>,
    /// Actor indices (as actor or counterparty); empty means any.
    pub actors: Vec<usize>,
    pub tags: Vec<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub min_evidence: Option<Evidence>,
    /// Every word or phrase must occur in the event's searchable text.
    pub words: Vec<Query>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            kinds: KindSet::ALL,
            companies: Vec::new(),
            actors: Vec::new(),
            tags: Vec::new(),
            from_year: None,
            to_year: None,
            min_evidence: None,
            words: Vec::new(),
        }
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Parses and resolves `text` against `data`.
    pub fn from_text(text: &str, data: &Dataset) -> Result<Self, FilterError> {
        Self::resolve(&parse(text)?, data)
    }

    /// Checks parsed terms against the dataset. Terms of one key are alternatives (any company
    /// listed); different keys must all hold.
    pub fn resolve(terms: &[Term], data: &Dataset) -> Result<Self, FilterError> {
        let mut f = Self::default();
        let mut kinds: Option<KindSet> = None;
        for term in terms {
            match term {
                Term::Kinds(ks) => {
                    kinds = Some(ks.iter().fold(kinds.unwrap_or(KindSet::none()), |s, k| s.with(*k)))
                }
                Term::Company(names) => {
                    for name in names {
                        let c = data.find_company(name).ok_or_else(|| FilterError::Unknown {
                            key: Key::Company,
                            value: name.clone(),
                            hint: suggest::company(data, name),
                        })?;
                        f.companies.push(c);
                    }
                }
                Term::Actor(names) => {
                    for name in names {
                        let a = data.find_actor(name).ok_or_else(|| FilterError::Unknown {
                            key: Key::Actor,
                            value: name.clone(),
                            hint: suggest::actor(data, name),
                        })?;
                        f.actors.push(a);
                    }
                }
                Term::Tag(tags) => {
                    for t in tags {
                        if !data.events.iter().any(|e| e.tags.iter().any(|x| x == t)) {
                            return Err(FilterError::Unknown {
                                key: Key::Tag,
                                value: t.clone(),
                                hint: suggest::tag(data, t),
                            });
                        }
                        f.tags.push(t.clone());
                    }
                }
                Term::Years(from, to) => {
                    f.from_year = *from;
                    f.to_year = *to;
                }
                Term::Evidence(e) => f.min_evidence = Some(*e),
                Term::Word(w) => f.words.push(Query::new(w)),
            }
        }
        if let Some(k) = kinds {
            f.kinds = k;
        }
        Ok(f)
    }

    /// The events that pass the filter, in display order. Its words are set against the
    /// dataset once, not once per event.
    pub fn matching<'s>(
        &'s self,
        data: &'s Dataset,
        index: &'s SearchIndex,
    ) -> impl Iterator<Item = usize> + 's {
        let words: Vec<Prepared<'_>> = self.words.iter().map(|w| index.prepare(data, w)).collect();
        (0..data.events.len())
            .filter(move |&i| self.passes(data, i) && words.iter().all(|w| index.matches(data, w, i)))
    }

    /// Every part of the filter but its words.
    fn passes(&self, data: &Dataset, i: usize) -> bool {
        let e = &data.events[i];
        self.kinds.contains(e.kind)
            && (self.companies.is_empty() || self.companies.contains(&e.company))
            && (self.actors.is_empty()
                || [e.actor, e.counterparty].into_iter().flatten().any(|a| self.actors.contains(&a)))
            && (self.tags.is_empty() || self.tags.iter().any(|t| e.tags.iter().any(|x| x == t)))
            && self.from_year.is_none_or(|y| e.date.year() >= y)
            && self.to_year.is_none_or(|y| e.date.year() <= y)
            && self.min_evidence.is_none_or(|m| e.evidence >= m)
    }

    /// The filter written back in its own language, e.g. `kind:contract year:2018..2020`.
    pub fn to_text(&self, data: &Dataset) -> String {
        let mut parts = Vec::new();
        if !self.kinds.is_all() {
            let ks: Vec<&str> =
                Kind::ALL.into_iter().filter(|k| self.kinds.contains(*k)).map(Kind::name).collect();
            parts.push(if ks.is_empty() {
                "kind:none".to_string()
            } else {
                format!("kind:{}", ks.join(","))
            });
        }
        if !self.companies.is_empty() {
            let ids: Vec<&str> = self.companies.iter().map(|&c| data.companies[c].id.as_str()).collect();
            parts.push(format!("company:{}", ids.join(",")));
        }
        if !self.actors.is_empty() {
            let ids: Vec<&str> = self.actors.iter().map(|&a| data.actors[a].id.as_str()).collect();
            parts.push(format!("actor:{}", ids.join(",")));
        }
        if !self.tags.is_empty() {
            parts.push(format!("tag:{}", self.tags.join(",")));
        }
        match (self.from_year, self.to_year) {
            (None, None) => {}
            (Some(a), Some(b)) if a == b => parts.push(format!("year:{a}")),
            (a, b) => parts.push(format!(
                "year:{}..{}",
                a.map(|y| y.to_string()).unwrap_or_default(),
                b.map(|y| y.to_string()).unwrap_or_default()
            )),
        }
        if let Some(e) = self.min_evidence {
            parts.push(format!("evidence:{}", e.name()));
        }
        for w in &self.words {
            if w.text.contains(' ') {
                parts.push(format!("\"{}\"", w.text));
            } else {
                parts.push(w.text.clone());
            }
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests;
