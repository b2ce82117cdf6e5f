//! Reads one contracts CSV into the [`Store`], a row at a time (`csv::ByteRecord`, reused), so
//! memory holds the awards found, not the file: a 297-column row is dropped once its dozen
//! fields are read. Cells are decoded only for the columns the importer uses.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use super::batches::{self, Record};
use super::columns::{Col, Columns};
use super::error::{ImportError, cell_place};
use super::kind::{self, Layout};
use super::merge::{Action, Facts, Totals};
use super::store::Store;
use super::value;
use crate::cli::DateOrder;

/// Files above this size get a progress line on stderr (when it is a terminal).
const PROGRESS_BYTES: u64 = 32 << 20;

/// What one file gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileCount {
    pub layout: Layout,
    pub rows: u64,
}

struct Row<'r> {
    rec: Record<'r>,
    path: &'r Path,
    name: &'r str,
    order: Option<DateOrder>,
}

impl Row<'_> {
    fn error(&self, col: Col, message: String) -> ImportError {
        let (line, byte) = self.rec.place();
        let (l, c) = cell_place(self.path, byte, line, col.at);
        ImportError::new(self.name, message).field(col.name).at(l, c)
    }

    fn text(&self, col: Option<Col>) -> Result<Option<&str>, ImportError> {
        let Some(col) = col else { return Ok(None) };
        let bytes = self.rec.get(col.cell);
        let s = std::str::from_utf8(bytes)
            .map_err(|_| self.error(col, "the cell is not UTF-8 text".into()))?
            .trim();
        Ok((!s.is_empty()).then_some(s))
    }

    fn date(&self, col: Option<Col>) -> Result<Option<chrono::NaiveDate>, ImportError> {
        let (Some(c), Some(t)) = (col, self.text(col)?) else { return Ok(None) };
        value::date(t, self.order).map_err(|m| {
            let hint = if m.contains("ambiguous") {
                "say which order the file's dates are in: --date-order mdy (US) or --date-order dmy"
            } else {
                "dates are YYYY-MM-DD as USAspending writes them, or a spreadsheet's M/D/YY"
            };
            self.error(c, m).hint(hint)
        })
    }

    fn money(&self, col: Option<Col>) -> Result<Option<f64>, ImportError> {
        let (Some(c), Some(t)) = (col, self.text(col)?) else { return Ok(None) };
        value::money(t).map_err(|m| self.error(c, m).hint("money is a plain number, e.g. 27500.00 or -27500"))
    }
}

/// Reads `path` (input number `file`) into `store`.
pub fn read(
    path: &Path,
    file: usize,
    order: Option<DateOrder>,
    store: &mut Store,
    err: &mut dyn Write,
) -> Result<FileCount, ImportError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| ImportError::new(&name, format!("cannot read: {e}"));
    let f = File::open(path).map_err(io)?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).buffer_capacity(1 << 16).from_reader(f);
    let csv_error = |e: csv::Error| {
        let mut out = ImportError::new(&name, format!("not readable as CSV: {e}"));
        if let Some(p) = e.position() {
            out = out.at(p.line(), 1);
        }
        out
    };
    let header: Vec<String> = rdr
        .byte_headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let layout =
        kind::detect(&names).map_err(|r| ImportError::new(&name, r.message).at(1, 1).hint(r.hint))?;
    let missing = kind::missing(layout, &names);
    if !missing.is_empty() {
        return Err(ImportError::new(
            &name,
            format!(
                "a {} file needs the column{} {}",
                layout.name(),
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ),
        )
        .at(1, 1)
        .hint("download it again with those columns, or with all columns"));
    }
    let mut cols = Columns::find(&names);
    let used = cols.cells();
    let progress = size > PROGRESS_BYTES && std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut shown = started;
    let mut rows = 0u64;
    let mut scratch = String::new();
    let each = |batch: &batches::Cells, at: u64| -> Result<(), ImportError> {
        // A blank line (a spreadsheet's trailing one) is counted, and is no row.
        rows += batch.blank + batch.len() as u64;
        for rec in batch.records() {
            let row = Row { rec, path, name: &name, order };
            match layout {
                Layout::Summary => summary_row(&row, &cols, file, store)?,
                Layout::Transactions { .. } => transaction_row(&row, &cols, file, store, &mut scratch)?,
            }
            store.check(at)?;
        }
        if progress && shown.elapsed() > Duration::from_millis(250) {
            shown = Instant::now();
            let pct = at * 100 / size.max(1);
            let _ = write!(err, "\rreading {name}: {pct}% ({rows} rows)");
        }
        Ok(())
    };
    batches::each_batch(rdr, &used, each, csv_error)?;
    if progress {
        let _ =
            writeln!(err, "\rreading {name}: 100% ({rows} rows) in {:.1}s", started.elapsed().as_secs_f64());
    }
    Ok(FileCount { layout, rows })
}

