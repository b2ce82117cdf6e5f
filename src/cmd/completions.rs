//! `ethics-timeline completions SHELL` and `ethics-timeline man`: the files installed beside
//! the binary (a shell's completion script, a roff man page), generated from the clap
//! definition in [`crate::cli`] so they never drift from the options they describe. Neither
//! needs a dataset.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Prints the completion script for `shell` to `out`.
pub fn completions(shell: Shell, out: &mut impl Write) -> ExitCode {
    // Into memory first: the generators panic when a write fails, and `| head` is no failure.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut offered(), "ethics-timeline", &mut script);
    if shell == Shell::Bash {
        script = bash_fixed(&String::from_utf8_lossy(&script)).into_bytes();
    }
    finish(out.write_all(&script).and_then(|()| out.flush()), "the completion script")
}

/// The bash script with its subcommand states spelled one way. For a name with a hyphen,
/// clap_complete's loop sets `ethics__timeline__subcmd__export` but labels the branch
/// `ethics__subcmd__timeline__subcmd__export`, so no subcommand's options ever complete
/// (clap-rs/clap#6421, open). Spelling the labels as the loop does fixes it; harmless once
/// clap_complete does the same.
fn bash_fixed(script: &str) -> String {
    script.replace("ethics__subcmd__timeline__subcmd__", "ethics__timeline__subcmd__")
}

/// The command line as completion offers it: [`Cli`] without its hidden subcommands, which
/// clap_complete's scripts would list anyway (clap-rs/clap#1335). `clap::Command` cannot drop
/// a subcommand, so the root is built again from the same arguments and the visible ones.
fn offered() -> clap::Command {
    let full = Cli::command();
    let mut root = clap::Command::new("ethics-timeline").version(env!("CARGO_PKG_VERSION"));
    for arg in full.get_arguments() {
        root = root.arg(arg.clone());
    }
    for sub in full.get_subcommands().filter(|s| !s.is_hide_set()) {
        root = root.subcommand(sub.clone());
    }
    root
}

/// Prints the man page, in roff, to `out`.
pub fn man(out: &mut impl Write) -> ExitCode {
    let mut page = Vec::new();
    let rendered = clap_mangen::Man::new(Cli::command()).render(&mut page);
    finish(rendered.and_then(|()| out.write_all(&page)).and_then(|()| out.flush()), "the man page")
}

fn finish(written: io::Result<()>, what: &str) -> ExitCode {
    match written {
        // A closed pipe is the reader's choice, not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ethics-timeline: cannot write {what}: {e}");
            ExitCode::from(1)
        }
        Ok(()) => ExitCode::SUCCESS,
    }
}
