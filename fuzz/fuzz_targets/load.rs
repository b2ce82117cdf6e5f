//! Any bytes through the loader and validator: a dataset or a located error, never a panic.

#![no_main]

use ethics_timeline::data::load_bytes;
use libfuzzer_sys::fuzz_target;

/// Nothing that could drive a terminal: control characters other than a line break.
fn printable(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n')
}

fuzz_target!(|bytes: &[u8]| {
    match load_bytes("fuzz.json", bytes) {
        Ok(loaded) => {
            let d = &loaded.dataset;
            assert!(!d.events.is_empty(), "a loaded dataset has events");
            assert!(d.default_company < d.companies.len());
            assert_eq!(d.incoming.starts.len(), d.events.len() + 1);
            for (i, e) in d.events.iter().enumerate() {
                assert!(d.related(i).iter().all(|r| r.event < d.events.len() && r.event != i));
                assert!(e.company < d.companies.len());
                assert!(e.sources.iter().all(|&s| s < d.sources.len()));
                assert!(e.links.iter().all(|l| l.to < d.events.len()));
                assert!(printable(&e.id) && printable(&e.title) && printable(&e.summary), "{e:?}");
            }
            assert!(d.events.windows(2).all(|w| w[0].date <= w[1].date), "events in date order");
            for w in &loaded.warnings {
                assert!(printable(&w.render("fuzz.json")), "{w:?}");
            }
        }
        Err(e) => {
            assert!(e.error_count() > 0, "a refusal names at least one error");
            let report = e.to_string();
            assert!(printable(&report), "{report:?}");
            for p in &e.problems {
                // Positions are 1-based, and a line never comes without its column.
                assert_eq!(p.line.is_some(), p.column.is_some(), "{p:?}");
                assert!(p.line.is_none_or(|l| l >= 1) && p.column.is_none_or(|c| c >= 1), "{p:?}");
            }
        }
    }
});
