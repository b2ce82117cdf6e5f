//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Explore a company's public ethics statements set against its contract actions, on a dated,
/// sourced timeline. Opens on the bundled Microsoft/ICE dataset.
#[derive(Debug, Clone, Parser)]
#[command(name = "ethics-timeline", version, about, long_about = None)]
#[command(after_help = "Keys: j/k or arrows move, Tab or 1/2/3 switch panes, / searches, f filters, \
? shows every key, q quits.\n\nFilter language: kind:contract,statement  company:microsoft  actor:ice  \
tag:facial-recognition  year:2018..2020  evidence:reported  words \"or phrases\"")]
pub struct Cli {
    /// Open this dataset file instead of the bundled one (format: data/README.md).
    #[arg(long, value_name = "PATH", global = true)]
    pub data: Option<PathBuf>,

    /// Open with this event selected, e.g. ms-2018-06-19-employee-letter; or at the first
    /// event on or after a date: 2019, 2019-06, 2019-06-19.
    #[arg(long, value_name = "EVENT_ID|DATE")]
    pub goto: Option<String>,

    /// Open on this company's events and its say-vs-do comparison: its id or the name shown,
    /// e.g. google or Google.
    #[arg(long, value_name = "ID")]
    pub company: Option<String>,

    /// Open with this filter, e.g. 'kind:contract company:microsoft year:2018..2020 ice'.
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,

    /// Open with this search run, as if typed after `/`.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Print the view as plain text (no boxes, no colour) instead of drawing; automatic when
    /// TERM=dumb. For screen readers and for pasting into notes.
    #[arg(long)]
    pub plain: bool,

    /// Start presenting: the selected event full screen (or the tour, with --tour).
    #[arg(long)]
    pub present: bool,

    /// Present this tour from its first step, e.g. words-and-contracts-2018.
    #[arg(long, value_name = "ID")]
    pub tour: Option<String>,

    /// Colour theme: dark, light, high-contrast or projector (the last two paint their own
    /// background). Default: light or dark from COLORFGBG. NO_COLOR turns colour off.
    #[arg(long, value_name = "NAME", value_parser = ["dark", "light", "high-contrast", "projector", "terminal"])]
    pub theme: Option<String>,

    /// Take the mouse for clicks and the wheel (on), or leave text selection to the terminal
    /// (off). Default: on, or the config file's `mouse`.
    #[arg(long, value_name = "ON_OFF")]
    pub mouse: Option<Switch>,

    /// Show the time ruler (on) or not (off). Default: on, or the config file's `ruler`.
    #[arg(long, value_name = "ON_OFF")]
    pub ruler: Option<Switch>,

