//! A self-contained HTML handout: one file, inline CSS that reads on screen and prints cleanly,
//! no scripts, no external requests.
//!
//! Dataset text is untrusted: all of it is escaped (`& < > " '`), only http(s) addresses become
//! links, and a Content-Security-Policy forbids scripts and remote loads as a second fence.

use std::io::{self, Write};

use super::{PairLine, Selection, escape_html as esc, evidence_text, kind_text, web_url};
use crate::data::gap::Gap;
use crate::data::{Event, Evidence};
use crate::text::amount;

const STYLE: &str = r#"
:root { --ink: #1b1b1b; --dim: #5a5a5a; --rule: #d0d0d0; --say: #1f5fa8; --do: #b3261e; --context: #6b6b6b; }
* { box-sizing: border-box; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin-bottom: .4rem; }
h2 { font-size: 1.3rem; line-height: 1.25; margin: 0 0 .5rem; }
h3 { font: 600 .8rem/1.4 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .05em;
     color: var(--dim); margin: 1rem 0 .3rem; }
.intro, .meta { color: var(--dim); }
article { border-top: 1px solid var(--rule); padding: 1.2rem 0 1rem 1rem; border-left: 4px solid var(--context); margin: 1.2rem 0; }
article.say { border-left-color: var(--say); }
article.do { border-left-color: var(--do); }
.number { color: var(--dim); font-weight: normal; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0 .8rem;
           font: .9rem/1.45 system-ui, sans-serif; }
dl.facts dt { color: var(--dim); }
dl.facts dd { margin: 0; }
blockquote { margin: .8rem 0; padding: .2rem 0 .2rem 1rem; border-left: 2px solid var(--rule); font-style: italic; }
blockquote footer { font-style: normal; color: var(--dim); font-size: .9rem; }
.note { background: #f4f1e8; padding: .5rem .7rem; font-size: .95rem; }
ol, ul { padding-left: 1.4rem; margin: .2rem 0; }
li { margin: .15rem 0; }
.kind { color: var(--dim); font-size: .85rem; }
.answer { min-height: 4.5rem; margin: .4rem 0 .8rem; border-bottom: 1px solid var(--rule);
          background: repeating-linear-gradient(transparent 0 1.45rem, var(--rule) 1.45rem 1.5rem); }
a { color: #1a4f8b; }
.say-vs-do table { border-collapse: collapse; width: 100%; font: .85rem/1.35 system-ui, sans-serif; }
.say-vs-do th, .say-vs-do td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid var(--rule); }
.say-vs-do td:nth-child(2) { border-left: 3px solid var(--say); }
.say-vs-do td:nth-child(4) { border-left: 3px solid var(--do); }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; color: #000; }
  article { break-inside: avoid-page; border-left-width: 3px; }
  h1, h2, h3 { break-after: avoid-page; }
  a { color: #000; text-decoration: none; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 8.5pt; word-break: break-all; color: #333; }
  .note { background: none; border: 1px solid #999; }
}
"#;

/// Writes the handout.
pub fn write(selection: &Selection<'_>, out: &mut impl Write) -> io::Result<()> {
    let heading = esc(selection.heading());
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<title>{heading}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>")?;
    writeln!(out, "<h1>{heading}</h1>")?;
    for paragraph in selection.intro() {
        writeln!(out, "{}", paragraphs(&paragraph, "intro"))?;
    }
    let n = selection.items.len();
    writeln!(
        out,
        "<p class=\"meta\">{n} event{}. Every event cites its sources; the evidence level says how firmly.</p>",
        if n == 1 { "" } else { "s" }
    )?;
    writeln!(out, "</header>\n<main>")?;
    say_vs_do(selection, out)?;
    for (number, item) in selection.items.iter().enumerate() {
        article(selection, number + 1, item.event, item.note, out)?;
    }
    writeln!(out, "</main>\n</body>\n</html>")
}

/// What each company said beside what it did, as a table: one line per linked pair.
fn say_vs_do(selection: &Selection<'_>, out: &mut impl Write) -> io::Result<()> {
    let lines = selection.pair_lines();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "<section class=\"say-vs-do\">\n<h2>Say vs. do</h2>")?;
    writeln!(out, "<p>Each statement beside a contract it is linked to, and the time between them.</p>")?;
    writeln!(
        out,
        "<table>\n<thead><tr>{}</tr></thead>\n<tbody>",
        PairLine::COLUMNS.iter().map(|c| format!("<th>{}</th>", capitalized(c))).collect::<String>()
    )?;
    for l in lines {
        let cells = l.cells();
        let row: String = cells.iter().map(|c| format!("<td>{}</td>", esc(c))).collect();
        writeln!(out, "<tr>{row}</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn article(
    selection: &Selection<'_>,
    number: usize,
    i: usize,
    note: Option<&str>,
    out: &mut impl Write,
) -> io::Result<()> {
    let data = selection.data;
    let e = &data.events[i];
    let side = match e.kind.side() {
        crate::data::Side::Say => "say",
        crate::data::Side::Do => "do",
        crate::data::Side::Context => "context",
    };
    writeln!(out, "<article id=\"{}\" class=\"{side}\">", anchor(e))?;
    writeln!(out, "<h2><span class=\"number\">{number}.</span> {}</h2>", esc(&e.title))?;
    writeln!(out, "<dl class=\"facts\">")?;
    let mut fact = |label: &str, value: &str| writeln!(out, "<dt>{label}</dt><dd>{}</dd>", esc(value));
    fact("Date", &e.date_text())?;
    fact("Company", data.company_name(e))?;
    fact("Kind", &kind_text(e.kind))?;
    fact("Evidence", &evidence_text(e.evidence))?;
    if let Some(a) = data.actor_name(e.actor) {
        fact("Actor", a)?;
    }
    if let Some(c) = data.actor_name(e.counterparty) {
        fact("Counterparty", c)?;
    }
    if let Some(a) = &e.amount {
        let note = a.note.as_deref().map(|n| format!(" · {n}")).unwrap_or_default();
        fact("Amount", &format!("{}{note}", amount(a.value, &a.currency)))?;
    }
    if !e.tags.is_empty() {
        fact("Tags", &e.tags.join(", "))?;
    }
    // The id is what `--goto` takes, so a presenter can open the app on this event.
    fact("Id", &e.id)?;
    writeln!(out, "</dl>")?;
    writeln!(out, "{}", paragraphs(&e.summary, "summary"))?;
    if let Some(q) = &e.quote {
        let publisher = &data.sources[q.source].publisher;
        writeln!(
            out,
            "<blockquote><p>“{}”</p><footer>— {}, in {}</footer></blockquote>",
            esc(&q.text).replace('\n', "<br>"),
            esc(&q.by),
            esc(publisher)
        )?;
    }
    if let Some(note) = note {
        writeln!(out, "<p class=\"note\"><strong>Presenter's note.</strong> {}</p>", esc(note))?;
    }
    writeln!(out, "<h3>Sources</h3>\n<ol class=\"sources\">")?;
    for &s in &e.sources {
        let s = &data.sources[s];
        let label = format!("{}: <cite>{}</cite>", esc(&s.publisher), esc(&s.title));
        let label = match web_url(&s.url) {
            Some(url) => format!("<a href=\"{}\">{label}</a>", esc(url)),
            None => format!("{label} ({})", esc(&s.url)),
        };
        let date = s.published.map(|d| format!(", {}", esc(&d.long()))).unwrap_or_default();
        let note = s.note.as_deref().map(|n| format!(" ({})", esc(n))).unwrap_or_default();
        writeln!(out, "<li>{label}{date} <span class=\"kind\">[{}]</span>{note}</li>", s.kind.name())?;
    }
    writeln!(out, "</ol>")?;
    let related = data.related(i);
    if !related.is_empty() {
        writeln!(out, "<h3>Related events</h3>\n<ul>")?;
        for r in &related {
            let other = &data.events[r.event];
            // Only events in this file can be jumped to; the rest are named.
            let title = if selection.contains(r.event) {
                format!("<a href=\"#{}\">{}</a>", anchor(other), esc(&other.title))
            } else {
                format!("<em>{}</em>", esc(&other.title))
            };
            let gap = Gap::between(e.date, other.date).words_to("this event");
            let note = data.link_note(*r).map(|n| format!(": {}", esc(n))).unwrap_or_default();
            writeln!(out, "<li>{} {title} ({}, {gap}){note}</li>", r.label(), esc(&other.date.long()))?;
        }
        writeln!(out, "</ul>")?;
    }
    if !e.questions.is_empty() {
        writeln!(out, "<h3>Discussion questions</h3>\n<ol>")?;
        for q in &e.questions {
            if selection.worksheet {
                writeln!(out, "<li>{}<div class=\"answer\" aria-label=\"Your answer\"></div></li>", esc(q))?;
            } else {
                writeln!(out, "<li>{}</li>", esc(q))?;
            }
        }
        writeln!(out, "</ol>")?;
    }
    if e.evidence == Evidence::Unverified {
        writeln!(out, "<p class=\"meta\">Unverified: read the sources before repeating this.</p>")?;
    }
    writeln!(out, "</article>")
}

/// The element id for an event, escaped for an attribute.
fn anchor(e: &Event) -> String {
    esc(&format!("event-{}", e.id))
}

/// Each line of `s` as a `<p>` with the class.
fn paragraphs(s: &str, class: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p class=\"{class}\">{}</p>", esc(l)))
        .collect()
}

/// `statement` as a heading: `Statement`.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
