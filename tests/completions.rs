//! `completions` and `man`: the real binary prints a script for each shell and a roff man page,
//! with no dataset read.

mod common;

use common::{run, text};

#[test]
fn each_shell_gets_a_script_that_knows_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        // Fish names a long option `-l goto`, the others `--goto`.
        for word in ["check", "export", "list", "completions", "goto", "filter"] {
            assert!(script.contains(word), "{shell}: no {word} in\n{script}");
        }
        assert!(!script.contains("generate"), "{shell}: the hidden subcommand stays hidden");
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2), "an unknown shell is refused");
    assert!(text(&out.stderr).contains("possible values: bash"), "{}", text(&out.stderr));
}

/// What bash offers for `words`, the last being the one being completed, with the script the
/// binary prints loaded.
fn bash_offers(words: &[&str]) -> String {
    let script = text(&run(&["completions", "bash"]).stdout);
    let (cur, prev) = (words[words.len() - 1], words[words.len() - 2]);
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={}; _ethics__timeline ethics-timeline '{cur}' '{prev}'; \
         echo \"${{COMPREPLY[*]}}\"",
        words.join(" "),
        words.len() - 1
    );
    let out = std::process::Command::new("bash").args(["--norc", "-c", &program]).output().expect("run bash");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn bash_completes_subcommands_and_their_options() {
    assert_eq!(bash_offers(&["ethics-timeline", "ex"]).trim(), "export");
    // clap-rs/clap#6421: with a hyphen in the name, a subcommand's options never completed.
    assert_eq!(bash_offers(&["ethics-timeline", "export", "--f"]).trim(), "--format --filter");
    assert_eq!(bash_offers(&["ethics-timeline", "completions", "z"]).trim(), "zsh");
}

#[test]
fn the_man_page_is_roff_and_documents_the_options() {
    let out = run(&["man"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "a roff header first:\n{page}");
    assert!(page.contains(".TH ethics-timeline 1"), "{page}");
    // roff escapes every hyphen in an option's name.
    assert!(page.contains(r"\-\-goto"), "{page}");
    assert!(page.contains("completions") && page.contains("export"), "the subcommands are listed");
}

#[test]
fn neither_reads_a_dataset() {
    let missing = "tests/fixtures/no-such-file.json";
    assert!(run(&["--data", missing, "completions", "fish"]).status.success());
    assert!(run(&["--data", missing, "man"]).status.success());
}
