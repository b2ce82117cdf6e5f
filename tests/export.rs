//! `export`: every format on a dataset written to break escaping, tour order and notes, the
//! command line's messages and exit codes, and the TimelineJS round trip of the bundled dataset.

mod common;

use common::run;
use ethics_timeline::cli::ExportFormat;
use ethics_timeline::cmd::export::{self, Item, Selection};
use ethics_timeline::data::{self, Dataset};

fn hostile() -> Dataset {
    common::load("export-escaping.json").dataset
}

fn render(selection: &Selection<'_>, format: ExportFormat) -> String {
    let mut out = Vec::new();
    export::write(selection, format, &mut out).expect("write to memory");
    String::from_utf8(out).expect("exports are UTF-8")
}

fn all(data: &Dataset, format: ExportFormat) -> String {
    render(&Selection::all(data), format)
}

#[test]
fn html_escapes_every_dataset_string_and_links_only_web_addresses() {
    let html = all(&hostile(), ExportFormat::Html);
    for raw in ["<script", "<img", "<b>", "<i>", "<do>", "<statement>", "\"onmouseover", "'never'"] {
        assert!(!html.contains(raw), "unescaped {raw} in:\n{html}");
    }
    assert!(
        html.contains("Hostile &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;")
    );
    assert!(
        html.contains("href=\"https://example.com/a?b=1&amp;c=&quot;onmouseover=&quot;alert(1)\""),
        "{html}"
    );
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@media print"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "shown as text");
    // A link to another event in the file is followable.
    assert!(html.contains("<a href=\"#event-acme-2019-formula\">"), "{html}");
    assert!(html.contains("<dt>Date</dt><dd>circa 2020 to June 2021</dd>"));
    assert!(html.contains("<dt>Amount</dt><dd>USD 1.25 million · ceiling</dd>"));
}

#[test]
fn html_never_links_a_non_web_address() {
    let imported = common::load("timelinejs/mixed.json").dataset;
    let html = all(&imported, ExportFormat::Html);
    assert!(html.contains("file://"), "the placeholder is named");
    assert!(!html.contains("href=\"file:"), "but never linked");
    let markdown = all(&imported, ExportFormat::Markdown);
    assert!(!markdown.contains("](file:"), "{markdown}");
}

#[test]
fn markdown_text_cannot_become_markup() {
    let md = all(&hostile(), ExportFormat::Markdown);
    assert!(md.starts_with("# Hostile \\<script\\>alert('title')\\</script\\> \\& \"quotes\"\n"), "{md}");
    assert!(md.contains("\\# Not a heading\n\n\\- not a list\n\n\\=cmd\\|' /C calc'!A0"), "{md}");
    assert!(md.contains(
        "\\- starts like a list, has \\*stars\\*, \\_underscores\\_, \\[a\\](javascript:alert(1))"
    ));
    assert!(md.contains("\n\n1\\. a numbered line\n\n\\+ plus\n"), "{md}");
    assert!(md.contains("(http://example.org/%28paren%29%20x)"), "{md}");
    assert!(md.contains("Is \\`code\\` safe?"));
    assert!(md.contains("> “We 'never' \\<do\\> that”\n>\n> — @ceo, in Evil \"News\""), "{md}");
}

#[test]
fn a_tour_keeps_its_order_and_notes() {
    let data = hostile();
    let tour = Selection::pick(&data, Some("backwards"), None).expect("tour exists");
    for format in [ExportFormat::Markdown, ExportFormat::Html] {
        let text = render(&tour, format);
        assert!(
            text.starts_with("# Backwards tour") || text.contains("<h1>Backwards tour</h1>"),
            "{format:?}"
        );
        // The events, after the say-vs-do table at the top.
        let events = text.find("## 1.").or_else(|| text.find("<article")).expect("the events");
        let text = &text[events..];
        let contract = text.find("contract, with a comma").expect("contract");
        let statement = text.find("HYPERLINK").expect("statement");
        assert!(contract < statement, "{format:?}: tour order");
        assert!(text.contains("Start with the contract."), "{format:?}");
    }
    let json = render(&tour, ExportFormat::Timelinejs);
    assert!(json.contains("Then the &lt;statement&gt;."), "{json}");
}

