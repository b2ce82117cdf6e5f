//! Full-text search over events.
//!
//! Nothing is copied: events are searched in their own text. Smart case: a query with no
//! capital letters ignores case (an ASCII-case-insensitive scan anchored on the query's
//! rarest byte; the few events whose text has capitals outside ASCII are lower-cased when
//! checked); one with capitals matches exactly. Prepared once at load, a letters-and-digits
//! mask per event rules most events out with one AND, and answers one-letter queries alone.
//! (A folded copy of every event's text was 300 MB at a million events.)

use memchr::memmem;

use crate::data::{Dataset, Event, Text};

/// The prepared masks of every event, and the names many events share, each listed once.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// For each event, which of the letters a–z and digits 0–9 its lower-cased text holds, one
    /// bit each, and [`FOLDS`].
    letters: Vec<u64>,
    /// The distinct publishers, and which of them each source has.
    publishers: Vec<Text>,
    publisher_of: Vec<u32>,
    /// The distinct tags, and each event's (`tag_starts[i]..tag_starts[i + 1]` in `tag_ids`).
    tags: Vec<Text>,
    tag_starts: Vec<u32>,
    tag_ids: Vec<u32>,
}

/// A query set against one dataset: which of its shared names (actors, publishers, tags)
/// match, each checked once instead of once per event that carries it.
pub struct Prepared<'q> {
    query: &'q Query,
    actors: Vec<bool>,
    publishers: Vec<bool>,
    tags: Vec<bool>,
}

/// From this many events up, the masks are prepared on two threads.
const PARALLEL_EVENTS: usize = 20_000;

/// Set for an event whose text has a character outside ASCII that lower-casing changes
/// (`Ü`, `Σ`): the ASCII-only comparison would miss it, so it is checked the slow way.
const FOLDS: u64 = 1 << 63;

/// For each byte, the bit of the ASCII letter (either case) or digit it is, else 0.
static LETTER_BITS: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 26 {
        t[b'a' as usize + b] = 1 << b;
        t[b'A' as usize + b] = 1 << b;
        b += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 1 << (26 + d);
        d += 1;
    }
    t
};

/// The bits of every letter and digit in `s`.
fn letter_mask(s: &[u8]) -> u64 {
    s.iter().fold(0, |m, &b| m | LETTER_BITS[b as usize])
}

/// True when lower-casing `s` changes a character outside ASCII. Latin-1 text (é, ü, ß) is
/// decided from its bytes; other scripts char by char.
fn folds_beyond_ascii(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0..0x80 => i += 1,
            // U+00C0..U+00DE, the Latin-1 capitals (and ×, which needs no folding).
            0xC3 => {
                if b.get(i + 1).is_some_and(|&c| c < 0x9F) {
                    return true;
                }
                i += 2;
            }
            0xC2 => i += 2,
            _ => return s[i..].chars().any(|c| !c.is_ascii() && !c.to_lowercase().eq(std::iter::once(c))),
        }
    }
    false
}

/// How common a byte is in English text: the scan anchors on the query's rarest byte.
fn commonness(b: u8) -> u8 {
    const BY_FREQUENCY: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";
    BY_FREQUENCY
        .iter()
        .position(|&c| c == b.to_ascii_lowercase())
        .map_or(0, |p| (BY_FREQUENCY.len() - p) as u8)
}

/// A search as typed, with its folded form.
#[derive(Debug, Clone)]
pub struct Query {
    pub text: String,
    folded: String,
    case_sensitive: bool,
    /// The letters and digits of `folded`.
    mask: u64,
    /// Where in `folded` the scan anchors.
    anchor: usize,
    exact: memmem::Finder<'static>,
}

