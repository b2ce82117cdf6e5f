//! `import usaspending` on small hand-made files: the shapes real files take after a user
//! or a spreadsheet has had them (CRLF, a byte-order mark, quoted line breaks, short rows,
//! re-saved dates and money), Delta deletes, the 2018 layout, column subsets, reseller rules,
//! `--into`, and errors placed at file:line:column with nothing written.

mod common;

use std::path::{Path, PathBuf};

use ethics_timeline::cli::DateOrder;
use ethics_timeline::cmd::import::{self, ImportError, Report, Request};
use ethics_timeline::data::model::Award;
use ethics_timeline::data::{Dataset, Severity, load_path};

struct Case {
    dir: PathBuf,
}

impl Case {
    fn new(test: &str) -> Self {
        Self { dir: common::temp_dir(&format!("imp-{test}")) }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    fn out(&self) -> PathBuf {
        self.dir.join("out.json")
    }

    fn run(
        &self,
        files: &[PathBuf],
        into: Option<&Path>,
        companies: &[&str],
        order: Option<DateOrder>,
    ) -> Result<Report, ImportError> {
        let companies: Vec<String> = companies.iter().map(|c| c.to_string()).collect();
        let out = self.out();
        let request = Request {
            files,
            output: &out,
            into,
            companies: &companies,
            date_order: order,
            memory_budget: None,
        };
        import::import(&request, &mut Vec::new())
    }

    fn dataset(&self) -> Dataset {
        self.dataset_beside(&[])
    }

    /// The output, allowing the warnings an `--into` dataset had already (by event id).
    fn dataset_beside(&self, had: &[String]) -> Dataset {
        let loaded = load_path(&self.out()).unwrap_or_else(|e| panic!("{e}"));
        let w: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|w| w.severity != Severity::Note && !w.item.as_ref().is_some_and(|i| had.contains(i)))
            .collect();
        assert!(w.is_empty(), "{w:?}");
        loaded.dataset
    }
}

fn award<'d>(d: &'d Dataset, piid: &str, m: Option<&str>) -> &'d Award {
    d.events
        .iter()
        .filter_map(|e| e.award.as_deref())
        .find(|a| a.piid == piid && a.modification.as_deref() == m)
        .unwrap_or_else(|| panic!("no {piid} {m:?}"))
}

const TX_HEADER: &str = "contract_transaction_unique_key,contract_award_unique_key,award_id_piid,modification_number,transaction_number,parent_award_id_piid,federal_action_obligation,total_dollars_obligated,current_total_value_of_award,potential_total_value_of_award,action_date,period_of_performance_start_date,period_of_performance_current_end_date,awarding_agency_name,awarding_sub_agency_name,recipient_name,recipient_parent_name,transaction_description";

#[test]
fn crlf_a_bom_quoted_line_breaks_and_short_rows_read_like_a_clean_file() {
    let c = Case::new("crlf");
    let text = format!(
        "\u{feff}{TX_HEADER}\r\n\
         T0,CONT_AWD_A1_7012_-NONE-_-NONE-,A1,0,0,,1000.00,1000.00,1000.00,5000.00,2019-01-02,2019-01-02,2019-12-31,Department of Homeland Security,U.S. Immigration and Customs Enforcement,ACME LLC,,\"LICENSES\r\nSECOND LINE, WITH A COMMA\"\r\n\
         T1,CONT_AWD_A1_7012_-NONE-_-NONE-,A1,P00001,0,,157934095.4,157935095.4,,,2019-03-04\r\n"
    );
    let f = c.file("a.csv", &text);
    let r = c.run(&[f], None, &[], None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.awards, r.modifications), (1, 1));
    let d = c.dataset();
    let a = award(&d, "A1", None);
    assert_eq!(a.description.as_deref(), Some("LICENSES\nSECOND LINE, WITH A COMMA"));
    assert_eq!(a.recipient, "ACME LLC");
    let m = award(&d, "A1", Some("P00001"));
    assert_eq!((m.action_obligation, m.obligated), (Some(157_934_095.4), Some(157_935_095.4)));
    // The short row named no ceiling: none is made up, and the award keeps the last one stated.
    assert_eq!(m.potential_total_value, None);
}

#[test]
fn spreadsheet_dates_and_money_read_and_an_ambiguous_date_is_placed() {
    let c = Case::new("dates");
    let body = "award_id_piid,recipient_name,action_date,federal_action_obligation\n\
                B1,ACME,12/22/17,27500\n\
                B1,ACME,5/31/21 0:00,\"$1,000\"\n";
    let f = c.file("b.csv", body);
    c.run(std::slice::from_ref(&f), None, &[], None).unwrap_or_else(|e| panic!("{e}"));
    let d = c.dataset();
    // No award key: a 2018-style row says why it has no page.
    assert!(award(&d, "B1", None).no_permalink.is_some());
    assert_eq!(d.events[0].date.short(), "2017-12-22");

    let ambiguous =
        c.file("c.csv", "award_id_piid,recipient_name,action_date\nC1,ACME,2019-01-01\nC1,ACME,02/03/2018\n");
    let e = c.run(std::slice::from_ref(&ambiguous), None, &[], None).expect_err("ambiguous").to_string();
    assert!(e.contains("c.csv:3:9: error: column `action_date`: \"02/03/2018\" is ambiguous"), "{e}");
    assert!(e.contains("--date-order"), "{e}");
    c.run(std::slice::from_ref(&ambiguous), None, &[], Some(DateOrder::Dmy))
        .unwrap_or_else(|e| panic!("{e}"));
    let d = c.dataset();
    assert!(d.events.iter().any(|e| e.date.short() == "2018-03-02"), "day first");
}

