//! Property: every screen and overlay draws at any size from 0x0 to 300x100, on small datasets
//! whose every text comes from a hostile pool, without panicking and with every row exactly as
//! wide as the terminal: no character pushed past the right edge, no cell that takes no room.
//!
//! Datasets are written as JSON and loaded with `load_bytes`, so they pass through the real
//! validator and sanitizer, as a file would.

use ethics_timeline::action::Action;
use ethics_timeline::app::{App, Pane};
use ethics_timeline::data::load_bytes;
use ethics_timeline::ui;
use ethics_timeline::update::update;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::FileFailurePersistence;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

/// Pieces of text that have broken terminals and layouts: escape sequences (title, clipboard,
/// hyperlink, clear screen, colour), C0 and C1 controls, bidi overrides, zero-width and
/// invisible characters, combining marks, wide CJK, emoji sequences, long unbroken words.
const POOL: &[&str] = &[
    "Microsoft",
    "ICE contract",
    " ",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]52;c;aGVsbG8=\u{7}",
    "\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    "\u{1b}[2J\u{1b}[H",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{9b}2J",
    "\u{85}\u{90}\u{9d}",
    "\u{7}\u{0}\u{8}\u{7f}",
    "\t",
    "\r\n",
    "\n\n",
    "\u{202e}txt.exe",
    "\u{2066}isolate\u{2069}",
    "a\u{200b}b\u{200c}c\u{200d}d\u{feff}",
    "\u{2028}\u{2029}",
    "e\u{301}",
    "\u{301}\u{302}leading marks",
    "Z\u{334}\u{321}\u{322}\u{327}\u{328}",
    "日本語のテキスト",
    "한국어",
    "Ｆｕｌｌｗｉｄｔｈ",
    "ｱｲｳ",
    "👨\u{200d}👩\u{200d}👧",
    "❤\u{fe0f}",
    "🇺🇸🇩🇪",
    "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
    "\u{115f}\u{1160}",
    "Antidisestablishmentarianismantidisestablishmentarianismantidisestablishmentarianism",
    "日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日日",
];

/// Text for a required field: pieces of the pool, never blank (blank titles do not load).
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(POOL), 0..5).prop_map(|parts| {
        let s = parts.concat();
        if s.trim().is_empty() { format!("x{s}") } else { s }
    })
}

const DATES: &[&str] = &[
    "0001",
    "0999-01",
    "1969-07-20",
    "2018",
    "2018-06",
    "2018-06-19",
    "2018-06-19",
    "2020-02-29",
    "9999-12-31",
];
const KINDS: &[&str] = &["statement", "policy", "governance", "contract", "activism", "reporting"];
const EVIDENCE: &[&str] = &["confirmed", "reported", "disputed", "unverified"];
const RELATIONS: &[&str] = &["contradicts", "responds-to", "follows-from", "consistent-with"];

#[derive(Debug, Clone)]
struct EventSpec {
    date: &'static str,
    kind: &'static str,
    evidence: &'static str,
    company: Index,
    actor: Option<Index>,
    source: Index,
    title: String,
    summary: String,
    quote: Option<(String, String)>,
    tags: Vec<String>,
    links: Vec<(Index, &'static str, String)>,
    questions: Vec<String>,
}

fn event() -> impl Strategy<Value = EventSpec> {
    let head = (select(DATES), select(KINDS), select(EVIDENCE), any::<Index>(), any::<Option<Index>>());
    let body = (any::<Index>(), text(), text(), prop::option::of((text(), text())));
    let lists = (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec((any::<Index>(), select(RELATIONS), text()), 0..3),
        prop::collection::vec(text(), 0..2),
    );
    (head, body, lists).prop_map(
        |(
            (date, kind, evidence, company, actor),
            (source, title, summary, quote),
            (tags, links, questions),
        )| {
            EventSpec {
                date,
                kind,
                evidence,
                company,
                actor,
                source,
                title,
                summary,
                quote,
                tags,
                links,
                questions,
            }
        },
    )
}

/// A dataset as JSON text: 1-3 companies, 0-2 actors, 1-2 sources, 1-7 events, maybe a tour.
fn dataset() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((text(), prop::option::of(text())), 1..4),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec((text(), text(), text()), 1..3),
        prop::collection::vec(event(), 1..8),
        prop::collection::vec((any::<Index>(), text()), 0..3),
        text(),
    )
        .prop_map(|(companies, actors, sources, events, tour, title)| {
            let companies: Vec<Value> = companies
                .iter()
                .enumerate()
                .map(|(i, (name, short))| json!({"id": format!("c{i}"), "name": name, "short": short}))
                .collect();
            let actors_json: Vec<Value> = actors
                .iter()
                .enumerate()
                .map(|(i, name)| json!({"id": format!("a{i}"), "name": name, "type": "person"}))
                .collect();
            let sources_json: Vec<Value> = sources
                .iter()
                .enumerate()
                .map(|(i, (publisher, title, note))| {
                    json!({"id": format!("s{i}"), "publisher": publisher, "title": title,
                           "url": format!("https://example.com/{i}/{note}"), "published": "2018-06-18",
                           "note": note})
                })
                .collect();
            let n = events.len();
            let events_json: Vec<Value> = events
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let source = format!("s{}", e.source.index(sources.len()));
                    let mut v = json!({
                        "id": format!("e{i}"), "date": e.date, "kind": e.kind, "evidence": e.evidence,
                        "company": format!("c{}", e.company.index(companies.len())),
                        "title": e.title, "summary": e.summary, "sources": [source],
                        "tags": e.tags, "questions": e.questions,
                        "links": e.links.iter().map(|(to, rel, note)| (to.index(n), rel, note))
                            .filter(|(to, _, _)| *to != i)
                            .map(|(to, rel, note)| json!({"to": format!("e{to}"), "relation": rel, "note": note}))
                            .collect::<Vec<_>>(),
                    });
                    if let (Some(a), false) = (e.actor, actors.is_empty()) {
                        v["actor"] = json!(format!("a{}", a.index(actors.len())));
                    }
                    if let Some((text, by)) = &e.quote {
                        v["quote"] = json!({"text": text, "by": by, "source": source});
                    }
                    v
                })
                .collect();
            let mut root = json!({
                "format": "ethics-timeline/1", "title": title, "description": title,
                "companies": companies, "actors": actors_json, "sources": sources_json, "events": events_json,
            });
            if !tour.is_empty() {
                let steps: Vec<Value> = tour
                    .iter()
                    .map(|(e, note)| json!({"event": format!("e{}", e.index(n)), "note": note}))
                    .collect();
                root["tours"] = json!([{"id": "t", "title": title, "steps": steps}]);
            }
            root.to_string()
        })
}

