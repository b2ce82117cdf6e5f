//! Where each field the importer reads sits in a CSV header. Every column is looked up by
//! name, so any subset in any order reads the same; the 2018 layout's names
//! (`parent_award_id`, `award_description`) stand in for today's.

/// A column's position, and its name for messages.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// Its place in the header (and in every row of the file).
    pub at: usize,
    /// Its place among the cells the reader keeps of each row ([`Columns::cells`]).
    pub cell: usize,
    pub name: &'static str,
}

/// The columns the importer reads; `None` when the file does not have one.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub delete: Option<Col>,
    pub award_key: Option<Col>,
    pub transaction_key: Option<Col>,
    pub piid: Option<Col>,
    pub modification: Option<Col>,
    pub transaction: Option<Col>,
    pub parent_piid: Option<Col>,
    /// This action's obligation (transactions).
    pub action_obligation: Option<Col>,
    /// The award's obligated total: `total_dollars_obligated` (transactions, as of the action)
    /// or `total_obligated_amount` (summaries).
    pub obligated: Option<Col>,
    pub current_total: Option<Col>,
    pub potential_total: Option<Col>,
    /// This action's change to the base and exercised options, and to the base and all
    /// options (transactions): a modification that moves only the ceiling shows here.
    pub exercised_change: Option<Col>,
    pub options_change: Option<Col>,
    pub action_date: Option<Col>,
    pub base_date: Option<Col>,
    pub latest_date: Option<Col>,
    pub period_start: Option<Col>,
    pub period_end: Option<Col>,
    pub potential_end: Option<Col>,
    pub agency: Option<Col>,
    pub sub_agency: Option<Col>,
    pub office: Option<Col>,
    pub recipient: Option<Col>,
    pub recipient_parent: Option<Col>,
    /// This action's description (transactions; `award_description` in 2018 files).
    pub description: Option<Col>,
    /// The award's base description (summaries, and today's transactions).
    pub base_description: Option<Col>,
    pub action_type: Option<Col>,
}

impl Columns {
    pub fn find(header: &[&str]) -> Self {
        let col = |names: &[&'static str]| {
            names
                .iter()
                .find_map(|&name| header.iter().position(|&h| h == name).map(|at| Col { at, cell: 0, name }))
        };
        let summary = header.contains(&"total_obligated_amount");
        Self {
            delete: col(&["correction_delete_ind"]),
            award_key: col(&["contract_award_unique_key"]),
            transaction_key: col(&["contract_transaction_unique_key"]),
            piid: col(&["award_id_piid"]),
            modification: col(&["modification_number"]),
            transaction: col(&["transaction_number"]),
            parent_piid: col(&["parent_award_id_piid", "parent_award_id"]),
            action_obligation: col(&["federal_action_obligation"]),
            obligated: col(&["total_dollars_obligated", "total_obligated_amount"]),
            current_total: col(&["current_total_value_of_award"]),
            potential_total: col(&["potential_total_value_of_award"]),
            // In a summary these name award totals, which the two columns above already give.
            exercised_change: if summary { None } else { col(&["base_and_exercised_options_value"]) },
            options_change: if summary { None } else { col(&["base_and_all_options_value"]) },
            action_date: col(&["action_date"]),
            base_date: col(&["award_base_action_date"]),
            latest_date: col(&["award_latest_action_date"]),
            period_start: col(&["period_of_performance_start_date"]),
            period_end: col(&["period_of_performance_current_end_date"]),
            potential_end: col(&["period_of_performance_potential_end_date"]),
            agency: col(&["awarding_agency_name"]),
            sub_agency: col(&["awarding_sub_agency_name"]),
            office: col(&["awarding_office_name"]),
            recipient: col(&["recipient_name"]),
            recipient_parent: col(&["recipient_parent_name"]),
            description: col(&["transaction_description", "award_description"]),
            base_description: col(&["prime_award_base_transaction_description"]),
            action_type: col(&["action_type_description", "action_type"]),
        }
    }

    /// The columns the importer reads, in the order of the header, each read once; every
    /// column's `cell` is set to its place among them. The reader keeps these cells of each
    /// row and no other.
    pub fn cells(&mut self) -> Vec<usize> {
        let mut all = [
            &mut self.delete,
            &mut self.award_key,
            &mut self.transaction_key,
            &mut self.piid,
            &mut self.modification,
            &mut self.transaction,
            &mut self.parent_piid,
            &mut self.action_obligation,
            &mut self.obligated,
            &mut self.current_total,
            &mut self.potential_total,
            &mut self.exercised_change,
            &mut self.options_change,
            &mut self.action_date,
            &mut self.base_date,
            &mut self.latest_date,
            &mut self.period_start,
            &mut self.period_end,
            &mut self.potential_end,
            &mut self.agency,
            &mut self.sub_agency,
            &mut self.office,
            &mut self.recipient,
            &mut self.recipient_parent,
            &mut self.description,
            &mut self.base_description,
            &mut self.action_type,
        ];
        let mut at: Vec<usize> = all.iter().filter_map(|c| c.map(|c| c.at)).collect();
        at.sort_unstable();
        at.dedup();
        for c in all.iter_mut().filter_map(|c| c.as_mut()) {
            c.cell = at.partition_point(|&a| a < c.at);
        }
        at
    }
}
