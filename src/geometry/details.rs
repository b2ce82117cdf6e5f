//! The details pane's document: everything about the selected event as wrapped lines at one
//! width, each piece with its role, and which lines show which related event.
//!
//! The view draws a window of it (styling the roles and marking search matches); `update`
//! asks it how far the pane scrolls, which line holds the chosen link and which link a click
//! lands on, so both agree. It costs one event's text, whatever the size of the dataset.

use ratatui::layout::Rect;

use super::{DocLine, Piece, Screen, inner};
use crate::app::App;
use crate::data::gap::Gap;
use crate::text::{amount, wrap};
use crate::theme::Role;

fn line(pieces: Vec<Piece>) -> DocLine {
    DocLine::new(pieces)
}

/// Wraps `text` with a hanging indent, every line in `role`.
fn para(out: &mut Vec<DocLine>, text: &str, width: usize, indent: usize, role: Role) {
    let pad = " ".repeat(indent);
    for l in wrap(text, width.saturating_sub(indent)) {
        out.push(line(vec![Piece::new(format!("{pad}{l}"), role)]));
    }
}

fn heading(out: &mut Vec<DocLine>, text: String) {
    out.push(DocLine::default());
    out.push(line(vec![Piece::new(text, Role::Heading)]));
}

/// `label: value` with the value wrapped under itself.
fn field(out: &mut Vec<DocLine>, label: &str, value: &str, width: usize) {
    let lw = label.chars().count() + 2;
    let lines = wrap(value, width.saturating_sub(lw));
    for (i, l) in lines.into_iter().enumerate() {
        let head = if i == 0 { format!("{label}: ") } else { " ".repeat(lw) };
        out.push(line(vec![Piece::new(head, Role::Label), Piece::plain(l)]));
    }
}

/// The kind letter in its colour: readable with or without colour.
pub fn kind_piece(kind: crate::data::Kind) -> Piece {
    Piece::new(kind.letter().to_string(), Role::Kind(kind))
}

/// The selected event as wrapped lines at `width` cells.
pub fn document(app: &App, width: u16) -> Vec<DocLine> {
    let w = usize::from(width).max(1);
    let mut out = Vec::new();
    let data = &app.data;
    let Some(e) = app.current().map(|i| &data.events[i]) else { return out };

    para(&mut out, &e.title, w, 0, Role::Heading);
    field(&mut out, "Date", &e.date_text(), w);
    field(&mut out, "Company", data.company_name(e), w);
    out.push(line(vec![
        Piece::new("Kind: ", Role::Label),
        kind_piece(e.kind),
        Piece::plain(format!(" {}   ", e.kind.name())),
        Piece::new("Evidence: ", Role::Label),
        Piece::new(format!("{} {}", e.evidence.mark(), e.evidence.name()), Role::Evidence(e.evidence)),
    ]));
    if let Some(a) = data.actor_name(e.actor) {
        field(&mut out, "Actor", a, w);
    }
    if let Some(c) = data.actor_name(e.counterparty) {
        field(&mut out, "Counterparty", c, w);
    }
    if let Some(a) = &e.amount {
        let mut s = amount(a.value, &a.currency);
        if let Some(n) = &a.note {
            s = format!("{s} · {n}");
        }
        field(&mut out, "Amount", &s, w);
    }
    out.push(DocLine::default());
    para(&mut out, &e.summary, w, 0, Role::Plain);

    if let Some(q) = &e.quote {
        out.push(DocLine::default());
        para(&mut out, &format!("“{}”", q.text), w, 2, Role::Quote);
        let src = &data.sources[q.source];
        para(&mut out, &format!("— {}, in {}", q.by, src.publisher), w, 4, Role::Plain);
    }

    heading(&mut out, format!("Sources ({})", e.sources.len()));
    for (n, &si) in e.sources.iter().enumerate() {
        let s = &data.sources[si];
        let date = s.published.map(|d| format!(", {}", d.short())).unwrap_or_default();
        para(&mut out, &format!("{}. {}{date} [{}]", n + 1, s.publisher, s.kind.name()), w, 0, Role::Label);
        para(&mut out, &s.title, w, 3, Role::Plain);
        para(&mut out, &s.url, w, 3, Role::Url);
        if let Some(note) = &s.note {
            para(&mut out, &format!("({note})"), w, 3, Role::Dim);
        }
    }
    if !e.tags.is_empty() {
        out.push(DocLine::default());
        field(&mut out, "Tags", &e.tags.join(", "), w);
    }

    let related = app.related();
    if !related.is_empty() {
        heading(&mut out, format!("Related ({})  ←/→ choose, Enter go", related.len()));
        for (i, r) in related.iter().enumerate() {
            let other = &data.events[r.event];
            let chosen = i == app.link_cursor;
            let marker = if chosen { "▶ " } else { "  " };
            let gap = Gap::between(e.date, other.date).words_to("this event");
            let mut first = DocLine {
                pieces: vec![
                    Piece::new(marker, Role::Heading),
                    Piece::new(format!("{} ", r.label()), Role::Label),
                    kind_piece(other.kind),
                    Piece::plain(format!(" {} ", other.date.short())),
                ],
                link: Some(i),
            };
            let used = first.width();
            let title_lines = wrap(&other.title, w.saturating_sub(used).max(8));
            let role = if chosen { Role::Selected } else { Role::Linked };
            if let Some(t) = title_lines.first() {
                first.pieces.push(Piece::new(t.clone(), role));
            }
            out.push(first);
            for t in title_lines.iter().skip(1) {
                out.push(DocLine {
                    pieces: vec![Piece::new(format!("{}{t}", " ".repeat(used)), role)],
                    link: Some(i),
                });
            }
            let mut note = gap;
            if let Some(n) = data.link_note(*r) {
                note = format!("{note}. {n}");
            }
            for l in wrap(&note, w.saturating_sub(4)) {
                out.push(DocLine { pieces: vec![Piece::new(format!("    {l}"), Role::Dim)], link: Some(i) });
            }
        }
    }

    if !e.questions.is_empty() {
        heading(&mut out, "Questions for discussion".to_string());
        for q in &e.questions {
            let lines = wrap(q, w.saturating_sub(2));
            for (i, l) in lines.into_iter().enumerate() {
                let head = if i == 0 { "• " } else { "  " };
                out.push(line(vec![Piece::plain(format!("{head}{l}"))]));
            }
        }
    }
    out
}

/// Where the document goes on `screen`: the inside of the details pane, if it is shown.
pub fn area(screen: &Screen) -> Option<Rect> {
    screen.details.map(inner)
}

/// How far the details pane scrolls: the lines below its last screenful.
pub fn max_scroll(app: &App, screen: &Screen) -> usize {
    let Some(area) = area(screen) else { return 0 };
    document(app, area.width).len().saturating_sub(usize::from(area.height))
}

/// The first line of the document showing related event `link`.
pub fn link_line(doc: &[DocLine], link: usize) -> Option<usize> {
    doc.iter().position(|l| l.link == Some(link))
}
