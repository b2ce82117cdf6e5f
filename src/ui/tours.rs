//! The tour picker: the dataset's curated paths, with their length.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::App;
use crate::text::fit;
use crate::theme::{Role, Theme};

pub struct TourPicker<'a> {
    pub app: &'a App,
    pub cursor: usize,
    pub theme: Theme,
}

impl Widget for TourPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let lines: Vec<Line> = app
            .data
            .tours
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = format!(" {} ({} steps) ", t.title, t.steps.len());
                let style =
                    if i == self.cursor { theme.style(Role::Selected) } else { ratatui::style::Style::new() };
                Line::from(Span::styled(fit(&text, 60), style))
            })
            .collect();
        let box_area = crate::geometry::overlay::tours(app, area);
        let inner = super::overlay(box_area, buf, "Tours", "Enter start · q close", theme);
        Paragraph::new(lines).render(inner, buf);
    }
}
