//! The application state: the dataset plus where the user is in it. No terminal types here.
//!
//! Derived tables (the visible events, timeline rows, comparison rows, the ruler's counts) are
//! rebuilt only when the filter changes, never per frame or per key.

use crate::data::{Dataset, Side};
use crate::filter::Filter;
use crate::layout::Size;
use crate::search::{Query, SearchIndex};

/// Marks "not visible" in the position tables.
pub const HIDDEN: usize = usize::MAX;

/// The three linked panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Timeline,
    Details,
    Compare,
}

impl Pane {
    pub const ALL: [Self; 3] = [Self::Timeline, Self::Details, Self::Compare];

    pub fn number(self) -> usize {
        match self {
            Self::Timeline => 1,
            Self::Details => 2,
            Self::Compare => 3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Timeline => "Timeline",
            Self::Details => "Details",
            Self::Compare => "Say vs. do",
        }
    }
}

/// One row of the timeline list: a year heading or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Year(i32),
    Event(usize),
}

/// One row of the say-vs-do comparison: what was said and what was done on one date, or a
/// context event (activism, reporting) between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CompareRow {
    pub say: Option<usize>,
    pub did: Option<usize>,
    pub context: Option<usize>,
}

impl CompareRow {
    pub fn events(self) -> impl Iterator<Item = usize> {
        [self.say, self.did, self.context].into_iter().flatten()
    }
}

/// The comparison rows of one company.
#[derive(Debug, Clone, Default)]
pub struct CompareTable {
    pub rows: Vec<CompareRow>,
}

impl CompareTable {
    /// The event after (`forward`) or before `event` in j/k order, if any.
    fn neighbour(&self, row: usize, event: usize, forward: bool) -> Option<usize> {
        let here: Vec<usize> = self.rows.get(row)?.events().collect();
        let at = here.iter().position(|&e| e == event)?;
        if forward {
            here.get(at + 1).copied().or_else(|| self.rows.get(row + 1)?.events().next())
        } else if at > 0 {
            here.get(at - 1).copied()
        } else {
            self.rows.get(row.checked_sub(1)?)?.events().last()
        }
    }

    pub fn first(&self) -> Option<usize> {
        self.rows.first()?.events().next()
    }

    pub fn last(&self) -> Option<usize> {
        self.rows.last()?.events().last()
    }
}

/// Events per year (or per month when one year is shown), split by side, for the ruler.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ruler {
    /// First year (or the year, in month mode).
    pub start: i32,
    /// One slot per year (or per month).
    pub slots: Vec<[usize; 3]>,
    pub months: bool,
}

/// What the input line at the bottom is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    Filter,
}

/// An open input line.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Why the input is not accepted yet (a filter that does not parse).
    pub error: Option<String>,
    /// For the filter line: how many events the typed filter would show.
    pub preview: Option<usize>,
    /// The selection to go back to when a search is cancelled.
    pub origin: usize,
    /// For the search line: the matches of each shorter input typed so far, so Backspace is
    /// instant and typing on only narrows. Dropped with the line.
    pub cache: Vec<(String, Vec<usize>)>,
}

/// The current search: its matches in display order and which one is selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub query: Query,
    /// The matches found so far; all of them once `scan` is `None`.
    pub matches: Vec<usize>,
    pub current: Option<usize>,
    /// Where an unfinished search goes on from. A keystroke checks one batch of events, so
    /// typing never waits for a million of them; the loop checks the rest between keys.
    pub scan: Option<Scan>,
}

/// The events a search still has to check: the visible ones, or the matches of a shorter
/// query it narrows; and how far it has got through them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub pool: Option<Vec<usize>>,
    pub next: usize,
}

/// A picker overlay: the company picker or the tour picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picker {
    pub cursor: usize,
}

/// A tour being followed: which one and which step. It stays active (events outside it are
/// dimmed) when the presenter goes back to exploring, until it is ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourState {
    pub tour: usize,
    pub step: usize,
}

