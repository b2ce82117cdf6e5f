//! End to end: the binary on `tests/fixtures/hostile.json`, whose every text field carries
//! escape sequences (OSC 0, 2, 8 and 52, CSI), C1 controls, BEL, bidi overrides, zero-width
//! characters, combining marks, CJK and emoji, in a real pseudo-terminal. What the app writes
//! is replayed into a vt100 terminal that records what a real one would act on.
//!
//! Nothing may reach the terminal as a command (no title, clipboard, bell or hyperlink), every
//! pane's border must stay in its column on every row, and tampering must show (`␛`).

mod common;

use std::num::NonZeroU16;
use std::time::Instant;

use common::pty::{DEADLINE, Session};

/// Everything a terminal would do besides drawing.
#[derive(Debug, Default)]
struct Recorder {
    titles: Vec<String>,
    clipboard: Vec<String>,
    bells: usize,
    osc: Vec<String>,
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl vt100::Callbacks for Recorder {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn visual_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(lossy(title));
    }
    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(lossy(name));
    }
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], data: &[u8]) {
        self.clipboard.push(lossy(data));
    }
    fn paste_from_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8]) {
        self.clipboard.push("a paste request".into());
    }
    fn unhandled_osc(&mut self, _: &mut vt100::Screen, params: &[&[u8]]) {
        self.osc.push(params.iter().map(|p| lossy(p)).collect::<Vec<_>>().join(";"));
    }
}

/// Replays everything the app wrote so far into a fresh recording terminal.
///
/// vt100 draws nothing for U+FFFD (it cannot tell it from a decoding error), where a real
/// terminal draws `�` in one cell. The sanitizer shows C1 controls and invisible characters as
/// U+FFFD, so it is replayed as `¤` (also one cell) to measure the layout a user sees.
fn replay(s: &Session, cols: u16, rows: u16) -> vt100::Parser<Recorder> {
    let text = String::from_utf8_lossy(&s.raw).replace('\u{FFFD}', "¤");
    let nz = |n: u16| NonZeroU16::new(n).expect("a terminal size");
    let mut parser = vt100::Parser::new_with_callbacks(nz(rows), nz(cols), 0, Recorder::default());
    parser.process(text.as_bytes());
    parser
}

const TOP_LEFT: [&str; 3] = ["┌", "┏", "╔"];
const TOP_RIGHT: [&str; 3] = ["┐", "┓", "╗"];
const BOTTOM: [&str; 6] = ["└", "┗", "╚", "┘", "┛", "╝"];
const SIDE: [&str; 3] = ["│", "┃", "║"];

/// Every pane's left and right border, found on the pane's top row, checked on each row down
/// to its bottom row. Returns what is out of place.
fn misaligned_borders(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let at = |r: u16, c: u16| screen.cell(r, c).map_or("", vt100::Cell::contents);
    let mut problems = Vec::new();
    let mut r = 0;
    while r < rows {
        let edges: Vec<u16> =
            (0..cols).filter(|&c| TOP_LEFT.contains(&at(r, c)) || TOP_RIGHT.contains(&at(r, c))).collect();
        if edges.is_empty() {
            r += 1;
            continue;
        }
        let mut y = r + 1;
        while y < rows && !edges.iter().all(|&c| BOTTOM.contains(&at(y, c))) {
            for &c in &edges {
                if !SIDE.contains(&at(y, c)) {
                    let row: String = (0..cols).map(|c| at(y, c)).collect();
                    problems
                        .push(format!("row {y}, column {c}: {:?} where a border belongs\n{row}", at(y, c)));
                }
            }
            y += 1;
        }
        if y == rows {
            problems.push(format!("the panes starting on row {r} have no bottom border"));
        }
        r = y + 1;
    }
    problems
}

/// Checks the screen as it is now, and everything written so far.
fn check(s: &Session, cols: u16, rows: u16, state: &str) {
    let parser = replay(s, cols, rows);
    let screen = parser.screen();
    let problems = misaligned_borders(screen);
    assert!(problems.is_empty(), "{state} at {cols}x{rows}:\n{}", problems.join("\n"));
    let seen = parser.callbacks();
    assert!(seen.titles.is_empty(), "{state}: the window title was set: {:?}", seen.titles);
    assert!(seen.clipboard.is_empty(), "{state}: the clipboard was written: {:?}", seen.clipboard);
    assert_eq!(seen.bells, 0, "{state}: the bell rang");
    assert!(seen.osc.is_empty(), "{state}: OSC sequences reached the terminal: {:?}", seen.osc);
    let raw = String::from_utf8_lossy(&s.raw);
    for (what, seq) in [("a hyperlink", "\u{1b}]8;"), ("an OSC", "\u{1b}]"), ("a C1 control", "\u{9b}")] {
        assert!(!raw.contains(seq), "{state}: {what} in the raw output");
    }
    assert!(!raw.contains('\u{7}'), "{state}: a BEL in the raw output");
}

/// Waits until the replayed screen satisfies `ok` and the app has stopped writing (the
/// session's own screen drops U+FFFD, so its rows can look shifted).
fn wait_until(s: &mut Session, cols: u16, rows: u16, what: &str, ok: impl Fn(&str) -> bool) {
    let started = Instant::now();
    loop {
        // Takes whatever the app wrote in the next few milliseconds.
        s.wait_for("output", |_| true);
        let screen = replay(s, cols, rows).screen().contents();
        if ok(&screen) {
            break;
        }
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}; screen:\n{screen}");
    }
    // A frame can arrive in pieces: wait for two quiet spells before looking at it.
    let mut quiet = 0;
    while quiet < 2 {
        let before = s.raw.len();
        s.wait_for("output", |_| true);
        quiet = if s.raw.len() == before { quiet + 1 } else { 0 };
    }
}

