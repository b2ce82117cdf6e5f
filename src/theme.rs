//! Semantic styles. Widgets ask for "the style of a contract" or "a focused border", never for
//! a colour, so themes change in one place.
//!
//! Four built-in themes. `dark` and `light` use the terminal's own background and only the 16
//! standard colours, tuned for dark or light backgrounds. `high-contrast` and `projector`
//! paint their own background, so every viewer of a screen share or a projector sees the same
//! thing. Every theme works in 16 colours; RGB is used only when `COLORTERM` says the terminal
//! has true colour. `NO_COLOR` turns colour off, never meaning: kinds carry a letter, the
//! selection is reversed and marked `▶`, the focused pane has a thick border and a `●`.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

use crate::data::{Evidence, Kind};

/// The built-in themes, in the order the theme key cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeId {
    Dark,
    Light,
    HighContrast,
    Projector,
    /// The terminal's own colours for all text: for a background nobody could tell us.
    Terminal,
}

impl ThemeId {
    pub const ALL: [Self; 5] = [Self::Dark, Self::Light, Self::HighContrast, Self::Projector, Self::Terminal];

    pub fn name(self) -> &'static str {
        match self {
            Self::Dark => "dark",
            Self::Light => "light",
            Self::HighContrast => "high-contrast",
            Self::Projector => "projector",
            Self::Terminal => "terminal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == s)
    }

    #[must_use]
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|&t| t == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }

    /// `light` when `COLORFGBG` (set by many terminals as "fg;bg") names a light background,
    /// else `dark`.
    pub fn from_colorfgbg(value: Option<&str>) -> Self {
        let bg = value.and_then(|v| v.rsplit(';').next()).and_then(|b| b.trim().parse::<u8>().ok());
        match bg {
            Some(7 | 15) => Self::Light,
            _ => Self::Dark,
        }
    }

    /// The theme for what the terminal told us: its background when it answered the query
    /// (`Some(true)` for a dark one), else `COLORFGBG`, else the terminal's own colours.
    pub fn detect(dark_background: Option<bool>, colorfgbg: Option<&str>) -> Self {
        match (dark_background, colorfgbg) {
            (Some(true), _) => Self::Dark,
            (Some(false), _) => Self::Light,
            (None, Some(v)) => Self::from_colorfgbg(Some(v)),
            (None, None) => Self::Terminal,
        }
    }
}

/// How much colour the terminal gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// `NO_COLOR` is set: modifiers only.
    None,
    /// The 16 standard colours.
    Basic,
    /// `COLORTERM=truecolor` or `24bit`.
    TrueColor,
}

impl ColorMode {
    /// From the environment values of `NO_COLOR` and `COLORTERM`.
    pub fn from_env(no_color: Option<&str>, colorterm: Option<&str>) -> Self {
        // no-color.org: set and not empty.
        if no_color.is_some_and(|v| !v.is_empty()) {
            Self::None
        } else if matches!(colorterm, Some("truecolor" | "24bit")) {
            Self::TrueColor
        } else {
            Self::Basic
        }
    }
}

/// What a piece of text is, to the eye. Views and documents name roles; only the theme turns
/// them into colours and modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Body text in the terminal's (or the painted theme's) own colours.
    Plain,
    Heading,
    /// Field labels (`Date:`), column headers, key names.
    Label,
    /// Secondary text.
    Dim,
    Quote,
    Url,
    /// The classroom's badge on the status bar (who follows; where the presenter is): the
    /// accent colour, not reversed, so it stands out of the reversed bar.
    Badge,
    /// The selected row or item.
    Selected,
    /// Events linked to the selection.
    Linked,
    /// A search match inside text.
    Matched,
    Error,
    Status,
    /// Events outside the running tour, in the timeline.
    OffTour,
    /// An event kind's letter and colour.
    Kind(Kind),
    Evidence(Evidence),
    Border {
        focused: bool,
    },
    /// A pane's title.
    Title {
        focused: bool,
    },
}

/// A resolved theme: which one, in how much colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub id: ThemeId,
    pub mode: ColorMode,
}

