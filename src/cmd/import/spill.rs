//! The bucket files of an import too big for its memory budget: every record (a row's award
//! facts and its totals, action or delete, [`super::record`]) is appended to one of a number
//! of files chosen by its award, so that all the records of one award are in one file, in the
//! order read, and each file can be merged on its own with [`Awards`].
//!
//! Which bucket: a hash of the award's *root*, the start of its key (or, without one, its
//! PIID) up to the first character an event id would not keep (see [`root_hash`]). Every id
//! made from an award (its event's `usa-…`, its follow-ons' `usa-…-p00001`, its source's
//! `src-usa-…`, and the `-2` of a colliding one) starts with its root, so two awards whose ids
//! could collide are always in the same bucket, where [`super::build`] makes them unique in
//! the order they were read, exactly as when everything is in memory.
//!
//! The files are in a folder beside the output (`.OUT.json.spill-PID/`): on the same disk as
//! the output, which needs that room anyway, and not in a system temp folder that may be
//! memory. The folder is removed when the import ends, whether it succeeds or fails.

use std::fs::File;
use std::hash::Hasher;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHasher;

use super::error::ImportError;
use super::merge::{Awards, Facts};
use super::record::{self, Record, What};

/// Each bucket's write buffer: the buckets' buffers are all the memory writing them takes.
const BUFFER: usize = 32 << 10;

/// The most buckets (open files) an import uses.
pub const MOST_BUCKETS: usize = 256;

