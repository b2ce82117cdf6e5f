//! `import usaspending` on the real downloads and API responses in
//! `/work/shared/fixtures/usaspending/` (read in place, never copied here). The counts and
//! figures below were read from the files themselves with Python's `csv` module
//! (`csv.DictReader(open(f, newline='', encoding='utf-8-sig'))`) and `json.load`, not from
//! the importer's output.
//!
//! The folder is found beside the worktree (`$CARGO_MANIFEST_DIR/../shared/...`), else at
//! `$ETHICS_TIMELINE_USASPENDING_FIXTURES`, else at `/work/shared/fixtures/usaspending`.

mod common;

use std::path::{Path, PathBuf};

use ethics_timeline::app::App;
use ethics_timeline::cmd::import::{self, Report, Request};
use ethics_timeline::data::model::{Award, Event};
use ethics_timeline::data::{Dataset, Evidence, Kind, Severity, load_path};
use ethics_timeline::geometry::details;

const FULL: &str = "Davidzent_AwardTrace_backend_src_test_resources_fixtures_contracts_FY2026_012_Contracts_Full_20260909_1.csv";
const SUMMARIES: &str =
    "alyssc_mn_ice_contracts_data_umn_Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv";
const SUBAWARDS: &str = "alyssc_mn_ice_contracts_data_mn_all_Contracts_Subawards_2025-03-21_H19M57S41_1.csv";
const CONTRACT: &str = "planetary-society_usaspending-orm_tests_fixtures_awards_contract.json";
const IDV: &str = "planetary-society_usaspending-orm_tests_fixtures_awards_idv.json";
const TRANSACTIONS: &str = "planetary-society_usaspending-orm_tests_fixtures_awards_transactions.json";
const SEARCH: &str = "planetary-society_usaspending-orm_tests_fixtures_spending_by_award_contracts.json";

/// Where the shared fixtures are; `None` on a machine without them (the tests then say so and
/// check nothing, as the real TimelineJS examples' test does).
fn fixtures() -> Option<PathBuf> {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/usaspending");
    let candidates = [
        Some(beside),
        std::env::var_os("ETHICS_TIMELINE_USASPENDING_FIXTURES").map(PathBuf::from),
        Some(PathBuf::from("/work/shared/fixtures/usaspending")),
    ];
    candidates.into_iter().flatten().find(|p| p.join(FULL).exists())
}

/// True (with a note) when the fixtures are missing and the test has nothing to read.
fn missing() -> bool {
    let none = fixtures().is_none();
    if none {
        println!("note: the USAspending fixtures are not here (../shared/fixtures/usaspending); skipping");
    }
    none
}

fn fixture(name: &str) -> PathBuf {
    fixtures().unwrap_or_default().join(name)
}

/// A request to import `files` into a new dataset at `out`.
fn request<'a>(
    files: &'a [PathBuf],
    out: &'a Path,
    companies: &'a [String],
    memory_budget: Option<usize>,
) -> Request<'a> {
    Request { files, output: out, into: None, companies, date_order: None, memory_budget }
}

/// Imports one fixture that must be refused: the error's text, and whether anything was
/// written.
fn refused(test: &str, file: &str) -> (String, bool) {
    let out = common::temp_dir(test).join("out.json");
    let files = [fixture(file)];
    let e = import::import(&request(&files, &out, &[], None), &mut Vec::new()).expect_err("refused");
    (e.to_string(), out.exists())
}

/// Imports `files` (fixture names) into a new dataset and loads it back as the app would.
fn import_new(test: &str, files: &[&str], companies: &[&str]) -> (Report, Dataset) {
    let out = common::temp_dir(test).join("out.json");
    let files: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    let companies: Vec<String> = companies.iter().map(|c| c.to_string()).collect();
    let mut err = Vec::new();
    let report =
        import::import(&request(&files, &out, &companies, None), &mut err).unwrap_or_else(|e| panic!("{e}"));
    let loaded = load_path(&out).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<_> = loaded.warnings.iter().filter(|w| w.severity != Severity::Note).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    (report, loaded.dataset)
}

fn awards(d: &Dataset) -> Vec<&Event> {
    d.events.iter().filter(|e| e.award.as_ref().is_some_and(|a| a.modification.is_none())).collect()
}

fn modifications(d: &Dataset) -> Vec<&Event> {
    d.events.iter().filter(|e| e.award.as_ref().is_some_and(|a| a.modification.is_some())).collect()
}

