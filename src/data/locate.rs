//! Finds where a JSON path (`events[3].links[0].to`) sits in the file text, as line and column.
//!
//! serde_json keeps no positions once parsing succeeds, so validation problems carry a path and
//! this module walks the (already well-formed) text once to turn the paths into positions. It
//! runs only when there are problems to report, so a clean load never pays for it.

use std::collections::{HashMap, HashSet};

/// Byte offsets of the values at the wanted paths.
pub fn offsets(text: &str, wanted: &HashSet<String>) -> HashMap<String, usize> {
    let mut walker = Walker { b: text.as_bytes(), i: 0, path: String::new(), wanted, found: HashMap::new() };
    walker.value(0);
    walker.found
}

/// Turns byte offsets into 1-based (line, column) pairs; columns count characters.
pub fn line_columns(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    // One pass over the text, whatever the number of problems: the column is counted as the
    // walk goes, not again from the start of the line for each problem (a minified file is
    // one line).
    let (mut line, mut column, mut pos) = (1, 1, 0);
    let bytes = text.as_bytes();
    for i in order {
        let target = offsets[i].min(bytes.len());
        while pos < target {
            match bytes[pos] {
                b'\n' => {
                    line += 1;
                    column = 1;
                }
                // A UTF-8 continuation byte is part of the character before it.
                b if b & 0xC0 == 0x80 => {}
                _ => column += 1,
            }
            pos += 1;
        }
        out[i] = (line, column);
    }
    out
}

struct Walker<'a> {
    b: &'a [u8],
    i: usize,
    path: String,
    wanted: &'a HashSet<String>,
    found: HashMap<String, usize>,
}

/// Deeper than this we stop recording; dataset paths are at most five levels deep.
const MAX_DEPTH: usize = 8;

impl Walker<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) {
        self.ws();
        if self.wanted.contains(&self.path) {
            self.found.entry(self.path.clone()).or_insert(self.i);
        }
        match self.b.get(self.i) {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.i < self.b.len() && !matches!(self.b[self.i], b',' | b'}' | b']') {
                    self.i += 1;
                }
            }
            None => {}
        }
    }

    fn string(&mut self) -> (usize, usize) {
        self.i += 1;
        let start = self.i;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return (start, self.i - 1);
                }
                _ => self.i += 1,
            }
        }
        (start, self.i)
    }

    fn object(&mut self, depth: usize) {
        self.i += 1;
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'"') => {
                    let (s, e) = self.string();
                    let key = String::from_utf8_lossy(&self.b[s..e.min(self.b.len())]).into_owned();
                    self.ws();
                    self.i += 1; // ':'
                    let saved = self.path.len();
                    if depth < MAX_DEPTH {
                        if !self.path.is_empty() {
                            self.path.push('.');
                        }
                        self.path.push_str(&key);
                    }
                    self.value(depth + 1);
                    self.path.truncate(saved);
                }
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return;
                }
                _ => return,
            }
        }
    }

    fn array(&mut self, depth: usize) {
        self.i += 1;
        let mut index = 0;
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b']') => {
                    self.i += 1;
                    return;
                }
                Some(b',') => self.i += 1,
                Some(_) => {
                    let saved = self.path.len();
                    if depth < MAX_DEPTH {
                        self.path.push_str(&format!("[{index}]"));
                    }
                    self.value(depth + 1);
                    self.path.truncate(saved);
                    index += 1;
                }
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"events\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"links\": [{\"to\": \"x\"}]}\n  ]\n}";
        let wanted: HashSet<String> =
            ["events[1].links[0].to", "events[0]", "events[1].id"].into_iter().map(String::from).collect();
        let found = offsets(text, &wanted);
        let keys = ["events[0]", "events[1].id", "events[1].links[0].to"];
        let offs: Vec<usize> = keys.iter().map(|k| found[*k]).collect();
        assert_eq!(line_columns(text, &offs), vec![(3, 5), (4, 12), (4, 34)]);
    }

    #[test]
    fn many_problems_on_one_line_each_get_their_column() {
        let text = format!("[{}]", vec!["\"é\""; 5000].join(","));
        let offsets: Vec<usize> = (0..5000).rev().map(|k| 1 + k * 5).collect();
        let cols = line_columns(&text, &offsets);
        for (k, &(line, col)) in cols.iter().rev().enumerate() {
            assert_eq!((line, col), (1, 2 + k * 4), "value {k}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"k\": 1}";
        let wanted: HashSet<String> = ["k"].into_iter().map(String::from).collect();
        let found = offsets(text, &wanted);
        assert_eq!(line_columns(text, &[found["k"]]), vec![(1, 17)]);
    }
}
