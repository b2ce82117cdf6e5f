//! The status bar: where you are (`event 12/87`), whose comparison is shown, which pane has
//! focus and the keys that matter there.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::text::{fit, width};
use crate::app::{App, Pane};
use crate::keymap;
use crate::theme::Theme;

/// Shown in every pane, whatever else has to give way.
const ALWAYS: [&str; 2] = ["? help", "q quit"];

pub struct StatusBar<'a> {
    pub app: &'a App,
    pub theme: Theme,
    /// All three panes are on screen; otherwise say how to reach the hidden one.
    pub wide: bool,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let company = app.data.events.get(app.selected).map_or("", |e| app.data.company_name(e));
        let left =
            format!(" event {}/{} · {company} · {} ", app.selected + 1, app.event_count(), app.focus.name());
        let w = usize::from(area.width);
        let left = fit(&left, w);
        // The pane's own keys first, as many as fit; help and quit always.
        let mut pane_hints: Vec<&str> = keymap::hints(app.focus).filter(|h| !ALWAYS.contains(h)).collect();
        if !self.wide {
            pane_hints.insert(1, if app.focus == Pane::Compare { "1 timeline" } else { "3 say/do" });
        }
        let room = w.saturating_sub(width(&left));
        let mut shown: Vec<&str> = Vec::new();
        for h in pane_hints {
            let trial: Vec<&str> = shown.iter().chain([h].iter()).chain(ALWAYS.iter()).copied().collect();
            if width(&format!(" {} ", trial.join(" · "))) <= room {
                shown.push(h);
            }
        }
        shown.extend(ALWAYS);
        let right = fit(&format!(" {} ", shown.join(" · ")), room);
        let line = Line::from(vec![
            Span::styled(left, self.theme.status().add_modifier(ratatui::style::Modifier::BOLD)),
            Span::raw(right),
        ]);
        Paragraph::new(line).render(area, buf);
    }
}
