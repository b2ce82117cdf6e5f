//! The terminal side: set up, run the draw → event → update loop, restore. The only module that
//! talks to the terminal.
//!
//! The terminal is restored on every way out: quit, error, panic (ratatui's hook restores raw
//! mode and the screen; ours also turns mouse reporting off, which ratatui does not know we
//! turned on), and SIGTERM, SIGHUP and SIGQUIT, which skip panic hooks and so are caught here.
//! Raw mode turns Ctrl-Z into a key, so suspending is done by hand: restore, stop, and on `fg`
//! set the terminal up again and redraw everything. After each frame, [`hyperlink`] writes the
//! source addresses on screen again as OSC 8 links, where the terminal is known to show them.

use std::io::{Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use color_eyre::Result;
use crossterm::cursor::Show;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::Terminal;
use ratatui::prelude::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGQUIT, SIGTERM, SIGTSTP};

pub mod hyperlink;
pub mod notes;
pub mod publish;

use crate::action::{Action, Effect};
use crate::app::App;
use crate::data::Progress;
use crate::{keymap, ui, update};

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Quit,
    /// Ended by this signal; the process should exit with 128 + its number.
    Signal(i32),
    /// The dataset loaded behind the loading screen had problems: the report to print.
    LoadFailed(String),
}

/// What the terminal starts with: an app ready to show, or a big file still loading on a
/// worker thread, which the loading screen waits for.
pub enum Start {
    Ready(Box<App>),
    Loading { worker: JoinHandle<Result<App, String>>, progress: Arc<Progress>, label: String },
}

/// Signals that end or suspend the app, noted by handlers and acted on by the loop.
struct Signals {
    end: [(i32, Arc<AtomicBool>); 3],
    stop: Arc<AtomicBool>,
}

impl Signals {
    fn register() -> Result<Self> {
        let end = [SIGTERM, SIGHUP, SIGQUIT].map(|s| (s, Arc::new(AtomicBool::new(false))));
        for (sig, flag) in &end {
            signal_hook::flag::register(*sig, Arc::clone(flag))?;
        }
        let stop = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTSTP, Arc::clone(&stop))?;
        let signals = Self { end, stop };
        signals.watchdog()?;
        Ok(signals)
    }

    /// The loop notices an ending signal within 100 ms, restores and exits. But when the
    /// terminal is gone (its window closed), crossterm 0.29 can spin forever inside its read
    /// loop on end-of-file and never return to us; so a watchdog thread waits a moment after
    /// the signal and, if the process is still here, restores what it can and exits itself.
    fn watchdog(&self) -> Result<()> {
        let mut watched = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT])?;
        std::thread::Builder::new().name("signal-watchdog".into()).spawn(move || {
            if let Some(sig) = watched.forever().next() {
                std::thread::sleep(Duration::from_millis(500));
                let _ = execute!(stdout(), DisableMouseCapture, Show);
                let _ = ratatui::try_restore();
                std::process::exit(128 + sig);
            }
        })?;
        Ok(())
    }

    fn ended(&self) -> Option<i32> {
        self.end.iter().find(|(_, f)| f.load(Ordering::Relaxed)).map(|(s, _)| *s)
    }
}

/// The classroom server beside the presenter's terminal (`ethics-timeline serve`): told
/// where the presenter is after every frame's worth of keys, asked who is in the room. The
/// server's side is `crate::serve`, a layer above; this is all the loop knows of it.
pub trait Classroom: Send + Sync {
    /// The presenter's stage now; the same stage twice must cost the students nothing.
    fn stage(&self, stage: crate::app::Stage);
    /// Students connected and following.
    fn counts(&self) -> crate::app::RoomCounts;
}

/// A classroom to tell, when the app presents to one.
#[derive(Clone, Default)]
pub struct ClassroomLink(pub Option<Arc<dyn Classroom>>);

impl std::fmt::Debug for ClassroomLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "ClassroomLink(serving)" } else { "ClassroomLink(none)" })
    }
}

/// What the terminal side is set up with, beyond the app.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The classroom this app presents to (`serve`), if any.
    pub classroom: ClassroomLink,
    /// Where marks and the input lines' history are kept; `None` keeps nothing.
    pub state_file: Option<std::path::PathBuf>,
    /// Take the mouse (clicks and the wheel); without it the terminal selects text as usual.
    pub mouse: bool,
    /// OSC 8 hyperlinks on the source URLs: on, off, or where the terminal is known to show them.
    pub hyperlinks: hyperlink::Choice,
}

