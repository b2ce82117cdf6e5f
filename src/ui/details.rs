//! The details pane: a window of the selected event's document (built by
//! [`geometry::details`](crate::geometry::details)), styled, with search matches marked and a
//! scroll position in the border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::pane_block;
use crate::app::{App, Pane};
use crate::geometry::details::document;
use crate::theme::{Role, Theme};

/// Draws the details pane.
pub struct DetailsView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for DetailsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let focused = app.focus == Pane::Details;
        let block: Block = pane_block(Pane::Details, focused, theme);
        let inner = block.inner(area);
        block.render(area, buf);
        let doc = document(app, inner.width);
        let total = doc.len();
        let h = usize::from(inner.height);
        // Search matches are marked line by line (a match split by wrapping is not).
        let query = app.highlight();
        let lines: Vec<Line> = doc
            .into_iter()
            .skip(app.details_scroll)
            .take(h)
            .map(|d| super::highlight::line(super::line(d, theme), query, theme.style(Role::Matched)))
            .collect();
        Paragraph::new(lines).render(inner, buf);
        // A scroll position in the bottom border, so a reader knows there is more.
        if total > h && inner.width > 12 {
            let pos =
                format!(" {}-{}/{} ", app.details_scroll + 1, (app.details_scroll + h).min(total), total);
            let x = area.right().saturating_sub(crate::text::width(&pos) as u16 + 1);
            buf.set_string(x, area.bottom().saturating_sub(1), pos, theme.style(Role::Dim));
        }
    }
}
