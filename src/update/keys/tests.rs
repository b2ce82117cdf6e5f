//! Key sequences, copying, opening, going to a date, marks and history, on the small fixture.

use crate::action::{Action, Effect, Prefix};
use crate::app::{App, Pane, PromptKind};
use crate::update::update;

fn app() -> App {
    let mut app = App::new(crate::testing::small());
    update(&mut app, Action::Resize { width: 120, height: 40 });
    app
}

fn id(app: &App) -> &str {
    &app.data.events[app.selected].id
}

fn run(app: &mut App, actions: &[Action]) -> Option<Effect> {
    actions.iter().fold(None, |_, a| update(app, *a))
}

fn place(app: &App) -> usize {
    app.tables.visible_pos.get(app.selected).expect("visible")
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::PromptInput(c));
    }
}

#[test]
fn a_count_repeats_a_move() {
    let mut a = app();
    run(&mut a, &[Action::Count(5), Action::Down]);
    assert_eq!(place(&a), 5);
    run(&mut a, &[Action::Count(1), Action::Count(0), Action::Down]);
    assert_eq!(place(&a), 15);
    run(&mut a, &[Action::Count(1), Action::Count(0), Action::Up]);
    assert_eq!(place(&a), 5);
    assert!(a.pending.is_empty(), "the count is used up");
    run(&mut a, &[Action::Down]);
    assert_eq!(place(&a), 6, "the next move is one step again");
}

#[test]
fn a_count_before_brackets_moves_years() {
    let mut a = app();
    run(&mut a, &[Action::Count(2), Action::NextYear]);
    assert_eq!(a.data.events[a.selected].date.year(), 2021, "2018 → 2019 → 2021");
}

#[test]
fn gg_and_a_counted_g_go_to_the_nth_event() {
    let mut a = app();
    run(&mut a, &[Action::Count(4), Action::Down]);
    run(&mut a, &[Action::Prefix(Prefix::G), Action::Second('g')]);
    assert_eq!(place(&a), 0);
    run(&mut a, &[Action::Count(5), Action::Prefix(Prefix::G), Action::Second('g')]);
    assert_eq!(place(&a), 4, "5gg is the fifth event");
    run(&mut a, &[Action::Count(3), Action::Bottom]);
    assert_eq!(place(&a), 2, "3G is the third");
    run(&mut a, &[Action::Bottom]);
    assert_eq!(place(&a), a.tables.visible.len() - 1, "G alone is the last");
    run(&mut a, &[Action::Prefix(Prefix::G), Action::KeyTimeout]);
    assert_eq!(place(&a), 0, "a lone g, after the wait, is the first event too");
}

#[test]
fn a_lone_digit_still_does_its_own_key_after_the_wait() {
    let mut a = app();
    run(&mut a, &[Action::Count(3)]);
    assert_eq!(a.focus, Pane::Timeline, "waits for a motion");
    assert!(a.message.as_deref().is_some_and(|m| m.starts_with("3…")), "{:?}", a.message);
    run(&mut a, &[Action::KeyTimeout]);
    assert_eq!(a.focus, Pane::Compare);
    // Followed by a key that is not a motion, the digit acts first, then the key.
    let mut a = app();
    let contracts = a.tables.visible.len();
    run(&mut a, &[Action::Count(7), Action::ToggleRuler]);
    assert!(a.tables.visible.len() < contracts, "7 hid the contracts");
    assert!(!a.show_ruler, "and r still hid the ruler");
    // Esc takes a waiting digit back.
    let mut a = app();
    run(&mut a, &[Action::Count(3), Action::Escape]);
    assert_eq!(a.message.as_deref(), Some("3 cancelled"));
    run(&mut a, &[Action::KeyTimeout]);
    assert_eq!(a.focus, Pane::Timeline, "nothing waits any more");
    // A longer count with no motion is dropped, and says so.
    let mut a = app();
    run(&mut a, &[Action::Count(1), Action::Count(2), Action::KeyTimeout]);
    assert_eq!(a.focus, Pane::Timeline);
    assert!(a.message.as_deref().is_some_and(|m| m.contains("12 is a count")), "{:?}", a.message);
}

