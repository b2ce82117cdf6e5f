//! The status bar: where you are (`event 12/87`), the company, the filter and search counters,
//! and the keys that matter in the focused pane. While the search or filter line is open, it
//! is that line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::{App, Pane, Prompt, PromptKind};
use crate::keymap;
use crate::text::{fit, width};
use crate::theme::{Role, Theme};

pub struct StatusBar<'a> {
    pub app: &'a App,
    pub theme: Theme,
    /// Where the panes are; a pane that is not on screen gets a hint.
    pub screen: crate::geometry::Screen,
}

impl StatusBar<'_> {
    fn prompt_line(&self, p: &Prompt, w: usize) -> Line<'static> {
        let theme = self.theme;
        let (lead, right) = match p.kind {
            PromptKind::Search => ("/", self.app.match_counter().unwrap_or_default()),
            PromptKind::Filter => {
                let total = self.app.event_count();
                let shown = p.preview.map_or(String::new(), |n| format!("{n} of {total} would show"));
                ("filter: ", p.error.clone().unwrap_or(shown))
            }
            PromptKind::Goto => {
                let data = &self.app.data;
                let target = p.preview.map(|e| &data.events[e]);
                let said = target.map_or_else(
                    || "a date (2019, 2019-06, 2019-06-19) or an event id".to_string(),
                    |e| format!("→ {} · {}", e.date.short(), e.title),
                );
                ("go to: ", p.error.clone().unwrap_or(said))
            }
        };
        let right_style = if p.error.is_some() { theme.style(Role::Error) } else { theme.style(Role::Dim) };
        // An error needs the room more than the reminder of Enter and Esc does; and where the
        // whole error does not fit beside the line, its suggestion is what helps.
        let right = match p.error {
            Some(_) => {
                let typed = width(lead) + width(&p.input) + 1;
                let suggestion = right.find("did you mean").map(|i| right[i..].to_string());
                match suggestion {
                    Some(s) if typed + width(&right) + 3 > w => format!("  {s} "),
                    _ => format!("  {right} "),
                }
            }
            None => format!("  {right}  Enter keep · Esc cancel "),
        };
        // Keep the end of a long input in view, where the typing is.
        let room = w.saturating_sub(width(lead) + 1 + width(&right).min(w / 2));
        let input: String = {
            let chars: Vec<char> = p.input.chars().collect();
            let mut start = 0;
            while width(&chars[start..].iter().collect::<String>()) > room && start < chars.len() {
                start += 1;
            }
            chars[start..].iter().collect()
        };
        let used = width(lead) + width(&input) + 1;
        Line::from(vec![
            Span::styled(lead.to_string(), theme.style(Role::Heading)),
            Span::raw(input),
            Span::styled("█", theme.style(Role::Heading)),
            Span::styled(fit(&right, w.saturating_sub(used)), right_style),
        ])
    }
}

