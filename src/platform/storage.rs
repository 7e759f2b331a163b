//! The only module that touches localStorage (through gloo-storage).
//!
//! Keys:
//! - `accord.library`: the library index (`domain::library`).
//! - `accord.workshop.<id>`: the workshop's export file, deflated (`wire::stored`; plain
//!   JSON from earlier releases still loads).
//! - `accord.workshop.<id>.good`: the last copy known to load, written after every save.
//! - `accord.damaged.<id>[.<n>]`: stored data that failed to load, set aside untouched.
//! - `accord.keys.<id>`: the workshop's secret and tag for invites and ballot codes.
//!   Kept apart from the workshop so an exported file never carries it.
//! - `accord.invite.<tag>.<participant>`: on a participant's device, their invite link;
//!   `accord.draft.<tag>.<participant>.<round>`: their ballot in progress and last code.
//!
//! Every save is checked to load back before it is written, so the app never writes a
//! copy it could not read.

use gloo_storage::{LocalStorage, Storage};

use crate::domain::codec::{decode_invite, Invite, InviteRound, WorkshopKeys, WorkshopTag};
use crate::domain::invitation::Draft;
use crate::domain::library::Library;
use crate::domain::model::{Workshop, WorkshopId};
use crate::domain::wire::stored::{pack, restore_stored, storage_units, unpack};
use crate::domain::wire::{to_json, ImportError, MAX_FILE_BYTES};

/// What this browser lets a site keep in localStorage, in UTF-16 code units of keys and
/// values (Chromium, Firefox and Safari all allow about five million).
pub const QUOTA_UNITS: usize = 5 * 1024 * 1024;

const LIBRARY_KEY: &str = "accord.library";
const WORKSHOP_PREFIX: &str = "accord.workshop.";
const DAMAGED_PREFIX: &str = "accord.damaged.";
const KEYS_PREFIX: &str = "accord.keys.";
const INVITE_PREFIX: &str = "accord.invite.";
const DRAFT_PREFIX: &str = "accord.draft.";

fn workshop_key(id: WorkshopId) -> String {
    format!("{WORKSHOP_PREFIX}{id}")
}

fn good_key(id: WorkshopId) -> String {
    format!("{WORKSHOP_PREFIX}{id}.good")
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The browser's storage for this page is full.
    Full,
    /// A workshop that does not fit in the room left: `needed` and `free` in stored
    /// characters (about bytes).
    NoRoom { needed: usize, free: usize },
    /// The workshop's file is over the largest file Accord opens, so it is not kept
    /// (Accord would refuse its own copy).
    TooLarge { bytes: usize },
    /// Storage is switched off or refused the write for another reason.
    Unavailable(String),
    /// The code that writes a workshop (fetched after the first screen, issue #17) has not
    /// arrived: the network is slow or down.
    NotArrived,
}

/// Sizes in the facilitator's words: "1.42 MB", "830 KB" (binary units, as the file size
/// limit is stated).
pub fn size_words(units: usize) -> String {
    if units >= 1 << 20 {
        format!("{:.2} MB", units as f64 / 1_048_576.0)
    } else {
        format!("{} KB", units.div_ceil(1024))
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Full => write!(f, "This browser's storage is full"),
            SaveError::NoRoom { needed, .. } if *needed > QUOTA_UNITS => write!(
                f,
                "This workshop needs {} of browser storage even compressed, more than the {} a browser keeps for a site, so no browser can keep it",
                size_words(*needed),
                size_words(QUOTA_UNITS)
            ),
            SaveError::NoRoom { needed, free } => write!(
                f,
                "This browser has room for {} more and this workshop needs {}",
                size_words(*free),
                size_words(*needed)
            ),
            SaveError::TooLarge { bytes } => write!(
                f,
                "This workshop's file is {} as Accord writes it, over the {} limit for keeping, opening and downloading workshops",
                size_words(*bytes),
                size_words(MAX_FILE_BYTES)
            ),
            SaveError::Unavailable(detail) => write!(f, "This browser refused to save ({detail})"),
            SaveError::NotArrived => write!(f, "Accord's code for saving has not arrived yet (the network may be slow or down)"),
        }
    }
}

