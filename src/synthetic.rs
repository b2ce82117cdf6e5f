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

/// How the events' dates are laid out in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dates {
    /// Ascending, as real datasets are.
    #[default]
    Sorted,
    /// The same dates in a random order.
    Shuffled,
    /// Descending.
    Reversed,
    /// Every event on one day.
    OneDay,
}

/// How many links each event has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Links {
    /// Up to 3, to earlier events.
    #[default]
    Some,
    None,
    /// Ten to other events.
    Ten,
}

/// How many distinct sources, publishers, tags and actors there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Names {
    /// A source per four events, 97 publishers, one tag, two actors.
    #[default]
    Usual,
    /// A thousand of each.
    Thousand,
    /// One of each per event.
    PerEvent,
}

/// What is wrong on every event, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Problems {
    #[default]
    None,
    /// A link without a note: the file loads with a warning per event.
    Warning,
    /// A link to an id no event has: the file is refused with an error per event.
    Error,
}

/// The shape of a generated file: the benchmark matrix varies one of these at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    pub dates: Dates,
    pub links: Links,
    pub names: Names,
    /// Summaries of 120–180 words instead of 22–37.
    pub long_summaries: bool,
    pub problems: Problems,
}

/// Every shape of the benchmark matrix (#16), named, with whether it is pretty-printed; the
/// first is the clean file the others are set against. The `shapes` example and bench read
/// this one list.
pub fn matrix() -> [(&'static str, Shape, bool); 13] {
    let d = Shape::default();
    [
        ("clean (minified)", d, false),
        ("pretty-printed", d, true),
        ("dates shuffled", Shape { dates: Dates::Shuffled, ..d }, false),
        ("dates reversed", Shape { dates: Dates::Reversed, ..d }, false),
        ("dates all on one day", Shape { dates: Dates::OneDay, ..d }, false),
        ("no links", Shape { links: Links::None, ..d }, false),
        ("ten links an event", Shape { links: Links::Ten, ..d }, false),
        ("1,000 sources, publishers, tags, actors", Shape { names: Names::Thousand, ..d }, false),
        ("one source, publisher, tag, actor per event", Shape { names: Names::PerEvent, ..d }, false),
        ("long summaries (120–180 words)", Shape { long_summaries: true, ..d }, false),
        ("a warning on every event", Shape { problems: Problems::Warning, ..d }, false),
        ("a warning on every event, pretty", Shape { problems: Problems::Warning, ..d }, true),
        ("an error on every event", Shape { problems: Problems::Error, ..d }, false),
    ]
}

/// A dataset of `n` events in the `ethics-timeline/1` format, sorted by date, as JSON text.
pub fn generate(n: usize, seed: u64) -> String {
    generate_shaped(n, seed, Shape::default())
}

/// A dataset of `n` events shaped as `shape` asks, minified, as JSON text.
pub fn generate_shaped(n: usize, seed: u64, shape: Shape) -> String {
    let mut rng = Rng(seed | 1);
    let (sources, publishers, tags, actors) = match shape.names {
        Names::Usual => ((n / 4).max(1), 97, 1, 2),
        Names::Thousand => (1000, 1000, 1000, 1000),
        Names::PerEvent => (n.max(1), n.max(1), n.max(1), n.max(1)),
    };
    let mut s = String::with_capacity(n * 520 + sources * 200 + actors * 60 + 1024);
    s.push_str("{\"format\":\"ethics-timeline/1\",\"title\":\"Synthetic dataset\",\"default_company\":\"microsoft\",\"companies\":[");
    for (i, c) in COMPANIES.iter().enumerate() {
        let _ = write!(s, "{}{{\"id\":\"{c}\",\"name\":\"{c}\"}}", if i > 0 { "," } else { "" });
    }
    s.push_str("],\"actors\":[");
    if shape.names == Names::Usual {
        s.push_str("{\"id\":\"agency\",\"name\":\"An agency\",\"type\":\"agency\"},{\"id\":\"staff\",\"name\":\"Staff\",\"type\":\"employees\"}");
    } else {
        for i in 0..actors {
            let _ = write!(
                s,
                "{}{{\"id\":\"a{i}\",\"name\":\"Actor {i}\",\"type\":\"agency\"}}",
                if i > 0 { "," } else { "" }
            );
        }
    }
    s.push_str("],\"sources\":[");
    for i in 0..sources {
        let _ = write!(
            s,
            "{}{{\"id\":\"s{i}\",\"publisher\":\"Publisher {}\",\"title\":\"",
            if i > 0 { "," } else { "" },
            i % publishers
        );
        rng.words(4, 9, &mut s);
        let _ = write!(s, "\",\"url\":\"https://example.org/{i}\",\"published\":\"2026-12-31\"}}");
    }
    s.push_str("],\"events\":[");
    // Dates spread over 1990-2026; event i gets the date of place `order[i]`.
    let order: Vec<usize> = match shape.dates {
        Dates::Sorted | Dates::OneDay => (0..n).collect(),
        Dates::Reversed => (0..n).rev().collect(),
        Dates::Shuffled => {
            let mut o: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                o.swap(i, rng.below(i + 1));
            }
            o
        }
    };
    let days_span = 36 * 365;
    for (i, &place) in order.iter().enumerate() {
        let day = if shape.dates == Dates::OneDay { 0 } else { place * days_span / n.max(1) };
        let (y, rem) = (1990 + day / 365, day % 365);
        // Months of 31 days, cut to 28 so every date exists: never decreasing.
        let (m, d) = (1 + rem / 31, 1 + (rem % 31).min(27));
        let company = COMPANIES[rng.below(COMPANIES.len())];
        let actor = match shape.names {
            Names::Usual => (if rng.below(2) == 0 { "agency" } else { "staff" }).to_string(),
            Names::Thousand => format!("a{}", rng.below(actors)),
            Names::PerEvent => format!("a{i}"),
        };
        let _ = write!(
            s,
            "{}{{\"id\":\"e{i}\",\"date\":\"{y:04}-{m:02}-{d:02}\",\"company\":\"{company}\",\"actor\":\"{actor}\",\"kind\":\"{}\",\"title\":\"",
            if i > 0 { "," } else { "" },
            KINDS[rng.below(KINDS.len())],
        );
        rng.words(4, 7, &mut s);
        s.push_str("\",\"summary\":\"");
        if shape.long_summaries {
            rng.words(120, 180, &mut s);
        } else {
            rng.words(22, 37, &mut s);
        }
        let _ = write!(s, "\",\"evidence\":\"{}\",\"sources\":[", EVIDENCE[rng.below(EVIDENCE.len())]);
        if shape.names == Names::PerEvent {
            let _ = write!(s, "\"s{i}\"");
        } else {
            let ns = 1 + rng.below(3);
            for k in 0..ns {
                let _ = write!(s, "{}\"s{}\"", if k > 0 { "," } else { "" }, rng.below(sources));
            }
        }
        match shape.names {
            Names::Usual => s.push_str("],\"tags\":[\"synthetic\"]"),
            Names::Thousand => {
                let _ = write!(s, "],\"tags\":[\"tag{}\"]", rng.below(tags));
            }
            Names::PerEvent => {
                let _ = write!(s, "],\"tags\":[\"tag{i}\"]");
            }
        }
        links(&mut s, &mut rng, i, n, shape);
        s.push('}');
    }
    s.push_str("]}");
    s
}

