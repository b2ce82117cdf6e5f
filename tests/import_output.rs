//! The importer writes a new dataset without loading it back (it is streamed to the file as
//! it is made), so this property stands in for that check: whatever contracts CSV rows come
//! in (shuffled, repeated, across several files, with hostile text, de-obligations, missing
//! cells, Delta deletes), the import either refuses with an error or writes a file the app's
//! own loader takes with no errors and no warnings, holding one award event per award left.

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
        0..6usize,
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
        let piid = format!("P{}", r.award);
        let key = format!("CONT_AWD_{piid}_7012_-NONE-_-NONE-");
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
            String::new(),
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
        let paths: Vec<PathBuf> = files
            .iter()
            .enumerate()
            .map(|(i, rows)| {
                let p = dir.join(format!("file {i}.csv"));
                std::fs::write(&p, csv(rows)).expect("write");
                p
            })
            .collect();
        let out = dir.join("out.json");
        let companies = if rule { vec!["microsoft=MICROSOFT".to_string()] } else { Vec::new() };
        let request = Request { files: &paths, output: &out, into: None, companies: &companies, date_order: None };
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
}