fn raw_get(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

fn raw_set(key: &str, value: &str) -> Result<(), SaveError> {
    LocalStorage::raw().set_item(key, value).map_err(|error| {
        let name = error
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            SaveError::Full
        } else {
            SaveError::Unavailable(crate::platform::files::describe(error))
        }
    })
}

use wasm_bindgen::JsCast;

fn all_keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    (0..count).filter_map(|i| storage.key(i).ok().flatten()).collect()
}

/// Whether this browser keeps nothing of Accord's workshops: no library index and no
/// stored workshop (a first visit, or everything deleted and the index gone).
pub fn nothing_kept() -> bool {
    !has_library() && !all_keys().iter().any(|k| k.starts_with(WORKSHOP_PREFIX))
}

/// The library index; rebuilt from the stored workshops if the index is missing or
/// damaged, so a broken index never hides anyone's work. `load` reads a stored workshop
/// (`None`: the code that reads it has not arrived; that one is listed next time).
pub fn load_library(load: impl Fn(WorkshopId) -> Option<Loaded>) -> Library {
    let mut library = raw_get(LIBRARY_KEY).and_then(|text| Library::from_json(&text)).unwrap_or_default();
    // Workshops stored but missing from the index (an index lost, or a write cut short)
    // are listed again, so every stored byte can be seen, opened and deleted.
    let listed: Vec<WorkshopId> = library.entries().iter().map(|e| e.id).collect();
    for key in all_keys() {
        let Some(id) = key.strip_prefix(WORKSHOP_PREFIX).and_then(WorkshopId::parse) else { continue };
        if listed.contains(&id) {
            continue;
        }
        match load(id) {
            Some(Loaded::Fine(w)) => library.record(id, &w.title, w.updated),
            Some(_) => library.record(id, "Damaged workshop", Default::default()),
            None => {}
        }
    }
    library
}

/// Writes the index, first merging what other tabs wrote, so two tabs never drop each
/// other's workshops from it.
pub fn save_library(library: &mut Library) -> Result<(), SaveError> {
    if let Some(stored) = raw_get(LIBRARY_KEY).and_then(|text| Library::from_json(&text)) {
        library.merge(&stored, is_stored);
    }
    raw_set(LIBRARY_KEY, &library.to_json())
}

/// Whether this browser has ever kept a workshop library (it has facilitated here).
pub fn has_library() -> bool {
    raw_get(LIBRARY_KEY).is_some()
}

/// Whether a workshop is (still) stored in this browser.
pub fn is_stored(id: WorkshopId) -> bool {
    raw_get(&workshop_key(id)).is_some()
}

/// The stored workshop key's ID, for storage events from other tabs.
pub fn workshop_id_of_key(key: &str) -> Option<WorkshopId> {
    key.strip_prefix(WORKSHOP_PREFIX).and_then(WorkshopId::parse)
}

pub fn is_library_key(key: &str) -> bool {
    key == LIBRARY_KEY
}

pub enum Loaded {
    Fine(Workshop),
    Missing,
    /// The stored copy did not load. `raw` is exactly what was stored; `good` is the last
    /// copy known to load, if there is one.
    Damaged { raw: String, error: ImportError, good: Option<Workshop> },
}

pub fn load_workshop(id: WorkshopId) -> Loaded {
    let Some(raw) = raw_get(&workshop_key(id)) else {
        return match raw_get(&good_key(id)).map(|g| restore_stored(&g)) {
            Some(Ok(good)) => Loaded::Damaged {
                raw: String::new(),
                error: ImportError::single("$", crate::domain::wire::ProblemKind::Empty),
                good: Some(good),
            },
            _ => Loaded::Missing,
        };
    };
    match restore_stored(&raw) {
        Ok(workshop) => Loaded::Fine(workshop),
        Err(error) => {
            let good = raw_get(&good_key(id)).and_then(|g| restore_stored(&g).ok());
            // Offered for download as the file inside, when it can still be unpacked.
            let raw = unpack(&raw).unwrap_or(raw);
            Loaded::Damaged { raw, error, good }
        }
    }
}

