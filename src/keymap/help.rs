//! The help overlay's document, generated from the keymap tables so it always tells the truth,
//! followed by what every mark on screen means. The view draws it; `update` bounds its scroll
//! with its length.

use super::{Group, all_bindings, label, overrides};
use crate::data::{Evidence, Kind};
use crate::geometry::details::kind_piece;
use crate::geometry::{DocLine, Piece};
use crate::text::pad;
use crate::theme::Role;

fn line(pieces: Vec<Piece>) -> DocLine {
    DocLine::new(pieces)
}

fn heading(text: &str) -> DocLine {
    line(vec![Piece::new(text, Role::Heading)])
}

/// Every line of the help, unscrolled.
pub fn document() -> Vec<DocLine> {
    let mut out = Vec::new();
    for group in Group::ALL {
        out.push(heading(group.title()));
        for (mode, b) in all_bindings().filter(|(_, b)| b.group == group) {
            let keys = match b.shown {
                Some(shown) => shown.to_string(),
                None => {
                    let keys: Vec<String> = overrides().keys_of(mode, b).into_iter().map(label).collect();
                    if keys.is_empty() { "(no key)".to_string() } else { keys.join(" ") }
                }
            };
            out.push(line(vec![
                Piece::new(pad(&format!("  {keys}"), 20), Role::Label),
                Piece::plain(b.desc),
            ]));
        }
        out.push(DocLine::default());
    }
    out.push(heading("Kinds"));
    for k in Kind::ALL {
        out.push(line(vec![
            Piece::plain("  "),
            kind_piece(k),
            Piece::plain(format!(" {:<11}", k.name())),
            Piece::new(format!("{:?}", k.side()).to_lowercase(), Role::Dim),
        ]));
    }
    out.push(DocLine::default());
    out.push(heading("Evidence"));
    for e in Evidence::ALL {
        out.push(line(vec![
            Piece::plain("  "),
            Piece::new(format!("{} {}", e.mark(), e.name()), Role::Evidence(e)),
        ]));
    }
    out.push(DocLine::default());
    out.push(heading("Marks on screen"));
    let marks: [(&str, &str); 8] = [
        ("▶", "the selected event"),
        ("↔", "an event linked to the selected one"),
        ("⇒", "the chosen link: ←/→ choose another, Enter follows it"),
        ("●1", "the focused pane (a thick border too)"),
        (
            "─┬─ ├─ └─",
            "say vs. do: a statement and the contracts linked to it, the time between at the right",
        ),
        ("───", "say vs. do: a statement and its one linked contract"),
        ("┄", "context: activism, reporting, outside parties' words (x in say vs. do)"),
        ("~ < >", "before a date: about, before, after"),
    ];
    for (mark, meaning) in marks {
        out.push(line(vec![Piece::new(pad(&format!("  {mark}"), 20), Role::Label), Piece::plain(meaning)]));
    }
    out.push(DocLine::default());
    out.push(heading("Time ruler"));
    out.push(line(vec![
        Piece::plain("  Bars per year (per month for one year): "),
        Piece::new("said", Role::Kind(Kind::Statement)),
        Piece::plain(", "),
        Piece::new("done", Role::Kind(Kind::Contract)),
        Piece::plain(", "),
        Piece::new("context", Role::Dim),
        Piece::plain(". Click a year to jump."),
    ]));
    out.push(DocLine::default());
    out.push(line(vec![Piece::plain(
        "Mouse: click selects, the wheel scrolls. Hold Shift to select text; Ctrl- or Cmd-click opens a link.",
    )]));
    out
}
