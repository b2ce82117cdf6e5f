//! Entry point: parse the command line, load the dataset, run the TUI or a command (`check`,
//! `list`, `export`; `completions` and `man`, which need no dataset).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ethics_timeline::cli::{Cli, Command, ImportSource};
use ethics_timeline::cmd::{check, completions, export, import, list, plain};
use ethics_timeline::config;
use ethics_timeline::start::{self, StartView};
use ethics_timeline::theme::{ColorMode, Theme, ThemeId};
use ethics_timeline::{app::App, data, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Generated from the command line's definition alone: no dataset is read.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            return completions::completions(*shell, &mut std::io::stdout().lock());
        }
        Some(Command::Man) => return completions::man(&mut std::io::stdout().lock()),
        Some(Command::Config { print, path }) => return config_command(&cli, *print, *path),
        _ => {}
    }
    if let Some(Command::Check { files, notes, all }) = &cli.command {
        return check::run(files, check::Options { notes: *notes, all: *all }, &mut std::io::stdout().lock());
    }
    if let Some(Command::Import {
        from: ImportSource::Usaspending { files, output, into, companies, date_order, memory_budget },
    }) = &cli.command
    {
        let request = import::Request {
            files,
            output,
            into: into.as_deref(),
            companies,
            date_order: *date_order,
            memory_budget: *memory_budget,
        };
        return import::run(&request, &mut std::io::stderr());
    }
    if let Some(Command::Generate { events, output, seed, shape, pretty }) = &cli.command {
        let shape = shape.map(|s| s.shape()).unwrap_or_default();
        let json = ethics_timeline::synthetic::generate_shaped(*events, *seed, shape);
        let json = if *pretty { ethics_timeline::synthetic::pretty(&json) } else { json };
        let written = match output {
            Some(path) => std::fs::write(path, json),
            None => std::io::Write::write_all(&mut std::io::stdout().lock(), json.as_bytes()),
        };
        return match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ethics-timeline: cannot write the dataset: {e}");
                ExitCode::from(1)
            }
        };
    }
    let plain = cli.plain || std::env::var("TERM").is_ok_and(|t| t == "dumb");
    // The threshold can be lowered (tests use 0) through the environment.
    let threshold = std::env::var("ETHICS_TIMELINE_LOADING_SCREEN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(LOADING_SCREEN_BYTES);
    let big =
        cli.data.as_deref().and_then(|p| std::fs::metadata(p).ok()).is_some_and(|m| m.len() > threshold);
    if cli.command.is_none() && big && !plain && std::io::stdout().is_terminal() {
        // A big file loads on a worker thread behind a loading screen.
        let user = user_config(&cli);
        let options = options(&cli, &user.config);
        return run_tui(loading(cli, user), &options);
    }
    let loaded = match &cli.data {
        Some(path) => data::load_path(path),
        None => data::bundled(),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(Command::List { filter, format, pairs }) = &cli.command {
        return list::run(
            &loaded.dataset,
            filter.as_deref(),
            list::What { pairs: *pairs, format: *format },
            &mut std::io::stdout().lock(),
            &mut std::io::stderr(),
        );
    }
    if let Some(Command::Notes) = &cli.command {
        if let Err(e) = color_eyre::install() {
            eprintln!("ethics-timeline: {e}");
        }
        let user = user_config(&cli);
        return match tui::notes::run(&loaded.dataset, theme(&cli, &user.config)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ethics-timeline: {e:?}");
                ExitCode::from(1)
            }
        };
    }
    if let Some(Command::Export { format, filter, tour, output, audience }) = &cli.command {
        let request = export::Request {
            format: *format,
            filter: filter.as_deref(),
            tour: tour.as_deref(),
            output: output.as_deref(),
            audience: *audience,
        };
        return export::run(&loaded.dataset, &request, &mut std::io::stdout().lock(), &mut std::io::stderr());
    }
    let user = user_config(&cli);
    let options = options(&cli, &user.config);
    if let Some(Command::Serve { .. }) = &cli.command {
        return serve(&cli, &user, loaded.dataset);
    }
    let app = match prepare(&cli, &user, theme(&cli, &user.config), loaded.dataset) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if plain {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = plain::transcript(&app, &mut std::io::stdout().lock());
        return ExitCode::SUCCESS;
    }
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "ethics-timeline: standard output is not a terminal, so there is nothing to draw on.\n\
             Run it in a terminal, or use `ethics-timeline check` to validate a dataset."
        );
        return ExitCode::from(1);
    }
    run_tui(tui::Start::Ready(Box::new(app)), &options)
}

