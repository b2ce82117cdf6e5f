//! The merged awards as dataset records: companies, actors, sources and events in the
//! dataset format (data/README.md), one contract event per award and a linked follow-on
//! event for each modification that changes money or dates. Every figure is one a record
//! states; summaries are generated from the fields, in the same neutral words each time.
//!
//! [`plan`] and [`group`] go over the awards once to settle what must be known before the
//! first event is written: the companies, actors and default company (they come first in the
//! file), every id (unique, and with `--into` replacing the dataset's own), and the errors.
//! The events are then written straight to the output from the awards ([`super::events`]),
//! never held. The awards come in one group (in memory) or in several (an import spilled to
//! bucket files, [`super::spill`]); [`Plan`] is what is shared by all groups (companies,
//! actors, the files' sources), a [`Group`] what belongs to its awards alone (their ids).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::company::{Matched, Rule, attribute};
use super::error::ImportError;
use super::merge::{Act, Award, Awards, DatedBy};
use super::texts::{Strings, Text};
use crate::data::timelinejs::slugify;

#[derive(Debug, Serialize)]
pub struct OutCompany {
    pub id: String,
    pub name: String,
    /// Its id in [`Plan::companies_used`].
    #[serde(skip)]
    handle: Text,
}

#[derive(Debug, Serialize)]
pub struct OutActor {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its id in [`Plan::actor_ids`].
    #[serde(skip)]
    handle: Text,
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
    pub note: &'a str,
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
    pub title: &'a str,
    pub summary: &'a str,
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

/// An id from a record's own identifier: lower case, every other character a hyphen.
pub fn id_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_id_part(&mut out, s);
    out
}

/// [`id_part`] appended to `out`.
pub fn push_id_part(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '-' }
    }));
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
#[derive(Debug, Default, Clone)]
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

/// What one award's events need that [`group`] settled.
#[derive(Debug, Clone, Copy)]
pub struct AwardPlan {
    pub dated: (NaiveDate, DatedBy),
    pub rule: Option<(usize, Matched)>,
    /// In [`Plan::companies_used`], [`Plan::actor_ids`], [`Group::events`], [`Group::sources`].
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

/// What every group of awards shares, settled before writing: the new companies and actors
/// (in the order the awards naming them were first read), the files' sources, and the
/// default company.
#[derive(Debug)]
pub struct Plan<'a> {
    pub files: &'a [InputFile],
    pub rules: &'a [Rule],
    known: &'a Known,
    /// New records, in the order first named.
    pub companies: Vec<OutCompany>,
    pub actors: Vec<OutActor>,
    pub file_sources: Vec<OutSource>,
    /// Each input file's source id (in `sources`).
    pub file_source_of: Vec<Text>,
    pub companies_used: Strings,
    pub actor_ids: Strings,
    /// The files' source ids; each group's source ids start from these.
    pub sources: Ids,
    /// When each of `companies_used` and `actor_ids` was first named (the award's
    /// [`Award::seen`], twice over, and one more for its recipient, who comes after its
    /// agency): what orders the lists when the awards come in several groups.
    company_first: Vec<u64>,
    actor_first: Vec<u64>,
    /// The company of the first award attributed by a rule, and of the first award, with
    /// when the award was read.
    first_attributed: Option<(u64, String)>,
    first_company: Option<(u64, String)>,
}

/// One group's awards and what [`group`] settled for them: their ids and plans.
#[derive(Debug)]
pub struct Group<'a> {
    pub awards: &'a Awards,
    pub sources: Ids,
    pub events: Ids,
    pub per_award: Vec<AwardPlan>,
    pub awards_written: usize,
    pub modifications: usize,
    pub attributed: usize,
    pub resold: usize,
}

/// Per group: names already turned into ids.
struct Planner {
    actor_of: HashMap<(Text, bool), Text>,
    company_of: HashMap<Text, Text>,
}

/// Keeps the earlier of two firsts.
fn first(slot: &mut Option<(u64, String)>, seen: u64, id: &str) {
    if slot.as_ref().is_none_or(|(s, _)| seen < *s) {
        *slot = Some((seen, id.to_string()));
    }
}

fn note_first(firsts: &mut Vec<u64>, t: Text, at: u64) {
    let i = t.index();
    if firsts.len() <= i {
        firsts.resize(i + 1, u64::MAX);
    }
    firsts[i] = firsts[i].min(at);
}

