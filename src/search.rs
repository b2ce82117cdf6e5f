//! Full-text search over events, prepared once at load.
//!
//! Every event's searchable text (title, summary, quote and who said it, actor and counterparty
//! names, tags, source publishers) is case-folded into one arena; a keystroke is one `memmem`
//! scan of that arena, not a pass that lowercases strings. Smart case: a query with no capital
//! letters ignores case; one with capitals matches case exactly.

use memchr::memmem;

use crate::data::{Dataset, Event, Text};

/// From this arena size up, a search scans two halves on two threads (the machines we target
/// have two cores; below this the thread costs more than it saves).
const PARALLEL_BYTES: usize = 8 << 20;

/// Narrowing checks this many candidates or more on two threads.
const PARALLEL_CANDIDATES: usize = 20_000;

/// Separates fields and events in the arena; never part of a query or of sanitized text.
const SEP: char = '\u{0}';

/// The prepared search text of every event.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    folded: String,
    /// `starts[i]..starts[i + 1]` is event `i`'s text in `folded`.
    starts: Vec<usize>,
    /// For each event, which of the letters a–z and digits 0–9 its folded text holds, one bit
    /// each. A query needs all of its own: most events are ruled out by one AND, and a
    /// one-letter query (the only one that cannot be narrowed from an earlier one) is answered
    /// by the bits alone.
    letters: Vec<u64>,
}

/// The bit of an ASCII letter or digit, if `b` is one.
fn letter_bit(b: u8) -> Option<u64> {
    match b {
        b'a'..=b'z' => Some(1 << (b - b'a')),
        b'0'..=b'9' => Some(1 << (26 + b - b'0')),
        _ => None,
    }
}

/// The bits of every letter and digit in `s`.
fn letter_mask(s: &[u8]) -> u64 {
    s.iter().filter_map(|&b| letter_bit(b)).fold(0, |m, b| m | b)
}

/// A search as typed, with its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    folded: String,
    case_sensitive: bool,
}

impl Query {
    pub fn new(text: &str) -> Self {
        let text = text.replace(SEP, "");
        Self { folded: text.to_lowercase(), case_sensitive: text.chars().any(char::is_uppercase), text }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Where the query occurs in `s`, as byte ranges, for highlighting.
    pub fn ranges(&self, s: &str) -> Vec<(usize, usize)> {
        if self.is_empty() {
            return Vec::new();
        }
        if self.case_sensitive {
            return s.match_indices(self.text.as_str()).map(|(i, m)| (i, i + m.len())).collect();
        }
        // Fold char by char so byte positions map back to `s` even when case changes length.
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let q: Vec<char> = self.folded.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            let mut k = 0;
            while k < q.len() && j < chars.len() {
                let mut lower = chars[j].1.to_lowercase();
                let mut ok = true;
                for lc in lower.by_ref() {
                    if k < q.len() && lc == q[k] {
                        k += 1;
                    } else {
                        ok = false;
                        break;
                    }
                }
                if !ok {
                    break;
                }
                j += 1;
            }
            if k == q.len() {
                let end = chars.get(j).map_or(s.len(), |c| c.0);
                out.push((chars[i].0, end));
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        out
    }

    pub fn matches_str(&self, s: &str) -> bool {
        !self.ranges(s).is_empty()
    }
}

/// The fields search looks at, in display order.
pub fn fields<'a>(data: &'a Dataset, e: &'a Event) -> impl Iterator<Item = &'a str> + 'a {
    let quote = e.quote.iter().flat_map(|q| [q.text.as_str(), q.by.as_str()]);
    let people = [e.actor, e.counterparty].into_iter().flatten().map(|a| data.actors[a].name.as_str());
    let publishers = e.sources.iter().map(|&s| data.sources[s].publisher.as_str());
    [e.title.as_str(), e.summary.as_str()]
        .into_iter()
        .chain(quote)
        .chain(people)
        .chain(e.tags.iter().map(Text::as_str))
        .chain(publishers)
}

impl SearchIndex {
    pub fn build(data: &Dataset) -> Self {
        let mut raw = String::new();
        let mut starts = Vec::with_capacity(data.events.len() + 1);
        // Lower-case event by event so the offsets are those of the folded text.
        let mut folded = String::new();
        for e in &data.events {
            starts.push(folded.len());
            raw.clear();
            for f in fields(data, e) {
                raw.push_str(f);
                raw.push(SEP);
            }
            folded.push_str(&raw.to_lowercase());
        }
        starts.push(folded.len());
        let letters = starts.windows(2).map(|w| letter_mask(&folded.as_bytes()[w[0]..w[1]])).collect();
        Self { folded, starts, letters }
    }

    /// True when event `i`'s text holds every letter and digit of `needle` (a necessary
    /// condition for containing it).
    fn may_contain(&self, i: usize, needle_mask: u64) -> bool {
        self.letters.get(i).is_some_and(|&m| m & needle_mask == needle_mask)
    }

    /// True when event `i` contains `query`.
    pub fn event_matches(&self, data: &Dataset, query: &Query, i: usize) -> bool {
        let (Some(&a), Some(&b)) = (self.starts.get(i), self.starts.get(i + 1)) else { return false };
        if memmem::find(&self.folded.as_bytes()[a..b], query.folded.as_bytes()).is_none() {
            return false;
        }
        !query.case_sensitive || fields(data, &data.events[i]).any(|f| f.contains(query.text.as_str()))
    }