/// The award-level facts of a row, borrowed from it.
fn facts<'r>(row: &'r Row<'_>, cols: &Columns) -> Result<Facts<'r>, ImportError> {
    let piid = row.text(cols.piid)?;
    let Some(piid) = piid else {
        let col = cols.piid.unwrap_or(Col { at: 0, cell: 0, name: "award_id_piid" });
        return Err(row
            .error(col, "the row has no PIID".into())
            .hint("every contract row names its award_id_piid"));
    };
    let key = row.text(cols.award_key)?;
    if let (Some(k), Some(c)) = (key, cols.award_key) {
        value::award_key(k).map_err(|m| row.error(c, m))?;
    }
    Ok(Facts {
        key,
        piid,
        parent_piid: row.text(cols.parent_piid)?,
        recipient: row.text(cols.recipient)?,
        recipient_parent: row.text(cols.recipient_parent)?,
        agency: row.text(cols.agency)?,
        sub_agency: row.text(cols.sub_agency)?,
        office: row.text(cols.office)?,
        description: match row.text(cols.base_description)? {
            Some(d) => Some(d),
            None => row.text(cols.description)?,
        },
        base_date: row.date(cols.base_date)?,
        period_start: row.date(cols.period_start)?,
        period_end: row.date(cols.period_end)?,
        potential_end: row.date(cols.potential_end)?,
    })
}

fn summary_row(row: &Row<'_>, cols: &Columns, file: usize, store: &mut Store) -> Result<(), ImportError> {
    let facts = facts(row, cols)?;
    let totals = Totals {
        as_of: row.date(cols.latest_date)?,
        obligated: row.money(cols.obligated)?,
        current_total: row.money(cols.current_total)?,
        potential_total: row.money(cols.potential_total)?,
    };
    store.totals(&facts, file, totals)
}

fn transaction_row(
    row: &Row<'_>,
    cols: &Columns,
    file: usize,
    store: &mut Store,
    scratch: &mut String,
) -> Result<(), ImportError> {
    let deleting = row.text(cols.delete)?.is_some_and(|d| d.eq_ignore_ascii_case("D"));
    let facts = facts(row, cols)?;
    let modification = row.text(cols.modification)?.unwrap_or_default();
    let transaction = row.text(cols.transaction)?.unwrap_or_default();
    // A transaction is known by its key; without one (a subset, a 2018 file), by its
    // modification and transaction numbers, date and obligation, so that only a repeated row
    // is taken for the same transaction.
    let id = match row.text(cols.transaction_key)? {
        Some(k) => k,
        None => {
            let date = row.text(cols.action_date)?.unwrap_or_default();
            let obligation = row.text(cols.action_obligation)?.unwrap_or_default();
            scratch.clear();
            for (n, part) in [modification, transaction, date, obligation].iter().enumerate() {
                if n > 0 {
                    scratch.push('\u{0}');
                }
                scratch.push_str(part);
            }
            scratch.as_str()
        }
    };
    if deleting {
        // A delete row carries keys only; it deletes what was read before it.
        return store.delete(&facts, id);
    }
    let date = row.date(cols.action_date)?;
    if date.is_none()
        && let Some(c) = cols.action_date
    {
        return Err(row.error(c, "the action has no date".into()));
    }
    let action = Action {
        modification,
        transaction,
        date,
        obligation: row.money(cols.action_obligation)?,
        exercised_change: row.money(cols.exercised_change)?,
        options_change: row.money(cols.options_change)?,
        obligated: row.money(cols.obligated)?,
        current_total: row.money(cols.current_total)?,
        potential_total: row.money(cols.potential_total)?,
        period_end: facts.period_end,
        potential_end: facts.potential_end,
        description: row.text(cols.description)?,
        action_type: row.text(cols.action_type)?,
    };
    store.action(&facts, file, id, &action)
}
