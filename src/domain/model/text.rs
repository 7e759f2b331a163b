//! Limits on user text. They keep a workshop file small enough to store and share, and
//! every limit is the same in the model, the wire format and the published JSON Schema.

use std::fmt;

/// A piece of user text, named the way a facilitator would name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    WorkshopTitle,
    Strategy,
    GoalTitle,
    GoalDescription,
    Owner,
    Metric,
    Target,
    DepartmentName,
    ParticipantName,
    RoundName,
    Rationale,
}

impl Field {
    /// Longest allowed text, in characters (Unicode scalar values).
    pub const fn max_chars(self) -> usize {
        match self {
            Field::WorkshopTitle | Field::GoalTitle => 200,
            Field::Strategy | Field::GoalDescription => 4000,
            Field::Owner | Field::DepartmentName | Field::ParticipantName | Field::Target => 80,
            Field::Metric => 120,
            Field::RoundName => 120,
            Field::Rationale => 2000,
        }
    }

    /// Whether the text may be empty.
    pub const fn may_be_empty(self) -> bool {
        matches!(
            self,
            Field::WorkshopTitle | Field::Strategy | Field::GoalDescription | Field::Owner | Field::Metric | Field::Target
        )
    }

    pub const fn label(self) -> &'static str {
        match self {
            Field::WorkshopTitle => "workshop title",
            Field::Strategy => "strategy statement",
            Field::GoalTitle => "goal title",
            Field::GoalDescription => "goal description",
            Field::Owner => "owner",
            Field::Metric => "metric",
            Field::Target => "target",
            Field::DepartmentName => "department name",
            Field::ParticipantName => "participant name",
            Field::RoundName => "round name",
            Field::Rationale => "rationale",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong { max: usize, actual: usize },
}

/// Checks `text` against the limits of `field`. Names and titles are trimmed first, so
/// "  Sales " and "Sales" are the same department.
pub fn check(field: Field, text: &str) -> Result<String, TextProblem> {
    let kept = match field {
        Field::Strategy | Field::GoalDescription => text.to_string(),
        _ => text.trim().to_string(),
    };
    let actual = kept.chars().count();
    if actual == 0 && !field.may_be_empty() {
        return Err(TextProblem::Empty);
    }
    if actual > field.max_chars() {
        return Err(TextProblem::TooLong { max: field.max_chars(), actual });
    }
    Ok(kept)
}