#[test]
fn a_bad_cell_after_a_quoted_line_break_is_placed_on_its_own_line() {
    let c = Case::new("money");
    let f = c.file(
        "m.csv",
        "award_id_piid,transaction_description,recipient_name,action_date,federal_action_obligation\nM1,\"two\nlines\",ACME,2020-01-01,12 dollars\n",
    );
    let e = c.run(&[f], None, &[], None).expect_err("bad money").to_string();
    assert!(
        e.contains(
            "m.csv:3:24: error: column `federal_action_obligation`: \"12 dollars\" is not a sum of money"
        ),
        "{e}"
    );
}

#[test]
fn a_failed_import_leaves_the_output_as_it_was() {
    let c = Case::new("whole");
    std::fs::write(c.out(), "previous contents").expect("write");
    let f =
        c.file("x.csv", "award_id_piid,recipient_name,action_date\nX1,ACME,2020-01-01\nX2,ACME,2020-02-30\n");
    let e = c.run(&[f], None, &[], None).expect_err("bad date").to_string();
    assert!(e.contains("x.csv:3:9: error: column `action_date`: \"2020-02-30\" is not a real day"), "{e}");
    assert_eq!(std::fs::read_to_string(c.out()).expect("read"), "previous contents");
}

#[test]
fn a_delta_file_deletes_what_its_d_rows_name() {
    let c = Case::new("delta");
    let full = c.file(
        "full.csv",
        &format!(
            "{TX_HEADER}\n\
             T0,CONT_AWD_D1_7012_-NONE-_-NONE-,D1,0,0,,100.00,100.00,100.00,100.00,2020-01-01,2020-01-01,2020-06-30,DHS,ICE,ACME,,\n\
             T1,CONT_AWD_D1_7012_-NONE-_-NONE-,D1,P00001,0,,50.00,150.00,150.00,150.00,2020-02-01,2020-01-01,2020-06-30,DHS,ICE,ACME,,\n"
        ),
    );
    let delta = c.file(
        "delta.csv",
        &format!("correction_delete_ind,agency_id,{TX_HEADER}\nD,7012,T1,CONT_AWD_D1_7012_-NONE-_-NONE-,D1,P00001,0,,,,,,,,,,,,,\n"),
    );
    let r = c.run(&[full, delta], None, &[], None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.awards, r.modifications, r.deleted), (1, 0, 1));
    let d = c.dataset();
    assert_eq!(award(&d, "D1", None).obligated, Some(100.0));
}

#[test]
fn the_2018_layout_has_no_award_key_and_orders_are_kept_apart_by_their_idv() {
    let c = Case::new("legacy");
    // Two orders numbered 0007 under different IDVs are two awards.
    let f = c.file(
        "old.csv",
        "award_id_piid,modification_number,parent_award_id,federal_action_obligation,action_date,awarding_sub_agency_name,recipient_name,award_description\n\
         0007,0,GS35F0086U,10.00,2018-01-05,U.S. Immigration and Customs Enforcement,PALANTIR TECHNOLOGIES INC.,CASE MANAGEMENT\n\
         0007,0,HSHQDC17D0001,20.00,2018-02-05,U.S. Immigration and Customs Enforcement,OTHER CO,SUPPORT\n",
    );
    let r = c.run(&[f], None, &[], None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.awards, 2);
    let d = c.dataset();
    for e in &d.events {
        let a = e.award.as_deref().expect("award");
        assert!(a.key.is_none() && a.no_permalink.is_some());
        assert!(e.sources.iter().all(|&s| !d.sources[s].url.contains("/award/")), "no permalink");
    }
}

#[test]
fn other_files_are_refused_with_what_they_are() {
    let c = Case::new("other");
    let f = c.file("grants.csv", "assistance_transaction_unique_key,award_id_fain,recipient_name\n1,2,3\n");
    let e = c.run(&[f], None, &[], None).expect_err("refused").to_string();
    assert!(e.contains("financial assistance"), "{e}");
    let f = c.file("notes.csv", "name,date\nx,y\n");
    let e = c.run(&[f], None, &[], None).expect_err("refused").to_string();
    assert!(e.contains("not a USAspending contracts file"), "{e}");
    let f = c.file("x.json", "{\"hello\": 1}");
    let e = c.run(&[f], None, &[], None).expect_err("refused").to_string();
    assert!(e.contains("not a USAspending contract award"), "{e}");
    let f = c.file("few.csv", "award_id_piid,action_date\nP,2020-01-01\n");
    let e = c.run(&[f], None, &[], None).expect_err("refused").to_string();
    assert!(e.contains("needs the column recipient_name"), "{e}");
}

