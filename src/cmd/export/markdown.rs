//! A Markdown handout: a heading, the introduction, then one section per event with its facts,
//! summary, quote, sources as links, related events and discussion questions.
//!
//! Dataset text is untrusted, so every piece of it is escaped: it can never become a heading,
//! a link, emphasis or raw HTML in whatever renders the handout.

use std::io::{self, Write};

use super::{PairLine, Selection, evidence_text, kind_text, web_url};
use crate::data::gap::Gap;
use crate::text::amount;

/// What each company said beside what it did, as a table: one line per linked pair.
fn say_vs_do(selection: &Selection<'_>, out: &mut impl Write) -> io::Result<()> {
    let lines = selection.pair_lines();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Say vs. do\n")?;
    writeln!(out, "Each statement beside a contract it is linked to, and the time between them.\n")?;
    writeln!(out, "| {} |", PairLine::COLUMNS.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(PairLine::COLUMNS.len()))?;
    for l in lines {
        let cells = l.cells();
        let cells: Vec<String> = cells.iter().map(|c| inline(c).replace('|', "\\|")).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out)
}

/// Writes the handout.
pub fn write(selection: &Selection<'_>, out: &mut impl Write) -> io::Result<()> {
    let data = selection.data;
    writeln!(out, "# {}\n", inline(selection.heading()))?;
    for paragraph in selection.intro() {
        writeln!(out, "{}\n", block(&paragraph))?;
    }
    let n = selection.items.len();
    writeln!(
        out,
        "*{n} event{}. Every event cites its sources; the evidence level says how firmly.*\n",
        if n == 1 { "" } else { "s" }
    )?;
    say_vs_do(selection, out)?;
    for (number, item) in selection.items.iter().enumerate() {
        let e = &data.events[item.event];
        writeln!(out, "---\n\n## {}. {}\n", number + 1, inline(&e.title))?;
        writeln!(out, "- **Date:** {}", inline(&e.date_text()))?;
        writeln!(out, "- **Company:** {}", inline(data.company_name(e)))?;
        writeln!(out, "- **Kind:** {}", inline(&kind_text(e.kind)))?;
        writeln!(out, "- **Evidence:** {}", inline(&evidence_text(e.evidence)))?;
        if let Some(a) = data.actor_name(e.actor) {
            writeln!(out, "- **Actor:** {}", inline(a))?;
        }
        if let Some(c) = data.actor_name(e.counterparty) {
            writeln!(out, "- **Counterparty:** {}", inline(c))?;
        }
        if let Some(a) = &e.amount {
            let note = a.note.as_deref().map(|n| format!(" · {n}")).unwrap_or_default();
            writeln!(out, "- **Amount:** {}", inline(&format!("{}{note}", amount(a.value, &a.currency))))?;
        }
        if !e.tags.is_empty() {
            writeln!(out, "- **Tags:** {}", inline(&e.tags.join(", ")))?;
        }
        // The id is what `--goto` takes, so a presenter can open the app on this event.
        writeln!(out, "- **Id:** {}", inline(&e.id))?;
        writeln!(out, "\n{}\n", block(&e.summary))?;
        if let Some(q) = &e.quote {
            let publisher = &data.sources[q.source].publisher;
            writeln!(out, "> “{}”\n>\n> — {}, in {}\n", inline(&q.text), inline(&q.by), inline(publisher))?;
        }
        if let Some(note) = item.note {
            writeln!(out, "**Presenter's note:** {}\n", inline(note))?;
        }
        writeln!(out, "**Sources**\n")?;
        for (i, &s) in e.sources.iter().enumerate() {
            let s = &data.sources[s];
            let label = inline(&format!("{}: {}", s.publisher, s.title));
            let label = match web_url(&s.url) {
                Some(url) => format!("[{label}]({})", url_text(url)),
                None => format!("{label} ({})", inline(&s.url)),
            };
            let date = s.published.map(|d| format!(", {}", d.long())).unwrap_or_default();
            let note = s.note.as_deref().map(|n| format!(" ({})", inline(n))).unwrap_or_default();
            writeln!(out, "{}. {label}{date} \\[{}\\]{note}", i + 1, s.kind.name())?;
        }
        writeln!(out)?;
        let related = data.related(item.event);
        if !related.is_empty() {
            writeln!(out, "**Related events**\n")?;
            for r in &related {
                let other = &data.events[r.event];
                let gap = Gap::between(e.date, other.date).words_to("this event");
                let note = data.link_note(*r).map(|n| format!(": {}", inline(n))).unwrap_or_default();
                writeln!(
                    out,
                    "- {} *{}* ({}, {gap}){note}",
                    r.label(),
                    inline(&other.title),
                    inline(&other.date.long())
                )?;
            }
            writeln!(out)?;
        }
        if !e.questions.is_empty() {
            writeln!(out, "**Discussion questions**\n")?;
            for (i, q) in e.questions.iter().enumerate() {
                writeln!(out, "{}. {}", i + 1, inline(q))?;
                if selection.worksheet {
                    // Room to write, on paper or in the file.
                    writeln!(
                        out,
                        "\n   Your answer:\n\n   ______________________________________________\n\n   ______________________________________________\n"
                    )?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Text inside a line: every character with Markdown meaning mid-line is escaped, and line
/// breaks become spaces so the text cannot start a block of its own.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph or several: each line escaped, and a line that would start a list, a heading,
/// a quote or a rule is escaped at its start too.
pub fn block(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|line| {
            let escaped = inline(line.trim_start());
            let digits = escaped.chars().take_while(char::is_ascii_digit).count();
            let numbered = digits > 0 && escaped[digits..].starts_with(['.', ')']);
            if escaped.starts_with(['-', '+', '=']) {
                format!("\\{escaped}")
            } else if numbered {
                format!("{}\\{}", &escaped[..digits], &escaped[digits..])
            } else {
                escaped
            }
        })
        .collect();
    // A blank line between paragraphs, as Markdown needs.
    lines.join("\n\n")
}

/// A web address inside `(...)`: the characters that would end or break the link are
/// percent-encoded.
fn url_text(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
