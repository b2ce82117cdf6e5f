//! Fixtures for the unit tests: one place that loads them. (Integration tests have theirs in
//! `tests/common`.)

use crate::data::{Dataset, load_bytes};

/// The small fixture dataset: two companies, a tour, every kind.
pub fn small() -> Dataset {
    load_bytes("small.json", include_bytes!("../tests/fixtures/small.json"))
        .expect("the fixture loads")
        .dataset
}

/// A generated dataset of `n` events.
pub fn generated(n: usize, seed: u64) -> Dataset {
    let json = crate::synthetic::generate(n, seed);
    load_bytes("generated.json", json.as_bytes()).expect("generated data loads").dataset
}

/// A dataset from JSON text written in a test.
pub fn from_json(json: &str) -> Dataset {
    load_bytes("test.json", json.as_bytes()).expect("the test's JSON loads").dataset
}
