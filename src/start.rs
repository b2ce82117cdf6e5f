//! Opening the app at a prepared view: `--goto`, `--company`, `--filter`, `--search`.
//! Presenters set up their first screen this way. Every name is checked, and an unknown one is
//! an error with the closest names ([`crate::suggest`]), or else what exists.

use crate::action::Action;
use crate::app::App;
use crate::filter::Filter;
use crate::suggest;
use crate::update::{select, update};

/// The view asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct StartView {
    pub goto: Option<String>,
    pub company: Option<String>,
    pub filter: Option<String>,
    pub search: Option<String>,
    pub tour: Option<String>,
    pub present: bool,
}

/// Applies `view` to a freshly built app.
pub fn apply(app: &mut App, view: &StartView) -> Result<(), String> {
    if let Some(expr) = &view.filter {
        app.filter = Filter::from_text(expr, &app.data).map_err(|e| format!("--filter: {e}"))?;
        crate::update::apply_filter(app);
    }
    if let Some(id) = &view.company {
        // By id, or as the screen spells it (`Microsoft`, `MSFT`).
        let c = app
            .data
            .find_company(id)
            .ok_or_else(|| format!("--company: no company \"{id}\"; {}", suggest::company(&app.data, id)))?;
        if app.current().is_none_or(|e| app.data.events[e].company != c) {
            let first = app.tables.visible.iter().copied().find(|&e| app.data.events[e].company == c);
            let e = first.ok_or_else(|| format!("--company: no event of \"{id}\" passes the filter"))?;
            select(app, e);
        }
    }
    if let Some(date) = view.goto.as_ref().filter(|g| crate::update::is_date(g)) {
        let e = crate::update::goto_target(app, date, true).map_err(|e| format!("--goto: {e}"))?;
        select(app, e);
    } else if let Some(id) = &view.goto {
        let e = goto_target(app, id)?;
        if !app.is_visible(e) {
            return Err(format!(
                "--goto: event \"{id}\" is hidden by the filter \"{}\"",
                app.filter.to_text(&app.data)
            ));
        }
        select(app, e);
    }
    if let Some(id) = &view.tour {
        let t = app
            .data
            .tours
            .iter()
            .position(|t| t.id == *id)
            .ok_or_else(|| format!("--tour: no tour \"{id}\"; {}", suggest::tour(&app.data, id)))?;
        crate::update::present::start_tour(app, t);
    }
    if view.present && app.mode.presenting().is_none() {
        crate::update::present::start(app);
    }
    if let Some(text) = &view.search {
        update(app, Action::OpenSearch);
        for c in text.chars() {
            update(app, Action::PromptInput(c));
        }
        update(app, Action::PromptSubmit);
    }
    Ok(())
}

