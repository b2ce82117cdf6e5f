//! Drawing. Each pane is a small widget that borrows the app; `render` lays them out with the
//! same geometry `update` uses, and draws what the app's one [`Mode`] says is on screen.
//! Rendering never changes state, and never imports the update.

pub mod compare;
pub mod details;
pub mod help;
pub mod highlight;
pub mod loading;
pub mod notes;
pub mod picker;
pub mod present;
pub mod room;
pub mod ruler;
pub mod status;
pub mod timeline;
pub mod tours;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::app::{App, Mode, Pane};
use crate::data::Kind;
use crate::geometry::{DocLine, MIN, Piece, Screen};
use crate::theme::{Role, Theme};

/// Draws the whole screen for the current state.
pub fn render(frame: &mut Frame, app: &App) {
    let theme = app.theme;
    let area = frame.area();
    let size = crate::geometry::Size::new(area.width, area.height);
    let screen = Screen::new(size, app.focus, app.show_ruler, app.zoom);
    let buf = frame.buffer_mut();
    // Themes that paint their own background paint every cell first.
    buf.set_style(area, theme.base());
    if screen.too_small() {
        too_small(area, buf);
        return;
    }
    if let Some(slide) = app.mode.presenting() {
        present::PresentView { app, slide, theme }.render(area, buf);
    } else {
        panes(app, &screen, buf);
    }
    // What is over the panes or the slide.
    match app.mode {
        Mode::Explore | Mode::Present(_) | Mode::Prompt(_) => {}
        Mode::Companies(p) => picker::PickerOverlay { app, cursor: p.cursor, theme }.render(area, buf),
        Mode::Tours(p) => tours::TourPicker { app, cursor: p.cursor, theme }.render(area, buf),
        Mode::Help { scroll, .. } => help::HelpOverlay { scroll, theme }.render(area, buf),
        Mode::Room { .. } => {
            if let Some(room) = &app.room {
                room::RoomCard { room, theme }.render(area, buf);
            }
        }
    }
}

/// The ruler, the panes and the status bar (which holds the search or filter line).
fn panes(app: &App, screen: &Screen, buf: &mut ratatui::buffer::Buffer) {
    let theme = app.theme;
    if let Some(r) = screen.ruler {
        ruler::RulerView { app, theme }.render(r, buf);
    }
    if let Some(r) = screen.timeline {
        timeline::TimelineView { app, theme }.render(r, buf);
    }
    if let Some(r) = screen.details {
        details::DetailsView { app, theme }.render(r, buf);
    }
    if let Some(r) = screen.compare {
        compare::CompareView { app, theme }.render(r, buf);
    }
    if let Some(r) = screen.status {
        status::StatusBar { app, theme, screen: *screen }.render(r, buf);
    }
}

fn too_small(area: Rect, buf: &mut ratatui::buffer::Buffer) {
    let msg = format!(
        "Terminal too small: {}x{}. ethics-timeline needs at least {}x{}. Enlarge the window, or press q to quit.",
        area.width, area.height, MIN.width, MIN.height
    );
    Paragraph::new(msg).wrap(Wrap { trim: true }).render(area, buf);
}

/// A pane's border and title: `[1] Timeline`, thick and marked `●` when focused.
pub fn pane_block(pane: Pane, focused: bool, theme: Theme) -> Block<'static> {
    let mark = if focused { "●" } else { " " };
    Block::bordered()
        .border_type(theme.border_type(focused))
        .border_style(theme.style(Role::Border { focused }))
        .title(Line::from(Span::styled(
            format!("{mark}{} {} ", pane.number(), pane.name()),
            theme.style(Role::Title { focused }),
        )))
}

/// Draws an overlay box (help, pickers) over whatever is below and returns its inside: the
/// area is cleared and repainted in the theme's base style so painted themes stay painted.
pub fn overlay(
    box_area: Rect,
    buf: &mut ratatui::buffer::Buffer,
    title: &str,
    footer: &str,
    theme: Theme,
) -> Rect {
    ratatui::widgets::Clear.render(box_area, buf);
    buf.set_style(box_area, theme.base());
    let block = Block::bordered()
        .border_type(ratatui::widgets::BorderType::Double)
        .title(Line::from(Span::styled(format!(" {title} "), theme.style(Role::Heading))))
        .title_bottom(Line::from(format!(" {footer} ")).right_aligned());
    let inner = block.inner(box_area);
    block.render(box_area, buf);
    inner
}

/// A piece of a document in its role's style.
pub fn span(piece: Piece, theme: Theme) -> Span<'static> {
    Span::styled(piece.text, theme.style(piece.role))
}

/// A document line in its roles' styles.
pub fn line(doc: DocLine, theme: Theme) -> Line<'static> {
    Line::from(doc.pieces.into_iter().map(|p| span(p, theme)).collect::<Vec<_>>())
}

/// The kind letter in its colour: readable with or without colour.
pub fn kind_span(kind: Kind, theme: Theme) -> Span<'static> {
    span(crate::geometry::details::kind_piece(kind), theme)
}
