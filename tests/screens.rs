//! Whole-screen snapshots through ratatui's TestBackend, on the fixed fixture dataset.
//! Review changes with `cargo insta review`.

use ethics_timeline::action::Action;
use ethics_timeline::app::{App, Pane};
use ethics_timeline::data::load_bytes;
use ethics_timeline::ui;
use ethics_timeline::update::update;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app(width: u16, height: u16, actions: &[Action]) -> App {
    let loaded = load_bytes("small.json", include_bytes!("fixtures/small.json")).expect("fixture loads");
    let mut app = App::new(loaded.dataset);
    update(&mut app, Action::Resize { width, height });
    for a in actions {
        update(&mut app, *a);
    }
    app
}

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

#[test]
fn wide_160x48_with_a_linked_contract() {
    assert_snapshot!(screen(160, 48, &[Action::Down, Action::Down, Action::Down]).backend());
}

#[test]
fn wide_120x32_details_scrolled_to_the_related_events() {
    let actions = [Action::Down, Action::Down, Action::Down, Action::Focus(Pane::Details), Action::NextLink];
    assert_snapshot!(screen(120, 32, &actions).backend());
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

#[test]
fn every_size_down_to_1x1_draws_without_panic_and_within_bounds() {
    for w in (0..=130).step_by(7).chain([1, 2, 49, 50, 119, 120]) {
        for h in (0..=40).step_by(3).chain([1, 2, 11, 12, 31, 32]) {
            for actions in [
                &[][..],
                &[Action::ToggleHelp],
                &[Action::Focus(Pane::Compare)],
                &[Action::Focus(Pane::Details), Action::Bottom],
            ] {
                let t = screen(w.max(1), h.max(1), actions);
                let area = t.backend().buffer().area;
                assert_eq!((area.width, area.height), (w.max(1), h.max(1)));
            }
        }
    }
}