/// What the loop leaves for after the terminal is restored.
#[derive(Default)]
struct Leftover {
    /// The last text copied, printed on the way out when the terminal may have no clipboard.
    copied: Option<String>,
}

/// Runs the app until the user quits or a signal ends it; the terminal is restored either way.
pub fn run(start: Start, options: &Options) -> Result<Outcome> {
    let signals = Signals::register()?;
    let mut terminal = ratatui::try_init()?;
    install_mouse_hook();
    let mut left = Leftover::default();
    let mouse = if options.mouse { execute!(stdout(), EnableMouseCapture) } else { Ok(()) };
    let result = mouse.map_err(Into::into).and_then(|()| match start {
        Start::Ready(mut app) => event_loop(&mut terminal, &mut app, &signals, options, &mut left),
        Start::Loading { worker, progress, label } => {
            match loading_screen(&mut terminal, worker, &progress, &label, &signals)? {
                Ok(mut app) => event_loop(&mut terminal, &mut app, &signals, options, &mut left),
                Err(outcome) => Ok(outcome),
            }
        }
    });
    // Best effort: after SIGHUP the terminal may be gone, and that must not turn into a panic.
    // The cursor comes back before the screen does, so the shell never shows without one.
    let _ = execute!(stdout(), DisableMouseCapture, Show);
    let _ = ratatui::try_restore();
    if let Some(text) = left.copied {
        use std::io::Write;
        let _ = writeln!(stdout(), "Last copied (also sent to the terminal's clipboard):\n{text}");
    }
    result
}

fn install_mouse_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
}

/// How long the loop works on an unfinished search before drawing what it has found.
const BUSY_FRAME: Duration = Duration::from_millis(30);

/// How long a count or a prefix waits for the rest of its sequence before it does what it
/// does alone (`3` focuses the comparison, `z` zooms). vim waits a second; half of that keeps
/// a lone key quick.
const KEY_WAIT: Duration = Duration::from_millis(500);

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    signals: &Signals,
    options: &Options,
    left: &mut Leftover,
) -> Result<Outcome> {
    // crossterm starts listening for SIGWINCH when its event source is first used; start it
    // before the first frame so a resize right after start-up is not lost.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    update::update(app, Action::Resize { width: size.width, height: size.height });
    // Test-only: the terminal-restore tests need a panic and an internal error on demand.
    let fault = std::env::var("ETHICS_TIMELINE_TEST_FAULT").ok();
    // The presenter's timer: update is told the time, it never reads a clock.
    let started = std::time::Instant::now();
    // Listeners (`ethics-timeline notes`) follow the presenter over a per-user socket.
    let mut publisher = publish::Publisher::open();
    // A presenter who opened on a slide (--tour, --present) says where at once.
    if let (Some(p), Some(position)) = (publisher.as_mut(), app.presenter_position()) {
        p.send(&position_line(app, position));
    }
    // Since when a count or a prefix has been waiting for the rest of its sequence.
    let mut waiting: Option<std::time::Instant> = None;
    // Decided once: the environment does not change while the app runs.
    let mut links = hyperlink::Links::new(hyperlink::enabled(options.hyperlinks, |k| std::env::var(k).ok()));
    let classroom = options.classroom.0.as_deref();
    loop {
        // Students follow what is about to be drawn.
        if let Some(c) = classroom {
            c.stage(app.stage());
        }
        hyperlink::draw(terminal, app, &mut links)?;
        match fault.as_deref() {
            Some("panic") => panic!("test fault: a forced panic after the first frame"),
            Some("error") => {
                return Err(color_eyre::eyre::eyre!("test fault: a forced error after the first frame"));
            }
            _ => {}
        }
        // Wait for input, waking up now and then to notice signals.
        loop {
            if let Some(sig) = signals.ended() {
                return Ok(Outcome::Signal(sig));
            }
            if signals.stop.swap(false, Ordering::Relaxed) {
                suspend(terminal)?;
                links.forget();
                break;
            }
            // A search still counting goes on between keys, a frame's worth at a time.
            if app.busy() {
                let began = std::time::Instant::now();
                while app.busy() && began.elapsed() < BUSY_FRAME && !event::poll(Duration::ZERO)? {
                    update::update(app, Action::SearchStep);
                }
                break;
            }
            let wait = match waiting {
                Some(since) => {
                    let Some(left) = KEY_WAIT.checked_sub(since.elapsed()) else {
                        waiting = None;
                        update::update(app, Action::KeyTimeout);
                        break;
                    };
                    left.min(Duration::from_millis(100))
                }
                None => Duration::from_millis(100),
            };
            if event::poll(wait)? {
                break;
            }
            if let Some(p) = publisher.as_mut() {
                p.accept();
            }
            if let Some(c) = classroom {
                let counts = c.counts();
                if app.room.as_ref().is_some_and(|r| r.counts != counts) {
                    update::update(app, Action::Room(counts));
                    break;
                }
            }
            let seconds = started.elapsed().as_secs();
            if app.mode.presenting().is_some() && seconds != app.clock {
                update::update(app, Action::Tick { seconds });
                break;
            }
        }
        // Apply everything already queued (a wheel burst, a held key) before drawing again.
        while event::poll(Duration::ZERO)? {
            let ev = event::read()?;
            let Some(action) = action_for(&ev, app) else { continue };
            let effect = update::update(app, action);
            waiting = match (app.pending.times_out(), action) {
                (false, _) => None,
                (true, Action::Count(_) | Action::Prefix(_)) => Some(std::time::Instant::now()),
                (true, _) => waiting,
            };
            match effect {
                None => {}
                Some(Effect::Quit) => return Ok(Outcome::Quit),
                Some(Effect::Suspend) => {
                    suspend(terminal)?;
                    links.forget();
                    break;
                }
                Some(Effect::Publish(position)) => {
                    if let Some(p) = publisher.as_mut() {
                        p.send(&position_line(app, position));
                    }
                }
                Some(Effect::Copy(text)) => {
                    copy(&text)?;
                    if app.copy_fallback {
                        left.copied = Some(text);
                    }
                }
                Some(Effect::Open(url)) => {
                    if let Err(why) = open(&url) {
                        app.message = Some(format!("not opened: {why}"));
                    }
                }
                Some(Effect::Save) => {
                    if let Some(path) = &options.state_file
                        && let Err(why) = save(path, app)
                    {
                        app.message =
                            Some(format!("could not keep marks and history in {}: {why}", path.display()));
                    }
                }
                Some(other) => carry_out(other)?,
            }
        }
    }
}

