//! Hostile input over SSH neither crashes the server nor touches other students. Each test
//! runs one hostile client (russh, in-test: it sends what no terminal would) while a
//! well-behaved student in OpenSSH keeps pressing `j` and `k` and must see each answered
//! within [`ANSWER`]; afterwards the server is still running and a new student gets in.
//!
//! The input rate cap is raised for these tests, so the bytes reach the key decoder instead
//! of the cap closing the door first (the caps are `serve_access.rs`'s business). Most
//! floods are paced at about the default cap, 50 KB/s, so the decoder gets all of it; a burst
//! is as fast as the connection goes, and ends when the session's input queue overflows.

mod common;
#[path = "common/sshclient.rs"]
mod sshclient;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::pty::Session;
use common::serve::{Server, position_in, ssh_available};
use russh::ChannelMsg;
use sshclient::{Conn, Rng, shell};
use tokio::sync::Notify;

/// The longest a well-behaved student may wait for a key's answer while another misbehaves.
const ANSWER: Duration = Duration::from_secs(3);
/// What the hostile client sends at most, and for how long at most, so each test stays a
/// few seconds long (the server in a debug build decodes far slower than a release one).
const BUDGET: usize = 4 * 1024 * 1024;
const FLOOD: Duration = Duration::from_secs(3);

macro_rules! need_ssh {
    () => {
        if !ssh_available() {
            eprintln!("no ssh client here: nothing checked");
            return;
        }
    };
}

/// `j` then `k`: the student's selection goes down one and back, each answered in time.
fn answers(s: &mut Session) {
    for (key, step) in [(b'j', 1isize), (b'k', -1)] {
        let before = s.position().unwrap_or_else(|| panic!("a status bar:\n{}", s.contents()));
        let want = before.checked_add_signed(step);
        let asked = Instant::now();
        s.send(&[key]);
        s.wait_for("the key to be answered", |screen| position_in(screen) == want);
        assert!(asked.elapsed() < ANSWER, "{} took {:?} to answer", key as char, asked.elapsed());
    }
}

/// Runs `hostile` on a runtime of its own while `bystander` keeps answering; then checks the
/// server is alive and admits a new student.
fn while_hostile<F>(mut server: Server, hostile: impl FnOnce(u16) -> F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let mut bystander = server.student();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let task = runtime.spawn(hostile(server.port));
    let mut rounds = 0;
    while !task.is_finished() || rounds < 3 {
        answers(&mut bystander);
        rounds += 1;
    }
    runtime.block_on(task).expect("the hostile client ran to its end");
    assert!(server.alive(), "serve survived; stderr: {:?}", server.log());
    // A panic in a session's task would not end the server (tokio catches it), but it is a
    // bug all the same: it says so on stderr.
    assert!(!server.log().iter().any(|l| l.contains("panicked")), "a task panicked: {:?}", server.log());
    answers(&mut bystander);
    bystander.send(b"q");
    assert_eq!(bystander.wait_exit(), 0);
    server.assert_serves_a_student();
}

fn hostile_server() -> Server {
    Server::start_with(&["--input-rate", "100000000"])
}

/// How a hostile client sends.
#[derive(Clone, Copy)]
enum Pace {
    /// As fast as the channel takes it: the input caps end it soon.
    Burst,
    /// A chunk this often: about what the default input rate admits, so the key decoder
    /// gets all of it.
    Every(Duration),
}

/// Sends `chunks` to a student's session at `pace`, reading (and dropping) what comes back,
/// for [`FLOOD`] or [`BUDGET`] bytes at most, or until the server hangs up on us (any of
/// which is fine). Returns whether the session was still open at the end.
async fn flood(conn: &Conn, pace: Pace, chunks: impl Iterator<Item = Vec<u8>>) -> bool {
    let ch = shell(conn, 100, 30).await;
    let (mut read, write) = ch.split();
    // A send waiting for window space is never woken when the server hangs up, so the
    // reader says so and the sending stops.
    let closed = Arc::new(Notify::new());
    let tell = Arc::clone(&closed);
    let reader = tokio::spawn(async move {
        while let Some(msg) = read.wait().await {
            if matches!(msg, ChannelMsg::Close | ChannelMsg::Eof) {
                break;
            }
        }
        tell.notify_one();
    });
    let began = Instant::now();
    let deadline = tokio::time::Instant::now() + FLOOD;
    let (mut sent, mut open) = (0, true);
    for chunk in chunks {
        if sent > BUDGET {
            break;
        }
        sent += chunk.len();
        tokio::select! {
            r = write.data_bytes(chunk) => if r.is_err() { open = false; break },
            () = closed.notified() => { open = false; break },
            () = tokio::time::sleep_until(deadline) => break,
        }
        if let Pace::Every(gap) = pace {
            tokio::select! {
                () = tokio::time::sleep(gap) => {}
                () = closed.notified() => { open = false; break },
            }
        }
        if tokio::time::Instant::now() >= deadline {
            break;
        }
    }
    println!("sent {sent} bytes in {:?}, session open at the end: {open}", began.elapsed());
    reader.abort();
    open && !conn.is_closed()
}

