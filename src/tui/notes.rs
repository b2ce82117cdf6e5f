//! `ethics-timeline notes`: the listener's terminal. It connects to the presenter's socket
//! (see [`super::publish`]), keeps the latest position it was told, and draws the notes
//! screen. Lines it cannot read, or that name ids this dataset does not have, are ignored; a
//! presenter that goes away is waited for again.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use color_eyre::Result;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::data::Dataset;
use crate::theme::Theme;
use crate::ui::notes::{Follow, NotesView};

/// Runs the notes screen until q or Ctrl-C.
pub fn run(data: &Dataset, theme: Theme) -> Result<()> {
    let positions = listen(data.clone());
    let mut terminal = ratatui::try_init()?;
    let started = Instant::now();
    let mut follow = None;
    let result = (|| -> Result<()> {
        loop {
            while let Ok(f) = positions.try_recv() {
                follow = Some(f);
            }
            let seconds = started.elapsed().as_secs();
            terminal.draw(|frame| {
                frame.render_widget(NotesView { data, follow, seconds, theme }, frame.area());
            })?;
            if event::poll(Duration::from_millis(50))?
                && let Event::Key(k) = event::read()?
                && k.kind == KeyEventKind::Press
                && (k.code == KeyCode::Char('q')
                    || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL)))
            {
                return Ok(());
            }
        }
    })();
    let _ = ratatui::try_restore();
    result
}

/// Follows the presenter on a thread: connects (again and again while there is none), and
/// sends each position it reads.
fn listen(data: Dataset) -> Receiver<Follow> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        loop {
            if let Ok(stream) = UnixStream::connect(super::publish::socket_path()) {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if let Some(f) = parse(&data, &line)
                        && tx.send(f).is_err()
                    {
                        return;
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    rx
}

/// One line of the channel, checked against the dataset.
fn parse(data: &Dataset, line: &str) -> Option<Follow> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let event = data.event_index(v.get("event")?.as_str()?)?;
    let tour =
        v.get("tour").and_then(|t| t.as_str()).and_then(|id| data.tours.iter().position(|t| t.id == id));
    let step = v.get("step").and_then(serde_json::Value::as_u64).and_then(|s| usize::try_from(s).ok());
    Some(Follow { event, tour, step })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_and_malformed_lines_are_ignored() {
        let data = crate::testing::small();
        let id = data.events[0].id.to_string();
        assert!(parse(&data, &format!("{{\"event\": \"{id}\", \"tour\": null, \"step\": null}}")).is_some());
        for bad in ["", "not json", "{\"event\": 7}", "{\"event\": \"no-such-id\"}", "[1, 2]", "\u{1b}[2J"] {
            assert_eq!(parse(&data, bad), None, "{bad:?}");
        }
    }
}
