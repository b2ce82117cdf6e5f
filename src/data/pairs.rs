//! What a company said set against what it did: each statement, policy or governance step
//! with the contracts of the same company linked to it (in either direction, by any
//! relation). The comparison pane, `--plain`, the handouts and `list --pairs` all read the
//! pairs from here, so they agree.

use super::gap::Gap;
use super::model::{Dataset, Side};

/// A statement and one contract linked to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub said: usize,
    pub did: usize,
}

impl Pair {
    /// The time from the statement to the contract.
    pub fn gap(self, data: &Dataset) -> Gap {
        Gap::between(data.events[self.said].date, data.events[self.did].date)
    }
}

/// The contracts linked to `said` that `keep` keeps, in display order, each once. Empty when
/// `said` is not something its company said.
pub fn linked_contracts(data: &Dataset, said: usize, keep: impl Fn(usize) -> bool) -> Vec<usize> {
    if data.comparison_side(said) != Side::Say {
        return Vec::new();
    }
    let company = data.events[said].company;
    let mut out: Vec<usize> = data
        .related(said)
        .into_iter()
        .map(|r| r.event)
        .filter(|&o| keep(o) && data.events[o].company == company && data.comparison_side(o) == Side::Do)
        .collect();
    // Events are stored in display order; a link written on both ends is listed twice.
    out.sort_unstable();
    out.dedup();
    out
}

/// Every pair among the events `keep` keeps, by the statement's place in display order.
pub fn pairs(data: &Dataset, keep: impl Fn(usize) -> bool) -> Vec<Pair> {
    (0..data.events.len())
        .filter(|&s| keep(s))
        .flat_map(|s| linked_contracts(data, s, &keep).into_iter().map(move |did| Pair { said: s, did }))
        .collect()
}
