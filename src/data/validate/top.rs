//! The top level of a dataset file, read key by key.
//!
//! When the companies, actors and sources come before the events (as in every file we write),
//! each event is checked the moment the parser has read it and only the checked event is kept.
//! Otherwise the raw events are kept until the file is read, then checked: the same checks,
//! more memory.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::de::StrRead;

use super::Validator;
use crate::data::raw::{Object, RawActor, RawCompany, RawEvent, RawSource, RawTour, Str};

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
}

const FIELDS: &[&str] = &[
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

/// Reads the whole document from `de`, feeding `v` as it goes.
pub(super) fn parse<'a>(
    de: &mut serde_json::Deserializer<StrRead<'a>>,
    v: &mut Validator<'a>,
) -> Result<Top<'a>, serde_json::Error> {
    TopSeed { v }.deserialize(de)
}

struct TopSeed<'v, 'a> {
    v: &'v mut Validator<'a>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = Top<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let v = self.v;
        let mut top = Top::default();
        let mut seen = 0u16;
        let mut deferred = None;
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
                "companies" => v.companies(unwrap(map.next_value::<Vec<Object<RawCompany<'de>>>>()?)),
                "actors" => v.actors(unwrap(map.next_value::<Vec<Object<RawActor<'de>>>>()?)),
                "sources" => v.sources(unwrap(map.next_value::<Vec<Object<RawSource<'de>>>>()?)),
                "events" => {
                    let lists = [5, 6, 7].iter().all(|f| seen & (1 << f) != 0);
                    let read = map.next_value_seed(EventsSeed { v, now: lists, deferred: &mut deferred })?;
                    top.events_seen = read.is_some();
                    top.events_len = read.unwrap_or(0);
                }
                _ => top.tours = unwrap(map.next_value::<Vec<Object<RawTour<'de>>>>()?),
            }
        }
        for (i, e) in deferred.unwrap_or_default().into_iter().enumerate() {
            v.event(i, e);
        }
        Ok(top)
    }
}

fn unwrap<T>(list: Vec<Object<T>>) -> Vec<T> {
    list.into_iter().map(|o| o.0).collect()
}

/// The `events` value: null, or a list whose records are checked `now` or kept in `deferred`.
struct EventsSeed<'v, 'a> {
    v: &'v mut Validator<'a>,
    now: bool,
    deferred: &'v mut Option<Vec<RawEvent<'a>>>,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, 'de> {
    /// How many events the list held; `None` for null.
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, 'de> {
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
        let mut n = 0;
        let mut later = Vec::new();
        while let Some(Object(e)) = seq.next_element::<Object<RawEvent<'de>>>()? {
            if self.now {
                self.v.event(n, e);
            } else {
                later.push(e);
            }
            n += 1;
        }
        if !self.now {
            *self.deferred = Some(later);
        }
        Ok(Some(n))
    }
}
