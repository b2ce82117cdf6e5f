//! Every award read so far, across files: the same award in several files is one award, the
//! same transaction twice is one transaction, and a Delta file's `D` row takes a transaction
//! out. Nothing is summed here: award totals are taken as a record states them, never added
//! up from rows (which would count a duplicate row or a second file twice).
//!
//! What is kept is what merging needs and the output shows: per award, its facts; per
//! transaction, one fixed-size [`Txn`] (96 bytes, its texts as handles into
//! [`Strings`]). A row's other cells are dropped as it is read. Transactions are resolved
//! (duplicates, deletes, modification order) once, when every file is read, since a later file
//! or a shuffled row can still change any award.

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use chrono::NaiveDate;

use super::texts::{Money, Strings, Text};

/// Why an award read without a key has no page to cite.
pub const NO_KEY: &str =
    "the record carries no award key (2018-era downloads have no contract_award_unique_key)";

/// One contract action (a transaction), the base award or one modification, as a row or
/// record gives it, borrowed from it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Action<'a> {
    pub modification: &'a str,
    pub transaction: &'a str,
    pub date: Option<NaiveDate>,
    /// This action's own obligation; negative for a de-obligation.
    pub obligation: Option<f64>,
    pub exercised_change: Option<f64>,
    pub options_change: Option<f64>,
    /// The award's figures as of this action, as the row states them.
    pub obligated: Option<f64>,
    pub current_total: Option<f64>,
    pub potential_total: Option<f64>,
    pub period_end: Option<NaiveDate>,
    pub potential_end: Option<NaiveDate>,
    pub description: Option<&'a str>,
    pub action_type: Option<&'a str>,
}

/// One action as kept until the end: fixed size, no allocation of its own.
#[derive(Debug, Clone, Copy)]
pub struct Txn {
    award: u32,
    /// The transaction's identity within its award: where it is in [`Awards`]' `ids`.
    id_start: u64,
    id_len: u32,
    deleted: bool,
    modification: Text,
    transaction: Text,
    description: Option<Text>,
    action_type: Option<Text>,
    date: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    potential_end: Option<NaiveDate>,
    obligation: Money,
    exercised_change: Money,
    options_change: Money,
    obligated: Money,
    current_total: Money,
    potential_total: Money,
}

/// A kept action, read through its award's strings.
#[derive(Debug, Clone, Copy)]
pub struct Act<'a> {
    t: &'a Txn,
    texts: &'a Strings,
}

fn is_base(modification: &str) -> bool {
    let m = modification.trim();
    m.is_empty() || m.bytes().all(|b| b == b'0')
}

impl<'a> Act<'a> {
    pub fn modification(self) -> &'a str {
        self.texts.get(self.t.modification)
    }
    pub fn transaction(self) -> &'a str {
        self.texts.get(self.t.transaction)
    }
    pub fn date(self) -> Option<NaiveDate> {
        self.t.date
    }
    pub fn obligation(self) -> Option<f64> {
        self.t.obligation.get()
    }
    pub fn exercised_change(self) -> Option<f64> {
        self.t.exercised_change.get()
    }
    pub fn options_change(self) -> Option<f64> {
        self.t.options_change.get()
    }
    pub fn obligated(self) -> Option<f64> {
        self.t.obligated.get()
    }
    pub fn current_total(self) -> Option<f64> {
        self.t.current_total.get()
    }
    pub fn potential_total(self) -> Option<f64> {
        self.t.potential_total.get()
    }
    pub fn period_end(self) -> Option<NaiveDate> {
        self.t.period_end
    }
    pub fn potential_end(self) -> Option<NaiveDate> {
        self.t.potential_end
    }
    pub fn description(self) -> Option<&'a str> {
        self.t.description.map(|d| self.texts.get(d))
    }
    pub fn action_type(self) -> Option<&'a str> {
        self.t.action_type.map(|d| self.texts.get(d))
    }

    /// The base action (`0`, blank) rather than a modification.
    pub fn is_base(self) -> bool {
        is_base(self.modification())
    }

    /// Where the action comes in the award's modification sequence: the base (`0`, blank)
    /// first, then by the number in the modification (`P00001` < `P00002` < `P00010`), then
    /// by transaction number. Action dates are not the sequence: a correction can be dated
    /// before the action it corrects.
    /// (Rows with no modification numbers at all fall back on their dates.)
    pub fn sequence(self) -> (bool, u64, &'a str, u64, Option<NaiveDate>) {
        let m = self.modification().trim();
        let tail = m.len() - m.bytes().rev().take_while(u8::is_ascii_digit).count();
        let number = m[tail..].parse().unwrap_or(0);
        let txn = self.transaction().trim().parse().unwrap_or(0);
        (!is_base(m), number, m, txn, self.t.date)
    }
}