/// The classroom's word on the screen, in `room` cells at most, with its style: a
/// student's "following the presenter" or, when free, where the presenter is and how to
/// follow (the title gives way, never "F to follow"); the teacher's room count.
pub fn classroom_badge(app: &App, room: usize) -> Option<(String, Role)> {
    if let Some(r) = &app.room {
        return Some((fit(&format!(" {} ", r.counts.words()), room), Role::Badge));
    }
    let f = app.follow?;
    if f.following {
        return Some((fit(" following the presenter ", room), Role::Label));
    }
    let stage = f.presenter?;
    let title = app.data.events.get(stage.event).map_or("", |e| e.title.as_str());
    let step = stage.tour.map(|t| format!("step {}/{}", t.step + 1, app.data.tours[t.tour].steps.len()));
    let end = format!("{} · F to follow ", step.as_ref().map_or(String::new(), |s| format!(" ({s})")));
    let lead = " presenter at: ";
    // The title shrinks first, then goes; "F to follow" stays.
    let title_room = room.saturating_sub(width(lead) + width(&end));
    let text = if title_room >= 8 {
        format!("{lead}{}{end}", fit(title, title_room))
    } else if width(&end) + 10 <= room {
        match &step {
            Some(s) => format!(" presenter at {s} · F to follow "),
            None => " presenter moved · F to follow ".to_string(),
        }
    } else {
        " F to follow ".to_string()
    };
    Some((text, Role::Badge))
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if let Some(p) = app.mode.prompt() {
            let w = usize::from(area.width);
            Paragraph::new(self.prompt_line(p, w)).render(area, buf);
            return;
        }
        // The classroom's badge comes first and keeps its room, up to half the bar: a free
        // student must always see how to follow again.
        let area = match classroom_badge(app, usize::from(area.width) * 3 / 5) {
            Some((text, role)) => {
                let used = u16::try_from(width(&text)).unwrap_or(area.width).min(area.width);
                buf.set_stringn(area.x, area.y, &text, usize::from(used), self.theme.style(role));
                Rect { x: area.x + used, width: area.width - used, ..area }
            }
            None => area,
        };
        let w = usize::from(area.width);
        let company = app.current().map_or("", |e| app.data.company_name(&app.data.events[e]));
        let mut left = match app.tables.visible_pos.get(app.selected).filter(|_| app.current().is_some()) {
            Some(p) => format!(" event {}/{} · {company}", p + 1, app.tables.visible.len()),
            None => " no events".to_string(),
        };
        if !app.filter.is_empty() {
            left.push_str(&format!(
                " · {} hidden · filter: {}",
                app.hidden_count(),
                app.filter.to_text(&app.data)
            ));
        }
        if let Some(m) = app.match_counter() {
            left.push_str(&format!(" · {m}"));
        }
        if let Some(t) = app.tour {
            let tour = &app.data.tours[t.tour];
            left.push_str(&format!(
                " · tour: {} {}/{} (p present, Esc ends)",
                tour.title,
                t.step + 1,
                tour.steps.len()
            ));
        }
        left.push_str(&format!(" · {}", app.focus.name()));
        if app.focus == Pane::Compare {
            let v = app.pair_view;
            let pairs = app.compare_table().pairs;
            left.push_str(&format!(" {} · {pairs} pair{}", v.order.name(), crate::text::plural(pairs)));
            if v.pairs_only {
                left.push_str(" only");
            }
            if v.context {
                left.push_str(" · with context");
            }
        }
        if app.zoom {
            left.push_str(" · zoomed (Esc back)");
        }
        left.push(' ');
        // A message about the last key answers what the user just did: it keeps its room,
        // and where you are gives way (down to the event count).
        let left = match &app.message {
            Some(m) => fit(&left, w.saturating_sub(width(m) + 2).max(w.min(18))),
            None => fit(&left, w),
        };
        // The pane's own keys first, as many as fit; help and quit always.
        let owned: Vec<String> = keymap::hints(app.focus).collect();
        // Shown in every pane, whatever else has to give way.
        let always_owned = keymap::always_hints();
        let always: Vec<&str> = always_owned.iter().map(String::as_str).collect();
        let mut pane_hints: Vec<&str> =
            owned.iter().map(String::as_str).filter(|h| !always.contains(h)).collect();
        // Say how to reach a pane that is not on screen.
        if !self.screen.is_wide() && !app.zoom {
            let missing = if self.screen.compare.is_none() { "3 say/do" } else { "2 details" };
            pane_hints.insert(1.min(pane_hints.len()), missing);
        }
        if app.search.is_some() {
            pane_hints.insert(0, "n/N match");
        }
        let room = w.saturating_sub(width(&left));
        let mut shown: Vec<&str> = Vec::new();
        for h in pane_hints {
            let trial: Vec<&str> = shown.iter().chain([h].iter()).chain(always.iter()).copied().collect();
            if width(&format!(" {} ", trial.join(" · "))) <= room {
                shown.push(h);
            }
        }
        shown.extend(always);
        // A message about the last key takes the hints' place until the next key.
        let (right, role) = match &app.message {
            Some(m) => (fit(&format!(" {m} "), room), Role::Heading),
            None => (fit(&format!(" {} ", shown.join(" · ")), room), Role::Plain),
        };
        let line = Line::from(vec![
            Span::styled(left, self.theme.style(Role::Status).add_modifier(Modifier::BOLD)),
            Span::styled(right, self.theme.style(role)),
        ]);
        Paragraph::new(line).render(area, buf);
    }
}
