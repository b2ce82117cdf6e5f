//! The dataset file exactly as written: serde structs with no meaning attached yet.
//!
//! Most fields are optional here so that validation can report every missing field at once
//! (with the event id and position) instead of stopping at serde's first error. Unknown fields
//! are refused: in a hand-edited file they are almost always typos (`summmary`).

mod object;

use serde::Deserialize;

pub use object::Object;
use object::{objects, optional_object, optional_objects};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataset {
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default_company: Option<String>,
    pub start: Option<String>,
    #[serde(default, deserialize_with = "objects")]
    pub companies: Vec<RawCompany>,
    #[serde(default, deserialize_with = "objects")]
    pub actors: Vec<RawActor>,
    #[serde(default, deserialize_with = "objects")]
    pub sources: Vec<RawSource>,
    #[serde(default, deserialize_with = "optional_objects")]
    pub events: Option<Vec<RawEvent>>,
    #[serde(default, deserialize_with = "objects")]
    pub tours: Vec<RawTour>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompany {
    pub id: Option<String>,
    pub name: Option<String>,
    pub short: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Option<String>,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub kind: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: Option<String>,
    pub date: Option<String>,
    pub date_qualifier: Option<String>,
    pub end_date: Option<String>,
    pub company: Option<String>,
    pub actor: Option<String>,
    pub counterparty: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "optional_object")]
    pub quote: Option<RawQuote>,
    #[serde(default, deserialize_with = "optional_object")]
    pub amount: Option<RawAmount>,
    pub evidence: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "objects")]
    pub links: Vec<RawLink>,
    #[serde(default)]
    pub questions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub text: Option<String>,
    pub by: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAmount {
    pub value: Option<f64>,
    pub currency: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub to: Option<String>,
    pub relation: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTour {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default, deserialize_with = "objects")]
    pub steps: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub event: Option<String>,
    pub note: Option<String>,
}
