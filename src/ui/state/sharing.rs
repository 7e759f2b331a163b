//! Sharing and aligning (#16), the facilitator's side: the agreed tree as a link, draft
//! links for department leads, goals sent back (codes, files, `#give=` links) taken into
//! the open workshop, and a workshop seeded from a `#tree=` link. The rules are the
//! core's (`domain::share`); this only wires them to the open workshop and the page.

use leptos::prelude::*;

use super::{AppState, Notice, Phase};
use crate::domain::model::DepartmentId;
use crate::domain::render::goal_tree::{agreed_tree, seed_workshop};
use crate::domain::share::arrival::{arrival, contribution_codes, Arrival};
use crate::domain::share::contribution::read_code;
use crate::domain::share::draft_link::{draft_invite, encode_draft};
use crate::domain::share::tree_link::{decode_tree, encode_tree};
use crate::domain::share::Contribution;
use crate::platform::clock;

/// The viewer page, beside this one at `view/`.
pub(crate) fn viewer_page() -> String {
    let page = super::participant_page();
    format!("{}view/", page.strip_suffix("vote/").unwrap_or(&page))
}

/// Replaces the fragment (no new history entry, no hashchange) with the phase's own.
fn clear_fragment(phase: Phase) {
    let _ = window().history().and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{}", phase.slug()))));
}

impl AppState {
    /// The link of the open workshop's agreed tree, as it is now, for the viewer page.
    pub fn tree_link(&self) -> Result<String, String> {
        let tag = self.keys().map(|k| k.tag);
        let packed = self
            .workshop
            .with_untracked(|w| w.as_ref().map(|w| encode_tree(&agreed_tree(w, clock::now()), tag)))
            .ok_or("No workshop is open.")?;
        Ok(format!("{}#tree={packed}", viewer_page()))
    }

    /// A department lead's draft link.
    pub fn draft_link(&self, department: DepartmentId) -> Result<String, String> {
        let tag = self.keys().map(|k| k.tag);
        let packed = self
            .workshop
            .with_untracked(|w| w.as_ref().map(|w| draft_invite(w, tag, department).map(|invite| encode_draft(&invite))))
            .ok_or("No workshop is open.")?
            .ok_or("That department is no longer in the workshop.")?;
        Ok(format!("{}#draft={packed}", viewer_page()))
    }

    /// Every goals-sent-back code in `text`, each imported in turn: one line each,
    /// `Ok(what happened)` or `Err(why nothing happened)`.
    pub fn take_codes(&self, text: &str) -> Vec<Result<String, String>> {
        let codes = contribution_codes(text);
        if codes.is_empty() {
            return vec![Err("There is no code of goals sent back in that text (such codes start with “ACG1.”).".into())];
        }
        codes
            .into_iter()
            .map(|code| match read_code(&code) {
                Ok(c) => self.take_contribution(&c),
                Err(e) => Err(format!("Not imported: {e}.")),
            })
            .collect()
    }

    /// What the page was opened with, if it is a shared thing: a tree link seeds a new
    /// workshop; a `#give=` link is held until the facilitator says to import it. The Align
    /// screen is shown at once; what the link carries is read by `take_arrival` (its code
    /// is fetched on demand, `ui::on_demand::arrive`).
    pub fn arrive(&self) -> Option<Arrival> {
        let found = arrival(&location_hash().unwrap_or_default())?;
        match found {
            Arrival::Tree(_) | Arrival::Give(_) => {
                self.phase.set(Phase::Align);
                Some(found)
            }
            // Draft links are opened by the viewer page (see `ui::app`).
            Arrival::Draft(_) => None,
        }
    }

    /// Reads what the page's link carried (`arrive`). The fragment is cleared only now, so
    /// a reload does neither again, and a link whose reader could not be fetched is still
    /// in the address to try again.
    pub fn take_arrival(&self, found: Arrival) {
        if arrival(&location_hash().unwrap_or_default()).is_some() {
            clear_fragment(Phase::Align);
        }
        match found {
            Arrival::Tree(text) => {
                self.seed_from_link(&text);
                self.phase.set(Phase::Align);
            }
            Arrival::Give(text) => match read_code(&text) {
                Ok(c) => self.give_offer.set(Some(c)),
                Err(e) => self.notice.set(Some(Notice::Refused(format!("The link of goals sent back could not be read: {e}. Nothing was imported.")))),
            },
            Arrival::Draft(_) => {}
        }
    }

    /// Codes of goals sent back, pasted on the page: each imported in turn, and each
    /// answered in one notice.
    pub fn take_pasted_codes(&self, text: &str) {
        let results = self.take_codes(text);
        let all_ok = results.iter().all(Result::is_ok);
        let text = results.into_iter().map(|r| r.unwrap_or_else(|e| e)).collect::<Vec<_>>().join(" ");
        self.notice.set(Some(if all_ok { Notice::Done(text) } else { Notice::Refused(text) }));
    }

    /// Seeds a new library entry from a tree link ("Open in Accord"); stored work is
    /// never touched.
    pub fn seed_from_link(&self, text: &str) {
        match decode_tree(text) {
            Ok(shared) => match seed_workshop(&shared.tree, clock::now()) {
                Ok(workshop) => {
                    if self.adopt_or_say(workshop, "The workshop from this link") {
                        self.notice.set(Some(Notice::Done(format!(
                            "Started a new workshop from the goal tree of “{}”. Your other workshops are unchanged (Workshops).",
                            shared.tree.workshop
                        ))));
                    }
                }
                Err(e) => self.notice.set(Some(Notice::Refused(format!("This link's goal tree could not start a workshop: {e}. Nothing was changed.")))),
            },
            Err(e) => self.notice.set(Some(Notice::Refused(format!("This link could not be opened: {e}. Nothing was changed.")))),
        }
    }

    /// The facilitator's answer to a `#give=` link.
    pub fn answer_give(&self, import: bool) {
        let Some(c) = self.give_offer.get_untracked() else { return };
        self.give_offer.set(None);
        if !import {
            self.notice.set(Some(Notice::Done(format!("Not imported: {}. Open the link again to import it later.", c.describe()))));
            return;
        }
        let said = self.take_contribution(&c);
        self.notice.set(Some(match said {
            Ok(done) => Notice::Done(done),
            Err(why) => Notice::Refused(why),
        }));
    }

    /// Whether a `#give=` link waits for an answer, and its question.
    pub fn give_question(&self) -> Option<(Contribution, String)> {
        let c = self.give_offer.get()?;
        let title = self.workshop.with(|w| w.as_ref().map(|w| w.title.clone()))?;
        let question = crate::domain::share::arrival::give_question(&c, &title);
        Some((c, question))
    }
}
