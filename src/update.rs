//! `update(&mut App, Action) -> Option<Effect>`: the only place state changes. Pure: no
//! terminal, no clock, no I/O. What only the terminal can do (quit, suspend) comes back as an
//! [`Effect`] for `tui` to carry out.
//!
//! Keys are routed by the app's one [`Mode`]; each mode's keys live in their own file
//! ([`find`] for the search and filter line and the company picker, [`present`] for presenting
//! and the tour picker, [`mouse`] for clicks and the wheel). Sizes come from the geometry
//! layer, the same the view draws with.

mod compare;
mod find;
pub use find::{apply_filter, goto_target, is_date};
mod follow;
mod keys;
mod mouse;
pub mod present;
mod sources;

use crate::action::{Action, Effect};
use crate::app::{App, Mode, Pane, Row};
use crate::geometry::{Size, details, list_height, overlay, screen};

/// Applies one action to the app, and says what the terminal should do about it. When the
/// presenter's position moves, that is the effect: listeners (the notes screen) follow it.
///
/// In a student's classroom session, an action that moves the student stops them following
/// the presenter, and a following student is then brought to the presenter's stage.
pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    let before = app.presenter_position();
    let stage = follow::before(app);
    let effect = apply(app, action);
    follow::settle(app, action, stage);
    match (effect, app.presenter_position()) {
        (None, Some(after)) if Some(after) != before => Some(Effect::Publish(after)),
        (effect, _) => effect,
    }
}

fn apply(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        // Ctrl-C quits from anywhere, and suspending is the terminal's job from any mode.
        Action::Quit => return Some(Effect::Quit),
        Action::Suspend => return Some(Effect::Suspend),
        Action::Resize { width, height } => {
            app.viewport = Size::new(width, height);
            keep_visible(app);
            return None;
        }
        Action::Tick { seconds } => {
            app.clock = seconds;
            return None;
        }
        // A search goes on counting whatever else is open.
        Action::SearchStep => {
            find::search_step(app);
            return None;
        }
        // The classroom's news arrives whatever is open, and is no key.
        Action::Presenter(stage) => {
            follow::heard(app, stage);
            return None;
        }
        Action::Room(counts) => {
            if let Some(room) = app.room.as_mut() {
                room.counts = counts;
            }
            return None;
        }
        // A key's message lasts until the next key.
        _ => app.message = None,
    }
    match action {
        Action::Follow => {
            follow::follow(app);
            return None;
        }
        Action::ShowRoom => {
            follow::show_room(app);
            return None;
        }
        _ => {}
    }
    match app.mode {
        Mode::Help { scroll, over } => {
            help_update(app, action, scroll, over);
            None
        }
        // The room card closes on any of the keys that close an overlay.
        Mode::Room { over } => {
            if matches!(action, Action::Close | Action::Escape | Action::Activate | Action::ToggleHelp) {
                app.mode = over.map_or(Mode::Explore, Mode::Present);
            }
            None
        }
        Mode::Companies(picker) => {
            find::picker_update(app, action, picker);
            None
        }
        Mode::Tours(picker) => {
            present::tour_picker_update(app, action, picker);
            None
        }
        Mode::Present(slide) => present::present_update(app, action, slide),
        Mode::Prompt(_) => find::prompt_update(app, action),
        Mode::Explore => explore_update(app, action),
    }
}

/// Keys over the panes, with nothing open. A count or a prefix typed before has its say
/// first ([`keys`]).
fn explore_update(app: &mut App, action: Action) -> Option<Effect> {
    let (settled, next) = keys::sequence(app, action);
    let effect = match next {
        keys::Next::Done(effect) => effect,
        keys::Next::Apply { action, count, counted } => explore_apply(app, action, count, counted),
    };
    match (settled, effect) {
        // Ending or suspending wins over a copy settled on the way.
        (_, Some(e @ (Effect::Quit | Effect::Suspend))) => Some(e),
        (settled, effect) => settled.or(effect),
    }
}

