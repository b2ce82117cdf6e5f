//! The shapes of a TimelineJS file, read into one list of slides.
//!
//! Three shapes are read, all into [`Slide`]s so the rest of the importer sees one shape:
//! - TimelineJS 3: `{"title": slide, "events": [slide], "eras": [era]}`;
//! - the wrapper early TimelineJS 3 examples use: `{"timeline": {"slides": [slide]}}`, where a
//!   slide with `"type": "title"` is the title;
//! - TimelineJS 2: `{"timeline": {"headline", "text", "date": [entry], "era": [entry]}}`, with
//!   dates as `"startDate": "1963,8,9"` and media under `asset`.
//!
//! Strings are borrowed as written (HTML included); the importer turns them into text.

use serde_json::{Map, Value};

use super::date::When;
use crate::data::problem::Problem;

/// One slide: an event, an era or the title, whatever shape it came in.
pub struct Slide<'a> {
    /// Where the slide is in the file, e.g. `events[3]` or `timeline.date[3]`.
    pub path: String,
    pub start: Option<When<'a>>,
    pub end: Option<When<'a>>,
    /// The keys the dates were under (`start_date` or `startDate`), for problem paths.
    pub start_key: &'static str,
    pub end_key: &'static str,
    pub headline: &'a str,
    pub text: &'a str,
    pub media_url: Option<&'a str>,
    pub media_credit: Option<&'a str>,
    pub group: Option<&'a str>,
    pub display_date: Option<&'a str>,
    pub unique_id: Option<&'a str>,
}

/// The slides of a file.
pub struct Timeline<'a> {
    pub title: Option<Slide<'a>>,
    pub events: Vec<Slide<'a>>,
    pub eras: Vec<Slide<'a>>,
}

/// Reads the file's shape. A shape we do not know, or slides that are not objects, give
/// problems instead.
pub fn read(root: &Value) -> Result<Timeline<'_>, Vec<Problem>> {
    let Some(obj) = root.as_object() else {
        return Err(vec![Problem::error("", "a TimelineJS file is a JSON object")]);
    };
    if obj.get("scale").and_then(Value::as_str) == Some("cosmological") {
        return Err(vec![
            Problem::error("scale", "cosmological timelines are not supported")
                .hint("only dates on the human calendar can be shown"),
        ]);
    }
    let mut problems = Vec::new();
    let timeline = match obj.get("timeline") {
        None => Some(version3(obj, "", &mut problems)),
        Some(Value::Object(wrapper)) if wrapper.contains_key("slides") => {
            Some(version3(wrapper, "timeline.", &mut problems))
        }
        Some(Value::Object(wrapper)) if wrapper.contains_key("date") => {
            Some(version2(wrapper, &mut problems))
        }
        Some(_) => {
            problems.push(
                Problem::error("timeline", "this `timeline` wrapper has neither `slides` nor `date`")
                    .hint("TimelineJS files have a top-level `events` list (or `timeline.slides`, or `timeline.date`)"),
            );
            None
        }
    };
    match timeline {
        Some(t) if problems.is_empty() => {
            if t.events.is_empty() {
                return Err(vec![Problem::error("", "the TimelineJS file has no events")]);
            }
            Ok(t)
        }
        _ => Err(problems),
    }
}

/// TimelineJS 3, bare (`prefix` empty, events under `events`) or wrapped (`timeline.`, under
/// `slides`).
fn version3<'a>(obj: &'a Map<String, Value>, prefix: &str, problems: &mut Vec<Problem>) -> Timeline<'a> {
    let list = if prefix.is_empty() { "events" } else { "slides" };
    let mut title = obj.get("title").and_then(|t| slide3(t, format!("{prefix}title"), problems));
    let mut events = Vec::new();
    for (i, v) in items(obj, prefix, list, problems).iter().enumerate() {
        let path = format!("{prefix}{list}[{i}]");
        let is_title = v.get("type").and_then(Value::as_str) == Some("title");
        match slide3(v, path, problems) {
            Some(s) if is_title && title.is_none() => title = Some(s),
            Some(s) => events.push(s),
            None => {}
        }
    }
    let eras = items(obj, prefix, "eras", problems)
        .iter()
        .enumerate()
        .filter_map(|(i, v)| slide3(v, format!("{prefix}eras[{i}]"), problems))
        .collect();
    Timeline { title, events, eras }
}

/// The array under `key`, or nothing (with a problem if it is there but not an array).
fn items<'a>(
    obj: &'a Map<String, Value>,
    prefix: &str,
    key: &str,
    problems: &mut Vec<Problem>,
) -> &'a [Value] {
    match obj.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(_) => {
            problems.push(Problem::error(format!("{prefix}{key}"), format!("`{key}` must be a list")));
            &[]
        }
    }
}

fn slide3<'a>(v: &'a Value, path: String, problems: &mut Vec<Problem>) -> Option<Slide<'a>> {
    let Some(obj) = v.as_object() else {
        problems.push(Problem::error(path, "expected a slide object"));
        return None;
    };
    let date = |key: &str| obj.get(key).filter(|d| !d.is_null()).map(When::Object);
    let text = obj.get("text");
    let media = obj.get("media");
    Some(Slide {
        start: date("start_date"),
        end: date("end_date"),
        start_key: "start_date",
        end_key: "end_date",
        headline: string(text, "headline").unwrap_or(""),
        text: string(text, "text").unwrap_or(""),
        media_url: string(media, "url"),
        media_credit: string(media, "credit"),
        group: string(Some(v), "group"),
        display_date: string(Some(v), "display_date"),
        unique_id: string(Some(v), "unique_id"),
        path,
    })
}

/// TimelineJS 2: the wrapper is itself the title; entries under `date`, eras under `era`.
fn version2<'a>(obj: &'a Map<String, Value>, problems: &mut Vec<Problem>) -> Timeline<'a> {
    let wrapper = obj.get("headline").map(|_| slide2(obj, "timeline".into()));
    let mut read = |key: &str| -> Vec<Slide<'a>> {
        items(obj, "timeline.", key, problems)
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let path = format!("timeline.{key}[{i}]");
                match v.as_object() {
                    Some(entry) => Some(slide2(entry, path)),
                    None => {
                        problems.push(Problem::error(path, "expected an object"));
                        None
                    }
                }
            })
            .collect()
    };
    let events = read("date");
    let eras = read("era");
    Timeline { title: wrapper, events, eras }
}

fn slide2(obj: &Map<String, Value>, path: String) -> Slide<'_> {
    let field = |key: &str| obj.get(key).and_then(Value::as_str);
    let asset = obj.get("asset");
    Slide {
        start: field("startDate").map(When::Commas),
        end: field("endDate").filter(|s| !s.trim().is_empty()).map(When::Commas),
        start_key: "startDate",
        end_key: "endDate",
        headline: field("headline").unwrap_or(""),
        text: field("text").unwrap_or(""),
        media_url: string(asset, "media"),
        media_credit: string(asset, "credit"),
        group: field("tag"),
        display_date: None,
        unique_id: None,
        path,
    }
}

/// A string field of an object, if the object and the string are there.
fn string<'a>(obj: Option<&'a Value>, key: &str) -> Option<&'a str> {
    obj?.get(key)?.as_str()
}
