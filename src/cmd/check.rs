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
    let results: Vec<(String, Result<Loaded, LoadError>)> = if files.is_empty() {
        vec![(data::BUNDLED_NAME.to_string(), data::bundled())]
    } else {
        files.iter().map(|f| (f.display().to_string(), data::load_path_located(f, limit))).collect()
    };
    let mut failed = false;
    for (name, result) in results {
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
                writeln!(out, "{summary}")
            }
            Err(e) => {
                failed = true;
                writeln!(out, "{}", e.report(limit))
            }
        };
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
