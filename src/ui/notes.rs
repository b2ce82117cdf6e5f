//! The presenter's notes screen (`ethics-timeline notes`): in a terminal the room does not
//! see, the step the presenter is on, its note, its discussion questions, what comes next,
//! and the time since the listener started following.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::data::Dataset;
use crate::theme::{Role, Theme};

/// Where the presenter is, as the notes screen knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follow {
    pub event: usize,
    pub tour: Option<usize>,
    pub step: Option<usize>,
}

pub struct NotesView<'a> {
    pub data: &'a Dataset,
    /// `None` while no presenter has said where it is.
    pub follow: Option<Follow>,
    /// Seconds since following began.
    pub seconds: u64,
    pub theme: Theme,
}

impl Widget for NotesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let clock = format!(" {:02}:{:02} ", self.seconds / 60, self.seconds % 60);
        let block = Block::bordered()
            .title(Line::from(Span::styled(" Presenter notes ", theme.style(Role::Heading))))
            .title(Line::from(Span::styled(clock, theme.style(Role::Label))).right_aligned())
            .title_bottom(Line::from(" q quits · follows the presenter on this machine ").right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        let data = self.data;
        let Some(f) = self.follow else {
            Paragraph::new("Waiting for a presenter: start ethics-timeline on this machine and present (p, or a tour with t).")
                .wrap(Wrap { trim: true })
                .render(inner, buf);
            return;
        };
        let heading = |t: String| Line::from(Span::styled(t, theme.style(Role::Heading)));
        let mut lines = Vec::new();
        let tour = f.tour.and_then(|t| data.tours.get(t));
        if let (Some(t), Some(s)) = (tour, f.step) {
            lines.push(Line::from(Span::styled(
                format!("{} · step {} of {}", t.title, s + 1, t.steps.len()),
                theme.style(Role::Label),
            )));
        }
        if let Some(e) = data.events.get(f.event) {
            lines.push(heading(e.title.to_string()));
            lines.push(Line::default());
            let note = tour.zip(f.step).and_then(|(t, s)| t.steps.get(s)).and_then(|s| s.note.as_ref());
            if let Some(n) = note {
                lines.push(Line::from(vec![
                    Span::styled("Note: ", theme.style(Role::Label)),
                    Span::raw(n.to_string()),
                ]));
                lines.push(Line::default());
            }
            if !e.questions.is_empty() {
                lines.push(heading("Questions".into()));
                for q in &e.questions {
                    lines.push(Line::from(format!("• {q}")));
                }
                lines.push(Line::default());
            }
        }
        let next = tour.zip(f.step).and_then(|(t, s)| t.steps.get(s + 1));
        match next.and_then(|s| data.events.get(s.event)) {
            Some(n) => lines.push(Line::from(vec![
                Span::styled("Next: ", theme.style(Role::Label)),
                Span::raw(n.title.to_string()),
            ])),
            None if tour.is_some() => {
                lines.push(Line::from(Span::styled("Last step.", theme.style(Role::Label))))
            }
            None => {}
        }
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    }
}
