//! The user's own files: where they live (the XDG base directories), and the config file,
//! `$XDG_CONFIG_HOME/ethics-timeline/config.toml`. Every key is optional; the command line
//! beats the file. A file that does not read gives a located error, and the app starts on
//! its defaults and says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// `$XDG_<kind>_HOME/ethics-timeline/<name>`, else `~/<fallback>/ethics-timeline/<name>`. A
/// relative XDG path is ignored, as the XDG spec says.
fn user_file(var: &str, fallback: &str, name: &str) -> Option<PathBuf> {
    let base = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(fallback)))?;
    Some(base.join("ethics-timeline").join(name))
}

/// Where marks and the input lines' history are kept between runs.
pub fn state_file() -> Option<PathBuf> {
    user_file("XDG_STATE_HOME", ".local/state", "state.json")
}

/// Where the config file is looked for.
pub fn config_file() -> Option<PathBuf> {
    user_file("XDG_CONFIG_HOME", ".config", "config.toml")
}

/// What the file says. Absent keys are `None`: the built-in default applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `dark`, `light`, `high-contrast`, `projector` or `terminal`.
    pub theme: Option<String>,
    /// The company to open on (id or name), as `--company`.
    pub company: Option<String>,
    /// Take the mouse (clicks, wheel); off leaves text selection to the terminal.
    pub mouse: Option<bool>,
    /// Show the time ruler.
    pub ruler: Option<bool>,
    /// OSC 8 links on source URLs: `auto` (where the terminal is known to show them), `on`, `off`.
    pub hyperlinks: Option<String>,
    /// Action name → the keys it takes instead of its defaults.
    #[serde(default)]
    pub keys: BTreeMap<String, Keys>,
}

/// One key or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Keys {
    One(String),
    Many(Vec<String>),
}

impl Keys {
    pub fn list(&self) -> Vec<&str> {
        match self {
            Self::One(k) => vec![k.as_str()],
            Self::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

/// The config and the keys it moves, or why it does not read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub keys: crate::keymap::Overrides,
    /// `file:line:column: what`, for a file that did not read; the defaults apply. The file is
    /// named by its name alone (the status bar has no room for a path); [`Loaded::folder`]
    /// says where it is.
    pub problem: Option<String>,
    pub folder: Option<PathBuf>,
}

impl Loaded {
    /// The problem with the file's whole path, for stderr.
    pub fn problem_in_full(&self) -> Option<String> {
        let p = self.problem.as_ref()?;
        Some(match &self.folder {
            Some(dir) => format!("{}/{p}", dir.display()),
            None => p.clone(),
        })
    }
}

/// Reads the config file at `path`; no file is no config.
pub fn load(path: &Path) -> Loaded {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let name = path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            let mut loaded = parse(&text, &name);
            loaded.folder = path.parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf);
            loaded
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::default(),
        Err(e) => Loaded { problem: Some(format!("{}: {e}", path.display())), ..Loaded::default() },
    }
}

/// Reads config text; `name` is how messages name the file.
pub fn parse(text: &str, name: &str) -> Loaded {
    let at = |offset: usize| {
        let (line, col) = crate::data::locate::line_columns(text, &[offset])[0];
        format!("{name}:{line}:{col}")
    };
    let config: Config = match toml::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            let place = e.span().map_or_else(|| name.to_string(), |s| at(s.start));
            let why = e.message().trim().replace('\n', " ");
            return Loaded { problem: Some(format!("{place}: {why}")), ..Loaded::default() };
        }
    };
    if let Some(t) = &config.theme
        && crate::theme::ThemeId::parse(t).is_none()
    {
        let names: Vec<&str> = crate::theme::ThemeId::ALL.iter().map(|t| t.name()).collect();
        let place = find(text, "theme").map_or_else(|| name.to_string(), at);
        return Loaded {
            problem: Some(format!("{place}: no theme \"{t}\"; themes: {}", names.join(", "))),
            ..Loaded::default()
        };
    }
    if let Some(h) = &config.hyperlinks
        && crate::tui::hyperlink::Choice::parse(h).is_none()
    {
        let place = find(text, "hyperlinks").map_or_else(|| name.to_string(), at);
        return Loaded {
            problem: Some(format!("{place}: hyperlinks is auto, on or off, not \"{h}\"")),
            ..Loaded::default()
        };
    }
    let entries = config.keys.iter().map(|(k, v)| (k.as_str(), v.list()));
    match crate::keymap::Overrides::parse(entries) {
        Ok(keys) => Loaded { config, keys, problem: None, folder: None },
        Err(problems) => {
            let (entry, why) = &problems[0];
            let place = find_in_keys(text, entry).map_or_else(|| name.to_string(), at);
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            Loaded { problem: Some(format!("{place}: [keys] {why}{more}")), ..Loaded::default() }
        }
    }
}