impl PartialEq for Query {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Query {}

impl Query {
    pub fn new(text: &str) -> Self {
        let text = text.to_string();
        let folded = text.to_lowercase();
        let anchor = folded.bytes().enumerate().min_by_key(|&(_, b)| commonness(b)).map_or(0, |(i, _)| i);
        Self {
            mask: letter_mask(folded.as_bytes()),
            case_sensitive: text.chars().any(char::is_uppercase),
            exact: memmem::Finder::new(text.as_bytes()).into_owned(),
            anchor,
            folded,
            text,
        }
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

impl Query {
    /// One letter or digit, either case: an event's mask is the whole answer.
    fn mask_decides(&self) -> bool {
        !self.case_sensitive && self.folded.len() == 1 && self.mask != 0
    }

    /// True when `hay`, lower-cased in ASCII, contains the folded query: candidates for the
    /// rarest byte come from `memchr`, then the window around each is compared.
    fn in_ascii_folded(&self, hay: &str) -> bool {
        let (hay, needle) = (hay.as_bytes(), self.folded.as_bytes());
        let (n, a) = (needle.len(), self.anchor);
        if n == 0 || hay.len() < n {
            return n == 0;
        }
        let region = &hay[a..hay.len() - (n - 1 - a)];
        let window = |p: usize| hay[p..p + n].eq_ignore_ascii_case(needle);
        let (lower, upper) = (needle[a], needle[a].to_ascii_uppercase());
        if lower == upper {
            memchr::memchr_iter(lower, region).any(window)
        } else {
            memchr::memchr2_iter(lower, upper, region).any(window)
        }
    }

    /// True when the text of one field matches, by the query's case rule. `folds` says the
    /// event has text that ASCII lower-casing would not fold.
    fn in_field(&self, field: &str, folds: bool) -> bool {
        if self.case_sensitive {
            self.exact.find(field.as_bytes()).is_some()
        } else if folds && folds_beyond_ascii(field) {
            field.to_lowercase().contains(self.folded.as_str())
        } else {
            self.in_ascii_folded(field)
        }
    }
}

impl SearchIndex {
    pub fn build(data: &Dataset) -> Self {
        let masks = |events: &[Event]| -> Vec<u64> {
            events
                .iter()
                .map(|e| {
                    fields(data, e).fold(0, |mask, f| {
                        if folds_beyond_ascii(f) {
                            mask | FOLDS | letter_mask(f.to_lowercase().as_bytes())
                        } else {
                            mask | letter_mask(f.as_bytes())
                        }
                    })
                })
                .collect()
        };
        // Two halves on two threads: the machines we aim at have two cores.
        let (left, right) = data.events.split_at(data.events.len() / 2);
        let letters = if data.events.len() < PARALLEL_EVENTS {
            masks(&data.events)
        } else {
            std::thread::scope(|s| {
                let second = s.spawn(|| masks(right));
                let mut first = masks(left);
                first.extend(second.join().unwrap_or_else(|_| masks(right)));
                first
            })
        };
        let mut index = Self { letters, ..Self::default() };
        let mut seen: rustc_hash::FxHashMap<&str, u32> = Default::default();
        for src in &data.sources {
            let next = index.publishers.len() as u32;
            let id = *seen.entry(src.publisher.as_str()).or_insert(next);
            if id == next {
                index.publishers.push(src.publisher.clone());
            }
            index.publisher_of.push(id);
        }
        let mut seen: rustc_hash::FxHashMap<&str, u32> = Default::default();
        index.tag_starts.reserve(data.events.len() + 1);
        for e in &data.events {
            index.tag_starts.push(index.tag_ids.len() as u32);
            for t in &e.tags {
                let next = index.tags.len() as u32;
                let id = *seen.entry(t.as_str()).or_insert(next);
                if id == next {
                    index.tags.push(t.clone());
                }
                index.tag_ids.push(id);
            }
        }
        index.tag_starts.push(index.tag_ids.len() as u32);
        index
    }

    /// Sets `query` against this dataset's shared names.
    pub fn prepare<'q>(&self, data: &Dataset, query: &'q Query) -> Prepared<'q> {
        let check = |names: &mut dyn Iterator<Item = &str>| names.map(|n| query.in_field(n, true)).collect();
        Prepared {
            query,
            actors: check(&mut data.actors.iter().map(|a| a.name.as_str())),
            publishers: check(&mut self.publishers.iter().map(Text::as_str)),
            tags: check(&mut self.tags.iter().map(Text::as_str)),
        }
    }

    /// True when event `i` contains the prepared query.
    pub fn matches(&self, data: &Dataset, p: &Prepared<'_>, i: usize) -> bool {
        let query = p.query;
        let Some(&mask) = self.letters.get(i) else { return false };
        if mask & query.mask != query.mask || query.is_empty() {
            return false;
        }
        if query.mask_decides() {
            return true;
        }
        let folds = mask & FOLDS != 0;
        let e = &data.events[i];
        let tags = match (self.tag_starts.get(i), self.tag_starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.tag_ids.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        };
        [e.title.as_str(), e.summary.as_str()].into_iter().any(|f| query.in_field(f, folds))
            || e.quote
                .as_ref()
                .is_some_and(|q| query.in_field(&q.text, folds) || query.in_field(&q.by, folds))
            || [e.actor, e.counterparty].into_iter().flatten().any(|a| p.actors.get(a) == Some(&true))
            || tags.iter().any(|&t| p.tags.get(t as usize) == Some(&true))
            || e.sources.iter().any(|&s| {
                self.publisher_of.get(s).is_some_and(|&id| p.publishers.get(id as usize) == Some(&true))
            })
    }

