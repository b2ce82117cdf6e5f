//! Which links point at each event, so every link can be seen from both of its ends.

use crate::data::model::{Event, Incoming};

/// The incoming links of every event, as one flat table: a few integers per link, built in
/// two passes. (A list per event took a million allocations at a million events.)
/// Importers call it too, so every dataset gets the same index.
pub fn related_index(events: &[Event]) -> Incoming {
    let mut starts = vec![0u32; events.len() + 1];
    for e in events {
        for l in &e.links {
            starts[l.to() + 1] += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let total = starts.last().copied().unwrap_or(0) as usize;
    let mut links = vec![(0u32, 0u32); total];
    let mut next = starts.clone();
    for (from, e) in events.iter().enumerate() {
        for (li, l) in e.links.iter().enumerate() {
            let slot = &mut next[l.to()];
            links[*slot as usize] = (from as u32, li as u32);
            *slot += 1;
        }
    }
    Incoming { starts, links }
}