/// A position as the notes channel carries it: ids, not indices, so a listener that loaded
/// the same dataset finds the same event.
fn position_line(app: &App, p: crate::action::Position) -> String {
    let tour = app.tour.map(|t| app.data.tours[t.tour].id.to_string());
    serde_json::json!({
        "event": app.data.events.get(p.event).map(|e| e.id.to_string()),
        "tour": tour,
        "step": p.step,
        "revealed": p.revealed,
    })
    .to_string()
}

/// Carries out the effects that need neither the app nor the loop: writing a file.
fn carry_out(effect: Effect) -> Result<()> {
    match effect {
        // The loop handles these itself: they need the app or the terminal.
        Effect::Quit | Effect::Suspend | Effect::Copy(_) | Effect::Open(_) | Effect::Save => {}
        Effect::WriteFile { path, contents } => crate::data::save::write_whole(&path, &contents)?,
        // Nobody listens to a local app's position yet: the notes screen and the classroom
        // server will.
        Effect::Publish(_) => {}
    }
    Ok(())
}

/// Sets the user's clipboard through the terminal (OSC 52).
fn copy(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = stdout();
    out.write_all(osc52(text).as_bytes())?;
    out.flush()?;
    Ok(())
}

/// True unless the terminal is known to take OSC 52 clipboard writes: kitty, WezTerm, iTerm2,
/// Ghostty, foot, Alacritty, Windows Terminal. Inside tmux or screen it depends on their
/// settings (tmux's default, `set-clipboard external`, drops what an app sends), and GNOME's
/// VTE terminals ignore it; there the copy is also printed on the way out.
pub fn clipboard_uncertain(env: &dyn Fn(&str) -> Option<String>) -> bool {
    if env("TMUX").is_some() || env("STY").is_some() {
        return true;
    }
    let term = env("TERM").unwrap_or_default();
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let known =
        ["xterm-kitty", "alacritty", "foot", "xterm-ghostty", "wezterm"].iter().any(|t| term.starts_with(t))
            || ["WezTerm", "iTerm.app", "ghostty"].contains(&program.as_str())
            || env("WT_SESSION").is_some();
    !known
}