/// The event's `links`, as the shape asks: to earlier events with a note, or none, or ten,
/// or one without a note (a warning), or one to a missing id (an error).
fn links(s: &mut String, rng: &mut Rng, i: usize, n: usize, shape: Shape) {
    let to: Vec<String> = match (shape.problems, shape.links) {
        (Problems::Warning, _) if n > 1 => vec![format!("e{}", (i + 1) % n)],
        (Problems::Error, _) => vec![format!("missing{i}")],
        (_, Links::None) => Vec::new(),
        (_, Links::Ten) if n > 1 => (0..10).map(|_| format!("e{}", (i + 1 + rng.below(n - 1)) % n)).collect(),
        (_, Links::Some) if i > 0 => (0..rng.below(4)).map(|_| format!("e{}", rng.below(i))).collect(),
        _ => Vec::new(),
    };
    if to.is_empty() {
        return;
    }
    let note = if shape.problems == Problems::Warning { "" } else { ",\"note\":\"n\"" };
    s.push_str(",\"links\":[");
    for (k, t) in to.iter().enumerate() {
        let _ = write!(
            s,
            "{}{{\"to\":\"{t}\",\"relation\":\"follows-from\"{note}}}",
            if k > 0 { "," } else { "" }
        );
    }
    s.push(']');
}

/// `json` pretty-printed, two spaces a level, as an editor would save it. Linear; strings are
/// copied as they are.
pub fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', depth * 2));
    };
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out.push('\n');
    out
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

    fn load(json: &str) -> Result<crate::data::Loaded, crate::data::LoadError> {
        crate::data::load_bytes("shape.json", json.as_bytes())
    }

    #[test]
    fn every_shape_loads_to_the_same_events_or_reports_each_problem() {
        let n = 300;
        let clean = load(&generate(n, 3)).expect("clean");
        let shapes = [
            Shape { dates: Dates::Shuffled, ..Shape::default() },
            Shape { dates: Dates::Reversed, ..Shape::default() },
            Shape { dates: Dates::OneDay, ..Shape::default() },
            Shape { links: Links::None, ..Shape::default() },
            Shape { links: Links::Ten, ..Shape::default() },
            Shape { names: Names::Thousand, ..Shape::default() },
            Shape { names: Names::PerEvent, ..Shape::default() },
            Shape { long_summaries: true, ..Shape::default() },
        ];
        for shape in shapes {
            let json = generate_shaped(n, 3, shape);
            let loaded = load(&json).unwrap_or_else(|e| panic!("{shape:?}: {e}"));
            assert_eq!(loaded.dataset.events.len(), n, "{shape:?}");
            let dates: Vec<_> = loaded.dataset.events.iter().map(|e| e.date).collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{shape:?}: shown in date order");
            let pretty = load(&pretty(&json)).unwrap_or_else(|e| panic!("{shape:?} pretty: {e}"));
            assert_eq!(pretty.dataset.events.len(), n);
        }
        let warned = load(&generate_shaped(n, 3, Shape { problems: Problems::Warning, ..Shape::default() }))
            .expect("warnings load");
        let notes = warned.warnings.iter().filter(|w| w.message == "link has no note").count();
        assert_eq!(notes, n, "a warning per event");
        let refused = load(&generate_shaped(n, 3, Shape { problems: Problems::Error, ..Shape::default() }))
            .expect_err("errors refuse");
        assert_eq!(refused.problems.iter().filter(|p| p.is_error()).count(), n, "an error per event");
        assert_eq!(clean.warnings.len(), 0);
    }

    #[test]
    fn pretty_printing_keeps_the_json() {
        let json = generate(40, 9);
        let a: serde_json::Value = serde_json::from_str(&json).expect("json");
        let b: serde_json::Value = serde_json::from_str(&pretty(&json)).expect("pretty json");
        assert_eq!(a, b);
        assert!(pretty(&json).lines().count() > 40 * 10);
    }
}
