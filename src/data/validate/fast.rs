//! The top level of a dataset file read by `raw::read` instead of serde: the same pieces,
//! handed to the checker in the same order as `top` hands them.
//!
//! `None` means this reader gave up (on anything it is not sure of, see `raw::read`); the
//! caller then reads the file again with `top`.

use super::top::{Events, FIELDS, Piece, Pipe, Top};
use crate::data::raw::read::{self, Cursor};

/// Reads the whole document from `json`, sending the lists through `pipe` as it goes.
pub(super) fn parse<'a>(json: &'a str, pipe: &Pipe<'_, 'a>) -> Option<Top<'a>> {
    let mut c = Cursor::new(json);
    let mut top = Top::default();
    c.record(|c, key| {
        let field = FIELDS.iter().position(|f| *f == key)?;
        match FIELDS[field] {
            "format" => top.format = c.opt_str()?,
            "title" => top.title = c.opt_str()?,
            "description" => top.description = c.opt_str()?,
            "default_company" => top.default_company = c.opt_str()?,
            "start" => top.start = c.opt_str()?,
            "companies" => pipe.to.send(Piece::Companies(c.list(read::company)?)).ok()?,
            "actors" => pipe.to.send(Piece::Actors(c.list(read::actor)?)).ok()?,
            "sources" => pipe.to.send(Piece::Sources(c.list(read::source)?)).ok()?,
            "events" => {
                if !c.null() {
                    let mut events = Events::new(pipe, &mut top.event_ids);
                    c.each(|c| events.add(read::event(c)?).ok())?;
                    top.events_len = events.end().ok()?;
                    top.events_seen = true;
                }
            }
            _ => top.tours = c.list(read::tour)?,
        }
        u32::try_from(field).ok()
    })?;
    c.end()?;
    Some(top)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{Reader, validate_json, validate_with};
    use crate::synthetic;

    /// A small file with every kind of record and field, escapes, nulls and numbers.
    const EVERYTHING: &str = r##"{
  "format": "ethics-timeline/1", "title": "T \u00e9", "description": null,
  "default_company": "acme", "start": "e1",
  "companies": [{"id": "acme", "name": "Acme \"A\"", "short": "ACME"},
                {"id": "peer", "name": "Peer", "short": null, "context": true}],
  "actors": [{"id": "ceo", "name": "The CEO", "type": "person"}, {"id": "dhs", "name": "DHS", "type": "agency"}],
  "sources": [{"id": "s1", "publisher": "P", "title": "A\nB", "url": "https://example.org/1",
               "published": "2019-05-01", "kind": "news", "note": "n"},
              {"id": "s2", "publisher": "Q", "title": "C", "url": "https://example.org/2", "kind": "primary"}],
  "events": [
    {"id": "e1", "date": "2019-04", "date_qualifier": "circa", "company": "acme", "actor": "ceo",
     "kind": "statement", "title": "Says", "summary": "Para one.\n\nPara two \u2014 end.",
     "quote": {"text": "We will \"never\" do it.", "by": "The CEO", "source": "s1"},
     "evidence": "reported", "sources": ["s1"], "tags": ["ai", "ice"],
     "links": [{"to": "e2", "relation": "contradicts", "note": "Says one thing, signs $1.5 million."}],
     "questions": ["Why?", "When\t?"]},
    {"id": "e2", "date": "2019-06-01", "end_date": "2020-06-01", "company": "acme", "counterparty": "dhs",
     "kind": "contract", "title": "Signs", "summary": "S", "evidence": "confirmed", "sources": ["s2", "s1"],
     "amount": {"value": 1.5e6, "currency": "USD", "note": "reported"},
     "award": {"key": "CONT_AWD_1_7012_-NONE-_-NONE-", "piid": "P1", "parent_award": null,
               "recipient": "ACME FEDERAL", "recipient_parent": "ACME", "bought_through": "Reseller",
               "awarding_agency": "DHS", "awarding_sub_agency": "ICE", "awarding_office": "O",
               "obligated": 157934095.4, "current_total_value": 2000000, "potential_total_value": -0.5,
               "modification": "0", "action_obligation": -12.25, "period_start": "2019-06-01",
               "period_end": "2020-06-01", "potential_end": "2021-06-01", "description": "D",
               "no_permalink": null},
     "links": [{"to": "e1", "relation": "responds-to", "note": null}],
     "tags": [], "questions": []}
  ],
  "tours": [{"id": "t1", "title": "Tour", "description": "D", "steps": [{"event": "e1", "note": "Look"}, {"event": "e2"}]}]
}"##;

    /// Links as this app writes them (minified, keys in order), which the reader matches as
    /// runs of bytes, beside ones it must read the general way: an escape, a null, another
    /// order, white space, a missing or an unknown key.
    const WRITTEN_LINKS: &str = r##"{"format":"ethics-timeline/1","title":"T","default_company":"a","companies":[{"id":"a","name":"A"}],"sources":[{"id":"s","publisher":"P","title":"T","url":"https://example.org/"}],"events":[{"id":"e1","date":"2019-04-01","company":"a","kind":"statement","title":"T","summary":"S","evidence":"reported","sources":["s"],"links":[{"to":"e2","relation":"contradicts","note":"n"},{"to":"e3","relation":"responds-to","note":"a \"b\""},{"to":"e2","relation":"follows-from","note":null},{"relation":"consistent-with","to":"e3","note":"o"},{"to":"e2", "relation":"contradicts","note":"w"},{"to":"e3","relation":"contradicts"},{"to":"e2","relation":"contradicts","note":"x","y":1},{"to":"e3","relation":"contradicts","note":""}]},{"id":"e2","date":"2019-05-01","company":"a","kind":"contract","title":"T","summary":"S","evidence":"confirmed","sources":["s"],"links":[{"to":"e1","relation":"responds-to","note":"é"}]},{"id":"e3","date":"2019-06-01","company":"a","kind":"contract","title":"T","summary":"S","evidence":"confirmed","sources":["s"]}]}"##;

    fn quick(json: &str) -> Option<String> {
        let buf = Arc::new(json.to_string());
        validate_with(&buf, &buf, Reader::Quick)
            .expect("the quick reader never errs")
            .map(|o| format!("{o:?}"))
    }

    fn serde(json: &str) -> String {
        let buf = Arc::new(json.to_string());
        format!("{:?}", validate_with(&buf, &buf, Reader::Serde).map(|o| o.expect("serde always answers")))
    }

    fn answer(json: &str) -> String {
        let buf = Arc::new(json.to_string());
        format!("{:?}", validate_json(&buf, &buf))
    }

    #[test]
    fn reads_every_field_as_serde_does() {
        let read = quick(EVERYTHING).expect("the quick reader takes it");
        assert_eq!(format!("Ok({read})"), serde(EVERYTHING));
        // It loads, with its awards, quotes, unescaped text and a warning or two.
        for part in
            ["157934095.4", "-12.25", "Acme \\\"A\\\"", "We will \\\"never\\\" do it.", "link has no note"]
        {
            assert!(read.contains(part), "{part} in {read}");
        }
    }

    #[test]
    fn reads_the_bundled_dataset_and_every_shape_as_serde_does() {
        let bundled =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/microsoft-ice.json"))
                .expect("bundled dataset");
        let mut files = vec![bundled];
        for (_, shape, pretty) in synthetic::matrix() {
            let json = synthetic::generate_shaped(60, 7, shape);
            files.push(if pretty { synthetic::pretty(&json) } else { json });
        }
        for json in &files {
            let read = quick(json).expect("the quick reader takes it");
            assert_eq!(format!("Ok({read})"), serde(json));
        }
    }

    /// Every one-character change to [`EVERYTHING`]: whatever the quick reader takes, it
    /// reads as serde does.
    #[test]
    fn every_small_change_it_takes_reads_as_serde_does() {
        for base in [EVERYTHING, &WRITTEN_LINKS.replace(",\"y\":1", "")] {
            small_changes_read_as_serde_does(base);
        }
        // The one with an unknown key is serde's to refuse.
        assert!(quick(WRITTEN_LINKS).is_none());
        assert!(serde(WRITTEN_LINKS).contains("unknown field `y`"));
    }

    fn small_changes_read_as_serde_does(base: &str) {
        let mut taken = 0;
        let bounds: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
        for &at in &bounds {
            let (head, tail) = base.split_at(at);
            let mut changed = vec![format!("{head}{}", tail.chars().skip(1).collect::<String>())];
            for insert in ["\"", "\\", ",", "1", "n", "}", "]", " ", "\u{1}", "null", "\"x\":1,"] {
                changed.push(format!("{head}{insert}{tail}"));
            }
            for json in changed {
                if let Some(read) = quick(&json) {
                    taken += 1;
                    assert_eq!(format!("Ok({read})"), serde(&json), "quick and serde differ on\n{json}");
                }
            }
        }
        // White space, and text inside strings, change nothing the reader refuses.
        assert!(taken > bounds.len(), "the quick reader took only {taken} changes");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Several edits at once, anywhere (a stretch cut or repeated, a piece of JSON put
        /// in, a letter changed, a space): whatever the quick reader takes, it reads as
        /// serde does.
        #[test]
        fn many_changes_it_takes_read_as_serde_does(
            edits in proptest::collection::vec((0usize..10_000, 0usize..12, 0usize..40), 1..5)
        ) {
            const PIECES: [&str; 8] = ["\"", "null", ",", "{}", "[]", "\"to\": \"e2\",", "\\u00e9", "\t"];
            let mut json = EVERYTHING.to_string();
            for (at, piece, len) in edits {
                let at = json.floor_char_boundary(at % json.len());
                let end = json.floor_char_boundary((at + len).min(json.len()));
                match piece {
                    0 => json.replace_range(at..end, ""),
                    1 => {
                        let stretch = json[at..end].to_string();
                        json.insert_str(at, &stretch);
                    }
                    // Edits that mostly keep the file valid: a letter changed, a space.
                    10 if json[at..].starts_with(|c: char| c.is_ascii_alphanumeric()) => {
                        json.replace_range(at..at + 1, "x");
                    }
                    10 | 11 => json.insert(at, ' '),
                    _ => json.insert_str(at, PIECES[piece - 2]),
                }
            }
            if let Some(read) = quick(&json) {

                proptest::prop_assert_eq!(format!("Ok({read})"), serde(&json), "{}", json);
            }
        }
    }

    /// What the quick reader gives up on is serde's to answer: the same error, line and column.
    #[test]
    fn what_it_gives_up_on_gets_serdes_answer() {
        let cases = [
            EVERYTHING.replacen("\"title\": \"Says\"", "\"title\": 42", 1),
            EVERYTHING.replacen("\"relation\": \"contradicts\"", "\"relaton\": \"contradicts\"", 1),
            EVERYTHING.replacen("\"summary\": \"S\",", "\"summary\": \"S\" ", 1),
            EVERYTHING.replacen("\"steps\"", "\"st\\u0065ps\"", 1),
            format!("{EVERYTHING} x"),
        ];
        for json in &cases {
            assert!(quick(json).is_none(), "the quick reader took\n{json}");
            let answer = answer(json);
            assert_eq!(answer, serde(json));
            assert!(answer.contains("line") || answer.starts_with("Ok"), "{answer}");
        }
    }
}
