//! The form workshops take in the browser's storage: deflated, and read back exactly.

use accord::domain::demo::DEMO_JSON;
use accord::domain::sample::generated_workshop;
use accord::domain::wire::stored::{pack, restore_stored, storage_units, unpack};
use accord::domain::wire::{to_json, MAX_FILE_BYTES};
use proptest::prelude::*;

use crate::support::any_workshop;

#[test]
fn a_stored_workshop_is_its_file_deflated_and_reads_back_whole() {
    let stored = pack(DEMO_JSON);
    assert!(stored.starts_with("ACZ1."));
    assert_eq!(unpack(&stored).unwrap(), DEMO_JSON);
    assert_eq!(restore_stored(&stored).unwrap(), restore_stored(DEMO_JSON).unwrap(), "plain JSON from earlier releases still loads");
}

#[test]
fn the_largest_workshop_accord_generates_fits_twice_in_the_quota_once_deflated() {
    // The browser keeps about 5 Mi UTF-16 units per site and Accord keeps two copies.
    let json = to_json(&generated_workshop(7, 10_000));
    let stored = pack(&json);
    println!("10,000-goal workshop: file {} bytes, stored {} units", json.len(), storage_units(&stored));
    assert!(json.len() <= MAX_FILE_BYTES, "{}", json.len());
    assert!(2 * storage_units(&stored) < 5 * 1024 * 1024 / 2, "{}", storage_units(&stored));
}

#[test]
fn damaged_stored_values_are_refused_with_a_reason_not_a_panic() {
    let stored = pack(DEMO_JSON);
    for cut in [6, stored.len() / 2, stored.len() - 3] {
        let error = restore_stored(&stored[..cut]).expect_err("a cut copy is refused");
        assert!(!error.problems.is_empty());
    }
    assert!(unpack("ACZ1.!!!").unwrap_err().to_string().contains("damaged"));
    // A tiny value that would inflate past the largest file Accord opens is refused
    // without building it.
    let bomb = pack(&" ".repeat(MAX_FILE_BYTES + 10));
    assert!(bomb.len() < 20_000);
    assert!(unpack(&bomb).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the text, packing then unpacking gives it back exactly.
    #[test]
    fn pack_then_unpack_is_the_identity(text in ".{0,400}") {
        prop_assert_eq!(unpack(&pack(&text)).unwrap(), text);
    }

    /// Every workshop survives storage: what is read back is what was saved.
    #[test]
    fn stored_workshops_read_back_equal(workshop in any_workshop()) {
        prop_assert_eq!(restore_stored(&pack(&to_json(&workshop))).unwrap(), workshop);
    }

    /// Random text after the prefix never panics.
    #[test]
    fn random_stored_values_never_panic(body in "[A-Za-z0-9_-]{0,300}") {
        let _ = restore_stored(&format!("ACZ1.{body}"));
    }
}
