//! (state, actions) → state tests of `update`, on the small fixture dataset.

use super::*;
use crate::app::{Picker, Present};
use crate::geometry::{MIN, inner, overlay, ruler::Buckets};
use crate::keymap::{InputMode, input_mode};

fn app_at(width: u16, height: u16) -> App {
    let mut app = App::new(crate::testing::small());
    update(&mut app, Action::Resize { width, height });
    app
}

fn id(app: &App) -> &str {
    &app.data.events[app.selected].id
}

/// Applies `actions` in order and returns the effect of the last one.
fn run(app: &mut App, actions: &[Action]) -> Option<Effect> {
    actions.iter().fold(None, |_, a| update(app, *a))
}

/// The selected event's timeline row is inside the pane's window.
fn selection_on_screen(app: &App) -> bool {
    let h = list_height(&screen(app), Pane::Timeline);
    app.tables
        .row_of_event
        .get(app.selected)
        .is_some_and(|row| h == 0 || (row >= app.timeline_offset && row < app.timeline_offset + h))
}

#[test]
fn starts_on_the_first_event_of_the_default_company() {
    let app = app_at(120, 40);
    assert_eq!(id(&app), "ms-2018-01-azure-government-ice-post");
    assert_eq!(app.focus, Pane::Timeline);
}

#[test]
fn down_and_up_move_the_shared_selection() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Down, Action::Down]);
    assert_eq!(id(&app), "ms-2018-03-aether-committee");
    run(&mut app, &[Action::Up]);
    assert_eq!(id(&app), "ms-2018-01-future-computed");
    run(&mut app, &[Action::Up, Action::Up, Action::Up]);
    assert_eq!(app.selected, 0, "clamped at the top");
}

#[test]
fn top_and_bottom() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Bottom]);
    assert_eq!(app.selected, app.event_count() - 1);
    run(&mut app, &[Action::Top]);
    assert_eq!(app.selected, 0);
}

#[test]
fn years_jump_to_their_first_event() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::NextYear]);
    assert_eq!(id(&app), "ms-2019-09-quartz-ice-suppliers");
    run(&mut app, &[Action::NextYear]);
    assert_eq!(app.data.events[app.selected].date.year(), 2021);
    run(&mut app, &[Action::PrevYear]);
    assert_eq!(id(&app), "ms-2019-09-quartz-ice-suppliers");
    run(&mut app, &[Action::PrevYear, Action::PrevYear]);
    assert_eq!(app.selected, 0, "no year before the first");
}

#[test]
fn the_selection_stays_visible_when_paging() {
    let mut app = app_at(80, 24);
    for _ in 0..30 {
        update(&mut app, Action::PageDown);
        assert!(selection_on_screen(&app), "{}", id(&app));
    }
    assert_eq!(app.selected, app.event_count() - 1);
}

#[test]
fn focus_cycles_both_ways_and_goes_straight_to_a_pane() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::FocusNext]);
    assert_eq!(app.focus, Pane::Details);
    run(&mut app, &[Action::FocusNext]);
    assert_eq!(app.focus, Pane::Compare);
    run(&mut app, &[Action::FocusNext]);
    assert_eq!(app.focus, Pane::Timeline);
    run(&mut app, &[Action::FocusPrev]);
    assert_eq!(app.focus, Pane::Compare);
    run(&mut app, &[Action::Focus(Pane::Details)]);
    assert_eq!(app.focus, Pane::Details);
}

#[test]
fn down_in_the_comparison_reads_each_pair_and_stays_within_the_company() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::Focus(Pane::Compare)]);
    assert_eq!(id(&app), "ms-2018-01-azure-government-ice-post");
    // The post, then the contract beside it, then the next statement.
    run(&mut app, &[Action::Down]);
    assert_eq!(id(&app), "ms-2018-06-ice-contract-value");
    assert_eq!(app.compare_cursor, 0, "the contract is on the post's line");
    run(&mut app, &[Action::Down]);
    assert_eq!(id(&app), "ms-2018-01-future-computed");
    for _ in 0..40 {
        run(&mut app, &[Action::Down]);
        assert_eq!(app.data.company_name(&app.data.events[app.selected]), "Microsoft");
    }
}

#[test]
fn a_contract_under_two_statements_is_reached_under_each() {
    let mut app = app_at(160, 48);
    let contract = app.data.event_index("ms-2018-06-ice-contract-value").expect("event");
    run(&mut app, &[Action::Focus(Pane::Compare)]);
    let mut lines = Vec::new();
    for _ in 0..30 {
        if app.selected == contract {
            lines.push(app.compare_cursor);
        }
        run(&mut app, &[Action::Down]);
    }
    lines.dedup();
    assert!(lines.len() >= 2, "the ICE contract sits beside each statement it answers: {lines:?}");
}

