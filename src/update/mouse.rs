//! Mouse clicks and the wheel, hit-tested with the same geometry the view draws with.

use super::{Motion, follow_link, select, step};
use crate::app::{App, Pane, Row};
use crate::geometry::{compare_rows, details, inner, ruler, screen};

pub(super) fn click(app: &mut App, column: u16, row: u16) {
    let s = screen(app);
    let at = ratatui::layout::Position::new(column, row);
    if let Some(r) = s.ruler
        && r.contains(at)
    {
        if let Some(e) = ruler::event_at(app, r, column) {
            select(app, e);
        }
        return;
    }
    let Some(pane) = s.pane_at(column, row) else { return };
    let Some(rect) = s.rect(pane) else { return };
    app.focus = pane;
    let area = inner(rect);
    // Rows of the border hold nothing; a click on a side border counts as the row it is on.
    if row < area.y || row >= area.bottom() {
        return;
    }
    let y = usize::from(row - area.y);
    match pane {
        Pane::Timeline => {
            if let Some(Row::Event(e)) = app.tables.rows.get(app.timeline_offset + y) {
                select(app, *e);
            }
        }
        Pane::Compare => {
            // The column header above the rows and the footer below them hold no event.
            let rows = compare_rows(rect);
            if row < rows.y || row >= rows.bottom() {
                return;
            }
            let r = app.compare_offset + usize::from(row - rows.y);
            let Some(cr) = app.compare_table().rows.get(r).copied() else { return };
            let left = column < area.x + area.width / 2;
            let hit = match (cr.context, left) {
                (Some(c), _) => Some(c),
                (None, true) => cr.said.or(cr.did),
                (None, false) => cr.did.or(cr.said),
            };
            if let Some(e) = hit {
                app.compare_cursor = r;
                select(app, e);
            }
        }
        Pane::Details => {
            let doc = details::document(app, area.width);
            if let Some(link) = doc.get(app.details_scroll + y).and_then(|l| l.link) {
                app.link_cursor = link;
                follow_link(app);
            }
        }
    }
}

pub(super) fn wheel(app: &mut App, column: u16, row: u16, dir: isize) {
    let Some(pane) = screen(app).pane_at(column, row) else { return };
    let saved = app.focus;
    app.focus = pane;
    step(app, Motion::By(dir * if pane == Pane::Details { 3 } else { 1 }));
    app.focus = saved;
}