fn award_of<'d>(d: &'d Dataset, piid: &str, modification: Option<&str>) -> (&'d Event, &'d Award) {
    d.events
        .iter()
        .find_map(|e| {
            let a = e.award.as_deref()?;
            (a.piid == piid && a.modification.as_deref() == modification).then_some((e, a))
        })
        .unwrap_or_else(|| panic!("no event for {piid} {modification:?}"))
}

fn cites(d: &Dataset, e: &Event, url: &str) -> bool {
    e.sources.iter().any(|&s| d.sources[s].url == url)
}

#[test]
fn the_archive_full_file_gives_five_awards_and_two_modifications() {
    if missing() {
        return;
    }
    // 7 rows; 5 distinct contract_award_unique_key values. Besides the base actions
    // (modification_number 0) only award 12024B26M0522 has rows moving money:
    // P00001 federal_action_obligation 27500.00 (total_dollars_obligated 55000.00) and
    // P00002 -27500.00 (total 27500.00). IDV 12444823A0007's P00002 moves nothing (0.00).
    let (report, d) = import_new("fixture-full", &[FULL], &[]);
    assert_eq!(report.files[0].2, 7);
    assert_eq!((report.awards, report.modifications), (5, 2));
    assert_eq!((awards(&d).len(), modifications(&d).len()), (5, 2));

    // The award's total follows the modification sequence (P00002 comes after P00001 though
    // both P00002 and the base are dated 2026-07-16, and P00001 2026-08-24).
    let (e, a) = award_of(&d, "12024B26M0522", None);
    assert_eq!(a.key.as_deref(), Some("CONT_AWD_12024B26M0522_12C2_12024B24T7051_12C2"));
    assert_eq!(a.parent_award.as_deref(), Some("12024B24T7051"));
    assert_eq!(a.obligated, Some(27_500.0));
    assert_eq!(a.potential_total_value, Some(27_500.0));
    assert_eq!(e.date.short(), "2026-07-16");
    assert_eq!(e.end_date.map(|d| d.short()).as_deref(), Some("2026-08-06"));
    assert_eq!(e.evidence, Evidence::Confirmed);
    assert_eq!(e.kind, Kind::Contract);
    assert!(cites(&d, e, "https://www.usaspending.gov/award/CONT_AWD_12024B26M0522_12C2_12024B24T7051_12C2"));
    assert!(e.sources.iter().any(|&s| d.sources[s].title.contains(FULL)), "cites the file");
    assert_eq!(e.amount.as_ref().map(|a| a.value), Some(27_500.0));

    let (p1, a1) = award_of(&d, "12024B26M0522", Some("P00001"));
    assert_eq!((a1.action_obligation, a1.obligated), (Some(27_500.0), Some(55_000.0)));
    assert_eq!(p1.date.short(), "2026-08-24");
    let (p2, a2) = award_of(&d, "12024B26M0522", Some("P00002"));
    assert_eq!((a2.action_obligation, a2.obligated), (Some(-27_500.0), Some(27_500.0)));
    // Follow-on events link to their award and carry no amount (it is inside the total).
    for m in [p1, p2] {
        assert!(m.amount.is_none());
        assert_eq!(m.links.len(), 1);
        assert_eq!(d.events[m.links[0].to()].id, e.id);
    }

    // An IDV: no money obligated on it, a ceiling of 7,500,000.00.
    let (_, idv) = award_of(&d, "12444026D0015", None);
    assert_eq!((idv.obligated, idv.potential_total_value), (Some(0.0), Some(7_500_000.0)));
    // The other IDV's base action is not in the file: dated by its period start, 2023-04-03.
    let (e, _) = award_of(&d, "12444823A0007", None);
    assert_eq!(e.date.short(), "2023-04-03");
    assert!(e.summary.contains("start of its period of performance"), "{}", e.summary);
}