fn wait_for(s: &mut Session, cols: u16, rows: u16, text: &str) {
    wait_until(s, cols, rows, text, |screen| screen.contains(text));
}

fn start(cols: u16, rows: u16) -> Session {
    // A theme named on the command line: the app then asks the terminal nothing (its own
    // background query is an OSC sequence, and this test checks the data sends none).
    let mut s = Session::start(&["--data", "tests/fixtures/hostile.json", "--theme", "dark"], cols, rows);
    wait_for(&mut s, cols, rows, "event 1/4");
    s
}

#[test]
fn every_screen_keeps_hostile_text_inert_and_borders_aligned() {
    let (cols, rows) = (160, 48);
    let mut s = start(cols, rows);
    check(&s, cols, rows, "the first frame");
    let screen = replay(&s, cols, rows).screen().contents();
    for shown in ["␛]0;pwned-title␇", "␛]52;c;", "␛]8;;https://evil.example/", "␛[2J", "日本語", "e\u{301}"]
    {
        assert!(screen.contains(shown), "{shown:?} is shown as text:\n{screen}");
    }
    assert!(screen.contains("¤txt.exe¤"), "the bidi override is shown, not obeyed:\n{screen}");

    for n in 2..=4 {
        s.send(b"j");
        wait_for(&mut s, cols, rows, &format!("event {n}/4"));
        check(&s, cols, rows, &format!("event {n}"));
    }
    // The details, scrolled to the end; the comparison; back to the timeline.
    // Tab, not 2: a digit before G is a count (2G is the second event).
    s.send(b"\tG");
    wait_for(&mut s, cols, rows, "●2 Details");
    check(&s, cols, rows, "the details scrolled");
    s.send(b"\t");
    wait_for(&mut s, cols, rows, "●3 Say vs. do");
    check(&s, cols, rows, "the comparison focused");
    s.send(b"\tgg");
    wait_for(&mut s, cols, rows, "event 1/4");
    check(&s, cols, rows, "back to the first event");

    s.send(b"/pwned");
    wait_for(&mut s, cols, rows, "match 1/");
    check(&s, cols, rows, "the search line");
    // Esc followed at once by a key would read as Alt and the key: wait for the search to close.
    s.send(b"\x1b");
    wait_until(&mut s, cols, rows, "the search to close", |c| !c.contains("match 1/"));
    s.send(b"f");
    wait_for(&mut s, cols, rows, "filter:");
    check(&s, cols, rows, "the filter line");
    s.send(b"\x1b");
    wait_until(&mut s, cols, rows, "the filter line to close", |c| !c.contains("filter:"));

    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    check(&s, cols, rows, "after quitting");
}

#[test]
fn overlays_and_a_small_terminal_keep_hostile_text_inert() {
    let (cols, rows) = (80, 24);
    let mut s = start(cols, rows);
    check(&s, cols, rows, "the first frame");
    for n in 2..=4 {
        s.send(b"j");
        wait_for(&mut s, cols, rows, &format!("event {n}/4"));
        check(&s, cols, rows, &format!("event {n}"));
    }
    s.send(b"3");
    wait_for(&mut s, cols, rows, "●3 Say vs. do");
    check(&s, cols, rows, "the comparison");
    s.send(b"c");
    wait_for(&mut s, cols, rows, "Companies");
    assert!(replay(&s, cols, rows).screen().contents().contains("Acme ␛]0;"), "names shown as text");
    s.send(b"q?");
    wait_for(&mut s, cols, rows, "Keys");
    // Keys other than q do nothing while the help is open, so this shows the help closed.
    s.send(b"q1");
    wait_for(&mut s, cols, rows, "●1 Timeline");
    check(&s, cols, rows, "after the overlays");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    check(&s, cols, rows, "after quitting");
}

#[test]
fn hyperlinks_carry_only_clean_addresses() {
    let (cols, rows) = (160, 48);
    let args = ["--data", "tests/fixtures/hostile.json", "--theme", "dark"];
    let mut s = Session::start_with_env(&args, &[("ETHICS_TIMELINE_HYPERLINKS", "on")], cols, rows);
    wait_for(&mut s, cols, rows, "event 1/4");
    s.send(b"2");
    wait_for(&mut s, cols, rows, "●2 Details");
    // The hostile address (ESC ] 52 … BEL, shown as ␛ and ␇) is a link, percent-encoded.
    s.wait_raw(b"https://example.com/a?%E2%90%9B]52;c;cm0gLXJmIH4K%E2%90%87\x1b\\");
    s.wait_raw(b";https://example.com/b\x1b\\");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    let parser = replay(&s, cols, rows);
    let problems = misaligned_borders(parser.screen());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let seen = parser.callbacks();
    assert!(seen.titles.is_empty() && seen.clipboard.is_empty() && seen.bells == 0, "{seen:?}");
    assert!(!seen.osc.is_empty(), "the links reached the terminal");
    for osc in &seen.osc {
        assert!(osc.starts_with("8;id=et") || osc == "8;;", "only hyperlinks: {osc:?}");
    }
    // Every OSC in the output is a hyperlink whose bytes are printable ASCII, ended by ST.
    let raw = String::from_utf8_lossy(&s.raw);
    for (at, _) in raw.match_indices("\u{1b}]") {
        let body = &raw[at + 2..];
        let end = body.find("\u{1b}\\").expect("every OSC is ended by ST");
        assert!(body.starts_with("8;"), "not a hyperlink: {:?}", &body[..end]);
        assert!(body[..end].bytes().all(|b| (0x20..0x7f).contains(&b)), "{:?}", &body[..end]);
    }
    assert!(!raw.contains('\u{7}') && !raw.contains('\u{9b}'), "a BEL or C1 in the raw output");
}
