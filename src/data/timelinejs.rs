//! Opening a TimelineJS JSON file (<https://timeline.knightlab.com/docs/json-format.html>) as a
//! dataset, so a class can explore a timeline made elsewhere.
//!
//! [`sniff`] tells a TimelineJS file from ours by its shape; [`import`] maps it onto the same
//! validated [`Dataset`] our format loads into, with problems located by JSON path in the
//! TimelineJS file. The mapping, and what it cannot know, is documented in `data/README.md`:
//! every event is `unverified` (nobody checked it), kinds come from `group` when it names one
//! (else `reporting`, with the group as a tag), each media URL is a source, events with no web
//! address cite one placeholder source for the file, and eras become spans tagged `era`.

mod date;
mod html;
mod slide;

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use self::date::When;
use self::slide::Slide;
use super::model::{Company, Dataset, Event, Evidence, Kind, Source, SourceKind, Text};
use super::problem::Problem;
use super::validate::{prose, related_index, text};

/// The company every imported event belongs to: a TimelineJS file tells one story.
const COMPANY_ID: &str = "timeline";
/// The source cited by events that name no web address.
const PLACEHOLDER_ID: &str = "src-timelinejs-file";

/// The top-level keys that tell the formats apart; values are skipped, not built.
#[derive(Deserialize)]
struct TopKeys {
    format: Option<IgnoredAny>,
    events: Option<IgnoredAny>,
    timeline: Option<IgnoredAny>,
    title: Option<IgnoredAny>,
}

/// The parsed file, if `bytes` look like TimelineJS: no `format` key, and either a `timeline`
/// wrapper, a title slide object, or `events` with `start_date`s. Anything else is left to our
/// own format's error messages.
pub fn sniff(bytes: &[u8]) -> Option<Value> {
    let keys: TopKeys = serde_json::from_slice(bytes).ok()?;
    if keys.format.is_some() || (keys.events.is_none() && keys.timeline.is_none() && keys.title.is_none()) {
        return None;
    }
    let root: Value = serde_json::from_slice(bytes).ok()?;
    let events_have_dates = root
        .get("events")
        .and_then(Value::as_array)
        .is_some_and(|events| events.iter().any(|e| e.get("start_date").is_some()));
    let shaped = root.get("timeline").is_some() || root.get("title").is_some_and(Value::is_object);
    (events_have_dates || shaped).then_some(root)
}

/// Maps a TimelineJS file onto a dataset. `name` is the file's name, used for the placeholder
/// source and as the title when the file has none. Returns warnings on success and every
/// problem on failure, like [`super::validate::validate`].
pub fn import(name: &str, root: &Value) -> Result<(Dataset, Vec<Problem>), Vec<Problem>> {
    let timeline = slide::read(root)?;
    let mut im = Importer { name, ..Importer::default() };
    let title = timeline.title.as_ref().map(|t| text(&html::to_text(t.headline))).unwrap_or_default();
    let title = if title.is_empty() { format!("TimelineJS: {}", text(base_name(name))) } else { title };
    let intro = timeline.title.as_ref().map(|t| prose(&html::to_text(t.text))).unwrap_or_default();
    let notice = format!(
        "Imported from the TimelineJS file {}. Every event is marked unverified: the import did not \
         check what the file says.",
        text(base_name(name))
    );
    let description = if intro.is_empty() { notice } else { format!("{intro}\n{notice}") };

    let mut events: Vec<Event> = timeline.events.iter().filter_map(|s| im.event(s, false)).collect();
    events.extend(timeline.eras.iter().filter_map(|s| im.event(s, true)));
    if im.problems.iter().any(Problem::is_error) {
        return Err(im.problems);
    }
    // The same order as our own format: by date, same dates in file order.
    events.sort_by_key(|e| e.date.sort_key());
    let incoming = related_index(&events);
    let short = Text::from(title.chars().take(4).collect::<String>());
    let company = Company { id: COMPANY_ID.into(), name: title.as_str().into(), short, context: false };
    let dataset = Dataset {
        title: title.into(),
        description: description.into(),
        default_company: 0,
        start: None,
        companies: vec![company],
        actors: Vec::new(),
        sources: im.sources,
        events,
        tours: Vec::new(),
        incoming,
    };
    Ok((dataset, im.problems))
}

#[derive(Default)]
struct Importer<'n> {
    name: &'n str,
    problems: Vec<Problem>,
    sources: Vec<Source>,
    /// Source index by URL: one record per address, however many events cite it.
    by_url: HashMap<String, usize>,
    placeholder: Option<usize>,
    event_ids: HashSet<String>,
    source_ids: HashSet<String>,
}

