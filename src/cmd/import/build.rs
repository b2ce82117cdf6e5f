//! The merged awards as dataset records: companies, actors, sources and events in the
//! dataset format (data/README.md), one contract event per award and a linked follow-on
//! event for each modification that changes money or dates. Every figure is one a record
//! states; summaries are generated from the fields, in the same neutral words each time.
//!
//! [`plan`] goes over the awards once to settle what must be known before the first event is
//! written: the companies, actors and default company (they come first in the file), every
//! id (unique, and with `--into` replacing the dataset's own), and the errors. The events are
//! then written straight to the output from the awards ([`super::events`]), never held.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::company::{Matched, Rule, attribute};
use super::error::ImportError;
use super::merge::{Act, Award, Awards, DatedBy};
use super::texts::{Strings, Text};
use crate::data::timelinejs::slugify;
use crate::text::exact_amount;

#[derive(Debug, Serialize)]
pub struct OutCompany {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct OutActor {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct OutSource {
    pub id: String,
    pub publisher: &'static str,
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct OutAmount {
    pub value: f64,
    pub currency: &'static str,
    pub note: &'static str,
}

#[derive(Debug, Serialize)]
pub struct OutLink<'a> {
    pub to: &'a str,
    pub relation: &'static str,
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OutAward<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_permalink: Option<&'a str>,
    pub piid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_award: Option<&'a str>,
    pub recipient: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bought_through: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarding_agency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarding_sub_agency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarding_office: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligated: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_total_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potential_total_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_obligation: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_start: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_end: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potential_end: Option<Day>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
}

/// One event as written; borrowed from the award, serialised at once into the output.
#[derive(Debug, Serialize)]
pub struct OutEvent<'a> {
    pub id: &'a str,
    pub date: Day,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Day>,
    pub company: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<&'a str>,
    pub counterparty: &'a str,
    pub kind: &'static str,
    pub title: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<OutAmount>,
    pub award: OutAward<'a>,
    pub evidence: &'static str,
    pub sources: &'a [&'a str],
    pub tags: &'a [&'static str],
    #[serde(skip_serializing_if = "<[OutLink<'_>]>::is_empty")]
    pub links: &'a [OutLink<'a>],
}

/// One input file, as its source record names it.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    /// What the file is, e.g. "Contracts Prime Transactions".
    pub kind: String,
    /// The page such a file comes from (not the file itself).
    pub page: String,
}

/// What the dataset already has (with `--into`): companies by id, actors by lower-case name.
#[derive(Debug, Default)]
pub struct Known {
    pub companies: HashSet<String>,
    pub actors_by_name: HashMap<String, String>,
    pub actor_ids: HashSet<String>,
}

/// A day as written, `YYYY-MM-DD`, made without chrono's format machinery or an allocation
/// (a million of these add up).
#[derive(Debug, Clone, Copy)]
pub struct Day([u8; 10]);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Day {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `YYYY-MM-DD` (years 1 to 9999: the importer reads no other).
pub fn day(d: NaiveDate) -> Day {
    use chrono::Datelike;
    let mut b = *b"0000-00-00";
    let digits = |b: &mut [u8], mut n: u32| {
        for c in b.iter_mut().rev() {
            *c = b'0' + u8::try_from(n % 10).unwrap_or(0);
            n /= 10;
        }
    };
    digits(&mut b[0..4], u32::try_from(d.year()).unwrap_or(0));
    digits(&mut b[5..7], d.month());
    digits(&mut b[8..10], d.day());
    Day(b)
}

pub fn usd(v: f64) -> String {
    exact_amount(v, "USD")
}

/// An id from a record's own identifier: lower case, every other character a hyphen.
pub fn id_part(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

/// A URL fragment naming a file: letters, digits and `._-` kept, the rest percent-encoded.
fn fragment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Ids handed out in turn: the first to want one gets it, the next `-2`, then `-3`; a base
/// that collided remembers its count, so that many collisions stay linear.
#[derive(Debug, Default)]
pub struct Ids {
    pub set: Strings,
    next: HashMap<String, u32>,
}

impl Ids {
    pub fn unique(&mut self, base: &str) -> Text {
        let (t, new) = self.set.add(base);
        if new {
            return t;
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            let (t, new) = self.set.add(&id);
            if new {
                return t;
            }
        }
    }
}

/// What one award's events need that [`plan`] settled.
#[derive(Debug, Clone, Copy)]
pub struct AwardPlan {
    pub dated: (NaiveDate, DatedBy),
    pub rule: Option<(usize, Matched)>,
    /// In [`Plan::companies_used`], [`Plan::actor_ids`], [`Plan::events`], [`Plan::sources`].
    pub company: Text,
    pub actor: Option<Text>,
    pub counterparty: Text,
    /// The award event's id; its follow-ons' ids come right after it.
    pub event: Text,
    pub source: Option<Text>,
}

/// A modification that becomes an event: it moves money or dates.
#[derive(Debug, Clone, Copy)]
pub struct FollowOn<'s> {
    pub act: Act<'s>,
    /// It moves the period's end or the potential end.
    pub dates: bool,
    /// The obligations of the award's actions up to this one, in modification order.
    pub running: f64,
}

/// The award's follow-on events, in modification order.
pub fn follow_ons<'s>(awards: &'s Awards, a: &'s Award) -> impl Iterator<Item = FollowOn<'s>> + 's {
    let mut running = 0.0;
    let mut previous: Option<Act<'s>> = None;
    awards.actions(a).filter_map(move |act| {
        running += act.obligation().unwrap_or(0.0);
        let before = previous.replace(act);
        if act.is_base() {
            return None;
        }
        let money = [act.obligation(), act.exercised_change(), act.options_change()]
            .iter()
            .any(|v| v.is_some_and(|v| v != 0.0));
        let dates = before.is_some_and(|p| {
            (p.period_end().is_some() && act.period_end().is_some() && p.period_end() != act.period_end())
                || (p.potential_end().is_some()
                    && act.potential_end().is_some()
                    && p.potential_end() != act.potential_end())
        });
        if (!money && !dates) || act.date().is_none() {
            return None;
        }
        Some(FollowOn { act, dates, running })
    })
}

