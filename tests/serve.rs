//! The classroom server end to end: `serve` on a free loopback port, and the system's
//! OpenSSH client as the student, in a pseudo-terminal. The student sees the timeline, moves
//! and quits with status 0; a command (`ssh … ls /`) and a port forward are refused.
//! The other side doors are in `serve_refusals.rs`, access and limits in `serve_access.rs`,
//! hostile input in `serve_hostile.rs`.

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::serve::{Server, ssh_available};

#[test]
fn a_student_sees_the_timeline_moves_and_quits_cleanly() {
    if !ssh_available() {
        eprintln!("no ssh client here: nothing checked");
        return;
    }
    let server = Server::start();
    let mut student = server.ssh_in_pty(&[]);
    let first = student.wait_first_frame();
    let before = student.contents();
    student.send(b"j");
    student.wait_settled(&before, Duration::from_millis(200));
    assert_eq!(
        student.position(),
        Some(first + 1),
        "j moved the student's selection:\n{}",
        student.contents()
    );
    // A down arrow is three bytes; it arrives whole or split, and moves once.
    let before = student.contents();
    student.send(b"\x1b[B");
    student.wait_settled(&before, Duration::from_millis(200));
    assert_eq!(student.position(), Some(first + 2), "{}", student.contents());
    println!("{}", student.contents());
    student.send(b"q");
    assert_eq!(student.wait_exit(), 0, "q ends the connection with status 0");
}

#[test]
fn a_command_is_refused_and_runs_nothing() {
    if !ssh_available() {
        eprintln!("no ssh client here: nothing checked");
        return;
    }
    let server = Server::start();
    let mut args = server.ssh_args(&[]);
    args.extend(["ls", "/"].map(String::from));
    let out = common::serve::run("ssh", &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "ssh … ls / must fail: {out:?}");
    assert!(!stdout.contains("etc") && !stdout.contains("usr"), "ls ran: {stdout}");
}

#[test]
fn a_port_forward_is_refused() {
    if !ssh_available() {
        eprintln!("no ssh client here: nothing checked");
        return;
    }
    let server = Server::start();
    let local = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = local.local_addr().expect("address").port();
    drop(local);
    let forward = format!("{port}:127.0.0.1:22");
    let mut ssh = Command::new("ssh")
        .args(server.ssh_args(&["-o", "LogLevel=INFO", "-N", "-L", &forward]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ssh");
    // Once ssh listens on the forward's port, a connection through it is refused by the
    // server: the local end closes at once and ssh says the channel open failed.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut conn = loop {
        if let Ok(c) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break c;
        }
        assert!(Instant::now() < deadline, "ssh never listened on the forward");
        std::thread::sleep(Duration::from_millis(50));
    };
    conn.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let mut buf = [0u8; 64];
    let got = conn.read(&mut buf).expect("the forward closes rather than hangs");
    assert_eq!(got, 0, "nothing came through the forward");
    // ssh logs the refusal as it closes the local end; give it a moment to write.
    std::thread::sleep(Duration::from_millis(300));
    let _ = ssh.kill();
    let out = ssh.wait_with_output().expect("ssh output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("open failed"), "ssh reports the refusal: {stderr}");
}
