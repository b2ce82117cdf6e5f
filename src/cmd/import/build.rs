//! The merged awards as dataset records: companies, actors, sources and events in the
//! dataset format (data/README.md), one contract event per award and a linked follow-on
//! event for each modification that changes money or dates. Every figure is one a record
//! states; summaries are generated from the fields, in the same neutral words each time.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::company::{Matched, Rule, attribute};
use super::error::ImportError;
use super::merge::{Action, Award, Awards, DatedBy};
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
pub struct OutLink {
    pub to: String,
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
    pub period_start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potential_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
}

/// One event as written; borrowed from the award, serialised at once into the output.
#[derive(Debug, Serialize)]
pub struct OutEvent<'a> {
    pub id: &'a str,
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
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
    pub sources: &'a [String],
    pub tags: &'a [&'static str],
    #[serde(skip_serializing_if = "<[OutLink]>::is_empty")]
    pub links: &'a [OutLink],
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

#[derive(Debug, Default)]
pub struct Built {
    pub companies: Vec<OutCompany>,
    pub actors: Vec<OutActor>,
    pub sources: Vec<OutSource>,
    /// The events, serialised: JSON objects, one a line, each line after the first starting
    /// with the separator `,\n    `.
    pub events: Vec<u8>,
    pub event_ids: Vec<String>,
    /// The company of the first event attributed by a rule, else of the first event.
    pub first_attributed: Option<String>,
    pub first_company: Option<String>,
    pub awards: usize,
    pub modifications: usize,
    pub attributed: usize,
    pub resold: usize,
}

/// `YYYY-MM-DD`, without chrono's format machinery (a million of these add up).
fn day(d: NaiveDate) -> String {
    use chrono::Datelike;
    let mut s = String::with_capacity(10);
    let push = |s: &mut String, n: u32, width: usize| {
        let digits = n.to_string();
        s.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
        s.push_str(&digits);
    };
    push(&mut s, u32::try_from(d.year()).unwrap_or(0), 4);
    s.push('-');
    push(&mut s, d.month(), 2);
    s.push('-');
    push(&mut s, d.day(), 2);
    s
}

fn usd(v: f64) -> String {
    exact_amount(v, "USD")
}

/// An id from a record's own identifier: lower case, every other character a hyphen.
fn id_part(s: &str) -> String {
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

struct Builder<'k> {
    known: &'k Known,
    out: Built,
    company_ids: HashSet<String>,
    actor_ids: HashSet<String>,
    event_ids: HashSet<String>,
}

impl Builder<'_> {
    fn actor(&mut self, name: &str, prefix: &str, kind: &'static str) -> String {
        if let Some(id) = self.known.actors_by_name.get(&name.to_lowercase()) {
            return id.clone();
        }
        let id = format!("{prefix}-{}", slugify(name));
        if !self.known.actor_ids.contains(&id) && self.actor_ids.insert(id.clone()) {
            self.out.actors.push(OutActor { id: id.clone(), name: name.to_string(), kind });
        }
        id
    }

    fn company(&mut self, id: &str, name: &str) -> String {
        if !self.known.companies.contains(id) && self.company_ids.insert(id.to_string()) {
            self.out.companies.push(OutCompany { id: id.to_string(), name: name.to_string() });
        }
        id.to_string()
    }

    fn emit(&mut self, e: &OutEvent<'_>) {
        if !self.out.events.is_empty() {
            self.out.events.extend_from_slice(b",\n    ");
        }
        // Plain structs of strings and numbers: serialising cannot fail.
        let _ = serde_json::to_writer(&mut self.out.events, e);
        self.out.event_ids.push(e.id.to_string());
    }

    fn unique_event_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2;
        while !self.event_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// The dataset records for `awards`, read from `files`.
pub fn build(
    awards: &Awards,
    files: &[InputFile],
    rules: &[Rule],
    known: &Known,
) -> Result<Built, ImportError> {
    let mut b = Builder {
        known,
        out: Built::default(),
        company_ids: HashSet::default(),
        actor_ids: HashSet::default(),
        event_ids: HashSet::default(),
    };
    let mut file_sources = Vec::new();
    let mut used_source_ids = HashSet::default();
    // A file named twice (or two copies of one download) is one source.
    let mut by_name: HashMap<(&str, &str), String> = HashMap::default();
    for f in files {
        if let Some(id) = by_name.get(&(f.name.as_str(), f.page.as_str())) {
            file_sources.push(id.clone());
            continue;
        }
        let mut id = format!("src-usa-file-{}", slugify(&f.name));
        let mut n = 2;
        while !used_source_ids.insert(id.clone()) {
            id = format!("src-usa-file-{}-{n}", slugify(&f.name));
            n += 1;
        }
        b.out.sources.push(OutSource {
            id: id.clone(),
            publisher: "USAspending.gov",
            title: format!("{} ({})", f.name, f.kind),
            url: format!("{}#{}", f.page, fragment(&f.name)),
            kind: "primary",
            note: format!(
                "the file {} as downloaded and imported; the address is the USAspending page such files come from, the part after # names the file",
                f.name
            ),
        });
        by_name.insert((f.name.as_str(), f.page.as_str()), id.clone());
        file_sources.push(id);
    }
    for a in &awards.list {
        award_events(&mut b, a, files, &file_sources, rules)?;
    }
    Ok(b.out)
}

