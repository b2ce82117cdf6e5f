//! A CSV's records read on a thread of their own, so that parsing the file (the csv crate's
//! share of an import is about a third) runs on one core while the rows are checked and kept
//! on another. Records go over in batches through a bounded channel, and the batches come
//! back to be refilled, so the reader allocates nothing once it runs and no more than a few
//! batches are ever in flight.
//!
//! Only the cells the importer reads go over ([`Cells`]), copied by the reader while the row
//! is in its cache. Handing over whole records made the other thread bring every cache line of
//! each from the reader's core (a 297-column row is 1.5 KB of text and 2.4 KB of field
//! bounds), and its first touch of the cells was half of its time.

use std::io::Read;
use std::sync::mpsc;

use csv::ByteRecord;

/// Records a batch holds: enough that the channel costs nothing per row, few enough that the
/// batches in flight stay well under a megabyte.
const BATCH: usize = 256;
/// Batches filled and waiting, beyond the one being used.
const IN_FLIGHT: usize = 3;

/// The kept cells of a batch of records, one after another, with where each record is in
/// the file. A blank record (a spreadsheet's trailing line) is counted, not kept.
#[derive(Default)]
pub struct Cells {
    data: Vec<u8>,
    /// Where each cell ends in `data`: `width` a record.
    ends: Vec<u32>,
    /// Each record's line and byte in the file.
    places: Vec<(u64, u64)>,
    width: usize,
    /// Blank records read with these.
    pub blank: u64,
}

/// One record's kept cells.
#[derive(Clone, Copy)]
pub struct Record<'c> {
    cells: &'c Cells,
    first: usize,
    place: (u64, u64),
}

impl Record<'_> {
    /// Kept cell number `k` (see `Columns::cells`); empty past the row's end.
    pub fn get(&self, k: usize) -> &[u8] {
        let end = self.first + k;
        let from = if end == 0 { 0 } else { self.cells.ends[end - 1] as usize };
        self.cells.data.get(from..self.cells.ends[end] as usize).unwrap_or_default()
    }

    /// The record's line and byte in the file.
    pub fn place(&self) -> (u64, u64) {
        self.place
    }
}

impl Cells {
    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.places.clear();
        self.blank = 0;
    }

    /// Keeps the cells `used` of `rec`.
    fn push(&mut self, rec: &ByteRecord, used: &[usize]) {
        // Blank: whitespace only, and short (a line of commas has empty fields).
        if rec.as_slice().len() < 16 && rec.as_slice().iter().all(u8::is_ascii_whitespace) {
            self.blank += 1;
            return;
        }
        for &at in used {
            self.data.extend_from_slice(rec.get(at).unwrap_or_default());
            // A batch is a few hundred rows: far below 4 GiB.
            self.ends.push(u32::try_from(self.data.len()).unwrap_or(u32::MAX));
        }
        self.places.push(rec.position().map_or((0, 0), |p| (p.line(), p.byte())));
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// The records kept, in order.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.places.iter().enumerate().map(|(r, &place)| Record { cells: self, first: r * self.width, place })
    }
}

struct Batch {
    cells: Cells,
    /// How far into the file the reader was after the batch.
    end: u64,
    /// What stopped the reader after the batch's records, if it was not the end.
    error: Option<csv::Error>,
}