/// How a modification is named: its number, or `(unnumbered)`.
pub fn modification_name(act: Act<'_>) -> &str {
    if act.modification().is_empty() { "(unnumbered)" } else { act.modification() }
}

/// Everything settled before writing.
#[derive(Debug)]
pub struct Plan<'a> {
    pub awards: &'a Awards,
    pub files: &'a [InputFile],
    pub rules: &'a [Rule],
    /// New records, in the order first named.
    pub companies: Vec<OutCompany>,
    pub actors: Vec<OutActor>,
    pub file_sources: Vec<OutSource>,
    /// Each input file's source id (in `sources`).
    pub file_source_of: Vec<Text>,
    pub companies_used: Strings,
    pub actor_ids: Strings,
    pub sources: Ids,
    pub events: Ids,
    pub per_award: Vec<AwardPlan>,
    /// The company of the first event attributed by a rule, else of the first event.
    pub first_attributed: Option<String>,
    pub first_company: Option<String>,
    pub awards_written: usize,
    pub modifications: usize,
    pub attributed: usize,
    pub resold: usize,
}

struct Planner<'k> {
    known: &'k Known,
    actor_of: HashMap<(Text, bool), Text>,
    company_of: HashMap<Text, Text>,
}

impl Plan<'_> {
    fn actor(&mut self, pl: &mut Planner<'_>, name: Text, agency: bool) -> Text {
        if let Some(&t) = pl.actor_of.get(&(name, agency)) {
            return t;
        }
        let text = self.awards.text(name);
        let t = match pl.known.actors_by_name.get(&text.to_lowercase()) {
            Some(id) => self.actor_ids.intern(id),
            None => {
                let prefix = if agency { "agency" } else { "recipient" };
                let id = format!("{prefix}-{}", slugify(text));
                let (t, new) = self.actor_ids.add(&id);
                if new && !pl.known.actor_ids.contains(&id) {
                    let kind = if agency { "agency" } else { "company" };
                    self.actors.push(OutActor { id, name: text.to_string(), kind });
                }
                t
            }
        };
        pl.actor_of.insert((name, agency), t);
        t
    }

    fn company(&mut self, known: &Known, id: &str, name: &str) -> Text {
        let (t, new) = self.companies_used.add(id);
        if new && !known.companies.contains(id) {
            self.companies.push(OutCompany { id: id.to_string(), name: name.to_string() });
        }
        t
    }
}

