//! What the screen is doing: exploring the panes, an overlay over them (help, the search or
//! filter line, a picker), or presenting. One value, [`Mode`], so routing keys in `update`,
//! choosing the keymap and the drawing order all read the same thing and cannot disagree.

/// The one thing the screen is doing.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    /// The panes, nothing over them.
    #[default]
    Explore,
    /// The help overlay, scrolled by `scroll` lines; over the slide `over` when it was opened
    /// while presenting, else over the panes.
    Help { scroll: usize, over: Option<Present> },
    /// The search or filter line at the bottom.
    Prompt(Prompt),
    /// The company picker.
    Companies(Picker),
    /// The tour picker.
    Tours(Picker),
    /// Presenter mode: one event full screen.
    Present(Present),
    /// The teacher's card of how students join, over the slide `over` when presenting.
    Room { over: Option<Present> },
}

impl Mode {
    /// The slide on screen, when presenting (with or without the help over it).
    pub fn presenting(&self) -> Option<Present> {
        match self {
            Self::Present(p) | Self::Help { over: Some(p), .. } | Self::Room { over: Some(p) } => Some(*p),
            _ => None,
        }
    }

    /// The open input line, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        match self {
            Self::Prompt(p) => Some(p),
            _ => None,
        }
    }
}

/// What the input line at the bottom is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    Filter,
    /// `:`: a date (`2019`, `2019-06`, `2019-06-19`) or an event id to go to.
    Goto,
}

/// An open input line.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Why the input is not accepted yet (a filter that does not parse).
    pub error: Option<String>,
    /// For the filter line: how many events the typed filter would show. For the go-to line:
    /// the event Enter would go to.
    pub preview: Option<usize>,
    /// The selection to go back to when a search is cancelled.
    pub origin: usize,
    /// For the search line: the matches of each shorter input typed so far, so Backspace is
    /// instant and typing on only narrows. Dropped with the line.
    pub cache: Vec<(String, Vec<usize>)>,
    /// Which earlier entry ↑/↓ show (counted back from the newest), and the line as typed
    /// before the first ↑, for ↓ to come back to.
    pub recalled: Option<(usize, String)>,
}

impl Prompt {
    /// An empty line (or one holding `input`) opened at the selection `origin`.
    pub fn new(kind: PromptKind, input: String, origin: usize) -> Self {
        Self { kind, input, error: None, preview: None, origin, cache: Vec::new(), recalled: None }
    }
}

/// A picker overlay's cursor: the company picker or the tour picker.
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

/// One slide of presenter mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Present {
    /// How many of the statement's linked contracts are shown: Space reveals one more.
    pub revealed: usize,
    /// A tour's opening or closing card instead of an event.
    pub card: Option<Card>,
    /// A step number being typed (`5` then Enter goes to step 5).
    pub jump: Option<usize>,
    /// The whole summary and quote, with the reveal set aside (`e`).
    pub expanded: bool,
}

/// Where a presenter is: the event on screen, the tour step, and how many of its linked
/// contracts are revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub event: usize,
    pub step: Option<usize>,
    pub revealed: usize,
}

/// The cards that frame a tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// The tour's title, description and length, before the first step.
    Opening,
    /// The questions the tour raised, after the last step.
    Closing,
}
