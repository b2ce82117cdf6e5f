//! Presenter mode: one event on the whole screen, readable from the back of a room. A large
//! title (block letters when the terminal is wide enough), the date and company, the quote set
//! apart, a short summary, the source line, and a position like `7 / 23`. In a tour step that
//! pairs a statement with a contract, the contract stays hidden until the next key. Presenter
//! notes (the step's note and the discussion questions) show only when asked for.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::kind_span;
use crate::app::{App, Card, Present};
use crate::data::gap::Gap;
use crate::text::{fit_words, width, wrap};
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
        let (left, right) = bottom_line(app, self.slide, usize::from(area.width).saturating_sub(2), theme);
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(theme.style(Role::Border { focused: true }))
            .title(Line::from(Span::styled(
                fit_words(&header, usize::from(area.width) / 2),
                theme.style(Role::Heading),
            )))
            .title(
                Line::from(Span::styled(
                    match self.slide.card {
                        Some(Card::Opening) => format!(" start / {total} "),
                        Some(Card::Closing) => format!(" end / {total} "),
                        None => format!(" {pos} / {total} "),
                    },
                    theme.style(Role::Title { focused: true }),
                ))
                .right_aligned(),
            )
            .title_bottom(left)
            .title_bottom(right.right_aligned());
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

        if let (Some(card), Some(t)) = (self.slide.card, app.tour) {
            card_view(app, t.tour, card, inner, theme).render(inner, buf);
            return;
        }
        let notes_on = app.notes;
        let [main, notes_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(if notes_on { inner.height / 3 } else { 0 }),
        ])
        .areas(inner);
        let w = usize::from(main.width);
        let h = usize::from(main.height);
        // The reveal is the point of the slide: it gets its rows first, and the title, the
        // quote and the summary shrink around it.
        // Expanded (e), the slide's whole text takes the room and the reveal waits.
        let reveal = if self.slide.expanded {
            vec![Line::default(), Line::from(Span::styled("e: back to the reveal", theme.style(Role::Label)))]
        } else {
            reveal_lines(app, self.slide, i, w, h.saturating_sub(3), theme)
        };
        // The latest gap in block letters ("1 MONTH LATER") when the room allows it.
        let big_gap: Vec<String> = if area.width >= 100 && area.height >= 30 && !self.slide.expanded {
            latest_gap(app, self.slide, i).into_iter().filter(|g| g.len() * BIG_W <= w).collect()
        } else {
            Vec::new()
        };
        // Both lines (the gap, the amount) when they fit, the gap alone, or neither.
        let fits = |n: usize| reveal.len() + usize::from(BIG_H) * n + 8 <= h;
        let big_gap: Vec<String> = match big_gap.len() {
            2 if fits(2) => big_gap,
            n if n >= 1 && fits(1) => big_gap.into_iter().take(1).collect(),
            _ => Vec::new(),
        };
        let big_gap_h = usize::from(BIG_H) * big_gap.len();
        let left = h.saturating_sub(reveal.len() + big_gap_h);
        let big =
            big_title(&e.title, area.width, area.height).filter(|l| usize::from(BIG_H) * l.len() + 4 <= left);
        let title_lines: Vec<Line> = match &big {
            Some(_) => Vec::new(),
            None => lines_within(wrap(&e.title, w), 2)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.style(Role::Heading))))
                .collect(),
        };
        let title_h = big.as_ref().map_or(title_lines.len(), |l| usize::from(BIG_H) * l.len());
        let [title_area, _, body] = Layout::vertical([
            Constraint::Length(u16::try_from(title_h).unwrap_or(u16::MAX)),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(main);
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
            None => Paragraph::new(title_lines).render(title_area, buf),
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
        if let Some(a) = &e.amount {
            let with = data.actor_name(e.counterparty).map(|c| format!(" · with {c}")).unwrap_or_default();
            let note = a.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            for l in wrap(&format!("{}{note}{with}", crate::text::amount(a.value, &a.currency)), w) {
                lines.push(Line::from(Span::styled(l, theme.style(Role::Heading))));
            }
        }
        lines.push(Line::default());
        if let Some(q) = &e.quote {
            for l in wrap(&format!("“{}”", q.text), w.saturating_sub(8)) {
                lines.push(Line::from(Span::styled(
                    format!("    {l}"),
                    theme.style(Role::Quote).patch(theme.style(Role::Heading)),
                )));
            }
            lines.push(Line::from(format!("        — {}", q.by)));
            lines.push(Line::default());
        }
        for l in wrap(&e.summary, w) {
            lines.push(Line::from(l));
        }
        lines.push(Line::default());
        if let Some(&s) = e.sources.first() {
            let s = &data.sources[s];
            let date = s.published.map(|d| format!(", {}", d.short())).unwrap_or_default();
            let more =
                if e.sources.len() > 1 { format!(" (+{} more)", e.sources.len() - 1) } else { String::new() };
            let text = format!("Source: {}{date}: {}{more}", s.publisher, s.title);
            lines.extend(
                wrap(&text, w).into_iter().map(|l| Line::from(Span::styled(l, theme.style(Role::Label)))),
            );
        }
        // What does not fit above the reveal gives way, a whole line at a time.
        let room = usize::from(body.height).saturating_sub(reveal.len() + big_gap_h);
        if lines.len() > room {
            lines.truncate(room.saturating_sub(1));
            if room > 0 {
                lines.push(Line::from(Span::styled("…", theme.style(Role::Dim))));
            }
        }
        let shown = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let [content, gap_area, reveal_area] = Layout::vertical([
            Constraint::Length(shown),
            Constraint::Length(u16::try_from(big_gap_h).unwrap_or(0)),
            Constraint::Fill(1),
        ])
        .areas(body);
        Paragraph::new(lines).render(content, buf);
        if !big_gap.is_empty() {
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .style(theme.style(Role::Kind(crate::data::Kind::Contract)))
                .lines(big_gap.into_iter().map(Line::from).collect::<Vec<_>>())
                .build()
                .render(gap_area, buf);
        }
        Paragraph::new(reveal).render(reveal_area, buf);

        if notes_on {
            notes(app, i, theme).render(notes_area, buf);
        }
    }
}

