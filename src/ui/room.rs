//! The teacher's room card (`i` while serving a class): the exact line students type, the
//! join code, the host key's fingerprint, and who is connected. Shown when the server
//! starts, so the first thing on the projector is how to join.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::Room;
use crate::geometry::overlay;
use crate::theme::{Role, Theme};

pub struct RoomCard<'a> {
    pub room: &'a Room,
    pub theme: Theme,
}

impl RoomCard<'_> {
    fn lines(&self) -> Vec<Line<'static>> {
        let (room, theme) = (self.room, self.theme);
        let label = |t: &str| Span::styled(t.to_string(), theme.style(Role::Label));
        let mut lines = vec![
            Line::from(label("Students type, in any terminal:")),
            Line::from(Span::styled(format!("  {}", room.join), theme.style(Role::Heading))),
        ];
        if let Some(code) = &room.code {
            lines.push(Line::default());
            lines.push(Line::from(vec![
                label("Join code: "),
                Span::styled(code.clone(), theme.style(Role::Heading)),
            ]));
        }
        lines.extend([
            Line::default(),
            Line::from(vec![label("Host key: "), Span::raw(room.fingerprint.clone())]),
            Line::from(vec![label("Access: "), Span::raw(room.access.clone())]),
            Line::default(),
            Line::from(vec![label("Now: "), Span::raw(room.counts.words())]),
            Line::from(Span::styled(
                "Students follow you as you move; a key of theirs frees them, F follows again.",
                theme.style(Role::Dim),
            )),
        ]);
        lines
    }
}

impl Widget for RoomCard<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = self.lines();
        // As many rows as the lines take, wrapped to the box (72 wide at most, less borders).
        let inside = usize::from(area.width.min(72).saturating_sub(2)).max(1);
        let rows = lines
            .iter()
            .map(|l| {
                let plain: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                crate::text::wrap(&plain, inside).len().max(1)
            })
            .sum();
        let inner = super::overlay(overlay::room(area, rows), buf, "Classroom", "i or Esc close", self.theme);
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    }
}
