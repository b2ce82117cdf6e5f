//! `update(&mut App, Action)`: the only place state changes. Pure: no terminal, no clock, no I/O.

mod find;
pub use find::apply_filter;
mod mouse;
pub mod present;

use crate::action::Action;
use crate::app::{App, HIDDEN, Pane, Row};
use crate::layout::{Screen, Size, inner, list_height};
use crate::ui::details;

/// Applies one action to the app.
pub fn update(app: &mut App, action: Action) {
    if let Action::Resize { width, height } = action {
        app.viewport = Size::new(width, height);
        keep_visible(app);
        return;
    }
    // A search goes on counting whatever else is open.
    if action == Action::SearchStep {
        find::search_step(app);
        return;
    }
    // Suspending is the terminal loop's job; from any mode, update only asks for it.
    if action == Action::Suspend {
        app.suspend_requested = true;
        return;
    }
    if app.help.is_some() {
        help_update(app, action);
        return;
    }
    if app.picker.is_some() {
        find::picker_update(app, action);
        return;
    }
    if app.tour_picker.is_some() {
        present::tour_picker_update(app, action);
        return;
    }
    if app.present.is_some() {
        present::present_update(app, action);
        return;
    }
    if app.prompt.is_some() {
        find::prompt_update(app, action);
        return;
    }
    match action {
        Action::Quit => app.should_quit = true,
        // Esc first clears a kept search, then ends a tour, then quits.
        Action::Escape if app.search.is_some() => app.search = None,
        Action::Escape if app.tour.is_some() => app.tour = None,
        Action::Close | Action::Escape => app.should_quit = true,
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
        Action::Back => back(app),
        Action::Click { column, row } => mouse::click(app, column, row),
        Action::ScrollUp { column, row } => mouse::wheel(app, column, row, -1),
        Action::ScrollDown { column, row } => mouse::wheel(app, column, row, 1),
        Action::CycleTheme => app.theme = crate::theme::Theme::new(app.theme.id.next(), app.theme.mode),
        Action::ToggleRuler => {
            app.show_ruler = !app.show_ruler;
            keep_visible(app);
        }
        Action::Present | Action::OpenTours => present::update(app, action),
        other => find::update(app, other),
    }
}

fn help_update(app: &mut App, action: Action) {
    let scroll = app.help.unwrap_or(0);
    app.help = match action {
        Action::Quit => {
            app.should_quit = true;
            None
        }
        Action::Close | Action::Escape | Action::ToggleHelp => None,
        Action::Down | Action::ScrollDown { .. } => Some(scroll + 1),
        Action::Up | Action::ScrollUp { .. } => Some(scroll.saturating_sub(1)),
        Action::PageDown => Some(scroll + 10),
        Action::PageUp => Some(scroll.saturating_sub(10)),
        Action::Top => Some(0),
        Action::Bottom => Some(usize::MAX / 2),
        _ => Some(scroll),
    };
}

pub(crate) fn screen(app: &App) -> Screen {
    Screen::new(app.viewport, app.focus, app.show_ruler)
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
pub(crate) fn step(app: &mut App, delta: isize) {
    match app.focus {
        Pane::Timeline => {
            if app.visible.is_empty() {
                return;
            }
            let pos = app.visible_pos.get(app.selected).copied().filter(|&p| p != HIDDEN).unwrap_or(0);
            let target = pos.saturating_add_signed(delta).min(app.visible.len() - 1);
            select(app, app.visible[target]);
        }
        Pane::Details => {
            let max = details_max_scroll(app);
            app.details_scroll = app.details_scroll.saturating_add_signed(delta).min(max);
        }
        Pane::Compare => {
            if app.current().is_none() {
                return;
            }
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

/// Makes `event` the shared selection and brings it into view in every pane. Hidden events
/// cannot be selected.
pub fn select(app: &mut App, event: usize) {
    if !app.is_visible(event) {
        keep_visible(app);
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
pub(crate) fn keep_visible(app: &mut App) {
    let s = screen(app);
    let h = list_height(&s, Pane::Timeline);
    match app.row_of_event.get(app.selected).copied().filter(|&r| r != HIDDEN) {
        Some(row) => {
            let top = if row > 0 && matches!(app.rows[row - 1], Row::Year(_)) { row - 1 } else { row };
            app.timeline_offset = visible_offset(app.timeline_offset, top, row, h);
        }
        None => app.timeline_offset = 0,
    }
    app.timeline_offset = app.timeline_offset.min(app.rows.len().saturating_sub(h));
    let ch = list_height(&s, Pane::Compare);
    let rows = app.compare_table().rows.len();
    match app.compare_row_of_event.get(app.selected).copied().filter(|&r| r != HIDDEN) {
        Some(row) => app.compare_offset = visible_offset(app.compare_offset, row, row, ch),
        None => app.compare_offset = 0,
    }
    app.compare_offset = app.compare_offset.min(rows.saturating_sub(ch));
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
    let Some(current) = app.current().map(|e| app.data.events[e].date.year()) else { return };
    let year = |p: usize| app.data.events[app.visible[p]].date.year();
    let pos = app.visible_pos[app.selected];
    let target = if forward {
        (pos..app.visible.len()).find(|&p| year(p) > current)
    } else {
        // The first event of the nearest earlier year that has events.
        (0..pos).rev().find(|&p| year(p) < current).map(|p| {
            let y = year(p);
            (0..=p).rev().take_while(|&q| year(q) == y).last().unwrap_or(p)
        })
    };
    if let Some(t) = target {
        select(app, app.visible[t]);
    }
}

fn move_link(app: &mut App, delta: isize) {
    let n = app.related().len();
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
pub(crate) fn follow_link(app: &mut App) {
    if let Some(rel) = app.current_link() {
        jump(app, rel.event);
    }
}

fn jump(app: &mut App, event: usize) {
    if event != app.selected && app.is_visible(event) {
        app.history.push(app.selected);
        select(app, event);
    }
}

fn back(app: &mut App) {
    // Skip places the filter has since hidden.
    while let Some(prev) = app.history.pop() {
        if app.is_visible(prev) {
            select(app, prev);
            return;
        }
    }
}

#[cfg(test)]
mod tests;
