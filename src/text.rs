//! Text that every output shares (panes, the transcript, handouts, reports): width-aware
//! truncation and word wrapping, amounts in words, plurals. No terminal and no styles here, so
//! the subcommands use it without the TUI.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending with `…` when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Like [`fit`], but cuts after the last whole word, so no word is left half-written: for
/// titles in front of a room.
pub fn fit_words(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let cut = fit(s, max);
    let kept = cut.trim_end_matches('…');
    match kept.rfind(' ') {
        // The ellipsis stands apart: "their …" cannot be read as a cut "their…" word.
        Some(i) if i > 0 => format!("{} …", kept[..i].trim_end()),
        // One long word: cut it, there is nothing better.
        _ => cut,
    }
}

/// Pads `s` with spaces to exactly `w` cells (cutting it first if longer).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = fit(s, w);
    let n = w.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', n));
    out
}

/// Word-wraps `s` to lines of at most `max` cells. Words longer than a line are broken.
/// Newlines in `s` start new lines (an empty line for a blank one).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = width(word);
            if w > 0 && w + 1 + ww > max {
                lines.push(std::mem::take(&mut line));
                w = 0;
            }
            if ww > max {
                // Break an over-long word (a URL, say) across lines.
                for c in word.chars() {
                    let cw = UnicodeWidthChar::width(c).unwrap_or(0);
                    if w + cw > max {
                        lines.push(std::mem::take(&mut line));
                        w = 0;
                    }
                    line.push(c);
                    w += cw;
                }
                continue;
            }
            if w > 0 {
                line.push(' ');
                w += 1;
            }
            line.push_str(word);
            w += ww;
        }
        lines.push(line);
    }
    lines
}

/// Cuts `s` into lines of at most `max` cells, keeping every character (spaces too) in order,
/// so the lines joined give `s` back: for a web address, which word wrapping would break
/// at its spaces and [`wrap`]'s readers would indent. A wide character that does not fit at the
/// end of a line starts the next one.
pub fn hard_wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max && w > 0 {
            lines.push(std::mem::take(&mut line));
            w = 0;
        }
        line.push(c);
        w += cw;
    }
    lines.push(line);
    lines
}

/// The `s` of "1 event" / "2 events".
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `USD 19.4 million`, `USD 21.88 billion`, `USD 200,000`.
pub fn amount(value: f64, currency: &str) -> String {
    let trim = |x: f64| {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if value >= 1e9 {
        format!("{currency} {} billion", trim(value / 1e9))
    } else if value >= 1e6 {
        format!("{currency} {} million", trim(value / 1e6))
    } else {
        // Whole units with thousands separators.
        let whole = format!("{:.0}", value.round());
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{currency} {out}")
    }
}

/// A figure to the cent with thousands separators, as a record gives it:
/// `USD 157,934,095.40`, `USD -27,500.00`. For award figures, where rounding to "million"
/// would hide the difference between two of them.
pub fn exact_amount(value: f64, currency: &str) -> String {
    let mut out = String::new();
    push_exact_amount(&mut out, value, currency);
    out
}

/// [`exact_amount`] appended to `out`, with no allocation of its own: the import writes about
/// a million of them into buffers it reuses.
pub fn push_exact_amount(out: &mut String, value: f64, currency: &str) {
    use std::fmt::Write;
    out.push_str(currency);
    out.push(' ');
    if value < 0.0 {
        out.push('-');
    }
    let start = out.len();
    // Writing to a String cannot fail.
    let _ = write!(out, "{:.2}", value.abs());
    // Not a number or infinite: no point, and the cents are zero.
    let point = match out[start..].find('.') {
        Some(i) => start + i,
        None => {
            out.push_str(".00");
            out.len() - 3
        }
    };
    // The digits are ASCII: a comma before every third from the point, right to left.
    let mut at = point;
    while at - start > 3 {
        at -= 3;
        out.insert(at, ',');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `exact_amount` as it was first written, char by char: the reference for the version
    /// that appends in place.
    fn exact_amount_by_chars(value: f64, currency: &str) -> String {
        let cents = format!("{:.2}", value.abs());
        let (whole, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        let sign = if value < 0.0 { "-" } else { "" };
        format!("{currency} {sign}{out}.{frac}")
    }

    #[test]
    fn amounts_appended_in_place_are_the_reference_s() {
        let mut values = vec![
            0.0,
            -0.0,
            0.005,
            0.015,
            0.5,
            -0.5,
            999.0,
            1000.0,
            -1000.0,
            99_999.995,
            157_934_095.4,
            -27_500.0,
            1e15,
            -1e21,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let mut x = 0.37_f64;
        for _ in 0..2000 {
            x = (x * 7919.13).rem_euclid(1e9) - 3e8;
            values.push(x);
            values.push((x * 100.0).round() / 100.0);
        }
        let mut out = String::from("before ");
        for v in values {
            out.truncate(7);
            push_exact_amount(&mut out, v, "USD");
            assert_eq!(&out[7..], exact_amount_by_chars(v, "USD"), "{v}");
        }
    }

    #[test]
    fn exact_amounts_keep_every_cent() {
        assert_eq!(exact_amount(157_934_095.4, "USD"), "USD 157,934,095.40");
        assert_eq!(exact_amount(-27_500.0, "USD"), "USD -27,500.00");
        assert_eq!(exact_amount(0.5, "USD"), "USD 0.50");
        assert_eq!(exact_amount(999.0, "USD"), "USD 999.00");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("Microsoft", 20), "Microsoft");
        assert_eq!(fit("Microsoft", 5), "Micr…");
        assert_eq!(fit("日本語テキスト", 5), "日本…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit_words("How four companies answered", 20), "How four companies …");
        assert_eq!(fit_words("Short", 20), "Short");
    }

    #[test]
    fn wrap_breaks_at_words_and_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        for line in wrap("https://example.com/a/very/long/path and more words here", 12) {
            assert!(width(&line) <= 12, "{line}");
        }
    }

    #[test]
    fn hard_wrap_keeps_every_character() {
        assert_eq!(hard_wrap("https://a.b/cdef", 5), ["https", "://a.", "b/cde", "f"]);
        assert_eq!(hard_wrap("a b  c", 2), ["a ", "b ", " c"]);
        assert_eq!(hard_wrap("ab日本", 3), ["ab", "日", "本"]);
        assert_eq!(hard_wrap("", 4), [""]);
        for max in 1..12 {
            let url = "https://example.com/a path/with 日本語/and-more?q=1";
            let lines = hard_wrap(url, max);
            assert_eq!(lines.concat(), url);
            assert!(lines.iter().all(|l| width(l) <= max.max(2)), "{lines:?}");
        }
    }

    #[test]
    fn amounts_read_as_words() {
        assert_eq!(amount(19_400_000.0, "USD"), "USD 19.4 million");
        assert_eq!(amount(21_880_000_000.0, "USD"), "USD 21.88 billion");
        assert_eq!(amount(479_197_708.33, "USD"), "USD 479.2 million");
        assert_eq!(amount(200_000.0, "USD"), "USD 200,000");
        assert_eq!(amount(500.0, "EUR"), "EUR 500");
    }
}
