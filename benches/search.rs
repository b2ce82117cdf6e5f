//! Per-keystroke cost of incremental search, the time a search takes to finish counting, and
//! the cost of applying a filter, on generated datasets.
//!
//! Run: `cargo bench --bench search` (1k and 100k events). `ET_BENCH_1M=1` adds 1M events.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ethics_timeline::action::Action;
use ethics_timeline::app::App;
use ethics_timeline::data::load_bytes;
use ethics_timeline::synthetic::generate;
use ethics_timeline::update::update;

fn sizes() -> Vec<usize> {
    let mut v = vec![1_000, 100_000];
    if std::env::var_os("ET_BENCH_1M").is_some() {
        v.push(1_000_000);
    }
    v
}

fn app(n: usize) -> App {
    let json = generate(n, 42);
    let data = load_bytes("synthetic.json", json.as_bytes()).expect("generated data is valid").dataset;
    let mut app = App::new(data);
    update(&mut app, Action::Resize { width: 200, height: 60 });
    app
}

fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_keystroke");
    group.sample_size(20);
    for n in sizes() {
        let mut app = app(n);
        update(&mut app, Action::OpenSearch);
        // Each iteration types the query's last letter and deletes it again: two keystrokes
        // of the same query length, so divide by two for one keystroke.
        for query in ["w", "wa", "wat", "wate", "water", "zq"] {
            for ch in query.chars().take(query.len() - 1) {
                update(&mut app, Action::PromptInput(ch));
            }
            let last = query.chars().last().unwrap_or('w');
            group.bench_function(format!("{n}/{query}"), |b| {
                b.iter(|| {
                    update(&mut app, Action::PromptInput(last));
                    update(&mut app, Action::PromptBackspace);
                    black_box(app.search.as_ref().map(|s| s.matches.len()));
                });
            });
            update(&mut app, Action::PromptClear);
        }
    }
    group.finish();
}

/// A whole search from one keystroke to its last step: how long the count takes to finish
/// (the keystroke itself only checks the first batch).
fn complete(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_complete");
    group.sample_size(10);
    for n in sizes() {
        let mut app = app(n);
        for query in ["w", "wa", "water", "zq"] {
            group.bench_function(format!("{n}/{query}"), |b| {
                b.iter(|| {
                    update(&mut app, Action::OpenSearch);
                    for ch in query.chars() {
                        update(&mut app, Action::PromptInput(ch));
                    }
                    while app.busy() {
                        update(&mut app, Action::SearchStep);
                    }
                    black_box(app.search.as_ref().map(|s| s.matches.len()));
                    update(&mut app, Action::PromptCancel);
                });
            });
        }
    }
    group.finish();
}

fn filters(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_apply");
    group.sample_size(10);
    for n in sizes() {
        let mut app = app(n);
        group.bench_function(format!("{n}/kind-toggle"), |b| {
            b.iter(|| {
                update(&mut app, Action::ToggleKind(ethics_timeline::data::Kind::Contract));
                update(&mut app, Action::ToggleKind(ethics_timeline::data::Kind::Contract));
            });
        });
    }
    group.finish();
}

criterion_group!(benches, keystrokes, complete, filters);
criterion_main!(benches);
