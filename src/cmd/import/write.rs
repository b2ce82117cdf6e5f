//! The dataset text, put together from the records built (and, with `--into`, the existing
//! dataset's records kept byte for byte), checked by the same loader the app uses, then
//! written whole: to a temporary file beside the output, renamed over it. A failed import
//! leaves the output as it was.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn list(
    out: &mut String,
    name: &str,
    old: &[&RawValue],
    new: &[String],
    replaced: &HashSet<String>,
    last: bool,
) {
    out.push_str(&format!("  \"{name}\": [\n"));
    let kept = old.iter().filter(|r| {
        serde_json::from_str::<IdOnly>(r.get())
            .ok()
            .and_then(|x| x.id)
            .is_none_or(|id| !replaced.contains(&id))
    });
    let items: Vec<String> = kept.map(|r| r.get().to_string()).chain(new.iter().cloned()).collect();
    out.push_str(&items.iter().map(|i| format!("    {i}")).collect::<Vec<_>>().join(",\n"));
    out.push_str(if items.is_empty() { "  ]" } else { "\n  ]" });
    out.push_str(if last { "\n" } else { ",\n" });
}

/// The dataset text: `built` added to `existing` (the text of the `--into` file), or a new
/// dataset with `header` and `default_company`.
pub fn compose(
    existing: Option<&str>,
    built: &Built,
    header: &Header,
    default_company: &str,
) -> Result<String, String> {
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
    let raw = |r: Option<&RawValue>, new: String| r.map_or(new, |r| r.get().to_string());
    let mut out = String::from("{\n");
    out.push_str(&format!("  \"format\": {},\n", raw(top.format, json(&"ethics-timeline/1"))));
    out.push_str(&format!("  \"title\": {},\n", raw(top.title, json(&header.title))));
    out.push_str(&format!("  \"description\": {},\n", raw(top.description, json(&header.description))));
    out.push_str(&format!("  \"default_company\": {},\n", raw(top.default_company, json(&default_company))));
    if let Some(s) = top.start {
        out.push_str(&format!("  \"start\": {},\n", s.get()));
    }
    let ids = |v: &mut dyn Iterator<Item = String>| v.collect::<HashSet<String>>();
    let replaced_sources = ids(&mut built.sources.iter().map(|s| s.id.clone()));
    let replaced_events = ids(&mut built.events.iter().map(|e| e.id.clone()));
    let none = HashSet::new();
    list(
        &mut out,
        "companies",
        &top.companies,
        &built.companies.iter().map(json).collect::<Vec<_>>(),
        &none,
        false,
    );
    list(&mut out, "actors", &top.actors, &built.actors.iter().map(json).collect::<Vec<_>>(), &none, false);
    let sources: Vec<String> = built.sources.iter().map(json).collect();
    list(&mut out, "sources", &top.sources, &sources, &replaced_sources, false);
    let events: Vec<String> = built.events.iter().map(json).collect();
    list(&mut out, "events", &top.events, &events, &replaced_events, top.tours.is_empty());
    if !top.tours.is_empty() {
        list(&mut out, "tours", &top.tours, &[], &none, true);
    }
    out.push_str("}\n");
    Ok(out)
}

/// Writes `text` to `path` whole: a temporary file beside it, renamed over it.
pub fn write_whole(path: &Path, text: &str) -> Result<(), ImportError> {
    let name = path.display().to_string();
    let file_name =
        path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "out.json".into());
    let tmp: PathBuf = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    let result = result.and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(ImportError::new(&name, format!("cannot write the dataset: {e}")));
    }
    Ok(())
}
