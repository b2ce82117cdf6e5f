//! `--plain` (and `TERM=dumb`): the current view as a linear text transcript, with no box
//! drawing, no colour and no cursor movement, for screen readers and for pasting into notes.
//! It honours the same `--filter`, `--search`, `--goto`, `--company` and `--tour` as the app.

use std::io::{self, Write};

use crate::app::App;
use crate::data::gap::Gap;
use crate::text::{amount, wrap};

const WIDTH: usize = 78;

/// Writes the transcript of `app`'s view: the tour when one runs, else the visible events and
/// the selected event in full.
pub fn transcript(app: &App, out: &mut impl Write) -> io::Result<()> {
    let data = &app.data;
    writeln!(out, "{}", data.title)?;
    if let Some(t) = app.tour {
        let tour = &data.tours[t.tour];
        writeln!(out, "Tour: {} ({} steps)", tour.title, tour.steps.len())?;
        if let Some(d) = &tour.description {
            para(out, d, "")?;
        }
        for (n, step) in tour.steps.iter().enumerate() {
            writeln!(out)?;
            writeln!(out, "Step {} of {}", n + 1, tour.steps.len())?;
            event(app, step.event, out)?;
            if let Some(note) = &step.note {
                para(out, &format!("Presenter's note: {note}"), "")?;
            }
        }
        return Ok(());
    }
    if !app.filter.is_empty() {
        writeln!(out, "Filter: {}", app.filter.to_text(data))?;
    }
    if let Some(s) = app.search.as_ref().filter(|s| !s.query.is_empty()) {
        writeln!(out, "Search: {} ({} matches)", s.query.text, s.matches.len())?;
    }
    writeln!(out, "{} of {} events shown.", app.tables.visible.len(), app.event_count())?;
    writeln!(out)?;
    writeln!(out, "Timeline")?;
    for &i in &app.tables.visible {
        let e = &data.events[i];
        let mark = if i == app.selected { "> " } else { "  " };
        writeln!(out, "{mark}{}  {}  {}  {}", e.date.short(), e.kind.name(), data.company_name(e), e.title)?;
    }
    say_vs_do(app, out)?;
    if let Some(i) = app.current() {
        writeln!(out)?;
        writeln!(out, "Selected event")?;
        event(app, i, out)?;
    }
    Ok(())
}

/// What each company said and the contracts linked to it, with the time between: the
/// comparison pane as text.
fn say_vs_do(app: &App, out: &mut impl Write) -> io::Result<()> {
    let data = &app.data;
    let mut pairs = crate::data::pairs::pairs(data, |e| app.is_visible(e));
    pairs.sort_by_key(|p| (data.events[p.said].company, p.said));
    if pairs.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Say vs. do")?;
    let (mut company, mut said) = (None, None);
    for p in pairs {
        let (s, c) = (&data.events[p.said], &data.events[p.did]);
        if company != Some(s.company) {
            company = Some(s.company);
            writeln!(out)?;
            writeln!(out, "{}", data.company_name(s))?;
        }
        if said != Some(p.said) {
            said = Some(p.said);
            para(out, &format!("Said, {}: {}", s.date.long(), s.title), "  ")?;
        }
        let amount =
            c.amount.as_ref().map(|a| format!(", {}", amount(a.value, &a.currency))).unwrap_or_default();
        para(out, &format!("Did, {}, {}: {}{amount}", c.date.long(), p.gap(data).words(), c.title), "    ")?;
    }
    Ok(())
}

fn para(out: &mut impl Write, text: &str, indent: &str) -> io::Result<()> {
    for line in wrap(text, WIDTH - indent.len()) {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

/// One event in full, as plain lines.
fn event(app: &App, i: usize, out: &mut impl Write) -> io::Result<()> {
    let data = &app.data;
    let e = &data.events[i];
    writeln!(out, "{}", e.title)?;
    let date = e.date_words();
    writeln!(
        out,
        "Date: {date}. Company: {}. Kind: {}. Evidence: {}.",
        data.company_name(e),
        e.kind.name(),
        e.evidence.name()
    )?;
    if let Some(a) = data.actor_name(e.actor) {
        writeln!(out, "Actor: {a}.")?;
    }
    if let Some(c) = data.actor_name(e.counterparty) {
        writeln!(out, "Counterparty: {c}.")?;
    }
    if let Some(a) = &e.amount {
        let note = a.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
        writeln!(out, "Amount: {}{note}.", amount(a.value, &a.currency))?;
    }
    para(out, &e.summary, "")?;
    if let Some(q) = &e.quote {
        para(out, &format!("Quote from {}: \"{}\"", q.by, q.text), "")?;
    }
    for (n, &s) in e.sources.iter().enumerate() {
        let s = &data.sources[s];
        let date = s.published.map(|d| format!(", {}", d.short())).unwrap_or_default();
        writeln!(out, "Source {}: {}{date}. {}. {}", n + 1, s.publisher, s.title, s.url)?;
    }
    for r in data.related(i).iter().filter(|r| app.is_visible(r.event)) {
        let o = &data.events[r.event];
        writeln!(
            out,
            "Related ({}): {} {}, {}.",
            r.label(),
            o.date.short(),
            o.title,
            Gap::between(e.date, o.date).words_to("this event")
        )?;
    }
    for q in &e.questions {
        para(out, &format!("Question: {q}"), "")?;
    }
    Ok(())
}