#[test]
fn a_filter_picks_events_and_errors_name_what_exists() {
    let data = hostile();
    let contracts = Selection::pick(&data, None, Some("kind:contract")).expect("filter");
    assert_eq!(contracts.items.len(), 1);
    let tour_and_filter = Selection::pick(&data, Some("backwards"), Some("kind:statement")).expect("both");
    assert_eq!(tour_and_filter.items.len(), 1);
    let e = Selection::pick(&data, Some("nope"), None).expect_err("unknown tour");
    assert_eq!(e, "--tour: no tour \"nope\"; tours: backwards");
    assert!(Selection::pick(&data, None, Some("kind:nope")).is_err());
}

/// Splits RFC 4180 CSV into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_the_timelinejs_columns_quoting_and_no_formulas() {
    let csv = all(&hostile(), ExportFormat::Csv);
    assert!(csv.ends_with("\r\n"));
    let rows = parse_csv(&csv);
    assert_eq!(rows[0], export::csv::COLUMNS.map(String::from));
    assert_eq!(rows.len(), 4, "header, title, two events");
    assert!(rows.iter().all(|r| r.len() == 18), "{rows:?}");
    assert_eq!(rows[1][15], "title");
    let statement = &rows[2];
    assert_eq!(&statement[0..3], ["2019", "3", "4"]);
    assert_eq!(statement[9], "'=HYPERLINK(&quot;http://evil&quot;,&quot;click&quot;)");
    assert_eq!(statement[16], "statement");
    let contract = &rows[3];
    assert_eq!(&contract[0..7], ["2020", "", "", "", "2021", "6", ""]);
    assert_eq!(contract[8], "circa 2020 – June 2021");
    assert_eq!(contract[9], "'+1 contract, with a comma");
    assert!(
        contract[10].contains("<p>Line one.</p><p>Line two, &quot;quoted&quot;.</p>"),
        "{}",
        contract[10]
    );
    assert_eq!(contract[11], "http://example.org/(paren)%20x");
}

#[test]
fn csv_defuses_formulas_but_not_bce_years() {
    use export::csv::defuse;
    assert_eq!(defuse("=1+1"), "'=1+1");
    assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(defuse("-2+3"), "'-2+3");
    assert_eq!(defuse("\tx"), "'\tx");
    assert_eq!(defuse("-520"), "-520");
    assert_eq!(defuse("plain"), "plain");
    assert_eq!(export::csv::quote("a,\"b\""), "\"a,\"\"b\"\"\"");
}

#[test]
fn timelinejs_json_has_the_shape_the_library_loads() {
    let json = all(&hostile(), ExportFormat::Timelinejs);
    let root: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert!(root["title"]["text"]["headline"].as_str().is_some_and(|h| h.contains("&lt;script&gt;")));
    let events = root["events"].as_array().expect("events");
    assert_eq!(events.len(), 2);
    let statement = &events[0];
    assert_eq!(statement["unique_id"], "acme-2019-formula");
    assert_eq!(statement["start_date"], serde_json::json!({"year": 2019, "month": 3, "day": 4}));
    assert_eq!(statement["group"], "statement");
    assert_eq!(statement["media"]["url"], "https://example.com/a?b=1&c=%22onmouseover=%22alert(1)");
    assert_eq!(statement["media"]["credit"], "Evil &quot;News&quot;");
    let text = statement["text"]["text"].as_str().expect("text");
    assert!(text.contains("<blockquote>“We &#39;never&#39; &lt;do&gt; that” — @ceo</blockquote>"), "{text}");
    assert!(
        text.contains("<a href=\"http://example.org/(paren) x\">Plain: A, B and &quot;C&quot;</a>"),
        "{text}"
    );
    let contract = &events[1];
    assert_eq!(contract["start_date"], serde_json::json!({"year": 2020}));
    assert_eq!(contract["end_date"], serde_json::json!({"year": 2021, "month": 6}));
    assert_eq!(contract["display_date"], "circa 2020 – June 2021");
}