#[test]
fn enter_follows_a_link_and_back_returns() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::Down, Action::Down, Action::Down]);
    assert_eq!(id(&app), "ms-2018-06-ice-contract-value");
    run(&mut app, &[Action::Focus(Pane::Details), Action::NextLink]);
    let target = app.current_link().map(|r| app.data.events[r.event].id.to_string());
    run(&mut app, &[Action::Activate]);
    assert_eq!(Some(id(&app).to_string()), target);
    assert_ne!(id(&app), "ms-2018-06-ice-contract-value");
    run(&mut app, &[Action::Back]);
    assert_eq!(id(&app), "ms-2018-06-ice-contract-value");
    run(&mut app, &[Action::Back]);
    assert_eq!(id(&app), "ms-2018-06-ice-contract-value", "empty history leaves the selection");
}

#[test]
fn the_link_cursor_wraps_and_resets_on_a_new_selection() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::Down, Action::Down, Action::Down]);
    let n = app.data.related(app.selected).len();
    assert!(n >= 2);
    run(&mut app, &[Action::PrevLink]);
    assert_eq!(app.link_cursor, n - 1);
    run(&mut app, &[Action::NextLink]);
    assert_eq!(app.link_cursor, 0);
    run(&mut app, &[Action::NextLink, Action::Down]);
    assert_eq!(app.link_cursor, 0);
}

#[test]
fn details_scroll_is_clamped_and_reset() {
    let mut app = app_at(80, 24);
    run(&mut app, &[Action::Focus(Pane::Details)]);
    for _ in 0..500 {
        update(&mut app, Action::Down);
    }
    let max = app.details_scroll;
    assert!(max > 0);
    update(&mut app, Action::Down);
    assert_eq!(app.details_scroll, max, "clamped at the end");
    run(&mut app, &[Action::Focus(Pane::Timeline), Action::Down]);
    assert_eq!(app.details_scroll, 0, "a new selection starts at the top");
}

#[test]
fn help_opens_scrolls_and_closes_without_quitting() {
    let mut app = app_at(80, 24);
    run(&mut app, &[Action::ToggleHelp, Action::Down, Action::Down]);
    assert_eq!(app.mode, Mode::Help { scroll: 2, over: None });
    let before = app.selected;
    assert_eq!(run(&mut app, &[Action::Close]), None);
    assert_eq!(app.mode, Mode::Explore);
    assert_eq!(app.selected, before, "keys in the help do not move the timeline");
    assert_eq!(run(&mut app, &[Action::Close]), Some(Effect::Quit));
}

#[test]
fn the_help_scrolls_to_its_end_and_back_up_from_there() {
    let mut app = app_at(80, 24);
    run(&mut app, &[Action::ToggleHelp, Action::Bottom]);
    let max = overlay::help_max_scroll(screen(&app).area, crate::keymap::help::document().len());
    assert!(max > 0, "the help is longer than 24 rows");
    assert_eq!(app.mode, Mode::Help { scroll: max, over: None });
    run(&mut app, &[Action::Down, Action::Up]);
    assert_eq!(app.mode, Mode::Help { scroll: max - 1, over: None }, "one line up from the end");
}

#[test]
fn ctrl_c_quits_even_from_the_help() {
    let mut app = app_at(80, 24);
    assert_eq!(run(&mut app, &[Action::ToggleHelp, Action::Quit]), Some(Effect::Quit));
    assert_eq!(run(&mut app, &[Action::OpenSearch, Action::Quit]), Some(Effect::Quit));
    assert_eq!(run(&mut app, &[Action::PromptCancel, Action::Present, Action::Quit]), Some(Effect::Quit));
}

#[test]
fn clicking_a_timeline_row_selects_it() {
    let mut app = app_at(80, 24);
    let list = inner(screen(&app).timeline.expect("timeline on screen"));
    let target = app.data.event_index("ms-2018-03-aether-committee").expect("event");
    let row_of = |app: &App, e: usize| {
        let row = app.tables.row_of_event.get(e).expect("visible") - app.timeline_offset;
        list.y + u16::try_from(row).expect("on screen")
    };
    let row = row_of(&app, target);
    run(&mut app, &[Action::Click { column: list.x + 2, row }]);
    assert_eq!(id(&app), "ms-2018-03-aether-committee");
    assert_eq!(app.tables.rows[app.timeline_offset], Row::Year(2018));
    run(&mut app, &[Action::Click { column: list.x + 2, row: list.y }]);
    assert_eq!(id(&app), "ms-2018-03-aether-committee", "a year heading selects nothing");
}

