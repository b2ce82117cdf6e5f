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
    // Created with 0600 from the start (not chmod-ed after), and never over an existing file:
    // two servers starting at once must not both write one.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| format!("host key {}: {e}", path.display()))?;
    file.write_all(text.as_bytes()).map_err(|e| format!("host key {}: {e}", path.display()))?;
    Ok(key)
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
}
