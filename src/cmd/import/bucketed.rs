//! The dataset of an import that spilled to bucket files ([`super::spill`]), made one bucket
//! at a time so that memory holds one bucket's awards, never all of them.
//!
//! Two passes. The first merges and plans each bucket in turn ([`build::group`]): it finds
//! every error before anything is written (the one reported is the one the in-memory import
//! would report: of the award read first), fills the tables every bucket shares (companies and
//! actors, which come first in the file), and writes each bucket's award sources, in order, to
//! a temporary file. The second writes the output: the shared records, the sources from that
//! file, and then each bucket's events, merged and planned again (the same ids come out).
//! In both passes the next bucket is read back and merged on a second thread while this one
//! plans or writes the one before ([`each_bucket`]).
//!
//! What differs from an import in memory: the events (and the awards' sources) come bucket by
//! bucket, each bucket's in the order its awards were read, rather than all in the order read.
//! The records, their ids and every figure are the same, and so are the companies, the actors
//! and their order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use super::build::{self, Group, Plan};
use super::error::ImportError;
use super::events::{List, award_source};
use super::merge::Awards;
use super::spill::Buckets;
use super::write::Body;

/// What an import counted: by the first pass over every bucket, or once for the awards held in
/// memory.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub awards: usize,
    pub awards_written: usize,
    pub modifications: usize,
    pub attributed: usize,
    pub resold: usize,
    pub duplicates: u64,
    pub deleted: u64,
}

impl Counts {
    /// Adds merged awards: one bucket's, or all of them.
    pub fn merged(&mut self, awards: &Awards) {
        self.awards += awards.len();
        self.duplicates += awards.duplicates;
        self.deleted += awards.deleted;
    }

    /// Adds what was planned for them.
    pub fn planned(&mut self, group: &Group) {
        self.awards_written += group.awards_written;
        self.modifications += group.modifications;
        self.attributed += group.attributed;
        self.resold += group.resold;
    }
}

/// The buckets, planned.
pub struct Bucketed<'b> {
    buckets: &'b Buckets,
    sources: PathBuf,
}

fn scratch_error(path: &std::path::Path, e: &io::Error) -> ImportError {
    ImportError::new(&path.display().to_string(), format!("cannot write the import's temporary file: {e}"))
}

/// The first pass: plans every bucket into `plan`, or the first error.
pub fn plan<'b>(buckets: &'b Buckets, plan: &mut Plan<'_>) -> Result<(Bucketed<'b>, Counts), ImportError> {
    let sources = buckets.scratch_path("sources.jsonl");
    let file = File::create(&sources).map_err(|e| scratch_error(&sources, &e))?;
    let mut out = BufWriter::new(file);
    let mut counts = Counts::default();
    let mut first_error: Option<(u64, ImportError)> = None;
    each_bucket(buckets, Pass::Plan, |awards| {
        counts.merged(&awards);
        match build::group(plan, &awards, false) {
            Ok(g) => {
                counts.planned(&g);
                if first_error.is_none() {
                    for (a, ap) in awards.list.iter().zip(&g.per_award) {
                        if let Some(s) = award_source(&g, a, ap) {
                            serde_json::to_writer(&mut out, &s)
                                .map_err(io::Error::from)
                                .and_then(|()| out.write_all(b"\n"))
                                .map_err(|e| scratch_error(&sources, &e))?;
                        }
                    }
                }
            }
            Err((seen, e)) => {
                if first_error.as_ref().is_none_or(|(s, _)| seen < *s) {
                    first_error = Some((seen, e));
                }
            }
        }
        Ok(())
    })?;
    if counts.awards == 0 {
        return Ok((Bucketed { buckets, sources }, counts));
    }
    if let Some((_, e)) = first_error {
        return Err(e);
    }
    out.flush().map_err(|e| scratch_error(&sources, &e))?;
    plan.order();
    Ok((Bucketed { buckets, sources }, counts))
}

/// Which pass over the buckets: the plan, or the writing, after which they are not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Plan,
    Write,
}

/// Gives every bucket's merged awards to `each`, in order. The next bucket is read and merged
/// on a thread of its own while `each` plans or writes the one before, so the two share the
/// cores; a rendezvous channel keeps it to two buckets' awards in memory at once (the one
/// given and the one loaded), which the number of buckets allows for ([`super::store`]).
fn each_bucket<E: From<ImportError>>(
    buckets: &Buckets,
    pass: Pass,
    mut each: impl FnMut(Awards) -> Result<(), E>,
) -> Result<(), E> {
    let (tx, rx) = mpsc::sync_channel::<Result<Awards, ImportError>>(0);
    std::thread::scope(|s| {
        s.spawn(move || {
            for b in 0..buckets.len() {
                let loaded = buckets.load(b);
                let failed = loaded.is_err();
                if pass == Pass::Write {
                    // Read for the last time: its pages are let go here, beside the writing,
                    // not all at the end (a third of a gigabyte at 1M rows took 0.5 s then).
                    buckets.remove(b);
                }
                // Ends when this side has stopped (it returned early, on an error).
                if tx.send(loaded).is_err() || failed {
                    return;
                }
            }
        });
        // Owns the receiving end, so that an early return closes it and the loader stops.
        let mut given = move |rx: mpsc::Receiver<Result<Awards, ImportError>>| -> Result<(), E> {
            for _ in 0..buckets.len() {
                let awards =
                    rx.recv().map_err(|_| ImportError::new("import", "the bucket reader stopped"))??;
                each(awards)?;
            }
            Ok(())
        };
        given(rx)
    })
}

impl Body for Bucketed<'_> {
    fn sources<W: Write>(&mut self, _: &mut Plan<'_>, list: &mut List<'_, W>) -> io::Result<()> {
        let mut lines = BufReader::with_capacity(1 << 16, File::open(&self.sources)?);
        let mut line = Vec::new();
        loop {
            line.clear();
            if lines.read_until(b'\n', &mut line)? == 0 {
                return Ok(());
            }
            let record = line.strip_suffix(b"\n").unwrap_or(&line);
            list.next()?.write_all(record)?;
        }
    }

    fn events<W: Write>(&mut self, p: &mut Plan<'_>, list: &mut List<'_, W>) -> io::Result<()> {
        let each = |awards: Awards| {
            let g = build::group(p, &awards, true).map_err(|(_, e)| io::Error::from(e))?;
            super::fanout::write_events(list, p, &g)
        };
        each_bucket(self.buckets, Pass::Write, each)
    }

    // A spilled import makes a new dataset: there are no existing records to replace.
    fn has_source(&self, _: &str) -> bool {
        false
    }

    fn has_event(&self, _: &str) -> bool {
        false
    }
}