impl Plan<'_> {
    fn actor(&mut self, pl: &mut Planner, awards: &Awards, name: Text, agency: bool, at: u64) -> Text {
        let t = match pl.actor_of.get(&(name, agency)) {
            Some(&t) => t,
            None => {
                let text = awards.text(name);
                let t = match self.known.actors_by_name.get(&text.to_lowercase()) {
                    Some(id) => self.actor_ids.intern(id),
                    None => {
                        let prefix = if agency { "agency" } else { "recipient" };
                        let id = format!("{prefix}-{}", slugify(text));
                        let (t, new) = self.actor_ids.add(&id);
                        if new && !self.known.actor_ids.contains(&id) {
                            let kind = if agency { "agency" } else { "company" };
                            self.actors.push(OutActor { id, name: text.to_string(), kind, handle: t });
                        }
                        t
                    }
                };
                pl.actor_of.insert((name, agency), t);
                t
            }
        };
        note_first(&mut self.actor_first, t, at);
        t
    }

    fn company(&mut self, id: &str, name: &str, at: u64) -> Text {
        let (t, new) = self.companies_used.add(id);
        if new && !self.known.companies.contains(id) {
            self.companies.push(OutCompany { id: id.to_string(), name: name.to_string(), handle: t });
        }
        note_first(&mut self.company_first, t, at);
        t
    }

    /// Puts the companies and actors in the order the awards naming them were read (once
    /// every group is planned).
    pub fn order(&mut self) {
        let at = |firsts: &[u64], t: Text| firsts.get(t.index()).copied().unwrap_or(u64::MAX);
        let firsts = &self.company_first;
        self.companies.sort_by_key(|c| at(firsts, c.handle));
        let firsts = &self.actor_first;
        self.actors.sort_by_key(|a| at(firsts, a.handle));
    }

    /// The company of the first event attributed by a rule, else of the first event.
    pub fn default_company(&self) -> &str {
        self.first_attributed.as_ref().or(self.first_company.as_ref()).map_or("", |(_, id)| id.as_str())
    }
}

/// Settles what the groups share for an import of `files`: the files' own sources.
pub fn plan<'a>(files: &'a [InputFile], rules: &'a [Rule], known: &'a Known) -> Plan<'a> {
    let mut p = Plan {
        files,
        rules,
        known,
        companies: Vec::new(),
        actors: Vec::new(),
        file_sources: Vec::new(),
        file_source_of: Vec::new(),
        companies_used: Strings::default(),
        actor_ids: Strings::default(),
        sources: Ids::default(),
        company_first: Vec::new(),
        actor_first: Vec::new(),
        first_attributed: None,
        first_company: None,
    };
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
    p
}

/// Settles the records and ids for one group of `awards`; the first award that cannot be
/// written (no date, no recipient) is the error, with when it was read. Planning a group
/// again gives the same group (and changes nothing shared). Without `follow_on_ids` the
/// follow-ons are counted but get no ids (for a first pass that writes no events).
pub fn group<'g>(
    p: &mut Plan<'_>,
    awards: &'g Awards,
    follow_on_ids: bool,
) -> Result<Group<'g>, (u64, ImportError)> {
    let mut g = Group {
        awards,
        sources: p.sources.clone(),
        events: Ids::default(),
        per_award: Vec::with_capacity(awards.len()),
        awards_written: 0,
        modifications: 0,
        attributed: 0,
        resold: 0,
    };
    let mut pl = Planner { actor_of: HashMap::default(), company_of: HashMap::default() };
    for a in &awards.list {
        let ap = plan_award(p, &mut g, &mut pl, a, follow_on_ids).map_err(|e| (a.seen, e))?;
        g.per_award.push(ap);
    }
    Ok(g)
}

fn plan_award(
    p: &mut Plan<'_>,
    g: &mut Group<'_>,
    pl: &mut Planner,
    a: &Award,
    follow_on_ids: bool,
) -> Result<AwardPlan, ImportError> {
    let awards = g.awards;
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
    let event = g.events.unique(&base_id);
    let rule =
        attribute(p.rules, recipient, awards.text_of(a.recipient_parent), awards.text_of(a.description))
            .map(|(r, m)| (p.rules.iter().position(|x| std::ptr::eq(x, r)).unwrap_or(0), m));
    let at = a.seen.saturating_mul(2);
    let company = match rule {
        Some((r, _)) => {
            let rules = p.rules;
            let id = &rules[r].company;
            p.company(id, id, at)
        }
        None => match pl.company_of.get(&recipient_t) {
            Some(&t) => {
                note_first(&mut p.company_first, t, at);
                t
            }
            None => {
                let t = p.company(&format!("recipient-{}", slugify(recipient)), recipient, at);
                pl.company_of.insert(recipient_t, t);
                t
            }
        },
    };
    g.awards_written += 1;
    if rule.is_some() {
        g.attributed += 1;
    }
    if matches!(rule, Some((_, Matched::Description))) {
        g.resold += 1;
    }
    let awarding = a.sub_agency.or(a.agency);
    let actor = awarding.map(|n| p.actor(pl, awards, n, true, at));
    let counterparty = p.actor(pl, awards, recipient_t, false, at + 1);
    let source = key.map(|k| g.sources.unique(&format!("src-usa-{}", id_part(k))));
    let company_id = p.companies_used.get(company);
    if rule.is_some() {
        first(&mut p.first_attributed, a.seen, company_id);
    }
    first(&mut p.first_company, a.seen, company_id);
    if !follow_on_ids {
        g.modifications += follow_ons(awards, a).count();
        return Ok(AwardPlan { dated, rule, company, actor, counterparty, event, source });
    }
    // `EVENT-MOD[-TRANSACTION]`, made in one reused buffer (there are about as many
    // follow-ons as rows).
    let mut id = g.events.set.get(event).to_string();
    let event_len = id.len();
    for f in follow_ons(awards, a) {
        id.truncate(event_len);
        id.push('-');
        push_id_part(&mut id, modification_name(f.act));
        if !matches!(f.act.transaction().trim(), "" | "0" | "-NONE-") {
            id.push('-');
            push_id_part(&mut id, f.act.transaction());
        }
        g.events.unique(&id);
        g.modifications += 1;
    }
    Ok(AwardPlan { dated, rule, company, actor, counterparty, event, source })
}