/// One key over the panes, `count` times where a count means something (`counted` when one
/// was typed: `5G` is the fifth event, `G` the last).
fn explore_apply(app: &mut App, action: Action, count: usize, counted: bool) -> Option<Effect> {
    let n = isize::try_from(count).unwrap_or(isize::MAX);
    match action {
        // Esc first restores a zoomed pane, clears a kept search, then ends a tour, then quits.
        Action::Escape if app.zoom => zoom(app),
        Action::Escape if app.search.is_some() => app.search = None,
        Action::Escape if app.tour.is_some() => app.tour = None,
        // Esc only ever backs out: in front of a class, a key pressed once too often must
        // not end the app.
        Action::Escape => app.message = Some("nothing to back out of · q quits".into()),
        Action::Close => return Some(Effect::Quit),
        Action::ToggleHelp => app.mode = Mode::Help { scroll: 0, over: None },
        Action::Up => step(app, Motion::By(-n)),
        Action::Down => step(app, Motion::By(n)),
        Action::PageUp => step(app, Motion::By(-page(app).saturating_mul(n))),
        Action::PageDown => step(app, Motion::By(page(app).saturating_mul(n))),
        Action::Top | Action::Bottom if counted => keys::to_nth(app, count),
        Action::Top => ends(app, Motion::First),
        Action::Bottom => ends(app, Motion::Last),
        Action::PrevYear => (0..count).for_each(|_| year_jump(app, false)),
        Action::NextYear => (0..count).for_each(|_| year_jump(app, true)),
        Action::NextMatch | Action::PrevMatch => {
            (0..count.min(app.tables.visible.len().max(1))).for_each(|_| find::update(app, action));
        }
        Action::CopyUrl => return sources::copy_url(app, count),
        Action::OpenSource => return sources::open(app, count),
        Action::FocusNext => focus(app, cycle(app.focus, 1)),
        Action::FocusPrev => focus(app, cycle(app.focus, 2)),
        Action::Focus(p) => focus(app, p),
        Action::PrevLink => move_link(app, -n),
        Action::NextLink => move_link(app, n),
        Action::Activate => activate(app),
        Action::Back => back(app),
        Action::Click { column, row } => mouse::click(app, column, row),
        Action::ScrollUp { column, row } => mouse::wheel(app, column, row, -1),
        Action::ScrollDown { column, row } => mouse::wheel(app, column, row, 1),
        Action::CycleTheme => cycle_theme(app),
        Action::ToggleRuler => {
            app.show_ruler = !app.show_ruler;
            keep_visible(app);
        }
        Action::Zoom => zoom(app),
        // A prefix's key after a prefix that did not take it: nothing more to do.
        Action::Count(_) | Action::Prefix(_) | Action::Second(_) | Action::KeyTimeout => {}
        Action::Unbound(c) => {
            let key = match c {
                ' ' => "Space".to_string(),
                c => crate::data::sanitize::clean(&c.to_string(), false).into_owned(),
            };
            app.message = Some(format!("{key} is not a key here · ? lists every key"));
        }
        Action::CycleOrder | Action::TogglePairsOnly | Action::ToggleContext => compare::view(app, action),
        Action::Present | Action::OpenTours => present::update(app, action),
        other => find::update(app, other),
    }
    None
}

/// Keys while the help is open: scroll it, or close it back to what is under it.
fn help_update(app: &mut App, action: Action, scroll: usize, over: Option<crate::app::Present>) {
    let area = screen(app).area;
    let max = overlay::help_max_scroll(area, crate::keymap::help::document().len());
    let scroll = match action {
        Action::Close | Action::Escape | Action::ToggleHelp => {
            app.mode = over.map_or(Mode::Explore, Mode::Present);
            return;
        }
        Action::Down | Action::ScrollDown { .. } => scroll + 1,
        Action::Up | Action::ScrollUp { .. } => scroll.saturating_sub(1),
        Action::PageDown => scroll + 10,
        Action::PageUp => scroll.saturating_sub(10),
        Action::Top => 0,
        Action::Bottom => max,
        _ => scroll,
    };
    app.mode = Mode::Help { scroll: scroll.min(max), over };
}

/// `G` and Home: the last or first event, remembered as a jump for `''`.
fn ends(app: &mut App, motion: Motion) {
    let from = app.selected;
    step(app, motion);
    keys::remember(app, from);
}

fn zoom(app: &mut App) {
    app.zoom = !app.zoom;
    keep_visible(app);
}

pub(crate) fn cycle_theme(app: &mut App) {
    app.theme = crate::theme::Theme::new(app.theme.id.next(), app.theme.mode);
    app.message = Some(format!("theme: {} (T for the next)", app.theme.id.name()));
}

fn cycle(p: Pane, by: usize) -> Pane {
    Pane::ALL[(p.number() - 1 + by) % Pane::ALL.len()]
}

fn focus(app: &mut App, pane: Pane) {
    let arriving = pane == Pane::Compare && app.focus != Pane::Compare;
    app.focus = pane;
    keep_visible(app);
    if arriving {
        compare::choose_default_link(app);
    }
}

/// Rows in one page of the focused pane.
fn page(app: &App) -> isize {
    let h = list_height(&screen(app), app.focus).max(2);
    isize::try_from(h - 1).unwrap_or(1)
}

/// How far a move goes: by some items, or to an end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Motion {
    By(isize),
    First,
    Last,
}

