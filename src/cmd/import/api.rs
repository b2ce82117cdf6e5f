//! JSON from the USAspending v2 API: an award profile (`GET /api/v2/awards/<key>/`, a
//! contract or an IDV), a page of its transactions (`POST /api/v2/transactions/`), and a page
//! of award search results (`POST /api/v2/search/spending_by_award/`). The kind is told from
//! the shape. Transactions name no award key, only a transaction id whose parts are the
//! award's (`CONT_TX_<agency>_<parent agency>_<PIID>_<mod>_<parent PIID>_<txn>`): they are
//! attached, once every file is read, to an award read in the same import (from a profile or
//! a CSV), never to one made up from the id alone.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::error::ImportError;
use super::merge::{Action, Facts, Totals};
use super::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Award,
    Transactions,
    SpendingByAward,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Self::Award => "USAspending API award profile",
            Self::Transactions => "USAspending API transactions",
            Self::SpendingByAward => "USAspending API spending_by_award",
        }
    }

    /// The endpoint such a file comes from.
    pub fn page(self, key: Option<&str>) -> String {
        match (self, key) {
            (Self::Award, Some(k)) => format!("https://api.usaspending.gov/api/v2/awards/{k}/"),
            (Self::Award, None) => "https://api.usaspending.gov/api/v2/awards/".into(),
            (Self::Transactions, _) => "https://api.usaspending.gov/api/v2/transactions/".into(),
            (Self::SpendingByAward, _) => {
                "https://api.usaspending.gov/api/v2/search/spending_by_award/".into()
            }
        }
    }
}