#[test]
fn clicking_a_pane_focuses_it_and_the_wheel_scrolls_under_the_pointer() {
    let mut app = app_at(80, 24);
    let s = screen(&app);
    let (details, timeline) = (inner(s.details.expect("details")), inner(s.timeline.expect("timeline")));
    run(&mut app, &[Action::Click { column: details.x + 5, row: details.y + 2 }]);
    assert_eq!(app.focus, Pane::Details);
    run(&mut app, &[Action::ScrollDown { column: timeline.x + 2, row: timeline.y + 2 }]);
    assert_eq!(app.selected, 1, "the wheel over the timeline moves the selection");
    assert_eq!(app.focus, Pane::Details, "the wheel does not steal focus");
}

#[test]
fn tiny_and_zero_sizes_keep_a_valid_selection() {
    let sizes = [(0, 0), (1, 1), (10, 3), (MIN.width - 1, MIN.height - 1), (MIN.width, MIN.height), (200, 1)];
    for (w, h) in sizes {
        let mut app = app_at(w, h);
        assert_eq!(screen(&app).too_small(), w < MIN.width || h < MIN.height, "{w}x{h}");
        for a in [
            Action::Down,
            Action::PageDown,
            Action::Bottom,
            Action::Focus(Pane::Details),
            Action::Down,
            Action::Click { column: 0, row: 0 },
            Action::NextLink,
            Action::Activate,
            Action::Back,
        ] {
            assert_eq!(update(&mut app, a), None, "{w}x{h} {a:?}");
            assert!(app.current().is_some(), "{w}x{h} {a:?}: the selection stays a visible event");
            assert!(selection_on_screen(&app), "{w}x{h} {a:?}: the timeline keeps it in view");
        }
    }
}

#[test]
fn up_top_and_bottom_in_the_comparison() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::Focus(Pane::Compare), Action::Down, Action::Down]);
    assert_eq!(id(&app), "ms-2018-01-future-computed");
    run(&mut app, &[Action::Up]);
    assert_eq!(id(&app), "ms-2018-06-ice-contract-value");
    run(&mut app, &[Action::Bottom]);
    assert_eq!(id(&app), "ms-2026-02-18-no-mass-surveillance");
    run(&mut app, &[Action::Top]);
    assert_eq!(id(&app), "ms-2018-01-azure-government-ice-post");
}

#[test]
fn down_in_the_comparison_visits_each_row_in_turn() {
    let json = r#"{"format": "ethics-timeline/1", "title": "T",
      "companies": [{"id": "a", "name": "A"}],
      "sources": [{"id": "s", "publisher": "P", "title": "T", "url": "https://e.org", "published": "2020"}],
      "events": [
        {"id": "say1", "date": "2020-01-01", "company": "a", "kind": "statement", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"], "links": [{"to": "do1", "relation": "contradicts", "note": "n"}]},
        {"id": "ctx", "date": "2020-01-01", "company": "a", "kind": "activism", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"]},
        {"id": "do1", "date": "2020-01-01", "company": "a", "kind": "contract", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"]},
        {"id": "do2", "date": "2020-01-01", "company": "a", "kind": "contract", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"]},
        {"id": "say2", "date": "2020-01-02", "company": "a", "kind": "policy", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"]}
      ]}"#;
    let mut app = App::new(crate::testing::from_json(json));
    update(&mut app, Action::Resize { width: 160, height: 48 });
    update(&mut app, Action::Focus(Pane::Compare));
    let mut visited = vec![id(&app).to_string()];
    for _ in 0..6 {
        update(&mut app, Action::Down);
        visited.push(id(&app).to_string());
    }
    // Context is off: the contract linked to say1 sits beside it; do2 stands alone.
    assert_eq!(visited, ["say1", "do1", "do2", "say2", "say2", "say2", "say2"]);
    run(&mut app, &[Action::ToggleContext, Action::Top]);
    let mut visited = vec![id(&app).to_string()];
    for _ in 0..4 {
        update(&mut app, Action::Down);
        visited.push(id(&app).to_string());
    }
    assert_eq!(visited, ["say1", "do1", "ctx", "do2", "say2"], "x shows context in date order");
}

#[test]
fn the_comparison_keeps_its_company_when_the_selection_has_nothing_to_compare() {
    let mut app = App::new(crate::testing::small());
    update(&mut app, Action::Resize { width: 160, height: 48 });
    assert_eq!(app.data.companies[app.compare_company()].id, "microsoft");
    // Google's only event is a statement: Google has something to compare.
    let google = app.data.event_index("goog-2018-06-01-no-maven-follow-on").expect("event");
    select(&mut app, google);
    assert_eq!(app.data.companies[app.compare_company()].id, "google");
    // A company with nothing but context keeps the last one.
    let microsoft = app.data.company_index("microsoft").expect("company");
    let letter = (0..app.event_count())
        .find(|&e| {
            app.data.comparison_side(e) == crate::data::Side::Context
                && app.data.events[e].company == microsoft
        })
        .expect("a context event");
    select(&mut app, letter);
    assert_eq!(app.compare_company(), microsoft);
}

#[test]
fn in_the_comparison_the_chosen_link_is_the_nearest_contract() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::Focus(Pane::Compare)]);
    let link = app.current_link().expect("a link");
    assert_eq!(app.data.events[link.event].kind, crate::data::Kind::Contract);
    assert_eq!(app.data.events[link.event].id, "ms-2018-06-ice-contract-value");
}

#[test]
fn order_pairs_only_and_zoom() {
    let mut app = app_at(160, 48);
    run(&mut app, &[Action::Focus(Pane::Compare)]);
    let rows = |app: &App| app.compare_table().rows.len();
    let all = rows(&app);
    run(&mut app, &[Action::TogglePairsOnly]);
    assert!(rows(&app) < all);
    assert!(app.compare_table().rows.iter().all(|r| r.did.is_some()), "only lines with a contract");
    run(&mut app, &[Action::TogglePairsOnly, Action::CycleOrder]);
    assert_eq!(app.pair_view.order, crate::app::PairOrder::Gap);
    let gaps: Vec<i64> = app
        .compare_table()
        .rows
        .iter()
        .filter(|r| r.said.is_some())
        .filter_map(|r| r.gap(&app.data))
        .map(|g| g.months.abs())
        .collect();
    assert!(gaps.first() >= gaps.last(), "largest gap first: {gaps:?}");
    run(&mut app, &[Action::CycleOrder, Action::CycleOrder]);
    assert_eq!(app.pair_view.order, crate::app::PairOrder::Date);
    run(&mut app, &[Action::Zoom]);
    let s = screen(&app);
    assert_eq!((s.compare.map(|r| r.height), s.timeline, s.details), (Some(47), None, None));
    run(&mut app, &[Action::Escape]);
    assert!(!app.zoom && screen(&app).timeline.is_some(), "Esc gives the screen back");
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::PromptInput(c));
    }
}