/// `serve`: the students' starting view is prepared as the local app's would be (theme,
/// --company, --filter, --tour and the like). With a terminal, the teacher presents on it
/// and students follow; without one (or `--headless`) the server runs until it is ended.
fn serve(cli: &Cli, user: &config::Loaded, dataset: data::Dataset) -> ExitCode {
    let Some(Command::Serve {
        listen,
        join_code,
        authorized_keys,
        host_key,
        max_sessions,
        max_per_address,
        max_unauthenticated,
        login_grace,
        idle,
        input_rate,
        max_connects_per_minute,
        tour,
        theme: serve_theme,
        headless,
    }) = &cli.command
    else {
        return ExitCode::from(2);
    };
    // `serve --tour`, `serve --theme` are the app's `--tour`, `--theme`.
    let mut cli_view = cli.clone();
    cli_view.tour = tour.clone().or(cli_view.tour);
    cli_view.theme = serve_theme.clone().or(cli_view.theme);
    let cli = &cli_view;
    let presenting = !headless && std::io::stdout().is_terminal();
    // Students' terminals are not this one: the named theme or dark; each student has T.
    let named = cli.theme.as_deref().or(user.config.theme.as_deref()).and_then(ThemeId::parse);
    let student_theme = Theme::new(named.unwrap_or(ThemeId::Dark), ColorMode::from_env(None, None));
    // The teacher's own screen asks its terminal, as the app does.
    let teacher_theme = if presenting { theme(cli, &user.config) } else { student_theme };
    let app = match prepare(cli, user, teacher_theme, dataset) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut students = app.clone();
    students.theme = student_theme;
    let options = ethics_timeline::serve::Options {
        listen: *listen,
        join_code: join_code.clone(),
        authorized_keys: authorized_keys.clone(),
        host_key: host_key.clone(),
        limits: ethics_timeline::serve::Limits {
            sessions: *max_sessions,
            per_address: *max_per_address,
            unauthenticated: *max_unauthenticated,
            login_grace: std::time::Duration::from_secs(*login_grace),
            idle: *idle,
            input_rate: *input_rate,
            connects_per_minute: *max_connects_per_minute,
        },
    };
    let teacher = presenting
        .then(|| ethics_timeline::serve::Teacher { app, options: self::options(cli, &user.config) });
    if presenting && let Err(e) = color_eyre::install() {
        eprintln!("ethics-timeline: {e}");
    }
    match ethics_timeline::serve::run(students, &options, teacher) {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(outcome)) => exit_code(outcome),
        Err(e) => {
            eprintln!("ethics-timeline: {e}");
            ExitCode::from(2)
        }
    }
}

/// What the terminal side is set up with: the flags, else the config file, else on.
fn options(cli: &Cli, user: &config::Config) -> tui::Options {
    tui::Options {
        classroom: tui::ClassroomLink::default(),
        state_file: config::state_file(),
        mouse: cli.mouse.map(|s| s.on()).or(user.mouse).unwrap_or(true),
        hyperlinks: user.hyperlinks.as_deref().and_then(tui::hyperlink::Choice::parse).unwrap_or_default(),
    }
}

/// `config --print`, `config --path`.
fn config_command(cli: &Cli, print: bool, path: bool) -> ExitCode {
    let file = cli.config.clone().or_else(config::config_file);
    if path || !print {
        match &file {
            Some(f) => println!("{}{}", f.display(), if f.exists() { "" } else { " (not there yet)" }),
            None => println!("no config file: neither $XDG_CONFIG_HOME nor $HOME is set"),
        }
    }
    if print {
        print!("{}", config::defaults_text());
    }
    ExitCode::SUCCESS
}

/// The config file the app reads (`--config`, else the XDG place). A problem with it is said
/// on stderr now and in the status bar once the app is up; the defaults apply.
fn user_config(cli: &Cli) -> config::Loaded {
    let loaded =
        cli.config.clone().or_else(config::config_file).map(|p| config::load(&p)).unwrap_or_default();
    if let Some(p) = loaded.problem_in_full() {
        eprintln!("ethics-timeline: {p}; starting on the defaults");
    }
    if !ethics_timeline::keymap::install(loaded.keys.clone()) {
        eprintln!("ethics-timeline: the keys were read before the config; its [keys] are not used");
    }
    loaded
}

/// Files above this many bytes load behind a loading screen instead of a still terminal.
const LOADING_SCREEN_BYTES: u64 = 50 << 20;

