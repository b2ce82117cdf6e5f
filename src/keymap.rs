//! Keys to actions, as tables, and which table applies in the app's current mode. The help
//! overlay ([`help`]) and the status-bar hints are generated from these same tables, so what
//! the app says and what it does cannot drift apart.

pub mod help;
pub mod overrides;

pub use overrides::{Overrides, install, overrides};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::{Action, Prefix};
use crate::app::{App, Mode, Pane};
use crate::data::Kind;

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
    Compare,
    Find,
    Filter,
    Sources,
    General,
    Classroom,
    Present,
    Prompt,
    Picker,
}

impl Group {
    pub const ALL: [Self; 12] = [
        Self::Move,
        Self::Panes,
        Self::Links,
        Self::Compare,
        Self::Find,
        Self::Filter,
        Self::Sources,
        Self::General,
        Self::Classroom,
        Self::Present,
        Self::Prompt,
        Self::Picker,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Move => "Move",
            Self::Panes => "Panes",
            Self::Links => "Linked events",
            Self::Compare => "In the say-vs-do pane",
            Self::Find => "Search",
            Self::Filter => "Filter",
            Self::Sources => "Sources: copy and open",
            Self::General => "General",
            Self::Classroom => "In a classroom (ethics-timeline serve)",
            Self::Present => "Presenting (p, or a tour with t)",
            Self::Prompt => "In the search or filter line",
            Self::Picker => "In the company or tour picker",
        }
    }
}

/// Which table a key is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    /// The search or filter line is open: typing edits it.
    Prompt,
    /// The company or tour picker is open.
    Picker,
    /// Presenter mode: one event full screen.
    Present,
}

/// The table for the app's mode. The help overlay, even over a slide, takes the main keys:
/// j/k scroll it, q and ? close it.
pub fn input_mode(app: &App) -> InputMode {
    match app.mode {
        Mode::Explore | Mode::Help { .. } | Mode::Room { .. } => InputMode::Normal,
        Mode::Prompt(_) => InputMode::Prompt,
        Mode::Companies(_) | Mode::Tours(_) => InputMode::Picker,
        Mode::Present(_) => InputMode::Present,
    }
}

/// One line of a keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub group: Group,
    pub desc: &'static str,
    /// Short hint for the status bar, and the panes where it matters.
    pub hint: Option<(&'static str, &'static [Pane])>,
    /// How the help writes the keys when they are a sequence (`gg`, `m` + letter) rather
    /// than the keys themselves.
    pub shown: Option<&'static str>,
}

const fn bind(keys: &'static [Key], action: Action, group: Group, desc: &'static str) -> Binding {
    Binding { keys, action, group, desc, hint: None, shown: None }
}

/// A line of the help for a key sequence; the keys themselves resolve through their prefix.
const fn seq(shown: &'static str, group: Group, desc: &'static str) -> Binding {
    Binding { keys: &[], action: Action::KeyTimeout, group, desc, hint: None, shown: Some(shown) }
}

impl Binding {
    const fn hint(mut self, text: &'static str, panes: &'static [Pane]) -> Self {
        self.hint = Some((text, panes));
        self
    }

    const fn shown(mut self, text: &'static str) -> Self {
        self.shown = Some(text);
        self
    }
}

const ALL: &[Pane] = &[Pane::Timeline, Pane::Details, Pane::Compare];
const LISTS: &[Pane] = &[Pane::Timeline, Pane::Compare];
const LINKED: &[Pane] = &[Pane::Details, Pane::Compare];
const TIMELINE: &[Pane] = &[Pane::Timeline];
const DETAILS: &[Pane] = &[Pane::Details];
const COMPARE: &[Pane] = &[Pane::Compare];

use Action as A;
use Group as G;
use KeyCode as K;

