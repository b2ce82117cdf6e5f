//! A deterministic generator of large, valid datasets, for benchmarks and stress tests.
//!
//! Events have realistic field sizes (a 4–7 word title, a 22–37 word summary with some
//! non-ASCII words, 1–3 sources, up to 3 links to earlier events) so that load, search and
//! render are measured on data shaped like the real thing.

use std::fmt::Write;

const WORDS: &[&str] = &[
    "contract",
    "cloud",
    "agency",
    "employees",
    "letter",
    "statement",
    "policy",
    "review",
    "board",
    "principles",
    "facial",
    "recognition",
    "military",
    "immigration",
    "water",
    "data",
    "storage",
    "surveillance",
    "human",
    "rights",
    "award",
    "renewal",
    "protest",
    "report",
    "leak",
    "audit",
    "Zürich",
    "naïve",
    "café",
    "ministry",
    "defence",
    "license",
    "reseller",
    "pledge",
    "ban",
    "moratorium",
    "shareholders",
    "vote",
    "ethics",
    "committee",
    "platform",
    "analytics",
    "officer",
];
const KINDS: [&str; 6] = ["statement", "policy", "governance", "contract", "activism", "reporting"];
const EVIDENCE: [&str; 4] = ["confirmed", "reported", "disputed", "unverified"];
const COMPANIES: [&str; 6] = ["microsoft", "google", "amazon", "palantir", "salesforce", "industry"];

/// xorshift64*: tiny, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn words(&mut self, min: usize, max: usize, out: &mut String) {
        let n = min + self.below(max - min + 1);
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(WORDS[self.below(WORDS.len())]);
        }
    }
}

/// A dataset of `n` events in the `ethics-timeline/1` format, sorted by date, as JSON text.
pub fn generate(n: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let sources = (n / 4).max(1);
    let mut s = String::with_capacity(n * 520 + sources * 200 + 1024);
    s.push_str("{\"format\":\"ethics-timeline/1\",\"title\":\"Synthetic dataset\",\"default_company\":\"microsoft\",\"companies\":[");
    for (i, c) in COMPANIES.iter().enumerate() {
        let _ = write!(s, "{}{{\"id\":\"{c}\",\"name\":\"{c}\"}}", if i > 0 { "," } else { "" });
    }
    s.push_str("],\"actors\":[{\"id\":\"agency\",\"name\":\"An agency\",\"type\":\"agency\"},{\"id\":\"staff\",\"name\":\"Staff\",\"type\":\"employees\"}],\"sources\":[");
    for i in 0..sources {
        let _ = write!(
            s,
            "{}{{\"id\":\"s{i}\",\"publisher\":\"Publisher {}\",\"title\":\"",
            if i > 0 { "," } else { "" },
            i % 97
        );
        rng.words(4, 9, &mut s);
        let _ = write!(s, "\",\"url\":\"https://example.org/{i}\",\"published\":\"2026-12-31\"}}");
    }
    s.push_str("],\"events\":[");
    // Dates spread over 1990-2026, ascending, as real datasets are.
    let days_span = 36 * 365;
    for i in 0..n {
        let day = i * days_span / n.max(1);
        let (y, rem) = (1990 + day / 365, day % 365);
        // Months of 31 days, cut to 28 so every date exists: never decreasing.
        let (m, d) = (1 + rem / 31, 1 + (rem % 31).min(27));
        let _ = write!(
            s,
            "{}{{\"id\":\"e{i}\",\"date\":\"{y:04}-{m:02}-{d:02}\",\"company\":\"{}\",\"actor\":\"{}\",\"kind\":\"{}\",\"title\":\"",
            if i > 0 { "," } else { "" },
            COMPANIES[rng.below(COMPANIES.len())],
            if rng.below(2) == 0 { "agency" } else { "staff" },
            KINDS[rng.below(KINDS.len())],
        );
        rng.words(4, 7, &mut s);
        s.push_str("\",\"summary\":\"");
        rng.words(22, 37, &mut s);
        let _ = write!(s, "\",\"evidence\":\"{}\",\"sources\":[", EVIDENCE[rng.below(EVIDENCE.len())]);
        let ns = 1 + rng.below(3);
        for k in 0..ns {
            let _ = write!(s, "{}\"s{}\"", if k > 0 { "," } else { "" }, rng.below(sources));
        }
        s.push_str("],\"tags\":[\"synthetic\"]");
        let nl = if i == 0 { 0 } else { rng.below(4) };
        if nl > 0 {
            s.push_str(",\"links\":[");
            for k in 0..nl {
                let to = rng.below(i);
                let _ = write!(
                    s,
                    "{}{{\"to\":\"e{to}\",\"relation\":\"follows-from\",\"note\":\"n\"}}",
                    if k > 0 { "," } else { "" }
                );
            }
            s.push(']');
        }
        s.push('}');
    }
    s.push_str("]}");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_datasets_are_valid_and_deterministic() {
        let a = generate(500, 7);
        assert_eq!(a, generate(500, 7));
        let loaded =
            crate::data::load_bytes("synthetic.json", a.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.dataset.events.len(), 500);
        // Written in date order: display order is file order.
        assert!(loaded.dataset.events.iter().enumerate().all(|(i, e)| e.id == format!("e{i}").as_str()));
        let per_event = a.len() / 500;
        assert!((350..700).contains(&per_event), "{per_event} bytes per event");
    }
}
