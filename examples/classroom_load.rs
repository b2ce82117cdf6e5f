//! The classroom server under a full class (#13): 48 russh clients connect at once, the
//! presenter steps through a tour, and for each step the table says how long until every
//! follower's screen showed it; then one client stops reading (its SSH window fills) and the
//! steps go on, to show it holds up no one else. Also the server's memory per session, and
//! that a fresh connection is still answered at the end. Not a test (it takes about six
//! seconds); `tests/serve_load_smoke.rs` runs the same machinery small. More than 48
//! sessions meet the server's default `--max-sessions`.
//!
//! ```sh
//! cargo run --release --example classroom_load -- [--sessions 48] [--steps-per-phase 20] [--pause-ms 100]
//! ```
//!
//! This process is the teacher's: the server and the presenter's app. The clients run in a
//! child process (this program again, with `clients`), so this process's memory is the
//! server's alone. Times are wall-clock (`SystemTime`), comparable between the two processes
//! on one machine: a step's time runs from just before the presenter publishes it to the
//! moment a client has parsed the whole frame that shows its position (` 3 / 10 `). The
//! parent waits until every follower shows a step before the next, then pauses.

#[path = "../tests/common/classroom.rs"]
mod classroom;

use std::io::{BufRead, BufReader, Lines, Write};
use std::net::SocketAddr;
use std::process::{ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

use classroom::{DEADLINE, Lesson, Spec, connect_all, first_after, late};

/// The client that stops reading in the second phase: a big terminal and a small window, so
/// the server's sends to it block within a step or two.
const STALLER: Spec = Spec { cols: 200, rows: 60, window: Some(16 * 1024) };
/// The others' sizes, in turn.
const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 36)];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("clients") {
        return clients(&args[1..]);
    }
    let mut settings = Settings { sessions: 48, steps_per_phase: 20, pause: Duration::from_millis(100) };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().and_then(|v| v.parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--sessions", Some(n)) if n >= 2 => settings.sessions = n as usize,
            ("--steps-per-phase", Some(n)) if n >= 1 => settings.steps_per_phase = n as usize,
            ("--pause-ms", Some(n)) => settings.pause = Duration::from_millis(n),
            _ => {
                eprintln!("usage: classroom_load [--sessions N (2+)] [--steps-per-phase N] [--pause-ms MS]");
                return ExitCode::from(2);
            }
        }
    }
    match teacher(&settings) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("classroom_load: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Settings {
    sessions: usize,
    steps_per_phase: usize,
    pause: Duration,
}

/// Each client's terminal: the one that will stall first, then the usual sizes in turn.
fn specs(sessions: usize) -> Vec<Spec> {
    let others = (1..sessions).map(|i| {
        let (cols, rows) = SIZES[i % SIZES.len()];
        Spec { cols, rows, window: None }
    });
    std::iter::once(STALLER).chain(others).collect()
}

/// The child process of clients, spoken to a line at a time.
struct Class {
    to: ChildStdin,
    from: Lines<BufReader<ChildStdout>>,
}

impl Class {
    fn tell(&mut self, command: &str) -> Result<(), String> {
        writeln!(self.to, "{command}").map_err(|e| format!("clients: {e}"))
    }

    fn ask(&mut self, command: &str) -> Result<String, String> {
        self.tell(command)?;
        self.from.next().ok_or("the clients ended")?.map_err(|e| e.to_string())
    }

    /// The lines of `report`, up to `end`.
    fn report(&mut self) -> Result<Vec<String>, String> {
        self.tell("report")?;
        Ok(self.from.by_ref().map_while(Result::ok).take_while(|l| l != "end").collect())
    }
}

/// One published step: its marker, when it was published, in which phase, and who missed it.
struct Step {
    marker: String,
    at: SystemTime,
    stalled: bool,
    late: Vec<usize>,
}

