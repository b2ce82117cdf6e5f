//! Checks the `award` object of a contract event: the record behind it must say which award
//! it is (PIID, recipient of record) and every figure must be a number, so that the details
//! pane never shows a figure the record did not give.

use super::{Path, Validator};
use crate::data::model::{Award, Kind};
use crate::data::raw::RawAward;
use crate::data::sanitize::excerpt;

impl Validator {
    pub(super) fn award(
        &mut self,
        a: &RawAward<'_>,
        event: Path<'_>,
        kind: Option<Kind>,
        item: Option<&str>,
    ) -> Option<Box<Award>> {
        let ap = || format!("{}.award", event());
        if kind.is_some_and(|k| k != Kind::Contract) {
            self.error(ap(), "an award belongs on a contract event", item)
                .set_hint("set \"kind\": \"contract\", or move the award to the contract it records");
        }
        let piid = self.required(a.piid.as_ref(), &ap, "piid", item);
        let recipient = self.required(a.recipient.as_ref(), &ap, "recipient", item);
        let mut figure = |name: &str, v: Option<f64>| match v {
            Some(v) if !v.is_finite() => {
                self.error(format!("{}.{name}", ap()), "not a finite number", item);
                None
            }
            v => v,
        };
        let obligated = figure("obligated", a.obligated);
        let current_total_value = figure("current_total_value", a.current_total_value);
        let potential_total_value = figure("potential_total_value", a.potential_total_value);
        let action_obligation = figure("action_obligation", a.action_obligation);
        let mut date =
            |name: &str, v: Option<&str>| v.and_then(|d| self.date(d, &|| format!("{}.{name}", ap()), item));
        let period_start = date("period_start", a.period_start.as_deref());
        let period_end = date("period_end", a.period_end.as_deref());
        let potential_end = date("potential_end", a.potential_end.as_deref());
        let key = a.key.as_deref().map(str::trim).filter(|k| !k.is_empty());
        if let Some(k) = key
            && !(k.starts_with("CONT_") && k.bytes().all(|b| b.is_ascii_graphic() && b != b'/'))
        {
            self.error(
                format!("{}.key", ap()),
                format!("\"{}\" is not a USAspending contract award key", excerpt(k)),
                item,
            )
            .set_hint("award keys look like CONT_AWD_70CTD022FR0000170_7012_GS35F0086U_4730");
        }
        if key.is_none() && a.no_permalink.as_deref().is_none_or(|n| n.trim().is_empty()) {
            self.warn(ap(), "the award has no key, so no USAspending page to cite", item)
                .set_hint("say why in \"no_permalink\", e.g. \"a 2018 download carries no award key\"");
        }
        let opt =
            |this: &Self, s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(|s| this.line(s));
        Some(Box::new(Award {
            key: opt(self, key),
            piid: self.line(piid?),
            parent_award: opt(self, a.parent_award.as_deref()),
            recipient: self.line(recipient?),
            recipient_parent: opt(self, a.recipient_parent.as_deref()),
            bought_through: opt(self, a.bought_through.as_deref()),
            awarding_agency: opt(self, a.awarding_agency.as_deref()),
            awarding_sub_agency: opt(self, a.awarding_sub_agency.as_deref()),
            awarding_office: opt(self, a.awarding_office.as_deref()),
            obligated,
            current_total_value,
            potential_total_value,
            modification: opt(self, a.modification.as_deref()),
            action_obligation,
            period_start,
            period_end,
            potential_end,
            description: a
                .description
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| self.prose(s)),
            no_permalink: opt(self, a.no_permalink.as_deref()),
        }))
    }
}
