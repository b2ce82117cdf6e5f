//! Opening TimelineJS files with `--data`: our small fixtures, every shape and mapping rule,
//! and the real example files when the shared fixtures folder is there.

use std::path::{Path, PathBuf};

use ethics_timeline::data::{
    self, Dataset, Evidence, Kind, LoadError, Loaded, Precision, Qualifier, Severity,
};

mod common;

fn load(name: &str) -> Loaded {
    common::load(&format!("timelinejs/{name}"))
}

fn fail(name: &str) -> LoadError {
    common::refuse(&format!("timelinejs/{name}"))
}

fn event<'a>(d: &'a Dataset, id: &str) -> &'a ethics_timeline::data::Event {
    let i = d.event_index(id).unwrap_or_else(|| {
        let ids: Vec<&str> = d.events.iter().map(|e| e.id.as_str()).collect();
        panic!("no event {id} in {ids:?}")
    });
    &d.events[i]
}

#[test]
fn title_slide_names_the_dataset() {
    let d = load("mixed.json").dataset;
    assert_eq!(d.title, "Small & mixed timeline");
    assert!(
        d.description
            .starts_with("Written for the importer tests.\nImported from the TimelineJS file mixed.json.")
    );
    assert_eq!(d.companies.len(), 1);
    assert_eq!(d.companies[0].name, d.title);
    assert!(d.tours.is_empty() && d.actors.is_empty());
}

#[test]
fn every_slide_and_era_becomes_an_event_in_date_order() {
    let d = load("mixed.json").dataset;
    assert_eq!(d.events.len(), 8);
    let keys: Vec<i64> = d.events.iter().map(|e| e.date.sort_key()).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    assert!(d.events.iter().all(|e| e.evidence == Evidence::Unverified && !e.sources.is_empty()));
    assert_eq!(d.incoming.starts.len(), d.events.len() + 1);
}

#[test]
fn dates_keep_their_precision_and_era() {
    let d = load("mixed.json").dataset;
    let founding = event(&d, "founding");
    assert_eq!((founding.date.short(), founding.date.precision()), ("1963-08-09".into(), Precision::Day));
    let deep = event(&d, "deep-past");
    assert_eq!((deep.date.year(), deep.date.precision()), (-520, Precision::Year));
    let ides = event(&d, "ides-of-march");
    assert_eq!(ides.date.long(), "15 March 44 BCE");
    assert_eq!(ides.qualifier, Some(Qualifier::Circa));
    let span = event(&d, "founding-2");
    assert_eq!(span.date.short(), "1999");
    assert_eq!(span.end_date.map(|e| e.short()), Some("Jun 2001".into()));
    assert_eq!(event(&d, "time-of-day-31mred").date.precision(), Precision::Year);
}

#[test]
fn group_is_a_kind_or_a_tag() {
    let d = load("mixed.json").dataset;
    assert_eq!(event(&d, "founding").kind, Kind::Statement);
    assert_eq!(event(&d, "founding-2").kind, Kind::Contract);
    let deep = event(&d, "deep-past");
    assert_eq!(deep.kind, Kind::Reporting);
    assert_eq!(deep.tags.as_slice(), ["ancient-history"]);
    let era = event(&d, "era-the-sixties");
    assert_eq!(
        (era.kind, era.tags.as_slice()),
        (Kind::Reporting, [ethics_timeline::data::Text::from("era")].as_slice())
    );
    assert_eq!(era.end_date.map(|e| e.short()), Some("1970".into()));
}

#[test]
fn media_become_sources_and_the_rest_cite_the_file() {
    let d = load("mixed.json").dataset;
    let source = |id: &str| &d.sources[event(&d, id).sources[0]];
    let s = source("founding");
    assert_eq!((s.publisher.as_str(), s.url.as_str()), ("Example News", "https://www.example.com/founding"));
    assert_eq!(s.title, "Founding");
    // One record per address: the second slide with the same URL cites the same source.
    assert_eq!(
        event(&d, "founding").sources,
        event(&d, "no-headline-here-so-the-title-comes-from-this-text").sources
    );
    let s = source("ides-of-march");
    assert_eq!((s.publisher.as_str(), s.url.as_str()), ("example.org", "https://www.example.org/ides"));
    for id in ["deep-past", "founding-2", "era-the-sixties"] {
        let s = source(id);
        assert_eq!(s.publisher, "Imported TimelineJS file", "{id}");
        assert!(s.url.starts_with("file://") && s.url.ends_with("mixed.json"), "{}", s.url);
    }
    let placeholders = d.sources.iter().filter(|s| s.url.starts_with("file://")).count();
    assert_eq!(placeholders, 1);
}

