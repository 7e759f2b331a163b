//! What the facilitator's app does with shared things that arrive: which link opened it
//! (`#tree=`, `#give=`, `#draft=`), and the words it uses about goals sent back (the
//! question before a `#give=` link is imported, who sent an imported goal and when it
//! was received, how many personal goals carry a department goal).

use super::contribution::{self, Contribution};
use super::{draft_link, tree_link};
use crate::domain::model::{Contributed, Source};

/// A shared thing carried in the page's fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    /// `#tree=ACT1.…`: "Open in Accord" from the viewer; seeds a new workshop.
    Tree(String),
    /// `#give=ACG1.…`: goals sent back, imported into the open workshop once asked.
    Give(String),
    /// `#draft=ACD1.…`: a draft link, which belongs on the viewer page.
    Draft(String),
}

/// The shared thing in `hash` (with or without its `#`), if any. Only the key decides:
/// what follows is checked by the reader of that kind, so a damaged link is still
/// recognised and answered rather than taken for a phase.
pub fn arrival(hash: &str) -> Option<Arrival> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let (key, value) = fragment.split_once('=')?;
    let value = value.to_string();
    match key {
        k if k == tree_link::KEY => Some(Arrival::Tree(value)),
        k if k == contribution::KEY => Some(Arrival::Give(value)),
        k if k == draft_link::KEY => Some(Arrival::Draft(value)),
        _ => None,
    }
}

/// The question asked before goals sent as a link go in:
/// "Import Amara Okafor's 2 goals into “Northwind”?"
pub fn give_question(c: &Contribution, workshop: &str) -> String {
    format!("Import {} into “{workshop}”?", c.describe())
}

/// Under an imported goal in the editor: "sent by Amara Okafor · received 2026-11-29 14:02 UTC".
pub fn received_line(c: &Contributed) -> String {
    let how = match c.source {
        Source::Personal => "sent by",
        Source::Draft => "drafted by",
    };
    format!("{how} {} · received {}", c.author, c.received.short())
}

/// A department goal's coverage in words.
pub fn carried_line(carriers: usize) -> String {
    match carriers {
        0 => "no one's goals carry this yet".to_string(),
        1 => "carried by 1 personal goal".to_string(),
        n => format!("carried by {n} personal goals"),
    }
}

/// Every goals-sent-back code in pasted text (a chat message, several codes, a whole
/// `#give=` link): each from its prefix to the first character no code holds. Line
/// breaks a chat app put inside a code stay in it (the reader drops them).
pub fn contribution_codes(text: &str) -> Vec<String> {
    let prefix = contribution::PREFIX;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let body = &rest[at + prefix.len()..];
        // A code ends where the next one starts, or at the first character none holds.
        let next = body.find(prefix).unwrap_or(body.len());
        let end = body[..next].find(|c: char| !(c.is_ascii_uppercase() || ('2'..='7').contains(&c) || c.is_whitespace())).unwrap_or(next);
        let code = body[..end].trim_end();
        out.push(format!("{prefix}{code}"));
        rest = &body[end..];
    }
    out
}
