//! The dataset text, put together from the records built (and, with `--into`, the existing
//! dataset's records kept byte for byte), checked by the same loader the app uses, then
//! written whole: to a temporary file beside the output, renamed over it. A failed import
//! leaves the output as it was.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::build::Built;
use super::error::ImportError;

/// An existing dataset's top level, each record kept as written.
#[derive(Debug, Deserialize)]
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

/// One record as compact JSON, appended.
fn push_json<T: serde::Serialize>(out: &mut Vec<u8>, v: &T) {
    // Our records are plain structs of strings and numbers: serialising cannot fail.
    let _ = serde_json::to_writer(&mut *out, v);
}

/// A list: the existing records kept (unless `replaced` by id), then the new ones, then
/// `chunk` (records serialised already, separated by `,\n    `).
fn list<T: serde::Serialize>(
    out: &mut Vec<u8>,
    name: &str,
    old: &[&RawValue],
    new: &[T],
    chunk: &[u8],
    replaced: &HashSet<&str>,
    last: bool,
) {
    out.extend_from_slice(format!("  \"{name}\": [").as_bytes());
    let mut first = true;
    let mut sep = |out: &mut Vec<u8>| {
        out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        first = false;
    };
    for r in old {
        let id = serde_json::from_str::<IdOnly>(r.get()).ok().and_then(|x| x.id);
        if id.as_deref().is_some_and(|id| replaced.contains(id)) {
            continue;
        }
        sep(out);
        out.extend_from_slice(r.get().as_bytes());
    }
    for item in new {
        sep(out);
        push_json(out, item);
    }
    if !chunk.is_empty() {
        sep(out);
        out.extend_from_slice(chunk);
    }
    if !first {
        out.extend_from_slice(b"\n  ");
    }
    out.extend_from_slice(if last { b"]\n" } else { b"],\n" });
}

/// The dataset text: `built` added to `existing` (the text of the `--into` file), or a new
/// dataset with `header` and `default_company`.
pub fn compose(
    existing: Option<&str>,
    built: &Built,
    header: &Header,
    default_company: &str,
) -> Result<Vec<u8>, String> {
    let top: Top<'_> = match existing {
        Some(text) => serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| e.to_string())?,
        None => Top {
            format: None,
            title: None,
            description: None,
            default_company: None,
            start: None,
            companies: Vec::new(),
            actors: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            tours: Vec::new(),
        },
    };
    if existing.is_some() && top.format.is_none() {
        return Err("--into takes a dataset in this app's format (\"format\": \"ethics-timeline/1\"), not a TimelineJS file".into());
    }
    let mut out = Vec::with_capacity(built.events.len() + (1 << 20) + existing.map_or(0, str::len));
    let field = |out: &mut Vec<u8>, name: &str, raw: Option<&RawValue>, new: &str| {
        out.extend_from_slice(format!("  \"{name}\": ").as_bytes());
        match raw {
            Some(r) => out.extend_from_slice(r.get().as_bytes()),
            None => push_json(out, &new),
        }
        out.extend_from_slice(b",\n");
    };
    out.extend_from_slice(b"{\n");
    field(&mut out, "format", top.format, "ethics-timeline/1");
    field(&mut out, "title", top.title, &header.title);
    field(&mut out, "description", top.description, &header.description);
    field(&mut out, "default_company", top.default_company, default_company);
    if let Some(s) = top.start {
        field(&mut out, "start", Some(s), "");
    }
    let replaced_sources: HashSet<&str> = built.sources.iter().map(|s| s.id.as_str()).collect();
    let replaced_events: HashSet<&str> = built.event_ids.iter().map(String::as_str).collect();
    let none = HashSet::new();
    list(&mut out, "companies", &top.companies, &built.companies, &[], &none, false);
    list(&mut out, "actors", &top.actors, &built.actors, &[], &none, false);
    list(&mut out, "sources", &top.sources, &built.sources, &[], &replaced_sources, false);
    let last = top.tours.is_empty();
    list::<()>(&mut out, "events", &top.events, &[], &built.events, &replaced_events, last);
    if !last {
        list::<()>(&mut out, "tours", &top.tours, &[], &[], &none, true);
    }
    out.extend_from_slice(b"}\n");
    Ok(out)
}

/// Writes `bytes` to `path` whole (see [`crate::data::save::write_whole`]).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    crate::data::save::write_whole(path, bytes)
        .map_err(|e| ImportError::new(&path.display().to_string(), format!("cannot write the dataset: {e}")))
}
