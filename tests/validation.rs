//! Loading and validation: every problem reported, each with file, line, column and event id.

use ethics_timeline::data::{self, LoadError, load_bytes};

/// A valid one-event dataset, with `extra` spliced into the event and `tail` into the top level.
fn dataset(event_fields: &str, tail: &str) -> String {
    format!(
        r#"{{
  "format": "ethics-timeline/1",
  "title": "T",
  "default_company": "acme",
  "companies": [{{"id": "acme", "name": "Acme"}}],
  "actors": [{{"id": "staff", "name": "Staff", "type": "employees"}}],
  "sources": [{{"id": "s1", "publisher": "P", "title": "T", "url": "https://example.com/a", "published": "2019-06-20"}}],
  "events": [
    {{"id": "e1", "date": "2018-06-19", "company": "acme", "kind": "statement", "title": "A", "summary": "S", "evidence": "confirmed", "sources": ["s1"]{event_fields}}}
  ]{tail}
}}"#
    )
}

fn errors(json: &str) -> LoadError {
    match load_bytes("test.json", json.as_bytes()) {
        Ok(_) => panic!("expected errors in:\n{json}"),
        Err(e) => e,
    }
}

fn rendered(json: &str) -> String {
    errors(json).to_string()
}

#[test]
fn the_template_is_valid() {
    let loaded = load_bytes("test.json", dataset("", "").as_bytes()).expect("valid");
    assert_eq!(loaded.dataset.events.len(), 1);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn the_bundled_dataset_loads_without_errors() {
    let loaded = data::bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.dataset.events.len() >= 12);
    for e in &loaded.dataset.events {
        assert!(!e.sources.is_empty(), "{} has no source", e.id);
    }
}