#[test]
fn the_prime_award_summaries_give_five_awards_with_their_totals() {
    if missing() {
        return;
    }
    // 5 rows, 5 distinct award keys, total_obligated_amount summing to 60374.50; every award
    // is ICE's (awarding_sub_agency_name) with the University of Minnesota.
    let (report, d) = import_new("fixture-summaries", &[SUMMARIES], &[]);
    assert_eq!((report.files[0].2, report.awards, report.modifications), (5, 5, 0));
    let total: f64 = awards(&d).iter().filter_map(|e| e.award.as_ref()?.obligated).sum();
    assert!((total - 60_374.5).abs() < 1e-6, "{total}");
    let (e, a) = award_of(&d, "70CDCR20P00000053", None);
    assert_eq!(a.obligated, Some(16_000.0));
    assert_eq!(a.recipient, "REGENTS OF THE UNIVERSITY OF MINNESOTA");
    assert_eq!(a.recipient_parent.as_deref(), Some("OFFICE OF THE BOARD OF REGENTS"));
    assert_eq!(a.awarding_sub_agency.as_deref(), Some("U.S. Immigration and Customs Enforcement"));
    assert_eq!(a.awarding_office.as_deref(), Some("DETENTION COMPLIANCE AND REMOVALS"));
    assert_eq!(a.description.as_deref(), Some("OUTDOOR GUN RANGE IN ST PAUL MN"));
    assert_eq!(
        (e.date.short(), e.end_date.map(|d| d.short())),
        ("2020-05-07".into(), Some("2021-05-11".into()))
    );
    // 9387.50 as the file writes it.
    assert_eq!(award_of(&d, "70CDCR21P00000021", None).1.obligated, Some(9_387.5));
}

#[test]
fn the_subawards_file_is_refused_with_what_it_is_and_nothing_written() {
    if missing() {
        return;
    }
    let (e, written) = refused("fixture-subawards", SUBAWARDS);
    assert!(e.contains(":1:1: error: this is a Subawards file"), "{e}");
    assert!(e.contains("Prime Award Summaries or Prime Transactions"), "{e}");
    assert!(!written);
}

#[test]
fn the_api_responses_give_four_awards_and_three_actions() {
    if missing() {
        return;
    }
    // contract.json: total_obligation 172213419.67, base_and_all_options 172272419.67,
    // date_signed 2018-03-05. idv.json: total_obligation 2770845719.63, base_and_all_options
    // 10489314619.0. transactions.json: 3 results for 80GSFC18C0008 (P00063 282046.29,
    // P00064 1200000.0, P00065 1600000.0). spending_by_award: 2 results.
    let (report, d) = import_new("fixture-api", &[CONTRACT, IDV, TRANSACTIONS, SEARCH], &[]);
    assert_eq!((report.awards, report.modifications), (4, 3));
    assert!(report.notes.iter().any(|n| n.contains("more pages follow")), "{:?}", report.notes);
    let (e, a) = award_of(&d, "80GSFC18C0008", None);
    assert_eq!((a.obligated, a.potential_total_value), (Some(172_213_419.67), Some(172_272_419.67)));
    assert_eq!(a.current_total_value, Some(172_272_419.67));
    assert_eq!(e.date.short(), "2018-03-05");
    assert_eq!(a.recipient, "THE UNIVERSITY OF IOWA");
    assert_eq!(a.awarding_office.as_deref(), Some("NASA GODDARD SPACE FLIGHT CENTER"));
    let actions: Vec<Option<f64>> = ["P00063", "P00064", "P00065"]
        .iter()
        .map(|m| award_of(&d, "80GSFC18C0008", Some(m)).1.action_obligation)
        .collect();
    assert_eq!(actions, [Some(282_046.29), Some(1_200_000.0), Some(1_600_000.0)]);
    let (_, idv) = award_of(&d, "80JSC019C0012", None);
    assert_eq!((idv.obligated, idv.potential_total_value), (Some(2_770_845_719.63), Some(10_489_314_619.0)));
    let (jwst, a) = award_of(&d, "GSFC0200211DNAS502200", None);
    assert_eq!(a.obligated, Some(4_345_585_999.01));
    assert!(cites(
        &d,
        jwst,
        "https://www.usaspending.gov/award/CONT_AWD_GSFC0200211DNAS502200_8000_-NONE-_-NONE-"
    ));
}

#[test]
fn transactions_alone_are_refused_for_want_of_their_award() {
    if missing() {
        return;
    }
    let (e, written) = refused("fixture-tx-alone", TRANSACTIONS);
    assert!(e.contains("belongs to an award not in the import"), "{e}");
    assert!(!written);
}

