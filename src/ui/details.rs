//! The details pane: everything about the selected event, as a scrollable document.
//!
//! [`document`] builds the wrapped lines for one event at one width. The view draws a window of
//! it and `update` uses it to scroll and to find which line holds which related event, so both
//! agree. It costs one event's text, whatever the size of the dataset.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{kind_span, pane_block};
use crate::app::{App, Pane};
use crate::data::date::gap_phrase;
use crate::text::{amount, wrap};
use crate::theme::{Role, Theme};

/// One wrapped line, and the related event it shows (index into the selection's related list).
pub struct DocLine {
    pub line: Line<'static>,
    pub link: Option<usize>,
}

fn plain(line: Line<'static>) -> DocLine {
    DocLine { line, link: None }
}

/// Wraps `text` with a hanging indent, every line in `style`.
fn para(out: &mut Vec<DocLine>, text: &str, width: usize, indent: usize, style: ratatui::style::Style) {
    let pad = " ".repeat(indent);
    for l in wrap(text, width.saturating_sub(indent)) {
        out.push(plain(Line::from(Span::styled(format!("{pad}{l}"), style))));
    }
}

fn heading(out: &mut Vec<DocLine>, text: String, theme: Theme) {
    out.push(plain(Line::default()));
    out.push(plain(Line::from(Span::styled(text, theme.style(Role::Heading)))));
}

/// `label: value` with the value wrapped under itself.
fn field(out: &mut Vec<DocLine>, label: &str, value: &str, width: usize, theme: Theme) {
    let lw = label.chars().count() + 2;
    let lines = wrap(value, width.saturating_sub(lw));
    for (i, l) in lines.into_iter().enumerate() {
        let head = if i == 0 { format!("{label}: ") } else { " ".repeat(lw) };
        out.push(plain(Line::from(vec![Span::styled(head, theme.style(Role::Label)), Span::raw(l)])));
    }
}