#[test]
fn an_unknown_kind_names_the_event_and_its_position() {
    let json = dataset("", "").replace(r#""kind": "statement""#, r#""kind": "speech""#);
    let out = rendered(&json);
    assert!(out.contains("test.json:9:67: error: e1: unknown kind \"speech\" (at events[0].kind)"), "{out}");
    assert!(
        out.contains("hint: one of: statement, policy, governance, contract, activism, reporting"),
        "{out}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let json = dataset(
        r#", "actor": "nobody", "links": [{"to": "e9", "relation": "contradicts", "note": "n"}], "quote": {"text": "q", "by": "b", "source": "s7"}"#,
        "",
    )
    .replace("2018-06-19", "2018-02-30");
    let e = errors(&json);
    let messages: Vec<&str> = e.problems.iter().map(|p| &*p.message).collect();
    assert!(messages.contains(&"invalid date \"2018-02-30\": 2018-02 has no day 30"), "{messages:?}");
    assert!(messages.contains(&"unknown actor \"nobody\""), "{messages:?}");
    assert!(messages.contains(&"unknown event \"e9\""), "{messages:?}");
    assert!(messages.contains(&"unknown source \"s7\""), "{messages:?}");
    assert_eq!(e.error_count(), 4);
    assert!(e.problems.iter().all(|p| p.line == Some(9)), "all on the event's line");
    assert!(e.to_string().ends_with("test.json: 4 errors found; the dataset was not loaded"));
}

#[test]
fn duplicate_ids_point_at_the_second_one() {
    let json = dataset("", "").replace(
        r#""sources": ["s1"]}"#,
        r#""sources": ["s1"]},
    {"id": "e1", "date": "2019", "company": "acme", "kind": "contract", "title": "B", "summary": "S", "evidence": "reported", "sources": ["s1"]}"#,
    );
    let out = rendered(&json);
    assert!(
        out.contains("test.json:10:12: error: e1: duplicate event id (first used at events[0])"),
        "{out}"
    );
}

#[test]
fn missing_fields_and_missing_sources() {
    let json =
        dataset("", "").replace(r#""title": "A", "#, "").replace(r#""sources": ["s1"]"#, r#""sources": []"#);
    let e = errors(&json);
    let messages: Vec<&str> = e.problems.iter().map(|p| &*p.message).collect();
    assert!(messages.contains(&"missing field `title`"), "{messages:?}");
    assert!(messages.contains(&"no sources: every event cites at least one"), "{messages:?}");
    assert_eq!(e.problems[0].item.as_deref(), Some("e1"));
}

#[test]
fn impossible_years_and_end_before_start() {
    for (date, message) in [
        ("0000", "invalid date \"0000\": year 0 is out of range (1 to 9999)"),
        ("99999", "invalid date \"99999\": year 99999 is out of range (1 to 9999)"),
        ("2018-13", "invalid date \"2018-13\": month 13 does not exist"),
        ("June 2018", "invalid date \"June 2018\": expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ] {
        let json = dataset("", "").replace("2018-06-19", date);
        let e = errors(&json);
        assert_eq!(e.problems[0].message, message);
    }
    let e = errors(&dataset(r#", "end_date": "2017""#, ""));
    assert_eq!(e.problems[0].message, "end date 2017 is before the start date 2018-06-19");
}

#[test]
fn tours_must_name_real_events() {
    let e = errors(&dataset(
        "",
        r#", "tours": [{"id": "t", "title": "T", "steps": [{"event": "nope", "note": "n"}]}]"#,
    ));
    assert_eq!(e.problems[0].message, "tour step names unknown event \"nope\"");
    assert_eq!(e.problems[0].path, "tours[0].steps[0].event");
}

#[test]
fn syntax_errors_carry_serdes_position() {
    let e = errors("{\n  \"format\": \"ethics-timeline/1\",\n  \"title\": \n}");
    assert_eq!(e.problems.len(), 1);
    assert_eq!((e.problems[0].line, e.problems[0].column), (Some(4), Some(1)));
    assert!(e.problems[0].message.starts_with("invalid JSON: expected value"), "{:?}", e.problems[0]);
}

#[test]
fn wrong_types_and_unknown_fields_are_errors() {
    let e = errors(&dataset(r#", "tags": "ice""#, ""));
    assert!(
        e.problems[0].message.contains("invalid type: string \"ice\", expected a sequence"),
        "{:?}",
        e.problems
    );
    let e = errors(&dataset(r#", "summmary": "typo""#, ""));
    assert!(e.problems[0].message.contains("unknown field `summmary`"), "{:?}", e.problems);
    assert_eq!(e.problems[0].line, Some(9));
}

#[test]
fn empty_files_truncated_files_and_invalid_utf8() {
    assert_eq!(errors("").problems[0].message, "the file is empty");
    assert_eq!(errors("  \n").problems[0].message, "the file is empty");
    let truncated = &dataset("", "")[..200];
    assert!(errors(truncated).problems[0].message.starts_with("the file ends too early"));
    let mut bad = dataset("", "").into_bytes();
    bad[40] = 0xFF;
    let e = load_bytes("bad.json", &bad).expect_err("invalid UTF-8");
    assert_eq!(e.problems[0].message, "the file is not valid UTF-8");
    assert_eq!((e.problems[0].line, e.problems[0].column), (Some(3), Some(6)));
}

#[test]
fn a_byte_order_mark_loads_the_same_dataset() {
    let plain = load_bytes("plain.json", dataset("", "").as_bytes()).expect("valid");
    let with_bom = format!("\u{feff}{}", dataset("", ""));
    let bom = load_bytes("bom.json", with_bom.as_bytes()).expect("a BOM is accepted");
    let ids = |d: &data::Dataset| {
        d.events.iter().map(|e| (e.id.to_string(), e.title.to_string())).collect::<Vec<_>>()
    };
    assert!(!ids(&plain.dataset).is_empty());
    assert_eq!(ids(&bom.dataset), ids(&plain.dataset));
}

#[test]
fn padded_ids_are_read_like_the_references_to_them() {
    let json = dataset("", "").replace(r#"[{"id": "acme""#, r#"[{"id": " acme ""#);
    let loaded = load_bytes("pad.json", json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.dataset.companies[0].id, "acme");
}

#[test]
fn control_characters_never_survive_loading() {
    let json = dataset("", "").replace(r#""title": "A""#, r#""title": "A\u001b]0;pwned\u0007\u202eB""#);
    let loaded = load_bytes("x.json", json.as_bytes()).expect("loads");
    assert_eq!(loaded.dataset.events[0].title, "A␛]0;pwned␇\u{FFFD}B");
}

#[test]
fn warnings_do_not_stop_loading() {
    let json = dataset("", "").replace(
        r#""sources": ["s1"]}"#,
        r#""sources": ["s1"]},
    {"id": "e2", "date": "2019", "company": "acme", "kind": "contract", "title": "B", "summary": "S", "evidence": "reported", "sources": ["s1"], "links": [{"to": "e1", "relation": "contradicts"}]}"#,
    );
    let loaded = load_bytes("w.json", json.as_bytes()).expect("loads");
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].message, "link has no note");
    assert_eq!(loaded.warnings[0].line, Some(10));
}

#[test]
fn events_sort_by_date_then_file_order_with_years_first() {
    let json = dataset("", "").replace(
        r#""sources": ["s1"]}"#,
        r#""sources": ["s1"]},
    {"id": "e2", "date": "2018", "company": "acme", "kind": "contract", "title": "B", "summary": "S", "evidence": "reported", "sources": ["s1"]},
    {"id": "e3", "date": "2018-06-19", "company": "acme", "kind": "contract", "title": "C", "summary": "S", "evidence": "reported", "sources": ["s1"]},
    {"id": "e4", "date": "2018-06", "company": "acme", "kind": "contract", "title": "D", "summary": "S", "evidence": "reported", "sources": ["s1"]}"#,
    );
    let loaded = load_bytes("s.json", json.as_bytes()).expect("loads");
    let ids: Vec<&str> = loaded.dataset.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e2", "e4", "e1", "e3"]);
}

/// Events are checked as they are read when the lists they refer to come first; a file in any
/// other order must load to the same dataset and report the same problems.
#[test]
fn key_order_does_not_change_the_result() {
    let bundled = data::bundled().expect("bundled");
    let mut value: serde_json::Value = serde_json::from_str(data::BUNDLED_JSON).expect("json");
    let events = value.as_object_mut().and_then(|o| o.remove("events")).expect("events");
    // `events` first, then everything else.
    let rest = serde_json::to_string(&value).expect("json");
    let reordered = format!("{{\"events\": {events}, {}", &rest[1..]);
    let loaded = load_bytes("reordered.json", reordered.as_bytes()).expect("reordered loads");
    let ids = |d: &data::Dataset| d.events.iter().map(|e| e.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&loaded.dataset), ids(&bundled.dataset));
    assert_eq!(loaded.dataset.incoming, bundled.dataset.incoming);
    assert_eq!(loaded.warnings.len(), bundled.warnings.len());

    let bad = dataset(
        r#", "company": "nope", "links": [{"to": "e9", "relation": "contradicts", "note": "n"}]"#,
        "",
    );
    let bad = bad.replacen(r#""company": "acme", "#, "", 1);
    let first = rendered(&bad);
    let mut value: serde_json::Value = serde_json::from_str(&bad).expect("json");
    let events = value.as_object_mut().and_then(|o| o.remove("events")).expect("events");
    let rest = serde_json::to_string(&value).expect("json");
    let second = rendered(&format!("{{\"events\": {events}, {}", &rest[1..]));
    let messages = |s: &str| {
        s.lines()
            .filter(|l| l.contains("error:"))
            .map(|l| l.split(": error: ").nth(1).unwrap_or(l).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(messages(&first), messages(&second));
    assert!(first.contains("unknown company \"nope\"") && first.contains("unknown event \"e9\""), "{first}");
}

/// The warnings of a file that loads.
fn warnings(json: &str) -> Vec<(String, String)> {
    let loaded = load_bytes("test.json", json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    loaded.warnings.into_iter().map(|p| (p.path, p.message.into_owned())).collect()
}

#[test]
fn a_source_url_with_a_tracking_parameter_is_flagged() {
    let json =
        dataset("", "").replace("https://example.com/a", "https://example.com/a?id=7&utm_source=feed#top");
    let w = warnings(&json);
    assert!(
        w.iter().any(|(path, m)| path == "sources[0].url" && m.contains("tracking parameter \"utm_source\"")),
        "{w:?}"
    );
    let clean = dataset("", "").replace("https://example.com/a", "https://example.com/a?id=7");
    assert!(warnings(&clean).is_empty(), "a plain query is fine");
}

#[test]
fn an_event_dated_after_every_source_is_flagged() {
    let json = dataset("", "").replace("\"date\": \"2018-06-19\"", "\"date\": \"2019-06-25\"");
    let w = warnings(&json);
    assert!(
        w.iter()
            .any(|(path, m)| path == "events[0].date"
                && m.contains("every source was published by 2019-06-20")),
        "{w:?}"
    );
    // A month-precision source may have been published on any day of its month.
    let month = json.replace("\"published\": \"2019-06-20\"", "\"published\": \"2019-06\"");
    assert!(warnings(&month).is_empty(), "{:?}", warnings(&month));
}

#[test]
fn a_money_figure_in_a_link_note_must_be_one_ends_amount() {
    let two = |note: &str| {
        format!(
            r#"{{"format": "ethics-timeline/1", "title": "T",
          "companies": [{{"id": "a", "name": "A"}}],
          "sources": [{{"id": "s", "publisher": "P", "title": "T", "url": "https://e.org", "published": "2020"}}],
          "events": [
            {{"id": "say", "date": "2020-01-01", "company": "a", "kind": "statement", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"],
              "links": [{{"to": "did", "relation": "contradicts", "note": "{note}"}}]}},
            {{"id": "did", "date": "2020-02-01", "company": "a", "kind": "contract", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"],
              "amount": {{"value": 19400000, "currency": "USD"}}}}
          ]}}"#
        )
    };
    assert!(warnings(&two("Weeks later came a USD 19.4 million contract.")).is_empty());
    assert!(warnings(&two("About $19 million, as one outlet rounded it.")).is_empty());
    let w = warnings(&two("Another outlet said USD 19.14 million."));
    assert!(
        w.iter().any(|(path, m)| path == "events[0].links[0].note" && m.contains("USD 19.14 million")),
        "{w:?}"
    );
}

#[test]
fn a_refused_source_is_reported_once_and_those_after_it_still_resolve() {
    // s2 is refused for its own error; the event cites it and s3, defined after it.
    let json = dataset("", "").replace(r#""sources": ["s1"]}"#, r#""sources": ["s2", "s3"]}"#).replace(
        r#""published": "2019-06-20"}]"#,
        r#""published": "2019-06-20"}, {"id": "s2", "publisher": "P", "title": "T", "published": "2019-06-20"}, {"id": "s3", "publisher": "P", "title": "T", "url": "https://example.com/c", "published": "2019-06-20"}]"#,
    );
    let e = errors(&json);
    let messages: Vec<&str> = e.problems.iter().map(|p| p.message.as_ref()).collect();
    assert_eq!(messages, ["missing field `url`"], "{json}");
}
