//! Tables derived from the dataset and the filter: the visible events, the timeline's rows,
//! each company's say-vs-do pairs (see [`super::pairs`]), the ruler's counts, and for each
//! event where it sits in them.
//!
//! They are rebuilt only when the filter changes, never per frame or per key. Every rebuild
//! is linear in the events.

use std::num::NonZeroU32;

use super::pairs::{self, Links, PairTable, PairView};
use crate::data::{Dataset, PartialDate, Side};
use crate::filter::Filter;
use crate::search::SearchIndex;

/// For each event, its place in one table, if it has one there. A place is kept as
/// `place + 1` in a `NonZeroU32`, so "not there" is `None` and still costs 4 bytes an event:
/// at a million events these tables are refilled on every filter change.
#[derive(Debug, Clone, Default)]
pub struct Places(Vec<Option<NonZeroU32>>);

impl Places {
    /// The place of `event`, or `None` when it is not in the table.
    pub fn get(&self, event: usize) -> Option<usize> {
        self.0.get(event).copied().flatten().map(|p| p.get() as usize - 1)
    }

    /// Forgets every place, keeping room for `events` events.
    fn clear(&mut self, events: usize) {
        // Refilled in place, like every table here.
        if self.0.len() == events {
            self.0.fill(None);
        } else {
            self.0.clear();
            self.0.resize(events, None);
        }
    }

    #[inline]
    fn set(&mut self, event: usize, place: usize) {
        if let Some(slot) = self.0.get_mut(event) {
            // Datasets are limited to 1 GiB, far fewer than u32::MAX events.
            *slot = u32::try_from(place + 1).ok().and_then(NonZeroU32::new);
        }
    }
}

/// One row of the timeline list: a year heading or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Year(i32),
    Event(usize),
}

/// How many events of one slot of the ruler fall on each side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub said: usize,
    pub done: usize,
    pub context: usize,
}

impl Counts {
    pub fn get(self, side: Side) -> usize {
        match side {
            Side::Say => self.said,
            Side::Do => self.done,
            Side::Context => self.context,
        }
    }

    fn add(&mut self, side: Side) {
        match side {
            Side::Say => self.said += 1,
            Side::Do => self.done += 1,
            Side::Context => self.context += 1,
        }
    }

    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        Self {
            said: self.said + other.said,
            done: self.done + other.done,
            context: self.context + other.context,
        }
    }

    pub fn total(self) -> usize {
        self.said + self.done + self.context
    }
}

/// Events per year (or per month when one year is shown), split by side, for the ruler.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ruler {
    /// First year (or the year, in month mode).
    pub start: i32,
    /// One slot per year (or per month).
    pub slots: Vec<Counts>,
    pub months: bool,
}

/// Everything derived from the dataset and the filter.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// What the filter-dependent tables read of each event, packed (see `Brief`).
    briefs: Vec<Brief>,
    /// Which contracts each statement is linked to, found once at load.
    links: Links,
    /// Events that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// For each event, its place in `visible`.
    pub visible_pos: Places,
    pub rows: Vec<Row>,
    /// For each event, its row in `rows`.
    pub row_of_event: Places,
    /// For each company, its say-vs-do comparison.
    pub compare: Vec<PairTable>,
    /// For each event, the first row of its company's comparison that shows it.
    pub compare_row_of_event: Places,
    pub ruler: Ruler,
    /// Events per company in the whole dataset, for the company picker.
    pub company_events: Vec<usize>,
}

impl Tables {
    /// The tables of `data` under `filter`, the comparison shown as `view` says.
    pub fn new(data: &Dataset, index: &SearchIndex, filter: &Filter, view: PairView) -> Self {
        let mut company_events = vec![0; data.companies.len()];
        for e in &data.events {
            company_events[e.company] += 1;
        }
        let briefs = (0..data.events.len()).map(|i| Brief::of(data, i)).collect();
        let mut tables = Self { briefs, company_events, links: Links::of(data), ..Self::default() };
        tables.rebuild(data, index, filter, view);
        tables
    }

    /// Recomputes everything that depends on the filter. O(events + links).
    pub fn rebuild(&mut self, data: &Dataset, index: &SearchIndex, filter: &Filter, view: PairView) {
        let n = data.events.len();
        // Every table is refilled in place: at a million events, fresh ones cost more in page
        // faults than filling them does.
        self.visible.clear();
        self.visible.extend(filter.matching(data, index));
        self.visible_pos.clear(n);
        for (p, &e) in self.visible.iter().enumerate() {
            self.visible_pos.set(e, p);
        }
        let briefs = &self.briefs;
        timeline_rows(briefs, &self.visible, &mut self.rows);
        self.row_of_event.clear(n);
        for (i, r) in self.rows.iter().enumerate() {
            if let Row::Event(e) = r {
                self.row_of_event.set(*e, i);
            }
        }
        // One pass to split the visible events by company, then one table per company.
        let mut by_company: Vec<Vec<usize>> = vec![Vec::new(); data.companies.len()];
        for &e in &self.visible {
            if let Some(list) = by_company.get_mut(briefs[e].company as usize) {
                list.push(e);
            }
        }
        self.compare.resize_with(data.companies.len(), PairTable::default);
        let (visible_pos, links) = (&self.visible_pos, &self.links);
        for (table, events) in self.compare.iter_mut().zip(&by_company) {
            let side = |e: usize| briefs[e].side;
            pairs::build(data, events, links, |e| visible_pos.get(e), side, view, table);
        }
        self.compare_row_of_event.clear(n);
        for table in &self.compare {
            // Backwards, so an event shown on several lines keeps its first.
            for (r, row) in table.rows.iter().enumerate().rev() {
                for e in row.events() {
                    self.compare_row_of_event.set(e, r);
                }
            }
        }
        self.ruler = ruler(data, briefs, &self.visible, filter);
    }
}

