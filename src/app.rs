//! The application state: the dataset plus where the user is in it, and the queries the
//! view and the update ask of it. No terminal types here, and nothing above this layer
//! (geometry, keys, update, view) is imported.
//!
//! The tables derived from the filter live in [`tables`]; what the screen is doing (exploring,
//! an overlay, presenting) is one [`Mode`], in [`mode`].

pub mod follow;
pub mod keys;
pub mod mode;
pub mod pairs;
pub mod saved;
pub mod tables;

pub use follow::{Follow, Room, RoomCounts, Stage};
pub use keys::{Pending, Prefix};
pub use mode::{Card, Mode, Picker, Position, Present, Prompt, PromptKind, TourState};
pub use pairs::{Join, PairOrder, PairRow, PairTable, PairView};
pub use saved::{Recall, Saved};
pub use tables::{Counts, Places, Row, Ruler, Tables};

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::data::{Dataset, Related, Side};
use crate::filter::Filter;
use crate::search::{Query, SearchIndex};
use crate::theme::Theme;

/// Terminal size in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u16,
    pub height: u16,
}

impl Size {
    pub const fn new(width: u16, height: u16) -> Self {
        Self { width, height }
    }
}

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

/// The whole app state. `update` is the only thing that changes it.
#[derive(Debug, Clone)]
pub struct App {
    /// Read-only and shared: every classroom session borrows the one loaded dataset and its
    /// search index instead of copying them (`Arc` derefs, so `app.data.events` reads as before).
    pub data: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    pub filter: Filter,
    /// What the filter leaves on screen, and where each event sits.
    pub tables: Tables,
    pub show_ruler: bool,
    /// The selected event (index into `data.events`); shared by every pane.
    pub selected: usize,
    pub focus: Pane,
    pub viewport: Size,
    pub timeline_offset: usize,
    pub details_scroll: usize,
    pub compare_offset: usize,
    /// The company the comparison shows: the selection's, unless that company said and did
    /// nothing the comparison can show (then the last one stays).
    pub compare_company: usize,
    /// The comparison line the selection is on (an event can be on several lines).
    pub compare_cursor: usize,
    /// The comparison's order and what it shows.
    pub pair_view: PairView,
    /// The focused pane has the whole screen.
    pub zoom: bool,
    /// Which of the selected event's related events is chosen (details and comparison).
    pub link_cursor: usize,
    /// Events jumped away from, for the back key.
    pub history: Vec<usize>,
    /// Where the last jump (a mark, a date, `G`, a link) left from, for `''`.
    pub jumped_from: Option<usize>,
    /// Marks set with `m` + letter.
    pub marks: BTreeMap<char, usize>,
    /// Earlier entries of the search, filter and go-to lines.
    pub recall: Recall,
    /// Which dataset the marks belong to in the saved state; `None` keeps nothing.
    pub saved_key: Option<String>,
    /// A count or the first key of a two-key command, typed and waiting.
    pub pending: Pending,
    /// The session may open a browser and write files (a student's classroom session may not).
    pub local: bool,
    /// The terminal may not take OSC 52, so a copy is also printed when the app ends.
    pub copy_fallback: bool,
    /// Exploring, an overlay, or presenting.
    pub mode: Mode,
    pub search: Option<Search>,
    pub tour: Option<TourState>,
    /// Presenter notes (step notes, discussion questions) shown on the presenter screen.
    pub notes: bool,
    /// What the last key did when it did nothing visible, for the status bar until the next
    /// key ("nothing to back out of · q quits").
    pub message: Option<String>,
    /// The last clock tick, in seconds since the app started.
    pub clock: u64,
    /// When the talk began (the tick at which presenting started), for the frame's timer.
    pub present_since: Option<u64>,
    pub theme: Theme,
    /// A student's classroom session: the presenter's stage and whether they follow it.
    /// `None` in the local app.
    pub follow: Option<Follow>,
    /// The teacher's side of the classroom: how students join and how many are there.
    /// `None` unless this app presents to a classroom (`ethics-timeline serve`).
    pub room: Option<Room>,
}

impl App {
    /// The app on `data`, at its `start` event (else the default company's first event).
    /// Scrolling follows with the first resize, when the screen's size is known.
    pub fn new(data: Dataset) -> Self {
        let index = Arc::new(SearchIndex::build(&data));
        Self::shared(Arc::new(data), index)
    }

    /// The app on a dataset and index already loaded and shared with other apps (the
    /// classroom server's sessions): nothing is copied, and building it does not search.
    pub fn shared(data: Arc<Dataset>, index: Arc<SearchIndex>) -> Self {
        let filter = Filter::default();
        let pair_view = PairView::default();
        let tables = Tables::new(&data, &index, &filter, pair_view);
        let start = data
            .start
            .or_else(|| data.events.iter().position(|e| e.company == data.default_company))
            .unwrap_or(0);
        let compare_company = data.events.get(start).map_or(data.default_company, |e| e.company);
        Self {
            data,
            index,
            filter,
            tables,
            show_ruler: true,
            selected: start,
            focus: Pane::Timeline,
            viewport: Size::new(80, 24),
            timeline_offset: 0,
            details_scroll: 0,
            compare_offset: 0,
            compare_company,
            compare_cursor: 0,
            pair_view,
            zoom: false,
            link_cursor: 0,
            history: Vec::new(),
            jumped_from: None,
            marks: BTreeMap::new(),
            recall: Recall::default(),
            saved_key: None,
            pending: Pending::default(),
            local: true,
            copy_fallback: false,
            mode: Mode::Explore,
            search: None,
            tour: None,
            notes: false,
            message: None,
            clock: 0,
            present_since: None,
            theme: Theme::default(),
            follow: None,
            room: None,
        }
    }

