//! The details pane's document: everything about the selected event as wrapped lines at one
//! width, each piece with its role, which lines show which related event, and which show a
//! source's web address (never indented, so that it can be selected, and linked by the
//! terminal layer where it draws: [`urls`]).
//!
//! The view draws a window of it (styling the roles and marking search matches); `update`
//! asks it how far the pane scrolls, which line holds the chosen link and which link a click
//! lands on, so both agree. It costs one event's text, whatever the size of the dataset.

use ratatui::layout::Rect;

use super::{DocLine, Piece, Screen, inner};
use crate::app::App;
use crate::data::gap::Gap;
use crate::text::{amount, exact_amount, fit, hard_wrap, wrap};
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

/// The most lines a web address takes before it is cut with `…`.
pub const URL_LINES: usize = 3;

/// A web address as the pane shows it: from the pane's first column, cut at exactly `width`
/// cells with no indent and nothing added, so a terminal selection of the lines (a block
/// selection, where the pane has neighbours) joins back into the address; and when that would
/// take more than [`URL_LINES`] lines, the last one ends in `…` (the hyperlink, where the
/// terminal has them, still carries the whole address).
pub fn url_lines(url: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = hard_wrap(url, width);
    if lines.len() > URL_LINES {
        let rest = lines[URL_LINES - 1..].concat();
        lines.truncate(URL_LINES - 1);
        lines.push(fit(&rest, width));
    }
    lines
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
    if let Some(a) = &e.award {
        award(&mut out, a, w);
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
        for l in url_lines(&s.url, w) {
            out.push(DocLine { url: Some(si), ..line(vec![Piece::new(l, Role::Url)]) });
        }
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
                url: None,
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
                    url: None,
                });
            }
            let mut note = gap;
            if let Some(n) = data.link_note(*r) {
                note = format!("{note}. {n}");
            }
            for l in wrap(&note, w.saturating_sub(4)) {
                out.push(DocLine {
                    pieces: vec![Piece::new(format!("    {l}"), Role::Dim)],
                    link: Some(i),
                    url: None,
                });
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

/// The award of record, each figure under the name of what it is: obligated is money
/// committed so far, the ceiling is what the award could reach with every option.
fn award(out: &mut Vec<DocLine>, a: &crate::data::model::Award, w: usize) {
    heading(out, "Award of record (USAspending)".to_string());
    let usd = |v: f64| exact_amount(v, "USD");
    if let Some(k) = &a.key {
        field(out, "Award key", k, w);
    }
    field(out, "PIID", &a.piid, w);
    if let Some(p) = &a.parent_award {
        field(out, "Parent award", p, w);
    }
    if let Some(m) = &a.modification {
        field(out, "Modification", m, w);
    }
    field(out, "Recipient of record", &a.recipient, w);
    if let Some(p) = &a.recipient_parent {
        field(out, "Recipient parent", p, w);
    }
    if let Some(r) = &a.bought_through {
        field(out, "Bought through", &format!("{r} (reseller, the recipient of record)"), w);
    }
    let agency: Vec<&str> = [&a.awarding_agency, &a.awarding_sub_agency, &a.awarding_office]
        .into_iter()
        .filter_map(|x| x.as_deref())
        .collect();
    if !agency.is_empty() {
        field(out, "Awarding", &agency.join(" / "), w);
    }
    if let Some(v) = a.action_obligation {
        field(out, "This action obligated", &usd(v), w);
    }
    let after = if a.modification.is_some() { " (after this action)" } else { "" };
    if let Some(v) = a.obligated {
        field(out, &format!("Obligated{after}"), &usd(v), w);
    }
    if let Some(v) = a.current_total_value {
        field(out, "Current total value", &usd(v), w);
    }
    if let Some(v) = a.potential_total_value {
        field(out, "Ceiling (potential total)", &usd(v), w);
    }
    let period = match (a.period_start, a.period_end) {
        (Some(s), Some(e)) => Some(format!("{} to {}", s.short(), e.short())),
        (Some(s), None) => Some(format!("from {}", s.short())),
        (None, Some(e)) => Some(format!("to {}", e.short())),
        (None, None) => None,
    };
    if let Some(p) = period {
        field(out, "Period", &p, w);
    }
    if let Some(p) = a.potential_end {
        field(out, "Potential end", &p.short(), w);
    }
    if let Some(d) = &a.description {
        field(out, "Description", d, w);
    }
    if let Some(n) = &a.no_permalink {
        field(out, "No USAspending page", n, w);
    }
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

/// Where a source's web address is drawn: one row of the details pane, and the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlSpan {
    /// One row high, as wide as the part of the address on that row.
    pub area: Rect,
    pub source: usize,
}

/// The web addresses the details pane shows on `screen`, row by row, for the terminal to make
/// them hyperlinks. None while something is drawn over the panes (the help, a picker) or a
/// slide replaces them. It costs the one document the pane draws, whatever the dataset.
pub fn urls(app: &App, screen: &Screen) -> Vec<UrlSpan> {
    use crate::app::Mode;
    if !matches!(app.mode, Mode::Explore | Mode::Prompt(_)) {
        return Vec::new();
    }
    let Some(area) = area(screen) else { return Vec::new() };
    let rows = document(app, area.width).into_iter().skip(app.details_scroll).take(usize::from(area.height));
    let mut out = Vec::new();
    for (row, l) in (0u16..).zip(rows) {
        let Some(source) = l.url else { continue };
        let width = u16::try_from(l.width()).unwrap_or(u16::MAX).min(area.width);
        if width > 0 {
            out.push(UrlSpan { area: Rect::new(area.x, area.y + row, width, 1), source });
        }
    }
    out
}

/// The first line of the document showing related event `link`.
pub fn link_line(doc: &[DocLine], link: usize) -> Option<usize> {
    doc.iter().position(|l| l.link == Some(link))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Size;
    use crate::text::width;

    fn text(l: &DocLine) -> String {
        l.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// Checks the lines of one address: none indented or wider than the pane, at most
    /// [`URL_LINES`], and together the address, or its start and `…`.
    fn check(url: &str, lines: &[String], w: usize) {
        assert!(!lines.is_empty() && lines.len() <= URL_LINES, "{url} at {w}: {lines:?}");
        for l in lines {
            assert!(!l.starts_with(' '), "{url} at {w}: an indented line {l:?}");
            assert!(width(l) <= w, "{url} at {w}: {l:?} is wider than the pane");
        }
        let joined = lines.concat();
        match joined.strip_suffix('…') {
            Some(start) => {
                assert!(url.starts_with(start), "{url} at {w}: cut into {joined:?}");
                assert_eq!(lines.len(), URL_LINES, "{url} at {w}: cut before it needed to be");
                assert!(width(url) > w * URL_LINES, "{url} at {w}: it would have fitted");
            }
            None => assert_eq!(joined, url, "at {w}"),
        }
    }

    #[test]
    fn a_long_address_is_cut_at_the_pane_edge_with_no_indent() {
        let url = "https://businessinsider.in/read-the-memo-microsoft-ceo-satya-nadella-sent-to-employees-about-the-companys-work-for-ice-and-trumps-zero-tolerance-policy/amp_articleshow/64658617.cms";
        for w in [30, 50, 80] {
            check(url, &url_lines(url, w), w);
        }
        assert_eq!(url_lines(url, 80).concat(), url, "three lines of 80 hold it");
        assert!(url_lines(url, 30)[2].ends_with('…'), "three lines of 30 do not");
        assert_eq!(url_lines("https://a.b/", 30), ["https://a.b/"]);
    }

    #[test]
    fn every_source_address_in_the_document_joins_back() {
        let mut app = App::new(crate::testing::small());
        for w in [30u16, 50, 80] {
            for i in 0..app.data.events.len() {
                app.selected = i;
                let doc = document(&app, w);
                for &si in &app.data.events[i].sources {
                    let rows: Vec<usize> = (0..doc.len()).filter(|&r| doc[r].url == Some(si)).collect();
                    // One block of lines, in order, each a single piece in the address's role.
                    assert!(rows.windows(2).all(|p| p[1] == p[0] + 1), "source {si} at {w}: {rows:?}");
                    assert!(
                        rows.iter().all(|&r| doc[r].pieces.len() == 1 && doc[r].pieces[0].role == Role::Url)
                    );
                    let lines: Vec<String> = rows.iter().map(|&r| text(&doc[r])).collect();
                    check(&app.data.sources[si].url, &lines, usize::from(w));
                }
            }
        }
    }

    #[test]
    fn url_spans_are_the_visible_address_rows() {
        let mut app = App::new(crate::testing::small());
        app.viewport = crate::app::Size::new(80, 24);
        let screen = super::super::screen(&app);
        let area = area(&screen).expect("details shown at 80x24");
        let doc = document(&app, area.width);
        // Scrolled so the first address is on the pane's second row.
        app.details_scroll = doc.iter().position(|l| l.url.is_some()).expect("an address") - 1;
        let spans = urls(&app, &screen);
        assert_eq!(spans.first().map(|s| s.area.y), Some(area.y + 1));
        for s in &spans {
            let row = usize::from(s.area.y - area.y) + app.details_scroll;
            assert_eq!(doc[row].url, Some(s.source));
            assert_eq!((s.area.x, s.area.height), (area.x, 1));
            assert_eq!(usize::from(s.area.width), doc[row].width());
        }
        // Scrolled past every address: nothing to link.
        app.details_scroll = doc.len();
        assert!(urls(&app, &screen).is_empty());
        // At the top of a big screen the addresses show; under the help, nothing is linked.
        app.details_scroll = 0;
        let big = Screen::new(Size::new(160, 48), app.focus, true, false);
        assert!(!urls(&app, &big).is_empty());
        app.mode = crate::app::Mode::Help { scroll: 0, over: None };
        assert!(urls(&app, &big).is_empty());
    }
}
