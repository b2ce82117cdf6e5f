//! A classroom under load, shared by the load test (`examples/classroom_load.rs`) and its
//! smoke test (`tests/serve_load_smoke.rs`), both of which include this file by path.
//!
//! [`Lesson`] is the teacher's side: a [`Server`] started in this process on the bundled
//! dataset, and the presenter's own app stepping through a tour, each stage published as the
//! teacher's terminal publishes it. [`Client`] is a student: a russh client that logs in as
//! `class`, asks for a pty and a shell, feeds what comes into a vt100 screen, and records the
//! wall time of every change of the slide's position (` 3 / 10 ` in the frame's top border).
//! A client can be told to stop reading its socket, as a student's stuck laptop would.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};

use ethics_timeline::action::Action;
use ethics_timeline::app::App;
use ethics_timeline::serve::{Limits, Options, Server};
use ethics_timeline::tui::Classroom;
use ethics_timeline::update::{present, update};
use russh::ChannelMsg;
use russh::client;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;

/// The teacher: the server and the presenter's app, on a tour.
pub struct Lesson {
    pub server: Server,
    app: App,
    /// Steps in the tour.
    pub steps: usize,
    key_dir: PathBuf,
}

impl Lesson {
    /// Starts the server on a port the system picks, with a host key in a fresh folder and the
    /// default limits, and starts the bundled dataset's first tour on the presenter's app, so
    /// students who connect find its opening card ([`Lesson::opening`]).
    pub fn start() -> Result<Self, String> {
        let loaded = ethics_timeline::data::bundled().map_err(|e| format!("{e:?}"))?;
        let app = App::new(loaded.dataset);
        let stamp = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos();
        let key_dir = std::env::temp_dir().join(format!("classroom-load-{}-{stamp}", std::process::id()));
        let options = Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            join_code: None,
            authorized_keys: None,
            host_key: Some(key_dir.join("host_ed25519")),
            limits: Limits::default(),
        };
        let server = Server::start(app.clone(), &options, true)?;
        let mut lesson = Self { server, app, steps: 0, key_dir };
        present::start_tour(&mut lesson.app, 0);
        lesson.steps = lesson.app.position().1;
        if lesson.steps < 2 {
            return Err("the bundled dataset's first tour has fewer than two steps".into());
        }
        lesson.publish();
        Ok(lesson)
    }

    /// What a follower's frame shows before the first step.
    pub fn opening(&self) -> String {
        format!("start / {}", self.steps)
    }

    /// What a follower's frame shows on step `k` (from 1).
    pub fn marker(&self, k: usize) -> String {
        format!("{k} / {}", self.steps)
    }

    /// The presenter types `k` and Enter (a jump to tour step `k`, from 1), and the stage is
    /// published; returns the wall time just before publishing.
    pub fn step(&mut self, k: usize) -> SystemTime {
        for d in k.to_string().bytes() {
            update(&mut self.app, Action::Digit(d - b'0'));
        }
        update(&mut self.app, Action::Activate);
        let at = SystemTime::now();
        self.publish();
        at
    }

    fn publish(&self) {
        Classroom::stage(&*self.server.shared, self.app.stage());
    }

    pub fn address(&self) -> SocketAddr {
        self.server.address
    }

    /// Says goodbye to every session and stops the server.
    pub fn close(self) {
        self.server.close();
        let _ = std::fs::remove_dir_all(&self.key_dir);
    }
}

/// A student's terminal: its size, and the SSH window the client offers (`None`: russh's
/// default, 2 MiB). A small window makes a client that stops reading block the server's
/// sends to it within a frame or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub cols: u16,
    pub rows: u16,
    pub window: Option<u32>,
}

/// A change of the slide's position on a client's screen, and when it was seen.
#[derive(Debug, Clone)]
pub struct Seen {
    pub marker: String,
    pub at: SystemTime,
}

