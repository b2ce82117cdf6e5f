//! Property tests over the shapes of the benchmark matrix (docs/performance.md): whatever the
//! shape, size and layout, a file loads to its events in date order, or reports one problem per
//! event, each located exactly where the offending value is.

use ethics_timeline::data::{Severity, load_bytes};
use ethics_timeline::synthetic::{Dates, Links, Names, Problems, Shape, generate_shaped, pretty};
use proptest::prelude::*;
use proptest::sample::select;

fn shape() -> impl Strategy<Value = Shape> {
    let d = Shape::default();
    select(vec![
        d,
        Shape { dates: Dates::Shuffled, ..d },
        Shape { dates: Dates::Reversed, ..d },
        Shape { dates: Dates::OneDay, ..d },
        Shape { links: Links::None, ..d },
        Shape { links: Links::Ten, ..d },
        Shape { names: Names::Thousand, ..d },
        Shape { names: Names::PerEvent, ..d },
        Shape { long_summaries: true, ..d },
        Shape { problems: Problems::Warning, ..d },
        Shape { problems: Problems::Error, ..d },
    ])
}

/// The text at 1-based `line` and `column` (in characters).
fn at(text: &str, line: usize, column: usize) -> &str {
    let l = text.split('\n').nth(line - 1).unwrap_or_default();
    let start = l.char_indices().nth(column - 1).map_or(l.len(), |(i, _)| i);
    &l[start..]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_shape_loads_or_points_at_each_problem(
        shape in shape(),
        n in 2usize..150,
        seed in any::<u64>(),
        pretty_printed in any::<bool>(),
    ) {
        let json = generate_shaped(n, seed, shape);
        let json = if pretty_printed { pretty(&json) } else { json };
        match load_bytes("shape.json", json.as_bytes()) {
            Ok(loaded) => {
                prop_assert_ne!(shape.problems, Problems::Error, "{:?} should be refused", shape);
                prop_assert_eq!(loaded.dataset.events.len(), n);
                let dates: Vec<_> = loaded.dataset.events.iter().map(|e| e.date).collect();
                prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]), "date order");
                let warnings: Vec<_> = loaded.warnings.iter().filter(|w| w.severity == Severity::Warning).collect();
                let expected = if shape.problems == Problems::Warning { n } else { 0 };
                prop_assert_eq!(warnings.len(), expected, "{:?}", shape);
                for w in warnings {
                    let (line, col) = (w.line.unwrap_or(0), w.column.unwrap_or(0));
                    prop_assert!(at(&json, line, col).starts_with('{'), "{}:{} is the link: {:?}", line, col, w);
                }
            }
            Err(e) => {
                prop_assert_eq!(shape.problems, Problems::Error, "{:?}: {}", shape, e);
                prop_assert_eq!(e.problems.len(), n);
                for p in &e.problems {
                    let (line, col) = (p.line.unwrap_or(0), p.column.unwrap_or(0));
                    prop_assert!(at(&json, line, col).starts_with("\"missing"), "{}:{} is the id: {:?}", line, col, p);
                }
            }
        }
    }
}
