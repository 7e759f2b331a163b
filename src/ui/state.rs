//! The app's state and the actions components dispatch. Components render these signals
//! and call these methods; they never touch storage or the core's rules themselves.
//!
//! What is kept where: the workshop is saved in the browser (debounced) and exported on
//! request; the library index is saved; the phase lives in the URL fragment; notices,
//! the save status and the recovery offer live only in memory.

use std::time::Duration;

use leptos::prelude::*;

use crate::domain::demo::demo_workshop;
use crate::domain::render::{csv, goal_tree, markdown, svg};
use crate::domain::sample::generated_workshop;
use crate::domain::library::{copy_title, file_stem, Library};
use crate::domain::history::History;
use crate::domain::ballot_box::{count_instead, find_codes, receive, receive_room, Outcome, Took};
use crate::domain::codec::{encode_invite, is_room_code, WorkshopKeys};
use crate::domain::room::room_fragment;
use crate::domain::invitation::{can_invite, invite_for};
use crate::domain::model::{Edit, GoalId, InviteId, ModelError, ParticipantId, Workshop, WorkshopId};
use crate::domain::presenter::ProjectorView;
use crate::domain::open::{open_file, AccordFile};
use crate::domain::wire::{to_json, ImportError, MAX_FILE_BYTES};
use crate::platform::storage::{self, Loaded, SaveError, StoredForm};
use crate::platform::{clock, files};

mod actions;
mod sharing;
mod tabs;
mod typing;

pub use tabs::Access;

const SAVE_DELAY: Duration = Duration::from_millis(400);

/// The phases live with the registered actions (pure, in the core).
pub use crate::domain::actions::Phase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The whole workshop file, to resume elsewhere.
    Workshop,
    GoalTree,
    Markdown,
    Csv,
    Svg,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved,
    Pending,
    Failed(SaveError),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A change the workshop refused; it is unchanged.
    Refused(String),
    /// A file that could not be opened, with each problem and its JSON path.
    ImportFailed { file: String, problems: Vec<String> },
    Done(String),
}

/// A stored workshop that did not load, and what can be done about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub id: WorkshopId,
    pub title: String,
    pub problems: Vec<String>,
    pub raw: String,
    /// Where the damaged data was set aside, or why it could not be.
    pub kept_as: Result<String, String>,
    pub good: Option<Workshop>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub library: RwSignal<Library>,
    pub current: RwSignal<Option<WorkshopId>>,
    pub workshop: RwSignal<Option<Workshop>>,
    pub recovery: RwSignal<Option<Recovery>>,
    pub save_status: RwSignal<SaveStatus>,
    pub notice: RwSignal<Option<Notice>>,
    pub phase: RwSignal<Phase>,
    /// Labels of the next undo and redo, for the buttons (`None`: nothing to undo/redo).
    pub undo_redo: RwSignal<(Option<&'static str>, Option<&'static str>)>,
    /// Someone's agreed goal tree, open read-only (memory only).
    pub viewer: RwSignal<Option<goal_tree::GoalTreeDoc>>,
    /// The goal open in the Align editor.
    pub selected: RwSignal<Option<GoalId>>,
    /// What the presenter window shows.
    pub projector: RwSignal<ProjectorView>,
    /// Whether this tab may edit the open workshop (see `tabs`).
    pub access: RwSignal<Access>,
    history: StoredValue<History>,
    save_timer: StoredValue<Option<TimeoutHandle>>,
    edit_lock: StoredValue<Option<crate::platform::tabs::EditLock>, LocalStorage>,
    handover: StoredValue<Option<crate::platform::broadcast::Channel>, LocalStorage>,
    /// People are voting in turn on this device (the pass-the-device panel is open).
    pub passing_device: RwSignal<bool>,
    /// Text being typed into a field, not yet left (see `typing`).
    typing: StoredValue<Option<typing::Typing>>,
    /// The room panel is open in Prioritise (memory only; kept across screens).
    pub room_open: RwSignal<bool>,
    /// The first-visit welcome is shown (see `welcome_on_first_visit`).
    pub welcome: RwSignal<bool>,
    /// Goals sent back as a `#give=` link, waiting for the facilitator's yes (memory only).
    pub give_offer: RwSignal<Option<crate::domain::share::Contribution>>,
}

/// A workshop's checked stored form, made by the save path's module (`on_demand`), or
/// `NotArrived` while that has not come.
fn stored_form(workshop: &Workshop) -> Result<StoredForm, SaveError> {
    super::on_demand::checked_form(workshop).unwrap_or(Err(SaveError::NotArrived))
}

