//! One award's records as written: its source (the award's USAspending page) and its events,
//! serialised straight into the output from the merged award and what [`group`] settled.
//! Nothing per event is kept once it is written.
//!
//! [`group`]: super::build::group

use std::io::{self, Write};

use smallvec::SmallVec;

use super::build::{
    AwardPlan, Group, OutAmount, OutAward, OutEvent, OutLink, OutSource, Plan, day, follow_ons,
    modification_name,
};
use super::company::Matched;
use super::merge::{Award, DatedBy, NO_KEY};
use super::prose::{Prose, push_lowercase};
use crate::text::push_exact_amount;

/// Writes records as the elements of a JSON list, one a line.
pub struct List<'w, W: Write> {
    out: &'w mut W,
    first: bool,
    /// Where each record is serialised before it is written.
    scratch: Vec<u8>,
}

impl<'w, W: Write> List<'w, W> {
    pub fn new(out: &'w mut W) -> Self {
        Self { out, first: true, scratch: Vec::new() }
    }

    /// A list to go on another's: every element written with its comma. What it wrote is
    /// given to the other with [`List::chunk`].
    pub fn continuing(out: &'w mut W) -> Self {
        Self { out, first: false, scratch: Vec::new() }
    }

    /// Writes elements a [`List::continuing`] wrote.
    pub fn chunk(&mut self, chunk: &[u8]) -> io::Result<()> {
        match chunk.split_first() {
            None => Ok(()),
            Some((_, rest)) if self.first => {
                self.first = false;
                self.out.write_all(rest)
            }
            Some(_) => self.out.write_all(chunk),
        }
    }

    /// Starts the next element.
    pub fn next(&mut self) -> io::Result<&mut W> {
        self.out.write_all(if self.first { b"\n    " } else { b",\n    " })?;
        self.first = false;
        Ok(self.out)
    }

    pub fn record<T: serde::Serialize>(&mut self, record: &T) -> io::Result<()> {
        let mut buf = std::mem::take(&mut self.scratch);
        buf.clear();
        sonic_rs::to_writer(&mut buf, record).map_err(io::Error::other)?;
        let written = self.next().and_then(|out| out.write_all(&buf));
        self.scratch = buf;
        written
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.first
    }
}

/// The award's own source, its page on USAspending, when it has a key.
pub fn award_source(g: &Group<'_>, a: &Award, ap: &AwardPlan) -> Option<OutSource> {
    let (k, id) = (g.awards.text_of(a.key)?, ap.source?);
    Some(OutSource {
        id: g.sources.set.get(id).to_string(),
        publisher: "USAspending.gov",
        title: format!("Award {} ({k})", g.awards.text(a.piid)),
        url: format!("https://www.usaspending.gov/award/{k}"),
        kind: "primary",
        note: "the award's page on USAspending, the record of the award and its transactions".into(),
    })
}

