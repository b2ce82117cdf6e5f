//! The loading screen for big files: which file, how big, what is happening and for how long,
//! so a large dataset never looks like a frozen terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph, Widget};

use crate::data::Phase;
use crate::theme::{Role, Theme};

pub struct LoadingView<'a> {
    pub label: &'a str,
    pub phase: Phase,
    pub read: u64,
    pub total: u64,
    /// Tenths of a second since loading began: drives the moving bar of the phases whose length
    /// is unknown.
    pub tenths: u64,
    pub theme: Theme,
}

impl Widget for LoadingView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        buf.set_style(area, theme.base());
        let box_area = area.centered(Constraint::Max(70), Constraint::Max(7));
        let inner = super::overlay(box_area, buf, "Loading", "Ctrl-C cancels", theme);
        let [title, _, phase, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let mb = |b: u64| b.div_ceil(1 << 20);
        Paragraph::new(Line::from(format!("{} ({} MB)", self.label, mb(self.total)))).render(title, buf);
        let secs = self.tenths as f64 / 10.0;
        let (text, ratio) = match self.phase {
            Phase::Reading => {
                let ratio = if self.total == 0 { 0.0 } else { self.read as f64 / self.total as f64 };
                (format!("Reading: {} of {} MB", mb(self.read), mb(self.total)), Some(ratio.clamp(0.0, 1.0)))
            }
            Phase::Checking => (format!("Checking every event and source ({secs:.1} s)"), None),
            Phase::Preparing | Phase::Done => {
                (format!("Preparing the timeline and the search ({secs:.1} s)"), None)
            }
        };
        Paragraph::new(Line::from(text)).render(phase, buf);
        match ratio {
            Some(r) => Gauge::default()
                .ratio(r)
                .gauge_style(theme.style(Role::Kind(crate::data::Kind::Statement)))
                .render(bar, buf),
            None => {
                // A block sweeping across: alive, with no false promise of how long is left.
                let w = u64::from(bar.width.max(1));
                let at = u16::try_from(self.tenths % w).unwrap_or(0);
                let block = Rect::new(bar.x + at, bar.y, 6.min(bar.width.saturating_sub(at)), 1);
                buf.set_style(block, theme.style(Role::Selected));
            }
        }
    }
}
