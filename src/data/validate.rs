//! Turns the dataset file into a validated [`Dataset`], reporting every problem at once.
//!
//! Two stages, like ripgrep's low/high args: `raw` mirrors the file; this module checks ids,
//! references, dates and kinds, sanitizes text, sorts events and resolves references to indices.
//! Problems carry JSON paths; the loader turns them into line and column.
//!
//! Events are checked as the parser reaches them (see `top`), so a million-event file never
//! exists twice in memory: once as bytes, once as the model. Their text stays in the file's
//! buffer (see [`Text`]).

mod award;
mod claims;
mod event;
mod fast;
mod ids;
mod records;
mod related;
mod top;

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

use super::date::PartialDate;
use super::model::{Actor, Company, Dataset, Event, Source, Text};
use super::problem::Problem;
use super::raw::{RawEvent, Str};
use super::sanitize::{clean, excerpt, needs_work, trim};
use event::LinkCheck;
use top::Piece;

pub(super) use related::related_index;

pub const FORMAT: &str = "ethics-timeline/1";

/// What validation gives: the dataset and its warnings, or every problem found.
pub type Outcome = Result<(Dataset, Vec<Problem>), Vec<Problem>>;

/// Parses and validates `json`, a part of `buf` (the file without a byte-order mark). A JSON
/// syntax or type error stops at once and comes back as serde's error; everything else is
/// collected into the outcome.
pub fn validate_json(buf: &Arc<String>, json: &str) -> Result<Outcome, serde_json::Error> {
    // The quick reader takes almost every file. One it gives up on is read again by serde,
    // which loads it or says what is wrong with it.
    if let Some(outcome) = validate_with(buf, json, Reader::Quick)? {
        return Ok(outcome);
    }
    validate_with(buf, json, Reader::Serde).map(|outcome| outcome.unwrap_or_else(|| Err(Vec::new())))
}

/// Who reads the file's JSON: `raw::read`, or serde, which never gives up without an error.
#[derive(Clone, Copy)]
enum Reader {
    Quick,
    Serde,
}

/// [`validate_json`] with one reader; `None` when the quick reader gave up.
fn validate_with(
    buf: &Arc<String>,
    json: &str,
    reader: Reader,
) -> Result<Option<Outcome>, serde_json::Error> {
    let mut v = Validator::new(buf);
    let top = std::thread::scope(|scope| {
        // Parsing on one thread, checking on this one: the machines we aim at have two cores.
        let (to, from) = std::sync::mpsc::sync_channel(8);
        let (give_back, back) = std::sync::mpsc::channel();
        let parser = scope.spawn(move || {
            let pipe = top::Pipe { to: &to, back: &back, size: json.len() };
            match reader {
                Reader::Quick => Ok(fast::parse(json, &pipe)),
                Reader::Serde => top::parse(json, &pipe).map(Some),
            }
        });
        v.take(&from, &give_back);
        parser.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })?;
    let Some(top) = top else { return Ok(None) };
    let dataset = v.finish(top);
    Ok(Some(if v.errors > 0 {
        Err(v.problems)
    } else {
        match dataset {
            Some(d) => Ok((d, v.problems)),
            None => Err(v.problems),
        }
    }))
}

use ids::Ids;

/// An id as a map key: trimmed, as `required` reads ids.
fn key(id: &str) -> CompactString {
    CompactString::new(trim(id))
}

