//! Malformed datasets run through the real binary. `--data FILE` must exit 2 with the located
//! message on stderr and nothing on stdout; `check FILE` must exit 1 and print the same report.
//! Nothing may panic, and no control character from a file may reach the terminal.

use std::path::{Path, PathBuf};
mod common;

use common::{run, text};

/// Each file in `tests/fixtures/bad/`, one a line: its name, how many errors it has, where the
/// first one is (`line:column`, `-` when the problem is the whole file) and what it says.
const CASES: &str = r#"
amount-is-a-string.json            1 35:30  invalid type: string "19.4 million", expected a JSON object
amount-out-of-range.json           1 35:32  invalid JSON: number out of range
bad-currency.json                  1 35:43  e2: currency "dollars" is not an ISO 4217 code (at events[1].amount.currency)
bidi-override-in-company-id.json   1 8:13   company id "evil�cod.exe" holds a control or invisible character (at companies[1].id)
control-character-in-event-id.json 2 28:13  event id "e2␛]0;pwned␇" holds a control or invisible character (at events[1].id)
dangling-actor.json                1 20:16  e1: unknown actor "board" (at events[0].actor)
dangling-company.json              1 30:18  e2: unknown company "globex" (at events[1].company)
dangling-counterparty.json         1 31:23  e2: unknown actor "ice" (at events[1].counterparty)
dangling-default-company.json      1 4:22   unknown company "globex" (at default_company)
dangling-link.json                 1 36:25  e2: unknown event "e9" (at events[1].links[0].to)
dangling-quote-source.json         1 25:65  e1: unknown source "src-missing" (at events[0].quote.source)
dangling-source.json               1 25:19  e1: unknown source "src-missing" (at events[0].sources[0])
dangling-start.json                1 5:12   unknown event "e0" (at start)
dangling-tour-step.json            1 40:59  t1: tour step names unknown event "e7" (at tours[0].steps[0].event)
date-feb-30.json                   1 18:15  e1: invalid date "2018-02-30": 2018-02 has no day 30 (at events[0].date)
date-in-words.json                 1 18:15  e1: invalid date "June 2018": expected YYYY, YYYY-MM or YYYY-MM-DD (at events[0].date)
date-month-13.json                 1 18:15  e1: invalid date "2018-13": month 13 does not exist (at events[0].date)
date-year-0000.json                1 18:15  e1: invalid date "0000": year 0 is out of range (1 to 9999) (at events[0].date)
date-year-99999.json               1 18:15  e1: invalid date "99999": year 99999 is out of range (1 to 9999) (at events[0].date)
duplicate-company-ids.json         1 8:13   acme: duplicate company id (first used at companies[0]) (at companies[1].id)
duplicate-event-ids.json           2 28:13  e1: duplicate event id (first used at events[0]) (at events[1].id)
duplicate-key.json                 1 23:13  duplicate field `title`
duplicate-source-ids.json          1 14:13  src-a: duplicate source id (first used at sources[0]) (at sources[1].id)
empty-event-title.json             1 22:16  e1: `title` is empty (at events[0].title)
empty-events.json                  1 15:13  the dataset has no events (at events)
empty.json                         1 -      the file is empty
end-before-start.json              1 30:19  e2: end date Dec 2017 is before the start date 2018-07-01 (at events[1].end_date)
escape-in-unknown-kind.json        1 31:15  e2: unknown kind "␛]0;pwned␇" (at events[1].kind)
event-without-sources.json         1 16:5   e1: no sources: every event cites at least one (at events[0])
events-is-an-object.json           1 5:13   invalid type: map, expected a sequence
invalid-utf8.json                  1 23:19  the file is not valid UTF-8
link-as-array.json                 1 36:17  invalid type: sequence, expected a JSON object
lone-surrogate-escape.json         1 22:25  invalid JSON: unexpected end of hex escape
missing-event-summary.json         1 16:5   e1: missing field `summary` (at events[0])
missing-events.json                1 1:1    missing field `events`
missing-format.json                1 1:1    missing field `format`
missing-title.json                 1 1:1    missing field `title`
negative-amount.json               1 35:28  e2: amount must be a non-negative number (at events[1].amount.value)
no-companies.json                  4 4:22   unknown company "acme" (at default_company)
non-ascii-before-syntax-error.json 1 22:34  invalid JSON: expected `,` or `}`
null-event.json                    1 16:8   invalid type: null, expected a JSON object
raw-newline-in-string.json         1 23:28  invalid JSON: control character (\u0000-\u001F) found while parsing a string
records-as-arrays.json             1 7:5    invalid type: sequence, expected a JSON object
self-link.json                     1 36:25  e2: an event cannot link to itself (at events[1].links[0].to)
source-date-feb-29-2019.json       1 13:117 src-a: invalid date "2019-02-29": 2019-02 has no day 29 (at sources[0].published)
source-refused-for-its-kind.json   1 13:139 src-a: unknown source kind "rumour" (at sources[0].kind)
sources-is-a-string.json           1 25:24  invalid type: string "src-a", expected a sequence
title-is-a-number.json             1 22:16  invalid type: integer `7`, expected a string
top-level-array.json               1 1:1    invalid type: sequence, expected a JSON object
tour-without-steps.json            1 40:5   t1: tour has no steps (at tours[0])
trailing-comma.json                1 26:5   invalid JSON: trailing comma
trailing-garbage.json              1 43:1   invalid JSON: trailing characters
truncated-mid-event.json           1 31:6   the file ends too early: EOF while parsing a value
unknown-actor-type.json            1 10:52  staff: unknown actor type "robot" (at actors[0].type)
unknown-date-qualifier.json        1 19:25  e1: unknown date qualifier "maybe" (at events[0].date_qualifier)
unknown-evidence.json              1 24:19  e1: unknown evidence level "certain" (at events[0].evidence)
unknown-field-typo.json            1 33:16  unknown field `summmary`, expected one of `id`, `date`, `date_qualifier`, `end_date`, `company`, `actor`, `counterparty`, `kind`, `title`, `summary`, `quote`, `amount`, `award`, `evidence`, `sources`, `tags`, `links`, `questions`
unknown-format.json                1 2:13   unknown format "ethics-timeline/2" (at format)
unknown-kind.json                  1 31:15  e2: unknown kind "rumour" (at events[1].kind)
unknown-relation.json              1 36:43  e2: unknown relation "refutes" (at events[1].links[0].relation)
unquoted-key.json                  1 3:3    invalid JSON: key must be a string
url-without-scheme.json            1 13:79  src-a: not a web address: "example.com/a" (at sources[0].url)
utf16-le-bom.json                  1 1:1    the file is not valid UTF-8
whitespace-only.json               1 -      the file is empty
"#;

