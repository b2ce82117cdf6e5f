//! The bundled dataset keeps its promises: it loads clean, covers what it says it covers, and
//! every claim is sourced.

use std::collections::{HashMap, HashSet};

use ethics_timeline::data::{self, Dataset, Kind, Severity, Side};

fn bundled() -> Dataset {
    match data::bundled() {
        Ok(l) => {
            let warnings: Vec<String> = l
                .warnings
                .iter()
                .filter(|p| {
                    p.severity == Severity::Warning && !p.message.starts_with("only weak sources (marked")
                })
                .map(|p| p.render(data::BUNDLED_NAME))
                .collect();
            assert!(warnings.is_empty(), "unexpected warnings:\n{}", warnings.join("\n"));
            l.dataset
        }
        Err(e) => panic!("{e}"),
    }
}

fn count(d: &Dataset, company: &str, pred: impl Fn(Kind) -> bool) -> usize {
    let c = d.company_index(company).unwrap_or_else(|| panic!("company {company}"));
    d.events.iter().filter(|e| e.company == c && pred(e.kind)).count()
}

#[test]
fn sizes_hold() {
    let d = bundled();
    assert!(d.events.len() >= 120, "{} events", d.events.len());
    assert!(count(&d, "microsoft", |_| true) >= 70);
    assert!(count(&d, "microsoft", |k| k == Kind::Contract) >= 20);
    assert!(count(&d, "microsoft", |k| k.side() == Side::Say) >= 25);
    for peer in ["google", "amazon", "palantir", "salesforce"] {
        assert!(count(&d, peer, |_| true) >= 8, "{peer}");
    }
    let links: usize = d.events.iter().map(|e| e.links.len()).sum();
    assert!(links >= 25, "{links} links");
    assert!(d.events.iter().filter(|e| !e.questions.is_empty()).count() >= 20);
    assert!(d.tours.len() >= 3);
    for t in &d.tours {
        assert!(t.steps.iter().all(|s| s.note.as_deref().is_some_and(|n| !n.is_empty())), "{}", t.id);
    }
}

#[test]
fn every_event_is_sourced_and_every_quote_names_a_cited_source() {
    let d = bundled();
    for e in &d.events {
        assert!(!e.sources.is_empty(), "{}", e.id);
        for &s in &e.sources {
            let src = &d.sources[s];
            assert!(src.url.starts_with("https://") || src.url.starts_with("http://"), "{}", src.id);
            assert!(!src.publisher.is_empty() && !src.title.is_empty(), "{}", src.id);
        }
        if let Some(q) = &e.quote {
            assert!(e.sources.contains(&q.source), "{}: the quote's source is cited", e.id);
            assert!(!q.by.is_empty(), "{}: a quote says who said it", e.id);
        }
    }
}

#[test]
fn summaries_stay_short() {
    let d = bundled();
    for e in &d.events {
        let words = e.summary.split_whitespace().count();
        assert!(words <= 70, "{}: {words} words", e.id);
    }
}

#[test]
fn events_resting_only_on_weak_sources_are_marked_unverified() {
    let d = bundled();
    let mut weak_only = 0;
    for e in &d.events {
        if e.sources.iter().all(|&s| d.sources[s].kind == data::model::SourceKind::Weak) {
            weak_only += 1;
            assert_eq!(e.evidence, data::Evidence::Unverified, "{}: only weak sources", e.id);
        }
    }
    assert!(weak_only > 0, "the dataset does have such events, so this test can fail");
}

#[test]
fn one_source_record_per_url() {
    let d = bundled();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for s in &d.sources {
        if let Some(first) = seen.insert(&s.url, &s.id) {
            panic!("{} and {} share {}", first, s.id, s.url);
        }
    }
}

#[test]
fn every_microsoft_contract_is_linked_or_explains_why_not() {
    // Three contracts have no real link to a statement (see the dataset's closing note);
    // everything else is tied to what Microsoft said.
    let unlinked_ok: HashSet<&str> = [
        "ms-2020-ice-cloud-hosting-solicitation",
        "ms-2025-02-11-ivas-to-anduril",
        "ms-2026-02-ice-video-indexer-unconfirmed",
    ]
    .into_iter()
    .collect();
    let d = bundled();
    for id in &unlinked_ok {
        assert!(d.event_index(id).is_some(), "{id} is still in the dataset");
    }
    let ms = d.company_index("microsoft").expect("microsoft");
    for (i, e) in d.events.iter().enumerate() {
        if e.company != ms || e.kind != Kind::Contract || unlinked_ok.contains(e.id.as_str()) {
            continue;
        }
        let says = d.related(i).iter().any(|r| {
            let o = &d.events[r.event];
            o.company == ms && o.kind.side() == Side::Say
        });
        assert!(says, "{} links to no Microsoft statement, policy or governance event", e.id);
    }
}
