//! The output file, written whole (a temporary file beside it, synced, renamed over it) and
//! sent to the disk while it is still being made.
//!
//! On Linux it goes to the disk directly (`O_DIRECT`), not through the page cache. A 1M-row
//! import writes 1.2 GB, and the kernel's copy of it into freshly allocated cache pages was
//! 71% of the writing thread's samples, about 2.2 s: the one thread in the writing pass that
//! was always busy. On the same VM the disk takes 1.2 GB directly in 0.5–0.6 s with 0.1 s of
//! system time (`dd bs=4M count=300 oflag=direct`), where through the cache it took 0.7–4.3 s
//! with its sync, 0.4–3.9 s of it system time. The output is not read back by the import, so
//! caching it buys nothing.
//!
//! Direct writes need memory, lengths and file offsets aligned to the disk's blocks: the text
//! is gathered in an aligned buffer and written a whole buffer at a time, at its offset; the
//! last, partial block is padded, written, and the file cut back to its length. Where the
//! file system refuses direct writes (tmpfs, some network file systems, another OS), the file
//! goes through the page cache, and every [`STEP`] bytes the kernel is asked to start writing
//! what it has (otherwise a big output waits for the disk only at the final sync: 1.4 s).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Alignment of direct writes: a multiple of every disk's logical block.
const ALIGN: usize = 4096;

/// How much is gathered before it is written: a multiple of [`ALIGN`].
const BUF: usize = 4 << 20;

/// Through the page cache, how much is written between requests to start writing it back.
const STEP: u64 = 64 << 20;

/// The output file being written.
pub struct Output {
    file: File,
    /// [`BUF`] bytes from `start`, which is aligned, are the buffer.
    buf: Vec<u8>,
    start: usize,
    filled: usize,
    /// Bytes in the file so far.
    written: u64,
    direct: bool,
    /// Through the page cache, where the range not yet handed to the kernel starts.
    asked: u64,
}

