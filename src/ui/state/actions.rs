//! The registered actions (`domain::actions`) as this app runs them: the situation read
//! from the app's signals, and one door that checks an action's condition before doing it,
//! whether a button, a menu or a key asked.

use leptos::prelude::*;

use super::{Access, AppState, Notice};
use crate::domain::actions::{action, ActionId, Situation, Unavailable};

impl AppState {
    /// The app's situation now, read tracked (for buttons that follow it).
    pub fn situation(&self, in_text_field: bool) -> Situation {
        let (undo, redo) = self.undo_redo.get();
        Situation {
            phase: self.phase.get(),
            passing_device: self.passing_device.get(),
            in_text_field,
            read_only: self.access.get() == Access::Following,
            can_undo: undo.is_some(),
            can_redo: redo.is_some(),
        }
    }

    /// The app's situation now, untracked (for key presses and clicks).
    pub fn situation_now(&self, in_text_field: bool) -> Situation {
        untrack(|| self.situation(in_text_field))
    }

    /// Runs an action if it applies now; otherwise says why (an empty history needs no
    /// words). Returns whether it ran. `Library` and `RemoveBallot` only answer: their
    /// panels do the rest.
    pub fn run(&self, id: ActionId) -> bool {
        if let Some(why) = action(id).unavailable(&self.situation_now(false)) {
            self.refuse_action(why);
            return false;
        }
        match id {
            ActionId::Undo => self.undo_now(),
            ActionId::Redo => self.redo_now(),
            ActionId::Library | ActionId::RemoveBallot => true,
        }
    }

    /// Says why an action did nothing.
    pub fn refuse_action(&self, why: Unavailable) {
        match why {
            Unavailable::NothingToUndo | Unavailable::NothingToRedo | Unavailable::InTextField => {}
            Unavailable::PassingDevice | Unavailable::ReadOnly => self.notice.set(Some(Notice::Refused(why.to_string()))),
        }
    }
}
