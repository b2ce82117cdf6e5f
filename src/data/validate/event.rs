//! Checks one event as the parser hands it over. Its links are checked once every event is
//! known, since a link may point to an event further down the file.

use std::borrow::Cow;

use compact_str::CompactString;
use smallvec::SmallVec;

use super::claims::{SourceFacts, names_money};
use super::{Id, Problems, Ref, Validator, key};
use crate::data::date::Qualifier;
use crate::data::model::{Amount, Event, Evidence, Kind, Link, Quote, Relation};
use crate::data::raw::{RawEvent, Str};
use crate::data::sanitize::excerpt;

/// A link's target, to look up when all event ids are known. Forty bytes: a file whose
/// links go both ways has millions of these. (Positions fit in `u32`: 2^32 events would be
/// a terabyte as `Event`s, and the loader refuses files over 1 GiB.)
pub(super) struct LinkCheck {
    /// The event's position in the file, and the link's in the event.
    pub file: u32,
    pub link: u32,
    pub to: CompactString,
    /// Where the link is in the event's kept links; `None` when it has problems of its own
    /// and is not kept.
    pub slot: Option<u32>,
}

impl Validator {
    pub(super) fn event(&mut self, i: usize, e: &RawEvent<'_>) {
        let obj = || format!("events[{i}]");
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
            award,
            evidence,
            sources: raw_sources,
            tags,
            links: raw_links,
            questions,
            first_use,
        } = e;
        let name = id.as_ref().map(Str::key);
        let item = name.as_deref();
        let before = self.errors;
        // The parser registered the id (see `top`); it says when the id was taken already.
        if let Some(name) = &name {
            let what = Id { kind: "event", list: "events" };
            let mut problems = Problems { problems: &mut self.problems, errors: &mut self.errors };
            Self::plain_id(&mut problems, what, i, name);
            if let Some(&first) = first_use.as_ref() {
                Self::duplicate(&mut problems, what, i, first, name);
            }
        }
        let id = self.required(id.as_ref(), &obj, "id", None);
        let date = self
            .required(date.as_ref(), &obj, "date", item)
            .and_then(|d| self.date(d, &|| format!("{}.date", obj()), item));
        let qualifier = date_qualifier.as_deref().and_then(|q| {
            Qualifier::parse(q).or_else(|| {
                self.error(
                    format!("{}.date_qualifier", obj()),
                    format!("unknown date qualifier \"{}\"", excerpt(q)),
                    item,
                )
                .set_hint("one of: circa, before, after");
                None
            })
        });
        let end_date =
            end_date.as_deref().and_then(|d| self.date(d, &|| format!("{}.end_date", obj()), item));
        if let (Some(start), Some(end)) = (date, end_date)
            && end < start
        {
            self.error(
                format!("{}.end_date", obj()),
                format!("end date {} is before the start date {}", end.short(), start.short()),
                item,
            );
        }
        let company = self
            .required(company.as_ref(), &obj, "company", item)
            .and_then(|c| self.reference(Ref::Company, c, &|| format!("{}.company", obj()), item));
        let actor = actor
            .as_deref()
            .and_then(|a| self.reference(Ref::Actor, a, &|| format!("{}.actor", obj()), item));
        let counterparty = counterparty
            .as_deref()
            .and_then(|a| self.reference(Ref::Actor, a, &|| format!("{}.counterparty", obj()), item));
        let kind = self.required(kind.as_ref(), &obj, "kind", item).and_then(|k| {
            Kind::parse(k).or_else(|| {
                self.error(format!("{}.kind", obj()), format!("unknown kind \"{}\"", excerpt(k)), item)
                    .set_hint("one of: statement, policy, governance, contract, activism, reporting");
                None
            })
        });
        let title = self.required(title.as_ref(), &obj, "title", item);
        let summary = self.required(summary.as_ref(), &obj, "summary", item);
        let evidence = self.required(evidence.as_ref(), &obj, "evidence", item).and_then(|ev| {
            Evidence::parse(ev).or_else(|| {
                self.error(
                    format!("{}.evidence", obj()),
                    format!("unknown evidence level \"{}\"", excerpt(ev)),
                    item,
                )
                .set_hint("one of: confirmed, reported, disputed, unverified");
                None
            })
        });
        if raw_sources.is_empty() {
            self.error(obj(), "no sources: every event cites at least one", item)
                .set_hint("add \"sources\": [\"src-...\"] naming a source defined under \"sources\"");
        }
        // Looked up together: a list of a million sources waits on memory for each.
        let mut sources = SmallVec::<[usize; 3]>::new();
        let names: SmallVec<[&str; 4]> = raw_sources.iter().map(|s| s.as_ref()).collect();
        let mut found = SmallVec::<[Option<usize>; 4]>::new();
        self.source_ids.get_many(&names, |_, s| found.push(s));
        for (si, (s, found)) in names.iter().zip(found).enumerate() {
            match found {
                Some(s) => sources.push(s),
                None => self.unknown(Ref::Source, s, &|| format!("{}.sources[{si}]", obj()), item),
            }
        }
        let quote = quote.as_ref().and_then(|q| {
            let qp = || format!("{}.quote", obj());
            let text = self.required(q.text.as_ref(), &qp, "text", item);
            let by = self.required(q.by.as_ref(), &qp, "by", item);
            let source = self
                .required(q.source.as_ref(), &qp, "source", item)
                .and_then(|s| self.reference(Ref::Source, s, &|| format!("{}.source", qp()), item));
            if let Some(s) = source
                && !sources.contains(&s)
            {
                self.warn(
                    format!("{}.source", qp()),
                    "the quote's source is not among the event's sources",
                    item,
                )
                .set_hint("add it to the event's \"sources\" too");
            }
            Some(Box::new(Quote { text: self.prose(text?), by: self.line(by?), source: source? }))
        });
        let amount = amount.as_ref().and_then(|a| {
            let ap = || format!("{}.amount", obj());
            let value = match a.value {
                Some(v) if v.is_finite() && v >= 0.0 => Some(v),
                Some(_) => {
                    self.error(format!("{}.value", ap()), "amount must be a non-negative number", item);
                    None
                }
                None => {
                    self.error(ap(), "missing field `value`", item);
                    None
                }
            };
            let currency = self.required(a.currency.as_ref(), &ap, "currency", item);
            if let Some(c) = &currency
                && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
            {
                self.error(
                    format!("{}.currency", ap()),
                    format!("currency \"{}\" is not an ISO 4217 code", excerpt(c)),
                    item,
                )
                .set_hint("three capital letters, e.g. USD, EUR, ILS");
            }
            let note = a.note.as_deref().map(|n| self.line(n));
            Some(Box::new(Amount { value: value?, currency: self.line(currency?), note }))
        });
        let award = award.as_ref().and_then(|a| self.award(a, &obj, kind, item));
        // Sized once: pushing ten links one by one grew it four times.
        let mut links = SmallVec::<[Link; 1]>::with_capacity(raw_links.len());
        for (li, l) in raw_links.iter().enumerate() {
            let lp = || format!("{}.links[{li}]", obj());
            let to = self.required(l.to.as_ref(), &lp, "to", item);
            let relation = self.required(l.relation.as_ref(), &lp, "relation", item).and_then(|r| {
                Relation::parse(r).or_else(|| {
                    self.error(
                        format!("{}.relation", lp()),
                        format!("unknown relation \"{}\"", excerpt(r)),
                        item,
                    )
                    .set_hint("one of: contradicts, responds-to, follows-from, consistent-with");
                    None
                })
            });
            // A link to an event already read (most point back in time) was resolved by the
            // parser; one pointing further down the file waits for `resolve_links`.
            let mut target = UNKNOWN;
            if let Some(t) = &to {
                if Some(*t) == id {
                    self.error(format!("{}.to", lp()), "an event cannot link to itself", item);
                    continue;
                }
                match l.target {
                    Some(file) => target = file as u32,
                    None => {
                        let slot = relation.is_some().then_some(links.len() as u32);
                        let (file, link) = (i as u32, li as u32);
                        self.link_checks.push(LinkCheck { file, link, to: key(t), slot });
                    }
                }
            }
            if l.note.as_deref().is_none_or(|n| crate::data::sanitize::trim(n).is_empty()) {
                self.warn(lp(), "link has no note", item)
                    .set_hint("say in one line how the two events bear on each other");
            }
            if let (Some(_), Some(relation)) = (&to, relation) {
                links.push(Link { to: target, relation, note: l.note.as_deref().map(|n| self.line(n)) });
            }
        }
        if self.errors > before {
            if !links.is_empty() {
                self.failed_items.insert(i, item.unwrap_or_default().to_string());
            }
            return;
        }
        let (Some(id), Some(date), Some(company), Some(kind), Some(title), Some(summary), Some(evidence)) =
            (id, date, company, kind, title, summary, evidence)
        else {
            return;
        };
        let event = Event {
            id: self.keep(Cow::Borrowed(id)),
            date,
            qualifier,
            end_date,
            company,
            actor,
            counterparty,
            kind,
            title: self.line(title),
            summary: self.prose(summary),
            quote,
            amount,
            award,
            evidence,
            sources,
            tags: tags.iter().map(|t| self.line(t)).collect(),
            links,
            questions: questions.iter().map(|q| self.prose(q)).collect(),
        };
        let p = self.pending.len();
        self.money_notes.extend(
            event
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.note.as_deref().is_some_and(names_money))
                .map(|(k, _)| (p, k)),
        );
        self.pending.push(event);
        self.pending_files.push(i);
    }

    /// Looks up the targets of links that pointed further down the file; kept links get the
    /// target's file position.
    pub(super) fn resolve_links(&mut self) {
        let checks = std::mem::take(&mut self.link_checks);
        let targets = look_up(&self.event_ids, &checks);
        let mut pending = std::mem::take(&mut self.pending);
        let files = std::mem::take(&mut self.pending_files);
        let mut p = 0;
        for (c, target) in checks.into_iter().zip(targets) {
            let file = c.file as usize;
            while p < files.len() && files[p] < file {
                p += 1;
            }
            let here = files.get(p) == Some(&file);
            if target == UNKNOWN {
                // Named only here: reading an event's id reads the file where it lies.
                let item: Option<Cow<'_, str>> = if here {
                    Some(Cow::Borrowed(&pending[p].id))
                } else {
                    self.failed_items.get(&file).cloned().map(Cow::Owned)
                };
                let path = || format!("events[{}].links[{}].to", c.file, c.link);
                self.unknown(Ref::Event, &c.to, &path, item.as_deref());
            }
            if let (true, Some(slot)) = (here, c.slot)
                && let Some(l) = pending[p].links.get_mut(slot as usize)
            {
                l.to = target;
            }
        }
        self.pending = pending;
        self.pending_files = files;
    }

    /// Events whose only sources are weak: `check` says so.
    pub(super) fn source_warnings(&mut self, facts: &[SourceFacts]) {
        let mut found = Vec::new();
        for (file, e) in self.pending_files.iter().zip(&self.pending) {
            if e.sources.is_empty() || !e.sources.iter().all(|&s| facts[s].weak) {
                continue;
            }
            found.push((*file, e.id.clone(), e.evidence));
        }
        for (file, id, evidence) in found {
            let path = format!("events[{file}].sources");
            if evidence == Evidence::Unverified {
                self.warn(path, "only weak sources (marked unverified)", Some(&id))
                    .set_hint("find a stronger source before stating it as fact");
            } else {
                self.warn(
                    path,
                    format!("only weak sources, but evidence is \"{}\"", evidence.name()),
                    Some(&id),
                )
                .set_hint("mark it \"unverified\" or cite a stronger source");
            }
        }
    }
}

/// A link target not (yet) known: what [`look_up`] gives for an id no event has, and what a
/// kept link holds until then (`finish` drops links still holding it).
const UNKNOWN: u32 = u32::MAX;

/// The file position of each check's target, or [`UNKNOWN`]. At a million events the id map
/// is far bigger than the cache and each lookup waits on memory: looked up in batches
/// ([`super::Ids::get_many`]) and split across both cores, the waits overlap.
fn look_up(ids: &super::Ids, checks: &[LinkCheck]) -> Vec<u32> {
    let some = |checks: &[LinkCheck]| {
        let mut targets = vec![UNKNOWN; checks.len()];
        for (checks, targets) in checks.chunks(64).zip(targets.chunks_mut(64)) {
            let names: SmallVec<[&str; 64]> = checks.iter().map(|c| c.to.as_str()).collect();
            ids.get_many(&names, |k, found| targets[k] = found.map_or(UNKNOWN, |i| i as u32));
        }
        targets
    };
    // A thread costs more than a few thousand lookups.
    if checks.len() < 1 << 14 {
        return some(checks);
    }
    let (first, second) = checks.split_at(checks.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| some(second));
        let mut targets = some(first);
        targets.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        targets
    })
}
