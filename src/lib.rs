//! ethics-timeline: a terminal app that sets a company's public ethics statements against its
//! contract actions on a dated, sourced timeline.
//!
//! The modules are layers, listed here bottom to top; a module imports only from layers below
//! it (`.ci/run` checks the rules, `docs/architecture.md` draws them).

// The dataset: the format, validation and model; filters, search, the closest names for an
// unknown one, and text shared by every output. No terminal and no styles.
pub mod data;
pub mod filter;
pub mod search;
pub mod suggest;
pub mod synthetic;
pub mod text;

// Semantic roles and the styles each theme gives them.
pub mod theme;

// The state: where the user is, the derived tables, the one mode.
pub mod app;

// Geometry shared by update and view: pane rectangles, the details document, the ruler's
// buckets, overlay boxes.
pub mod geometry;

// Intents and effects, and the keys that ask for them.
pub mod action;
pub mod keymap;

// The pure update, and beside it the view; neither imports the other.
pub mod ui;
pub mod update;

// The terminal: the only module that talks to it.
pub mod tui;

// The classroom server: students' apps over SSH, each on its own channel; beside tui (it
// reuses tui's event-to-action mapping), and nothing imports it.
pub mod serve;

// The command line and what runs without the TUI: `check`, `list`, `export`, `--plain`, and
// the prepared first view.
pub mod cli;
pub mod cmd;
pub mod config;
pub mod start;

#[cfg(test)]
mod testing;