/// The selected event as wrapped lines at `width` cells.
pub fn document(app: &App, width: u16) -> Vec<DocLine> {
    let theme = app.theme;
    let w = usize::from(width).max(1);
    let mut out = Vec::new();
    let data = &app.data;
    let Some(e) = app.current().map(|i| &data.events[i]) else { return out };

    para(&mut out, &e.title, w, 0, theme.style(Role::Heading));
    field(&mut out, "Date", &e.date_text(), w, theme);
    field(&mut out, "Company", data.company_name(e), w, theme);
    out.push(plain(Line::from(vec![
        Span::styled("Kind: ", theme.style(Role::Label)),
        kind_span(e.kind, theme),
        Span::raw(format!(" {}   ", e.kind.name())),
        Span::styled("Evidence: ", theme.style(Role::Label)),
        Span::styled(
            format!("{} {}", e.evidence.mark(), e.evidence.name()),
            theme.style(Role::Evidence(e.evidence)),
        ),
    ])));
    if let Some(a) = data.actor_name(e.actor) {
        field(&mut out, "Actor", a, w, theme);
    }
    if let Some(c) = data.actor_name(e.counterparty) {
        field(&mut out, "Counterparty", c, w, theme);
    }
    if let Some(a) = &e.amount {
        let mut s = amount(a.value, &a.currency);
        if let Some(n) = &a.note {
            s = format!("{s} · {n}");
        }
        field(&mut out, "Amount", &s, w, theme);
    }
    out.push(plain(Line::default()));
    para(&mut out, &e.summary, w, 0, ratatui::style::Style::new());

    if let Some(q) = &e.quote {
        out.push(plain(Line::default()));
        para(&mut out, &format!("“{}”", q.text), w, 2, theme.style(Role::Quote));
        let src = &data.sources[q.source];
        para(&mut out, &format!("— {}, in {}", q.by, src.publisher), w, 4, ratatui::style::Style::new());
    }

    heading(&mut out, format!("Sources ({})", e.sources.len()), theme);
    for (n, &si) in e.sources.iter().enumerate() {
        let s = &data.sources[si];
        let date = s.published.map(|d| format!(", {}", d.short())).unwrap_or_default();
        para(
            &mut out,
            &format!("{}. {}{date} [{}]", n + 1, s.publisher, s.kind.name()),
            w,
            0,
            theme.style(Role::Label),
        );
        para(&mut out, &s.title, w, 3, ratatui::style::Style::new());
        para(&mut out, &s.url, w, 3, theme.style(Role::Url));
        if let Some(note) = &s.note {
            para(&mut out, &format!("({note})"), w, 3, theme.style(Role::Dim));
        }
    }
    if !e.tags.is_empty() {
        out.push(plain(Line::default()));
        field(&mut out, "Tags", &e.tags.join(", "), w, theme);
    }

    let related = app.related();
    if !related.is_empty() {
        heading(&mut out, format!("Related ({})  ←/→ choose, Enter go", related.len()), theme);
        for (i, r) in related.iter().enumerate() {
            let other = &data.events[r.event];
            let chosen = i == app.link_cursor;
            let marker = if chosen { "▶ " } else { "  " };
            let gap = gap_phrase(e.date, other.date);
            let first = vec![
                Span::styled(marker, theme.style(Role::Heading)),
                Span::styled(format!("{} ", r.label()), theme.style(Role::Label)),
                kind_span(other.kind, theme),
                Span::raw(format!(" {} ", other.date.short())),
            ];
            let mut line = Line::from(first);
            let used = line.width();
            let title_lines = wrap(&other.title, w.saturating_sub(used).max(8));
            let style = if chosen { theme.style(Role::Selected) } else { theme.style(Role::Linked) };
            if let Some(t) = title_lines.first() {
                line.push_span(Span::styled(t.clone(), style));
            }
            out.push(DocLine { line, link: Some(i) });
            for t in title_lines.iter().skip(1) {
                out.push(DocLine {
                    line: Line::from(Span::styled(format!("{}{t}", " ".repeat(used)), style)),
                    link: Some(i),
                });
            }
            let mut note = format!("{gap} this event");
            if let Some(n) = data.link_note(*r) {
                note = format!("{note}. {n}");
            }
            for l in wrap(&note, w.saturating_sub(4)) {
                out.push(DocLine {
                    line: Line::from(Span::styled(format!("    {l}"), theme.style(Role::Dim))),
                    link: Some(i),
                });
            }
        }
    }

    if !e.questions.is_empty() {
        heading(&mut out, "Questions for discussion".to_string(), theme);
        for q in &e.questions {
            let lines = wrap(q, w.saturating_sub(2));
            for (i, l) in lines.into_iter().enumerate() {
                let head = if i == 0 { "• " } else { "  " };
                out.push(plain(Line::from(format!("{head}{l}"))));
            }
        }
    }
    // Search matches are marked line by line (a match split by wrapping is not).
    let query = app.highlight();
    if query.is_some() {
        for d in &mut out {
            let line = std::mem::take(&mut d.line);
            d.line = super::highlight::line(line, query, theme.style(Role::Matched));
        }
    }
    out
}

/// Draws the details pane.
pub struct DetailsView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for DetailsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let focused = app.focus == Pane::Details;
        let block: Block = pane_block(Pane::Details, focused, self.theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let doc = document(app, inner.width);
        let total = doc.len();
        let h = usize::from(inner.height);
        let lines: Vec<Line> = doc.into_iter().skip(app.details_scroll).take(h).map(|d| d.line).collect();
        Paragraph::new(lines).render(inner, buf);
        // A scroll position in the bottom border, so a reader knows there is more.
        if total > h && inner.width > 12 {
            let pos =
                format!(" {}-{}/{} ", app.details_scroll + 1, (app.details_scroll + h).min(total), total);
            let x = area.right().saturating_sub(crate::text::width(&pos) as u16 + 1);
            buf.set_string(x, area.bottom().saturating_sub(1), pos, self.theme.style(Role::Dim));
        }
    }
}