#[derive(Debug, Deserialize)]
struct Agency {
    toptier_agency: Option<Named>,
    subtier_agency: Option<Named>,
    office_agency_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Recipient {
    recipient_name: Option<String>,
    parent_recipient_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Period {
    start_date: Option<String>,
    end_date: Option<String>,
    potential_end_date: Option<String>,
    last_modified_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Parent {
    piid: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Profile {
    generated_unique_award_id: String,
    piid: Option<String>,
    description: Option<String>,
    total_obligation: Option<f64>,
    date_signed: Option<String>,
    base_exercised_options: Option<f64>,
    base_and_all_options: Option<f64>,
    parent_award: Option<Parent>,
    awarding_agency: Option<Agency>,
    period_of_performance: Option<Period>,
    recipient: Option<Recipient>,
}

#[derive(Debug, Deserialize)]
pub struct Transaction {
    id: String,
    action_date: Option<String>,
    action_type_description: Option<String>,
    modification_number: Option<String>,
    description: Option<String>,
    federal_action_obligation: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct PageMeta {
    #[serde(rename = "hasNext")]
    has_next: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Transactions {
    results: Vec<Transaction>,
    page_metadata: Option<PageMeta>,
}

#[derive(Debug, Deserialize)]
struct SearchResult {
    generated_internal_id: Option<String>,
    #[serde(rename = "Award ID")]
    award_id: Option<String>,
    #[serde(rename = "Recipient Name")]
    recipient: Option<String>,
    #[serde(rename = "Award Amount")]
    amount: Option<f64>,
    #[serde(rename = "Description")]
    description: Option<String>,
    #[serde(rename = "Awarding Agency")]
    agency: Option<String>,
    #[serde(rename = "Awarding Sub Agency")]
    sub_agency: Option<String>,
    #[serde(rename = "Start Date")]
    start: Option<String>,
    #[serde(rename = "End Date")]
    end: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Search {
    results: Vec<SearchResult>,
    page_metadata: Option<PageMeta>,
}

/// What a JSON file is: told from its fields.
pub fn shape(value: &serde_json::Value) -> Option<Shape> {
    let obj = value.as_object()?;
    if obj.contains_key("generated_unique_award_id") {
        let category = obj.get("category").and_then(|c| c.as_str());
        return matches!(category, Some("contract" | "idv") | None).then_some(Shape::Award);
    }
    let first = obj.get("results")?.as_array()?.first();
    let has = |k: &str| first.is_some_and(|f| f.get(k).is_some());
    if has("modification_number") && has("federal_action_obligation") {
        Some(Shape::Transactions)
    } else if has("generated_internal_id") || has("Award ID") {
        Some(Shape::SpendingByAward)
    } else {
        None
    }
}

fn date(file: &str, field: &str, s: Option<&str>) -> Result<Option<NaiveDate>, ImportError> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    super::value::api_date(s).map(Some).map_err(|m| ImportError::new(file, m).field(field))
}

fn json_error(file: &str, e: &serde_json::Error, what: &str) -> ImportError {
    ImportError::new(file, format!("not a {what}: {e}")).at(e.line() as u64, e.column() as u64)
}

/// Transactions waiting for every file to be read, to find their award.
#[derive(Debug)]
pub struct Pending {
    name: String,
    file: usize,
    index: usize,
    tx: Transaction,
}

/// Reads one API JSON file (input number `file`) into `store`; transactions go to
/// `pending`, and `warn` gets what the file leaves out (further pages).
pub fn read(
    path: &Path,
    file: usize,
    store: &mut Store,
    pending: &mut Vec<Pending>,
    warn: &mut Vec<String>,
) -> Result<(Shape, Option<String>, u64), ImportError> {
    let name = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| ImportError::new(&name, format!("cannot read: {e}")))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| json_error(&name, &e, "JSON file"))?;
    let Some(shape) = shape(&value) else {
        return Err(ImportError::new(&name, "this JSON is not a USAspending contract award, transactions or spending_by_award response")
            .hint("save the response of GET /api/v2/awards/<award key>/, POST /api/v2/transactions/ or POST /api/v2/search/spending_by_award/ (contracts)"));
    };
    let next_page = |m: &Option<PageMeta>, warn: &mut Vec<String>| {
        if m.as_ref().and_then(|m| m.has_next) == Some(true) {
            warn.push(format!("{name}: the response says more pages follow; only this page is imported"));
        }
    };
    match shape {
        Shape::Award => {
            let p: Profile = serde_json::from_str(&text).map_err(|e| json_error(&name, &e, shape.name()))?;
            let key = p.generated_unique_award_id.clone();
            profile(&name, p, file, store)?;
            Ok((shape, Some(key), 1))
        }
        Shape::Transactions => {
            let t: Transactions =
                serde_json::from_str(&text).map_err(|e| json_error(&name, &e, shape.name()))?;
            next_page(&t.page_metadata, warn);
            let n = t.results.len() as u64;
            pending.extend(t.results.into_iter().enumerate().map(|(index, tx)| Pending {
                name: name.clone(),
                file,
                index,
                tx,
            }));
            Ok((shape, None, n))
        }
        Shape::SpendingByAward => {
            let s: Search = serde_json::from_str(&text).map_err(|e| json_error(&name, &e, shape.name()))?;
            next_page(&s.page_metadata, warn);
            let n = s.results.len() as u64;
            search(&name, s, file, store)?;
            Ok((shape, None, n))
        }
    }
}

fn profile(name: &str, p: Profile, file: usize, store: &mut Store) -> Result<(), ImportError> {
    let period = p.period_of_performance.as_ref();
    let agency = p.awarding_agency.as_ref();
    let Some(piid) = p.piid.as_deref() else {
        return Err(ImportError::new(name, "the award profile has no piid").field("piid"));
    };
    super::value::award_key(&p.generated_unique_award_id)
        .map_err(|m| ImportError::new(name, m).field("generated_unique_award_id"))?;
    let facts = Facts {
        key: Some(&p.generated_unique_award_id),
        piid,
        parent_piid: p.parent_award.as_ref().and_then(|x| x.piid.as_deref()),
        recipient: p.recipient.as_ref().and_then(|r| r.recipient_name.as_deref()),
        recipient_parent: p.recipient.as_ref().and_then(|r| r.parent_recipient_name.as_deref()),
        agency: agency.and_then(|a| a.toptier_agency.as_ref()).and_then(|n| n.name.as_deref()),
        sub_agency: agency.and_then(|a| a.subtier_agency.as_ref()).and_then(|n| n.name.as_deref()),
        office: agency.and_then(|a| a.office_agency_name.as_deref()),
        description: p.description.as_deref(),
        base_date: date(name, "date_signed", p.date_signed.as_deref())?,
        period_start: date(
            name,
            "period_of_performance.start_date",
            period.and_then(|x| x.start_date.as_deref()),
        )?,
        period_end: date(name, "period_of_performance.end_date", period.and_then(|x| x.end_date.as_deref()))?,
        potential_end: date(
            name,
            "period_of_performance.potential_end_date",
            period.and_then(|x| x.potential_end_date.as_deref()),
        )?,
    };
    let totals = Totals {
        as_of: date(
            name,
            "period_of_performance.last_modified_date",
            period.and_then(|x| x.last_modified_date.as_deref()),
        )?,
        obligated: p.total_obligation,
        current_total: p.base_exercised_options,
        potential_total: p.base_and_all_options,
    };
    store.totals(&facts, file, totals)
}

/// The award keys a transaction id can belong to: a contract award's, or an IDV's.
fn award_keys(tx: &str) -> Option<(String, [String; 2])> {
    let rest = tx.strip_prefix("CONT_TX_")?;
    let parts: Vec<&str> = rest.split('_').collect();
    let [agency, parent_agency, piid, _mod, parent_piid, _txn] = parts.as_slice() else { return None };
    Some((
        (*piid).to_string(),
        [
            format!("CONT_AWD_{piid}_{agency}_{parent_piid}_{parent_agency}"),
            format!("CONT_IDV_{piid}_{agency}"),
        ],
    ))
}

/// Attaches every pending transaction to its award. Which award each belongs to is settled
/// for all of them first: attaching one makes no award another could belong to.
pub fn attach(pending: Vec<Pending>, store: &mut Store) -> Result<(), ImportError> {
    let candidates: Vec<Option<(String, [String; 2])>> =
        pending.iter().map(|p| award_keys(&p.tx.id)).collect();
    let wanted: Vec<&str> =
        candidates.iter().flatten().flat_map(|(_, keys)| keys.iter().map(String::as_str)).collect();
    let present = store.keys_present(&wanted)?;
    let mut present = present.into_iter();
    for (Pending { name, file, index: i, tx }, found) in pending.into_iter().zip(candidates) {
        let name = name.as_str();
        let field = format!("results[{i}].id");
        let Some((piid, keys)) = found else {
            return Err(ImportError::new(name, format!("\"{}\" is not a contract transaction id", tx.id))
                .field(&field));
        };
        let here = [present.next().unwrap_or(false), present.next().unwrap_or(false)];
        let Some(key) = keys.iter().zip(here).find_map(|(k, yes)| yes.then_some(k)) else {
            return Err(ImportError::new(name, format!("transaction {} belongs to an award not in the import ({})", tx.id, keys[0]))
                .field(&field)
                .hint("import it with the award's profile JSON (GET /api/v2/awards/<award key>/) or a CSV holding the award"));
        };
        let date = date(name, &format!("results[{i}].action_date"), tx.action_date.as_deref())?;
        let action = Action {
            modification: tx.modification_number.as_deref().unwrap_or_default(),
            transaction: "",
            date,
            obligation: tx.federal_action_obligation,
            description: tx.description.as_deref(),
            action_type: tx.action_type_description.as_deref(),
            ..Action::default()
        };
        let facts = Facts { key: Some(key), piid: &piid, ..Facts::default() };
        store.action(&facts, file, &tx.id, &action)?;
    }
    Ok(())
}

fn search(name: &str, s: Search, file: usize, store: &mut Store) -> Result<(), ImportError> {
    for (i, r) in s.results.into_iter().enumerate() {
        let (Some(key), Some(piid)) = (r.generated_internal_id, r.award_id) else {
            return Err(ImportError::new(name, "a result has no generated_internal_id or Award ID")
                .field(&format!("results[{i}]")));
        };
        super::value::award_key(&key)
            .map_err(|m| ImportError::new(name, m).field(&format!("results[{i}].generated_internal_id")))?;
        let facts = Facts {
            key: Some(&key),
            piid: &piid,
            recipient: r.recipient.as_deref(),
            agency: r.agency.as_deref(),
            sub_agency: r.sub_agency.as_deref(),
            description: r.description.as_deref(),
            period_start: date(name, &format!("results[{i}].Start Date"), r.start.as_deref())?,
            period_end: date(name, &format!("results[{i}].End Date"), r.end.as_deref())?,
            ..Facts::default()
        };
        // Award search's "Award Amount" for contracts is the award's obligated total.
        let totals = Totals { as_of: None, obligated: r.amount, current_total: None, potential_total: None };
        store.totals(&facts, file, totals)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_id_names_its_award_by_the_key_scheme() {
        let (piid, keys) = award_keys("CONT_TX_8000_-NONE-_80GSFC18C0008_P00065_-NONE-_0").expect("an id");
        assert_eq!(piid, "80GSFC18C0008");
        assert_eq!(keys[0], "CONT_AWD_80GSFC18C0008_8000_-NONE-_-NONE-");
        assert_eq!(award_keys("ASST_TX_1"), None);
    }
}
