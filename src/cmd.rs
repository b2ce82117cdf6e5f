//! The subcommands that run without the TUI: `check`, `list`, `export`, and the `--plain`
//! transcript. They read the dataset and write text (through [`crate::text`]); none of them
//! imports the view. `completions` and `man` need no dataset at all.

pub mod check;
pub mod completions;
pub mod export;
pub mod import;
pub mod list;
pub mod plain;
