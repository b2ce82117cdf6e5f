//! `ethics-timeline export`: the dataset, one tour or the events a filter matches, written as a
//! class handout (Markdown, self-contained HTML) or for TimelineJS (spreadsheet CSV, JSON).
//!
//! [`Selection`] decides which events go out and in what order; each format lives in its own
//! module and writes into any `Write`. Every export tells stderr what its format cannot carry
//! ([`losses`]), so nobody mistakes a TimelineJS file for the sourced dataset.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod timelinejs;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{Audience, ExportFormat};
use crate::data::model::Tour;
use crate::data::{Dataset, Evidence, Kind, Side, Text};
use crate::filter::Filter;
use crate::search::SearchIndex;
use crate::text::plural;

/// One event to export, with the presenter's note when it is a tour step.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub event: usize,
    pub note: Option<&'a str>,
}

/// The events to export, in the order they are written.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    pub data: &'a Dataset,
    pub tour: Option<&'a Tour>,
    pub items: Vec<Item<'a>>,
    /// For students: the questions become a worksheet, with room to write.
    pub worksheet: bool,
}

impl<'a> Selection<'a> {
    /// Every event, in date order.
    pub fn all(data: &'a Dataset) -> Self {
        Self {
            data,
            tour: None,
            items: (0..data.events.len()).map(|event| Item { event, note: None }).collect(),
            worksheet: false,
        }
    }

    /// A tour's steps in tour order, or every event in date order, keeping those the filter
    /// matches. An unknown tour or a bad filter is an error with the closest names, else what
    /// exists.
    pub fn pick(data: &'a Dataset, tour: Option<&str>, filter: Option<&str>) -> Result<Self, String> {
        let filter = match filter.map(|f| Filter::from_text(f, data)).transpose() {
            Ok(f) => f.unwrap_or_default(),
            Err(e) => return Err(format!("--filter: {e}")),
        };
        let mut selection = match tour {
            None => Self::all(data),
            Some(id) => {
                let Some(tour) = data.tours.iter().find(|t| t.id == id) else {
                    return Err(format!("--tour: no tour \"{id}\"; {}", crate::suggest::tour(data, id)));
                };
                let items =
                    tour.steps.iter().map(|s| Item { event: s.event, note: s.note.as_deref() }).collect();
                Self { data, tour: Some(tour), items, worksheet: false }
            }
        };
        if !filter.is_empty() {
            let index = SearchIndex::build(data);
            let mut keep = vec![false; data.events.len()];
            for e in filter.matching(data, &index) {
                keep[e] = true;
            }
            selection.items.retain(|item| keep.get(item.event) == Some(&true));
        }
        Ok(selection)
    }

    /// The handout for students: no presenter's notes, the questions as a worksheet.
    #[must_use]
    pub fn for_students(mut self) -> Self {
        for item in &mut self.items {
            item.note = None;
        }
        self.worksheet = true;
        self
    }

    /// The heading of the export: the tour's title, else the dataset's.
    pub fn heading(&self) -> &'a str {
        self.tour.map_or(self.data.title.as_str(), |t| t.title.as_str())
    }

    /// The paragraphs under the heading: the tour's description (after the dataset it comes
    /// from), else the dataset's description.
    pub fn intro(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(t) = self.tour {
            out.push(format!("A tour of “{}”.", self.data.title));
            out.extend(t.description.iter().map(Text::to_string));
        } else if !self.data.description.is_empty() {
            out.push(self.data.description.to_string());
        }
        out
    }

    /// The say-vs-do pairs among the exported events, by the statement's date, as the lines
    /// of the handouts' table.
    pub fn pair_lines(&self) -> Vec<PairLine> {
        let data = self.data;
        let mut keep = vec![false; data.events.len()];
        for item in &self.items {
            keep[item.event] = true;
        }
        let publishers = |e: usize| {
            let mut p: Vec<&str> =
                data.events[e].sources.iter().map(|&s| data.sources[s].publisher.as_str()).collect();
            p.dedup();
            p.join(", ")
        };
        crate::data::pairs::pairs(data, |e| keep[e])
            .into_iter()
            .map(|p| {
                let (s, c) = (&data.events[p.said], &data.events[p.did]);
                let amount = c.amount.as_ref().map(|a| {
                    let note = a.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
                    format!("{}{note}", crate::text::amount(a.value, &a.currency))
                });
                PairLine {
                    company: data.company_name(s).to_string(),
                    statement: s.title.to_string(),
                    statement_date: s.date.long(),
                    contract: c.title.to_string(),
                    contract_date: c.date.long(),
                    gap: p.gap(data).words(),
                    amount,
                    sources: format!("said: {}; did: {}", publishers(p.said), publishers(p.did)),
                }
            })
            .collect()
    }

    /// Whether the event is part of this export (so a link to it can be followed).
    pub fn contains(&self, event: usize) -> bool {
        self.items.iter().any(|i| i.event == event)
    }
}

/// One line of the handouts' say-vs-do table, as plain text (each format escapes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairLine {
    pub company: String,
    pub statement: String,
    pub statement_date: String,
    pub contract: String,
    pub contract_date: String,
    /// "25 days later": the contract relative to the statement.
    pub gap: String,
    /// The contract's amount with what it is ("USD 19.4 million (reported value)").
    pub amount: Option<String>,
    /// The publishers each side cites.
    pub sources: String,
}

