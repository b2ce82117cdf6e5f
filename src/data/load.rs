//! Reading a dataset from bytes or from disk, with located errors.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

use super::locate;
use super::model::Dataset;
use super::problem::{self, LoadError, PER_KIND, Problem};
use super::timelinejs;
use super::validate::validate_json;

/// Files above this size are refused before reading: 1 GiB. A million-event dataset is about
/// 500 MB; anything much larger would not fit the memory we promise (twice the file size).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A loaded dataset and the warnings found while loading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Problem>,
}

/// What a load is doing, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Reading,
    /// Parsing and checking every record.
    Checking,
    /// Building the screens' tables and the search index.
    Preparing,
    Done,
}

impl Phase {
    const ALL: [Self; 4] = [Self::Reading, Self::Checking, Self::Preparing, Self::Done];
}

/// How far a load has got, for a loading screen on another thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// A [`Phase`], as its position in [`Phase::ALL`]: an atomic, so the loading screen reads
    /// it without a lock.
    phase: AtomicU8,
    pub read: AtomicU64,
    pub total: AtomicU64,
}

impl Progress {
    pub fn phase(&self) -> Phase {
        let i = usize::from(self.phase.load(Ordering::Relaxed));
        Phase::ALL.get(i).copied().unwrap_or(Phase::Done)
    }

    pub fn set_phase(&self, phase: Phase) {
        let i = Phase::ALL.iter().position(|&p| p == phase).unwrap_or(0);
        self.phase.store(u8::try_from(i).unwrap_or(u8::MAX), Ordering::Relaxed);
    }
}

/// Reads and validates the file at `path`. Problems get a line and column as a report lists
/// them: the first [`PER_KIND`] of each kind (see [`load_path_located`]).
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_with(path, &Progress::default())
}

/// [`load_path`], placing the first `located` problems of each kind in the file, or every
/// problem with `None` (`check --all`). Placing a problem walks the file to it, so a file
/// with a problem on every event would be walked through for problems no report shows.
pub fn load_path_located(path: &Path, located: Option<usize>) -> Result<Loaded, LoadError> {
    load_path_inner(path, &Progress::default(), located)
}

/// [`load_path`], reporting progress as it goes.
pub fn load_path_with(path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
    load_path_inner(path, progress, Some(PER_KIND))
}

fn load_path_inner(path: &Path, progress: &Progress, located: Option<usize>) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let fail = |message: String, hint: &'static str| {
        let mut p = Problem::error("", message);
        if !hint.is_empty() {
            p = p.hint(hint);
        }
        LoadError::single(&name, p)
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(io_message(&e), "check the path given to --data"))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a dataset file".into(), "give the path of a .json file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            // Rounded up: a file one byte over the limit must not read as the limit itself.
            format!("file is {} MB; the limit is {} MB", meta.len().div_ceil(1 << 20), MAX_FILE_BYTES >> 20),
            "split the dataset into smaller files",
        ));
    }
    progress.total.store(meta.len(), Ordering::Relaxed);
    let bytes = read_counting(path, progress).map_err(|e| fail(io_message(&e), ""))?;
    progress.set_phase(Phase::Checking);
    load_vec_located(&name, bytes, located)
}

/// Reads a whole file, counting the bytes read (one allocation: the capacity comes from the
/// file's size). A big file is read in two halves at once, one on each core: reading is a
/// page fault and a copy for every page, and parsing cannot start until it is done (at a
/// million events it was a third of `check`).
fn read_counting(path: &Path, progress: &Progress) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let size = usize::try_from(progress.total.load(Ordering::Relaxed)).unwrap_or(0);
    #[cfg(unix)]
    if size >= HALVES_FROM {
        use std::io::{Seek, SeekFrom};
        if let Some(bytes) = read_halves(&file, size, progress)? {
            // The file may have grown since its size was taken: read on to its end.
            file.seek(SeekFrom::Start(bytes.len() as u64))?;
            return read_rest(&mut file, bytes, progress);
        }
        // It shrank: read it again, from the start.
        progress.read.store(0, Ordering::Relaxed);
        file.seek(SeekFrom::Start(0))?;
    }
    read_rest(&mut file, Vec::with_capacity(size + 1), progress)
}

/// Below this size a file is read in one piece: a thread costs more than it saves.
#[cfg(unix)]
const HALVES_FROM: usize = 32 << 20;

/// How much is read between two updates of the progress count.
const CHUNK: usize = 8 << 20;