/// Opens `url` in the user's browser: `$BROWSER` (its first entry, as a program), else the
/// platform's opener. No shell: the URL is the program's one argument, and only an http(s)
/// URL with no spaces or control characters is passed at all. The browser's output goes
/// nowhere, so it cannot draw over the app.
pub fn open(url: &str) -> std::result::Result<(), String> {
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !web || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!("not a web address: {url}"));
    }
    let browser = std::env::var("BROWSER").ok();
    let program = browser
        .as_deref()
        .and_then(|b| b.split(':').map(str::trim).find(|p| !p.is_empty()))
        .unwrap_or(PLATFORM_OPENER);
    let mut child = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("no {program} here; set $BROWSER to your browser"),
            _ => format!("{program}: {e}"),
        })?;
    // Reaped in the background, so no finished browser lingers as a zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// What opens a URL when `$BROWSER` is not set.
const PLATFORM_OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else if cfg!(target_os = "windows") {
    "explorer"
} else {
    "xdg-open"
};

/// Writes the marks and history to `path`, merged with what is there now (another window may
/// have saved since), whole or not at all.
fn save(path: &std::path::Path, app: &App) -> Result<()> {
    let on_disk = std::fs::read_to_string(path).ok().and_then(|t| crate::app::Saved::parse(&t).ok());
    let out = crate::app::Saved::merge_from(on_disk, app);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(crate::data::save::write_whole(path, out.to_json().as_bytes())?)
}

/// The OSC 52 sequence that sets the clipboard to `text`, which reaches the user's own
/// clipboard through tmux and SSH. Control characters are dropped first: the text must not
/// be able to end the sequence early.
pub fn osc52(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    format!("\x1b]52;c;{}\x07", base64(clean.as_bytes()))
}

/// Standard base64 with padding, for OSC 52.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Draws the loading screen until the worker is done; Ctrl-C (or q, Esc) cancels.
fn loading_screen(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    worker: JoinHandle<Result<App, String>>,
    progress: &Progress,
    label: &str,
    signals: &Signals,
) -> Result<Result<App, Outcome>> {
    let began = std::time::Instant::now();
    while !worker.is_finished() {
        let tenths = u64::try_from(began.elapsed().as_millis() / 100).unwrap_or(u64::MAX);
        terminal.draw(|f| {
            let view = ui::loading::LoadingView {
                label,
                phase: progress.phase(),
                read: progress.read.load(Ordering::Relaxed),
                total: progress.total.load(Ordering::Relaxed),
                tenths,
                theme: crate::theme::Theme::default(),
            };
            f.render_widget(view, f.area());
        })?;
        if let Some(sig) = signals.ended() {
            return Ok(Err(Outcome::Signal(sig)));
        }
        if event::poll(Duration::from_millis(100))?
            && let Event::Key(k) = event::read()?
            && matches!(keymap::resolve(keymap::InputMode::Normal, k), Some(Action::Quit | Action::Close))
        {
            // The worker is left to the end of the process: nothing it holds needs saving.
            return Ok(Err(Outcome::Quit));
        }
    }
    match worker.join() {
        Ok(Ok(app)) => Ok(Ok(app)),
        Ok(Err(report)) => Ok(Err(Outcome::LoadFailed(report))),
        Err(_) => Err(color_eyre::eyre::eyre!("the loading thread stopped unexpectedly")),
    }
}

/// Gives the terminal back to the shell, stops, and takes it back on `fg` with a full redraw.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> Result<()> {
    // ratatui shows the cursor again only when the Terminal is dropped; the shell needs it now.
    let _ = execute!(stdout(), DisableMouseCapture);
    terminal.show_cursor()?;
    ratatui::try_restore()?;
    // The default action of SIGTSTP, which our handler replaced: stop until SIGCONT.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    // resize() clears and forgets the last frame, so the next draw repaints everything.
    // (Terminal::clear would do the same but first asks the terminal where the cursor is,
    // and a terminal that does not answer makes that an error.)
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// Terminal events to actions: keys through the keymap (which reads a count or prefix typed
/// before), mouse clicks and wheel by position.
pub fn action_for(ev: &Event, app: &App) -> Option<Action> {
    match ev {
        Event::Key(k) => keymap::resolve_in(app, *k),
        Event::Resize(width, height) => Some(Action::Resize { width: *width, height: *height }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(event::MouseButton::Left) => {
                Some(Action::Click { column: m.column, row: m.row })
            }
            MouseEventKind::ScrollUp => Some(Action::ScrollUp { column: m.column, row: m.row }),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown { column: m.column, row: m.row }),
            _ => None,
        },
        _ => None,
    }
}