/// Presenter mode: one event full screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Present {
    /// In a tour step that pairs a statement with a contract, whether the contract is shown.
    pub revealed: bool,
}

/// The whole app state. `update` is the only thing that changes it.
#[derive(Debug, Clone)]
pub struct App {
    pub data: Dataset,
    pub index: SearchIndex,
    /// What the filter-dependent tables read of each event, packed (see `Brief`).
    briefs: Vec<Brief>,
    pub filter: Filter,
    /// Events that pass the filter, in display order.
    pub visible: Vec<usize>,
    /// For each event, its position in `visible`, or [`HIDDEN`].
    pub visible_pos: Vec<usize>,
    pub rows: Vec<Row>,
    /// For each event, its row in `rows`, or [`HIDDEN`].
    pub row_of_event: Vec<usize>,
    /// For each company, its comparison table.
    pub compare: Vec<CompareTable>,
    /// For each event, its row in its company's comparison table, or [`HIDDEN`].
    pub compare_row_of_event: Vec<usize>,
    pub ruler: Ruler,
    /// Events per company in the whole dataset, for the company picker.
    pub company_events: Vec<usize>,
    pub show_ruler: bool,
    /// The selected event (index into `data.events`); shared by every pane.
    pub selected: usize,
    pub focus: Pane,
    pub viewport: Size,
    pub timeline_offset: usize,
    pub details_scroll: usize,
    pub compare_offset: usize,
    /// Which of the selected event's related events is chosen (details and comparison).
    pub link_cursor: usize,
    /// Events jumped away from, for the back key.
    pub history: Vec<usize>,
    pub help: Option<usize>,
    pub prompt: Option<Prompt>,
    pub search: Option<Search>,
    pub picker: Option<Picker>,
    pub tour_picker: Option<Picker>,
    pub tour: Option<TourState>,
    pub present: Option<Present>,
    /// Presenter notes (step notes, discussion questions) shown on the presenter screen.
    pub notes: bool,
    pub theme: crate::theme::Theme,
    /// Set by `update` when the user asks to suspend; the terminal loop does it and clears it.
    pub suspend_requested: bool,
    pub should_quit: bool,
}

impl App {
    pub fn new(data: Dataset) -> Self {
        let index = SearchIndex::build(&data);
        let selected = data
            .start
            .or_else(|| data.events.iter().position(|e| e.company == data.default_company))
            .unwrap_or(0);
        let n = data.events.len();
        let mut app = Self {
            data,
            index,
            filter: Filter::default(),
            visible: Vec::new(),
            visible_pos: vec![HIDDEN; n],
            rows: Vec::new(),
            row_of_event: vec![HIDDEN; n],
            compare: Vec::new(),
            compare_row_of_event: vec![HIDDEN; n],
            ruler: Ruler::default(),
            company_events: Vec::new(),
            briefs: Vec::new(),
            show_ruler: true,
            selected,
            focus: Pane::Timeline,
            viewport: Size::new(80, 24),
            timeline_offset: 0,
            details_scroll: 0,
            compare_offset: 0,
            link_cursor: 0,
            history: Vec::new(),
            help: None,
            prompt: None,
            search: None,
            picker: None,
            tour_picker: None,
            tour: None,
            present: None,
            notes: false,
            theme: crate::theme::Theme::default(),
            suspend_requested: false,
            should_quit: false,
        };
        app.briefs = app.data.events.iter().map(Brief::of).collect();
        app.company_events = vec![0; app.data.companies.len()];
        for e in &app.data.events {
            app.company_events[e.company] += 1;
        }
        app.rebuild();
        crate::update::select(&mut app, selected);
        app
    }

