//! Finding things: the search and filter prompts, `n`/`N`, kind and evidence toggles, the
//! company picker. Part of `update`: pure, no I/O.

use super::{keep_visible, select};
use crate::action::{Action, Effect};
use crate::app::{App, Mode, Picker, Prompt, PromptKind, Scan, Search};
use crate::data::Evidence;
use crate::filter::Filter;
use crate::geometry::{overlay, screen};
use crate::search::Query;

/// Normal-mode actions that belong to finding.
pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::OpenSearch => {
            app.mode = Mode::Prompt(Prompt::new(PromptKind::Search, String::new(), app.selected));
            app.search = None;
        }
        Action::OpenFilter => {
            let input = app.filter.to_text(&app.data);
            app.mode = Mode::Prompt(Prompt::new(PromptKind::Filter, input, app.selected));
        }
        Action::OpenGoto => {
            app.mode = Mode::Prompt(Prompt::new(PromptKind::Goto, String::new(), app.selected))
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
        Action::OpenCompanies => app.mode = Mode::Companies(Picker { cursor: app.compare_company() }),
        _ => {}
    }
}

/// The open input line, to edit.
fn prompt_mut(app: &mut App) -> Option<&mut Prompt> {
    match &mut app.mode {
        Mode::Prompt(p) => Some(p),
        _ => None,
    }
}

/// Closes the input line and hands it back.
fn take_prompt(app: &mut App) -> Option<Prompt> {
    match std::mem::take(&mut app.mode) {
        Mode::Prompt(p) => Some(p),
        other => {
            app.mode = other;
            None
        }
    }
}

