//! `--company ID=PATTERN`: the only way an award is attributed to a company in the dataset.
//! The recipient of record is often a reseller (Dell Federal Systems selling Microsoft
//! licences), so a rule may match the description; then the event says it was bought
//! through the recipient. Nothing is attributed by guesswork: no rule, no attribution.

/// One rule: awards matching `pattern` (any case, anywhere in the text) go to `company`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub company: String,
    pub pattern: String,
    upper: String,
}

/// Which text a rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    Recipient,
    RecipientParent,
    Description,
}

impl Matched {
    pub fn name(self) -> &'static str {
        match self {
            Self::Recipient => "recipient",
            Self::RecipientParent => "parent recipient",
            Self::Description => "description",
        }
    }
}

impl Rule {
    pub fn parse(s: &str) -> Result<Self, String> {
        let Some((id, pattern)) = s.split_once('=') else {
            return Err(format!("--company \"{s}\": write ID=PATTERN, e.g. microsoft='MICROSOFT'"));
        };
        let (id, pattern) = (id.trim(), pattern.trim());
        if id.is_empty() || pattern.is_empty() {
            return Err(format!("--company \"{s}\": both the company id and the pattern are needed"));
        }
        if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(format!(
                "--company \"{s}\": a company id is lower-case letters, digits and -, e.g. microsoft"
            ));
        }
        Ok(Self { company: id.to_string(), pattern: pattern.to_string(), upper: pattern.to_uppercase() })
    }

    /// Where the rule matches: the recipient first, then its parent, then the description.
    pub fn matches(
        &self,
        recipient: &str,
        parent: Option<&str>,
        description: Option<&str>,
    ) -> Option<Matched> {
        let has = |s: &str| s.to_uppercase().contains(&self.upper);
        if has(recipient) {
            Some(Matched::Recipient)
        } else if parent.is_some_and(has) {
            Some(Matched::RecipientParent)
        } else if description.is_some_and(has) {
            Some(Matched::Description)
        } else {
            None
        }
    }
}

/// The first rule that matches, and where.
pub fn attribute<'r>(
    rules: &'r [Rule],
    recipient: &str,
    parent: Option<&str>,
    description: Option<&str>,
) -> Option<(&'r Rule, Matched)> {
    rules.iter().find_map(|r| r.matches(recipient, parent, description).map(|m| (r, m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reseller_award_matches_on_its_description_only() {
        let rules = [Rule::parse("microsoft=Microsoft").expect("rule")];
        let dell = attribute(
            &rules,
            "DELL FEDERAL SYSTEMS L.P.",
            Some("DELL TECHNOLOGIES INC."),
            Some("MICROSOFT ENTERPRISE LICENSES"),
        );
        assert_eq!(dell.map(|(r, m)| (r.company.as_str(), m)), Some(("microsoft", Matched::Description)));
        let direct = attribute(&rules, "MICROSOFT CORPORATION", None, Some("AZURE"));
        assert_eq!(direct.map(|(_, m)| m), Some(Matched::Recipient));
        assert_eq!(attribute(&rules, "CARAHSOFT TECHNOLOGY CORP", None, Some("AWS CLOUD")), None);
    }

    #[test]
    fn rules_are_id_equals_pattern() {
        assert!(Rule::parse("microsoft").is_err());
        assert!(Rule::parse("=MICROSOFT").is_err());
        assert!(Rule::parse("Microsoft Corp=MICROSOFT").is_err());
        assert_eq!(Rule::parse("amazon=AWS").map(|r| r.pattern), Ok("AWS".to_string()));
    }
}
