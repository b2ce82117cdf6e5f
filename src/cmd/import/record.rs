//! One row's parsed and checked contents (its award facts, and its totals, action or delete)
//! in a compact binary form, for the bucket files of an import too big for its memory budget
//! ([`super::spill`]). Only what the merge uses is kept; strings are stored as their bytes
//! with a length, dates as a day number, sums as their eight bytes.
//!
//! The form is private to one import run: it is written and read back by the same binary,
//! never kept, so it has no version. A file that does not read back (a disk that lost it) is
//! an error, never a panic.

use chrono::{Datelike, NaiveDate};

use super::merge::{Action, Facts, Totals};

/// What a record does to its award.
#[derive(Debug, Clone, Copy)]
pub enum What<'a> {
    /// Names the award (and fills in its facts) only.
    Facts,
    Totals(Totals),
    /// One transaction: its identity within the award, and the action.
    Action(&'a str, Action<'a>),
    /// A Delta file's `D` row for the transaction.
    Delete(&'a str),
}

/// One record: the award facts a row carries, the input file it came from, its number in the
/// whole import, and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub seen: u64,
    pub file: u32,
    pub facts: Facts<'a>,
    pub what: What<'a>,
}

const NONE_LEN: u32 = u32::MAX;
const NONE_DAY: i32 = i32::MIN;

fn put_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        // Longer than a u32 can say: cut to what it can (no cell of a real file comes close).
        Some(s) => {
            let s = s.get(..(NONE_LEN - 1) as usize).unwrap_or(s);
            out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(NONE_LEN - 1).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        None => out.extend_from_slice(&NONE_LEN.to_le_bytes()),
    }
}

fn put_day(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    out.extend_from_slice(&d.map_or(NONE_DAY, |d| d.num_days_from_ce()).to_le_bytes());
}

fn put_money(out: &mut Vec<u8>, v: Option<f64>) {
    out.extend_from_slice(&v.unwrap_or(f64::NAN).to_le_bytes());
}

/// Appends `r` to `out`. `known` says which of the facts' texts the bucket already gave this
/// award (see [`Facts`] bits in [`fact_bits`]): those are written as absent, since the merge
/// keeps the first value of each anyway.
pub fn encode<'a>(out: &mut Vec<u8>, r: &Record<'a>, known: u16) {
    let tag = match r.what {
        What::Facts => 0u8,
        What::Totals(_) => 1,
        What::Action(..) => 2,
        What::Delete(_) => 3,
    };
    out.push(tag);
    out.extend_from_slice(&r.seen.to_le_bytes());
    out.extend_from_slice(&r.file.to_le_bytes());
    let f = &r.facts;
    let unless = |bit: u16, s: Option<&'a str>| if known & bit == 0 { s } else { None };
    put_str(out, f.key);
    put_str(out, Some(f.piid));
    // The parent is part of a keyless award's identity: always written.
    put_str(out, f.parent_piid);
    put_str(out, unless(RECIPIENT, f.recipient));
    put_str(out, unless(RECIPIENT_PARENT, f.recipient_parent));
    put_str(out, unless(AGENCY, f.agency));
    put_str(out, unless(SUB_AGENCY, f.sub_agency));
    put_str(out, unless(OFFICE, f.office));
    put_str(out, unless(DESCRIPTION, f.description));
    for d in [f.base_date, f.period_start, f.period_end, f.potential_end] {
        put_day(out, d);
    }
    match r.what {
        What::Facts => {}
        What::Totals(t) => {
            put_day(out, t.as_of);
            for v in [t.obligated, t.current_total, t.potential_total] {
                put_money(out, v);
            }
        }
        What::Action(id, a) => {
            put_str(out, Some(id));
            put_str(out, Some(a.modification));
            put_str(out, Some(a.transaction));
            put_str(out, a.description);
            put_str(out, a.action_type);
            for d in [a.date, a.period_end, a.potential_end] {
                put_day(out, d);
            }
            let sums = [
                a.obligation,
                a.exercised_change,
                a.options_change,
                a.obligated,
                a.current_total,
                a.potential_total,
            ];
            for v in sums {
                put_money(out, v);
            }
        }
        What::Delete(id) => put_str(out, Some(id)),
    }
}

const RECIPIENT: u16 = 1;
const RECIPIENT_PARENT: u16 = 2;
const AGENCY: u16 = 4;
const SUB_AGENCY: u16 = 8;
const OFFICE: u16 = 16;
const DESCRIPTION: u16 = 32;

/// The facts' texts that, once this record is merged, its award has for good: what a later
/// record of the same award need not repeat. (An empty recipient leaves the gap open, as
/// [`super::merge::Awards`] does.)
pub fn fact_bits(f: &Facts<'_>) -> u16 {
    let mut bits = 0;
    let has = [
        (RECIPIENT, f.recipient.is_some_and(|r| !r.is_empty())),
        (RECIPIENT_PARENT, f.recipient_parent.is_some()),
        (AGENCY, f.agency.is_some()),
        (SUB_AGENCY, f.sub_agency.is_some()),
        (OFFICE, f.office.is_some()),
        (DESCRIPTION, f.description.is_some()),
    ];
    for (bit, yes) in has {
        if yes {
            bits |= bit;
        }
    }
    bits
}