fn match_ids(app: &App) -> Vec<String> {
    app.search
        .as_ref()
        .map_or(Vec::new(), |s| s.matches.iter().map(|&e| app.data.events[e].id.to_string()).collect())
}

#[test]
fn search_is_incremental_and_esc_restores_the_selection() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Down]);
    let origin = app.selected;
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "i");
    assert!(app.search.as_ref().is_some_and(|s| s.matches.len() > 5), "one letter matches widely");
    type_text(&mut app, "vas");
    assert_eq!(match_ids(&app), ["ms-2018-11-20-ivas-award", "ms-2021-03-31-ivas-production"]);
    assert_eq!(id(&app), "ms-2018-11-20-ivas-award", "the first match after the start is selected");
    run(&mut app, &[Action::PromptCancel]);
    assert_eq!(app.selected, origin);
    assert!(app.search.is_none() && app.mode == Mode::Explore);
}

#[test]
fn matches_come_in_display_order_from_where_the_search_started() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Bottom, Action::OpenSearch]);
    type_text(&mut app, "microsoft");
    let ids = match_ids(&app);
    let positions: Vec<usize> = ids.iter().map(|i| app.data.event_index(i).unwrap_or(usize::MAX)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "display order: {ids:?}");
    // Started at the last event, which matches, so it stays selected.
    assert_eq!(id(&app), "ms-2026-02-18-no-mass-surveillance");
    let s = app.search.as_ref().expect("search");
    assert_eq!(s.current, Some(s.matches.len() - 1));
}

#[test]
fn n_and_shift_n_cycle_through_matches_and_wrap() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "ivas");
    run(&mut app, &[Action::PromptSubmit]);
    assert!(app.mode == Mode::Explore && app.search.is_some(), "Enter keeps the search");
    run(&mut app, &[Action::NextMatch]);
    assert_eq!(id(&app), "ms-2021-03-31-ivas-production");
    run(&mut app, &[Action::NextMatch]);
    assert_eq!(id(&app), "ms-2018-11-20-ivas-award", "wraps to the first");
    run(&mut app, &[Action::PrevMatch]);
    assert_eq!(id(&app), "ms-2021-03-31-ivas-production", "and back to the last");
    assert_eq!(run(&mut app, &[Action::Escape]), None, "Esc clears the search before it quits");
    assert!(app.search.is_none());
}

#[test]
fn smart_case_search() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "ice");
    let lower = match_ids(&app).len();
    run(&mut app, &[Action::PromptClear]);
    type_text(&mut app, "ICE");
    let upper = match_ids(&app).len();
    assert!(
        upper > 0 && upper < lower,
        "ICE ({upper}) is stricter than ice ({lower}), which also finds 'police', 'device'…"
    );
}

