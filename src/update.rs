//! `update(&mut App, Action)`: the only place state changes. Pure: no terminal, no clock, no I/O.

use crate::action::Action;
use crate::app::{App, Pane, Row};
use crate::layout::{Screen, Size, inner, list_height};
use crate::ui::details;

/// Applies one action to the app.
pub fn update(app: &mut App, action: Action) {
    if let Action::Resize { width, height } = action {
        app.viewport = Size::new(width, height);
        keep_visible(app);
        return;
    }
    if app.help.is_some() {
        help_update(app, action);
        return;
    }
    match action {
        Action::Quit | Action::Close => app.should_quit = true,
        Action::ToggleHelp => app.help = Some(0),
        Action::Up => step(app, -1),
        Action::Down => step(app, 1),
        Action::PageUp => step(app, -page(app)),
        Action::PageDown => step(app, page(app)),
        Action::Top => step(app, isize::MIN / 2),
        Action::Bottom => step(app, isize::MAX / 2),
        Action::PrevYear => year_jump(app, false),
        Action::NextYear => year_jump(app, true),
        Action::FocusNext => focus(app, cycle(app.focus, 1)),
        Action::FocusPrev => focus(app, cycle(app.focus, 2)),
        Action::Focus(p) => focus(app, p),
        Action::PrevLink => move_link(app, -1),
        Action::NextLink => move_link(app, 1),
        Action::Activate => activate(app),
        Action::Back => {
            if let Some(prev) = app.history.pop() {
                select(app, prev);
            }
        }
        Action::Click { column, row } => click(app, column, row),
        Action::ScrollUp { column, row } => wheel(app, column, row, -1),
        Action::ScrollDown { column, row } => wheel(app, column, row, 1),
        Action::Resize { .. } => {}
    }
}

fn help_update(app: &mut App, action: Action) {
    let scroll = app.help.unwrap_or(0);
    app.help = match action {
        Action::Quit => {
            app.should_quit = true;
            None
        }
        Action::Close | Action::ToggleHelp => None,
        Action::Down | Action::ScrollDown { .. } => Some(scroll + 1),
        Action::Up | Action::ScrollUp { .. } => Some(scroll.saturating_sub(1)),
        Action::PageDown => Some(scroll + 10),
        Action::PageUp => Some(scroll.saturating_sub(10)),
        Action::Top => Some(0),
        Action::Bottom => Some(usize::MAX / 2),
        _ => Some(scroll),
    };
}

fn screen(app: &App) -> Screen {
    Screen::new(app.viewport, app.focus)
}

fn cycle(p: Pane, by: usize) -> Pane {
    Pane::ALL[(p.number() - 1 + by) % Pane::ALL.len()]
}

fn focus(app: &mut App, pane: Pane) {
    app.focus = pane;
    keep_visible(app);
}

/// Rows in one page of the focused pane.
fn page(app: &App) -> isize {
    let h = list_height(&screen(app), app.focus).max(2);
    isize::try_from(h - 1).unwrap_or(1)
}

/// Moves within the focused pane by `delta` items (clamped to the ends).
fn step(app: &mut App, delta: isize) {
    match app.focus {
        Pane::Timeline => {
            let target = app.selected.saturating_add_signed(delta).min(app.event_count().saturating_sub(1));
            select(app, target);
        }
        Pane::Details => {
            let max = details_max_scroll(app);
            app.details_scroll = app.details_scroll.saturating_add_signed(delta).min(max);
        }
        Pane::Compare => {
            let table = app.compare_table();
            let target = match delta {
                d if d <= isize::MIN / 4 => table.first(),
                d if d >= isize::MAX / 4 => table.last(),
                d => Some(app.compare_step(d)),
            };
            if let Some(t) = target {
                select(app, t);
            }
        }
    }
}

/// Makes `event` the shared selection and brings it into view in every pane.
pub fn select(app: &mut App, event: usize) {
    if event >= app.event_count() {
        return;
    }
    if event != app.selected {
        app.details_scroll = 0;
        app.link_cursor = 0;
    }
    app.selected = event;
    keep_visible(app);
}

