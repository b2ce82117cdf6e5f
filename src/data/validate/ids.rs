//! The ids of one list (companies, actors, sources or events), each with its position there:
//! a table of open addressing whose slot holds the id itself (inline when short, as most ids
//! are) beside the position.
//!
//! Why not a `HashMap`: at a million ids the table is far bigger than the cache, and a lookup
//! waits on memory. hashbrown reads a control byte in one place and the entry in another, two
//! waits; here the id's home slot is one read, and the probe that follows stays on that line
//! or the next. And a batch of ids (an event's links) is looked up with all their slots
//! requested first ([`Ids::get_many`]), so that their waits overlap rather than follow one
//! another: hashbrown gives no way to ask for a slot without probing it. Measured at a
//! million ids and ten million random lookups (half of them absent): hashbrown 1.6–1.8 s,
//! this table 1.0–1.1 s.

use std::hash::Hasher;

use compact_str::CompactString;
use rustc_hash::FxHasher;

/// A free slot's position.
const FREE: u32 = u32::MAX;

/// Ids looked up together in [`Ids::get_many`]: enough to overlap their waits, few enough
/// for their slots to stay in the first-level cache until probed.
const BATCH: usize = 16;

#[derive(Clone)]
struct Slot {
    id: CompactString,
    /// The position, or [`FREE`]. (Positions fit in `u32`: the loader refuses files over
    /// 1 GiB, and every item takes at least two bytes of one.)
    at: u32,
}

const EMPTY: Slot = Slot { id: CompactString::const_new(""), at: FREE };

/// Ids with their positions. Linear probing, at most three quarters full.
#[derive(Default)]
pub struct Ids {
    slots: Vec<Slot>,
    len: usize,
    /// 64 less the number of bits of a slot's index: the hash's high bits pick the home slot
    /// (Fx's low bits are its weakest).
    shift: u32,
}

fn hash(id: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    h.finish()
}

impl Ids {
    pub fn len(&self) -> usize {
        self.len
    }

    /// Room for `more` ids beyond those held, without growing again.
    pub fn reserve(&mut self, more: usize) {
        let wanted = self.len.saturating_add(more);
        if wanted.saturating_mul(4) > self.slots.len().saturating_mul(3) {
            self.grow_to(wanted.saturating_mul(4).div_ceil(3).next_power_of_two().max(16));
        }
    }