#[test]
fn a_filter_hides_events_and_moves_a_hidden_selection_to_the_nearest() {
    let mut app = app_at(120, 40);
    assert_eq!(id(&app), "ms-2018-01-azure-government-ice-post");
    run(&mut app, &[Action::ToggleKind(crate::data::Kind::Statement)]);
    assert_eq!(id(&app), "ms-2018-03-aether-committee", "the next visible event");
    assert!(app.tables.visible.iter().all(|&e| app.data.events[e].kind != crate::data::Kind::Statement));
    let statements = app.data.events.iter().filter(|e| e.kind == crate::data::Kind::Statement).count();
    assert_eq!(app.hidden_count(), statements);
    run(&mut app, &[Action::ToggleKind(crate::data::Kind::Statement)]);
    assert_eq!(app.hidden_count(), 0);
    run(&mut app, &[Action::ToggleEvidence]);
    assert!(
        app.tables.visible.iter().all(|&e| app.data.events[e].evidence >= crate::data::Evidence::Reported)
    );
    run(&mut app, &[Action::ClearFilters]);
    assert!(app.filter.is_empty());
}

#[test]
fn the_filter_line_applies_live_refuses_bad_input_and_esc_restores() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenFilter]);
    type_text(&mut app, "kind:contract");
    assert_eq!(app.mode.prompt().and_then(|p| p.preview), Some(3), "the line says what Enter would show");
    assert_eq!(app.tables.visible.len(), app.event_count(), "nothing changes before Enter");
    run(&mut app, &[Action::PromptSubmit]);
    assert_eq!(app.tables.visible.len(), 3);
    run(&mut app, &[Action::OpenFilter]);
    assert_eq!(
        app.mode.prompt().map(|p| p.input.as_str()),
        Some("kind:contract"),
        "the line starts with the filter"
    );
    type_text(&mut app, " year:20x");
    let error = app.mode.prompt().and_then(|p| p.error.clone()).expect("an error is shown");
    assert!(error.contains("is not a year"), "{error}");
    run(&mut app, &[Action::PromptSubmit]);
    assert!(app.mode.prompt().is_some(), "Enter does not accept a bad filter");
    run(&mut app, &[Action::PromptCancel]);
    assert_eq!(app.tables.visible.len(), 3, "Esc keeps the filter as it was");
}

#[test]
fn nothing_visible_is_safe_everywhere() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenFilter]);
    type_text(&mut app, "zzzzzz");
    assert_eq!(app.mode.prompt().and_then(|p| p.preview), Some(0));
    run(&mut app, &[Action::PromptSubmit]);
    assert!(app.tables.visible.is_empty() && app.current().is_none());
    for a in [
        Action::Down,
        Action::Bottom,
        Action::NextYear,
        Action::Focus(Pane::Compare),
        Action::Down,
        Action::NextLink,
        Action::Activate,
        Action::Back,
        Action::NextMatch,
        Action::Click { column: 3, row: 5 },
    ] {
        assert_eq!(update(&mut app, a), None, "{a:?}");
        assert!(app.current().is_none() && app.related().is_empty(), "{a:?}: nothing to select");
        assert_eq!((app.timeline_offset, app.compare_offset, app.details_scroll), (0, 0, 0), "{a:?}");
    }
    run(&mut app, &[Action::ClearFilters]);
    assert!(app.current().is_some());
}

#[test]
fn the_company_picker_toggles_companies() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenCompanies]);
    assert_eq!(app.mode, Mode::Companies(Picker { cursor: 0 }), "starts on the shown company");
    run(&mut app, &[Action::Down, Action::PickerToggle]);
    assert_eq!(app.tables.visible.len(), 1, "only Google");
    assert_eq!(id(&app), "goog-2018-06-01-no-maven-follow-on");
    run(&mut app, &[Action::Up, Action::PickerToggle]);
    assert_eq!(app.tables.visible.len(), app.event_count(), "both ticked: everything");
    assert_eq!(run(&mut app, &[Action::Close]), None, "q closes the picker, not the app");
    assert_eq!(app.mode, Mode::Explore);
}

#[test]
fn search_only_finds_what_the_filter_shows() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenFilter]);
    type_text(&mut app, "company:microsoft");
    run(&mut app, &[Action::PromptSubmit, Action::OpenSearch]);
    assert_eq!(app.tables.visible.len(), app.event_count() - 1);
    type_text(&mut app, "maven");
    assert!(match_ids(&app).is_empty(), "the Google event is filtered out");
}