/// Reads `file` from where it stands to its end onto `bytes`, a chunk at a time, straight
/// into the buffer (a chunk read into a buffer of its own was one more copy of the file).
fn read_rest(file: &mut std::fs::File, mut bytes: Vec<u8>, progress: &Progress) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    loop {
        let n = (&mut *file).take(CHUNK as u64).read_to_end(&mut bytes)?;
        if n == 0 {
            return Ok(bytes);
        }
        progress.read.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// The first `size` bytes of `file`, read as two halves on two threads; `None` when the file
/// turns out shorter than that.
#[cfg(unix)]
fn read_halves(file: &std::fs::File, size: usize, progress: &Progress) -> std::io::Result<Option<Vec<u8>>> {
    use std::os::unix::fs::FileExt;
    // Zeroed pages the kernel has not made yet: each is made as the read first writes it,
    // so the two threads share that work too.
    let mut bytes = vec![0u8; size];
    let (first, second) = bytes.split_at_mut(size / 2);
    let half = first.len() as u64;
    let read = |part: &mut [u8], at: u64| -> std::io::Result<bool> {
        for (k, chunk) in part.chunks_mut(CHUNK).enumerate() {
            match file.read_exact_at(chunk, at + (k * CHUNK) as u64) {
                Ok(()) => progress.read.fetch_add(chunk.len() as u64, Ordering::Relaxed),
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
                Err(e) => return Err(e),
            };
        }
        Ok(true)
    };
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| read(second, half));
        let a = read(first, 0);
        (a, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    Ok((a? && b?).then_some(bytes))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot read: {e}"),
    }
}

/// Parses and validates a dataset held in memory: our format, or a TimelineJS file (see
/// [`timelinejs`]). `name` is used in messages.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_vec(name, bytes.to_vec())
}

/// [`load_bytes`] for bytes we own: the dataset's text keeps pointing into them.
pub fn load_vec(name: &str, bytes: Vec<u8>) -> Result<Loaded, LoadError> {
    load_vec_located(name, bytes, Some(PER_KIND))
}

fn load_vec_located(name: &str, bytes: Vec<u8>, located: Option<usize>) -> Result<Loaded, LoadError> {
    // A UTF-8 byte-order mark is harmless (Windows editors write one); skip it.
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    if bytes[bom..].iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::single(
            name,
            Problem::error("", "the file is empty").hint("a dataset is a JSON object; see data/README.md"),
        ));
    }
    // serde would report bad UTF-8 inside a string as a bad "unicode code point"; say it plainly.
    let buf = match String::from_utf8(bytes) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = &bytes[bom..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            return Err(LoadError::single(
                name,
                Problem::error("", "the file is not valid UTF-8")
                    .hint("save the file as UTF-8")
                    .at(line, column),
            ));
        }
    };
    let json = &buf[bom..];
    let result = match validate_json(&buf, json) {
        Ok(outcome) => outcome,
        // A TimelineJS file never parses as ours, so only a failed parse looks for one: our
        // own files, however large, are parsed once.
        Err(e) => match timelinejs::sniff(json.as_bytes()) {
            Some(root) => timelinejs::import(name, &root),
            None => {
                let (line, column) = json_position(json.as_bytes(), &e);
                let problem = Problem::error("", json_message(&e)).at(line, column);
                return Err(LoadError::single(name, problem));
            }
        },
    };
    match result {
        Ok((dataset, mut warnings)) => {
            locate_problems(json, &mut warnings, located);
            Ok(Loaded { dataset, warnings })
        }
        Err(mut problems) => {
            locate_problems(json, &mut problems, located);
            Err(LoadError { file: name.to_string(), problems })
        }
    }
}

/// serde's message without its own " at line X column Y" suffix, which we print in front.
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
    let prefix = match e.classify() {
        serde_json::error::Category::Syntax => "invalid JSON: ",
        serde_json::error::Category::Eof => "the file ends too early: ",
        serde_json::error::Category::Data => "",
        serde_json::error::Category::Io => "cannot read: ",
    };
    format!("{prefix}{msg}")
}

/// Where serde_json's error points, as our 1-based line and character column.
///
/// serde_json counts columns in bytes, reports an error found at a line break as column 0 of
/// the next line, and for a value of the wrong type that it only peeked at (an array or object)
/// names the byte before the value. Convert all three so editors land on the offending byte.
fn json_position(bytes: &[u8], e: &serde_json::Error) -> (usize, usize) {
    let (line, column) = (e.line(), e.column());
    if line == 0 {
        return (line, column);
    }
    let start = if line == 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', bytes).nth(line - 2).map_or(bytes.len(), |i| i + 1)
    };
    let mut offset = (start + column).saturating_sub(1).min(bytes.len());
    let peeked = |b: u8| b.is_ascii_whitespace() || matches!(b, b':' | b',' | b'[');
    if e.classify() == serde_json::error::Category::Data
        && (line, column) != (1, 0)
        && bytes.get(offset).is_some_and(|&b| peeked(b))
        && let Some(next) = bytes[offset + 1..].iter().position(|b| !b.is_ascii_whitespace())
    {
        offset += 1 + next;
    }
    let line_start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    // Characters that start before the offset, plus the one at it.
    let column = locate::char_count(&bytes[line_start..offset]) + 1;
    (line, column)
}