impl Importer<'_> {
    fn event(&mut self, s: &Slide<'_>, era: bool) -> Option<Event> {
        let headline = text(&html::to_text(s.headline));
        let summary = prose(&html::to_text(s.text));
        let path = &s.path;
        let title = if headline.is_empty() { self.untitled(s, &summary) } else { headline };
        let given = s.unique_id.map(text).filter(|id| !id.is_empty());
        let wanted = given.clone().unwrap_or_else(|| {
            let slug = slugify(&title);
            let slug = if slug.is_empty() { "event".to_string() } else { slug };
            if era && !slug.starts_with("era") { format!("era-{slug}") } else { slug }
        });
        let id = unique(&mut self.event_ids, &wanted);
        if given.is_some() && id != wanted {
            self.problems.push(
                Problem::warning(
                    format!("{path}.unique_id"),
                    format!("`unique_id` \"{wanted}\" is used twice"),
                )
                .item(Some(&id))
                .hint("this slide was given the next free id"),
            );
        }
        let item = Some(id.as_str());

        let Some(start_when) = &s.start else {
            let message = if era { "an era needs a start date" } else { "the slide has no start date" };
            self.problems.push(Problem::error(path.clone(), message).item(item));
            return None;
        };
        let start = self.date(start_when, &format!("{path}.{}", s.start_key), item)?;
        let end = match &s.end {
            Some(w) => Some(self.date(w, &format!("{path}.{}", s.end_key), item)?),
            None if era => {
                self.problems.push(
                    Problem::error(path.clone(), "an era needs an end date")
                        .item(item)
                        .hint("TimelineJS refuses eras without one too"),
                );
                return None;
            }
            None => None,
        };
        // TimelineJS drops an end date equal to the start; so do we.
        let end_date = end.map(|r| r.date).filter(|&e| e != start.date);
        if let Some(e) = end_date
            && e < start.date
        {
            self.problems.push(
                Problem::error(
                    format!("{path}.{}", s.end_key),
                    format!("end date {} is before the start date {}", e.short(), start.date.short()),
                )
                .item(item),
            );
            return None;
        }
        let display = s.display_date.map(str::to_string).or(start.display);
        let qualifier = display.as_deref().and_then(date::qualifier);

        let group = s.group.map(|g| text(&html::to_text(g))).filter(|g| !g.is_empty());
        let kind = group.as_deref().and_then(|g| Kind::parse(&g.to_lowercase()));
        let mut tags = Vec::new();
        if era {
            tags.push("era".to_string());
        }
        if let Some(g) = &group
            && kind.is_none()
        {
            tags.push(slugify(g));
        }
        let source = self.source(s, &title, item);
        Some(Event {
            id: id.into(),
            date: start.date,
            qualifier,
            end_date,
            company: 0,
            actor: None,
            counterparty: None,
            kind: kind.unwrap_or(Kind::Reporting),
            title: title.into(),
            summary: summary.into(),
            quote: None,
            amount: None,
            award: None,
            evidence: Evidence::Unverified,
            sources: smallvec::smallvec![source],
            tags: tags.into_iter().map(Text::from).collect(),
            links: smallvec::SmallVec::new(),
            questions: Vec::new(),
        })
    }

    /// A title for a slide with no headline: the start of its text, else where its media is.
    fn untitled(&mut self, s: &Slide<'_>, summary: &str) -> String {
        let words: Vec<&str> = summary.split_whitespace().collect();
        let mut title = words.iter().take(10).copied().collect::<Vec<_>>().join(" ");
        if words.len() > 10 {
            title.push('…');
        }
        if title.is_empty() {
            let web = s.media_url.filter(|u| u.starts_with("http") || u.starts_with("//"));
            title = match web.map(|u| text(host(u.trim_start_matches('/')))).filter(|h| !h.is_empty()) {
                Some(h) => format!("Untitled slide (media from {h})"),
                None => "Untitled slide".into(),
            };
        }
        self.problems.push(
            Problem::warning(format!("{}.text", s.path), "the slide has no headline")
                .hint("its title was taken from the start of its text"),
        );
        title
    }

    fn date(&mut self, when: &When<'_>, path: &str, item: Option<&str>) -> Option<date::Read> {
        match date::read(when, path) {
            Ok(r) => {
                if r.had_time {
                    self.problems
                        .push(Problem::note(path, "the time of day is not kept; the date is").item(item));
                }
                Some(r)
            }
            Err(p) => {
                self.problems.push(p.item(item));
                None
            }
        }
    }

    /// The source for a slide: its media URL when that is a web address, else the placeholder.
    fn source(&mut self, s: &Slide<'_>, title: &str, item: Option<&str>) -> usize {
        let url = s.media_url.map(str::trim).filter(|u| !u.is_empty());
        // A protocol-relative address ("//www.flickr.com/…") is fetched over https today.
        let web = url.map(|u| if u.starts_with("//") { format!("https:{u}") } else { u.to_string() });
        let web = web.filter(|u| u.starts_with("https://") || u.starts_with("http://")).map(|u| text(&u));
        let Some(web) = web else {
            if url.is_some() {
                self.problems.push(
                    Problem::note(format!("{}.media.url", s.path), "media is not a web address")
                        .item(item)
                        .hint("the event cites the imported file instead"),
                );
            }
            return self.placeholder();
        };
        if let Some(&i) = self.by_url.get(&web) {
            return i;
        }
        let host = host(&web);
        let credit = s.media_credit.map(|c| text(&html::to_text(c))).filter(|c| !c.is_empty());
        let id = unique(&mut self.source_ids, &format!("src-{}", slugify(host)));
        self.sources.push(Source {
            id: id.into(),
            publisher: credit.unwrap_or_else(|| text(host)).into(),
            title: title.into(),
            url: web.as_str().into(),
            published: None,
            kind: SourceKind::Secondary,
            note: Some("media of an imported TimelineJS slide".into()),
        });
        let i = self.sources.len() - 1;
        self.by_url.insert(web, i);
        i
    }

    /// One honest stand-in for the file itself, shared by every event with no web address.
    /// Its URL is a `file://` address, which only imported datasets carry: our own format
    /// requires http(s) sources.
    fn placeholder(&mut self) -> usize {
        if let Some(i) = self.placeholder {
            return i;
        }
        let name = text(self.name);
        self.source_ids.insert(PLACEHOLDER_ID.into());
        self.sources.push(Source {
            id: PLACEHOLDER_ID.into(),
            publisher: "Imported TimelineJS file".into(),
            title: format!("{} (the slide names no web source)", text(base_name(self.name))).into(),
            url: format!("file://{name}").into(),
            published: None,
            kind: SourceKind::Weak,
            note: Some("not a source: the events citing it were not checked".into()),
        });
        let i = self.sources.len() - 1;
        self.placeholder = Some(i);
        i
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… whichever is free; records the one returned.
fn unique(taken: &mut HashSet<String>, wanted: &str) -> String {
    let mut id = wanted.to_string();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// Lower-case ASCII words joined by hyphens, at most 60 bytes: ids people can type.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().filter(|c| !matches!(c, '\'' | '’')) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The host of a web address, without `www.`.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    host.strip_prefix("www.").unwrap_or(host)
}

/// The last part of a path, for titles and messages.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_typeable() {
        assert_eq!(slugify("Pascal's Calculator"), "pascals-calculator");
        assert_eq!(slugify("  Whitney Houston<br/> 1963 - 2012 "), "whitney-houston-br-1963-2012");
        assert_eq!(slugify("日本"), "");
        assert!(slugify(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn ids_are_made_unique() {
        let mut taken = HashSet::new();
        assert_eq!(unique(&mut taken, "a"), "a");
        assert_eq!(unique(&mut taken, "a"), "a-2");
        assert_eq!(unique(&mut taken, "a"), "a-3");
    }

    #[test]
    fn hosts_and_names() {
        assert_eq!(host("https://www.youtube.com/watch?v=1"), "youtube.com");
        assert_eq!(host("http://user@example.org:8080/x"), "example.org:8080");
        assert_eq!(base_name("tests/fixtures/a.json"), "a.json");
    }

    #[test]
    fn our_own_files_are_not_sniffed() {
        assert!(sniff(br#"{"format": "ethics-timeline/1", "events": [{"start_date": {}}]}"#).is_none());
        assert!(sniff(br#"{"events": [{"id": "a"}]}"#).is_none());
        assert!(sniff(b"[1, 2]").is_none());
        assert!(sniff(br#"{"events": [{"start_date": {"year": 1}}]}"#).is_some());
        assert!(sniff(br#"{"timeline": {"slides": []}}"#).is_some());
    }
}
