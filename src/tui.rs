//! The terminal side: set up, run the draw → event → update loop, restore. The only module that
//! talks to the terminal.

use std::io::{Stdout, stdout};

use color_eyre::Result;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind};
use crossterm::execute;
use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;

use crate::action::Action;
use crate::app::App;
use crate::{keymap, ui, update};

/// Runs the app until the user quits. The terminal is restored on return, on error and on
/// panic (ratatui's hook restores raw mode and the screen; ours also turns mouse reporting off,
/// which ratatui does not know we turned on).
pub fn run(mut app: App) -> Result<()> {
    let mut terminal = ratatui::try_init()?;
    install_mouse_hook();
    let result = execute!(stdout(), EnableMouseCapture)
        .map_err(Into::into)
        .and_then(|()| event_loop(&mut terminal, &mut app));
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::try_restore()?;
    result
}

fn install_mouse_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
}

fn event_loop(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &mut App) -> Result<()> {
    // crossterm starts listening for SIGWINCH when its event source is first used; start it
    // before the first frame so a resize right after start-up is not lost.
    event::poll(std::time::Duration::ZERO)?;
    let size = terminal.size()?;
    update::update(app, Action::Resize { width: size.width, height: size.height });
    while !app.should_quit {
        terminal.draw(|frame| ui::render(frame, app))?;
        // Apply everything already queued (a wheel burst, a held key) before drawing again.
        let mut next = Some(event::read()?);
        while let Some(ev) = next {
            if let Some(action) = action_for(&ev, app.input_mode()) {
                update::update(app, action);
            }
            next = if !app.should_quit && event::poll(std::time::Duration::ZERO)? {
                Some(event::read()?)
            } else {
                None
            };
        }
    }
    Ok(())
}

/// Terminal events to actions: keys through the keymap, mouse clicks and wheel by position.
pub fn action_for(ev: &Event, mode: keymap::Mode) -> Option<Action> {
    match ev {
        Event::Key(k) => keymap::resolve(mode, *k),
        Event::Resize(width, height) => Some(Action::Resize { width: *width, height: *height }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(event::MouseButton::Left) => {
                Some(Action::Click { column: m.column, row: m.row })
            }
            MouseEventKind::ScrollUp => Some(Action::ScrollUp { column: m.column, row: m.row }),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown { column: m.column, row: m.row }),
            _ => None,
        },
        _ => None,
    }
}
