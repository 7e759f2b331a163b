//! Every change to a workshop as a value. `Workshop::apply` performs one and returns its
//! inverse, which is what the undo history keeps: applying the inverse puts the workshop
//! back exactly as it was (sibling order, links and all), and returns the original change
//! again for redo.

use super::department::{Colour, Department, Participant};
use super::error::ModelError;
use super::goal::{Goal, LinkKind, Priority};
use super::ids::{DepartmentId, GoalId, ParticipantId, RoundId};
use crate::domain::conflicts::{Decision, Settings};
use crate::domain::voting::Round;
use super::workshop::{GoalDetails, NewGoal, Workshop};

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    SetTitle(String),
    SetStrategy(String),
    AddDepartment { name: String, capacity: Option<u32> },
    InsertDepartment { index: usize, department: Department },
    RemoveDepartment(DepartmentId),
    RenameDepartment(DepartmentId, String),
    SetDepartmentColour(DepartmentId, Colour),
    SetDepartmentCapacity(DepartmentId, Option<u32>),
    AddParticipant { name: String, department: Option<DepartmentId> },
    InsertParticipant { index: usize, participant: Participant },
    RemoveParticipant(ParticipantId),
    RenameParticipant(ParticipantId, String),
    SetParticipantDepartment(ParticipantId, Option<DepartmentId>),
    AddGoal(NewGoal),
    UpdateGoal(GoalId, GoalDetails),
    /// Puts `goal` (with its subtree) under `parent`, at `index` in the goal list as it is
    /// once the goal has been taken out. Sibling order is goal-list order.
    MoveGoal { goal: GoalId, parent: Option<GoalId>, index: usize },
    /// Removes a goal and everything beneath it, with their links.
    RemoveGoal(GoalId),
    RestoreGoals(Box<RemovedGoals>),
    AddLink(GoalId, LinkKind, GoalId),
    RemoveLink(GoalId, LinkKind, GoalId),
    /// Puts a round in place of the one with this ID (`None` removes it). Every round
    /// change (setup, a ballot, opening, closing) is one of these, checked whole.
    PutRound(RoundId, Option<Box<Round>>),
    SetPriority(GoalId, Option<Priority>),
    InsertDecision { index: usize, decision: Box<Decision> },
    RemoveDecision(usize),
    SetConflictSettings(Settings),
    /// Whether people not on the list may join the room by typing their name.
    SetWalkIns(bool),
    /// Binds a person to a phone (`None`: to none). Only ever applied with that phone's
    /// ballots, so, like them, never an undoable step.
    BindDevice(ParticipantId, Option<crate::domain::codec::DeviceKey>),
    /// Several changes as one step: all apply or none do, and one undo reverts them all.
    Batch(&'static str, Vec<Edit>),
    /// Records (or with `None` forgets) who sent a goal (see `contributed.rs`).
    SetContributed(GoalId, Option<Box<super::Contributed>>),
    /// Marks two goals flagged as near-duplicates as distinct (`true`) or not.
    KeepApart(GoalId, GoalId, bool),
}

/// What `RemoveGoal` took out, exactly enough to put it back.
#[derive(Debug, Clone, PartialEq)]
pub struct RemovedGoals {
    /// In ascending goal-list position, as they stood.
    goals: Vec<(usize, Goal)>,
    parents: Vec<(GoalId, Option<GoalId>)>,
    links: Vec<(GoalId, LinkKind, GoalId)>,
    /// Who sent the removed goals, and the near-duplicate pairs they were kept apart in.
    contributed: Vec<(GoalId, super::Contributed)>,
    kept_apart: Vec<(GoalId, GoalId)>,
}