    /// Events matching `query`, in display order. Candidates come from the folded arena; a
    /// case-sensitive query then checks each candidate's own text. Large arenas are scanned in
    /// two halves on two threads.
    pub fn search(&self, data: &Dataset, query: &Query) -> Vec<usize> {
        if query.is_empty() {
            return Vec::new();
        }
        let finder = memmem::Finder::new(query.folded.as_bytes());
        let n = self.starts.len().saturating_sub(1);
        let mut hits = if self.folded.len() >= PARALLEL_BYTES {
            let mid = n / 2;
            let (mut first, second) = std::thread::scope(|s| {
                let right = s.spawn(|| self.scan(&finder, mid, n));
                let left = self.scan(&finder, 0, mid);
                // A panic in the scan is a bug; fall back to scanning on this thread.
                (left, right.join().unwrap_or_else(|_| self.scan(&finder, mid, n)))
            });
            first.extend(second);
            first
        } else {
            self.scan(&finder, 0, n)
        };
        if query.case_sensitive {
            hits.retain(|&i| fields(data, &data.events[i]).any(|f| f.contains(query.text.as_str())));
        }
        hits
    }

    /// Events `from..to` that contain the finder's needle. Events lacking one of the needle's
    /// letters are skipped by their bits; a one-letter needle is decided by the bits alone.
    fn scan(&self, finder: &memmem::Finder<'_>, from: usize, to: usize) -> Vec<usize> {
        let needle = finder.needle();
        let mask = letter_mask(needle);
        let exact = needle.len() == 1 && mask != 0;
        let bytes = self.folded.as_bytes();
        (from..to.min(self.letters.len()))
            .filter(|&i| {
                self.may_contain(i, mask)
                    && (exact || finder.find(&bytes[self.starts[i]..self.starts[i + 1]]).is_some())
            })
            .collect()
    }

    /// The subset of `candidates` (in order) that match `query`: for a query that extends the
    /// previous one, only the previous matches can still match.
    pub fn search_within(&self, data: &Dataset, query: &Query, candidates: &[usize]) -> Vec<usize> {
        if query.is_empty() {
            return Vec::new();
        }
        let finder = memmem::Finder::new(query.folded.as_bytes());
        let bytes = self.folded.as_bytes();
        let check = |part: &[usize]| -> Vec<usize> {
            part.iter()
                .copied()
                .filter(|&i| {
                    let (Some(&a), Some(&b)) = (self.starts.get(i), self.starts.get(i + 1)) else {
                        return false;
                    };
                    finder.find(&bytes[a..b]).is_some()
                        && (!query.case_sensitive
                            || fields(data, &data.events[i]).any(|f| f.contains(query.text.as_str())))
                })
                .collect()
        };
        // Many candidates: two halves on two threads, as for the full scan.
        if candidates.len() < PARALLEL_CANDIDATES {
            return check(candidates);
        }
        let (left, right) = candidates.split_at(candidates.len() / 2);
        std::thread::scope(|s| {
            let second = s.spawn(|| check(right));
            let mut first = check(left);
            first.extend(second.join().unwrap_or_else(|_| check(right)));
            first
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        assert!(!Query::new("maven").case_sensitive);
        assert!(Query::new("Maven").case_sensitive);
        assert!(Query::new("maven").matches_str("Project Maven"));
        assert!(Query::new("Maven").matches_str("Project Maven"));
        assert!(!Query::new("MAVEN").matches_str("Project Maven"));
    }

    fn dataset(n: usize) -> Dataset {
        let json = crate::synthetic::generate(n, 3);
        crate::data::load_bytes("s.json", json.as_bytes()).expect("generated").dataset
    }

    /// The plain definition: every event whose folded fields contain the folded query.
    fn reference(data: &Dataset, q: &Query) -> Vec<usize> {
        (0..data.events.len())
            .filter(|&i| {
                let text: Vec<String> = fields(data, &data.events[i]).map(str::to_lowercase).collect();
                text.iter().any(|f| f.contains(&q.folded))
                    && (!q.case_sensitive
                        || fields(data, &data.events[i]).any(|f| f.contains(q.text.as_str())))
            })
            .collect()
    }

    #[test]
    fn search_agrees_with_the_plain_definition_in_one_and_two_threads() {
        // 30k generated events make an arena over the parallel threshold; 300 stay under it.
        for n in [300, 30_000] {
            let data = dataset(n);
            let index = SearchIndex::build(&data);
            assert_eq!(index.folded.len() >= PARALLEL_BYTES, n > 1000, "{n}: {} bytes", index.folded.len());
            for q in ["w", "wa", "water", "Zürich", "zürich", "café rights", "qqq", "e", "contract cloud"]
            {
                let q = Query::new(q);
                assert_eq!(index.search(&data, &q), reference(&data, &q), "{n} events, {:?}", q.text);
            }
        }
    }

    #[test]
    fn narrowing_gives_the_same_answer() {
        // 30k events: the candidates are many enough for two threads.
        let data = dataset(30_000);
        let index = SearchIndex::build(&data);
        let wide = index.search(&data, &Query::new("wa"));
        assert!(wide.len() >= PARALLEL_CANDIDATES);
        for narrow in ["water", "wa", "Water", "watzz"] {
            let narrow = Query::new(narrow);
            assert_eq!(
                index.search_within(&data, &narrow, &wide),
                index.search(&data, &narrow),
                "{}",
                narrow.text
            );
        }
    }

    #[test]
    fn ranges_map_back_to_the_original_text() {
        assert_eq!(Query::new("ice").ranges("ICE and Ice and ice"), [(0, 3), (8, 11), (16, 19)]);
        assert_eq!(Query::new("straße").ranges("Die STRAßE"), [(4, 11)]);
        assert_eq!(Query::new("é").ranges("Élan é"), [(0, 2), (6, 8)]);
        assert!(Query::new("  ").ranges("a  b").is_empty());
    }
}
