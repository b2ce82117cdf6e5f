//! Where the overlays' boxes go: the company picker, the tour picker, the help, the room card. The view
//! draws into them; `update` hit-tests clicks and bounds scrolling with the same boxes.

use ratatui::layout::{Constraint, Rect};

use super::inner;
use crate::app::App;

/// The company picker on a screen of `area`: one line per company, a blank line and a note,
/// plus the borders.
pub fn companies(app: &App, area: Rect) -> Rect {
    let h = u16::try_from(app.data.companies.len() + 4).unwrap_or(u16::MAX);
    area.centered(Constraint::Max(48), Constraint::Max(h))
}

/// The first row inside the company picker's box that lists a company.
pub fn companies_first_row(boxed: Rect) -> u16 {
    inner(boxed).y
}

/// The tour picker on a screen of `area`: one line per tour, plus the borders.
pub fn tours(app: &App, area: Rect) -> Rect {
    let h = u16::try_from(app.data.tours.len() + 2).unwrap_or(u16::MAX);
    area.centered(Constraint::Max(64), Constraint::Max(h))
}

/// The teacher's room card on a screen of `area`, for a card of `lines` lines.
pub fn room(area: Rect, lines: usize) -> Rect {
    area.centered(Constraint::Max(72), Constraint::Max(u16::try_from(lines + 2).unwrap_or(u16::MAX)))
}

/// The help overlay on a screen of `area`, for a help of `lines` lines.
pub fn help(area: Rect, lines: usize) -> Rect {
    area.centered(Constraint::Max(86), Constraint::Max(u16::try_from(lines + 2).unwrap_or(u16::MAX)))
}

/// How far a help of `lines` lines scrolls on a screen of `area`.
pub fn help_max_scroll(area: Rect, lines: usize) -> usize {
    lines.saturating_sub(usize::from(inner(help(area, lines)).height))
}
