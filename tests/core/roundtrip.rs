use accord::domain::wire::{restore, to_json};
use proptest::prelude::*;

use crate::support::any_workshop;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Export then import gives back exactly the workshop that was exported.
    #[test]
    fn export_then_import_is_the_identity(workshop in any_workshop()) {
        let json = to_json(&workshop);
        let restored = restore(json.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        prop_assert_eq!(&restored, &workshop);
        // And the file itself is stable: exporting the import gives the same bytes.
        prop_assert_eq!(to_json(&restored), json);
    }

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
