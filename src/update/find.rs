//! Finding things: the search and filter prompts, `n`/`N`, kind and evidence toggles, the
//! company picker. Part of `update`: pure, no I/O.

use super::{keep_visible, select};
use crate::action::Action;
use crate::app::{App, HIDDEN, Picker, Prompt, PromptKind, Search};
use crate::data::Evidence;
use crate::filter::Filter;
use crate::search::Query;

/// Normal-mode actions that belong to finding.
pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::OpenSearch => {
            app.prompt = Some(Prompt {
                kind: PromptKind::Search,
                input: String::new(),
                error: None,
                preview: None,
                origin: app.selected,
                cache: Vec::new(),
            });
            app.search = None;
        }
        Action::OpenFilter => {
            app.prompt = Some(Prompt {
                kind: PromptKind::Filter,
                input: app.filter.to_text(&app.data),
                error: None,
                preview: None,
                origin: app.selected,
                cache: Vec::new(),
            });
        }
        Action::NextMatch => next_match(app, true),
        Action::PrevMatch => next_match(app, false),
        Action::ToggleKind(k) => {
            app.filter.kinds = app.filter.kinds.toggled(k);
            apply_filter(app);
        }
        Action::ToggleEvidence => {
            app.filter.min_evidence =
                if app.filter.min_evidence.is_some() { None } else { Some(Evidence::Reported) };
            apply_filter(app);
        }
        Action::ClearFilters => {
            app.filter = Filter::default();
            apply_filter(app);
        }
        Action::OpenCompanies => app.picker = Some(Picker { cursor: app.compare_company() }),
        _ => {}
    }
}

/// Keys while the input line is open.
pub(super) fn prompt_update(app: &mut App, action: Action) {
    let Some(prompt) = app.prompt.as_mut() else { return };
    match action {
        Action::Quit => app.should_quit = true,
        Action::PromptInput(c) => {
            prompt.input.push(c);
            prompt_changed(app);
        }
        Action::PromptBackspace if prompt.input.is_empty() => cancel(app),
        Action::PromptBackspace => {
            prompt.input.pop();
            prompt_changed(app);
        }
        Action::PromptClear => {
            prompt.input.clear();
            prompt_changed(app);
        }
        Action::PromptSubmit if prompt.error.is_none() => {
            let prompt = app.prompt.take();
            match prompt.as_ref().map(|p| p.kind) {
                Some(PromptKind::Filter) => {
                    let input = prompt.map(|p| p.input).unwrap_or_default();
                    if let Ok(f) = Filter::from_text(&input, &app.data) {
                        app.filter = f;
                        apply_filter(app);
                    }
                }
                _ => {
                    if app.search.as_ref().is_some_and(|s| s.query.is_empty()) {
                        app.search = None;
                    }
                }
            }
        }
        Action::PromptCancel => cancel(app),
        Action::NextMatch if prompt.kind == PromptKind::Search => next_match(app, true),
        Action::PrevMatch if prompt.kind == PromptKind::Search => next_match(app, false),
        _ => {}
    }
}

fn cancel(app: &mut App) {
    let Some(prompt) = app.prompt.take() else { return };
    if prompt.kind == PromptKind::Search {
        app.search = None;
        select(app, prompt.origin);
    }
}

fn prompt_changed(app: &mut App) {
    let Some(prompt) = app.prompt.as_ref() else { return };
    let (kind, input, origin) = (prompt.kind, prompt.input.clone(), prompt.origin);
    match kind {
        PromptKind::Search => {
            let query = Query::new(&input);
            let matches = cached_matches(app, &query);
            app.search = Some(Search { query, matches, current: None });
            // Incremental: the first match at or after where the search started.
            match first_from(app, origin) {
                Some(m) => goto_match(app, m),
                None => select(app, origin),
            }
        }
        // The filter applies on Enter; while typing, the line says what it would show, so
        // half-typed terms (`year:2`) never flash an empty screen.
        PromptKind::Filter => {
            let (error, preview) = match Filter::from_text(&input, &app.data) {
                Ok(f) => (
                    None,
                    Some((0..app.event_count()).filter(|&i| f.matches(&app.data, &app.index, i)).count()),
                ),
                Err(e) => (Some(e.to_string()), None),
            };
            if let Some(p) = app.prompt.as_mut() {
                p.error = error;
                p.preview = preview;
            }
        }
    }
}

