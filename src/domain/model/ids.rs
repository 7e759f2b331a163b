//! Newtype IDs. Each kind of thing has its own ID type, so a goal ID can never be used
//! where a department ID is expected. On the wire they are short prefixed strings
//! (`g12`, `d3`, `p7`) so that exported files stay readable and diffable.

use std::fmt;

macro_rules! prefixed_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            pub const PREFIX: char = $prefix;

            /// Parses the wire form (`g12`); `None` for anything else.
            pub fn parse(text: &str) -> Option<Self> {
                let digits = text.strip_prefix($prefix)?;
                if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                // Leading zeros would give two spellings of one ID.
                if digits.len() > 1 && digits.starts_with('0') {
                    return None;
                }
                digits.parse().ok().map($name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }
    };
}

prefixed_id!(
    /// A goal at any level of the tree.
    GoalId, 'g'
);
prefixed_id!(
    /// A department (team) taking part in the workshop.
    DepartmentId, 'd'
);
prefixed_id!(
    /// A person taking part in the workshop.
    ParticipantId, 'p'
);
prefixed_id!(
    /// A voting round.
    RoundId, 'r'
);
prefixed_id!(
    /// A personal invite issued to a participant (their own-device ballots name it).
    InviteId, 'i'
);

/// Identifies a workshop in the browser's library. Made from randomness passed in
/// by the edge; shown as 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkshopId(pub u64);

impl WorkshopId {
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u64::from_str_radix(text, 16).ok().map(WorkshopId)
    }
}

impl fmt::Display for WorkshopId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_wire_form() {
        assert_eq!(GoalId::parse("g12"), Some(GoalId(12)));
        assert_eq!(GoalId(12).to_string(), "g12");
        assert_eq!(DepartmentId::parse("d0"), Some(DepartmentId(0)));
        assert_eq!(WorkshopId::parse(&WorkshopId(0xabc).to_string()), Some(WorkshopId(0xabc)));
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in ["", "g", "d12", "g-1", "g01", "g1x", "G1", "g9999999999", " g1"] {
            assert_eq!(GoalId::parse(bad), None, "{bad:?}");
        }
        assert_eq!(WorkshopId::parse("xyz"), None);
    }
}
