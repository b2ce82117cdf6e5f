//! Parse a dataset file into the app's own borrowed raw structs (`ethics_timeline::data::raw`) with serde_json, sonic-rs and
//! simd-json. `bench MODE FILE`; modes:
//!   read                       read the file only
//!   json | sonic | simd        one from_slice into Object<Borrowed> (simd: counts the copy)
//!   json-stream | sonic-stream | simd-stream
//!                              the project's top-level visitor shape: key by key, events
//!                              streamed in batches to a second thread
//!   err FILE                   print each parser's error (message, line, column, offset)
#![allow(dead_code)]

use std::fmt;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Instant;

use ethics_timeline::data::raw::{Object, RawActor, RawCompany, RawEvent, RawSource, RawTour, Str};
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Borrowed<'a> {
    #[serde(borrow)]
    format: Option<Str<'a>>,
    #[serde(borrow)]
    title: Option<Str<'a>>,
    #[serde(borrow)]
    description: Option<Str<'a>>,
    #[serde(borrow)]
    default_company: Option<Str<'a>>,
    #[serde(borrow)]
    start: Option<Str<'a>>,
    #[serde(borrow, default)]
    companies: Vec<Object<RawCompany<'a>>>,
    #[serde(borrow, default)]
    actors: Vec<Object<RawActor<'a>>>,
    #[serde(borrow, default)]
    sources: Vec<Object<RawSource<'a>>>,
    #[serde(borrow)]
    events: Vec<Object<RawEvent<'a>>>,
    #[serde(borrow, default)]
    tours: Vec<Object<RawTour<'a>>>,
}

fn summary(b: &Borrowed) -> String {
    let borrowed = b
        .events
        .iter()
        .filter(|e| matches!(e.0.title.as_ref().map(|s| &s.0), Some(std::borrow::Cow::Borrowed(_))))
        .count();
    format!("{} events, {} titles borrowed", b.events.len(), borrowed)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, path) = (args[0].as_str(), args[1].as_str());
    let t = Instant::now();
    let bytes = std::fs::read(path).expect("read");
    let detail = match mode {
        "read" => format!("{} bytes", bytes.len()),
        "json" => match serde_json::from_str::<Object<Borrowed>>(std::str::from_utf8(&bytes).expect("utf-8")) {
            Ok(Object(b)) => summary(&b),
            Err(e) => format!("error: {e}"),
        },
        "sonic" => match sonic_rs::from_str::<Object<Borrowed>>(std::str::from_utf8(&bytes).expect("utf-8")) {
            Ok(Object(b)) => summary(&b),
            Err(e) => format!("error: {e}"),
        },
        "simd" => {
            let mut copy = bytes.clone();
            match simd_json::serde::from_slice::<Object<Borrowed>>(&mut copy) {
                Ok(Object(b)) => summary(&b),
                Err(e) => format!("error: {e}"),
            }
        }
        "json-stream" => {
            let mut de = serde_json::Deserializer::from_str(std::str::from_utf8(&bytes).expect("utf-8"));
            stream(|seed| {
                let top = seed.deserialize(&mut de).map_err(|e| e.to_string())?;
                de.end().map_err(|e| e.to_string())?;
                Ok(top)
            })
        }
        "sonic-stream" => {
            let mut de = sonic_rs::Deserializer::from_str(std::str::from_utf8(&bytes).expect("utf-8"));
            stream(|seed| {
                let top = seed.deserialize(&mut de).map_err(|e| e.to_string())?;
                de.end().map_err(|e| e.to_string())?;
                Ok(top)
            })
        }
        "simd-stream" => {
            let mut copy = bytes.clone();
            match simd_json::Deserializer::from_slice(&mut copy) {
                Err(e) => format!("error: {e}"),
                Ok(mut de) => stream(|seed| seed.deserialize(&mut de).map_err(|e| e.to_string())),
            }
        }
        "json-slice" => match serde_json::from_slice::<Object<Borrowed>>(&bytes) {
            Ok(Object(b)) => summary(&b),
            Err(e) => format!("error: {e}"),
        },
        "sonic-slice" => match sonic_rs::from_slice::<Object<Borrowed>>(&bytes) {
            Ok(Object(b)) => summary(&b),
            Err(e) => format!("error: {e}"),
        },
        "err" => {
            errors(&bytes);
            return;
        }
        _ => panic!("mode"),
    };
    println!("{mode:<13} {:.3} s  {detail}  peak {}", t.elapsed().as_secs_f64(), peak());
}

