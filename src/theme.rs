//! Semantic styles. Widgets ask for "the style of a contract" or "a focused border", never for
//! a colour, so themes can change in one place.
//!
//! The default theme uses only the 16 standard colours and the terminal's own foreground and
//! background, so it reads on light and dark terminals alike. Meaning never rests on colour
//! alone: kinds carry a letter, the selection is reversed and marked with `▶`, the focused pane
//! has a thick border and a `●` in its title.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

use crate::data::{Evidence, Kind};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Self { color: true }
    }
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    pub fn kind(self, k: Kind) -> Style {
        let c = match k {
            Kind::Statement => Color::Blue,
            Kind::Policy => Color::Cyan,
            Kind::Governance => Color::Magenta,
            Kind::Contract => Color::Red,
            Kind::Activism => Color::Green,
            Kind::Reporting => Color::Yellow,
        };
        self.fg(c).add_modifier(Modifier::BOLD)
    }

    pub fn evidence(self, e: Evidence) -> Style {
        match e {
            Evidence::Confirmed | Evidence::Reported => Style::new(),
            Evidence::Disputed => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Evidence::Unverified => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { Style::new() }
    }

    pub fn border_type(self, focused: bool) -> BorderType {
        if focused { BorderType::Thick } else { BorderType::Plain }
    }

    pub fn title(self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The selected row: reversed video reads on every background and without colour.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Events linked to the selection.
    pub fn linked(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(self) -> Style {
        self.fg(Color::DarkGray).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn quote(self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }

    pub fn url(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
    }

    /// A search match inside text: a marked background, and bold underline without colour.
    pub fn matched(self) -> Style {
        if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn status(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
}