/// The matches for `query`, reusing the line's cache: an input typed before (Backspace) is
/// looked up, a longer one only narrows the matches of its longest cached prefix (a match of
/// "abC" is always a match of "ab", whatever the case rule), anything else is a full scan.
fn cached_matches(app: &mut App, query: &Query) -> Vec<usize> {
    let Some(prompt) = app.prompt.as_mut() else { return matches(app, query) };
    let mut cache = std::mem::take(&mut prompt.cache);
    cache.retain(|(text, _)| query.text.starts_with(text.as_str()));
    let found = match cache.last() {
        Some((text, m)) if *text == query.text => m.clone(),
        Some((_, m)) if !query.is_empty() => app.index.search_within(&app.data, query, m),
        _ => matches(app, query),
    };
    if !query.is_empty() && cache.last().is_none_or(|(text, _)| *text != query.text) {
        cache.push((query.text.clone(), found.clone()));
    }
    if let Some(prompt) = app.prompt.as_mut() {
        prompt.cache = cache;
    }
    found
}

/// Matches among the visible events, in display order.
fn matches(app: &App, query: &Query) -> Vec<usize> {
    let mut m: Vec<usize> =
        app.index.search(&app.data, query).into_iter().filter(|&e| app.is_visible(e)).collect();
    m.sort_by_key(|&e| app.visible_pos[e]);
    m
}

/// Index into the matches of the first match at or after `event` (wrapping).
fn first_from(app: &App, event: usize) -> Option<usize> {
    let s = app.search.as_ref()?;
    if s.matches.is_empty() {
        return None;
    }
    let pos = app.visible_pos.get(event).copied().filter(|&p| p != HIDDEN).unwrap_or(0);
    Some(s.matches.iter().position(|&m| app.visible_pos[m] >= pos).unwrap_or(0))
}

fn goto_match(app: &mut App, m: usize) {
    let Some(s) = app.search.as_mut() else { return };
    s.current = Some(m);
    let event = s.matches[m];
    select(app, event);
}

/// `n` / `N`: the next or previous match from the selection, wrapping around.
fn next_match(app: &mut App, forward: bool) {
    let Some(s) = app.search.as_ref() else { return };
    if s.matches.is_empty() {
        return;
    }
    let n = s.matches.len();
    let pos = app.visible_pos.get(app.selected).copied().unwrap_or(0);
    let m = if forward {
        s.matches.iter().position(|&e| app.visible_pos[e] > pos).unwrap_or(0)
    } else {
        s.matches.iter().rposition(|&e| app.visible_pos[e] < pos).unwrap_or(n - 1)
    };
    goto_match(app, m);
}

/// Rebuilds what the filter decides and keeps a sensible selection and search.
pub fn apply_filter(app: &mut App) {
    app.rebuild();
    if !app.is_visible(app.selected) {
        // The nearest visible event after the old selection, else the last before it.
        let next = app.visible.iter().copied().find(|&e| e > app.selected);
        let prev = app.visible.iter().copied().rev().find(|&e| e < app.selected);
        if let Some(e) = next.or(prev) {
            app.details_scroll = 0;
            app.link_cursor = 0;
            app.selected = e;
        }
    }
    if let Some(s) = app.search.as_ref() {
        let query = s.query.clone();
        let matches = matches(app, &query);
        let current = matches.iter().position(|&e| e == app.selected);
        app.search = Some(Search { query, matches, current });
    }
    app.link_cursor = app.link_cursor.min(app.related().len().saturating_sub(1));
    keep_visible(app);
}

/// Keys while the company picker is open.
pub(super) fn picker_update(app: &mut App, action: Action) {
    let Some(picker) = app.picker.as_mut() else { return };
    let n = app.data.companies.len();
    match action {
        Action::Quit => app.should_quit = true,
        Action::Close | Action::Escape | Action::OpenCompanies => app.picker = None,
        Action::Down => picker.cursor = (picker.cursor + 1).min(n.saturating_sub(1)),
        Action::Up => picker.cursor = picker.cursor.saturating_sub(1),
        Action::Top => picker.cursor = 0,
        Action::Bottom => picker.cursor = n.saturating_sub(1),
        Action::PickerToggle | Action::Activate => {
            let c = picker.cursor;
            let companies = &mut app.filter.companies;
            match companies.iter().position(|&x| x == c) {
                Some(i) => {
                    companies.remove(i);
                }
                None => {
                    companies.push(c);
                    companies.sort_unstable();
                }
            }
            apply_filter(app);
        }
        Action::ClearFilters => {
            app.filter.companies.clear();
            apply_filter(app);
        }
        // A click on a company ticks it; a click outside the box closes the picker.
        Action::Click { column, row } => {
            let screen = ratatui::layout::Rect::new(0, 0, app.viewport.width, app.viewport.height);
            let area = crate::ui::picker::box_area(app, screen);
            if !area.contains(ratatui::layout::Position::new(column, row)) {
                app.picker = None;
                return;
            }
            let line = usize::from(row.saturating_sub(area.y + 1));
            if row > area.y && line < n {
                app.picker = Some(Picker { cursor: line });
                picker_update(app, Action::PickerToggle);
            }
        }
        Action::ScrollDown { .. } => picker_update(app, Action::Down),
        Action::ScrollUp { .. } => picker_update(app, Action::Up),
        _ => {}
    }
}
