//! The top level of a dataset file, read key by key on the parsing thread.
//!
//! Lists are handed to the checking thread as they are read (events in batches), so parsing
//! and checking run on both cores at once and only a few batches of raw events exist at a
//! time. The scalar fields and the tours come back when the whole file is read.

use std::fmt;
use std::sync::mpsc::{Receiver, SyncSender};

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

use smallvec::SmallVec;

use super::Ids;
use crate::data::raw::{Object, RawActor, RawCompany, RawEvent, RawSource, RawTour, Str};
use crate::data::sanitize::trim;

/// The top-level fields other than the lists, which are checked as they are read.
#[derive(Default)]
pub(super) struct Top<'a> {
    pub format: Option<Str<'a>>,
    pub title: Option<Str<'a>>,
    pub description: Option<Str<'a>>,
    pub default_company: Option<Str<'a>>,
    pub start: Option<Str<'a>>,
    pub tours: Vec<RawTour<'a>>,
    /// False when `events` is missing or null.
    pub events_seen: bool,
    pub events_len: usize,
    /// Every event id with the position of its first use.
    pub event_ids: Ids,
}

pub(super) const FIELDS: &[&str] = &[
    "format",
    "title",
    "description",
    "default_company",
    "start",
    "companies",
    "actors",
    "sources",
    "events",
    "tours",
];

/// Events are handed over this many at a time: enough to make the hand-over cheap, few enough
/// that the raw events in flight stay small.
const BATCH: usize = 1024;

/// What the parser hands to the checker, in file order.
pub(super) enum Piece<'a> {
    Companies(Vec<RawCompany<'a>>),
    Actors(Vec<RawActor<'a>>),
    Sources(Vec<RawSource<'a>>),
    /// The next events of the list.
    Events(Vec<RawEvent<'a>>),
}

/// The two ends of the hand-over: pieces go out, emptied event batches come back to be
/// filled again (allocating them on one thread and freeing them on the other made the
/// threads contend for the allocator).
pub(super) struct Pipe<'s, 'a> {
    pub to: &'s SyncSender<Piece<'a>>,
    pub back: &'s Receiver<Vec<RawEvent<'a>>>,
    /// The file's size, to size the id map.
    pub size: usize,
}

/// Reads the whole document from `json`, sending the lists through `pipe` as it goes.
pub(super) fn parse<'a>(json: &'a str, pipe: &Pipe<'_, 'a>) -> Result<Top<'a>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let top = TopSeed { pipe }.deserialize(&mut de)?;
    de.end()?;
    Ok(top)
}

struct TopSeed<'p, 's, 'a> {
    pipe: &'p Pipe<'s, 'a>,
}

