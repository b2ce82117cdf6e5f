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
//! Each shape runs `RUNS` times, alternating with the clean file, and the medians are compared;
//! peak memory comes from `/usr/bin/time` where it is installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ethics_timeline::synthetic::{Dates, Links, Names, Problems, Shape, generate_shaped, pretty};

const RUNS: usize = 3;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/shapes".into()));
    let only: Option<String> = args.next();
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let bin = binary();
    let d = Shape::default();
    let shapes: [(&str, Shape, bool); 13] = [
        ("clean (minified)", d, false),
        ("pretty-printed", d, true),
        ("dates shuffled", Shape { dates: Dates::Shuffled, ..d }, false),
        ("dates reversed", Shape { dates: Dates::Reversed, ..d }, false),
        ("dates all on one day", Shape { dates: Dates::OneDay, ..d }, false),
        ("no links", Shape { links: Links::None, ..d }, false),
        ("ten links an event", Shape { links: Links::Ten, ..d }, false),
        ("1,000 sources, publishers, tags, actors", Shape { names: Names::Thousand, ..d }, false),
        ("one source, publisher, tag, actor per event", Shape { names: Names::PerEvent, ..d }, false),
        ("long summaries (120–180 words)", Shape { long_summaries: true, ..d }, false),
        ("a warning on every event", Shape { problems: Problems::Warning, ..d }, false),
        ("a warning on every event, pretty", Shape { problems: Problems::Warning, ..d }, true),
        ("an error on every event", Shape { problems: Problems::Error, ..d }, false),
    ];
    let clean = write(&dir, n, "clean", d, false);
    println!("{n} events; `check`, whole process, median of {RUNS} runs alternating with the clean file\n");
    println!("| shape | file | time | vs clean | time per MB vs clean | peak memory / file |");
    println!("|---|---|---|---|---|---|");
    for (i, (name, shape, pretty_printed)) in shapes.iter().enumerate() {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let file = if i == 0 {
            clean.clone()
        } else {
            write(&dir, n, &format!("shape{i}"), *shape, *pretty_printed)
        };
        let (mut ours, mut base) = (Vec::new(), Vec::new());
        let mut peak = 0;
        for _ in 0..RUNS {
            let (t, m) = check(&bin, &file);
            ours.push(t);
            peak = peak.max(m);
            base.push(check(&bin, &clean).0);
        }
        let (t, b) = (median(&mut ours), median(&mut base));
        let (size, clean_size) = (len(&file), len(&clean));
        let per_mb = (t / size as f64) / (b / clean_size as f64);
        let memory =
            if peak > 0 { format!("{:.2}x", peak as f64 * 1024.0 / size as f64) } else { "—".into() };
        println!(
            "| {name} | {:.0} MB | {t:.2} s | {:.2}x | {per_mb:.2}x | {memory} |",
            size as f64 / 1e6,
            t / b
        );
        // SHAPES_KEEP=1 keeps the files, to profile one.
        if i > 0 && std::env::var_os("SHAPES_KEEP").is_none() {
            let _ = std::fs::remove_file(&file);
        }
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

/// Seconds and peak KiB of one `check` (its report goes nowhere: it is part of the work).
fn check(bin: &Path, file: &Path) -> (f64, u64) {
    let timer = Path::new("/usr/bin/time");
    let t = Instant::now();
    let out = if timer.exists() {
        Command::new(timer).args(["-f", "%M"]).arg(bin).arg("check").arg(file).output()
    } else {
        Command::new(bin).arg("check").arg(file).output()
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let secs = t.elapsed().as_secs_f64();
    let peak =
        String::from_utf8_lossy(&out.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    (secs, peak)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