/// Keys while the input line is open.
pub(super) fn prompt_update(app: &mut App, action: Action) -> Option<Effect> {
    let prompt = prompt_mut(app)?;
    match action {
        // Controls, bidi and zero-width characters (a paste can bring them) would shift the
        // line on screen and match nothing a dataset shows: they are not typed in.
        Action::PromptInput(c) if crate::data::sanitize::needs_work(c) => {}
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
        Action::PromptSubmit if prompt.kind == PromptKind::Goto => return submit_goto(app),
        Action::PromptSubmit if prompt.error.is_none() => {
            let prompt = take_prompt(app)?;
            app.recall.push(prompt.kind, &prompt.input);
            match prompt.kind {
                PromptKind::Filter => {
                    if let Ok(f) = Filter::from_text(&prompt.input, &app.data) {
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
            return save(app);
        }
        Action::PromptSubmit => {
            app.message = Some("the filter does not read yet: fix it or Esc".into());
        }
        Action::RecallPrev => recall(app, true),
        Action::RecallNext => recall(app, false),
        Action::PromptCancel => cancel(app),
        Action::NextMatch if prompt.kind == PromptKind::Search => next_match(app, true),
        Action::PrevMatch if prompt.kind == PromptKind::Search => next_match(app, false),
        _ => {}
    }
    None
}

/// Asks the terminal side to keep the marks and history, when this session keeps anything.
pub(super) fn save(app: &App) -> Option<Effect> {
    (app.local && app.saved_key.is_some()).then_some(Effect::Save)
}

/// `↑`/`↓`: the line shows an earlier (or later) entry; below the newest, what was typed.
fn recall(app: &mut App, older: bool) {
    let App { mode, recall, .. } = app;
    let Mode::Prompt(p) = mode else { return };
    let lines = recall.lines(p.kind);
    let at = p.recalled.as_ref().map(|(i, _)| *i);
    let next = match (at, older) {
        (None, true) if !lines.is_empty() => Some(0),
        (Some(i), true) if i + 1 < lines.len() => Some(i + 1),
        (Some(i), false) if i > 0 => Some(i - 1),
        (Some(_), false) => None,
        _ => {
            app.message = Some(
                if lines.is_empty() {
                    "nothing typed here before"
                } else if older {
                    "that is the oldest entry"
                } else {
                    "this is what you typed: ↑ for earlier entries"
                }
                .into(),
            );
            return;
        }
    };
    let draft = match p.recalled.take() {
        Some((_, draft)) => draft,
        None => p.input.clone(),
    };
    match next {
        Some(i) => {
            p.input = lines[lines.len() - 1 - i].clone();
            p.recalled = Some((i, draft));
        }
        None => p.input = draft,
    }
    prompt_changed(app);
}

/// Enter on the `:` line: go there, or say why not and keep the line open.
fn submit_goto(app: &mut App) -> Option<Effect> {
    let input = app.mode.prompt().map(|p| p.input.clone()).unwrap_or_default();
    match goto_target(app, &input, true) {
        Ok(e) => {
            take_prompt(app);
            app.recall.push(PromptKind::Goto, &input);
            super::jump(app, e);
            save(app)
        }
        Err(why) => {
            if let Some(p) = prompt_mut(app) {
                p.error = Some(why);
            }
            None
        }
    }
}

/// Whether a `:` line (or `--goto`) holds a date rather than an event id: digits and dashes.
pub fn is_date(input: &str) -> bool {
    input.starts_with(|c: char| c.is_ascii_digit()) && input.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// The event a `:` line names: the first visible event on or after a date (`2019`,
/// `2019-06`, `2019-06-19`), or an event by id; an unknown id lists the `close` ones.
pub fn goto_target(app: &App, input: &str, close: bool) -> Result<usize, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("type a date (2019, 2019-06, 2019-06-19) or an event id".into());
    }
    let data = &app.data;
    if is_date(input) {
        let date = crate::data::PartialDate::parse(input)
            .map_err(|e| format!("{e}; a date is 2019, 2019-06 or 2019-06-19"))?;
        let visible = &app.tables.visible;
        let at = visible.partition_point(|&e| data.events[e].date < date);
        return match visible.get(at) {
            Some(&e) => Ok(e),
            None if visible.is_empty() => Err("no events are shown (0 clears the filter)".into()),
            None => Err(format!(
                "nothing shown on or after {}; the last is {}",
                date.long(),
                data.events[visible[visible.len() - 1]].date.long()
            )),
        };
    }
    match data.event_index(input) {
        Some(e) if app.is_visible(e) => Ok(e),
        Some(_) => Err(format!("{input} is hidden by the filter (0 clears it)")),
        // The closest ids cost a look at every id: on Enter, not at each key.
        None if close => Err(format!("no event \"{input}\"; {}", crate::suggest::event(data, input))),
        None => Err(format!("no event \"{input}\" (Enter suggests close ids) and not a date")),
    }
}

fn cancel(app: &mut App) {
    let Some(prompt) = take_prompt(app) else { return };
    if prompt.kind == PromptKind::Search {
        app.search = None;
        select(app, prompt.origin);
    }
}

fn prompt_changed(app: &mut App) {
    let Some(prompt) = app.mode.prompt() else { return };
    let (kind, input) = (prompt.kind, prompt.input.clone());
    match kind {
        PromptKind::Search => start_search(app, Query::new(&input)),
        // Where Enter would go, said as it is typed; the selection stays until then.
        PromptKind::Goto => {
            let (error, preview) = match goto_target(app, &input, false) {
                Ok(e) => (None, Some(e)),
                Err(_) if input.trim().is_empty() => (None, None),
                Err(e) => (Some(e), None),
            };
            if let Some(p) = prompt_mut(app) {
                p.error = error;
                p.preview = preview;
            }
        }
        // The filter applies on Enter; while typing, the line says what it would show, so
        // half-typed terms (`year:2`) never flash an empty screen.
        PromptKind::Filter => {
            let (error, preview) = match Filter::from_text(&input, &app.data) {
                Ok(f) => (None, Some(f.matching(&app.data, &app.index).count())),
                Err(e) => (Some(e.to_string()), None),
            };
            if let Some(p) = prompt_mut(app) {
                p.error = error;
                p.preview = preview;
            }
        }
    }
}

/// Events checked per step of a search: a few milliseconds of work at most, so a keystroke
/// stays within a frame at any size of dataset.
pub const SEARCH_BATCH: usize = 32_768;

/// Starts searching for `query`, reusing the line's cache: an input typed before (Backspace)
/// is looked up, a longer one only narrows the matches of its longest cached prefix (a match
/// of "abC" is always a match of "ab", whatever the case rule), anything else checks every
/// visible event. Then checks the first batch.
fn start_search(app: &mut App, query: Query) {
    let mut cache = prompt_mut(app).map(|p| std::mem::take(&mut p.cache)).unwrap_or_default();
    cache.retain(|(text, _)| query.text.starts_with(text.as_str()));
    let (matches, scan) = match cache.last() {
        Some((text, m)) if *text == query.text => (m.clone(), None),
        _ if query.is_empty() => (Vec::new(), None),
        Some((_, m)) => (Vec::new(), Some(Scan { pool: Some(m.clone()), next: 0 })),
        None => (Vec::new(), Some(Scan { pool: None, next: 0 })),
    };
    if let Some(prompt) = prompt_mut(app) {
        prompt.cache = cache;
    }
    app.search = Some(Search { query, matches, current: None, scan });
    search_step(app);
}

/// Checks the next batch of an unfinished search, then moves the selection: while the
/// search line is open, to the first match at or after where the search started.
pub(super) fn search_step(app: &mut App) {
    let App { search, index, data, tables, mode, .. } = app;
    let Some(s) = search.as_mut() else { return };
    if let Some(scan) = s.scan.as_mut() {
        let pool = scan.pool.as_deref().unwrap_or(&tables.visible);
        let end = (scan.next + SEARCH_BATCH).min(pool.len());
        let batch = pool.get(scan.next..end).unwrap_or_default();
        let found = index.search_in(data, &s.query, batch);
        s.matches.extend(found.into_iter().filter(|&e| tables.visible_pos.get(e).is_some()));
        scan.next = end;
        if end >= pool.len() {
            s.scan = None;
            if let Mode::Prompt(p) = mode
                && p.kind == PromptKind::Search
                && !s.query.is_empty()
            {
                p.cache.push((s.query.text.clone(), s.matches.clone()));
            }
        }
    }
    let done = s.scan.is_none();
    match app.mode.prompt().filter(|p| p.kind == PromptKind::Search).map(|p| p.origin) {
        // Incremental: the first match at or after the origin, else (once all are known) the
        // first match of all, else back at the origin.
        Some(origin) if app.search.as_ref().is_some_and(|s| s.current.is_none()) => {
            match first_from(app, origin, done) {
                Some(m) => goto_match(app, m),
                None if done => select(app, origin),
                None => {}
            }
        }
        // A search kept after Enter, or redone under a new filter: find the selection in it.
        _ if done => {
            if let Some(s) = app.search.as_mut()
                && s.current.is_none()
            {
                s.current = s.matches.iter().position(|&e| e == app.selected);
            }
        }
        _ => {}
    }
}

/// Index into the matches of the first match at or after `event`; when `wrap`, else the
/// first match of all.
fn first_from(app: &App, event: usize, wrap: bool) -> Option<usize> {
    let s = app.search.as_ref()?;
    let places = &app.tables.visible_pos;
    let pos = places.get(event).unwrap_or(0);
    let after = s.matches.iter().position(|&m| places.get(m).is_some_and(|p| p >= pos));
    after.or_else(|| (wrap && !s.matches.is_empty()).then_some(0))
}

fn goto_match(app: &mut App, m: usize) {
    let Some(s) = app.search.as_mut() else { return };
    s.current = Some(m);
    let event = s.matches[m];
    select(app, event);
}

/// `n` / `N`: the next or previous match from the selection, wrapping around.
fn next_match(app: &mut App, forward: bool) {
    let Some(s) = app.search.as_ref() else {
        app.message = Some("no search yet: press /".into());
        return;
    };
    if s.matches.is_empty() {
        let more = if s.scan.is_some() { " yet (still searching)" } else { "" };
        app.message = Some(format!("no match for \"{}\"{more}", s.query.text));
        return;
    }
    let n = s.matches.len();
    let places = &app.tables.visible_pos;
    // From a hidden selection, forward starts at the first match and backward at the last.
    let m = match places.get(app.selected) {
        Some(pos) if forward => s.matches.iter().position(|&e| places.get(e).is_some_and(|p| p > pos)),
        Some(pos) => s.matches.iter().rposition(|&e| places.get(e).is_some_and(|p| p < pos)),
        None => None,
    };
    let m = m.unwrap_or_else(|| {
        app.message = Some(
            if forward { "search wrapped to the first match" } else { "search wrapped to the last match" }
                .into(),
        );
        if forward { 0 } else { n - 1 }
    });
    goto_match(app, m);
}

/// Rebuilds what the filter decides and keeps a sensible selection and search.
pub fn apply_filter(app: &mut App) {
    app.rebuild();
    if !app.is_visible(app.selected) {
        // The nearest visible event after the old selection, else the last before it.
        let next = app.tables.visible.iter().copied().find(|&e| e > app.selected);
        let prev = app.tables.visible.iter().copied().rev().find(|&e| e < app.selected);
        if let Some(e) = next.or(prev) {
            app.details_scroll = 0;
            app.link_cursor = 0;
            app.selected = e;
        }
    }
    if let Some(s) = app.search.as_ref() {
        let query = s.query.clone();
        app.search = Some(Search {
            query,
            matches: Vec::new(),
            current: None,
            scan: Some(Scan { pool: None, next: 0 }),
        });
        search_step(app);
    }
    app.link_cursor = app.link_cursor.min(app.related().len().saturating_sub(1));
    keep_visible(app);
}

/// Keys while the company picker is open.
pub(super) fn picker_update(app: &mut App, action: Action, picker: Picker) {
    let n = app.data.companies.len();
    let last = n.saturating_sub(1);
    let mut to = |cursor: usize| app.mode = Mode::Companies(Picker { cursor });
    match action {
        Action::Close | Action::Escape | Action::OpenCompanies => app.mode = Mode::Explore,
        Action::Down => to((picker.cursor + 1).min(last)),
        Action::Up => to(picker.cursor.saturating_sub(1)),
        Action::Top => to(0),
        Action::Bottom => to(last),
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
            let boxed = overlay::companies(app, screen(app).area);
            if !boxed.contains(ratatui::layout::Position::new(column, row)) {
                app.mode = Mode::Explore;
                return;
            }
            let first = overlay::companies_first_row(boxed);
            let line = usize::from(row.saturating_sub(first));
            if row >= first && line < n {
                picker_update(app, Action::PickerToggle, Picker { cursor: line });
            }
        }
        Action::ScrollDown { .. } => picker_update(app, Action::Down, picker),
        Action::ScrollUp { .. } => picker_update(app, Action::Up, picker),
        _ => {}
    }
}