/// The teacher's side: runs the lesson and prints the table. `Ok(false)` when a follower
/// missed a step's deadline or the fresh connection was not answered.
fn teacher(settings: &Settings) -> Result<bool, String> {
    let mut lesson = Lesson::start()?;
    let before = memory();
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["clients", &lesson.address().to_string(), &settings.sessions.to_string(), &lesson.opening()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the clients: {e}"))?;
    let to = child.stdin.take().ok_or("no stdin to the clients")?;
    let from = BufReader::new(child.stdout.take().ok_or("no stdout from the clients")?).lines();
    let mut class = Class { to, from };
    let ready = class.ask("ready")?;
    let mut ready =
        ready.strip_prefix("ok ").ok_or(format!("the clients did not all start: {ready}"))?.split(' ');
    let (connect_ms, refused) =
        (ready.next().unwrap_or("?").to_string(), ready.next().unwrap_or("?").to_string());
    let connected = memory();

    let mut steps = Vec::new();
    let mut reading_memory = Memory::default();
    for i in 0..2 * settings.steps_per_phase {
        let stalled = i >= settings.steps_per_phase;
        if i == settings.steps_per_phase {
            reading_memory = memory();
            class.ask("stall")?;
        }
        let marker = lesson.marker(i % lesson.steps + 1);
        let at = lesson.step(i % lesson.steps + 1);
        let answer = class.ask(&format!("wait {marker}"))?;
        let late = answer
            .strip_prefix("late")
            .map_or_else(Vec::new, |rest| rest.split_whitespace().filter_map(|n| n.parse().ok()).collect());
        steps.push(Step { marker, at, stalled, late });
        std::thread::sleep(settings.pause);
    }
    let stalled_memory = memory();
    let last = steps.last().map(|s| s.marker.clone()).unwrap_or_default();
    let report = class.report()?;
    let fresh = class.ask(&format!("fresh {last}"))?;
    class.tell("quit")?;
    let _ = child.wait();
    let tour = lesson.steps;
    lesson.close();

    let clients = parse_report(&report);
    let table = Table::new(&steps, &clients, &specs(settings.sessions));
    println!(
        "classroom load: {} sessions ({}), tour of {} steps, {} steps per phase, {} ms between steps",
        settings.sessions,
        describe(&specs(settings.sessions)),
        tour,
        settings.steps_per_phase,
        settings.pause.as_millis(),
    );
    println!(
        "all {} connected at once, logged in and drawn in {connect_ms} ms ({refused} attempts refused by the cap of {} unauthenticated, tried again)",
        settings.sessions,
        ethics_timeline::serve::Limits::default().unauthenticated,
    );
    table.print();
    let per = (connected.rss.saturating_sub(before.rss)) as f64 / settings.sessions as f64;
    println!(
        "server memory: {} before any client, {} with {} sessions drawn: {:.2} MiB per session; {} after the reading phase, {} after the stalled one; peak {}",
        mib(before.rss),
        mib(connected.rss),
        settings.sessions,
        per / MIB,
        mib(reading_memory.rss),
        mib(stalled_memory.rss),
        mib(memory().hwm.max(stalled_memory.rss)),
    );
    let staller = clients.first().ok_or("no report from the clients")?;
    let seen =
        |stalled: bool| steps.iter().filter(|s| s.stalled == stalled).filter(|s| staller.saw(s)).count();
    println!(
        "the stalled client ({}x{}, {} KiB window): showed {} of {} steps while reading, {} of {} after it stopped; {} bytes received",
        STALLER.cols,
        STALLER.rows,
        STALLER.window.unwrap_or(0) / 1024,
        seen(false),
        settings.steps_per_phase,
        seen(true),
        settings.steps_per_phase,
        staller.bytes,
    );
    println!("a fresh connection at the end: {fresh}");
    let missed: Vec<String> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.late.is_empty())
        .map(|(i, s)| format!("step {} (clients {:?})", i + 1, s.late))
        .collect();
    if !missed.is_empty() {
        println!("FAILED: not shown within {} s: {}", DEADLINE.as_secs(), missed.join(", "));
    }
    Ok(missed.is_empty() && fresh.starts_with("ok"))
}