/// Sets damaged data aside under its own key, so that no later save can overwrite it.
/// Returns the key it is kept under.
pub fn set_aside(id: WorkshopId, raw: &str) -> Result<String, SaveError> {
    let base = format!("{DAMAGED_PREFIX}{id}");
    let mut key = base.clone();
    let mut n = 1;
    loop {
        match raw_get(&key) {
            Some(existing) if existing == raw => return Ok(key),
            Some(_) => {
                n += 1;
                key = format!("{base}.{n}");
            }
            None => {
                raw_set(&key, raw)?;
                return Ok(key);
            }
        }
    }
}

/// A workshop's stored form, known to load back to the same workshop: only `checked_form`
/// and the shipped demo make one, so nothing unchecked reaches storage.
pub struct StoredForm(String);

impl StoredForm {
    /// The demo as it ships: its file is a stored form as it is (plain JSON loads), and
    /// the native tests check that it loads back to `demo_workshop()`. Storing it needs
    /// none of the save path, which a first visit fetches after the demo is shown.
    pub fn shipped_demo() -> Self {
        StoredForm(crate::domain::demo::DEMO_JSON.to_string())
    }
}

/// Saves a workshop's checked stored form and refreshes its last good copy.
pub fn save_workshop(id: WorkshopId, form: &StoredForm) -> Result<(), SaveError> {
    let stored = &form.0;
    let needed = 2 * (storage_units(stored) + storage_units(&workshop_key(id)) + 5);
    raw_set(&workshop_key(id), stored).map_err(|e| no_room(e, needed, id))?;
    raw_set(&good_key(id), stored).map_err(|e| no_room(e, needed, id))
}

/// Stores a workshop that is new to this browser (opened from a file, duplicated, the
/// demo). Nothing is left behind when it does not fit: both copies are removed again.
pub fn save_new_workshop(id: WorkshopId, form: &StoredForm) -> Result<(), SaveError> {
    save_workshop(id, form).inspect_err(|_| {
        LocalStorage::delete(workshop_key(id));
        LocalStorage::delete(good_key(id));
    })
}

/// The stored form of a workshop, checked to load back to the same workshop and to be
/// within the size Accord opens. Serialising, packing and the check are the save path:
/// the facilitator's page reaches it only through `ui::on_demand` (issue #17).
pub fn checked_form(workshop: &Workshop) -> Result<StoredForm, SaveError> {
    let json = to_json(workshop);
    if json.len() > MAX_FILE_BYTES {
        return Err(SaveError::TooLarge { bytes: json.len() });
    }
    let stored = pack(&json);
    match restore_stored(&stored) {
        Ok(back) if &back == workshop => Ok(StoredForm(stored)),
        _ => Err(SaveError::Unavailable("the workshop did not survive a save check".into())),
    }
}

/// A full quota said with the figures (worked out only then: it reads every stored value).
fn no_room(error: SaveError, needed: usize, id: WorkshopId) -> SaveError {
    match error {
        SaveError::Full => SaveError::NoRoom { needed, free: free_units(id) },
        other => other,
    }
}

/// Room left in this site's storage, counting the copies of `id` (about to be replaced)
/// as free.
fn free_units(id: WorkshopId) -> usize {
    let replaced = [workshop_key(id), good_key(id)];
    let used: usize = all_keys()
        .iter()
        .filter(|k| !replaced.contains(k))
        .map(|k| storage_units(k) + raw_get(k).map_or(0, |v| storage_units(&v)))
        .sum();
    QUOTA_UNITS.saturating_sub(used)
}

/// Deletes a workshop for good, with its last good copy and any damaged copies set aside.
/// Only called after the facilitator has confirmed.
pub fn delete_workshop(id: WorkshopId) {
    LocalStorage::delete(workshop_key(id));
    LocalStorage::delete(good_key(id));
    LocalStorage::delete(format!("{KEYS_PREFIX}{id}"));
    let damaged = format!("{DAMAGED_PREFIX}{id}");
    for key in all_keys().into_iter().filter(|k| k.starts_with(&damaged)) {
        LocalStorage::delete(key);
    }
}

