//! Undo and redo: the inverses of applied edits, bounded in memory.
//!
//! The history lives in memory only (not saved): after a reload the workshop is as it was
//! saved and there is nothing to undo. A new change clears the redo stack.
//!
//! Ballots are not edits anyone can take back by pressing a key: a change that counts,
//! replaces or removes a ballot is applied but never recorded, and every step that could
//! reach back into that round (a whole-round snapshot taken before the ballot) is
//! forgotten, with everything older. So no undo or redo ever changes a cast ballot.
//!
//! Typing is one step per field: consecutive typed changes of one field (saved while the
//! person is still typing) undo together, until the field is left or anything else
//! happens.

use std::collections::VecDeque;

use crate::domain::model::{DepartmentId, Edit, Field, GoalDetails, GoalId, ModelError, ParticipantId, RoundId, Workshop};
use crate::domain::voting::Round;

/// How many changes can be undone. Old entries fall off the far end.
pub const DEFAULT_LIMIT: usize = 200;

/// The text field a typed change comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedField {
    WorkshopTitle,
    Strategy,
    DepartmentName(DepartmentId),
    ParticipantName(ParticipantId),
    /// One text detail of a goal (title, description, owner, metric, target).
    Goal(GoalId, Field),
}

impl TypedField {
    /// The change that puts `text` in this field of `workshop` (`None`: the department,
    /// participant or goal is gone, or the field is not a text detail of a goal).
    pub fn edit(self, workshop: &Workshop, text: String) -> Option<Edit> {
        Some(match self {
            TypedField::WorkshopTitle => Edit::SetTitle(text),
            TypedField::Strategy => Edit::SetStrategy(text),
            TypedField::DepartmentName(id) => {
                workshop.department(id)?;
                Edit::RenameDepartment(id, text)
            }
            TypedField::ParticipantName(id) => {
                workshop.participant(id)?;
                Edit::RenameParticipant(id, text)
            }
            TypedField::Goal(id, field) => {
                let mut details = GoalDetails::of(workshop.goal(id)?);
                match field {
                    Field::GoalTitle => details.title = text,
                    Field::GoalDescription => details.description = text,
                    Field::Owner => details.owner = text,
                    Field::Metric => details.metric = text,
                    Field::Target => details.target = text,
                    _ => return None,
                }
                Edit::UpdateGoal(id, details)
            }
        })
    }

