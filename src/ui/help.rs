//! The help overlay, generated from the keymap table so it always tells the truth.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::data::Kind;
use crate::keymap::{Group, all_bindings, label};
use crate::text::pad;
use crate::theme::{Role, Theme};

pub struct HelpOverlay {
    pub scroll: usize,
    pub theme: Theme,
}

/// Every line of the help, unscrolled.
pub fn lines(theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for group in Group::ALL {
        out.push(Line::from(Span::styled(group.title(), theme.style(Role::Heading))));
        for b in all_bindings().filter(|b| b.group == group) {
            let keys: Vec<String> = b.keys.iter().map(|k| label(*k)).collect();
            out.push(Line::from(vec![
                Span::styled(pad(&format!("  {}", keys.join(" ")), 20), theme.style(Role::Label)),
                Span::raw(b.desc),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled("Kinds", theme.style(Role::Heading))));
    for k in Kind::ALL {
        out.push(Line::from(vec![
            Span::raw("  "),
            super::kind_span(k, theme),
            Span::raw(format!(" {:<11}", k.name())),
            Span::styled(format!("{:?}", k.side()).to_lowercase(), theme.style(Role::Dim)),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled("Evidence", theme.style(Role::Heading))));
    for e in crate::data::Evidence::ALL {
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("{} {}", e.mark(), e.name()), theme.style(Role::Evidence(e))),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled("Time ruler", theme.style(Role::Heading))));
    out.push(Line::from(vec![
        Span::raw("  Bars per year (per month for one year): "),
        Span::styled("said", theme.style(Role::Kind(Kind::Statement))),
        Span::raw(", "),
        Span::styled("done", theme.style(Role::Kind(Kind::Contract))),
        Span::raw(", "),
        Span::styled("context", theme.style(Role::Dim)),
        Span::raw(". Click a year to jump."),
    ]));
    out.push(Line::default());
    out.push(Line::from("Mouse: click selects, the wheel scrolls. Hold Shift to select text."));
    out
}

impl Widget for HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let all = lines(self.theme);
        let box_area = area
            .centered(Constraint::Max(86), Constraint::Max(u16::try_from(all.len() + 2).unwrap_or(u16::MAX)));
        let inner = super::overlay(box_area, buf, "Keys", "j/k scroll · q or ? close", self.theme);
        let max_scroll = all.len().saturating_sub(usize::from(inner.height));
        let scroll = self.scroll.min(max_scroll);
        let shown: Vec<Line> = all.into_iter().skip(scroll).take(usize::from(inner.height)).collect();
        Paragraph::new(shown).render(inner, buf);
    }
}