fn award_events(
    b: &mut Builder<'_>,
    a: &Award,
    files: &[InputFile],
    file_sources: &[String],
    rules: &[Rule],
) -> Result<(), ImportError> {
    let first_file = a.files.first().and_then(|&f| files.get(f)).map_or("", |f| f.name.as_str());
    let Some((date, dated_by)) = a.dated() else {
        return Err(ImportError::new(
            first_file,
            format!(
                "award {} has no date: no base action date, no period of performance start, no action date",
                a.piid
            ),
        ));
    };
    if a.recipient.is_empty() {
        return Err(ImportError::new(first_file, format!("award {} names no recipient", a.piid))
            .hint("import the award's profile or a CSV that has it together with its transactions"));
    }
    let now = a.current();
    let last = a.actions().last();
    // The period's end as of the same record as the totals.
    let period_end = match last {
        Some(l) if l.date == now.as_of && l.period_end.is_some() => l.period_end,
        _ => a.period_end,
    };
    let potential_end = match last {
        Some(l) if l.date == now.as_of && l.potential_end.is_some() => l.potential_end,
        _ => a.potential_end,
    };
    let base_id = match &a.key {
        Some(k) => format!("usa-{}", id_part(k)),
        None => format!("usa-{}-{}", id_part(&a.piid), id_part(a.parent_piid.as_deref().unwrap_or("none"))),
    };
    let event_id = b.unique_event_id(base_id);
    let attributed = attribute(rules, &a.recipient, a.recipient_parent.as_deref(), a.description.as_deref());
    let bought_through =
        attributed.and_then(|(_, m)| (m == Matched::Description).then(|| a.recipient.clone()));
    let company = match attributed {
        Some((rule, _)) => b.company(&rule.company, &rule.company),
        None => b.company(&format!("recipient-{}", slugify(&a.recipient)), &a.recipient),
    };
    b.out.awards += 1;
    if attributed.is_some() {
        b.out.attributed += 1;
    }
    if bought_through.is_some() {
        b.out.resold += 1;
    }
    let awarding = a.sub_agency.as_deref().or(a.agency.as_deref());
    let actor = awarding.map(|n| b.actor(n, "agency", "agency"));
    let counterparty = b.actor(&a.recipient, "recipient", "company");
    let mut sources = Vec::new();
    if let Some(k) = &a.key {
        let id = format!("src-usa-{}", id_part(k));
        b.out.sources.push(OutSource {
            id: id.clone(),
            publisher: "USAspending.gov",
            title: format!("Award {} ({})", a.piid, k),
            url: format!("https://www.usaspending.gov/award/{k}"),
            kind: "primary",
            note: "the award's page on USAspending, the record of the award and its transactions".into(),
        });
        sources.push(id);
    }
    for id in a.files.iter().filter_map(|&f| file_sources.get(f)) {
        if !sources.contains(id) {
            sources.push(id.clone());
        }
    }
    let mut tags = vec!["usaspending"];
    if bought_through.is_some() {
        tags.push("reseller");
    }

    let base_award = OutAward {
        key: a.key.as_deref(),
        no_permalink: a.no_key,
        piid: &a.piid,
        parent_award: a.parent_piid.as_deref(),
        recipient: &a.recipient,
        recipient_parent: a.recipient_parent.as_deref(),
        bought_through: bought_through.as_deref(),
        awarding_agency: a.agency.as_deref(),
        awarding_sub_agency: a.sub_agency.as_deref(),
        awarding_office: a.office.as_deref(),
        ..OutAward::default()
    };
    if attributed.is_some() && b.out.first_attributed.is_none() {
        b.out.first_attributed = Some(company.clone());
    }
    if b.out.first_company.is_none() {
        b.out.first_company = Some(company.clone());
    }
    let mut summary = format!("Award of record to {}", a.recipient);
    if let Some(by) = awarding {
        summary.push_str(&format!(" by {by}"));
    }
    summary.push_str(match dated_by {
        DatedBy::BaseAction => ", dated by its base action",
        DatedBy::PeriodStart => {
            ", dated by the start of its period of performance (the record gives no base action date)"
        }
        DatedBy::FirstActionInFile => {
            ", dated by its first action in the file (the base action is not in it)"
        }
    });
    match now.obligated {
        Some(v) => summary.push_str(&format!("; obligated {} as of the latest action in the file", usd(v))),
        None => summary.push_str("; the file gives no obligated total"),
    }
    if let Some(v) = now.potential_total {
        summary.push_str(&format!(", ceiling (potential total) {}", usd(v)));
    }
    summary.push('.');
    if let (Some(r), Some((rule, _))) = (&bought_through, attributed) {
        summary.push_str(&format!(
            " Attributed to {} because the description names \"{}\"; bought through {r}, the recipient of record.",
            rule.company, rule.pattern
        ));
    }
    let end_date = period_end.filter(|&e| e >= date).map(day);
    b.emit(&OutEvent {
        id: &event_id,
        date: day(date),
        end_date,
        company: &company,
        actor: actor.as_deref(),
        counterparty: &counterparty,
        kind: "contract",
        title: format!("Award {} to {}", a.piid, a.recipient),
        summary,
        amount: now.obligated.filter(|v| *v >= 0.0).map(|value| OutAmount {
            value,
            currency: "USD",
            note: "obligated as of the latest action in the file (not the ceiling)",
        }),
        award: OutAward {
            obligated: now.obligated,
            current_total_value: now.current_total,
            potential_total_value: now.potential_total,
            period_start: a.period_start.map(day),
            period_end: period_end.map(day),
            potential_end: potential_end.map(day),
            description: a.description.as_deref(),
            ..base_award.clone()
        },
        evidence: "confirmed",
        sources: &sources,
        tags: &tags,
        links: &[],
    });

    // Follow-on events, in modification order. A running total is only computed when the
    // base action is in the file: otherwise it would start from a wrong zero.
    let has_base = a.actions().any(Action::is_base);
    let mut running = 0.0;
    let mut previous: Option<&Action> = None;
    for act in a.actions() {
        running += act.obligation.unwrap_or(0.0);
        let before = previous.replace(act);
        if act.is_base() {
            continue;
        }
        let money = [act.obligation, act.exercised_change, act.options_change]
            .iter()
            .any(|v| v.is_some_and(|v| v != 0.0));
        let dates = before.is_some_and(|p| {
            (p.period_end.is_some() && act.period_end.is_some() && p.period_end != act.period_end)
                || (p.potential_end.is_some()
                    && act.potential_end.is_some()
                    && p.potential_end != act.potential_end)
        });
        if !money && !dates {
            continue;
        }
        let Some(when) = act.date else { continue };
        let m = if act.modification.is_empty() { "(unnumbered)" } else { act.modification.as_str() };
        let mut id = format!("{event_id}-{}", id_part(m));
        if !matches!(act.transaction.trim(), "" | "0" | "-NONE-") {
            id = format!("{id}-{}", id_part(&act.transaction));
        }
        let id = b.unique_event_id(id);
        let (obligated, computed) = match act.obligated {
            Some(v) => (Some(v), false),
            None if has_base => (Some(running), true),
            None => (None, false),
        };
        let mut s = format!("Modification {m} of award {} ({})", a.piid, a.recipient);
        if let Some(t) = &act.action_type {
            s.push_str(&format!(", recorded as \"{}\"", t.to_lowercase()));
        }
        match act.obligation {
            Some(v) if v < 0.0 => s.push_str(&format!(": this action de-obligated {}", usd(-v))),
            Some(v) => s.push_str(&format!(": this action obligated {}", usd(v))),
            None => s.push_str(": the record gives no obligation for this action"),
        }
        match (obligated, computed) {
            (Some(v), false) => s.push_str(&format!("; the record gives {} obligated in all after it", usd(v))),
            (Some(v), true) => s.push_str(&format!(
                "; {} obligated in all after it (the running total of this file's actions, in modification order)",
                usd(v)
            )),
            (None, _) => {}
        }
        if dates && let Some(e) = act.period_end {
            s.push_str(&format!("; the period of performance now ends {}", day(e)));
        }
        s.push('.');
        let title = match act.obligation {
            Some(v) if v != 0.0 => format!("Modification {m} to {}: {} obligated", a.piid, usd(v)),
            _ => format!("Modification {m} to {}: period or options changed", a.piid),
        };
        b.out.modifications += 1;
        let links = [OutLink {
            to: event_id.clone(),
            relation: "follows-from",
            note: format!("modification {m} of award {}", a.piid),
        }];
        b.emit(&OutEvent {
            id: &id,
            date: day(when),
            end_date: None,
            company: &company,
            actor: actor.as_deref(),
            counterparty: &counterparty,
            kind: "contract",
            title,
            summary: s,
            // No amount: this money is inside the award's obligated total already.
            amount: None,
            award: OutAward {
                modification: Some(m),
                action_obligation: act.obligation,
                obligated,
                current_total_value: act.current_total,
                potential_total_value: act.potential_total,
                period_end: act.period_end.map(day),
                potential_end: act.potential_end.map(day),
                description: act.description.as_deref(),
                ..base_award.clone()
            },
            evidence: "confirmed",
            sources: &sources,
            tags: &tags,
            links: &links,
        });
    }
    Ok(())
}