/// The rows of [`CASES`]: (name, errors, position, message).
fn cases() -> Vec<(&'static str, usize, &'static str, &'static str)> {
    let field = |s: &mut &'static str| -> &'static str {
        let t = s.trim_start();
        let end = t.find(' ').unwrap_or(t.len());
        *s = &t[end..];
        &t[..end]
    };
    CASES
        .lines()
        .filter(|l| !l.is_empty())
        .map(|mut l| {
            let name = field(&mut l);
            let errors = field(&mut l).parse().expect("an error count");
            let at = field(&mut l);
            (name, errors, at, l.trim_start())
        })
        .collect()
}

/// Asserts the whole contract for one refused file and returns its report.
fn assert_refused(path: &str, errors: usize, first_line: &str) -> String {
    let out = run(&["--data", path]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{path}: --data exits 2\n{stderr}");
    assert!(out.stdout.is_empty(), "{path}: nothing on stdout");
    assert!(!stderr.contains("panicked"), "{path}: {stderr}");
    assert!(stderr.starts_with(first_line), "{path}: expected\n{first_line}\ngot\n{stderr}");
    let plural = if errors == 1 { "" } else { "s" };
    let summary = format!("{path}: {errors} error{plural} found; the dataset was not loaded\n");
    assert!(stderr.ends_with(&summary), "{path}: expected {errors} error{plural}\n{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{path}: a raw control character: {stderr:?}");

    let check = run(&["check", path]);
    assert_eq!(check.status.code(), Some(1), "{path}: check exits 1");
    assert!(!text(&check.stderr).contains("panicked"), "{path}");
    assert_eq!(text(&check.stdout), stderr, "{path}: check prints the same report");
    stderr
}

fn temp_dir(test: &str) -> PathBuf {
    common::temp_dir(&format!("bad-{test}"))
}

#[test]
fn every_bad_fixture_is_refused_with_its_located_message() {
    // Two processes per file; run the files side by side (a failure still names its file).
    std::thread::scope(|scope| {
        for (name, errors, at, message) in cases() {
            scope.spawn(move || {
                let path = format!("tests/fixtures/bad/{name}");
                let first = if at == "-" {
                    format!("{path}: error: {message}\n")
                } else {
                    format!("{path}:{at}: error: {message}\n")
                };
                assert_refused(&path, errors, &first);
            });
        }
    });
}

#[test]
fn every_file_in_the_bad_folder_has_an_expected_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/fixtures/bad")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<String> = cases().iter().map(|c| c.0.to_string()).collect();
    assert_eq!(files, listed, "CASES lists every fixture, in name order");
    assert!(files.len() >= 25);
}

