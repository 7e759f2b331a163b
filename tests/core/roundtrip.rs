use accord::domain::wire::{restore, to_json};
use proptest::prelude::*;

use crate::support::any_workshop;
use accord::domain::model::Workshop;
use accord::domain::voting::{Source, Weighting};
use std::cell::RefCell;
use std::collections::BTreeMap;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary bytes never panic the import; they are refused with at least one problem.
    #[test]
    fn import_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(e) = restore(&bytes) {
            prop_assert!(!e.problems.is_empty());
        }
    }

    /// Damaging a real export anywhere never panics, and never half-applies: the result is
    /// either a whole valid workshop or a list of problems with JSON paths.
    #[test]
    fn damaged_exports_never_panic(workshop in any_workshop(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = to_json(&workshop).into_bytes();
        let at = cut.index(bytes.len());
        bytes[at] = byte;
        match restore(&bytes) {
            Ok(restored) => prop_assert_eq!(restore(to_json(&restored).as_bytes()), Ok(restored)),
            Err(e) => prop_assert!(e.problems.iter().all(|p| p.path.starts_with('$'))),
        }
    }
}

/// What a generated workshop holds that the file must carry, to show the generator
/// reaches it.
fn features(w: &Workshop) -> Vec<&'static str> {
    let mut out = Vec::new();
    let rounds: Vec<_> = w.rounds().collect();
    if rounds.iter().any(|r| !r.ballots.is_empty()) {
        out.push("ballots");
    }
    if rounds.iter().any(|r| r.weighting == Weighting::DepartmentBalanced && !r.ballots.is_empty()) {
        out.push("balanced weights with ballots");
    }
    if rounds.iter().any(|r| r.ballots.values().any(|c| matches!(c.source, Source::Code { .. }))) {
        out.push("ballots from codes");
    }
    if rounds.iter().any(|r| r.ballots.values().any(|c| matches!(c.source, Source::Room { .. }))) {
        out.push("ballots from room codes");
    }
    if !w.bound_devices().is_empty() {
        out.push("bound phones");
    }
    if w.walk_ins() {
        out.push("walk-ins allowed");
    }
    if rounds.iter().any(|r| !r.removed_ballots.is_empty()) {
        out.push("removed ballots");
    }
    if rounds.iter().any(|r| r.electorate.is_some()) {
        out.push("electorates");
    }
    if !w.decisions().is_empty() {
        out.push("decisions");
    }
    if !w.invites().is_empty() {
        out.push("invites");
    }
    if w.invites().iter().any(|i| i.is_withdrawn()) {
        out.push("withdrawn invites");
    }
    if w.goals().iter().any(|g| g.priority.is_some()) {
        out.push("priorities");
    }
    out
}

/// Export then import gives back exactly the workshop that was exported, and the file
/// itself is stable. 1,000 generated workshops; prints how many held each feature, and
/// fails if the generator stops reaching one.
#[test]
fn export_then_import_is_the_identity() {
    let counts = RefCell::new(BTreeMap::<&'static str, u32>::new());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(1000));
    let result = runner.run(&any_workshop(), |workshop| {
        let json = to_json(&workshop);
        let restored = restore(json.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        prop_assert_eq!(&restored, &workshop);
        prop_assert_eq!(to_json(&restored), json);
        for f in features(&workshop) {
            *counts.borrow_mut().entry(f).or_default() += 1;
        }
        Ok(())
    });
    let counts = counts.into_inner();
    println!("round trip of 1,000 generated workshops, cases holding each: {counts:?}");
    result.unwrap();
    for f in ["ballots", "balanced weights with ballots", "ballots from codes", "ballots from room codes", "bound phones", "walk-ins allowed", "removed ballots", "electorates", "decisions", "invites", "withdrawn invites", "priorities"] {
        assert!(counts.get(f).copied().unwrap_or(0) >= 5, "the generator reached “{f}” in only {:?} cases", counts.get(f));
    }
}
