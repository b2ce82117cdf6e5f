//! OSC 8 hyperlinks on the web addresses the details pane shows, so that a click opens the
//! source (Ctrl- or Cmd-click in most terminals; Shift-click where the app's mouse reporting
//! would otherwise take the click).
//!
//! ratatui's buffer has no place for a link, and an escape sequence put into a cell's symbol
//! either shows as text or has to lie about the cell's width. So the frame is drawn as usual,
//! and then the cells of each visible address are written again: the same characters in the
//! same styles, through the backend's own `draw`, between an OSC 8 opener and closer, with the
//! cursor saved and restored around it. The terminal keeps a cell's link until the cell is
//! written again, and ratatui writes only the cells that changed; so a row that held an
//! address in the last frame and holds none (or another) now is written again without a link,
//! and an address whose cells did not change is not written at all. What is written per frame
//! is bounded by the addresses on screen, never by the dataset.
//!
//! The address in the escape is refused unless it is `http(s)` and free of control characters
//! (an ESC, BEL or C1 inside would end the sequence early and let a dataset drive the
//! terminal); characters outside printable ASCII are percent-encoded, as a URI must be.
//!
//! Whether to write links at all is decided once, from the environment only (a terminal that
//! does not know OSC 8 may print it, and asking the terminal would cost a round trip):
//! see [`supported`] for the list and [`enabled`] for the overrides.

use std::io::{self, Write};

use crossterm::cursor::{RestorePosition, SavePosition};
use crossterm::queue;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::prelude::CrosstermBackend;

use crate::app::App;
use crate::geometry::{Screen, Size, details};
use crate::ui;

/// The variable that turns hyperlinks on or off whatever the terminal seems to be.
pub const ENV: &str = "ETHICS_TIMELINE_HYPERLINKS";

/// What the user asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Choice {
    /// Links where the terminal is known to show them ([`supported`]).
    #[default]
    Auto,
    On,
    Off,
}

impl Choice {
    /// `on`, `off` or `auto` (and the usual yes/no spellings), in any case.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Self::Auto),
            "on" | "yes" | "true" | "1" | "always" => Some(Self::On),
            "off" | "no" | "false" | "0" | "never" => Some(Self::Off),
            _ => None,
        }
    }
}

/// Whether to write hyperlinks. [`ENV`] set to on or off wins (a value it does not know is
/// ignored); then `configured` (a settings file's choice) when it is on or off; else whether
/// the terminal the environment names shows them. `env` looks a variable up:
/// `|k| std::env::var(k).ok()` in the app, a table in tests.
pub fn enabled(configured: Choice, env: impl Fn(&str) -> Option<String>) -> bool {
    let forced = env(ENV).and_then(|v| Choice::parse(&v)).filter(|c| *c != Choice::Auto);
    match forced.unwrap_or(configured) {
        Choice::On => true,
        Choice::Off => false,
        Choice::Auto => supported(&env),
    }
}

/// True when the environment names a terminal known to make OSC 8 links clickable, and
/// nothing sits between it and us that would drop or mangle them. Off for everything else:
/// a link missing costs less than a screen garbled by a terminal that prints what it does not
/// understand (the Linux console does).
///
/// - Off for `TERM=dumb` and `TERM=linux` (the console prints the sequence), and inside tmux,
///   GNU screen, Zellij and Emacs: tmux passes links on only from 3.4 and only with the
///   `hyperlinks` terminal feature configured, which the environment cannot tell, and inside a
///   multiplexer the variables below may describe the terminal outside it.
/// - On for iTerm2 from 3.1 (`TERM_PROGRAM=iTerm.app`, or `LC_TERMINAL=iTerm2`, which iTerm2
///   sends over SSH), WezTerm, Ghostty, VS Code's terminal from 1.72, kitty
///   (`TERM=xterm-kitty` or `KITTY_WINDOW_ID`), foot, Alacritty (links from 0.11; older
///   versions ignore the sequence), Windows Terminal (`WT_SESSION`), and VTE terminals (GNOME
///   Terminal, Tilix, Terminator…) from VTE 0.50.4 (`VTE_VERSION` ≥ 5004), leaving out the
///   versions before 0.52.2 whose link code could crash.
pub fn supported(env: &impl Fn(&str) -> Option<String>) -> bool {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    let term = var("TERM").unwrap_or_default();
    if matches!(term.as_str(), "dumb" | "linux") {
        return false;
    }
    let multiplexed = ["TMUX", "STY", "ZELLIJ", "INSIDE_EMACS"].iter().any(|k| var(k).is_some());
    if multiplexed || term.starts_with("screen") || term.starts_with("tmux") {
        return false;
    }
    let version = var("TERM_PROGRAM_VERSION");
    match var("TERM_PROGRAM").as_deref() {
        Some("iTerm.app") => return at_least(version.as_deref(), [3, 1]),
        Some("vscode") => return at_least(version.as_deref(), [1, 72]),
        Some("WezTerm" | "ghostty") => return true,
        _ => {}
    }
    if var("LC_TERMINAL").as_deref() == Some("iTerm2") {
        return at_least(var("LC_TERMINAL_VERSION").as_deref(), [3, 1]);
    }
    let known_term = matches!(term.as_str(), "xterm-kitty" | "xterm-ghostty" | "wezterm" | "alacritty")
        || term.starts_with("foot");
    if known_term || ["KITTY_WINDOW_ID", "ALACRITTY_WINDOW_ID", "WT_SESSION"].iter().any(|k| var(k).is_some())
    {
        return true;
    }
    var("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .is_some_and(|v| v >= 5004 && !(5100..5202).contains(&v))
}

/// True when `version` (`3.4.19`, `1.86.0-insider`) is at least `major.minor`, or is missing
/// or unreadable: the program named itself, and old versions are the rare case.
fn at_least(version: Option<&str>, [major, minor]: [u32; 2]) -> bool {
    let Some(v) = version else { return true };
    let mut parts = v.split(|c: char| !c.is_ascii_digit()).map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        (Some(a), None) => a > major || (a == major && minor == 0),
        _ => true,
    }
}

