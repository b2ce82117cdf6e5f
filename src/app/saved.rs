//! What the app keeps between runs: marks (per dataset) and the search, filter and go-to
//! lines' history (shared by every dataset). One JSON file in the user's state directory;
//! this module turns it into state and back, and merges with what another run wrote meanwhile
//! so two windows do not undo each other's marks. The terminal side reads and writes the file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::App;
use super::mode::PromptKind;

/// Entries kept per input line: old ones fall off the front.
pub const HISTORY_LEN: usize = 100;

/// The file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub version: u32,
    pub history: Recall,
    /// Marks per dataset (its path, or `bundled`): letter → event id. Ids, not positions, so a
    /// mark survives edits to the file around it.
    pub marks: BTreeMap<String, BTreeMap<char, String>>,
}

/// Earlier entries of each input line, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recall {
    pub search: Vec<String>,
    pub filter: Vec<String>,
    pub goto: Vec<String>,
}

impl Recall {
    pub fn lines(&self, kind: PromptKind) -> &[String] {
        match kind {
            PromptKind::Search => &self.search,
            PromptKind::Filter => &self.filter,
            PromptKind::Goto => &self.goto,
        }
    }

    fn lines_mut(&mut self, kind: PromptKind) -> &mut Vec<String> {
        match kind {
            PromptKind::Search => &mut self.search,
            PromptKind::Filter => &mut self.filter,
            PromptKind::Goto => &mut self.goto,
        }
    }

    /// Adds `entry` as the newest, once: typing the same search again moves it to the end.
    pub fn push(&mut self, kind: PromptKind, entry: &str) {
        let entry = entry.trim();
        if entry.is_empty() {
            return;
        }
        let lines = self.lines_mut(kind);
        lines.retain(|l| l != entry);
        lines.push(entry.to_string());
        let extra = lines.len().saturating_sub(HISTORY_LEN);
        lines.drain(..extra);
    }

    /// Another run's entries first, then ours, each once and newest last.
    fn merged(theirs: &Self, ours: &Self) -> Self {
        let mut out = theirs.clone();
        for kind in [PromptKind::Search, PromptKind::Filter, PromptKind::Goto] {
            for entry in ours.lines(kind) {
                out.push(kind, entry);
            }
        }
        out
    }
}

impl Saved {
    /// Reads the file's text; a file that is not ours (or from a newer version we cannot
    /// read) is an error to report, and the app then starts without it.
    pub fn parse(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// What to write now: the file as it is on disk (another window may have written since we
    /// started) with this app's marks for its dataset and its history merged in.
    pub fn merge_from(on_disk: Option<Self>, app: &App) -> Self {
        let mut out = on_disk.unwrap_or_default();
        out.version = 1;
        out.history = Recall::merged(&out.history, &app.recall);
        if let Some(key) = &app.saved_key {
            let marks: BTreeMap<char, String> =
                app.marks.iter().map(|(&c, &e)| (c, app.data.events[e].id.to_string())).collect();
            if marks.is_empty() {
                out.marks.remove(key);
            } else {
                out.marks.insert(key.clone(), marks);
            }
        }
        out
    }

    /// Applies the file to a freshly built app: its history, and its marks for this dataset
    /// that still name an event (marks on events since removed are dropped quietly).
    pub fn apply(&self, app: &mut App) {
        app.recall = self.history.clone();
        let Some(key) = &app.saved_key else { return };
        if let Some(marks) = self.marks.get(key) {
            for (&c, id) in marks {
                if let Some(e) = app.data.event_index(id) {
                    app.marks.insert(c, e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        let mut a = App::new(crate::testing::small());
        a.saved_key = Some("data.json".into());
        a
    }

    #[test]
    fn history_keeps_each_entry_once_newest_last_and_only_so_many() {
        let mut r = Recall::default();
        r.push(PromptKind::Search, "ice");
        r.push(PromptKind::Search, "  ");
        r.push(PromptKind::Search, "maven");
        r.push(PromptKind::Search, "ice");
        assert_eq!(r.search, ["maven", "ice"]);
        for i in 0..150 {
            r.push(PromptKind::Filter, &format!("year:{i}"));
        }
        assert_eq!(r.filter.len(), HISTORY_LEN);
        assert_eq!(r.filter.last().map(String::as_str), Some("year:149"));
    }

    #[test]
    fn marks_and_history_survive_a_round_trip_through_the_file() {
        let mut a = app();
        let e = a.data.event_index("ms-2018-11-20-ivas-award").expect("event");
        a.marks.insert('a', e);
        a.recall.push(PromptKind::Goto, "2019-06");
        let text = Saved::merge_from(None, &a).to_json();
        let mut b = app();
        Saved::parse(&text).expect("parses").apply(&mut b);
        assert_eq!(b.marks.get(&'a'), Some(&e));
        assert_eq!(b.recall.goto, ["2019-06"]);
    }

    #[test]
    fn writing_keeps_what_another_window_saved() {
        let mut on_disk = Saved::default();
        on_disk.marks.insert("other.json".into(), BTreeMap::from([('x', "some-id".to_string())]));
        on_disk.history.search.push("from the other window".into());
        let mut a = app();
        a.recall.push(PromptKind::Search, "ours");
        let out = Saved::merge_from(Some(on_disk), &a);
        assert!(out.marks.contains_key("other.json"));
        assert_eq!(out.history.search, ["from the other window", "ours"]);
    }

    #[test]
    fn a_mark_on_a_removed_event_is_dropped_and_a_bad_file_says_where() {
        let mut s = Saved::default();
        s.marks.insert("data.json".into(), BTreeMap::from([('a', "gone".to_string())]));
        let mut a = app();
        s.apply(&mut a);
        assert!(a.marks.is_empty());
        let e = Saved::parse("{\"version\": 1,\n \"marks\": 3}").expect_err("bad");
        assert!(e.starts_with("line 2, column"), "{e}");
    }
}