impl Default for Theme {
    fn default() -> Self {
        Self { id: ThemeId::Dark, mode: ColorMode::Basic }
    }
}

/// A colour with its 16-colour fallback.
#[derive(Clone, Copy)]
struct Tone {
    basic: Color,
    rgb: Color,
}

const fn tone(basic: Color, rgb: (u8, u8, u8)) -> Tone {
    Tone { basic, rgb: Color::Rgb(rgb.0, rgb.1, rgb.2) }
}

impl Theme {
    pub fn new(id: ThemeId, mode: ColorMode) -> Self {
        Self { id, mode }
    }

    fn color(self, t: Tone) -> Option<Color> {
        match self.mode {
            ColorMode::None => None,
            ColorMode::Basic => Some(t.basic),
            ColorMode::TrueColor => Some(t.rgb),
        }
    }

    fn fg(self, t: Tone) -> Style {
        // Without knowing the background, only the terminal's own foreground is sure to read:
        // kinds keep their letters, the selection its reverse video.
        if self.id == ThemeId::Terminal {
            return Style::new();
        }
        match self.color(t) {
            Some(c) => Style::new().fg(c),
            None => Style::new(),
        }
    }

    /// The painted background and text colour, for the themes that paint one.
    pub fn base(self) -> Style {
        let (fg, bg) = match self.id {
            ThemeId::Dark | ThemeId::Light | ThemeId::Terminal => return Style::new(),
            ThemeId::HighContrast => (tone(Color::White, (255, 255, 255)), tone(Color::Black, (0, 0, 0))),
            ThemeId::Projector => (tone(Color::Black, (0, 0, 0)), tone(Color::White, (255, 255, 255))),
        };
        match (self.color(fg), self.color(bg)) {
            (Some(f), Some(b)) => Style::new().fg(f).bg(b),
            _ => Style::new(),
        }
    }

    /// True when the theme paints its own background.
    pub fn paints_background(self) -> bool {
        self.base() != Style::new()
    }

    fn kind_tone(self, k: Kind) -> Tone {
        use Kind::*;
        match (self.id, k) {
            // Dark backgrounds: the bright half of the palette. xterm's light blue reaches only
            // 4.4:1 on black, so statements take light cyan in 16 colours, policies cyan.
            (ThemeId::Dark | ThemeId::HighContrast, Statement) => tone(Color::LightCyan, (110, 160, 255)),
            (ThemeId::Dark | ThemeId::HighContrast, Policy) => tone(Color::Cyan, (90, 220, 230)),
            (ThemeId::Dark | ThemeId::HighContrast, Governance) => tone(Color::LightMagenta, (230, 130, 240)),
            (ThemeId::Dark | ThemeId::HighContrast, Contract) => tone(Color::LightRed, (255, 110, 100)),
            (ThemeId::Dark | ThemeId::HighContrast, Activism) => tone(Color::LightGreen, (120, 230, 120)),
            (ThemeId::Dark | ThemeId::HighContrast, Reporting) => tone(Color::Yellow, (240, 210, 80)),
            // Light backgrounds and projectors: the dark half. On white, xterm's cyan, green and
            // dark gray stay under 4.5:1, so in 16 colours policies are blue and activism and
            // reporting black; the letter tells them apart.
            (_, Statement) => tone(Color::Blue, (20, 60, 200)),
            (_, Policy) => tone(Color::Blue, (0, 110, 130)),
            (_, Governance) => tone(Color::Magenta, (140, 30, 160)),
            (_, Contract) => tone(Color::Red, (190, 20, 20)),
            (_, Activism) => tone(Color::Black, (20, 120, 30)),
            (_, Reporting) => tone(Color::Black, (90, 90, 90)),
        }
    }

    fn accent(self) -> Tone {
        match self.id {
            ThemeId::Dark | ThemeId::HighContrast => tone(Color::LightCyan, (90, 220, 230)),
            ThemeId::Light | ThemeId::Projector | ThemeId::Terminal => tone(Color::Blue, (20, 60, 200)),
        }
    }

