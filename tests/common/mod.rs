//! Helpers shared by the integration tests: the one way to run the binary, to find and load a
//! fixture, to build an app on the small fixture, and to make a scratch folder. The pty
//! harness is in [`pty`], the classroom server as tests run it in [`serve`]. An SSH client
//! of our own (russh, for requests OpenSSH never sends) is `common/sshclient.rs`, included
//! only by the tests that use it so the other test binaries do not compile it.

#![allow(dead_code)]

pub mod pty;
pub mod serve;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ethics_timeline::action::Action;
use ethics_timeline::app::App;
use ethics_timeline::data::{self, LoadError, Loaded};
use ethics_timeline::update::update;

/// The built binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ethics-timeline")
}

/// Runs the binary with `args` and `env`, from the project's folder (so fixture paths are
/// relative to it), without a terminal.
pub fn run_with_env<S: AsRef<OsStr>>(args: &[S], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in user_dirs() {
        cmd.env(k, v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run the binary")
}

/// The binary's config and state folders for this test run, so no test reads the user's own
/// config or leaves marks in their state (a test's `env` can point them elsewhere).
pub fn user_dirs() -> [(&'static str, PathBuf); 2] {
    let base = std::env::temp_dir().join(format!("et-user-{}", std::process::id()));
    [("XDG_CONFIG_HOME", base.join("config")), ("XDG_STATE_HOME", base.join("state"))]
}

/// Runs the binary with `args`; see [`run_with_env`].
pub fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    run_with_env(args, &[])
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Loads a fixture that must load.
pub fn load(name: &str) -> Loaded {
    data::load_path(&fixture(name)).unwrap_or_else(|e| panic!("{name} should load:\n{e}"))
}

/// Loads a fixture that must be refused.
pub fn refuse(name: &str) -> LoadError {
    match data::load_path(&fixture(name)) {
        Ok(l) => panic!("{name} should fail, loaded {} events", l.dataset.events.len()),
        Err(e) => e,
    }
}

/// The app on the small fixture at `width`x`height`, after `actions`.
pub fn app(width: u16, height: u16, actions: &[Action]) -> App {
    let mut app = App::new(load("small.json").dataset);
    update(&mut app, Action::Resize { width, height });
    for a in actions {
        update(&mut app, *a);
    }
    app
}

/// An empty scratch folder for one test, unique to this run.
///
/// It is left behind for a failing test to be looked at; the folders of earlier runs of the
/// same test, whose process is gone, are removed here, so they do not pile up.
pub fn temp_dir(test: &str) -> PathBuf {
    let tmp = std::env::temp_dir();
    let prefix = format!("et-{test}-");
    remove_stale(&tmp, &prefix);
    let dir = tmp.join(format!("{prefix}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Removes `prefix<pid>` folders in `tmp` whose process has ended. Only where `/proc` says
/// which processes are alive; elsewhere nothing is removed.
fn remove_stale(tmp: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else { continue };
        // `et-fixture-` must not take `et-fixture-cli-123`: the rest is the pid alone.
        if pid.bytes().all(|b| b.is_ascii_digit()) && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