/// The event `--goto` names, by its id. An unknown one is an error with the ids that look
/// closest, so a typo is one glance away from its fix.
fn goto_target(app: &App, id: &str) -> Result<usize, String> {
    app.data
        .event_index(id)
        .ok_or_else(|| format!("--goto: no event \"{id}\"; {}", suggest::event(&app.data, id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    fn app() -> App {
        App::new(crate::testing::small())
    }

    fn view(
        goto: Option<&str>,
        company: Option<&str>,
        filter: Option<&str>,
        search: Option<&str>,
    ) -> StartView {
        StartView {
            goto: goto.map(String::from),
            company: company.map(String::from),
            filter: filter.map(String::from),
            search: search.map(String::from),
            ..StartView::default()
        }
    }

    #[test]
    fn each_option_sets_the_view() {
        let mut a = app();
        apply(&mut a, &view(Some("ms-2018-11-20-ivas-award"), None, None, None)).expect("goto");
        assert_eq!(a.data.events[a.selected].id, "ms-2018-11-20-ivas-award");

        let mut a = app();
        apply(&mut a, &view(None, Some("google"), None, None)).expect("company");
        assert_eq!(a.data.events[a.selected].id, "goog-2018-06-01-no-maven-follow-on");

        let mut a = app();
        apply(&mut a, &view(None, None, Some("kind:contract"), None)).expect("filter");
        assert_eq!(a.tables.visible.len(), 3);
        assert!(a.current().is_some());

        let mut a = app();
        apply(&mut a, &view(None, None, None, Some("ivas"))).expect("search");
        assert_eq!(a.data.events[a.selected].id, "ms-2018-11-20-ivas-award");
        assert!(a.mode.prompt().is_none(), "the search is kept, the line closed");
        assert_eq!(a.search.as_ref().map(|s| s.matches.len()), Some(2));
    }

    #[test]
    fn goto_takes_a_date_too() {
        let mut a = app();
        apply(&mut a, &view(Some("2018-11"), None, None, None)).expect("a month");
        assert_eq!(a.data.events[a.selected].id, "ms-2018-11-20-ivas-award");
        let e = apply(&mut a, &view(Some("2040"), None, None, None)).expect_err("too late");
        assert!(e.starts_with("--goto: nothing shown on or after 2040"), "{e}");
    }

    #[test]
    fn companies_are_found_as_the_screen_spells_them() {
        for name in ["Google", "GOOGLE", "goog"] {
            let mut a = app();
            apply(&mut a, &view(None, Some(name), None, None)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(a.data.events[a.selected].id, "goog-2018-06-01-no-maven-follow-on", "{name}");
        }
        let mut a = app();
        apply(&mut a, &view(None, Some("Microsoft"), Some("company:Microsoft kind:contracts"), None))
            .expect("by name, in the filter too");
        assert_eq!(a.filter.to_text(&a.data), "kind:contract company:microsoft");
    }

    #[test]
    fn a_tour_typo_suggests_the_tour() {
        let tour = |id: &str| StartView { tour: Some(id.into()), ..StartView::default() };
        let mut a = app();
        let e = apply(&mut a, &tour("words-and-contract-2018")).expect_err("typo");
        assert_eq!(e, "--tour: no tour \"words-and-contract-2018\"; did you mean: words-and-contracts-2018?");
        let e = apply(&mut a, &tour("nope")).expect_err("nothing close");
        assert_eq!(e, "--tour: no tour \"nope\"; tours: words-and-contracts-2018");
    }

    #[test]
    fn unknown_names_say_what_exists() {
        let mut a = app();
        let e = apply(&mut a, &view(Some("ms-2018-ivas-awrd"), None, None, None)).expect_err("typo");
        assert_eq!(
            e,
            "--goto: no event \"ms-2018-ivas-awrd\"; did you mean: ms-2018-11-20-ivas-award, ms-2021-03-31-ivas-production? (`ethics-timeline list` prints every id)"
        );
        // One letter off: the id it misses, and not the others that share a word with it.
        let e = apply(&mut a, &view(Some("ms-2018-11-20-ivas-awrad"), None, None, None)).expect_err("typo");
        assert_eq!(
            e,
            "--goto: no event \"ms-2018-11-20-ivas-awrad\"; did you mean: ms-2018-11-20-ivas-award? (`ethics-timeline list` prints every id)"
        );
        let e = apply(&mut a, &view(Some("zzz"), None, None, None)).expect_err("nothing close");
        assert_eq!(e, "--goto: no event \"zzz\"; 18 events in all; `ethics-timeline list` prints every id");
        let e = apply(&mut a, &view(None, Some("acme"), None, None)).expect_err("company");
        assert_eq!(e, "--company: no company \"acme\"; companies: microsoft, google");
        let e = apply(&mut a, &view(None, Some("microsfot"), None, None)).expect_err("company typo");
        assert_eq!(e, "--company: no company \"microsfot\"; did you mean: microsoft?");
        let e = apply(&mut a, &view(None, None, Some("kind:speech"), None)).expect_err("filter");
        assert!(e.starts_with("--filter: unknown kind \"speech\""), "{e}");
        let mut a = app();
        let e = apply(
            &mut a,
            &view(Some("goog-2018-06-01-no-maven-follow-on"), None, Some("company:microsoft"), None),
        )
        .expect_err("hidden");
        assert_eq!(
            e,
            "--goto: event \"goog-2018-06-01-no-maven-follow-on\" is hidden by the filter \"company:microsoft\""
        );
    }
}
