//! Text typed into a field is saved whether or not the field is left: every keystroke is
//! kept here, committed to the workshop (one undo step per field) and saved within
//! `SAVE_DELAY` of the first unsaved keystroke, and on leaving the page, handing the
//! workshop to another tab or opening another workshop. A crash loses at most that window.
//!
//! While a field is being typed in it shows its own text, not the model's: the model trims
//! names, and putting "Sales" back into a field holding "Sales " would eat the space.

use leptos::prelude::*;

use super::{Access, AppState};
use crate::domain::history::TypedField;
use crate::platform::clock;

/// The text in the field being typed in, and whether it is in the workshop yet.
#[derive(Debug, Clone)]
pub(super) struct Typing {
    field: TypedField,
    text: String,
    committed: bool,
}

impl AppState {
    /// A keystroke in `field`, which now holds `text`.
    pub fn type_text(&self, field: TypedField, text: String) {
        // A following tab changes nothing; leaving the field says so and shows the kept text.
        if self.access.get_untracked() == Access::Following {
            return;
        }
        self.commit_other_typing(field);
        self.typing.set_value(Some(Typing { field, text, committed: false }));
        self.schedule_save();
    }

    /// Typing in a field other than `field` goes into the workshop first (one step each).
    fn commit_other_typing(&self, field: TypedField) {
        if self.typing.with_value(|t| t.as_ref().is_some_and(|t| t.field != field)) {
            self.commit_typing();
        }
    }

    /// What `field` shows: the text being typed into it, or else the workshop's `kept`.
    pub fn shown_text(&self, field: TypedField, kept: String) -> String {
        self.typing.with_value(|t| match t {
            Some(t) if t.field == field => t.text.clone(),
            _ => kept,
        })
    }

    /// Puts typing not yet in the workshop into it (one undo step per field). A text the
    /// workshop refuses mid-typing (an empty name, a name already taken) waits: the field
    /// says why when it is left.
    pub(super) fn commit_typing(&self) {
        let pending = self.typing.try_update_value(|t| {
            t.as_mut().filter(|t| !t.committed).map(|t| {
                t.committed = true;
                (t.field, t.text.clone())
            })
        });
        let Some(Some((field, text))) = pending else { return };
        if self.access.get_untracked() == Access::Following {
            return;
        }
        let _ = self.with_history(|history, workshop| {
            let Some(edit) = field.edit(workshop, text) else { return Ok(None) };
            history.apply_typed(workshop, edit, field).map(|changed| changed.then_some(()))
        });
        self.refresh_history();
    }

    /// `field` was left, or Enter pressed in it (`change`), holding `text`: its typing step
    /// ends with that text. A refused text takes the whole step back, so the field shows
    /// what it held before the typing began, and the refusal is said.
    pub fn finish_typing(&self, field: TypedField, text: String) {
        self.commit_other_typing(field);
        self.typing.set_value(None);
        if self.access.get_untracked() == Access::Following {
            // Typing saved before this tab handed the workshop over is already in the copy
            // it follows: nothing to refuse.
            let kept = self.workshop.with_untracked(|w| w.as_ref().and_then(|w| field.text_in(w)));
            if kept.is_some_and(|kept| kept == text || kept == text.trim()) {
                self.workshop.update(|_| {});
                return;
            }
        }
        let mut reverted = false;
        let outcome = self.with_history(|history, workshop| {
            let Some(edit) = field.edit(workshop, text) else { return Ok(None) };
            let applied = history.apply_typed(workshop, edit, field);
            if applied.is_err() {
                reverted = history.revert_typing(workshop, field).unwrap_or(false);
            }
            history.end_typing();
            applied.map(|changed| changed.then_some(()))
        });
        if reverted {
            // The typing taken back may have been saved already: save the workshop as it is.
            self.workshop.update(|w| {
                if let Some(w) = w {
                    w.touch(clock::now());
                }
            });
            self.schedule_save();
        }
        if outcome.is_none() {
            // Refused before it reached the workshop (a following tab): show the kept text.
            self.workshop.update(|_| {});
        }
        self.after_change(outcome.map(|r| r.map(|_| None)));
    }

    /// `field` lost the focus: ends its typing if it is still open (a `change` ended it
    /// already when the text changed since the field was entered).
    pub fn leave_field(&self, field: TypedField, text: String) {
        if self.typing.with_value(|t| t.as_ref().is_some_and(|t| t.field == field)) {
            self.finish_typing(field, text);
        }
    }
}
