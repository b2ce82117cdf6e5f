//! The terminal is always given back: after q, Ctrl-C, an internal error, a panic, SIGTERM,
//! SIGHUP, and Ctrl-Z then fg. Each test runs the real binary in a pseudo-terminal and checks
//! that the alternate screen was left, the cursor is visible and mouse reporting is off; the
//! suspend test also checks that the shell echoes again (raw mode is off).

mod common;

use common::pty::Session;

fn assert_restored(s: &Session) {
    assert!(!s.parser.screen().alternate_screen(), "left the alternate screen");
    assert!(!s.parser.screen().hide_cursor(), "cursor visible");
    let raw = String::from_utf8_lossy(&s.raw);
    let on = raw.rfind("\x1b[?1000h").unwrap_or(0);
    let off = raw.rfind("\x1b[?1000l").unwrap_or(0);
    assert!(off > on, "mouse reporting turned off after it was turned on");
}

fn started(env: &[(&str, &str)]) -> Session {
    let mut s = Session::start_with_env(&[], env, 100, 30);
    s.wait_first_frame();
    s
}

#[test]
fn quit_keys_restore() {
    for key in [&b"q"[..], b"\x03"] {
        let mut s = started(&[]);
        s.send(key);
        assert_eq!(s.wait_exit(), 0);
        assert_restored(&s);
    }
}

#[test]
fn an_internal_error_restores_and_reports() {
    let mut s = started(&[("ETHICS_TIMELINE_TEST_FAULT", "error")]);
    assert_eq!(s.wait_exit(), 1);
    assert_restored(&s);
    assert!(s.contents().contains("test fault: a forced error"), "{}", s.contents());
}

#[test]
fn a_panic_restores_and_reports() {
    let mut s = Session::start_with_env(&[], &[("ETHICS_TIMELINE_TEST_FAULT", "panic")], 100, 30);
    assert_eq!(s.wait_exit(), 101);
    assert_restored(&s);
    // The report (with a backtrace) may scroll past the screen; it is in what was written.
    assert!(String::from_utf8_lossy(&s.raw).contains("a forced panic"), "{}", s.contents());
}

#[test]
fn sigterm_and_sighup_restore_and_exit_128_plus_n() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let mut s = started(&[]);
        s.kill(signal);
        assert_eq!(s.wait_exit(), code, "SIG{signal}");
        assert_restored(&s);
    }
}

#[test]
fn ctrl_z_then_fg_resumes_and_redraws() {
    let mut s = Session::shell(100, 30);
    s.send(format!("{} --data tests/fixtures/small.json\r", common::bin()).as_bytes());
    s.wait_for("the first frame", |c| c.contains("event 1/"));
    s.send(b"\x1a");
    s.wait_for("the shell", |c| c.contains("Stopped"));
    assert_restored(&s);
    s.send(b"fg\r");
    s.wait_for("the redraw", |c| c.contains("event 1/") && c.contains("1 Timeline"));
    assert!(s.parser.screen().alternate_screen(), "back on the alternate screen");
    s.send(b"j");
    s.wait_for_text("event 2/");
    s.send(b"q");
    s.wait_for("the shell again", |c| !c.contains("1 Timeline"));
    assert_restored(&s);
    // Raw mode is off: the shell echoes what is typed.
    s.send(b"echo restored-$((40+2))\r");
    s.wait_for_text("restored-42");
    s.send(b"exit\r");
    s.wait_exit();
}

#[test]
fn closing_the_terminal_ends_the_app() {
    // Closing the window: the terminal hangs up under the app. crossterm can spin on the end of
    // file that follows, so this checks the app still goes. tmux closes a terminal for real (our
    // own harness keeps a reader open). `.ci/run` installs tmux where it is missing.
    use std::process::Command;
    let session = format!("et-hangup-{}", std::process::id());
    let started = Command::new("tmux")
        .args(["new-session", "-d", "-s", &session, "-x", "100", "-y", "30", common::bin()])
        .status();
    assert!(started.is_ok_and(|s| s.success()), "this test needs tmux (apt-get install tmux)");
    std::thread::sleep(std::time::Duration::from_millis(800));
    let pid = Command::new("tmux")
        .args(["list-panes", "-t", &session, "-F", "#{pane_pid}"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse::<u32>().ok())
        .expect("the app's pid");
    let _ = Command::new("tmux").args(["kill-session", "-t", &session]).status();
    let alive = || std::path::Path::new(&format!("/proc/{pid}")).exists();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while alive() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if alive() {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("the app was still running 5 s after its terminal closed");
    }
}

#[test]
fn big_files_load_behind_a_loading_screen_and_report_problems_after_it() {
    // Every file counts as big here, so the small fixture takes the loading-screen path.
    let env = [("ETHICS_TIMELINE_LOADING_SCREEN_BYTES", "0")];
    let mut s = Session::start_with_env(&["--data", "tests/fixtures/small.json"], &env, 100, 30);
    s.wait_first_frame();
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s);

    let bad = "tests/fixtures/bad/unknown-kind.json";
    let mut s = Session::start_with_env(&["--data", bad], &env, 100, 30);
    assert_eq!(s.wait_exit(), 2);
    assert_restored(&s);
    assert!(s.contents().contains("unknown kind"), "{}", s.contents());
}
