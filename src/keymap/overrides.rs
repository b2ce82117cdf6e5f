//! The user's own keys (the config file's `[keys]` table): an action named there gets exactly
//! the keys listed, instead of its defaults, and those keys leave whatever else had them. Set
//! once at start ([`install`]); every lookup, the help overlay and the status-bar hints read
//! them, so the help shows the keys the app really takes.

use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyModifiers};

use super::{BINDINGS, Binding, InputMode, Key, ch, table};
use crate::action::Action;
use crate::data::Kind;

/// Keys the user moved, for the main keys (the panes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Each key given in the config and the action it now does.
    bound: Vec<(Key, Action)>,
    /// Actions whose default keys are dropped for the ones in `bound`.
    replaced: Vec<Action>,
}

static INSTALLED: OnceLock<Overrides> = OnceLock::new();

/// Makes `o` the keys of this process. Only the first call counts: keys do not change while
/// the app runs. Returns false when keys were already read before (a bug to report).
pub fn install(o: Overrides) -> bool {
    INSTALLED.set(o).is_ok()
}

/// The keys in force: the installed overrides, or none.
pub fn overrides() -> &'static Overrides {
    INSTALLED.get_or_init(Overrides::default)
}

/// The names the config file uses for the main keys' actions.
#[rustfmt::skip]
pub const NAMES: &[(&str, Action)] = &[
    ("down", Action::Down), ("up", Action::Up), ("page-down", Action::PageDown),
    ("page-up", Action::PageUp), ("first", Action::Top), ("last", Action::Bottom),
    ("previous-year", Action::PrevYear), ("next-year", Action::NextYear),
    ("go-to", Action::OpenGoto), ("next-pane", Action::FocusNext), ("previous-pane", Action::FocusPrev),
    ("timeline", Action::Focus(crate::app::Pane::Timeline)),
    ("details", Action::Focus(crate::app::Pane::Details)),
    ("compare", Action::Focus(crate::app::Pane::Compare)),
    ("open", Action::Activate), ("previous-link", Action::PrevLink), ("next-link", Action::NextLink),
    ("back", Action::Back), ("search", Action::OpenSearch), ("next-match", Action::NextMatch),
    ("previous-match", Action::PrevMatch), ("filter", Action::OpenFilter),
    ("statements", Action::ToggleKind(Kind::Statement)), ("policies", Action::ToggleKind(Kind::Policy)),
    ("governance", Action::ToggleKind(Kind::Governance)), ("contracts", Action::ToggleKind(Kind::Contract)),
    ("activism", Action::ToggleKind(Kind::Activism)), ("reporting", Action::ToggleKind(Kind::Reporting)),
    ("companies", Action::OpenCompanies), ("evidence", Action::ToggleEvidence),
    ("clear-filters", Action::ClearFilters), ("order", Action::CycleOrder),
    ("follow", Action::Follow), ("room", Action::ShowRoom),
    ("pairs-only", Action::TogglePairsOnly), ("context", Action::ToggleContext),
    ("copy-url", Action::CopyUrl), ("open-source", Action::OpenSource), ("present", Action::Present),
    ("tours", Action::OpenTours), ("ruler", Action::ToggleRuler), ("theme", Action::CycleTheme),
    ("help", Action::ToggleHelp), ("quit", Action::Close),
];

/// The config file's name for `action`, if it can be moved.
pub fn name_of(action: Action) -> Option<&'static str> {
    NAMES.iter().find(|(_, a)| *a == action).map(|(n, _)| *n)
}

impl Overrides {
    /// Builds the overrides from `(action name, keys)` pairs, in file order. Each problem is a
    /// message naming the entry; the caller locates it in the file.
    pub fn parse<'a>(
        entries: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
    ) -> Result<Self, Vec<(String, String)>> {
        let mut out = Self::default();
        let mut problems = Vec::new();
        for (name, keys) in entries {
            let Some(&(_, action)) = NAMES.iter().find(|(n, _)| *n == name) else {
                let near = crate::suggest::closest_names(name, NAMES.iter().map(|(n, _)| *n));
                let hint = crate::suggest::did_you_mean(&near)
                    .unwrap_or_else(|| "`ethics-timeline config --print` lists every action".to_string());
                problems.push((name.to_string(), format!("no action \"{name}\"; {hint}")));
                continue;
            };
            out.replaced.retain(|a| *a != action);
            out.bound.retain(|(_, a)| *a != action);
            out.replaced.push(action);
            for k in keys {
                match parse_key(k) {
                    Some(key) => {
                        // A key given twice goes to the last action that names it.
                        out.bound.retain(|(b, _)| *b != key);
                        out.bound.push((key, action));
                    }
                    None => problems.push((
                        name.to_string(),
                        format!("\"{k}\" is not a key; write a letter, or ctrl-x, space, enter, tab, esc, up, pgdn, f1…"),
                    )),
                }
            }
        }
        if problems.is_empty() { Ok(out) } else { Err(problems) }
    }

    pub fn is_empty(&self) -> bool {
        self.bound.is_empty() && self.replaced.is_empty()
    }

    /// The action of `key` in `mode`'s table, after the user's keys.
    pub fn lookup(&self, mode: InputMode, key: Key) -> Option<Action> {
        let main = mode == InputMode::Normal;
        if main && let Some((_, a)) = self.bound.iter().find(|(k, _)| *k == key) {
            return Some(*a);
        }
        let kept = |b: &&Binding| !(main && self.replaced.contains(&b.action));
        let found = table(mode).iter().filter(kept).find(|b| b.keys.contains(&key)).map(|b| b.action);
        // `[` and `]` share a line of the help; `]` goes the other way.
        if main && key == ch(']') && found == Some(Action::PrevYear) {
            return Some(Action::NextYear);
        }
        found
    }

    /// The keys `b` (a line of `mode`'s table) answers to now.
    pub fn keys_of(&self, mode: InputMode, b: &Binding) -> Vec<Key> {
        if mode != InputMode::Normal {
            return b.keys.to_vec();
        }
        if self.replaced.contains(&b.action) {
            return self.bound.iter().filter(|(_, a)| *a == b.action).map(|(k, _)| *k).collect();
        }
        b.keys.iter().copied().filter(|k| !self.bound.iter().any(|(o, _)| o == k)).collect()
    }

    /// The status-bar hint of `b`, with the user's key in place of the default one.
    pub fn hint_of(&self, b: &Binding) -> Option<String> {
        let (text, _) = b.hint?;
        if !self.replaced.contains(&b.action) {
            return Some(text.to_string());
        }
        let key = self.keys_of(InputMode::Normal, b).first().map(|k| super::label(*k))?;
        let words = text.split_once(' ').map_or(text, |(_, rest)| rest);
        Some(format!("{key} {words}"))
    }
}

