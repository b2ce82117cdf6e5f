//! Turns a raw dataset into a validated [`Dataset`], reporting every problem at once.
//!
//! Two stages, like ripgrep's low/high args: `raw` mirrors the file; this module checks ids,
//! references, dates and kinds, sanitizes text, sorts events and resolves references to indices.
//! Problems carry JSON paths; the loader turns them into line and column.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;

use super::date::{PartialDate, Qualifier};
use super::model::{
    Actor, Amount, Company, Dataset, Event, Evidence, Kind, Link, Quote, Related, Relation, Source,
    SourceKind, Tour, TourStep,
};
use super::problem::Problem;
use super::raw::{RawActor, RawCompany, RawDataset, RawEvent, RawSource, RawTour};
use super::sanitize::{clean, excerpt, needs_work};

pub const FORMAT: &str = "ethics-timeline/1";
const ACTOR_TYPES: [&str; 10] = [
    "company",
    "person",
    "employees",
    "agency",
    "military",
    "government",
    "ngo",
    "press",
    "investor",
    "other",
];

/// Validates `raw`. On success also returns warnings (things `check` reports but that do not
/// stop the app). On failure returns every problem found, warnings included.
pub fn validate(raw: RawDataset) -> Result<(Dataset, Vec<Problem>), Vec<Problem>> {
    let mut v = Validator::default();
    let dataset = v.run(raw);
    if v.errors > 0 {
        Err(v.problems)
    } else {
        match dataset {
            Some(d) => Ok((d, v.problems)),
            None => Err(v.problems),
        }
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
    /// Errors among `problems`, counted as they are added (a per-event recount would make
    /// validation quadratic in the number of problems).
    errors: usize,
    /// Companies, actors and sources defined in the file but refused for their own errors:
    /// references to them are not reported again as "unknown".
    refused: HashSet<(&'static str, String)>,
}

/// An event that passed its own checks, its links still pointing at file positions.
struct Pending {
    file_index: usize,
    event: Event,
    links: Vec<(usize, Relation, Option<String>)>,
}

/// A one-line field, sanitized; shared with importers so their text is cleaned the same way.
pub(super) fn text(s: &str) -> String {
    clean(s.trim(), false)
}

/// A multi-paragraph field, sanitized, keeping its line breaks.
pub(super) fn prose(s: &str) -> String {
    clean(s.trim(), true)
}

/// `text` for a string we own: most fields need no change, and then no copy is made.
fn text_owned(s: String) -> String {
    if is_plain(&s) { s } else { text(&s) }
}

/// `prose` for a string we own.
fn prose_owned(s: String) -> String {
    if is_plain(&s) { s } else { prose(&s) }
}

/// True when `s` is already trimmed and holds only printable ASCII: the common case, checked
/// byte by byte so it vectorises.
fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_none_or(|c| *c != b' ')
        && b.last().is_none_or(|c| *c != b' ')
        && b.iter().all(|c| (0x20..0x7F).contains(c))
}

impl Validator {
    fn error(&mut self, path: String, message: impl Into<String>, item: Option<&str>) -> &mut Problem {
        self.errors += 1;
        self.problems.push(Problem::error(path, message).item(item));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    fn warn(&mut self, path: String, message: impl Into<String>, item: Option<&str>) -> &mut Problem {
        self.problems.push(Problem::warning(path, message).item(item));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    /// A required, non-empty string field, trimmed; the string is moved, not copied.
    fn required(
        &mut self,
        value: Option<String>,
        obj: &str,
        field: &str,
        item: Option<&str>,
    ) -> Option<String> {
        match value {
            Some(s) if !s.trim().is_empty() => {
                Some(if s.len() == s.trim().len() { s } else { s.trim().to_string() })
            }
            Some(_) => {
                self.error(format!("{obj}.{field}"), format!("`{field}` is empty"), item);
                None
            }
            None => {
                self.error(obj.to_string(), format!("missing field `{field}`"), item);
                None
            }
        }
    }

    /// A date; `path` is only built when there is something to report.
    fn date(
        &mut self,
        value: &str,
        path: impl FnOnce() -> String,
        item: Option<&str>,
    ) -> Option<PartialDate> {
        match PartialDate::parse(value) {
            Ok(d) => Some(d),
            Err(e) => {
                let hint = "dates are YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2018-06-19";
                self.error(path(), format!("invalid date \"{}\": {e}", excerpt(value)), item).set_hint(hint);
                None
            }
        }
    }

    /// Position of each id in its list; reports duplicates and ids with hidden characters.
    fn unique_ids<'a>(
        &mut self,
        kind: &str,
        list: &str,
        ids: impl Iterator<Item = Option<&'a String>>,
    ) -> HashMap<String, usize> {
        let mut map = HashMap::default();
        for (i, id) in ids.enumerate() {
            // Keyed as `required` reads ids, so " acme" is "acme" everywhere.
            let Some(id) = id.map(|s| s.trim()) else { continue };
            if id.chars().any(needs_work) {
                self.error(
                    format!("{list}[{i}].id"),
                    format!("{kind} id \"{}\" holds a control or invisible character", excerpt(id)),
                    None,
                )
                .set_hint("an id is plain text, e.g. ms-2018-06-19-employee-letter");
            }
            match map.get(id) {
                Some(&first) => {
                    self.error(
                        format!("{list}[{i}].id"),
                        format!("duplicate {kind} id (first used at {list}[{first}])"),
                        Some(id),
                    )
                    .set_hint(format!("every {kind} needs its own id"));
                }
                None => {
                    map.insert(id.to_string(), i);
                }
            }
        }
        map
    }

    fn run(&mut self, raw: RawDataset) -> Option<Dataset> {
        let RawDataset {
            format,
            title,
            description,
            default_company,
            start,
            companies,
            actors,
            sources,
            events: raw_events,
            tours: raw_tours,
        } = raw;
        match format.as_deref() {
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
        let title = self.required(title, "", "title", None).map(text_owned);
        let description = description.map(prose_owned).unwrap_or_default();

        let companies = self.companies(companies);
        let company_ids: HashMap<String, usize> =
            companies.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let actors = self.actors(actors);
        let actor_ids: HashMap<String, usize> =
            actors.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let sources = self.sources(sources);
        let source_ids: HashMap<String, usize> =
            sources.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();

        let default_company = match default_company.as_deref() {
            Some(id) => self.reference(&company_ids, "company", id, || "default_company".into(), None),
            None => (!companies.is_empty()).then_some(0),
        };
        if companies.is_empty() {
            self.error("companies".into(), "no companies defined", None)
                .set_hint("add \"companies\": [{\"id\": \"microsoft\", \"name\": \"Microsoft\"}]");
        }

        let Some(raw_events) = raw_events else {
            self.error(String::new(), "missing field `events`", None);
            return None;
        };
        if raw_events.is_empty() {
            self.error("events".into(), "the dataset has no events", None);
        }
        let event_ids = self.unique_ids("event", "events", raw_events.iter().map(|e| e.id.as_ref()));
        let refs =
            Refs { companies: &company_ids, actors: &actor_ids, sources: &source_ids, events: &event_ids };
        let n = raw_events.len();
        let mut pending: Vec<Pending> =
            raw_events.into_iter().enumerate().filter_map(|(i, e)| self.event(i, e, &refs)).collect();
        self.source_warnings(&sources, &pending);

        // Stable sort: same date keeps file order.
        pending.sort_by_key(|p| p.event.date.sort_key());
        // File position → display position, for links, tour steps and `start`.
        let mut order = vec![usize::MAX; n];
        for (i, p) in pending.iter().enumerate() {
            order[p.file_index] = i;
        }
        let shown = |file: usize| order.get(file).copied().filter(|&o| o != usize::MAX);
        let tours = self.tours(raw_tours, &event_ids, &shown);
        let start = start.as_deref().and_then(|id| {
            // An event with errors of its own is in `event_ids` but not shown: reported already.
            let Some(&file) = event_ids.get(id) else {
                self.error("start".into(), format!("unknown event \"{}\"", excerpt(id)), None)
                    .set_hint("\"start\" names the event the app opens on");
                return None;
            };
            shown(file)
        });
        let mut events: Vec<Event> = Vec::with_capacity(pending.len());
        for p in pending {
            let mut e = p.event;
            // Targets that failed their own checks are already reported as errors.
            e.links = p
                .links
                .into_iter()
                .filter_map(|(to, relation, note)| shown(to).map(|t| Link { to: t, relation, note }))
                .collect();
            events.push(e);
        }
        let related = related_index(&events);
        let title = title?;
        let default_company = default_company?;
        Some(Dataset {
            title,
            description,
            default_company,
            start,
            companies,
            actors,
            sources,
            events,
            tours,
            related,
        })
    }

    fn companies(&mut self, raw: Vec<RawCompany>) -> Vec<Company> {
        let ids = self.unique_ids("company", "companies", raw.iter().map(|c| c.id.as_ref()));
        let mut out = Vec::new();
        for (i, c) in raw.into_iter().enumerate() {
            let obj = format!("companies[{i}]");
            let item = c.id.clone();
            let id = self.required(c.id, &obj, "id", None);
            let name = self.required(c.name, &obj, "name", item.as_deref());
            if let (Some(id), Some(name)) = (id, name)
                && ids.get(&id) == Some(&i)
            {
                let name = text_owned(name);
                // Four cells at most: a narrow timeline keeps the column aligned.
                let short = c.short.as_deref().map_or_else(|| name.clone(), text).chars().take(4).collect();
                out.push(Company { id, name, short });
            }
        }
        self.refuse_dropped("company", &ids, out.iter().map(|c| c.id.as_str()));
        out
    }

    fn actors(&mut self, raw: Vec<RawActor>) -> Vec<Actor> {
        let ids = self.unique_ids("actor", "actors", raw.iter().map(|a| a.id.as_ref()));
        let mut out = Vec::new();
        for (i, a) in raw.into_iter().enumerate() {
            let obj = format!("actors[{i}]");
            let item = a.id.clone();
            let id = self.required(a.id, &obj, "id", None);
            let name = self.required(a.name, &obj, "name", item.as_deref());
            if let Some(kind) = a.kind.as_deref()
                && !ACTOR_TYPES.contains(&kind)
            {
                self.error(
                    format!("{obj}.type"),
                    format!("unknown actor type \"{}\"", excerpt(kind)),
                    item.as_deref(),
                )
                .set_hint(format!("one of: {}", ACTOR_TYPES.join(", ")));
            }
            if let (Some(id), Some(name)) = (id, name)
                && ids.get(&id) == Some(&i)
            {
                out.push(Actor { id, name: text_owned(name), kind: a.kind });
            }
        }
        self.refuse_dropped("actor", &ids, out.iter().map(|a| a.id.as_str()));
        out
    }

    fn sources(&mut self, raw: Vec<RawSource>) -> Vec<Source> {
        let ids = self.unique_ids("source", "sources", raw.iter().map(|s| s.id.as_ref()));
        let mut out = Vec::new();
        // Where each kept source came from, for the duplicate-URL warnings below.
        let mut positions = Vec::new();
        for (i, s) in raw.into_iter().enumerate() {
            let obj = format!("sources[{i}]");
            let item_owned = s.id.clone();
            let item = item_owned.as_deref();
            let id = self.required(s.id, &obj, "id", None);
            let publisher = self.required(s.publisher, &obj, "publisher", item);
            let title = self.required(s.title, &obj, "title", item);
            let url = self.required(s.url, &obj, "url", item);
            if let Some(u) = &url
                && !(u.starts_with("https://") || u.starts_with("http://"))
            {
                self.error(format!("{obj}.url"), format!("not a web address: \"{}\"", excerpt(u)), item)
                    .set_hint("source URLs start with https:// or http://");
            }
            let published =
                s.published.as_deref().and_then(|d| self.date(d, || format!("{obj}.published"), item));
            if s.published.is_none() {
                self.problems.push(Problem::note(obj.clone(), "source has no `published` date").item(item));
            }
            let kind = match s.kind.as_deref() {
                None => Some(SourceKind::News),
                Some(k) => SourceKind::parse(k).or_else(|| {
                    self.error(
                        format!("{obj}.kind"),
                        format!("unknown source kind \"{}\"", excerpt(k)),
                        item,
                    )
                    .set_hint("one of: primary, news, secondary, weak");
                    None
                }),
            };
            if let (Some(id), Some(publisher), Some(title), Some(url), Some(kind)) =
                (id, publisher, title, url, kind)
                && ids.get(&id) == Some(&i)
            {
                positions.push(i);
                out.push(Source {
                    id,
                    publisher: text_owned(publisher),
                    title: text_owned(title),
                    url: text_owned(url),
                    published,
                    kind,
                    note: s.note.map(text_owned),
                });
            }
        }
        let mut urls: HashMap<&str, usize> = HashMap::default();
        let mut duplicates = Vec::new();
        for (k, src) in out.iter().enumerate() {
            if let Some(&first) = urls.get(src.url.as_str()) {
                duplicates.push((positions[k], src.id.clone(), out[first].id.clone()));
            } else {
                urls.insert(&src.url, k);
            }
        }
        for (i, id, first) in duplicates {
            self.warn(format!("sources[{i}].url"), format!("same URL as source \"{first}\""), Some(&id))
                .set_hint("cite one source record from both events");
        }
        self.refuse_dropped("source", &ids, out.iter().map(|s| s.id.as_str()));
        out
    }

    /// Remembers the ids that were defined but not kept, so references to them stay quiet.
    fn refuse_dropped<'a>(
        &mut self,
        what: &'static str,
        ids: &HashMap<String, usize>,
        kept: impl Iterator<Item = &'a str>,
    ) {
        let kept: HashSet<&str> = kept.collect();
        if kept.len() == ids.len() {
            return;
        }
        self.refused.extend(ids.keys().filter(|id| !kept.contains(id.as_str())).map(|id| (what, id.clone())));
    }

    fn source_warnings(&mut self, sources: &[Source], pending: &[Pending]) {
        for p in pending {
            let e = &p.event;
            if e.sources.is_empty() || !e.sources.iter().all(|&s| sources[s].kind == SourceKind::Weak) {
                continue;
            }
            let path = format!("events[{}].sources", p.file_index);
            if e.evidence == Evidence::Unverified {
                self.warn(path, "only weak sources (marked unverified)", Some(&e.id))
                    .set_hint("find a stronger source before stating it as fact");
            } else {
                self.warn(
                    path,
                    format!("only weak sources, but evidence is \"{}\"", e.evidence.name()),
                    Some(&e.id),
                )
                .set_hint("mark it \"unverified\" or cite a stronger source");
            }
        }
    }

    /// Looks `id` up; an unknown one is reported at `path` (built only then).
    fn reference(
        &mut self,
        map: &HashMap<String, usize>,
        what: &'static str,
        id: &str,
        path: impl FnOnce() -> String,
        item: Option<&str>,
    ) -> Option<usize> {
        let found = map.get(id).copied();
        // A definition with errors of its own was reported already.
        if found.is_none() && !self.refused.contains(&(what, id.to_string())) {
            let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
            known.sort_unstable();
            let whats = if what == "company" { "companies".to_string() } else { format!("{what}s") };
            let hint = if known.is_empty() {
                format!("no {whats} are defined")
            } else {
                format!("{whats} defined: {}", list_ids(known.into_iter()))
            };
            self.error(path(), format!("unknown {what} \"{}\"", excerpt(id)), item).set_hint(hint);
        }
        found
    }

    fn event(&mut self, i: usize, e: RawEvent, refs: &Refs<'_>) -> Option<Pending> {
        let obj = format!("events[{i}]");
        let RawEvent {
            id,
            date,
            date_qualifier,
            end_date,
            company,
            actor,
            counterparty,
            kind,
            title,
            summary,
            quote,
            amount,
            evidence,
            sources: raw_sources,
            tags,
            links: raw_links,
            questions,
        } = e;
        let item_owned = id.as_ref().map(|s| s.trim().to_string());
        let item = item_owned.as_deref();
        let before = self.errors;
        let id = self.required(id, &obj, "id", None);
        let date = self
            .required(date, &obj, "date", item)
            .and_then(|d| self.date(&d, || format!("{obj}.date"), item));
        let qualifier = date_qualifier.as_deref().and_then(|q| {
            Qualifier::parse(q).or_else(|| {
                self.error(
                    format!("{obj}.date_qualifier"),
                    format!("unknown date qualifier \"{}\"", excerpt(q)),
                    item,
                )
                .set_hint("one of: circa, before, after");
                None
            })
        });
        let end_date = end_date.as_deref().and_then(|d| self.date(d, || format!("{obj}.end_date"), item));
        if let (Some(start), Some(end)) = (date, end_date)
            && end < start
        {
            self.error(
                format!("{obj}.end_date"),
                format!("end date {} is before the start date {}", end.short(), start.short()),
                item,
            );
        }
        let company = self
            .required(company, &obj, "company", item)
            .and_then(|c| self.reference(refs.companies, "company", &c, || format!("{obj}.company"), item));
        let actor = actor
            .as_deref()
            .and_then(|a| self.reference(refs.actors, "actor", a, || format!("{obj}.actor"), item));
        let counterparty = counterparty
            .as_deref()
            .and_then(|a| self.reference(refs.actors, "actor", a, || format!("{obj}.counterparty"), item));
        let kind = self.required(kind, &obj, "kind", item).and_then(|k| {
            Kind::parse(&k).or_else(|| {
                self.error(format!("{obj}.kind"), format!("unknown kind \"{}\"", excerpt(&k)), item)
                    .set_hint("one of: statement, policy, governance, contract, activism, reporting");
                None
            })
        });
        let title = self.required(title, &obj, "title", item);
        let summary = self.required(summary, &obj, "summary", item);
        let evidence = self.required(evidence, &obj, "evidence", item).and_then(|ev| {
            Evidence::parse(&ev).or_else(|| {
                self.error(
                    format!("{obj}.evidence"),
                    format!("unknown evidence level \"{}\"", excerpt(&ev)),
                    item,
                )
                .set_hint("one of: confirmed, reported, disputed, unverified");
                None
            })
        });
        if raw_sources.is_empty() {
            self.error(obj.clone(), "no sources: every event cites at least one", item)
                .set_hint("add \"sources\": [\"src-...\"] naming a source defined under \"sources\"");
        }
        let sources: Vec<usize> = raw_sources
            .iter()
            .enumerate()
            .filter_map(|(si, s)| {
                self.reference(refs.sources, "source", s, || format!("{obj}.sources[{si}]"), item)
            })
            .collect();
        let quote = quote.and_then(|q| {
            let qp = format!("{obj}.quote");
            let text_ = self.required(q.text, &qp, "text", item);
            let by = self.required(q.by, &qp, "by", item);
            let source = self
                .required(q.source, &qp, "source", item)
                .and_then(|s| self.reference(refs.sources, "source", &s, || format!("{qp}.source"), item));
            if let Some(s) = source
                && !sources.contains(&s)
            {
                self.warn(
                    format!("{qp}.source"),
                    "the quote's source is not among the event's sources",
                    item,
                )
                .set_hint("add it to the event's \"sources\" too");
            }
            Some(Quote { text: prose_owned(text_?), by: text_owned(by?), source: source? })
        });
        let amount = amount.and_then(|a| {
            let ap = format!("{obj}.amount");
            let value = match a.value {
                Some(v) if v.is_finite() && v >= 0.0 => Some(v),
                Some(_) => {
                    self.error(format!("{ap}.value"), "amount must be a non-negative number", item);
                    None
                }
                None => {
                    self.error(ap.clone(), "missing field `value`", item);
                    None
                }
            };
            let currency = self.required(a.currency, &ap, "currency", item);
            if let Some(c) = &currency
                && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
            {
                self.error(
                    format!("{ap}.currency"),
                    format!("currency \"{}\" is not an ISO 4217 code", excerpt(c)),
                    item,
                )
                .set_hint("three capital letters, e.g. USD, EUR, ILS");
            }
            Some(Amount { value: value?, currency: currency?, note: a.note.map(text_owned) })
        });
        let mut links = Vec::with_capacity(raw_links.len());
        for (li, l) in raw_links.into_iter().enumerate() {
            let lp = || format!("{obj}.links[{li}]");
            let to = self.required(l.to, &lp(), "to", item);
            let relation = self.required(l.relation, &lp(), "relation", item).and_then(|r| {
                Relation::parse(&r).or_else(|| {
                    self.error(
                        format!("{}.relation", lp()),
                        format!("unknown relation \"{}\"", excerpt(&r)),
                        item,
                    )
                    .set_hint("one of: contradicts, responds-to, follows-from, consistent-with");
                    None
                })
            });
            let mut target = None;
            if let Some(t) = &to {
                if Some(t) == id.as_ref() {
                    self.error(format!("{}.to", lp()), "an event cannot link to itself", item);
                    continue;
                }
                target = self.reference(refs.events, "event", t, || format!("{}.to", lp()), item);
            }
            if l.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                self.warn(lp(), "link has no note", item)
                    .set_hint("say in one line how the two events bear on each other");
            }
            if let (Some(to), Some(relation)) = (target, relation) {
                links.push((to, relation, l.note.map(text_owned)));
            }
        }
        if self.errors > before {
            return None;
        }
        let event = Event {
            id: id?,
            date: date?,
            qualifier,
            end_date,
            company: company?,
            actor,
            counterparty,
            kind: kind?,
            title: text_owned(title?),
            summary: prose_owned(summary?),
            quote,
            amount,
            evidence: evidence?,
            sources,
            tags: tags.into_iter().map(text_owned).collect(),
            links: Vec::new(),
            questions: questions.into_iter().map(prose_owned).collect(),
        };
        Some(Pending { file_index: i, event, links })
    }

    fn tours(
        &mut self,
        raw: Vec<RawTour>,
        event_ids: &HashMap<String, usize>,
        shown: &impl Fn(usize) -> Option<usize>,
    ) -> Vec<Tour> {
        let ids = self.unique_ids("tour", "tours", raw.iter().map(|t| t.id.as_ref()));
        let mut out = Vec::new();
        for (i, t) in raw.into_iter().enumerate() {
            let obj = format!("tours[{i}]");
            let item_owned = t.id.clone();
            let item = item_owned.as_deref();
            let id = self.required(t.id, &obj, "id", None);
            let title = self.required(t.title, &obj, "title", item);
            if t.steps.is_empty() {
                self.error(obj.clone(), "tour has no steps", item);
            }
            let mut steps = Vec::new();
            for (si, s) in t.steps.into_iter().enumerate() {
                let sp = format!("{obj}.steps[{si}]");
                let Some(ev) = self.required(s.event, &sp, "event", item) else { continue };
                match event_ids.get(&ev) {
                    // A step whose event has errors of its own: reported already.
                    Some(&file) => {
                        if let Some(event) = shown(file) {
                            steps.push(TourStep { event, note: s.note.map(prose_owned) });
                        }
                    }
                    None => {
                        self.error(
                            format!("{sp}.event"),
                            format!("tour step names unknown event \"{}\"", excerpt(&ev)),
                            item,
                        )
                        .set_hint("use the id of an event in this file");
                    }
                }
            }
            if let (Some(id), Some(title)) = (id, title)
                && ids.get(&id) == Some(&i)
            {
                out.push(Tour {
                    id,
                    title: text_owned(title),
                    description: t.description.map(prose_owned),
                    steps,
                });
            }
        }
        out
    }
}

struct Refs<'a> {
    companies: &'a HashMap<String, usize>,
    actors: &'a HashMap<String, usize>,
    sources: &'a HashMap<String, usize>,
    events: &'a HashMap<String, usize>,
}

