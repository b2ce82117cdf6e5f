//! Presenting: one event full screen, tours step by step, reveal, presenter notes. Part of
//! `update`: pure, no I/O.

use super::{Motion, apply_filter, cycle_theme, select};
use crate::action::{Action, Effect};
use crate::app::{App, Card, Mode, Picker, Present, TourState};
use crate::filter::Filter;

/// Normal-mode actions that start presenting.
pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Present => start(app),
        Action::OpenTours if !app.data.tours.is_empty() => {
            app.mode = Mode::Tours(Picker { cursor: app.tour.map_or(0, |t| t.tour) });
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
        app.mode = Mode::Present(Present::default());
        app.present_since.get_or_insert(app.clock);
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
    app.mode = Mode::Present(Present { card: Some(Card::Opening), ..Present::default() });
    // A new tour is a new talk: its timer starts now.
    app.present_since = Some(app.clock);
}

fn goto_step(app: &mut App, tour: usize, step: usize) {
    let Some(s) = app.data.tours.get(tour).and_then(|t| t.steps.get(step)) else { return };
    let event = s.event;
    app.tour = Some(TourState { tour, step });
    select(app, event);
}

/// Keys while presenting.
pub(super) fn present_update(app: &mut App, action: Action, slide: Present) -> Option<Effect> {
    // A step number lasts only while digits come.
    let slide = match action {
        Action::Digit(_) | Action::Activate => slide,
        _ => Present { jump: None, ..slide },
    };
    app.mode = Mode::Present(slide);
    match action {
        // `:` (sent as 10) starts a number, as in vim; digits add to it.
        Action::Digit(10) => app.mode = Mode::Present(Present { jump: Some(0), ..slide }),
        Action::Digit(d) => {
            let n = slide.jump.unwrap_or(0).saturating_mul(10).saturating_add(usize::from(d)).min(9_999);
            app.mode = Mode::Present(Present { jump: Some(n), ..slide });
        }
        Action::Activate => match (slide.jump, app.tour) {
            (Some(n), Some(t)) if n >= 1 => {
                goto_step(app, t.tour, n - 1);
                app.mode = Mode::Present(Present::default());
            }
            (Some(_), _) => app.mode = Mode::Present(Present { jump: None, ..slide }),
            (None, _) => return present_update(app, Action::NextSlide, slide),
        },
        Action::NextSlide if slide.card == Some(Card::Opening) => {
            app.mode = Mode::Present(Present::default())
        }
        Action::NextSlide if slide.card == Some(Card::Closing) => {}
        Action::PrevSlide if slide.card == Some(Card::Opening) => {}
        Action::PrevSlide if slide.card == Some(Card::Closing) => {
            let revealed = app.reveal_targets(app.selected).len();
            app.mode = Mode::Present(Present { revealed, ..Present::default() });
        }
        Action::PrevSlide if app.tour.is_some_and(|t| t.step == 0) => {
            app.mode = Mode::Present(Present { card: Some(Card::Opening), ..Present::default() });
        }
        // q quits from here too, as everywhere; Esc and p only go back to exploring.
        Action::Close => return Some(Effect::Quit),
        Action::Present | Action::Escape => app.mode = Mode::Explore,
        // The presenter's notes (a step's point, the questions' answers) are the presenter's:
        // a student's classroom session does not show them, as the students' handout does not.
        Action::ToggleNotes if !app.local => {
            app.message = Some("the presenter's notes stay with the presenter".into());
        }
        Action::ToggleNotes => app.notes = !app.notes,
        Action::ToggleExpand => app.mode = Mode::Present(Present { expanded: !slide.expanded, ..slide }),
        Action::ToggleHelp => app.mode = Mode::Help { scroll: 0, over: Some(slide) },
        Action::CycleTheme => cycle_theme(app),
        Action::NextSlide => {
            // A statement linked to contracts shows the statement first, then one contract
            // per Space, so a class can guess each before it comes.
            let linked = app.reveal_targets(app.selected).len();
            let (pos, total) = app.position();
            if slide.revealed < linked {
                app.mode = Mode::Present(Present { revealed: slide.revealed + 1, ..slide });
            } else if app.tour.is_some() && pos == total {
                app.mode = Mode::Present(Present { card: Some(Card::Closing), ..Present::default() });
            } else {
                step(app, Motion::By(1));
            }
        }
        Action::PrevSlide | Action::ScrollUp { .. } => step(app, Motion::By(-1)),
        // A click or the wheel also moves on, as a presenter's clicker would.
        Action::Click { .. } | Action::ScrollDown { .. } => {
            return present_update(app, Action::NextSlide, slide);
        }
        Action::Top => step(app, Motion::First),
        Action::Bottom => step(app, Motion::Last),
        _ => {}
    }
    None
}

/// Moves to another slide: a tour step, or another visible event.
fn step(app: &mut App, motion: Motion) {
    let (pos, total) = app.position();
    let Some(last) = total.checked_sub(1) else { return };
    let target = match motion {
        Motion::By(d) => (pos.max(1) - 1).saturating_add_signed(d).min(last),
        Motion::First => 0,
        Motion::Last => last,
    };
    if target + 1 == pos {
        return;
    }
    match app.tour {
        Some(t) => goto_step(app, t.tour, target),
        None => {
            let event = app.tables.visible[target];
            select(app, event);
        }
    }
    app.mode = Mode::Present(Present::default());
}

/// Keys while the tour picker is open.
pub(super) fn tour_picker_update(app: &mut App, action: Action, picker: Picker) {
    let last = app.data.tours.len().saturating_sub(1);
    let mut to = |cursor: usize| app.mode = Mode::Tours(Picker { cursor });
    match action {
        Action::Close | Action::Escape | Action::OpenTours => app.mode = Mode::Explore,
        Action::Down | Action::ScrollDown { .. } => to((picker.cursor + 1).min(last)),
        Action::Up | Action::ScrollUp { .. } => to(picker.cursor.saturating_sub(1)),
        Action::Top => to(0),
        Action::Bottom => to(last),
        Action::PickerToggle | Action::Activate => {
            app.mode = Mode::Explore;
            start_tour(app, picker.cursor);
        }
        _ => {}
    }
}
