//! TimelineJS JSON (<https://timeline.knightlab.com/docs/json-format.html>) that the web
//! library loads: a title slide and one slide per event.
//!
//! Also home of the slide pieces the CSV export shares: the display date, the slide text (HTML,
//! every piece of dataset text escaped) and the media taken from the first source.

use std::collections::HashSet;
use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::{Item, Selection, escape_html as esc, evidence_text, web_url};
use crate::data::{Dataset, Event, PartialDate};
use crate::text::amount;

/// Writes the TimelineJS file.
pub fn write(selection: &Selection<'_>, out: &mut impl Write) -> io::Result<()> {
    let data = selection.data;
    let events: Vec<Value> = slides(selection).iter().map(|item| slide(data, item)).collect();
    let root = json!({
        "title": { "text": { "headline": esc(selection.heading()), "text": intro_html(selection) } },
        "events": events,
    });
    serde_json::to_writer_pretty(&mut *out, &root).map_err(io::Error::from)?;
    writeln!(out)
}

/// The items that become slides: a tour may visit an event twice, but a slide id is unique,
/// so the first visit stands.
pub fn slides<'a>(selection: &Selection<'a>) -> Vec<Item<'a>> {
    let mut seen = HashSet::new();
    selection.items.iter().copied().filter(|i| seen.insert(i.event)).collect()
}

/// The title slide's text: the introduction as paragraphs.
pub fn intro_html(selection: &Selection<'_>) -> String {
    selection.intro().iter().flat_map(|p| p.lines()).map(|l| format!("<p>{}</p>", esc(l))).collect()
}

fn slide(data: &Dataset, item: &Item<'_>) -> Value {
    let e = &data.events[item.event];
    let mut s = Map::new();
    s.insert("unique_id".into(), json!(e.id));
    s.insert("start_date".into(), date(e.date));
    if let Some(end) = e.end_date {
        s.insert("end_date".into(), date(end));
    }
    if let Some(d) = display_date(e) {
        s.insert("display_date".into(), json!(d));
    }
    s.insert("text".into(), json!({ "headline": esc(&e.title), "text": text_html(data, item) }));
    if let Some((url, credit, caption)) = media(data, e) {
        s.insert("media".into(), json!({ "url": url, "credit": credit, "caption": caption }));
    }
    s.insert("group".into(), json!(e.kind.name()));
    Value::Object(s)
}

/// A date object with the fields its precision has, and no more.
fn date(d: PartialDate) -> Value {
    let mut m = Map::new();
    m.insert("year".into(), json!(d.year()));
    if let Some(month) = d.month() {
        m.insert("month".into(), json!(month));
    }
    if let Some(day) = d.day() {
        m.insert("day".into(), json!(day));
    }
    Value::Object(m)
}

/// TimelineJS has no field for uncertainty; a qualified date is said in `display_date`
/// ("circa June 2018"), which our importer reads back.
pub fn display_date(e: &Event) -> Option<String> {
    e.qualifier?;
    let mut s = e.date_words();
    if let Some(end) = e.end_date {
        s = format!("{s} – {}", end.long());
    }
    Some(s)
}

/// The slide text: summary, quote and speaker, the facts TimelineJS has no field for, the
/// presenter's note, related events, and every source as a link.
pub fn text_html(data: &Dataset, item: &Item<'_>) -> String {
    let e = &data.events[item.event];
    let mut h: String = e.summary.lines().map(|l| format!("<p>{}</p>", esc(l))).collect();
    if let Some(q) = &e.quote {
        h.push_str(&format!("<blockquote>“{}” — {}</blockquote>", esc(&q.text), esc(&q.by)));
    }
    let mut facts =
        vec![data.company_name(e).to_string(), e.kind.name().to_string(), evidence_text(e.evidence)];
    if let Some(a) = &e.amount {
        let note = a.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
        facts.push(format!("{}{note}", amount(a.value, &a.currency)));
    }
    h.push_str(&format!("<p><em>{}</em></p>", esc(&facts.join(" · "))));
    if let Some(note) = item.note {
        h.push_str(&format!("<p><strong>Presenter's note:</strong> {}</p>", esc(note)));
    }
    let related: Vec<String> = data
        .related(item.event)
        .iter()
        .map(|r| {
            let other = &data.events[r.event];
            format!("{} “{}” ({})", r.label(), esc(&other.title), esc(&other.date.short()))
        })
        .collect();
    if !related.is_empty() {
        h.push_str(&format!("<p>Related: {}</p>", related.join("; ")));
    }
    let sources: Vec<String> = e
        .sources
        .iter()
        .map(|&s| {
            let s = &data.sources[s];
            let label = format!("{}: {}", esc(&s.publisher), esc(&s.title));
            let date = s.published.map(|d| format!(" ({})", esc(&d.short()))).unwrap_or_default();
            match web_url(&s.url) {
                Some(url) => format!("<a href=\"{}\">{label}</a>{date}", esc(url)),
                None => format!("{label}{date}"),
            }
        })
        .collect();
    h.push_str(&format!("<p>Sources: {}</p>", sources.join("; ")));
    h
}

/// The media for a slide: the first source with a web address, as (url, credit, caption).
/// Credit and caption are HTML to TimelineJS, so they are escaped; the URL is used both in
/// markup and as an address, so the characters that could break out of an attribute are
/// percent-encoded instead, which keeps it a working address.
pub fn media(data: &Dataset, e: &Event) -> Option<(String, String, String)> {
    e.sources
        .iter()
        .map(|&s| &data.sources[s])
        .find_map(|s| web_url(&s.url).map(|url| (plain_url(url), esc(&s.publisher), esc(&s.title))))
}

fn plain_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '`' => out.push_str("%60"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}
