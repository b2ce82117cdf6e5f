//! One student's connection: the russh [`Handler`] that admits exactly one session channel
//! with a pty and a shell and refuses every other request, and the task that runs the
//! student's own [`App`] on that channel.
//!
//! The handler only answers requests and passes bytes on; the session task owns everything
//! the student has (the app, the ratatui terminal, the key decoder), so no lock is shared
//! between students. Frames go out through [`Handle::data`], whose queue to the connection
//! is bounded: a slow student stalls only their own task.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::prelude::CrosstermBackend;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handle, Handler, Msg, Response, Session};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, mpsc, watch};

use super::input::{self, Decoder};
use super::{Access, Shared};
use crate::action::{Action, Effect};
use crate::app::App;
use crate::{ui, update};

/// The largest terminal a student can ask for: ratatui allocates a cell per column and row,
/// so the size is clamped before anything is allocated.
pub const MAX_COLS: u32 = 500;
pub const MAX_ROWS: u32 = 200;
/// Below this the app is not drawn, only a "terminal too small" line.
const MIN_COLS: u16 = 40;
const MIN_ROWS: u16 = 10;
/// Chunks of input waiting for the session task; a client that fills it is disconnected.
const INPUT_QUEUE: usize = 64;
/// How long a count or prefix waits for the rest of its keys (as in the local app).
const KEY_WAIT: Duration = Duration::from_millis(500);
/// How long before the idle kick a student is warned.
const IDLE_WARNING: Duration = Duration::from_secs(60);
/// How long an unfinished search works before the next frame.
const BUSY_FRAME: Duration = Duration::from_millis(30);

/// What the handler passes to the session task. Sizes go beside it on a watch channel, not
/// in this queue: only the latest size matters, and one left out of a full queue would leave
/// the student's screen at a size their terminal no longer has.
#[derive(Debug)]
enum Input {
    Bytes(Vec<u8>),
}

/// Clamps a size from the client to what the server allocates.
pub fn clamp(cols: u32, rows: u32) -> (u16, u16) {
    let c = u16::try_from(cols.clamp(1, MAX_COLS)).unwrap_or(80);
    let r = u16::try_from(rows.clamp(1, MAX_ROWS)).unwrap_or(24);
    (c, r)
}

/// Runs one connection to its end: the login grace timer, then the SSH session.
pub async fn connection(
    config: Arc<russh::server::Config>,
    socket: TcpStream,
    shared: Arc<Shared>,
    login: OwnedSemaphorePermit,
) {
    let grace = shared.limits.login_grace;
    let authed = Arc::new(AtomicBool::new(false));
    let ended = Arc::new(tokio::sync::Notify::new());
    let handler = Student {
        shared: Arc::clone(&shared),
        login: Some(login),
        authed: Arc::clone(&authed),
        channel: None,
        size: None,
        input: None,
        resize: None,
        rate: Rate::default(),
        ended: Arc::clone(&ended),
    };
    let deadline = tokio::time::Instant::now() + grace;
    // A second handle on the socket, to end it from here: russh reads a disconnect asked
    // through its handle only between key exchanges, and after one waits for the client to
    // close, so a client that stops halfway through the handshake would keep its slots
    // until the inactivity timeout, long past the grace.
    let Ok(socket) = socket.into_std() else { return };
    let Ok(ours) = socket.try_clone() else { return };
    let Ok(socket) = TcpStream::from_std(socket) else { return };
    // run_stream first reads the client's identification line, which a client that never
    // sends one never finishes: the grace covers that wait too.
    let started = tokio::time::timeout_at(deadline, russh::server::run_stream(config, socket, handler));
    let Ok(Ok(running)) = started.await else { return };
    let handle = running.handle();
    tokio::pin!(running);
    tokio::select! {
        _ = &mut running => return,
        () = tokio::time::sleep_until(deadline) => {}
    }
    // Not logged in within the grace: the slot goes to someone else. A goodbye if russh
    // can still send one, then the socket is shut whatever the client does.
    if !authed.load(Ordering::Relaxed) {
        let goodbye = async {
            let _ = handle
                .disconnect(russh::Disconnect::ByApplication, "login took too long".into(), "en".into())
                .await;
            let _ = (&mut running).await;
        };
        if tokio::time::timeout(Duration::from_millis(500), goodbye).await.is_ok() {
            return;
        }
        let _ = ours.shutdown(std::net::Shutdown::Both);
        return;
    }
    // Logged in: the connection lasts as long as the client keeps it, until the session is
    // over. Then the client has a moment to close it (ssh does at once), or it is shut:
    // a client that ignores the end would otherwise keep its slots until the inactivity
    // timeout, twenty minutes on.
    tokio::select! {
        _ = &mut running => return,
        () = ended.notified() => {}
    }
    if tokio::time::timeout(Duration::from_secs(2), &mut running).await.is_err() {
        let _ = ours.shutdown(std::net::Shutdown::Both);
        let _ = running.await;
    }
}