/// The app for a loaded dataset: theme from the flags and the environment, then the view the
/// command line asks for. The error is the message to print.
fn prepare(cli: &Cli, loaded: &config::Loaded, theme: Theme, dataset: data::Dataset) -> Result<App, String> {
    let user = &loaded.config;
    let mut app = App::new(dataset);
    app.theme = theme;
    app.show_ruler = cli.ruler.map(|s| s.on()).or(user.ruler).unwrap_or(true);
    app.copy_fallback = tui::clipboard_uncertain(&|k| std::env::var(k).ok());
    // Marks belong to a dataset file; the bundled one is one dataset wherever it runs from.
    app.saved_key = Some(match &cli.data {
        Some(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display().to_string(),
        None => "bundled".to_string(),
    });
    if let Some(path) = ethics_timeline::config::state_file()
        && let Ok(text) = std::fs::read_to_string(&path)
    {
        match ethics_timeline::app::Saved::parse(&text) {
            Ok(saved) => saved.apply(&mut app),
            Err(e) => {
                app.message =
                    Some(format!("could not read {} ({e}): marks and history start empty", path.display()));
            }
        }
    }
    // The config's company is a preference: one the dataset lacks is said, not fatal.
    if cli.company.is_none()
        && let Some(company) = &user.company
    {
        let view = StartView { company: Some(company.clone()), ..StartView::default() };
        if let Err(e) = start::apply(&mut app, &view) {
            app.message = Some(format!("config: {e}"));
        }
    }
    let view = StartView {
        goto: cli.goto.clone(),
        company: cli.company.clone(),
        filter: cli.filter.clone(),
        search: cli.search.clone(),
        tour: cli.tour.clone(),
        present: cli.present,
    };
    start::apply(&mut app, &view).map_err(|e| format!("ethics-timeline: {e}"))?;
    if let Some(p) = &loaded.problem {
        app.message = Some(format!("config: {p} · started on the defaults"));
    }
    Ok(app)
}

/// The theme the flags ask for, else the one the terminal's background calls for: asked of
/// the terminal itself (OSC 11, a short wait), else read from `COLORFGBG`, else the
/// terminal's own colours. Asked before the terminal is taken over, and only of a terminal.
fn theme(cli: &Cli, user: &config::Config) -> Theme {
    let env = |k: &str| std::env::var(k).ok();
    let named = cli.theme.as_deref().or(user.theme.as_deref());
    let id = named.and_then(ThemeId::parse).unwrap_or_else(|| {
        let ask = std::io::stdout().is_terminal() && !cli.plain && env("TERM").is_none_or(|t| t != "dumb");
        let answer = ask.then(|| {
            let options = {
                let mut o = terminal_colorsaurus::QueryOptions::default();
                o.timeout = std::time::Duration::from_millis(150);
                o
            };
            terminal_colorsaurus::theme_mode(options).ok()
        });
        let dark = answer.flatten().map(|m| m == terminal_colorsaurus::ThemeMode::Dark);
        ThemeId::detect(dark, env("COLORFGBG").filter(|v| !v.is_empty()).as_deref())
    });
    Theme::new(id, ColorMode::from_env(env("NO_COLOR").as_deref(), env("COLORTERM").as_deref()))
}

/// Starts loading a big file on a worker thread.
fn loading(cli: Cli, user: config::Loaded) -> tui::Start {
    let progress = Arc::new(data::Progress::default());
    let path = cli.data.clone().unwrap_or_default();
    let label = path.display().to_string();
    let worker_progress = Arc::clone(&progress);
    // Before the loading screen takes the terminal: the query needs it to itself.
    let chosen = theme(&cli, &user.config);
    let worker = std::thread::spawn(move || {
        let loaded = data::load_path_with(&path, &worker_progress).map_err(|e| e.to_string())?;
        worker_progress.set_phase(data::Phase::Preparing);
        let app = prepare(&cli, &user, chosen, loaded.dataset);
        worker_progress.set_phase(data::Phase::Done);
        app
    });
    tui::Start::Loading { worker, progress, label }
}

fn run_tui(start: tui::Start, options: &tui::Options) -> ExitCode {
    // Before the terminal is set up, so ratatui's hook restores the screen first and the
    // report then prints on a clean terminal.
    if let Err(e) = color_eyre::install() {
        eprintln!("ethics-timeline: {e}");
    }
    match tui::run(start, options) {
        Ok(outcome) => exit_code(outcome),
        Err(e) => {
            eprintln!("ethics-timeline: {e:?}");
            ExitCode::from(1)
        }
    }
}

/// How the app's end is told to the shell.
fn exit_code(outcome: tui::Outcome) -> ExitCode {
    match outcome {
        tui::Outcome::Quit => ExitCode::SUCCESS,
        // The shell convention for "ended by signal n".
        tui::Outcome::Signal(n) => ExitCode::from(u8::try_from(128 + n).unwrap_or(u8::MAX)),
        tui::Outcome::LoadFailed(report) => {
            eprintln!("{report}");
            ExitCode::from(2)
        }
    }
}