fn problems_of(error: &ImportError) -> Vec<String> {
    error.problems.iter().map(ToString::to_string).collect()
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            library: RwSignal::new(Library::default()),
            current: RwSignal::new(None),
            workshop: RwSignal::new(None),
            recovery: RwSignal::new(None),
            save_status: RwSignal::new(SaveStatus::Saved),
            notice: RwSignal::new(None),
            phase: RwSignal::new(Phase::from_hash(&location_hash().unwrap_or_default())),
            undo_redo: RwSignal::new((None, None)),
            viewer: RwSignal::new(None),
            selected: RwSignal::new(None),
            projector: RwSignal::new(ProjectorView::Tree),
            access: RwSignal::new(Access::Asking),
            history: StoredValue::new(History::default()),
            save_timer: StoredValue::new(None),
            edit_lock: StoredValue::new_local(None),
            handover: StoredValue::new_local(None),
            passing_device: RwSignal::new(false),
            typing: StoredValue::new(None),
            room_open: RwSignal::new(false),
            welcome: RwSignal::new(false),
            give_offer: RwSignal::new(None),
        }
    }

    /// Opens the workshop the facilitator had open last time, or on a first visit the demo.
    pub fn start(&self) {
        // A first visit keeps nothing: the demo opens at once (built in code, stored as it
        // ships), so the first screen needs neither the restore nor the save path.
        if storage::nothing_kept() {
            self.welcome_on_first_visit(true);
            self.add_demo();
            return;
        }
        let this = *self;
        super::on_demand::after_keeping(*self, "open your workshops", move || this.start_kept());
    }

    /// `start` in a browser that keeps workshops (the restore path has arrived).
    fn start_kept(&self) {
        let library = storage::load_library(super::on_demand::load_workshop);
        let first = library.current.or_else(|| library.entries().first().map(|e| e.id));
        self.welcome_on_first_visit(first.is_none());
        self.library.set(library);
        match first {
            Some(id) => self.open(id),
            None => self.add_demo(),
        }
    }

    // ----- editing -----

    /// Applies one change to the open workshop through the undo history. A refused
    /// change leaves the workshop untouched and says why (the signal still notifies, so
    /// fields showing a refused value snap back). Returns whether it was applied.
    pub fn apply(&self, edit: Edit) -> bool {
        let outcome = self.with_history(|history, workshop| history.apply(workshop, edit).map(Some));
        self.after_change(outcome.map(|r| r.map(|_applied| None)))
    }

    /// Runs `go` on the open workshop and the undo history (`None` if no workshop is
    /// open), stamping the workshop when `go` changed it (`Ok(Some(_))`).
    fn with_history<T>(
        &self,
        go: impl FnOnce(&mut History, &mut Workshop) -> Result<Option<T>, ModelError>,
    ) -> Option<Result<Option<T>, ModelError>> {
        if self.access.get_untracked() == Access::Following {
            self.notice.set(Some(Notice::Refused(tabs::FOLLOWING_REFUSAL.into())));
            return None;
        }
        let mut outcome = None;
        self.workshop.update(|open| {
            if let Some(workshop) = open {
                let result = self.history.try_update_value(|h| go(h, workshop)).expect("history lives with the app");
                if let Ok(Some(_)) = result {
                    workshop.touch(clock::now());
                }
                outcome = Some(result);
            }
        });
        outcome
    }

    /// Builds an edit from the open workshop (the builder checks it) and applies it; a
    /// refusal from either step is shown. Returns whether it was applied.
    pub fn propose(&self, build: impl FnOnce(&Workshop) -> Result<Edit, ModelError>) -> bool {
        match self.workshop.with_untracked(|w| w.as_ref().map(build)) {
            Some(Ok(edit)) => self.apply(edit),
            Some(Err(error)) => {
                self.notice.set(Some(Notice::Refused(error.to_string())));
                false
            }
            None => false,
        }
    }

    /// Like `propose` for builders that may have nothing to do (`None`).
    pub fn propose_some(&self, build: impl FnOnce(&Workshop) -> Option<Edit>) -> bool {
        match self.workshop.with_untracked(|w| w.as_ref().and_then(build)) {
            Some(edit) => self.apply(edit),
            None => false,
        }
    }

    // Undo and redo are registered actions: `run(ActionId::Undo)` checks that they apply.
    fn undo_now(&self) -> bool {
        crate::ui::align::perf::measure_to_paint("accord-undo");
        self.step(|history, workshop| history.undo(workshop), "Undid")
    }

    fn redo_now(&self) -> bool {
        self.step(|history, workshop| history.redo(workshop), "Redid")
    }

    fn step(
        &self,
        go: impl FnOnce(&mut History, &mut Workshop) -> Result<Option<&'static str>, ModelError>,
        verb: &'static str,
    ) -> bool {
        let outcome = self.with_history(go).map(|r| r.map(|label| label.map(|l| format!("{verb} the last {l}."))));
        if let Some(Ok(None)) = outcome {
            return false;
        }
        self.after_change(outcome)
    }

    fn after_change(&self, outcome: Option<Result<Option<String>, ModelError>>) -> bool {
        self.refresh_history();
        match outcome {
            Some(Ok(message)) => {
                match message {
                    Some(message) => self.notice.set(Some(Notice::Done(message))),
                    None if matches!(self.notice.get_untracked(), Some(Notice::Refused(_))) => self.notice.set(None),
                    None => {}
                }
                self.schedule_save();
                true
            }
            Some(Err(error)) => {
                self.notice.set(Some(Notice::Refused(error.to_string())));
                false
            }
            None => false,
        }
    }

    fn refresh_history(&self) {
        let next = self.history.with_value(|h| (h.next_undo(), h.next_redo()));
        self.undo_redo.set(next);
    }

    /// Saves within `SAVE_DELAY` of the first unsaved change: later changes (typing
    /// included) never postpone it, so a crash loses at most that window.
    fn schedule_save(&self) {
        if self.save_status.get_untracked() == SaveStatus::Saved {
            self.save_status.set(SaveStatus::Pending);
        }
        if self.save_timer.with_value(Option::is_some) {
            return;
        }
        let this = *self;
        let handle = set_timeout_with_handle(
            move || {
                this.save_timer.set_value(None);
                this.save_now();
            },
            SAVE_DELAY,
        )
        .ok();
        self.save_timer.set_value(handle);
    }

    fn cancel_pending_save(&self) {
        self.save_timer.update_value(|timer| {
            if let Some(handle) = timer.take() {
                handle.clear();
            }
        });
    }

    /// Saves a workshop under `id` and refreshes its entry in the saved library index.
    fn store(&self, id: WorkshopId, workshop: &Workshop) -> Result<(), SaveError> {
        storage::save_workshop(id, &stored_form(workshop)?)?;
        self.list(id, workshop)
    }

    /// Writes the library's index (a no-op once the app is gone).
    fn save_library_index(&self) -> Result<(), SaveError> {
        self.library.try_update(storage::save_library).unwrap_or(Ok(()))
    }

    /// Records a stored workshop in the library index.
    fn list(&self, id: WorkshopId, workshop: &Workshop) -> Result<(), SaveError> {
        self.library.update(|l| l.record(id, &workshop.title, workshop.updated));
        self.save_library_index()
    }

    /// Writes the open workshop now (pending debounced saves included).
    pub fn save_now(&self) {
        // Only the editing tab writes; while the lock is being asked for, the save waits.
        match self.access.get_untracked() {
            Access::Editing => {}
            Access::Asking => {
                self.save_status.set(SaveStatus::Pending);
                return;
            }
            Access::Following => return,
        }
        self.cancel_pending_save();
        // What is being typed is part of the save, whether or not its field was left.
        self.commit_typing();
        let Some(id) = self.current.get_untracked() else { return };
        let Some(result) = self.workshop.with_untracked(|open| open.as_ref().map(|w| self.store(id, w))) else { return };
        self.save_status.set(match result {
            Ok(()) => SaveStatus::Saved,
            // Waits for the save path's module, which saves when it arrives (or says why not).
            Err(SaveError::NotArrived) => {
                super::on_demand::fetch_keeping(*self);
                SaveStatus::Pending
            }
            Err(error) => SaveStatus::Failed(error),
        });
    }

    /// Saves only if a save is waiting (page hidden or closing).
    pub fn flush(&self) {
        if self.save_status.get_untracked() != SaveStatus::Saved {
            self.save_now();
        }
    }

    // ----- the library -----

    pub fn open(&self, id: WorkshopId) {
        self.flush();
        let Some(loaded) = super::on_demand::load_workshop(id) else {
            let this = *self;
            super::on_demand::after_keeping(*self, "open the workshop", move || this.open(id));
            return;
        };
        match loaded {
            Loaded::Fine(workshop) => {
                self.recovery.set(None);
                self.show(id, workshop);
            }
            Loaded::Missing => {
                self.library.update(|l| l.remove(id));
                let _ = self.save_library_index();
                self.notice.set(Some(Notice::Refused("That workshop is no longer in this browser's storage.".into())));
                self.open_most_recent_or_new();
            }
            Loaded::Damaged { raw, error, good } => {
                let kept_as = if raw.is_empty() {
                    Err("the stored copy was missing".to_string())
                } else {
                    storage::set_aside(id, &raw).map_err(|e| e.to_string())
                };
                let title = self
                    .library
                    .with_untracked(|l| l.entries().into_iter().find(|e| e.id == id).map(|e| e.title))
                    .unwrap_or_else(|| "Untitled workshop".into());
                self.workshop.set(None);
                self.current.set(Some(id));
                self.save_status.set(SaveStatus::Saved);
                self.recovery.set(Some(Recovery { id, title, problems: problems_of(&error), raw, kept_as, good }));
            }
        }
    }

    fn show(&self, id: WorkshopId, workshop: Workshop) {
        // Undo never reaches across workshops.
        self.history.update_value(History::clear);
        self.typing.set_value(None);
        self.refresh_history();
        self.selected.set(None);
        self.current.set(Some(id));
        self.library.update(|l| {
            l.record(id, &workshop.title, workshop.updated);
            l.current = Some(id);
        });
        self.workshop.set(Some(workshop));
        self.claim(id);
        // What is shown is what is stored (just read, or just stored by `adopt`), so only
        // the library's index is written (this workshop is now the current one). Saving
        // the workshop again cost a first visit a second serialise, pack and check of the
        // demo, in the frame after its first paint (issue #17).
        self.save_status.set(match self.save_library_index() {
            Ok(()) => SaveStatus::Saved,
            Err(error) => SaveStatus::Failed(error),
        });
        // The save path comes now, ready for the first change.
        super::on_demand::fetch_keeping(*self);
    }

    fn open_most_recent_or_new(&self) {
        match self.library.with_untracked(|l| l.entries().first().map(|e| e.id)) {
            Some(id) => self.open(id),
            None => self.new_empty(),
        }
    }

    /// Adds a workshop to the library under a fresh ID and opens it, once it is stored:
    /// a workshop this browser cannot keep is not opened, and nothing of it is left behind.
    fn adopt(&self, workshop: Workshop) -> Result<(), SaveError> {
        let form = stored_form(&workshop)?;
        self.adopt_form(workshop, form)
    }

    /// `adopt` with the workshop's stored form already made.
    fn adopt_form(&self, workshop: Workshop, form: StoredForm) -> Result<(), SaveError> {
        self.flush();
        let id = self.library.with_untracked(|l| l.fresh_id(clock::random_u64));
        storage::save_new_workshop(id, &form)?;
        self.recovery.set(None);
        self.show(id, workshop);
        Ok(())
    }

    /// `adopt`, saying so when it could not be kept.
    fn adopt_or_say(&self, workshop: Workshop, what: &str) -> bool {
        let title = workshop.title.clone();
        match self.adopt(workshop) {
            Ok(()) => true,
            Err(e) => {
                self.notice.set(Some(Notice::Refused(format!("{what} “{title}” could not be kept: {e}. Nothing was changed."))));
                false
            }
        }
    }

    /// Starts an empty workshop, once the save path is here (it is stored before shown).
    pub fn new_empty(&self) {
        let this = *self;
        super::on_demand::after_keeping(*self, "start a new workshop", move || {
            let workshop = Workshop::new("Untitled workshop", clock::now()).expect("a short title");
            if this.adopt_or_say(workshop, "The new workshop") {
                this.phase.set(Phase::Define);
            }
        });
    }

    pub fn add_demo(&self) {
        match demo_workshop() {
            Ok(demo) => {
                // Stored as it ships, so a first visit shows the demo without the save path.
                let title = demo.title.clone();
                if let Err(e) = self.adopt_form(demo, StoredForm::shipped_demo()) {
                    self.notice.set(Some(Notice::Refused(format!("The demo “{title}” could not be kept: {e}. Nothing was changed."))));
                }
            }
            Err(error) => self.notice.set(Some(Notice::Refused(format!("The demo could not be built: {error}.")))),
        }
    }

    /// A generated workshop of `goals` goals, for trying Accord at scale.
    pub fn add_generated(&self, goals: usize) {
        let mut workshop = generated_workshop(clock::random_u64(), goals);
        workshop.created = clock::now();
        workshop.touch(clock::now());
        self.adopt_or_say(workshop, "The generated workshop");
    }

    /// Opens a file: a workshop file becomes a new entry of the library; an agreed goal
    /// tree opens read-only in the viewer. A file with problems changes nothing and each
    /// problem is listed with its place in the file.
    pub fn import(&self, file: &str, bytes: &[u8]) {
        match open_file(bytes) {
            Ok(AccordFile::GoalTree(doc)) => {
                let title = doc.workshop.clone();
                self.viewer.set(Some(*doc));
                self.notice.set(Some(Notice::Done(format!("Opened the goal tree of “{title}” from {file}, read-only."))));
            }
            Ok(AccordFile::Workshop(workshop)) => {
                let title = workshop.title.clone();
                // Checked before anything is said: "Opened" means it is also kept.
                match self.adopt(*workshop) {
                    Ok(()) => self.notice.set(Some(Notice::Done(format!("Opened “{title}” from {file}.")))),
                    Err(e) => self.notice.set(Some(Notice::Refused(format!(
                        "“{title}” from {file} was not opened: {e}. Nothing was changed; the workshop that was open stays open."
                    )))),
                }
            }
            Ok(AccordFile::Contribution(c)) => self.notice.set(Some(match self.take_contribution(&c) {
                Ok(done) => Notice::Done(format!("{done} (from {file})")),
                Err(why) => Notice::Refused(why),
            })),
            Err(error) => self.notice.set(Some(Notice::ImportFailed { file: file.to_string(), problems: problems_of(&error) })),
        }
    }

    /// Imports goals sent back (personal goals, a department's draft) into the open
    /// workshop as one undoable step: what happened in words, or why nothing did.
    pub fn take_contribution(&self, c: &crate::domain::share::Contribution) -> Result<String, String> {
        let tag = self.keys().map(|k| k.tag);
        let Some(outcome) = self.workshop.with_untracked(|w| w.as_ref().map(|w| crate::domain::share::import(w, tag, c, clock::now()))) else {
            return Err("Open a workshop first: goals sent back are imported into the open workshop.".into());
        };
        let imported = outcome.map_err(|refused| refused.to_string())?;
        if self.apply(imported.edit.clone()) {
            Ok(imported.summary(c))
        } else if self.access.get_untracked() == Access::Following {
            Err(format!("Not imported: {}", tabs::FOLLOWING_REFUSAL))
        } else {
            Err("Not imported: the workshop changed meanwhile; try again.".into())
        }
    }

    /// Runs `change` on a stored workshop: the open one in memory, any other through storage.
    fn with_stored(&self, id: WorkshopId, edit: Edit) -> Result<(), String> {
        if self.current.get_untracked() == Some(id) && self.workshop.with_untracked(Option::is_some) {
            self.apply(edit);
            self.save_now();
            return Ok(());
        }
        let Some(Loaded::Fine(mut workshop)) = super::on_demand::load_workshop(id) else {
            return Err("That workshop could not be loaded; open it to recover it first.".into());
        };
        workshop.apply(edit).map_err(|e| e.to_string())?;
        workshop.touch(clock::now());
        self.store(id, &workshop).map_err(|e| e.to_string())
    }

    pub fn rename(&self, id: WorkshopId, title: &str) {
        let (this, title) = (*self, title.to_string());
        self.when_free(id, move || {
            if let Err(message) = this.with_stored(id, Edit::SetTitle(title)) {
                this.notice.set(Some(Notice::Refused(message)));
            }
        });
    }

    pub fn duplicate(&self, id: WorkshopId) {
        self.flush();
        let original = match super::on_demand::load_workshop(id) {
            Some(Loaded::Fine(w)) => w,
            _ => {
                self.notice.set(Some(Notice::Refused("That workshop could not be loaded, so it was not copied.".into())));
                return;
            }
        };
        let mut copy = original;
        let _ = copy.set_title(&copy_title(&copy.title));
        copy.created = clock::now();
        copy.touch(clock::now());
        let new_id = self.library.with_untracked(|l| l.fresh_id(clock::random_u64));
        let stored = stored_form(&copy).and_then(|form| storage::save_new_workshop(new_id, &form)).and_then(|()| self.list(new_id, &copy));
        self.notice.set(Some(match stored {
            Ok(()) => Notice::Done(format!("Made “{}”.", copy.title)),
            Err(e) => Notice::Refused(format!("{e}; the copy was not made.")),
        }));
    }

    /// Deletes a workshop (the caller has asked for confirmation).
    pub fn delete(&self, id: WorkshopId) {
        let this = *self;
        self.when_free(id, move || this.delete_now(id));
    }

    fn delete_now(&self, id: WorkshopId) {
        let was_open = self.current.get_untracked() == Some(id);
        if was_open {
            self.cancel_pending_save();
            self.typing.set_value(None);
            self.workshop.set(None);
            self.recovery.set(None);
            self.current.set(None);
            self.save_status.set(SaveStatus::Saved);
        }
        storage::delete_workshop(id);
        self.library.update(|l| l.remove(id));
        let _ = self.save_library_index();
        if was_open {
            self.open_most_recent_or_new();
        }
    }

    // ----- recovery -----

    pub fn restore_good_copy(&self) {
        let Some(recovery) = self.recovery.get_untracked() else { return };
        if let Some(good) = recovery.good {
            self.recovery.set(None);
            self.show(recovery.id, good);
            // Only say the damaged data is kept when it was (a full storage may have refused
            // it); if it was not, it is downloaded now, before the screen that offers it goes.
            let kept = match &recovery.kept_as {
                Ok(key) => format!("the damaged data is still kept aside (as “{key}”)"),
                Err(_) => {
                    self.offer_download(&format!("{}-damaged.json", file_stem(&recovery.title)), "application/json", &recovery.raw);
                    "the damaged data could not be kept in this browser, so it has been downloaded".to_string()
                }
            };
            self.notice.set(Some(Notice::Done(format!("The last good copy is back; {kept}."))));
        }
    }

    pub fn download_damaged(&self) {
        if let Some(recovery) = self.recovery.get_untracked() {
            self.offer_download(&format!("{}-damaged.json", file_stem(&recovery.title)), "application/json", &recovery.raw);
        }
    }

    fn offer_download(&self, name: &str, mime: &str, text: &str) {
        if let Err(e) = files::download(name, mime, text) {
            self.notice.set(Some(Notice::Refused(format!("The download failed: {e}"))));
        }
    }

    // ----- export -----

    /// Starts a new workshop from the tree in the viewer.
    pub fn seed_from_viewer(&self) {
        let Some(doc) = self.viewer.get_untracked() else { return };
        match goal_tree::seed_workshop(&doc, clock::now()) {
            Ok(workshop) => {
                if self.adopt_or_say(workshop, "The workshop from this goal tree") {
                    self.viewer.set(None);
                    self.notice.set(Some(Notice::Done(format!("Started a workshop from the goal tree of “{}”.", doc.workshop))));
                }
            }
            Err(e) => self.notice.set(Some(Notice::Refused(format!("That tree could not seed a workshop: {e}")))),
        }
    }

    /// Downloads one of the renderings of the open workshop.
    pub fn export_as(&self, kind: ExportKind) {
        let file = self.workshop.with_untracked(|w| {
            w.as_ref().map(|w| {
                let stem = file_stem(&w.title);
                match kind {
                    ExportKind::Workshop => (format!("{stem}.accord.json"), "application/json", to_json(w)),
                    ExportKind::GoalTree => (format!("{stem}.goal-tree.json"), "application/json", goal_tree::to_json(&goal_tree::agreed_tree(w, clock::now()))),
                    ExportKind::Markdown => (format!("{stem}.md"), "text/markdown", markdown::report(w)),
                    ExportKind::Csv => (format!("{stem}.ballots.csv"), "text/csv", csv::ballots(w, u64::from_le_bytes(crate::platform::random::random_bytes::<8>()))),
                    ExportKind::Svg => (format!("{stem}.svg"), "image/svg+xml", svg::tree(w)),
                }
            })
        });
        let Some((name, mime, text)) = file else { return };
        // The limit is the same for opening, saving and downloading: Accord never hands
        // out a workshop file it would then refuse to open.
        if kind == ExportKind::Workshop && text.len() > MAX_FILE_BYTES {
            let e = SaveError::TooLarge { bytes: text.len() };
            self.notice.set(Some(Notice::Refused(format!("{e}, so it is not downloaded as a workshop file. Shorten long descriptions or remove goals; the goal tree and the Markdown report still download."))));
            return;
        }
        self.offer_download(&name, mime, &text);
    }

    /// Copies the Markdown report to the clipboard.
    pub fn copy_markdown(&self) {
        let Some(text) = self.workshop.with_untracked(|w| w.as_ref().map(markdown::report)) else { return };
        self.copy(text, "The Markdown report is on the clipboard.".into());
    }

    /// Copies text to the clipboard and says whether it worked.
    pub fn copy(&self, text: String, done: String) {
        let this = *self;
        leptos::task::spawn_local(async move {
            this.notice.set(Some(match files::copy_text(&text).await {
                Ok(()) => Notice::Done(done),
                Err(_) => Notice::Refused("This browser did not allow copying; use the download instead.".into()),
            }));
        });
    }

    // ----- own devices -----

    /// The open workshop's invite keys (made on first use).
    pub fn keys(&self) -> Option<WorkshopKeys> {
        let id = self.current.get_untracked()?;
        Some(match storage::workshop_keys(id) {
            Ok(keys) => keys,
            Err((keys, problem)) => {
                self.notice.set(Some(Notice::Refused(problem)));
                keys
            }
        })
    }

    /// A change to the open workshop that is not an undoable edit (issuing and
    /// withdrawing invites: an invite sent cannot be unsent, and a withdrawn one must not
    /// come back with Ctrl+Z). Stamped and saved like any change; a refusal comes back
    /// in words (a following tab's refusal is already shown).
    fn change_for_good<T>(&self, go: impl FnOnce(&mut Workshop) -> Result<T, ModelError>) -> Result<T, String> {
        // Through the same door as every change, but leaving the history as it is.
        match self.with_history(|_, workshop| go(workshop).map(Some)) {
            Some(Ok(Some(value))) => {
                self.schedule_save();
                Ok(value)
            }
            Some(Err(error)) => Err(error.to_string()),
            _ if self.access.get_untracked() == Access::Following => Err(tabs::FOLLOWING_REFUSAL.to_string()),
            _ => Err("No workshop is open.".to_string()),
        }
    }

    /// Issues a new invite to a participant (older ones keep working until withdrawn); a
    /// refusal is shown.
    pub fn new_invite(&self, participant: ParticipantId) -> Option<InviteId> {
        self.issue_invite(participant).inspect_err(|why| self.notice.set(Some(Notice::Refused(why.clone())))).ok()
    }

    /// Issues an invite, only to someone with an open round to vote in (so opening the QR
    /// code of someone with nothing to vote on issues nothing).
    fn issue_invite(&self, participant: ParticipantId) -> Result<InviteId, String> {
        self.workshop
            .with_untracked(|w| w.as_ref().map(|w| can_invite(w, participant)))
            .ok_or("No workshop is open.")?
            .map_err(|problem| problem.to_string())?;
        let salt: [u8; 16] = crate::platform::random::random_bytes();
        self.change_for_good(|w| w.issue_invite(participant, salt, clock::now()))
    }

    /// Withdraws an invite for good: codes made from it are refused from now on.
    pub fn withdraw_invite(&self, invite: InviteId) -> bool {
        self.change_for_good(|w| w.withdraw_invite(invite, clock::now()))
            .inspect_err(|why| self.notice.set(Some(Notice::Refused(why.clone()))))
            .is_ok()
    }

    /// The invite link for a participant: their newest invite that is not withdrawn
    /// (issued now if they have none), on the participant page beside this one, the invite
    /// in the fragment (never sent to a host).
    pub fn invite_link(&self, participant: ParticipantId) -> Result<String, String> {
        let keys = self.keys().ok_or("No workshop is open.")?;
        let has_invite = self.workshop.with_untracked(|w| w.as_ref().map(|w| w.current_invite(participant).is_some()));
        if has_invite == Some(false) {
            self.issue_invite(participant)?;
        }
        let invite = self
            .workshop
            .with_untracked(|w| w.as_ref().map(|w| invite_for(w, &keys, participant, clock::now())))
            .ok_or("No workshop is open.")?
            .map_err(|e| e.to_string())?;
        Ok(format!("{}#invite={}", participant_page(), encode_invite(&invite)))
    }

    /// The room link: the participant page with the open rounds and the facilitator's
    /// public room key in the fragment (tracked: it follows the workshop).
    pub fn room_link(&self) -> Result<String, String> {
        let keys = self.keys().ok_or("No workshop is open.")?;
        let fragment = self.workshop.with(|w| w.as_ref().map(|w| room_fragment(w, &keys))).ok_or("No workshop is open.")?;
        Ok(format!("{}#{}", participant_page(), fragment.map_err(|e| e.to_string())?))
    }

    pub fn offer_text_download(&self, name: &str, text: &str) {
        self.offer_download(name, "text/plain", text);
    }

    /// Checks every ballot code in `text` in turn, counting those that count. Returns one
    /// line per code: whether it counts (or already did), what happened in words, and for
    /// a ballot that disagrees with one counted from another source, the code (the
    /// facilitator chooses with `count_instead`).
    pub fn receive_codes(&self, text: &str) -> Vec<CodeLine> {
        if self.access.get_untracked() == Access::Following {
            return vec![CodeLine { ok: false, text: format!("Not added: {}", tabs::FOLLOWING_REFUSAL), choice: None, scanned: None }];
        }
        let Some(keys) = self.keys() else { return Vec::new() };
        let mut said = Vec::new();
        // Goals sent back, pasted among ballot codes, are imported too (`state::sharing`).
        if text.contains(crate::domain::share::contribution::PREFIX) {
            said.extend(self.take_codes(text).into_iter().map(|r| CodeLine { ok: r.is_ok(), text: r.unwrap_or_else(|e| e), ..CodeLine::default() }));
        }
        for code in find_codes(text) {
            if is_room_code(code) {
                said.extend(self.receive_room_code(&keys, code));
                continue;
            }
            let checked =
                self.workshop.with_untracked(|w| w.as_ref().map(|w| receive(w, &keys, code, clock::now()).map(|r| (r.describe(w), r))));
            match checked {
                Some(Ok((line, received))) => {
                    let scanned = Some((received.participant, received.round, received.outcome.took()));
                    if matches!(received.outcome, Outcome::Choose(_)) {
                        said.push(CodeLine { ok: false, text: line, choice: Some(code.to_string()), scanned });
                        continue;
                    }
                    let counted = match received.edit() {
                        Some(edit) => self.apply(edit),
                        None => true,
                    };
                    // `apply` only refuses what `receive` already checked if the workshop
                    // changed in between; say so rather than claim the code counted.
                    said.push(if counted {
                        CodeLine { ok: true, text: line, choice: None, scanned }
                    } else {
                        CodeLine { ok: false, text: format!("Not counted, try again: {line}"), choice: None, scanned: None }
                    });
                }
                Some(Err(refusal)) => said.push(CodeLine { ok: false, text: refusal.to_string(), choice: None, scanned: None }),
                None => {}
            }
        }
        said
    }

    /// One room code: one line per round it carries (or one asking the facilitator to
    /// accept a second phone), and what needs no choice counted.
    fn receive_room_code(&self, keys: &WorkshopKeys, code: &str) -> Vec<CodeLine> {
        let checked = self.workshop.with_untracked(|w| w.as_ref().map(|w| receive_room(w, keys, code, clock::now())));
        match checked {
            Some(Ok(delivery)) => {
                let counted = delivery.edit().map_or(true, |edit| self.apply(edit));
                let participant = delivery.participant;
                delivery
                    .lines()
                    .into_iter()
                    .map(|line| match line.took {
                        Some(Took::Choose) => CodeLine { ok: false, text: line.text, choice: Some(code.to_string()), scanned: Some((participant, line.round, Took::Choose)) },
                        Some(took) if counted => CodeLine { ok: true, text: line.text, choice: None, scanned: Some((participant, line.round, took)) },
                        Some(_) => CodeLine { ok: false, text: format!("Not counted, try again: {}", line.text), choice: None, scanned: None },
                        None => CodeLine { ok: false, text: line.text, choice: None, scanned: None },
                    })
                    .collect()
            }
            Some(Err(refusal)) => vec![CodeLine { ok: false, text: refusal.to_string(), choice: None, scanned: None }],
            None => Vec::new(),
        }
    }

    /// The facilitator chose to count `code`'s ballot instead of the one counted from
    /// another source (or, for a room code, accepted its phone). Checked again against
    /// the workshop as it is now.
    pub fn count_instead(&self, code: &str) -> CodeLine {
        let Some(keys) = self.keys() else { return CodeLine { ok: false, text: "No workshop is open.".into(), choice: None, scanned: None } };
        if is_room_code(code) {
            let checked = self.workshop.with_untracked(|w| w.as_ref().map(|w| receive_room(w, &keys, code, clock::now())));
            return match checked {
                Some(Ok(delivery)) => {
                    let counted = delivery.accepted_edit().map_or(true, |edit| self.apply(edit));
                    let who = delivery.who.clone();
                    let round = delivery.rounds.iter().find(|(_, _, r)| r.is_ok()).map(|r| r.0);
                    CodeLine {
                        ok: counted,
                        text: match (counted, delivery.other_phone.is_some()) {
                            (true, true) => format!("Counted: {who}'s ballot from this phone, which {who} now votes from."),
                            (true, false) => format!("Counted: {who}'s ballot from their phone, instead of the one counted before."),
                            (false, _) => format!("Not counted, try again: {who}'s code."),
                        },
                        choice: None,
                        scanned: round.filter(|_| counted).map(|round| (delivery.participant, round, Took::Counted)),
                    }
                }
                Some(Err(refusal)) => CodeLine { ok: false, text: refusal.to_string(), choice: None, scanned: None },
                None => CodeLine { ok: false, text: "No workshop is open.".into(), choice: None, scanned: None },
            };
        }
        let checked =
            self.workshop.with_untracked(|w| w.as_ref().map(|w| count_instead(w, &keys, code, clock::now()).map(|r| (r.describe(w), r))));
        match checked {
            Some(Ok((line, received))) => {
                let (participant, round, took) = (received.participant, received.round, received.outcome.took());
                let counted = received.edit().map_or(true, |edit| self.apply(edit));
                let scanned = counted.then_some((participant, round, took));
                CodeLine { ok: counted, text: if counted { line } else { format!("Not counted, try again: {line}") }, choice: None, scanned }
            }
            Some(Err(refusal)) => CodeLine { ok: false, text: refusal.to_string(), choice: None, scanned: None },
            None => CodeLine { ok: false, text: "No workshop is open.".into(), choice: None, scanned: None },
        }
    }
}