/// `16 at 80x24, …`.
fn describe(specs: &[Spec]) -> String {
    let mut counts: Vec<(Spec, usize)> = Vec::new();
    for &s in specs {
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    let words: Vec<String> = counts
        .iter()
        .map(|(s, n)| match s.window {
            Some(w) => format!("{n} at {}x{} with a {} KiB window", s.cols, s.rows, w / 1024),
            None => format!("{n} at {}x{}", s.cols, s.rows),
        })
        .collect();
    words.join(", ")
}

/// What the clients saw: per client, every change of position with its wall time.
struct Watched {
    changes: Vec<classroom::Seen>,
    bytes: u64,
}

impl Watched {
    fn saw(&self, step: &Step) -> bool {
        first_after(&self.changes, &step.marker, step.at).is_some()
    }

    fn latency(&self, step: &Step) -> Option<Duration> {
        first_after(&self.changes, &step.marker, step.at)?.duration_since(step.at).ok()
    }
}

/// Reads `seen CLIENT NANOS MARKER…` and `client CLIENT BYTES` lines.
fn parse_report(lines: &[String]) -> Vec<Watched> {
    let mut clients: Vec<Watched> = Vec::new();
    for line in lines {
        let mut words = line.splitn(4, ' ');
        let (kind, i) = (words.next(), words.next().and_then(|w| w.parse::<usize>().ok()));
        let Some(i) = i else { continue };
        while clients.len() <= i {
            clients.push(Watched { changes: Vec::new(), bytes: 0 });
        }
        match (kind, words.next().and_then(|w| w.parse::<u64>().ok())) {
            (Some("seen"), Some(nanos)) => clients[i].changes.push(classroom::Seen {
                marker: words.next().unwrap_or_default().to_string(),
                at: SystemTime::UNIX_EPOCH + Duration::from_nanos(nanos),
            }),
            (Some("client"), Some(bytes)) => clients[i].bytes = bytes,
            _ => {}
        }
    }
    clients
}

/// One line of the per-step table.
struct StepRow {
    marker: String,
    stalled: bool,
    /// The slowest follower: the time until every follower showed the step.
    every: Option<Duration>,
    median: Option<Duration>,
    /// Which follower was slowest, and its terminal.
    slowest: Option<(usize, Spec)>,
}

/// One line of the summary: a phase's per-step times (slowest follower) and its times of
/// every (follower, step) pair.
struct PhaseRow {
    name: &'static str,
    every: Vec<Duration>,
    pairs: Vec<Duration>,
}

/// The latencies: per step the slowest follower, and every (follower, step) pair; per phase
/// and overall. The stalled client counts as a follower only while it reads.
struct Table {
    steps: Vec<StepRow>,
    phases: Vec<PhaseRow>,
}

impl Table {
    fn new(steps: &[Step], clients: &[Watched], specs: &[Spec]) -> Self {
        let mut rows = Vec::new();
        let mut phases = [("all reading", false), ("one stalled", true)].map(|(name, _)| PhaseRow {
            name,
            every: Vec::new(),
            pairs: Vec::new(),
        });
        for step in steps {
            let followers = clients.iter().enumerate().filter(|(i, _)| !(step.stalled && *i == 0));
            let mut times: Vec<(Duration, usize)> =
                followers.filter_map(|(i, c)| Some((c.latency(step)?, i))).collect();
            times.sort();
            let slowest = times.last().map(|&(_, i)| (i, specs[i]));
            let times: Vec<Duration> = times.into_iter().map(|(d, _)| d).collect();
            let every = times.last().copied().filter(|_| step.late.is_empty());
            let median = percentile(&times, 50);
            let marker = step.marker.clone();
            rows.push(StepRow { marker, stalled: step.stalled, every, median, slowest });
            let phase = &mut phases[usize::from(step.stalled)];
            phase.every.extend(every);
            phase.pairs.extend(times);
        }
        let overall = PhaseRow {
            name: "overall",
            every: phases.iter().flat_map(|p| p.every.iter().copied()).collect(),
            pairs: phases.iter().flat_map(|p| p.pairs.iter().copied()).collect(),
        };
        let mut phases: Vec<PhaseRow> = phases.into_iter().chain([overall]).collect();
        for p in &mut phases {
            p.every.sort();
            p.pairs.sort();
        }
        Self { steps: rows, phases }
    }

    fn print(&self) {
        println!("step  shows    phase        every follower  median follower  slowest   (ms)");
        for (n, row) in self.steps.iter().enumerate() {
            let slowest = row.slowest.map_or("-".into(), |(i, s)| format!("#{i} {}x{}", s.cols, s.rows));
            println!(
                "{:>4}  {:<7}  {:<11}  {:>14}  {:>15}  {slowest}",
                n + 1,
                row.marker,
                if row.stalled { "one stalled" } else { "all reading" },
                ms(row.every),
                ms(row.median),
            );
        }
        println!();
        println!("(ms)             every follower, per step      each follower and step");
        println!("phase            steps    p50    p99    max     pairs    p50    p99    max");
        for PhaseRow { name, every, pairs } in &self.phases {
            println!(
                "{name:<14} {:>7} {:>6} {:>6} {:>6}  {:>8} {:>6} {:>6} {:>6}",
                every.len(),
                ms(percentile(every, 50)),
                ms(percentile(every, 99)),
                ms(every.last().copied()),
                pairs.len(),
                ms(percentile(pairs, 50)),
                ms(percentile(pairs, 99)),
                ms(pairs.last().copied()),
            );
        }
    }
}

/// The nearest-rank percentile of sorted `v`.
fn percentile(v: &[Duration], p: usize) -> Option<Duration> {
    let rank = (v.len() * p).div_ceil(100).max(1);
    v.get(rank - 1).copied()
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("-".into(), |d| format!("{:.1}", d.as_secs_f64() * 1000.0))
}

const MIB: f64 = 1024.0 * 1024.0;

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB)
}

