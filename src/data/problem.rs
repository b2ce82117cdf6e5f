//! Problems found while loading or checking a dataset, each located in its file.

use std::borrow::Cow;
use std::fmt;

use super::sanitize::{clean, excerpt};
use crate::text::plural;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing, not worth fixing now: `check --notes` lists them.
    Note,
    Warning,
    Error,
}

/// One thing wrong with a dataset: where it is, which event, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// JSON path of the offending value, e.g. `events[3].links[0].to`; empty for the whole file.
    pub path: String,
    /// The id of the event (or source, tour…) the problem belongs to, when it has one.
    pub item: Option<String>,
    /// Most messages and hints are fixed text: they are borrowed, not copied, so a file with a
    /// problem on every event keeps two fewer strings for each.
    pub message: Cow<'static, str>,
    pub hint: Option<Cow<'static, str>>,
    /// 1-based line and column, filled in by the loader from `path`: for the first few
    /// hundred problems of each kind, or for all when the load asked (`check --all`).
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Problem {
    pub fn error(path: impl Into<String>, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            item: None,
            message: message.into(),
            hint: None,
            line: None,
            column: None,
        }
    }

    pub fn note(path: impl Into<String>, message: impl Into<Cow<'static, str>>) -> Self {
        Self { severity: Severity::Note, ..Self::error(path, message) }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<Cow<'static, str>>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(path, message) }
    }

    #[must_use]
    pub fn item(mut self, id: Option<&str>) -> Self {
        self.item = id.map(str::to_string);
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn set_hint(&mut self, hint: impl Into<Cow<'static, str>>) {
        self.hint = Some(hint.into());
    }

    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: error: [id] message (path) hint`, the form editors can jump to.
    /// Ids and hints come from the file as written, so the line is cleaned before it reaches
    /// a terminal: an id holding `ESC ]0;…` must not retitle the window of whoever runs `check`.
    pub fn render(&self, file: &str) -> String {
        let mut s = String::from(file);
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push_str(&format!(":{l}:{c}"));
        }
        s.push_str(match self.severity {
            Severity::Error => ": error: ",
            Severity::Warning => ": warning: ",
            Severity::Note => ": note: ",
        });
        if let Some(id) = &self.item {
            s.push_str(&format!("{}: ", excerpt(id)));
        }
        s.push_str(&self.message);
        if !self.path.is_empty() {
            s.push_str(&format!(" (at {})", self.path));
        }
        if let Some(h) = &self.hint {
            s.push_str(&format!("\n  hint: {h}"));
        }
        clean(&s, true).into_owned()
    }
}

/// A dataset that could not be loaded: the file and every problem found in it.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl LoadError {
    pub fn single(file: &str, problem: Problem) -> Self {
        Self { file: file.to_string(), problems: vec![problem] }
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

impl LoadError {
    /// The report: every problem, or with `limit` the first so many of each kind and a count
    /// of the rest (a file that renamed its ids has thousands of the same error).
    pub fn report(&self, limit: Option<usize>) -> String {
        let mut out = report(&self.problems, &self.file, limit);
        let n = self.error_count();
        out.push_str(&format!("{}: {n} error{} found; the dataset was not loaded", self.file, plural(n)));
        out
    }
}

/// How many problems of one kind are listed before the rest are only counted.
pub const PER_KIND: usize = 200;

impl Problem {
    /// What problems of the same kind share, written into `key` (cleared first): a letter for
    /// the severity, the path with its indices left out, then the message with what it quotes
    /// left out. Returns where the path ends. Byte by byte (the marks are ASCII) into one reused string: a file with a
    /// problem on every event makes a key per problem.
    fn kind_key(&self, key: &mut String) -> usize {
        key.clear();
        key.push(match self.severity {
            Severity::Error => 'E',
            Severity::Warning => 'W',
            Severity::Note => 'N',
        });
        let mut in_index = false;
        for part in self.path.split_inclusive(['[', ']']) {
            if !in_index {
                key.push_str(part);
            } else if part.ends_with(']') {
                key.push(']');
            }
            in_index = part.ends_with('[');
        }
        let path = key.len();
        for (i, part) in self.message.split('"').step_by(2).enumerate() {
            if i > 0 {
                key.push_str("\"…\"");
            }
            key.push_str(part);
        }
        path
    }
}

/// Which problems a report limited to `limit` of each kind lists, as positions in
/// `problems`: all of a kind with no more, else the first `limit` in the file. A kind's
/// problems share their path but for its indices (`events[].links[].to`), so the first in the
/// file are the first by those indices, and nothing has to be placed in the text to find them.
pub(crate) fn first_of_each_kind(problems: &[Problem], limit: usize) -> Vec<usize> {
    let mut kinds: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    let mut key = String::new();
    for (i, p) in problems.iter().enumerate() {
        p.kind_key(&mut key);
        match kinds.get_mut(key.as_str()) {
            Some(list) => list.push(i),
            None => {
                kinds.insert(key.clone(), vec![i]);
            }
        }
    }
    // A path's indices, `events[3].links[0].to` → [3, 0]: read once per problem, not at each
    // comparison.
    let indices = |i: usize| -> smallvec::SmallVec<[usize; 4]> {
        problems[i].path.split('[').skip(1).filter_map(|part| part.split(']').next()?.parse().ok()).collect()
    };
    let mut chosen = Vec::new();
    for list in kinds.into_values() {
        if list.len() <= limit {
            chosen.extend(list);
        } else if limit > 0 {
            let mut keyed: Vec<_> = list.into_iter().map(|i| (indices(i), i)).collect();
            keyed.select_nth_unstable(limit - 1);
            chosen.extend(keyed[..limit].iter().map(|&(_, i)| i));
        }
    }
    chosen
}

/// The problems as lines, `limit` of each kind at most, then one line per kind that had more.
pub fn report<'a>(
    problems: impl IntoIterator<Item = &'a Problem>,
    file: &str,
    limit: Option<usize>,
) -> String {
    let mut out = String::new();
    // Each kind's key: its count, and where its path ends in the key.
    let mut seen: rustc_hash::FxHashMap<String, (usize, usize)> = Default::default();
    let mut order = Vec::new();
    let mut key = String::new();
    for p in problems {
        let path = p.kind_key(&mut key);
        // The key is copied only for a kind not seen before.
        let n = match seen.get_mut(key.as_str()) {
            Some((n, _)) => {
                *n += 1;
                *n
            }
            None => {
                order.push(key.clone());
                seen.insert(key.clone(), (1, path));
                1
            }
        };
        if limit.is_none_or(|l| n <= l) {
            out.push_str(&p.render(file));
            out.push('\n');
        }
    }
    if let Some(l) = limit {
        for k in order {
            let (n, path) = seen[&k];
            if n > l {
                let (path, message) = (&k[1..path], &k[path..]);
                out.push_str(&format!(
                    "{file}: … and {} more like this: {message} (at {path}); `ethics-timeline check --all` lists every one\n",
                    n - l
                ));
            }
        }
    }
    out
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report(Some(PER_KIND)))
    }
}

impl std::error::Error for LoadError {}
