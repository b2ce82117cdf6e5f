//! Presenter mode: one event on the whole screen, readable from the back of a room. A large
//! title (block letters when the terminal is wide enough), the date and company, the quote set
//! apart, a short summary, the source line, and a position like `7 / 23`. In a tour step that
//! pairs a statement with a contract, the contract stays hidden until the next key. Presenter
//! notes (the step's note and the discussion questions) show only when asked for.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::kind_span;
use crate::app::{App, Present};
use crate::data::gap::Gap;
use crate::text::{fit, wrap};
use crate::theme::{Role, Theme};

/// Block letters are 4 cells wide and 4 rows tall (quadrant pixels of an 8x8 font).
const BIG_W: usize = 4;
const BIG_H: u16 = 4;

pub struct PresentView<'a> {
    pub app: &'a App,
    /// The slide: whether its contracts are revealed.
    pub slide: Present,
    pub theme: Theme,
}

/// The title as block-letter lines, if it fits in three of them and the font has every letter.
fn big_title(title: &str, width: u16, height: u16) -> Option<Vec<String>> {
    if width < 100 || height < 30 || !title.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return None;
    }
    let per_line = usize::from(width.saturating_sub(4)) / BIG_W;
    let lines = wrap(title, per_line);
    (lines.len() <= 3).then_some(lines)
}

impl Widget for PresentView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let Some(i) = app.current() else { return };
        let data = &app.data;
        let e = &data.events[i];
        let (pos, total) = app.position();
        let tour = app.tour.map(|t| data.tours[t.tour].title.as_str());
        let header = match tour {
            Some(t) => format!(" {t} "),
            None => format!(" {} ", data.title),
        };
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(theme.style(Role::Border { focused: true }))
            .title(Line::from(Span::styled(
                fit(&header, usize::from(area.width) / 2),
                theme.style(Role::Heading),
            )))
            .title(
                Line::from(Span::styled(
                    format!(" {pos} / {total} "),
                    theme.style(Role::Title { focused: true }),
                ))
                .right_aligned(),
            )
            .title_bottom(
                Line::from(" Space/→ next · ← back · n notes · T theme · Esc explore ").right_aligned(),
            );
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width < 10 || inner.height < 5 {
            return;
        }
        let inner = Rect::new(
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(2),
            inner.height.saturating_sub(1),
        );

        // Title: block letters when they fit, bold text otherwise.
        let big = big_title(&e.title, area.width, area.height);
        let title_h = match &big {
            Some(lines) => BIG_H * u16::try_from(lines.len()).unwrap_or(3),
            None => u16::try_from(wrap(&e.title, usize::from(inner.width)).len()).unwrap_or(3),
        };
        let notes_on = app.notes;
        let [title_area, _, body, notes_area] = Layout::vertical([
            Constraint::Length(title_h),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(if notes_on { inner.height / 3 } else { 0 }),
        ])
        .areas(inner);
        match big {
            Some(lines) => {
                let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
                BigText::builder()
                    .pixel_size(PixelSize::Quadrant)
                    .style(theme.style(Role::Heading))
                    .lines(lines)
                    .build()
                    .render(title_area, buf);
            }
            None => Paragraph::new(Span::styled(e.title.to_string(), theme.style(Role::Heading)))
                .wrap(Wrap { trim: true })
                .render(title_area, buf),
        }

        let mut lines = Vec::new();
        let date = e.date_words();
        lines.push(Line::from(vec![
            Span::styled(format!("{date} · {} · ", data.company_name(e)), theme.style(Role::Heading)),
            kind_span(e.kind, theme),
            Span::raw(format!(" {} · ", e.kind.name())),
            Span::styled(
                format!("{} {}", e.evidence.mark(), e.evidence.name()),
                theme.style(Role::Evidence(e.evidence)),
            ),
        ]));
        lines.push(Line::default());
        if let Some(q) = &e.quote {
            for l in wrap(&format!("“{}”", q.text), usize::from(inner.width).saturating_sub(8)) {
                lines.push(Line::from(Span::styled(
                    format!("    {l}"),
                    theme.style(Role::Quote).patch(theme.style(Role::Heading)),
                )));
            }
            lines.push(Line::from(format!("        — {}", q.by)));
            lines.push(Line::default());
        }
        for l in wrap(&e.summary, usize::from(inner.width)) {
            lines.push(Line::from(l));
        }
        lines.push(Line::default());
        if let Some(&s) = e.sources.first() {
            let s = &data.sources[s];
            let date = s.published.map(|d| format!(", {}", d.short())).unwrap_or_default();
            let more =
                if e.sources.len() > 1 { format!(" (+{} more)", e.sources.len() - 1) } else { String::new() };
            lines.push(Line::from(vec![
                Span::styled("Source: ", theme.style(Role::Label)),
                Span::raw(format!("{}{date}: {}{more}", s.publisher, s.title)),
            ]));
        }
        lines.extend(reveal_lines(app, self.slide, i, inner.width, theme));
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(body, buf);

        if notes_on {
            notes(app, i, theme).render(notes_area, buf);
        }
    }
}

/// The reveal: in a tour, what the statement is linked to on the "done" side.
fn reveal_lines(app: &App, slide: Present, i: usize, width: u16, theme: Theme) -> Vec<Line<'static>> {
    if app.tour.is_none() {
        return Vec::new();
    }
    let targets = app.reveal_targets(i);
    if targets.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::default()];
    if !slide.revealed {
        out.push(Line::from(Span::styled(
            format!(
                "What did the company do? {} linked contract action(s): press Space to reveal.",
                targets.len()
            ),
            theme.style(Role::Label),
        )));
        return out;
    }
    out.push(Line::from(Span::styled("What it did", theme.style(Role::Heading))));
    let e = &app.data.events[i];
    for r in targets.iter().take(3) {
        let o = &app.data.events[r.event];
        let amount = o
            .amount
            .as_ref()
            .map(|a| format!(" · {}", crate::text::amount(a.value, &a.currency)))
            .unwrap_or_default();
        let line = format!(
            " {} ({}) · {}{amount}",
            o.title,
            o.date.short(),
            Gap::between(e.date, o.date).words_to(&format!("this {}", e.kind.name()))
        );
        out.push(Line::from(vec![
            Span::raw("  "),
            kind_span(o.kind, theme),
            Span::styled(fit(&line, usize::from(width).saturating_sub(4)), Style::new()),
        ]));
    }
    out
}

/// The presenter's notes: the tour step's note, then the discussion questions.
fn notes(app: &App, i: usize, theme: Theme) -> Paragraph<'static> {
    let mut lines = Vec::new();
    if let Some(t) = app.tour {
        let step = app.data.tours[t.tour].steps.get(t.step).filter(|s| s.event == i);
        if let Some(note) = step.and_then(|s| s.note.clone()) {
            lines.push(Line::from(vec![
                Span::styled("Note: ", theme.style(Role::Label)),
                Span::raw(note.to_string()),
            ]));
        }
    }
    for q in &app.data.events[i].questions {
        lines.push(Line::from(format!("• {q}")));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("No notes for this event.", theme.style(Role::Dim))));
    }
    Paragraph::new(lines).wrap(Wrap { trim: true }).block(
        Block::bordered()
            .title(Line::from(Span::styled(" Presenter notes (n hides) ", theme.style(Role::Heading)))),
    )
}
