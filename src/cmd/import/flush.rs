//! The output sent to the disk while it is still being made.
//!
//! The dataset is synced before it is renamed over the output (nothing half-written). A big
//! one is far below the share of memory the kernel lets stay unwritten, so left alone nothing
//! of it reaches the disk until that final sync: the 1.2 GB output of a 1M-row import then
//! waited 1.4 s for the disk after everything else was done. So every [`STEP`] bytes the
//! kernel is asked to start writing what has been written so far, without waiting for it
//! (`posix_fadvise(POSIX_FADV_DONTNEED)`: on Linux it starts write-back of the range and drops
//! the pages that are already on the disk), and the final sync has only the last piece left.
//!
//! No second thread: one that only synced the file, spawned for the writing, left glibc
//! holding 25–30 MiB more at the peak, the memory budget's worth again. Elsewhere than Linux
//! nothing is asked, and the final sync does it all as before.

use std::fs::File;
use std::io::{self, BufWriter, Write};

/// How much is written between requests.
const STEP: u64 = 64 << 20;

/// The output file's writer, asking for write-back every [`STEP`] bytes.
pub struct Flushing<'w> {
    out: &'w mut BufWriter<File>,
    written: u64,
    /// Where the range not yet handed to the kernel starts.
    asked: u64,
}

impl<'w> Flushing<'w> {
    pub fn new(out: &'w mut BufWriter<File>) -> Self {
        Self { out, written: 0, asked: 0 }
    }

    fn count(&mut self, n: usize) -> io::Result<()> {
        self.written += n as u64;
        if self.written - self.asked >= STEP {
            // Into the page cache first: the kernel can only write what it has been given.
            self.out.flush()?;
            start_writeback(self.out.get_ref(), self.asked, self.written - self.asked);
            self.asked = self.written;
        }
        Ok(())
    }
}

impl Write for Flushing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.count(n)?;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)?;
        self.count(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Asks the kernel to start writing `len` bytes from `offset`. Only advice: a refusal changes
/// nothing but when the bytes reach the disk, and the final sync still reports any failure.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, offset: u64, len: u64) {
    let _ = rustix::fs::fadvise(file, offset, std::num::NonZeroU64::new(len), rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &File, _: u64, _: u64) {}
