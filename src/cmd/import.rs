//! `ethics-timeline import usaspending FILE... -o OUT.json [--into DATASET.json]
//! [--company ID=PATTERN]... [--date-order mdy|dmy]`: contract records from USAspending as a
//! dataset that `check`, the app, `list` and `export` all take.
//!
//! Each file's kind is told from its header or shape ([`kind`], [`api`]); rows stream into
//! the [`store`]: [`merge::Awards`] in memory, which keeps one award per award key and one
//! compact record per transaction, until a memory budget is passed, and then bucket files
//! ([`spill`]) that are merged one at a time ([`bucketed`]). [`build`] settles the records
//! and ids, and [`write`] streams the dataset to the output ([`events`] writes each award's
//! events), whole. Any error stops the import with its place (`file:line:column`, the
//! column's name) and nothing written.

mod api;
mod batches;
mod bucketed;
mod build;
mod columns;
mod company;
mod csvfile;
mod error;
mod events;
mod fanout;
mod kind;
mod merge;
mod output;
mod prose;
mod record;
mod spill;
mod store;
mod texts;
mod value;
mod write;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub use company::Rule;
pub use error::ImportError;

use crate::cli::DateOrder;
use crate::data::{self, Severity};

/// What to import, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub files: &'a [PathBuf],
    pub output: &'a Path,
    pub into: Option<&'a Path>,
    pub companies: &'a [String],
    pub date_order: Option<DateOrder>,
    /// What the import may keep in memory before it spills to files beside the output, in
    /// bytes ([`store::BUDGET`] when `None`). Small budgets are for tests of the spilling.
    pub memory_budget: Option<usize>,
}

/// What an import did, for the closing lines on stderr and for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Each file: its name, what it was, and its rows (CSV) or records (JSON).
    pub files: Vec<(String, String, u64)>,
    pub awards: usize,
    pub modifications: usize,
    pub attributed: usize,
    pub resold: usize,
    pub duplicates: u64,
    pub deleted: u64,
    pub notes: Vec<String>,
}

impl Report {
    /// Takes what was written from the import's counts, spilled or in memory alike.
    fn count(&mut self, c: &bucketed::Counts) {
        self.awards = c.awards_written;
        self.modifications = c.modifications;
        self.attributed = c.attributed;
        self.resold = c.resold;
        self.duplicates = c.duplicates;
        self.deleted = c.deleted;
    }
}

/// Runs the import; the report or the error goes to `err`.
pub fn run(request: &Request<'_>, err: &mut impl Write) -> ExitCode {
    match import(request, err) {
        Ok(r) => {
            for (name, kind, rows) in &r.files {
                let _ = writeln!(err, "{name}: {kind}, {rows} record{}", crate::text::plural(*rows as usize));
            }
            for n in &r.notes {
                let _ = writeln!(err, "note: {n}");
            }
            let _ = writeln!(
                err,
                "wrote {}: {} award{}, {} modification event{}; {} attributed by --company ({} bought through a reseller); {} repeated row{} merged, {} deleted by a Delta file",
                request.output.display(),
                r.awards,
                crate::text::plural(r.awards),
                r.modifications,
                crate::text::plural(r.modifications),
                r.attributed,
                r.resold,
                r.duplicates,
                crate::text::plural(r.duplicates as usize),
                r.deleted,
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            ExitCode::from(1)
        }
    }
}

/// Is the file JSON? Told from its first character, past a byte-order mark and white space.
fn is_json(path: &Path) -> Result<bool, ImportError> {
    let name = path.display().to_string();
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| ImportError::new(&name, format!("cannot read: {e}")))?;
    let head = head[..n].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head[..n]);
    Ok(matches!(head.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'[')))
}

