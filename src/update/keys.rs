//! Key sequences over the panes, as vim and jless have them: counts (`5j`, `10k`, `3]`, `5G`),
//! `gg`, `zz`/`zt`/`zb`, `yy`/`yi`, marks (`m` + letter, `'` + letter, `''`). The keymap reads
//! what is pending from the state; this part of `update` keeps it, and settles a key that
//! waited when what follows is not its sequence (a lone `3` still focuses the comparison, a
//! lone `z` still zooms). Pure, like the rest of `update`.

use super::{Motion, jump, keep_visible, sources, step, zoom};
use crate::action::{Action, Effect, Prefix};
use crate::app::{App, Pane, Pending, Row};
use crate::geometry::{list_height, screen};

/// What to do with an action after the sequence has had its say.
pub(super) enum Next {
    /// The sequence used the key up.
    Done(Option<Effect>),
    /// Apply this action (a count repeats it).
    Apply { action: Action, count: usize, counted: bool },
}

/// Takes the key into the pending sequence, or settles the sequence and passes the key on.
pub(super) fn sequence(app: &mut App, action: Action) -> (Option<Effect>, Next) {
    let pending = std::mem::take(&mut app.pending);
    match action {
        Action::Count(d) => {
            let mut p = pending;
            // A count comes before the prefix (`5gg`); a digit after one settles it first.
            let settled = if p.prefix.is_some() { settle(app, std::mem::take(&mut p)) } else { None };
            p.push_digit(d);
            wait(app, p);
            (settled, Next::Done(None))
        }
        Action::Prefix(prefix) => {
            let settled = if pending.prefix.is_some() { settle(app, pending) } else { None };
            let count = if pending.prefix.is_some() { None } else { pending.count };
            wait(app, Pending { count, prefix: Some(prefix) });
            (settled, Next::Done(None))
        }
        Action::Second(c) => second(app, pending, c),
        Action::KeyTimeout => (settle(app, pending), Next::Done(None)),
        // Esc takes back what was typed of a sequence, as in vim.
        Action::Escape if !pending.is_empty() => {
            app.message = Some(format!("{} cancelled", pending.shown().trim_end_matches('…')));
            (None, Next::Done(None))
        }
        _ if pending.is_empty() => (None, Next::Apply { action, count: 1, counted: false }),
        _ if counts(action) && pending.prefix.is_none() => {
            (None, Next::Apply { action, count: pending.times(), counted: true })
        }
        _ => (settle(app, pending), Next::Apply { action, count: 1, counted: false }),
    }
}

/// Moves a count repeats.
fn counts(action: Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::PrevYear
            | Action::NextYear
            | Action::NextMatch
            | Action::PrevMatch
            | Action::PrevLink
            | Action::NextLink
            | Action::Top
            | Action::Bottom
            | Action::CopyUrl
            | Action::OpenSource
    )
}

/// Keeps `p` waiting and says what the next key will do.
fn wait(app: &mut App, p: Pending) {
    app.pending = p;
    let then = match p.prefix {
        Some(Prefix::G) => "g: first event".to_string(),
        Some(Prefix::Z) => "z: centre · t: top · b: bottom · or wait: zoom".to_string(),
        Some(Prefix::Y) => "y: citation · i: event id · or wait: citation".to_string(),
        Some(Prefix::Mark) => "a letter marks this event (Esc cancels)".to_string(),
        Some(Prefix::Jump) => {
            let set: String = app.marks.keys().collect();
            if set.is_empty() {
                "a letter goes to its mark (none set: m a sets one) · ' back".to_string()
            } else {
                format!("a letter goes to its mark ({set}) · ' back to before the jump")
            }
        }
        None => {
            let n = p.count.map_or(1, |c| c.value);
            let alone = p
                .count
                .filter(|c| c.digits == 1)
                .and_then(|c| u8::try_from(c.value).ok())
                .and_then(crate::keymap::digit_action)
                .map(|a| format!(" · or wait: {}", alone_name(a)))
                .unwrap_or_default();
            format!("j/k moves {n}{alone}")
        }
    };
    app.message = Some(format!("{}  {then}", p.shown()));
}

/// How the status bar names what a lone digit does: its line in the help.
fn alone_name(a: Action) -> &'static str {
    crate::keymap::BINDINGS.iter().find(|b| b.action == a).map_or("its own key", |b| b.desc)
}