/// The main keymap. Arrows always work alongside the vim keys.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[ch('j'), key(K::Down)], A::Down, G::Move, "next event (scroll down in details)").hint("j/k move", LISTS),
    bind(&[ch('k'), key(K::Up)], A::Up, G::Move, "previous event (scroll up in details)").hint("j/k scroll", DETAILS),
    bind(&[key(K::PageDown), ctrl('d')], A::PageDown, G::Move, "one page down"),
    bind(&[key(K::PageUp), ctrl('u')], A::PageUp, G::Move, "one page up"),
    bind(&[key(K::Home)], A::Top, G::Move, "first event (top of details)"),
    bind(&[ch('g')], A::Prefix(Prefix::G), G::Move, "first event; 5gg the fifth").shown("gg"),
    bind(&[ch('G'), key(K::End)], A::Bottom, G::Move, "last event (end of details); 5G the fifth"),
    bind(&[ch('['), ch(']')], A::PrevYear, G::Move, "previous / next year").hint("[/] year", TIMELINE),
    seq("5j 10k 3]", G::Move, "a count before a move repeats it (also PgDn, n, N, ←/→)"),
    bind(&[ch(':')], A::OpenGoto, G::Move, "go to a date (2019, 2019-06, 2019-06-19) or an event id").hint(": date", TIMELINE),
    seq("zz zt zb", G::Move, "put the selection in the middle, at the top, at the bottom"),
    bind(&[ch('m')], A::Prefix(Prefix::Mark), G::Move, "mark the selected event with a letter (kept between runs)").shown("m a–z"),
    bind(&[ch('\'')], A::Prefix(Prefix::Jump), G::Move, "go to a mark; '' back to before the last jump").shown("' a–z  ''"),
    bind(&[key(K::Tab)], A::FocusNext, G::Panes, "next pane").hint("Tab pane", ALL),
    bind(&[key(K::BackTab)], A::FocusPrev, G::Panes, "previous pane"),
    bind(&[ch('1')], A::Focus(Pane::Timeline), G::Panes, "timeline"),
    bind(&[ch('2')], A::Focus(Pane::Details), G::Panes, "details of the selected event"),
    bind(&[ch('3')], A::Focus(Pane::Compare), G::Panes, "say vs. do comparison"),
    bind(&[key(K::Enter)], A::Activate, G::Links, "open details (timeline) / follow the chosen link").hint("Enter open", TIMELINE),
    bind(&[ch('h'), key(K::Left)], A::PrevLink, G::Links, "choose the previous linked event"),
    bind(&[ch('l'), key(K::Right)], A::NextLink, G::Links, "choose the next linked event").hint("←/→ link  Enter follow", LINKED),
    bind(&[key(K::Backspace), ctrl('o')], A::Back, G::Links, "back to where you jumped from").hint("Bksp back", LINKED),
    bind(&[ch('/')], A::OpenSearch, G::Find, "search titles, summaries, quotes, actors, tags, publishers").hint("/ search", ALL),
    bind(&[ch('n')], A::NextMatch, G::Find, "next match"),
    bind(&[ch('N')], A::PrevMatch, G::Find, "previous match"),
    bind(&[ch('f')], A::OpenFilter, G::Filter, "edit the filter: kind:contract year:2018..2020 ice").hint("f filter", LISTS),
    bind(&[ch('4')], A::ToggleKind(Kind::Statement), G::Filter, "show / hide statements (S)"),
    bind(&[ch('5')], A::ToggleKind(Kind::Policy), G::Filter, "show / hide policies (P)"),
    bind(&[ch('6')], A::ToggleKind(Kind::Governance), G::Filter, "show / hide governance (G)"),
    bind(&[ch('7')], A::ToggleKind(Kind::Contract), G::Filter, "show / hide contracts (C)"),
    bind(&[ch('8')], A::ToggleKind(Kind::Activism), G::Filter, "show / hide activism (A)"),
    bind(&[ch('9')], A::ToggleKind(Kind::Reporting), G::Filter, "show / hide reporting (R)"),
    bind(&[ch('c')], A::OpenCompanies, G::Filter, "choose companies"),
    bind(&[ch('e')], A::ToggleEvidence, G::Filter, "only evidence \"reported\" or stronger / all"),
    bind(&[ch('0')], A::ClearFilters, G::Filter, "show everything: clear every filter"),
    bind(&[ch('z')], A::Prefix(Prefix::Z), G::Panes, "zoom: the focused pane takes the whole screen, Esc gives it back").hint("z zoom", LINKED),
    bind(&[ch('s')], A::CycleOrder, G::Compare, "order the pairs by date, by gap, by amount").hint("s order", COMPARE),
    bind(&[ch('a')], A::TogglePairsOnly, G::Compare, "only statements with a linked contract / everything").hint("a pairs only", COMPARE),
    bind(&[ch('x')], A::ToggleContext, G::Compare, "show activism, reporting and outside parties too"),
    bind(&[ch('y')], A::Prefix(Prefix::Y), G::Sources, "copy the citation: publisher, title, date, URL of each source (yy too)").hint("y copy", DETAILS),
    seq("yi", G::Sources, "copy the event id (for --goto)"),
    bind(&[ch('Y')], A::CopyUrl, G::Sources, "copy the first source's URL; 2Y the second's"),
    bind(&[ch('o')], A::OpenSource, G::Sources, "open the first source in the browser; 2o the second").hint("o open", DETAILS),
    bind(&[ch('p')], A::Present, G::General, "present the selected event full screen").hint("p present", ALL),
    bind(&[ch('t')], A::OpenTours, G::General, "choose a tour to present"),
    bind(&[ch('r')], A::ToggleRuler, G::General, "show / hide the time ruler"),
    bind(&[ch('T')], A::CycleTheme, G::General, "next theme: dark, light, high-contrast, projector"),
    bind(&[ch('F')], A::Follow, G::Classroom, "follow the presenter again (a student's session starts following; a move frees you)"),
    bind(&[ch('i')], A::ShowRoom, G::Classroom, "the teacher's card: how students join, who is connected (serve)"),
    bind(&[ch('?'), key(K::F(1))], A::ToggleHelp, G::General, "this help").hint("? help", ALL),
    bind(&[ch('q')], A::Close, G::General, "close the overlay, or quit").hint("q quit", ALL),
    bind(&[key(K::Esc)], A::Escape, G::General, "back out: unzoom, clear the search, close the overlay, end the tour; never quits"),
    bind(&[ctrl('c')], A::Quit, G::General, "quit from anywhere"),
    bind(&[ctrl('z')], A::Suspend, G::General, "suspend to the shell; fg resumes"),
];

