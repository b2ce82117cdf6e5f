//! Finds where a JSON path (`events[3].links[0].to`) sits in the file text, as line and column.
//!
//! serde_json keeps no positions once parsing succeeds, so validation problems carry a path and
//! this module walks the (already well-formed) text once to turn the paths into positions. It
//! runs only when there are problems to report, so a clean load never pays for it.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashSet;

/// Byte offsets of the values at the wanted paths. One walk of the text, which goes only into
/// values on the way to a wanted path and skips the rest as bytes: a file with a problem on
/// every event costs one pass, not a path built and looked up for every value in it.
pub fn offsets(text: &str, wanted: &HashSet<String>) -> HashMap<String, usize> {
    let mut on_the_way: FxHashSet<&str> = FxHashSet::default();
    on_the_way.insert("");
    for w in wanted {
        for (i, c) in w.char_indices() {
            if c == '.' || c == '[' {
                on_the_way.insert(&w[..i]);
            }
        }
        on_the_way.insert(w);
    }
    // The object keys any wanted path names: a key not among them (a title, a summary) is
    // skipped before its path is even built.
    let keys: FxHashSet<&str> = wanted
        .iter()
        .flat_map(|w| w.split('.'))
        .map(|part| part.split_once('[').map_or(part, |(k, _)| k))
        .collect();
    let wanted: FxHashSet<&str> = wanted.iter().map(String::as_str).collect();
    let mut walker = Walker {
        text,
        b: text.as_bytes(),
        i: 0,
        path: String::new(),
        wanted,
        on_the_way,
        keys,
        found: HashMap::new(),
    };
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
    // Characters, not bytes: a UTF-8 continuation byte is part of the character before it.
    let chars = |b: &[u8]| b.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    for i in order {
        let target = offsets[i].min(bytes.len());
        if target > pos {
            let seg = &bytes[pos..target];
            match memchr::memrchr(b'\n', seg) {
                Some(last) => {
                    line += memchr::memchr_iter(b'\n', seg).count();
                    column = 1 + chars(&seg[last + 1..]);
                }
                None => column += chars(seg),
            }
            pos = target;
        }
        out[i] = (line, column);
    }
    out
}

struct Walker<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    path: String,
    wanted: FxHashSet<&'a str>,
    /// The wanted paths and every path that leads to one.
    on_the_way: FxHashSet<&'a str>,
    keys: FxHashSet<&'a str>,
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
        if !self.on_the_way.contains(self.path.as_str()) {
            self.skip();
            return;
        }
        if self.wanted.contains(self.path.as_str()) {
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

    /// Steps over one value without looking inside it: strings are skipped whole, brackets
    /// counted.
    fn skip(&mut self) {
        let mut depth = 0usize;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'"' => {
                    self.string();
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                b',' if depth == 0 => return,
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Steps over a string (the cursor on its opening quote), jumping from quote or backslash
    /// to the next: most of a dataset's bytes are inside strings.
    fn string(&mut self) -> (usize, usize) {
        self.i += 1;
        let start = self.i;
        while let Some(k) = self.b.get(self.i..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
            self.i += k;
            if self.b[self.i] == b'"' {
                self.i += 1;
                return (start, self.i - 1);
            }
            self.i += 2;
        }
        self.i = self.b.len();
        (start, self.i)
    }

    fn object(&mut self, depth: usize) {
        self.i += 1;
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'"') => {
                    let (s, e) = self.string();
                    let key = self.text.get(s..e.min(self.b.len())).unwrap_or_default();
                    self.ws();
                    self.i += 1; // ':'
                    if !self.keys.contains(key) {
                        self.ws();
                        self.skip();
                        continue;
                    }
                    let saved = self.path.len();
                    if depth < MAX_DEPTH {
                        if !self.path.is_empty() {
                            self.path.push('.');
                        }
                        self.path.push_str(key);
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
                        push_index(&mut self.path, index);
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

/// `[index]` onto a path, without the formatting machinery (a step per array element).
fn push_index(path: &mut String, index: usize) {
    let mut digits = [0u8; 20];
    let mut n = index;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    path.push('[');
    path.extend(digits[k..].iter().map(|&d| char::from(d)));
    path.push(']');
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