/// A tour's opening card (its title, description and length) or closing card (the questions
/// its steps raised, and how to go on).
/// The frame's bottom line: the time and, in a classroom, the badge on the left; the keys
/// on the right, as many as the room leaves (the badge comes first: a free student must see
/// how to follow again).
fn bottom_line(app: &App, slide: Present, room: usize, theme: Theme) -> (Line<'static>, Line<'static>) {
    let time = app.elapsed().map(|t| format!(" {t} ")).unwrap_or_default();
    let badge = super::status::classroom_badge(app, room.saturating_sub(width(&time) + 10) * 2 / 3);
    let used = width(&time) + badge.as_ref().map_or(0, |(t, _)| width(t)) + 1;
    let keys: Vec<String> = match slide.jump {
        Some(0) => vec![" go to step: type its number, then Enter ".into(), " step: number, Enter ".into()],
        Some(n) => vec![format!(" go to step {n}: Enter "), " Enter ".into()],
        None => {
            // A student's session has no notes, and F to follow the presenter instead.
            let own = if app.follow.is_some() { "F follow" } else { "n notes" };
            vec![
                format!(" Space/→ next · ← back · {own} · T theme · Esc explore · q quit "),
                " Space/→ next · ← back · Esc explore · q quit ".into(),
                " Space next · ← back · ? keys ".into(),
                " ? keys ".into(),
            ]
        }
    };
    let right = keys.into_iter().find(|k| width(k) + used <= room).unwrap_or_default();
    let mut left = vec![Span::styled(time, theme.style(Role::Label))];
    if let Some((text, role)) = badge {
        left.push(Span::styled(text, theme.style(role)));
    }
    (Line::from(left), Line::from(right))
}

fn card_view(app: &App, tour: usize, card: Card, area: Rect, theme: Theme) -> Paragraph<'static> {
    let data = &app.data;
    let t = &data.tours[tour];
    let w = usize::from(area.width);
    let heading = |text: &str| Line::from(Span::styled(text.to_string(), theme.style(Role::Heading)));
    let mut lines = Vec::new();
    match card {
        Card::Opening => {
            lines.extend(wrap(&t.title, w).iter().map(|l| heading(l)));
            lines.push(Line::default());
            if let Some(d) = &t.description {
                lines.extend(wrap(d, w).into_iter().map(Line::from));
                lines.push(Line::default());
            }
            let n = t.steps.len();
            lines.push(Line::from(Span::styled(
                format!(
                    "{n} step{} · Space to begin · a number and Enter goes to that step",
                    crate::text::plural(n)
                ),
                theme.style(Role::Label),
            )));
        }
        Card::Closing => {
            lines.extend(wrap(&format!("End of the tour: {}", t.title), w).iter().map(|l| heading(l)));
            // First, so it is on screen however many questions follow.
            lines.push(Line::from(Span::styled(
                "Esc to explore the timeline · ← back to the last step · q quits",
                theme.style(Role::Label),
            )));
            lines.push(Line::default());
            let mut questions: Vec<&str> = Vec::new();
            for s in &t.steps {
                for q in &data.events[s.event].questions {
                    if !questions.contains(&q.as_str()) {
                        questions.push(q);
                    }
                }
            }
            if !questions.is_empty() {
                lines.push(heading("Questions to discuss"));
                for q in questions {
                    for (k, l) in wrap(q, w.saturating_sub(2)).into_iter().enumerate() {
                        lines.push(Line::from(format!("{}{l}", if k == 0 { "• " } else { "  " })));
                    }
                }
            }
        }
    }
    Paragraph::new(lines)
}

