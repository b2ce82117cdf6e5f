//! Where loading time goes, phase by phase, on one dataset file, next to a bare
//! `serde_json::from_slice` of the same bytes. For the performance notes, not a test:
//!
//! ```sh
//! cargo run --release -- generate 1000000 -o /tmp/ev1m.json
//! cargo run --release --example load_phases -- /tmp/ev1m.json
//! ```

use std::time::Instant;

use ethics_timeline::app::App;
use ethics_timeline::data::load_bytes;
use ethics_timeline::data::raw::{Object, RawDataset};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: load_phases FILE");
        std::process::exit(2);
    };
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let read = t.elapsed();
    let t = Instant::now();
    let bare = serde_json::from_slice::<serde_json::Value>(&bytes).map(|v| v.is_object());
    let value = t.elapsed();
    let t = Instant::now();
    let raw =
        serde_json::from_slice::<Object<RawDataset>>(&bytes).map(|Object(r)| r.events.map_or(0, |e| e.len()));
    let typed = t.elapsed();
    let t = Instant::now();
    let loaded = load_bytes(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let load = t.elapsed();
    drop(bytes);
    let t = Instant::now();
    let app = App::new(loaded.dataset);
    let index = t.elapsed();
    println!("file                 {path}");
    println!("events               {} ({bare:?}, {raw:?})", app.event_count());
    println!("read                 {read:?}");
    println!("bare from_slice<Value>  {value:?}");
    println!("bare from_slice<Raw>    {typed:?}");
    println!(
        "load (parse+validate)   {load:?}  = {:.2}x the typed parse",
        load.as_secs_f64() / typed.as_secs_f64()
    );
    println!("app (search index, tables) {index:?}");
}