    /// What this field holds in `workshop` now (`None`: its owner is gone).
    pub fn text_in(self, workshop: &Workshop) -> Option<String> {
        Some(match self {
            TypedField::WorkshopTitle => workshop.title.clone(),
            TypedField::Strategy => workshop.strategy.clone(),
            TypedField::DepartmentName(id) => workshop.department(id)?.name.clone(),
            TypedField::ParticipantName(id) => workshop.participant(id)?.name.clone(),
            TypedField::Goal(id, field) => {
                let goal = workshop.goal(id)?;
                match field {
                    Field::GoalTitle => goal.title.clone(),
                    Field::GoalDescription => goal.description.clone(),
                    Field::Owner => goal.owner.clone(),
                    Field::Metric => goal.metric.clone(),
                    Field::Target => goal.target.clone(),
                    _ => return None,
                }
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct History {
    /// Each entry keeps the label of the change as the facilitator made it, so undoing a
    /// deletion says "goal deletion", not the label of its inverse.
    undo: VecDeque<(&'static str, Edit)>,
    redo: Vec<(&'static str, Edit)>,
    limit: usize,
    /// The field whose typing the newest undo entry holds, while it is still being typed in.
    typing: Option<TypedField>,
}

impl Default for History {
    fn default() -> Self {
        History::with_limit(DEFAULT_LIMIT)
    }
}

/// The rounds `rounds` as they stand (`None`: no such round).
fn rounds_of(workshop: &Workshop, rounds: &[RoundId]) -> Vec<Option<Round>> {
    rounds.iter().map(|r| workshop.round(*r).cloned()).collect()
}

/// The rounds, among `rounds`, whose ballots differ before and after: a round holding
/// ballots that is deleted (or brought back) counts too, so no undo or redo can take
/// them away or bring them back.
fn ballots_changed(rounds: &[RoundId], before: &[Option<Round>], after: &[Option<Round>]) -> Vec<RoundId> {
    // Ballots counted and ballots held for the facilitator's choice alike.
    let ballots = |r: &Option<Round>| r.as_ref().map(|r| (r.ballots.clone(), r.held.clone())).unwrap_or_default();
    rounds
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(_, (b, a))| ballots(b) != ballots(a))
        .map(|(r, _)| *r)
        .collect()
}

impl History {
    pub fn with_limit(limit: usize) -> Self {
        History { undo: VecDeque::new(), redo: Vec::new(), limit: limit.max(1), typing: None }
    }

    /// Applies `edit` to `workshop` and remembers how to undo it, unless it counts,
    /// replaces or removes a ballot: that is applied, never recorded, and cuts the history
    /// off below the newest step touching that round.
    pub fn apply(&mut self, workshop: &mut Workshop, edit: Edit) -> Result<(), ModelError> {
        let label = edit.label();
        let rounds = edit.rounds_touched();
        let before = rounds_of(workshop, &rounds);
        let inverse = workshop.apply(edit)?;
        self.redo.clear();
        self.typing = None;
        let cast = ballots_changed(&rounds, &before, &rounds_of(workshop, &rounds));
        if !cast.is_empty() {
            self.forget_rounds(&cast);
            return Ok(());
        }
        self.undo.push_back((label, inverse));
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Ok(())
    }

    /// Forgets the newest step that touches any of `rounds` and every step older than it:
    /// undoing them would put back a round as it was before its ballots.
    fn forget_rounds(&mut self, rounds: &[RoundId]) {
        let touches = |edit: &Edit| rounds.iter().any(|r| edit.touches_round(*r));
        if let Some(newest) = self.undo.iter().rposition(|(_, inverse)| touches(inverse)) {
            self.undo.drain(..=newest);
        }
    }

    /// Applies a change typed into `field`. While the same field is being typed in
    /// (nothing else happened since its last typed change), the changes are one undo step.
    /// Returns whether the workshop changed (typing that ends where it stood changes
    /// nothing and records nothing).
    pub fn apply_typed(&mut self, workshop: &mut Workshop, edit: Edit, field: TypedField) -> Result<bool, ModelError> {
        let inverse = workshop.apply(edit)?;
        // Back to how it stood; `normalised` is the change as the model keeps it (trimmed).
        let normalised = workshop.apply(inverse.clone()).expect("an inverse always applies");
        if normalised == inverse {
            return Ok(false);
        }
        let inverse = workshop.apply(normalised).expect("a change that applied applies again");
        if self.typing == Some(field) && self.redo.is_empty() && !self.undo.is_empty() {
            // Still typing in this field: the step already recorded undoes all of it.
            return Ok(true);
        }
        self.redo.clear();
        self.undo.push_back((inverse.label(), inverse));
        if self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        self.typing = Some(field);
        Ok(true)
    }

    /// The field was left (or the typing saved for good): the next typed change is a new step.
    pub fn end_typing(&mut self) {
        self.typing = None;
    }

    /// Whether `field`'s typing is the newest undo step, still open.
    pub fn typing_in(&self) -> Option<TypedField> {
        self.typing
    }

    /// Takes back the open typing step of `field` (its final text was refused), putting
    /// the field back as it was before the typing began. Nothing to redo is left of it.
    pub fn revert_typing(&mut self, workshop: &mut Workshop, field: TypedField) -> Result<bool, ModelError> {
        if self.typing != Some(field) {
            return Ok(false);
        }
        self.typing = None;
        let Some((_, inverse)) = self.undo.pop_back() else { return Ok(false) };
        workshop.apply(inverse).map(|_| true)
    }

    /// Undoes the last change; returns what was undone (its label), if anything.
    pub fn undo(&mut self, workshop: &mut Workshop) -> Result<Option<&'static str>, ModelError> {
        self.typing = None;
        let Some((label, inverse)) = self.undo.pop_back() else { return Ok(None) };
        match self.apply_keeping_ballots(workshop, inverse) {
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
        self.typing = None;
        let Some((label, edit)) = self.redo.pop() else { return Ok(None) };
        match self.apply_keeping_ballots(workshop, edit) {
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

    /// Applies a step of the history, refusing (and leaving the workshop as it was) if it
    /// would change a cast ballot. `apply` makes that impossible; this keeps it so should
    /// a ballot ever arrive some other way.
    fn apply_keeping_ballots(&self, workshop: &mut Workshop, edit: Edit) -> Result<Edit, ModelError> {
        let rounds = edit.rounds_touched();
        let before = rounds_of(workshop, &rounds);
        let back = workshop.apply(edit)?;
        if !ballots_changed(&rounds, &before, &rounds_of(workshop, &rounds)).is_empty() {
            workshop.apply(back).expect("an inverse always applies");
            return Err(ModelError::BadMethod(
                "Undo stops here: going further back would change ballots already cast.".into(),
            ));
        }
        Ok(back)
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
        self.typing = None;
    }
}
