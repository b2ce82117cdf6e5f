//! Table tests of the filter language and of matching.

use super::*;
use crate::testing::small as fixture;

#[test]
fn parses_every_term() {
    use Term::*;
    let cases: &[(&str, Vec<Term>)] = &[
        ("", vec![]),
        ("kind:contract", vec![Kinds(vec![Kind::Contract])]),
        ("kind:contract,statement", vec![Kinds(vec![Kind::Contract, Kind::Statement])]),
        ("kind:say", vec![Kinds(vec![Kind::Statement, Kind::Policy, Kind::Governance])]),
        ("KIND:Do", vec![Kinds(vec![Kind::Contract])]),
        ("company:microsoft,google", vec![Company(vec!["microsoft".into(), "google".into()])]),
        ("actor:ice", vec![Actor(vec!["ice".into()])]),
        ("tag:facial-recognition", vec![Tag(vec!["facial-recognition".into()])]),
        ("year:2018", vec![Years(Some(2018), Some(2018))]),
        ("year:2018..2020", vec![Years(Some(2018), Some(2020))]),
        ("year:..2019", vec![Years(None, Some(2019))]),
        ("year:2020..", vec![Years(Some(2020), None)]),
        ("evidence:reported", vec![Evidence(crate::data::Evidence::Reported)]),
        ("ice", vec![Word("ice".into())]),
        ("\"family separation\" ice", vec![Word("family separation".into()), Word("ice".into())]),
        ("https://example.com", vec![Word("https://example.com".into())]),
        ("10:30", vec![Word("10:30".into())]),
        (
            "kind:contract company:microsoft year:2018..2020 tag:facial-recognition ice",
            vec![
                Kinds(vec![Kind::Contract]),
                Company(vec!["microsoft".into()]),
                Years(Some(2018), Some(2020)),
                Tag(vec!["facial-recognition".into()]),
                Word("ice".into()),
            ],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&parse(text).unwrap_or_else(|e| panic!("{text}: {e}")), expected, "{text}");
    }
}

#[test]
fn bad_terms_say_what_is_wrong() {
    let cases: &[(&str, FilterError, &str)] = &[
        (
            "knd:contract",
            FilterError::UnknownKey("knd".into()),
            "unknown filter \"knd:\"; use one of kind: company: actor: tag: year: evidence:",
        ),
        ("kind:", FilterError::EmptyValue(parse::Key::Kind), "\"kind:\" needs a value, e.g. kind:contract"),
        (
            "kind:speech",
            FilterError::BadKind("speech".into()),
            "unknown kind \"speech\"; kinds are statement, policy, governance, contract, activism, reporting (or say, do, context)",
        ),
        (
            "year:twenty",
            FilterError::BadYear("twenty".into()),
            "\"twenty\" is not a year or range; write year:2018, year:2018..2020, year:..2019 or year:2020..",
        ),
        (
            "year:2020..2018",
            FilterError::BadYear("2020..2018".into()),
            "\"2020..2018\" is not a year or range; write year:2018, year:2018..2020, year:..2019 or year:2020..",
        ),
        (
            "year:..",
            FilterError::BadYear("..".into()),
            "\"..\" is not a year or range; write year:2018, year:2018..2020, year:..2019 or year:2020..",
        ),
        (
            "year:0",
            FilterError::BadYear("0".into()),
            "\"0\" is not a year or range; write year:2018, year:2018..2020, year:..2019 or year:2020..",
        ),
        (
            "evidence:solid",
            FilterError::BadEvidence("solid".into()),
            "unknown evidence level \"solid\"; levels are confirmed, reported, disputed, unverified",
        ),
        ("\"open", FilterError::UnclosedQuote, "a quoted phrase is not closed; add the closing \""),
    ];
    for (text, err, message) in cases {
        let got = parse(text).expect_err(text);
        assert_eq!(&got, err, "{text}");
        assert_eq!(got.to_string(), *message, "{text}");
    }
}

#[test]
fn unknown_ids_name_what_exists() {
    let d = fixture();
    let e = Filter::from_text("company:acme", &d).expect_err("unknown company");
    assert_eq!(e.to_string(), "no company \"acme\"; companies: microsoft, google");
    let e = Filter::from_text("tag:nope", &d).expect_err("unknown tag");
    assert!(e.to_string().starts_with("no tag \"nope\"; tags: activism, ai-principles"), "{e}");
}

fn ids(d: &Dataset, text: &str) -> Vec<String> {
    let f = Filter::from_text(text, d).unwrap_or_else(|e| panic!("{text}: {e}"));
    let index = SearchIndex::build(d);
    f.matching(d, &index).map(|i| d.events[i].id.to_string()).collect()
}

#[test]
fn matching_combines_terms() {
    let d = fixture();
    assert_eq!(ids(&d, "").len(), d.events.len());
    assert_eq!(
        ids(&d, "kind:contract"),
        ["ms-2018-06-ice-contract-value", "ms-2018-11-20-ivas-award", "ms-2021-03-31-ivas-production"]
    );
    assert_eq!(ids(&d, "kind:contract year:2021.."), ["ms-2021-03-31-ivas-production"]);
    assert_eq!(ids(&d, "company:google"), ["goog-2018-06-01-no-maven-follow-on"]);
    assert_eq!(ids(&d, "maven"), ["goog-2018-06-01-no-maven-follow-on"]);
    assert_eq!(
        ids(&d, "kind:contract,policy tag:military"),
        ["goog-2018-06-01-no-maven-follow-on", "ms-2018-11-20-ivas-award", "ms-2021-03-31-ivas-production"]
    );
    assert_eq!(ids(&d, "actor:quartz"), ["ms-2019-09-quartz-ice-suppliers"]);
    let confirmed = ids(&d, "evidence:confirmed");
    assert!(!confirmed.is_empty() && confirmed.iter().all(|id| !id.contains("quartz")));
    assert_eq!(ids(&d, "\"separation family\"").len(), 0, "a phrase matches as written");
    assert_eq!(ids(&d, "separation family").len(), 2, "words match anywhere");
    assert_eq!(ids(&d, "\"forcible separation\""), ["ms-2018-06-18-dismayed-statement"]);
    let ice_2026 = ids(&d, "ice year:2026");
    assert!(!ice_2026.is_empty() && ice_2026.iter().all(|id| id.starts_with("ms-2026")));
}

#[test]
fn to_text_round_trips() {
    let d = fixture();
    for text in [
        "kind:contract,statement company:microsoft year:2018..2020 evidence:reported \"two words\" ice",
        "year:2019",
        "year:..2019",
        "tag:military actor:ice",
    ] {
        let f = Filter::from_text(text, &d).expect(text);
        let again = Filter::from_text(&f.to_text(&d), &d).expect("round trip");
        assert_eq!(f, again, "{text} -> {}", f.to_text(&d));
    }
    assert_eq!(Filter::default().to_text(&d), "");
}