/// The key after a prefix.
fn second(app: &mut App, pending: Pending, c: char) -> (Option<Effect>, Next) {
    let Some(prefix) = pending.prefix else {
        return (None, Next::Done(None));
    };
    let count = pending.count.map(|_| pending.times());
    match (prefix, c) {
        (Prefix::G, 'g') => to_nth(app, count.unwrap_or(1)),
        (Prefix::Z, 'z' | 't' | 'b') => place(app, c),
        (Prefix::Y, 'y') => return (sources::copy_citation(app), Next::Done(None)),
        (Prefix::Y, 'i') => return (sources::copy_id(app), Next::Done(None)),
        (Prefix::Mark, c) if c.is_ascii_alphabetic() => return (None, Next::Done(set_mark(app, c))),
        (Prefix::Mark, _) => app.message = Some("marks are letters: m then a–z".into()),
        (Prefix::Jump, '\'' | '`') => jump_back(app),
        (Prefix::Jump, c) if c.is_ascii_alphabetic() => go_to_mark(app, c),
        (Prefix::Jump, _) => app.message = Some("marks are letters: ' then a–z, or '' to go back".into()),
        // Not a sequence: the prefix does what it does alone, then the key its own thing.
        _ => {
            let settled = settle(app, Pending { count: pending.count, prefix: Some(prefix) });
            return match crate::keymap::char_action(c) {
                Some(action) => (settled, Next::Apply { action, count: 1, counted: false }),
                None => (settled, Next::Done(None)),
            };
        }
    }
    (None, Next::Done(None))
}

/// A waiting key with nothing after it: what it does alone.
fn settle(app: &mut App, pending: Pending) -> Option<Effect> {
    let count = pending.count.map(|_| pending.times());
    match pending.prefix {
        Some(Prefix::G) => to_nth(app, count.unwrap_or(1)),
        Some(Prefix::Z) => zoom(app),
        Some(Prefix::Y) => return sources::copy_citation(app),
        Some(Prefix::Mark | Prefix::Jump) => app.message = Some("no mark given".into()),
        None => match pending.count {
            Some(c) if c.digits == 1 => {
                let alone = u8::try_from(c.value).ok().and_then(crate::keymap::digit_action);
                if let Some(action) = alone {
                    return super::explore_update(app, action);
                }
            }
            Some(c) => {
                app.message = Some(format!("{} is a count: type it before j/k, [/], n/N or G", c.value));
            }
            None => {}
        },
    }
    None
}

/// `5gg`, `5G`: the fifth event of the list in focus (the fifth line of the details).
pub(super) fn to_nth(app: &mut App, n: usize) {
    let from = app.selected;
    step(app, Motion::First);
    step(app, Motion::By(isize::try_from(n.saturating_sub(1)).unwrap_or(isize::MAX)));
    remember(app, from);
}

/// `zz`, `zt`, `zb`: scrolls the focused list so the selection sits in the middle, at the top
/// or at the bottom.
fn place(app: &mut App, how: char) {
    let s = screen(app);
    let (pane, row) = match app.focus {
        Pane::Timeline => (Pane::Timeline, app.tables.row_of_event.get(app.selected)),
        Pane::Compare => (Pane::Compare, Some(app.compare_cursor)),
        Pane::Details => {
            app.message = Some("zz, zt and zb place the selection in the timeline or say vs. do".into());
            return;
        }
    };
    let (Some(row), h) = (row, list_height(&s, pane)) else { return };
    if h == 0 {
        return;
    }
    // Keep a year heading above the selection when it is the first of its year.
    let heading = pane == Pane::Timeline && row > 0 && matches!(app.tables.rows[row - 1], Row::Year(_));
    let top = if heading { row - 1 } else { row };
    let offset = match how {
        't' => top,
        'b' => (row + 1).saturating_sub(h),
        _ => row.saturating_sub(h / 2),
    };
    match pane {
        Pane::Compare => app.compare_offset = offset,
        _ => app.timeline_offset = offset,
    }
    keep_visible(app);
}

fn set_mark(app: &mut App, c: char) -> Option<Effect> {
    let Some(e) = app.current() else {
        app.message = Some("nothing selected to mark".into());
        return None;
    };
    app.marks.insert(c, e);
    app.message = Some(format!("mark {c} set: '{c} comes back here"));
    super::find::save(app)
}

fn go_to_mark(app: &mut App, c: char) {
    match app.marks.get(&c).copied() {
        None => app.message = Some(format!("no mark {c}: m{c} sets it")),
        Some(e) if !app.is_visible(e) => {
            app.message = Some(format!("mark {c} is hidden by the filter (0 clears it)"));
        }
        Some(e) if e == app.selected => app.message = Some(format!("already at mark {c}")),
        Some(e) => {
            jump(app, e);
            app.message = Some(format!("mark {c} · '' goes back"));
        }
    }
}

/// `''`: back to where the last jump left from (and again, forth).
fn jump_back(app: &mut App) {
    match app.jumped_from {
        Some(e) if app.is_visible(e) && e != app.selected => jump(app, e),
        Some(_) => app.message = Some("the place before the last jump is hidden by the filter".into()),
        None => app.message = Some("no earlier jump".into()),
    }
}

/// Notes a jump that did not go through [`jump`] (`G`, `gg`) for `''`.
pub(super) fn remember(app: &mut App, from: usize) {
    if from != app.selected {
        app.jumped_from = Some(from);
    }
}

#[cfg(test)]
mod tests;