/// The longest address a link carries: VTE drops longer ones (the limit the OSC 8
/// specification mentions), and no source needs more.
const MAX_TARGET: usize = 2083;

/// `url` as the target of an OSC 8 link, or `None` when it must not be one: not `http(s)`,
/// holding a control character (ESC, BEL, C1: they could end the sequence and start another),
/// or too long. Spaces and characters outside printable ASCII are percent-encoded.
pub fn target(url: &str) -> Option<String> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) || url.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if (0x21..0x7F).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    (out.len() <= MAX_TARGET).then_some(out)
}

/// The sequence that starts a link to `target` (already made safe by [`target`]). The `id`
/// comes from the address, so the rows of one wrapped address are one link to the terminal
/// (hovering one underlines all).
pub fn opener(target: &str) -> String {
    // FNV-1a: short, stable, and only ever compared with itself.
    let hash = target
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("\x1b]8;id=et{hash:016x};{target}\x1b\\")
}

/// The sequence that ends a link.
pub const CLOSER: &str = "\x1b]8;;\x1b\\";

/// One row of cells to write again: linked (`open` is the opener) or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    area: Rect,
    open: Option<String>,
    cells: Vec<(u16, u16, Cell)>,
}

/// The links on screen, so each frame writes only what changed.
#[derive(Debug, Default)]
pub struct Links {
    on: bool,
    /// The screen the runs below were drawn on; another size means a cleared screen.
    area: Rect,
    last: Vec<Run>,
}

impl Links {
    pub fn new(on: bool) -> Self {
        Self { on, ..Self::default() }
    }

    /// Forgets what is on screen, after the terminal was cleared behind ratatui's back (a
    /// suspend and resume): every link is written again with the next frame.
    pub fn forget(&mut self) {
        self.last.clear();
    }

    /// What to write after the frame in `buffer`, whose addresses are `spans` (a row and its
    /// address each): rows that lost their link first, written plainly, then each linked row
    /// that is new or changed.
    pub fn plan<'a>(
        &mut self,
        buffer: &Buffer,
        spans: impl IntoIterator<Item = (Rect, &'a str)>,
    ) -> Vec<Run> {
        let screen = buffer.area;
        if screen != self.area {
            // ratatui cleared the screen to resize it, and the links with it.
            self.area = screen;
            self.last.clear();
        }
        let now: Vec<Run> = spans
            .into_iter()
            .filter_map(|(r, url)| {
                let area = r.intersection(screen);
                let open = target(url).map(|t| opener(&t))?;
                (!area.is_empty()).then(|| Run { area, open: Some(open), cells: cells(buffer, area) })
            })
            .collect();
        let mut out: Vec<Run> = self
            .last
            .iter()
            .filter(|old| !now.iter().any(|n| n.area == old.area && n.open == old.open))
            .map(|old| {
                let area = old.area.intersection(screen);
                Run { area, open: None, cells: cells(buffer, area) }
            })
            .collect();
        out.extend(now.iter().filter(|n| !self.last.contains(n)).cloned());
        self.last = now;
        out
    }
}

/// The cells of `area` as the backend draws them: the cell that a wide character covers
/// beside it is left out, as ratatui's own diff leaves it out.
fn cells(buffer: &Buffer, area: Rect) -> Vec<(u16, u16, Cell)> {
    let mut out = Vec::with_capacity(usize::from(area.width) * usize::from(area.height));
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let Some(cell) = buffer.cell((x, y)) else { break };
            out.push((x, y, cell.clone()));
            let w = crate::text::width(cell.symbol()).max(1);
            x = x.saturating_add(u16::try_from(w).unwrap_or(1));
        }
    }
    out
}