/// Writes the award's event and its follow-ons into `list`.
#[allow(clippy::too_many_lines)]
pub fn write_award<W: Write>(
    list: &mut List<'_, W>,
    prose: &mut Prose,
    p: &Plan<'_>,
    g: &Group<'_>,
    a: &Award,
    ap: &AwardPlan,
) -> io::Result<()> {
    let awards = g.awards;
    let t = |x| awards.text_of(x);
    let piid = awards.text(a.piid);
    let recipient = t(a.recipient).unwrap_or_default();
    let (date, dated_by) = ap.dated;
    let now = awards.current(a);
    let last = awards.actions(a).next_back();
    // The period's end as of the same record as the totals.
    let period_end = match last {
        Some(l) if l.date() == now.as_of && l.period_end().is_some() => l.period_end(),
        _ => a.period_end,
    };
    let potential_end = match last {
        Some(l) if l.date() == now.as_of && l.potential_end().is_some() => l.potential_end(),
        _ => a.potential_end,
    };
    let event_id = g.events.set.get(ap.event);
    let bought_through = matches!(ap.rule, Some((_, Matched::Description))).then_some(recipient);
    let company = p.companies_used.get(ap.company);
    let awarding = t(a.sub_agency).or(t(a.agency));
    let actor = ap.actor.map(|x| p.actor_ids.get(x));
    let counterparty = p.actor_ids.get(ap.counterparty);
    let mut sources: SmallVec<[&str; 4]> = SmallVec::new();
    if let Some(s) = ap.source {
        sources.push(g.sources.set.get(s));
    }
    for id in a.files.iter().filter_map(|&f| p.file_source_of.get(f as usize)) {
        let id = g.sources.set.get(*id);
        if !sources.contains(&id) {
            sources.push(id);
        }
    }
    let tags: &[&str] =
        if bought_through.is_some() { &["usaspending", "reseller"] } else { &["usaspending"] };

    let base_award = OutAward {
        key: t(a.key),
        no_permalink: a.key.is_none().then_some(NO_KEY),
        piid,
        parent_award: t(a.parent_piid),
        recipient,
        recipient_parent: t(a.recipient_parent),
        bought_through,
        awarding_agency: t(a.agency),
        awarding_sub_agency: t(a.sub_agency),
        awarding_office: t(a.office),
        ..OutAward::default()
    };
    prose.clear();
    let summary = &mut prose.summary;
    summary.push_str("Award of record to ");
    summary.push_str(recipient);
    if let Some(by) = awarding {
        summary.push_str(" by ");
        summary.push_str(by);
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
        Some(v) => {
            summary.push_str("; obligated ");
            push_exact_amount(summary, v, "USD");
            summary.push_str(" as of the latest action in the file");
        }
        None => summary.push_str("; the file gives no obligated total"),
    }
    if let Some(v) = now.potential_total {
        summary.push_str(", ceiling (potential total) ");
        push_exact_amount(summary, v, "USD");
    }
    summary.push('.');
    if let (Some(r), Some((rule, _))) = (bought_through, ap.rule) {
        let rule = &p.rules[rule];
        summary.extend([
            " Attributed to ",
            &rule.company,
            " because the description names \"",
            &rule.pattern,
            "\"; bought through ",
            r,
            ", the recipient of record.",
        ]);
    }
    prose.title.extend(["Award ", piid, " to ", recipient]);
    list.record(&OutEvent {
        id: event_id,
        date: day(date),
        end_date: period_end.filter(|&e| e >= date).map(day),
        company,
        actor,
        counterparty,
        kind: "contract",
        title: &prose.title,
        summary: &prose.summary,
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
            description: t(a.description),
            ..base_award.clone()
        },
        evidence: "confirmed",
        sources: &sources,
        tags,
        links: &[],
    })?;

    // Follow-on events, in modification order. A running total is only computed when the
    // base action is in the file: otherwise it would start from a wrong zero.
    let has_base = awards.actions(a).any(|x| x.is_base());
    for (n, f) in follow_ons(awards, a).enumerate() {
        let act = f.act;
        let Some(when) = act.date() else { continue };
        // [`group`] handed the follow-ons their ids right after the award's, in this order.
        let id = g.events.set.nth(ap.event.index() + 1 + n);
        let m = modification_name(act);
        let (obligated, computed) = match act.obligated() {
            Some(v) => (Some(v), false),
            None if has_base => (Some(f.running), true),
            None => (None, false),
        };
        prose.clear();
        let s = &mut prose.summary;
        s.extend(["Modification ", m, " of award ", piid, " (", recipient, ")"]);
        if let Some(t) = act.action_type() {
            s.push_str(", recorded as \"");
            push_lowercase(s, t);
            s.push('"');
        }
        match act.obligation() {
            Some(v) if v < 0.0 => {
                s.push_str(": this action de-obligated ");
                push_exact_amount(s, -v, "USD");
            }
            Some(v) => {
                s.push_str(": this action obligated ");
                push_exact_amount(s, v, "USD");
            }
            None => s.push_str(": the record gives no obligation for this action"),
        }
        match (obligated, computed) {
            (Some(v), false) => {
                s.push_str("; the record gives ");
                push_exact_amount(s, v, "USD");
                s.push_str(" obligated in all after it");
            }
            (Some(v), true) => {
                s.push_str("; ");
                push_exact_amount(s, v, "USD");
                s.push_str(
                    " obligated in all after it (the running total of this file's actions, in modification order)",
                );
            }
            (None, _) => {}
        }
        if f.dates
            && let Some(e) = act.period_end()
        {
            s.push_str("; the period of performance now ends ");
            s.push_str(day(e).as_str());
        }
        s.push('.');
        let title = &mut prose.title;
        title.extend(["Modification ", m, " to ", piid, ": "]);
        match act.obligation() {
            Some(v) if v != 0.0 => {
                push_exact_amount(title, v, "USD");
                title.push_str(" obligated");
            }
            _ => title.push_str("period or options changed"),
        }
        prose.note.extend(["modification ", m, " of award ", piid]);
        let links = [OutLink { to: event_id, relation: "follows-from", note: &prose.note }];
        list.record(&OutEvent {
            id,
            date: day(when),
            end_date: None,
            company,
            actor,
            counterparty,
            kind: "contract",
            title: &prose.title,
            summary: &prose.summary,
            // No amount: this money is inside the award's obligated total already.
            amount: None,
            award: OutAward {
                modification: Some(m),
                action_obligation: act.obligation(),
                obligated,
                current_total_value: act.current_total(),
                potential_total_value: act.potential_total(),
                period_end: act.period_end().map(day),
                potential_end: act.potential_end().map(day),
                description: act.description(),
                ..base_award.clone()
            },
            evidence: "confirmed",
            sources: &sources,
            tags,
            links: &links,
        })?;
    }
    Ok(())
}