/// Where a top-level `key =` starts, for a message about its value.
fn find(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return Some(offset + line.len() - t.len());
        }
        if t.starts_with('[') {
            return None;
        }
        offset += line.len();
    }
    None
}

/// Where `entry =` starts inside the `[keys]` table.
fn find_in_keys(text: &str, entry: &str) -> Option<usize> {
    let start = text.find("[keys]")?;
    let rest = &text[start..];
    let mut offset = start;
    for line in rest.split_inclusive('\n') {
        let t = line.trim_start();
        let name = t.strip_prefix('"').map_or(t, |s| s);
        if name.starts_with(entry)
            && name[entry.len()..].trim_start_matches('"').trim_start().starts_with('=')
        {
            return Some(offset + line.len() - t.len());
        }
        offset += line.len();
    }
    None
}

/// The file `config --print` writes: every key, commented out at its default, so a user
/// uncomments what they want to change.
pub fn defaults_text() -> String {
    let mut s = String::from(
        "# ethics-timeline config: $XDG_CONFIG_HOME/ethics-timeline/config.toml\n\
         # (~/.config/ethics-timeline/config.toml). Every key is optional; the command line beats\n\
         # the file. Uncomment a line to change it.\n\n\
         # dark, light, high-contrast, projector or terminal (the terminal's own colours).\n\
         # Without it: light or dark, from what the terminal says its background is.\n\
         # theme = \"dark\"\n\n\
         # The company to open on, by id or name (as --company).\n\
         # company = \"microsoft\"\n\n\
         # Clicks and the wheel; false leaves text selection to the terminal (as --mouse off).\n\
         # mouse = true\n\n\
         # The time ruler at the top (r shows or hides it; as --ruler).\n\
         # ruler = true\n\n\
         # Source URLs as clickable links (OSC 8): auto (where the terminal is known to show\n\
         # them), on or off. ETHICS_TIMELINE_HYPERLINKS=on|off beats it.\n\
         # hyperlinks = \"auto\"\n\n\
         # Keys: an action gets exactly the keys listed, instead of its defaults, and those keys\n\
         # leave whatever else had them. Counts (5j) and the two-key commands (gg, zz, yy, yi,\n\
         # m and ' for marks) stay as they are. Keys: a letter, ctrl-x, space, enter, tab,\n\
         # shift-tab, esc, backspace, up, down, left, right, pgup, pgdn, home, end, f1…f12.\n\
         [keys]\n",
    );
    for (name, keys, desc) in crate::keymap::overrides::defaults() {
        let keys: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
        s.push_str(&format!("# {name} = [{}]  # {desc}\n", keys.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_sets_each_key() {
        let l = parse(
            "theme = \"projector\"\ncompany = \"google\"\nmouse = false\nruler = false\nhyperlinks = \"off\"\n[keys]\nsearch = \"s\"\ndown = [\"j\", \"ctrl-n\"]\n",
            "config.toml",
        );
        assert_eq!(l.problem, None);
        assert_eq!(l.config.theme.as_deref(), Some("projector"));
        assert_eq!(l.config.company.as_deref(), Some("google"));
        assert_eq!((l.config.mouse, l.config.ruler), (Some(false), Some(false)));
        assert!(!l.keys.is_empty());
    }

    #[test]
    fn a_bad_file_says_where_and_falls_back_to_defaults() {
        let cases = [
            ("theme = \"dark\"\nthme = \"light\"\n", "config.toml:2:1: unknown field `thme`"),
            ("mouse = yes\n", "config.toml:1:9:"),
            ("ruler = true\ntheme = \"neon\"\n", "config.toml:2:1: no theme \"neon\"; themes: dark, light"),
            ("[keys]\nsearch = \"s\"\nserch = \"/\"\n", "config.toml:3:1: [keys] no action \"serch\""),
        ];
        for (text, starts) in cases {
            let l = parse(text, "config.toml");
            let problem = l.problem.unwrap_or_default();
            assert!(problem.starts_with(starts), "{text:?} → {problem}");
            assert_eq!(l.config, Config::default(), "nothing of a bad file is used");
            assert!(l.keys.is_empty());
        }
    }

    #[test]
    fn the_printed_defaults_read_back_as_no_change() {
        let l = parse(&defaults_text(), "defaults");
        assert_eq!(l.problem, None);
        assert_eq!(l.config, Config::default());
        // And uncommented, every line of it reads too.
        let uncommented: String = defaults_text()
            .lines()
            .map(|l| l.strip_prefix("# ").filter(|r| r.contains(" = ")).unwrap_or(l))
            .map(|l| format!("{}\n", l.split("  # ").next().unwrap_or(l)))
            .collect();
        let l = parse(&uncommented, "uncommented");
        assert_eq!(l.problem, None, "{uncommented}");
        assert_eq!(l.config.theme.as_deref(), Some("dark"));
    }
}
