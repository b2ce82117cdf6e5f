//! Where loading time goes, phase by phase, on one dataset file, next to a bare
//! `serde_json::from_slice` of the same bytes: into `Value`, into a plain model with owned
//! strings, and into our borrowing `raw` structs. Each phase runs in its own process and
//! includes reading the file. For the performance notes, not a test:
//!
//! ```sh
//! cargo run --release -- generate 1000000 -o /tmp/ev1m.json
//! cargo run --release --example load_phases -- /tmp/ev1m.json
//! ```

use std::process::Command;
use std::time::{Duration, Instant};

use ethics_timeline::app::App;
use ethics_timeline::data::load_vec;
use ethics_timeline::data::raw::{Object, RawActor, RawCompany, RawEvent, RawSource, RawTour, Str};

const PHASES: [&str; 5] = ["read", "value", "owned", "borrowed", "load"];

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: load_phases FILE [PHASE]");
        std::process::exit(2);
    };
    match args.next() {
        Some(phase) => run(&path, &phase),
        None => compare(&path),
    }
}

/// Runs every phase in a fresh process, so that no phase inherits another's heap, and prints
/// the table.
fn compare(path: &str) {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let mut times = Vec::new();
    for phase in PHASES {
        let out = Command::new(&exe).args([path, phase]).output().unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        print!("{text}");
        let line = text.lines().find(|l| l.starts_with(phase)).unwrap_or_default();
        let secs = line.split_whitespace().nth(1).and_then(|s| s.parse::<f64>().ok()).unwrap_or(f64::NAN);
        times.push(secs);
    }
    let (owned, borrowed, load) = (times[2], times[3], times[4]);
    println!("load / owned parse     {:.2}x", load / owned);
    println!("load / borrowed parse  {:.2}x", load / borrowed);
}

/// One phase; each includes reading the file, as a program that loads it must.
fn run(path: &str, phase: &str) {
    let t = Instant::now();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let detail = match phase {
        "read" => format!("{} bytes", bytes.len()),
        "value" => {
            format!("{:?}", serde_json::from_slice::<serde_json::Value>(&bytes).map(|v| v.is_object()))
        }
        "owned" => format!(
            "{:?} events",
            serde_json::from_slice::<Object<owned::Dataset>>(&bytes).map(|Object(r)| r.events.len())
        ),
        "borrowed" => format!(
            "{:?} events",
            serde_json::from_slice::<Object<Borrowed>>(&bytes).map(|Object(r)| r.events.len())
        ),
        "load" => {
            let loaded = load_vec(path, bytes).unwrap_or_else(|e| panic!("{e}"));
            let load = t.elapsed();
            println!("after load: {}", memory());
            let t = Instant::now();
            let app = App::new(loaded.dataset);
            let index = t.elapsed();
            println!(
                "{phase:<9} {:.3} s  {} events; then the app's index and tables {:.3} s; {}",
                secs(load),
                app.event_count(),
                secs(index),
                memory()
            );
            return;
        }
        _ => panic!("phases: {PHASES:?}"),
    };
    println!("{phase:<9} {:.3} s  {detail}", secs(t.elapsed()));
}

/// Resident memory now and at its peak, from Linux's `/proc/self/status`.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map_or("?".into(), |l| l[name.len()..].trim().to_string())
    };
    format!("resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// The dataset with the app's own raw records, which borrow their text from the file: the same
/// parse the loader does, as one `serde_json::from_slice` with nothing checked.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct Borrowed<'a> {
    #[serde(borrow)]
    format: Option<Str<'a>>,
    #[serde(borrow)]
    title: Option<Str<'a>>,
    #[serde(borrow)]
    description: Option<Str<'a>>,
    #[serde(borrow)]
    default_company: Option<Str<'a>>,
    #[serde(borrow)]
    start: Option<Str<'a>>,
    #[serde(borrow, default)]
    companies: Vec<RawCompany<'a>>,
    #[serde(borrow, default)]
    actors: Vec<RawActor<'a>>,
    #[serde(borrow, default)]
    sources: Vec<RawSource<'a>>,
    #[serde(borrow)]
    events: Vec<RawEvent<'a>>,
    #[serde(borrow, default)]
    tours: Vec<RawTour<'a>>,
}

/// The same fields as `raw`, every string owned: what a plain `#[derive(Deserialize)]` model
/// of the format costs to parse.
// Parsed to be measured, never read.
#[allow(dead_code)]
mod owned {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Dataset {
        pub format: Option<String>,
        pub title: Option<String>,
        pub description: Option<String>,
        pub default_company: Option<String>,
        pub start: Option<String>,
        #[serde(default)]
        pub companies: Vec<serde_json::Value>,
        #[serde(default)]
        pub actors: Vec<serde_json::Value>,
        #[serde(default)]
        pub sources: Vec<Source>,
        pub events: Vec<Event>,
        #[serde(default)]
        pub tours: Vec<serde_json::Value>,
    }

    #[derive(Deserialize)]
    pub struct Source {
        pub id: Option<String>,
        pub publisher: Option<String>,
        pub title: Option<String>,
        pub url: Option<String>,
        pub published: Option<String>,
        pub kind: Option<String>,
        pub note: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Event {
        pub id: Option<String>,
        pub date: Option<String>,
        pub date_qualifier: Option<String>,
        pub end_date: Option<String>,
        pub company: Option<String>,
        pub actor: Option<String>,
        pub counterparty: Option<String>,
        pub kind: Option<String>,
        pub title: Option<String>,
        pub summary: Option<String>,
        pub quote: Option<serde_json::Value>,
        pub amount: Option<serde_json::Value>,
        pub evidence: Option<String>,
        #[serde(default)]
        pub sources: Vec<String>,
        #[serde(default)]
        pub tags: Vec<String>,
        #[serde(default)]
        pub links: Vec<Link>,
        #[serde(default)]
        pub questions: Vec<String>,
    }

    #[derive(Deserialize)]
    pub struct Link {
        pub to: Option<String>,
        pub relation: Option<String>,
        pub note: Option<String>,
    }
}
