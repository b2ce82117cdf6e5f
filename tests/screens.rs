//! Whole-screen snapshots through ratatui's TestBackend, on the fixed fixture dataset.
//! Review changes with `cargo insta review`.

mod common;

use common::app;
use ethics_timeline::action::Action;
use ethics_timeline::app::{Pane, Row};
use ethics_timeline::ui;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(width: u16, height: u16, actions: &[Action]) -> Terminal<TestBackend> {
    let app = app(width, height, actions);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| ui::render(f, &app)).expect("draw");
    terminal
}

#[test]
fn compact_80x24() {
    assert_snapshot!(screen(80, 24, &[]).backend());
}

#[test]
fn compact_80x24_comparison() {
    let down = [Action::Down; 3];
    let mut actions = down.to_vec();
    actions.push(Action::Focus(Pane::Compare));
    assert_snapshot!(screen(80, 24, &actions).backend());
}

/// The statement most contracts answer, selected in the comparison, at a size a laptop on a
/// projector has.
fn at_the_military_statement() -> Vec<Action> {
    // Down through the comparison's reading order to the statement.
    let mut actions = vec![Action::Focus(Pane::Compare)];
    actions.extend([Action::Down; 8]);
    actions
}

#[test]
fn comparison_120x36_a_statement_and_the_contracts_that_followed() {
    let t = screen(120, 36, &at_the_military_statement());
    let text = format!("{}", t.backend());
    assert!(text.contains("▶S 2018-10-26"), "the statement is selected:\n{text}");
    assert!(text.contains("25 days later") && text.contains("2 years 5 months later"), "{text}");
    assert_snapshot!(t.backend());
}

#[test]
fn comparison_80x24_zoomed() {
    let mut actions = at_the_military_statement();
    actions.push(Action::Zoom);
    assert_snapshot!(screen(80, 24, &actions).backend());
}

#[test]
fn comparison_160x48_by_gap_pairs_only() {
    let actions = [Action::Focus(Pane::Compare), Action::CycleOrder, Action::TogglePairsOnly];
    assert_snapshot!(screen(160, 48, &actions).backend());
}

#[test]
fn wide_160x48_with_a_linked_contract() {
    assert_snapshot!(screen(160, 48, &[Action::Down, Action::Down, Action::Down]).backend());
}

#[test]
fn wide_120x32_details_scrolled_to_the_related_events() {
    let actions = [Action::Down, Action::Down, Action::Down, Action::Focus(Pane::Details), Action::NextLink];
    assert_snapshot!(screen(120, 32, &actions).backend());
}

/// At 80x24, the details focused and scrolled to a source whose address is longer than three
/// of the pane's lines: it starts at the pane's edge, is cut there with no indent, and the third
/// line ends in `…`.
#[test]
fn compact_80x24_details_at_a_long_source_address() {
    use ethics_timeline::geometry::details;
    let mut actions = vec![Action::Down, Action::Down, Action::Down, Action::Focus(Pane::Details)];
    let at = app(80, 24, &actions);
    let area = details::area(&ethics_timeline::geometry::screen(&at)).expect("details at 80x24");
    let doc = details::document(&at, area.width);
    let first = doc.iter().position(|l| l.url.is_some()).expect("an address");
    // The publisher on the pane's first row, then the title, then the address.
    actions.extend(std::iter::repeat_n(Action::Down, first - 5));
    let t = screen(80, 24, &actions);
    let text = format!("{}", t.backend());
    assert!(text.contains("┃https://businessinsider.in/read-the-memo-m┃"), "{text}");
    assert!(text.contains("┃es-about-the-companys-work-for-ice-and-tr…┃"), "{text}");
    assert_snapshot!(t.backend());
}

#[test]
fn help_overlay_80x24() {
    assert_snapshot!(screen(80, 24, &[Action::ToggleHelp]).backend());
}

#[test]
fn help_overlay_160x48() {
    assert_snapshot!(screen(160, 48, &[Action::ToggleHelp]).backend());
}

#[test]
fn too_small_40x10() {
    assert_snapshot!(screen(40, 10, &[]).backend());
}

