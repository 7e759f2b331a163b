//! The browser's workshop library: which workshops are kept and which one is open.
//!
//! The index caches each workshop's title and last change so the list shows without
//! opening every workshop; the workshop itself stays the source of truth, and the shell
//! refreshes the cached entry on every save.

use serde::{Deserialize, Serialize};

use crate::domain::model::WorkshopId;
use crate::domain::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    pub id: WorkshopId,
    pub title: String,
    pub updated: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Library {
    entries: Vec<LibraryEntry>,
    pub current: Option<WorkshopId>,
}

impl Library {
    /// Most recently changed first.
    pub fn entries(&self) -> Vec<LibraryEntry> {
        let mut out = self.entries.clone();
        crate::domain::order::sort_by(&mut out, |a, b| b.updated.cmp(&a.updated).then(a.id.cmp(&b.id)));
        out
    }

    pub fn contains(&self, id: WorkshopId) -> bool {
        self.entries.iter().any(|e| e.id == id)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records (or refreshes) a workshop's entry.
    pub fn record(&mut self, id: WorkshopId, title: &str, updated: Timestamp) {
        match self.entries.iter_mut().find(|e| e.id == id) {
            Some(entry) => {
                entry.title = title.to_string();
                entry.updated = updated;
            }
            None => self.entries.push(LibraryEntry { id, title: title.to_string(), updated }),
        }
    }

    pub fn remove(&mut self, id: WorkshopId) {
        self.entries.retain(|e| e.id != id);
        if self.current == Some(id) {
            self.current = None;
        }
    }

    /// Brings in what another tab wrote to the stored index: workshops it added (still
    /// stored) are listed, workshops it deleted (no longer stored) are dropped, and the
    /// newer of two entries for the same workshop wins. `current` stays this tab's own.
    pub fn merge(&mut self, stored: &Library, still_stored: impl Fn(WorkshopId) -> bool) {
        for theirs in &stored.entries {
            match self.entries.iter_mut().find(|e| e.id == theirs.id) {
                Some(ours) if theirs.updated > ours.updated => *ours = theirs.clone(),
                Some(_) => {}
                None => self.entries.push(theirs.clone()),
            }
        }
        self.entries.retain(|e| still_stored(e.id));
    }

    /// A fresh ID from `random`, re-drawn while it collides with a kept workshop.
    pub fn fresh_id(&self, mut random: impl FnMut() -> u64) -> WorkshopId {
        loop {
            let id = WorkshopId(random());
            if !self.contains(id) {
                return id;
            }
        }
    }

    pub fn to_json(&self) -> String {
        let doc = LibraryDoc {
            format: LIBRARY_FORMAT.into(),
            version: 1,
            current: self.current.map(|id| id.to_string()),
            workshops: self
                .entries
                .iter()
                .map(|e| EntryDoc { id: e.id.to_string(), title: e.title.clone(), updated: e.updated.to_rfc3339() })
                .collect(),
        };
        serde_json::to_string(&doc).expect("library index always serialises")
    }

    /// Reads a stored index; `None` if it is damaged (the shell then rebuilds it from the
    /// workshops actually stored).
    pub fn from_json(text: &str) -> Option<Library> {
        let doc: LibraryDoc = serde_json::from_str(text).ok()?;
        if doc.format != LIBRARY_FORMAT || doc.version != 1 {
            return None;
        }
        let mut library = Library::default();
        for e in doc.workshops {
            let id = WorkshopId::parse(&e.id)?;
            library.record(id, &e.title, Timestamp::parse_rfc3339(&e.updated)?);
        }
        library.current = doc.current.and_then(|c| WorkshopId::parse(&c)).filter(|id| library.contains(*id));
        Some(library)
    }
}

/// The title a duplicate gets.
pub fn copy_title(title: &str) -> String {
    let base = if title.trim().is_empty() { "Untitled workshop" } else { title.trim() };
    let copy: String = format!("Copy of {base}").chars().take(200).collect();
    copy
}

/// A file-name-safe slug of a workshop title.
pub fn file_stem(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() { "workshop".to_string() } else { slug }
}

const LIBRARY_FORMAT: &str = "accord-library";

#[derive(Serialize, Deserialize)]
struct LibraryDoc {
    format: String,
    version: u32,
    current: Option<String>,
    workshops: Vec<EntryDoc>,
}

#[derive(Serialize, Deserialize)]
struct EntryDoc {
    id: String,
    title: String,
    updated: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    fn any_library() -> impl Strategy<Value = Library> {
        prop::collection::vec((0u64..12, 0i64..50), 0..10).prop_map(|entries| {
            let mut l = Library::default();
            for (id, at) in entries {
                l.record(WorkshopId(id), &format!("W{id}@{at}"), Timestamp(at));
            }
            l
        })
    }

