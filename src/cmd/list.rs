//! `ethics-timeline list`: the events (optionally filtered) as text or JSON, for scripts and
//! for checking, without opening the app.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use crate::cli::ListFormat;
use crate::data::Dataset;
use crate::filter::Filter;
use crate::search::SearchIndex;

/// Prints the matching events to `out`. A bad filter is reported on `err` with exit code 2.
pub fn run(
    data: &Dataset,
    filter: Option<&str>,
    format: ListFormat,
    out: &mut impl Write,
    err: &mut impl Write,
) -> ExitCode {
    let filter = match filter.map(|f| Filter::from_text(f, data)).transpose() {
        Ok(f) => f.unwrap_or_default(),
        Err(e) => {
            let _ = writeln!(err, "ethics-timeline: --filter: {e}");
            return ExitCode::from(2);
        }
    };
    let index = SearchIndex::build(data);
    let events = filter.matching(data, &index);
    // A closed pipe (`| head`) ends the listing quietly.
    let _ = match format {
        ListFormat::Text => text(data, events, out),
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = events.map(|i| event_json(data, i)).collect();
            serde_json::to_writer_pretty(&mut *out, &list)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    ExitCode::SUCCESS
}

fn text(data: &Dataset, events: impl Iterator<Item = usize>, out: &mut impl Write) -> std::io::Result<()> {
    for i in events {
        let e = &data.events[i];
        let date = e.date_short();
        // The id first: it is what --goto takes, and `cut -d' ' -f1` finds it.
        writeln!(
            out,
            "{:<48} {date:<11} {} {:<10} {:<10} {}",
            e.id,
            e.kind.letter(),
            data.companies[e.company].id,
            e.evidence.name(),
            e.title
        )?;
    }
    Ok(())
}

fn event_json(data: &Dataset, i: usize) -> serde_json::Value {
    let e = &data.events[i];
    let sources: Vec<serde_json::Value> = e
        .sources
        .iter()
        .map(|&s| {
            let s = &data.sources[s];
            json!({
                "publisher": s.publisher,
                "title": s.title,
                "url": s.url,
                "published": s.published.map(|d| d.short()),
            })
        })
        .collect();
    json!({
        "id": e.id,
        "date": e.date.short(),
        "company": data.companies[e.company].id,
        "kind": e.kind.name(),
        "evidence": e.evidence.name(),
        "title": e.title,
        "summary": e.summary,
        "tags": e.tags,
        "sources": sources,
    })
}