/// The participant's page, beside this one at vote/ (a much smaller download).
pub(crate) fn participant_page() -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!("{}{folder}vote/", location.origin().unwrap_or_default())
}

/// What one ballot code did, for the collect list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodeLine {
    pub ok: bool,
    pub text: String,
    /// The code, when the facilitator must choose between it and a ballot counted from
    /// another source.
    pub choice: Option<String>,
    /// Whose ballot it carried, for which round, and what became of it (for the scan
    /// station's line); `None` for a code refused or not read.
    pub scanned: Option<(ParticipantId, crate::domain::model::RoundId, crate::domain::ballot_box::Took)>,
}

// ----- the first-visit welcome -----
impl AppState {
    /// On a first visit (no workshop stored, no phase named in the address, the welcome
    /// never dismissed in this browser) the welcome is shown above the demo, which opens
    /// as before, so a link to a phase or a returning facilitator never meets it.
    fn welcome_on_first_visit(&self, nothing_stored: bool) {
        let hash = location_hash().unwrap_or_default();
        let named = !hash.trim_start_matches('#').is_empty();
        self.welcome.set(nothing_stored && !named && !storage::welcomed());
    }

    /// Closes the welcome for good in this browser.
    pub fn dismiss_welcome(&self) {
        storage::remember_welcomed();
        self.welcome.set(false);
    }

    /// The welcome's "Open the demo workshop": the demo is what is open on a first visit;
    /// if the facilitator went elsewhere meanwhile, the demo is added and opened.
    pub fn welcome_demo(&self) {
        let demo_open = self.workshop.with_untracked(|w| {
            w.as_ref().is_some_and(|w| w.title == crate::domain::demo::DEMO_TITLE)
        });
        if !demo_open {
            self.add_demo();
        }
        self.dismiss_welcome();
        self.phase.set(Phase::Define);
    }

    /// The welcome's "Start a new workshop": an empty workshop, opened at Define.
    pub fn welcome_new(&self) {
        self.new_empty();
        self.dismiss_welcome();
    }
}
