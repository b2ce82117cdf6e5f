//! Following the presenter, in a student's classroom session. Part of `update`: pure, no I/O.
//!
//! The server hands each student's app the presenter's latest [`Stage`]
//! ([`Action::Presenter`]). While the student follows, their app shows that stage: the same
//! event, tour step and slide. Whatever the student does that changes their own stage (a
//! move, a search that jumps, presenting, leaving the slide) frees them; `F` follows again.
//! Nothing else frees them: scrolling the details, a theme, the help stay following.

use super::{apply_filter, select};
use crate::action::Action;
use crate::app::{App, Follow, Mode, Stage};
use crate::filter::Filter;

/// The stage before an action, when the student follows: what [`settle`] compares with.
pub(super) fn before(app: &App) -> Option<Stage> {
    app.follow.filter(|f| f.following).map(|_| app.stage())
}

/// The presenter moved: remember where (latest wins).
pub(super) fn heard(app: &mut App, stage: Stage) {
    if let Some(f) = app.follow.as_mut() {
        f.presenter = Some(stage);
    }
}

/// `F`: follow the presenter again. Outside a classroom there is no one to follow.
pub(super) fn follow(app: &mut App) {
    match app.follow.as_mut() {
        Some(f) => {
            f.following = true;
            if f.presenter.is_none() {
                app.message = Some("following: the presenter has not started yet".into());
            }
        }
        None => {
            app.message =
                Some("F follows the presenter in a classroom session (ssh); 0 clears the filters".into())
        }
    }
}

/// After an action: a student whose own stage changed is free; a following student is then
/// brought to the presenter's stage.
pub(super) fn settle(app: &mut App, action: Action, before: Option<Stage>) {
    let outside = matches!(
        action,
        Action::Presenter(_)
            | Action::Follow
            | Action::Resize { .. }
            | Action::Tick { .. }
            | Action::Room(_)
            | Action::SearchStep
    );
    let moved = before.is_some_and(|was| !outside && app.stage() != was);
    if let Some(f) = app.follow.as_mut().filter(|_| moved) {
        f.following = false;
    }
    catch_up(app);
}

/// Shows the presenter's stage, if the student follows and is not typing in a line or
/// choosing in a picker (then it waits until they close it).
fn catch_up(app: &mut App) {
    let Some(Follow { presenter: Some(stage), following: true }) = app.follow else { return };
    if matches!(app.mode, Mode::Prompt(_) | Mode::Companies(_) | Mode::Tours(_)) || app.stage() == stage {
        return;
    }
    if stage.event >= app.event_count() {
        return;
    }
    if !app.is_visible(stage.event) {
        app.filter = Filter::default();
        apply_filter(app);
        app.message = Some("your filter hid the presenter's event: it is cleared".into());
    }
    app.tour = stage.tour;
    select(app, stage.event);
    app.mode = match app.mode {
        Mode::Help { scroll, .. } => Mode::Help { scroll, over: stage.slide },
        Mode::Room { .. } => Mode::Room { over: stage.slide },
        _ => stage.slide.map_or(Mode::Explore, Mode::Present),
    };
    if stage.slide.is_some() {
        app.present_since.get_or_insert(app.clock);
    }
}