#[test]
fn text_is_stripped_decoded_and_sanitized() {
    let d = load("mixed.json").dataset;
    assert_eq!(event(&d, "founding").summary, "Founded in “New Jersey”.\nSecond paragraph.");
    assert_eq!(event(&d, "founding-2").summary, "Money > ethics?");
    // No script text, and the escape character is shown, not sent to the terminal.
    assert_eq!(event(&d, "time-of-day-31mred").title, "Time of day ␛[31mred");
}

#[test]
fn what_was_lost_or_guessed_is_reported() {
    let loaded = load("mixed.json");
    let said = |severity: Severity, text: &str| {
        loaded.warnings.iter().any(|p| p.severity == severity && p.render("f").contains(text))
    };
    assert!(said(Severity::Warning, "`unique_id` \"founding\" is used twice"));
    assert!(said(Severity::Warning, "the slide has no headline"));
    assert!(said(Severity::Note, "time of day is not kept"));
    assert!(said(Severity::Note, "media is not a web address"));
    let located = loaded.warnings.iter().find(|p| p.path == "events[3].unique_id").expect("located warning");
    assert_eq!(located.line, Some(25));
}

#[test]
fn the_old_wrapper_with_slides_loads() {
    let d = load("old-wrapper.json").dataset;
    assert_eq!(d.title, "Wrapped timeline");
    let titles: Vec<&str> = d.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["First slide", "Second slide"]);
    assert_eq!(d.events[1].date.short(), "1950-02-07");
}

#[test]
fn timelinejs2_comma_dates_load() {
    let d = load("timelinejs2.json").dataset;
    assert_eq!(d.title, "A TimelineJS 2 file");
    assert_eq!(d.events.len(), 4);
    let day = event(&d, "a-day");
    assert_eq!((day.date.short(), day.end_date, day.kind), ("1963-08-09".into(), None, Kind::Policy));
    assert_eq!(d.sources[day.sources[0]].url, "https://example.com/a-day");
    let span = event(&d, "a-span-with-a-time");
    assert_eq!(
        (span.date.short(), span.end_date.map(|e| e.short())),
        ("1970-01-01".into(), Some("1972".into()))
    );
    assert_eq!(event(&d, "old").date.year(), -500);
    assert!(event(&d, "era-a-timelinejs-2-era").tags.iter().any(|t| t == "era"));
}

#[test]
fn an_unsupported_shape_fails_clearly() {
    let e = fail("unsupported-wrapper.json").to_string();
    assert!(e.contains("this `timeline` wrapper has neither `slides` nor `date`"), "{e}");
    assert!(e.contains("unsupported-wrapper.json:2:15: error:"), "{e}");
    let e = fail("cosmological.json").to_string();
    assert!(e.contains("cosmological timelines are not supported"), "{e}");
}

#[test]
fn bad_dates_are_all_reported_where_they_are() {
    let e = fail("bad-dates.json");
    let lines: Vec<String> = e.problems.iter().map(|p| p.render("f")).collect();
    let text = lines.join("\n");
    assert_eq!(e.error_count(), 4, "{text}");
    assert!(text.contains("f:3:31: error: roman-year: `year`: \"MCMLXIII\" is not a whole number"), "{text}");
    assert!(text.contains("no-start-date: the slide has no start date (at events[1])"), "{text}");
    assert!(text.contains("2018-02 has no day 30"), "{text}");
    assert!(text.contains("end date 2017 is before the start date 2018"), "{text}");
}

#[test]
fn our_own_errors_are_unchanged_for_files_that_are_not_timelinejs() {
    let e = match data::load_bytes("x.json", br#"{"events": [{"id": "a", "dat": "2018"}]}"#) {
        Ok(_) => panic!("should fail"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("unknown field `dat`"), "{e}");
}

/// How many events a TimelineJS file should give: its slides and its eras.
fn expected_count(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read fixture");
    let root: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
    let len = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_array()).map_or(0, Vec::len);
    match root.get("timeline") {
        Some(t) => {
            let titles = t.get("slides").and_then(|s| s.as_array()).map_or(0, |s| {
                s.iter().filter(|x| x.get("type").and_then(|t| t.as_str()) == Some("title")).count()
            });
            len(t.get("slides")) - titles.min(1) + len(t.get("date")) + len(t.get("era")) + len(t.get("eras"))
        }
        None => len(root.get("events")) + len(root.get("eras")),
    }
}

#[test]
fn real_timelinejs_examples_load_every_event() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/timelinejs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: {} not found; skipping the real TimelineJS examples", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .json files in {}", dir.display());
    for path in files {
        let loaded =
            data::load_path(&path).unwrap_or_else(|e| panic!("{} should load:\n{e}", path.display()));
        let d = loaded.dataset;
        assert_eq!(d.events.len(), expected_count(&path), "{}", path.display());
        assert!(d.events.iter().all(|e| !e.title.is_empty() && !e.sources.is_empty()), "{}", path.display());
        println!("{}: {} events", path.display(), d.events.len());
    }
}