/// Gives the cells `used` of every record of `rdr` (after its header) to `each`, in order, a
/// batch at a time, with how far into the file the batch ends; stops at the first error, of
/// `each` or of the CSV (turned into one by `csv_error`) after the records before it.
pub fn each_batch<R: Read + Send, E>(
    mut rdr: csv::Reader<R>,
    used: &[usize],
    mut each: impl FnMut(&Cells, u64) -> Result<(), E>,
    csv_error: impl Fn(csv::Error) -> E,
) -> Result<(), E> {
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
    let (empty_tx, empty_rx) = mpsc::channel::<Cells>();
    for _ in 0..=IN_FLIGHT {
        let _ = empty_tx.send(Cells { width: used.len(), ..Cells::default() });
    }
    std::thread::scope(|s| {
        s.spawn(move || {
            // The one record the reader fills: it stays in this core's cache.
            let mut rec = ByteRecord::new();
            // Ends at the file's end or error, or when the other side has stopped.
            while let Ok(mut cells) = empty_rx.recv() {
                cells.clear();
                let (mut read, mut error, mut done) = (0, None, false);
                while read < BATCH {
                    match rdr.read_byte_record(&mut rec) {
                        Ok(true) => {
                            cells.push(&rec, used);
                            read += 1;
                        }
                        Ok(false) => done = true,
                        Err(e) => (error, done) = (Some(e), true),
                    }
                    if done {
                        break;
                    }
                }
                let end = rdr.position().byte();
                if full_tx.send(Batch { cells, end, error }).is_err() || done {
                    break;
                }
            }
        });
        // Owns both ends of this side, so an early return closes them and the reader stops.
        let mut consume = move |full_rx: mpsc::Receiver<Batch>, empty_tx: mpsc::Sender<Cells>| {
            for batch in full_rx {
                each(&batch.cells, batch.end)?;
                if let Some(e) = batch.error {
                    return Err(csv_error(e));
                }
                let _ = empty_tx.send(batch.cells);
            }
            Ok(())
        };
        consume(full_rx, empty_tx)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes())
    }

    #[test]
    fn every_record_comes_in_order_and_an_error_after_the_records_before_it() {
        let mut text = String::from("a,b,c\n");
        for i in 0..1000 {
            text.push_str(&format!("{i},x,y{i}\n"));
        }
        let mut seen = Vec::new();
        let r: Result<(), String> = each_batch(
            reader(&text),
            &[0, 2],
            |cells, _| {
                for rec in cells.records() {
                    let cell = |k| String::from_utf8_lossy(rec.get(k)).to_string();
                    seen.push((cell(0), cell(1), rec.place().0));
                }
                Ok(())
            },
            |e| e.to_string(),
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen.len(), 1000);
        assert!(
            seen.iter().enumerate().all(|(i, s)| *s == (i.to_string(), format!("y{i}"), i as u64 + 2)),
            "the kept cells of each row, and its line"
        );

        // Invalid UTF-8 is no error for a ByteRecord; an unequal record count is, unflexibly.
        let bad = format!("{text}1,2,3,4\n4,5\n");
        let mut n = 0;
        let strict = csv::ReaderBuilder::new().from_reader(bad.as_bytes());
        let r = each_batch(
            strict,
            &[0],
            |cells, _| {
                n += cells.len();
                Ok(())
            },
            |e| e.to_string(),
        );
        assert!(r.is_err());
        assert_eq!(n, 1000, "the records before the bad one are given first");

        // An error of the consumer stops the reader.
        let r = each_batch(reader(&text), &[0], |_, _| Err("stop".to_string()), |e| e.to_string());
        assert_eq!(r, Err("stop".to_string()));
    }

    #[test]
    fn short_rows_give_empty_cells_and_blank_ones_are_counted() {
        let text = "a,b,c\n1,2,3\n4\n   \n,,\n7,8,9\n";
        let (mut rows, mut blank) = (Vec::new(), 0);
        let r: Result<(), String> = each_batch(
            reader(text),
            &[0, 2],
            |cells, _| {
                blank += cells.blank;
                rows.extend(cells.records().map(|r| (r.get(0).to_vec(), r.get(1).to_vec())));
                Ok(())
            },
            |e| e.to_string(),
        );
        assert_eq!(r, Ok(()));
        let s = |b: &[u8]| b.to_vec();
        assert_eq!(rows, [(s(b"1"), s(b"3")), (s(b"4"), s(b"")), (s(b"7"), s(b"9"))]);
        assert_eq!(blank, 2, "a line of spaces and a line of commas");
    }
}
