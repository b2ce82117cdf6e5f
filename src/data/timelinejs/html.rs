//! Plain text out of the HTML that TimelineJS allows in headlines, text and credits.
//!
//! Not an HTML parser: tags are dropped, block tags become line breaks, `<script>` and
//! `<style>` lose their contents, entities are decoded, and whitespace collapses as a browser
//! would collapse it. The result still goes through the dataset sanitizer, which is what keeps
//! terminal control characters (including decoded ones such as `&#27;`) off the screen.

/// Tags after which a browser starts a new line.
const BLOCK_TAGS: [&str; 22] = [
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "p",
    "tr",
];

/// Tags whose contents are code, not text.
const SKIPPED_TAGS: [&str; 4] = ["script", "style", "template", "noscript"];

/// Named entities worth knowing; anything else is left as written.
const ENTITIES: [(&str, &str); 40] = [
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("middot", "·"),
    ("bull", "•"),
    ("times", "×"),
    ("euro", "€"),
    ("pound", "£"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("auml", "ä"),
    ("ccedil", "ç"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("iacute", "í"),
    ("ntilde", "ñ"),
    ("oacute", "ó"),
    ("ouml", "ö"),
    ("uacute", "ú"),
    ("uuml", "ü"),
    ("szlig", "ß"),
    ("shy", ""),
    ("zwj", ""),
    ("zwnj", ""),
];

/// The text of an HTML fragment: paragraphs on their own lines, no tags, entities decoded.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        push_text(&mut out, &rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            push_text(&mut out, &decoded);
            rest = &rest[used..];
            continue;
        }
        match tag(rest) {
            Some(t) => {
                rest = &rest[t.len..];
                if !t.closing && SKIPPED_TAGS.contains(&t.name.as_str()) {
                    rest = skip_past_close(rest, &t.name);
                } else if BLOCK_TAGS.contains(&t.name.as_str()) {
                    out.push('\n');
                }
            }
            // A `<` that opens no tag ("a < b", "<3") is text.
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    push_text(&mut out, rest);
    tidy(&out)
}

/// Source whitespace, line breaks included, is one space to a browser; only tags break lines.
fn push_text(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| if c.is_whitespace() && c != '\u{a0}' { ' ' } else { c }));
}

/// Collapses runs of spaces, trims every line and drops empty ones.
fn tidy(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|line| line.split([' ', '\u{a0}']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n")
}

struct Tag {
    name: String,
    closing: bool,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

/// The tag at the start of `s` (which starts with `<`), if one is there.
fn tag(s: &str) -> Option<Tag> {
    let after = &s[1..];
    if let Some(comment) = after.strip_prefix("!--") {
        let end = comment.find("-->").map_or(s.len(), |i| 4 + i + 3);
        return Some(Tag { name: String::new(), closing: true, len: end });
    }
    let closing = after.starts_with('/');
    let body = if closing { &after[1..] } else { after };
    let first = body.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '!' || first == '?') {
        return None;
    }
    let name: String =
        body.chars().take_while(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    // Find the closing `>`, stepping over quoted attribute values that may contain one.
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(Tag { name, closing, len: i + 1 }),
            (None, _) => {}
        }
    }
    None
}

/// `s` after the `</name ...>` that closes a skipped element, or nothing if it never closes.
fn skip_past_close<'a>(s: &'a str, name: &str) -> &'a str {
    let lower = s.to_ascii_lowercase();
    let needle = format!("</{name}");
    match lower.find(&needle) {
        Some(i) => {
            let tail = &s[i..];
            tail.find('>').map_or("", |j| &tail[j + 1..])
        }
        None => "",
    }
}

/// The entity at the start of `s` (which starts with `&`) and how many bytes it used.
/// Something that is not an entity stays an `&`.
fn entity(s: &str) -> (String, usize) {
    let not_one = ("&".to_string(), 1);
    let Some(semi) = s.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i) else {
        return not_one;
    };
    let body = &s[1..semi];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        // A number that names no character is shown as the replacement character.
        code.map(|c| char::from_u32(c).unwrap_or('\u{FFFD}').to_string())
    } else {
        ENTITIES.iter().find(|(name, _)| *name == body).map(|(_, text)| (*text).to_string())
    };
    match decoded {
        Some(text) => (text, semi + 1),
        None => not_one,
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn tags_go_and_blocks_break_lines() {
        assert_eq!(to_text("<p>One <b>two</b></p><p>three</p>"), "One two\nthree");
        assert_eq!(to_text("Whitney Houston<br/> 1963 - 2012"), "Whitney Houston\n1963 - 2012");
        assert_eq!(to_text("<a href='x>y'>link</a> text"), "link text");
    }

    #[test]
    fn source_whitespace_collapses() {
        assert_eq!(to_text("  a \n\t b  "), "a b");
        assert_eq!(to_text("<p>\n  a\n</p>\n<p>b</p>"), "a\nb");
    }

    #[test]
    fn entities_decode() {
        assert_eq!(to_text("AT&amp;T &lt;b&gt; &#8220;hi&#x201D; &nbsp;x"), "AT&T <b> “hi” x");
        assert_eq!(to_text("fish & chips &unknown; &#xD800;"), "fish & chips &unknown; \u{FFFD}");
    }

    #[test]
    fn a_lone_less_than_is_text() {
        assert_eq!(to_text("a < b <3"), "a < b <3");
        assert_eq!(to_text("unclosed <a href"), "unclosed <a href");
    }

    #[test]
    fn scripts_styles_and_comments_vanish() {
        assert_eq!(to_text("a<script>alert('<p>')</script>b<!-- c -->d<style>p{}</STYLE>e"), "abde");
        assert_eq!(to_text("a<script>never closed"), "a");
    }
}