/// At every size, and on both sides of each size the layout changes at, the screen's panes
/// lie inside the terminal without overlapping, and each one that the geometry places is drawn
/// with its border; below the minimum, the screen says so.
#[test]
fn every_size_down_to_1x1_draws_its_panes_within_bounds() {
    use ethics_timeline::geometry::{MIN, RULER_MIN_HEIGHT, Screen, Size, WIDE};
    let around = |n: u16| [n.saturating_sub(1), n];
    let widths = (1..=130).step_by(7).chain(around(MIN.width)).chain(around(WIDE.width));
    let heights: Vec<u16> = (1..=40)
        .step_by(3)
        .chain(around(MIN.height))
        .chain(around(WIDE.height))
        .chain(around(RULER_MIN_HEIGHT))
        .collect();
    for w in widths {
        for &h in &heights {
            for actions in [
                &[][..],
                &[Action::ToggleHelp],
                &[Action::Focus(Pane::Compare)],
                &[Action::Focus(Pane::Details), Action::Bottom],
            ] {
                let t = screen(w, h, actions);
                let buf = t.backend().buffer();
                let focus = if actions.contains(&Action::Focus(Pane::Compare)) {
                    Pane::Compare
                } else {
                    Pane::Timeline
                };
                let layout = Screen::new(Size::new(w, h), focus, true, false);
                if layout.too_small() {
                    let first: String = (0..w).map(|x| buf[(x, 0)].symbol().to_string()).collect();
                    assert!(w < 9 || first.starts_with("Terminal"), "{w}x{h}: {first:?}");
                    continue;
                }
                let rects: Vec<_> =
                    [layout.ruler, layout.timeline, layout.details, layout.compare, layout.status]
                        .into_iter()
                        .flatten()
                        .collect();
                for (i, r) in rects.iter().enumerate() {
                    assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?} leaves the screen");
                    assert!(rects[i + 1..].iter().all(|o| !o.intersects(*r)), "{w}x{h}: {r:?} overlaps");
                }
                if actions.is_empty() {
                    for r in [layout.timeline, layout.details, layout.compare].into_iter().flatten() {
                        let corner = buf[(r.x, r.y)].symbol();
                        assert!(["┌", "┏"].contains(&corner), "{w}x{h}: no border at {r:?}: {corner:?}");
                    }
                }
            }
        }
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::PromptInput).collect()
}

