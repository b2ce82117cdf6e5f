//! The say-vs-do pane: for the company it shows, what it said on the left and, beside each
//! statement, the contracts linked to it on the right, bracketed as one unit, with the time
//! between them in words. Statements and contracts nothing links stand alone. The footer
//! spells out the chosen link.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{highlight, kind_span, pane_block};
use crate::app::{App, Join, PairRow, Pane};
use crate::data::gap::Gap;
use crate::text::{amount, fit, pad};
use crate::theme::{Role, Theme};

pub struct CompareView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

/// Column widths at one inner width.
#[derive(Clone, Copy)]
struct Columns {
    said: usize,
    did: usize,
    gap: usize,
    /// Dates fit in the cells.
    dates: bool,
}

/// The connector between the two sides: a bracket joins a statement to its contracts.
const JOIN_W: usize = 3;

impl Columns {
    fn new(w: usize) -> Self {
        // Room for "2 years 11 months later" where there is any to spare.
        let gap = if w >= 100 {
            24
        } else if w >= 70 {
            23
        } else {
            (w / 4).max(8)
        };
        let rest = w.saturating_sub(JOIN_W + gap);
        let said = rest / 2;
        Self { said, did: rest - said, gap, dates: w >= 100 }
    }
}

impl Widget for CompareView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let focused = app.focus == Pane::Compare;
        let data = &app.data;
        let shown = &data.companies[app.compare_company()].name;
        let mut title = format!(" {shown} ");
        if let Some(e) = data.events.get(app.selected).filter(|e| e.company != app.compare_company()) {
            title =
                format!(" {shown} (the selection is {}'s: nothing of it to compare) ", data.company_name(e));
        }
        let block = pane_block(Pane::Compare, focused, theme).title(Line::from(Span::styled(
            fit(&title, usize::from(area.width) / 2),
            theme.style(Role::Heading),
        )));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return;
        }
        let w = usize::from(inner.width);
        let cols = Columns::new(w);
        let (said, did) = if cols.said >= 36 {
            (" SAID: statement, policy, governance", " DID: contract")
        } else {
            (" SAID", " DID")
        };
        let mut lines = vec![Line::from(vec![
            Span::styled(pad(said, cols.said + JOIN_W), theme.style(Role::Heading)),
            Span::styled(pad(did, cols.did), theme.style(Role::Heading)),
            Span::styled(format!("{:>width$}", "time between ", width = cols.gap), theme.style(Role::Label)),
        ])];
        let table = app.compare_table();
        let rows_h = usize::from(inner.height).saturating_sub(2);
        let chosen = app.current_link().map(|r| r.event);
        if table.rows.is_empty() {
            let msg = format!(" Nothing {shown} said or did passes the filter. 0 clears it.");
            lines.push(Line::from(Span::styled(fit(&msg, w), theme.style(Role::Dim))));
        }
        for (r, row) in table.rows.iter().enumerate().skip(app.compare_offset).take(rows_h) {
            let cursor = r == app.compare_cursor;
            let line = row_line(app, *row, cols, cursor, chosen, theme);
            lines.push(highlight::line(line, app.highlight(), theme.style(Role::Matched)));
        }
        while lines.len() < usize::from(inner.height).saturating_sub(1) {
            lines.push(Line::default());
        }
        if inner.height >= 2 {
            lines.push(footer(app, w, theme));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The marker before an event: the selection, the chosen link, a link of the selection.
/// What decides an event's marker on one line.
#[derive(Clone, Copy)]
struct Marks {
    /// The line is the selection's.
    cursor: bool,
    /// The event under the link cursor.
    chosen: Option<usize>,
    /// The line belongs to the selection's own unit (a contract shown again under another
    /// statement is not marked as linked there).
    own: bool,
}

fn marker(app: &App, event: usize, m: Marks) -> (&'static str, Role) {
    if event == app.selected && m.cursor {
        ("▶", Role::Selected)
    } else if !m.own {
        (" ", Role::Plain)
    } else if m.chosen == Some(event) {
        ("⇒", Role::Linked)
    } else if app.data.relation_between(app.selected, event).is_some() {
        ("↔", Role::Linked)
    } else {
        (" ", Role::Plain)
    }
}

/// One event in a column of `w` cells: marker, kind letter, date, amount, title.
fn cell(app: &App, event: usize, w: usize, dates: bool, marks: Marks, theme: Theme) -> Vec<Span<'static>> {
    let e = &app.data.events[event];
    let (mark, role) = marker(app, event, marks);
    let style = theme.style(role);
    let mut text = String::new();
    if dates {
        text.push_str(&format!("{} ", pad(&e.date_short(), 11)));
    }
    // Amounts only when ordered by them: each is a different kind of figure (a ceiling, an
    // obligation, a reported value) that the details pane names.
    if app.pair_view.order == crate::app::PairOrder::Amount
        && let Some(a) = &e.amount
    {
        text.push_str(&format!("{} · ", amount(a.value, &a.currency)));
    }
    text.push_str(&e.title);
    vec![
        Span::styled(mark, style),
        kind_span(e.kind, theme),
        Span::styled(" ", style),
        Span::styled(pad(&text, w.saturating_sub(4)), style),
        Span::raw(" "),
    ]
}

