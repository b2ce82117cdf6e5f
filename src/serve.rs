//! `ethics-timeline serve`: the classroom server. Students connect with plain `ssh` and each
//! gets an app of their own on the one dataset loaded here; nothing a student does writes a
//! file, opens a browser or runs a program. `docs/classroom.md` describes the design.
//!
//! This module is the top layer beside [`crate::tui`]: it uses the app, the keys, update and
//! the view; nothing below imports it. It owns the tokio runtime (the rest of the program has
//! none), the listening socket and its limits; [`session`] is one connection.

pub mod hostkey;
pub mod input;
pub mod rate;
pub mod session;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::PublicKey;
use russh::server::Config;
use tokio::sync::{Semaphore, watch};

use crate::app::{App, Follow, Mode, Room, RoomCounts, Stage};

/// The limits, each a flag of `serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub sessions: usize,
    pub per_address: usize,
    pub unauthenticated: usize,
    pub login_grace: Duration,
    pub idle: Duration,
    /// Input bytes a session may send per second before it is disconnected.
    pub input_rate: usize,
    /// New connections one address may make in a minute.
    pub connects_per_minute: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            sessions: 48,
            per_address: 48,
            unauthenticated: 10,
            login_grace: Duration::from_secs(20),
            idle: Duration::from_secs(20 * 60),
            input_rate: 64 * 1024,
            connects_per_minute: 120,
        }
    }
}

/// How students prove they belong to the class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Anyone who can reach the socket: only allowed on a loopback address.
    Open,
    /// The code the teacher says aloud, asked by keyboard-interactive.
    JoinCode(String),
    /// The keys of an authorized_keys file.
    Keys(Vec<PublicKey>),
}

/// What `serve` is started with.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub join_code: Option<String>,
    pub authorized_keys: Option<PathBuf>,
    pub host_key: Option<PathBuf>,
    pub limits: Limits,
}

/// Which access the options give, or why they are refused: port 22 never, and off loopback a
/// join code (6 digits or more) or an authorized_keys file is required.
pub fn access(options: &Options) -> Result<Access, String> {
    if options.listen.port() == 22 {
        return Err("port 22 is the system's SSH server; choose another (the default is 2222)".into());
    }
    if let Some(code) = &options.join_code
        && (code.len() < 6 || !code.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("--join-code must be 6 or more digits".into());
    }
    match (&options.join_code, &options.authorized_keys) {
        (Some(_), Some(_)) => Err("use either --join-code or --authorized-keys, not both".into()),
        (Some(code), None) => Ok(Access::JoinCode(code.clone())),
        (None, Some(path)) => read_keys(path).map(Access::Keys),
        (None, None) if options.listen.ip().is_loopback() => Ok(Access::Open),
        // Reachable from other machines: a fresh code, said on the teacher's screen.
        (None, None) => new_code().map(Access::JoinCode),
    }
}

/// Six random digits from the system's random source (uniform: values past the last whole
/// million are drawn again).
fn new_code() -> Result<String, String> {
    use std::io::Read;
    let mut random = std::fs::File::open("/dev/urandom").map_err(|e| format!("no join code: {e}"))?;
    loop {
        let mut b = [0u8; 4];
        random.read_exact(&mut b).map_err(|e| format!("no join code: {e}"))?;
        let n = u32::from_le_bytes(b);
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// The public keys of an authorized_keys file; options before a key are not supported.
fn read_keys(path: &std::path::Path) -> Result<Vec<PublicKey>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let keys: Vec<PublicKey> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| PublicKey::from_openssh(l).ok())
        .collect();
    if keys.is_empty() {
        return Err(format!("{}: no public key in it", path.display()));
    }
    Ok(keys)
}

/// What every connection shares: the app every student starts from (its dataset and index
/// behind `Arc`s, so a session copies only its own view state), the limits and the counts,
/// the presenter's stage and the word to close. The per-address map is a std mutex held only
/// to count, never across an await.
pub struct Shared {
    pub template: App,
    pub access: Access,
    pub limits: Limits,
    pub connected: AtomicUsize,
    pub following: AtomicUsize,
    /// A presenter's screen is on this terminal: the counts are on it, not on stderr.
    pub presenter: bool,
    /// The presenter's latest stage. A `watch` keeps only the latest: a slow session skips
    /// stages, nothing queues up, and the presenter never waits for anyone.
    pub stage: watch::Sender<Option<Stage>>,
    /// Set when the presenter quits: every session says goodbye and ends.
    pub closing: watch::Sender<bool>,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    connects: Mutex<rate::ConnectRate>,
    sessions: Arc<Semaphore>,
    unauthenticated: Arc<Semaphore>,
}

impl Shared {
    fn new(template: App, access: Access, limits: Limits, presenter: bool) -> Self {
        Self {
            template,
            access,
            limits,
            connected: AtomicUsize::new(0),
            following: AtomicUsize::new(0),
            presenter,
            stage: watch::Sender::new(None),
            closing: watch::Sender::new(false),
            per_address: Mutex::new(HashMap::new()),
            connects: Mutex::new(rate::ConnectRate::default()),
            sessions: Arc::new(Semaphore::new(limits.sessions)),
            unauthenticated: Arc::new(Semaphore::new(limits.unauthenticated)),
        }
    }

