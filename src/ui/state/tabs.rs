//! One workshop, several tabs: only the tab holding the workshop's edit lock edits and
//! saves; the others follow its saves (storage events) and are read-only with a banner,
//! until they are handed the lock or the editing tab closes or crashes.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::{AppState, Notice, SaveStatus};
use crate::domain::history::History;
use crate::domain::model::{Workshop, WorkshopId};
use crate::ui::on_demand;
use crate::platform::{storage, tabs};

/// This tab's right to change the open workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Asking for the lock (a moment after opening); changes wait to be saved.
    Asking,
    Editing,
    /// Another tab edits; this one follows and changes nothing.
    Following,
}

pub(super) const FOLLOWING_REFUSAL: &str =
    "This workshop is being edited in another tab, so this tab only follows it. Choose “Edit here instead” to edit here.";

impl AppState {
    /// Asks for the edit lock of the workshop just opened, dropping any other.
    pub(super) fn claim(&self, id: WorkshopId) {
        self.edit_lock.set_value(None);
        self.handover.set_value(None);
        self.access.set(Access::Asking);
        let this = *self;
        let name = id.to_string();
        let lock = tabs::request(&name, false, move |granted| {
            if this.current.get_untracked() != Some(id) {
                return;
            }
            if granted {
                this.access.set(Access::Editing);
                this.flush();
            } else {
                this.follow(id);
            }
        });
        if lock.is_none() {
            // No Web Locks here: edit unguarded, as before.
            self.access.set(Access::Editing);
        }
        self.edit_lock.set_value(lock);
        let channel = tabs::handover_channel(&name, move |message| {
            if message == tabs::HANDOVER && this.access.get_untracked() == Access::Editing && this.current.get_untracked() == Some(id) {
                // Everything typed here is saved before the other tab takes over, the
                // field still being typed in included (`save_now` commits it first).
                this.save_now();
                this.edit_lock.set_value(None);
                this.follow(id);
                this.notice.set(Some(Notice::Done("Another tab is editing this workshop now; this tab follows it.".into())));
            }
        });
        self.handover.set_value(channel);
    }

    /// Becomes read-only, shows the latest saved copy, and queues for the lock so this tab
    /// takes over by itself when the editing tab closes or crashes.
    fn follow(&self, id: WorkshopId) {
        self.access.set(Access::Following);
        self.cancel_pending_save();
        // Typing was committed and saved by `save_now` before a handover; none is kept here.
        self.typing.set_value(None);
        self.save_status.set(SaveStatus::Saved);
        self.catch_up(id);
        let this = *self;
        let lock = tabs::request(&id.to_string(), true, move |granted| {
            if granted && this.current.get_untracked() == Some(id) {
                this.catch_up(id);
                this.access.set(Access::Editing);
            }
        });
        self.edit_lock.set_value(lock);
    }

    /// Loads the stored copy of the open workshop (what the editing tab saved last).
    fn catch_up(&self, id: WorkshopId) {
        match on_demand::load_workshop(id) {
            Some(storage::Loaded::Fine(latest)) => self.show_saved_elsewhere(latest),
            Some(_) => {}
            None => {
                let this = *self;
                on_demand::after_keeping(*self, "show the copy saved in the other tab", move || this.catch_up(id));
            }
        }
    }

    /// Shows a copy another tab saved. Undo starts afresh: this tab's history was of
    /// another copy.
    fn show_saved_elsewhere(&self, latest: Workshop) {
        if self.workshop.with_untracked(|w| w.as_ref() != Some(&latest)) {
            self.history.update_value(History::clear);
            self.refresh_history();
            self.workshop.set(Some(latest));
        }
    }

    /// Asks the editing tab to hand this workshop over to this tab.
    pub fn edit_here(&self) {
        if self.access.get_untracked() != Access::Following {
            return;
        }
        self.handover.with_value(|c| {
            if let Some(channel) = c {
                channel.send(tabs::HANDOVER);
            }
        });
    }

    /// Another tab saved something (a `storage` event): follow the open workshop if this
    /// tab is not the one editing it, and keep the library index in step.
    pub fn stored_elsewhere(&self, key: &str, value: Option<String>) {
        let this = *self;
        if storage::is_library_key(key) {
            on_demand::after_keeping(*self, "list the workshops another tab keeps", move || {
                let stored = storage::load_library(on_demand::load_workshop);
                this.library.update(|l| l.merge(&stored, storage::is_stored));
            });
            return;
        }
        let (Some(id), Some(value)) = (storage::workshop_id_of_key(key), value) else { return };
        if self.current.get_untracked() == Some(id) && self.access.get_untracked() == Access::Following {
            match on_demand::restore_stored(&value) {
                Some(Ok(latest)) => self.show_saved_elsewhere(latest),
                Some(Err(_)) => {}
                None => {
                    let key = key.to_string();
                    on_demand::after_keeping(*self, "show the copy saved in the other tab", move || this.stored_elsewhere(&key, Some(value)));
                }
            }
        }
    }

    /// Runs `then` on a workshop from the library only if no tab is editing it: the open
    /// one here runs at once; another is checked with its edit lock, held while `then`
    /// writes, so a rename or delete never races another tab's saves.
    pub(super) fn when_free(&self, id: WorkshopId, then: impl FnOnce() + 'static) {
        if self.current.get_untracked() == Some(id) {
            match self.access.get_untracked() {
                Access::Following => self.notice.set(Some(Notice::Refused(FOLLOWING_REFUSAL.into()))),
                _ => then(),
            }
            return;
        }
        type Pending = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;
        let then: Pending = Rc::new(RefCell::new(Some(Box::new(then))));
        let held: Rc<RefCell<Option<tabs::EditLock>>> = Rc::default();
        let (run, keep, this) = (then.clone(), held.clone(), *self);
        let lock = tabs::request(&id.to_string(), false, move |granted| {
            match run.borrow_mut().take() {
                Some(then) if granted => then(),
                _ => this.notice.set(Some(Notice::Refused(
                    "That workshop is open in another tab; rename or delete it there, or close that tab first.".into(),
                ))),
            }
            // Released once this callback has returned (a lock is not dropped from inside
            // its own callback).
            let keep = keep.clone();
            set_timeout(move || drop(keep.borrow_mut().take()), std::time::Duration::ZERO);
        });
        match lock {
            Some(lock) => *held.borrow_mut() = Some(lock),
            None => {
                if let Some(then) = then.borrow_mut().take() {
                    then();
                }
            }
        }
    }
}
