//! The closest names to one that was not found: "did you mean: facial-recognition?".
//!
//! Every name a person types (a filter's company, actor, tag, kind or evidence level;
//! `--company`, `--tour`, `--goto`) is looked up exactly first; only when that fails does the
//! error ask here, so every error ranks and words its suggestions the same way. Building one
//! is O(names) and happens once per error, never on the matching path.
//!
//! Ranking, case-insensitive, closest first:
//! 1. a typo: the edit distance (a swap of two neighbours counts once) is at most a quarter of
//!    the length typed, and one at least, so `microsfot` finds `microsoft`, `icf` finds `ice`
//!    and `ice` does not find `dod`;
//! 2. one contains the other: `recognition` finds `facial-recognition`;
//! 3. words in common: `ms-2018-ivas-awrd` finds `ms-2018-11-20-ivas-award`, by how many
//!    words (each allowing a typo of its own) are shared.
//!
//! Ties go to the longer shared beginning (for ids: same company, same year), then to the
//! order the names were given in.

use std::cmp::Reverse;

use crate::data::{Dataset, Text};

/// At most this many suggestions: more is a list to read, not a correction to take.
const MAX: usize = 5;

/// Up to this many names are listed whole when none is close; more are counted instead, so an
/// error never prints the first dozen of 69 tags.
const LIST_AT_MOST: usize = 12;

/// How a candidate is close to what was typed; the derived order ranks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    /// Within the typo allowance, by edit distance.
    Typo(usize),
    /// One contains the other, by how many characters the lengths differ.
    Contains(usize),
    /// Shares words, most first.
    Words(Reverse<usize>),
}

/// The items whose texts are closest to `wanted`, closest first, each item once, at most
/// [`MAX`]. An item may come with several texts (a company's id, name and short name).
pub fn closest<'a, T: Copy + PartialEq>(
    wanted: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
) -> Vec<T> {
    let wanted = wanted.to_lowercase();
    let wanted_words = words(&wanted);
    let mut scored: Vec<(Closeness, Reverse<usize>, usize, T)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, (text, item))| {
            let text = text.to_lowercase();
            let c = closeness(&wanted, &wanted_words, &text)?;
            Some((c, Reverse(common_prefix(&wanted, &text)), i, item))
        })
        .collect();
    scored.sort_by_key(|&(c, p, i, _)| (c, p, i));
    // When a typo's fix is there, names that merely share a word are noise beside it.
    let typo = matches!(scored.first(), Some((Closeness::Typo(_), ..)));
    let mut out: Vec<T> = Vec::new();
    for (c, _, _, item) in scored {
        if typo && matches!(c, Closeness::Words(_)) {
            break;
        }
        if !out.contains(&item) {
            out.push(item);
            if out.len() == MAX {
                break;
            }
        }
    }
    out
}

/// [`closest`] over plain names.
pub fn closest_names<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    closest(wanted, names.into_iter().map(|n| (n, n)))
}

/// `did you mean: a, b?`, or nothing when there is nothing to suggest.
pub fn did_you_mean(close: &[&str]) -> Option<String> {
    (!close.is_empty()).then(|| format!("did you mean: {}?", close.join(", ")))
}

/// What kind of names an error is about, for the sentence that lists them.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    /// "tags", "companies".
    pub plural: &'a str,
    /// Where to see them all when there are too many to print, e.g. "`ethics-timeline list`
    /// prints every id".
    pub see_all: &'a str,
}

/// The rest of a `no tag "x"; …` message: the closest names, else what exists (whole when
/// short, counted when long). `candidates` pairs a text to compare (an id, a name) with the
/// name to suggest; the texts of one name come one after another.
pub fn hint<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
    names: Names<'_>,
) -> String {
    let candidates: Vec<(&str, &str)> = candidates.into_iter().collect();
    let close = closest(wanted, candidates.iter().copied());
    let mut all: Vec<&str> = candidates.iter().map(|&(_, name)| name).collect();
    all.dedup();
    let long = all.len() > LIST_AT_MOST;
    match did_you_mean(&close) {
        Some(s) if long => format!("{s} ({})", names.see_all),
        Some(s) => s,
        None if all.is_empty() => format!("this dataset has no {}", names.plural),
        None if long => format!("{} {} in all; {}", all.len(), names.plural, names.see_all),
        None => format!("{}: {}", names.plural, all.join(", ")),
    }
}

/// The hint for a company the dataset does not have: compared by id, name and short name,
/// suggested by id.
pub fn company(data: &Dataset, wanted: &str) -> String {
    let texts = data.companies.iter().flat_map(|c| [(&c.id, &c.id), (&c.name, &c.id), (&c.short, &c.id)]);
    let names = Names { plural: "companies", see_all: "`ethics-timeline list` shows each event's company" };
    hint(wanted, texts.map(|(t, id)| (t.as_str(), id.as_str())), names)
}

/// The hint for an actor the dataset does not have: compared by id and name, suggested by id.
pub fn actor(data: &Dataset, wanted: &str) -> String {
    let texts = data.actors.iter().flat_map(|a| [(&a.id, &a.id), (&a.name, &a.id)]);
    let names =
        Names { plural: "actors", see_all: "`ethics-timeline list --format json` shows each event's actors" };
    hint(wanted, texts.map(|(t, id)| (t.as_str(), id.as_str())), names)
}