#[test]
fn the_same_file_twice_and_two_kinds_together_sum_nothing_twice() {
    if missing() {
        return;
    }
    // The Full file read twice: its 7 rows again are 7 repeats, the same 5 awards and 2 mods.
    let (report, d) = import_new("fixture-twice", &[FULL, FULL], &[]);
    assert_eq!((report.awards, report.modifications, report.duplicates), (5, 2, 7));
    assert_eq!(award_of(&d, "12024B26M0522", None).1.obligated, Some(27_500.0));
    // The summaries beside the Full file: 10 different awards.
    let (report, _) = import_new("fixture-both", &[SUMMARIES, FULL], &[]);
    assert_eq!(report.awards, 10);
}

#[test]
fn an_imported_award_shows_obligated_apart_from_the_ceiling_in_the_details_pane() {
    if missing() {
        return;
    }
    let (_, d) = import_new("fixture-details", &[FULL], &[]);
    let at = d.event_index("usa-cont_idv_12444026d0015_12c2").expect("the IDV's event");
    let mut app = App::new(d);
    app.selected = at;
    let lines: Vec<String> = details::document(&app, 200)
        .iter()
        .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect::<String>())
        .collect();
    let text = lines.join("\n");
    for want in [
        "Award key: CONT_IDV_12444026D0015_12C2",
        "PIID: 12444026D0015",
        "Recipient of record: ROBINSON XCAVATING & HAULING LLC",
        "Obligated: USD 0.00",
        "Ceiling (potential total): USD 7,500,000.00",
        "Awarding: Department of Agriculture / Forest Service / USDA-FS, CSA EAST 2",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn the_command_line_imports_and_refuses_with_exit_codes() {
    if missing() {
        return;
    }
    let dir = common::temp_dir("fixture-cli");
    let out = dir.join("cli.json");
    let full = fixture(FULL);
    let run = common::run(&[
        "import".as_ref(),
        "usaspending".as_ref(),
        full.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let err = common::text(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("5 awards, 2 modification events"), "{err}");
    let check = common::run(&["check".as_ref(), out.as_os_str()]);
    assert!(check.status.success(), "{}", common::text(&check.stdout));
    let refused = common::run(&[
        "import".as_ref(),
        "usaspending".as_ref(),
        fixture(SUBAWARDS).as_os_str(),
        "-o".as_ref(),
        dir.join("sub.json").as_os_str(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(common::text(&refused.stderr).contains("Subawards file"));
}

/// Imports `files` (fixture names) in memory and again forced past a one-byte memory budget
/// (every record spilled to bucket files): the result, and the records written, must be the
/// same (the spilled file's records come bucket by bucket, so lines are compared sorted).
fn same_spilled(test: &str, files: &[&str]) -> Result<String, import::ImportError> {
    let dir = common::temp_dir(test);
    let files: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    let run = |out: &Path, memory_budget| {
        import::import(&request(&files, out, &[], memory_budget), &mut Vec::new())
    };
    let (memory, spilled) = (dir.join("memory.json"), dir.join("spilled.json"));
    let (a, b) = (run(&memory, None), run(&spilled, Some(1)));
    assert_eq!(a, b);
    let left: Vec<_> =
        std::fs::read_dir(&dir).expect("dir").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(left.len(), if a.is_ok() { 2 } else { 0 }, "no temporary files are left: {left:?}");
    if a.is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    a?;
    let lines = |p: &Path| {
        let text = std::fs::read_to_string(p).expect("written");
        let mut lines: Vec<String> = text.lines().map(|l| l.trim_end_matches(',').to_string()).collect();
        lines.sort();
        lines
    };
    assert_eq!(lines(&memory), lines(&spilled));
    let text = std::fs::read_to_string(&spilled).expect("written");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}

#[test]
fn every_fixture_spilled_to_bucket_files_gives_the_same_dataset() {
    if missing() {
        return;
    }
    for (n, files) in [&[FULL, FULL][..], &[SUMMARIES, FULL], &[CONTRACT, IDV, TRANSACTIONS, SEARCH, FULL]]
        .iter()
        .enumerate()
    {
        same_spilled(&format!("fixture-spill-{n}"), files).unwrap_or_else(|e| panic!("{e}"));
    }
    // API transactions still find their award among the buckets, or are refused the same way.
    let e = same_spilled("fixture-spill-alone", &[TRANSACTIONS, FULL]).expect_err("refused");
    assert!(e.to_string().contains("belongs to an award not in the import"), "{e}");
}
