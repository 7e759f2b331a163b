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
    /// An invisible control character (NUL, BEL, escape, …); tabs and line breaks are
    /// allowed only in the multi-line fields.
    ControlCharacter(char),
    /// A bidirectional override, embedding or isolate (U+202A–U+202E, U+2066–U+2069):
    /// it makes text display in another order than it reads, so a title could pose as
    /// another.
    DirectionOverride(char),
    /// Text in a file that starts or ends with white space where Accord keeps it trimmed
    /// (a file holds text exactly as Accord writes it; see `check_written`).
    Padded,
}

impl TextProblem {
    /// The sentence for the characters refused, after "the {field} " (None for the others,
    /// which each error type words itself).
    pub fn character_sentence(&self) -> Option<String> {
        match self {
            TextProblem::ControlCharacter(c) => {
                Some(format!("contains an invisible control character (U+{:04X}); remove it", u32::from(*c)))
            }
            TextProblem::DirectionOverride(c) => Some(format!(
                "contains a text-direction override (U+{:04X}), which can disguise what the text says; remove it",
                u32::from(*c)
            )),
            TextProblem::Padded => Some("starts or ends with white space, which Accord never writes there; remove it".to_string()),
            _ => None,
        }
    }
}

/// Whether the field holds several lines (tabs and line breaks allowed).
const fn is_multi_line(field: Field) -> bool {
    matches!(field, Field::Strategy | Field::GoalDescription | Field::Rationale)
}

/// The first character `field` may not hold, with the reason.
fn forbidden_character(field: Field, text: &str) -> Option<TextProblem> {
    text.chars().find_map(|c| match c {
        '\n' | '\t' | '\r' if is_multi_line(field) => None,
        c if c.is_control() => Some(TextProblem::ControlCharacter(c)),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some(TextProblem::DirectionOverride(c)),
        _ => None,
    })
}

/// Checks `text` against the limits of `field`. Names and titles are trimmed first, so
/// "  Sales " and "Sales" are the same department. Control characters and direction
/// overrides are refused (not silently removed), so what is stored is what was typed or
/// the facilitator is told why not.
pub fn check(field: Field, text: &str) -> Result<String, TextProblem> {
    let kept = match field {
        Field::Strategy | Field::GoalDescription => text.to_string(),
        _ => text.trim().to_string(),
    };
    if let Some(problem) = forbidden_character(field, &kept) {
        return Err(problem);
    }
    let actual = kept.chars().count();
    if actual == 0 && !field.may_be_empty() {
        return Err(TextProblem::Empty);
    }
    if actual > field.max_chars() {
        return Err(TextProblem::TooLong { max: field.max_chars(), actual });
    }
    Ok(kept)
}

/// Checks text read from a file: the same rules as `check`, and the text must already be
/// in the form `check` keeps (trimmed where the field is trimmed), so a file says exactly
/// what Accord would have written and the published JSON Schema can say the same.
pub fn check_written(field: Field, text: &str) -> Result<(), TextProblem> {
    match check(field, text) {
        Ok(kept) if kept != text => Err(TextProblem::Padded),
        Ok(_) => Ok(()),
        Err(problem) => Err(problem),
    }
}