/// Reads records back from a bucket file's bytes.
pub struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

/// A bucket file that does not read back as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corrupt;

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf, at: 0 }
    }

    /// How far into the bytes the records read so far end.
    pub fn position(&self) -> usize {
        self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        let end = self.at.checked_add(n).ok_or(Corrupt)?;
        let b = self.buf.get(self.at..end).ok_or(Corrupt)?;
        self.at = end;
        Ok(b)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        self.take(N)?.try_into().map_err(|_| Corrupt)
    }

    fn u32(&mut self) -> Result<u32, Corrupt> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn str(&mut self) -> Result<Option<&'a str>, Corrupt> {
        let n = self.u32()?;
        if n == NONE_LEN {
            return Ok(None);
        }
        let b = self.take(n as usize)?;
        std::str::from_utf8(b).map(Some).map_err(|_| Corrupt)
    }

    fn text(&mut self) -> Result<&'a str, Corrupt> {
        self.str()?.ok_or(Corrupt)
    }

    fn day(&mut self) -> Result<Option<NaiveDate>, Corrupt> {
        let d = i32::from_le_bytes(self.array()?);
        if d == NONE_DAY {
            return Ok(None);
        }
        NaiveDate::from_num_days_from_ce_opt(d).map(Some).ok_or(Corrupt)
    }

    fn money(&mut self) -> Result<Option<f64>, Corrupt> {
        let v = f64::from_le_bytes(self.array()?);
        Ok((!v.is_nan()).then_some(v))
    }

    /// The next record, `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<Record<'a>>, Corrupt> {
        if self.at == self.buf.len() {
            return Ok(None);
        }
        let [tag] = self.array()?;
        let seen = u64::from_le_bytes(self.array()?);
        let file = self.u32()?;
        let facts = Facts {
            key: self.str()?,
            piid: self.text()?,
            parent_piid: self.str()?,
            recipient: self.str()?,
            recipient_parent: self.str()?,
            agency: self.str()?,
            sub_agency: self.str()?,
            office: self.str()?,
            description: self.str()?,
            base_date: self.day()?,
            period_start: self.day()?,
            period_end: self.day()?,
            potential_end: self.day()?,
        };
        let what = match tag {
            0 => What::Facts,
            1 => What::Totals(Totals {
                as_of: self.day()?,
                obligated: self.money()?,
                current_total: self.money()?,
                potential_total: self.money()?,
            }),
            2 => {
                let id = self.text()?;
                let modification = self.text()?;
                let transaction = self.text()?;
                let description = self.str()?;
                let action_type = self.str()?;
                let (date, period_end, potential_end) = (self.day()?, self.day()?, self.day()?);
                What::Action(
                    id,
                    Action {
                        modification,
                        transaction,
                        date,
                        obligation: self.money()?,
                        exercised_change: self.money()?,
                        options_change: self.money()?,
                        obligated: self.money()?,
                        current_total: self.money()?,
                        potential_total: self.money()?,
                        period_end,
                        potential_end,
                        description,
                        action_type,
                    },
                )
            }
            3 => What::Delete(self.text()?),
            _ => return Err(Corrupt),
        };
        Ok(Some(Record { seen, file, facts, what }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written_and_known_texts_are_left_out() {
        let day = NaiveDate::from_ymd_opt(2020, 2, 29);
        let facts = Facts {
            key: Some("CONT_AWD_X"),
            piid: "X",
            recipient: Some("ACME, \"THE\" LLC 🚀"),
            agency: Some(""),
            period_end: day,
            ..Facts::default()
        };
        let action = Action {
            modification: "P00001",
            transaction: "0",
            date: day,
            obligation: Some(-27_500.5),
            description: Some("line\nbreak"),
            ..Action::default()
        };
        let mut buf = Vec::new();
        encode(&mut buf, &Record { seen: 7, file: 2, facts, what: What::Action("t1", action) }, 0);
        encode(&mut buf, &Record { seen: 8, file: 2, facts, what: What::Delete("t1") }, fact_bits(&facts));
        let mut r = Reader::new(&buf);
        let first = r.next_record().expect("reads").expect("a record");
        assert_eq!((first.seen, first.file, first.facts.recipient), (7, 2, facts.recipient));
        assert_eq!(first.facts.agency, Some(""));
        assert_eq!(first.facts.period_end, day);
        let What::Action(id, a) = first.what else { panic!("an action") };
        assert_eq!(
            (id, a.modification, a.obligation, a.description),
            ("t1", "P00001", Some(-27_500.5), Some("line\nbreak"))
        );
        assert_eq!(a.exercised_change, None);
        let second = r.next_record().expect("reads").expect("a record");
        assert!(matches!(second.what, What::Delete("t1")));
        assert_eq!(
            (second.facts.key, second.facts.recipient, second.facts.agency),
            (Some("CONT_AWD_X"), None, None)
        );
        assert!(matches!(r.next_record(), Ok(None)));
        let mut cut = Reader::new(&buf[..buf.len() - 1]);
        let _ = cut.next_record();
        assert!(cut.next_record().is_err(), "a cut file is an error, not a panic");
    }
}
