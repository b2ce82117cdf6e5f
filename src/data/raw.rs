//! The dataset file's records exactly as written: serde structs with no meaning attached yet.
//! (The top level is read key by key in `validate::top`, so events can be checked as they
//! are parsed.)
//!
//! Most fields are optional here so that validation can report every missing field at once
//! (with the event id and position) instead of stopping at serde's first error. Unknown fields
//! are refused: in a hand-edited file they are almost always typos (`summmary`).
//!
//! An event's short lists (sources, tags, links) are kept inline: a raw event is read on the
//! parsing thread and dropped on the checking one, and a heap allocation per list made the two
//! threads fight over the allocator.

mod cursor;
mod object;
pub mod read;
mod str;

use serde::Deserialize;

pub use object::Object;
use object::{objects, optional_object, small_objects};
use smallvec::SmallVec;
pub use str::Str;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompany<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub short: Option<Str<'a>>,
    pub context: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow, rename = "type")]
    pub kind: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub publisher: Option<Str<'a>>,
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub url: Option<Str<'a>>,
    #[serde(borrow)]
    pub published: Option<Str<'a>>,
    #[serde(borrow)]
    pub kind: Option<Str<'a>>,
    #[serde(borrow)]
    pub note: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub date: Option<Str<'a>>,
    #[serde(borrow)]
    pub date_qualifier: Option<Str<'a>>,
    #[serde(borrow)]
    pub end_date: Option<Str<'a>>,
    #[serde(borrow)]
    pub company: Option<Str<'a>>,
    #[serde(borrow)]
    pub actor: Option<Str<'a>>,
    #[serde(borrow)]
    pub counterparty: Option<Str<'a>>,
    #[serde(borrow)]
    pub kind: Option<Str<'a>>,
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub summary: Option<Str<'a>>,
    #[serde(borrow, default, deserialize_with = "optional_object")]
    pub quote: Option<RawQuote<'a>>,
    #[serde(borrow, default, deserialize_with = "optional_object")]
    pub amount: Option<RawAmount<'a>>,
    #[serde(borrow, default, deserialize_with = "optional_object")]
    pub award: Option<Box<RawAward<'a>>>,
    #[serde(borrow)]
    pub evidence: Option<Str<'a>>,
    #[serde(borrow, default)]
    pub sources: SmallVec<[Str<'a>; 4]>,
    #[serde(borrow, default)]
    pub tags: SmallVec<[Str<'a>; 2]>,
    #[serde(borrow, default, deserialize_with = "small_objects")]
    pub links: SmallVec<[RawLink<'a>; 2]>,
    #[serde(borrow, default)]
    pub questions: Vec<Str<'a>>,
    /// Set by the parser: the position of an earlier event with the same id.
    #[serde(skip)]
    pub first_use: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote<'a> {
    #[serde(borrow)]
    pub text: Option<Str<'a>>,
    #[serde(borrow)]
    pub by: Option<Str<'a>>,
    #[serde(borrow)]
    pub source: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAmount<'a> {
    pub value: Option<f64>,
    #[serde(borrow)]
    pub currency: Option<Str<'a>>,
    #[serde(borrow)]
    pub note: Option<Str<'a>>,
}

/// A contract award of record (USAspending / FPDS) behind a contract event. Every figure is
/// in U.S. dollars as the record gives it; which figure is which is in `data/README.md`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAward<'a> {
    #[serde(borrow)]
    pub key: Option<Str<'a>>,
    #[serde(borrow)]
    pub piid: Option<Str<'a>>,
    #[serde(borrow)]
    pub parent_award: Option<Str<'a>>,
    #[serde(borrow)]
    pub recipient: Option<Str<'a>>,
    #[serde(borrow)]
    pub recipient_parent: Option<Str<'a>>,
    #[serde(borrow)]
    pub bought_through: Option<Str<'a>>,
    #[serde(borrow)]
    pub awarding_agency: Option<Str<'a>>,
    #[serde(borrow)]
    pub awarding_sub_agency: Option<Str<'a>>,
    #[serde(borrow)]
    pub awarding_office: Option<Str<'a>>,
    pub obligated: Option<f64>,
    pub current_total_value: Option<f64>,
    pub potential_total_value: Option<f64>,
    #[serde(borrow)]
    pub modification: Option<Str<'a>>,
    pub action_obligation: Option<f64>,
    #[serde(borrow)]
    pub period_start: Option<Str<'a>>,
    #[serde(borrow)]
    pub period_end: Option<Str<'a>>,
    #[serde(borrow)]
    pub potential_end: Option<Str<'a>>,
    #[serde(borrow)]
    pub description: Option<Str<'a>>,
    #[serde(borrow)]
    pub no_permalink: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink<'a> {
    #[serde(borrow)]
    pub to: Option<Str<'a>>,
    #[serde(borrow)]
    pub relation: Option<Str<'a>>,
    #[serde(borrow)]
    pub note: Option<Str<'a>>,
    /// Set by the parser when `to` names an event already read: its position in the file.
    #[serde(skip)]
    pub target: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTour<'a> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub description: Option<Str<'a>>,
    #[serde(borrow, default, deserialize_with = "objects")]
    pub steps: Vec<RawStep<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep<'a> {
    #[serde(borrow)]
    pub event: Option<Str<'a>>,
    #[serde(borrow)]
    pub note: Option<Str<'a>>,
}