/// One student's connection, read by its own task.
pub struct Client {
    pub spec: Spec,
    stalled: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<Seen>>>,
    now: watch::Receiver<String>,
    bytes: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Client {
    /// Connects, logs in, opens the session with a pty of `spec`'s size and a shell, and
    /// starts reading.
    pub async fn connect(address: SocketAddr, spec: Spec) -> Result<Self, String> {
        let tcp = TcpStream::connect(address).await.map_err(|e| format!("connect: {e}"))?;
        let _ = tcp.set_nodelay(true);
        let stalled = Arc::new(AtomicBool::new(false));
        let stream = Valve { inner: tcp, closed: Arc::clone(&stalled) };
        let config = client::Config {
            window_size: spec.window.unwrap_or(client::Config::default().window_size),
            nodelay: true,
            ..client::Config::default()
        };
        let mut session = client::connect_stream(Arc::new(config), stream, Trusting)
            .await
            .map_err(|e| format!("ssh: {e}"))?;
        let auth = session.authenticate_none("class").await.map_err(|e| format!("auth: {e}"))?;
        if !auth.success() {
            return Err("auth none as class was refused".into());
        }
        let mut channel = session.channel_open_session().await.map_err(|e| format!("channel: {e}"))?;
        let (cols, rows) = (u32::from(spec.cols), u32::from(spec.rows));
        channel
            .request_pty(true, "xterm-256color", cols, rows, 0, 0, &[])
            .await
            .map_err(|e| format!("pty: {e}"))?;
        channel.request_shell(true).await.map_err(|e| format!("shell: {e}"))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let bytes = Arc::new(AtomicU64::new(0));
        let (tx, now) = watch::channel(String::new());
        let (task_log, task_bytes) = (Arc::clone(&log), Arc::clone(&bytes));
        let task = tokio::spawn(async move {
            // The session ends when its handle is dropped: the task keeps it.
            let _session = session;
            let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
            let mut parser = vt100::Parser::new(nz(spec.rows), nz(spec.cols), 0);
            let mut tail = Vec::with_capacity(2 * FRAME_END.len());
            while let Some(msg) = channel.wait().await {
                let ChannelMsg::Data { data } = msg else { continue };
                task_bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                parser.process(&data);
                // Only a whole frame counts: a big one comes in several packets, its top row
                // (and the marker) first.
                tail.extend_from_slice(&data[data.len().saturating_sub(FRAME_END.len())..]);
                tail.drain(..tail.len().saturating_sub(FRAME_END.len()));
                if tail != FRAME_END {
                    continue;
                }
                let Some(marker) = position(parser.screen()) else { continue };
                if *tx.borrow() != marker {
                    let at = SystemTime::now();
                    if let Ok(mut log) = task_log.lock() {
                        log.push(Seen { marker: marker.clone(), at });
                    }
                    tx.send_replace(marker);
                }
            }
        });
        Ok(Self { spec, stalled, log, now, bytes, task })
    }

    /// Waits until the screen shows `marker`, or `deadline` passes.
    pub async fn shows(&self, marker: &str, deadline: Instant) -> bool {
        let mut now = self.now.clone();
        let left = deadline.saturating_duration_since(Instant::now());
        matches!(tokio::time::timeout(left, now.wait_for(|m| m == marker)).await, Ok(Ok(_)))
    }

    /// From now on the client reads nothing from its socket: the server's data piles up in
    /// the SSH window, then in the server.
    pub fn stall(&self) {
        self.stalled.store(true, Ordering::Relaxed);
    }

    /// Drops the connection, as a student closing the laptop would.
    pub fn hang_up(&self) {
        self.task.abort();
    }

    pub fn is_stalled(&self) -> bool {
        self.stalled.load(Ordering::Relaxed)
    }

    /// Every change of position seen, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Bytes of channel data received.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How every frame ends: ratatui hides the cursor after drawing, and the server sends each
/// frame as one write.
const FRAME_END: &[u8] = b"\x1b[?25l";

/// The slide's position in the top border, `3 / 10` or `start / 10`: the last ` A / B `
/// on the first row, where `B` is a number.
pub fn position(screen: &vt100::Screen) -> Option<String> {
    let (_, cols) = screen.size();
    let row = screen.rows(0, cols.get()).next()?;
    let slash = row.rfind(" / ")?;
    let before = row[..slash].rsplit(' ').next().filter(|s| !s.is_empty())?;
    let after = row[slash + 3..]
        .split(' ')
        .next()
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))?;
    Some(format!("{before} / {after}"))
}

/// Connects `specs.len()` clients at once. The server refuses sockets past its cap of
/// unauthenticated connections (10 by default) by closing them; a refused client tries again
/// a little later, as a student would run `ssh` again. Returns the clients and how many
/// attempts were refused.
pub async fn connect_all(address: SocketAddr, specs: &[Spec]) -> Result<(Vec<Client>, usize), String> {
    let mut set = tokio::task::JoinSet::new();
    for (i, &spec) in specs.iter().enumerate() {
        set.spawn(async move {
            let deadline = Instant::now() + DEADLINE;
            let mut refused = 0;
            loop {
                match Client::connect(address, spec).await {
                    Ok(c) => return (i, Ok(c), refused),
                    Err(e) if Instant::now() >= deadline => return (i, Err(e), refused),
                    Err(_) => refused += 1,
                }
                tokio::time::sleep(Duration::from_millis(10 * refused.min(10) as u64)).await;
            }
        });
    }
    let mut clients: Vec<Option<Client>> = specs.iter().map(|_| None).collect();
    let mut refusals = 0;
    while let Some(joined) = set.join_next().await {
        let (i, client, refused) = joined.map_err(|e| e.to_string())?;
        clients[i] = Some(client.map_err(|e| format!("client {i}: {e}"))?);
        refusals += refused;
    }
    Ok((clients.into_iter().flatten().collect(), refusals))
}

/// The clients (by index) that are not stalled and do not show `marker` by `deadline`.
pub async fn late(clients: &[Client], marker: &str, deadline: Instant) -> Vec<usize> {
    let mut late = Vec::new();
    for (i, c) in clients.iter().enumerate().filter(|(_, c)| !c.is_stalled()) {
        if !c.shows(marker, deadline).await {
            late.push(i);
        }
    }
    late
}

/// How long a follower may take to show a step before the run fails.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// The first time each client showed `marker` at or after `since`.
pub fn first_after(seen: &[Seen], marker: &str, since: SystemTime) -> Option<SystemTime> {
    seen.iter().find(|s| s.marker == marker && s.at >= since).map(|s| s.at)
}

/// The server is ours and on this machine: any key will do.
struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A socket whose reading side can be shut: once `closed`, reads never complete (and never
/// wake the task), while writes go on.
struct Valve {
    inner: TcpStream,
    closed: Arc<AtomicBool>,
}

impl AsyncRead for Valve {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.closed.load(Ordering::Relaxed) {
            return Poll::Pending;
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Valve {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
