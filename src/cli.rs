//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Explore a company's public ethics statements set against its contract actions, on a dated,
/// sourced timeline. Opens on the bundled Microsoft/ICE dataset.
#[derive(Debug, Parser)]
#[command(name = "ethics-timeline", version, about, long_about = None)]
#[command(after_help = "Keys: j/k or arrows move, Tab or 1/2/3 switch panes, ? shows every key, q quits.")]
pub struct Cli {
    /// Open this dataset file instead of the bundled one (format: data/README.md).
    #[arg(long, value_name = "PATH")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dataset files and report every problem with file:line:column; exit 0 when clean,
    /// 1 when not. With no files, checks the bundled dataset.
    Check {
        /// Dataset files to check.
        files: Vec<PathBuf>,
        /// Also list notes (for example sources with no publication date).
        #[arg(long)]
        notes: bool,
    },
}
