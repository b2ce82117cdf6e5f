//! What a file is, told from its CSV header or its JSON shape, never from its name: a user
//! renames downloads, and the bulk download API writes any subset of columns in any order.

/// A contracts CSV layout the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per award: Contracts Prime Award Summaries (award-lifetime totals).
    Summary,
    /// One row per action: Contracts Prime Transactions, the Award Data Archive "Full" files,
    /// and the 2018-era layout (no award key). `delta` when the file is an archive "Delta"
    /// file, whose `correction_delete_ind` = `D` rows delete a transaction.
    Transactions { delta: bool },
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Self::Summary => "Contracts Prime Award Summaries",
            Self::Transactions { delta: false } => "Contracts Prime Transactions",
            Self::Transactions { delta: true } => "Award Data Archive Delta (Prime Transactions)",
        }
    }
}

/// Why a file is not imported: the message, and a hint on what to download instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

fn refuse(message: impl Into<String>, hint: impl Into<String>) -> Refusal {
    Refusal { message: message.into(), hint: hint.into() }
}

const PRIME: &str = "download the Prime Award Summaries or Prime Transactions file for contracts \
    (USAspending Award Search or Custom Award Data, award type: contracts)";

/// The layout a header names.
pub fn detect(header: &[&str]) -> Result<Layout, Refusal> {
    let has = |name: &str| header.contains(&name);
    if has("subaward_number") || has("prime_award_unique_key") || has("subaward_amount") {
        return Err(refuse(
            "this is a Subawards file: contracts that prime recipients placed with their own \
             subcontractors, not awards of record from the government",
            format!("it comes in the same zip as the prime award files; {PRIME}"),
        ));
    }
    if has("award_id_fain") || has("assistance_award_unique_key") || has("assistance_transaction_unique_key")
    {
        return Err(refuse(
            "this is a financial assistance file (grants, loans, direct payments), not contracts",
            PRIME,
        ));
    }
    if !has("award_id_piid") {
        return Err(refuse(
            "this is not a USAspending contracts file: its header has no `award_id_piid` column",
            PRIME,
        ));
    }
    if has("correction_delete_ind") {
        return Ok(Layout::Transactions { delta: true });
    }
    let per_action = [
        "contract_transaction_unique_key",
        "federal_action_obligation",
        "action_date",
        "modification_number",
    ];
    if per_action.iter().any(|c| has(c)) {
        return Ok(Layout::Transactions { delta: false });
    }
    let per_award = [
        "total_obligated_amount",
        "award_base_action_date",
        "award_latest_action_date",
        "prime_award_base_transaction_description",
        "contract_award_unique_key",
    ];
    if per_award.iter().any(|c| has(c)) {
        return Ok(Layout::Summary);
    }
    Err(refuse(
        "this contracts file has neither per-action columns (action_date, federal_action_obligation) \
         nor award totals (total_obligated_amount, award_base_action_date)",
        PRIME,
    ))
}

/// The columns a layout cannot do without, missing from `header`.
pub fn missing(layout: Layout, header: &[&str]) -> Vec<&'static str> {
    let has = |name: &str| header.contains(&name);
    let mut out = Vec::new();
    if !has("recipient_name") {
        out.push("recipient_name");
    }
    match layout {
        Layout::Transactions { .. } => {
            if !has("action_date") {
                out.push("action_date");
            }
        }
        Layout::Summary => {
            if !has("award_base_action_date") && !has("period_of_performance_start_date") {
                out.push("award_base_action_date");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_tell_the_layout() {
        assert_eq!(
            detect(&["contract_award_unique_key", "award_id_piid", "total_obligated_amount"]),
            Ok(Layout::Summary)
        );
        assert_eq!(
            detect(&["award_id_piid", "modification_number", "parent_award_id", "action_date"]),
            Ok(Layout::Transactions { delta: false })
        );
        assert_eq!(
            detect(&[
                "correction_delete_ind",
                "agency_id",
                "contract_transaction_unique_key",
                "award_id_piid"
            ]),
            Ok(Layout::Transactions { delta: true })
        );
        // A subset in another order.
        assert_eq!(
            detect(&["action_date", "recipient_name", "award_id_piid"]),
            Ok(Layout::Transactions { delta: false })
        );
    }

    #[test]
    fn subawards_and_other_files_are_refused_with_what_they_are() {
        let e =
            detect(&["prime_award_unique_key", "prime_award_piid", "subaward_number"]).expect_err("refused");
        assert!(e.message.contains("Subawards file"), "{e:?}");
        let e = detect(&["assistance_award_unique_key", "award_id_fain"]).expect_err("refused");
        assert!(e.message.contains("financial assistance"), "{e:?}");
        let e = detect(&["name", "date"]).expect_err("refused");
        assert!(e.message.contains("not a USAspending contracts file"), "{e:?}");
    }

    #[test]
    fn required_columns_are_named() {
        assert_eq!(
            missing(Layout::Transactions { delta: false }, &["award_id_piid"]),
            vec!["recipient_name", "action_date"]
        );
        assert!(
            missing(
                Layout::Summary,
                &["award_id_piid", "recipient_name", "period_of_performance_start_date"]
            )
            .is_empty()
        );
    }
}