    /// Recomputes everything that depends on the filter. O(events); runs when the filter
    /// changes, never per frame.
    pub fn rebuild(&mut self) {
        let data = &self.data;
        // Every table is refilled in place: at a million events, fresh ones cost more in page
        // faults than filling them does.
        self.visible.clear();
        self.visible.extend(self.filter.matching(data, &self.index));
        self.visible_pos.fill(HIDDEN);
        for (p, &e) in self.visible.iter().enumerate() {
            self.visible_pos[e] = p;
        }
        let briefs = &self.briefs;
        timeline_rows(briefs, &self.visible, &mut self.rows);
        self.row_of_event.fill(HIDDEN);
        for (i, r) in self.rows.iter().enumerate() {
            if let Row::Event(e) = r {
                self.row_of_event[*e] = i;
            }
        }
        // One pass to split the visible events by company, then one table per company.
        let mut by_company: Vec<Vec<usize>> = vec![Vec::new(); data.companies.len()];
        for &e in &self.visible {
            if let Some(list) = by_company.get_mut(briefs[e].company as usize) {
                list.push(e);
            }
        }
        self.compare.resize_with(data.companies.len(), CompareTable::default);
        for (table, events) in self.compare.iter_mut().zip(&by_company) {
            compare_table(briefs, events, &mut table.rows);
        }
        self.compare_row_of_event.fill(HIDDEN);
        for table in &self.compare {
            for (r, row) in table.rows.iter().enumerate() {
                for e in row.events() {
                    self.compare_row_of_event[e] = r;
                }
            }
        }
        self.ruler = ruler(data, briefs, &self.visible, &self.filter);
    }

    pub fn event_count(&self) -> usize {
        self.data.events.len()
    }

    pub fn is_visible(&self, event: usize) -> bool {
        self.visible_pos.get(event).is_some_and(|&p| p != HIDDEN)
    }

    /// The selected event if it is on screen (the filter may hide everything).
    pub fn current(&self) -> Option<usize> {
        self.is_visible(self.selected).then_some(self.selected)
    }

    /// The company whose say-vs-do comparison is shown: the selected event's.
    pub fn compare_company(&self) -> usize {
        self.data.events.get(self.selected).map_or(self.data.default_company, |e| e.company)
    }

    pub fn compare_table(&self) -> &CompareTable {
        &self.compare[self.compare_company()]
    }

    /// Steps `delta` events through the comparison's j/k order from the selection.
    pub fn compare_step(&self, delta: isize) -> usize {
        let table = self.compare_table();
        let mut event = self.selected;
        for _ in 0..delta.unsigned_abs() {
            let row = self.compare_row_of_event[event];
            match table.neighbour(row, event, delta > 0) {
                Some(e) => event = e,
                None => break,
            }
        }
        event
    }

    /// The selected event's related events that the filter leaves on screen.
    pub fn related(&self) -> Vec<crate::data::Related> {
        match self.current() {
            Some(s) => self.data.related(s).into_iter().filter(|r| self.is_visible(r.event)).collect(),
            None => Vec::new(),
        }
    }

    /// The related event the link cursor is on, if the selection has any links.
    pub fn current_link(&self) -> Option<crate::data::Related> {
        self.related().get(self.link_cursor).copied()
    }

    /// The query to highlight: the one being typed or the last one kept.
    pub fn highlight(&self) -> Option<&Query> {
        self.search.as_ref().map(|s| &s.query).filter(|q| !q.is_empty())
    }

    /// Which keymap applies now.
    /// True while a search is still counting: the loop then sends [`Action::SearchStep`]
    /// instead of waiting for a key.
    ///
    /// [`Action::SearchStep`]: crate::action::Action::SearchStep
    pub fn busy(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.scan.is_some())
    }

    pub fn input_mode(&self) -> crate::keymap::Mode {
        use crate::keymap::Mode;
        if self.prompt.is_some() {
            Mode::Prompt
        } else if self.picker.is_some() || self.tour_picker.is_some() {
            Mode::Picker
        } else if self.present.is_some() && self.help.is_none() {
            Mode::Present
        } else {
            Mode::Normal
        }
    }

    /// True when `event` is a step of the running tour (every event is, without a tour).
    pub fn in_tour(&self, event: usize) -> bool {
        self.tour.is_none_or(|t| self.data.tours[t.tour].steps.iter().any(|s| s.event == event))
    }

    /// What the reveal shows for `event`: the contracts a statement (or policy, governance
    /// step) is linked to, visible under the filter.
    pub fn reveal_targets(&self, event: usize) -> Vec<crate::data::Related> {
        if self.data.events[event].kind.side() != Side::Say {
            return Vec::new();
        }
        self.data
            .related(event)
            .into_iter()
            .filter(|r| self.data.events[r.event].kind.side() == Side::Do && self.is_visible(r.event))
            .collect()
    }

    /// Events hidden by the filter.
    pub fn hidden_count(&self) -> usize {
        self.event_count() - self.visible.len()
    }
}

