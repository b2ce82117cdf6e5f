//! Compact storage for what an import keeps until every file is read: each distinct text once
//! in one buffer ([`Strings`], found again by its content, no allocation per string), and sums
//! of money in one word ([`Money`]). A million rows repeat the same agencies, recipients,
//! modification numbers and descriptions; they are kept as 4-byte handles.

use std::hash::BuildHasher;
use std::num::NonZeroU32;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// A string kept in [`Strings`]: its number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(NonZeroU32);

impl Text {
    /// The string's position in the order strings were first added.
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Distinct strings, each stored once, in the order they were first added.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    buf: String,
    /// Where each string ends in `buf`.
    ends: Vec<usize>,
    table: HashTable<u32>,
}

#[inline]
fn hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

#[inline]
fn at<'b>(buf: &'b str, ends: &[usize], i: u32) -> &'b str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &buf[start..ends[i]]
}

impl Strings {
    #[inline]
    pub fn get(&self, t: Text) -> &str {
        at(&self.buf, &self.ends, t.0.get() - 1)
    }

    /// The string added `i`-th.
    pub fn nth(&self, i: usize) -> &str {
        at(&self.buf, &self.ends, u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// The string `s`, if it was added.
    pub fn find(&self, s: &str) -> Option<Text> {
        self.table.find(hash(s), |&i| at(&self.buf, &self.ends, i) == s).map(|&i| Self::text(i))
    }

    /// `s`, added unless it is there already; `true` when it is new.
    pub fn add(&mut self, s: &str) -> (Text, bool) {
        let h = hash(s);
        let Self { buf, ends, table } = self;
        if let Some(&i) = table.find(h, |&i| at(buf, ends, i) == s) {
            return (Self::text(i), false);
        }
        let i = u32::try_from(ends.len()).unwrap_or(u32::MAX - 1);
        buf.push_str(s);
        ends.push(buf.len());
        table.insert_unique(h, i, |&j| hash(at(buf, ends, j)));
        (Self::text(i), true)
    }

    /// The handle of the string added `i`-th.
    fn text(i: u32) -> Text {
        Text(NonZeroU32::MIN.saturating_add(i))
    }

    /// About how many bytes the strings and their table take.
    pub fn kept_bytes(&self) -> usize {
        self.buf.capacity() + self.ends.capacity() * std::mem::size_of::<usize>() + self.table.capacity() * 5
    }

    /// `s`, added unless it is there already.
    pub fn intern(&mut self, s: &str) -> Text {
        self.add(s).0
    }
}

/// A sum of money or none, in eight bytes: NaN stands for none (no cell reads as NaN:
/// [`super::value::money`] takes digits only, and JSON has no NaN).
#[derive(Debug, Clone, Copy)]
pub struct Money(f64);

impl Money {
    pub fn get(self) -> Option<f64> {
        (!self.0.is_nan()).then_some(self.0)
    }
}

impl From<Option<f64>> for Money {
    fn from(v: Option<f64>) -> Self {
        Self(v.unwrap_or(f64::NAN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_kept_once_and_found_by_its_text() {
        let mut s = Strings::default();
        let (a, new_a) = s.add("ICE");
        let (b, new_b) = s.add("DHS");
        let (a2, new_a2) = s.add("ICE");
        assert_eq!((new_a, new_b, new_a2), (true, true, false));
        assert_eq!(a, a2);
        assert_ne!(a, b);
        assert_eq!((s.get(a), s.get(b)), ("ICE", "DHS"));
        assert_eq!(s.find("DHS"), Some(b));
        assert_eq!(s.find("FBI"), None);
        let (e, _) = s.add("");
        assert_eq!(s.get(e), "");
        assert_eq!([s.nth(0), s.nth(1), s.nth(2)], ["ICE", "DHS", ""]);
        assert_eq!((a.index(), b.index(), e.index()), (0, 1, 2));
    }

    #[test]
    fn money_keeps_none_apart_from_zero() {
        assert_eq!(Money::from(None).get(), None);
        assert_eq!(Money::from(Some(0.0)).get(), Some(0.0));
        assert_eq!(Money::from(Some(-27_500.0)).get(), Some(-27_500.0));
    }
}