#[test]
fn clicking_the_ruler_jumps_to_a_year() {
    let mut app = app_at(120, 40);
    let r = screen(&app).ruler.expect("ruler on screen");
    let buckets = Buckets::new(&app.tables.ruler, usize::from(r.width)).expect("buckets");
    assert_eq!(buckets.per, 1, "one year per bucket at this width");
    // 2021 is the fourth year from 2018.
    let column = r.x + u16::try_from(buckets.cells * 3 + 1).expect("fits");
    run(&mut app, &[Action::Click { column, row: r.y }]);
    assert_eq!(app.data.events[app.selected].date.year(), 2021);
    run(&mut app, &[Action::ToggleRuler]);
    assert!(screen(&app).ruler.is_none());
}

#[test]
fn the_company_picker_works_with_the_mouse() {
    let mut app = app_at(80, 24);
    run(&mut app, &[Action::OpenCompanies]);
    let boxed = overlay::companies(&app, screen(&app).area);
    // The second line inside the box is Google.
    let first = overlay::companies_first_row(boxed);
    run(&mut app, &[Action::Click { column: inner(boxed).x + 3, row: first + 1 }]);
    assert_eq!(app.filter.companies, [1]);
    run(&mut app, &[Action::Click { column: 0, row: 0 }]);
    assert_eq!(app.mode, Mode::Explore, "a click outside closes it");
}

#[test]
fn presenting_steps_through_visible_events_and_esc_returns_there() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Present]);
    assert_eq!(app.mode, Mode::Present(Present::default()));
    assert_eq!(input_mode(&app), InputMode::Present);
    assert_eq!(app.position(), (1, app.tables.visible.len()));
    // Outside a tour too, a statement's linked contract is revealed before moving on.
    run(&mut app, &[Action::NextSlide]);
    assert_eq!(
        (app.position().0, app.mode.clone()),
        (1, Mode::Present(Present { revealed: 1, ..Present::default() }))
    );
    run(&mut app, &[Action::NextSlide, Action::NextSlide]);
    assert_eq!(app.position().0, 3);
    assert_eq!(id(&app), "ms-2018-03-aether-committee");
    run(&mut app, &[Action::PrevSlide, Action::Bottom]);
    assert_eq!(app.position().0, app.tables.visible.len());
    run(&mut app, &[Action::Present]);
    assert_eq!(app.mode, Mode::Explore);
    assert_eq!(app.selected, app.event_count() - 1, "exploring resumes at the presented event");
}

#[test]
fn a_tour_reveals_the_linked_contract_before_moving_on() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenTours, Action::PickerToggle]);
    let tour = app.tour.expect("a tour runs");
    assert_eq!((tour.tour, tour.step), (0, 0));
    assert_eq!(id(&app), "ms-2018-01-azure-government-ice-post");
    // The tour opens on its card; Space goes to step 1.
    assert_eq!(
        app.mode,
        Mode::Present(Present { card: Some(crate::app::Card::Opening), ..Present::default() })
    );
    run(&mut app, &[Action::PrevSlide]);
    assert!(matches!(app.mode, Mode::Present(p) if p.card.is_some()), "nothing before the opening card");
    run(&mut app, &[Action::NextSlide]);
    assert_eq!(app.mode, Mode::Present(Present::default()));
    // Step 1 is the post the ICE contract follows from: the first Space reveals the contract.
    run(&mut app, &[Action::NextSlide]);
    assert_eq!(id(&app), "ms-2018-01-azure-government-ice-post");
    assert_eq!(app.mode, Mode::Present(Present { revealed: 1, ..Present::default() }));
    run(&mut app, &[Action::NextSlide]);
    assert_eq!(id(&app), "ms-2018-06-18-dismayed-statement");
    // Back and forth resets the reveal.
    run(&mut app, &[Action::PrevSlide, Action::NextSlide]);
    assert_eq!(
        app.mode,
        Mode::Present(Present { revealed: 1, ..Present::default() }),
        "back on step 1, revealed again"
    );
    run(&mut app, &[Action::NextSlide]);
    // The statement is linked to the ICE contract: the first Space reveals it, the second moves.
    assert!(!app.reveal_targets(app.selected).is_empty());
    run(&mut app, &[Action::NextSlide]);
    assert_eq!(app.mode, Mode::Present(Present { revealed: 1, ..Present::default() }));
    assert_eq!(id(&app), "ms-2018-06-18-dismayed-statement");
    run(&mut app, &[Action::NextSlide]);
    assert_eq!(id(&app), "ms-2018-06-ice-contract-value");
    assert_eq!(app.mode, Mode::Present(Present { revealed: 0, ..Present::default() }));
    // Events outside the tour are dimmed while it runs; Esc leaves presenting, Esc again ends it.
    assert!(!app.in_tour(app.data.event_index("ms-2018-03-aether-committee").expect("event")));
    run(&mut app, &[Action::Escape]);
    assert!(app.mode == Mode::Explore && app.tour.is_some());
    assert_eq!(run(&mut app, &[Action::Escape]), None, "the second Esc ends the tour, it does not quit");
    assert!(app.tour.is_none());
}