/// Scrolls the timeline and comparison so the selection is on screen, with its year heading
/// when the selection is the first event of its year.
fn keep_visible(app: &mut App) {
    let s = screen(app);
    let h = list_height(&s, Pane::Timeline);
    if let Some(&row) = app.row_of_event.get(app.selected) {
        let top = if row > 0 && matches!(app.rows[row - 1], Row::Year(_)) { row - 1 } else { row };
        app.timeline_offset =
            visible_offset(app.timeline_offset, top, row, h).min(app.rows.len().saturating_sub(h));
    }
    let ch = list_height(&s, Pane::Compare);
    if let Some(&row) = app.compare_row_of_event.get(app.selected) {
        let rows = app.compare_table().rows.len();
        app.compare_offset = visible_offset(app.compare_offset, row, row, ch).min(rows.saturating_sub(ch));
    }
    app.details_scroll = app.details_scroll.min(details_max_scroll(app));
}

/// The smallest change of `offset` that shows rows `top..=row` in a window of `height`.
fn visible_offset(offset: usize, top: usize, row: usize, height: usize) -> usize {
    if height == 0 {
        // Not on screen: keep the offset until the pane is shown again.
        return offset;
    }
    if top < offset {
        top
    } else if row >= offset + height {
        row + 1 - height
    } else {
        offset
    }
}

fn details_max_scroll(app: &App) -> usize {
    let s = screen(app);
    let Some(r) = s.details else { return 0 };
    let area = inner(r);
    let lines = details::document(app, area.width).len();
    lines.saturating_sub(usize::from(area.height))
}

fn year_jump(app: &mut App, forward: bool) {
    let Some(current) = app.data.events.get(app.selected).map(|e| e.date.year()) else { return };
    let events = &app.data.events;
    let target = if forward {
        events.iter().position(|e| e.date.year() > current)
    } else {
        // The first event of the nearest earlier year that has events.
        let previous =
            events[..app.selected].iter().rev().find(|e| e.date.year() < current).map(|e| e.date.year());
        previous.and_then(|y| events.iter().position(|e| e.date.year() == y))
    };
    if let Some(t) = target {
        select(app, t);
    }
}

fn move_link(app: &mut App, delta: isize) {
    let n = app.data.related.get(app.selected).map_or(0, Vec::len);
    if n == 0 {
        return;
    }
    let n = isize::try_from(n).unwrap_or(isize::MAX);
    let cur = isize::try_from(app.link_cursor).unwrap_or(0);
    app.link_cursor = usize::try_from((cur + delta).rem_euclid(n)).unwrap_or(0);
    scroll_to_link(app);
}

/// In the details pane, scrolls so the chosen related event is visible.
fn scroll_to_link(app: &mut App) {
    let s = screen(app);
    let Some(r) = s.details else { return };
    let area = inner(r);
    let doc = details::document(app, area.width);
    if let Some(line) = doc.iter().position(|l| l.link == Some(app.link_cursor)) {
        let h = usize::from(area.height);
        app.details_scroll = visible_offset(app.details_scroll, line, line, h);
    }
}

fn activate(app: &mut App) {
    match app.focus {
        Pane::Timeline => focus(app, Pane::Details),
        Pane::Details | Pane::Compare => follow_link(app),
    }
}

/// Jumps to the related event under the link cursor, remembering where we came from.
fn follow_link(app: &mut App) {
    if let Some(rel) = app.current_link() {
        jump(app, rel.event);
    }
}

fn jump(app: &mut App, event: usize) {
    if event != app.selected {
        app.history.push(app.selected);
        select(app, event);
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    let s = screen(app);
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

fn wheel(app: &mut App, column: u16, row: u16, dir: isize) {
    let Some(pane) = screen(app).pane_at(column, row) else { return };
    let saved = app.focus;
    app.focus = pane;
    step(app, dir * if pane == Pane::Details { 3 } else { 1 });
    app.focus = saved;
}

#[cfg(test)]
mod tests;
