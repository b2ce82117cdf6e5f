//! Geometry shared by the update and the view: where each pane goes at a given terminal
//! size, the details pane's lines, the ruler's buckets, the overlays' boxes.
//!
//! Pure, and below both `update` and `ui`: the view draws into these rectangles and lines, and
//! `update` asks the same ones to size page jumps, keep the selection visible, scroll to a
//! link and hit-test mouse clicks, so the two can never disagree. It imports the state, never
//! the update or the view.

pub mod details;
pub mod overlay;
pub mod ruler;

use ratatui::layout::{Constraint, Layout, Rect};

pub use crate::app::Size;
use crate::app::{App, Pane};
use crate::theme::Role;

/// A piece of text and what it is, for the view to style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub role: Role,
}

impl Piece {
    pub fn new(text: impl Into<String>, role: Role) -> Self {
        Self { text: text.into(), role }
    }

    pub fn plain(text: impl Into<String>) -> Self {
        Self::new(text, Role::Plain)
    }
}

/// One line of a document (the details pane, the help), the related event it shows, as an
/// index into the selection's related list, and the source whose web address it shows (all or
/// part of), as an index into the dataset's sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocLine {
    pub pieces: Vec<Piece>,
    pub link: Option<usize>,
    pub url: Option<usize>,
}

impl DocLine {
    pub fn new(pieces: Vec<Piece>) -> Self {
        Self { pieces, link: None, url: None }
    }

    /// Width in cells.
    pub fn width(&self) -> usize {
        self.pieces.iter().map(|p| crate::text::width(&p.text)).sum()
    }
}

/// Below this the app shows a "terminal too small" message instead of panes.
pub const MIN: Size = Size::new(50, 12);
/// The ruler needs this many rows in all before it takes two of them.
pub const RULER_MIN_HEIGHT: u16 = 20;
/// From this size up all three panes are on screen at once, side by side above the comparison.
pub const WIDE: Size = Size::new(120, 32);
/// From this size up, narrower than [`WIDE`], the three panes still fit: the comparison is
/// stacked under the timeline and the details at the screen's full width.
pub const STACKED: Size = Size::new(80, 28);

/// Where everything goes. A pane that is not on screen has no rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub area: Rect,
    pub timeline: Option<Rect>,
    pub details: Option<Rect>,
    pub compare: Option<Rect>,
    pub status: Option<Rect>,
    /// The time ruler across the top, when it is on and there is room.
    pub ruler: Option<Rect>,
}

impl Screen {
    /// `focus` decides what is shown when not every pane fits, and which pane a `zoom` gives
    /// the whole screen (but the status bar); `ruler` whether the time ruler is wanted (it is
    /// shown from [`RULER_MIN_HEIGHT`] rows up).
    pub fn new(size: Size, focus: Pane, ruler: bool, zoom: bool) -> Self {
        let area = Rect::new(0, 0, size.width, size.height);
        let none = Self { area, timeline: None, details: None, compare: None, status: None, ruler: None };
        if size.width < MIN.width || size.height < MIN.height {
            return none;
        }
        let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        if zoom {
            let mut s = Self { status: Some(status), ..none };
            match focus {
                Pane::Timeline => s.timeline = Some(main),
                Pane::Details => s.details = Some(main),
                Pane::Compare => s.compare = Some(main),
            }
            return s;
        }
        let (ruler, body) = if ruler && size.height >= RULER_MIN_HEIGHT {
            let [r, b] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(main);
            (Some(r), b)
        } else {
            (None, main)
        };
        let none = Self { ruler, ..none };
        let fits = |s: Size| size.width >= s.width && size.height >= s.height;
        if fits(WIDE) || fits(STACKED) {
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
            let [timeline, details] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(top);
            return Self {
                timeline: Some(timeline),
                details: Some(details),
                compare: Some(bottom),
                status: Some(status),
                ..none
            };
        }
        // Two panes: the timeline and the details, or, when the comparison has focus, the
        // timeline above the comparison, which needs the whole width more than the details do.
        if focus == Pane::Compare {
            let [timeline, compare] =
                Layout::vertical([Constraint::Percentage(40), Constraint::Percentage(60)]).areas(body);
            return Self { timeline: Some(timeline), compare: Some(compare), status: Some(status), ..none };
        }
        let [timeline, details] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        Self { timeline: Some(timeline), details: Some(details), status: Some(status), ..none }
    }

    pub fn too_small(&self) -> bool {
        self.status.is_none()
    }

    pub fn rect(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Timeline => self.timeline,
            Pane::Details => self.details,
            Pane::Compare => self.compare,
        }
    }

    /// True when all three panes are on screen.
    pub fn is_wide(&self) -> bool {
        self.details.is_some() && self.compare.is_some()
    }

    /// The pane under a screen position.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let p = ratatui::layout::Position::new(column, row);
        Pane::ALL.into_iter().find(|&pane| self.rect(pane).is_some_and(|r| r.contains(p)))
    }
}

/// The inside of a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// The comparison's rows inside its pane: below the one-row column header, above the
/// one-row footer.
pub fn compare_rows(pane: Rect) -> Rect {
    let r = inner(pane);
    Rect::new(r.x, r.y.saturating_add(1), r.width, r.height.saturating_sub(2))
}

/// Rows of a pane's list area.
pub fn list_height(screen: &Screen, pane: Pane) -> usize {
    let Some(r) = screen.rect(pane) else { return 0 };
    match pane {
        Pane::Compare => usize::from(compare_rows(r).height),
        _ => usize::from(inner(r).height),
    }
}

/// The app's screen at its current size, focus and ruler setting.
pub fn screen(app: &App) -> Screen {
    Screen::new(app.viewport, app.focus, app.show_ruler, app.zoom)
}
