//! Every link seen from both of its ends.

use crate::data::model::{Event, Related};

/// Every link from both ends, so the details and the comparison can show incoming links too.
/// Importers call it too, so every dataset gets the same index.
pub fn related_index(events: &[Event]) -> Vec<Vec<Related>> {
    let mut related: Vec<Vec<Related>> = vec![Vec::new(); events.len()];
    for (from, e) in events.iter().enumerate() {
        for (li, l) in e.links.iter().enumerate() {
            related[from].push(Related {
                event: l.to,
                relation: l.relation,
                incoming: false,
                owner: from,
                link: li,
            });
            // A pair linked from both ends is listed once on each side: the other end lists its
            // own link. An event's links are few, so looking is cheaper than a set of pairs.
            if !events[l.to].links.iter().any(|back| back.to == from) {
                related[l.to].push(Related {
                    event: from,
                    relation: l.relation,
                    incoming: true,
                    owner: from,
                    link: li,
                });
            }
        }
    }
    for r in &mut related {
        r.sort_by_key(|x| events[x.event].date.sort_key());
    }
    related
}