/// Award-level figures as one record states them, and the date they are as of.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub as_of: Option<NaiveDate>,
    pub obligated: Option<f64>,
    pub current_total: Option<f64>,
    pub potential_total: Option<f64>,
}

/// How an award's date was found, said in its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatedBy {
    /// `award_base_action_date`, the API's `date_signed`, or the base action's date.
    BaseAction,
    PeriodStart,
    FirstActionInFile,
}

/// One award's facts; its texts are handles into [`Awards::texts`].
#[derive(Debug, Clone)]
pub struct Award {
    pub key: Option<Text>,
    pub piid: Text,
    pub parent_piid: Option<Text>,
    pub recipient: Option<Text>,
    pub recipient_parent: Option<Text>,
    pub agency: Option<Text>,
    pub sub_agency: Option<Text>,
    pub office: Option<Text>,
    pub description: Option<Text>,
    pub base_date: Option<NaiveDate>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub potential_end: Option<NaiveDate>,
    /// From a summary row or an award profile: the latest one wins.
    pub totals: Option<Totals>,
    /// The input files (by position) this award was read from.
    pub files: SmallVec<[u32; 2]>,
    /// Its actions in [`Awards`]' resolved list, after [`Awards::finish`].
    actions: (usize, usize),
    /// When it was first read: the number of the record that named it, counted over the
    /// whole import (so awards merged in separate buckets keep the order they were read in).
    pub seen: u64,
}

/// The award-level facts one row or record gives, borrowed from it: a row of an award
/// already known costs no allocation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub key: Option<&'a str>,
    pub piid: &'a str,
    pub parent_piid: Option<&'a str>,
    pub recipient: Option<&'a str>,
    pub recipient_parent: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub sub_agency: Option<&'a str>,
    pub office: Option<&'a str>,
    pub description: Option<&'a str>,
    pub base_date: Option<NaiveDate>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub potential_end: Option<NaiveDate>,
}

/// An award is known by its key, or (legacy rows) by its PIID under its parent IDV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Identity {
    Key(Text),
    Legacy(Text, Option<Text>),
}

#[derive(Debug, Default)]
pub struct Awards {
    /// Every text an award or action keeps, each once.
    pub texts: Strings,
    /// Transaction identities, one after another (nearly all are distinct: not interned).
    ids: String,
    /// The award of the last keyed row, and its key: rows come grouped by award, so most
    /// rows find theirs without a lookup.
    last: Option<(Text, u32)>,
    index: HashMap<Identity, u32>,
    pub list: Vec<Award>,
    txns: Vec<Txn>,
    /// After [`Awards::finish`]: the kept actions (into `txns`), award by award, each award's
    /// in modification order.
    resolved: Vec<u32>,
    /// Rows that repeated a transaction already read, and rows a Delta file deleted.
    pub duplicates: u64,
    pub deleted: u64,
    /// Records named by [`Awards::award`] so far: the next one's number.
    pub records: u64,
}

fn fill<T: Copy>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn fill_text(texts: &mut Strings, slot: &mut Option<Text>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value
    {
        *slot = Some(texts.intern(v));
    }
}

impl Awards {
    /// The award `facts` name, created or completed with them.
    pub fn award(&mut self, facts: &Facts<'_>, file: usize) -> usize {
        let seen = self.records;
        self.award_seen(facts, file, seen)
    }

    /// As [`Awards::award`], for the record numbered `seen` in the whole import (a record
    /// read back from a bucket file).
    pub fn award_seen(&mut self, facts: &Facts<'_>, file: usize, seen: u64) -> usize {
        self.records = seen + 1;
        let same = match (facts.key, self.last) {
            (Some(k), Some((t, i))) if self.texts.get(t) == k => Some(i as usize),
            _ => None,
        };
        let i = match same {
            Some(i) => i,
            None => self.find_or_add(facts, seen),
        };
        Self::fill(&mut self.texts, &mut self.list[i], facts, file);
        i
    }