#[test]
fn random_bytes_crash_nothing() {
    need_ssh!();
    while_hostile(hostile_server(), |port| async move {
        let conn = sshclient::connect(port).await;
        let mut rng = Rng::new(0x5eed_0013);
        let chunks = std::iter::repeat_with(move || {
            let mut chunk = vec![0u8; 4096];
            rng.fill(&mut chunk);
            // Without `q` and Ctrl-C, which would only end the session early.
            chunk.retain(|b| *b != b'q' && *b != 0x03);
            chunk
        });
        flood(&conn, Pace::Every(Duration::from_millis(80)), chunks).await;
    });
}

#[test]
fn a_paste_that_never_ends_crashes_nothing() {
    need_ssh!();
    while_hostile(hostile_server(), |port| async move {
        let conn = sshclient::connect(port).await;
        // One paste start and megabytes after it, starts again and again among them so the
        // decoder keeps filling a paste up to its cap, and never an end.
        let chunks = std::iter::once(b"\x1b[200~".to_vec()).chain(std::iter::repeat_with(|| {
            let mut chunk = vec![b'w'; 32 * 1024];
            chunk[..6].copy_from_slice(b"\x1b[200~");
            chunk
        }));
        flood(&conn, Pace::Burst, chunks).await;
    });
}

#[test]
fn escape_sequences_that_never_end_crash_nothing() {
    need_ssh!();
    while_hostile(hostile_server(), |port| async move {
        let conn = sshclient::connect(port).await;
        // `ESC [` and digits forever, then `ESC [ ?` (a private mode) and digits forever: a
        // sequence the parser waits to finish that never finishes.
        let digits = || (0..4096u32).map(|i| b'0' + (i % 10) as u8).collect::<Vec<u8>>();
        let chunks = (0..).map(move |i| match i {
            0 => b"\x1b[".to_vec(),
            20 => b"\x1b[?".to_vec(),
            _ => digits(),
        });
        flood(&conn, Pace::Every(Duration::from_millis(80)), chunks).await;
    });
}

#[test]
fn huge_and_empty_windows_crash_nothing() {
    need_ssh!();
    while_hostile(hostile_server(), |port| async move {
        let conn = sshclient::connect(port).await;
        // 65535x65535 is clamped to the largest the server draws, 500x200. Screens are told
        // by a word in the raw output ("terminal too small: 30x10, needs 40x10" has one
        // word only it prints): a terminal emulator reading megabytes of 500x200 frames
        // here would cost the test more than the server.
        let ch = shell(&conn, 65535, 65535).await;
        let (mut read, write) = ch.split();
        wait_text(&mut read, "event").await;
        // 0x0 is clamped to 1x1, and 30x10 is below the smallest: only a line saying so.
        write.window_change(0, 0, 0, 0).await.expect("send window-change");
        write.window_change(30, 10, 0, 0).await.expect("send window-change");
        wait_text(&mut read, "30x10,").await;
        // Back and forth between the two, faster than anyone drags a window; the last size
        // is the one that counts, however many came before it.
        for i in 0..500u32 {
            let (c, r) = if i % 2 == 0 { (65535, 65535) } else { (0, 0) };
            write.window_change(c, r, u32::MAX, u32::MAX).await.expect("send window-change");
        }
        write.window_change(39, 10, 0, 0).await.expect("send window-change");
        wait_text(&mut read, "39x10,").await;
        // The session is whole: q ends it with status 0.
        write.data_bytes(&b"q"[..]).await.expect("send q");
        let mut status = None;
        let ended = tokio::time::timeout(sshclient::STEP, async {
            while let Some(msg) = read.wait().await {
                match msg {
                    ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
        })
        .await;
        assert!(ended.is_ok(), "the session ended after q");
        assert_eq!(status, Some(0), "and cleanly");
    });
}

/// Reads the channel until its output holds `text` (after the text seen so far).
async fn wait_text(read: &mut russh::ChannelReadHalf, text: &str) {
    let mut got: Vec<u8> = Vec::new();
    let needle = text.as_bytes();
    let found = tokio::time::timeout(sshclient::STEP, async {
        while !got.windows(needle.len()).any(|w| w == needle) {
            match read.wait().await {
                // Only the tail can hold the start of a match that the next packet ends.
                Some(ChannelMsg::Data { data }) => {
                    let keep = got.len().saturating_sub(needle.len());
                    got.drain(..keep);
                    got.extend_from_slice(&data);
                }
                Some(_) => {}
                None => return false,
            }
        }
        true
    })
    .await;
    assert!(matches!(found, Ok(true)), "the output never showed {text:?}");
}
