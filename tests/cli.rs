//! The command line, run as a user would, without a terminal.

mod common;

use std::path::PathBuf;

use common::{run, run_with_env, text};

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let path = common::temp_dir(&format!("cli-{name}")).join(name);
    std::fs::write(&path, contents).expect("write fixture");
    path
}

#[test]
fn version_and_help() {
    let out = run(&["--version"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), format!("ethics-timeline {}", env!("CARGO_PKG_VERSION")));
    let help = text(&run(&["--help"]).stdout);
    assert!(help.contains("--data <PATH>"), "{help}");
    assert!(help.contains("check"), "{help}");
}

#[test]
fn check_passes_on_the_bundled_dataset() {
    let out = run(&["check"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("data/microsoft-ice.json: ok,"), "{stdout}");
    let out = run(&["check", "data/microsoft-ice.json"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn check_reports_every_problem_and_fails() {
    let bad = temp_file(
        "two-problems.json",
        r#"{
  "format": "ethics-timeline/1",
  "title": "T",
  "companies": [{"id": "acme", "name": "Acme"}],
  "sources": [{"id": "s1", "publisher": "P", "title": "T", "url": "https://example.com", "published": "2020"}],
  "events": [
    {"id": "a", "date": "2018-02-30", "company": "acme", "kind": "contract", "title": "A", "summary": "S", "evidence": "confirmed", "sources": ["s1"]},
    {"id": "b", "date": "2019", "company": "acme", "kind": "rumour", "title": "B", "summary": "S", "evidence": "confirmed", "sources": ["s1"]}
  ]
}"#,
    );
    let path = bad.to_string_lossy().into_owned();
    let out = run(&["check", &path]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(&format!("{path}:7:25: error: a: invalid date \"2018-02-30\"")), "{stdout}");
    assert!(stdout.contains(&format!("{path}:8:60: error: b: unknown kind \"rumour\"")), "{stdout}");
    assert!(stdout.contains("2 errors found"), "{stdout}");
}

#[test]
fn a_bad_data_file_exits_2_with_a_located_error() {
    let out = run(&["--data", "no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "no/such/file.json: error: no such file\n  hint: check the path given to --data\n\
         no/such/file.json: 1 error found; the dataset was not loaded\n"
    );
    let out = run(&["--data", "src"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("src: error: is a directory"));
    let truncated = temp_file("truncated.json", "{\n  \"format\": \"ethics-timeline/1\",\n  \"events\": [");
    let out = run(&["--data", &truncated.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("truncated.json:3:13: error: the file ends too early"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_a_terminal_it_explains_instead_of_drawing() {
    let out = run::<&str>(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing drawn");
    assert!(text(&out.stderr).contains("standard output is not a terminal"));
}

#[test]
fn list_prints_matching_events_as_text_and_json() {
    let out = run(&["list", "--data", "tests/fixtures/small.json", "--filter", "kind:contract"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let ids: Vec<&str> = stdout.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(
        ids,
        ["ms-2018-06-ice-contract-value", "ms-2018-11-20-ivas-award", "ms-2021-03-31-ivas-production"]
    );
    assert!(
        stdout.starts_with(&format!(
            "{:<48} Jun 2018    C microsoft  reported   ICE cloud",
            "ms-2018-06-ice-contract-value"
        )),
        "{stdout}"
    );

    let out = run(&["list", "--data", "tests/fixtures/small.json", "--format", "json", "--filter", "maven"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], "goog-2018-06-01-no-maven-follow-on");
    assert_eq!(list[0]["sources"][0]["publisher"], "BuzzFeed News");
    assert_eq!((&list[0]["actor"], &list[0]["counterparty"]), (&"google".into(), &"dod".into()));

    let all = run(&["list"]);
    assert!(text(&all.stdout).lines().count() >= 120, "the bundled dataset");
}

#[test]
fn bad_names_on_the_command_line_say_what_exists() {
    let out = run(&["list", "--filter", "kind:speech"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--filter: unknown kind \"speech\"; kinds are statement"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["--data", "tests/fixtures/small.json", "--company", "acme"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ethics-timeline: --company: no company \"acme\"; companies: microsoft, google\n"
    );
    let out = run(&["--data", "tests/fixtures/small.json", "--goto", "ms-2018-ivas"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean: ms-2018-11-20-ivas-award"), "{}", text(&out.stderr));
}

#[test]
fn typos_on_the_command_line_get_the_closest_names() {
    let small = "tests/fixtures/small.json";
    let out = run(&["list", "--data", small, "--filter", "company:microsfot"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ethics-timeline: --filter: no company \"microsfot\"; did you mean: microsoft?\n"
    );
    let out = run(&["export", "--data", small, "--format", "markdown", "--tour", "words-and-contract-2018"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ethics-timeline: --tour: no tour \"words-and-contract-2018\"; did you mean: words-and-contracts-2018?\n"
    );
    // As the screen spells it: accepted, not suggested.
    let out = run(&["--data", small, "--plain", "--company", "Microsoft", "--filter", "kind:Contracts"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["list", "--data", small, "--filter", "company:Google kind:policies"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("goog-2018-06-01-no-maven-follow-on"), "{}", text(&out.stdout));
}

#[test]
fn plain_prints_a_transcript_without_box_drawing() {
    let out = run(&["--data", "tests/fixtures/small.json", "--plain", "--goto", "ms-2018-11-20-ivas-award"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("> 2018-11-20  contract  Microsoft  Army awards Microsoft"), "{stdout}");
    assert!(
        stdout.contains("Selected event\nArmy awards Microsoft the IVAS HoloLens prototype contract"),
        "{stdout}"
    );
    assert!(!stdout.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c)), "no box drawing");
    assert!(!stdout.contains('\u{1b}'), "no escape sequences");

    let dumb = run_with_env(
        &["--data", "tests/fixtures/small.json", "--tour", "words-and-contracts-2018"],
        &[("TERM", "dumb")],
    );
    assert!(dumb.status.success());
    let stdout = text(&dumb.stdout);
    assert!(!stdout.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c)), "TERM=dumb: no box drawing");
    assert!(!stdout.contains('\u{1b}'), "TERM=dumb: no escape sequences");
    assert!(stdout.contains("Tour: Words and contracts, 2018 (4 steps)"), "{stdout}");
    assert!(
        stdout.contains("Step 4 of 4\nEmployees' letter asks Microsoft to cancel its ICE contracts"),
        "{stdout}"
    );
    assert!(stdout.contains("Presenter's note: The employees' answer."), "{stdout}");
}

#[test]
fn unknown_tours_and_themes_are_refused() {
    let out = run(&["--data", "tests/fixtures/small.json", "--tour", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ethics-timeline: --tour: no tour \"nope\"; tours: words-and-contracts-2018\n"
    );
    let out = run(&["--theme", "neon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("[possible values: dark, light, high-contrast, projector, terminal]"),
        "{}",
        text(&out.stderr)
    );
}

/// Every text output speaks in words: no relation ids, no gap of hundreds of days, no "about
/// 92 months".
#[test]
fn text_outputs_say_relations_and_gaps_in_words() {
    let outputs = [
        run(&["--plain"]),
        run(&["--plain", "--goto", "ms-2018-10-26-technology-us-military"]),
        run(&["export", "--format", "markdown"]),
        run(&["export", "--format", "html"]),
        run(&["list"]),
        run(&["list", "--pairs"]),
    ];
    for out in outputs {
        assert!(out.status.success(), "{}", text(&out.stderr));
        let t = text(&out.stdout);
        for id in ["consistent-with", "follows-from", "responds-to"] {
            assert!(!t.contains(id), "a relation id: {id}");
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        for w in words.windows(2) {
            if w[1].starts_with("day") {
                assert!(
                    w[0].trim_start_matches('(').len() < 3 || w[0].parse::<u32>().is_err(),
                    "{} {}",
                    w[0],
                    w[1]
                );
            }
        }
        for w in words.windows(3) {
            if w[0] == "about" && w[2].starts_with("month") {
                let n: u32 = w[1].parse().unwrap_or(0);
                assert!(n <= 24, "about {n} months");
            }
        }
    }
}

#[test]
fn plain_and_handouts_carry_the_say_vs_do_pairs() {
    let plain = text(&run(&["--plain"]).stdout);
    let section = plain.split("\nSay vs. do\n").nth(1).expect("a Say vs. do section");
    assert!(section.contains("Said, 26 October 2018:"), "{section}");
    assert!(section.contains("Did, ") && section.contains(" later: "), "{section}");
    let md = text(&run(&["export", "--format", "markdown"]).stdout);
    assert!(md.contains("## Say vs. do\n"), "markdown table");
    assert!(md.contains("| company | statement | date | contract | date | gap | amount | sources |"));
    let html = text(&run(&["export", "--format", "html"]).stdout);
    assert!(html.contains("<h2>Say vs. do</h2>") && html.contains("<th>Gap</th>"));
}

#[test]
fn list_pairs_gives_days_for_scripts_and_json() {
    let out = run(&["list", "--pairs", "--filter", "company:microsoft"]);
    assert!(out.status.success());
    let t = text(&out.stdout);
    let mut lines = t.lines();
    assert_eq!(lines.next(), Some("days\tmonths\tstatement\tstatement_date\tcontract\tcontract_date\tgap"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() >= 10, "{t}");
    for r in &rows {
        assert_eq!(r.len(), 7, "{r:?}");
        assert!(r[0].is_empty() || r[0].parse::<i64>().is_ok(), "days is a number or empty: {r:?}");
        assert!(r[1].parse::<i64>().is_ok(), "{r:?}");
    }
    let day_precise = rows.iter().find(|r| !r[0].is_empty()).expect("a pair of two day-precise dates");
    assert!(
        day_precise[6].ends_with("later")
            || day_precise[6].ends_with("before")
            || day_precise[6].starts_with("the same")
    );
    let json = run(&["list", "--pairs", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let first = &v.as_array().expect("an array")[0];
    assert!(first["statement"]["id"].is_string() && first["contract"]["id"].is_string());
    assert!(first["gap"].is_string() && first["gap_months"].is_i64());
}

#[test]
fn after_two_hundred_problems_of_a_kind_check_counts_the_rest_and_all_lists_them() {
    let events: Vec<String> = (0..300)
        .map(|i| {
            format!(
                r#"{{"id": "e{i}", "date": "2020", "company": "a", "kind": "statement", "title": "t", "summary": "s", "evidence": "reported", "sources": ["s"], "links": [{{"to": "gone-{i}", "relation": "contradicts", "note": "n"}}]}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"format": "ethics-timeline/1", "title": "T", "companies": [{{"id": "a", "name": "A"}}],
        "sources": [{{"id": "s", "publisher": "P", "title": "T", "url": "https://e.org", "published": "2021"}}],
        "events": [{}]}}"#,
        events.join(",")
    );
    let path = temp_file("many-dangling.json", &json);
    let path = path.to_str().expect("utf-8 path");
    let short = text(&run(&["check", path]).stdout);
    assert_eq!(short.matches("unknown event \"gone-").count(), 200, "the first 200 are listed");
    assert!(
        short.contains("… and 100 more like this: unknown event \"…\" (at events[].links[].to); `ethics-timeline check --all` lists every one"),
        "{}",
        short.lines().rev().take(3).collect::<Vec<_>>().join("\n")
    );
    assert!(short.ends_with("300 errors found; the dataset was not loaded\n"));
    let all = text(&run(&["check", "--all", path]).stdout);
    assert_eq!(all.matches("unknown event \"gone-").count(), 300);
    assert!(!all.contains("more like this"));
}
