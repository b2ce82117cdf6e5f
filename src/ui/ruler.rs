//! The time ruler: one line of bars (events per year, or per month when the filter shows one
//! year), what was said and what was done side by side in their colours, and a line of year
//! labels with the selected year marked. It is drawn from counts prepared when the filter
//! changes, into the buckets of [`geometry::ruler`](crate::geometry::ruler), so a frame costs
//! the same whatever the size of the dataset.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, Ruler};
use crate::data::{Kind, Side};
use crate::geometry::ruler::{Buckets, selected_slot};
use crate::theme::{Role, Theme};

const BARS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const MONTHS: [&str; 13] =
    ["yr", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn bar(count: usize, max: usize) -> char {
    if count == 0 || max == 0 {
        return BARS[0];
    }
    // At least the lowest bar for any event, so one event is never invisible.
    BARS[(count * 8).div_ceil(max).clamp(1, 8)]
}

pub struct RulerView<'a> {
    pub app: &'a App,
    pub theme: Theme,
}

impl Widget for RulerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.theme);
        let ruler = &app.tables.ruler;
        let Some(g) = Buckets::new(ruler, usize::from(area.width)) else { return };
        let selected = selected_slot(app).map(|s| s / g.per);
        let max = (0..g.count)
            .flat_map(|b| {
                let t = g.sum(ruler, b);
                [t.said, t.done, t.context]
            })
            .max()
            .unwrap_or(0);
        let sides = [
            (Side::Say, theme.style(Role::Kind(Kind::Statement))),
            (Side::Do, theme.style(Role::Kind(Kind::Contract))),
            (Side::Context, theme.style(Role::Dim)),
        ];
        let mut bars = Vec::new();
        for b in 0..g.count {
            let t = g.sum(ruler, b);
            let shown = g.cells.min(3);
            if shown == 1 {
                // One cell: the total, in the plain style.
                bars.push(Span::raw(bar(t.total(), max * 3).to_string()));
            } else {
                for (side, style) in sides.iter().take(shown) {
                    bars.push(Span::styled(bar(t.get(*side), max).to_string(), *style));
                }
            }
            bars.push(Span::raw(" ".repeat(g.cells - shown)));
        }
        let labels = label_line(ruler, g, usize::from(area.width), selected, theme);
        Paragraph::new(vec![Line::from(bars), labels]).render(area, buf);
    }
}

/// Year (or month) labels under their buckets. Labels never run into each other: the selected
/// one is placed first, then the others wherever a space is left before them.
fn label_line(
    ruler: &Ruler,
    g: Buckets,
    width: usize,
    selected: Option<usize>,
    theme: Theme,
) -> Line<'static> {
    let mut cells: Vec<Option<(char, bool)>> = vec![None; width];
    let place = |b: usize, is_selected: bool, cells: &mut Vec<Option<(char, bool)>>| {
        let text = label(ruler, b * g.per, g.cells);
        let (start, end) = (b * g.cells, b * g.cells + text.chars().count());
        // A space on each side, except at the edges.
        let free = (start.saturating_sub(1)..(end + 1).min(width)).all(|x| cells[x].is_none());
        if end <= width && (free || is_selected) {
            for (x, c) in (start..end).zip(text.chars()) {
                cells[x] = Some((c, is_selected));
            }
        }
    };
    if let Some(sel) = selected.filter(|&b| b < g.count) {
        place(sel, true, &mut cells);
    }
    for b in (0..g.count).filter(|&b| Some(b) != selected) {
        place(b, false, &mut cells);
    }
    let spans = cells.into_iter().map(|c| match c {
        Some((ch, true)) => Span::styled(ch.to_string(), theme.style(Role::Selected)),
        Some((ch, false)) => Span::styled(ch.to_string(), theme.style(Role::Label)),
        None => Span::raw(" "),
    });
    Line::from(spans.collect::<Vec<_>>())
}

fn label(ruler: &Ruler, slot: usize, cells: usize) -> String {
    if ruler.months {
        let m = MONTHS.get(slot).copied().unwrap_or("");
        return if cells >= 4 { m.to_string() } else { m.chars().take(1).collect() };
    }
    let year = ruler.start + i32::try_from(slot).unwrap_or(0);
    if cells >= 5 { year.to_string() } else { format!("'{:02}", year.rem_euclid(100)) }
}
