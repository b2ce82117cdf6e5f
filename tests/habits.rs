//! End to end, the habits users bring (#17): copy a citation into tmux's buffer, open a source
//! with `$BROWSER`, `5j`, marks and history across a restart, and the config file.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::Session;

const SMALL: &str = "tests/fixtures/small.json";

/// The small fixture's event and its place (1-based) in the timeline.
fn place_of(id: &str) -> usize {
    let app = common::app(100, 30, &[]);
    let e = app.data.event_index(id).expect("event in the fixture");
    app.tables.visible_pos.get(e).expect("visible") + 1
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && !text.is_empty()
        {
            return text;
        }
        assert!(Instant::now() < deadline, "nothing written to {}", path.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// tmux on its own server socket, so the test neither sees nor touches the user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(name: &str) -> Self {
        Self { socket: format!("et-{name}-{}", std::process::id()) }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("this test needs tmux (apt-get install tmux)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what:?}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn y_copies_the_citation_into_tmux_and_prints_it_on_the_way_out() {
    let id = "ms-2018-06-19-employee-letter";
    let app = common::app(100, 30, &[]);
    let expected = app.data.citation(app.data.event_index(id).expect("event"));
    assert_eq!(expected.lines().count(), 2, "two sources, one line each");

    let tmux = Tmux::new("copy");
    let [(ck, cv), (sk, sv)] = common::user_dirs();
    let command = format!(
        // The pane stays a moment after the app, to read what it printed on the way out.
        "env {ck}={} {sk}={} {} --data {SMALL} --theme dark --goto {id}; sleep 30",
        cv.display(),
        sv.display(),
        common::bin()
    );
    let dir = env!("CARGO_MANIFEST_DIR");
    tmux.run(&["new-session", "-d", "-s", "t", "-x", "100", "-y", "30", "-c", dir, &command]);
    // tmux keeps what an app copies (OSC 52) as a paste buffer only with set-clipboard on.
    tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    tmux.wait_for("event ");
    tmux.run(&["send-keys", "-t", "t", "y", "y"]);
    tmux.wait_for("copied the citation (2 sources)");
    assert_eq!(tmux.run(&["show-buffer"]), expected, "tmux holds the citation, exactly");
    // Inside tmux the clipboard may not reach the user's own: the copy is printed on exit.
    tmux.run(&["send-keys", "-t", "t", "q"]);
    let after = tmux.wait_for("Last copied");
    let first = expected.lines().next().unwrap_or_default();
    assert!(after.contains(&first[..40.min(first.len())]), "{after}");
}

#[test]
fn o_gives_the_browser_the_url_as_its_only_argument() {
    let dir = common::temp_dir("browser");
    let script = dir.join("browser.sh");
    let out = dir.join("args");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '{}'\n", out.display()))
        .expect("script");
    Command::new("chmod").arg("+x").arg(&script).status().expect("chmod");
    // A URL with ? and = in it: a shell would have had something to do.
    let id = "ms-2018-01-azure-government-ice-post";
    let app = common::app(100, 30, &[]);
    let e = app.data.event_index(id).expect("event");
    let url = app.data.sources[app.data.events[e].sources[0]].url.to_string();
    assert!(url.contains('?'), "{url}");
    let browser = script.display().to_string();
    let mut s = Session::start_with_env(&["--data", SMALL, "--goto", id], &[("BROWSER", &browser)], 100, 30);
    s.wait_first_frame();
    s.send(b"o");
    s.wait_for_text("opening https://");
    assert_eq!(wait_for_file(&out), format!("1\n{url}\n"));
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_count_moves_that_many_and_a_lone_digit_still_switches_panes() {
    let mut s = Session::start(&["--data", SMALL], 100, 30);
    assert_eq!(s.wait_first_frame(), 1);
    s.send(b"5j");
    s.wait_for_text("event 6/18");
    s.send(b"10k");
    s.wait_for_text("event 1/18");
    s.send(b"3");
    s.wait_for_text("●3 Say vs. do");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn marks_and_history_are_there_after_a_restart() {
    let state = common::temp_dir("marks");
    let state_dir = state.display().to_string();
    let env = [("XDG_STATE_HOME", state_dir.as_str())];
    let ivas = place_of("ms-2018-11-20-ivas-award");

    let mut s = Session::start_with_env(&["--data", SMALL], &env, 100, 30);
    s.wait_first_frame();
    s.send(b":2018-11\r");
    s.wait_for_text(&format!("event {ivas}/18"));
    s.send(b"ma");
    s.wait_for_text("mark a set");
    s.send(b"/petition\r");
    s.wait_for_text("match 1/1");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    let mut s = Session::start_with_env(&["--data", SMALL], &env, 100, 30);
    assert_eq!(s.wait_first_frame(), 1);
    s.send(b"'a");
    s.wait_for_text(&format!("event {ivas}/18"));
    // Up in the search line brings back the last search.
    s.send(b"/\x1b[A");
    s.wait_for_text("/petition");
    // Esc, then q after a pause: together they would read as Alt-q.
    s.send(b"\x1b");
    s.wait_for_text("event ");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

/// A config folder holding `text` as the config file.
fn config_dir(test: &str, text: &str) -> String {
    let dir = common::temp_dir(test);
    std::fs::create_dir_all(dir.join("ethics-timeline")).expect("dir");
    std::fs::write(dir.join("ethics-timeline/config.toml"), text).expect("config");
    dir.display().to_string()
}

/// Whether the screen's top row is the time ruler rather than a pane's border.
fn ruler_shown(screen: &str) -> bool {
    screen.lines().nth(1).is_some_and(|l| l.starts_with("2018"))
}

#[test]
fn the_config_file_sets_the_start_and_the_command_line_beats_it() {
    let good = config_dir("config-good", "ruler = false\ncompany = \"google\"\n[keys]\nsearch = \"s\"\n");
    let env = [("XDG_CONFIG_HOME", good.as_str())];
    let google = place_of("goog-2018-06-01-no-maven-follow-on");

    // Tall enough for the help's search keys on its first page.
    let mut s = Session::start_with_env(&["--data", SMALL], &env, 120, 60);
    s.wait_for_text(&format!("event {google}/18 · Google"));
    assert!(!ruler_shown(&s.contents()), "ruler = false:\n{}", s.contents());
    s.send(b"s");
    s.wait_for_text("/█");
    s.send(b"\x1b");
    s.wait_for("the search line closed", |screen| !screen.contains("/█"));
    s.send(b"?");
    // The help shows the moved key, and the key it took it from without one.
    s.wait_for_text("  s                 search titles");
    s.wait_for_text("(no key)          order the pairs");
    s.send(b"qq");
    assert_eq!(s.wait_exit(), 0);

    let mut s =
        Session::start_with_env(&["--data", SMALL, "--ruler", "on", "--company", "microsoft"], &env, 100, 30);
    s.wait_for_text("event 1/18 · Microsoft");
    assert!(ruler_shown(&s.contents()), "--ruler on beats the file:\n{}", s.contents());
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_bad_config_is_located_and_the_app_starts_on_defaults() {
    let bad = config_dir("config-bad", "ruler = false\nthme = \"light\"\n");
    let env = [("XDG_CONFIG_HOME", bad.as_str())];
    let mut s = Session::start_with_env(&["--data", SMALL], &env, 160, 30);
    s.wait_for_text("config: config.toml:2:1: unknown field `thme`");
    assert!(ruler_shown(&s.contents()), "nothing of the bad file is used:\n{}", s.contents());
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);

    let out = common::run_with_env(&["--data", SMALL, "--plain"], &env);
    assert!(
        common::text(&out.stderr).contains("config.toml:2:1: unknown field `thme`"),
        "{}",
        common::text(&out.stderr)
    );
    assert!(out.status.success());
}

#[test]
fn config_print_writes_defaults_that_read_back() {
    let out = common::run(&["config", "--print"]);
    assert!(out.status.success());
    let text = common::text(&out.stdout);
    assert!(text.contains("# theme = \"dark\"") && text.contains("# search = [\"/\"]"), "{text}");
    let dir = config_dir("config-printed", &text);
    let out = common::run_with_env(&["--data", SMALL, "--plain"], &[("XDG_CONFIG_HOME", dir.as_str())]);
    assert_eq!(common::text(&out.stderr), "", "the printed defaults read without a problem");
}