#[test]
fn hints_name_what_exists_in_plain_words() {
    let out = assert_refused(
        "tests/fixtures/bad/dangling-company.json",
        1,
        "tests/fixtures/bad/dangling-company.json:30:18: error: e2: unknown company \"globex\"",
    );
    assert!(out.contains("hint: companies defined: acme\n"), "{out}");
    let out = assert_refused(
        "tests/fixtures/bad/no-companies.json",
        4,
        "tests/fixtures/bad/no-companies.json:4:22",
    );
    assert!(out.contains("hint: no companies are defined\n"), "{out}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let out = run(&["check", "tests/fixtures/bom.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "tests/fixtures/bom.json: ok, 2 events, 0 warnings\n");
    let out = run(&["list", "--data", "tests/fixtures/bom.json"]);
    assert_eq!(out.status.code(), Some(0));
    let ids: Vec<String> =
        text(&out.stdout).lines().filter_map(|l| l.split_whitespace().next().map(String::from)).collect();
    assert_eq!(ids, ["e1", "e2"]);
}

#[test]
fn a_directory_and_a_missing_file() {
    let dir = "tests/fixtures/bad";
    assert_refused(dir, 1, &format!("{dir}: error: is a directory, not a dataset file\n"));
    let missing = "tests/fixtures/bad-but-missing.json";
    assert_refused(
        missing,
        1,
        &format!("{missing}: error: no such file\n  hint: check the path given to --data\n"),
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let dir = temp_dir("deep");
    let open = "[".repeat(10_000);
    let close = "]".repeat(10_000);
    let objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    for (name, json, at, message) in [
        ("arrays.json", format!("{open}{close}"), "1:1", "invalid type: sequence, expected a JSON object"),
        ("objects.json", objects, "1:4", "unknown field `a`, expected one of"),
        (
            "in-events.json",
            format!(r#"{{"format": "ethics-timeline/1", "events": {open}{close}}}"#),
            "1:44",
            "invalid type: sequence, expected a JSON object",
        ),
        (
            "in-a-title.json",
            format!(r#"{{"format": "ethics-timeline/1", "title": {open}{close}}}"#),
            "1:42",
            "invalid type: sequence, expected a string",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, json).expect("write");
        let path = path.to_string_lossy().into_owned();
        assert_refused(&path, 1, &format!("{path}:{at}: error: {message}"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn huge_strings_are_quoted_short() {
    let dir = temp_dir("huge");
    let base = std::fs::read_to_string("tests/fixtures/bad/unknown-kind.json").expect("fixture");
    let long_kind = base.replace("rumour", &"x".repeat(4 << 20));
    let long_id = base.replace(r#""id": "e2""#, &format!(r#""id": "{}""#, "é".repeat(1 << 18)));
    for (name, json, first) in [
        (
            "kind.json",
            long_kind,
            format!(":31:15: error: e2: unknown kind \"{}…\" (at events[1].kind)", "x".repeat(59)),
        ),
        (
            "id.json",
            long_id,
            format!(":31:15: error: {}…: unknown kind \"rumour\" (at events[1].kind)", "é".repeat(59)),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, json).expect("write");
        let path = path.to_string_lossy().into_owned();
        let out = assert_refused(&path, 1, &format!("{path}{first}\n"));
        assert!(out.len() < 2_000, "{} bytes of report", out.len());
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    use ethics_timeline::data::load::MAX_FILE_BYTES;
    let dir = temp_dir("size");
    let path = dir.join("huge.json");
    // A sparse file: the length is metadata only, no disk is written. Reading it would take
    // a gigabyte of memory and seconds, so a quick answer shows the limit is checked first.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(MAX_FILE_BYTES + 1).expect("set_len");
    drop(file);
    let path = path.to_string_lossy().into_owned();
    let started = std::time::Instant::now();
    assert_refused(
        &path,
        1,
        &format!(
            "{path}: error: file is 1025 MB; the limit is 1024 MB\n  hint: split the dataset into smaller files\n"
        ),
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "refused without reading");
    let _ = std::fs::remove_dir_all(dir);
}
