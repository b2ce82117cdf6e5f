//! Marks search matches inside already-styled text.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::search::Query;

/// Splits each span of `line` where `query` matches and patches `style` onto the matches.
pub fn line(line: Line<'static>, query: Option<&Query>, style: Style) -> Line<'static> {
    let Some(query) = query else { return line };
    let Line { spans, style: line_style, alignment } = line;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let ranges = query.ranges(&span.content);
        if ranges.is_empty() {
            out.push(span);
            continue;
        }
        let text = span.content.as_ref();
        let mut at = 0;
        for (a, b) in ranges {
            if a > at {
                out.push(Span::styled(text[at..a].to_string(), span.style));
            }
            out.push(Span::styled(text[a..b].to_string(), span.style.patch(style)));
            at = b;
        }
        if at < text.len() {
            out.push(Span::styled(text[at..].to_string(), span.style));
        }
    }
    Line { spans: out, style: line_style, alignment }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    #[test]
    fn matches_get_the_style_and_the_rest_is_kept() {
        let q = Query::new("maven");
        let hl = Style::new().add_modifier(Modifier::REVERSED);
        let out = line(Line::from(vec![Span::raw("Project Maven and "), Span::raw("maven")]), Some(&q), hl);
        let parts: Vec<(&str, bool)> = out
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style.add_modifier.contains(Modifier::REVERSED)))
            .collect();
        assert_eq!(parts, [("Project ", false), ("Maven", true), (" and ", false), ("maven", true)]);
    }
}
