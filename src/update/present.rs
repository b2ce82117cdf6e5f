//! Presenting: one event full screen, tours step by step, reveal, presenter notes. Part of
//! `update`: pure, no I/O.

use super::{apply_filter, select};
use crate::action::Action;
use crate::app::{App, Picker, Present, TourState};
use crate::filter::Filter;

/// Normal-mode actions that start presenting.
pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Present => start(app),
        Action::OpenTours if !app.data.tours.is_empty() => {
            app.tour_picker = Some(Picker { cursor: app.tour.map_or(0, |t| t.tour) });
        }
        _ => {}
    }
}

/// Enters presenter mode at the running tour's step, or at the selection.
pub fn start(app: &mut App) {
    if let Some(t) = app.tour {
        goto_step(app, t.tour, t.step);
    }
    if app.current().is_some() {
        app.present = Some(Present::default());
    }
}

/// Starts tour `tour` at its first step, presenting. Its events are shown even if the filter
/// hid them: a tour is a curated path and skipping steps would break it.
pub fn start_tour(app: &mut App, tour: usize) {
    let Some(t) = app.data.tours.get(tour) else { return };
    if t.steps.iter().any(|s| !app.is_visible(s.event)) {
        app.filter = Filter::default();
        apply_filter(app);
    }
    app.tour = Some(TourState { tour, step: 0 });
    goto_step(app, tour, 0);
    app.present = Some(Present::default());
}

fn goto_step(app: &mut App, tour: usize, step: usize) {
    let Some(s) = app.data.tours.get(tour).and_then(|t| t.steps.get(step)) else { return };
    let event = s.event;
    app.tour = Some(TourState { tour, step });
    select(app, event);
}

/// The position shown as `7 / 23`: the tour step, or the place among visible events.
pub fn position(app: &App) -> (usize, usize) {
    match app.tour {
        Some(t) => (t.step + 1, app.data.tours[t.tour].steps.len()),
        None => (app.visible_pos.get(app.selected).map_or(0, |p| p + 1), app.visible.len()),
    }
}

/// Keys while presenting.
pub(super) fn present_update(app: &mut App, action: Action) {
    let Some(present) = app.present else { return };
    match action {
        Action::Quit => app.should_quit = true,
        Action::Present | Action::Close | Action::Escape => app.present = None,
        Action::ToggleNotes => app.notes = !app.notes,
        Action::ToggleHelp => app.help = Some(0),
        Action::CycleTheme => app.theme = crate::theme::Theme::new(app.theme.id.next(), app.theme.mode),
        Action::NextSlide => {
            // A step that pairs a statement with a contract shows the statement first.
            let reveal = app.tour.is_some() && !app.reveal_targets(app.selected).is_empty();
            if reveal && !present.revealed {
                app.present = Some(Present { revealed: true });
            } else {
                step(app, 1);
            }
        }
        Action::PrevSlide | Action::ScrollUp { .. } => step(app, -1),
        // A click or the wheel also moves on, as a presenter's clicker would.
        Action::Click { .. } | Action::ScrollDown { .. } => present_update(app, Action::NextSlide),
        Action::Top => step(app, isize::MIN / 2),
        Action::Bottom => step(app, isize::MAX / 2),
        Action::Resize { .. } => {}
        _ => {}
    }
}

fn step(app: &mut App, delta: isize) {
    let (pos, total) = position(app);
    if total == 0 {
        return;
    }
    let target = (pos.max(1) - 1).saturating_add_signed(delta).min(total - 1);
    if target + 1 == pos {
        return;
    }
    match app.tour {
        Some(t) => goto_step(app, t.tour, target),
        None => select(app, app.visible[target]),
    }
    app.present = Some(Present { revealed: false });
}

/// Keys while the tour picker is open.
pub(super) fn tour_picker_update(app: &mut App, action: Action) {
    let Some(picker) = app.tour_picker.as_mut() else { return };
    let n = app.data.tours.len();
    match action {
        Action::Quit => app.should_quit = true,
        Action::Close | Action::Escape | Action::OpenTours => app.tour_picker = None,
        Action::Down | Action::ScrollDown { .. } => {
            picker.cursor = (picker.cursor + 1).min(n.saturating_sub(1))
        }
        Action::Up | Action::ScrollUp { .. } => picker.cursor = picker.cursor.saturating_sub(1),
        Action::Top => picker.cursor = 0,
        Action::Bottom => picker.cursor = n.saturating_sub(1),
        Action::PickerToggle | Action::Activate => {
            let tour = picker.cursor;
            app.tour_picker = None;
            start_tour(app, tour);
        }
        _ => {}
    }
}