    /// The award `facts` name, found by its identity or added.
    fn find_or_add(&mut self, facts: &Facts<'_>, seen: u64) -> usize {
        let texts = &mut self.texts;
        let identity = match facts.key {
            Some(k) => Identity::Key(texts.intern(k)),
            None => Identity::Legacy(
                texts.intern(facts.piid),
                facts.parent_piid.filter(|p| !p.is_empty()).map(|p| texts.intern(p)),
            ),
        };
        let next = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        let at = *self.index.entry(identity).or_insert(next);
        self.last = match identity {
            Identity::Key(k) => Some((k, at)),
            Identity::Legacy(..) => None,
        };
        let i = at as usize;
        if i == self.list.len() {
            let key = match identity {
                Identity::Key(k) => Some(k),
                Identity::Legacy(..) => None,
            };
            let piid = texts.intern(facts.piid);
            self.list.push(Award {
                key,
                piid,
                parent_piid: None,
                recipient: None,
                recipient_parent: None,
                agency: None,
                sub_agency: None,
                office: None,
                description: None,
                base_date: None,
                period_start: None,
                period_end: None,
                potential_end: None,
                totals: None,
                files: SmallVec::new(),
                actions: (0, 0),
                seen,
            });
        }
        i
    }

    /// Fills in what the row gives and the award lacks; notes the file.
    fn fill(texts: &mut Strings, a: &mut Award, facts: &Facts<'_>, file: usize) {
        // An empty name (an API field given as "") leaves the gap for a later record.
        fill_text(texts, &mut a.recipient, facts.recipient.filter(|r| !r.is_empty()));
        fill_text(texts, &mut a.parent_piid, facts.parent_piid);
        fill_text(texts, &mut a.recipient_parent, facts.recipient_parent);
        fill_text(texts, &mut a.agency, facts.agency);
        fill_text(texts, &mut a.sub_agency, facts.sub_agency);
        fill_text(texts, &mut a.office, facts.office);
        fill_text(texts, &mut a.description, facts.description);
        fill(&mut a.base_date, facts.base_date);
        fill(&mut a.period_start, facts.period_start);
        // The period's end moves with modifications: the latest record's wins (set by callers
        // with totals); a first value fills a gap.
        fill(&mut a.period_end, facts.period_end);
        fill(&mut a.potential_end, facts.potential_end);
        let file = u32::try_from(file).unwrap_or(u32::MAX);
        // Files are read in turn, so a repeat is nearly always the last one.
        if a.files.last() != Some(&file) && !a.files.contains(&file) {
            a.files.push(file);
        }
    }

    /// Award-level totals from a summary row or a profile, kept when they are the latest.
    pub fn totals(&mut self, award: usize, totals: Totals, facts: &Facts<'_>) {
        let award = &mut self.list[award];
        let newer = award.totals.as_ref().is_none_or(|t| totals.as_of >= t.as_of);
        if newer {
            award.totals = Some(totals);
            if facts.period_end.is_some() {
                award.period_end = facts.period_end;
            }
            if facts.potential_end.is_some() {
                award.potential_end = facts.potential_end;
            }
        }
    }

    fn push(&mut self, award: usize, id: &str, deleted: bool, a: &Action<'_>) {
        let texts = &mut self.texts;
        let id = id.get(..u32::MAX as usize).unwrap_or(id);
        let txn = Txn {
            award: u32::try_from(award).unwrap_or(u32::MAX),
            id_start: self.ids.len() as u64,
            id_len: u32::try_from(id.len()).unwrap_or(u32::MAX),
            deleted,
            modification: texts.intern(a.modification),
            transaction: texts.intern(a.transaction),
            description: a.description.map(|d| texts.intern(d)),
            action_type: a.action_type.map(|d| texts.intern(d)),
            date: a.date,
            period_end: a.period_end,
            potential_end: a.potential_end,
            obligation: a.obligation.into(),
            exercised_change: a.exercised_change.into(),
            options_change: a.options_change.into(),
            obligated: a.obligated.into(),
            current_total: a.current_total.into(),
            potential_total: a.potential_total.into(),
        };
        self.ids.push_str(id);
        self.txns.push(txn);
    }

    /// Records one transaction of `award` (identified by `id` within the award); a later
    /// record of the same transaction replaces the earlier one.
    pub fn action(&mut self, award: usize, id: &str, action: &Action<'_>) {
        self.push(award, id, false, action);
    }

    /// A Delta file's `D` row: the transaction is gone, unless a later row brings it back.
    pub fn delete(&mut self, award: usize, id: &str) {
        self.push(award, id, true, &Action::default());
    }

