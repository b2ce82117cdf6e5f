//! `ethics-timeline check`: validate dataset files and report every problem at once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::data::{self, LoadError, Loaded, problem::plural};

/// Checks each file (or the bundled dataset) and prints what it finds to `out`.
/// Returns the exit code: 0 when no file has errors, 1 otherwise.
pub fn run(files: &[PathBuf], out: &mut impl Write) -> ExitCode {
    let results: Vec<(String, Result<Loaded, LoadError>)> = if files.is_empty() {
        vec![(data::BUNDLED_NAME.to_string(), data::bundled())]
    } else {
        files.iter().map(|f| (f.display().to_string(), data::load_path(f))).collect()
    };
    let mut failed = false;
    for (name, result) in results {
        // Writes to a closed pipe are not worth a panic; the exit code still tells.
        let _ = match result {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    let _ = writeln!(out, "{}", w.render(&name));
                }
                let n = loaded.warnings.len();
                writeln!(out, "{name}: ok, {} events, {n} warning{}", loaded.dataset.events.len(), plural(n))
            }
            Err(e) => {
                failed = true;
                writeln!(out, "{e}")
            }
        };
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
