//! The importer writes a new dataset without loading it back (it is streamed to the file as
//! it is made), so this property stands in for that check: whatever contracts CSV rows come
//! in (shuffled, repeated, across several files, with hostile text, de-obligations, missing
//! cells, Delta deletes), the import either refuses with an error or writes a file the app's
//! own loader takes with no errors and no warnings, holding one award event per award left.
//! And an import forced past a tiny memory budget (spilled to bucket files) gives the same
//! dataset as the import in memory.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use ethics_timeline::cmd::import::{self, Request};
use ethics_timeline::data::{Severity, load_path};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const HEADER: &str = "correction_delete_ind,contract_transaction_unique_key,contract_award_unique_key,award_id_piid,modification_number,transaction_number,parent_award_id_piid,federal_action_obligation,total_dollars_obligated,potential_total_value_of_award,action_date,period_of_performance_start_date,period_of_performance_current_end_date,awarding_sub_agency_name,recipient_name,recipient_parent_name,transaction_description,action_type_description";

/// One row: which award (of a few), which modification, and the rest.
#[derive(Debug, Clone)]
struct Row {
    award: usize,
    modification: usize,
    delete: bool,
    obligation: Option<i64>,
    day: u32,
    end: u32,
    text: String,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("MICROSOFT \"AZURE\", LICENSES".to_string()),
        Just("back\\slash and \u{7} bell".to_string()),
        Just("line\nbreak".to_string()),
        Just("émoji 🚀 and \u{202e}rtl".to_string()),
        "[ -~]{0,12}",
    ]
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..9usize,
        0..5usize,
        prop::bool::weighted(0.1),
        prop::option::of(-50_000i64..5_000_000),
        0..400u32,
        0..900u32,
        text(),
    )
        .prop_map(|(award, modification, delete, obligation, day, end, text)| Row {
            award,
            modification,
            delete,
            obligation,
            day,
            end,
            text,
        })
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn csv(rows: &[Row]) -> String {
    let mut out = format!("{HEADER}\n");
    let base = chrono::NaiveDate::from_ymd_opt(2019, 1, 1).expect("day");
    for r in rows {
        // Award 6's ids collide with award 0's (a key differing only in case); award 7's PIID
        // has a character ids do not keep; award 8 is a 2018-era row with no key, under an IDV.
        let piid = match r.award {
            6 => "p0".to_string(),
            7 => "P0.".to_string(),
            n => format!("P{n}"),
        };
        let key = if r.award == 8 { String::new() } else { format!("CONT_AWD_{piid}_7012_-NONE-_-NONE-") };
        let parent = if r.award == 8 { "IDV1" } else { "" };
        let m = if r.modification == 0 { "0".to_string() } else { format!("P{:05}", r.modification) };
        let money = |v: Option<i64>| {
            v.map(|c| format!("{}{}.{:02}", if c < 0 { "-" } else { "" }, c.abs() / 100, c.abs() % 100))
                .unwrap_or_default()
        };
        let date = base + chrono::Days::new(u64::from(r.day));
        let end = base + chrono::Days::new(u64::from(r.end));
        let recipient = if r.award % 2 == 0 { "DELL FEDERAL SYSTEMS L.P." } else { "ACME, \"THE\" LLC" };
        let fields = [
            if r.delete { "D".to_string() } else { String::new() },
            format!("7012_-NONE-_{piid}_{m}_-NONE-_0"),
            key,
            piid,
            m,
            "0".into(),
            parent.into(),
            money(r.obligation),
            money(r.obligation.map(|o| o * 3)),
            money(r.obligation.map(|o| o.abs() * 5)),
            date.to_string(),
            base.to_string(),
            end.to_string(),
            "U.S. Immigration and Customs Enforcement".into(),
            recipient.into(),
            r.text.clone(),
            r.text.clone(),
            if r.modification == 0 { String::new() } else { "SUPPLEMENTAL AGREEMENT".into() },
        ];
        let line: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// Each file's rows written as a CSV in `dir`.
fn write_files(dir: &std::path::Path, files: &[Vec<Row>]) -> Vec<PathBuf> {
    files
        .iter()
        .enumerate()
        .map(|(i, rows)| {
            let p = dir.join(format!("file {i}.csv"));
            std::fs::write(&p, csv(rows)).expect("write");
            p
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_import_writes_a_dataset_the_loader_takes_whole(
        files in prop::collection::vec(prop::collection::vec(row(), 1..25), 1..4),
        rule in prop::bool::ANY,
    ) {
        let dir = common::temp_dir("import-output");
        let paths = write_files(&dir, &files);
        let out = dir.join("out.json");
        let companies = if rule { vec!["microsoft=MICROSOFT".to_string()] } else { Vec::new() };
        let request = Request { files: &paths, output: &out, into: None, companies: &companies, date_order: None, memory_budget: None };
        let Ok(report) = import::import(&request, &mut Vec::new()) else {
            // Refused (e.g. every transaction deleted): nothing may be written.
            prop_assert!(!out.exists());
            return Ok(());
        };
        let loaded = load_path(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let warnings: Vec<_> = loaded.warnings.iter().filter(|w| w.severity != Severity::Note).collect();
        prop_assert!(warnings.is_empty(), "{warnings:?}");
        // One award event per award with a transaction left after the deletes (the last
        // record of each transaction wins, in file order).
        let mut last: HashMap<(usize, usize), bool> = HashMap::new();
        for r in files.iter().flatten() {
            last.insert((r.award, r.modification), r.delete);
        }
        let left: HashSet<usize> = last.iter().filter(|(_, d)| !**d).map(|((a, _), _)| *a).collect();
        let awards = loaded.dataset.events.iter().filter(|e| e.award.as_ref().is_some_and(|a| a.modification.is_none())).count();
        prop_assert_eq!(awards, left.len());
        prop_assert_eq!(report.awards, left.len());
        prop_assert_eq!(loaded.dataset.events.len(), report.awards + report.modifications);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_spilled_import_writes_the_same_dataset_as_one_in_memory(
        files in prop::collection::vec(prop::collection::vec(row(), 1..25), 1..4),
        budget in prop_oneof![Just(1usize), Just(3_000), Just(30_000)],
        rule in prop::bool::ANY,
    ) {
        let dir = common::temp_dir("import-spill");
        let paths = write_files(&dir, &files);
        let companies = if rule { vec!["microsoft=MICROSOFT".to_string()] } else { Vec::new() };
        let run = |out: &std::path::Path, memory_budget: Option<usize>| {
            let request = Request { files: &paths, output: out, into: None, companies: &companies, date_order: None, memory_budget };
            import::import(&request, &mut Vec::new())
        };
        let (memory, spilled) = (dir.join("memory.json"), dir.join("spilled.json"));
        let in_memory = run(&memory, None);
        let by_buckets = run(&spilled, Some(budget));
        // Nothing but the inputs and outputs is left: the bucket files are gone.
        let left = std::fs::read_dir(&dir).expect("dir").count();
        match (in_memory, by_buckets) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a, b);
                prop_assert_eq!(left, paths.len() + 2);
                let (a, b) = (std::fs::read_to_string(&memory).expect("read"), std::fs::read_to_string(&spilled).expect("read"));
                // The same header, companies and actors, in the same order...
                let head = |t: &str| t.split("\n  \"sources\"").next().unwrap_or_default().to_string();
                prop_assert_eq!(head(&a), head(&b));
                // ...and the same sources and events, record for record (one a line), though
                // bucket by bucket.
                let records = |t: &str| {
                    let mut lines: Vec<String> = t.lines().map(|l| l.trim_end_matches(',').to_string()).collect();
                    lines.sort();
                    lines
                };
                prop_assert_eq!(records(&a), records(&b));
                let loaded = load_path(&spilled).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let warnings: Vec<_> = loaded.warnings.iter().filter(|w| w.severity != Severity::Note).collect();
                prop_assert!(warnings.is_empty(), "{warnings:?}");
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                prop_assert_eq!(left, paths.len());
            }
            (a, b) => prop_assert!(false, "in memory {a:?}, spilled {b:?}"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// An award that cannot be written (no recipient) is found before anything is written, in
/// memory and spilled alike, and the spilled import leaves no temporary files.
#[test]
fn a_spilled_import_refuses_what_one_in_memory_refuses_and_leaves_nothing() {
    let dir = common::temp_dir("import-spill-refused");
    let row = |key: &str, recipient: &str| {
        let piid = &key[9..];
        format!(
            ",{key}_T,{key},{piid},0,0,,100.00,100.00,100.00,2019-01-02,2019-01-01,2020-01-01,ICE,{recipient},,x,\n"
        )
    };
    let first = format!("{HEADER}\n{}{}", row("CONT_AWD_A", "ACME LLC"), row("CONT_AWD_B", "ACME LLC"));
    let second = format!("{HEADER}\n{}{}", row("CONT_AWD_C", ""), row("CONT_AWD_D", ""));
    let paths = [dir.join("a.csv"), dir.join("b.csv")];
    std::fs::write(&paths[0], first).expect("write");
    std::fs::write(&paths[1], second).expect("write");
    let run = |name: &str, memory_budget| {
        let out = dir.join(name);
        let request = Request {
            files: &paths,
            output: &out,
            into: None,
            companies: &[],
            date_order: None,
            memory_budget,
        };
        (import::import(&request, &mut Vec::new()), out)
    };
    let (in_memory, out_a) = run("memory.json", None);
    let (spilled, out_b) = run("spilled.json", Some(1));
    let e = in_memory.expect_err("refused");
    // C is the first award read without one, whichever bucket it lands in.
    assert!(e.to_string().contains("award C names no recipient"), "{e}");
    assert_eq!(Err(e), spilled);
    assert!(!out_a.exists() && !out_b.exists());
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 2, "only the inputs are left");
    let _ = std::fs::remove_dir_all(&dir);
}
