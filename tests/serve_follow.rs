//! The classroom end to end with both sides on screen: the teacher's `serve` in one
//! pseudo-terminal (the presenter's own app beside the server), a student's OpenSSH client in
//! another. The student starts following, sees the teacher's moves, searches (which frees
//! them, with the badge saying where the presenter is), presses `F` and is back on the
//! presenter's event; the teacher's status bar counts who is connected and following.

mod common;

use std::process::Command;
use std::time::Duration;

use common::pty::Session;

fn ssh_available() -> bool {
    Command::new("ssh").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// The teacher's app, serving on a port the system picks; the port is read off the room card
/// the teacher's screen opens with.
fn teacher() -> (Session, u16) {
    let args = ["serve", "--listen", "127.0.0.1:0", "--theme", "dark"];
    let mut t = Session::start(&args, 100, 30);
    // The whole card: the line after the port, and the fingerprint two lines below it.
    t.wait_for("the room card", |c| {
        c.contains("class@127.0.0.1") && c.contains("SHA256:") && c.contains("Now:")
    });
    let screen = t.contents();
    let port = screen
        .split("ssh -p ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("a port on the room card:\n{screen}"));
    assert!(screen.contains("class@127.0.0.1"), "{screen}");
    assert!(screen.contains("SHA256:"), "the host key's fingerprint is on the card:\n{screen}");
    (t, port)
}

fn student(port: u16) -> Session {
    let mut args = common::serve::options_for(port, &[]);
    args.push("class@127.0.0.1".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Session::program("ssh", &args, 80, 24)
}

/// Sends `keys` and waits until the screen has changed and settled.
fn press(s: &mut Session, keys: &[u8]) {
    let before = s.contents();
    s.send(keys);
    s.wait_settled(&before, Duration::from_millis(150));
}

#[test]
fn a_student_follows_is_freed_by_a_search_and_follows_again_with_f() {
    if !ssh_available() {
        eprintln!("no ssh client here: nothing checked");
        return;
    }
    let (mut t, port) = teacher();
    // Esc closes the room card; the teacher's app is the presenter.
    press(&mut t, b"\x1b");
    t.wait_for("the teacher's panes", |c| c.contains("1 Timeline") && c.contains("0 students"));

    let mut s = student(port);
    s.wait_for("the student's first frame", |c| {
        c.contains("following the presenter") && c.contains("event ")
    });
    t.wait_for("the teacher's count", |c| c.contains("1 student · 1 following"));
    assert_eq!(s.position(), t.position(), "the student starts on the presenter's event");

    // The teacher moves: the following student is taken along.
    press(&mut t, b"j");
    press(&mut t, b"j");
    let at = t.position().expect("the teacher's position");
    s.wait_for("the presenter's new event", |c| c.contains(&format!("event {at}/")));

    // A search of the student's own moves them and frees them.
    s.send(b"/");
    s.wait_for("the search line", |c| c.contains('/'));
    s.send(b"Rekognition\r");
    s.wait_for("the badge of a free student", |c| c.contains("F to follow"));
    let mine = s.position().expect("the student's position");
    assert_ne!(mine, at, "the search took the student elsewhere:\n{}", s.contents());
    t.wait_for("the teacher's count", |c| c.contains("1 student · 0 following"));

    // The presenter moves on; the free student stays, and the badge says where it went.
    press(&mut t, b"j");
    let at = t.position().expect("the teacher's position");
    s.wait_for("the badge to update", |c| c.contains("presenter at:") || c.contains("presenter moved"));
    assert_eq!(s.position(), Some(mine), "a free student stays put:\n{}", s.contents());

    // F: following again, on the presenter's event.
    s.send(b"F");
    s.wait_for("the presenter's event again", |c| {
        c.contains(&format!("event {at}/")) && c.contains("following the presenter")
    });
    t.wait_for("the teacher's count", |c| c.contains("1 student · 1 following"));

    // The presenter presents: the student sees the same slide, then each revealed contract.
    press(&mut t, b"p");
    s.wait_for("the presenter's slide", |c| c.contains(&format!(" {at} / ")) && c.contains("┏"));

    s.send(b"q");
    assert_eq!(s.wait_exit(), 0, "q ends the student's connection with status 0");
    t.wait_for("the teacher's count", |c| c.contains("0 students"));
    t.send(b"q");
    assert_eq!(t.wait_exit(), 0, "q ends the teacher's app and the server");
}

#[test]
fn students_are_told_when_the_presenter_ends_the_class() {
    if !ssh_available() {
        eprintln!("no ssh client here: nothing checked");
        return;
    }
    let (mut t, port) = teacher();
    let mut s = student(port);
    s.wait_for("the student's first frame", |c| c.contains("event "));
    t.wait_for("the teacher's count", |c| c.contains("1 student"));
    // q first closes the room card (as it closes any overlay), then quits.
    press(&mut t, b"q");
    t.send(b"q");
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(s.wait_exit(), 0, "the student's ssh ends cleanly when the class does");
    s.wait_for("the goodbye", |c| c.contains("The presenter ended the class"));
}

#[test]
fn the_notes_screen_follows_the_teacher_while_serving() {
    let dir = common::temp_dir("serve-notes");
    let runtime = dir.to_string_lossy().into_owned();
    let env = [("XDG_RUNTIME_DIR", runtime.as_str())];
    let data = ["--data", "tests/fixtures/small.json"];
    let args = [
        &data[..],
        &["serve", "--listen", "127.0.0.1:0", "--theme", "dark", "--tour", "words-and-contracts-2018"],
    ]
    .concat();
    let mut t = Session::start_with_env(&args, &env, 100, 30);
    t.wait_for("the room card", |c| c.contains("Classroom"));
    press(&mut t, b"\x1b");
    t.wait_for_text(" start / 4 ");
    let mut notes = Session::start_with_env(&[&data[..], &["notes"]].concat(), &env, 100, 30);
    notes.wait_for_text("step 1 of 4");
    let note = "Five months later, the public statement.";
    t.send(b"2\r");
    notes.wait_for_text(note);
    assert!(notes.contents().contains("step 2 of 4"), "{}", notes.contents());
    assert!(!t.contents().contains(note), "notes stay off the room's screen");
    notes.send(b"q");
    assert_eq!(notes.wait_exit(), 0);
    t.send(b"q");
    assert_eq!(t.wait_exit(), 0);
}
