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

/// Enough links that point further down the file for them to be looked up on both cores
/// (`resolve_links` splits them past 16,384), and enough links for their incoming index to be
/// built on both (past 65,536): every link still reaches the event it names, its target lists
/// it among its incoming links, and every missing target is reported once, in file order.
#[test]
fn links_looked_up_in_halves_reach_their_events() {
    use std::collections::HashMap;
    // 80,000 links: past 65,536 the incoming links are indexed on two threads too.
    let n = 8_000;
    let json = generate_shaped(n, 7, Shape { links: Links::Ten, dates: Dates::Shuffled, ..Shape::default() });
    let raw: serde_json::Value = serde_json::from_str(&json).expect("generated JSON");
    let named: HashMap<&str, Vec<&str>> = raw["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            let to =
                e["links"].as_array().expect("links").iter().map(|l| l["to"].as_str().expect("to")).collect();
            (e["id"].as_str().expect("id"), to)
        })
        .collect();
    let position: HashMap<&str, usize> = raw["events"]
        .as_array()
        .expect("events")
        .iter()
        .enumerate()
        .map(|(i, e)| (e["id"].as_str().expect("id"), i))
        .collect();
    let forward: usize =
        named.iter().map(|(id, to)| to.iter().filter(|t| position[*t] > position[id]).count()).sum();
    assert!(forward > 1 << 14, "{forward} links point further down the file");
    let loaded = load_bytes("ten.json", json.as_bytes()).expect("loads");
    let events = &loaded.dataset.events;
    assert_eq!(events.len(), n);
    for e in events {
        let reached: Vec<&str> = e.links.iter().map(|l| events[l.to()].id.as_str()).collect();
        assert_eq!(reached, named[e.id.as_str()], "links of {}", e.id);
    }
    // Every event's incoming links, in the order of the events they come from.
    let mut inverted = vec![Vec::new(); n];
    for (from, e) in events.iter().enumerate() {
        for (li, l) in e.links.iter().enumerate() {
            inverted[l.to()].push((from as u32, li as u32));
        }
    }
    let incoming = &loaded.dataset.incoming;
    assert_eq!(incoming.starts.len(), n + 1);
    for (to, want) in inverted.iter().enumerate() {
        let (a, b) = (incoming.starts[to] as usize, incoming.starts[to + 1] as usize);
        assert_eq!(&incoming.links[a..b], &want[..], "links to {}", events[to].id);
    }

    let json =
        generate_shaped(n, 7, Shape { links: Links::Ten, problems: Problems::Error, ..Shape::default() });
    let e = load_bytes("ten-missing.json", json.as_bytes()).expect_err("refused");
    let unknown: Vec<&str> = e
        .problems
        .iter()
        .filter(|p| p.message.starts_with("unknown event"))
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(unknown.len(), n, "one missing target an event");
    let files: Vec<usize> = unknown
        .iter()
        .map(|p| {
            p.trim_start_matches("events[").split(']').next().and_then(|i| i.parse().ok()).expect("a path")
        })
        .collect();
    assert!(files.windows(2).all(|w| w[0] < w[1]), "in file order");
}