fn send<'a, E: Error>(to: &SyncSender<Piece<'a>>, piece: Piece<'a>) -> Result<(), E> {
    to.send(piece).map_err(|_| E::custom(HANGUP))
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_, 'de> {
    type Value = Top<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_, 'de> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let to = self.pipe.to;
        let mut top = Top::default();
        let mut seen = 0u16;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            let Some(field) = FIELDS.iter().position(|f| *f == &*key) else {
                return Err(A::Error::unknown_field(&key, FIELDS));
            };
            if seen & (1 << field) != 0 {
                return Err(A::Error::duplicate_field(FIELDS[field]));
            }
            seen |= 1 << field;
            match FIELDS[field] {
                "format" => top.format = map.next_value()?,
                "title" => top.title = map.next_value()?,
                "description" => top.description = map.next_value()?,
                "default_company" => top.default_company = map.next_value()?,
                "start" => top.start = map.next_value()?,
                "companies" => {
                    send(to, Piece::Companies(records(map.next_value::<Vec<Object<RawCompany<'de>>>>()?)))?;
                }
                "actors" => {
                    send(to, Piece::Actors(records(map.next_value::<Vec<Object<RawActor<'de>>>>()?)))?
                }
                "sources" => {
                    send(to, Piece::Sources(records(map.next_value::<Vec<Object<RawSource<'de>>>>()?)))?
                }
                "events" => {
                    let read =
                        map.next_value_seed(EventsSeed { pipe: self.pipe, ids: &mut top.event_ids })?;
                    top.events_seen = read.is_some();
                    top.events_len = read.unwrap_or(0);
                }
                _ => top.tours = records(map.next_value::<Vec<Object<RawTour<'de>>>>()?),
            }
        }
        Ok(top)
    }
}

/// The records of a list read as JSON objects.
fn records<T>(list: Vec<Object<T>>) -> Vec<T> {
    list.into_iter().map(|o| o.0).collect()
}

/// The `events` value: null, or a list handed over in batches.
struct EventsSeed<'p, 's, 'a> {
    pipe: &'p Pipe<'s, 'a>,
    ids: &'p mut Ids,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_, 'de> {
    /// How many events the list held; `None` for null.
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, '_, 'de> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut events = Events::new(self.pipe, self.ids);
        while let Some(Object(e)) = seq.next_element::<Object<RawEvent<'de>>>()? {
            events.add(e).map_err(|Hangup| S::Error::custom(HANGUP))?;
        }
        events.end().map(Some).map_err(|Hangup| S::Error::custom(HANGUP))
    }
}

/// The checker only hangs up when it has failed itself; the parser then stops too.
pub(super) struct Hangup;

const HANGUP: &str = "the checker stopped";

/// Takes the events as they are read, by serde or by `raw::read`, and hands them over in
/// batches.
pub(super) struct Events<'p, 's, 'a> {
    pipe: &'p Pipe<'s, 'a>,
    ids: &'p mut Ids,
    batch: Vec<RawEvent<'a>>,
    read: usize,
}

impl<'p, 's, 'a> Events<'p, 's, 'a> {
    pub fn new(pipe: &'p Pipe<'s, 'a>, ids: &'p mut Ids) -> Self {
        // Room for the ids of a file of half-kilobyte events, so the map is not rebuilt as it
        // grows (twenty times at a million events).
        ids.reserve(pipe.size / 512);
        Self { pipe, ids, batch: Vec::with_capacity(BATCH), read: 0 }
    }

    pub fn add(&mut self, mut e: RawEvent<'a>) -> Result<(), Hangup> {
        // Ids are registered here, on the parsing thread: the checker then finds duplicates
        // and backward links without a lookup of its own. The event's id and its links'
        // targets are looked up together, so that their waits on memory overlap, and the id
        // is then recorded in a slot already in the cache.
        let mut found: SmallVec<[(usize, Option<usize>); 16]> = SmallVec::new();
        {
            let own = e.id.as_deref().map(trim);
            let named: SmallVec<[(usize, &str); 16]> = own
                .map(|id| (usize::MAX, id))
                .into_iter()
                .chain(e.links.iter().enumerate().filter_map(|(k, l)| Some((k, trim(l.to.as_deref()?)))))
                .collect();
            let names: SmallVec<[&str; 16]> = named.iter().map(|&(_, t)| t).collect();
            self.ids.get_many(&names, |k, target| found.push((named[k].0, target)));
            if let Some(id) = own {
                e.first_use = self.ids.first(id, self.read);
            }
        }
        for (k, target) in found.into_iter().filter(|&(k, _)| k != usize::MAX) {
            e.links[k].target = target;
        }
        self.batch.push(e);
        self.read += 1;
        if self.batch.len() == BATCH {
            let empty = self.pipe.back.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
            let full = std::mem::replace(&mut self.batch, empty);
            self.pipe.to.send(Piece::Events(full)).map_err(|_| Hangup)?;
        }
        Ok(())
    }

    /// Hands over the last batch; how many events the list held.
    pub fn end(self) -> Result<usize, Hangup> {
        if !self.batch.is_empty() {
            self.pipe.to.send(Piece::Events(self.batch)).map_err(|_| Hangup)?;
        }
        Ok(self.read)
    }
}
