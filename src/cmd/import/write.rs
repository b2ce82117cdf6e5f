//! The dataset text, put together from the planned records (and, with `--into`, the existing
//! dataset's records kept byte for byte) and streamed to the output as it is made, written
//! whole: to a temporary file beside the output, renamed over it. A failed import leaves the
//! output as it was.

use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::build::{Group, Plan};
use super::error::ImportError;
use super::events::{List, award_source};
use super::output::{self, Output};

/// The awards' own records, written into their lists: their sources and their events. One
/// [`Group`] in memory; the spilled buckets ([`super::bucketed`]) otherwise.
pub trait Body {
    fn sources<W: Write>(&mut self, p: &mut Plan<'_>, list: &mut List<'_, W>) -> io::Result<()>;
    fn events<W: Write>(&mut self, p: &mut Plan<'_>, list: &mut List<'_, W>) -> io::Result<()>;
    /// Whether a new source (event) has this id, so that an existing one with it is replaced.
    fn has_source(&self, id: &str) -> bool;
    fn has_event(&self, id: &str) -> bool;
}

impl Body for Group<'_> {
    fn sources<W: Write>(&mut self, _: &mut Plan<'_>, list: &mut List<'_, W>) -> io::Result<()> {
        for (a, ap) in self.awards.list.iter().zip(&self.per_award) {
            if let Some(s) = award_source(self, a, ap) {
                list.record(&s)?;
            }
        }
        Ok(())
    }

    fn events<W: Write>(&mut self, p: &mut Plan<'_>, list: &mut List<'_, W>) -> io::Result<()> {
        super::fanout::write_events(list, p, self)
    }

    fn has_source(&self, id: &str) -> bool {
        self.sources.set.find(id).is_some()
    }

    fn has_event(&self, id: &str) -> bool {
        self.events.set.find(id).is_some()
    }
}

/// An existing dataset's top level, each record kept as written.
#[derive(Debug, Default, Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    format: Option<&'a RawValue>,
    #[serde(borrow)]
    title: Option<&'a RawValue>,
    #[serde(borrow)]
    description: Option<&'a RawValue>,
    #[serde(borrow)]
    default_company: Option<&'a RawValue>,
    #[serde(borrow)]
    start: Option<&'a RawValue>,
    #[serde(borrow, default)]
    companies: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    actors: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    sources: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    events: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    tours: Vec<&'a RawValue>,
}

#[derive(Debug, Deserialize)]
struct IdOnly {
    id: Option<String>,
}

/// A new dataset's title and description.
pub struct Header {
    pub title: String,
    pub description: String,
}

/// The `--into` dataset's top level, each record kept as written.
pub struct Existing<'a>(Top<'a>);

/// Reads the top level of `text`, the `--into` dataset.
pub fn existing(text: &str) -> Result<Existing<'_>, String> {
    let top: Top<'_> =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string())?;
    if top.format.is_none() {
        return Err("--into takes a dataset in this app's format (\"format\": \"ethics-timeline/1\"), not a TimelineJS file".into());
    }
    Ok(Existing(top))
}

/// The existing records of one list, but those whose id `replaced` says a new record takes.
fn keep_old<W: Write>(
    list: &mut List<'_, W>,
    old: &[&RawValue],
    replaced: &dyn Fn(&str) -> bool,
) -> io::Result<()> {
    for r in old {
        let id = serde_json::from_str::<IdOnly>(r.get()).ok().and_then(|x| x.id);
        if id.as_deref().is_some_and(replaced) {
            continue;
        }
        list.next()?.write_all(r.get().as_bytes())?;
    }
    Ok(())
}

fn open_list<W: Write>(out: &mut W, name: &str) -> io::Result<()> {
    write!(out, "  \"{name}\": [")
}

fn close_list<W: Write>(out: &mut W, list_was_empty: bool, last: bool) -> io::Result<()> {
    if !list_was_empty {
        out.write_all(b"\n  ")?;
    }
    out.write_all(if last { b"]\n" } else { b"],\n" })
}

/// A list of the existing records, then the new ones.
fn records<W: Write, T: serde::Serialize>(
    out: &mut W,
    name: &str,
    old: &[&RawValue],
    new: &[T],
) -> io::Result<()> {
    open_list(out, name)?;
    let mut list = List::new(out);
    keep_old(&mut list, old, &|_| false)?;
    for r in new {
        list.record(r)?;
    }
    let empty = list.is_empty();
    close_list(out, empty, false)
}

/// Writes the dataset: the planned records added to `existing` (the `--into` dataset, its
/// records kept byte for byte unless a new record with the same id replaces one), or a new
/// dataset with `header`.
pub fn dataset<W: Write>(
    out: &mut W,
    existing: Option<&Existing<'_>>,
    plan: &mut Plan<'_>,
    body: &mut impl Body,
    header: &Header,
) -> io::Result<()> {
    let empty = Top::default();
    let top = existing.map_or(&empty, |e| &e.0);
    let default_company = plan.default_company().to_string();
    let field = |out: &mut W, name: &str, raw: Option<&RawValue>, new: &str| -> io::Result<()> {
        write!(out, "  \"{name}\": ")?;
        match raw {
            Some(r) => out.write_all(r.get().as_bytes())?,
            None => serde_json::to_writer(&mut *out, &new)?,
        }
        out.write_all(b",\n")
    };
    out.write_all(b"{\n")?;
    field(out, "format", top.format, "ethics-timeline/1")?;
    field(out, "title", top.title, &header.title)?;
    field(out, "description", top.description, &header.description)?;
    field(out, "default_company", top.default_company, &default_company)?;
    if let Some(s) = top.start {
        field(out, "start", Some(s), "")?;
    }
    let none = |_: &str| false;
    records(out, "companies", &top.companies, &plan.companies)?;
    records(out, "actors", &top.actors, &plan.actors)?;
    open_list(out, "sources")?;
    let mut list = List::new(out);
    keep_old(&mut list, &top.sources, &|id| body.has_source(id))?;
    for r in &plan.file_sources {
        list.record(r)?;
    }
    body.sources(plan, &mut list)?;
    let e = list.is_empty();
    close_list(out, e, false)?;

    open_list(out, "events")?;
    let mut list = List::new(out);
    keep_old(&mut list, &top.events, &|id| body.has_event(id))?;
    body.events(plan, &mut list)?;
    let e = list.is_empty();
    let last = top.tours.is_empty();
    close_list(out, e, last)?;
    if !last {
        open_list(out, "tours")?;
        let mut list = List::new(out);
        keep_old(&mut list, &top.tours, &none)?;
        let e = list.is_empty();
        close_list(out, e, true)?;
    }
    out.write_all(b"}\n")
}

/// Writes `bytes` to `path` whole (see [`crate::data::save::write_whole`]).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    crate::data::save::write_whole(path, bytes).map_err(|e| cannot_write(path, &e))
}

/// Streams what `write` writes to `path`, whole, sending it to the disk as it goes
/// ([`super::output`]).
pub fn stream_whole(
    path: &Path,
    write: impl FnOnce(&mut Output) -> io::Result<()>,
) -> Result<(), ImportError> {
    output::stream_whole(path, write).map_err(|e| cannot_write(path, &e))
}

fn cannot_write(path: &Path, e: &io::Error) -> ImportError {
    ImportError::new(&path.display().to_string(), format!("cannot write the dataset: {e}"))
}