fn peak() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmHWM:")).map_or("?".into(), |l| l[6..].trim().to_string())
}

fn errors(bytes: &[u8]) {
    match serde_json::from_slice::<Object<Borrowed>>(bytes) {
        Ok(_) => println!("serde_json: ok"),
        Err(e) => println!("serde_json: {e}  [line {} column {}]", e.line(), e.column()),
    }
    match sonic_rs::from_slice::<Object<Borrowed>>(bytes) {
        Ok(_) => println!("sonic-rs:   ok"),
        Err(e) => println!(
            "sonic-rs:   {}  [line {} column {} offset {}]",
            e.to_string().lines().next().unwrap_or(""),
            e.line(),
            e.column(),
            e.offset()
        ),
    }
    let mut copy = bytes.to_vec();
    match simd_json::serde::from_slice::<Object<Borrowed>>(&mut copy) {
        Ok(_) => println!("simd-json:  ok"),
        Err(e) => println!("simd-json:  {e}  [index {}]", e.index()),
    }
}

// ---- the project's streaming top level (validate::top), simplified -------------------------

struct Top {
    events: usize,
    checked: usize,
    titles_borrowed: usize,
}

const BATCH: usize = 1024;

fn stream<'a, F>(parse: F) -> String
where
    F: FnOnce(TopSeed<'_, 'a>) -> Result<usize, String>,
{
    let (to, from) = sync_channel::<Vec<RawEvent<'a>>>(4);
    let (back_to, back) = sync_channel::<Vec<RawEvent<'a>>>(8);
    std::thread::scope(|s| {
        let checker = s.spawn(move || {
            let (mut n, mut borrowed) = (0usize, 0usize);
            for mut batch in from {
                for e in &batch {
                    n += 1;
                    if matches!(e.title.as_ref().map(|s| &s.0), Some(std::borrow::Cow::Borrowed(_))) {
                        borrowed += 1;
                    }
                }
                batch.clear();
                let _ = back_to.try_send(batch);
            }
            (n, borrowed)
        });
        let result = parse(TopSeed { to: &to, back: &back });
        drop(to);
        let (checked, titles_borrowed) = checker.join().expect("checker");
        match result {
            Ok(events) => {
                let top = Top { events, checked, titles_borrowed };
                format!("{} events streamed, {} checked, {} titles borrowed", top.events, top.checked, top.titles_borrowed)
            }
            Err(e) => format!("error: {e}"),
        }
    })
}

struct TopSeed<'s, 'a> {
    to: &'s SyncSender<Vec<RawEvent<'a>>>,
    back: &'s Receiver<Vec<RawEvent<'a>>>,
}

const FIELDS: &[&str] =
    &["format", "title", "description", "default_company", "start", "companies", "actors", "sources", "events", "tours"];

impl<'de> DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, 'de> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "format" | "title" | "description" | "default_company" | "start" => {
                    let _: Option<Str<'de>> = map.next_value()?;
                }
                "companies" => drop(map.next_value::<Vec<Object<RawCompany<'de>>>>()?),
                "actors" => drop(map.next_value::<Vec<Object<RawActor<'de>>>>()?),
                "sources" => drop(map.next_value::<Vec<Object<RawSource<'de>>>>()?),
                "tours" => drop(map.next_value::<Vec<Object<RawTour<'de>>>>()?),
                "events" => n = map.next_value_seed(EventsSeed { to: self.to, back: self.back })?.unwrap_or(0),
                k => return Err(A::Error::unknown_field(k, FIELDS)),
            }
        }
        Ok(n)
    }
}

struct EventsSeed<'s, 'a> {
    to: &'s SyncSender<Vec<RawEvent<'a>>>,
    back: &'s Receiver<Vec<RawEvent<'a>>>,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, 'de> {
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
        let mut batch = Vec::with_capacity(BATCH);
        while let Some(Object(e)) = seq.next_element::<Object<RawEvent<'de>>>()? {
            batch.push(e);
            n += 1;
            if batch.len() == BATCH {
                let empty = self.back.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
                self.to.send(std::mem::replace(&mut batch, empty)).map_err(|_| S::Error::custom("stopped"))?;
            }
        }
        if !batch.is_empty() {
            self.to.send(batch).map_err(|_| S::Error::custom("stopped"))?;
        }
        Ok(Some(n))
    }
}