    pub fn counts(&self) -> RoomCounts {
        RoomCounts {
            connected: self.connected.load(Ordering::Relaxed),
            following: self.following.load(Ordering::Relaxed),
        }
    }
}

/// The presenter's terminal tells the room through this (the tui knows only the trait).
impl crate::tui::Classroom for Shared {
    fn stage(&self, stage: Stage) {
        // Unchanged, nobody is woken.
        self.stage.send_if_modified(|now| {
            let changed = *now != Some(stage);
            *now = Some(stage);
            changed
        });
    }

    fn counts(&self) -> RoomCounts {
        Shared::counts(self)
    }
}

/// The teacher's own app, presented on this terminal beside the server.
pub struct Teacher {
    pub app: App,
    pub options: crate::tui::Options,
}

/// A server started: its address and what it shares, running on its own runtime until
/// dropped. The load test drives one in-process; `run` puts the teacher's screen beside it.
pub struct Server {
    pub address: SocketAddr,
    pub shared: Arc<Shared>,
    pub room: Room,
    runtime: tokio::runtime::Runtime,
}

impl Server {
    /// Binds, prints the join line and the host key on stderr, and starts accepting.
    /// `students` is the prepared view students start on; with a `presenter`, they start
    /// following the presenter's stage, else they explore on their own.
    pub fn start(students: App, options: &Options, presenter: bool) -> Result<Self, String> {
        let access = access(options)?;
        let path = options.host_key.clone().or_else(hostkey::default_path).ok_or(
            "no place for the host key: neither $XDG_CONFIG_HOME nor $HOME is set (or give --host-key)",
        )?;
        let key = hostkey::load_or_create(&path)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(options.listen))
            .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let room = room(address, &access, &key);
        announce(address, &room, &path);
        let limits = options.limits;
        let config = Arc::new(config(key, &access, limits));
        let mut template = students;
        template.local = false;
        template.saved_key = None;
        template.room = None;
        // The teacher's own marks and history are not the students'.
        template.marks.clear();
        template.recall = Default::default();
        template.message = None;
        template.follow = presenter.then(Follow::start);
        let shared = Arc::new(Shared::new(template, access, limits, presenter));
        runtime.spawn(accept(listener, Arc::clone(&shared), config));
        Ok(Self { address, shared, room, runtime })
    }

    /// Tells every session to say goodbye, waits a moment for them, and stops.
    pub fn close(self) {
        self.shared.closing.send_replace(true);
        let shared = Arc::clone(&self.shared);
        self.runtime.block_on(async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(1);
            while shared.connected.load(Ordering::Relaxed) > 0 && tokio::time::Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        self.runtime.shutdown_timeout(Duration::from_millis(200));
    }
}

/// Runs the server: with the teacher's app on this terminal until the teacher quits (its
/// outcome is returned), or without one until the process is ended (students then explore
/// on their own).
pub fn run(
    students: App,
    options: &Options,
    teacher: Option<Teacher>,
) -> Result<Option<crate::tui::Outcome>, String> {
    let server = Server::start(students, options, teacher.is_some())?;
    let Some(Teacher { mut app, options: mut tui_options }) = teacher else {
        // Nothing to wait for but the end of the process.
        server.runtime.block_on(std::future::pending::<()>());
        return Ok(None);
    };
    app.room = Some(server.room.clone());
    // The first thing on the projector: how to join.
    app.mode = Mode::Room { over: app.mode.presenting() };
    tui_options.classroom =
        crate::tui::ClassroomLink(Some(Arc::clone(&server.shared) as Arc<dyn crate::tui::Classroom>));
    let outcome = crate::tui::run(crate::tui::Start::Ready(Box::new(app)), &tui_options);
    server.close();
    outcome.map(Some).map_err(|e| format!("{e:?}"))
}

/// Accepts connections until the runtime stops. Our own loop, not russh's, so every cap is
/// checked before russh sees a byte.
async fn accept(listener: tokio::net::TcpListener, shared: Arc<Shared>, config: Arc<Config>) {
    loop {
        let (socket, peer) = match listener.accept().await {
            Ok(pair) => pair,
            // Out of file descriptors and the like: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // A refused socket is just closed.
        let admitted = shared.connects.lock().is_ok_and(|mut r| {
            r.admit(peer.ip(), std::time::Instant::now(), shared.limits.connects_per_minute)
        });
        if !admitted {
            continue;
        }
        let Ok(session_permit) = Arc::clone(&shared.sessions).try_acquire_owned() else { continue };
        let Some(address) = AddressSlot::take(&shared, peer.ip()) else { continue };
        let _ = socket.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let _permit = session_permit;
            let _address = address;
            // A class connects all at once: a connection with a session slot waits its turn
            // for one of the few handshake slots (at most the session cap wait, and no longer
            // than the login grace) instead of being closed and making the student retry.
            let slot = Arc::clone(&shared.unauthenticated).acquire_owned();
            let Ok(Ok(login_permit)) = tokio::time::timeout(shared.limits.login_grace, slot).await else {
                return;
            };
            session::connection(config, socket, shared, login_permit).await;
        });
    }
}

