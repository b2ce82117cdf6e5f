//! `ethics-timeline check`: validate dataset files and report every problem at once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::data::{self, LoadError, Loaded, Severity};
use crate::text::plural;

/// What `check` lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Notes too (sources with no publication date).
    pub notes: bool,
    /// Every problem, not the first few hundred of each kind.
    pub all: bool,
}

/// Checks each file (or the bundled dataset) and prints what it finds to `out`.
/// Returns the exit code: 0 when no file has errors, 1 otherwise.
pub fn run(files: &[PathBuf], options: Options, out: &mut impl Write) -> ExitCode {
    let Options { notes, all } = options;
    let limit = (!all).then_some(data::problem::PER_KIND);
    // One file at a time: checking several big files holds one of them, not all.
    let load = |file: Option<&PathBuf>| -> (String, Result<Loaded, LoadError>) {
        match file {
            None => (data::BUNDLED_NAME.to_string(), data::bundled()),
            Some(f) => (f.display().to_string(), data::load_path_located(f, limit)),
        }
    };
    let files: Vec<Option<&PathBuf>> =
        if files.is_empty() { vec![None] } else { files.iter().map(Some).collect() };
    let mut failed = false;
    for (name, result) in files.into_iter().map(load) {
        // Writes to a closed pipe are not worth a panic; the exit code still tells.
        let _ = match result {
            Ok(loaded) => {
                let (shown, hidden): (Vec<_>, Vec<_>) =
                    loaded.warnings.iter().partition(|p| notes || p.severity != Severity::Note);
                let _ = write!(out, "{}", data::problem::report(shown, &name, limit));
                let warnings = loaded.warnings.iter().filter(|p| p.severity == Severity::Warning).count();
                let mut summary = format!(
                    "{name}: ok, {} events, {warnings} warning{}",
                    loaded.dataset.events.len(),
                    plural(warnings)
                );
                if !hidden.is_empty() {
                    summary.push_str(&format!(
                        ", {} note{} (--notes lists them)",
                        hidden.len(),
                        plural(hidden.len())
                    ));
                }
                let written = writeln!(out, "{summary}");
                drop_apart(loaded);
                written
            }
            Err(e) => {
                failed = true;
                writeln!(out, "{}", e.report(limit))
            }
        };
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Frees a checked dataset on a thread of its own. A million events are a million
/// allocations and more to give back (a fifth of a second, more with many links): the next
/// file's check, or the end of the process, need not wait for it, and at exit the system
/// takes the memory back whole.
fn drop_apart(loaded: Loaded) {
    // With no thread to be had, the dataset goes with the refused closure: freed here.
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(loaded));
}
