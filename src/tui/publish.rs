//! The presenter's side of the notes channel: a per-user Unix socket that any number of
//! `ethics-timeline notes` listeners on the same machine connect to. Each gets one line of
//! JSON per position (`{"event": "id", "tour": "id", "step": 2}`), the latest first when it
//! connects. Nothing is read from listeners, and nothing leaves the machine: the socket lives
//! in a directory only its owner can enter.

use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

/// Where the presenter listens: `$XDG_RUNTIME_DIR/ethics-timeline/notes.sock`, else a
/// directory of the user's own under the temporary directory.
pub fn socket_path() -> PathBuf {
    let base = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).unwrap_or_else(|| {
        let user = std::env::var("USER").unwrap_or_else(|_| "user".into());
        std::env::temp_dir().join(format!("ethics-timeline-{user}"))
    });
    base.join("ethics-timeline").join("notes.sock")
}

/// Makes the socket's directory, readable by its owner only, and refuses one that anyone
/// else could enter or that is a link.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() || meta.permissions().mode() & 0o077 != 0 {
        return Err(std::io::Error::new(ErrorKind::PermissionDenied, "the notes directory is not private"));
    }
    Ok(())
}

/// The listening socket and the listeners connected to it.
pub struct Publisher {
    listener: UnixListener,
    path: PathBuf,
    clients: Vec<UnixStream>,
    last: Option<String>,
}

impl Publisher {
    /// Listens at [`socket_path`]. `None` when it cannot (another presenter runs, or the
    /// directory is not private): presenting works the same, without listeners.
    pub fn open() -> Option<Self> {
        let path = socket_path();
        private_dir(path.parent()?).ok()?;
        // A socket left by a presenter that is gone answers no one: take its place. One that
        // answers belongs to a presenter still running: leave it be.
        if path.exists() {
            if UnixStream::connect(&path).is_ok() {
                return None;
            }
            std::fs::remove_file(&path).ok()?;
        }
        let listener = UnixListener::bind(&path).ok()?;
        listener.set_nonblocking(true).ok()?;
        Some(Self { listener, path, clients: Vec::new(), last: None })
    }

    /// Takes in listeners that connected since the last call, and gives each the latest line.
    pub fn accept(&mut self) {
        while let Ok((stream, _)) = self.listener.accept() {
            if stream.set_nonblocking(true).is_err() {
                continue;
            }
            let mut stream = stream;
            if let Some(line) = &self.last
                && stream.write_all(line.as_bytes()).is_err()
            {
                continue;
            }
            self.clients.push(stream);
        }
    }

    /// Sends `line` (one JSON object, no newline) to every listener. A listener that does not
    /// keep up loses this line, not the presenter's time; one that is gone is dropped.
    pub fn send(&mut self, line: &str) {
        self.accept();
        let line = format!("{line}\n");
        self.clients.retain_mut(|c| match c.write_all(line.as_bytes()) {
            Ok(()) => true,
            Err(e) => e.kind() == ErrorKind::WouldBlock,
        });
        self.last = Some(line);
    }

    pub fn listeners(&self) -> usize {
        self.clients.len()
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
