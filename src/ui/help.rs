//! The help overlay: the keymap's help document in a box, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

use crate::geometry::overlay;
use crate::theme::Theme;

pub struct HelpOverlay {
    pub scroll: usize,
    pub theme: Theme,
}

impl Widget for HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let doc = crate::keymap::help::document();
        let max_scroll = overlay::help_max_scroll(area, doc.len());
        let inner = super::overlay(
            overlay::help(area, doc.len()),
            buf,
            "Keys",
            "j/k scroll · q or ? close",
            self.theme,
        );
        let scroll = self.scroll.min(max_scroll);
        let shown: Vec<_> = doc
            .into_iter()
            .skip(scroll)
            .take(usize::from(inner.height))
            .map(|l| super::line(l, self.theme))
            .collect();
        Paragraph::new(shown).render(inner, buf);
    }
}
