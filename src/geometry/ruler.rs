//! The time ruler's geometry: how its slots (years, or months) are grouped into buckets of
//! cells at a given width, which bucket holds the selection, and which event a click on a
//! column lands on. The view draws the bars into these buckets; `update` hit-tests with them.

use ratatui::layout::Rect;

use crate::app::{App, Counts, Ruler};

/// How slots are grouped into buckets of cells at a given width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buckets {
    /// Slots per bucket.
    pub per: usize,
    /// Cells per bucket.
    pub cells: usize,
    pub count: usize,
}

impl Buckets {
    /// The buckets of `ruler` across `width` cells; `None` when there is nothing to draw.
    pub fn new(ruler: &Ruler, width: usize) -> Option<Self> {
        let n = ruler.slots.len();
        if n == 0 || width < 4 {
            return None;
        }
        // Each bucket wants at least two cells (said, done); group slots until that fits.
        let per = n.div_ceil((width / 2).max(1)).max(1);
        let count = n.div_ceil(per);
        Some(Self { per, cells: (width / count).max(1), count })
    }

    /// The counts of bucket `b`, summed over its slots.
    pub fn sum(self, ruler: &Ruler, b: usize) -> Counts {
        ruler.slots.iter().skip(b * self.per).take(self.per).fold(Counts::default(), |t, s| t.plus(*s))
    }
}

/// The slot of the selected event.
pub fn selected_slot(app: &App) -> Option<usize> {
    let e = &app.data.events[app.current()?];
    let ruler = &app.tables.ruler;
    if ruler.months {
        return Some(e.date.month().unwrap_or(0) as usize);
    }
    usize::try_from(e.date.year() - ruler.start).ok()
}

/// The first visible event of the year (or month) under `column`, for mouse clicks.
pub fn event_at(app: &App, area: Rect, column: u16) -> Option<usize> {
    let ruler = &app.tables.ruler;
    let g = Buckets::new(ruler, usize::from(area.width))?;
    let b = usize::from(column.checked_sub(area.x)?) / g.cells;
    if b >= g.count {
        return None;
    }
    let (from, to) = (b * g.per, (b + 1) * g.per);
    app.tables.visible.iter().copied().find(|&e| {
        let d = app.data.events[e].date;
        let slot = if ruler.months {
            Some(d.month().unwrap_or(0) as usize)
        } else {
            usize::try_from(d.year() - ruler.start).ok()
        };
        slot.is_some_and(|s| (from..to).contains(&s))
    })
}
