//! The say-vs-do comparison of one company, as pairs: each thing the company said (a
//! statement, policy or governance step) with the contracts linked to it beside it, then what
//! it said or did that nothing links, each on its own line.
//!
//! A line holds at most one statement and one contract, and a statement and a contract share
//! a line only when they are linked. The first linked contract sits beside its statement; the
//! others follow under it, bracketed. Rebuilt with the other tables when the filter or the
//! pane's order changes: linear in the company's events plus their links, and a sort of its
//! units.

use std::cmp::Reverse;

use crate::data::gap::Gap;
use crate::data::{Dataset, Side};

/// How the comparison orders its units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PairOrder {
    /// By the date of what was said (or done, for a contract on its own).
    #[default]
    Date,
    /// The longest time between words and a linked contract first.
    Gap,
    /// The largest linked contract first.
    Amount,
}

impl PairOrder {
    pub const ALL: [Self; 3] = [Self::Date, Self::Gap, Self::Amount];

    #[must_use]
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|&o| o == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// As the status bar says it: "by date".
    pub fn name(self) -> &'static str {
        match self {
            Self::Date => "by date",
            Self::Gap => "by gap, largest first",
            Self::Amount => "by amount, largest first",
        }
    }
}

/// What the comparison shows and in which order; the user's choice, kept across companies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairView {
    pub order: PairOrder,
    /// Only statements that have a linked contract.
    pub pairs_only: bool,
    /// Also show activism, reporting and outside parties' words, one line each.
    pub context: bool,
}

/// How a line joins the unit it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// A statement and its only linked contract.
    Pair,
    /// A statement and the first of several linked contracts.
    First,
    /// A further linked contract of the statement above.
    Next,
    /// The last linked contract of the statement above.
    Last,
    /// A statement, contract or context event that nothing on its side links.
    Alone,
}

/// One line of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairRow {
    /// What the company said, on the unit's first line.
    pub said: Option<usize>,
    /// A contract linked to the unit's statement, or a contract on its own.
    pub did: Option<usize>,
    /// Activism, reporting or an outside party's words (only when context is shown).
    pub context: Option<usize>,
    /// The statement this line's contract is linked to, on every line of a unit.
    pub unit: Option<usize>,
    pub join: Join,
}

impl PairRow {
    /// The events of the line in reading order.
    pub fn events(self) -> impl Iterator<Item = usize> {
        [self.said, self.did, self.context].into_iter().flatten()
    }

    /// The contract's gap from its statement, when the line has both ends.
    pub fn gap(self, data: &Dataset) -> Option<Gap> {
        let (said, did) = (self.unit?, self.did?);
        Some(Gap::between(data.events[said].date, data.events[did].date))
    }
}

/// One company's comparison.
#[derive(Debug, Clone, Default)]
pub struct PairTable {
    pub rows: Vec<PairRow>,
    /// How many lines pair a statement with a contract (the status bar counts them).
    pub pairs: usize,
    /// Something the company said or did is on a line (not only context).
    pub comparable: bool,
}

impl PairTable {
    /// The line and event after (`forward`) or before `(row, event)` in reading order: the
    /// statement, the contract beside it, the next line.
    pub fn neighbour(&self, row: usize, event: usize, forward: bool) -> Option<(usize, usize)> {
        let here: Vec<usize> = self.rows.get(row)?.events().collect();
        let at = here.iter().position(|&e| e == event);
        let next_row = |r: usize| self.rows.get(r).and_then(|x| x.events().next()).map(|e| (r, e));
        let prev_row = |r: usize| self.rows.get(r).and_then(|x| x.events().last()).map(|e| (r, e));
        match (at, forward) {
            (Some(i), true) => here.get(i + 1).map(|&e| (row, e)).or_else(|| next_row(row + 1)),
            (Some(i), false) if i > 0 => Some((row, here[i - 1])),
            (Some(_), false) => prev_row(row.checked_sub(1)?),
            // Not on this line: its first event.
            (None, _) => here.first().map(|&e| (row, e)),
        }
    }

    /// The first and one past the last line of the unit line `row` belongs to.
    pub fn unit_span(&self, row: usize) -> (usize, usize) {
        let Some(unit) = self.rows.get(row).and_then(|r| r.unit) else { return (row, row + 1) };
        let same = |r: &PairRow| r.unit == Some(unit);
        let start = row - self.rows[..row].iter().rev().take_while(|r| same(r)).count();
        let end = row + self.rows[row..].iter().take_while(|r| same(r)).count();
        (start, end)
    }
}

/// For each statement, the contracts linked to it (see [`crate::data::pairs`]), whether the
/// filter shows them or not: found once at load, in one flat table, so a rebuild only checks
/// which are on screen.
#[derive(Debug, Clone, Default)]
pub struct Links {
    starts: Vec<u32>,
    contracts: Vec<u32>,
}

