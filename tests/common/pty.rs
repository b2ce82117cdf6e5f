//! A small harness that runs the real binary in a pseudo-terminal and reads its screen through
//! a vt100 parser. Every wait has a deadline and dumps the screen when it runs out.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    pub parser: vt100::Parser,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    /// Everything the program wrote, for assertions on raw escape sequences.
    pub raw: Vec<u8>,
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap_or(std::num::NonZeroU16::MIN)
}

pub const DEADLINE: Duration = Duration::from_secs(15);

impl Session {
    /// Starts the binary with `args` in a `cols`x`rows` terminal.
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Self {
        Self::start_with_env(args, &[], cols, rows)
    }

    /// Starts an interactive shell (no rc files) for job-control tests.
    pub fn shell(cols: u16, rows: u16) -> Self {
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        cmd.env("PS1", "$ ");
        Self::spawn(cmd, cols, rows)
    }

    /// Starts another program (the OpenSSH client, say) with `args`, with the tests' user
    /// folders as its environment.
    pub fn program(program: &str, args: &[&str], cols: u16, rows: u16) -> Self {
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        for (k, v) in super::user_dirs() {
            cmd.env(k, v);
        }
        Self::spawn(cmd, cols, rows)
    }

    /// Starts the binary with `args` and extra environment variables.
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ethics-timeline"));
        cmd.args(args);
        for (k, v) in super::user_dirs() {
            cmd.env(k, v);
        }
        // The harness's terminal is vt100, which has no hyperlinks: say so, whatever terminal
        // the tests run in (a test that wants them sets the variable itself).
        cmd.env("ETHICS_TIMELINE_HYPERLINKS", "off");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self::spawn(cmd, cols, rows)
    }

    fn spawn(mut cmd: CommandBuilder, cols: u16, rows: u16) -> Self {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        // CommandBuilder starts in $HOME by default; run where the tests run.
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn the binary");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            master: Some(pair.master),
            writer: Some(writer),
            child,
            output: rx,
            raw: Vec::new(),
        }
    }

    fn pump(&mut self, wait: Duration) {
        if let Ok(bytes) = self.output.recv_timeout(wait) {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
            self.raw.extend_from_slice(&bytes);
        }
    }

    /// Takes everything the program wrote before it exited (the restore sequences come last):
    /// reads until the pty reports end of file, or a short deadline passes.
    fn drain(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            match self.output.recv_timeout(Duration::from_millis(50)) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    pub fn contents(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen satisfies `ok`, or panics with the screen after the deadline.
    pub fn wait_for(&mut self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(20));
            if ok(&self.contents()) {
                return;
            }
            assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}; screen:\n{}", self.contents());
        }
    }

    /// The `N` of `event N/M` in the status bar.
    pub fn position(&self) -> Option<usize> {
        let screen = self.contents();
        let rest = screen.split("event ").nth(1)?;
        rest.split('/').next()?.trim().parse().ok()
    }

    /// Waits for the first frame, and returns the selected position it shows.
    pub fn wait_first_frame(&mut self) -> usize {
        self.wait_for("the first frame", |c| c.contains("1 Timeline") && c.contains("event "));
        self.position().unwrap_or(0)
    }

    pub fn wait_for_text(&mut self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is still open");
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Sends a signal (by name, e.g. "TERM") to the program.
    pub fn kill(&self, signal: &str) {
        let pid = self.child.process_id().expect("a running child");
        let status = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        let master = self.master.as_ref().expect("the terminal is still open");
        master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize");
        self.parser.screen_mut().set_size(nz(rows), nz(cols));
    }

    /// Waits for the process to exit and returns its exit code.
    /// Waits until the screen has changed from `before` and then stayed the same for `quiet`:
    /// one whole frame, not the first bytes of it.
    pub fn wait_settled(&mut self, before: &str, quiet: Duration) {
        self.wait_for("the screen to change", |c| c != before);
        let mut last = self.contents();
        let mut since = Instant::now();
        let start = Instant::now();
        while since.elapsed() < quiet && start.elapsed() < DEADLINE {
            self.pump(Duration::from_millis(10));
            let now = self.contents();
            if now != last {
                last = now;
                since = Instant::now();
            }
        }
    }

    /// Waits until the program has written `needle` (raw bytes, escape sequences included).
    pub fn wait_raw(&mut self, needle: &[u8]) {
        let start = Instant::now();
        while !self.raw.windows(needle.len()).any(|w| w == needle) {
            assert!(
                start.elapsed() < DEADLINE,
                "timed out waiting for {:?}",
                String::from_utf8_lossy(needle)
            );
            self.pump(Duration::from_millis(5));
        }
    }

    /// The exit code if the program has ended by now, without waiting.
    pub fn try_exit(&mut self) -> Option<u32> {
        self.pump(Duration::from_millis(20));
        self.child.try_wait().expect("child status").map(|s| s.exit_code())
    }

    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            self.pump(Duration::from_millis(20));
            if let Some(status) = self.child.try_wait().expect("child status") {
                self.drain();
                return status.exit_code();
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("timed out waiting for exit; screen:\n{}", self.contents());
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