/// One connection's place in the per-address count, given back when it is dropped.
struct AddressSlot {
    shared: Arc<Shared>,
    ip: IpAddr,
}

impl AddressSlot {
    fn take(shared: &Arc<Shared>, ip: IpAddr) -> Option<Self> {
        let mut map = shared.per_address.lock().ok()?;
        let n = map.entry(ip).or_insert(0);
        if *n >= shared.limits.per_address {
            return None;
        }
        *n += 1;
        Some(Self { shared: Arc::clone(shared), ip })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        if let Ok(mut map) = self.shared.per_address.lock()
            && let Some(n) = map.get_mut(&self.ip)
        {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// The russh configuration: our key, compression off (zlib is where russh's memory
/// advisories were), the methods the access calls for, and timeouts a little past our own
/// idle kick so ours, which says goodbye, comes first.
fn config(key: russh::keys::PrivateKey, access: &Access, limits: Limits) -> Config {
    use russh::MethodKind;
    let methods: &[MethodKind] = match access {
        Access::Open => &[MethodKind::None],
        Access::JoinCode(_) => &[MethodKind::KeyboardInteractive],
        Access::Keys(_) => &[MethodKind::PublicKey],
    };
    Config {
        server_id: russh::SshId::Standard("SSH-2.0-ethics-timeline".into()),
        methods: methods.into(),
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        preferred: russh::Preferred {
            compression: std::borrow::Cow::Borrowed(&[russh::compression::NONE]),
            ..russh::Preferred::default()
        },
        max_auth_attempts: 6,
        inactivity_timeout: Some(limits.idle + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        ..Config::default()
    }
}

/// What the teacher's screen says of the room: the line students type (with this
/// machine's address when listening on every interface), the code, the key, the access.
fn room(bound: SocketAddr, access: &Access, key: &russh::keys::PrivateKey) -> Room {
    let host = match bound.ip() {
        ip if ip.is_unspecified() => lan_address().unwrap_or_else(|| "THIS-MACHINE'S-ADDRESS".into()),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let (code, access) = match access {
        Access::Open => (None, "open: no code, only from this machine".to_string()),
        Access::JoinCode(c) => (Some(c.clone()), "the join code, asked once per connection".to_string()),
        Access::Keys(k) => {
            (None, format!("{} authorized key{}", k.len(), if k.len() == 1 { "" } else { "s" }))
        }
    };
    Room {
        join: format!("ssh -p {} class@{host}", bound.port()),
        code,
        fingerprint: hostkey::fingerprint(key),
        access,
        counts: RoomCounts::default(),
    }
}

/// This machine's address on the network its default route leads to: a UDP socket
/// "connected" to a documentation address picks the interface without sending anything.
fn lan_address() -> Option<String> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then(|| ip.to_string())
}

/// The lines the teacher reads out or writes on the board, on stderr (and on the teacher's
/// screen, in the room card).
fn announce(bound: SocketAddr, room: &Room, key_path: &std::path::Path) {
    if bound.ip().is_unspecified() {
        eprintln!(
            "ethics-timeline: warning: listening on every interface ({bound}); anyone on these networks can try to connect"
        );
    }
    eprintln!("ethics-timeline: classroom server on {bound}");
    eprintln!("students run:  {}", room.join);
    eprintln!("host key:      {} ({})", room.fingerprint, key_path.display());
    if let Some(code) = &room.code {
        eprintln!("join code:     {code}");
    }
    eprintln!("access:        {}", room.access);
}

/// Says the count on stderr when no presenter's screen shows it (stderr would draw over it).
pub fn log_count(shared: &Shared) {
    if shared.presenter {
        return;
    }
    eprintln!("ethics-timeline: {} connected", shared.connected.load(Ordering::Relaxed));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(listen: &str) -> Options {
        Options {
            listen: listen.parse().expect("address"),
            join_code: None,
            authorized_keys: None,
            host_key: None,
            limits: Limits::default(),
        }
    }

    #[test]
    fn loopback_is_open_elsewhere_a_code_is_needed() {
        assert_eq!(access(&options("127.0.0.1:2222")), Ok(Access::Open));
        let Ok(Access::JoinCode(fresh)) = access(&options("0.0.0.0:2222")) else {
            panic!("off loopback a code is made");
        };
        assert!(fresh.len() == 6 && fresh.bytes().all(|b| b.is_ascii_digit()), "{fresh}");
        let mut o = options("0.0.0.0:2222");
        o.join_code = Some("123456".into());
        assert_eq!(access(&o), Ok(Access::JoinCode("123456".into())));
        o.join_code = Some("12345".into());
        assert!(access(&o).is_err());
    }

    #[test]
    fn never_port_22() {
        assert!(access(&options("127.0.0.1:22")).is_err());
    }
}
