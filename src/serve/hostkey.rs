//! The server's Ed25519 host key: made on the first run, kept with mode 0600 in the user's
//! config folder, and read again on every later run, so students' `known_hosts` stay valid
//! from one lesson to the next.

use std::io::Write;
use std::path::{Path, PathBuf};

use russh::keys::{Algorithm, HashAlg, PrivateKey};

/// `$XDG_CONFIG_HOME/ethics-timeline/host_ed25519` (else under `~/.config`).
pub fn default_path() -> Option<PathBuf> {
    crate::config::config_file().and_then(|f| f.parent().map(|d| d.join("host_ed25519")))
}

/// The key at `path`, made there first if there is none.
pub fn load_or_create(path: &Path) -> Result<PrivateKey, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            refuse_open_permissions(path)?;
            PrivateKey::from_openssh(text.trim()).map_err(|e| format!("host key {}: {e}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(e) => Err(format!("host key {}: {e}", path.display())),
    }
}

/// `SHA256:…`, as `ssh` shows it when it asks whether to trust the server.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn create(path: &Path) -> Result<PrivateKey, String> {
    let key = PrivateKey::random(&mut russh::keys::key::safe_rng(), Algorithm::Ed25519)
        .map_err(|e| format!("cannot make a host key: {e}"))?;
    let text = key.to_openssh(russh::keys::ssh_key::LineEnding::LF).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // Written whole to a file of our own, created 0600 from the start (not chmod-ed after),
    // then linked into place, which fails if a key is already there: two servers starting at
    // once never both write one, and neither ever reads half a key.
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = path.with_extension(format!("new-{}-{n}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut file| file.write_all(text.as_bytes()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(format!("host key {}: {e}", temp.display()));
    }
    let linked = std::fs::hard_link(&temp, path);
    let _ = std::fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(key),
        // Another server made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(e) => Err(format!("host key {}: {e}", path.display())),
    }
}

/// A private key others can read is not used: like sshd, say so instead.
fn refuse_open_permissions(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(|e| e.to_string())?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "host key {} can be read by others (mode {:o}); `chmod 600` it",
                path.display(),
                mode & 0o777
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_with_0600_and_reused() {
        let dir = std::env::temp_dir().join(format!("et-hostkey-{}", std::process::id()));
        let path = dir.join("sub").join("host_ed25519");
        let _ = std::fs::remove_dir_all(&dir);
        let first = load_or_create(&path).expect("made");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("there").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = load_or_create(&path).expect("read");
        assert_eq!(fingerprint(&first), fingerprint(&again));
        assert!(fingerprint(&first).starts_with("SHA256:"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn servers_starting_at_once_share_one_key() {
        let dir = std::env::temp_dir().join(format!("et-hostkey-race-{}", std::process::id()));
        let path = dir.join("host_ed25519");
        let _ = std::fs::remove_dir_all(&dir);
        let keys: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> =
                (0..8).map(|_| s.spawn(|| load_or_create(&path).map(|k| fingerprint(&k)))).collect();
            handles.into_iter().map(|h| h.join().expect("no panic").expect("a key")).collect()
        });
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