/// Imports every file and writes the dataset; nothing is written when there is an error.
pub fn import(request: &Request<'_>, err: &mut dyn Write) -> Result<Report, ImportError> {
    let rules: Vec<Rule> = request
        .companies
        .iter()
        .map(|c| Rule::parse(c).map_err(|m| ImportError::new("--company", m)))
        .collect::<Result<_, _>>()?;
    let existing = match request.into {
        Some(path) => {
            let name = path.display().to_string();
            let loaded = data::load_path(path)
                .map_err(|e| ImportError::new(&name, format!("the dataset to add to does not load:\n{e}")))?;
            let text = std::fs::read_to_string(path)
                .map_err(|e| ImportError::new(&name, format!("cannot read: {e}")))?;
            Some((loaded.dataset, text))
        }
        None => None,
    };
    let mut known = build::Known::default();
    if let Some((d, _)) = &existing {
        known.companies = d.companies.iter().map(|c| c.id.to_string()).collect();
        known.actor_ids = d.actors.iter().map(|a| a.id.to_string()).collect();
        known.actors_by_name = d.actors.iter().map(|a| (a.name.to_lowercase(), a.id.to_string())).collect();
        for r in &rules {
            if !known.companies.contains(&r.company) {
                return Err(ImportError::new(
                    "--company",
                    format!(
                        "the dataset has no company \"{}\"; {}",
                        r.company,
                        crate::suggest::company(d, &r.company)
                    ),
                ));
            }
        }
    }

    let total_bytes = request.files.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    // With --into the whole output is checked in memory before it is written: spilling would
    // bound nothing there.
    let budget = request.into.is_none().then(|| request.memory_budget.unwrap_or(store::BUDGET));
    let mut store = store::Store::new(request.output, budget, total_bytes);
    let mut report = Report::default();
    let mut inputs = Vec::new();
    let mut pending = Vec::new();
    for (i, path) in request.files.iter().enumerate() {
        let name = path.display().to_string();
        let short = path.file_name().map_or_else(|| name.clone(), |n| n.to_string_lossy().to_string());
        if is_json(path)? {
            let (shape, key, n) = api::read(path, i, &mut store, &mut pending, &mut report.notes)?;
            inputs.push(build::InputFile {
                name: short,
                kind: shape.name().into(),
                page: shape.page(key.as_deref()),
            });
            report.files.push((name, shape.name().into(), n));
        } else {
            let count = csvfile::read(path, i, request.date_order, &mut store, err)?;
            inputs.push(build::InputFile {
                name: short,
                kind: count.layout.name().into(),
                page: "https://www.usaspending.gov/download_center/custom_award_data".into(),
            });
            report.files.push((name, count.layout.name().into(), count.rows));
        }
        store.file_done(std::fs::metadata(path).map_or(0, |m| m.len()))?;
    }
    api::attach(pending, &mut store)?;
    let no_awards = || {
        let name = request.files.first().map(|p| p.display().to_string()).unwrap_or_default();
        ImportError::new(&name, "the files hold no contract awards").hint("nothing was written")
    };
    let mut plan = build::plan(&inputs, &rules, &known);
    let names: Vec<&str> = inputs.iter().map(|f| f.name.as_str()).collect();
    let header = write::Header {
        title: "Contract records from USAspending".into(),
        description: format!(
            "Contract awards of record imported from {}. Figures are as the records give them, in U.S. dollars: obligated is money committed so far; the ceiling (potential total value) is what an award could reach with every option, not money spent.",
            names.join(", ")
        ),
    };
    let out_name = request.output.display().to_string();
    let awards = match store.finish()? {
        store::Stored::Memory(awards) => awards,
        store::Stored::Spilled(buckets) => {
            let (mut body, counts) = bucketed::plan(&buckets, &mut plan)?;
            if counts.awards == 0 {
                return Err(no_awards());
            }
            write::stream_whole(request.output, |w| write::dataset(w, None, &mut plan, &mut body, &header))?;
            report.count(&counts);
            return Ok(report);
        }
    };
    if awards.len() == 0 {
        return Err(no_awards());
    }
    let mut group = build::group(&mut plan, &awards, true).map_err(|(_, e)| e)?;
    match &existing {
        // A new dataset is streamed to the file as it is made: its records are valid by
        // construction (tests load every import's output with the app's loader).
        None => {
            write::stream_whole(request.output, |w| write::dataset(w, None, &mut plan, &mut group, &header))?
        }
        // With --into, the dataset's own records go in too, and they are the user's: the whole
        // is checked by the app's own loader before it is written, and what it warns about is
        // reported.
        Some((_, text)) => {
            let into_name = request.into.map(|p| p.display().to_string()).unwrap_or_default();
            let top = write::existing(text).map_err(|m| ImportError::new(&into_name, m))?;
            let mut buf = Vec::with_capacity(text.len() + (1 << 20));
            write::dataset(&mut buf, Some(&top), &mut plan, &mut group, &header)
                .map_err(|e| ImportError::new(&out_name, format!("cannot write the dataset: {e}")))?;
            drop(top);
            let (text, warnings) = check(&out_name, buf)?;
            report.notes.extend(
                warnings
                    .into_iter()
                    .map(|w| format!("{out_name}: {w} (`ethics-timeline check` shows where)")),
            );
            write::write_whole(request.output, text.as_bytes())?;
        }
    }
    let mut counts = bucketed::Counts::default();
    counts.merged(&awards);
    counts.planned(&group);
    report.count(&counts);
    Ok(report)
}

/// The app's own checks on what is about to be written, so that an importer bug never leaves
/// a file `check` refuses: the warnings (not notes) found, or the located errors.
fn check(name: &str, text: Vec<u8>) -> Result<(Arc<String>, Vec<String>), ImportError> {
    let bug = |report: String| {
        ImportError::new(
            name,
            format!("the dataset would not load, so nothing was written (an importer bug):\n{report}"),
        )
    };
    let buf = Arc::new(String::from_utf8(text).map_err(|e| bug(e.to_string()))?);
    // In memory, and without placing each note in the text as `check` does: nobody reads
    // the notes here.
    let outcome = data::validate::validate_json(&buf, &buf);
    match outcome {
        Ok(Ok((dataset, problems))) => {
            drop(dataset);
            let found: HashSet<String> = problems
                .iter()
                .filter(|w| w.severity != Severity::Note)
                .map(|w| w.message.to_string())
                .collect();
            let mut found: Vec<String> = found.into_iter().collect();
            found.sort();
            Ok((buf, found))
        }
        // For the report, load it again the slow way, which places every problem.
        _ => match data::load_bytes(name, buf.as_bytes()) {
            Err(e) => Err(bug(e.to_string())),
            Ok(_) => Err(bug("refused".into())),
        },
    }
}
