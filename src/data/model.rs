//! The validated dataset: every reference resolved to an index, every string sanitized,
//! events in display order. Nothing here knows about the terminal.

use super::date::{PartialDate, Qualifier};
pub use super::text::Text;
// An event's short lists are kept inline: a heap block per list cost more than a hundred
// bytes per event at a million events.
use smallvec::SmallVec;

/// What kind of event this is. Statements, policies and governance are what a company *says*;
/// contracts are what it *does*; activism and reporting are context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Statement,
    Policy,
    Governance,
    Contract,
    Activism,
    Reporting,
}

/// Which side of the say-vs-do comparison a kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Say,
    Do,
    Context,
}

impl Kind {
    pub const ALL: [Self; 6] =
        [Self::Statement, Self::Policy, Self::Governance, Self::Contract, Self::Activism, Self::Reporting];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "statement" => Self::Statement,
            "policy" => Self::Policy,
            "governance" => Self::Governance,
            "contract" => Self::Contract,
            "activism" => Self::Activism,
            "reporting" => Self::Reporting,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Statement => "statement",
            Self::Policy => "policy",
            Self::Governance => "governance",
            Self::Contract => "contract",
            Self::Activism => "activism",
            Self::Reporting => "reporting",
        }
    }

    /// One letter per kind, so kinds are told apart without colour.
    pub fn letter(self) -> char {
        match self {
            Self::Statement => 'S',
            Self::Policy => 'P',
            Self::Governance => 'G',
            Self::Contract => 'C',
            Self::Activism => 'A',
            Self::Reporting => 'R',
        }
    }

    pub fn side(self) -> Side {
        match self {
            Self::Statement | Self::Policy | Self::Governance => Side::Say,
            Self::Contract => Side::Do,
            Self::Activism | Self::Reporting => Side::Context,
        }
    }
}

/// How solid the claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    Unverified,
    Disputed,
    Reported,
    Confirmed,
}

impl Evidence {
    pub const ALL: [Self; 4] = [Self::Confirmed, Self::Reported, Self::Disputed, Self::Unverified];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "confirmed" => Self::Confirmed,
            "reported" => Self::Reported,
            "disputed" => Self::Disputed,
            "unverified" => Self::Unverified,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Reported => "reported",
            Self::Disputed => "disputed",
            Self::Unverified => "unverified",
        }
    }

    /// A glyph that reads without colour: full, half, contested, empty.
    pub fn mark(self) -> char {
        match self {
            Self::Confirmed => '●',
            Self::Reported => '◐',
            Self::Disputed => '◆',
            Self::Unverified => '○',
        }
    }
}

/// How one event bears on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Contradicts,
    RespondsTo,
    FollowsFrom,
    ConsistentWith,
}

impl Relation {
    pub const ALL: [Self; 4] = [Self::Contradicts, Self::RespondsTo, Self::FollowsFrom, Self::ConsistentWith];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "contradicts" => Self::Contradicts,
            "responds-to" => Self::RespondsTo,
            "follows-from" => Self::FollowsFrom,
            "consistent-with" => Self::ConsistentWith,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Contradicts => "contradicts",
            Self::RespondsTo => "responds-to",
            Self::FollowsFrom => "follows-from",
            Self::ConsistentWith => "consistent-with",
        }
    }

    /// The relation in words, read from the event that carries the link.
    pub fn label(self) -> &'static str {
        match self {
            Self::Contradicts => "contradicts",
            Self::RespondsTo => "responds to",
            Self::FollowsFrom => "follows from",
            Self::ConsistentWith => "consistent with",
        }
    }

    /// The same relation read from the other end of the link.
    pub fn inverse_label(self) -> &'static str {
        match self {
            Self::Contradicts => "contradicted by",
            Self::RespondsTo => "answered by",
            Self::FollowsFrom => "led to",
            Self::ConsistentWith => "consistent with",
        }
    }
}

/// How strong a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Primary,
    News,
    Secondary,
    Weak,
}

impl SourceKind {
    pub const ALL: [Self; 4] = [Self::Primary, Self::News, Self::Secondary, Self::Weak];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::News => "news",
            Self::Secondary => "secondary",
            Self::Weak => "weak",
        }
    }
}

