//! Checks the short lists: companies, actors, sources and tours.

use std::borrow::Cow;

use super::{Id, Ids, Problems, Ref, Validator};
use crate::data::model::{Actor, ActorType, Company, Source, SourceKind, Text, Tour, TourStep};
use crate::data::problem::Problem;
use crate::data::raw::{RawActor, RawCompany, RawSource, RawTour, Str};
use crate::data::sanitize::{excerpt, trim};

impl Validator {
    /// Position of each id in its list, and whether each item is the first with its id;
    /// reports duplicates and ids with hidden characters.
    fn unique_ids<'a: 'r, 'r>(
        &mut self,
        what: Id<'_>,
        ids: impl ExactSizeIterator<Item = Option<&'r Str<'a>>>,
    ) -> (Ids, Vec<bool>) {
        let mut map = Ids::default();
        map.reserve(ids.len());
        let mut first = Vec::with_capacity(ids.len());
        let mut problems = Problems { problems: &mut self.problems, errors: &mut self.errors };
        for (i, id) in ids.enumerate() {
            first.push(id.is_some_and(|id| Self::define(&mut map, &mut problems, what, i, id)));
        }
        (map, first)
    }

    /// The ids of a list's kept items, from the map of all its ids (see [`Kept`]).
    fn kept_ids(&mut self, what: Ref, ids: Ids, kept: Kept) -> Ids {
        match kept.0 {
            None => ids,
            Some(map) => {
                self.refuse_dropped(what, &ids, &map);
                map
            }
        }
    }

    pub(super) fn companies<'a>(&mut self, raw: Vec<RawCompany<'a>>) {
        let (ids, first) =
            self.unique_ids(Id { kind: "company", list: "companies" }, raw.iter().map(|c| c.id.as_ref()));
        let mut kept = Kept::default();
        for (i, c) in raw.into_iter().enumerate() {
            let obj = || format!("companies[{i}]");
            let item = c.id.as_ref().map(Str::key);
            let id = self.required(c.id.as_ref(), &obj, "id", None);
            let name = self.required(c.name.as_ref(), &obj, "name", item.as_deref());
            if let (Some(id), Some(name)) = (id, name)
                && first[i]
            {
                let name = self.line(name);
                // Four cells at most: a narrow timeline keeps the column aligned.
                let short = c.short.as_deref().map_or_else(|| name.to_string(), super::text);
                let short = Text::from(short.chars().take(4).collect::<String>());
                kept.insert(id, self.companies.len());
                let context = c.context.unwrap_or(false);
                self.companies.push(Company { id: self.keep(Cow::Borrowed(id)), name, short, context });
            } else {
                kept.dropped(self.companies.iter().map(|x| x.id.as_str()));
            }
        }
        self.company_ids = self.kept_ids(Ref::Company, ids, kept);
    }

    pub(super) fn actors<'a>(&mut self, raw: Vec<RawActor<'a>>) {
        let (ids, first) =
            self.unique_ids(Id { kind: "actor", list: "actors" }, raw.iter().map(|a| a.id.as_ref()));
        let mut kept = Kept::default();
        for (i, a) in raw.into_iter().enumerate() {
            let obj = || format!("actors[{i}]");
            let item = a.id.as_ref().map(Str::key);
            let item = item.as_deref();
            let id = self.required(a.id.as_ref(), &obj, "id", None);
            let name = self.required(a.name.as_ref(), &obj, "name", item);
            let kind = a.kind.as_deref().and_then(|kind| {
                let parsed = ActorType::parse(kind);
                if parsed.is_none() {
                    let names: Vec<&str> = ActorType::ALL.iter().map(|t| t.name()).collect();
                    self.error(
                        format!("{}.type", obj()),
                        format!("unknown actor type \"{}\"", excerpt(kind)),
                        item,
                    )
                    .set_hint(format!("one of: {}", names.join(", ")));
                }
                parsed
            });
            if let (Some(id), Some(name)) = (id, name)
                && first[i]
            {
                kept.insert(id, self.actors.len());
                let actor = Actor { id: self.keep(Cow::Borrowed(id)), name: self.line(name), kind };
                self.actors.push(actor);
            } else {
                kept.dropped(self.actors.iter().map(|x| x.id.as_str()));
            }
        }
        self.actor_ids = self.kept_ids(Ref::Actor, ids, kept);
    }

    pub(super) fn sources<'a>(&mut self, raw: Vec<RawSource<'a>>) {
        let (ids, first) =
            self.unique_ids(Id { kind: "source", list: "sources" }, raw.iter().map(|s| s.id.as_ref()));
        let mut kept = Kept::default();
        // Where each kept source came from, for the duplicate-URL warnings below.
        let mut positions = Vec::new();
        for (i, s) in raw.into_iter().enumerate() {
            let obj = || format!("sources[{i}]");
            let item = s.id.as_ref().map(Str::key);
            let item = item.as_deref();
            let id = self.required(s.id.as_ref(), &obj, "id", None);
            let publisher = self.required(s.publisher.as_ref(), &obj, "publisher", item);
            let title = self.required(s.title.as_ref(), &obj, "title", item);
            let url = self.required(s.url.as_ref(), &obj, "url", item);
            if let Some(u) = &url
                && !(u.starts_with("https://") || u.starts_with("http://"))
            {
                self.error(format!("{}.url", obj()), format!("not a web address: \"{}\"", excerpt(u)), item)
                    .set_hint("source URLs start with https:// or http://");
            }
            let published =
                s.published.as_deref().and_then(|d| self.date(d, &|| format!("{}.published", obj()), item));
            if s.published.is_none() {
                self.problems.push(Problem::note(obj(), "source has no `published` date").item(item));
            }
            let kind = match s.kind.as_deref() {
                None => Some(SourceKind::News),
                Some(k) => SourceKind::parse(k).or_else(|| {
                    self.error(
                        format!("{}.kind", obj()),
                        format!("unknown source kind \"{}\"", excerpt(k)),
                        item,
                    )
                    .set_hint("one of: primary, news, secondary, weak");
                    None
                }),
            };
            if let Some(param) = url.and_then(tracking_parameter) {
                self.warn(
                    format!("{}.url", obj()),
                    format!("the URL carries the tracking parameter \"{}\"", excerpt(param)),
                    item,
                )
                .set_hint("cite the address without it: the page is the same");
            }
            if let (Some(id), Some(publisher), Some(title), Some(url), Some(kind)) =
                (id, publisher, title, url, kind)
                && first[i]
            {
                positions.push(i);
                kept.insert(id, self.sources.len());
                let source = Source {
                    id: self.keep(Cow::Borrowed(id)),
                    publisher: self.line(publisher),
                    title: self.line(title),
                    url: self.line(url),
                    published,
                    kind,
                    note: s.note.map(|n| self.line(&n)),
                };
                self.sources.push(source);
            } else {
                kept.dropped(self.sources.iter().map(|x| x.id.as_str()));
            }
        }
        self.duplicate_urls(&positions);
        self.source_ids = self.kept_ids(Ref::Source, ids, kept);
    }

    fn duplicate_urls(&mut self, positions: &[usize]) {
        let mut urls: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut duplicates = Vec::new();
        for (k, src) in self.sources.iter().enumerate() {
            if let Some(&first) = urls.get(src.url.as_str()) {
                duplicates.push((positions[k], src.id.clone(), self.sources[first].id.clone()));
            } else {
                urls.insert(&src.url, k);
            }
        }
        for (i, id, first) in duplicates {
            self.warn(format!("sources[{i}].url"), format!("same URL as source \"{first}\""), Some(&id))
                .set_hint("cite one source record from both events");
        }
    }

    pub(super) fn tours<'a>(
        &mut self,
        raw: Vec<RawTour<'a>>,
        shown: &impl Fn(usize) -> Option<usize>,
    ) -> Vec<Tour> {
        let (_, first) =
            self.unique_ids(Id { kind: "tour", list: "tours" }, raw.iter().map(|t| t.id.as_ref()));
        let mut out = Vec::new();
        for (i, t) in raw.into_iter().enumerate() {
            let obj = || format!("tours[{i}]");
            let item = t.id.as_ref().map(Str::key);
            let item = item.as_deref();
            let id = self.required(t.id.as_ref(), &obj, "id", None);
            let title = self.required(t.title.as_ref(), &obj, "title", item);
            if t.steps.is_empty() {
                self.error(obj(), "tour has no steps", item);
            }
            let mut steps = Vec::new();
            for (si, s) in t.steps.into_iter().enumerate() {
                let sp = || format!("{}.steps[{si}]", obj());
                let Some(ev) = self.required(s.event.as_ref(), &sp, "event", item) else { continue };
                match self.event_ids.get(ev) {
                    // A step whose event has errors of its own: reported already.
                    Some(file) => {
                        if let Some(event) = shown(file) {
                            steps.push(TourStep { event, note: s.note.map(|n| self.prose(&n)) });
                        }
                    }
                    None => {
                        self.error(
                            format!("{}.event", sp()),
                            format!("tour step names unknown event \"{}\"", excerpt(ev)),
                            item,
                        )
                        .set_hint("use the id of an event in this file");
                    }
                }
            }
            if let (Some(id), Some(title)) = (id, title)
                && first[i]
            {
                out.push(Tour {
                    id: self.keep(Cow::Borrowed(id)),
                    title: self.line(title),
                    description: t.description.map(|d| self.prose(&d)),
                    steps,
                });
            }
        }
        out
    }
}