/// Gives problems their line and column: every one, or the first `located` of each kind.
fn locate_problems(text: &str, problems: &mut [Problem], located: Option<usize>) {
    if problems.is_empty() {
        return;
    }
    let chosen = match located {
        Some(limit) => problem::first_of_each_kind(problems, limit),
        None => (0..problems.len()).collect(),
    };
    let wanted: rustc_hash::FxHashSet<&str> = chosen.iter().map(|&i| problems[i].path.as_str()).collect();
    let found = locate::offsets(text, &wanted);
    let offsets: Vec<usize> =
        chosen.iter().map(|&i| found.get(problems[i].path.as_str()).copied().unwrap_or(0)).collect();
    for (&i, (line, col)) in chosen.iter().zip(locate::line_columns(text, &offsets)) {
        problems[i].line = Some(line);
        problems[i].column = Some(col);
    }
    // Errors first, each severity in file order as an editor lists them: the order checks run
    // in is ours to change (events are checked as they are read, links once all are known).
    // Problems left unplaced come after the placed ones of their severity, so a report's
    // first few of each kind are the placed ones.
    problems.sort_by_key(|p| (std::cmp::Reverse(p.severity), p.line.is_none(), p.line, p.column));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{self, Dates, Problems, Shape};

    /// Two halves read at once give the file's bytes, chunk by chunk across the middle, and
    /// the count of bytes read; a file shorter than its size said gives `None`, and
    /// `read_counting` then reads it whole.
    #[cfg(unix)]
    #[test]
    fn a_file_read_in_two_halves_is_the_file() {
        let path = std::env::temp_dir().join(format!("et-halves-{}", std::process::id()));
        // Odd, and over two chunks a half, so chunks end inside each half and at its end;
        // big enough that `read_counting` reads it in halves.
        let size = 4 * CHUNK + CHUNK / 2 + 7;
        assert!(size > HALVES_FROM);
        let bytes: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        let file = std::fs::File::open(&path).expect("open");
        let progress = Progress::default();
        assert_eq!(read_halves(&file, size, &progress).expect("read").as_deref(), Some(&bytes[..]));
        assert_eq!(progress.read.load(Ordering::Relaxed), size as u64);
        assert_eq!(read_halves(&file, size + 1, &Progress::default()).expect("read"), None);
        // Sized before the file lost a byte (or gained one): the whole file either way.
        for (said, is) in [(size, size - 1), (size - 3, size)] {
            std::fs::write(&path, &bytes[..is]).expect("write");
            let progress = Progress::default();
            progress.total.store(said as u64, Ordering::Relaxed);
            assert_eq!(read_counting(&path, &progress).expect("read"), &bytes[..is]);
            assert_eq!(progress.read.load(Ordering::Relaxed), is as u64);
        }
        let _ = std::fs::remove_file(&path);
    }

    /// A report that lists the first few of each kind lists the same lines whether the
    /// loader placed every problem or only those, in a minified and a pretty file, with
    /// events out of date order and problems found in the order checks run.
    #[test]
    fn placing_the_first_of_each_kind_reports_as_placing_all() {
        for (problems, pretty) in [(Problems::Error, false), (Problems::Warning, true)] {
            let shape = Shape { problems, dates: Dates::Shuffled, ..Shape::default() };
            let mut json = synthetic::generate_shaped(450, 3, shape);
            if pretty {
                json = synthetic::pretty(&json);
            }
            let load = |located| match load_vec_located("f.json", json.clone().into_bytes(), located) {
                Ok(loaded) => LoadError { file: "f.json".into(), problems: loaded.warnings },
                Err(e) => e,
            };
            let (all, some) = (load(None), load(Some(PER_KIND)));
            assert!(all.problems.iter().all(|p| p.line.is_some()));
            let placed = some.problems.iter().filter(|p| p.line.is_some()).count();
            assert!((PER_KIND..all.problems.len()).contains(&placed), "{placed} placed");
            assert_eq!(some.report(Some(PER_KIND)), all.report(Some(PER_KIND)));
        }
    }
}