#[test]
fn a_tour_clears_a_filter_that_hides_its_steps() {
    let mut app = app_at(120, 40);
    run(
        &mut app,
        &[Action::ToggleKind(crate::data::Kind::Statement), Action::OpenTours, Action::PickerToggle],
    );
    assert!(app.filter.is_empty(), "the tour's statements are shown again");
    let tour = &app.data.tours[app.tour.expect("a tour runs").tour];
    assert!(tour.steps.iter().all(|s| app.is_visible(s.event)), "every step is on screen");
}

#[test]
fn notes_toggle_and_the_help_returns_to_the_slide() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenTours, Action::PickerToggle, Action::ToggleNotes]);
    assert!(app.notes);
    run(&mut app, &[Action::ToggleNotes]);
    assert!(!app.notes);
    run(&mut app, &[Action::NextSlide, Action::NextSlide, Action::ToggleHelp]);
    let slide = Present { revealed: 1, ..Present::default() };
    assert_eq!(app.mode, Mode::Help { scroll: 0, over: Some(slide) });
    assert_eq!(input_mode(&app), InputMode::Normal, "the help takes the main keys");
    run(&mut app, &[Action::Close]);
    assert_eq!(app.mode, Mode::Present(slide), "closing help returns to the same slide");
}

#[test]
fn backspace_and_typing_on_give_what_a_fresh_search_gives() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "microsoft ice");
    for _ in 0..9 {
        run(&mut app, &[Action::PromptBackspace]);
        let input = app.mode.prompt().map(|p| p.input.clone()).unwrap_or_default();
        let fresh = app.index.search(&app.data, &crate::search::Query::new(&input));
        assert_eq!(app.search.as_ref().map(|s| s.matches.clone()), Some(fresh), "after Backspace: {input:?}");
    }
    // Four letters are left ("micr"); typing on narrows from the cached matches.
    type_text(&mut app, "oso");
    assert_eq!(app.mode.prompt().map(|p| p.input.as_str()), Some("microso"));
    let fresh = app.index.search(&app.data, &crate::search::Query::new("microso"));
    assert!(!fresh.is_empty());
    assert_eq!(app.search.as_ref().map(|s| s.matches.clone()), Some(fresh));
}

/// A generated dataset of three search batches and a bit, the selection in the middle.
fn big_app() -> App {
    let n = 3 * find::SEARCH_BATCH + 100;
    let mut app = App::new(crate::testing::generated(n, 5));
    update(&mut app, Action::Resize { width: 120, height: 40 });
    select(&mut app, n / 2);
    app
}

fn finish_search(app: &mut App) -> usize {
    let mut steps = 0;
    while app.busy() {
        run(app, &[Action::SearchStep]);
        steps += 1;
        assert!(steps < 100, "the search never finishes");
    }
    steps
}

#[test]
fn a_big_search_is_counted_in_steps_and_ends_where_a_full_scan_does() {
    let mut app = big_app();
    let origin = app.selected;
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "wat");
    // One keystroke checked one batch; the rest comes in steps between keys.
    assert!(app.busy());
    assert!(app.match_counter().is_some_and(|c| c.ends_with('…')));
    let steps = finish_search(&mut app);
    assert!(steps >= 2, "{steps} steps");
    let fresh = app.index.search(&app.data, &crate::search::Query::new("wat"));
    let s = app.search.as_ref().expect("search");
    assert_eq!(s.matches, fresh);
    // Incremental: the first match at or after where the search started.
    let first_after = fresh.iter().copied().find(|&e| e >= origin);
    assert_eq!(Some(app.selected), first_after);
    assert_eq!(s.current.map(|c| s.matches[c]), first_after);
    assert!(app.match_counter().is_some_and(|c| c.starts_with("match ") && !c.ends_with('…')));
    // Backspace finds the shorter query's matches... counted afresh, as none were cached.
    run(&mut app, &[Action::PromptBackspace]);
    finish_search(&mut app);
    let wa = app.search.as_ref().map(|s| s.matches.clone());
    assert_eq!(wa, Some(app.index.search(&app.data, &crate::search::Query::new("wa"))));
    // ...and typing the letter again narrows the cached matches of "wa": the same answer.
    type_text(&mut app, "t");
    finish_search(&mut app);
    assert_eq!(app.search.as_ref().map(|s| s.matches.clone()), Some(fresh));
}