/// `i`: the teacher's card of how students join, or back from it.
pub(super) fn show_room(app: &mut App) {
    if app.room.is_none() {
        app.message = Some("i shows how students join, when presenting with ethics-timeline serve".into());
        return;
    }
    app.mode = match app.mode {
        Mode::Room { over } => over.map_or(Mode::Explore, Mode::Present),
        Mode::Help { over, .. } => Mode::Room { over },
        ref m => Mode::Room { over: m.presenting() },
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Present, RoomCounts};
    use crate::update::update;

    fn student() -> App {
        let mut app = App::new(crate::testing::small());
        update(&mut app, Action::Resize { width: 120, height: 40 });
        app.follow = Some(Follow::start());
        app
    }

    fn stage(event: usize) -> Stage {
        Stage { event, tour: None, slide: None }
    }

    #[test]
    fn a_following_student_goes_where_the_presenter_goes() {
        let mut app = student();
        let target = app.tables.visible[2];
        update(&mut app, Action::Presenter(stage(target)));
        assert_eq!(app.selected, target);
        let slide = Some(Present { revealed: 1, ..Present::default() });
        update(&mut app, Action::Presenter(Stage { event: target, tour: None, slide }));
        assert_eq!(app.mode, Mode::Present(Present { revealed: 1, ..Present::default() }));
        update(&mut app, Action::Presenter(stage(target)));
        assert_eq!(app.mode, Mode::Explore, "the presenter went back to exploring");
    }

    #[test]
    fn a_move_frees_the_student_and_f_follows_again() {
        let mut app = student();
        let (a, b) = (app.tables.visible[1], app.tables.visible[3]);
        update(&mut app, Action::Presenter(stage(a)));
        update(&mut app, Action::Down);
        assert_eq!(app.follow.map(|f| f.following), Some(false));
        let mine = app.selected;
        update(&mut app, Action::Presenter(stage(b)));
        assert_eq!(app.selected, mine, "a free student stays where they are");
        assert_eq!(app.follow.and_then(|f| f.presenter), Some(stage(b)), "but knows where the presenter is");
        update(&mut app, Action::Follow);
        assert_eq!(app.selected, b);
        assert_eq!(app.follow.map(|f| f.following), Some(true));
    }

    #[test]
    fn keys_that_do_not_move_keep_following() {
        let mut app = student();
        let a = app.tables.visible[1];
        update(&mut app, Action::Presenter(stage(a)));
        for action in
            [Action::ToggleHelp, Action::Close, Action::CycleTheme, Action::Focus(crate::app::Pane::Details)]
        {
            update(&mut app, action);
            assert_eq!(app.follow.map(|f| f.following), Some(true), "{action:?}");
        }
        update(&mut app, Action::ToggleHelp);
        let b = app.tables.visible[4];
        update(&mut app, Action::Presenter(stage(b)));
        assert_eq!(app.selected, b, "the help stays open over the presenter's new place");
        assert!(matches!(app.mode, Mode::Help { .. }));
    }

    #[test]
    fn a_line_being_typed_is_not_interrupted() {
        let mut app = student();
        let a = app.tables.visible[1];
        update(&mut app, Action::Presenter(stage(a)));
        update(&mut app, Action::OpenFilter);
        let b = app.tables.visible[4];
        update(&mut app, Action::Presenter(stage(b)));
        assert!(matches!(app.mode, Mode::Prompt(_)));
        assert_eq!(app.selected, a);
        update(&mut app, Action::PromptCancel);
        assert_eq!(app.selected, b, "caught up once the line closed");
    }

    #[test]
    fn a_hidden_presenter_event_clears_the_students_filter() {
        let mut app = student();
        let contract = (0..app.event_count())
            .find(|&e| app.data.events[e].kind == crate::data::Kind::Contract)
            .expect("a contract");
        update(&mut app, Action::ToggleKind(crate::data::Kind::Contract));
        update(&mut app, Action::Follow);
        update(&mut app, Action::Presenter(stage(contract)));
        assert_eq!(app.selected, contract);
        assert!(app.filter.is_empty());
    }

    #[test]
    fn a_student_does_not_see_the_presenters_notes() {
        let mut app = student();
        app.local = false;
        update(&mut app, Action::Present);
        update(&mut app, Action::ToggleNotes);
        assert!(!app.notes);
        assert!(app.message.as_deref().is_some_and(|m| m.contains("stay with the presenter")));
    }

    #[test]
    fn the_local_app_has_no_one_to_follow() {
        let mut app = App::new(crate::testing::small());
        let before = app.selected;
        let elsewhere = app.tables.visible[3];
        update(&mut app, Action::Presenter(stage(elsewhere)));
        assert_eq!(app.selected, before);
        update(&mut app, Action::Follow);
        assert!(app.message.as_deref().is_some_and(|m| m.contains("classroom")));
    }

    #[test]
    fn the_room_card_opens_and_closes_only_for_a_teacher() {
        let mut app = App::new(crate::testing::small());
        update(&mut app, Action::ShowRoom);
        assert_eq!(app.mode, Mode::Explore);
        app.room = Some(crate::app::Room::default());
        update(&mut app, Action::ShowRoom);
        assert_eq!(app.mode, Mode::Room { over: None });
        update(&mut app, Action::Room(RoomCounts { connected: 3, following: 2 }));
        assert_eq!(app.room.as_ref().map(|r| r.counts.connected), Some(3));
        update(&mut app, Action::Escape);
        assert_eq!(app.mode, Mode::Explore);
    }
}
