//! The say-vs-do pane: what the selected event's company said (statements, policies,
//! governance) on the left and what it did (contracts) on the right, on one time axis in the
//! middle. Activism and reporting run across as context rows. Events linked to the selection
//! are marked `↔`; the chosen link and its gap in days are spelled out in the last line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{kind_span, pane_block};
use crate::app::{App, CompareRow, Pane};
use crate::data::date::gap_phrase;
use crate::text::{fit, pad, width};
use crate::theme::{Role, Theme};

const AXIS_W: usize = 12;

pub struct CompareView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for CompareView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let focused = app.focus == Pane::Compare;
        let company = &app.data.companies[app.compare_company()].name;
        let block = pane_block(Pane::Compare, focused, theme)
            .title(Line::from(Span::styled(format!(" {company} "), theme.style(Role::Heading))));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return;
        }
        let w = usize::from(inner.width);
        let side = w.saturating_sub(AXIS_W) / 2;
        let right = w.saturating_sub(AXIS_W + side);
        let mut lines = vec![Line::from(vec![
            Span::styled(pad(" SAID: statement, policy, governance", side), theme.style(Role::Heading)),
            Span::styled(pad(" date", AXIS_W), theme.style(Role::Label)),
            Span::styled(pad(" DID: contract", right), theme.style(Role::Heading)),
        ])];
        let table = app.compare_table();
        let chosen = app.current_link().map(|r| r.event);
        let rows_h = usize::from(inner.height).saturating_sub(2);
        for row in table.rows.iter().skip(app.compare_offset).take(rows_h) {
            lines.push(super::highlight::line(
                row_line(app, *row, side, right, chosen, theme),
                app.highlight(),
                theme.style(Role::Matched),
            ));
        }
        while lines.len() < usize::from(inner.height).saturating_sub(1) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(side)),
                Span::styled(pad(" │", AXIS_W), theme.style(Role::Dim)),
            ]));
        }
        if inner.height >= 2 {
            lines.push(footer(app, w, theme));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// One event in one column: marker, kind letter, title.
fn cell(app: &App, event: usize, w: usize, chosen: Option<usize>, theme: Theme) -> Vec<Span<'static>> {
    let e = &app.data.events[event];
    let selected = event == app.selected;
    let linked = app.data.relation_between(app.selected, event);
    let chosen = chosen == Some(event);
    let marker = match (selected, linked.is_some(), chosen) {
        (true, _, _) => "▶",
        (_, _, true) => "⇒",
        (_, true, _) => "↔",
        _ => " ",
    };
    let title = pad(&e.title, w.saturating_sub(4));
    let style = if selected {
        theme.style(Role::Selected)
    } else if linked.is_some() {
        theme.style(Role::Linked)
    } else {
        ratatui::style::Style::new()
    };
    let mut spans =
        vec![Span::styled(marker.to_string(), style), kind_span(e.kind, theme), Span::styled(" ", style)];
    spans.push(Span::styled(format!("{title} "), style));
    spans
}

/// `chosen` is the event under the link cursor, looked up once per frame.
fn row_line(
    app: &App,
    row: CompareRow,
    side: usize,
    right: usize,
    chosen: Option<usize>,
    theme: Theme,
) -> Line<'static> {
    let Some(first) = row.events().next() else { return Line::default() };
    let date = app.data.events[first].date.short();
    if let Some(c) = row.context {
        // Context runs across both columns as a dimmed band: it is neither said nor done.
        let e = &app.data.events[c];
        let selected = c == app.selected;
        let linked = app.data.relation_between(app.selected, c).is_some();
        let marker = if selected {
            "▶"
        } else if linked {
            "↔"
        } else {
            "┄"
        };
        let style = if selected {
            theme.style(Role::Selected)
        } else if linked {
            theme.style(Role::Linked)
        } else {
            theme.style(Role::Dim)
        };
        let w = side + AXIS_W + right;
        let text = fit(&format!(" {} {date} {} ", e.kind.letter(), e.title), w.saturating_sub(8));
        let fill = w.saturating_sub(width(&text) + 1);
        let left = fill / 2;
        return Line::from(vec![
            Span::styled(format!("{marker}{}", "┄".repeat(left)), style),
            Span::styled(text, style),
            Span::styled("┄".repeat(fill - left), style),
        ]);
    }
    let mut spans = match row.say {
        Some(s) => cell(app, s, side, chosen, theme),
        None => vec![Span::raw(" ".repeat(side))],
    };
    let used: usize = spans.iter().map(Span::width).sum();
    if used < side {
        spans.push(Span::raw(" ".repeat(side - used)));
    }
    spans.push(Span::styled(pad(&format!(" {date}"), AXIS_W), theme.style(Role::Label)));
    if let Some(d) = row.did {
        spans.extend(cell(app, d, right, chosen, theme));
    }
    Line::from(spans)
}

/// The chosen link in words: "↔ C 2018-06 ICE cloud contract: 25 days after this statement".
fn footer(app: &App, w: usize, theme: Theme) -> Line<'static> {
    let data = &app.data;
    let Some(sel) = app.current().map(|i| &data.events[i]) else { return Line::default() };
    let n = app.related().len();
    let Some(rel) = app.current_link() else {
        return Line::from(Span::styled(fit(" No links from this event.", w), theme.style(Role::Dim)));
    };
    let other = &data.events[rel.event];
    let text = format!(
        " ⇒ {}/{n} {}: the {} came {} this {} · {}",
        app.link_cursor + 1,
        rel.label(),
        other.kind.name(),
        gap_phrase(sel.date, other.date),
        sel.kind.name(),
        other.title,
    );
    Line::from(Span::styled(fit(&text, w), theme.style(Role::Heading)))
}