#[test]
fn zz_zt_and_zb_place_the_selection_and_z_alone_zooms() {
    let mut a = App::new(crate::testing::small());
    update(&mut a, Action::Resize { width: 80, height: 12 });
    run(&mut a, &[Action::Count(9), Action::Down]);
    let row = a.tables.row_of_event.get(a.selected).expect("row");
    run(&mut a, &[Action::Prefix(Prefix::Z), Action::Second('t')]);
    assert!(a.timeline_offset == row || a.timeline_offset + 1 == row, "top (or its year above)");
    run(&mut a, &[Action::Prefix(Prefix::Z), Action::Second('b')]);
    let h = crate::geometry::list_height(&crate::geometry::screen(&a), Pane::Timeline);
    assert_eq!(a.timeline_offset + h, row + 1, "bottom");
    run(&mut a, &[Action::Prefix(Prefix::Z), Action::Second('z')]);
    assert_eq!(a.timeline_offset, row - h / 2, "centre");
    assert!(!a.zoom);
    run(&mut a, &[Action::Prefix(Prefix::Z), Action::KeyTimeout]);
    assert!(a.zoom, "a lone z still zooms");
}

#[test]
fn y_copies_the_citation_yi_the_id_and_a_count_picks_a_source() {
    let mut a = app();
    let e = a.data.event_index("ms-2018-06-19-employee-letter").expect("event");
    crate::update::select(&mut a, e);
    let Some(Effect::Copy(text)) = run(&mut a, &[Action::Prefix(Prefix::Y), Action::Second('y')]) else {
        panic!("yy copies");
    };
    assert_eq!(text.lines().count(), 2, "one line per source: {text}");
    assert!(text.lines().all(|l| l.contains("https://")), "{text}");
    assert_eq!(run(&mut a, &[Action::Prefix(Prefix::Y), Action::KeyTimeout]), Some(Effect::Copy(text)));
    assert_eq!(
        run(&mut a, &[Action::Prefix(Prefix::Y), Action::Second('i')]),
        Some(Effect::Copy("ms-2018-06-19-employee-letter".into()))
    );
    let second = a.data.sources[a.data.events[e].sources[1]].url.to_string();
    assert_eq!(run(&mut a, &[Action::Count(2), Action::CopyUrl]), Some(Effect::Copy(second)));
    assert_eq!(run(&mut a, &[Action::Count(3), Action::CopyUrl]), None);
    assert_eq!(a.message.as_deref(), Some("this event has 2 sources: 3 is too many"));
}

#[test]
fn y_then_q_copies_and_still_quits() {
    let mut a = app();
    assert_eq!(run(&mut a, &[Action::Prefix(Prefix::Y), Action::Close]), Some(Effect::Quit));
}

#[test]
fn o_opens_the_source_unless_the_session_may_not() {
    let mut a = app();
    let url = a.data.sources[a.data.events[a.selected].sources[0]].url.to_string();
    assert_eq!(run(&mut a, &[Action::OpenSource]), Some(Effect::Open(url)));
    a.local = false;
    assert_eq!(run(&mut a, &[Action::OpenSource]), None);
    assert!(a.message.as_deref().is_some_and(|m| m.contains("classroom")));
}

#[test]
fn the_go_to_line_takes_a_year_a_month_a_day_or_an_id() {
    let mut a = app();
    for (input, expected) in [
        ("2019", "ms-2019-09-quartz-ice-suppliers"),
        ("2018-06", "ms-2018-06-ice-contract-value"),
        ("2018-06-01", "goog-2018-06-01-no-maven-follow-on"),
        ("2018-06-19", "ms-2018-06-19-employee-letter"),
        ("2018-06-20", "ms-2018-07-13-smith-facial-recognition"),
        ("ms-2018-11-20-ivas-award", "ms-2018-11-20-ivas-award"),
    ] {
        run(&mut a, &[Action::OpenGoto]);
        typed(&mut a, input);
        run(&mut a, &[Action::PromptSubmit]);
        assert_eq!(id(&a), expected, ":{input}");
        assert!(a.mode.prompt().is_none());
    }
    assert_eq!(a.recall.goto.last().map(String::as_str), Some("ms-2018-11-20-ivas-award"));
    run(&mut a, &[Action::Back]);
    assert_eq!(id(&a), "ms-2018-07-13-smith-facial-recognition", "a go-to is a jump: Backspace returns");
}

