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
            "unknown filter \"knd:\"; did you mean: kind:?",
        ),
        (
            "nope:contract",
            FilterError::UnknownKey("nope".into()),
            "unknown filter \"nope:\"; use one of kind: company: actor: tag: year: evidence:",
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

#[test]
fn unknown_names_suggest_the_closest() {
    let d = fixture();
    let e = Filter::from_text("company:microsfot", &d).expect_err("company typo");
    assert_eq!(e.to_string(), "no company \"microsfot\"; did you mean: microsoft?");
    let e = Filter::from_text("company:Gogle", &d).expect_err("company typo, any case");
    assert_eq!(e.to_string(), "no company \"gogle\"; did you mean: google?");
    let e = Filter::from_text("actor:nadela", &d).expect_err("actor typo");
    assert_eq!(e.to_string(), "no actor \"nadela\"; did you mean: satya-nadella?");
    let e = Filter::from_text("actor:smith", &d).expect_err("part of an actor's name");
    assert_eq!(e.to_string(), "no actor \"smith\"; did you mean: brad-smith?");
    let e = Filter::from_text("evidence:reportd", &d).expect_err("evidence typo");
    assert_eq!(e.to_string(), "unknown evidence level \"reportd\"; did you mean: reported?");
    let e = Filter::from_text("kind:contrct", &d).expect_err("kind typo");
    assert_eq!(e.to_string(), "unknown kind \"contrct\"; did you mean: contract?");
    let e = Filter::from_text("tag:militray", &d).expect_err("tag typo");
    assert_eq!(e.to_string(), "no tag \"militray\"; did you mean: military?");
}

#[test]
fn a_tag_typo_in_the_bundled_dataset_suggests_the_tag_first() {
    let d = crate::data::bundled().expect("the bundled dataset loads").dataset;
    assert!(d.events.iter().any(|e| e.tags.iter().any(|t| t == "facial-recognition")), "the tag is there");
    let e = Filter::from_text("tag:facal-recognition", &d).expect_err("tag typo");
    assert_eq!(
        e.to_string(),
        "no tag \"facal-recognition\"; did you mean: facial-recognition? \
         (`ethics-timeline list --format json` shows each event's tags)"
    );
    // Nothing close among dozens of tags: they are counted, not the first few listed.
    let mut tags: Vec<&str> = d.events.iter().flat_map(|e| e.tags.iter().map(|t| t.as_str())).collect();
    tags.sort_unstable();
    tags.dedup();
    let e = Filter::from_text("tag:zzzz", &d).expect_err("unknown tag");
    assert_eq!(
        e.to_string(),
        format!(
            "no tag \"zzzz\"; {} tags in all; `ethics-timeline list --format json` shows each event's tags",
            tags.len()
        )
    );
}

#[test]
fn companies_by_name_and_kinds_in_the_plural_are_accepted() {
    let d = fixture();
    let by_id = Filter::from_text("company:microsoft", &d).expect("id");
    for text in ["company:Microsoft", "company:MICROSOFT", "company:msft", "Company:\"Microsoft\""] {
        let f = Filter::from_text(text, &d).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(f, by_id, "{text}");
        assert_eq!(f.to_text(&d), "company:microsoft", "{text}: written back by id");
    }
    let contract = Filter::from_text("kind:contract", &d).expect("singular");
    for text in ["kind:contracts", "kind:Contracts", "KIND:CONTRACT"] {
        assert_eq!(Filter::from_text(text, &d).as_ref(), Ok(&contract), "{text}");
    }
    assert_eq!(
        parse("kind:Statements,policies,says"),
        Ok(vec![Term::Kinds(vec![
            Kind::Statement,
            Kind::Policy,
            Kind::Statement,
            Kind::Policy,
            Kind::Governance
        ])])
    );
    assert_eq!(
        Filter::from_text("kind:Statements", &d).map(|f| f.to_text(&d)).as_deref(),
        Ok("kind:statement")
    );
    assert_eq!(parse("evidence:Reported"), Ok(vec![Term::Evidence(Evidence::Reported)]));
    assert_eq!(ids(&d, "actor:Quartz"), ids(&d, "actor:quartz"), "actors by name, in any case");
}

#[test]
fn a_name_two_companies_share_names_neither() {
    // Both short names default to the first four letters of the name: "Micr".
    let d = crate::testing::from_json(
        r#"{"format": "ethics-timeline/1", "title": "T",
      "companies": [{"id": "micro-a", "name": "Micro A"}, {"id": "micro-b", "name": "Micro B"}],
      "sources": [{"id": "s", "publisher": "P", "title": "T", "url": "https://e.org", "published": "2020"}],
      "events": [
        {"id": "e", "date": "2020-01-01", "company": "micro-a", "kind": "statement", "title": "x", "summary": "x", "evidence": "confirmed", "sources": ["s"]}
      ]}"#,
    );
    assert_eq!(d.find_company("Micro B"), Some(1));
    assert_eq!(d.find_company("MICRO-B"), Some(1));
    assert_eq!(d.find_company("micr"), None);
    let e = Filter::from_text("company:micr", &d).expect_err("ambiguous");
    assert_eq!(e.to_string(), "no company \"micr\"; did you mean: micro-a, micro-b?");
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