/// This process's resident memory now and at its peak, from `/proc/self/status`.
#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    rss: u64,
    hwm: u64,
}

fn memory() -> Memory {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    Memory { rss: field("VmRSS:"), hwm: field("VmHWM:") }
}

/// The child: connects the clients and answers the teacher's commands on stdin, one line
/// each: `ready` (every client shows the opening), `wait MARKER` (every reading client shows
/// it: `ok`, or `late` and who), `stall` (the first client stops reading), `fresh MARKER` (a
/// new client connects and shows it), `report` (what every client saw, then `end`).
fn clients(args: &[String]) -> ExitCode {
    let (Some(address), Some(sessions), Some(opening)) = (
        args.first().and_then(|a| a.parse::<SocketAddr>().ok()),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: classroom_load clients ADDRESS SESSIONS OPENING");
        return ExitCode::from(2);
    };
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()
    else {
        return ExitCode::FAILURE;
    };
    let began = Instant::now();
    let (clients, refused) = match runtime.block_on(connect_all(address, &specs(sessions))) {
        Ok(c) => c,
        Err(e) => {
            println!("failed {e}");
            return ExitCode::FAILURE;
        }
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let (command, marker) = line.split_once(' ').unwrap_or((&line, ""));
        let deadline = Instant::now() + DEADLINE;
        match command {
            "ready" => match runtime.block_on(late(&clients, opening, deadline)).as_slice() {
                [] => println!("ok {} {refused}", began.elapsed().as_millis()),
                waiting => println!("late {waiting:?}"),
            },
            "wait" => {
                let waiting = runtime.block_on(late(&clients, marker, deadline));
                let names: Vec<String> = waiting.iter().map(ToString::to_string).collect();
                println!(
                    "{}",
                    if names.is_empty() { "ok".to_string() } else { format!("late {}", names.join(" ")) }
                );
            }
            "stall" => {
                clients[0].stall();
                println!("ok");
            }
            "fresh" => {
                // The class is full (the session cap is 48): the stalled client hangs up, and
                // its slot must come free for the newcomer.
                clients[0].hang_up();
                let started = Instant::now();
                let spec = [Spec { cols: 80, rows: 24, window: None }];
                let answered = runtime.block_on(async {
                    let (fresh, refused) = connect_all(address, &spec).await?;
                    let shows = fresh[0].shows(marker, deadline).await;
                    Ok::<(bool, usize), String>((shows, refused))
                });
                let ms = started.elapsed().as_millis();
                match answered {
                    Ok((true, refused)) => println!(
                        "ok: the stalled client hung up, and a new one was logged in and showing {marker} {ms} ms later ({refused} attempts refused first)"
                    ),
                    Ok((false, _)) => println!("failed: a new client never showed {marker}"),
                    Err(e) => println!("failed: {e}"),
                }
            }
            "report" => {
                for (i, c) in clients.iter().enumerate() {
                    for s in c.seen() {
                        let nanos =
                            s.at.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos();
                        println!("seen {i} {nanos} {}", s.marker);
                    }
                    println!("client {i} {}", c.bytes());
                }
                println!("end");
            }
            "quit" => break,
            _ => println!("unknown {command}"),
        }
    }
    drop(clients);
    runtime.shutdown_background();
    ExitCode::SUCCESS
}