/// Who an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorType {
    Company,
    Person,
    Employees,
    Agency,
    Military,
    Government,
    Ngo,
    Press,
    Investor,
    Other,
}

impl ActorType {
    pub const ALL: [Self; 10] = [
        Self::Company,
        Self::Person,
        Self::Employees,
        Self::Agency,
        Self::Military,
        Self::Government,
        Self::Ngo,
        Self::Press,
        Self::Investor,
        Self::Other,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Person => "person",
            Self::Employees => "employees",
            Self::Agency => "agency",
            Self::Military => "military",
            Self::Government => "government",
            Self::Ngo => "ngo",
            Self::Press => "press",
            Self::Investor => "investor",
            Self::Other => "other",
        }
    }

    /// Governments, agencies, the military, NGOs and the press speak for themselves: what they
    /// say (a law, a review, a report) is never what a company said.
    pub fn is_outside_party(self) -> bool {
        matches!(self, Self::Agency | Self::Military | Self::Government | Self::Ngo | Self::Press)
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        assert!(Kind::ALL.into_iter().all(|k| Kind::parse(k.name()) == Some(k)));
        assert!(Evidence::ALL.into_iter().all(|e| Evidence::parse(e.name()) == Some(e)));
        assert!(Relation::ALL.into_iter().all(|r| Relation::parse(r.name()) == Some(r)));
        assert!(SourceKind::ALL.into_iter().all(|k| SourceKind::parse(k.name()) == Some(k)));
        assert!(ActorType::ALL.into_iter().all(|k| ActorType::parse(k.name()) == Some(k)));
        assert_eq!(Kind::parse("Statement"), None);
    }
}

#[derive(Debug, Clone)]
pub struct Company {
    pub id: Text,
    pub name: Text,
    /// Up to four cells for narrow columns, e.g. `MSFT`.
    pub short: Text,
    /// A stand-in for many (laws, the industry at large), not a company whose words are set
    /// against its deeds: the comparison never shows it as one.
    pub context: bool,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Text,
    pub name: Text,
    pub kind: Option<ActorType>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: Text,
    pub publisher: Text,
    pub title: Text,
    pub url: Text,
    pub published: Option<PartialDate>,
    pub kind: SourceKind,
    pub note: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub text: Text,
    pub by: Text,
    /// Index into `Dataset::sources`.
    pub source: usize,
}

#[derive(Debug, Clone)]
pub struct Amount {
    pub value: f64,
    pub currency: Text,
    pub note: Option<Text>,
}

/// A contract award of record (USAspending / FPDS) behind a contract event, in U.S. dollars
/// exactly as the record gives them. The figures are different things and are never summed:
/// `obligated` is money committed so far, `current_total_value` the base and exercised
/// options, `potential_total_value` the ceiling (base and all options), `action_obligation`
/// one modification's change to the obligation (negative for a de-obligation).
#[derive(Debug, Clone, Default)]
pub struct Award {
    /// USAspending's award key (`CONT_AWD_…`, `CONT_IDV_…`); none in legacy rows.
    pub key: Option<Text>,
    pub piid: Text,
    /// The PIID of the IDV an order is placed under: an order's PIID alone is not unique.
    pub parent_award: Option<Text>,
    /// The recipient of record: who signed, a reseller as often as not.
    pub recipient: Text,
    pub recipient_parent: Option<Text>,
    /// Set when the event is attributed to a company that sold through the recipient of
    /// record: the reseller's name.
    pub bought_through: Option<Text>,
    pub awarding_agency: Option<Text>,
    pub awarding_sub_agency: Option<Text>,
    pub awarding_office: Option<Text>,
    pub obligated: Option<f64>,
    pub current_total_value: Option<f64>,
    pub potential_total_value: Option<f64>,
    /// The modification number, on an event for one modification.
    pub modification: Option<Text>,
    pub action_obligation: Option<f64>,
    pub period_start: Option<PartialDate>,
    pub period_end: Option<PartialDate>,
    pub potential_end: Option<PartialDate>,
    pub description: Option<Text>,
    /// Why the award has no USAspending page to cite (legacy rows carry no award key).
    pub no_permalink: Option<Text>,
}

