//! A reader for the one JSON schema this program reads, without serde.
//!
//! serde pays a call for every key and every value it hands over, which for our records of
//! many short strings was most of the parsing time, and made an event with ten links cost
//! 2.4 times one with a link or two. This reader walks the text once and builds the same
//! raw records the serde derives build.
//!
//! It takes only what it is sure of. Anything else, whether wrong (a number where a string
//! belongs, an unknown or repeated key, broken syntax) or merely unusual (an escaped key),
//! makes it give up with `None`, and the caller reads the whole file again with serde, which
//! loads it the slow way or says what is wrong, with the line and column it always gave. So
//! every record this reader returns is the one serde returns for the same text; the tests in
//! `validate::fast` hold the two to that.

pub use super::cursor::Cursor;
use super::{
    RawActor, RawAmount, RawAward, RawCompany, RawEvent, RawLink, RawQuote, RawSource, RawStep, RawTour,
};

/// Fills a field and says which it was, for [`Cursor::record`].
fn put<T>(field: &mut T, value: T, bit: u32) -> u32 {
    *field = value;
    bit
}

pub fn company<'a>(c: &mut Cursor<'a>) -> Option<RawCompany<'a>> {
    let mut r = RawCompany::default();
    c.record(|c, key| {
        Some(match key {
            "id" => put(&mut r.id, c.opt_str()?, 0),
            "name" => put(&mut r.name, c.opt_str()?, 1),
            "short" => put(&mut r.short, c.opt_str()?, 2),
            "context" => put(&mut r.context, c.opt_bool()?, 3),
            _ => return None,
        })
    })?;
    Some(r)
}

pub fn actor<'a>(c: &mut Cursor<'a>) -> Option<RawActor<'a>> {
    let mut r = RawActor::default();
    c.record(|c, key| {
        Some(match key {
            "id" => put(&mut r.id, c.opt_str()?, 0),
            "name" => put(&mut r.name, c.opt_str()?, 1),
            "type" => put(&mut r.kind, c.opt_str()?, 2),
            _ => return None,
        })
    })?;
    Some(r)
}

pub fn source<'a>(c: &mut Cursor<'a>) -> Option<RawSource<'a>> {
    let mut r = RawSource::default();
    c.record(|c, key| {
        Some(match key {
            "id" => put(&mut r.id, c.opt_str()?, 0),
            "publisher" => put(&mut r.publisher, c.opt_str()?, 1),
            "title" => put(&mut r.title, c.opt_str()?, 2),
            "url" => put(&mut r.url, c.opt_str()?, 3),
            "published" => put(&mut r.published, c.opt_str()?, 4),
            "kind" => put(&mut r.kind, c.opt_str()?, 5),
            "note" => put(&mut r.note, c.opt_str()?, 6),
            _ => return None,
        })
    })?;
    Some(r)
}

pub fn event<'a>(c: &mut Cursor<'a>) -> Option<RawEvent<'a>> {
    let mut e = RawEvent::default();
    c.record(|c, key| {
        Some(match key {
            "id" => put(&mut e.id, c.opt_str()?, 0),
            "date" => put(&mut e.date, c.opt_str()?, 1),
            "date_qualifier" => put(&mut e.date_qualifier, c.opt_str()?, 2),
            "end_date" => put(&mut e.end_date, c.opt_str()?, 3),
            "company" => put(&mut e.company, c.opt_str()?, 4),
            "actor" => put(&mut e.actor, c.opt_str()?, 5),
            "counterparty" => put(&mut e.counterparty, c.opt_str()?, 6),
            "kind" => put(&mut e.kind, c.opt_str()?, 7),
            "title" => put(&mut e.title, c.opt_str()?, 8),
            "summary" => put(&mut e.summary, c.opt_str()?, 9),
            "quote" => put(&mut e.quote, c.opt(quote)?, 10),
            "amount" => put(&mut e.amount, c.opt(amount)?, 11),
            "award" => put(&mut e.award, c.opt(award)?.map(Box::new), 12),
            "evidence" => put(&mut e.evidence, c.opt_str()?, 13),
            "sources" => put(&mut e.sources, c.small(Cursor::string)?, 14),
            "tags" => put(&mut e.tags, c.small(Cursor::string)?, 15),
            "links" => put(&mut e.links, c.small(link)?, 16),
            "questions" => put(&mut e.questions, c.list(Cursor::string)?, 17),
            _ => return None,
        })
    })?;
    Some(e)
}

fn quote<'a>(c: &mut Cursor<'a>) -> Option<RawQuote<'a>> {
    let mut q = RawQuote::default();
    c.record(|c, key| {
        Some(match key {
            "text" => put(&mut q.text, c.opt_str()?, 0),
            "by" => put(&mut q.by, c.opt_str()?, 1),
            "source" => put(&mut q.source, c.opt_str()?, 2),
            _ => return None,
        })
    })?;
    Some(q)
}