    /// Read this config file instead of $XDG_CONFIG_HOME/ethics-timeline/config.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// On or off, for the flags that match a config file's true or false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    pub fn on(self) -> bool {
        self == Self::On
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// The config file: where it is read from (--path), or every key at its default, to start
    /// one from (--print > ~/.config/ethics-timeline/config.toml).
    Config {
        /// Write every key, commented out at its default.
        #[arg(long)]
        print: bool,
        /// Say which file is read.
        #[arg(long)]
        path: bool,
    },
    /// Follow a presenter on this machine: the step's note, its questions, what comes next.
    /// Run it in a second terminal the room does not see; it reads the same --data.
    Notes,
    /// Check dataset files and report every problem with file:line:column; exit 0 when clean,
    /// 1 when not. With no files, checks the bundled dataset.
    Check {
        /// Dataset files to check.
        files: Vec<PathBuf>,
        /// Also list notes (for example sources with no publication date).
        #[arg(long)]
        notes: bool,
        /// List every problem; by default, after a few hundred of one kind the rest are counted.
        #[arg(long)]
        all: bool,
    },
    /// Print the shell completion script for bash, zsh or fish (also elvish, powershell).
    ///
    /// Install it where the shell looks, e.g.
    /// `ethics-timeline completions bash > ~/.local/share/bash-completion/completions/ethics-timeline`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page, in roff.
    ///
    /// Install it where man looks, e.g. `ethics-timeline man > ~/.local/share/man/man1/ethics-timeline.1`.
    Man,
    /// Write a synthetic, valid dataset of N events (for benchmarks and stress tests).
    #[command(hide = true)]
    Generate {
        /// Number of events.
        events: usize,
        /// Where to write it; standard output when absent.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Seed for the generator: the same seed gives the same file.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// A shape of input from the benchmark matrix (docs/performance.md).
        #[arg(long, value_enum)]
        shape: Option<GenShape>,
        /// Pretty-print, two spaces a level.
        #[arg(long)]
        pretty: bool,
    },
    /// Print the events (those matching --filter) without opening the app.
    List {
        /// Only events matching this filter expression.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        /// One line per statement and contract linked to it, with the days between them.
        #[arg(long)]
        pairs: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Write the events as a class handout (Markdown, HTML) or for TimelineJS (CSV, JSON);
    /// says on stderr what the format loses.
    Export {
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only events matching this filter expression.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        /// Only this tour's steps, in tour order, with the presenter's notes.
        #[arg(long, value_name = "ID")]
        tour: Option<String>,
        /// Who reads it: the teacher (every note) or students (no presenter's notes; the
        /// discussion questions as a worksheet with room to answer).
        #[arg(long, value_enum, default_value_t = Audience::Teacher)]
        audience: Audience,
        /// Write to this file instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Bring contract records into a dataset: `import usaspending FILE... -o OUT.json`.
    Import {
        #[command(subcommand)]
        from: ImportSource,
    },
    /// Classroom: an SSH server where each student runs `ssh -p 2222 class@HOST` and gets a
    /// read-only app of their own on this --data. Open on loopback; elsewhere it needs
    /// --join-code or --authorized-keys.
    Serve {
        /// The address to listen on (never port 22).
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
        listen: std::net::SocketAddr,
        /// The code students type to join (6 or more digits), asked by keyboard-interactive.
        #[arg(long, value_name = "DIGITS")]
        join_code: Option<String>,
        /// Admit only the keys in this authorized_keys file.
        #[arg(long, value_name = "FILE")]
        authorized_keys: Option<PathBuf>,
        /// The host key (made on first run); default in the config folder.
        #[arg(long, value_name = "FILE")]
        host_key: Option<PathBuf>,
        /// Students connected at once.
        #[arg(long, default_value_t = 48)]
        max_sessions: usize,
        /// Connections from one address at once.
        #[arg(long, default_value_t = 48)]
        max_per_address: usize,
        /// Connections not yet logged in at once.
        #[arg(long, default_value_t = 10)]
        max_unauthenticated: usize,
        /// Seconds to log in before the connection is closed.
        #[arg(long, default_value_t = 20, value_name = "SECONDS")]
        login_grace: u64,
        /// Time without a key before a student is disconnected: minutes (`20`), or with a
        /// unit (`90s`, `20m`, `1h`).
        #[arg(long, default_value = "20", value_name = "TIME", value_parser = idle_time)]
        idle: std::time::Duration,
        /// Input bytes per second a student may send before being disconnected.
        #[arg(long, default_value_t = 65536, value_name = "BYTES")]
        input_rate: usize,
        /// New connections one address may make in a minute (a class behind one NAT
        /// connects at once; a script that reconnects in a loop is turned away).
        #[arg(long, default_value_t = 120, value_name = "N")]
        max_connects_per_minute: usize,
        /// Present this tour from its first step (students follow it), as for the app.
        #[arg(long, value_name = "ID")]
        tour: Option<String>,
        /// The theme students start with (each can press T), and the presenter's, as for the
        /// app: dark, light, high-contrast, projector or terminal.
        #[arg(long, value_name = "NAME", value_parser = ["dark", "light", "high-contrast", "projector", "terminal"])]
        theme: Option<String>,
        /// No presenter's screen on this terminal: students explore on their own and the
        /// server logs to stderr (automatic when standard output is not a terminal).
        #[arg(long)]
        headless: bool,
    },
}

/// Where `import` reads records from.
#[derive(Debug, Clone, Subcommand)]
pub enum ImportSource {
    /// USAspending downloads (Prime Award Summaries, Prime Transactions, Award Data Archive
    /// Full and Delta files, 2018-era files, any subset of their columns) and v2 API JSON
    /// (award profile, transactions, spending_by_award). One contract event per award, and a
    /// linked event for each modification that changes money or dates.
    Usaspending {
        /// Files to read; the kind of each is told from its header or shape.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the dataset (written whole, or not at all).
        #[arg(short = 'o', long = "output", value_name = "OUT.json")]
        output: PathBuf,
        /// Add to this dataset, keeping its events, links and tours.
        #[arg(long, value_name = "DATASET.json")]
        into: Option<PathBuf>,
        /// Attribute awards to a company: ID=PATTERN, matched (any case) in the recipient, the
        /// parent recipient or the description, e.g. microsoft='MICROSOFT'. Repeatable; the
        /// first rule that matches wins. Nothing is attributed without a rule.
        #[arg(long = "company", value_name = "ID=PATTERN")]
        companies: Vec<String>,
        /// How to read dates like 02/03/2018 that a spreadsheet re-saved: month first (mdy)
        /// or day first (dmy). Without it such a date is an error.
        #[arg(long, value_enum, value_name = "ORDER")]
        date_order: Option<DateOrder>,
        /// What the import keeps in memory before it spills to files beside the output, in
        /// bytes (default 64 MiB). Hidden: for testing the spilling on small files.
        #[arg(long, hide = true, value_name = "BYTES")]
        memory_budget: Option<usize>,
    },
}

/// The order of day and month in a slashed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrder {
    /// 12/02/2018 is 2 December 2018.
    Mdy,
    /// 12/02/2018 is 12 February 2018.
    Dmy,
}

/// The shapes `generate --shape` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenShape {
    Shuffled,
    Reversed,
    OneDay,
    NoLinks,
    TenLinks,
    ThousandNames,
    PerEventNames,
    LongSummaries,
    Warnings,
    Errors,
}

