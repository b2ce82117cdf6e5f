//! End to end: the real binary in a real pseudo-terminal.

mod common;

use common::pty::Session;
use ethics_timeline::app::Pane;
use ethics_timeline::geometry::{Screen, Size, inner};
use ratatui::layout::Rect;

/// The text of the screen inside `r`, one line per row.
fn region(screen: &str, r: Rect) -> String {
    let lines = screen.lines().skip(usize::from(r.y)).take(usize::from(r.height));
    lines
        .map(|l| l.chars().skip(usize::from(r.x)).take(usize::from(r.width)).collect::<String>() + "\n")
        .collect()
}

/// The inside of the details pane on a `width`x`height` screen, as the app lays it out.
fn details_area(width: u16, height: u16) -> Rect {
    inner(
        Screen::new(Size::new(width, height), Pane::Timeline, true, false)
            .details
            .expect("details on screen"),
    )
}

/// `(position, total)` from the status bar's `event 12/87`.
fn status_position(screen: &str) -> Option<(usize, usize)> {
    let rest = screen.rsplit("event ").next()?;
    let (a, b) = rest.split_once('/')?;
    let b: String = b.chars().take_while(char::is_ascii_digit).collect();
    Some((a.trim().parse().ok()?, b.parse().ok()?))
}

#[test]
fn browse_move_and_quit_cleanly() {
    let mut s = Session::start(&[], 120, 36);
    let start = s.wait_first_frame();
    assert!(s.parser.screen().alternate_screen(), "draws on the alternate screen");
    let area = details_area(120, 36);
    let details = |screen: &str| region(screen, area);
    let before = details(&s.contents());
    assert!(before.contains("Date:"), "details pane found: {before}");

    // Move down twice: the status bar and the details follow with no extra key.
    s.send(b"jj");
    s.wait_for_text(&format!("event {}/", start + 2));
    let after = details(&s.contents());
    assert!(after.contains("Date:"), "{after}");
    assert_ne!(before, after, "the details followed the selection");
    s.send(b"G");
    s.wait_for("the last event", |c| status_position(c).is_some_and(|(p, total)| p == total));

    s.send(b"q");
    let code = s.wait_exit();
    assert_eq!(code, 0);
    assert!(!s.parser.screen().alternate_screen(), "left the alternate screen");
    assert!(!s.parser.screen().hide_cursor(), "cursor visible again");
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(raw.contains("\x1b[?1000l") || raw.contains("\x1b[?1006l"), "mouse reporting turned off");
}