/// The hash of an award's root: its key (or PIID) up to the first character other than an
/// ASCII letter, digit or `_`, in lower case, as [`super::build::id_part`] keeps it.
pub fn root_hash(facts: &Facts<'_>) -> u64 {
    let name = facts.key.unwrap_or(facts.piid);
    let mut h = FxHasher::default();
    for b in name.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_') {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

/// Which of `n` buckets an award's records go to.
pub fn bucket_of(facts: &Facts<'_>, n: usize) -> usize {
    // The hash's high bits, spread over the buckets (Fx's low bits are its weakest).
    ((u128::from(root_hash(facts)) * n as u128) >> 64) as usize
}

/// The folder of bucket files, removed with everything in it when dropped.
#[derive(Debug)]
struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Bucket {
    out: BufWriter<File>,
    /// The award of the last record written here (its identity's bytes), and which of its
    /// texts the bucket has given: a run of rows of one award writes those once.
    last: Vec<u8>,
    known: u16,
}

/// The bucket files being written.
pub struct Spill {
    folder: Folder,
    buckets: Vec<Bucket>,
    scratch: Vec<u8>,
    identity: Vec<u8>,
}

fn bucket_path(folder: &Path, i: usize) -> PathBuf {
    folder.join(format!("bucket-{i:03}"))
}

fn io_error(folder: &Path, e: &std::io::Error) -> ImportError {
    ImportError::new(&folder.display().to_string(), format!("cannot write the import's temporary files: {e}"))
        .hint(
            "they go beside the output file and take about a quarter of the input's size; free some room there",
        )
}

/// The identity of the award a record names, as bytes (a key, or a PIID under its parent).
fn identity_bytes(out: &mut Vec<u8>, f: &Facts<'_>) {
    out.clear();
    match f.key {
        Some(k) => {
            out.push(b'K');
            out.extend_from_slice(k.as_bytes());
        }
        None => {
            out.push(b'L');
            out.extend_from_slice(f.piid.as_bytes());
            out.push(0);
            out.extend_from_slice(f.parent_piid.unwrap_or_default().as_bytes());
        }
    }
}

impl Spill {
    /// Creates `n` empty bucket files in a new folder beside `output`.
    pub fn create(output: &Path, n: usize) -> Result<Self, ImportError> {
        let name = output.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let path = output.with_file_name(format!(".{name}.spill-{}", std::process::id()));
        std::fs::create_dir(&path).map_err(|e| io_error(&path, &e))?;
        let folder = Folder(path);
        let mut buckets = Vec::with_capacity(n);
        for i in 0..n {
            let f = File::create(bucket_path(&folder.0, i)).map_err(|e| io_error(&folder.0, &e))?;
            buckets.push(Bucket { out: BufWriter::with_capacity(BUFFER, f), last: Vec::new(), known: 0 });
        }
        Ok(Self { folder, buckets, scratch: Vec::with_capacity(1024), identity: Vec::new() })
    }

    /// Appends `r` to its award's bucket.
    pub fn push(&mut self, r: &Record<'_>) -> Result<(), ImportError> {
        let n = self.buckets.len();
        let b = &mut self.buckets[bucket_of(&r.facts, n)];
        identity_bytes(&mut self.identity, &r.facts);
        let same = b.last == self.identity;
        let known = if same { b.known } else { 0 };
        self.scratch.clear();
        record::encode(&mut self.scratch, r, known);
        // A delete names no facts; it leaves what the bucket knows of the last award alone.
        if !matches!(r.what, What::Delete(_)) {
            if !same {
                std::mem::swap(&mut b.last, &mut self.identity);
            }
            b.known = known | record::fact_bits(&r.facts);
        }
        b.out.write_all(&self.scratch).map_err(|e| io_error(&self.folder.0, &e))
    }

    /// Writes out every bucket's buffer.
    fn flush(&mut self) -> Result<(), ImportError> {
        for b in &mut self.buckets {
            b.out.flush().map_err(|e| io_error(&self.folder.0, &e))?;
        }
        Ok(())
    }

    /// Which of `keys` some award read so far has (a record other than a delete names it).
    pub fn keys_present(&mut self, keys: &[&str]) -> Result<Vec<bool>, ImportError> {
        self.flush()?;
        let n = self.buckets.len();
        let mut present = vec![false; keys.len()];
        let mut wanted: Vec<usize> =
            keys.iter().map(|k| bucket_of(&Facts { key: Some(k), ..Facts::default() }, n)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        for b in wanted {
            let buf = read_bucket(&self.folder.0, b)?;
            let mut r = record::Reader::new(&buf);
            while let Some(rec) = r.next_record().map_err(|_| corrupt(&self.folder.0, b))? {
                if matches!(rec.what, What::Delete(_)) {
                    continue;
                }
                for (k, p) in keys.iter().zip(present.iter_mut()) {
                    *p |= rec.facts.key == Some(k);
                }
            }
        }
        Ok(present)
    }

    /// Every record written: the files, to be read back one at a time.
    pub fn close(mut self) -> Result<Buckets, ImportError> {
        self.flush()?;
        let n = self.buckets.len();
        drop(self.buckets);
        Ok(Buckets { folder: self.folder, n })
    }
}

/// The written bucket files.
#[derive(Debug)]
pub struct Buckets {
    folder: Folder,
    n: usize,
}

fn read_bucket(folder: &Path, i: usize) -> Result<Vec<u8>, ImportError> {
    let path = bucket_path(folder, i);
    std::fs::read(&path).map_err(|e| {
        ImportError::new(&path.display().to_string(), format!("cannot read the import's temporary file: {e}"))
    })
}

fn corrupt(folder: &Path, i: usize) -> ImportError {
    ImportError::new(
        &bucket_path(folder, i).display().to_string(),
        "the import's temporary file does not read back as written (was it changed while the import ran?)",
    )
}

impl Buckets {
    pub fn len(&self) -> usize {
        self.n
    }

    /// A place for other temporary files of the import, removed with the buckets.
    pub fn scratch_path(&self, name: &str) -> PathBuf {
        self.folder.0.join(name)
    }

    /// Removes bucket file `i`, once it will not be read again. Only a saving: whatever is
    /// left goes with the folder.
    pub fn remove(&self, i: usize) {
        let _ = std::fs::remove_file(bucket_path(&self.folder.0, i));
    }

    /// Bucket `i`'s awards, merged as [`Awards`] merges them in memory (then
    /// [`Awards::finish`]ed).
    pub fn load(&self, i: usize) -> Result<Awards, ImportError> {
        let path = bucket_path(&self.folder.0, i);
        let cannot = |e: std::io::Error| {
            ImportError::new(
                &path.display().to_string(),
                format!("cannot read the import's temporary file: {e}"),
            )
        };
        let file = File::open(&path).map_err(cannot)?;
        let mut awards = Awards::default();
        match replay_file(file, &mut awards) {
            Ok(()) => {}
            Err(Replay::Io(e)) => return Err(cannot(e)),
            Err(Replay::Corrupt) => return Err(corrupt(&self.folder.0, i)),
        }
        awards.finish();
        Ok(awards)
    }
}

/// How much of a bucket file is in memory at once while it is read back (more only for a
/// record longer than this).
const READ_PIECE: usize = 256 << 10;

enum Replay {
    Io(std::io::Error),
    Corrupt,
}

/// Merges the records of a bucket file into `awards`, a piece of the file at a time: the
/// files are several times the size of the awards they merge to, and two buckets are loaded
/// at once ([`super::bucketed`]), so a whole file in memory would be most of the budget.
fn replay_file(mut file: File, awards: &mut Awards) -> Result<(), Replay> {
    let mut buf = vec![0u8; READ_PIECE];
    let (mut len, mut eof) = (0, false);
    loop {
        while !eof && len < buf.len() {
            match file.read(&mut buf[len..]) {
                Ok(0) => eof = true,
                Ok(n) => len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Replay::Io(e)),
            }
        }
        let mut r = record::Reader::new(&buf[..len]);
        let used = loop {
            let at = r.position();
            match r.next_record() {
                Ok(Some(rec)) => apply(&rec, awards),
                Ok(None) => break at,
                // A record cut by the end of the piece: read on. Cut by the end of the file,
                // or not a record at all: the file is not as written.
                Err(record::Corrupt) if !eof => break at,
                Err(record::Corrupt) => return Err(Replay::Corrupt),
            }
        };
        if eof && used == len {
            return Ok(());
        }
        buf.copy_within(used..len, 0);
        len -= used;
        if len == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
    }
}

/// Merges one record into `awards`, as the row it came from was.
fn apply(rec: &Record<'_>, awards: &mut Awards) {
    let file = rec.file as usize;
    match rec.what {
        What::Facts => {
            awards.award_seen(&rec.facts, file, rec.seen);
        }
        What::Totals(t) => {
            let i = awards.award_seen(&rec.facts, file, rec.seen);
            awards.totals(i, t, &rec.facts);
        }
        What::Action(id, a) => {
            let i = awards.award_seen(&rec.facts, file, rec.seen);
            awards.action(i, id, &a);
        }
        // A delete deletes what was read before it, if its award was read at all.
        What::Delete(id) => {
            let f = &rec.facts;
            if let Some(i) = awards.position(f.key, f.piid, f.parent_piid) {
                awards.delete(i, id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::import::merge::Action;

    /// What the awards merged to, told in full, to compare two merges.
    fn told(awards: &Awards) -> Vec<String> {
        awards
            .list
            .iter()
            .map(|a| {
                let acts: Vec<String> = awards
                    .actions(a)
                    .map(|x| {
                        format!(
                            "{}/{}/{:?}/{:?}",
                            x.modification(),
                            x.transaction(),
                            x.obligation(),
                            x.description()
                        )
                    })
                    .collect();
                format!("{}|{:?}|{}", awards.text(a.piid), awards.text_of(a.description), acts.join(","))
            })
            .collect()
    }

    #[test]
    fn a_bucket_file_read_a_piece_at_a_time_merges_as_when_read_whole() {
        let mut buf = Vec::new();
        let long = "x".repeat(READ_PIECE * 2 + 17);
        let mut seen = 0;
        for award in 0..300 {
            let key = format!("CONT_AWD_{award}");
            let description =
                if award == 150 { long.clone() } else { format!("award {award} {}", "y".repeat(award * 7)) };
            let facts = Facts {
                key: Some(&key),
                piid: &key[9..],
                description: Some(&description),
                ..Facts::default()
            };
            for m in 0..12 {
                let modification = format!("P{m:05}");
                let id = format!("t{m}");
                let action = Action {
                    modification: &modification,
                    transaction: "0",
                    obligation: Some(f64::from(m) * 10.5),
                    description: Some(&description),
                    ..Action::default()
                };
                record::encode(
                    &mut buf,
                    &Record { seen, file: 0, facts, what: What::Action(&id, action) },
                    0,
                );
                seen += 1;
            }
        }
        assert!(buf.len() > 4 * READ_PIECE, "the file spans several pieces");

        let mut whole = Awards::default();
        let mut r = record::Reader::new(&buf);
        while let Some(rec) = r.next_record().expect("reads") {
            apply(&rec, &mut whole);
        }
        whole.finish();

        let dir = std::env::temp_dir().join(format!("et-spill-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let path = dir.join("bucket");
        std::fs::write(&path, &buf).expect("written");
        let mut pieces = Awards::default();
        assert!(replay_file(File::open(&path).expect("opens"), &mut pieces).is_ok());
        pieces.finish();
        assert_eq!(pieces.len(), 300);
        assert_eq!(told(&pieces), told(&whole));

        // Cut inside its last record, the file does not read back as written.
        std::fs::write(&path, &buf[..buf.len() - 3]).expect("written");
        let mut cut = Awards::default();
        assert!(matches!(replay_file(File::open(&path).expect("opens"), &mut cut), Err(Replay::Corrupt)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