/// Keys while presenting.
#[rustfmt::skip]
pub const PRESENT_BINDINGS: &[Binding] = &[
    bind(&[ch(' '), key(K::Right), ch('l'), ch('j'), key(K::PageDown)], A::NextSlide, G::Present, "next: the next linked contract, then the next slide"),
    bind(&[key(K::Enter)], A::Activate, G::Present, "next; after a number, go to that step (5 Enter, or :5 Enter)"),
    bind(&[ch(':')], A::Digit(10), G::Present, "type a step number to go to"),
    bind(&[key(K::Left), ch('h'), ch('k'), key(K::PageUp), key(K::Backspace)], A::PrevSlide, G::Present, "previous"),
    bind(&[ch('g'), key(K::Home)], A::Top, G::Present, "first"),
    bind(&[ch('G'), key(K::End)], A::Bottom, G::Present, "last"),
    bind(&[ch('n')], A::ToggleNotes, G::Present, "presenter notes: step notes and questions"),
    bind(&[ch('e')], A::ToggleExpand, G::Present, "the whole summary and quote, or the reveal again"),
    bind(&[ch('T')], A::CycleTheme, G::Present, "next theme"),
    bind(&[ch('F')], A::Follow, G::Present, "follow the presenter again (classroom)"),
    bind(&[ch('i')], A::ShowRoom, G::Present, "how students join (serve)"),
    bind(&[ch('?'), key(K::F(1))], A::ToggleHelp, G::Present, "help"),
    bind(&[key(K::Esc), ch('p')], A::Present, G::Present, "back to exploring, at this event"),
    bind(&[ch('q')], A::Close, G::Present, "quit (Esc only ever backs out)"),
    bind(&[ctrl('c')], A::Quit, G::Present, "quit"),
    bind(&[ctrl('z')], A::Suspend, G::Present, "suspend"),
];

/// Keys of the search and filter line; any other printable key is typed.
#[rustfmt::skip]
pub const PROMPT_BINDINGS: &[Binding] = &[
    bind(&[key(K::Enter)], A::PromptSubmit, G::Prompt, "keep the result"),
    bind(&[key(K::Esc)], A::PromptCancel, G::Prompt, "cancel and go back to where you were"),
    bind(&[key(K::Backspace)], A::PromptBackspace, G::Prompt, "delete a character"),
    bind(&[ctrl('u')], A::PromptClear, G::Prompt, "clear the line"),
    bind(&[key(K::Up)], A::RecallPrev, G::Prompt, "an earlier entry (kept between runs)"),
    bind(&[key(K::Down)], A::RecallNext, G::Prompt, "a later entry, back to what you typed"),
    bind(&[ctrl('n')], A::NextMatch, G::Prompt, "next match while typing a search"),
    bind(&[ctrl('p')], A::PrevMatch, G::Prompt, "previous match while typing a search"),
    bind(&[ctrl('c')], A::Quit, G::Prompt, "quit"),
    bind(&[ctrl('z')], A::Suspend, G::Prompt, "suspend"),
];