#[test]
fn arrows_enter_and_back_follow_a_link() {
    // The fixture's first event has links, so the jump is certain.
    let mut s = Session::start(&["--data", "tests/fixtures/small.json"], 160, 48);
    s.wait_for_text("event 1/");
    // Focus the details, choose the first link, follow it, come back.
    s.send(b"2");
    s.wait_for_text("Details  ");
    s.send(b"\x1b[C");
    s.send(b"\r");
    s.wait_for("the jump", |c| !c.contains("event 1/"));
    s.send(b"\x7f");
    s.wait_for_text("event 1/");
    s.send(b"\x03");
    assert_eq!(s.wait_exit(), 0, "Ctrl-C quits");
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn help_overlay_closes_before_quitting() {
    let mut s = Session::start(&[], 80, 24);
    s.wait_first_frame();
    s.send(b"?");
    s.wait_for_text("Keys");
    s.send(b"q");
    s.wait_for("the help to close", |c| !c.contains("j/k scroll · q or ? close"));
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_resize_relayouts_and_a_tiny_terminal_says_so() {
    let mut s = Session::start(&[], 80, 24);
    s.wait_first_frame();
    s.resize(40, 10);
    s.wait_for_text("Terminal too small");
    s.resize(160, 48);
    s.wait_for_text("3 Say vs. do");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn an_invalid_data_file_is_reported_without_touching_the_screen() {
    let file = common::temp_dir("pty-invalid").join("bad.json");
    std::fs::write(
        &file,
        "{\n  \"format\": \"ethics-timeline/1\",\n  \"events\": [\n    {\"id\": 7}\n  ]\n}\n",
    )
    .expect("write fixture");
    let path = file.to_string_lossy().into_owned();
    let mut s = Session::start(&["--data", &path], 80, 24);
    assert_eq!(s.wait_exit(), 2);
    let screen = s.contents();
    assert!(screen.contains("bad.json:4:"), "{screen}");
    assert!(!s.parser.screen().alternate_screen());
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(!raw.contains("\x1b[?1049h"), "never entered the alternate screen");
}

#[test]
fn search_for_maven_moves_and_esc_restores() {
    let mut s = Session::start(&[], 120, 36);
    let start = s.wait_first_frame();
    s.send(b"/maven");
    s.wait_for("the first match", |c| c.contains("/maven") && c.contains("match 1/"));
    let screen = s.contents();
    let area = details_area(120, 36);
    let details_title = region(&screen, Rect { height: 2, ..area });
    assert!(details_title.contains("Maven"), "a Project Maven event is selected: {details_title}");
    let total: usize = screen
        .split("match 1/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("the counter shows the number of matches");
    assert!(total >= 3, "{total} Maven events");

    // Ctrl-N moves to the next match while typing; Esc goes back to where the search began.
    s.send(b"\x0e");
    s.wait_for_text(&format!("match 2/{total}"));
    s.send(b"\x1b");
    s.wait_for("the search to close", |c| !c.contains("/maven"));
    s.wait_for_text(&format!("event {start}/"));

    // Enter keeps the search; n moves to the next match.
    s.send(b"/maven\r");
    s.wait_for_text(&format!("match 1/{total}"));
    s.send(b"n");
    s.wait_for_text(&format!("match 2/{total}"));
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn deep_links_open_the_prepared_view() {
    let mut s = Session::start(
        &["--filter", "kind:contract company:microsoft", "--goto", "ms-2019-10-25-jedi-award"],
        120,
        36,
    );
    s.wait_first_frame();
    let screen = s.contents();
    assert!(screen.contains("filter: kind:contract company:microsoft"), "{screen}");
    assert!(screen.contains("Pentagon awards JEDI to Microsoft"), "{screen}");
    assert!(!screen.contains(" S Microsoft "), "statements are filtered out: {screen}");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start(&["--search", "Nimbus", "--company", "google"], 120, 36);
    s.wait_first_frame();
    s.wait_for_text("match 1/");
    let screen = s.contents();
    let status = screen.lines().last().unwrap_or_default().to_string();
    assert!(status.contains("· Google"), "the selection is Google's: {status}");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn the_comparison_pairs_sorts_zooms_and_follows_a_link() {
    let mut s = Session::start(&["--goto", "ms-2018-10-26-technology-us-military"], 120, 36);
    s.wait_first_frame();
    s.send(b"3");
    // The statement with the contracts that followed it, the time between in words.
    // The status bar says the pane's order.
    s.wait_for("the statement's pairs", |c| {
        c.contains("1 month later")
            && c.contains("2 years 5 months later")
            && c.contains("Say vs. do by date")
    });
    let screen = s.contents();
    assert!(screen.contains("⇒C"), "a contract is the chosen link: {screen}");
    assert!(!screen.contains(" days after"), "no raw day counts: {screen}");

    s.send(b"s");
    s.wait_for_text("by gap, largest first");
    s.send(b"s");
    s.wait_for_text("by amount, largest first");
    s.send(b"s");
    s.wait_for_text("Say vs. do by date");

    s.send(b"z");
    s.wait_for("the zoomed pane", |c| c.contains("zoomed (Esc back)") && !c.contains("1 Timeline"));
    s.send(b"\x1b");
    s.wait_for("the panes again", |c| c.contains("1 Timeline") && !c.contains("zoomed"));

    // Follow the chosen link and come back.
    let before = status_position(&s.contents()).expect("a position");
    s.send(b"\r");
    s.wait_for("the linked event", |c| status_position(c).is_some_and(|p| p != before));
    s.send(b"\x7f");
    s.wait_for("back at the statement", |c| status_position(c) == Some(before));
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn esc_never_quits_even_pressed_ten_times_in_a_tour() {
    let mut s = Session::start(&["--tour", "words-and-contracts-2018"], 100, 30);
    // The tour opens presenting, on its opening card.
    s.wait_for_text(" start / ");
    for _ in 0..10 {
        s.send(b"\x1b");
        // One at a time: Esc and the next byte at once would read as Alt and a key.
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    s.wait_for_text("nothing to back out of · q quits");
    assert!(s.try_exit().is_none(), "the app is still running");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

/// The screen's text without borders, in one line, so a title wrapped over two rows reads whole.
fn flat(screen: &str) -> String {
    let inside: Vec<String> =
        screen.lines().map(|l| l.trim_matches(|c: char| "┃│┏┓┗┛ ".contains(c)).trim().to_string()).collect();
    inside.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_tour_reveals_every_linked_contract_at_every_size() {
    use ethics_timeline::app::App;
    let app = App::new(ethics_timeline::data::bundled().expect("bundled").dataset);
    for (t, tour) in app.data.tours.iter().enumerate() {
        // What each step must reveal: the contracts its statement is linked to.
        let wanted: Vec<String> = tour
            .steps
            .iter()
            .flat_map(|s| app.reveal_targets(s.event))
            .map(|r| app.data.events[r.event].title.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        // The opening card, each step and reveal, and the closing card.
        let presses = tour.steps.len() + wanted.len() + 1;
        for (w, h) in [(80, 24), (100, 30), (140, 40)] {
            let mut s = Session::start(&["--tour", &tour.id], w, h);
            s.wait_for_text(&format!(" start / {} ", tour.steps.len()));
            let mut seen = flat(&s.contents());
            for _ in 0..presses {
                let before = s.contents();
                s.send(b" ");
                // The closing card does not change on Space.
                if before.contains(&format!(" end / {} ", tour.steps.len())) {
                    break;
                }
                s.wait_settled(&before, std::time::Duration::from_millis(60));
                let screen = s.contents();
                for line in screen.lines() {
                    // A word is never cut: an ellipsis only ever stands alone.
                    let cut = line
                        .char_indices()
                        .any(|(i, c)| c == '…' && line[..i].ends_with(|p: char| p.is_alphanumeric()));
                    assert!(!cut, "tour {t} at {w}x{h}: a word cut in {line:?}");
                }
                seen.push(' ');
                seen.push_str(&flat(&screen));
            }
            for title in &wanted {
                assert!(seen.contains(title.as_str()), "tour {} at {w}x{h}: never showed {title:?}", tour.id);
            }
            s.send(b"q");
            assert_eq!(s.wait_exit(), 0);
        }
    }
}

#[test]
fn a_notes_screen_follows_the_presenter_within_200_ms() {
    let dir = common::temp_dir("notes-channel");
    let runtime = dir.to_string_lossy().into_owned();
    let env = [("XDG_RUNTIME_DIR", runtime.as_str())];
    let data = ["--data", "tests/fixtures/small.json"];
    let mut presenter = Session::start_with_env(
        &[&data[..], &["--tour", "words-and-contracts-2018"]].concat(),
        &env,
        100,
        30,
    );
    presenter.wait_for_text(" start / 4 ");
    let mut notes = Session::start_with_env(&[&data[..], &["notes"]].concat(), &env, 100, 30);
    // The presenter's position on connecting: the tour's first step.
    notes.wait_for_text("step 1 of 4");
    let note = "Five months later, the public statement.";
    assert!(!notes.contents().contains(note));
    // 2 Enter: the second step, whose note the listener shows.
    let sent = std::time::Instant::now();
    presenter.send(b"2\r");
    notes.wait_for_text(note);
    let took = sent.elapsed();
    assert!(took < std::time::Duration::from_millis(200), "the note came after {took:?}");
    assert!(notes.contents().contains("step 2 of 4") && notes.contents().contains("Next:"));
    // The presenter's screen never showed the note.
    assert!(!presenter.contents().contains(note), "notes stay off the room's screen");
    notes.send(b"q");
    assert_eq!(notes.wait_exit(), 0);
    presenter.send(b"q");
    assert_eq!(presenter.wait_exit(), 0);
}

#[test]
fn the_app_asks_the_terminal_for_its_background_and_follows_the_answer() {
    // No --theme and no COLORFGBG: the app asks (OSC 10 and 11, then DA1) and waits a moment.
    let mut s =
        Session::start_with_env(&["--data", "tests/fixtures/small.json"], &[("COLORFGBG", "")], 100, 30);
    s.wait_raw(b"\x1b]11;?");
    // Answer as a terminal with dark text on a white background would.
    s.send(b"\x1b]10;rgb:0000/0000/0000\x1b\\\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c");
    s.wait_first_frame();
    s.send(b"T");
    // Light was chosen: T goes on to the next one.
    s.wait_for_text("theme: high-contrast");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    // A terminal that does not answer: the terminal's own colours.
    let mut s =
        Session::start_with_env(&["--data", "tests/fixtures/small.json"], &[("COLORFGBG", "")], 100, 30);
    s.wait_first_frame();
    s.send(b"T");
    s.wait_for_text("theme: dark");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

/// The small fixture with hyperlinks `setting`, at 160x48: the screens after focusing the
/// details, moving to the next event and back to the details, and everything written.
fn sources_with_links(setting: &str) -> (Vec<String>, String) {
    let args = ["--data", "tests/fixtures/small.json", "--theme", "dark"];
    let mut s = Session::start_with_env(&args, &[("ETHICS_TIMELINE_HYPERLINKS", setting)], 160, 48);
    s.wait_for_text("event 1/");
    let mut screens = Vec::new();
    // Shift-Tab back to the timeline: `1j` would be a count.
    for (keys, shown) in [(&b"2"[..], "●2 Details"), (b"\x1b[Zj", "event 2/"), (b"2", "●2 Details")] {
        let before = s.contents();
        s.send(keys);
        s.wait_for_text(shown);
        s.wait_settled(&before, std::time::Duration::from_millis(150));
        screens.push(s.contents());
    }
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    (screens, String::from_utf8_lossy(&s.raw).into_owned())
}

#[test]
fn hyperlinks_wrap_the_sources_and_change_nothing_on_screen() {
    use ethics_timeline::geometry::details;
    use ethics_timeline::tui::hyperlink::{CLOSER, opener, target};
    // What the app shows: the sources of the first two events, whose addresses are on screen.
    let mut app = common::app(160, 48, &[]);
    let mut urls = Vec::new();
    for _ in 0..2 {
        let spans = details::urls(&app, &ethics_timeline::geometry::screen(&app));
        assert!(!spans.is_empty(), "an address is on screen");
        urls.extend(spans.iter().map(|s| app.data.sources[s.source].url.to_string()));
        ethics_timeline::update::update(&mut app, ethics_timeline::action::Action::Down);
    }

    let (on, raw_on) = sources_with_links("on");
    for url in &urls {
        let open = opener(&target(url).expect("a clean address"));
        let at = raw_on.find(&open).unwrap_or_else(|| panic!("no link to {url}"));
        // The link holds the address's cells and ends.
        let rest = &raw_on[at + open.len()..];
        let end = rest.find(CLOSER).expect("the link is closed");
        let first_cells: String = url.chars().take(20).collect();
        assert!(rest[..end].contains(&first_cells), "{url}: {:?}", &rest[..end]);
    }
    assert!(raw_on.contains("\x1b]8;id=") && raw_on.contains(";https://"));
    assert_eq!(raw_on.matches("\x1b]8;id=").count(), raw_on.matches(CLOSER).count(), "every link is closed");

    let (off, raw_off) = sources_with_links("off");
    assert!(!raw_off.contains("\x1b]8;"), "no hyperlink written when they are off");
    for (a, b) in on.iter().zip(&off) {
        assert_eq!(a, b, "the links change no character on screen");
    }
    assert!(on[0].contains(urls[0].chars().take(40).collect::<String>().as_str()), "{}", on[0]);
}