impl Award {
    /// The award's page on USAspending, when the record gives its key.
    pub fn permalink(&self) -> Option<String> {
        self.key.as_ref().map(|k| format!("https://www.usaspending.gov/award/{k}"))
    }
}

#[derive(Debug, Clone)]
pub struct Link {
    /// Index into `Dataset::events` (display order), as [`Link::to`] gives it: four bytes,
    /// not eight, as a file with ten links an event holds ten million of these.
    pub(crate) to: u32,
    pub relation: Relation,
    pub note: Option<Text>,
}

impl Link {
    /// The linked event: an index into `Dataset::events`.
    pub fn to(&self) -> usize {
        self.to as usize
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: Text,
    pub date: PartialDate,
    pub qualifier: Option<Qualifier>,
    pub end_date: Option<PartialDate>,
    /// Index into `Dataset::companies`.
    pub company: usize,
    pub actor: Option<usize>,
    pub counterparty: Option<usize>,
    pub kind: Kind,
    pub title: Text,
    pub summary: Text,
    pub quote: Option<Box<Quote>>,
    pub amount: Option<Box<Amount>>,
    /// The award of record behind a contract event, when the event came from one.
    pub award: Option<Box<Award>>,
    pub evidence: Evidence,
    /// Indices into `Dataset::sources`.
    pub sources: SmallVec<[usize; 3]>,
    pub tags: SmallVec<[Text; 1]>,
    pub links: SmallVec<[Link; 1]>,
    pub questions: Vec<Text>,
}

impl Event {
    /// The date for narrow columns: `Jun 2018`, `~2018-06-19` when circa.
    pub fn date_short(&self) -> String {
        match self.qualifier {
            Some(q) => format!("{}{}", q.mark(), self.date.short()),
            None => self.date.short(),
        }
    }

    /// The date under its year heading, with its qualifier: `~19 Jun`.
    pub fn date_in_year(&self) -> String {
        let q = self.qualifier.map_or("", |q| q.mark());
        format!("{q}{}", self.date.within_year())
    }

    /// The date in words with its qualifier: `circa June 2018`.
    pub fn date_words(&self) -> String {
        match self.qualifier {
            Some(q) => format!("{} {}", q.word(), self.date.long()),
            None => self.date.long(),
        }
    }

    /// [`Self::date_words`] with the end of a span: `circa June 2018 to February 2026`.
    pub fn date_text(&self) -> String {
        match self.end_date {
            Some(end) => format!("{} to {}", self.date_words(), end.long()),
            None => self.date_words(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TourStep {
    pub event: usize,
    pub note: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Tour {
    pub id: Text,
    pub title: Text,
    pub description: Option<Text>,
    pub steps: Vec<TourStep>,
}

/// One link seen from one end: outgoing links as written, incoming ones inverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Related {
    pub event: usize,
    pub relation: Relation,
    /// True when the link was written on the other event and points here.
    pub incoming: bool,
    /// Which event carries the link, and its position in that event's `links`.
    pub owner: usize,
    pub link: usize,
}

impl Related {
    pub fn label(self) -> &'static str {
        if self.incoming { self.relation.inverse_label() } else { self.relation.label() }
    }
}

/// A loaded, validated dataset. Events are in display order: by date, then by file order.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub title: Text,
    pub description: Text,
    pub default_company: usize,
    /// The event the app opens on, if the dataset names one.
    pub start: Option<usize>,
    pub companies: Vec<Company>,
    pub actors: Vec<Actor>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
    pub tours: Vec<Tour>,
    /// The links pointing at each event; see [`Dataset::related`].
    pub incoming: Incoming,
}

/// The one item whose field is `name` in any case; none when several are.
fn unique<T>(items: &[T], name: &str, field: fn(&T) -> &Text) -> Option<usize> {
    let name = name.to_lowercase();
    let mut found = items.iter().enumerate().filter(|(_, x)| field(x).to_lowercase() == name);
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// For each event, the links written on other events that point at it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    /// `starts[i]..starts[i + 1]` are event `i`'s entries in `links`.
    pub starts: Vec<u32>,
    /// (event carrying the link, the link's position in that event's `links`).
    pub links: Vec<(u32, u32)>,
}

impl Dataset {
    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }

    pub fn company_index(&self, id: &str) -> Option<usize> {
        self.companies.iter().position(|c| c.id == id)
    }

    /// The sources of `event` as a reader cites them, one line each:
    /// `Publisher, "Title", 19 June 2018. https://…` (`undated` when the page gives no date).
    pub fn citation(&self, event: usize) -> String {
        let lines: Vec<String> = self.events[event]
            .sources
            .iter()
            .map(|&s| {
                let s = &self.sources[s];
                let date = s.published.map_or_else(|| "undated".to_string(), |d| d.long());
                format!("{}, \"{}\", {date}. {}", s.publisher, s.title, s.url)
            })
            .collect();
        lines.join("\n")
    }

    /// The company a person names: by id, by the name the screen shows or by its short name,
    /// in any case (`microsoft`, `Microsoft`, `MSFT`). The exact id wins; a name two companies
    /// share names neither.
    pub fn find_company(&self, name: &str) -> Option<usize> {
        self.company_index(name).or_else(|| {
            let ci = |f: fn(&Company) -> &Text| unique(&self.companies, name, f);
            ci(|c| &c.id).or_else(|| ci(|c| &c.name)).or_else(|| ci(|c| &c.short))
        })
    }

    /// The actor a person names: by id or name, in any case (`ice`, `Quartz`). The exact id
    /// wins; a name two actors share names neither.
    pub fn find_actor(&self, name: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == name).or_else(|| {
            unique(&self.actors, name, |a| &a.id).or_else(|| unique(&self.actors, name, |a| &a.name))
        })
    }

