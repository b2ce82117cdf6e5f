//! The `award` object on contract events: loaded as written, refused where it says nothing
//! about which award it is, and shown in the details pane with every figure named.

use ethics_timeline::app::App;
use ethics_timeline::data::{Severity, load_bytes};
use ethics_timeline::geometry::details;

const AWARD: &str = r#""award": {
    "key": "CONT_AWD_12024B26M0522_12C2_12024B24T7051_12C2", "piid": "12024B26M0522",
    "parent_award": "12024B24T7051", "recipient": "DELL FEDERAL SYSTEMS L.P.",
    "recipient_parent": "DELL TECHNOLOGIES INC.", "bought_through": "DELL FEDERAL SYSTEMS L.P.",
    "awarding_agency": "Department of Homeland Security",
    "awarding_sub_agency": "U.S. Immigration and Customs Enforcement", "awarding_office": "ICE-OCIO",
    "obligated": 157934095.4, "current_total_value": 160000000, "potential_total_value": 250000000.5,
    "period_start": "2020-05-07", "period_end": "2021-05-11", "potential_end": "2023-05-11",
    "description": "MICROSOFT ENTERPRISE LICENSES"
  }"#;

fn dataset(kind: &str, award: &str) -> String {
    format!(
        r#"{{
  "format": "ethics-timeline/1", "title": "T", "default_company": "acme",
  "companies": [{{"id": "acme", "name": "Acme"}}],
  "sources": [{{"id": "s1", "publisher": "USAspending.gov", "title": "T", "url": "https://www.usaspending.gov/award/X", "kind": "primary"}}],
  "events": [
    {{"id": "e1", "date": "2020-05-07", "company": "acme", "kind": "{kind}", "title": "A", "summary": "S",
      "evidence": "confirmed", "sources": ["s1"], {award}}}
  ]
}}"#
    )
}

/// Warnings and errors; notes (a source with no publication date) are not counted.
fn warnings(loaded: &ethics_timeline::data::Loaded) -> Vec<&str> {
    loaded.warnings.iter().filter(|w| w.severity != Severity::Note).map(|w| &*w.message).collect()
}

#[test]
fn an_award_loads_with_every_figure_apart() {
    let loaded =
        load_bytes("t.json", dataset("contract", AWARD).as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings(&loaded).is_empty(), "{:?}", loaded.warnings);
    let a = loaded.dataset.events[0].award.as_deref().expect("an award");
    assert_eq!(a.piid, "12024B26M0522");
    assert_eq!(a.obligated, Some(157_934_095.4));
    assert_eq!(a.current_total_value, Some(160_000_000.0));
    assert_eq!(a.potential_total_value, Some(250_000_000.5));
    assert_eq!(a.bought_through.as_deref(), Some("DELL FEDERAL SYSTEMS L.P."));
    assert_eq!(
        a.permalink().as_deref(),
        Some("https://www.usaspending.gov/award/CONT_AWD_12024B26M0522_12C2_12024B24T7051_12C2")
    );
}

#[test]
fn the_details_pane_names_each_figure() {
    let loaded =
        load_bytes("t.json", dataset("contract", AWARD).as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let app = App::new(loaded.dataset);
    let text: Vec<String> = details::document(&app, 200)
        .iter()
        .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect::<String>())
        .collect();
    let text = text.join("\n");
    for want in [
        "Award key: CONT_AWD_12024B26M0522_12C2_12024B24T7051_12C2",
        "PIID: 12024B26M0522",
        "Parent award: 12024B24T7051",
        "Recipient of record: DELL FEDERAL SYSTEMS L.P.",
        "Bought through: DELL FEDERAL SYSTEMS L.P. (reseller, the recipient of record)",
        "Obligated: USD 157,934,095.40",
        "Current total value: USD 160,000,000.00",
        "Ceiling (potential total): USD 250,000,000.50",
        "Period: 2020-05-07 to 2021-05-11",
        "Awarding: Department of Homeland Security / U.S. Immigration and Customs Enforcement / ICE-OCIO",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn an_award_must_say_which_award_and_sit_on_a_contract() {
    let bad = dataset("statement", r#""award": {"key": "not a key", "obligated": 1}"#);
    let e = match load_bytes("t.json", bad.as_bytes()) {
        Ok(_) => panic!("should fail"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("an award belongs on a contract event"), "{e}");
    assert!(e.contains("missing field `piid`") || e.contains("piid"), "{e}");
    assert!(e.contains("recipient"), "{e}");
    assert!(e.contains("is not a USAspending contract award key"), "{e}");
}

#[test]
fn a_legacy_award_without_a_key_says_why() {
    let no_key = r#""award": {"piid": "HSCETC15C00001", "recipient": "PALANTIR TECHNOLOGIES INC."}"#;
    let loaded =
        load_bytes("t.json", dataset("contract", no_key).as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings(&loaded).iter().any(|w| w.contains("no key")), "{:?}", loaded.warnings);
    let why =
        r#""award": {"piid": "P", "recipient": "R", "no_permalink": "a 2018 download carries no award key"}"#;
    let loaded = load_bytes("t.json", dataset("contract", why).as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings(&loaded).is_empty(), "{:?}", loaded.warnings);
}