/// The hint for a tag no event has.
pub fn tag(data: &Dataset, wanted: &str) -> String {
    let mut all: Vec<&str> = data.events.iter().flat_map(|e| e.tags.iter().map(Text::as_str)).collect();
    all.sort_unstable();
    all.dedup();
    let names =
        Names { plural: "tags", see_all: "`ethics-timeline list --format json` shows each event's tags" };
    hint(wanted, all.into_iter().map(|t| (t, t)), names)
}

/// The hint for a tour the dataset does not have: compared by id and title, suggested by id.
pub fn tour(data: &Dataset, wanted: &str) -> String {
    let texts = data.tours.iter().flat_map(|t| [(&t.id, &t.id), (&t.title, &t.id)]);
    let names = Names { plural: "tours", see_all: "press t in the app to choose one" };
    hint(wanted, texts.map(|(t, id)| (t.as_str(), id.as_str())), names)
}

/// The hint for an event id the dataset does not have.
pub fn event(data: &Dataset, wanted: &str) -> String {
    let names = Names { plural: "events", see_all: "`ethics-timeline list` prints every id" };
    hint(wanted, data.events.iter().map(|e| (e.id.as_str(), e.id.as_str())), names)
}

fn closeness(wanted: &str, wanted_words: &[&str], text: &str) -> Option<Closeness> {
    let (w, t) = (wanted.chars().count(), text.chars().count());
    let allowance = (w / 4).max(1);
    // The distance is at least the difference in length: skip the work when that is too far.
    if w.abs_diff(t) <= allowance {
        let d = strsim::osa_distance(wanted, text);
        if d <= allowance {
            return Some(Closeness::Typo(d));
        }
    }
    // Three letters at least, so `ai` is not found in every name with an "ai" in it.
    if (w >= 3 && text.contains(wanted)) || (t >= 3 && wanted.contains(text)) {
        return Some(Closeness::Contains(w.abs_diff(t)));
    }
    let theirs = words(text);
    let shared = wanted_words.iter().filter(|a| theirs.iter().any(|b| same_word(a, b))).count();
    (shared > 0).then_some(Closeness::Words(Reverse(shared)))
}

/// The words of a name that say something: three letters or more, and not a number (every id
/// has a year; sharing one says little).
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// The same word, or its beginning (`recog`), or it with a typo (`awrd`, `nadela`).
fn same_word(typed: &str, theirs: &str) -> bool {
    let n = typed.chars().count();
    typed == theirs
        || theirs.starts_with(typed)
        || (n >= 4 && strsim::osa_distance(typed, theirs) <= 1 + usize::from(n >= 8))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_come_before_containment_and_shared_words() {
        let names = ["reseller", "resellers", "ring", "facial-recognition", "recognition-law"];
        assert_eq!(closest_names("resellerz", names), ["reseller", "resellers"]);
        assert_eq!(closest_names("resellr", names), ["reseller"], "two edits in seven letters is too many");
        assert_eq!(closest_names("RING", names), ["ring"]);
        assert_eq!(closest_names("recognition", names), ["recognition-law", "facial-recognition"]);
        assert_eq!(closest_names("face-recognition", names), ["facial-recognition"]);
        assert_eq!(closest_names("law-of-recognition", names), ["recognition-law", "facial-recognition"]);
        assert!(closest_names("zebra", names).is_empty());
    }

    #[test]
    fn short_names_need_a_short_typo() {
        let names = ["ice", "dod", "dhs", "cbp", "ai", "eu"];
        assert_eq!(closest_names("icf", names), ["ice"]);
        assert_eq!(closest_names("cpb", names), ["cbp"], "a swap counts once");
        assert!(closest_names("fbi", names).is_empty());
    }

    #[test]
    fn at_most_five_and_each_once() {
        let names: Vec<String> = (0..20).map(|i| format!("ice-{i}")).collect();
        let close = closest_names("ice", names.iter().map(String::as_str));
        assert_eq!(close, ["ice-0", "ice-1", "ice-2", "ice-3", "ice-4"]);
        let company = [("microsoft", 0), ("Microsoft", 0), ("MSFT", 0), ("google", 1)];
        assert_eq!(closest("microsfot", company), [0]);
    }

    #[test]
    fn the_hint_suggests_else_lists_else_counts() {
        let few = Names { plural: "tours", see_all: "see them" };
        let pairs = |names: &'static [&'static str]| names.iter().map(|n| (*n, *n));
        assert_eq!(hint("backwrds", pairs(&["backwards", "forwards"]), few), "did you mean: backwards?");
        assert_eq!(hint("nope", pairs(&["backwards", "forwards"]), few), "tours: backwards, forwards");
        assert_eq!(hint("nope", pairs(&[]), few), "this dataset has no tours");
        let many: Vec<String> = (0..13).map(|i| format!("tag-{i}")).collect();
        let many = || many.iter().map(|n| (n.as_str(), n.as_str()));
        assert_eq!(hint("zebra", many(), few), "13 tours in all; see them");
        assert_eq!(
            hint("tag-13", many(), few),
            "did you mean: tag-1, tag-10, tag-11, tag-12, tag-3? (see them)"
        );
    }
}
