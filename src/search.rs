//! Full-text search over events, prepared once at load.
//!
//! Every event's searchable text (title, summary, quote and who said it, actor and counterparty
//! names, tags, source publishers) is case-folded into one arena; a keystroke is one `memmem`
//! scan of that arena, not a pass that lowercases strings. Smart case: a query with no capital
//! letters ignores case; one with capitals matches case exactly.

use memchr::memmem;

use crate::data::{Dataset, Event};

/// Separates fields and events in the arena; never part of a query or of sanitized text.
const SEP: char = '\u{0}';

/// The prepared search text of every event.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    folded: String,
    /// `starts[i]..starts[i + 1]` is event `i`'s text in `folded`.
    starts: Vec<usize>,
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
        .chain(e.tags.iter().map(String::as_str))
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
        Self { folded, starts }
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
    /// case-sensitive query then checks each candidate's own text.
    pub fn search(&self, data: &Dataset, query: &Query) -> Vec<usize> {
        if query.is_empty() {
            return Vec::new();
        }
        let finder = memmem::Finder::new(query.folded.as_bytes());
        let mut hits = Vec::new();
        let mut event = 0;
        for at in finder.find_iter(self.folded.as_bytes()) {
            // Offsets increase, so the owning event only moves forward.
            while event + 1 < self.starts.len() && self.starts[event + 1] <= at {
                event += 1;
            }
            if hits.last() != Some(&event) {
                hits.push(event);
            }
        }
        if query.case_sensitive {
            hits.retain(|&i| fields(data, &data.events[i]).any(|f| f.contains(query.text.as_str())));
        }
        hits
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

    #[test]
    fn ranges_map_back_to_the_original_text() {
        assert_eq!(Query::new("ice").ranges("ICE and Ice and ice"), [(0, 3), (8, 11), (16, 19)]);
        assert_eq!(Query::new("straße").ranges("Die STRAßE"), [(4, 11)]);
        assert_eq!(Query::new("é").ranges("Élan é"), [(0, 2), (6, 8)]);
        assert!(Query::new("  ").ranges("a  b").is_empty());
    }
}
