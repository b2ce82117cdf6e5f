//! One group's events serialised on two cores: the awards are cut into runs, this thread
//! writes every other run straight into the output and a second thread writes the others
//! into buffers that this one copies in, in order. Serialising events (formatting summaries
//! and sums, escaping strings) is most of writing an import, and awards are independent.
//! The output is the same bytes as one thread's; at most a few runs' text is in memory.

use std::io::{self, Write};
use std::sync::mpsc;

use super::build::{Group, Plan};
use super::events::{List, write_award};
use super::prose::Prose;

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
        let (tx, rx) = mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
        // Copied buffers come back to be filled again: a fresh megabyte a run is a fresh
        // mapping of memory to fault in and zero, every time.
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let theirs = runs.iter().skip(1).step_by(2);
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
        // Owns the receiving end, so that an early return closes it and the other stops.
        let mut mine = move |rx: mpsc::Receiver<io::Result<Vec<u8>>>| -> io::Result<()> {
            for (n, run) in runs.iter().enumerate() {
                if n % 2 == 0 {
                    for (a, ap) in *run {
                        write_award(list, &mut prose, p, g, a, ap)?;
                    }
                } else {
                    let buf = rx.recv().map_err(|_| io::Error::other("the second writer stopped"))??;
                    list.chunk(&buf)?;
                    let _ = back_tx.send(buf);
                }
            }
            Ok(())
        };
        mine(rx)
    })
}
