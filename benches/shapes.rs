//! The benchmark matrix of input shapes (#16): loading and checking, in-process, a generated
//! file of each shape (`synthetic::matrix`), to set against the clean file of the same number
//! of events. Every problem is located (line and column) as `check` does; only printing the
//! report is left out (the `shapes` example times the whole `check` process).
//!
//! Run: `cargo bench --bench shapes` (100k events). `ET_BENCH_1M=1` adds 1M (files up to
//! 1.6 GB, held in memory one shape at a time).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ethics_timeline::data::load_bytes;
use ethics_timeline::synthetic::{generate_shaped, matrix, pretty};

fn shapes(c: &mut Criterion) {
    let mut sizes = vec![100_000];
    if std::env::var_os("ET_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    let mut group = c.benchmark_group("shapes");
    group.sample_size(10);
    for n in sizes {
        for (name, shape, pretty_printed) in matrix() {
            let json = generate_shaped(n, 42, shape);
            let json = if pretty_printed { pretty(&json) } else { json };
            group.bench_function(format!("{n}/{name}"), |b| {
                b.iter(|| match load_bytes("shape.json", black_box(json.as_bytes())) {
                    Ok(l) => l.dataset.events.len() + l.warnings.len(),
                    Err(e) => e.problems.len(),
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, shapes);
criterion_main!(benches);