impl GenShape {
    pub fn shape(self) -> crate::synthetic::Shape {
        use crate::synthetic::{Dates, Links, Names, Problems, Shape};
        let d = Shape::default();
        match self {
            Self::Shuffled => Shape { dates: Dates::Shuffled, ..d },
            Self::Reversed => Shape { dates: Dates::Reversed, ..d },
            Self::OneDay => Shape { dates: Dates::OneDay, ..d },
            Self::NoLinks => Shape { links: Links::None, ..d },
            Self::TenLinks => Shape { links: Links::Ten, ..d },
            Self::ThousandNames => Shape { names: Names::Thousand, ..d },
            Self::PerEventNames => Shape { names: Names::PerEvent, ..d },
            Self::LongSummaries => Shape { long_summaries: true, ..d },
            Self::Warnings => Shape { problems: Problems::Warning, ..d },
            Self::Errors => Shape { problems: Problems::Error, ..d },
        }
    }
}

/// Who an export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    /// The full handout, with the presenter's notes.
    Teacher,
    /// No presenter's notes; questions as a worksheet.
    Students,
}

/// How `list` prints events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One aligned line per event.
    Text,
    /// A JSON array of events with their sources.
    Json,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A Markdown handout.
    Markdown,
    /// A self-contained HTML handout that prints well.
    Html,
    /// CSV in the TimelineJS spreadsheet template's columns.
    Csv,
    /// TimelineJS JSON, for the TimelineJS web library.
    Timelinejs,
}

/// `serve --idle`: a bare number is minutes, as the flag always took; a unit (`s`, `m`, `h`)
/// says otherwise, so a test can wait seconds rather than minutes.
fn idle_time(text: &str) -> Result<std::time::Duration, String> {
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 =
        digits.parse().map_err(|_| format!("{text:?} is not a time: give minutes, or e.g. 90s, 20m, 1h"))?;
    let seconds = match unit {
        "" | "m" => n.saturating_mul(60),
        "s" => n,
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("{text:?}: the unit is s, m or h")),
    };
    // The server adds its own margin to this time; a day is past any lesson, and far from
    // where adding to a `Duration` overflows.
    if seconds == 0 || seconds > 24 * 3600 {
        return Err(format!("{text:?}: the idle time is more than zero and at most a day (24h)"));
    }
    Ok(std::time::Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::idle_time;

    #[test]
    fn idle_is_minutes_unless_a_unit_says_otherwise() {
        assert_eq!(idle_time("20"), Ok(Duration::from_secs(1200)));
        assert_eq!(idle_time("3s"), Ok(Duration::from_secs(3)));
        assert_eq!(idle_time("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(idle_time("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(idle_time("24h"), Ok(Duration::from_secs(24 * 3600)));
        for bad in ["", "s", "0", "0s", "5x", "-1", "1.5m", "25h", "99999999999999999999"] {
            assert!(idle_time(bad).is_err(), "{bad:?}");
        }
    }
}