const RESOLD: &str = "award_id_piid,contract_award_unique_key,recipient_name,recipient_parent_name,total_obligated_amount,potential_total_value_of_award,award_base_action_date,awarding_sub_agency_name,prime_award_base_transaction_description\n\
    70CTD025P1,CONT_AWD_70CTD025P1_7012_-NONE-_-NONE-,DELL FEDERAL SYSTEMS L.P.,DELL TECHNOLOGIES INC.,18800000.00,20000000.00,2025-04-10,U.S. Immigration and Customs Enforcement,MICROSOFT ENTERPRISE SOFTWARE LICENSES\n\
    70CTD025P2,CONT_AWD_70CTD025P2_7012_-NONE-_-NONE-,MICROSOFT CORPORATION,MICROSOFT CORPORATION,100.00,100.00,2025-05-01,U.S. Immigration and Customs Enforcement,AZURE\n\
    70CTD025P3,CONT_AWD_70CTD025P3_7012_-NONE-_-NONE-,CARAHSOFT TECHNOLOGY CORP,,5.00,5.00,2025-06-01,U.S. Immigration and Customs Enforcement,AWS CLOUD\n";

#[test]
fn only_a_rule_attributes_and_a_description_match_names_the_reseller() {
    let c = Case::new("resold");
    let f = c.file("summaries.csv", RESOLD);
    let r = c.run(&[f], None, &["microsoft=MICROSOFT"], None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.awards, r.attributed, r.resold), (3, 2, 1));
    let d = c.dataset();
    let company = |piid: &str| {
        let e = d.events.iter().find(|e| e.award.as_ref().is_some_and(|a| a.piid == piid)).expect("event");
        (
            d.companies[e.company].id.to_string(),
            e.award.as_ref().and_then(|a| a.bought_through.clone()).map(|t| t.to_string()),
        )
    };
    assert_eq!(company("70CTD025P1"), ("microsoft".into(), Some("DELL FEDERAL SYSTEMS L.P.".into())));
    assert_eq!(company("70CTD025P2"), ("microsoft".into(), None));
    // AWS through Carahsoft: no rule names it, so it stays with the recipient of record.
    assert_eq!(company("70CTD025P3"), ("recipient-carahsoft-technology-corp".into(), None));
    let dell =
        d.events.iter().find(|e| e.award.as_ref().is_some_and(|a| a.piid == "70CTD025P1")).expect("dell");
    assert_eq!(d.actor_name(dell.counterparty), Some("DELL FEDERAL SYSTEMS L.P."));
}

#[test]
fn into_keeps_the_dataset_and_puts_attributed_awards_beside_its_statements() {
    let c = Case::new("into");
    let f = c.file("summaries.csv", RESOLD);
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/microsoft-ice.json");
    let loaded = load_path(&bundled).unwrap_or_else(|e| panic!("{e}"));
    let had: Vec<String> = loaded.warnings.iter().filter_map(|w| w.item.clone()).collect();
    let before = loaded.dataset;
    c.run(std::slice::from_ref(&f), Some(&bundled), &["microsoft=MICROSOFT"], None)
        .unwrap_or_else(|e| panic!("{e}"));
    let after = c.dataset_beside(&had);
    assert_eq!(after.events.len(), before.events.len() + 3);
    assert_eq!(after.tours.len(), before.tours.len());
    assert_eq!(after.title, before.title);
    let links = |d: &Dataset| d.events.iter().map(|e| e.links.len()).sum::<usize>();
    assert_eq!(links(&after), links(&before));
    // ICE is the dataset's own actor, reused by name.
    let dell =
        after.events.iter().find(|e| e.award.as_ref().is_some_and(|a| a.piid == "70CTD025P1")).expect("dell");
    assert_eq!(after.actors[dell.actor.expect("actor")].id, "ice");
    assert_eq!(after.companies[dell.company].id, "microsoft");
    // Importing again into the result replaces the imported events instead of doubling them.
    let once = c.out();
    let again = c.dir.join("again.json");
    std::fs::copy(&once, &again).expect("copy");
    c.run(&[f], Some(&again), &["microsoft=MICROSOFT"], None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.dataset_beside(&had).events.len(), before.events.len() + 3);
    // A rule naming a company the dataset lacks is refused with the closest names.
    let e = c
        .run(&[c.dir.join("summaries.csv")], Some(&bundled), &["microsfot=MICROSOFT"], None)
        .expect_err("typo");
    assert!(e.to_string().contains("no company \"microsfot\""), "{e}");
}