/// Moves within the focused pane (clamped to the ends). A move that cannot go on says so.
pub(crate) fn step(app: &mut App, motion: Motion) {
    let before = (app.selected, app.details_scroll, app.compare_cursor);
    match app.focus {
        Pane::Timeline => {
            let visible = &app.tables.visible;
            let Some(last) = visible.len().checked_sub(1) else {
                app.message = Some("no events are shown (0 clears the filter)".into());
                return;
            };
            let pos = app.tables.visible_pos.get(app.selected).unwrap_or(0);
            let target = match motion {
                Motion::By(d) => pos.saturating_add_signed(d).min(last),
                Motion::First => 0,
                Motion::Last => last,
            };
            let event = visible[target];
            select(app, event);
        }
        Pane::Details => {
            let max = details::max_scroll(app, &screen(app));
            app.details_scroll = match motion {
                Motion::By(d) => app.details_scroll.saturating_add_signed(d).min(max),
                Motion::First => 0,
                Motion::Last => max,
            };
        }
        Pane::Compare => compare::step(app, motion),
    }
    if let Motion::By(d) = motion
        && before == (app.selected, app.details_scroll, app.compare_cursor)
    {
        let end = match (app.focus, d < 0) {
            (Pane::Details, true) => "the top of the details",
            (Pane::Details, false) => "the end of the details",
            (_, true) => "the first event",
            (_, false) => "the last event",
        };
        app.message = Some(format!("already at {end}"));
    }
}

/// Makes `event` the shared selection and brings it into view in every pane. Hidden events
/// cannot be selected.
pub fn select(app: &mut App, event: usize) {
    if !app.is_visible(event) {
        keep_visible(app);
        return;
    }
    let moved = event != app.selected;
    if moved {
        app.details_scroll = 0;
        app.link_cursor = 0;
    }
    app.selected = event;
    keep_visible(app);
    if moved && app.focus == Pane::Compare {
        compare::choose_default_link(app);
    }
}

/// Scrolls the timeline and comparison so the selection is on screen, with its year heading
/// when the selection is the first event of its year.
pub(crate) fn keep_visible(app: &mut App) {
    let s = screen(app);
    let h = list_height(&s, Pane::Timeline);
    let rows = &app.tables.rows;
    match app.tables.row_of_event.get(app.selected) {
        Some(row) => {
            let top = if row > 0 && matches!(rows[row - 1], Row::Year(_)) { row - 1 } else { row };
            app.timeline_offset = visible_offset(app.timeline_offset, top, row, h);
        }
        None => app.timeline_offset = 0,
    }
    app.timeline_offset = app.timeline_offset.min(rows.len().saturating_sub(h));
    compare::keep_visible(app, list_height(&s, Pane::Compare));
    app.details_scroll = app.details_scroll.min(details::max_scroll(app, &s));
}

/// The smallest change of `offset` that shows rows `top..=row` in a window of `height`.
pub(crate) fn visible_offset(offset: usize, top: usize, row: usize, height: usize) -> usize {
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

fn year_jump(app: &mut App, forward: bool) {
    let Some(current) = app.current().map(|e| app.data.events[e].date.year()) else { return };
    let Some(pos) = app.tables.visible_pos.get(app.selected) else { return };
    let visible = &app.tables.visible;
    let year = |p: usize| app.data.events[visible[p]].date.year();
    let target = if forward {
        (pos..visible.len()).find(|&p| year(p) > current)
    } else {
        // The first event of the nearest earlier year that has events.
        (0..pos).rev().find(|&p| year(p) < current).map(|p| {
            let y = year(p);
            (0..=p).rev().take_while(|&q| year(q) == y).last().unwrap_or(p)
        })
    };
    match target.map(|t| visible[t]) {
        Some(event) => select(app, event),
        None => app.message = Some(format!("no {} year shown", if forward { "later" } else { "earlier" })),
    }
}

fn move_link(app: &mut App, delta: isize) {
    let n = app.related().len();
    if n == 0 {
        app.message = Some("this event has no linked events shown".into());
        return;
    }
    let n = isize::try_from(n).unwrap_or(isize::MAX);
    let cur = isize::try_from(app.link_cursor).unwrap_or(0);
    app.link_cursor = usize::try_from((cur + delta).rem_euclid(n)).unwrap_or(0);
    scroll_to_link(app);
    compare::scroll_to_link(app);
}

/// In the details pane, scrolls so the chosen related event is visible.
fn scroll_to_link(app: &mut App) {
    let Some(area) = details::area(&screen(app)) else { return };
    let doc = details::document(app, area.width);
    if let Some(line) = details::link_line(&doc, app.link_cursor) {
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
    match app.current_link() {
        Some(rel) => jump(app, rel.event),
        None => app.message = Some("this event has no linked events shown".into()),
    }
}

/// Goes to `event`, remembering where from: Backspace walks back, `''` swaps the two.
fn jump(app: &mut App, event: usize) {
    if event != app.selected && app.is_visible(event) {
        app.history.push(app.selected);
        app.jumped_from = Some(app.selected);
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
    app.message = Some("nothing to go back to: Backspace returns after a jump".into());
}

#[cfg(test)]
mod tests;
