//! Which links point at each event, so every link can be seen from both of its ends.

use crate::data::model::{Event, Incoming};

/// Links below this are indexed on one thread: a thread costs more than they do.
const ON_TWO_CORES: usize = 1 << 16;

/// The incoming links of every event, as one flat table: a few integers per link, built in
/// two passes. (A list per event took a million allocations at a million events.)
/// Importers call it too, so every dataset gets the same index.
///
/// The table is written in the order of the links' targets, at random: at ten million links
/// each write waits on memory. With many links, the events in the first half of the list and
/// those in the second are indexed on both cores at once, each thread reading every link and
/// writing those that point into its half (its own part of the table).
pub fn related_index(events: &[Event]) -> Incoming {
    let links: usize = events.iter().map(|e| e.links.len()).sum();
    let two = links >= ON_TWO_CORES;
    let mid = if two { events.len() / 2 } else { events.len() };
    // `starts[t + 1]` counts the links to event `t`, then is summed into where they start.
    let mut starts = vec![0u32; events.len() + 1];
    {
        let (low, high) = starts[1..].split_at_mut(mid);
        both(two, || count(events, 0, low), || count(events, mid, high));
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut table = vec![(0u32, 0u32); links];
    let mut next = starts.clone();
    {
        let split = starts[mid] as usize;
        let (low, high) = table.split_at_mut(split);
        let (low_next, high_next) = next.split_at_mut(mid);
        both(two, || fill(events, 0, low_next, low, 0), || fill(events, mid, high_next, high, split));
    }
    Incoming { starts, links: table }
}

/// Runs `a` here and `b` on a second thread (`two`), or one after the other.
fn both(two: bool, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
    if !two {
        a();
        b();
        return;
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        a();
        // A panic in the other half is this one's.
        if let Err(panic) = other.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// Counts the links to each event from `base` on (`counts[t - base]`), as many as `counts`
/// holds.
fn count(events: &[Event], base: usize, counts: &mut [u32]) {
    if counts.is_empty() {
        return;
    }
    for e in events {
        for l in &e.links {
            if let Some(c) = l.to().checked_sub(base).and_then(|t| counts.get_mut(t)) {
                *c += 1;
            }
        }
    }
}

/// Writes each link to an event from `base` on into `table`, the part of the whole table
/// that starts at `offset`; `next[t - base]` is where the next link to `t` goes.
fn fill(events: &[Event], base: usize, next: &mut [u32], table: &mut [(u32, u32)], offset: usize) {
    if table.is_empty() {
        return;
    }
    for (from, e) in events.iter().enumerate() {
        for (li, l) in e.links.iter().enumerate() {
            if let Some(slot) = l.to().checked_sub(base).and_then(|t| next.get_mut(t)) {
                table[*slot as usize - offset] = (from as u32, li as u32);
                *slot += 1;
            }
        }
    }
}
