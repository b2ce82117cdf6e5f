//! `ethics-timeline serve`: the classroom server. Students connect with plain `ssh` and each
//! gets an app of their own on the one dataset loaded here; nothing a student does writes a
//! file, opens a browser or runs a program. `docs/classroom.md` describes the design.
//!
//! This module is the top layer beside [`crate::tui`]: it uses the app, the keys, update and
//! the view; nothing below imports it. It owns the tokio runtime (the rest of the program has
//! none), the listening socket and its limits; [`session`] is one connection.

pub mod hostkey;
pub mod input;
pub mod session;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::PublicKey;
use russh::server::Config;
use tokio::sync::Semaphore;

use crate::app::App;

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
        (None, None) => Err(format!(
            "{} is reachable from other machines: give --join-code DIGITS or --authorized-keys FILE",
            options.listen
        )),
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
/// behind `Arc`s, so a session copies only its own view state), the limits and the counts.
/// The per-address map is a std mutex held only to count, never across an await.
pub struct Shared {
    pub template: App,
    pub access: Access,
    pub limits: Limits,
    pub connected: AtomicUsize,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    sessions: Arc<Semaphore>,
    unauthenticated: Arc<Semaphore>,
}

/// Runs the server until the process is ended. `app` is the prepared view students start on.
pub fn run(app: App, options: &Options) -> Result<(), String> {
    let access = access(options)?;
    let path =
        options.host_key.clone().or_else(hostkey::default_path).ok_or(
            "no place for the host key: neither $XDG_CONFIG_HOME nor $HOME is set (or give --host-key)",
        )?;
    let key = hostkey::load_or_create(&path)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(serve(app, options, access, key, &path))
}

async fn serve(
    app: App,
    options: &Options,
    access: Access,
    key: russh::keys::PrivateKey,
    key_path: &std::path::Path,
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    announce(bound, &access, &key, key_path);
    let limits = options.limits;
    let config = Arc::new(config(key, &access, limits));
    let mut template = app;
    template.local = false;
    template.saved_key = None;
    let shared = Arc::new(Shared {
        template,
        access,
        limits,
        connected: AtomicUsize::new(0),
        per_address: Mutex::new(HashMap::new()),
        sessions: Arc::new(Semaphore::new(limits.sessions)),
        unauthenticated: Arc::new(Semaphore::new(limits.unauthenticated)),
    });
    loop {
        let (socket, peer) = match listener.accept().await {
            Ok(pair) => pair,
            // Out of file descriptors and the like: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // The caps are checked before russh sees a byte: a refused socket is just closed.
        let Ok(session_permit) = Arc::clone(&shared.sessions).try_acquire_owned() else { continue };
        let Ok(login_permit) = Arc::clone(&shared.unauthenticated).try_acquire_owned() else { continue };
        let Some(address) = AddressSlot::take(&shared, peer.ip()) else { continue };
        let _ = socket.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let _permit = session_permit;
            let _address = address;
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

/// The lines the teacher reads out or writes on the board.
fn announce(bound: SocketAddr, access: &Access, key: &russh::keys::PrivateKey, key_path: &std::path::Path) {
    let host = match bound.ip() {
        ip if ip.is_unspecified() => "THIS-MACHINE'S-ADDRESS".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    if bound.ip().is_unspecified() {
        eprintln!(
            "ethics-timeline: warning: listening on every interface ({bound}); anyone on these networks can try to connect"
        );
    }
    eprintln!("ethics-timeline: classroom server on {bound}");
    eprintln!("students run:  ssh -p {} class@{host}", bound.port());
    eprintln!("host key:      {} ({})", hostkey::fingerprint(key), key_path.display());
    match access {
        Access::Open => eprintln!("access:        open (loopback only)"),
        Access::JoinCode(_) => eprintln!("access:        the join code"),
        Access::Keys(k) => eprintln!("access:        {} authorized keys", k.len()),
    }
}

/// Says the count on stderr: the teacher's view until the presenter's status bar shows it.
pub fn log_count(shared: &Shared) {
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
        assert!(access(&options("0.0.0.0:2222")).is_err());
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