/// What the tables rebuilt on every filter change read of an event, in 16 bytes: each
/// rebuild passes over the visible events four times, and reading whole events (a few hundred
/// bytes each) made a rebuild at a million events wait on memory.
#[derive(Debug, Clone, Copy)]
struct Brief {
    date: PartialDate,
    company: u32,
    side: Side,
}

impl Brief {
    /// The side is the comparison's: an outside party's statement counts as context.
    fn of(data: &Dataset, i: usize) -> Self {
        let e = &data.events[i];
        let company = u32::try_from(e.company).unwrap_or(u32::MAX);
        Self { date: e.date, company, side: data.comparison_side(i) }
    }
}

fn timeline_rows(briefs: &[Brief], visible: &[usize], rows: &mut Vec<Row>) {
    rows.clear();
    let mut year = None;
    for &i in visible {
        let y = briefs[i].date.year();
        if year != Some(y) {
            year = Some(y);
            rows.push(Row::Year(y));
        }
        rows.push(Row::Event(i));
    }
}

/// Longest span, in years, the ruler draws one slot per year for.
const MAX_RULER_YEARS: usize = 5_000;

/// Counts per year across the whole dataset's span, or per month when the filter shows a
/// single year, split into said / done / context.
fn ruler(data: &Dataset, briefs: &[Brief], visible: &[usize], filter: &Filter) -> Ruler {
    if let (Some(a), Some(b)) = (filter.from_year, filter.to_year)
        && a == b
    {
        let mut slots = vec![Counts::default(); 13];
        for &i in visible {
            // Slot 0 holds events known only to the year.
            let m = briefs[i].date.month().unwrap_or(0) as usize;
            slots[m].add(briefs[i].side);
        }
        return Ruler { start: a, slots, months: true };
    }
    let (Some(first), Some(last)) = (data.events.first(), data.events.last()) else {
        return Ruler::default();
    };
    let start = first.date.year();
    let span = usize::try_from(i64::from(last.date.year()) - i64::from(start)).unwrap_or(0) + 1;
    if span > MAX_RULER_YEARS {
        // Deep time (imported timelines reach far into BCE) has no useful bar per year.
        return Ruler::default();
    }
    let mut slots = vec![Counts::default(); span];
    for &i in visible {
        let y = usize::try_from(briefs[i].date.year() - start).unwrap_or(0);
        if let Some(s) = slots.get_mut(y) {
            s.add(briefs[i].side);
        }
    }
    Ruler { start, slots, months: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Event;

    fn tables(data: &Dataset, filter: &Filter) -> Tables {
        Tables::new(data, &SearchIndex::build(data), filter, PairView::default())
    }

    #[test]
    fn places_index_every_visible_event_and_nothing_else() {
        let data = crate::testing::small();
        let filter = Filter::from_text("kind:contract", &data).expect("filter");
        let t = tables(&data, &filter);
        assert!(!t.visible.is_empty());
        for (e, event) in data.events.iter().enumerate() {
            let shown = event.kind == crate::data::Kind::Contract;
            assert_eq!(t.visible_pos.get(e).is_some(), shown, "{}", event.id);
            assert_eq!(t.row_of_event.get(e).is_some(), shown, "{}", event.id);
        }
        for (p, &e) in t.visible.iter().enumerate() {
            assert_eq!(t.visible_pos.get(e), Some(p));
            assert_eq!(t.rows[t.row_of_event.get(e).expect("a row")], Row::Event(e));
        }
    }

    #[test]
    fn the_ruler_counts_what_is_shown_and_zooms_to_months_for_one_year() {
        let data = crate::testing::small();
        let t = tables(&data, &Filter::default());
        assert!(!t.ruler.months);
        assert_eq!(t.ruler.start, 2018);
        assert_eq!(t.ruler.slots.iter().map(|s| s.total()).sum::<usize>(), data.events.len());
        let count = |pred: &dyn Fn(&Event) -> bool| data.events.iter().filter(|e| pred(e)).count();
        let counts = |pred: &dyn Fn(&Event) -> bool| Counts {
            said: count(&|e| pred(e) && e.kind.side() == Side::Say),
            done: count(&|e| pred(e) && e.kind.side() == Side::Do),
            context: count(&|e| pred(e) && e.kind.side() == Side::Context),
        };
        assert_eq!(t.ruler.slots[0], counts(&|e| e.date.year() == 2018));
        let june = counts(&|e| e.date.year() == 2018 && e.date.month() == Some(6));
        assert_eq!(
            june,
            Counts { said: 3, done: 1, context: 1 },
            "June 2018 in the fixture: two statements and a policy, a contract, a letter"
        );
        let one_year = Filter::from_text("year:2018", &data).expect("filter");
        let t = tables(&data, &one_year);
        assert!(t.ruler.months);
        assert_eq!(t.ruler.slots[6], june);
    }
}
