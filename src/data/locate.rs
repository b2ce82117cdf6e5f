//! Finds where a JSON path (`events[3].links[0].to`) sits in the file text, as line and column.
//!
//! serde_json keeps no positions once parsing succeeds, so validation problems carry a path and
//! this module walks the (already well-formed) text once to turn the paths into positions. It
//! runs only when there are problems to report, so a clean load never pays for it.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

/// Byte offsets of the values at the wanted paths. One walk of the text guided by a tree of
/// the wanted paths: it goes only into values on the way to one and skips the rest as bytes,
/// and it follows an array's wanted elements in order, so a file with a problem on every event
/// costs one pass and no lookup per value (a set of paths looked up at each step missed the
/// cache at every event).
pub fn offsets<'p>(text: &str, wanted: &FxHashSet<&'p str>) -> FxHashMap<&'p str, usize> {
    let mut root = Node::default();
    for w in wanted {
        root.insert(w);
    }
    let mut walker = Walker { text, b: text.as_bytes(), i: 0, found: FxHashMap::default() };
    walker.value(&root);
    walker.found
}

/// The wanted paths as a tree: a node per step (`events`, `[3]`, `links`, `[0]`, `to`).
#[derive(Default)]
struct Node<'a> {
    /// The path that ends here, when one does.
    wanted: Option<&'a str>,
    keys: Vec<(&'a str, Node<'a>)>,
    items: BTreeMap<usize, Node<'a>>,
}

impl<'a> Node<'a> {
    fn insert(&mut self, path: &'a str) {
        let mut node = self;
        for step in steps(path) {
            node = match step {
                Step::Key(k) => match node.keys.iter().position(|(key, _)| *key == k) {
                    Some(i) => &mut node.keys[i].1,
                    None => {
                        node.keys.push((k, Node::default()));
                        let last = node.keys.len() - 1;
                        &mut node.keys[last].1
                    }
                },
                Step::Item(i) => node.items.entry(i).or_default(),
            };
        }
        node.wanted = Some(path);
    }

    fn key(&self, k: &str) -> Option<&Node<'a>> {
        self.keys.iter().find(|(key, _)| *key == k).map(|(_, n)| n)
    }
}

enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// `events[3].links[0].to` → `events`, `3`, `links`, `0`, `to`.
fn steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    path.split('.').filter(|p| !p.is_empty()).flat_map(|part| {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        let items = rest.split('[').filter_map(|i| i.trim_end_matches(']').parse().ok()).map(Step::Item);
        (!key.is_empty()).then_some(Step::Key(key)).into_iter().chain(items)
    })
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
    let chars = char_count;
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

/// Characters in UTF-8 bytes: those that are not continuation bytes. Counted 32 bytes at a
/// time into a byte-wide sum (at most 32), which the compiler turns into vector instructions;
/// a minified file is one long line, so this is most of turning offsets into columns.
pub fn char_count(b: &[u8]) -> usize {
    let starts = |c: &[u8]| c.iter().map(|&x| u8::from(x & 0xC0 != 0x80)).fold(0u8, u8::wrapping_add);
    let mut blocks = b.chunks_exact(32);
    let whole: usize = blocks.by_ref().map(|c| usize::from(starts(c))).sum();
    whole + usize::from(starts(blocks.remainder()))
}

struct Walker<'a, 'p> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    found: FxHashMap<&'p str, usize>,
}

impl<'p> Walker<'_, 'p> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self, node: &Node<'p>) {
        self.ws();
        if let Some(path) = node.wanted {
            self.found.entry(path).or_insert(self.i);
        }
        match self.b.get(self.i) {
            Some(b'{') if !node.keys.is_empty() => self.object(node),
            Some(b'[') if !node.items.is_empty() => self.array(node),
            _ => self.skip(),
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

    fn object(&mut self, node: &Node<'p>) {
        self.i += 1;
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b'"') => {
                    let (s, e) = self.string();
                    let key = self.text.get(s..e.min(self.b.len())).unwrap_or_default();
                    self.ws();
                    self.i += 1; // ':'
                    match node.key(key) {
                        Some(child) => self.value(child),
                        None => {
                            self.ws();
                            self.skip();
                        }
                    }
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

    fn array(&mut self, node: &Node<'p>) {
        self.i += 1;
        let mut index = 0;
        // The wanted elements in order: the walk meets them in order.
        let mut next = node.items.iter().peekable();
        loop {
            self.ws();
            match self.b.get(self.i) {
                Some(b']') => {
                    self.i += 1;
                    return;
                }
                Some(b',') => self.i += 1,
                Some(_) => {
                    while next.next_if(|(i, _)| **i < index).is_some() {}
                    match next.next_if(|(i, _)| **i == index) {
                        Some((_, child)) => self.value(child),
                        None => self.skip(),
                    }
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
    fn characters_are_counted_across_blocks() {
        for n in [0, 1, 31, 32, 33, 64, 65, 100] {
            for text in ["a".repeat(n), "é".repeat(n), "€x".repeat(n), "🎉".repeat(n)] {
                assert_eq!(char_count(text.as_bytes()), text.chars().count(), "{text:?}");
            }
        }
    }

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"events\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"links\": [{\"to\": \"x\"}]}\n  ]\n}";
        let wanted: FxHashSet<&str> =
            ["events[1].links[0].to", "events[0]", "events[1].id"].into_iter().collect();
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
        let wanted: FxHashSet<&str> = ["k"].into_iter().collect();
        let found = offsets(text, &wanted);
        assert_eq!(line_columns(text, &[found["k"]]), vec![(1, 17)]);
    }
}