    pub fn company_name(&self, event: &Event) -> &str {
        &self.companies[event.company].name
    }

    pub fn actor_name(&self, idx: Option<usize>) -> Option<&str> {
        idx.map(|i| self.actors[i].name.as_str())
    }

    /// Where event `i` goes in the say-vs-do comparison of its company. A statement, policy
    /// or governance step is what the company said only when someone of the company's own
    /// said it: a law, an agency's review or a report is context, and so is everything of a
    /// company that stands in for many (`context: true`, "across the industry").
    pub fn comparison_side(&self, i: usize) -> Side {
        let e = &self.events[i];
        if self.companies.get(e.company).is_some_and(|c| c.context) {
            return Side::Context;
        }
        let outside = e.actor.and_then(|a| self.actors[a].kind).is_some_and(ActorType::is_outside_party);
        match e.kind.side() {
            Side::Say if outside => Side::Context,
            side => side,
        }
    }

    /// Every link touching event `i`, from both ends, by the date of the other event. A pair
    /// linked from both ends is listed once on each side: each end lists its own link.
    pub fn related(&self, i: usize) -> Vec<Related> {
        let Some(e) = self.events.get(i) else { return Vec::new() };
        let start = self.incoming.starts.get(i).map_or(0, |&s| s as usize);
        let end = self.incoming.starts.get(i + 1).map_or(start, |&s| s as usize);
        let incoming =
            self.incoming.links.get(start..end).unwrap_or_default().iter().filter_map(|&(from, li)| {
                let (from, li) = (from as usize, li as usize);
                let l = self.events.get(from)?.links.get(li)?;
                let answered = e.links.iter().any(|back| back.to() == from);
                (!answered).then_some(Related {
                    event: from,
                    relation: l.relation,
                    incoming: true,
                    owner: from,
                    link: li,
                })
            });
        let own = e.links.iter().enumerate().map(|(li, l)| Related {
            event: l.to(),
            relation: l.relation,
            incoming: false,
            owner: i,
            link: li,
        });
        // In the order of the event carrying each link, then by date (a stable sort): the
        // same order for the same file, whichever end is asked.
        let (before, after): (Vec<Related>, Vec<Related>) = incoming.partition(|r| r.owner < i);
        let mut out: Vec<Related> = before.into_iter().chain(own).chain(after).collect();
        out.sort_by_key(|r| self.events.get(r.event).map(|e| e.date.sort_key()));
        out
    }

    /// The link between two events, if one exists, read from `from`'s side.
    pub fn relation_between(&self, from: usize, to: usize) -> Option<Related> {
        self.related(from).into_iter().find(|r| r.event == to)
    }

    pub fn link_note(&self, related: Related) -> Option<&str> {
        self.events[related.owner].links[related.link].note.as_deref()
    }
}
