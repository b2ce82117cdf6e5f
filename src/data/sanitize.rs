//! Makes dataset text safe to put on a terminal. Runs once, at load.
//!
//! Control characters (C0, DEL, C1) could drive the terminal (ESC sequences set titles, write the
//! clipboard, clear the screen); bidi overrides and zero-width characters spoof text and make the
//! terminal's idea of a row's width differ from ours. Instead of dropping them silently we show
//! them as visible symbols, so a reader can see that a file was tampered with.
//!
//! The one thing dropped is the emoji presentation selectors (VS15, VS16): they change no
//! words, but terminals disagree on how wide they make the character before them, and ratatui
//! 0.30 shifts the rest of a row one column right after a VS16 emoji on terminals that draw it
//! two columns wide (ratatui issue #2651); on the bottom row that scrolls the whole screen.

use std::borrow::Cow;

/// Cleans one string. `keep_newlines` keeps `\n` for multi-paragraph fields that we wrap
/// ourselves; everywhere else a line break becomes a space. Text that needs nothing is
/// returned as it is, so it can stay shared with the file it came from.
pub fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if is_clean(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\r' => {
                // CRLF is one line break; a lone CR is one too.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if keep_newlines { '\n' } else { ' ' });
            }
            '\n' | '\t' => out.push(' '),
            '\u{FE0E}' | '\u{FE0F}' => {}
            c => out.push(visible(c)),
        }
    }
    Cow::Owned(out)
}

/// True when `s` holds nothing [`clean`] would change. Bytes are checked 32 at a time with no
/// branch inside a block, so the compiler uses vector instructions; only text holding a byte
/// that can start a character we replace (every one is a control, or is encoded with one of
/// these lead bytes) is then read char by char.
fn is_clean(s: &str) -> bool {
    let suspect = |c: u8| c < 0x20 || matches!(c, 0x7F | 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xEF);
    // One subtraction and one comparison a byte: outside printable ASCII or not.
    let plain = |b: &[u8]| !b.iter().fold(false, |any, &c| any | (c.wrapping_sub(0x20) >= 0x5F));
    let mut blocks = s.as_bytes().chunks_exact(32);
    let found = blocks.by_ref().any(|b| !plain(b) && b.iter().any(|&c| suspect(c)))
        || blocks.remainder().iter().any(|&c| suspect(c));
    !found || !s.chars().any(needs_work)
}

/// `str::trim`, with the common case first: a value that starts and ends with a printable
/// ASCII character has nothing to trim, and is returned without decoding either end.
pub fn trim(s: &str) -> &str {
    let printable = |c: Option<&u8>| c.is_some_and(|&c| c > b' ' && c < 0x7F);
    if printable(s.as_bytes().first()) && printable(s.as_bytes().last()) { s } else { s.trim() }
}

/// Values quoted in messages are cut to this many characters: a 5 MB "kind" is still one line.
const EXCERPT_CHARS: usize = 60;

/// A value as quoted in a problem message: cleaned, on one line, and cut short with `…`.
pub fn excerpt(s: &str) -> String {
    // Most values quoted are short ids with nothing to clean: a file that renamed its ids
    // quotes one in each of thousands of messages.
    if s.len() <= EXCERPT_CHARS && is_clean(s) {
        return s.to_string();
    }
    // Cut before cleaning: cleaning never makes a string longer in characters.
    let head: String = s.chars().take(EXCERPT_CHARS + 2).collect();
    let mut out = clean(&head, false).into_owned();
    if out.chars().count() > EXCERPT_CHARS {
        out = out.chars().take(EXCERPT_CHARS - 1).collect();
        out.push('…');
    }
    out
}

pub(crate) fn needs_work(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{FE0E}' | '\u{FE0F}')
}

/// The visible stand-in for a character that must not reach the terminal.
fn visible(c: char) -> char {
    let code = u32::from(c);
    match code {
        // C0 controls have their own "symbol for" block: U+2400..U+241F (␀ … ␛ … ␟).
        0x00..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}', // ␡
        _ if c.is_control() || is_format(c) => '\u{FFFD}',
        _ => c,
    }
}

/// Unicode format characters (category Cf) that matter on a terminal: bidi controls,
/// zero-width characters, the BOM, and invisible operators.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_agrees_with_str_trim() {
        for s in ["", " ", "a", " a", "a ", "\ta\n", "é", " é ", "\u{3000}x\u{3000}", "x\u{85}", "ab", "~"]
        {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn the_block_check_finds_a_control_anywhere() {
        // Every position of a long string, including the last block and the tail after it.
        for len in [31, 32, 33, 64, 70] {
            for at in 0..len {
                let mut s: String = "a".repeat(len);
                s.replace_range(at..=at, "\u{7}");
                assert!(!is_clean(&s), "a bell at {at} of {len}");
            }
            assert!(is_clean(&"é".repeat(len)), "no suspect byte");
        }
        assert!(!is_clean(&format!("{}\u{202E}", "a".repeat(40))), "a bidi override after the first block");
    }

    #[test]
    fn plain_text_is_untouched() {
        assert_eq!(clean("Microsoft — “dismayed” 日本語 ✓", false), "Microsoft — “dismayed” 日本語 ✓");
    }

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b", false), "a␛]0;pwned␇b");
        assert_eq!(clean("x\u{9b}2J", false), "x\u{FFFD}2J");
        assert_eq!(clean("del\u{7f}", false), "del␡");
    }

    #[test]
    fn bidi_and_zero_width_are_visible() {
        assert_eq!(clean("abc\u{202E}def", false), "abc\u{FFFD}def");
        assert_eq!(clean("a\u{200B}b", false), "a\u{FFFD}b");
    }

    #[test]
    fn presentation_selectors_are_dropped() {
        assert_eq!(
            clean("\u{2764}\u{FE0F} \u{231A}\u{FE0E} 1\u{FE0F}\u{20E3}", false),
            "\u{2764} \u{231A} 1\u{20E3}"
        );
    }

    #[test]
    fn line_breaks_follow_the_field() {
        assert_eq!(clean("a\r\nb\tc", true), "a\nb c");
        assert_eq!(clean("a\r\nb\nc", false), "a b c");
    }

    #[test]
    fn excerpts_are_short_and_clean() {
        assert_eq!(excerpt("rumour"), "rumour");
        assert_eq!(excerpt(&"x".repeat(60)), "x".repeat(60));
        assert_eq!(excerpt(&"x".repeat(5_000_000)), format!("{}…", "x".repeat(59)));
        assert_eq!(excerpt("a\u{1b}]0;t\u{7}\nb"), "a␛]0;t␇ b");
    }

    #[test]
    fn every_replaced_character_is_caught_by_the_quick_check() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32).filter(|&c| needs_work(c)) {
            assert!(!is_clean(&format!("ab{c}")), "U+{:04X}", u32::from(c));
        }
        assert!(is_clean("naïve Zürich 日本語"));
    }

    #[test]
    fn nothing_control_survives() {
        let all: String = (0u32..0x250).filter_map(char::from_u32).collect();
        let out = clean(&all, true);
        assert!(out.chars().all(|c| c == '\n' || !c.is_control()));
    }
}
