//! Finds where a JSON path (`events[3].links[0].to`) sits in the file text, as line and column.
//!
//! serde_json keeps no positions once parsing succeeds, so validation problems carry a path and
//! this module walks the (already well-formed) text once to turn the paths into positions. It
//! runs only when there are problems to report, so a clean load never pays for it.

use rustc_hash::{FxHashMap, FxHashSet};

/// Byte offsets of the values at the wanted paths. One walk of the text guided by a tree of
/// the wanted paths: it goes only into values on the way to one and skips the rest as bytes,
/// and it follows an array's wanted elements in order, so a file with a problem on every event
/// costs one pass and no lookup per value (a set of paths looked up at each step missed the
/// cache at every event).
pub fn offsets<'p>(text: &str, wanted: &FxHashSet<&'p str>) -> FxHashMap<&'p str, usize> {
    let tree = Tree::new(wanted);
    let mut walker = Walker {
        text,
        b: text.as_bytes(),
        i: 0,
        tree: &tree,
        found: FxHashMap::default(),
        left: wanted.len(),
    };
    walker.value(0);
    walker.found
}

/// The wanted paths as a tree: a node per step (`events`, `[3]`, `links`, `[0]`, `to`), node 0
/// the root. Flat: every node's children are one run of `edges`, sorted, so a tree of a
/// hundred thousand paths is three allocations, not a map or list per node (those were most
/// of the memory and a tenth of the time of reporting a problem on every event).
struct Tree<'a> {
    /// The path that ends at each node, when one does.
    wanted: Vec<Option<&'a str>>,
    /// Each node's children: `edges[runs[n]..runs[n + 1]]`.
    runs: Vec<u32>,
    /// (parent, step, child), sorted by parent, then keys (in no order) before items, items
    /// by index.
    edges: Vec<(u32, Edge<'a>, u32)>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Edge<'a> {
    Key(&'a str),
    Item(usize),
}

impl<'a> Tree<'a> {
    fn new(paths: &FxHashSet<&'a str>) -> Self {
        let mut wanted = vec![None];
        // Sized for a few steps a path, so it is not rebuilt as it grows.
        let mut children: FxHashMap<(u32, Edge<'a>), u32> =
            FxHashMap::with_capacity_and_hasher(paths.len() * 4, Default::default());
        for path in paths {
            let mut node = 0u32;
            for step in steps(path) {
                let edge = match step {
                    Step::Key(k) => Edge::Key(k),
                    Step::Item(i) => Edge::Item(i),
                };
                let next = wanted.len() as u32;
                node = *children.entry((node, edge)).or_insert_with(|| {
                    wanted.push(None);
                    next
                });
            }
            wanted[node as usize] = Some(*path);
        }
        // Placed by parent with a count per parent, then each parent's children sorted on
        // their own: one sort of every edge, comparing keys' text, was a fifth of reporting a
        // problem on every event. Keys need no order among themselves (they are looked up
        // one by one), only to come before the items.
        let mut runs = vec![0u32; wanted.len() + 1];
        for &(p, _) in children.keys() {
            runs[p as usize + 1] += 1;
        }
        for n in 1..runs.len() {
            runs[n] += runs[n - 1];
        }
        let mut next = runs.clone();
        let mut edges = vec![(0, Edge::Item(0), 0); children.len()];
        for ((p, e), c) in children {
            let slot = &mut next[p as usize];
            edges[*slot as usize] = (p, e, c);
            *slot += 1;
        }
        for n in 0..wanted.len() {
            let run = &mut edges[runs[n] as usize..runs[n + 1] as usize];
            if run.len() > 1 {
                run.sort_unstable_by_key(|&(_, e, _)| match e {
                    Edge::Key(_) => (false, 0),
                    Edge::Item(i) => (true, i),
                });
            }
        }
        Self { wanted, runs, edges }
    }

    fn children(&self, node: u32) -> &[(u32, Edge<'a>, u32)] {
        let n = node as usize;
        let (from, to) = (self.runs[n] as usize, self.runs[n + 1] as usize);
        self.edges.get(from..to).unwrap_or_default()
    }

    fn key(&self, node: u32, k: &str) -> Option<u32> {
        self.children(node).iter().find(|(_, e, _)| *e == Edge::Key(k)).map(|&(_, _, c)| c)
    }

    /// The children by index, in order (they sort after the keys).
    fn items(&self, node: u32) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.children(node).iter().filter_map(|&(_, e, c)| match e {
            Edge::Item(i) => Some((i, c)),
            Edge::Key(_) => None,
        })
    }

    fn has_keys(&self, node: u32) -> bool {
        self.children(node).first().is_some_and(|(_, e, _)| matches!(e, Edge::Key(_)))
    }

    fn has_items(&self, node: u32) -> bool {
        self.children(node).last().is_some_and(|(_, e, _)| matches!(e, Edge::Item(_)))
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

struct Walker<'a, 'p, 't> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    tree: &'t Tree<'p>,
    found: FxHashMap<&'p str, usize>,
    /// Wanted paths not found yet: at none the walk stops, so the first problems of a big
    /// file are placed without reading the rest of it.
    left: usize,
}

impl<'p> Walker<'_, 'p, '_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn value(&mut self, node: u32) {
        self.ws();
        if let Some(path) = self.tree.wanted[node as usize]
            && let std::collections::hash_map::Entry::Vacant(slot) = self.found.entry(path)
        {
            slot.insert(self.i);
            self.left -= 1;
        }
        match self.b.get(self.i) {
            Some(b'{') if self.tree.has_keys(node) => self.object(node),
            Some(b'[') if self.tree.has_items(node) => self.array(node),
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

    fn object(&mut self, node: u32) {
        self.i += 1;
        while self.left > 0 {
            self.ws();
            match self.b.get(self.i) {
                Some(b'"') => {
                    let (s, e) = self.string();
                    let key = self.text.get(s..e.min(self.b.len())).unwrap_or_default();
                    self.ws();
                    self.i += 1; // ':'
                    match self.tree.key(node, key) {
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

    fn array(&mut self, node: u32) {
        self.i += 1;
        let mut index = 0;
        // The wanted elements in order: the walk meets them in order.
        let tree = self.tree;
        let mut next = tree.items(node).peekable();
        while self.left > 0 {
            self.ws();
            match self.b.get(self.i) {
                Some(b']') => {
                    self.i += 1;
                    return;
                }
                Some(b',') => self.i += 1,
                Some(_) => {
                    while next.next_if(|&(i, _)| i < index).is_some() {}
                    match next.next_if(|&(i, _)| i == index) {
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