/// What matters of the contract revealed last, for block letters: the time since the
/// statement, and its amount when it has one ("1 MONTH LATER", "USD 479.2 MILLION").
fn latest_gap(app: &App, slide: Present, i: usize) -> Vec<String> {
    let targets = app.reveal_targets(i);
    let Some(last) = slide.revealed.checked_sub(1).and_then(|k| targets.get(k)) else { return Vec::new() };
    let e = &app.data.events;
    let mut out = vec![Gap::between(e[i].date, e[last.event].date).words().to_uppercase()];
    if let Some(a) = &e[last.event].amount {
        out.push(crate::text::amount(a.value, &a.currency).to_uppercase());
    }
    out
}

/// At most `n` lines; a cut one ends in `…` after its last whole word.
fn lines_within(mut lines: Vec<String>, n: usize) -> Vec<String> {
    if lines.len() > n {
        lines.truncate(n);
        if let Some(last) = lines.last_mut() {
            last.push_str(" …");
        }
    }
    lines
}

/// The reveal: what the statement is linked to on the "done" side, one contract per Space,
/// each with the time since the statement in capitals and its amount, wrapped, never cut.
/// When the revealed ones do not fit in `rows`, the latest stay and the earlier are counted.
fn reveal_lines(
    app: &App,
    slide: Present,
    i: usize,
    w: usize,
    rows: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let targets = app.reveal_targets(i);
    if targets.is_empty() || rows < 2 {
        return Vec::new();
    }
    let data = &app.data;
    let e = &data.events[i];
    let company = data.company_name(e);
    let n = targets.len();
    let shown = slide.revealed.min(n);
    let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
    for r in targets.iter().take(shown) {
        let o = &data.events[r.event];
        let gap = Gap::between(e.date, o.date).words().to_uppercase();
        // The amount with what it is: a ceiling, an obligation, a reported value.
        let amount = o
            .amount
            .as_ref()
            .map(|a| {
                // What the figure is, in its first words: the rest of a note is for the details.
                let note = a.note.as_deref().map(|n| {
                    let head = n.split([';', '(', '.']).next().unwrap_or(n).trim();
                    format!(" ({})", fit_words(head, 48))
                });
                format!(" · {}{}", crate::text::amount(a.value, &a.currency), note.unwrap_or_default())
            })
            .unwrap_or_default();
        let text = format!("{} ({}){amount}", o.title, o.date.short());
        let mut block = vec![Line::from(vec![
            Span::raw("  "),
            kind_span(o.kind, theme),
            Span::styled(format!(" {gap}"), theme.style(Role::Heading)),
        ])];
        block.extend(wrap(&text, w.saturating_sub(4)).into_iter().map(|l| Line::from(format!("    {l}"))));
        blocks.push(block);
    }
    let heading = if shown == 0 {
        let how = if n == 1 { "Space reveals it" } else { "Space reveals them one at a time" };
        format!("What did {company} do? {n} linked contract{}: {how}.", crate::text::plural(n))
    } else if shown < n {
        format!("What {company} did ({shown} of {n}; Space for the next)")
    } else {
        format!("What {company} did ({n} of {n})")
    };
    let mut out = vec![Line::default()];
    out.extend(wrap(&heading, w).into_iter().map(|l| Line::from(Span::styled(l, theme.style(Role::Label)))));
    // The latest reveals first, then earlier ones while they fit.
    let mut kept: Vec<Vec<Line<'static>>> = Vec::new();
    let mut used = out.len();
    let mut hidden = 0;
    for b in blocks.into_iter().rev() {
        if used + b.len() < rows {
            used += b.len();
            kept.push(b);
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        out.push(Line::from(Span::styled(
            format!("  +{hidden} more above, revealed earlier"),
            theme.style(Role::Dim),
        )));
    }
    for b in kept.into_iter().rev() {
        out.extend(b);
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