/// Keys of the company picker.
#[rustfmt::skip]
pub const PICKER_BINDINGS: &[Binding] = &[
    bind(&[ch('j'), key(K::Down)], A::Down, G::Picker, "next line"),
    bind(&[ch('k'), key(K::Up)], A::Up, G::Picker, "previous line"),
    bind(&[ch(' '), key(K::Enter)], A::PickerToggle, G::Picker, "tick this company / start this tour"),
    bind(&[ch('F')], A::ClearFilters, G::Picker, "show every company"),
    bind(&[ch('q'), key(K::Esc), ch('c'), ch('t')], A::Close, G::Picker, "close the picker"),
    bind(&[ctrl('c')], A::Quit, G::Picker, "quit"),
    bind(&[ctrl('z')], A::Suspend, G::Picker, "suspend"),
];

/// Every table, for the help overlay.
pub fn all_bindings() -> impl Iterator<Item = (InputMode, &'static Binding)> {
    [InputMode::Normal, InputMode::Present, InputMode::Prompt, InputMode::Picker]
        .into_iter()
        .flat_map(|m| table(m).iter().map(move |b| (m, b)))
}

/// The action for a key event in `mode`, if any, looked up in the tables alone (with the
/// user's overrides). Only presses count: Windows also reports releases.
pub fn resolve(mode: InputMode, event: KeyEvent) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    let pressed = pressed(event);
    // While presenting, digits type a step number.
    if mode == InputMode::Present
        && let KeyCode::Char(c @ '0'..='9') = pressed.code
    {
        return Some(Action::Digit(c as u8 - b'0'));
    }
    let found = overrides().lookup(mode, pressed);
    if found.is_none()
        && mode == InputMode::Prompt
        && let KeyCode::Char(c) = event.code
        && !pressed.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Action::PromptInput(c));
    }
    found
}

/// The action for a key event in the app's state: like [`resolve`], but a count or a prefix
/// typed before is taken into account, so `5` `j` and `m` `a` are sequences. Only over the
/// panes: the help, the pickers and the slides read keys one at a time.
pub fn resolve_in(app: &App, event: KeyEvent) -> Option<Action> {
    let mode = input_mode(app);
    if event.kind != KeyEventKind::Press || mode != InputMode::Normal || app.mode != Mode::Explore {
        return resolve(mode, event);
    }
    let pressed = pressed(event);
    let plain = !pressed.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match pressed.code {
        // The key after a prefix is read as itself: `a` of `ma` is a letter, not a binding.
        KeyCode::Char(c) if plain && app.pending.prefix.is_some() => Some(Action::Second(c)),
        KeyCode::Char(c @ '1'..='9') if plain => Some(Action::Count(c as u8 - b'0')),
        KeyCode::Char('0') if plain && app.pending.count.is_some() => Some(Action::Count(0)),
        KeyCode::Char(c) if plain => resolve(mode, event).or(Some(Action::Unbound(c))),
        _ => resolve(mode, event),
    }
}

/// What a plain key does over the panes on its own (with the user's keys): a digit when no
/// motion follows it, the key after a prefix that did not take it.
pub fn char_action(c: char) -> Option<Action> {
    overrides().lookup(InputMode::Normal, ch(c))
}

/// What a digit does when no motion follows it (focus a pane, show or hide a kind).
pub fn digit_action(d: u8) -> Option<Action> {
    char_action(char::from(b'0' + d.min(9)))
}

/// The key as the tables hold it. Terminals differ on whether Shift comes with an upper-case
/// letter or `?`; it is ignored there.
fn pressed(event: KeyEvent) -> Key {
    let mods = match event.code {
        KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
        _ => event.modifiers,
    };
    Key { code: event.code, mods }
}

fn table(mode: InputMode) -> &'static [Binding] {
    match mode {
        InputMode::Normal => BINDINGS,
        InputMode::Prompt => PROMPT_BINDINGS,
        InputMode::Picker => PICKER_BINDINGS,
        InputMode::Present => PRESENT_BINDINGS,
    }
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