impl Links {
    pub fn of(data: &Dataset) -> Self {
        let mut links = Self { starts: Vec::with_capacity(data.events.len() + 1), contracts: Vec::new() };
        for e in 0..data.events.len() {
            links.starts.push(index(links.contracts.len()));
            if data.comparison_side(e) == Side::Say {
                let found = crate::data::pairs::linked_contracts(data, e, |_| true);
                links.contracts.extend(found.into_iter().map(index));
            }
        }
        links.starts.push(index(links.contracts.len()));
        links
    }

    fn of_event(&self, e: usize) -> &[u32] {
        match (self.starts.get(e), self.starts.get(e + 1)) {
            (Some(&a), Some(&b)) => &self.contracts[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// An event index in 4 bytes: datasets are far smaller than u32::MAX events.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A unit before it becomes lines: what leads it and where its contracts are in the shared
/// list (one buffer for all units, so a rebuild allocates once, not once per statement).
struct Unit {
    lead: usize,
    side: Side,
    contracts: std::ops::Range<usize>,
    /// Sort keys.
    gap_days: i64,
    amount: f64,
}

impl Unit {
    fn paired(&self) -> bool {
        !self.contracts.is_empty()
    }
}

/// Fills `table` with the comparison of one company's visible events `events` (in display
/// order). `place` gives an event's place in the display order, or `None` when it is hidden;
/// `side` its side in the comparison.
pub(super) fn build(
    data: &Dataset,
    events: &[usize],
    links: &Links,
    place: impl Fn(usize) -> Option<usize>,
    side: impl Fn(usize) -> Side,
    view: PairView,
    table: &mut PairTable,
) {
    let mut units: Vec<Unit> = Vec::with_capacity(events.len());
    let mut members: Vec<usize> = Vec::new();
    for &e in events {
        match side(e) {
            Side::Say => {
                let from = members.len();
                members.extend(links.of_event(e).iter().map(|&c| c as usize).filter(|&c| place(c).is_some()));
                let contracts = from..members.len();
                let date = data.events[e].date;
                let mine = &members[contracts.clone()];
                let gap_days = mine
                    .iter()
                    .map(|&o| gap_size(Gap::between(date, data.events[o].date)))
                    .max()
                    .unwrap_or(0);
                let amount = mine
                    .iter()
                    .filter_map(|&o| data.events[o].amount.as_ref().map(|a| a.value))
                    .fold(0.0, f64::max);
                units.push(Unit { lead: e, side: Side::Say, contracts, gap_days, amount });
            }
            side => units.push(Unit { lead: e, side, contracts: 0..0, gap_days: 0, amount: 0.0 }),
        }
    }
    table.comparable = units.iter().any(|u| u.side != Side::Context);
    let mut linked = members.clone();
    linked.sort_unstable();
    linked.dedup();
    let is_linked = |e: &usize| linked.binary_search(e).is_ok();
    units.retain(|u| match u.side {
        Side::Say => !view.pairs_only || u.paired(),
        Side::Do => !view.pairs_only && !is_linked(&u.lead),
        Side::Context => !view.pairs_only && view.context,
    });
    // Units keep display order among equals: the sorts are stable.
    match view.order {
        PairOrder::Date => {}
        PairOrder::Gap => units.sort_by_key(|u| Reverse((u.paired(), u.gap_days))),
        PairOrder::Amount => {
            units.sort_by(|a, b| {
                (b.paired(), b.amount)
                    .partial_cmp(&(a.paired(), a.amount))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        }
    }
    table.rows.clear();
    table.pairs = 0;
    for u in &units {
        let contracts = &members[u.contracts.clone()];
        match u.side {
            Side::Say if contracts.is_empty() => {
                table.rows.push(row(Some(u.lead), None, None, None, Join::Alone));
            }
            Side::Say => {
                let n = contracts.len();
                table.pairs += n;
                for (k, &c) in contracts.iter().enumerate() {
                    let join = match (k, n) {
                        (0, 1) => Join::Pair,
                        (0, _) => Join::First,
                        (k, n) if k + 1 == n => Join::Last,
                        _ => Join::Next,
                    };
                    let said = (k == 0).then_some(u.lead);
                    table.rows.push(row(said, Some(c), None, Some(u.lead), join));
                }
            }
            Side::Do => table.rows.push(row(None, Some(u.lead), None, None, Join::Alone)),
            Side::Context => table.rows.push(row(None, None, Some(u.lead), None, Join::Alone)),
        }
    }
}

fn row(
    said: Option<usize>,
    did: Option<usize>,
    context: Option<usize>,
    unit: Option<usize>,
    join: Join,
) -> PairRow {
    PairRow { said, did, context, unit, join }
}

/// A gap's size for sorting: days where both dates give them, else a month as 30 days.
fn gap_size(g: Gap) -> i64 {
    g.days.unwrap_or(g.months * 30).abs()
}