impl Edit {
    /// What the change does, for "Undo …" / "Redo …" labels.
    pub fn label(&self) -> &'static str {
        match self {
            Edit::SetTitle(_) => "title change",
            Edit::SetStrategy(_) => "strategy change",
            Edit::AddDepartment { .. } | Edit::InsertDepartment { .. } => "new department",
            Edit::RemoveDepartment(_) => "department removal",
            Edit::RenameDepartment(..) => "department rename",
            Edit::SetDepartmentColour(..) => "department colour",
            Edit::SetDepartmentCapacity(..) => "department capacity",
            Edit::AddParticipant { .. } | Edit::InsertParticipant { .. } => "new participant",
            Edit::RemoveParticipant(_) => "participant removal",
            Edit::RenameParticipant(..) => "participant rename",
            Edit::SetParticipantDepartment(..) => "participant's department",
            Edit::AddGoal(_) => "new goal",
            Edit::UpdateGoal(..) => "goal edit",
            Edit::MoveGoal { .. } => "goal move",
            Edit::RemoveGoal(_) => "goal deletion",
            Edit::RestoreGoals(_) => "goal restore",
            Edit::AddLink(..) => "new link",
            Edit::RemoveLink(..) => "link removal",
            Edit::PutRound(..) => "round change",
            Edit::SetPriority(..) => "priority",
            Edit::InsertDecision { .. } => "decision",
            Edit::RemoveDecision(_) => "decision removal",
            Edit::SetConflictSettings(_) => "conflict settings",
            Edit::SetWalkIns(true) => "walk-ins allowed",
            Edit::SetWalkIns(false) => "walk-ins turned off",
            Edit::BindDevice(..) => "phone bound",
            Edit::Batch(label, _) => label,
            Edit::SetContributed(..) => "imported goal",
            Edit::KeepApart(_, _, true) => "kept both goals",
            Edit::KeepApart(_, _, false) => "near-duplicate flag",
        }
    }
}

