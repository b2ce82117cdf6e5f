//! Every award read so far, across files: the same award in several files is one award, the
//! same transaction twice is one transaction, and a Delta file's `D` row takes a transaction
//! out. Nothing is summed here: award totals are taken as a record states them, never added
//! up from rows (which would count a duplicate row or a second file twice).

use rustc_hash::FxHashMap as HashMap;

use chrono::NaiveDate;

/// One contract action (a transaction): the base award or one modification.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Action {
    pub modification: String,
    pub transaction: String,
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
    pub description: Option<String>,
    pub action_type: Option<String>,
}

impl Action {
    /// Where the action comes in the award's modification sequence: the base (`0`, blank)
    /// first, then by the number in the modification (`P00001` < `P00002` < `P00010`), then
    /// by transaction number. Action dates are not the sequence: a correction can be dated
    /// before the action it corrects.
    /// (Rows with no modification numbers at all fall back on their dates.)
    pub fn sequence(&self) -> (bool, u64, &str, u64, Option<NaiveDate>) {
        let m = self.modification.trim();
        let tail = m.len() - m.bytes().rev().take_while(u8::is_ascii_digit).count();
        let number = m[tail..].parse().unwrap_or(0);
        let txn = self.transaction.trim().parse().unwrap_or(0);
        (!self.is_base(), number, m, txn, self.date)
    }

    pub fn is_base(&self) -> bool {
        let m = self.modification.trim();
        m.is_empty() || m.bytes().all(|b| b == b'0')
    }
}

/// Award-level figures as one record states them, and the date they are as of.
#[derive(Debug, Clone, Default, PartialEq)]
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

#[derive(Debug, Clone, Default)]
pub struct Award {
    pub key: Option<String>,
    pub piid: String,
    pub parent_piid: Option<String>,
    pub recipient: String,
    pub recipient_parent: Option<String>,
    pub agency: Option<String>,
    pub sub_agency: Option<String>,
    pub office: Option<String>,
    pub description: Option<String>,
    pub base_date: Option<NaiveDate>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub potential_end: Option<NaiveDate>,
    /// From a summary row or an award profile: the latest one wins.
    pub totals: Option<Totals>,
    /// (identity, read order, deleted, action): resolved by [`Award::actions`].
    entries: Vec<(String, u64, bool, Action)>,
    /// The input files (by position) this award was read from.
    pub files: Vec<usize>,
    /// Why there is no award key, when there is none.
    pub no_key: Option<&'static str>,
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

#[derive(Debug, Default)]
pub struct Awards {
    index: HashMap<String, usize>,
    pub list: Vec<Award>,
    read: u64,
    /// Rows that repeated a transaction already read, and rows a Delta file deleted.
    pub duplicates: u64,
    pub deleted: u64,
}

fn fill<T: Copy>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn fill_text(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value
    {
        *slot = Some(v.to_string());
    }
}

impl Awards {
    /// The identity of an award: its key, or (legacy rows) the PIID under its parent IDV.
    pub fn identity(key: Option<&str>, piid: &str, parent: Option<&str>) -> String {
        match key {
            Some(k) => k.to_string(),
            None => format!("\u{0}{piid}\u{0}{}", parent.unwrap_or("")),
        }
    }