fn row_line(
    app: &App,
    row: PairRow,
    cols: Columns,
    cursor: bool,
    chosen: Option<usize>,
    theme: Theme,
) -> Line<'static> {
    if let Some(c) = row.context {
        // Context runs across both columns, dimmed: it is neither said nor done.
        let e = &app.data.events[c];
        let (mark, role) = marker(app, c, Marks { cursor, chosen, own: true });
        let role = if role == Role::Plain { Role::Dim } else { role };
        let text = format!("┄ {} {} {}", e.kind.letter(), e.date_short(), e.title);
        let w = cols.said + JOIN_W + cols.did + cols.gap;
        return Line::from(vec![
            Span::styled(mark, theme.style(role)),
            Span::styled(fit(&text, w.saturating_sub(1)), theme.style(role)),
        ]);
    }
    let mut spans = match row.said {
        Some(s) => cell(app, s, cols.said, cols.dates, Marks { cursor, chosen, own: true }, theme),
        None => vec![Span::raw(" ".repeat(cols.said))],
    };
    let bracket = match row.join {
        Join::Pair => "───",
        Join::First => "─┬─",
        Join::Next => " ├─",
        Join::Last => " └─",
        Join::Alone => "   ",
    };
    spans.push(Span::styled(bracket, theme.style(Role::Label)));
    match row.did {
        Some(d) => {
            // A contract under another statement is not where the chosen link points, even when
            // it is the same contract: only the selection's own unit carries the markers.
            let own = row.unit.is_none_or(|u| u == app.selected) || d == app.selected;
            let marks = Marks { cursor, chosen, own };
            spans.extend(cell(app, d, cols.did, cols.dates, marks, theme));
        }
        // A statement nothing is linked to: the empty side says it.
        None => spans.push(Span::raw(" ".repeat(cols.did))),
    }
    let (gap, role) = match row.gap(&app.data) {
        Some(g) => (g.words(), Role::Label),
        None if row.did.is_some() => ("no linked statement".to_string(), Role::Dim),
        None => (String::new(), Role::Dim),
    };
    spans.push(Span::styled(
        format!("{:>width$} ", fit(&gap, cols.gap.saturating_sub(1)), width = cols.gap.saturating_sub(1)),
        theme.style(role),
    ));
    Line::from(spans)
}

/// The chosen link in words: "⇒ 1/10 led to contract “IVAS…” · 1 month after this statement".
fn footer(app: &App, w: usize, theme: Theme) -> Line<'static> {
    let data = &app.data;
    let Some(sel) = app.current().map(|i| &data.events[i]) else { return Line::default() };
    let n = app.related().len();
    let Some(rel) = app.current_link() else {
        return Line::from(Span::styled(
            fit(" No links from the selected event.", w),
            theme.style(Role::Dim),
        ));
    };
    let other = &data.events[rel.event];
    let gap = Gap::between(sel.date, other.date).words_to(&format!("this {}", sel.kind.name()));
    let text = format!(
        " ⇒ {}/{n} {} {} “{}” · {gap} · ←/→ link, Enter go",
        app.link_cursor + 1,
        rel.label(),
        other.kind.name(),
        other.title,
    );
    Line::from(Span::styled(fit(&text, w), theme.style(Role::Heading)))
}
