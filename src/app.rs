//! The application state: the dataset plus where the user is in it. No terminal types here.

use crate::data::{Dataset, Side};
use crate::layout::Size;

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

/// The comparison rows of one company, built once at load.
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

/// The whole app state. `update` is the only thing that changes it.
#[derive(Debug, Clone)]
pub struct App {
    pub data: Dataset,
    pub rows: Vec<Row>,
    /// For each event, its row in `rows`.
    pub row_of_event: Vec<usize>,
    /// For each company, its comparison table.
    pub compare: Vec<CompareTable>,
    /// For each event, its row in its company's comparison table.
    pub compare_row_of_event: Vec<usize>,
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
    pub should_quit: bool,
}

impl App {
    pub fn new(data: Dataset) -> Self {
        let rows = timeline_rows(&data);
        let mut row_of_event = vec![0; data.events.len()];
        for (i, r) in rows.iter().enumerate() {
            if let Row::Event(e) = r {
                row_of_event[*e] = i;
            }
        }
        let compare: Vec<CompareTable> = (0..data.companies.len()).map(|c| compare_table(&data, c)).collect();
        let mut compare_row_of_event = vec![0; data.events.len()];
        for table in &compare {
            for (r, row) in table.rows.iter().enumerate() {
                for e in row.events() {
                    compare_row_of_event[e] = r;
                }
            }
        }
        let selected = data
            .start
            .or_else(|| data.events.iter().position(|e| e.company == data.default_company))
            .unwrap_or(0);
        let mut app = Self {
            data,
            rows,
            row_of_event,
            compare,
            compare_row_of_event,
            selected,
            focus: Pane::Timeline,
            viewport: Size::new(80, 24),
            timeline_offset: 0,
            details_scroll: 0,
            compare_offset: 0,
            link_cursor: 0,
            history: Vec::new(),
            help: None,
            should_quit: false,
        };
        crate::update::select(&mut app, selected);
        app
    }

    pub fn event_count(&self) -> usize {
        self.data.events.len()
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

    /// The related event the link cursor is on, if the selection has any links.
    pub fn current_link(&self) -> Option<crate::data::Related> {
        self.data.related.get(self.selected)?.get(self.link_cursor).copied()
    }
}

fn timeline_rows(data: &Dataset) -> Vec<Row> {
    let mut rows = Vec::with_capacity(data.events.len() + 16);
    let mut year = None;
    for (i, e) in data.events.iter().enumerate() {
        if year != Some(e.date.year()) {
            year = Some(e.date.year());
            rows.push(Row::Year(e.date.year()));
        }
        rows.push(Row::Event(i));
    }
    rows
}

/// Pairs what a company said and did on the same date into one row; context events get rows
/// of their own. Events are already in date order.
fn compare_table(data: &Dataset, company: usize) -> CompareTable {
    let mut rows: Vec<CompareRow> = Vec::new();
    let mut date_start = 0; // first row of the current date
    let mut current = None;
    for (i, e) in data.events.iter().enumerate().filter(|(_, e)| e.company == company) {
        let key = e.date.sort_key();
        if current != Some(key) {
            current = Some(key);
            date_start = rows.len();
        }
        let side = e.kind.side();
        let slot = rows[date_start..].iter().position(|r| match side {
            Side::Say => r.say.is_none() && r.context.is_none(),
            Side::Do => r.did.is_none() && r.context.is_none(),
            Side::Context => false,
        });
        match (side, slot) {
            (Side::Say, Some(s)) => rows[date_start + s].say = Some(i),
            (Side::Do, Some(s)) => rows[date_start + s].did = Some(i),
            (Side::Say, None) => rows.push(CompareRow { say: Some(i), ..CompareRow::default() }),
            (Side::Do, None) => rows.push(CompareRow { did: Some(i), ..CompareRow::default() }),
            (Side::Context, _) => rows.push(CompareRow { context: Some(i), ..CompareRow::default() }),
        }
    }
    CompareTable { rows }
}