struct Validator {
    /// The file's text: what most [`Text`]s point into.
    buf: Arc<String>,
    problems: Vec<Problem>,
    /// Errors among `problems`, counted as they are added (a per-event recount would make
    /// validation quadratic in the number of problems).
    errors: usize,
    /// Companies, actors and sources defined in the file but refused for their own errors:
    /// references to them are not reported again as "unknown".
    refused: HashSet<(Ref, String)>,
    /// The "… defined: …" hint of each kind of reference, with the list's length when built.
    hints: [Option<(usize, String)>; 4],
    companies: Vec<Company>,
    company_ids: Ids,
    actors: Vec<Actor>,
    actor_ids: Ids,
    sources: Vec<Source>,
    source_ids: Ids,
    /// Every event id, with its position in the file, errors or not. The parser builds it
    /// (see `top`); the checker has it once the file is read.
    event_ids: Ids,
    /// Events that passed their own checks, in file order, with their positions in the file.
    pending: Vec<Event>,
    /// The position in the file of each of `pending`.
    pending_files: Vec<usize>,
    /// Every link's target, checked once all events are known (links may point forward).
    link_checks: Vec<LinkCheck>,
    /// Ids of events refused for their own errors that have links, for messages about them.
    failed_items: HashMap<usize, String>,
    /// The links of `pending` whose notes name a sum of money (event, link): found as each
    /// event is checked, beside the parser, so the end reads no other note.
    money_notes: Vec<(usize, usize)>,
}

/// A one-line field, sanitized; shared with importers so their text is cleaned the same way.
pub(super) fn text(s: &str) -> String {
    clean(trim(s), false).into_owned()
}

/// A multi-paragraph field, sanitized, keeping its line breaks.
pub(super) fn prose(s: &str) -> String {
    clean(trim(s), true).into_owned()
}

/// Builds a JSON path only when a problem needs it.
type Path<'p> = &'p dyn Fn() -> String;

impl Validator {
    fn new(buf: &Arc<String>) -> Self {
        Self {
            buf: Arc::clone(buf),
            problems: Vec::new(),
            errors: 0,
            refused: HashSet::new(),
            hints: Default::default(),
            companies: Vec::new(),
            company_ids: Ids::default(),
            actors: Vec::new(),
            actor_ids: Ids::default(),
            sources: Vec::new(),
            source_ids: Ids::default(),
            event_ids: Ids::default(),
            pending: Vec::new(),
            pending_files: Vec::new(),
            link_checks: Vec::new(),
            failed_items: HashMap::default(),
            money_notes: Vec::new(),
        }
    }

    fn error(
        &mut self,
        path: String,
        message: impl Into<Cow<'static, str>>,
        item: Option<&str>,
    ) -> &mut Problem {
        self.errors += 1;
        push(&mut self.problems, Problem::error(path, message).item(item))
    }

    fn warn(
        &mut self,
        path: String,
        message: impl Into<Cow<'static, str>>,
        item: Option<&str>,
    ) -> &mut Problem {
        push(&mut self.problems, Problem::warning(path, message).item(item))
    }

    /// Sanitized one-line text, shared with the file when nothing had to change.
    fn line(&self, s: &str) -> Text {
        self.keep(clean(trim(s), false))
    }

    /// Sanitized multi-paragraph text, shared with the file when nothing had to change.
    fn prose(&self, s: &str) -> Text {
        self.keep(clean(trim(s), true))
    }

    fn keep(&self, s: Cow<'_, str>) -> Text {
        match s {
            Cow::Borrowed(b) => Text::from_buf(&self.buf, b),
            Cow::Owned(o) => Text::from(o),
        }
    }