#[test]
fn a_tour_that_revisits_an_event_gives_one_slide() {
    let data = hostile();
    let mut selection = Selection::all(&data);
    selection.items.push(Item { event: 0, note: Some("again") });
    assert_eq!(export::timelinejs::slides(&selection).len(), 2);
    let rows = parse_csv(&render(&selection, ExportFormat::Csv));
    assert_eq!(rows.len(), 4);
}

#[test]
fn bundled_dataset_survives_a_timelinejs_round_trip() {
    let original = match data::bundled() {
        Ok(l) => l.dataset,
        Err(e) => panic!("{e}"),
    };
    let json = all(&original, ExportFormat::Timelinejs);
    let back = match data::load_bytes("round-trip.json", json.as_bytes()) {
        Ok(l) => l.dataset,
        Err(e) => panic!("the export does not import:\n{e}"),
    };
    assert_eq!(back.title, original.title);
    assert_eq!(back.events.len(), original.events.len());
    for (a, b) in original.events.iter().zip(&back.events) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.date, b.date, "{}", a.id);
        assert_eq!(a.date.precision(), b.date.precision(), "{}", a.id);
        assert_eq!(a.qualifier, b.qualifier, "{}", a.id);
        assert_eq!(a.end_date, b.end_date, "{}", a.id);
        assert_eq!(a.title, b.title, "{}", a.id);
        assert_eq!(a.kind, b.kind, "{}", a.id);
    }
}

#[test]
fn cli_writes_the_file_and_says_what_the_format_loses() {
    let dir = std::env::temp_dir().join(format!("et-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("tour.csv");
    let path_arg = path.to_string_lossy().into_owned();
    let out = run(&[
        "export",
        "--data",
        "tests/fixtures/export-escaping.json",
        "--format",
        "csv",
        "--tour",
        "backwards",
        "-o",
        &path_arg,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("wrote 2 events as TimelineJS CSV to"), "{stderr}");
    assert!(stderr.contains("links between events"), "{stderr}");
    assert!(stderr.contains("the tour's step order"), "{stderr}");
    let written = std::fs::read_to_string(&path).expect("the file was written");
    assert!(written.starts_with("Year,Month,Day,"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_unknown_tour_names_the_tours_and_exits_2() {
    let out = run(&["export", "--format", "html", "--tour", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no tour \"nope\"; tours: words-and-contracts-2018,"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn cli_markdown_of_the_bundled_dataset_has_every_event() {
    let out = run(&["export", "--format", "markdown"]);
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    let sections = md.lines().filter(|l| l.starts_with("## ") && l != &"## Say vs. do").count();
    let n = data::bundled().map(|l| l.dataset.events.len()).unwrap_or_default();
    assert_eq!(sections, n);
    assert!(md.contains("\n## Say vs. do\n"), "the pairs come first");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Markdown loses:\n  - statements and contracts that nothing links"), "{stderr}");
    assert!(!stderr.contains("outside this export"), "a full export links every event: {stderr}");
}

#[test]
fn an_export_that_matches_nothing_fails_and_writes_nothing() {
    let dir = common::temp_dir("export-empty");
    let path = dir.join("handout.md");
    let out = run(&[
        "export",
        "--format",
        "markdown",
        "--filter",
        "year:1999",
        "-o",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the filter \"year:1999\" matches no event; nothing was written"), "{stderr}");
    assert!(!path.exists(), "no empty handout is left behind");
}

#[test]
fn a_students_handout_has_a_worksheet_and_no_presenter_notes() {
    let args = |format: &str, audience: Option<&str>| {
        let mut a = vec!["export", "--format", format, "--tour", "words-and-contracts-2018"];
        if let Some(x) = audience {
            a.extend(["--audience", x]);
        }
        String::from_utf8_lossy(&run(&a).stdout).into_owned()
    };
    let teacher = args("markdown", None);
    assert!(teacher.contains("**Presenter's note:**"), "the default is the teacher's full handout");
    let students = args("markdown", Some("students"));
    assert!(!students.contains("Presenter's note"), "no notes for students");
    assert!(students.contains("Your answer:"), "questions with room to write");
    assert!(students.contains("## Say vs. do"), "the pairs table stays");
    let html = args("html", Some("students"));
    assert!(!html.contains("Presenter's note") && html.contains("class=\"answer\""));
}