    /// Events matching `query`, in display order.
    pub fn search(&self, data: &Dataset, query: &Query) -> Vec<usize> {
        let p = self.prepare(data, query);
        (0..self.letters.len()).filter(|&i| self.matches(data, &p, i)).collect()
    }

    /// The events of `events` (in order) that match `query`; many are checked in two halves
    /// on two threads.
    pub fn search_in(&self, data: &Dataset, query: &Query, events: &[usize]) -> Vec<usize> {
        let p = self.prepare(data, query);
        let check = |part: &[usize]| -> Vec<usize> {
            part.iter().copied().filter(|&i| self.matches(data, &p, i)).collect()
        };
        if events.len() < PARALLEL_EVENTS / 4 || query.mask_decides() {
            return check(events);
        }
        let (left, right) = events.split_at(events.len() / 2);
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
        crate::testing::generated(n, 3)
    }

    /// The plain definition: every event whose folded fields contain the folded query.
    fn reference(data: &Dataset, q: &Query) -> Vec<usize> {
        if q.is_empty() {
            return Vec::new();
        }
        (0..data.events.len())
            .filter(|&i| {
                let text: Vec<String> = fields(data, &data.events[i]).map(str::to_lowercase).collect();
                text.iter().any(|f| f.contains(&q.folded))
                    && (!q.case_sensitive
                        || fields(data, &data.events[i]).any(|f| f.contains(q.text.as_str())))
            })
            .collect()
    }

    const QUERIES: [&str; 13] = [
        "w",
        "wa",
        "water",
        "Zürich",
        "zürich",
        "ZÜRICH",
        "ü",
        "café rights",
        "qqq",
        "e",
        "contract cloud",
        "W",
        " ",
    ];

    #[test]
    fn search_agrees_with_the_plain_definition() {
        for n in [300, 30_000] {
            let data = dataset(n);
            let index = SearchIndex::build(&data);
            for q in QUERIES {
                let q = Query::new(q);
                assert_eq!(index.search(&data, &q), reference(&data, &q), "{n} events, {:?}", q.text);
            }
        }
    }

    #[test]
    fn capitals_beyond_ascii_are_folded() {
        let json = crate::synthetic::generate(3, 1);
        let (head, events) = json.split_once("\"events\":[").expect("events");
        let events = events
            .replacen("\"title\":\"", "\"title\":\"ÜBERWACHUNG ΣΊΣΥΦΟΣ \u{212A}elvin ", 1)
            .replacen("\"title\":\"", "\"title\":\"Straße ", 2);
        let json = format!("{head}\"events\":[{events}");
        let data = crate::data::load_bytes("s.json", json.as_bytes()).expect("valid").dataset;
        let index = SearchIndex::build(&data);
        for q in
            ["überwachung", "ÜBERWACHUNG", "zürich", "σίσυφος", "kelvin", "strasse", "straße", "STRAßE", "ü"]
        {
            let q = Query::new(q);
            assert_eq!(index.search(&data, &q), reference(&data, &q), "{:?}", q.text);
        }
        assert_eq!(index.search(&data, &Query::new("überwachung")).len(), 1);
        assert_eq!(index.search(&data, &Query::new("σίσυφος")).len(), 1);
        assert_eq!(index.search(&data, &Query::new("kelvin")).len(), 1);
    }

    #[test]
    fn the_quick_fold_check_agrees_with_lower_casing() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let s = format!("ab{c}d");
            let slow = s.chars().any(|c| !c.is_ascii() && !c.to_lowercase().eq(std::iter::once(c)));
            // The quick check may flag more (× U+00D7), never less.
            assert!(folds_beyond_ascii(&s) || !slow, "U+{:04X}", u32::from(c));
        }
        assert!(!folds_beyond_ascii("naïve Zürich café"));
        assert!(folds_beyond_ascii("ZÜRICH"));
    }

    #[test]
    fn narrowing_gives_the_same_answer() {
        let data = dataset(30_000);
        let index = SearchIndex::build(&data);
        let wide = index.search(&data, &Query::new("wa"));
        assert!(wide.len() > 1000);
        for narrow in ["water", "wa", "Water", "watzz"] {
            let narrow = Query::new(narrow);
            assert_eq!(
                index.search_in(&data, &narrow, &wide),
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