/// Characters typed into the search and filter lines.
fn typed() -> impl Strategy<Value = Vec<char>> {
    let chars: Vec<char> = POOL.iter().flat_map(|s| s.chars()).chain("ab:, ".chars()).collect();
    prop::collection::vec(select(chars), 0..40)
}

const MOVES: &[Action] = &[
    Action::Down,
    Action::Up,
    Action::PageDown,
    Action::Bottom,
    Action::NextYear,
    Action::NextLink,
    Action::PrevLink,
    Action::Activate,
    Action::ToggleRuler,
];

/// Every screen and overlay, reached the way a user reaches it.
fn screen() -> impl Strategy<Value = Vec<Action>> {
    let moves = || prop::collection::vec(select(MOVES), 0..6);
    let pane = select(&[Pane::Timeline, Pane::Details, Pane::Compare][..]);
    prop_oneof![
        (pane, moves()).prop_map(|(p, m)| [vec![Action::Focus(p)], m].concat()),
        (0..30usize).prop_map(|n| [vec![Action::ToggleHelp], vec![Action::Down; n]].concat()),
        prop::collection::vec(select(&[Action::Down, Action::Up, Action::PickerToggle][..]), 0..5)
            .prop_map(|m| [vec![Action::OpenCompanies], m].concat()),
        typed().prop_map(
            |t| [vec![Action::OpenSearch], t.into_iter().map(Action::PromptInput).collect()].concat()
        ),
        typed().prop_map(
            |t| [vec![Action::OpenFilter], t.into_iter().map(Action::PromptInput).collect()].concat()
        ),
        // Presenting, and the tour picker.
        (0..4usize, any::<bool>()).prop_map(|(n, notes)| {
            let notes = if notes { vec![Action::ToggleNotes] } else { Vec::new() };
            [vec![Action::Present], notes, vec![Action::NextSlide; n]].concat()
        }),
        (0..3usize).prop_map(|n| [vec![Action::OpenTours], vec![Action::Down; n]].concat()),
    ]
}

/// Sizes from 0x0 up, with the degenerate ones (0, 1, 2 and 3 cells) drawn often.
fn size(max: u16) -> impl Strategy<Value = u16> {
    prop_oneof![0..4u16, 0..=max]
}

/// Each row's width as a terminal that agrees with unicode-width would draw it.
fn row_problems(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buf = terminal.backend().buffer();
    let area = buf.area;
    let mut problems = Vec::new();
    for y in 0..area.height {
        let (mut x, mut width) = (0u16, 0usize);
        while x < area.width {
            let symbol = buf[(x, y)].symbol();
            let w = symbol.width();
            if w == 0 || symbol.chars().any(char::is_control) {
                problems.push(format!("row {y}, column {x}: {symbol:?} takes {w} cells"));
            }
            width += w;
            x = x.saturating_add(u16::try_from(w.max(1)).unwrap_or(u16::MAX));
        }
        if width != usize::from(area.width) {
            problems.push(format!("row {y} is {width} cells wide in a {}-cell terminal", area.width));
        }
    }
    problems
}

proptest! {
    // A failing case is saved next to this file (render_properties.proptest-regressions) and
    // replayed first on later runs; commit it with the fix.
    #![proptest_config(ProptestConfig {
        cases: 160,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_screen_draws_at_any_size_with_hostile_text(
        json in dataset(),
        actions in screen(),
        width in size(300),
        height in size(100),
    ) {
        let loaded = load_bytes("generated.json", json.as_bytes())
            .unwrap_or_else(|e| panic!("the generated dataset loads: {e}\n{json}"));
        let mut app = App::new(loaded.dataset);
        update(&mut app, Action::Resize { width, height });
        for a in &actions {
            update(&mut app, *a);
        }
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        terminal.draw(|f| ui::render(f, &app)).expect("draw");
        let problems = row_problems(&terminal);
        // TestBackend cannot print a zero-width screen (ratatui divides rows by the width).
        let shown = if width > 0 { terminal.backend().to_string() } else { String::new() };
        prop_assert!(problems.is_empty(), "{width}x{height} after {actions:?}:\n{}\n{shown}", problems.join("\n"));
    }
}
