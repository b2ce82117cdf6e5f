//! The say-vs-do pane: moving through its lines, which company it shows, the link it
//! chooses, its order, and keeping the chosen pair on screen. Part of `update`: pure, no I/O.

use super::{Motion, select, visible_offset};
use crate::action::Action;
use crate::app::{App, Pane};
use crate::data::Side;
use crate::geometry::{list_height, screen};

/// The pane's own keys: order, pairs only, context.
pub(super) fn view(app: &mut App, action: Action) {
    let v = &mut app.pair_view;
    match action {
        Action::CycleOrder => v.order = v.order.next(),
        Action::TogglePairsOnly => v.pairs_only = !v.pairs_only,
        Action::ToggleContext => v.context = !v.context,
        _ => return,
    }
    app.rebuild();
    // The selection's line moved; find it again and show it from the top of its unit.
    app.compare_cursor = app.tables.compare_row_of_event.get(app.selected).unwrap_or(0);
    app.compare_offset = 0;
    super::keep_visible(app);
}

/// Moves through the comparison's events in reading order: a statement, the contract beside
/// it, the contracts under it, the next unit.
pub(super) fn step(app: &mut App, motion: Motion) {
    // Each step looks at one or two lines, whatever the table's size.
    let table = app.compare_table();
    let Some(last_row) = table.rows.len().checked_sub(1) else { return };
    let cursor = app.compare_cursor.min(last_row);
    let on_line = table.rows[cursor].events().any(|e| e == app.selected);
    let target = match motion {
        Motion::First => table.neighbour(0, usize::MAX, true),
        Motion::Last => table.rows[last_row].events().last().map(|e| (last_row, e)),
        // The selection is not in this company's comparison: start at the cursor's line.
        Motion::By(_) if !on_line => table.neighbour(cursor, usize::MAX, true),
        Motion::By(d) => {
            let mut at = (cursor, app.selected);
            for _ in 0..d.unsigned_abs() {
                match table.neighbour(at.0, at.1, d > 0) {
                    Some(next) => at = next,
                    None => break,
                }
            }
            Some(at)
        }
    };
    let Some((row, event)) = target else { return };
    app.compare_cursor = row;
    select(app, event);
}

/// Follows the selection's company when it has something to compare, keeps the cursor on the
/// selection's line, and scrolls so that line stays away from the pane's edges.
pub(super) fn keep_visible(app: &mut App, height: usize) {
    let company = app.data.events.get(app.selected).map(|e| e.company);
    if let Some(c) = company.filter(|&c| c != app.compare_company && app.comparable(c)) {
        app.compare_company = c;
        app.compare_offset = 0;
    }
    let on_line = |app: &App, row: usize| {
        app.compare_table().rows.get(row).is_some_and(|r| r.events().any(|e| e == app.selected))
    };
    if !on_line(app, app.compare_cursor)
        && let Some(row) = app.tables.compare_row_of_event.get(app.selected)
        && company == Some(app.compare_company)
    {
        app.compare_cursor = row;
    }
    let rows = app.compare_table().rows.len();
    app.compare_cursor = app.compare_cursor.min(rows.saturating_sub(1));
    if on_line(app, app.compare_cursor) {
        // The whole unit from the selection down, as far as it fits: a statement with its
        // contracts reads as one.
        let cursor = app.compare_cursor;
        let (_, end) = app.compare_table().unit_span(cursor);
        let room = height.saturating_sub(2 * margin(height)).max(1);
        let bottom = cursor + (end - cursor).clamp(1, room) - 1;
        app.compare_offset = with_margin(app.compare_offset, cursor, bottom, height);
    }
    app.compare_offset = app.compare_offset.min(rows.saturating_sub(height));
}

/// Lines kept between the selection and the pane's edge, as in vim's `scrolloff`.
fn margin(height: usize) -> usize {
    (height.saturating_sub(1) / 4).min(3)
}

/// The smallest change of `offset` that shows `top..=bottom` with a margin above and below.
fn with_margin(offset: usize, top: usize, bottom: usize, height: usize) -> usize {
    let m = margin(height);
    let inner = height.saturating_sub(2 * m);
    if inner == 0 || bottom - top >= inner {
        return visible_offset(offset, top, bottom, height);
    }
    let shifted = visible_offset(offset + m, top, bottom, inner);
    shifted.saturating_sub(m)
}

/// When the chosen link changes, brings its line into view: within the selection's unit if
/// the linked event is there, else its first line.
pub(super) fn scroll_to_link(app: &mut App) {
    let Some(link) = app.current_link() else { return };
    let table = app.compare_table();
    let (start, end) = table.unit_span(app.compare_cursor);
    let in_unit =
        (start..end).find(|&r| table.rows.get(r).is_some_and(|x| x.events().any(|e| e == link.event)));
    let Some(row) = in_unit.or_else(|| app.tables.compare_row_of_event.get(link.event)) else { return };
    if app.data.events[link.event].company != app.compare_company {
        return;
    }
    let h = list_height(&screen(app), Pane::Compare);
    let (top, bottom) = (row.min(app.compare_cursor), row.max(app.compare_cursor));
    app.compare_offset = if bottom - top < h {
        with_margin(app.compare_offset, top, bottom, h)
    } else {
        with_margin(app.compare_offset, row, row, h)
    };
}

/// In this pane the chosen link is the other side of the pair: for what was said, the
/// nearest linked contract; for a contract, the statement of its line, else the nearest.
pub(super) fn choose_default_link(app: &mut App) {
    let related = app.related();
    let data = &app.data;
    let sel = app.selected;
    let want = match data.comparison_side(sel) {
        Side::Say => Side::Do,
        Side::Do => Side::Say,
        Side::Context => return,
    };
    let unit = app.compare_table().rows.get(app.compare_cursor).and_then(|r| r.unit);
    let distance = |e: usize| (data.events[e].date.sort_key() - data.events[sel].date.sort_key()).abs();
    let best = related
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            data.comparison_side(r.event) == want && data.events[r.event].company == data.events[sel].company
        })
        .min_by_key(|(_, r)| (Some(r.event) != unit, distance(r.event)));
    if let Some((i, _)) = best {
        app.link_cursor = i;
        scroll_to_link(app);
    }
}
