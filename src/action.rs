//! Everything a user can ask the app to do, independent of which key or click asked for it.

use crate::app::Pane;

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
    /// `q` / `Esc`: close the open overlay, or quit when none is open.
    Close,
    /// `Ctrl-C`: quit from anywhere.
    Quit,
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
