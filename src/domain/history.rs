//! Undo and redo: the inverses of applied edits, bounded in memory.
//!
//! The history lives in memory only (not saved): after a reload the workshop is as it was
//! saved and there is nothing to undo. A new change clears the redo stack.

use std::collections::VecDeque;

use crate::domain::model::{Edit, ModelError, Workshop};

/// How many changes can be undone. Old entries fall off the far end.
pub const DEFAULT_LIMIT: usize = 200;

#[derive(Debug, Clone)]
pub struct History {
    /// Each entry keeps the label of the change as the facilitator made it, so undoing a
    /// deletion says "goal deletion", not the label of its inverse.
    undo: VecDeque<(&'static str, Edit)>,
    redo: Vec<(&'static str, Edit)>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        History::with_limit(DEFAULT_LIMIT)
    }
}

impl History {
    pub fn with_limit(limit: usize) -> Self {
        History { undo: VecDeque::new(), redo: Vec::new(), limit: limit.max(1) }
    }

    /// Applies `edit` to `workshop` and remembers how to undo it.
    pub fn apply(&mut self, workshop: &mut Workshop, edit: Edit) -> Result<(), ModelError> {
        let label = edit.label();
        let inverse = workshop.apply(edit)?;
        self.redo.clear();
        self.undo.push_back((label, inverse));
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Ok(())
    }

    /// Undoes the last change; returns what was undone (its label), if anything.
    pub fn undo(&mut self, workshop: &mut Workshop) -> Result<Option<&'static str>, ModelError> {
        let Some((label, inverse)) = self.undo.pop_back() else { return Ok(None) };
        match workshop.apply(inverse) {
            Ok(redo) => {
                self.redo.push((label, redo));
                Ok(Some(label))
            }
            Err(error) => {
                // Cannot happen while every change goes through the history; if it does,
                // the rest of the history no longer fits the workshop.
                self.clear();
                Err(error)
            }
        }
    }

    pub fn redo(&mut self, workshop: &mut Workshop) -> Result<Option<&'static str>, ModelError> {
        let Some((label, edit)) = self.redo.pop() else { return Ok(None) };
        match workshop.apply(edit) {
            Ok(inverse) => {
                self.undo.push_back((label, inverse));
                Ok(Some(label))
            }
            Err(error) => {
                self.clear();
                Err(error)
            }
        }
    }

    /// Labels of the next undo and redo, for the buttons.
    pub fn next_undo(&self) -> Option<&'static str> {
        self.undo.back().map(|(label, _)| *label)
    }

    pub fn next_redo(&self) -> Option<&'static str> {
        self.redo.last().map(|(label, _)| *label)
    }

    pub fn depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }

    /// Forgets everything (another workshop was opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