/// The first query parameter of `url` that only tracks who clicked (`utm_source`, `fbclid`…).
fn tracking_parameter(url: &str) -> Option<&str> {
    const EXACT: [&str; 12] = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ocid", "cmpid", "ref_src",
        "s_cid", "_ga",
    ];
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').map(|kv| kv.split('=').next().unwrap_or(kv)).find(|k| {
        let k = k.to_ascii_lowercase();
        k.starts_with("utm_") || EXACT.contains(&k.as_str())
    })
}

/// The ids of the items a list keeps, with their positions among the kept. While every item
/// so far is kept, those positions are the ones [`Validator::unique_ids`] gave, and no second
/// map is built (at a million sources, building it was as much work as the first); it is
/// made at the first item dropped, from the items kept before it.
#[derive(Default)]
struct Kept(Option<Ids>);

impl Kept {
    fn dropped<'k>(&mut self, kept_so_far: impl Iterator<Item = &'k str>) {
        if self.0.is_none() {
            self.0 = Some(kept_so_far.enumerate().map(|(k, id)| (trim(id), k)).collect());
        }
    }

    fn insert(&mut self, id: &str, position: usize) {
        if let Some(map) = &mut self.0 {
            // Kept items are the first with their ids: none is held already.
            map.first(trim(id), position);
        }
    }
}
