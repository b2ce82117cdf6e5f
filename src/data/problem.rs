//! Problems found while loading or checking a dataset, each located in its file.

use std::fmt;

use super::sanitize::{clean, excerpt};
use crate::text::plural;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    pub message: String,
    pub hint: Option<String>,
    /// 1-based line and column, filled in by the loader from `path`.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Problem {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
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

    pub fn note(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, ..Self::error(path, message) }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(path, message) }
    }

    #[must_use]
    pub fn item(mut self, id: Option<&str>) -> Self {
        self.item = id.map(str::to_string);
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn set_hint(&mut self, hint: impl Into<String>) {
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

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{}", p.render(&self.file))?;
        }
        let n = self.error_count();
        write!(f, "{}: {n} error{} found; the dataset was not loaded", self.file, plural(n))
    }
}

impl std::error::Error for LoadError {}