#[test]
fn the_go_to_line_says_why_it_cannot_go() {
    let mut a = app();
    let before = a.selected;
    for (input, says) in [
        ("2030", "nothing shown on or after 2030"),
        ("2019-13", "a date is 2019, 2019-06 or 2019-06-19"),
        ("ms-2018-nothing", "no event \"ms-2018-nothing\""),
    ] {
        run(&mut a, &[Action::OpenGoto]);
        typed(&mut a, input);
        let error = a.mode.prompt().and_then(|p| p.error.clone()).unwrap_or_default();
        assert!(error.contains(says), ":{input} → {error}");
        run(&mut a, &[Action::PromptSubmit]);
        assert!(a.mode.prompt().is_some(), "the line stays open to fix");
        run(&mut a, &[Action::PromptCancel]);
    }
    assert_eq!(a.selected, before);
    // Enter on an id typo names the close ones (typing does not: it would read every id).
    run(&mut a, &[Action::OpenGoto]);
    typed(&mut a, "ms-2018-ivas-awrd");
    run(&mut a, &[Action::PromptSubmit]);
    let error = a.mode.prompt().and_then(|p| p.error.clone()).unwrap_or_default();
    assert!(error.contains("did you mean: ms-2018-11-20-ivas-award"), "{error}");
}

#[test]
fn marks_are_set_and_gone_back_to_and_quote_quote_swaps() {
    let mut a = app();
    a.saved_key = Some("test".into());
    run(&mut a, &[Action::Count(3), Action::Down, Action::Prefix(Prefix::Mark)]);
    assert_eq!(run(&mut a, &[Action::Second('a')]), Some(Effect::Save), "marks are kept for the next run");
    let marked = a.selected;
    assert_eq!(a.marks.get(&'a'), Some(&marked));
    run(&mut a, &[Action::Bottom]);
    run(&mut a, &[Action::Prefix(Prefix::Jump), Action::Second('a')]);
    assert_eq!(a.selected, marked);
    let last = *a.tables.visible.last().expect("events");
    run(&mut a, &[Action::Prefix(Prefix::Jump), Action::Second('\'')]);
    assert_eq!(a.selected, last, "'' back to before the jump");
    run(&mut a, &[Action::Prefix(Prefix::Jump), Action::Second('\'')]);
    assert_eq!(a.selected, marked, "and forth again");
    run(&mut a, &[Action::Prefix(Prefix::Jump), Action::Second('b')]);
    assert_eq!(a.message.as_deref(), Some("no mark b: mb sets it"));
    let mut fresh = app();
    run(&mut fresh, &[Action::Prefix(Prefix::Jump), Action::Second('\'')]);
    assert_eq!(fresh.message.as_deref(), Some("no earlier jump"));
}

#[test]
fn up_and_down_in_a_line_recall_what_was_typed_before() {
    let mut a = app();
    a.saved_key = Some("test".into());
    for q in ["ice", "maven"] {
        run(&mut a, &[Action::OpenSearch]);
        typed(&mut a, q);
        assert_eq!(run(&mut a, &[Action::PromptSubmit]), Some(Effect::Save), "kept for the next run");
    }
    run(&mut a, &[Action::OpenSearch]);
    typed(&mut a, "dr");
    let input = |a: &App| a.mode.prompt().map(|p| p.input.clone()).unwrap_or_default();
    run(&mut a, &[Action::RecallPrev]);
    assert_eq!(input(&a), "maven");
    run(&mut a, &[Action::RecallPrev]);
    assert_eq!(input(&a), "ice");
    run(&mut a, &[Action::RecallPrev]);
    assert_eq!(input(&a), "ice");
    assert_eq!(a.message.as_deref(), Some("that is the oldest entry"));
    run(&mut a, &[Action::RecallNext, Action::RecallNext]);
    assert_eq!(input(&a), "dr", "back to what was being typed");
    assert!(a.search.as_ref().is_some_and(|s| s.query.text == "dr"), "the search follows the line");
    run(&mut a, &[Action::PromptCancel, Action::OpenFilter, Action::PromptClear, Action::RecallPrev]);
    assert_eq!(a.message.as_deref(), Some("nothing typed here before"), "each line has its own history");
    assert_eq!(a.mode.prompt().map(|p| p.kind), Some(PromptKind::Filter));
}