/// Settles the records and ids for `awards`, read from `files`; the first award that cannot
/// be written (no date, no recipient) is the error.
pub fn plan<'a>(
    awards: &'a Awards,
    files: &'a [InputFile],
    rules: &'a [Rule],
    known: &Known,
) -> Result<Plan<'a>, ImportError> {
    let mut p = Plan {
        awards,
        files,
        rules,
        companies: Vec::new(),
        actors: Vec::new(),
        file_sources: Vec::new(),
        file_source_of: Vec::new(),
        companies_used: Strings::default(),
        actor_ids: Strings::default(),
        sources: Ids::default(),
        events: Ids::default(),
        per_award: Vec::with_capacity(awards.len()),
        first_attributed: None,
        first_company: None,
        awards_written: 0,
        modifications: 0,
        attributed: 0,
        resold: 0,
    };
    let mut pl = Planner { known, actor_of: HashMap::default(), company_of: HashMap::default() };
    // A file named twice (or two copies of one download) is one source.
    let mut by_name: HashMap<(&str, &str), Text> = HashMap::default();
    for f in files {
        if let Some(&id) = by_name.get(&(f.name.as_str(), f.page.as_str())) {
            p.file_source_of.push(id);
            continue;
        }
        let t = p.sources.unique(&format!("src-usa-file-{}", slugify(&f.name)));
        let id = p.sources.set.get(t).to_string();
        p.file_sources.push(OutSource {
            id,
            publisher: "USAspending.gov",
            title: format!("{} ({})", f.name, f.kind),
            url: format!("{}#{}", f.page, fragment(&f.name)),
            kind: "primary",
            note: format!(
                "the file {} as downloaded and imported; the address is the USAspending page such files come from, the part after # names the file",
                f.name
            ),
        });
        by_name.insert((f.name.as_str(), f.page.as_str()), t);
        p.file_source_of.push(t);
    }
    for a in &awards.list {
        let ap = plan_award(&mut p, &mut pl, a)?;
        p.per_award.push(ap);
    }
    Ok(p)
}

fn plan_award(p: &mut Plan<'_>, pl: &mut Planner<'_>, a: &Award) -> Result<AwardPlan, ImportError> {
    let awards = p.awards;
    let first_file = a.files.first().and_then(|&f| p.files.get(f as usize)).map_or("", |f| f.name.as_str());
    let piid = awards.text(a.piid);
    let Some(dated) = awards.dated(a) else {
        return Err(ImportError::new(
            first_file,
            format!(
                "award {piid} has no date: no base action date, no period of performance start, no action date"
            ),
        ));
    };
    let Some(recipient_t) = a.recipient else {
        return Err(ImportError::new(first_file, format!("award {piid} names no recipient"))
            .hint("import the award's profile or a CSV that has it together with its transactions"));
    };
    let recipient = awards.text(recipient_t);
    let key = awards.text_of(a.key);
    let base_id = match key {
        Some(k) => format!("usa-{}", id_part(k)),
        None => format!("usa-{}-{}", id_part(piid), id_part(awards.text_of(a.parent_piid).unwrap_or("none"))),
    };
    let event = p.events.unique(&base_id);
    let rule =
        attribute(p.rules, recipient, awards.text_of(a.recipient_parent), awards.text_of(a.description))
            .map(|(r, m)| (p.rules.iter().position(|x| std::ptr::eq(x, r)).unwrap_or(0), m));
    let company = match rule {
        Some((r, _)) => {
            let id = &p.rules[r].company;
            p.company(pl.known, id, id)
        }
        None => match pl.company_of.get(&recipient_t) {
            Some(&t) => t,
            None => {
                let t = p.company(pl.known, &format!("recipient-{}", slugify(recipient)), recipient);
                pl.company_of.insert(recipient_t, t);
                t
            }
        },
    };
    p.awards_written += 1;
    if rule.is_some() {
        p.attributed += 1;
    }
    if matches!(rule, Some((_, Matched::Description))) {
        p.resold += 1;
    }
    let awarding = a.sub_agency.or(a.agency);
    let actor = awarding.map(|n| p.actor(pl, n, true));
    let counterparty = p.actor(pl, recipient_t, false);
    let source = key.map(|k| p.sources.unique(&format!("src-usa-{}", id_part(k))));
    let company_id = p.companies_used.get(company);
    if rule.is_some() && p.first_attributed.is_none() {
        p.first_attributed = Some(company_id.to_string());
    }
    if p.first_company.is_none() {
        p.first_company = Some(company_id.to_string());
    }
    let event_id = p.events.set.get(event).to_string();
    for f in follow_ons(awards, a) {
        let mut id = format!("{event_id}-{}", id_part(modification_name(f.act)));
        if !matches!(f.act.transaction().trim(), "" | "0" | "-NONE-") {
            id = format!("{id}-{}", id_part(f.act.transaction()));
        }
        p.events.unique(&id);
        p.modifications += 1;
    }
    Ok(AwardPlan { dated, rule, company, actor, counterparty, event, source })
}