impl Workshop {
    /// Applies `edit` and returns its inverse. On `Err` nothing has changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, ModelError> {
        Ok(match edit {
            Edit::SetTitle(title) => {
                let old = self.title.clone();
                self.set_title(&title)?;
                Edit::SetTitle(old)
            }
            Edit::SetStrategy(strategy) => {
                let old = self.strategy.clone();
                self.set_strategy(&strategy)?;
                Edit::SetStrategy(old)
            }
            Edit::AddDepartment { name, capacity } => Edit::RemoveDepartment(self.add_department(&name, capacity)?),
            Edit::InsertDepartment { index, department } => {
                let id = department.id;
                self.insert_department(department)?;
                let department = self.departments.pop().expect("just pushed");
                self.departments.insert(index.min(self.departments.len()), department);
                self.reindex_departments();
                Edit::RemoveDepartment(id)
            }
            Edit::RemoveDepartment(id) => {
                let index = *self.index.departments.get(&id).ok_or(ModelError::UnknownDepartment(id))?;
                let department = self.departments[index].clone();
                self.remove_department(id)?;
                Edit::InsertDepartment { index, department }
            }
            Edit::RenameDepartment(id, name) => {
                let old = self.department(id).ok_or(ModelError::UnknownDepartment(id))?.name.clone();
                self.rename_department(id, &name)?;
                Edit::RenameDepartment(id, old)
            }
            Edit::SetDepartmentColour(id, colour) => {
                let old = self.department(id).ok_or(ModelError::UnknownDepartment(id))?.colour;
                self.set_department_colour(id, colour)?;
                Edit::SetDepartmentColour(id, old)
            }
            Edit::SetDepartmentCapacity(id, capacity) => {
                let old = self.department(id).ok_or(ModelError::UnknownDepartment(id))?.capacity;
                self.set_department_capacity(id, capacity)?;
                Edit::SetDepartmentCapacity(id, old)
            }
            Edit::AddParticipant { name, department } => {
                Edit::RemoveParticipant(self.add_participant(&name, department)?)
            }
            Edit::InsertParticipant { index, participant } => {
                let id = participant.id;
                self.insert_participant(participant)?;
                let participant = self.participants.pop().expect("just pushed");
                self.participants.insert(index.min(self.participants.len()), participant);
                self.reindex_participants();
                Edit::RemoveParticipant(id)
            }
            Edit::RemoveParticipant(id) => {
                let index = *self.index.participants.get(&id).ok_or(ModelError::UnknownParticipant(id))?;
                let participant = self.participants[index].clone();
                self.remove_participant(id)?;
                Edit::InsertParticipant { index, participant }
            }
            Edit::RenameParticipant(id, name) => {
                let old = self.participant(id).ok_or(ModelError::UnknownParticipant(id))?.name.clone();
                self.rename_participant(id, &name)?;
                Edit::RenameParticipant(id, old)
            }
            Edit::SetParticipantDepartment(id, department) => {
                let old = self.participant(id).ok_or(ModelError::UnknownParticipant(id))?.department;
                self.set_participant_department(id, department)?;
                Edit::SetParticipantDepartment(id, old)
            }
            Edit::AddGoal(new) => Edit::RemoveGoal(self.add_goal(new)?),
            Edit::UpdateGoal(id, details) => {
                let old = GoalDetails::of(self.goal(id).ok_or(ModelError::UnknownGoal(id))?);
                self.update_goal(id, details)?;
                Edit::UpdateGoal(id, old)
            }
            Edit::MoveGoal { goal, parent, index } => {
                let old_index = self.goal_position(goal).ok_or(ModelError::UnknownGoal(goal))?;
                let old_parent = self.parent(goal);
                self.set_parent(goal, parent)?;
                let moved = self.goals.remove(old_index);
                self.goals.insert(index.min(self.goals.len()), moved);
                self.reindex_goals();
                Edit::MoveGoal { goal, parent: old_parent, index: old_index }
            }
            Edit::RemoveGoal(id) => {
                self.goal(id).ok_or(ModelError::UnknownGoal(id))?;
                let subtree = self.graph.subtree(id);
                let goals: Vec<(usize, Goal)> = self
                    .goals
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| subtree.contains(&g.id))
                    .map(|(i, g)| (i, g.clone()))
                    .collect();
                let parents = subtree.iter().map(|g| (*g, self.parent(*g))).collect();
                let links = self
                    .links()
                    .into_iter()
                    .filter(|(a, _, b)| subtree.contains(a) || subtree.contains(b))
                    .collect();
                let (contributed, kept_apart) = self.contributed_of(&subtree);
                self.remove_goal_subtree(id)?;
                Edit::RestoreGoals(Box::new(RemovedGoals { goals, parents, links, contributed, kept_apart }))
            }
            Edit::RestoreGoals(removed) => self.restore_goals(*removed)?,
            Edit::AddLink(from, kind, to) => {
                self.add_link(from, kind, to)?;
                Edit::RemoveLink(from, kind, to)
            }
            Edit::RemoveLink(from, kind, to) => {
                if !self.graph.has_link(from, kind, to) {
                    return Err(ModelError::NoSuchLink { from: self.named(from), to: self.named(to), kind });
                }
                self.remove_link(from, kind, to);
                Edit::AddLink(from, kind, to)
            }
            Edit::PutRound(id, round) => {
                let old = self.rounds.get(&id).cloned().map(Box::new);
                match round {
                    Some(round) => {
                        self.check_round(&round)?;
                        self.next_ids.see_round(id);
                        self.rounds.insert(id, *round);
                    }
                    None => {
                        if old.is_none() {
                            return Err(ModelError::UnknownRound(id));
                        }
                        let runoff_of = |d: &Decision| matches!(d.resolution, crate::domain::conflicts::Resolution::Runoff { round, .. } if round == id);
                        if self.decisions.iter().any(runoff_of) {
                            return Err(ModelError::BadMethod(
                                "This round is a runoff named in the decision log; it stays with its decision.".into(),
                            ));
                        }
                        self.rounds.remove(&id);
                    }
                }
                Edit::PutRound(id, old)
            }
            Edit::SetPriority(id, priority) => {
                let goal = self.goal_mut(id).ok_or(ModelError::UnknownGoal(id))?;
                let old = goal.priority;
                goal.priority = priority;
                Edit::SetPriority(id, old)
            }
            Edit::InsertDecision { index, decision } => {
                self.check_decision(&decision)?;
                let index = index.min(self.decisions.len());
                self.decisions.insert(index, *decision);
                Edit::RemoveDecision(index)
            }
            Edit::RemoveDecision(index) => {
                if index >= self.decisions.len() {
                    return Err(ModelError::BadMethod("There is no such decision.".into()));
                }
                let decision = self.decisions.remove(index);
                Edit::InsertDecision { index, decision: Box::new(decision) }
            }
            Edit::SetConflictSettings(settings) => {
                if !(0.0..=1.0).contains(&settings.divergence) || settings.top == 0 {
                    return Err(ModelError::BadMethod(
                        "The divergence threshold runs from 0% to 100%, and the top N needs at least 1.".into(),
                    ));
                }
                let old = self.conflict_settings;
                self.conflict_settings = settings;
                Edit::SetConflictSettings(old)
            }
            Edit::SetWalkIns(allowed) => Edit::SetWalkIns(self.set_walk_ins(allowed)),
            Edit::BindDevice(participant, device) => Edit::BindDevice(participant, self.bind_device(participant, device)?),
            Edit::SetContributed(goal, record) => {
                self.goal(goal).ok_or(ModelError::UnknownGoal(goal))?;
                Edit::SetContributed(goal, self.set_contributed(goal, record.map(|r| *r)).map(Box::new))
            }
            Edit::KeepApart(a, b, apart) => {
                for g in [a, b] {
                    self.goal(g).ok_or(ModelError::UnknownGoal(g))?;
                }
                Edit::KeepApart(a, b, self.set_kept_apart(a, b, apart))
            }
            Edit::Batch(label, edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            // Put back what this batch already did, newest first.
                            for inverse in inverses.into_iter().rev() {
                                self.apply(inverse).expect("an inverse always applies");
                            }
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch(label, inverses)
            }
        })
    }

    fn restore_goals(&mut self, removed: RemovedGoals) -> Result<Edit, ModelError> {
        let ids: Vec<GoalId> = removed.goals.iter().map(|(_, g)| g.id).collect();
        if let Some(taken) = ids.iter().find(|id| self.goal(**id).is_some()) {
            return Err(ModelError::DuplicateGoal(*taken));
        }
        let root = removed
            .parents
            .iter()
            .find(|(_, parent)| parent.is_none_or(|p| !ids.contains(&p)))
            .map(|(g, _)| *g)
            .ok_or(ModelError::UnknownGoal(ids.first().copied().unwrap_or(GoalId(0))))?;
        let outside_parent = removed.parents.iter().find(|(g, _)| *g == root).and_then(|(_, p)| *p);
        if let Some(parent) = outside_parent {
            self.goal(parent).ok_or(ModelError::UnknownGoal(parent))?;
        }
        for (a, _, b) in &removed.links {
            for end in [a, b] {
                if !ids.contains(end) && self.goal(*end).is_none() {
                    return Err(ModelError::UnknownGoal(*end));
                }
            }
        }
        // Checked: apply. Ascending positions put every goal back where it stood.
        for (index, goal) in removed.goals {
            self.next_ids.see_goal(goal.id);
            self.graph.add_goal(goal.id);
            self.goals.insert(index.min(self.goals.len()), goal);
        }
        self.reindex_goals();
        for (goal, parent) in removed.parents {
            self.graph.set_parent(goal, parent);
        }
        for (from, kind, to) in removed.links {
            self.graph.add_link(from, kind, to);
        }
        for (goal, record) in removed.contributed {
            self.set_contributed(goal, Some(record));
        }
        for (a, b) in removed.kept_apart {
            self.set_kept_apart(a, b, true);
        }
        Ok(Edit::RemoveGoal(root))
    }

    /// Where a goal stands in the goal list (sibling order).
    pub fn goal_position(&self, id: GoalId) -> Option<usize> {
        self.index.goals.get(&id).copied()
    }

    fn siblings_of(&self, id: GoalId) -> Vec<GoalId> {
        self.children(self.parent(id))
    }

    /// The move that swaps a goal with the sibling before it (`None` if it is first).
    pub fn move_up(&self, id: GoalId) -> Option<Edit> {
        let siblings = self.siblings_of(id);
        let at = siblings.iter().position(|g| *g == id)?;
        let before = *siblings.get(at.checked_sub(1)?)?;
        Some(Edit::MoveGoal { goal: id, parent: self.parent(id), index: self.goal_position(before)? })
    }

    /// The move that swaps a goal with the sibling after it (`None` if it is last).
    pub fn move_down(&self, id: GoalId) -> Option<Edit> {
        let siblings = self.siblings_of(id);
        let at = siblings.iter().position(|g| *g == id)?;
        let after = *siblings.get(at + 1)?;
        Some(Edit::MoveGoal { goal: id, parent: self.parent(id), index: self.goal_position(after)? })
    }

    /// The move that makes a goal the last child of the sibling before it.
    pub fn indent(&self, id: GoalId) -> Option<Edit> {
        let siblings = self.siblings_of(id);
        let at = siblings.iter().position(|g| *g == id)?;
        let new_parent = *siblings.get(at.checked_sub(1)?)?;
        Some(Edit::MoveGoal { goal: id, parent: Some(new_parent), index: self.goals.len() - 1 })
    }

    /// The move that puts a goal right after its parent, as the parent's sibling.
    pub fn outdent(&self, id: GoalId) -> Option<Edit> {
        let parent = self.parent(id)?;
        let (own, parent_at) = (self.goal_position(id)?, self.goal_position(parent)?);
        let index = if own < parent_at { parent_at } else { parent_at + 1 };
        Some(Edit::MoveGoal { goal: id, parent: self.parent(parent), index })
    }

    /// The move that makes a goal the last child of `parent` (or a top-level goal).
    pub fn reparent(&self, id: GoalId, parent: Option<GoalId>) -> Edit {
        Edit::MoveGoal { goal: id, parent, index: self.goals.len().saturating_sub(1) }
    }
}

