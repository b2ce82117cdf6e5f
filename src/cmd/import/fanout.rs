//! One group's events serialised on two cores: the awards are cut into runs, two writer
//! threads take every other run each and write it into a buffer, and this thread copies the
//! buffers into the output in order (and makes the system calls that write it, which were
//! enough to make it the slower of two when it also wrote runs of its own). Serialising
//! events (formatting summaries and sums, escaping strings) is most of writing an import,
//! and awards are independent. The output is the same bytes as one thread's; at most a few
//! runs' text is in memory.

use std::io::{self, Write};
use std::sync::mpsc;

use super::build::{Group, Plan};
use super::events::{List, write_award};
use super::prose::Prose;

/// Threads serialising runs; this one copies what they wrote into the output, in order, and
/// makes the system calls that write it.
const WRITERS: usize = 2;

/// A writer thread's two ends, from here: its filled buffers, and the way back for them.
type Writer = (mpsc::Receiver<io::Result<Vec<u8>>>, mpsc::Sender<Vec<u8>>);

/// Awards in a run: about 600 kB of output at eight 1.5 KB events an award, so that the
/// runs in flight (two waiting, one being made, one being copied) stay within a few MB.
const RUN: usize = 48;

/// Writes the events of every award of `g` into `list`, in order.
pub fn write_events<W: Write>(list: &mut List<'_, W>, p: &Plan<'_>, g: &Group<'_>) -> io::Result<()> {
    let pairs: Vec<_> = g.awards.list.iter().zip(&g.per_award).collect();
    let runs: Vec<_> = pairs.chunks(RUN).collect();
    let mut prose = Prose::default();
    if runs.len() < 4 {
        for (a, ap) in pairs {
            write_award(list, &mut prose, p, g, a, ap)?;
        }
        return Ok(());
    }
    let runs = &runs;
    std::thread::scope(|s| {
        let mut filled = Vec::with_capacity(WRITERS);
        for w in 0..WRITERS {
            let (tx, rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
            // Copied buffers come back to be filled again: a fresh megabyte a run is a fresh
            // mapping of memory to fault in and zero, every time.
            let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
            let theirs = runs.iter().skip(w).step_by(WRITERS);
            s.spawn(move || {
                let mut prose = Prose::default();
                for run in theirs {
                    let mut buf = back_rx.try_recv().unwrap_or_else(|_| Vec::with_capacity(1 << 20));
                    buf.clear();
                    let mut l = List::continuing(&mut buf);
                    let done = run
                        .iter()
                        .try_for_each(|(a, ap)| write_award(&mut l, &mut prose, p, g, a, ap))
                        .map(|()| buf);
                    let failed = done.is_err();
                    if tx.send(done).is_err() || failed {
                        return;
                    }
                }
            });
            filled.push((rx, back_tx));
        }
        // Owns the receiving ends, so that an early return closes them and the writers stop.
        let mut copy = move |filled: Vec<Writer>| -> io::Result<()> {
            for n in 0..runs.len() {
                let (rx, back) = &filled[n % WRITERS];
                let buf = rx.recv().map_err(|_| io::Error::other("an event writer stopped"))??;
                list.chunk(&buf)?;
                let _ = back.send(buf);
            }
            Ok(())
        };
        copy(filled)
    })
}