/// This workshop's invite keys, made on first use. If stored keys are damaged, new ones
/// are made and `Err` says so: invites already sent no longer match and must be resent.
pub fn workshop_keys(id: WorkshopId) -> Result<WorkshopKeys, (WorkshopKeys, String)> {
    let key = format!("{KEYS_PREFIX}{id}");
    let stored = raw_get(&key);
    if let Some(keys) = stored.as_deref().and_then(WorkshopKeys::from_text) {
        return Ok(keys);
    }
    let fresh = WorkshopKeys::from_random(crate::platform::random::random_bytes());
    let saved = raw_set(&key, &fresh.to_text());
    match (stored, saved) {
        (None, Ok(())) => Ok(fresh),
        (Some(_), Ok(())) => Err((fresh, "This workshop's invite keys were damaged, so new ones were made: invites sent before no longer work; send new ones.".into())),
        (_, Err(e)) => Err((fresh, format!("{e}: invites made now only work until this page is reloaded."))),
    }
}

fn invite_key(tag: WorkshopTag, participant: u32) -> String {
    format!("{INVITE_PREFIX}{}.{participant}", tag.hex())
}

/// Keeps an opened invite on the participant's device (a newer one replaces it).
pub fn keep_invite(invite: &Invite, link: &str) -> Result<(), SaveError> {
    let key = invite_key(invite.workshop_tag(), invite.participant);
    if let Some(kept) = raw_get(&key).and_then(|t| decode_invite(&t).ok()) {
        if kept.is_newer_than(invite) {
            return Ok(());
        }
    }
    raw_set(&key, link)
}

/// Whether any invite is kept on this device.
pub fn has_kept_invites() -> bool {
    all_keys().iter().any(|k| k.starts_with(INVITE_PREFIX))
}

/// Every invite kept on this device, newest first.
pub fn kept_invites() -> Vec<(String, Invite)> {
    let mut found: Vec<(String, Invite)> = all_keys()
        .into_iter()
        .filter(|k| k.starts_with(INVITE_PREFIX))
        .filter_map(|k| raw_get(&k))
        .filter_map(|link| decode_invite(&link).ok().map(|i| (link, i)))
        .collect();
    found.sort_by_key(|(_, i)| std::cmp::Reverse((i.invite, i.issued)));
    found
}

fn draft_key(invite: &Invite, round: u32) -> String {
    format!("{DRAFT_PREFIX}{}.{}.{round}", invite.workshop_tag().hex(), invite.participant)
}

pub fn load_draft(invite: &Invite, round: &InviteRound) -> Draft {
    raw_get(&draft_key(invite, round.id)).map(|t| Draft::restore(&t, round)).unwrap_or_default()
}

pub fn save_draft(invite: &Invite, round: u32, draft: &Draft) -> Result<(), SaveError> {
    raw_set(&draft_key(invite, round), &draft.to_json())
}

/// `accord.room.<tag>`: on a phone that joined a room, who it is for that workshop, its
/// key pair, its counter, its ballots in progress and its last code (`domain::room::Phone`).
const ROOM_PREFIX: &str = "accord.room.";

/// Where this room's workshop's phone is kept (to tell its changes in another tab).
pub fn room_key(room: &crate::domain::codec::RoomDoc) -> Option<String> {
    room.tag().map(|tag| format!("{ROOM_PREFIX}{}", tag.hex()))
}

/// The phone kept for this room's workshop; `None` when it has not joined, or when what
/// was kept is damaged (the phone then joins afresh).
pub fn load_phone(room: &crate::domain::codec::RoomDoc) -> Option<crate::domain::room::Phone> {
    raw_get(&room_key(room)?).and_then(|text| crate::domain::room::Phone::restore(&text, room))
}

pub fn save_phone(room: &crate::domain::codec::RoomDoc, phone: &crate::domain::room::Phone) -> Result<(), SaveError> {
    let key = room_key(room).ok_or_else(|| SaveError::Unavailable("the room link has no workshop tag".into()))?;
    raw_set(&key, &phone.to_json())
}

/// Forgets who this phone is for this room's workshop ("not you?").
pub fn forget_phone(room: &crate::domain::codec::RoomDoc) {
    if let Some(key) = room_key(room) {
        LocalStorage::delete(key);
    }
}

const WELCOME_KEY: &str = "accord.welcomed";

/// Whether the first-visit welcome was dismissed in this browser.
pub fn welcomed() -> bool {
    raw_get(WELCOME_KEY).is_some()
}

/// Remembers that the welcome was dismissed (best effort: a full storage shows it again).
pub fn remember_welcomed() {
    let _ = raw_set(WELCOME_KEY, "1");
}
