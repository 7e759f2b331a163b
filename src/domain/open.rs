//! Opening any Accord file: the one place that tells a workshop file from a goal tree or
//! goals sent back, for the app's imports and the command-line tool alike.

use crate::domain::model::Workshop;
use crate::domain::render::goal_tree::{self, GoalTreeDoc};
use crate::domain::wire::{parse_json, restore_value, ImportError};

#[derive(Debug, Clone, PartialEq)]
pub enum AccordFile {
    Workshop(Box<Workshop>),
    GoalTree(Box<GoalTreeDoc>),
    /// Personal goals or a department's draft, sent back to the facilitator.
    Contribution(Box<crate::domain::share::Contribution>),
}

/// Reads a file by its `"format"`: a goal tree if it says so, otherwise a workshop (whose
/// restore reports a missing or unknown format).
pub fn open_file(bytes: &[u8]) -> Result<AccordFile, ImportError> {
    let value = parse_json(bytes)?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format == Some(goal_tree::FORMAT) {
        goal_tree::restore_tree_value(&value).map(|t| AccordFile::GoalTree(Box::new(t)))
    } else if format == Some(crate::domain::share::contribution::FORMAT) {
        crate::domain::share::contribution::read_value(&value).map(|c| AccordFile::Contribution(Box::new(c)))
    } else {
        restore_value(&value).map(|w| AccordFile::Workshop(Box::new(w)))
    }
}