    /// A required, non-empty string field, trimmed.
    fn required<'s>(
        &mut self,
        value: Option<&'s Str<'_>>,
        obj: Path<'_>,
        field: &str,
        item: Option<&str>,
    ) -> Option<&'s str> {
        match value.map(|s| trim(s)) {
            Some(s) if !s.is_empty() => Some(s),
            Some(_) => {
                self.error(format!("{}.{field}", obj()), format!("`{field}` is empty"), item);
                None
            }
            None => {
                self.error(obj(), format!("missing field `{field}`"), item);
                None
            }
        }
    }

    /// A date; `path` is only built when there is something to report.
    fn date(&mut self, value: &str, path: Path<'_>, item: Option<&str>) -> Option<PartialDate> {
        match PartialDate::parse(value) {
            Ok(d) => Some(d),
            Err(e) => {
                let hint = "dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018-06-19";
                self.error(path(), format!("invalid date \"{}\": {e}", excerpt(value)), item).set_hint(hint);
                None
            }
        }
    }

    /// Records the id of item `i` of `list`; reports duplicates and ids with hidden
    /// characters. (Event ids are recorded by the parser, see `top`.)
    /// Whether it is the first item with its id.
    fn define(ids: &mut Ids, problems: &mut Problems<'_>, what: Id<'_>, i: usize, id: &Str<'_>) -> bool {
        let k = trim(id);
        Self::plain_id(problems, what, i, k);
        match ids.first(k, i) {
            Some(first) => {
                Self::duplicate(problems, what, i, first, k);
                false
            }
            None => true,
        }
    }

    /// Reports an id with control or invisible characters.
    fn plain_id(problems: &mut Problems<'_>, what: Id<'_>, i: usize, id: &str) {
        if !id.bytes().all(|b| (0x20..0x7F).contains(&b)) && id.chars().any(needs_work) {
            problems
                .error(
                    format!("{}[{i}].id", what.list),
                    format!("{} id \"{}\" holds a control or invisible character", what.kind, excerpt(id)),
                    None,
                )
                .set_hint("an id is plain text, e.g. ms-2018-06-19-employee-letter");
        }
    }

    /// Reports item `i` reusing the id of item `first`.
    fn duplicate(problems: &mut Problems<'_>, what: Id<'_>, i: usize, first: usize, id: &str) {
        problems
            .error(
                format!("{}[{i}].id", what.list),
                format!("duplicate {} id (first used at {}[{first}])", what.kind, what.list),
                Some(id),
            )
            .set_hint(format!("every {} needs its own id", what.kind));
    }

    /// Looks `id` up among `what`; an unknown one is reported at `path` (built only then).
    fn reference(&mut self, what: Ref, id: &str, path: Path<'_>, item: Option<&str>) -> Option<usize> {
        let map = match what {
            Ref::Company => &self.company_ids,
            Ref::Actor => &self.actor_ids,
            Ref::Source => &self.source_ids,
            Ref::Event => &self.event_ids,
        };
        let found = map.get(id);
        if found.is_none() {
            self.unknown(what, id, path, item);
        }
        found
    }

    /// Reports a reference to an id that `what` does not define.
    fn unknown(&mut self, what: Ref, id: &str, path: Path<'_>, item: Option<&str>) {
        // A definition with errors of its own was reported already.
        // The set of refused ids is empty in most files: no id is copied to look in it then.
        if self.refused.is_empty() || !self.refused.contains(&(what, id.to_string())) {
            let hint = self.known_hint(what);
            self.error(path(), format!("unknown {} \"{}\"", what.name(), excerpt(id)), item).set_hint(hint);
        }
    }

    /// The hint that lists what `what` ids exist. Sorting them costs as much as the list is
    /// long, so it is done once per list, not once per unknown reference: a file that renamed
    /// its ids has thousands of them.
    fn known_hint(&mut self, what: Ref) -> String {
        let map = match what {
            Ref::Company => &self.company_ids,
            Ref::Actor => &self.actor_ids,
            Ref::Source => &self.source_ids,
            Ref::Event => &self.event_ids,
        };
        let slot = &mut self.hints[what as usize];
        if let Some((len, hint)) = slot
            && *len == map.len()
        {
            return hint.clone();
        }
        let mut known: Vec<&str> = map.keys().collect();
        // Only the first few in order are shown: pick them, and sort just those.
        if known.len() > SHOWN_IDS {
            known.select_nth_unstable(SHOWN_IDS);
            known[..SHOWN_IDS].sort_unstable();
            let total = known.len();
            known.truncate(SHOWN_IDS);
            let hint = format!("{} defined: {}, … ({total} in all)", what.plural(), known.join(", "));
            *slot = Some((map.len(), hint.clone()));
            return hint;
        }
        known.sort_unstable();
        let hint = if known.is_empty() {
            format!("no {} are defined", what.plural())
        } else {
            format!("{} defined: {}", what.plural(), list_ids(known.into_iter()))
        };
        *slot = Some((map.len(), hint.clone()));
        hint
    }

    /// Remembers the ids that were defined but not kept, so references to them stay quiet.
    fn refuse_dropped(&mut self, what: Ref, ids: &Ids, kept: &Ids) {
        if kept.len() == ids.len() {
            return;
        }
        self.refused.extend(ids.keys().filter(|id| !kept.contains(id)).map(|id| (what, id.to_string())));
    }

    /// Checks what the parser hands over, as it comes. Events are checked at once when the
    /// companies, actors and sources came before them (as in every file we write); otherwise
    /// they wait for the end of the file: the same checks, more memory.
    fn take<'a>(&mut self, pieces: &Receiver<Piece<'a>>, give_back: &Sender<Vec<RawEvent<'a>>>) {
        let mut lists = 0u8;
        let mut waiting = Vec::new();
        let mut next = 0;
        for piece in pieces {
            match piece {
                Piece::Companies(c) => {
                    self.companies(c);
                    lists |= 1;
                }
                Piece::Actors(a) => {
                    self.actors(a);
                    lists |= 2;
                }
                Piece::Sources(s) => {
                    self.sources(s);
                    lists |= 4;
                }
                Piece::Events(mut batch) if lists == 7 => {
                    // Checked where they lie: a raw event is large, and moving each out of the
                    // batch was a tenth of the loading time.
                    for e in &batch {
                        self.event(next, e);
                        next += 1;
                    }
                    batch.clear();
                    // The parser may have finished and gone: then the batch is simply dropped.
                    let _ = give_back.send(batch);
                }
                Piece::Events(batch) => waiting.extend(batch),
            }
        }
        for e in &waiting {
            self.event(next, e);
            next += 1;
        }
    }

    /// Everything that needs the whole file: link targets, display order, tours, `start`.
    fn finish<'a>(&mut self, mut top: top::Top<'a>) -> Option<Dataset> {
        self.event_ids = std::mem::take(&mut top.event_ids);
        match top.format.as_deref() {
            Some(FORMAT) => {}
            Some(other) => {
                self.error("format".into(), format!("unknown format \"{}\"", excerpt(other)), None)
                    .set_hint(format!("this version reads \"{FORMAT}\""));
            }
            None => {
                self.error(String::new(), "missing field `format`", None)
                    .set_hint(format!("add \"format\": \"{FORMAT}\" at the top"));
            }
        }
        let title = self.required(top.title.as_ref(), &String::new, "title", None).map(|t| self.line(t));
        let description = top.description.map(|d| self.prose(&d)).unwrap_or_default();
        let default_company = match top.default_company {
            Some(id) => self.reference(Ref::Company, &id.key(), &|| "default_company".into(), None),
            None => (!self.companies.is_empty()).then_some(0),
        };
        if self.companies.is_empty() {
            self.error("companies".into(), "no companies defined", None)
                .set_hint("add \"companies\": [{\"id\": \"microsoft\", \"name\": \"Microsoft\"}]");
        }
        if !top.events_seen {
            self.error(String::new(), "missing field `events`", None);
            return None;
        }
        if top.events_len == 0 {
            self.error("events".into(), "the dataset has no events", None);
        }
        self.resolve_links();
        let facts = self.source_facts();
        self.source_warnings(&facts);
        self.claim_warnings(&facts);

        let mut events = std::mem::take(&mut self.pending);
        let mut files = std::mem::take(&mut self.pending_files);
        // Every event kept, in file order, and with no error (an error refuses the file, and
        // leaves links to events that failed): then every position stays what it is.
        let mut same_positions = self.errors == 0 && events.len() == top.events_len;
        // Display order: by date, the same date in file order. Most files are written in
        // order already; then nothing moves.
        if !events.is_sorted_by_key(|e| e.date.sort_key()) {
            same_positions = false;
            // Sort positions, not events: an event is a few hundred bytes, and a sorted copy of
            // a million of them would double the memory at its peak.
            let mut by_date: Vec<usize> = (0..events.len()).collect();
            by_date.sort_unstable_by_key(|&i| (events[i].date.sort_key(), i));
            files = by_date.iter().map(|&i| files[i]).collect();
            permute(&mut events, by_date);
        }
        // File position → display position, for links, tour steps and `start`.
        let mut order = vec![usize::MAX; top.events_len];
        for (shown, file) in files.into_iter().enumerate() {
            order[file] = shown;
        }
        let shown = |file: usize| order.get(file).copied().filter(|&o| o != usize::MAX);
        let tours = self.tours(top.tours, &shown);
        // With no events at all, "unknown event" would only repeat that.
        let start = top.start.filter(|_| top.events_len > 0).and_then(|id| {
            // An event with errors of its own is in `event_ids` but not shown: reported already.
            let Some(file) = self.event_ids.get(id.key().as_ref()) else {
                self.error("start".into(), format!("unknown event \"{}\"", excerpt(&id)), None)
                    .set_hint("\"start\" names the event the app opens on");
                return None;
            };
            shown(file)
        });
        if !same_positions {
            for e in &mut events {
                // Targets that failed their own checks are already reported as errors.
                e.links.retain_mut(|l| match shown(l.to()) {
                    Some(to) => {
                        l.to = to as u32;
                        true
                    }
                    None => false,
                });
            }
        }
        let incoming = related_index(&events);
        let title = title?;
        let default_company = default_company?;
        Some(Dataset {
            title,
            description,
            default_company,
            start,
            companies: std::mem::take(&mut self.companies),
            actors: std::mem::take(&mut self.actors),
            sources: std::mem::take(&mut self.sources),
            events,
            tours,
            incoming,
        })
    }
}