impl Edit {
    /// The rounds this change puts in place or removes (whole-round snapshots).
    pub fn rounds_touched(&self) -> Vec<RoundId> {
        match self {
            Edit::PutRound(id, _) => vec![*id],
            Edit::Batch(_, edits) => {
                let mut rounds: Vec<RoundId> = Vec::new();
                for id in edits.iter().flat_map(Edit::rounds_touched) {
                    if !rounds.contains(&id) {
                        rounds.push(id);
                    }
                }
                rounds
            }
            _ => Vec::new(),
        }
    }

    /// Whether this change puts round `id` in place or removes it.
    pub fn touches_round(&self, id: RoundId) -> bool {
        match self {
            Edit::PutRound(r, _) => *r == id,
            Edit::Batch(_, edits) => edits.iter().any(|e| e.touches_round(id)),
            _ => false,
        }
    }
}

impl Workshop {
    /// The facilitator removes `participant`'s ballot from an open round (the app asks
    /// first). The removal is written on the round's record (who, their name, when); like
    /// every ballot change it is never an undoable step (see `History`).
    pub fn remove_ballot(
        &self,
        round: RoundId,
        participant: ParticipantId,
        at: crate::domain::time::Timestamp,
    ) -> Result<Edit, ModelError> {
        use crate::domain::voting::{RemovedBallot, RoundStatus};
        let mut round = self.round(round).ok_or(ModelError::UnknownRound(round))?.clone();
        let name = self.participant(participant).map(|p| p.name.clone()).unwrap_or_else(|| participant.to_string());
        if round.status != RoundStatus::Open {
            return Err(ModelError::RoundNotOpen { round: round.name, status: round.status.label() });
        }
        if round.ballots.remove(&participant).is_none() {
            return Err(ModelError::BadMethod(format!("{name} has no ballot in round “{}”.", round.name)));
        }
        // A ballot of theirs held for the facilitator's choice goes with it.
        round.held.remove(&participant);
        round.removed_ballots.push(RemovedBallot { participant, name, at });
        Ok(Edit::PutRound(round.id, Some(Box::new(round))))
    }
}