/// The hints the status bar keeps whatever else gives way: help and quit, with the user's keys.
pub fn always_hints() -> Vec<String> {
    let o = overrides();
    [Action::ToggleHelp, Action::Close]
        .iter()
        .filter_map(|a| BINDINGS.iter().find(|b| b.action == *a))
        .filter_map(|b| o.hint_of(b))
        .collect()
}

/// The hints for the status bar when `pane` has focus, in table order.
pub fn hints(pane: Pane) -> impl Iterator<Item = String> {
    let o = overrides();
    BINDINGS
        .iter()
        .filter(move |b| b.hint.is_some_and(|(_, panes)| panes.contains(&pane)))
        .filter_map(move |b| o.hint_of(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn normal(event: KeyEvent) -> Option<Action> {
        resolve(InputMode::Normal, event)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        assert_eq!(normal(press(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(normal(press(KeyCode::Down)), Some(Action::Down));
        assert_eq!(normal(press(KeyCode::Char('k'))), normal(press(KeyCode::Up)));
        assert_eq!(normal(press(KeyCode::Char('['))), Some(Action::PrevYear));
        assert_eq!(normal(press(KeyCode::Char(']'))), Some(Action::NextYear));
    }

    #[test]
    fn only_presses_count() {
        let mut release = press(KeyCode::Char('j'));
        release.kind = KeyEventKind::Release;
        assert_eq!(normal(release), None);
    }

    #[test]
    fn shifted_letters_and_ctrl() {
        assert_eq!(normal(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(normal(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)), Some(Action::ToggleHelp));
        assert_eq!(normal(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(normal(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)), Some(Action::Back));
        assert_eq!(normal(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::FocusPrev));
        assert_eq!(normal(KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT)), Some(Action::PrevMatch));
    }

    #[test]
    fn no_key_is_bound_twice() {
        for table in [BINDINGS, PRESENT_BINDINGS, PROMPT_BINDINGS, PICKER_BINDINGS] {
            let mut seen = Vec::new();
            for b in table {
                for k in b.keys {
                    assert!(!seen.contains(k), "{} bound twice", label(*k));
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn the_prompt_types_what_it_does_not_bind() {
        assert_eq!(resolve(InputMode::Prompt, press(KeyCode::Char('q'))), Some(Action::PromptInput('q')));
        assert_eq!(resolve(InputMode::Prompt, press(KeyCode::Char('/'))), Some(Action::PromptInput('/')));
        assert_eq!(resolve(InputMode::Prompt, press(KeyCode::Esc)), Some(Action::PromptCancel));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(resolve(InputMode::Prompt, ctrl_c), Some(Action::Quit));
        assert_eq!(
            resolve(InputMode::Prompt, KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL)),
            None
        );
    }

    #[test]
    fn number_keys_focus_panes_and_toggle_kinds() {
        for (c, pane) in [('1', Pane::Timeline), ('2', Pane::Details), ('3', Pane::Compare)] {
            assert_eq!(normal(press(KeyCode::Char(c))), Some(Action::Focus(pane)));
        }
        assert_eq!(normal(press(KeyCode::Char('7'))), Some(Action::ToggleKind(Kind::Contract)));
    }

    #[test]
    fn each_mode_has_its_table() {
        assert_eq!(resolve(InputMode::Picker, press(KeyCode::Char(' '))), Some(Action::PickerToggle));
        assert_eq!(resolve(InputMode::Present, press(KeyCode::Char(' '))), Some(Action::NextSlide));
        assert_eq!(normal(press(KeyCode::Char(' '))), None);
        let mut app = App::new(crate::testing::small());
        assert_eq!(input_mode(&app), InputMode::Normal);
        app.mode = Mode::Prompt(crate::app::Prompt::new(crate::app::PromptKind::Search, String::new(), 0));
        assert_eq!(input_mode(&app), InputMode::Prompt);
        app.mode = Mode::Tours(crate::app::Picker { cursor: 0 });
        assert_eq!(input_mode(&app), InputMode::Picker);
        app.mode = Mode::Present(crate::app::Present::default());
        assert_eq!(input_mode(&app), InputMode::Present);
        app.mode = Mode::Help { scroll: 0, over: Some(crate::app::Present::default()) };
        assert_eq!(input_mode(&app), InputMode::Normal, "the help takes the main keys, even over a slide");
    }

    #[test]
    fn every_pane_has_hints() {
        for p in Pane::ALL {
            assert!(hints(p).count() >= 3, "{p:?}");
        }
    }
}
