//! The timeline pane: every event in date order under year headings. Only the visible rows are
//! built, so drawing costs the same for ten events or a million.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{highlight, kind_span, pane_block};
use crate::app::{App, Pane, Row};
use crate::text::{fit, pad, width};
use crate::theme::{Role, Theme};

/// Widest date column: `~19 Jun`. The year heading above says the year.
const DATE_W: usize = 7;
const COMPANY_W: usize = 10;
const SHORT_W: usize = 4;

pub struct TimelineView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for TimelineView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let focused = app.focus == Pane::Timeline;
        // The dataset's title on the border, so a room knows what it is looking at.
        let title = fit(&format!(" {} ", app.data.title), usize::from(area.width).saturating_sub(18));
        let block = pane_block(Pane::Timeline, focused, theme)
            .title(Line::from(Span::styled(title, theme.style(Role::Dim))).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        let w = usize::from(inner.width);
        if app.tables.visible.is_empty() {
            let msg = "No event matches the filter. Press 0 to clear it, or f to change it.";
            Paragraph::new(msg)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .style(theme.style(Role::Dim))
                .render(inner, buf);
            return;
        }
        let related = app.related();
        let lines: Vec<Line> = app
            .tables
            .rows
            .iter()
            .skip(app.timeline_offset)
            .take(usize::from(inner.height))
            .map(|row| match *row {
                Row::Year(y) => {
                    let label = format!("── {y} ");
                    let rule = "─".repeat(w.saturating_sub(width(&label)));
                    Line::from(Span::styled(fit(&format!("{label}{rule}"), w), theme.style(Role::Heading)))
                }
                Row::Event(i) => event_line(app, i, w, related.iter().any(|r| r.event == i), theme),
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

/// True when every event on screen is one company's: the filter names one, or the dataset
/// has only one.
fn one_company(app: &App) -> bool {
    app.filter.companies.len() == 1 || app.data.companies.len() == 1
}

fn event_line(app: &App, i: usize, w: usize, linked: bool, theme: Theme) -> Line<'static> {
    let e = &app.data.events[i];
    let selected = i == app.selected;
    let marker = if selected {
        "▶"
    } else if linked {
        "↔"
    } else {
        " "
    };
    let date = e.date_in_year();
    // Narrow panes drop the company column before the title gets too short to read.
    let show_company = w >= 2 + DATE_W + 3 + COMPANY_W + 16;
    let mut spans =
        vec![Span::raw(format!("{marker}{} ", pad(&date, DATE_W))), kind_span(e.kind, theme), Span::raw(" ")];
    // One company on screen needs no company column; narrow panes show the short name
    // (`MSFT`) instead of the full one.
    if !one_company(app) {
        let company = &app.data.companies[e.company];
        let (name, width) = if show_company { (&company.name, COMPANY_W) } else { (&company.short, SHORT_W) };
        spans.push(Span::styled(format!("{} ", pad(name, width)), theme.style(Role::Dim)));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let title_w = w.saturating_sub(used);
    let mut title = pad(&e.title, title_w);
    if title_w == 0 {
        title.clear();
    }
    let style = if linked { theme.style(Role::Linked) } else { ratatui::style::Style::new() };
    spans.push(Span::styled(title, style));
    let mut line = highlight::line(Line::from(spans), app.highlight(), theme.style(Role::Matched));
    if !app.in_tour(i) && !selected {
        // A running tour dims what is not on its path.
        line = line.patch_style(theme.style(Role::OffTour));
    }
    if selected { line.style(theme.style(Role::Selected)) } else { line }
}