/// Streams what `write` writes to `path`, whole: an error from it (or from the disk) leaves
/// `path` as it was and no temporary file behind.
pub fn stream_whole(path: &Path, write: impl FnOnce(&mut Output) -> io::Result<()>) -> io::Result<()> {
    let tmp = crate::data::save::temp_path(path);
    let result = Output::create(&tmp).and_then(|mut out| {
        write(&mut out)?;
        out.finish()
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

impl Output {
    fn create(path: &Path) -> io::Result<Self> {
        let (file, direct) = open(path)?;
        Ok(Self::with(file, direct))
    }

    fn with(file: File, direct: bool) -> Self {
        let buf = vec![0; BUF + ALIGN];
        // Only the address's value is read, to find where the aligned part begins.
        let start = (ALIGN - buf.as_ptr() as usize % ALIGN) % ALIGN;
        Self { file, buf, start, filled: 0, written: 0, direct, asked: 0 }
    }

    /// Writes the first `len` bytes of the buffer at the end of the file. A direct write the
    /// file system turns down is made again through the page cache, at the same offset, and
    /// so is every write after it.
    fn put(&mut self, len: usize) -> io::Result<()> {
        let block = &self.buf[self.start..self.start + len];
        match self.file.write_all_at(block, self.written) {
            Err(e) if self.direct && e.raw_os_error() == Some(EINVAL) => {
                self.direct = false;
                not_direct(&self.file)?;
                self.file.write_all_at(block, self.written)?;
            }
            other => other?,
        }
        Ok(())
    }

    /// Writes the full buffer.
    fn drain(&mut self) -> io::Result<()> {
        self.put(self.filled)?;
        self.written += self.filled as u64;
        self.filled = 0;
        if !self.direct && self.written - self.asked >= STEP {
            start_writeback(&self.file, self.asked, self.written - self.asked);
            self.asked = self.written;
        }
        Ok(())
    }

    /// Writes what is left, cuts off the padding of the last block and syncs the file.
    fn finish(mut self) -> io::Result<()> {
        if self.filled > 0 {
            let len = if self.direct { self.filled.next_multiple_of(ALIGN) } else { self.filled };
            self.buf[self.start + self.filled..self.start + len].fill(0);
            self.put(len)?;
            self.written += self.filled as u64;
            if len != self.filled {
                self.file.set_len(self.written)?;
            }
        }
        self.file.sync_all()
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = bytes.len().min(BUF - self.filled);
        let at = self.start + self.filled;
        self.buf[at..at + n].copy_from_slice(&bytes[..n]);
        self.filled += n;
        if self.filled == BUF {
            self.drain()?;
        }
        Ok(n)
    }

    /// Gathered until [`Output::finish`]: nothing is read back before then.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(target_os = "linux")]
const EINVAL: i32 = rustix::io::Errno::INVAL.raw_os_error();
#[cfg(not(target_os = "linux"))]
const EINVAL: i32 = 22;

/// Creates `path` for writing, directly when the file system allows it.
#[cfg(target_os = "linux")]
fn open(path: &Path) -> io::Result<(File, bool)> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    let direct = rustix::fs::OFlags::DIRECT.bits() as i32;
    match options.clone().custom_flags(direct).open(path) {
        Ok(f) => Ok((f, true)),
        Err(e) if e.raw_os_error() == Some(EINVAL) => Ok((options.open(path)?, false)),
        Err(e) => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn open(path: &Path) -> io::Result<(File, bool)> {
    Ok((OpenOptions::new().write(true).create(true).truncate(true).open(path)?, false))
}

#[cfg(target_os = "linux")]
fn not_direct(file: &File) -> io::Result<()> {
    let flags = rustix::fs::fcntl_getfl(file)?;
    Ok(rustix::fs::fcntl_setfl(file, flags - rustix::fs::OFlags::DIRECT)?)
}

#[cfg(not(target_os = "linux"))]
fn not_direct(_: &File) -> io::Result<()> {
    Ok(())
}

/// Asks the kernel to start writing `len` bytes from `offset` (and to drop the pages already
/// on the disk). Only advice: a refusal changes nothing but when the bytes reach the disk,
/// and the final sync still reports any failure.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, offset: u64, len: u64) {
    let _ = rustix::fs::fadvise(file, offset, std::num::NonZeroU64::new(len), rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &File, _: u64, _: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text of `len` bytes that shows where each byte came from.
    fn text(len: usize) -> Vec<u8> {
        (0..len).map(|i| b'a' + (i % 26) as u8).collect()
    }

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("et-output-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("dir");
        d
    }

    #[test]
    fn every_length_comes_back_whole_direct_or_not() {
        let d = dir("lengths");
        for len in [0, 1, ALIGN - 1, ALIGN, ALIGN + 1, BUF - 1, BUF, BUF + 1, 2 * BUF + 4097] {
            let want = text(len);
            let path = d.join(format!("out-{len}.json"));
            // Written in uneven pieces, as the importer's records come.
            stream_whole(&path, |out| want.chunks(1000).try_for_each(|c| out.write_all(c))).expect("written");
            assert_eq!(std::fs::read(&path).expect("read"), want, "{len} bytes, as opened");
            let through_cache = d.join(format!("cache-{len}.json"));
            let mut out = Output::with(File::create(&through_cache).expect("create"), false);
            out.write_all(&want).expect("write");
            out.finish().expect("finish");
            assert_eq!(std::fs::read(&through_cache).expect("read"), want, "{len} bytes, cached");
        }
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_failed_stream_leaves_the_old_file_and_no_temporary() {
        let d = dir("failed");
        let path = d.join("out.json");
        std::fs::write(&path, "old").expect("old");
        let failed = stream_whole(&path, |out| {
            out.write_all(&text(BUF + 10))?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        let left: Vec<_> = std::fs::read_dir(&d).expect("dir").filter_map(Result::ok).collect();
        assert_eq!(left.len(), 1, "only the file itself: {left:?}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
