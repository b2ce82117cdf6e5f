//! The selected event's sources, for use outside the app: `y`/`yy` copies the citation, `yi`
//! the event id, `Y` a source's URL, `o` opens a source in the browser. `update` only says
//! what to copy or open ([`Effect::Copy`], [`Effect::Open`]); the terminal side does it. The
//! dataset's text was sanitized when loaded, and only a key ever asks for a copy.

use crate::action::Effect;
use crate::app::App;

/// `y`, `yy`: publisher, title, date and URL of each source, one line each.
pub(super) fn copy_citation(app: &mut App) -> Option<Effect> {
    let e = selected(app)?;
    let text = app.data.citation(e);
    let n = app.data.events[e].sources.len();
    copied(app, text, &format!("the citation ({n} source{})", crate::text::plural(n)))
}

/// `yi`: the event id, as `--goto` and `:` take it.
pub(super) fn copy_id(app: &mut App) -> Option<Effect> {
    let e = selected(app)?;
    let id = app.data.events[e].id.to_string();
    copied(app, id.clone(), &format!("the id {id}"))
}

/// `Y`, `2Y`: the URL of the `n`th source.
pub(super) fn copy_url(app: &mut App, n: usize) -> Option<Effect> {
    let url = source_url(app, n)?;
    copied(app, url.clone(), &url)
}

/// `o`, `2o`: opens the `n`th source, when this session may start programs.
pub(super) fn open(app: &mut App, n: usize) -> Option<Effect> {
    if !app.local {
        app.message = Some("opening links is off in a classroom session: Y copies the URL".into());
        return None;
    }
    let url = source_url(app, n)?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        app.message = Some(format!("not a web address, not opened: {url}"));
        return None;
    }
    app.message = Some(format!("opening {url}"));
    Some(Effect::Open(url))
}

fn selected(app: &mut App) -> Option<usize> {
    let e = app.current();
    if e.is_none() {
        app.message = Some("no event selected: the filter hides everything (0 clears it)".into());
    }
    e
}

fn source_url(app: &mut App, n: usize) -> Option<String> {
    let e = selected(app)?;
    let sources = &app.data.events[e].sources;
    match sources.get(n.saturating_sub(1)) {
        Some(&s) => Some(app.data.sources[s].url.to_string()),
        None => {
            let have = sources.len();
            app.message = Some(match have {
                0 => "this event cites no source".to_string(),
                _ => format!("this event has {have} source{}: {n} is too many", crate::text::plural(have)),
            });
            None
        }
    }
}

fn copied(app: &mut App, text: String, what: &str) -> Option<Effect> {
    app.message = Some(if app.copy_fallback {
        format!("copied {what}; printed again when you quit")
    } else {
        format!("copied {what}")
    });
    Some(Effect::Copy(text))
}