/// At most a handful of ids, so hints stay one line even for big files.
fn list_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = ids.collect();
    let shown: Vec<&str> = all.iter().take(8).copied().collect();
    let mut s = shown.join(", ");
    if all.len() > shown.len() {
        s.push_str(&format!(", … ({} in all)", all.len()));
    }
    s
}

/// Every link from both ends, so the details and the comparison can show incoming links too.
/// Importers call it too, so every dataset gets the same index.
pub(super) fn related_index(events: &[Event]) -> Vec<Vec<Related>> {
    let mut related: Vec<Vec<Related>> = vec![Vec::new(); events.len()];
    for (from, e) in events.iter().enumerate() {
        for (li, l) in e.links.iter().enumerate() {
            related[from].push(Related {
                event: l.to,
                relation: l.relation,
                incoming: false,
                owner: from,
                link: li,
            });
            // A pair linked from both ends is listed once on each side: the other end lists its
            // own link. An event's links are few, so looking is cheaper than a set of pairs.
            if !events[l.to].links.iter().any(|back| back.to == from) {
                related[l.to].push(Related {
                    event: from,
                    relation: l.relation,
                    incoming: true,
                    owner: from,
                    link: li,
                });
            }
        }
    }
    for r in &mut related {
        r.sort_by_key(|x| events[x.event].date.sort_key());
    }
    related
}
