//! CSV in the column layout of the TimelineJS Google Sheets template, so the rows can be pasted
//! into a copy of the template: a title row, then one row per event.
//!
//! Written by hand (RFC 4180: fields with `,` `"` or line breaks are quoted, quotes doubled,
//! CRLF line ends) rather than with the `csv` crate: it is eighteen columns of strings and the
//! one rule the crate would not apply for us is the formula-injection guard below.
//! Headline, Text, credit and caption are HTML to TimelineJS, so dataset text in them is escaped.

use std::borrow::Cow;
use std::io::{self, Write};

use super::timelinejs::{display_date, intro_html, media, slides, text_html};
use super::{Selection, escape_html as esc};
use crate::data::PartialDate;

/// The template's columns, in order.
pub const COLUMNS: [&str; 18] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
];

/// Writes the sheet.
pub fn write(selection: &Selection<'_>, out: &mut impl Write) -> io::Result<()> {
    row(out, &COLUMNS.map(String::from))?;
    let mut title: [String; 18] = Default::default();
    title[9] = esc(selection.heading());
    title[10] = intro_html(selection);
    title[15] = "title".into();
    row(out, &title)?;
    let data = selection.data;
    for item in slides(selection) {
        let e = &data.events[item.event];
        let mut r: [String; 18] = Default::default();
        r[0..3].clone_from_slice(&date_cells(e.date));
        if let Some(end) = e.end_date {
            r[4..7].clone_from_slice(&date_cells(end));
        }
        r[8] = display_date(e).unwrap_or_default();
        r[9] = esc(&e.title);
        r[10] = text_html(data, &item);
        if let Some((url, credit, caption)) = media(data, e) {
            (r[11], r[12], r[13]) = (url, credit, caption);
        }
        r[16] = e.kind.name().into();
        row(out, &r)?;
    }
    Ok(())
}

/// Year, month and day cells at the date's precision; finer ones stay empty.
fn date_cells(d: PartialDate) -> [String; 3] {
    let cell = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    [d.year().to_string(), cell(d.month()), cell(d.day())]
}

fn row(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    let line: Vec<String> = cells.iter().map(|c| quote(&defuse(c)).into_owned()).collect();
    write!(out, "{}\r\n", line.join(","))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return first) gets a leading apostrophe, which spreadsheets read as "this is text".
/// Plain numbers are left alone: a BCE year is `-520`, not a formula.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number =
        cell.strip_prefix('-').is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    if risky && !number { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// Quotes a field when it needs it, doubling the quotes inside.
pub fn quote(cell: &str) -> Cow<'_, str> {
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(cell)
    }
}
