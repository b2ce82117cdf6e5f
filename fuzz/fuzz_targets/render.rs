//! Any bytes that load, drawn at small sizes and after a few moves: never a panic, never a
//! cell outside the screen.

#![no_main]

use ethics_timeline::action::Action;
use ethics_timeline::app::{App, Pane};
use ethics_timeline::data::load_bytes;
use ethics_timeline::ui;
use ethics_timeline::update::update;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| ui::render(f, app)).expect("draw");
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(loaded) = load_bytes("fuzz.json", bytes) else { return };
    let mut app = App::new(loaded.dataset);
    let steps: [(u16, u16, &[Action]); 4] = [
        (50, 12, &[]),
        (80, 24, &[Action::Down, Action::Focus(Pane::Details), Action::NextLink]),
        (130, 40, &[Action::Focus(Pane::Compare), Action::Down, Action::NextLink, Action::Bottom]),
        (80, 24, &[Action::ToggleHelp]),
    ];
    for (width, height, actions) in steps {
        update(&mut app, Action::Resize { width, height });
        for &a in actions {
            update(&mut app, a);
        }
        draw(&app, width, height);
    }
});