/// What the tables rebuilt on every filter change read of an event, in 16 bytes: each
/// rebuild passes over the visible events four times, and reading whole events (a few hundred
/// bytes each) made a rebuild at a million events wait on memory.
#[derive(Debug, Clone, Copy)]
struct Brief {
    date: crate::data::PartialDate,
    company: u32,
    side: Side,
}

impl Brief {
    fn of(e: &crate::data::Event) -> Self {
        Self { date: e.date, company: u32::try_from(e.company).unwrap_or(u32::MAX), side: e.kind.side() }
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

/// Pairs what a company said and did on the same date into one row; context events get rows
/// of their own. `events` are one company's, in date order.
fn compare_table(briefs: &[Brief], events: &[usize], rows: &mut Vec<CompareRow>) {
    rows.clear();
    let mut current = None;
    // The first row of the current date that may still take a statement, and a contract.
    // Slots only ever fill, so both only move forward: linear however many events share a
    // date (a generated million has dozens per day).
    let (mut say_from, mut did_from) = (0, 0);
    for &i in events {
        let e = briefs[i];
        let key = e.date.sort_key();
        if current != Some(key) {
            current = Some(key);
            (say_from, did_from) = (rows.len(), rows.len());
        }
        match e.side {
            Side::Say => place(rows, &mut say_from, i, |r| &mut r.say),
            Side::Do => place(rows, &mut did_from, i, |r| &mut r.did),
            Side::Context => rows.push(CompareRow { context: Some(i), ..CompareRow::default() }),
        }
    }
}

/// Puts event `i` in the first row from `from` whose `slot` is free and that is no context
/// row, or in a new row; `from` moves up to that row.
fn place(
    rows: &mut Vec<CompareRow>,
    from: &mut usize,
    i: usize,
    slot: impl Fn(&mut CompareRow) -> &mut Option<usize>,
) {
    while rows.get_mut(*from).is_some_and(|r| r.context.is_some() || slot(r).is_some()) {
        *from += 1;
    }
    match rows.get_mut(*from) {
        Some(r) => *slot(r) = Some(i),
        None => {
            let mut r = CompareRow::default();
            *slot(&mut r) = Some(i);
            rows.push(r);
        }
    }
}

/// Longest span, in years, the ruler draws one slot per year for.
const MAX_RULER_YEARS: usize = 5_000;

/// Counts per year across the whole dataset's span, or per month when the filter shows a
/// single year, split into said / done / context.
fn ruler(data: &Dataset, briefs: &[Brief], visible: &[usize], filter: &Filter) -> Ruler {
    let side = |i: usize| match briefs[i].side {
        Side::Say => 0,
        Side::Do => 1,
        Side::Context => 2,
    };
    if let (Some(a), Some(b)) = (filter.from_year, filter.to_year)
        && a == b
    {
        let mut slots = vec![[0; 3]; 13];
        for &i in visible {
            // Slot 0 holds events known only to the year.
            let m = briefs[i].date.month().unwrap_or(0) as usize;
            slots[m][side(i)] += 1;
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
    let mut slots = vec![[0; 3]; span];
    for &i in visible {
        let y = usize::try_from(briefs[i].date.year() - start).unwrap_or(0);
        if let Some(s) = slots.get_mut(y) {
            s[side(i)] += 1;
        }
    }
    Ruler { start, slots, months: false }
}
