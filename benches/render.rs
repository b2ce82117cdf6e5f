//! One full frame at 200x60, and loading, at each dataset size. A frame must cost the same
//! whatever the number of events: only visible rows are built.
//!
//! Run: `cargo bench --bench render` (1k and 100k). `ET_BENCH_1M=1` adds 1M events.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ethics_timeline::action::Action;
use ethics_timeline::app::{App, Pane};
use ethics_timeline::data::load_bytes;
use ethics_timeline::synthetic::generate;
use ethics_timeline::ui;
use ethics_timeline::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn sizes() -> Vec<usize> {
    let mut v = vec![1_000, 100_000];
    if std::env::var_os("ET_BENCH_1M").is_some() {
        v.push(1_000_000);
    }
    v
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_200x60");
    for n in sizes() {
        let json = generate(n, 42);
        let data = load_bytes("synthetic.json", json.as_bytes()).expect("generated data is valid").dataset;
        let mut app = App::new(data);
        update(&mut app, Action::Resize { width: 200, height: 60 });
        // Somewhere in the middle, with a link chosen, the worst case for the comparison.
        for _ in 0..(n / 2).min(2_000) {
            update(&mut app, Action::PageDown);
        }
        update(&mut app, Action::NextLink);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
        group.bench_function(format!("{n}/timeline"), |b| {
            b.iter(|| terminal.draw(|f| ui::render(f, black_box(&app))).map(|_| ()))
        });
        update(&mut app, Action::Focus(Pane::Compare));
        update(&mut app, Action::Present);
        group.bench_function(format!("{n}/presenter"), |b| {
            b.iter(|| terminal.draw(|f| ui::render(f, black_box(&app))).map(|_| ()))
        });
    }
    group.finish();
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for n in sizes() {
        let json = generate(n, 42);
        group.bench_function(format!("{n}/load+validate"), |b| {
            b.iter(|| {
                load_bytes("synthetic.json", black_box(json.as_bytes())).map(|l| l.dataset.events.len())
            })
        });
        group.bench_function(format!("{n}/load+validate+index"), |b| {
            b.iter(|| {
                load_bytes("synthetic.json", black_box(json.as_bytes()))
                    .map(|l| App::new(l.dataset).tables.visible.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frames, loading);
criterion_main!(benches);