    /// The award `facts` name, created or completed with them.
    pub fn award(&mut self, facts: &Facts<'_>, file: usize) -> usize {
        let found = match facts.key {
            Some(k) => self.index.get(k).copied(),
            None => self.index.get(&Self::identity(None, facts.piid, facts.parent_piid)).copied(),
        };
        let i = match found {
            Some(i) => i,
            None => {
                let i = self.list.len();
                self.index.insert(Self::identity(facts.key, facts.piid, facts.parent_piid), i);
                i
            }
        };
        if i == self.list.len() {
            self.list.push(Award {
                key: facts.key.map(str::to_string),
                piid: facts.piid.to_string(),
                no_key: facts.key.is_none().then_some(
                    "the record carries no award key (2018-era downloads have no contract_award_unique_key)",
                ),
                ..Award::default()
            });
        }
        let a = &mut self.list[i];
        if a.recipient.is_empty()
            && let Some(r) = facts.recipient
        {
            a.recipient = r.to_string();
        }
        fill_text(&mut a.parent_piid, facts.parent_piid);
        fill_text(&mut a.recipient_parent, facts.recipient_parent);
        fill_text(&mut a.agency, facts.agency);
        fill_text(&mut a.sub_agency, facts.sub_agency);
        fill_text(&mut a.office, facts.office);
        fill_text(&mut a.description, facts.description);
        fill(&mut a.base_date, facts.base_date);
        fill(&mut a.period_start, facts.period_start);
        // The period's end moves with modifications: the latest record's wins (set by callers
        // with totals); a first value fills a gap.
        fill(&mut a.period_end, facts.period_end);
        fill(&mut a.potential_end, facts.potential_end);
        if !a.files.contains(&file) {
            a.files.push(file);
        }
        i
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

    /// Records one transaction of `award` (identified by `id` within the award); a later
    /// record of the same transaction replaces the earlier one.
    pub fn action(&mut self, award: usize, id: String, action: Action) {
        self.read += 1;
        let order = self.read;
        self.list[award].entries.push((id, order, false, action));
    }

    /// A Delta file's `D` row: the transaction is gone, unless a later row brings it back.
    pub fn delete(&mut self, award: usize, id: String) {
        self.read += 1;
        let order = self.read;
        self.list[award].entries.push((id, order, true, Action::default()));
    }

    pub fn position(&self, key: Option<&str>, piid: &str, parent: Option<&str>) -> Option<usize> {
        self.index.get(&Self::identity(key, piid, parent)).copied()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Resolves every award's transactions (the last record of each wins; deleted ones go)
    /// into modification order, and drops awards a Delta file emptied.
    pub fn finish(&mut self) {
        let mut duplicates = 0;
        let mut deleted = 0;
        for a in &mut self.list {
            let mut entries = std::mem::take(&mut a.entries);
            entries.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
            let mut kept: Vec<(String, u64, bool, Action)> = Vec::with_capacity(entries.len());
            for e in entries {
                if let Some(last) = kept.last_mut()
                    && last.0 == e.0
                {
                    if e.2 {
                        deleted += 1;
                    } else {
                        duplicates += 1;
                    }
                    *last = e;
                    continue;
                }
                kept.push(e);
            }
            kept.retain(|e| !e.2);
            kept.sort_by(|x, y| x.3.sequence().cmp(&y.3.sequence()));
            a.entries = kept;
        }
        self.duplicates += duplicates;
        self.deleted += deleted;
        self.list.retain(|a| !a.entries.is_empty() || a.totals.is_some());
    }
}

impl Award {
    /// The award's transactions in modification order (after [`Awards::finish`]).
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.entries.iter().map(|e| &e.3)
    }

    /// The award's figures: the latest of a summary or profile and the last action in
    /// modification order, a summary winning a tie.
    pub fn current(&self) -> Totals {
        let last = self.actions().last().map(|a| Totals {
            as_of: a.date,
            obligated: a.obligated,
            current_total: a.current_total,
            potential_total: a.potential_total,
        });
        match (&self.totals, last) {
            (Some(t), Some(l)) if l.as_of > t.as_of => l,
            (Some(t), _) => t.clone(),
            (None, Some(l)) => l,
            (None, None) => Totals::default(),
        }
    }

    /// The award's date and how it was found.
    pub fn dated(&self) -> Option<(NaiveDate, DatedBy)> {
        if let Some(d) = self.base_date {
            return Some((d, DatedBy::BaseAction));
        }
        if let Some(d) = self.actions().find(|a| a.is_base()).and_then(|a| a.date) {
            return Some((d, DatedBy::BaseAction));
        }
        if let Some(d) = self.period_start {
            return Some((d, DatedBy::PeriodStart));
        }
        self.actions().filter_map(|a| a.date).min().map(|d| (d, DatedBy::FirstActionInFile))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(m: &str, obligation: f64) -> Action {
        Action {
            modification: m.into(),
            transaction: "0".into(),
            obligation: Some(obligation),
            ..Action::default()
        }
    }

    #[test]
    fn modifications_sort_by_their_number_not_as_text() {
        let mut v = [act("P00010", 1.0), act("P00002", 1.0), act("0", 1.0), act("P00001", 1.0)];
        v.sort_by(|x, y| x.sequence().cmp(&y.sequence()));
        let order: Vec<&str> = v.iter().map(|a| a.modification.as_str()).collect();
        assert_eq!(order, ["0", "P00001", "P00002", "P00010"]);
    }

    #[test]
    fn the_same_transaction_twice_is_kept_once_and_a_delete_removes_it() {
        let mut awards = Awards::default();
        let facts = Facts { key: Some("CONT_AWD_X"), piid: "X", ..Facts::default() };
        awards.award(&facts, 0);
        awards.award(&facts, 1);
        assert_eq!(awards.len(), 1);
        awards.action(0, "t0".into(), act("0", 10.0));
        awards.action(0, "t0".into(), act("0", 10.0));
        awards.action(0, "t1".into(), act("P00001", -4.0));
        awards.delete(0, "t1".into());
        awards.finish();
        let kept: Vec<f64> = awards.list[0].actions().filter_map(|a| a.obligation).collect();
        assert_eq!(kept, [10.0]);
        assert_eq!((awards.duplicates, awards.deleted), (1, 1));
        assert_eq!(awards.list[0].files, [0, 1]);
    }

    #[test]
    fn an_award_a_delta_file_empties_is_dropped() {
        let mut awards = Awards::default();
        awards.award(&Facts { key: Some("K"), piid: "P", ..Facts::default() }, 0);
        awards.action(0, "t".into(), act("0", 1.0));
        awards.delete(0, "t".into());
        awards.finish();
        assert_eq!(awards.len(), 0);
    }
}
