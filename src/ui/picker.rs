//! The company picker: tick the companies to show. None ticked shows every company.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::App;
use crate::theme::{Role, Theme};

pub struct PickerOverlay<'a> {
    pub app: &'a App,
    pub cursor: usize,
    pub theme: Theme,
}

impl Widget for PickerOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let chosen = &app.filter.companies;
        let mut lines: Vec<Line> = app
            .data
            .companies
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mark = if chosen.contains(&i) { "[x]" } else { "[ ]" };
                // Counted at load over all events: how many each company has, filter or not.
                let n = app.tables.company_events[i];
                let text = format!(" {mark} {:<24} {n:>4} event{} ", c.name, crate::text::plural(n));
                let style =
                    if i == self.cursor { theme.style(Role::Selected) } else { ratatui::style::Style::new() };
                Line::from(Span::styled(text, style))
            })
            .collect();
        lines.push(Line::default());
        let note = if chosen.is_empty() {
            " No company ticked: all are shown."
        } else {
            " Only ticked companies are shown."
        };
        lines.push(Line::from(Span::styled(note, theme.style(Role::Dim))));
        let inner = super::overlay(
            crate::geometry::overlay::companies(app, area),
            buf,
            "Companies",
            "Space tick · F all · q close",
            theme,
        );
        Paragraph::new(lines).render(inner, buf);
    }
}
