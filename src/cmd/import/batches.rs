//! A CSV's records read on a thread of their own, so that parsing the file (the csv crate's
//! share of an import is about a third) runs on one core while the rows are checked and kept
//! on another. Records go over in batches through a bounded channel, and the batches come
//! back to be refilled, so the reader allocates nothing once it runs and no more than a few
//! batches are ever in flight.

use std::io::Read;
use std::sync::mpsc;

use csv::ByteRecord;

/// Records a batch holds: enough that the channel costs nothing per row, few enough that the
/// batches in flight stay well under a megabyte or two of 1.5 KB rows.
const BATCH: usize = 256;
/// Batches filled and waiting, beyond the one being used.
const IN_FLIGHT: usize = 3;

struct Batch {
    records: Vec<ByteRecord>,
    len: usize,
    /// How far into the file the reader was after the batch.
    end: u64,
    /// What stopped the reader after the batch's records, if it was not the end.
    error: Option<csv::Error>,
}

/// Gives every record of `rdr` (after its header) to `each`, in order, a batch at a time, with
/// how far into the file the batch ends; stops at the first error, of `each` or of the CSV
/// (turned into one by `csv_error`) after the records before it.
pub fn each_batch<R: Read + Send, E>(
    mut rdr: csv::Reader<R>,
    mut each: impl FnMut(&[ByteRecord], u64) -> Result<(), E>,
    csv_error: impl Fn(csv::Error) -> E,
) -> Result<(), E> {
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<ByteRecord>>();
    for _ in 0..=IN_FLIGHT {
        let _ = empty_tx.send(vec![ByteRecord::new(); BATCH]);
    }
    std::thread::scope(|s| {
        s.spawn(move || {
            // Ends at the file's end or error, or when the other side has stopped.
            while let Ok(mut records) = empty_rx.recv() {
                let (mut len, mut error, mut done) = (0, None, false);
                while len < records.len() {
                    match rdr.read_byte_record(&mut records[len]) {
                        Ok(true) => len += 1,
                        Ok(false) => done = true,
                        Err(e) => (error, done) = (Some(e), true),
                    }
                    if done {
                        break;
                    }
                }
                let end = rdr.position().byte();
                if full_tx.send(Batch { records, len, end, error }).is_err() || done {
                    break;
                }
            }
        });
        // Owns both ends of this side, so an early return closes them and the reader stops.
        let mut consume = move |full_rx: mpsc::Receiver<Batch>, empty_tx: mpsc::Sender<Vec<ByteRecord>>| {
            for batch in full_rx {
                each(&batch.records[..batch.len], batch.end)?;
                if let Some(e) = batch.error {
                    return Err(csv_error(e));
                }
                let _ = empty_tx.send(batch.records);
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
        let mut text = String::from("a,b\n");
        for i in 0..1000 {
            text.push_str(&format!("{i},x\n"));
        }
        let mut seen = Vec::new();
        let r: Result<(), String> = each_batch(
            reader(&text),
            |recs, _| {
                seen.extend(recs.iter().map(|r| String::from_utf8_lossy(&r[0]).to_string()));
                Ok(())
            },
            |e| e.to_string(),
        );
        assert_eq!(r, Ok(()));
        assert_eq!(seen.len(), 1000);
        assert!(seen.iter().enumerate().all(|(i, s)| *s == i.to_string()));

        // Invalid UTF-8 is no error for a ByteRecord; an unequal record count is, unflexibly.
        let bad = format!("{text}1,2,3\n4,5\n");
        let mut n = 0;
        let strict = csv::ReaderBuilder::new().from_reader(bad.as_bytes());
        let r = each_batch(
            strict,
            |recs, _| {
                n += recs.len();
                Ok(())
            },
            |e| e.to_string(),
        );
        assert!(r.is_err());
        assert_eq!(n, 1000, "the records before the bad one are given first");

        // An error of the consumer stops the reader.
        let r = each_batch(reader(&text), |_, _| Err("stop".to_string()), |e| e.to_string());
        assert_eq!(r, Err("stop".to_string()));
    }
}
