//! ethics-timeline: a terminal app that sets a company's public ethics statements against its
//! contract actions on a dated, sourced timeline.
//!
//! Layers, from the inside out: [`data`] (format, validation, the model; no terminal),
//! [`app`] + [`update`] (state and the pure update function), [`keymap`] (keys to actions),
//! [`ui`] (widgets that borrow the state), [`tui`] (the terminal loop).

pub mod action;
pub mod app;
pub mod check;
pub mod cli;
pub mod data;
pub mod export;
pub mod filter;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod plain;
pub mod search;
pub mod start;
pub mod synthetic;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod update;