#[test]
fn esc_stops_an_unfinished_search_and_enter_lets_it_finish() {
    let mut app = big_app();
    let origin = app.selected;
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "zürich");
    assert!(app.busy());
    run(&mut app, &[Action::PromptCancel]);
    assert!(!app.busy() && app.search.is_none());
    assert_eq!(app.selected, origin);

    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "zürich");
    run(&mut app, &[Action::PromptSubmit]);
    assert!(app.mode == Mode::Explore && app.busy(), "Enter keeps the search, still counting");
    finish_search(&mut app);
    let s = app.search.as_ref().expect("kept");
    assert!(s.current.is_some_and(|c| s.matches[c] == app.selected), "the selection is a match");
}

#[test]
fn invisible_and_control_characters_are_not_typed_into_the_line() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenSearch]);
    type_text(&mut app, "i\u{FE0F}c\u{202E}e\u{1b}");
    assert_eq!(app.mode.prompt().map(|p| p.input.as_str()), Some("ice"));
}

#[test]
fn the_theme_key_says_which_theme_it_chose_and_the_message_lasts_one_key() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::CycleTheme]);
    assert_eq!(app.theme.id, crate::theme::ThemeId::Light);
    assert_eq!(app.message.as_deref(), Some("theme: light (T for the next)"));
    run(&mut app, &[Action::Down]);
    assert_eq!(app.message, None);
    run(&mut app, &[Action::Escape]);
    assert_eq!(app.message.as_deref(), Some("nothing to back out of · q quits"));
}

#[test]
fn each_space_reveals_one_more_contract() {
    let mut app = app_at(120, 40);
    let statement = app.data.event_index("ms-2018-10-26-technology-and-the-us-military").expect("event");
    select(&mut app, statement);
    let n = app.reveal_targets(statement).len();
    assert!(n >= 2, "the statement has several linked contracts");
    run(&mut app, &[Action::Present]);
    for k in 1..=n {
        run(&mut app, &[Action::NextSlide]);
        assert_eq!(app.mode, Mode::Present(Present { revealed: k, ..Present::default() }), "Space {k}");
        assert_eq!(app.selected, statement);
    }
    run(&mut app, &[Action::NextSlide]);
    assert_ne!(app.selected, statement, "after the last contract, the next slide");
    assert_eq!(app.mode, Mode::Present(Present { revealed: 0, ..Present::default() }));
}

#[test]
fn a_tour_ends_on_its_questions_and_a_number_jumps_to_a_step() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::OpenTours, Action::PickerToggle]);
    let steps = app.data.tours[0].steps.len();
    // 3 Enter: step 3.
    run(&mut app, &[Action::Digit(3)]);
    assert!(matches!(app.mode, Mode::Present(p) if p.jump == Some(3)));
    run(&mut app, &[Action::Activate]);
    assert_eq!(app.tour.map(|t| t.step), Some(2));
    assert_eq!(app.mode, Mode::Present(Present::default()));
    // `:5` and Enter, as in vim.
    run(&mut app, &[Action::Digit(10), Action::Digit(4), Action::Activate]);
    assert_eq!(app.tour.map(|t| t.step), Some(3));
    // A digit then another key forgets the number.
    run(&mut app, &[Action::Digit(1), Action::ToggleNotes]);
    assert!(matches!(app.mode, Mode::Present(p) if p.jump.is_none()));
    // Through to the end: the closing card, which Space does not leave.
    for _ in 0..40 {
        run(&mut app, &[Action::NextSlide]);
    }
    assert_eq!(app.tour.map(|t| t.step), Some(steps - 1));
    let closing = Mode::Present(Present { card: Some(crate::app::Card::Closing), ..Present::default() });
    assert_eq!(app.mode, closing);
    run(&mut app, &[Action::PrevSlide]);
    assert!(matches!(app.mode, Mode::Present(p) if p.card.is_none()), "back to the last step");
}

#[test]
fn the_frame_keeps_the_time_since_the_talk_began() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Tick { seconds: 10 }]);
    assert_eq!(app.elapsed(), None, "not presenting yet");
    run(&mut app, &[Action::OpenTours, Action::PickerToggle, Action::Tick { seconds: 75 }]);
    assert_eq!(app.elapsed().as_deref(), Some("01:05"));
    run(&mut app, &[Action::Tick { seconds: 3_700 }]);
    assert_eq!(app.elapsed().as_deref(), Some("1:01:30"));
}

#[test]
fn e_expands_a_slide_and_gives_the_reveal_back() {
    let mut app = app_at(120, 40);
    run(&mut app, &[Action::Present, Action::NextSlide, Action::ToggleExpand]);
    assert_eq!(app.mode, Mode::Present(Present { revealed: 1, expanded: true, ..Present::default() }));
    run(&mut app, &[Action::ToggleExpand]);
    assert_eq!(
        app.mode,
        Mode::Present(Present { revealed: 1, ..Present::default() }),
        "the reveal is where it was"
    );
}