/// Input per second, for the rate cap.
#[derive(Debug)]
struct Rate {
    since: Instant,
    bytes: usize,
}

impl Default for Rate {
    fn default() -> Self {
        Self { since: Instant::now(), bytes: 0 }
    }
}

/// The handler of one connection.
struct Student {
    shared: Arc<Shared>,
    /// The unauthenticated slot, given back on login.
    login: Option<OwnedSemaphorePermit>,
    /// Set on login, for the grace timer.
    authed: Arc<AtomicBool>,
    /// The one session channel, once opened.
    channel: Option<ChannelId>,
    /// From the pty request; `None` until then.
    size: Option<(u16, u16)>,
    /// To the session task, once the shell started.
    input: Option<mpsc::Sender<Input>>,
    /// The latest size, to the session task, once the shell started.
    resize: Option<watch::Sender<(u16, u16)>>,
    rate: Rate,
    /// Told when the student's session is over (they quit, were cut off, or the class
    /// ended), so the connection is closed even if their client never closes it.
    ended: Arc<tokio::sync::Notify>,
}

impl Student {
    fn ours(&self, channel: ChannelId) -> bool {
        self.channel == Some(channel)
    }
}

impl Handler for Student {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(match self.shared.access {
            Access::Open => Auth::Accept,
            _ => Auth::reject(),
        })
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        let Access::JoinCode(code) = &self.shared.access else { return Ok(Auth::reject()) };
        let Some(mut response) = response else {
            return Ok(Auth::Partial {
                name: Cow::Borrowed("ethics-timeline classroom"),
                instructions: Cow::Borrowed("The teacher says the join code."),
                prompts: Cow::Owned(vec![(Cow::Borrowed("Join code: "), true)]),
            });
        };
        let given = response.next().unwrap_or_default();
        Ok(if constant_time_eq(given.as_ref(), code.as_bytes()) { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey_offered(&mut self, _user: &str, key: &PublicKey) -> Result<Auth, Self::Error> {
        Ok(if self.known(key) { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(&mut self, _user: &str, key: &PublicKey) -> Result<Auth, Self::Error> {
        Ok(if self.known(key) { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.login = None;
        self.authed.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One session channel per connection: a second would be a second app (or a shell).
        if self.channel.is_some() {
            reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        } else {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _address: &str,
        _port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _from: &str,
        _from_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_forwarded_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _from: &str,
        _from_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
        Ok(())
    }

    async fn tcpip_forward(&mut self, _a: &str, _p: &mut u32, _s: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(&mut self, _path: &str, _s: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<bool, Self::Error> {
        session.channel_failure(channel)?;
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        refuse(channel, session, "ethics-timeline runs no commands; connect without one\r\n")
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        refuse(channel, session, "ethics-timeline has no subsystems (no sftp, no scp)\r\n")
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.ours(channel) || self.input.is_some() {
            return session.channel_failure(channel);
        }
        self.size = Some(clamp(cols, rows));
        session.channel_success(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.ours(channel) {
            let (c, r) = clamp(cols, rows);
            self.size = Some((c, r));
            if let Some(tx) = &self.resize {
                // Latest wins: a burst of changes is one repaint at the last size, and a
                // change to the size the student already has is none.
                tx.send_if_modified(|size| std::mem::replace(size, (c, r)) != (c, r));
            }
        }
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        if !self.ours(channel) || self.input.is_some() {
            return session.channel_failure(channel);
        }
        let Some(size) = self.size else {
            return refuse(
                channel,
                session,
                "ethics-timeline needs a terminal: connect with plain ssh (or ssh -t)\r\n",
            );
        };
        session.channel_success(channel)?;
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        self.input = Some(tx);
        let (resize, size) = watch::channel(size);
        self.resize = Some(resize);
        let app = self.shared.template.clone();
        let shared = Arc::clone(&self.shared);
        let handle = session.handle();
        let ended = Arc::clone(&self.ended);
        tokio::spawn(async move {
            shared.connected.fetch_add(1, Ordering::Relaxed);
            super::log_count(&shared);
            let status = run(app, size, rx, &handle, channel, &shared).await;
            let _ = handle.exit_status_request(channel, status).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
            shared.connected.fetch_sub(1, Ordering::Relaxed);
            super::log_count(&shared);
            ended.notify_one();
        });
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.ours(channel) {
            return Ok(());
        }
        let Some(tx) = &self.input else { return Ok(()) };
        // Humans type a few bytes a second; a client sending more than the cap is a bot.
        if self.rate.since.elapsed() >= Duration::from_secs(1) {
            self.rate = Rate::default();
        }
        self.rate.bytes += data.len();
        if self.rate.bytes > self.shared.limits.input_rate
            || tx.try_send(Input::Bytes(data.to_vec())).is_err()
        {
            session.disconnect(russh::Disconnect::ByApplication, "too much input", "en")?;
            self.ended.notify_one();
        }
        Ok(())
    }
}

impl Student {
    fn known(&self, key: &PublicKey) -> bool {
        match &self.shared.access {
            Access::Keys(keys) => keys.iter().any(|k| k.key_data() == key.key_data()),
            _ => false,
        }
    }
}

/// Refuses a request that would run something: a failure reply, a line saying why on
/// stderr, a non-zero exit status and the channel closed.
fn refuse(channel: ChannelId, session: &mut Session, why: &str) -> Result<(), russh::Error> {
    session.channel_failure(channel)?;
    session.extended_data(channel, 1, why.as_bytes().to_vec())?;
    session.exit_status_request(channel, 1)?;
    session.eof(channel)?;
    session.close(channel)
}

/// Compares without stopping at the first difference, so timing tells nothing of the code.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The frame buffer under ratatui: `write` appends and `flush` does nothing, so a frame is
/// sent whole by the session task after `draw`, with an await (no blocking, no queue). The
/// session task keeps a second handle to the bytes (ratatui's `writer_mut` is unstable); the
/// lock is the session's own and only ever taken by its one task.
#[derive(Debug, Default, Clone)]
struct Frame {
    bytes: Arc<std::sync::Mutex<Vec<u8>>>,
}

impl Frame {
    fn take(&self) -> Vec<u8> {
        self.bytes.lock().map(|mut b| std::mem::take(&mut *b)).unwrap_or_default()
    }
}

impl std::io::Write for Frame {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = self.bytes.lock().map_err(|_| std::io::Error::other("frame buffer poisoned"))?;
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Screen = Terminal<CrosstermBackend<Frame>>;

/// The student's terminal set up (alternate screen, no cursor, mouse reports) and put back.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1002h\x1b[?1006h";
const LEAVE: &[u8] = b"\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?25h\x1b[?1049l";

/// Keeps the room's count of followers true as a session follows, is freed, or ends.
struct Following<'a> {
    shared: &'a Shared,
    counted: bool,
}

impl Following<'_> {
    fn set(&mut self, now: bool) {
        if now != self.counted {
            if now {
                self.shared.following.fetch_add(1, Ordering::Relaxed);
            } else {
                self.shared.following.fetch_sub(1, Ordering::Relaxed);
            }
            self.counted = now;
        }
    }
}

impl Drop for Following<'_> {
    fn drop(&mut self) {
        self.set(false);
    }
}

/// Applies an action to the student's app. A heavy one (a filter rebuilt over a big dataset)
/// must not hold up the other sessions on this worker: `block_in_place` hands them to
/// another thread while it runs.
fn apply(app: &mut App, action: Action) -> Option<Effect> {
    tokio::task::block_in_place(|| update::update(app, action))
}

/// Runs the student's app until they quit, go idle, hang up or the presenter ends the class;
/// returns the exit status.
async fn run(
    mut app: App,
    mut size: watch::Receiver<(u16, u16)>,
    mut rx: mpsc::Receiver<Input>,
    handle: &Handle,
    channel: ChannelId,
    shared: &Shared,
) -> u32 {
    let (cols, rows) = *size.borrow_and_update();
    // A fixed viewport: ratatui must never ask the server's own terminal for a size.
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, cols, rows)) };
    let frame = Frame::default();
    let Ok(mut terminal) = Terminal::with_options(CrosstermBackend::new(frame.clone()), options) else {
        return 1;
    };
    if send(handle, channel, ENTER.to_vec()).await.is_err() {
        return 1;
    }
    apply(&mut app, Action::Resize { width: cols, height: rows });
    // The presenter's stage: the latest only, whenever this session gets to it.
    let mut stage = shared.stage.subscribe();
    let mut closing = shared.closing.subscribe();
    let mut stage_open = true;
    if let Some(now) = *stage.borrow_and_update() {
        apply(&mut app, Action::Presenter(now));
    }
    let mut following = Following { shared, counted: false };
    let started = Instant::now();
    let idle = shared.limits.idle;
    let mut decoder = Decoder::default();
    let mut waiting: Option<Instant> = None;
    let mut last_input = Instant::now();
    let mut warned = false;
    let status = 'session: loop {
        // A session whose input is always ready (a flood, a huge paste) would otherwise run
        // turn after turn without giving its worker to the other sessions.
        tokio::task::yield_now().await;
        following.set(app.follow.is_some_and(|f| f.following));
        if draw(&mut terminal, &app).is_err() {
            break 1;
        }
        let bytes = frame.take();
        if !bytes.is_empty() && send(handle, channel, bytes).await.is_err() {
            break 1;
        }
        let key_wait = waiting.map_or(KEY_WAIT, |since| KEY_WAIT.saturating_sub(since.elapsed()));
        let idle_left = idle.saturating_sub(last_input.elapsed());
        // A minute before the idle kick (or half the idle time, if that is shorter), the
        // student is told, once, on their status bar.
        let warn_before = IDLE_WARNING.min(idle / 2);
        let warn_in = idle_left.saturating_sub(warn_before);
        // While a slide is on screen its timer shows seconds: wake for the next one.
        let next_second = Duration::from_millis(1000 - u64::from(started.elapsed().subsec_millis()));
        let events = tokio::select! {
            got = rx.recv() => match got {
                None => break 0,
                Some(Input::Bytes(b)) => {
                    last_input = Instant::now();
                    warned = false;
                    decoder.push(&b)
                }
            },
            Ok(()) = size.changed() => {
                let (c, r) = *size.borrow_and_update();
                vec![Event::Resize(c, r)]
            }
            changed = stage.changed(), if stage_open => {
                match changed {
                    Ok(()) => {
                        if let Some(now) = *stage.borrow_and_update() {
                            apply(&mut app, Action::Presenter(now));
                        }
                    }
                    // The presenter is gone: nothing more will come.
                    Err(_) => stage_open = false,
                }
                continue;
            }
            _ = closing.changed() => {
                let _ = send(handle, channel, LEAVE.to_vec()).await;
                let _ = send(handle, channel, b"The presenter ended the class. Thank you!\r\n".to_vec()).await;
                return 0;
            }
            () = tokio::time::sleep(input::ESC_WAIT), if decoder.esc_pending() => {
                decoder.timeout().into_iter().collect()
            }
            () = tokio::time::sleep(key_wait), if waiting.is_some() => {
                waiting = None;
                apply(&mut app, Action::KeyTimeout);
                continue;
            }
            () = tokio::time::sleep(next_second), if app.mode.presenting().is_some() => {
                apply(&mut app, Action::Tick { seconds: started.elapsed().as_secs() });
                continue;
            }
            () = tokio::task::yield_now(), if app.busy() => {
                let began = Instant::now();
                tokio::task::block_in_place(|| {
                    while app.busy() && began.elapsed() < BUSY_FRAME {
                        update::update(&mut app, Action::SearchStep);
                    }
                });
                continue;
            }
            () = tokio::time::sleep(warn_in), if !warned => {
                warned = true;
                app.message = Some(format!(
                    "no key for a while: this session ends in {} s unless you press a key",
                    idle_left.as_secs().max(1)
                ));
                continue;
            }
            () = tokio::time::sleep(idle_left) => {
                let _ = send(handle, channel, LEAVE.to_vec()).await;
                let _ = send(handle, channel, b"Disconnected after a long idle time.\r\n".to_vec()).await;
                return 0;
            }
        };
        for ev in events {
            if let Event::Resize(c, r) = ev {
                // resize() clears and repaints the whole frame next draw.
                let _ = terminal.resize(Rect::new(0, 0, c, r));
            }
            let Some(action) = crate::tui::action_for(&ev, &app) else { continue };
            let effect = apply(&mut app, action);
            waiting = match (app.pending.times_out(), action) {
                (false, _) => None,
                (true, Action::Count(_) | Action::Prefix(_)) => Some(Instant::now()),
                (true, _) => waiting,
            };
            match effect {
                Some(Effect::Quit) => break 'session 0,
                // The clipboard is the student's own, reached through their terminal (OSC 52).
                Some(Effect::Copy(text)) => {
                    let _ = send(handle, channel, crate::tui::osc52(&text).into_bytes()).await;
                }
                // Nothing a student does opens, saves, writes, suspends or publishes here.
                Some(
                    Effect::Open(_)
                    | Effect::Save
                    | Effect::WriteFile { .. }
                    | Effect::Suspend
                    | Effect::Publish(_),
                )
                | None => {}
            }
        }
    };
    let _ = send(handle, channel, LEAVE.to_vec()).await;
    status
}

/// Draws the app, or a line asking for a bigger terminal.
fn draw(terminal: &mut Screen, app: &App) -> std::io::Result<()> {
    terminal.draw(|f| {
        let area = f.area();
        if area.width < MIN_COLS || area.height < MIN_ROWS {
            let text =
                format!("terminal too small: {}x{}, needs {MIN_COLS}x{MIN_ROWS}", area.width, area.height);
            f.render_widget(
                ratatui::widgets::Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
        } else {
            ui::render(f, app);
        }
    })?;
    Ok(())
}

async fn send(handle: &Handle, channel: ChannelId, bytes: Vec<u8>) -> Result<(), ()> {
    handle.data(channel, bytes).await.map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_clamped_before_allocating() {
        assert_eq!(clamp(100_000, 100_000), (500, 200));
        assert_eq!(clamp(0, 0), (1, 1));
        assert_eq!(clamp(80, 24), (80, 24));
    }
}