/// The ruler alone, as text, at one width.
fn ruler(width: u16, filter: &str) -> String {
    let mut actions = vec![Action::OpenFilter];
    actions.extend(typed(filter));
    actions.push(Action::PromptSubmit);
    let app = app(width.max(50), 40, &actions);
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, width, 2));
    ratatui::widgets::Widget::render(
        ethics_timeline::ui::ruler::RulerView { app: &app, theme: ethics_timeline::theme::Theme::default() },
        buf.area,
        &mut buf,
    );
    (0..2).map(|y| (0..width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
}

#[test]
fn ruler_at_several_widths_and_filters() {
    let mut out = String::new();
    for w in [9, 20, 40, 80, 160] {
        out.push_str(&format!("width {w}, no filter:\n{}", ruler(w, "")));
    }
    out.push_str(&format!("width 80, kind:contract:\n{}", ruler(80, "kind:contract")));
    out.push_str(&format!("width 80, year:2018 (months):\n{}", ruler(80, "year:2018")));
    out.push_str(&format!("width 40, year:2018 (months):\n{}", ruler(40, "year:2018")));
    assert_snapshot!(out);
}

#[test]
fn search_in_progress_80x24() {
    let mut actions = vec![Action::OpenSearch];
    actions.extend(typed("maven"));
    assert_snapshot!(screen(80, 24, &actions).backend());
}

#[test]
fn filtered_120x32_with_the_filter_line_open() {
    let mut actions = vec![Action::OpenFilter];
    actions.extend(typed("kind:contract,policy"));
    actions.push(Action::PromptSubmit);
    actions.push(Action::OpenFilter);
    actions.extend(typed(" year:20x"));
    assert_snapshot!(screen(120, 32, &actions).backend());
}

#[test]
fn company_picker_80x24() {
    assert_snapshot!(screen(80, 24, &[Action::OpenCompanies, Action::Down, Action::PickerToggle]).backend());
}

#[test]
fn nothing_matches_80x24() {
    let mut actions = vec![Action::OpenFilter];
    actions.extend(typed("zzz"));
    actions.push(Action::PromptSubmit);
    assert_snapshot!(screen(80, 24, &actions).backend());
}

/// Every theme, in every colour mode: kinds are told apart by their letter alone, NO_COLOR
/// leaves no colour anywhere but keeps the selection, painted themes paint every cell.
#[test]
fn every_theme_marks_kinds_by_letter_and_keeps_the_selection_without_colour() {
    use ethics_timeline::geometry::{Screen, Size, inner};
    use ethics_timeline::theme::{ColorMode, Theme, ThemeId};
    use ratatui::style::{Color, Modifier};
    let (w, h) = (120, 40);
    let list = inner(Screen::new(Size::new(w, h), Pane::Timeline, true, false).timeline.expect("timeline"));
    for id in ThemeId::ALL {
        for mode in [ColorMode::None, ColorMode::Basic, ColorMode::TrueColor] {
            let mut app = app(w, h, &[]);
            app.theme = Theme::new(id, mode);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
            terminal.draw(|f| ui::render(f, &app)).expect("draw");
            let buf = terminal.backend().buffer();
            let row_text =
                |y: u16| (list.x..list.right()).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>();
            // Each timeline row on screen carries its event's kind letter after the date column.
            // The events whose rows are on screen (year headings take rows too).
            let rows = app.tables.rows.iter().skip(app.timeline_offset).take(usize::from(list.height));
            let shown: Vec<usize> =
                rows.filter_map(|r| if let Row::Event(e) = r { Some(*e) } else { None }).collect();
            let kinds: std::collections::HashSet<_> =
                shown.iter().map(|&e| app.data.events[e].kind).collect();
            assert!(kinds.len() >= 4, "the first screen shows several kinds: {kinds:?}");
            for (i, e) in shown.iter().map(|&e| &app.data.events[e]).enumerate() {
                let y = (list.y..list.bottom())
                    .find(|&y| row_text(y).contains(&e.title[..16.min(e.title.len())]));
                let y = y.unwrap_or_else(|| panic!("{} not on screen in {}", e.id, id.name()));
                assert!(
                    row_text(y).contains(&format!(" {} ", e.kind.letter())),
                    "{} row {i} in {}",
                    e.id,
                    id.name()
                );
            }
            let cells = (0..h).flat_map(|y| (0..w).map(move |x| (x, y)));
            match mode {
                ColorMode::None => {
                    for (x, y) in cells {
                        let c = &buf[(x, y)];
                        assert!(
                            c.fg == Color::Reset && c.bg == Color::Reset,
                            "colour at {x},{y} in {}",
                            id.name()
                        );
                    }
                    let selected = (list.y..list.bottom())
                        .any(|y| buf[(list.x + 2, y)].modifier.contains(Modifier::REVERSED));
                    assert!(selected, "the selection is still visible in {}", id.name());
                }
                _ if Theme::new(id, mode).paints_background() => {
                    let bg = Theme::new(id, mode).base().bg.expect("a painted background");
                    let painted = cells.filter(|&(x, y)| buf[(x, y)].bg == bg).count();
                    let all = usize::from(w) * usize::from(h);
                    assert!(painted > all * 9 / 10, "{} paints {painted} of {all} cells", id.name());
                }
                _ => {}
            }
        }
    }
}

#[test]
fn projector_theme_80x24() {
    use ethics_timeline::theme::{ColorMode, Theme, ThemeId};
    let mut app = app(80, 24, &[]);
    app.theme = Theme::new(ThemeId::Projector, ColorMode::Basic);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal.draw(|f| ui::render(f, &app)).expect("draw");
    // The Debug form of the buffer includes styles, so a colour change shows in review.
    assert_snapshot!(format!("{:?}", terminal.backend().buffer()));
}

#[test]
fn presenter_80x24_and_160x48_with_reveal_and_notes() {
    // The opening card; then step 1 reveals and moves on; step 2 (a statement linked to the
    // contract) before its reveal.
    let opening = [Action::OpenTours, Action::PickerToggle];
    assert_snapshot!("presenter_80x24_opening_card", screen(80, 24, &opening).backend());
    let tour =
        [Action::OpenTours, Action::PickerToggle, Action::NextSlide, Action::NextSlide, Action::NextSlide];
    assert_snapshot!("presenter_80x24_before_reveal", screen(80, 24, &tour).backend());
    let mut revealed = tour.to_vec();
    revealed.push(Action::NextSlide);
    revealed.push(Action::ToggleNotes);
    assert_snapshot!("presenter_160x48_revealed_with_notes", screen(160, 48, &revealed).backend());
    let mut closing = opening.to_vec();
    closing.extend([Action::NextSlide; 12]);
    assert_snapshot!("presenter_80x24_closing_card", screen(80, 24, &closing).backend());
}