    /// Recomputes everything that depends on the filter. O(events); runs when the filter
    /// changes, never per frame.
    pub fn rebuild(&mut self) {
        self.tables.rebuild(&self.data, &self.index, &self.filter, self.pair_view);
    }

    pub fn event_count(&self) -> usize {
        self.data.events.len()
    }

    pub fn is_visible(&self, event: usize) -> bool {
        self.tables.visible_pos.get(event).is_some()
    }

    /// The selected event if it is on screen (the filter may hide everything).
    pub fn current(&self) -> Option<usize> {
        self.is_visible(self.selected).then_some(self.selected)
    }

    /// The company whose say-vs-do comparison is shown.
    pub fn compare_company(&self) -> usize {
        self.compare_company
    }

    pub fn compare_table(&self) -> &PairTable {
        &self.tables.compare[self.compare_company]
    }

    /// True when the comparison can show `company`: something it said or did is on screen.
    pub fn comparable(&self, company: usize) -> bool {
        self.tables.compare.get(company).is_some_and(|t| t.comparable)
    }

    /// The event on the comparison's line `row` the selection would take there: the one
    /// already selected, else the line's first.
    pub fn compare_event(&self, row: usize) -> Option<usize> {
        let r = self.compare_table().rows.get(row)?;
        r.events().find(|&e| e == self.selected).or_else(|| r.events().next())
    }

    /// The selected event's related events that the filter leaves on screen.
    pub fn related(&self) -> Vec<Related> {
        match self.current() {
            Some(s) => self.data.related(s).into_iter().filter(|r| self.is_visible(r.event)).collect(),
            None => Vec::new(),
        }
    }

    /// The related event the link cursor is on, if the selection has any links.
    pub fn current_link(&self) -> Option<Related> {
        self.related().get(self.link_cursor).copied()
    }

    /// The query to highlight: the one being typed or the last one kept.
    pub fn highlight(&self) -> Option<&Query> {
        self.search.as_ref().map(|s| &s.query).filter(|q| !q.is_empty())
    }

    /// `match 3/17`, or `no match`, for the current search; `match 3/17…` while counting.
    pub fn match_counter(&self) -> Option<String> {
        let s = self.search.as_ref()?;
        if s.query.is_empty() {
            return None;
        }
        // While a big search is still counting, the count so far ends in `…`.
        let more = if s.scan.is_some() { "…" } else { "" };
        Some(match (s.current, s.matches.len()) {
            (_, 0) if s.scan.is_some() => "searching…".to_string(),
            (_, 0) => "no match".to_string(),
            (Some(c), n) if s.matches.get(c) == Some(&self.selected) => format!("match {}/{n}{more}", c + 1),
            (_, n) => format!("{n} matches{more}"),
        })
    }

    /// True while a search is still counting: the loop then sends [`Action::SearchStep`]
    /// instead of waiting for a key.
    ///
    /// [`Action::SearchStep`]: crate::action::Action::SearchStep
    pub fn busy(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.scan.is_some())
    }

    /// True when `event` is a step of the running tour (every event is, without a tour).
    pub fn in_tour(&self, event: usize) -> bool {
        self.tour.is_none_or(|t| self.data.tours[t.tour].steps.iter().any(|s| s.event == event))
    }

    /// The position shown as `7 / 23` while presenting: the tour step, or the place among
    /// visible events.
    pub fn position(&self) -> (usize, usize) {
        match self.tour {
            Some(t) => (t.step + 1, self.data.tours[t.tour].steps.len()),
            None => {
                (self.tables.visible_pos.get(self.selected).map_or(0, |p| p + 1), self.tables.visible.len())
            }
        }
    }

    /// What the reveal shows for `event`: the contracts a statement (or policy, governance
    /// step) is linked to, visible under the filter.
    pub fn reveal_targets(&self, event: usize) -> Vec<Related> {
        if self.data.events[event].kind.side() != Side::Say {
            return Vec::new();
        }
        self.data
            .related(event)
            .into_iter()
            .filter(|r| self.data.events[r.event].kind.side() == Side::Do && self.is_visible(r.event))
            .collect()
    }

    /// Where the presenter is, while presenting: what a notes screen or a following student
    /// needs to show the same slide.
    pub fn presenter_position(&self) -> Option<Position> {
        let slide = self.mode.presenting()?;
        Some(Position { event: self.selected, step: self.tour.map(|t| t.step), revealed: slide.revealed })
    }

    /// Where this app is, as a follower would show it: the selection, the tour step and the
    /// slide (a step number being typed left out).
    pub fn stage(&self) -> Stage {
        let slide = self.mode.presenting().map(|p| Present { jump: None, ..p });
        Stage { event: self.selected, tour: self.tour, slide }
    }

    /// Time since presenting began, as `mm:ss` (or `h:mm:ss`).
    pub fn elapsed(&self) -> Option<String> {
        let s = self.clock.saturating_sub(self.present_since?);
        Some(if s >= 3600 {
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        } else {
            format!("{:02}:{:02}", s / 60, s % 60)
        })
    }

    /// Events hidden by the filter.
    pub fn hidden_count(&self) -> usize {
        self.event_count() - self.tables.visible.len()
    }
}