/// Reorders `items` in place so that item `k` becomes the one that was at `order[k]`, by
/// following each cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut j = start;
        while order[j] != DONE {
            let from = order[j];
            order[j] = DONE;
            if from == start || order[from] == DONE {
                break;
            }
            items.swap(j, from);
            j = from;
        }
    }
}

/// Which list an id belongs to, for messages.
#[derive(Clone, Copy)]
struct Id<'s> {
    kind: &'s str,
    list: &'s str,
}

/// The validator's problem list, borrowed apart from its id maps.
struct Problems<'v> {
    problems: &'v mut Vec<Problem>,
    errors: &'v mut usize,
}

impl Problems<'_> {
    fn error(
        &mut self,
        path: String,
        message: impl Into<Cow<'static, str>>,
        item: Option<&str>,
    ) -> &mut Problem {
        *self.errors += 1;
        push(self.problems, Problem::error(path, message).item(item))
    }
}

/// Adds `problem` and hands it back, for a hint.
fn push(problems: &mut Vec<Problem>, problem: Problem) -> &mut Problem {
    problems.push(problem);
    let last = problems.len() - 1;
    &mut problems[last]
}

/// At most a handful of ids, so hints stay one line even for big files.
/// What a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ref {
    Company,
    Actor,
    Source,
    Event,
}

impl Ref {
    fn name(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Actor => "actor",
            Self::Source => "source",
            Self::Event => "event",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Self::Company => "companies",
            Self::Actor => "actors",
            Self::Source => "sources",
            Self::Event => "events",
        }
    }
}

/// How many ids a "… defined" hint names before it counts the rest.
const SHOWN_IDS: usize = 8;

fn list_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = ids.collect();
    let shown: Vec<&str> = all.iter().take(SHOWN_IDS).copied().collect();
    let mut s = shown.join(", ");
    if all.len() > shown.len() {
        s.push_str(&format!(", … ({} in all)", all.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn permute_follows_every_cycle() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        super::permute(&mut items, vec![2, 0, 1, 5, 4, 3]);
        assert_eq!(items, vec!['c', 'a', 'b', 'f', 'e', 'd']);
        let mut items: Vec<usize> = (0..100).collect();
        let order: Vec<usize> = (0..100).map(|i| (i * 37) % 100).collect();
        super::permute(&mut items, order.clone());
        assert_eq!(items, order);
    }
}
