//! A synthetic Contracts Prime Transactions CSV of N rows (today's 297 columns, all filled:
//! about 40 with generated awards and actions, the rest with short filler, so that a row is
//! about 1.5 KB like the rows of a real download), and the import timed against a bare
//! `csv::ByteRecord` read of the same file and against pandas `read_csv` (when python3 has
//! pandas). Each phase runs in its own process, so each peak memory is its own; each runs
//! three times (or RUNS) and the best wall and best user+sys CPU time are kept. For the
//! performance notes, not a test:
//!
//! ```sh
//! cargo run --release --example usaspending_bench -- generate 1000000 /tmp/tx1m.csv
//! cargo run --release --example usaspending_bench -- bench /tmp/tx1m.csv [RUNS]
//! ```
//!
//! Every name, number and key in the generated file is made up (recipients are
//! `SYNTHETIC VENDOR nnnn LLC`); it is shaped like a download, it is not one.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ethics_timeline::cmd::import::{self, Request};

const HEADER: &str = include_str!("usaspending_header.txt");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["generate", n, out] => match n.parse() {
            Ok(n) => generate(n, Path::new(out)),
            Err(_) => usage(),
        },
        ["bench", file] => bench(file, 3),
        ["bench", file, runs] => match runs.parse() {
            Ok(n) => bench(file, n),
            Err(_) => usage(),
        },
        ["phase", phase, file] => phase_run(phase, file),
        _ => usage(),
    }
}

fn usage() {
    eprintln!(
        "usage: usaspending_bench generate N OUT.csv | bench FILE.csv [RUNS] | phase bare|import FILE.csv"
    );
    std::process::exit(2);
}

/// A small deterministic generator (xorshift), so the same N gives the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