fn amount<'a>(c: &mut Cursor<'a>) -> Option<RawAmount<'a>> {
    let mut a = RawAmount::default();
    c.record(|c, key| {
        Some(match key {
            "value" => put(&mut a.value, c.opt_f64()?, 0),
            "currency" => put(&mut a.currency, c.opt_str()?, 1),
            "note" => put(&mut a.note, c.opt_str()?, 2),
            _ => return None,
        })
    })?;
    Some(a)
}

fn award<'a>(c: &mut Cursor<'a>) -> Option<RawAward<'a>> {
    let mut a = RawAward::default();
    c.record(|c, key| {
        Some(match key {
            "key" => put(&mut a.key, c.opt_str()?, 0),
            "piid" => put(&mut a.piid, c.opt_str()?, 1),
            "parent_award" => put(&mut a.parent_award, c.opt_str()?, 2),
            "recipient" => put(&mut a.recipient, c.opt_str()?, 3),
            "recipient_parent" => put(&mut a.recipient_parent, c.opt_str()?, 4),
            "bought_through" => put(&mut a.bought_through, c.opt_str()?, 5),
            "awarding_agency" => put(&mut a.awarding_agency, c.opt_str()?, 6),
            "awarding_sub_agency" => put(&mut a.awarding_sub_agency, c.opt_str()?, 7),
            "awarding_office" => put(&mut a.awarding_office, c.opt_str()?, 8),
            "obligated" => put(&mut a.obligated, c.opt_f64()?, 9),
            "current_total_value" => put(&mut a.current_total_value, c.opt_f64()?, 10),
            "potential_total_value" => put(&mut a.potential_total_value, c.opt_f64()?, 11),
            "modification" => put(&mut a.modification, c.opt_str()?, 12),
            "action_obligation" => put(&mut a.action_obligation, c.opt_f64()?, 13),
            "period_start" => put(&mut a.period_start, c.opt_str()?, 14),
            "period_end" => put(&mut a.period_end, c.opt_str()?, 15),
            "potential_end" => put(&mut a.potential_end, c.opt_str()?, 16),
            "description" => put(&mut a.description, c.opt_str()?, 17),
            "no_permalink" => put(&mut a.no_permalink, c.opt_str()?, 18),
            _ => return None,
        })
    })?;
    Some(a)
}

// Inlined into the list that reads it: a call per link was 3% of reading ten links an event.
#[inline]
fn link<'a>(c: &mut Cursor<'a>) -> Option<RawLink<'a>> {
    if let Some(l) = c.exactly(written_link) {
        return Some(l);
    }
    let mut l = RawLink::default();
    c.record(|c, key| {
        Some(match key {
            "to" => put(&mut l.to, c.opt_str()?, 0),
            "relation" => put(&mut l.relation, c.opt_str()?, 1),
            "note" => put(&mut l.note, c.opt_str()?, 2),
            _ => return None,
        })
    })?;
    Some(l)
}

/// A link as this app and its importer write it, minified, keys in order and no escapes:
/// `{"to":"…","relation":"…","note":"…"}`. Matching the keys as one run of bytes each, not
/// reading and comparing them, was a third of reading a link. Anything else (another order,
/// white space, an escape, null) is `None`, and [`link`] reads it the general way.
#[inline]
fn written_link<'a>(c: &mut Cursor<'a>) -> Option<RawLink<'a>> {
    c.literal(b"{\"to\":\"")?;
    let to = c.plain()?;
    c.literal(b",\"relation\":\"")?;
    let relation = c.plain()?;
    c.literal(b",\"note\":\"")?;
    let note = c.plain()?;
    c.literal(b"}")?;
    Some(RawLink { to: Some(to), relation: Some(relation), note: Some(note), target: None })
}

pub fn tour<'a>(c: &mut Cursor<'a>) -> Option<RawTour<'a>> {
    let mut t = RawTour::default();
    c.record(|c, key| {
        Some(match key {
            "id" => put(&mut t.id, c.opt_str()?, 0),
            "title" => put(&mut t.title, c.opt_str()?, 1),
            "description" => put(&mut t.description, c.opt_str()?, 2),
            "steps" => put(&mut t.steps, c.list(step)?, 3),
            _ => return None,
        })
    })?;
    Some(t)
}

fn step<'a>(c: &mut Cursor<'a>) -> Option<RawStep<'a>> {
    let mut s = RawStep::default();
    c.record(|c, key| {
        Some(match key {
            "event" => put(&mut s.event, c.opt_str()?, 0),
            "note" => put(&mut s.note, c.opt_str()?, 1),
            _ => return None,
        })
    })?;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_on_what_serde_would_refuse() {
        for text in [
            r#"{"id":"a","id":"b"}"#,
            r#"{"id":null,"id":"b"}"#,
            r#"{"idd":"a"}"#,
            r#"{"id":1}"#,
            r#"{"id":"a",}"#,
            r#"{"id":"a" "name":"b"}"#,
            r#"["a","b"]"#,
            r#"{"i\u0064":"a"}"#,
            "{\"id\":\"a\u{1}\"}",
            r#"{"id":"a"#,
        ] {
            assert!(company(&mut Cursor::new(text)).is_none(), "{text}");
        }
        assert!(company(&mut Cursor::new(r#" { "id" : "a" , "context" : true } "#)).is_some());
    }
}