/// A key as the config file writes it: `j`, `J`, `/`, `ctrl-n`, `space`, `enter`, `tab`,
/// `shift-tab`, `esc`, `backspace`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`,
/// `end`, `f1`…`f12`.
pub fn parse_key(text: &str) -> Option<Key> {
    let (ctrl, rest) = match text.strip_prefix("ctrl-").or_else(|| text.strip_prefix("Ctrl-")) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        _ => match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "esc" | "escape" => KeyCode::Esc,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                Some(n @ 1..=12) => KeyCode::F(n),
                _ => return None,
            },
        },
    };
    let mods = if ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
    Some(Key { code, mods })
}

/// Every main action that can be moved, with its default keys: what `config --print` writes.
pub fn defaults() -> impl Iterator<Item = (&'static str, Vec<String>, &'static str)> {
    NAMES.iter().filter_map(|&(name, action)| {
        let b = BINDINGS.iter().find(|b| b.action == action)?;
        let mut keys: Vec<String> = b.keys.iter().map(|k| config_name(*k)).collect();
        if action == Action::NextYear {
            keys = vec!["]".into()];
        } else if action == Action::PrevYear {
            keys = vec!["[".into()];
        }
        Some((name, keys, b.desc))
    })
}

/// How the config file writes `k` (the inverse of [`parse_key`]).
fn config_name(k: Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "shift-tab".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::PageUp => "pgup".into(),
        KeyCode::PageDown => "pgdn".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::F(n) => format!("f{n}"),
        other => format!("{other:?}").to_lowercase(),
    };
    if k.mods.contains(KeyModifiers::CONTROL) { format!("ctrl-{base}") } else { base }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(entries: &[(&str, &[&str])]) -> Overrides {
        Overrides::parse(entries.iter().map(|(n, k)| (*n, k.to_vec()))).expect("parses")
    }

    #[test]
    fn an_override_replaces_the_defaults_and_takes_the_key_from_its_owner() {
        let o = parsed(&[("search", &["s"])]);
        assert_eq!(o.lookup(InputMode::Normal, ch('s')), Some(Action::OpenSearch));
        assert_eq!(o.lookup(InputMode::Normal, ch('/')), None, "the default key is gone");
        let order = BINDINGS.iter().find(|b| b.action == Action::CycleOrder).expect("order");
        assert!(o.keys_of(InputMode::Normal, order).is_empty(), "s left the comparison's order");
        let search = BINDINGS.iter().find(|b| b.action == Action::OpenSearch).expect("search");
        assert_eq!(o.keys_of(InputMode::Normal, search), [ch('s')]);
        assert_eq!(o.hint_of(search).as_deref(), Some("s search"));
        assert_eq!(o.lookup(InputMode::Prompt, ch('s')), None, "only the main keys move");
    }

    #[test]
    fn keys_are_written_as_people_write_them() {
        assert_eq!(parse_key("ctrl-n"), Some(Key { code: KeyCode::Char('n'), mods: KeyModifiers::CONTROL }));
        assert_eq!(parse_key("space"), Some(ch(' ')));
        assert_eq!(parse_key("PgDn").map(|k| k.code), Some(KeyCode::PageDown));
        assert_eq!(parse_key("f5").map(|k| k.code), Some(KeyCode::F(5)));
        assert_eq!(parse_key("J"), Some(ch('J')));
        assert_eq!(parse_key("f13"), None);
        assert_eq!(parse_key("jj"), None);
        for (_, keys, _) in defaults() {
            for k in keys {
                assert!(parse_key(&k).is_some(), "{k} is written back as it is read");
            }
        }
    }

    #[test]
    fn bad_entries_say_what_is_wrong() {
        let e = Overrides::parse([("serch", vec!["s"]), ("down", vec!["jj"])]).expect_err("bad");
        assert_eq!(e[0].1, "no action \"serch\"; did you mean: search?");
        assert!(e[1].1.starts_with("\"jj\" is not a key"), "{}", e[1].1);
    }

    #[test]
    fn without_overrides_the_brackets_go_both_ways() {
        let o = Overrides::default();
        assert_eq!(o.lookup(InputMode::Normal, ch('[')), Some(Action::PrevYear));
        assert_eq!(o.lookup(InputMode::Normal, ch(']')), Some(Action::NextYear));
    }
}