/// Writes `runs` to the terminal: each between its opener and the closer when it has one,
/// the cursor put back where it was.
pub fn write<W: Write>(backend: &mut CrosstermBackend<W>, runs: &[Run]) -> io::Result<()> {
    if runs.is_empty() {
        return Ok(());
    }
    queue!(backend, SavePosition)?;
    for run in runs {
        if let Some(open) = &run.open {
            backend.write_all(open.as_bytes())?;
        }
        Backend::draw(backend, run.cells.iter().map(|(x, y, c)| (*x, *y, c)))?;
        if run.open.is_some() {
            backend.write_all(CLOSER.as_bytes())?;
        }
    }
    queue!(backend, RestorePosition)?;
    Backend::flush(backend)
}

/// Draws a frame of `app`, then its links when they are on.
pub fn draw<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &App,
    links: &mut Links,
) -> io::Result<()> {
    let frame = terminal.draw(|f| ui::render(f, app))?;
    if !links.on {
        return Ok(());
    }
    // The screen as `ui::render` laid it out: the frame's size, not the app's last resize.
    let size = Size::new(frame.area.width, frame.area.height);
    let screen = Screen::new(size, app.focus, app.show_ruler, app.zoom);
    let spans = details::urls(app, &screen);
    let sources = &app.data.sources;
    let runs = links.plan(frame.buffer, spans.iter().map(|s| (s.area, &*sources[s.source].url)));
    write(terminal.backend_mut(), &runs)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use ratatui::style::{Color, Style};

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    fn auto(pairs: &[(&str, &str)]) -> bool {
        enabled(Choice::Auto, env(pairs))
    }

    #[test]
    fn known_terminals_get_links_and_others_do_not() {
        for on in [
            &[("TERM_PROGRAM", "iTerm.app"), ("TERM_PROGRAM_VERSION", "3.5.0")][..],
            &[("TERM_PROGRAM", "WezTerm")],
            &[("TERM_PROGRAM", "ghostty"), ("TERM", "xterm-ghostty")],
            &[("TERM_PROGRAM", "vscode"), ("TERM_PROGRAM_VERSION", "1.86.0-insider")],
            &[("TERM", "xterm-kitty")],
            &[("TERM", "xterm-256color"), ("KITTY_WINDOW_ID", "1")],
            &[("TERM", "foot")],
            &[("TERM", "alacritty")],
            &[("WT_SESSION", "0b6f5d2e")],
            &[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")],
            &[("TERM", "xterm-256color"), ("LC_TERMINAL", "iTerm2")],
        ] {
            assert!(auto(on), "{on:?}");
        }
        for off in [
            &[][..],
            &[("TERM", "xterm-256color")],
            &[("TERM", "dumb"), ("TERM_PROGRAM", "WezTerm")],
            &[("TERM", "linux")],
            &[("TERM_PROGRAM", "Apple_Terminal")],
            &[("TERM_PROGRAM", "iTerm.app"), ("TERM_PROGRAM_VERSION", "3.0.15")],
            &[("TERM_PROGRAM", "vscode"), ("TERM_PROGRAM_VERSION", "1.60.2")],
            &[("TERM", "xterm-256color"), ("VTE_VERSION", "4803")],
            &[("TERM", "xterm-256color"), ("VTE_VERSION", "5201")],
            // Inside tmux (even a new one, even in a terminal that has links) and screen.
            &[("TERM", "tmux-256color"), ("TMUX", "/tmp/tmux-1/default,1,0"), ("TERM_PROGRAM", "tmux")],
            &[("TERM", "xterm-kitty"), ("TMUX", "/tmp/tmux-1/default,1,0")],
            &[("TERM", "screen-256color"), ("TERM_PROGRAM", "iTerm.app")],
            &[("ZELLIJ", "0"), ("TERM_PROGRAM", "WezTerm")],
        ] {
            assert!(!auto(off), "{off:?}");
        }
    }

    #[test]
    fn the_variable_wins_then_the_setting() {
        let tmux = [("TMUX", "/tmp/t,1,0"), ("TERM", "tmux-256color")];
        let kitty = [("TERM", "xterm-kitty")];
        assert!(enabled(Choice::Auto, env(&[tmux[0], tmux[1], (ENV, "on")])));
        assert!(!enabled(Choice::Auto, env(&[kitty[0], (ENV, "OFF")])));
        assert!(enabled(Choice::On, env(&tmux)));
        assert!(!enabled(Choice::Off, env(&kitty)));
        assert!(!enabled(Choice::On, env(&[(ENV, "never")])));
        // A value it does not know leaves the choice to the setting and the terminal.
        assert!(enabled(Choice::Auto, env(&[kitty[0], (ENV, "maybe")])));
        assert!(enabled(Choice::On, env(&[(ENV, "auto")])));
    }

    #[test]
    fn only_clean_web_addresses_become_links() {
        assert_eq!(target("https://example.com/a?b=1#c").as_deref(), Some("https://example.com/a?b=1#c"));
        assert_eq!(target("HTTP://example.com/").as_deref(), Some("HTTP://example.com/"));
        assert_eq!(target("https://example.com/a b").as_deref(), Some("https://example.com/a%20b"));
        assert_eq!(target("https://example.com/ü").as_deref(), Some("https://example.com/%C3%BC"));
        // What the loader shows for an ESC is encoded, not obeyed.
        assert_eq!(target("https://e.com/␛]52").as_deref(), Some("https://e.com/%E2%90%9B]52"));
        for refused in [
            "https://e.com/\u{1b}]52;c;cm0=\u{7}",
            "https://e.com/\u{7}",
            "https://e.com/\u{1b}\\",
            "https://e.com/\u{9c}",
            "https://e.com/\u{9d}8;;x",
            "https://e.com/\n",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://e.com/",
            "example.com",
        ] {
            assert_eq!(target(refused), None, "{refused:?}");
        }
        let long = format!("https://e.com/{}", "a".repeat(MAX_TARGET));
        assert_eq!(target(&long), None);
    }

    #[test]
    fn the_opener_and_closer_are_the_osc_8_bytes() {
        let open = opener("https://example.com/");
        assert!(open.starts_with("\x1b]8;id=et"), "{open:?}");
        assert!(open.ends_with(";https://example.com/\x1b\\"), "{open:?}");
        assert_eq!(open.matches('\x1b').count(), 2, "one ESC to start, one in the ST");
        assert_eq!(open, opener("https://example.com/"), "the same address, the same id");
        assert_ne!(open, opener("https://example.com/b"));
        assert_eq!(CLOSER.as_bytes(), b"\x1b]8;;\x1b\\");
    }

    /// A 10x2 screen with `text` on row 1 from column 2.
    fn screen(text: &str) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 10, 2));
        b.set_string(2, 1, text, Style::new().fg(Color::Blue));
        b
    }

    fn bytes(runs: &[Run]) -> String {
        let mut out = Vec::new();
        write(&mut CrosstermBackend::new(&mut out), runs).expect("write to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_row_is_written_again_between_opener_and_closer() {
        let url = "https://e.com/";
        let row = Rect::new(2, 1, 4, 1);
        let mut links = Links::new(true);
        let out = bytes(&links.plan(&screen("e.co"), [(row, url)]));
        let open = opener(url);
        // Save the cursor, open, move to the row (1-based), the styled cells, close, restore.
        assert!(out.starts_with(&format!("\x1b7{open}\x1b[2;3H")), "{out:?}");
        assert!(out.contains("e.co"), "{out:?}");
        assert!(out.ends_with(&format!("{CLOSER}\x1b8")), "{out:?}");
        assert_eq!(out.matches("\x1b]8;").count(), 2);

        // The same frame again: nothing to write.
        assert_eq!(links.plan(&screen("e.co"), [(row, url)]), []);
        // The cells changed under the link: written again, linked.
        let out = bytes(&links.plan(&screen("e.cx"), [(row, url)]));
        assert!(out.contains(&open) && out.contains("e.cx"), "{out:?}");
        // The address went away: the row is written once more without a link.
        let out = bytes(&links.plan(&screen("gone"), []));
        assert!(out.contains("gone") && !out.contains("\x1b]8;"), "{out:?}");
        assert_eq!(links.plan(&screen("gone"), []), []);
        // After a suspend the terminal lost its links: written again.
        links.plan(&screen("e.co"), [(row, url)]);
        links.forget();
        assert!(bytes(&links.plan(&screen("e.co"), [(row, url)])).contains(&open));
    }

    #[test]
    fn a_refused_address_writes_nothing_and_wide_cells_are_written_once() {
        let mut links = Links::new(true);
        assert_eq!(links.plan(&screen("e.co"), [(Rect::new(2, 1, 4, 1), "https://e.com/\u{1b}")]), []);
        let runs = links.plan(&screen("日本"), [(Rect::new(2, 1, 4, 1), "https://e.com/")]);
        let out = bytes(&runs);
        // Each wide character is placed with a cursor move, as the backend always does.
        assert!(out.contains("日\x1b[2;5H本"), "{out:?}");
        assert_eq!(runs[0].cells.len(), 2, "the cells beside wide characters are not written");
    }
}
