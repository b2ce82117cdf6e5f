//! The classroom server end to end: `serve` on a free loopback port, and the system's
//! OpenSSH client as the student, in a pseudo-terminal. The student sees the timeline, moves
//! and quits with status 0; a command (`ssh … ls /`) and a port forward are refused.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::pty::Session;

/// A running `serve`, killed when the test ends however it ends.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts `serve` on port 0 (the system picks a free one) and reads the port back from
    /// the join line it prints.
    fn start() -> Self {
        let mut cmd = Command::new(common::bin());
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in common::user_dirs() {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Self { child, port: 0 };
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while !seen.iter().any(|l: &String| l.starts_with("host key:")) {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no join line; stderr: {seen:?}"));
            if let Some(rest) = line.strip_prefix("students run:  ssh -p ") {
                server.port = rest.split(' ').next().and_then(|p| p.parse().ok()).expect("a port");
                assert!(rest.ends_with("class@127.0.0.1"), "{line}");
            }
            seen.push(line);
        }
        assert!(seen.iter().any(|l| l.contains("host key:") && l.contains("SHA256:")), "{seen:?}");
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        server
    }

    fn ssh_args(&self) -> Vec<String> {
        self.ssh_args_logging("ERROR")
    }

    /// ssh takes the first value of an option, so the log level is chosen here.
    fn ssh_args_logging(&self, level: &str) -> Vec<String> {
        [
            "-F",
            "/dev/null",
            "-p",
            &self.port.to_string(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=no",
            "-o",
            &format!("LogLevel={level}"),
            "class@127.0.0.1",
        ]
        .map(String::from)
        .to_vec()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ssh_available() -> bool {
    Command::new("ssh").arg("-V").output().is_ok_and(|o| o.status.success())
}

#[test]
fn a_student_sees_the_timeline_moves_and_quits_cleanly() {
    if !ssh_available() {
        eprintln!("no ssh client here: nothing checked");
        return;
    }
    let server = Server::start();
    let args = server.ssh_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut student = Session::program("ssh", &args, 100, 30);
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
    let out = Command::new("ssh")
        .args(server.ssh_args())
        .args(["ls", "/"])
        .stdin(Stdio::null())
        .output()
        .expect("run ssh");
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
    let mut ssh = Command::new("ssh")
        .args(server.ssh_args_logging("INFO"))
        .args(["-N", "-L", &format!("{port}:127.0.0.1:22")])
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