fn day(base: chrono::NaiveDate, days: u64) -> chrono::NaiveDate {
    base + chrono::Days::new(days)
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn generate(rows: u64, out: &Path) {
    let names: Vec<&str> = HEADER.trim().split(',').collect();
    let col = |n: &str| names.iter().position(|h| *h == n).unwrap_or_else(|| panic!("no column {n}"));
    let cols = [
        "contract_transaction_unique_key",
        "contract_award_unique_key",
        "award_id_piid",
        "modification_number",
        "transaction_number",
        "parent_award_id_piid",
        "federal_action_obligation",
        "total_dollars_obligated",
        "base_and_exercised_options_value",
        "current_total_value_of_award",
        "base_and_all_options_value",
        "potential_total_value_of_award",
        "action_date",
        "action_date_fiscal_year",
        "period_of_performance_start_date",
        "period_of_performance_current_end_date",
        "period_of_performance_potential_end_date",
        "awarding_agency_code",
        "awarding_agency_name",
        "awarding_sub_agency_code",
        "awarding_sub_agency_name",
        "awarding_office_code",
        "awarding_office_name",
        "funding_agency_name",
        "funding_sub_agency_name",
        "recipient_uei",
        "recipient_name",
        "recipient_name_raw",
        "recipient_parent_name",
        "recipient_city_name",
        "recipient_state_code",
        "award_type",
        "action_type",
        "transaction_description",
        "prime_award_base_transaction_description",
        "product_or_service_code",
        "naics_code",
        "naics_description",
        "usaspending_permalink",
        "last_modified_date",
    ];
    let at: Vec<usize> = cols.iter().map(|c| col(c)).collect();
    let file = File::create(out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let _ = writeln!(w, "{}", HEADER.trim());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let base = chrono::NaiveDate::from_ymd_opt(2015, 10, 1).unwrap_or_default();
    // Columns the generator does not model get short filler in the shapes real rows have: a
    // code, a name, or one of the many t/f flags.
    let filler: Vec<String> = names
        .iter()
        .map(|n| {
            if n.ends_with("_code") {
                "X".to_string()
            } else if n.ends_with("_name") || n.ends_with("_description") {
                "SYNTHETIC TEXT".to_string()
            } else {
                "f".to_string()
            }
        })
        .collect();
    let mut cells = filler.clone();
    let (mut written, mut award) = (0u64, 0u64);
    while written < rows {
        award += 1;
        let piid = format!("SYN{:02}P{award:09}", 15 + award % 10);
        let key = format!("CONT_AWD_{piid}_7012_-NONE-_-NONE-");
        let vendor = rng.below(5000);
        let resold = vendor.is_multiple_of(50);
        let recipient = if resold {
            "SYNTHETIC RESELLER L.P.".to_string()
        } else {
            format!("SYNTHETIC VENDOR {vendor:04} LLC")
        };
        let description = if resold {
            "SYNTHETIC SOFTWARE LICENSES, SUPPORT AND \"CLOUD\" SUBSCRIPTIONS".to_string()
        } else {
            format!("SYNTHETIC SERVICES, TASK {}", rng.below(1000))
        };
        let start = day(base, rng.below(3650));
        let mut end = day(start, 180 + rng.below(900));
        let actions = 1 + rng.below(19);
        let (mut obligated, mut ceiling) = (0i64, 0i64);
        let mut date = start;
        for k in 0..actions {
            if written == rows {
                break;
            }
            let m = if k == 0 { "0".to_string() } else { format!("P{k:05}") };
            let kind = rng.below(10);
            let obligation: i64 = match (k, kind) {
                (0, _) => 100_000 + rng.below(500_000_000) as i64,
                (_, 0) => -(rng.below((obligated.max(1)) as u64 / 4 + 1) as i64),
                (_, 1..=5) => rng.below(50_000_000) as i64,
                _ => 0,
            };
            if k > 0 && kind == 9 {
                end = day(end, 30 + rng.below(365));
            }
            let option = if k == 0 {
                obligation * 2
            } else if kind == 8 {
                rng.below(10_000_000) as i64
            } else {
                0
            };
            obligated += obligation;
            ceiling += option;
            date = day(date, rng.below(60));
            cells.clone_from(&filler);
            let values: [String; 40] = [
                format!("7012_-NONE-_{piid}_{m}_-NONE-_0"),
                key.clone(),
                piid.clone(),
                m.clone(),
                "0".into(),
                String::new(),
                cents(obligation),
                cents(obligated),
                cents(obligation),
                cents(obligated),
                cents(option),
                cents(ceiling.max(obligated)),
                date.to_string(),
                date.format("%Y").to_string(),
                start.to_string(),
                end.to_string(),
                format!("{end} 00:00:00"),
                "070".into(),
                "Department of Homeland Security".into(),
                "7012".into(),
                "U.S. Immigration and Customs Enforcement".into(),
                "70CDCR".into(),
                "SYNTHETIC OFFICE".into(),
                "Department of Homeland Security".into(),
                "U.S. Immigration and Customs Enforcement".into(),
                format!("SYN{vendor:09}"),
                recipient.clone(),
                recipient.clone(),
                recipient.clone(),
                "SYNTHETIC CITY".into(),
                "VA".into(),
                "PURCHASE ORDER".into(),
                if k == 0 { String::new() } else { "SUPPLEMENTAL AGREEMENT FOR WORK WITHIN SCOPE".into() },
                description.clone(),
                description.clone(),
                "D307".into(),
                "541512".into(),
                "COMPUTER SYSTEMS DESIGN SERVICES".into(),
                format!("https://www.usaspending.gov/award/{key}/"),
                "2026-09-08 12:00:00".into(),
            ];
            for (i, v) in at.iter().zip(values) {
                cells[*i] = csv_cell(&v);
            }
            let _ = writeln!(w, "{}", cells.join(","));
            written += 1;
        }
    }
    let _ = w.flush();
    eprintln!("wrote {} rows ({award} awards) to {}", written, out.display());
}

/// What one phase run measured.
#[derive(Debug, Clone, Copy)]
struct Run {
    wall: f64,
    /// User plus system CPU time.
    cpu: f64,
    peak_mib: u64,
}

/// Parses a phase's line: `PHASE wall W s, cpu C s, peak P MiB: ...`.
fn parse_run(line: &str) -> Option<Run> {
    let mut words = line.split_whitespace();
    let wall = words.nth(2)?.parse().ok()?;
    let cpu = words.nth(2)?.parse().ok()?;
    let peak_mib = words.nth(2)?.parse().ok()?;
    Some(Run { wall, cpu, peak_mib })
}

/// pandas `read_csv` of the file in a Python process, measured the same way (`None` without
/// python3 and pandas).
fn pandas(file: &str) -> Option<String> {
    const SCRIPT: &str = "import resource, sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], low_memory=False)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_SELF)
print(f'pandas wall {wall:.2f} s, cpu {r.ru_utime + r.ru_stime:.2f} s, peak {r.ru_maxrss // 1024} MiB: read_csv of {len(df)} rows, pandas {pd.__version__}')
";
    let out = Command::new("python3").args(["-c", SCRIPT, file]).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs each phase `runs` times, each in its own process (so each peak memory is its own),
/// and prints the best wall and CPU time of each, and the ratios.
fn bench(file: &str, runs: usize) {
    let me = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("{file}: {:.0} MB, best of {runs} runs", size as f64 / 1e6);
    let mut best = Vec::new();
    for phase in ["bare", "import", "pandas"] {
        let mut measured: Vec<Run> = Vec::new();
        for _ in 0..runs {
            let line = if phase == "pandas" {
                let Some(line) = pandas(file) else {
                    println!("pandas: not measured (python3 with pandas is needed)");
                    break;
                };
                line
            } else {
                let out =
                    Command::new(&me).args(["phase", phase, file]).output().unwrap_or_else(|e| panic!("{e}"));
                eprint!("{}", String::from_utf8_lossy(&out.stderr));
                String::from_utf8_lossy(&out.stdout).trim().to_string()
            };
            println!("{line}");
            measured.extend(parse_run(&line));
        }
        let least = |f: fn(&Run) -> f64| measured.iter().map(f).fold(f64::INFINITY, f64::min);
        let peak = measured.iter().map(|r| r.peak_mib).max().unwrap_or(0);
        best.push((phase, least(|r| r.wall), least(|r| r.cpu), peak));
    }
    println!();
    println!("| phase | best wall | best user+sys CPU | peak memory |");
    println!("|---|---|---|---|");
    for (phase, wall, cpu, peak) in &best {
        println!("| {phase} | {wall:.2} s | {cpu:.2} s | {peak} MiB |");
    }
    let (bare, import) = (best[0], best[1]);
    println!("import / bare ByteRecord read: {:.2}x wall, {:.2}x CPU", import.1 / bare.1, import.2 / bare.2);
    if let Some(&(_, wall, cpu, _)) = best.get(2).filter(|b| b.1.is_finite()) {
        println!(
            "pandas read_csv / import: {:.2}x wall, {:.2}x CPU (above 1: the import is faster)",
            wall / import.1,
            cpu / import.2
        );
    }
    println!("import peak memory / file size: {:.3}", import.3 as f64 * 1_048_576.0 / size.max(1) as f64);
}

/// This process's peak resident memory, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// This process's user plus system CPU time so far, in seconds (Linux `/proc/self/stat`, in
/// clock ticks of 1/100 s).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are the 14th and 15th of the line, the 12th and 13th of these.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn phase_run(phase: &str, file: &str) {
    let t = Instant::now();
    let what = match phase {
        "bare" => {
            // The floor: every record read, one field touched so the loop is not optimised away.
            let mut rdr = csv::ReaderBuilder::new().from_path(file).unwrap_or_else(|e| panic!("{e}"));
            let mut rec = csv::ByteRecord::new();
            let (mut n, mut bytes) = (0u64, 0usize);
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                n += 1;
                bytes += rec.get(9).map_or(0, <[u8]>::len);
            }
            format!("{n} records, {bytes} bytes in one column")
        }
        "import" => {
            let out = PathBuf::from(format!("{file}.imported.json"));
            let files = [PathBuf::from(file)];
            let companies = ["synthetic=SYNTHETIC SOFTWARE".to_string()];
            let request = Request {
                files: &files,
                output: &out,
                into: None,
                companies: &companies,
                date_order: None,
                memory_budget: None,
            };
            let report = import::import(&request, &mut std::io::sink()).unwrap_or_else(|e| panic!("{e}"));
            let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
            format!(
                "{} awards, {} modification events, {} repeats; wrote {:.0} MB",
                report.awards,
                report.modifications,
                report.duplicates,
                size as f64 / 1e6
            )
        }
        _ => String::from("unknown phase"),
    };
    println!(
        "{phase:>6} wall {:.2} s, cpu {:.2} s, peak {} MiB: {what}",
        t.elapsed().as_secs_f64(),
        cpu_secs(),
        peak_kib() / 1024
    );
}