    fn gray(self) -> Tone {
        match self.id {
            ThemeId::HighContrast => tone(Color::White, (255, 255, 255)),
            ThemeId::Projector => tone(Color::Black, (0, 0, 0)),
            ThemeId::Dark => tone(Color::Gray, (170, 170, 170)),
            // xterm's dark gray is 4.0:1 on white.
            ThemeId::Light | ThemeId::Terminal => tone(Color::Black, (90, 90, 90)),
        }
    }

    /// The style of a role: every style the app draws with comes from this one `match`.
    pub fn style(self, role: Role) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        // High-contrast and projector themes do not dim: washed-out text disappears on a
        // projector.
        let undimmed = matches!(self.id, ThemeId::HighContrast | ThemeId::Projector);
        match role {
            Role::Plain => Style::new(),
            Role::Heading => bold,
            Role::Label => self.fg(self.gray()).add_modifier(Modifier::BOLD),
            Role::Dim if undimmed => Style::new(),
            Role::Dim => Style::new().add_modifier(Modifier::DIM),
            Role::Quote => Style::new().add_modifier(Modifier::ITALIC),
            Role::Url => self.fg(self.accent()).add_modifier(Modifier::UNDERLINED),
            Role::Badge => self.fg(self.accent()).add_modifier(Modifier::BOLD),
            // Reversed video reads on every background and without colour.
            Role::Selected => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            Role::Linked => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            // A marked background, and bold underline without colour.
            Role::Matched if self.mode == ColorMode::None => {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            }
            Role::Matched => Style::new().bg(Color::Yellow).fg(Color::Black).add_modifier(Modifier::BOLD),
            Role::Error => self.fg(self.kind_tone(Kind::Contract)).add_modifier(Modifier::BOLD),
            Role::Status => Style::new().add_modifier(Modifier::REVERSED),
            Role::OffTour if self.mode == ColorMode::None => Style::new().add_modifier(Modifier::DIM),
            Role::OffTour => self.fg(tone(Color::DarkGray, (120, 120, 120))).add_modifier(Modifier::DIM),
            Role::Kind(k) => self.fg(self.kind_tone(k)).add_modifier(Modifier::BOLD),
            Role::Evidence(Evidence::Confirmed | Evidence::Reported) => Style::new(),
            Role::Evidence(Evidence::Disputed) => {
                self.fg(self.kind_tone(Kind::Governance)).add_modifier(Modifier::BOLD)
            }
            Role::Evidence(Evidence::Unverified) => {
                self.fg(self.kind_tone(Kind::Contract)).add_modifier(Modifier::BOLD)
            }
            Role::Border { focused: true } => self.fg(self.accent()).add_modifier(Modifier::BOLD),
            Role::Border { focused: false } => Style::new(),
            Role::Title { focused: true } => Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            Role::Title { focused: false } => bold,
        }
    }

    pub fn border_type(self, focused: bool) -> BorderType {
        if focused { BorderType::Thick } else { BorderType::Plain }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_decides_colour() {
        assert_eq!(ColorMode::from_env(Some("1"), Some("truecolor")), ColorMode::None);
        assert_eq!(ColorMode::from_env(Some(""), None), ColorMode::Basic, "an empty NO_COLOR is unset");
        assert_eq!(ColorMode::from_env(None, Some("24bit")), ColorMode::TrueColor);
        assert_eq!(ColorMode::from_env(None, Some("256")), ColorMode::Basic);
        assert_eq!(ThemeId::from_colorfgbg(Some("0;15")), ThemeId::Light);
        assert_eq!(ThemeId::from_colorfgbg(Some("15;default;0")), ThemeId::Dark);
        assert_eq!(ThemeId::from_colorfgbg(None), ThemeId::Dark);
        assert_eq!(ThemeId::detect(Some(false), Some("15;0")), ThemeId::Light, "the answer beats COLORFGBG");
        assert_eq!(ThemeId::detect(None, Some("0;15")), ThemeId::Light);
        assert_eq!(ThemeId::detect(None, None), ThemeId::Terminal, "nobody said: the terminal's colours");
        let t = Theme::new(ThemeId::Terminal, ColorMode::TrueColor);
        assert!(
            Kind::ALL.iter().all(|&k| t.style(Role::Kind(k)).fg.is_none())
                && t.style(Role::Label).fg.is_none()
        );
    }

    #[test]
    fn basic_mode_never_uses_rgb() {
        for id in ThemeId::ALL {
            let t = Theme::new(id, ColorMode::Basic);
            let styles = Kind::ALL.map(|k| t.style(Role::Kind(k))).into_iter().chain([
                t.base(),
                t.style(Role::Label),
                t.style(Role::Url),
                t.style(Role::Border { focused: true }),
            ]);
            for s in styles {
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{} uses {c:?}", id.name());
                }
            }
        }
    }

    #[test]
    fn no_color_means_no_colour_but_keeps_the_selection() {
        let t = Theme::new(ThemeId::Projector, ColorMode::None);
        assert_eq!(t.base(), Style::new());
        assert!(Kind::ALL.iter().all(|&k| t.style(Role::Kind(k)).fg.is_none()));
        assert!(t.style(Role::Selected).add_modifier.contains(Modifier::REVERSED));
    }

    /// xterm's default 16-colour palette, the one most terminals start from.
    fn xterm(c: Color) -> (u8, u8, u8) {
        match c {
            Color::Black => (0, 0, 0),
            Color::Red => (205, 0, 0),
            Color::Green => (0, 205, 0),
            Color::Yellow => (205, 205, 0),
            Color::Blue => (0, 0, 238),
            Color::Magenta => (205, 0, 205),
            Color::Cyan => (0, 205, 205),
            Color::Gray => (229, 229, 229),
            Color::DarkGray => (127, 127, 127),
            Color::LightRed => (255, 0, 0),
            Color::LightGreen => (0, 255, 0),
            Color::LightYellow => (255, 255, 0),
            Color::LightBlue => (92, 92, 255),
            Color::LightMagenta => (255, 0, 255),
            Color::LightCyan => (0, 255, 255),
            Color::White => (255, 255, 255),
            Color::Rgb(r, g, b) => (r, g, b),
            other => panic!("not a colour these themes use: {other:?}"),
        }
    }

    /// WCAG relative luminance.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn text_labels_and_kind_letters_reach_4_5_to_1_in_16_colours_and_true_colour() {
        for id in ThemeId::ALL {
            for mode in [ColorMode::Basic, ColorMode::TrueColor] {
                let t = Theme::new(id, mode);
                // The painted background, or the terminal's own for the themes that use it.
                let dark_terminal = matches!(id, ThemeId::Dark | ThemeId::HighContrast | ThemeId::Terminal);
                let bg = t.base().bg.map_or(if dark_terminal { (0, 0, 0) } else { (255, 255, 255) }, xterm);
                let fg = t.base().fg.map_or(if dark_terminal { (229, 229, 229) } else { (0, 0, 0) }, xterm);
                let mut roles: Vec<Role> = Kind::ALL.map(Role::Kind).to_vec();
                roles.extend([Role::Plain, Role::Heading, Role::Label, Role::Url, Role::Badge, Role::Error]);
                roles.extend(Evidence::ALL.map(Role::Evidence));
                roles.push(Role::Border { focused: true });
                for role in roles {
                    let color = t.style(role).fg.map_or(fg, xterm);
                    let ratio = contrast(color, bg);
                    assert!(ratio >= 4.5, "{} {mode:?} {role:?}: {ratio:.2}:1", id.name());
                }
            }
        }
    }

    #[test]
    fn names_round_trip_and_cycle() {
        for id in ThemeId::ALL {
            assert_eq!(ThemeId::parse(id.name()), Some(id));
        }
        let mut seen = vec![ThemeId::Dark];
        while seen.len() <= ThemeId::ALL.len() {
            seen.push(seen[seen.len() - 1].next());
        }
        assert_eq!(seen[..ThemeId::ALL.len()], ThemeId::ALL, "T visits every theme in order");
        assert_eq!(seen[ThemeId::ALL.len()], ThemeId::Dark, "and comes back to the first");
    }
}