    /// The award read with this key, or this PIID under this parent; `None` if there is none.
    pub fn position(&self, key: Option<&str>, piid: &str, parent: Option<&str>) -> Option<usize> {
        let identity = match key {
            Some(k) => Identity::Key(self.texts.find(k)?),
            None => Identity::Legacy(
                self.texts.find(piid)?,
                match parent.filter(|p| !p.is_empty()) {
                    Some(p) => Some(self.texts.find(p)?),
                    None => None,
                },
            ),
        };
        self.index.get(&identity).map(|&i| i as usize)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// About how many bytes what is kept takes (before [`Awards::finish`]), counting what the
    /// lists have room for: what the memory budget is held to.
    pub fn kept_bytes(&self) -> usize {
        use std::mem::size_of;
        self.txns.capacity() * size_of::<Txn>()
            + self.ids.capacity()
            + self.texts.kept_bytes()
            + self.list.capacity() * size_of::<Award>()
            + self.index.capacity() * (size_of::<(Identity, u32)>() + 1)
    }

    /// Every transaction record in the order read (before [`Awards::finish`]): its award (in
    /// [`Awards::list`]), its identity, whether it is a delete, and the action.
    pub fn read_order(&self) -> impl Iterator<Item = (usize, &str, bool, Act<'_>)> + '_ {
        self.txns.iter().map(|t| {
            let start = usize::try_from(t.id_start).unwrap_or(usize::MAX);
            let id = self.ids.get(start..start + t.id_len as usize).unwrap_or_default();
            (t.award as usize, id, t.deleted, Act { t, texts: &self.texts })
        })
    }

    /// The text behind a handle.
    pub fn text(&self, t: Text) -> &str {
        self.texts.get(t)
    }

    pub fn text_of(&self, t: Option<Text>) -> Option<&str> {
        t.map(|t| self.texts.get(t))
    }

    /// Resolves every award's transactions (the last record of each wins; deleted ones go)
    /// into modification order, and drops awards a Delta file emptied.
    pub fn finish(&mut self) {
        let txns = &self.txns;
        let ids = self.ids.as_str();
        let id = |t: &Txn| {
            let start = usize::try_from(t.id_start).unwrap_or(usize::MAX);
            ids.get(start..start + t.id_len as usize).unwrap_or_default()
        };
        let txn = |i: u32| &txns[i as usize];
        // Grouped by award, then by transaction; the records of one transaction in read order.
        let mut order: Vec<u32> = (0..u32::try_from(txns.len()).unwrap_or(u32::MAX)).collect();
        // Records are kept in read order: of two records of one transaction, the later wins.
        order.sort_unstable_by(|&x, &y| {
            let (tx, ty) = (txn(x), txn(y));
            (tx.award, id(tx), x).cmp(&(ty.award, id(ty), y))
        });
        let mut resolved: Vec<u32> = Vec::with_capacity(order.len());
        let mut ranges = vec![(0usize, 0usize); self.list.len()];
        let mut at = 0;
        while at < order.len() {
            let award = txn(order[at]).award;
            let start = resolved.len();
            while at < order.len() && txn(order[at]).award == award {
                let this = id(txn(order[at]));
                let mut last = order[at];
                at += 1;
                while at < order.len() && txn(order[at]).award == award && id(txn(order[at])) == this {
                    last = order[at];
                    if txn(last).deleted {
                        self.deleted += 1;
                    } else {
                        self.duplicates += 1;
                    }
                    at += 1;
                }
                if !txn(last).deleted {
                    resolved.push(last);
                }
            }
            let texts = &self.texts;
            // Ties in the sequence keep the order of the transactions' identities.
            resolved[start..].sort_by_cached_key(|&i| {
                let t = txn(i);
                (Act { t, texts }.sequence(), id(t))
            });
            ranges[award as usize] = (start, resolved.len());
        }
        drop(order);
        // Identities are only for finding repeats: free them before the output is made.
        self.ids = String::new();
        for (a, range) in self.list.iter_mut().zip(ranges) {
            a.actions = range;
        }
        self.resolved = resolved;
        self.list.retain(|a| a.actions.0 != a.actions.1 || a.totals.is_some());
    }

    /// The award's transactions in modification order (after [`Awards::finish`]).
    pub fn actions<'s>(&'s self, a: &Award) -> impl DoubleEndedIterator<Item = Act<'s>> + Clone + 's {
        let (start, end) = a.actions;
        self.resolved[start..end].iter().map(|&i| Act { t: &self.txns[i as usize], texts: &self.texts })
    }

    /// The award's figures: the latest of a summary or profile and the last action in
    /// modification order, a summary winning a tie.
    pub fn current(&self, a: &Award) -> Totals {
        let last = self.actions(a).next_back().map(|a| Totals {
            as_of: a.date(),
            obligated: a.obligated(),
            current_total: a.current_total(),
            potential_total: a.potential_total(),
        });
        match (&a.totals, last) {
            (Some(t), Some(l)) if l.as_of > t.as_of => l,
            (Some(t), _) => *t,
            (None, Some(l)) => l,
            (None, None) => Totals::default(),
        }
    }

    /// The award's date and how it was found.
    pub fn dated(&self, a: &Award) -> Option<(NaiveDate, DatedBy)> {
        if let Some(d) = a.base_date {
            return Some((d, DatedBy::BaseAction));
        }
        if let Some(d) = self.actions(a).find(|x| x.is_base()).and_then(Act::date) {
            return Some((d, DatedBy::BaseAction));
        }
        if let Some(d) = a.period_start {
            return Some((d, DatedBy::PeriodStart));
        }
        self.actions(a).filter_map(Act::date).min().map(|d| (d, DatedBy::FirstActionInFile))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(m: &str, obligation: f64) -> Action<'_> {
        Action { modification: m, transaction: "0", obligation: Some(obligation), ..Action::default() }
    }

    #[test]
    fn a_kept_action_is_small() {
        assert!(std::mem::size_of::<Txn>() <= 96, "{}", std::mem::size_of::<Txn>());
    }

    #[test]
    fn modifications_sort_by_their_number_not_as_text() {
        let mut awards = Awards::default();
        awards.award(&Facts { key: Some("K"), piid: "P", ..Facts::default() }, 0);
        for (id, m) in [("a", "P00010"), ("b", "P00002"), ("c", "0"), ("d", "P00001")] {
            awards.action(0, id, &act(m, 1.0));
        }
        awards.finish();
        let order: Vec<&str> = awards.actions(&awards.list[0]).map(Act::modification).collect();
        assert_eq!(order, ["0", "P00001", "P00002", "P00010"]);
    }

    #[test]
    fn the_same_transaction_twice_is_kept_once_and_a_delete_removes_it() {
        let mut awards = Awards::default();
        let facts = Facts { key: Some("CONT_AWD_X"), piid: "X", ..Facts::default() };
        awards.award(&facts, 0);
        awards.award(&facts, 1);
        assert_eq!(awards.len(), 1);
        awards.action(0, "t0", &act("0", 10.0));
        awards.action(0, "t0", &act("0", 10.0));
        awards.action(0, "t1", &act("P00001", -4.0));
        awards.delete(0, "t1");
        awards.finish();
        let kept: Vec<f64> = awards.actions(&awards.list[0]).filter_map(Act::obligation).collect();
        assert_eq!(kept, [10.0]);
        assert_eq!((awards.duplicates, awards.deleted), (1, 1));
        assert_eq!(awards.list[0].files.as_slice(), [0, 1]);
    }

    #[test]
    fn shuffled_rows_of_two_awards_resolve_as_if_read_in_order() {
        let mut awards = Awards::default();
        let a = Facts { key: Some("A"), piid: "PA", ..Facts::default() };
        let b = Facts { key: Some("B"), piid: "PB", ..Facts::default() };
        let rows =
            [(b, "b2", "P00002"), (a, "a1", "P00001"), (b, "b0", "0"), (a, "a0", "0"), (b, "b1", "P00001")];
        for (f, id, m) in rows {
            let i = awards.award(&f, 0);
            awards.action(i, id, &act(m, 1.0));
        }
        awards.finish();
        let mods = |i: usize| awards.actions(&awards.list[i]).map(Act::modification).collect::<Vec<_>>();
        assert_eq!(awards.text(awards.list[0].piid), "PB");
        assert_eq!(mods(0), ["0", "P00001", "P00002"]);
        assert_eq!(mods(1), ["0", "P00001"]);
    }

    #[test]
    fn an_award_a_delta_file_empties_is_dropped() {
        let mut awards = Awards::default();
        awards.award(&Facts { key: Some("K"), piid: "P", ..Facts::default() }, 0);
        awards.action(0, "t", &act("0", 1.0));
        awards.delete(0, "t");
        awards.finish();
        assert_eq!(awards.len(), 0);
    }
}