    proptest! {
        /// Whatever two tabs hold, the merged index lists exactly the workshops still
        /// stored that either tab knew, each with the newer of the two entries.
        #[test]
        fn merging_two_tabs_indexes_keeps_every_stored_workshop(ours in any_library(), theirs in any_library(), stored in prop::collection::btree_set(0u64..12, 0..12)) {
            let mut merged = ours.clone();
            merged.merge(&theirs, |id| stored.contains(&id.0));
            for id in (0..12).map(WorkshopId) {
                let expected = [ours.entries(), theirs.entries()]
                    .into_iter()
                    .flatten()
                    .filter(|e| e.id == id)
                    .max_by_key(|e| e.updated)
                    .filter(|_| stored.contains(&id.0));
                let got = merged.entries().into_iter().find(|e| e.id == id);
                prop_assert_eq!(got.as_ref().map(|e| e.updated), expected.as_ref().map(|e| e.updated));
            }
            prop_assert_eq!(merged.current, ours.current);
        }
    }

    #[test]
    fn two_tabs_indexes_merge_without_losing_a_workshop() {
        // This tab knows A and B; the other tab renamed B later, added C and deleted A.
        let mut ours = Library::default();
        ours.record(WorkshopId(1), "A", Timestamp(10));
        ours.record(WorkshopId(2), "B", Timestamp(10));
        ours.current = Some(WorkshopId(2));
        let mut theirs = Library::default();
        theirs.record(WorkshopId(2), "B renamed", Timestamp(20));
        theirs.record(WorkshopId(3), "C", Timestamp(15));
        theirs.current = Some(WorkshopId(3));
        ours.merge(&theirs, |id| id != WorkshopId(1));
        let titles: Vec<_> = ours.entries().into_iter().map(|e| e.title).collect();
        assert_eq!(titles, ["B renamed", "C"]);
        assert_eq!(ours.current, Some(WorkshopId(2)));
    }

    #[test]
    fn the_index_lists_recent_workshops_first_and_survives_storage() {
        let mut library = Library::default();
        library.record(WorkshopId(1), "Annual planning", Timestamp(10));
        library.record(WorkshopId(2), "Q3 offsite", Timestamp(30));
        library.record(WorkshopId(1), "Annual planning 2027", Timestamp(20));
        library.current = Some(WorkshopId(1));
        let titles: Vec<_> = library.entries().into_iter().map(|e| e.title).collect();
        assert_eq!(titles, ["Q3 offsite", "Annual planning 2027"]);
        assert_eq!(Library::from_json(&library.to_json()), Some(library));
    }

    #[test]
    fn a_damaged_index_is_reported_not_guessed() {
        assert_eq!(Library::from_json("{\"format\":\"accord-library\""), None);
        assert_eq!(Library::from_json("[]"), None);
    }

    #[test]
    fn removing_the_open_workshop_leaves_none_open() {
        let mut library = Library::default();
        library.record(WorkshopId(7), "Offsite", Timestamp(1));
        library.current = Some(WorkshopId(7));
        library.remove(WorkshopId(7));
        assert!(library.is_empty());
        assert_eq!(library.current, None);
    }

    #[test]
    fn fresh_ids_never_collide() {
        let mut library = Library::default();
        library.record(WorkshopId(5), "A", Timestamp(1));
        let mut draws = [5u64, 5, 9].into_iter();
        assert_eq!(library.fresh_id(|| draws.next().unwrap()), WorkshopId(9));
        assert_eq!(copy_title("  "), "Copy of Untitled workshop");
        assert_eq!(file_stem("Northwind — Annual planning 2027!"), "northwind-annual-planning-2027");
        assert_eq!(file_stem("<>"), "workshop");
    }
}
