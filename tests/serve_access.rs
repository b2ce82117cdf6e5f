//! Who gets in, and how many: the join code and the authorized keys, asked even on
//! loopback; and each limit of `serve` at a small value, so the test is quick: sessions,
//! per address, not yet logged in, the login grace, the idle kick and the input rate.
//!
//! A connection refused by a cap is closed before SSH starts, so [`banner`] (a bare socket
//! reading the server's identification line) tells a refused connection from an admitted
//! one without logging in.

mod common;
#[path = "common/sshclient.rs"]
mod sshclient;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::Session;
use common::serve::{Server, assert_moves, run, ssh_available};

macro_rules! need_ssh {
    () => {
        if !ssh_available() {
            eprintln!("no ssh client here: nothing checked");
            return;
        }
    };
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The server's identification line if it admits a connection from here, `None` if it
/// closes the socket at once. The socket is closed after, giving its slots back.
fn banner(port: u16) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while !got.contains(&b'\n') {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    let line = text(&got);
    line.starts_with("SSH-2.0-").then(|| line.trim().to_string())
}

/// Waits until a connection from here is admitted again (a slot given back is given back
/// by the connection's task, a moment after the client left).
fn wait_admitted(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while banner(port).is_none() {
        assert!(Instant::now() < deadline, "no connection admitted again");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn bad_access_flags_are_refused_before_listening() {
    for (args, says) in [
        (&["serve", "--listen", "127.0.0.1:0", "--join-code", "12345"][..], "6 or more digits"),
        (&["serve", "--listen", "127.0.0.1:0", "--join-code", "12345a"][..], "6 or more digits"),
        (&["serve", "--listen", "127.0.0.1:22"][..], "port 22"),
        (
            &["serve", "--listen", "127.0.0.1:0", "--join-code", "123456", "--authorized-keys", "Cargo.toml"]
                [..],
            "not both",
        ),
        (&["serve", "--listen", "127.0.0.1:0", "--authorized-keys", "Cargo.toml"][..], "no public key"),
        (&["serve", "--listen", "127.0.0.1:0", "--idle", "0"][..], "more than zero"),
        (&["serve", "--listen", "127.0.0.1:0", "--idle", "5x"][..], "unit"),
    ] {
        let out = common::run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(text(&out.stderr).contains(says), "{args:?} says {says:?}: {}", text(&out.stderr));
    }
}

#[test]
fn off_loopback_a_join_code_is_made_and_said() {
    let mut cmd = std::process::Command::new(common::bin());
    cmd.args(["serve", "--listen", "0.0.0.0:0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in common::user_dirs() {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok);
    let said: Vec<String> = lines.by_ref().take_while(|l| !l.starts_with("access:")).collect();
    let _ = child.kill();
    let _ = child.wait();
    assert!(said.iter().any(|l| l.contains("warning: listening on every interface")), "{said:?}");
    let code = said.iter().find_map(|l| l.strip_prefix("join code:")).map(str::trim).unwrap_or_default();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "a six-digit code: {said:?}");
}

/// ssh in a pty answering keyboard-interactive itself: the code is typed like a student would.
fn ssh_asking_code(server: &Server) -> Session {
    server.ssh_in_pty(&[
        "-o",
        "BatchMode=no",
        "-o",
        "NumberOfPasswordPrompts=1",
        "-o",
        "PreferredAuthentications=keyboard-interactive",
    ])
}

#[test]
fn the_join_code_is_asked_on_loopback_too_and_only_the_right_one_gets_in() {
    need_ssh!();
    let server = Server::start_with(&["--join-code", "123456"]);
    server.wait_log("the join code as the access", |l| l.contains("access:        the join code"));

    let mut right = ssh_asking_code(&server);
    right.wait_for_text("Join code");
    right.send(b"123456\r");
    right.wait_first_frame();
    right.send(b"q");
    assert_eq!(right.wait_exit(), 0);

    let mut wrong = ssh_asking_code(&server);
    wrong.wait_for_text("Join code");
    wrong.send(b"654321\r");
    assert_eq!(wrong.wait_exit(), 255, "a wrong code is refused:\n{}", wrong.contents());
    assert!(wrong.contents().contains("Permission denied"), "{}", wrong.contents());
    assert!(!wrong.contents().contains("Timeline"), "no app for a wrong code");

    // With no way to type a code, no other method lets anyone in: not even `none`, which an
    // open loopback server would accept.
    let out = run("ssh", &server.ssh_args(&[]));
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(text(&out.stderr).contains("Permission denied (keyboard-interactive)"), "{}", text(&out.stderr));
}

fn keygen(path: &Path) -> bool {
    Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f"])
        .arg(path)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn only_a_listed_key_gets_in() {
    need_ssh!();
    let dir = common::temp_dir("access-keys");
    let (listed, other) = (dir.join("listed"), dir.join("other"));
    if !keygen(&listed) || !keygen(&other) {
        eprintln!("no ssh-keygen here: nothing checked");
        return;
    }
    let file = dir.join("authorized_keys");
    let public = std::fs::read_to_string(listed.with_extension("pub")).expect("the public key");
    std::fs::write(&file, format!("# the class\n\n{public}")).expect("write authorized_keys");
    let server = Server::start_with(&["--authorized-keys", &file.display().to_string()]);
    server.wait_log("one key", |l| l.contains("1 authorized key"));

    let key_args = |key: &Path| {
        let key = key.display().to_string();
        vec![
            "-i".to_string(),
            key,
            "-o".into(),
            "IdentitiesOnly=yes".into(),
            "-o".into(),
            "IdentityAgent=none".into(),
        ]
    };
    let args = key_args(&listed);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut student = server.ssh_in_pty(&args);
    student.wait_first_frame();
    student.send(b"q");
    assert_eq!(student.wait_exit(), 0, "the listed key gets the timeline");

    let args = key_args(&other);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run("ssh", &server.ssh_args(&args));
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(text(&out.stderr).contains("Permission denied (publickey)"), "{}", text(&out.stderr));
}

#[test]
fn max_sessions_refuses_the_next_student_until_one_leaves() {
    need_ssh!();
    let mut server = Server::start_with(&["--max-sessions", "1"]);
    let mut first = server.student();
    assert_eq!(banner(server.port), None, "a second connection is closed before SSH starts");
    let out = run("ssh", &server.ssh_args(&[]));
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    assert!(text(&out.stderr).contains("kex_exchange_identification"), "{}", text(&out.stderr));
    assert_moves(&mut first);
    first.send(b"q");
    assert_eq!(first.wait_exit(), 0);
    wait_admitted(server.port);
    server.assert_serves_a_student();
}

#[test]
fn max_per_address_counts_each_address_apart() {
    need_ssh!();
    let server = Server::start_with(&["--max-per-address", "1"]);
    let mut first = server.student();
    assert_eq!(banner(server.port), None, "a second connection from 127.0.0.1 is refused");
    // 127.0.0.2 is loopback too, and another address: it has a slot of its own.
    if std::net::UdpSocket::bind("127.0.0.2:0").is_ok() {
        let mut other = server.ssh_in_pty(&["-b", "127.0.0.2"]);
        other.wait_first_frame();
        other.send(b"q");
        assert_eq!(other.wait_exit(), 0, "a student from another address gets in");
    } else {
        eprintln!("127.0.0.2 is not usable here: the other address not checked");
    }
    first.send(b"q");
    assert_eq!(first.wait_exit(), 0);
    wait_admitted(server.port);
}

#[test]
fn max_connects_per_minute_turns_away_a_reconnecting_loop() {
    let server = Server::start_with(&["--max-connects-per-minute", "3"]);
    // Three connections in the minute are greeted; the fourth is closed before any SSH.
    for n in 1..=3 {
        assert!(banner(server.port).is_some(), "connection {n} of 3 is greeted");
    }
    assert_eq!(banner(server.port), None, "a fourth within the minute is turned away");
}

/// A connection that says it speaks SSH and then nothing more: it never logs in.
fn silent_client(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(b"SSH-2.0-silent\r\n").expect("send an identification");
    s
}

#[test]
fn max_unauthenticated_holds_back_connections_not_logged_in() {
    need_ssh!();
    let server = Server::start_with(&["--max-unauthenticated", "1"]);
    // Logged in, a student gives the slot back: a second one logs in beside them.
    let mut first = server.student();
    let mut second = server.student();
    // One connection that never logs in takes the one slot: the next waits its turn (a class
    // connecting at once is held back, not turned away), and is served once the slot is free.
    let mut silent = silent_client(server.port);
    let mut id = [0u8; 8];
    silent.read_exact(&mut id).expect("the silent client is admitted");
    let mut next = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    next.set_read_timeout(Some(Duration::from_millis(500))).expect("timeout");
    let mut got = [0u8; 8];
    assert!(next.read(&mut got).is_err(), "no greeting while the only pre-login slot is taken");
    drop(silent);
    next.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    next.read_exact(&mut got).expect("greeted once the slot is free");
    assert_eq!(&got, b"SSH-2.0-", "the server's identification");
    drop(next);
    wait_admitted(server.port);
    for s in [&mut first, &mut second] {
        assert_moves(s);
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0);
    }
}

/// A connection the server admitted (it sent its identification line), and when it was
/// made; retried while the server refuses at once.
fn admitted(port: u16) -> (TcpStream, Instant) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let start = Instant::now();
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
        s.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
        let mut got = Vec::new();
        let mut byte = [0u8];
        while !got.ends_with(b"\n") && s.read(&mut byte).is_ok_and(|n| n == 1) {
            got.push(byte[0]);
        }
        if got.starts_with(b"SSH-2.0-") {
            return (s, start);
        }
        assert!(Instant::now() < deadline, "never admitted");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How long until the server closes `s`, reading (and dropping) whatever it sends.
fn closed_after(s: &mut TcpStream, start: Instant) -> Duration {
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return start.elapsed(),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return start.elapsed(),
            Err(e) => panic!("the server never closed the connection: {e}"),
        }
    }
}

#[test]
fn a_connection_not_logged_in_within_the_grace_is_closed() {
    need_ssh!();
    let mut server = Server::start_with(&["--login-grace", "1", "--max-unauthenticated", "1"]);
    // One that stops in the key exchange, and one that never even says it speaks SSH.
    // The one pre-login slot makes each wait for the last to be closed.
    for greeting in [&b"SSH-2.0-silent\r\n"[..], b""] {
        let (mut s, start) = admitted(server.port);
        s.write_all(greeting).expect("send");
        let after = closed_after(&mut s, start);
        assert!(
            after >= Duration::from_millis(800) && after < Duration::from_secs(4),
            "greeting {:?}: closed after {after:?}, not about 1 s",
            text(greeting)
        );
    }
    // One through the key exchange that never authenticates.
    let closed =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(
            async {
                let start = Instant::now();
                let conn = sshclient::handshake(server.port).await;
                while !conn.is_closed() && start.elapsed() < Duration::from_secs(5) {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                conn.is_closed().then(|| start.elapsed())
            },
        );
    let after = closed.expect("a handshake that never logs in is disconnected");
    assert!(after >= Duration::from_millis(700) && after < Duration::from_secs(4), "closed after {after:?}");
    // A student who logged in stays past the grace, and the slot the others held is free.
    let mut student = server.student();
    std::thread::sleep(Duration::from_millis(1500));
    assert_moves(&mut student);
    student.send(b"q");
    assert_eq!(student.wait_exit(), 0);
    server.assert_serves_a_student();
}

#[test]
fn an_idle_student_is_told_and_disconnected() {
    need_ssh!();
    let server = Server::start_with(&["--idle", "2s"]);
    let mut student = server.student();
    // Keys keep the session: past the idle time, typing all along, it is still there.
    let typing = Instant::now();
    while typing.elapsed() < Duration::from_secs(3) {
        assert_moves(&mut student);
        std::thread::sleep(Duration::from_millis(400));
    }
    let quiet = Instant::now();
    // Warned first, on the status bar (half the idle time before, for so short a one).
    student.wait_for_text("this session ends in");
    let warned = quiet.elapsed();
    assert!(warned < Duration::from_millis(1900), "warned {warned:?} after the last key");
    student.wait_for_text("Disconnected after a long idle time");
    let waited = quiet.elapsed();
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(5),
        "kicked {waited:?} after the last key, with --idle 2s"
    );
    assert_eq!(student.wait_exit(), 0, "an idle kick ends with status 0");
}

#[test]
fn too_much_input_disconnects_that_student_only() {
    need_ssh!();
    let mut server = Server::start_with(&["--input-rate", "200"]);
    let mut calm = server.student();
    let mut flood = server.student();
    // A key is far under the cap.
    assert_moves(&mut flood);
    // A thousand bytes in one go is not typing: `w` does nothing in the app, so only the
    // cap can end the session.
    flood.send(&[b'w'; 1000]);
    assert_eq!(flood.wait_exit(), 255, "disconnected:\n{}", flood.contents());
    assert!(text(&flood.raw).contains("too much input"), "ssh says why:\n{}", flood.contents());
    assert_moves(&mut calm);
    calm.send(b"q");
    assert_eq!(calm.wait_exit(), 0);
    server.assert_serves_a_student();
}
