//! The classroom server as the tests run it: `serve` on a free loopback port (the port read
//! back from the join line it prints), its stderr kept for assertions, killed when the test
//! ends however it ends; and the OpenSSH client's options for reaching it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::pty::Session;

/// Servers of one test binary share its host key file (under [`super::user_dirs`]); the first
/// to start makes it. Starting one at a time keeps a second server from reading the file
/// while the first is still writing it.
static STARTING: Mutex<()> = Mutex::new(());

/// A running `serve`.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Every line the server wrote to stderr so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// `serve --listen 127.0.0.1:0`, open access.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// `serve --listen 127.0.0.1:0` and `args` (limits, access). Its stdin and stdout are not
    /// a terminal, so it runs as a plain server whatever the teacher's side grows into.
    pub fn start_with(args: &[&str]) -> Self {
        let _one_at_a_time = STARTING.lock().unwrap_or_else(PoisonError::into_inner);
        let mut cmd = Command::new(super::bin());
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in super::user_dirs() {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let keep = Arc::clone(&log);
        // Keeps draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                keep.lock().unwrap_or_else(PoisonError::into_inner).push(line.clone());
                let _ = tx.send(line);
            }
        });
        let mut server = Self { child, port: 0, log };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = rx.recv_timeout(left) else {
                panic!("no join line from serve {args:?}; stderr: {:?}", server.log());
            };
            if let Some(rest) = line.strip_prefix("students run:  ssh -p ") {
                server.port = rest.split(' ').next().and_then(|p| p.parse().ok()).expect("a port");
                assert!(rest.ends_with("class@127.0.0.1"), "{line}");
            }
            if line.starts_with("host key:") {
                assert!(line.contains("SHA256:"), "{line}");
                break;
            }
        }
        assert_ne!(server.port, 0, "a port on the join line: {:?}", server.log());
        server
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Waits until the server's stderr has a line satisfying `ok`.
    pub fn wait_log(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.log().iter().any(|l| ok(l)) {
            assert!(Instant::now() < deadline, "serve never logged {what}: {:?}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The client options every OpenSSH tool here takes: [`options_for`] this server's port.
    pub fn options(&self, first: &[&str]) -> Vec<String> {
        options_for(self.port, first)
    }

    /// `ssh` arguments up to and with the destination; a command may follow.
    pub fn ssh_args(&self, first: &[&str]) -> Vec<String> {
        let mut out = self.options(first);
        out.push(DESTINATION.into());
        out
    }

    /// OpenSSH's `ssh` in a 100x30 pseudo-terminal, as a student runs it.
    pub fn ssh_in_pty(&self, first: &[&str]) -> Session {
        let args = self.ssh_args(first);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Session::program("ssh", &args, 100, 30)
    }

    /// A student who got the timeline.
    pub fn student(&self) -> Session {
        let mut s = self.ssh_in_pty(&[]);
        s.wait_first_frame();
        s
    }

    /// The server still does its job: a new student gets the timeline, moves, and quits with
    /// status 0.
    pub fn assert_serves_a_student(&mut self) {
        assert!(self.alive(), "serve is still running; stderr: {:?}", self.log());
        let mut s = self.student();
        assert_moves(&mut s);
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0, "q ends the connection with status 0");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Who the student is: any name works (there are no accounts).
pub const DESTINATION: &str = "class@127.0.0.1";

/// `j` moves the student's selection one down, within the harness's deadline.
pub fn assert_moves(s: &mut Session) {
    let before = s.position().unwrap_or_else(|| panic!("a position in the status bar:\n{}", s.contents()));
    s.send(b"j");
    s.wait_for("j to move the selection", |screen| position_in(screen) == Some(before + 1));
}

/// The `N` of `event N/M` in a screen's status bar.
pub fn position_in(screen: &str) -> Option<usize> {
    let rest = screen.split("event ").nth(1)?;
    rest.split('/').next()?.trim().parse().ok()
}

/// The OpenSSH client is installed; tests that need it say so and pass without it.
pub fn ssh_available() -> bool {
    Command::new("ssh").arg("-V").output().is_ok_and(|o| o.status.success())
}

/// Runs `ssh` (or `sftp`, `scp`) without a terminal, with stdin empty, and waits for it; one
/// still running after [`RUN_DEADLINE`] (a door that opened, say) is killed, so its test
/// fails on what it printed rather than hanging.
pub fn run(program: &str, args: &[String]) -> std::process::Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let deadline = Instant::now() + RUN_DEADLINE;
    while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap_or_else(|e| panic!("wait for {program}: {e}"))
}

pub const RUN_DEADLINE: Duration = Duration::from_secs(10);

/// The client options every OpenSSH tool here takes (`ssh`, `sftp`, `scp`) for a server on
/// `port`: no user config, no known_hosts, no prompts. `first` come first, and OpenSSH keeps
/// the first value it reads of an option, so they override the defaults.
pub fn options_for(port: u16, first: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = ["-F", "/dev/null"].map(String::from).to_vec();
    out.extend(first.iter().map(|s| (*s).to_string()));
    for o in [
        &format!("Port={port}"),
        "StrictHostKeyChecking=no",
        "UserKnownHostsFile=/dev/null",
        "BatchMode=yes",
        "LogLevel=ERROR",
        "ConnectTimeout=10",
    ] {
        out.extend(["-o".to_string(), o.to_string()]);
    }
    out
}
