//! Where the readers put each row: into [`Awards`] in memory while what they keep is under the
//! memory budget, and past it into bucket files ([`super::spill`]), so that memory stays
//! bounded however big the files are. A small import never touches the disk and its output
//! is what it always was.
//!
//! When the budget is first passed, everything kept so far is written to the buckets as
//! records that merge back to the same awards (each award's facts, files and totals, then
//! every transaction in the order read), and the rest of the input follows it there. The
//! number of buckets is chosen then, from how much the part read so far kept, so that each
//! bucket's share of the whole input fits in about half the budget.

use std::path::{Path, PathBuf};

use super::error::ImportError;
use super::merge::{Action, Award, Awards, Facts, Totals};
use super::record::{Record, What};
use super::spill::{Buckets, MOST_BUCKETS, Spill};

/// What an import keeps in memory before it spills to bucket files, unless told otherwise.
pub const BUDGET: usize = 64 << 20;

enum State {
    Memory(Awards),
    Spilled { spill: Spill, next: u64 },
}

/// The rows read so far.
pub struct Store {
    state: State,
    /// `None`: never spill (with `--into` the whole output is checked in memory anyway).
    budget: Option<usize>,
    output: PathBuf,
    /// The input's size, and how much of it has been read.
    total_bytes: u64,
    done_bytes: u64,
}

/// What the reading left.
pub enum Stored {
    Memory(Box<Awards>),
    Spilled(Buckets),
}

impl Store {
    pub fn new(output: &Path, budget: Option<usize>, total_bytes: u64) -> Self {
        Self {
            state: State::Memory(Awards::default()),
            budget,
            output: output.to_path_buf(),
            total_bytes,
            done_bytes: 0,
        }
    }

    fn put(&mut self, facts: &Facts<'_>, file: usize, what: What<'_>) -> Result<(), ImportError> {
        match &mut self.state {
            State::Memory(awards) => match what {
                What::Facts => {
                    awards.award(facts, file);
                }
                What::Totals(t) => {
                    let i = awards.award(facts, file);
                    awards.totals(i, t, facts);
                }
                What::Action(id, a) => {
                    let i = awards.award(facts, file);
                    awards.action(i, id, &a);
                }
                // A delete row deletes what was read before it.
                What::Delete(id) => {
                    if let Some(i) = awards.position(facts.key, facts.piid, facts.parent_piid) {
                        awards.delete(i, id);
                    }
                }
            },
            State::Spilled { spill, next } => {
                let seen = *next;
                *next += 1;
                let file = u32::try_from(file).unwrap_or(u32::MAX);
                spill.push(&Record { seen, file, facts: *facts, what })?;
            }
        }
        Ok(())
    }

    /// Award-level totals (a summary row, a profile, a search result).
    pub fn totals(&mut self, facts: &Facts<'_>, file: usize, totals: Totals) -> Result<(), ImportError> {
        self.put(facts, file, What::Totals(totals))
    }

    /// One transaction of the award `facts` name.
    pub fn action(
        &mut self,
        facts: &Facts<'_>,
        file: usize,
        id: &str,
        action: &Action<'_>,
    ) -> Result<(), ImportError> {
        self.put(facts, file, What::Action(id, *action))
    }

    /// A Delta file's `D` row.
    pub fn delete(&mut self, facts: &Facts<'_>, id: &str) -> Result<(), ImportError> {
        self.put(facts, 0, What::Delete(id))
    }

    /// A file of `size` bytes has been read.
    pub fn file_done(&mut self, size: u64) -> Result<(), ImportError> {
        self.done_bytes += size;
        self.check(0)
    }

    /// Spills to bucket files if what is kept has passed the budget; `at` is how far into
    /// the current file the reader is. Cheap enough for every row (a few sizes added up).
    pub fn check(&mut self, at: u64) -> Result<(), ImportError> {
        let (State::Memory(awards), Some(budget)) = (&self.state, self.budget) else { return Ok(()) };
        let kept = awards.kept_bytes();
        if kept <= budget {
            return Ok(());
        }
        let read = (self.done_bytes + at).max(1);
        let whole = self.total_bytes.max(read);
        // What the whole input would keep, at the rate the part read so far kept.
        let projected = (kept as u128 * u128::from(whole) / u128::from(read)) as usize;
        let n = projected.div_ceil((budget / 2).max(1)).next_power_of_two().clamp(2, MOST_BUCKETS);
        let mut spill = Spill::create(&self.output, n)?;
        write_kept(awards, &mut spill)?;
        let next = awards.records;
        self.state = State::Spilled { spill, next };
        Ok(())
    }

    /// Which of `keys` an award read so far has.
    pub fn keys_present(&mut self, keys: &[&str]) -> Result<Vec<bool>, ImportError> {
        match &mut self.state {
            State::Memory(awards) => {
                Ok(keys.iter().map(|k| awards.position(Some(k), "", None).is_some()).collect())
            }
            State::Spilled { spill, .. } => spill.keys_present(keys),
        }
    }

    /// Everything read: the awards merged in memory, or the bucket files.
    pub fn finish(self) -> Result<Stored, ImportError> {
        match self.state {
            State::Memory(mut awards) => {
                awards.finish();
                Ok(Stored::Memory(Box::new(awards)))
            }
            State::Spilled { spill, .. } => Ok(Stored::Spilled(spill.close()?)),
        }
    }
}

/// The facts that name `a` (its identity) and no more.
fn identity<'a>(awards: &'a Awards, a: &Award) -> Facts<'a> {
    Facts {
        key: awards.text_of(a.key),
        piid: awards.text(a.piid),
        parent_piid: awards.text_of(a.parent_piid),
        ..Facts::default()
    }
}

/// Writes what `awards` kept to the buckets as records that merge back to the same awards.
fn write_kept(awards: &Awards, spill: &mut Spill) -> Result<(), ImportError> {
    for a in &awards.list {
        let t = |x| awards.text_of(x);
        let facts = Facts {
            recipient: t(a.recipient),
            recipient_parent: t(a.recipient_parent),
            agency: t(a.agency),
            sub_agency: t(a.sub_agency),
            office: t(a.office),
            description: t(a.description),
            base_date: a.base_date,
            period_start: a.period_start,
            period_end: a.period_end,
            potential_end: a.potential_end,
            ..identity(awards, a)
        };
        for (n, &file) in a.files.iter().enumerate() {
            let facts = if n == 0 { facts } else { identity(awards, a) };
            spill.push(&Record { seen: a.seen, file, facts, what: What::Facts })?;
        }
        if let Some(totals) = &a.totals {
            let file = a.files.first().copied().unwrap_or(0);
            spill.push(&Record { seen: a.seen, file, facts, what: What::Totals(*totals) })?;
        }
    }
    for (award, id, deleted, act) in awards.read_order() {
        let a = &awards.list[award];
        let file = a.files.first().copied().unwrap_or(0);
        let what = if deleted {
            What::Delete(id)
        } else {
            What::Action(
                id,
                Action {
                    modification: act.modification(),
                    transaction: act.transaction(),
                    date: act.date(),
                    obligation: act.obligation(),
                    exercised_change: act.exercised_change(),
                    options_change: act.options_change(),
                    obligated: act.obligated(),
                    current_total: act.current_total(),
                    potential_total: act.potential_total(),
                    period_end: act.period_end(),
                    potential_end: act.potential_end(),
                    description: act.description(),
                    action_type: act.action_type(),
                },
            )
        };
        spill.push(&Record { seen: a.seen, file, facts: identity(awards, a), what })?;
    }
    Ok(())
}
