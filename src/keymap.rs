//! Keys to actions, as one table. The help overlay and the status-bar hints are generated from
//! this same table, so what the app says and what it does cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;
use crate::app::Pane;

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

/// Sections of the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Panes,
    Links,
    General,
}

impl Group {
    pub const ALL: [Self; 4] = [Self::Move, Self::Panes, Self::Links, Self::General];

    pub fn title(self) -> &'static str {
        match self {
            Self::Move => "Move",
            Self::Panes => "Panes",
            Self::Links => "Linked events",
            Self::General => "General",
        }
    }
}

/// One line of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub group: Group,
    pub desc: &'static str,
    /// Short hint for the status bar, and the panes where it matters.
    pub hint: Option<(&'static str, &'static [Pane])>,
}

const ALL_PANES: &[Pane] = &[Pane::Timeline, Pane::Details, Pane::Compare];
const LISTS: &[Pane] = &[Pane::Timeline, Pane::Compare];
const LINKED: &[Pane] = &[Pane::Details, Pane::Compare];

/// The keymap. Arrows always work alongside the vim keys.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[ch('j'), key(KeyCode::Down)],
        action: Action::Down,
        group: Group::Move,
        desc: "next event (scroll down in details)",
        hint: Some(("j/k move", LISTS)),
    },
    Binding {
        keys: &[ch('k'), key(KeyCode::Up)],
        action: Action::Up,
        group: Group::Move,
        desc: "previous event (scroll up in details)",
        hint: Some(("j/k scroll", &[Pane::Details])),
    },
    Binding {
        keys: &[key(KeyCode::PageDown), ctrl('d')],
        action: Action::PageDown,
        group: Group::Move,
        desc: "one page down",
        hint: None,
    },
    Binding {
        keys: &[key(KeyCode::PageUp), ctrl('u')],
        action: Action::PageUp,
        group: Group::Move,
        desc: "one page up",
        hint: None,
    },
    Binding {
        keys: &[ch('g'), key(KeyCode::Home)],
        action: Action::Top,
        group: Group::Move,
        desc: "first event (top of details)",
        hint: None,
    },
    Binding {
        keys: &[ch('G'), key(KeyCode::End)],
        action: Action::Bottom,
        group: Group::Move,
        desc: "last event (end of details)",
        hint: None,
    },
    Binding {
        keys: &[ch('['), ch(']')],
        action: Action::PrevYear,
        group: Group::Move,
        desc: "previous / next year",
        hint: Some(("[/] year", &[Pane::Timeline])),
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        action: Action::FocusNext,
        group: Group::Panes,
        desc: "next pane",
        hint: Some(("Tab pane", ALL_PANES)),
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        action: Action::FocusPrev,
        group: Group::Panes,
        desc: "previous pane",
        hint: None,
    },
    Binding {
        keys: &[ch('1')],
        action: Action::Focus(Pane::Timeline),
        group: Group::Panes,
        desc: "timeline",
        hint: None,
    },
    Binding {
        keys: &[ch('2')],
        action: Action::Focus(Pane::Details),
        group: Group::Panes,
        desc: "details of the selected event",
        hint: None,
    },
    Binding {
        keys: &[ch('3')],
        action: Action::Focus(Pane::Compare),
        group: Group::Panes,
        desc: "say vs. do comparison",
        hint: None,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        action: Action::Activate,
        group: Group::Links,
        desc: "open details (timeline) / follow the chosen link",
        hint: Some(("Enter open", &[Pane::Timeline])),
    },
    Binding {
        keys: &[ch('h'), key(KeyCode::Left)],
        action: Action::PrevLink,
        group: Group::Links,
        desc: "choose the previous linked event",
        hint: None,
    },
    Binding {
        keys: &[ch('l'), key(KeyCode::Right)],
        action: Action::NextLink,
        group: Group::Links,
        desc: "choose the next linked event",
        hint: Some(("←/→ link  Enter follow", LINKED)),
    },
    Binding {
        keys: &[key(KeyCode::Backspace), ctrl('o')],
        action: Action::Back,
        group: Group::Links,
        desc: "back to where you jumped from",
        hint: Some(("Bksp back", LINKED)),
    },
    Binding {
        keys: &[ch('?'), key(KeyCode::F(1))],
        action: Action::ToggleHelp,
        group: Group::General,
        desc: "this help",
        hint: Some(("? help", ALL_PANES)),
    },
    Binding {
        keys: &[ch('q'), key(KeyCode::Esc)],
        action: Action::Close,
        group: Group::General,
        desc: "close the overlay, or quit",
        hint: Some(("q quit", ALL_PANES)),
    },
    Binding {
        keys: &[ctrl('c')],
        action: Action::Quit,
        group: Group::General,
        desc: "quit from anywhere",
        hint: None,
    },
];

/// The action for a key event, if any. Only presses count: Windows also reports releases.
pub fn resolve(event: KeyEvent) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    // Terminals differ on whether Shift comes with an upper-case letter or `?`; ignore it there.
    let mods = match event.code {
        KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
        _ => event.modifiers,
    };
    let pressed = Key { code: event.code, mods };
    // `[` and `]` share a binding line for the help; split them here.
    if pressed == ch(']') {
        return Some(Action::NextYear);
    }
    BINDINGS.iter().find(|b| b.keys.contains(&pressed)).map(|b| b.action)
}

/// How a key is written in the help and the status bar.
pub fn label(k: Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{base}") } else { base }
}

/// The hints for the status bar when `pane` has focus, in table order.
pub fn hints(pane: Pane) -> impl Iterator<Item = &'static str> {
    BINDINGS.iter().filter_map(move |b| b.hint.filter(|(_, panes)| panes.contains(&pane)).map(|(h, _)| h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        assert_eq!(resolve(press(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(resolve(press(KeyCode::Down)), Some(Action::Down));
        assert_eq!(resolve(press(KeyCode::Char('k'))), resolve(press(KeyCode::Up)));
        assert_eq!(resolve(press(KeyCode::Char('['))), Some(Action::PrevYear));
        assert_eq!(resolve(press(KeyCode::Char(']'))), Some(Action::NextYear));
    }

    #[test]
    fn only_presses_count() {
        let mut release = press(KeyCode::Char('j'));
        release.kind = KeyEventKind::Release;
        assert_eq!(resolve(release), None);
    }

    #[test]
    fn shifted_letters_and_ctrl() {
        assert_eq!(resolve(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(resolve(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)), Some(Action::ToggleHelp));
        assert_eq!(resolve(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(resolve(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)), Some(Action::Back));
        assert_eq!(resolve(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::FocusPrev));
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(!seen.contains(k), "{} bound twice", label(*k));
                seen.push(*k);
            }
        }
    }

    #[test]
    fn every_pane_has_hints() {
        for p in Pane::ALL {
            assert!(hints(p).count() >= 3, "{p:?}");
        }
    }
}