impl PairLine {
    /// The table's column headings, in the order of [`PairLine::cells`].
    pub const COLUMNS: [&'static str; 8] =
        ["company", "statement", "date", "contract", "date", "gap", "amount", "sources"];

    /// The line's cells, as plain text, in the order of [`PairLine::COLUMNS`].
    pub fn cells(self) -> [String; 8] {
        [
            self.company,
            self.statement,
            self.statement_date,
            self.contract,
            self.contract_date,
            self.gap,
            self.amount.unwrap_or_default(),
            self.sources,
        ]
    }
}

/// The inputs of one `export` run, straight from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub format: ExportFormat,
    pub filter: Option<&'a str>,
    pub tour: Option<&'a str>,
    pub output: Option<&'a Path>,
    pub audience: Audience,
}

/// Runs `export`: writes to the file named by `-o` or to `out`, and tells `err` what was written
/// and what the format loses. Exit code 2 for a bad tour or filter, 1 when writing fails.
pub fn run(data: &Dataset, request: &Request<'_>, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    let selection = match Selection::pick(data, request.tour, request.filter) {
        Ok(s) if request.audience == Audience::Students => s.for_students(),
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "ethics-timeline: {e}");
            return ExitCode::from(2);
        }
    };
    if selection.items.is_empty() {
        let what = match (request.filter, request.tour) {
            (Some(f), _) => format!("the filter \"{f}\" matches no event"),
            (None, Some(t)) => format!("the tour \"{t}\" has no steps"),
            (None, None) => "the dataset has no events".to_string(),
        };
        let _ = writeln!(err, "ethics-timeline: {what}; nothing was written");
        return ExitCode::from(1);
    }
    let written = match request.output {
        Some(path) => File::create(path).and_then(|f| {
            let mut w = BufWriter::new(f);
            write(&selection, request.format, &mut w)?;
            w.flush()
        }),
        None => write(&selection, request.format, out),
    };
    let target = request.output.map_or_else(|| "standard output".to_string(), |p| p.display().to_string());
    match written {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && request.output.is_none() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "ethics-timeline: cannot write {target}: {e}");
            ExitCode::from(1)
        }
        Ok(()) => {
            let n = selection.items.len();
            let name = format_name(request.format);
            let _ = writeln!(err, "ethics-timeline: wrote {n} event{} as {name} to {target}", plural(n));
            let _ = writeln!(err, "{name} loses:");
            for loss in losses(request.format, &selection) {
                let _ = writeln!(err, "  - {loss}");
            }
            ExitCode::SUCCESS
        }
    }
}

/// Writes the selection in one format.
pub fn write(selection: &Selection<'_>, format: ExportFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        ExportFormat::Markdown => markdown::write(selection, out),
        ExportFormat::Html => html::write(selection, out),
        ExportFormat::Csv => csv::write(selection, out),
        ExportFormat::Timelinejs => timelinejs::write(selection, out),
    }
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Markdown => "Markdown",
        ExportFormat::Html => "HTML",
        ExportFormat::Csv => "TimelineJS CSV",
        ExportFormat::Timelinejs => "TimelineJS JSON",
    }
}

/// What the format cannot carry, in words for the person exporting.
pub fn losses(format: ExportFormat, selection: &Selection<'_>) -> Vec<&'static str> {
    let partial = selection.items.len() < selection.data.events.len();
    let mut out: Vec<&'static str> = match format {
        ExportFormat::Markdown | ExportFormat::Html => {
            let mut v = vec![
                "statements and contracts that nothing links: only in the event list, not the say-vs-do table",
            ];
            if partial {
                v.push("links to events outside this export: they are named, not linked");
            }
            v
        }
        ExportFormat::Csv | ExportFormat::Timelinejs => vec![
            "the say-vs-do comparison: slides are one list",
            "links between events: related events are listed as text in each slide",
            "companies, evidence levels, amounts, quotes and speakers: kept only as text in each slide",
            "sources after the first: links in the slide text, not media; source kinds and notes",
            "actors, counterparties, tags and discussion questions",
            "date qualifiers (circa, before, after): kept only as display-date text",
        ],
    };
    if format == ExportFormat::Csv {
        out.push("event ids: the TimelineJS sheet has no id column, so it makes ids from headlines");
    }
    if matches!(format, ExportFormat::Csv | ExportFormat::Timelinejs) && selection.tour.is_some() {
        out.push(
            "the tour's step order: TimelineJS sorts slides by date (each step's note stays in its slide)",
        );
    }
    out
}

/// The kind with the side of the comparison it falls on: `contract (what the company does)`.
pub fn kind_text(kind: Kind) -> String {
    let side = match kind.side() {
        Side::Say => "what the company says",
        Side::Do => "what the company does",
        Side::Context => "context",
    };
    format!("{} ({side})", kind.name())
}

/// The evidence level with what it means, so a printed page needs no legend.
pub fn evidence_text(evidence: Evidence) -> String {
    let meaning = match evidence {
        Evidence::Confirmed => "a primary source or several independent outlets",
        Evidence::Reported => "one credible outlet",
        Evidence::Disputed => "sources disagree",
        Evidence::Unverified => "only weak sources, or not checked",
    };
    format!("{} {}: {meaning}", evidence.mark(), evidence.name())
}

/// The URL when it is a web address; anything else (`javascript:`, `file:`) is never a link.
pub fn web_url(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
