//! The benchmark matrix of input shapes (#16): writes a generated dataset of N events in each
//! shape (minified and pretty-printed; dates sorted, shuffled, reversed, all on one day; no
//! links and ten an event; a thousand and one-per-event distinct sources, publishers, tags and
//! actors; long summaries; a warning on every event; an error on every event), then times
//! `ethics-timeline check` on each, whole process, against the clean file, and prints a
//! Markdown table. For the performance notes, not a test:
//!
//! ```sh
//! cargo build --release && cargo run --release --example shapes -- 100000 /tmp/shapes
//! cargo run --release --example shapes -- 1000000 /tmp/shapes    # about 12 GB of files
//! ```
//!
//! Each shape runs `RUNS` times, alternating with the clean file (and, for a bigger file, with
//! a clean file of its size in bytes), and the medians are compared; CPU time and peak memory
//! come from `/usr/bin/time` where it is installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ethics_timeline::synthetic::{Shape, generate_shaped, matrix, pretty};

const RUNS: usize = 5;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/shapes".into()));
    let only: Option<String> = args.next();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let bin = binary();
    let d = Shape::default();
    let shapes = matrix();
    let clean = write(&dir, n, "clean", d, false);
    println!("{n} events; `check`, whole process, median of {RUNS} runs alternating with the clean file\n");
    println!(
        "| shape | file | wall | CPU | vs clean, same events | vs clean, same bytes | peak memory / file |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, (name, shape, pretty_printed)) in shapes.iter().enumerate() {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let file = if i == 0 {
            clean.clone()
        } else {
            write(&dir, n, &format!("shape{i}"), *shape, *pretty_printed)
        };
        let (size, clean_size) = (len(&file), len(&clean));
        // The loader refuses such a file before reading it: there is no time to compare.
        if size > ethics_timeline::data::load::MAX_FILE_BYTES {
            println!(
                "| {name} | {:.0} MB | — | — | over the loader's 1 GiB limit: refused at once | | |",
                size as f64 / 1e6
            );
            if std::env::var_os("SHAPES_KEEP").is_none() {
                let _ = std::fs::remove_file(&file);
            }
            continue;
        }
        // A bigger file is also set against a clean file of its own size, made with more
        // events: ten links an event is a bigger file, not a slower one.
        let same_bytes = (size as f64 > clean_size as f64 * 1.1).then(|| {
            let events = (n as f64 * size as f64 / clean_size as f64).round() as usize;
            write(&dir, events, "clean", d, false)
        });
        let (ours, base, bytes_base) = alternate(&bin, &file, &clean, same_bytes.as_deref());
        let ratio = |a: &Run, b: &Run| format!("{:.2}x wall, {:.2}x CPU", a.wall / b.wall, a.cpu / b.cpu);
        let memory = if ours.peak > 0 {
            format!("{:.2}x", ours.peak as f64 * 1024.0 / size as f64)
        } else {
            "—".into()
        };
        println!(
            "| {name} | {:.0} MB | {:.2} s | {:.2} s | {} | {} | {memory} |",
            size as f64 / 1e6,
            ours.wall,
            ours.cpu,
            ratio(&ours, &base),
            bytes_base.as_ref().map_or("(same size)".into(), |b| ratio(&ours, b)),
        );
        // SHAPES_KEEP=1 keeps the files, to profile one.
        if std::env::var_os("SHAPES_KEEP").is_none() {
            if i > 0 {
                let _ = std::fs::remove_file(&file);
            }
            if let Some(f) = same_bytes {
                let _ = std::fs::remove_file(f);
            }
        }
    }
}

/// Medians of one measure of `check`.
struct Run {
    wall: f64,
    /// User and system time, which a shared machine disturbs less than the wall clock.
    cpu: f64,
    peak: u64,
}

/// `RUNS` runs each of `file`, the clean file and the clean file of `file`'s size, in turn.
fn alternate(bin: &Path, file: &Path, clean: &Path, same_bytes: Option<&Path>) -> (Run, Run, Option<Run>) {
    let mut runs: [Vec<Run>; 3] = Default::default();
    for _ in 0..RUNS {
        runs[0].push(check(bin, file));
        runs[1].push(check(bin, clean));
        if let Some(f) = same_bytes {
            runs[2].push(check(bin, f));
        }
    }
    let [a, b, c] = runs;
    (medians(a), medians(b), (!c.is_empty()).then(|| medians(c)))
}

fn medians(runs: Vec<Run>) -> Run {
    let mut wall: Vec<f64> = runs.iter().map(|r| r.wall).collect();
    let mut cpu: Vec<f64> = runs.iter().map(|r| r.cpu).collect();
    Run {
        wall: median(&mut wall),
        cpu: median(&mut cpu),
        peak: runs.iter().map(|r| r.peak).max().unwrap_or(0),
    }
}

/// The release binary beside this example (`target/release/examples/shapes`).
fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let bin = exe.parent().and_then(Path::parent).map(|d| d.join("ethics-timeline")).unwrap_or_default();
    assert!(bin.exists(), "build the binary first: cargo build --release ({})", bin.display());
    bin
}

fn write(dir: &Path, n: usize, name: &str, shape: Shape, pretty_printed: bool) -> PathBuf {
    let path = dir.join(format!("{name}-{n}.json"));
    let json = generate_shaped(n, 42, shape);
    let json = if pretty_printed { pretty(&json) } else { json };
    std::fs::write(&path, json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path
}

fn len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(1)
}

/// One `check` (its report goes nowhere: it is part of the work): wall seconds, and CPU
/// seconds and peak KiB from `/usr/bin/time` where it is installed.
fn check(bin: &Path, file: &Path) -> Run {
    let timer = Path::new("/usr/bin/time");
    let t = Instant::now();
    let out = if timer.exists() {
        Command::new(timer).args(["-f", "%U %S %M"]).arg(bin).arg("check").arg(file).output()
    } else {
        Command::new(bin).arg("check").arg(file).output()
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let wall = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fields: Vec<f64> =
        stderr.lines().last().unwrap_or_default().split(' ').filter_map(|f| f.parse().ok()).collect();
    match fields[..] {
        [user, system, peak] => Run { wall, cpu: user + system, peak: peak as u64 },
        _ => Run { wall, cpu: wall, peak: 0 },
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
