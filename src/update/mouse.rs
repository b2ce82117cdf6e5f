//! Mouse clicks and the wheel, resolved with the same layout the view draws.

use super::{follow_link, screen, select, step};
use crate::app::{App, Pane, Row};
use crate::layout::inner;
use crate::ui::{details, ruler};

pub(super) fn click(app: &mut App, column: u16, row: u16) {
    let s = screen(app);
    if let Some(r) = s.ruler
        && r.contains(ratatui::layout::Position::new(column, row))
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
    if row < area.y || row >= area.y + area.height {
        return;
    }
    let y = usize::from(row - area.y);
    match pane {
        Pane::Timeline => {
            if let Some(Row::Event(e)) = app.rows.get(app.timeline_offset + y) {
                select(app, *e);
            }
        }
        Pane::Compare => {
            // Row 0 is the column header; rows follow.
            let Some(r) = y.checked_sub(1).map(|y| app.compare_offset + y) else { return };
            let Some(cr) = app.compare_table().rows.get(r).copied() else { return };
            let left = column < area.x + area.width / 2;
            let hit = match (cr.context, left) {
                (Some(c), _) => Some(c),
                (None, true) => cr.say.or(cr.did),
                (None, false) => cr.did.or(cr.say),
            };
            if let Some(e) = hit {
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
    step(app, dir * if pane == Pane::Details { 3 } else { 1 });
    app.focus = saved;
}
