//! The viewer (`/view/`, the `accord-view` bundle): a shared goal tree
//! (`#tree=ACT1.…`), where anyone can add their own goals under the goal they serve, and
//! a department lead's draft link (`#draft=ACD1.…`). Everything it shows comes from the
//! link's fragment and this device's storage; what goes back leaves as a code, a file or
//! a link the person sends themselves.
//!
//! Kept apart from the facilitator's UI (it imports none of its modules) and drawn with
//! a few direct DOM calls (`ui/dom.rs`) so the page stays under its budget; all rules live
//! in `domain::share`.

use crate::ui::dom;
mod draft;
mod mine;
mod tree;

use dom::{attr, child, on, text};
use crate::domain::share::{draft_link, tree_link};

/// A sentence from a core message that starts in lower case (ASCII only, which keeps
/// Unicode's case tables out of the download).
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect::<String>() + ".").unwrap_or_default()
}

/// The link's payload as sent: the prefix and the base32 after it, nothing else (so a
/// link rebuilt from it can hold no other text).
fn canonical(prefix: &str, fragment: &str) -> String {
    let body = fragment.find(prefix).map(|at| &fragment[at + prefix.len()..]).unwrap_or_default();
    let body: String = body.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("{prefix}{body}")
}

/// Draws the page the link asks for into `<body>`.
pub fn start() {
    let window = web_sys::window().expect("a window");
    let started = window.location().hash().unwrap_or_default();
    // Another link opened in this tab: start again from it.
    let first = started.clone();
    on(&window.clone().into(), "hashchange", move |_| {
        let w = web_sys::window().expect("a window");
        if w.location().hash().unwrap_or_default() != first {
            let _ = w.location().reload();
        }
    });
    let body = dom::document().body().expect("a body");
    let main = child(&body, "main", "viewer");
    attr(&main, "id", "main");
    let fragment = started.trim_start_matches('#');
    let problem = |testid: &str, message: &str| {
        text(&main, "h1", "", "Accord");
        attr(&attr(&text(&main, "p", "v-notice v-error", message), "role", "alert"), "data-testid", testid);
    };
    if let Some(code) = fragment.strip_prefix("tree=") {
        match tree_link::decode_tree(code) {
            Ok(shared) => tree::page(&main, shared, &canonical(tree_link::PREFIX, code)),
            Err(e) => problem("view-problem", &sentence(&e.to_string())),
        }
    } else if let Some(code) = fragment.strip_prefix("draft=") {
        match draft_link::decode_draft(code) {
            Ok(invite) => draft::page(&main, invite, &canonical(draft_link::PREFIX, code)),
            Err(e) => problem("view-problem", &sentence(&e.to_string())),
        }
    } else {
        problem("view-empty", "This page shows a goal tree or a draft shared from Accord. Open the link you were sent; everything it shows travels inside the link.");
    }
    // After the first paint, as every page marks it, for `scripts/perf-report.sh`.
    crate::ui::dom::mark_interactive();
}
