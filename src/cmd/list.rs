//! `ethics-timeline list`: the events (optionally filtered) as text or JSON, for scripts and
//! for checking, without opening the app; with `--pairs`, what each company said beside the
//! contracts linked to it.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use crate::cli::ListFormat;
use crate::data::Dataset;
use crate::data::pairs::{self, Pair};
use crate::filter::Filter;
use crate::search::SearchIndex;

/// What to list, in which format.
#[derive(Debug, Clone, Copy)]
pub struct What {
    pub pairs: bool,
    pub format: ListFormat,
}

/// Prints the matching events to `out`. A bad filter is reported on `err` with exit code 2.
pub fn run(
    data: &Dataset,
    filter: Option<&str>,
    what: What,
    out: &mut impl Write,
    err: &mut impl Write,
) -> ExitCode {
    let format = what.format;
    let filter = match filter.map(|f| Filter::from_text(f, data)).transpose() {
        Ok(f) => f.unwrap_or_default(),
        Err(e) => {
            let _ = writeln!(err, "ethics-timeline: --filter: {e}");
            return ExitCode::from(2);
        }
    };
    let index = SearchIndex::build(data);
    let events = filter.matching(data, &index);
    if what.pairs {
        let mut keep = vec![false; data.events.len()];
        for e in events {
            keep[e] = true;
        }
        let _ = pairs(data, &pairs::pairs(data, |e| keep[e]), format, out);
        return ExitCode::SUCCESS;
    }
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

/// One line per pair: the days between statement and contract (empty when a date is only a
/// month or a year), the whole months, both ids and dates, and the gap in words. Tab-separated.
fn pairs(data: &Dataset, list: &[Pair], format: ListFormat, out: &mut impl Write) -> std::io::Result<()> {
    match format {
        ListFormat::Text => {
            writeln!(out, "days\tmonths\tstatement\tstatement_date\tcontract\tcontract_date\tgap")?;
            for p in list {
                let (s, c, g) = (&data.events[p.said], &data.events[p.did], p.gap(data));
                let days = g.days.map(|d| d.to_string()).unwrap_or_default();
                writeln!(
                    out,
                    "{days}\t{}\t{}\t{}\t{}\t{}\t{}",
                    g.months,
                    s.id,
                    s.date.short(),
                    c.id,
                    c.date.short(),
                    g.words()
                )?;
            }
            Ok(())
        }
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|p| {
                    let (s, c, g) = (&data.events[p.said], &data.events[p.did], p.gap(data));
                    json!({
                        "company": data.companies[s.company].id,
                        "statement": {"id": s.id, "date": s.date.short(), "title": s.title},
                        "contract": {
                            "id": c.id,
                            "date": c.date.short(),
                            "title": c.title,
                            "amount": c.amount.as_ref().map(|a| json!({"value": a.value, "currency": a.currency, "note": a.note})),
                        },
                        "gap_days": g.days,
                        "gap_months": g.months,
                        "gap": g.words(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &items).map_err(std::io::Error::from)?;
            writeln!(out)
        }
    }
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
        // Ids, as `actor:` in a filter takes them.
        "actor": e.actor.map(|a| data.actors[a].id.as_str()),
        "counterparty": e.counterparty.map(|a| data.actors[a].id.as_str()),
        "title": e.title,
        "summary": e.summary,
        "tags": e.tags,
        "sources": sources,
    })
}
