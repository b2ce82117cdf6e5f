//! Everything a user can ask the app to do, independent of which key or click asked for it
//! ([`Action`]), and what an update asks the terminal to do in turn ([`Effect`]).

use crate::app::Pane;
pub use crate::app::{Position, Prefix, RoomCounts, Stage};
use crate::data::Kind;

/// An intent. Keys and mouse events resolve to actions; `update` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    PrevYear,
    NextYear,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    PrevLink,
    NextLink,
    /// Enter: open the selection (timeline) or follow the chosen link (details, comparison).
    Activate,
    Back,
    ToggleHelp,
    /// `q`: close the open overlay, or quit when none is.
    Close,
    /// `Esc`: like `q`, but a kept search is cleared first.
    Escape,
    /// `Ctrl-C`: quit from anywhere.
    Quit,
    /// `Ctrl-Z`: give the terminal back to the shell until `fg`.
    Suspend,
    /// `/`: start an incremental search.
    OpenSearch,
    /// `f`: edit the filter expression.
    OpenFilter,
    PromptInput(char),
    PromptBackspace,
    PromptClear,
    PromptSubmit,
    PromptCancel,
    NextMatch,
    PrevMatch,
    ToggleKind(Kind),
    /// Show only events whose evidence is "reported" or stronger, or everything again.
    ToggleEvidence,
    ClearFilters,
    OpenCompanies,
    /// In the company picker: toggle the company under the cursor.
    PickerToggle,
    ToggleRuler,
    /// `z`: the focused pane takes the whole screen, or gives it back.
    Zoom,
    /// In the comparison: the next order (date, gap, amount).
    CycleOrder,
    /// In the comparison: only statements with a linked contract, or everything.
    TogglePairsOnly,
    /// In the comparison: show activism, reporting and outside parties' words, or not.
    ToggleContext,
    /// `p`: present the selected event (or the running tour's step) full screen, or leave.
    Present,
    /// `t`: choose a tour to present.
    OpenTours,
    NextSlide,
    PrevSlide,
    /// A digit typed while presenting: part of a step number to jump to; 10 is `:`, which
    /// starts one.
    Digit(u8),
    /// Presenter notes: step notes and discussion questions.
    ToggleNotes,
    /// While presenting: the whole text of the slide, or the reveal again.
    ToggleExpand,
    /// Next built-in theme: dark, light, high-contrast, projector.
    CycleTheme,
    /// A digit of a count (`5` of `5j`); alone, after a moment, the digit's own key.
    Count(u8),
    /// The first key of a two-key command (`g`, `z`, `y`, `m`, `'`).
    Prefix(Prefix),
    /// The key typed after a prefix: `z` of `zz`, the letter of `ma`.
    Second(char),
    /// No key came for a moment while a count or a prefix waited: the terminal loop sends it,
    /// and the waiting key does what it does alone.
    KeyTimeout,
    /// A key with no meaning over the panes, so the status bar can say so.
    Unbound(char),
    /// `Y`: copy the selected event's first source URL (a count picks another source).
    CopyUrl,
    /// `o`: open the selected event's first source in the browser (a count picks another).
    OpenSource,
    /// `:`: type a date or an event id to go to.
    OpenGoto,
    /// `↑` in an input line: the previous entry typed there, this run or an earlier one.
    RecallPrev,
    /// `↓` in an input line: the next entry, back to what was being typed.
    RecallNext,
    /// The clock, in whole seconds since the app started: the terminal loop sends it once a
    /// second while presenting, so `update` keeps time without reading a clock.
    Tick {
        seconds: u64,
    },
    /// `F` in a classroom session: follow the presenter again (a moving key stops following).
    Follow,
    /// The presenter moved (the classroom server sends it to each student's app; no key
    /// makes it). Applied at once while the student follows, else shown in the badge.
    Presenter(Stage),
    /// `i` on the teacher's screen: how students join (the ssh line, the code, the key).
    ShowRoom,
    /// The room changed: students connected and following (the teacher's terminal loop sends
    /// it; no key makes it).
    Room(RoomCounts),
    /// Checks the next batch of events for an unfinished search. The terminal loop sends it
    /// between keys while [`crate::app::App::busy`] says so; no key makes it.
    SearchStep,
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
}

/// What an update asks the terminal side to do, since `update` itself does no I/O. `tui`
/// carries these out; tests read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// End the app.
    Quit,
    /// Give the terminal back to the shell until `fg`.
    Suspend,
    /// Put `text` on the user's clipboard (through the terminal, so it works over SSH).
    Copy(String),
    /// Open this http(s) URL in the user's browser: a program run without a shell, the URL
    /// its one argument.
    Open(String),
    /// Keep the marks and the input lines' history for the next run.
    Save,
    /// Write `contents` to the file at `path`, whole or not at all.
    WriteFile { path: std::path::PathBuf, contents: Vec<u8> },
    /// Tell anyone following the presenter (a notes screen, students) where it now is.
    Publish(Position),
}