    fn grow_to(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; slots]);
        self.shift = 64 - slots.trailing_zeros();
        for s in old.into_iter().filter(|s| s.at != FREE) {
            let i = self.free_slot(&s.id);
            self.slots[i] = s;
        }
    }

    fn home(&self, id: &str) -> usize {
        // `shift` is 64 for no slots at all: nothing to shift, and no slot to read.
        hash(id).checked_shr(self.shift).unwrap_or(0) as usize
    }

    /// The slot holding `id`, or the free slot where it would go. The table has slots.
    fn probe(&self, mut i: usize, id: &str) -> usize {
        let mask = self.slots.len() - 1;
        loop {
            let s = &self.slots[i];
            if s.at == FREE || s.id == id {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    fn free_slot(&self, id: &str) -> usize {
        self.probe(self.home(id), id)
    }

    /// The position of `id`.
    pub fn get(&self, id: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let s = &self.slots[self.probe(self.home(id), id)];
        (s.at != FREE).then_some(s.at as usize)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Records `id` at position `at` unless it is held already; gives the position it held.
    pub fn first(&mut self, id: &str, at: usize) -> Option<usize> {
        self.reserve(1);
        let i = self.free_slot(id);
        let s = &mut self.slots[i];
        if s.at != FREE {
            return Some(s.at as usize);
        }
        // Unreachable past u32 (see `Slot::at`); saturating keeps the slot taken.
        *s = Slot { id: CompactString::new(id), at: u32::try_from(at).unwrap_or(FREE - 1) };
        self.len += 1;
        None
    }

    /// The position of each of `ids`, given to `found` with its index in `ids`. Each batch's
    /// home slots are read first, all at once, then probed: one wait for the batch instead of
    /// one after another.
    pub fn get_many(&self, ids: &[&str], mut found: impl FnMut(usize, Option<usize>)) {
        if self.slots.is_empty() {
            (0..ids.len()).for_each(|k| found(k, None));
            return;
        }
        for (b, batch) in ids.chunks(BATCH).enumerate() {
            let mut homes = [0usize; BATCH];
            let mut touched = 0u32;
            for (home, id) in homes.iter_mut().zip(batch) {
                *home = self.home(id);
                touched ^= self.slots[*home].at;
            }
            // The reads above are what brings the slots in; keep them from being dropped.
            std::hint::black_box(touched);
            for (k, (&home, id)) in homes.iter().zip(batch).enumerate() {
                let s = &self.slots[self.probe(home, id)];
                found(b * BATCH + k, (s.at != FREE).then_some(s.at as usize));
            }
        }
    }

    /// Every id held, in no order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.slots.iter().filter(|s| s.at != FREE).map(|s| s.id.as_str())
    }
}

impl<'a> FromIterator<(&'a str, usize)> for Ids {
    /// The first position of each id.
    fn from_iter<I: IntoIterator<Item = (&'a str, usize)>>(iter: I) -> Self {
        let mut ids = Ids::default();
        for (id, at) in iter {
            ids.first(id, at);
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn an_empty_table_finds_nothing() {
        let ids = Ids::default();
        assert_eq!(ids.get("a"), None);
        assert_eq!(ids.get(""), None);
        let mut seen = Vec::new();
        ids.get_many(&["a", "b"], |k, f| seen.push((k, f)));
        assert_eq!(seen, [(0, None), (1, None)]);
        assert_eq!(ids.keys().count(), 0);
    }

    #[test]
    fn the_first_position_of_an_id_is_kept() {
        let mut ids = Ids::default();
        assert_eq!(ids.first("e1", 0), None);
        assert_eq!(ids.first("e2", 1), None);
        assert_eq!(ids.first("e1", 2), Some(0));
        assert_eq!((ids.get("e1"), ids.get("e2"), ids.get("e3")), (Some(0), Some(1), None));
        assert_eq!(ids.len(), 2);
        // An empty id and a long one (kept on the heap) are ids like any other.
        let long = "x".repeat(100);
        ids.first("", 3);
        ids.first(&long, 4);
        assert_eq!((ids.get(""), ids.get(&long)), (Some(3), Some(4)));
    }

    #[test]
    fn reserving_makes_room_once() {
        let mut ids = Ids::default();
        ids.reserve(1000);
        let slots = ids.slots.len();
        assert!(slots * 3 >= 1000 * 4, "{slots}");
        for i in 0..1000 {
            ids.first(&format!("e{i}"), i);
        }
        assert_eq!(ids.slots.len(), slots, "no growth within what was reserved");
        assert!((0..1000).all(|i| ids.get(&format!("e{i}")) == Some(i)));
    }

    proptest! {
        /// Against a map: the same first positions, the same answers one at a time and in
        /// batches, through every growth of the table.
        #[test]
        fn agrees_with_a_map(
            inserts in proptest::collection::vec("[a-c]{0,3}|[a-z0-9 ]{20,40}", 0..300),
            queries in proptest::collection::vec("[a-c]{0,3}|[a-z0-9 ]{20,40}", 0..100),
        ) {
            let mut ids = Ids::default();
            let mut model: HashMap<String, usize> = HashMap::new();
            for (i, id) in inserts.iter().enumerate() {
                let expected = model.get(id).copied();
                model.entry(id.clone()).or_insert(i);
                prop_assert_eq!(ids.first(id, i), expected);
            }
            prop_assert_eq!(ids.len(), model.len());
            let mut keys: Vec<&str> = ids.keys().collect();
            keys.sort_unstable();
            let mut want: Vec<&str> = model.keys().map(String::as_str).collect();
            want.sort_unstable();
            prop_assert_eq!(keys, want);
            let all: Vec<&str> = queries.iter().chain(&inserts).map(String::as_str).collect();
            let mut batch = vec![None; all.len()];
            ids.get_many(&all, |k, f| batch[k] = f);
            for (k, id) in all.iter().enumerate() {
                prop_assert_eq!(ids.get(id), model.get(*id).copied());
                prop_assert_eq!(batch[k], model.get(*id).copied());
            }
        }
    }
}
