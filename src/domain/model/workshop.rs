//! The workshop: the one source of truth for everything a session decides. Every change
//! goes through a method here that checks the change first and only then applies it, so a
//! refused change (an `Err`) leaves the workshop exactly as it was.

use super::department::{Colour, Department, Participant};
use super::error::{ModelError, Named};
use super::goal::{Goal, Level, LinkKind, Status};
use super::graph::GoalGraph;
use super::ids::{DepartmentId, GoalId, ParticipantId};
use super::text::{self, Field};
use crate::domain::time::Timestamp;
use crate::domain::conflicts::{Decision, Settings};
use crate::domain::voting::Round;
use super::ids::RoundId;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Workshop {
    pub title: String,
    pub strategy: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub(super) departments: Vec<Department>,
    pub(super) participants: Vec<Participant>,
    /// In sibling order: a goal comes before its later siblings.
    pub(super) goals: Vec<Goal>,
    pub(super) graph: GoalGraph,
    pub(super) rounds: BTreeMap<RoundId, Round>,
    /// The decision log, in the order decisions were taken.
    pub(super) decisions: Vec<Decision>,
    pub conflict_settings: Settings,
    /// The next ID of each kind (never reused; see `invites.rs`).
    pub(super) next_ids: super::invites::NextIds,
    /// Every personal invite issued, oldest first.
    pub(super) invites: Vec<super::invites::InviteRecord>,
    /// Walk-ins allowed, and each person's bound phone (see `room.rs`).
    pub(super) room: super::room::RoomRecord,
    /// Goals imported from people's devices, and near-duplicates kept apart (see `contributed.rs`).
    pub(super) contributed: super::contributed::ContributedRecord,
    /// Where each goal and participant stands in its list: derived from the lists (kept in
    /// step by every change to them), so every lookup by ID is indexed, not a scan.
    pub(super) index: Index,
}

/// Positions by ID (see `Workshop::index`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Index {
    pub(super) goals: BTreeMap<GoalId, usize>,
    pub(super) participants: BTreeMap<ParticipantId, usize>,
    pub(super) departments: BTreeMap<DepartmentId, usize>,
    pub(super) invites: BTreeMap<super::ids::InviteId, usize>,
}

impl Workshop {
    /// Rebuilds the positions after goals moved or were removed.
    pub(super) fn reindex_goals(&mut self) {
        self.index.goals = crate::domain::order::map_from(self.goals.iter().enumerate().map(|(i, g)| (g.id, i)));
    }

    /// Rebuilds the positions after participants moved or were removed.
    pub(super) fn reindex_participants(&mut self) {
        self.index.participants = crate::domain::order::map_from(self.participants.iter().enumerate().map(|(i, p)| (p.id, i)));
    }

    /// Rebuilds the positions after departments moved or were removed.
    pub(super) fn reindex_departments(&mut self) {
        self.index.departments = crate::domain::order::map_from(self.departments.iter().enumerate().map(|(i, d)| (d.id, i)));
    }

    /// Adds a goal at the end of the list.
    fn push_goal(&mut self, goal: Goal) {
        self.index.goals.insert(goal.id, self.goals.len());
        self.goals.push(goal);
    }

    pub(super) fn goal_mut(&mut self, id: GoalId) -> Option<&mut Goal> {
        let at = *self.index.goals.get(&id)?;
        self.goals.get_mut(at)
    }
}

/// What the facilitator fills in to add a goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGoal {
    pub title: String,
    pub level: Level,
    pub parent: Option<GoalId>,
    pub department: Option<DepartmentId>,
}

/// A goal's editable attributes, all at once (the structure is edited separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalDetails {
    pub title: String,
    pub description: String,
    pub level: Level,
    pub department: Option<DepartmentId>,
    pub owner: String,
    pub effort: Option<u32>,
    pub metric: String,
    pub target: String,
    pub status: Status,
}

impl GoalDetails {
    pub fn of(goal: &Goal) -> Self {
        GoalDetails {
            title: goal.title.clone(),
            description: goal.description.clone(),
            level: goal.level,
            department: goal.department,
            owner: goal.owner.clone(),
            effort: goal.effort,
            metric: goal.metric.clone(),
            target: goal.target.clone(),
            status: goal.status,
        }
    }
}

fn checked(field: Field, value: &str) -> Result<String, ModelError> {
    text::check(field, value).map_err(|problem| ModelError::Text { field, problem })
}

impl Workshop {
    /// An empty workshop, created at `now`.
    pub fn new(title: &str, now: Timestamp) -> Result<Self, ModelError> {
        Ok(Workshop {
            title: checked(Field::WorkshopTitle, title)?,
            strategy: String::new(),
            created: now,
            updated: now,
            departments: Vec::new(),
            participants: Vec::new(),
            goals: Vec::new(),
            graph: GoalGraph::default(),
            rounds: BTreeMap::new(),
            decisions: Vec::new(),
            conflict_settings: Settings::default(),
            next_ids: Default::default(),
            invites: Vec::new(),
            room: Default::default(),
            contributed: Default::default(),
            index: Index::default(),
        })
    }

    /// Marks the workshop as changed at `now`. The shell calls this after every change.
    pub fn touch(&mut self, now: Timestamp) {
        self.updated = now.max(self.created);
    }

    // ----- reading -----

    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    pub fn participants(&self) -> &[Participant] {
        &self.participants
    }

    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    pub fn goal(&self, id: GoalId) -> Option<&Goal> {
        self.index.goals.get(&id).and_then(|at| self.goals.get(*at))
    }

    pub fn department(&self, id: DepartmentId) -> Option<&Department> {
        self.index.departments.get(&id).and_then(|at| self.departments.get(*at))
    }

    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.index.participants.get(&id).and_then(|at| self.participants.get(*at))
    }

    pub fn parent(&self, goal: GoalId) -> Option<GoalId> {
        self.graph.parent(goal)
    }

    /// Children of `goal` (or the top-level goals for `None`) in sibling order.
    pub fn children(&self, goal: Option<GoalId>) -> Vec<GoalId> {
        self.goals.iter().filter(|g| self.graph.parent(g.id) == goal).map(|g| g.id).collect()
    }

    pub fn depends_on(&self, goal: GoalId) -> Vec<GoalId> {
        self.graph.depends_on(goal)
    }

    pub fn conflicts_with(&self, goal: GoalId) -> Vec<GoalId> {
        self.graph.conflicts_with(goal)
    }

    pub fn links(&self) -> Vec<(GoalId, LinkKind, GoalId)> {
        self.graph.all_links()
    }

    pub fn graph(&self) -> &GoalGraph {
        &self.graph
    }

    /// Whether the goal traces up to a company objective (objectives trace to themselves).
    pub fn traces_to_objective(&self, goal: GoalId) -> bool {
        let mut current = Some(goal);
        while let Some(id) = current {
            if self.goal(id).is_some_and(|g| g.level == Level::Objective) {
                return true;
            }
            current = self.graph.parent(id);
        }
        false
    }

    /// A goal's title, or empty for a goal the workshop does not have.
    pub fn title_of(&self, id: GoalId) -> String {
        self.goal(id).map(|g| g.title.clone()).unwrap_or_default()
    }

    pub(super) fn named(&self, id: GoalId) -> Named {
        Named { id, title: self.title_of(id) }
    }

    fn require_goal(&self, id: GoalId) -> Result<&Goal, ModelError> {
        self.goal(id).ok_or(ModelError::UnknownGoal(id))
    }

    fn require_department(&self, id: Option<DepartmentId>) -> Result<(), ModelError> {
        match id {
            Some(id) if self.department(id).is_none() => Err(ModelError::UnknownDepartment(id)),
            _ => Ok(()),
        }
    }

    /// IDs come from the workshop's marks, which only go up: an ID is never issued twice.
    pub fn next_goal_id(&self) -> GoalId {
        GoalId(self.next_ids.goal)
    }

    pub fn next_department_id(&self) -> DepartmentId {
        DepartmentId(self.next_ids.department)
    }

    pub fn next_participant_id(&self) -> ParticipantId {
        ParticipantId(self.next_ids.participant)
    }

    // ----- the workshop itself -----

    pub fn set_title(&mut self, title: &str) -> Result<(), ModelError> {
        self.title = checked(Field::WorkshopTitle, title)?;
        Ok(())
    }

    pub fn set_strategy(&mut self, strategy: &str) -> Result<(), ModelError> {
        self.strategy = checked(Field::Strategy, strategy)?;
        Ok(())
    }

    // ----- departments -----

    pub fn add_department(&mut self, name: &str, capacity: Option<u32>) -> Result<DepartmentId, ModelError> {
        let id = self.next_department_id();
        self.check_fresh(id.0, super::invites::IdKind::Department)?;
        let colour = Colour::palette(self.departments.len());
        self.insert_department(Department { id, name: name.to_string(), colour, capacity })?;
        Ok(id)
    }

    /// Adds a department with its ID already chosen (imports use this).
    pub fn insert_department(&mut self, mut department: Department) -> Result<(), ModelError> {
        if self.department(department.id).is_some() {
            return Err(ModelError::DuplicateDepartment(department.id));
        }
        department.name = self.checked_department_name(None, &department.name)?;
        self.next_ids.see_department(department.id);
        self.index.departments.insert(department.id, self.departments.len());
        self.departments.push(department);
        Ok(())
    }

    fn checked_department_name(&self, this: Option<DepartmentId>, name: &str) -> Result<String, ModelError> {
        let name = checked(Field::DepartmentName, name)?;
        let taken = self
            .departments
            .iter()
            .any(|d| Some(d.id) != this && d.name.to_lowercase() == name.to_lowercase());
        if taken {
            return Err(ModelError::DuplicateDepartmentName(name));
        }
        Ok(name)
    }

    pub fn rename_department(&mut self, id: DepartmentId, name: &str) -> Result<(), ModelError> {
        self.require_department(Some(id))?;
        let name = self.checked_department_name(Some(id), name)?;
        self.department_mut(id).name = name;
        Ok(())
    }

    pub fn set_department_colour(&mut self, id: DepartmentId, colour: Colour) -> Result<(), ModelError> {
        self.require_department(Some(id))?;
        self.department_mut(id).colour = colour;
        Ok(())
    }

    pub fn set_department_capacity(&mut self, id: DepartmentId, capacity: Option<u32>) -> Result<(), ModelError> {
        self.require_department(Some(id))?;
        self.department_mut(id).capacity = capacity;
        Ok(())
    }

    pub fn remove_department(&mut self, id: DepartmentId) -> Result<(), ModelError> {
        self.require_department(Some(id))?;
        let goals = self.goals.iter().filter(|g| g.department == Some(id)).count();
        let participants = self.participants.iter().filter(|p| p.department == Some(id)).count();
        let in_log = self.decisions.iter().any(|d| d.agreed_by.contains(&crate::domain::conflicts::Agreer::Department(id)));
        if in_log {
            let name = self.department_mut(id).name.clone();
            return Err(ModelError::BadMethod(format!("“{name}” agreed to a decision in the log, so it stays.")));
        }
        if goals + participants > 0 {
            let name = self.department_mut(id).name.clone();
            return Err(ModelError::DepartmentInUse { name, goals, participants });
        }
        self.departments.retain(|d| d.id != id);
        self.reindex_departments();
        Ok(())
    }

    fn department_mut(&mut self, id: DepartmentId) -> &mut Department {
        let at = self.index.departments[&id];
        &mut self.departments[at]
    }

    // ----- participants -----

    pub fn add_participant(&mut self, name: &str, department: Option<DepartmentId>) -> Result<ParticipantId, ModelError> {
        let id = self.next_participant_id();
        self.check_fresh(id.0, super::invites::IdKind::Participant)?;
        self.insert_participant(Participant { id, name: name.to_string(), department })?;
        Ok(id)
    }

    pub fn insert_participant(&mut self, mut participant: Participant) -> Result<(), ModelError> {
        if self.participant(participant.id).is_some() {
            return Err(ModelError::DuplicateParticipant(participant.id));
        }
        participant.name = checked(Field::ParticipantName, &participant.name)?;
        self.require_department(participant.department)?;
        self.next_ids.see_participant(participant.id);
        self.index.participants.insert(participant.id, self.participants.len());
        self.participants.push(participant);
        Ok(())
    }

    pub fn rename_participant(&mut self, id: ParticipantId, name: &str) -> Result<(), ModelError> {
        let name = checked(Field::ParticipantName, name)?;
        self.participant_mut(id)?.name = name;
        Ok(())
    }

    pub fn set_participant_department(
        &mut self,
        id: ParticipantId,
        department: Option<DepartmentId>,
    ) -> Result<(), ModelError> {
        self.require_department(department)?;
        self.participant_mut(id)?.department = department;
        Ok(())
    }

    fn participant_mut(&mut self, id: ParticipantId) -> Result<&mut Participant, ModelError> {
        let at = *self.index.participants.get(&id).ok_or(ModelError::UnknownParticipant(id))?;
        Ok(&mut self.participants[at])
    }

    pub fn remove_participant(&mut self, id: ParticipantId) -> Result<(), ModelError> {
        let Some(participant) = self.participant(id) else {
            return Err(ModelError::UnknownParticipant(id));
        };
        if self.decisions.iter().any(|d| d.agreed_by.contains(&crate::domain::conflicts::Agreer::Participant(id))) {
            return Err(ModelError::BadMethod(format!("“{}” agreed to a decision in the log, so they stay.", participant.name)));
        }
        if let Some(round) = self.rounds.values().find(|r| r.ballots.contains_key(&id) || r.observers.contains(&id)) {
            return Err(ModelError::ParticipantInRound { participant: participant.name.clone(), round: round.name.clone() });
        }
        self.participants.retain(|p| p.id != id);
        self.reindex_participants();
        Ok(())
    }

    // ----- goals -----

    /// Adds a goal, under `parent` if given, as its last child.
    pub fn add_goal(&mut self, new: NewGoal) -> Result<GoalId, ModelError> {
        let id = self.next_goal_id();
        self.check_fresh(id.0, super::invites::IdKind::Goal)?;
        let mut goal = Goal::new(id, new.title, new.level);
        goal.department = new.department;
        let goal = self.checked_goal(goal)?;
        if let Some(parent) = new.parent {
            let parent_goal = self.require_goal(parent)?;
            if !goal.level.may_sit_under(parent_goal.level) {
                return Err(ModelError::WrongNesting {
                    child: Named { id, title: goal.title.clone() },
                    child_level: goal.level,
                    parent: self.named(parent),
                    parent_level: parent_goal.level,
                });
            }
        }
        self.next_ids.see_goal(id);
        self.push_goal(goal);
        self.graph.add_goal(id);
        self.graph.set_parent(id, new.parent);
        Ok(id)
    }

    /// Adds a goal with its ID already chosen and no parent yet (imports use this, then
    /// `set_parent` and `add_link`, so every structural rule is checked in one place).
    pub fn insert_goal(&mut self, goal: Goal) -> Result<(), ModelError> {
        if self.goal(goal.id).is_some() {
            return Err(ModelError::DuplicateGoal(goal.id));
        }
        let goal = self.checked_goal(goal)?;
        self.next_ids.see_goal(goal.id);
        self.graph.add_goal(goal.id);
        self.push_goal(goal);
        Ok(())
    }

    fn checked_goal(&self, mut goal: Goal) -> Result<Goal, ModelError> {
        goal.title = checked(Field::GoalTitle, &goal.title)?;
        goal.description = checked(Field::GoalDescription, &goal.description)?;
        goal.owner = checked(Field::Owner, &goal.owner)?;
        goal.metric = checked(Field::Metric, &goal.metric)?;
        goal.target = checked(Field::Target, &goal.target)?;
        self.require_department(goal.department)?;
        Ok(goal)
    }

    /// Replaces a goal's attributes. A level change must still fit between its parent and
    /// its children.
    pub fn update_goal(&mut self, id: GoalId, details: GoalDetails) -> Result<(), ModelError> {
        self.require_goal(id)?;
        let mut goal = Goal {
            id,
            title: details.title,
            description: details.description,
            level: details.level,
            department: details.department,
            owner: details.owner,
            effort: details.effort,
            metric: details.metric,
            target: details.target,
            status: details.status,
            priority: self.goal(id).and_then(|g| g.priority),
        };
        goal = self.checked_goal(goal)?;
        let named = Named { id, title: goal.title.clone() };
        if let Some(parent) = self.graph.parent(id) {
            let parent_level = self.require_goal(parent)?.level;
            if !goal.level.may_sit_under(parent_level) {
                return Err(ModelError::WrongNesting {
                    child: named,
                    child_level: goal.level,
                    parent: self.named(parent),
                    parent_level,
                });
            }
        }
        for child in self.graph.children(id) {
            let child_level = self.require_goal(child)?.level;
            if !child_level.may_sit_under(goal.level) {
                return Err(ModelError::WrongNesting {
                    child: self.named(child),
                    child_level,
                    parent: named,
                    parent_level: goal.level,
                });
            }
        }
        *self.goal_mut(id).expect("goal checked above") = goal;
        Ok(())
    }

    /// Moves a goal (with everything under it) under `parent`, or to the top for `None`.
    pub fn set_parent(&mut self, goal: GoalId, parent: Option<GoalId>) -> Result<(), ModelError> {
        let child_level = self.require_goal(goal)?.level;
        if let Some(parent) = parent {
            let parent_level = self.require_goal(parent)?.level;
            if self.graph.is_ancestor_or_self(goal, parent) {
                return Err(ModelError::ParentCycle { goal: self.named(goal), parent: self.named(parent) });
            }
            if !child_level.may_sit_under(parent_level) {
                return Err(ModelError::WrongNesting {
                    child: self.named(goal),
                    child_level,
                    parent: self.named(parent),
                    parent_level,
                });
            }
        }
        self.graph.set_parent(goal, parent);
        Ok(())
    }

    pub fn add_link(&mut self, from: GoalId, kind: LinkKind, to: GoalId) -> Result<(), ModelError> {
        self.require_goal(from)?;
        self.require_goal(to)?;
        if from == to {
            return Err(ModelError::SelfLink { goal: self.named(from), kind });
        }
        if let Some(existing) = self.graph.link_between(from, to) {
            // Mutual dependencies are allowed (they are a cycle the conflict board shows).
            let mutual_dependency = existing == LinkKind::DependsOn
                && kind == LinkKind::DependsOn
                && !self.graph.has_link(from, kind, to);
            if !mutual_dependency {
                return Err(ModelError::AlreadyLinked { from: self.named(from), to: self.named(to), existing });
            }
        }
        self.graph.add_link(from, kind, to);
        Ok(())
    }

    pub fn remove_link(&mut self, from: GoalId, kind: LinkKind, to: GoalId) {
        self.graph.remove_link(from, kind, to);
    }

    /// Removes a goal and everything under it, with their links. Returns the removed IDs.
    pub fn remove_goal_subtree(&mut self, goal: GoalId) -> Result<Vec<GoalId>, ModelError> {
        self.require_goal(goal)?;
        let doomed = self.graph.subtree(goal);
        // The decision log is the record: a goal it names is rejected, never deleted.
        for decision in &self.decisions {
            if let Some(g) = doomed.iter().find(|g| decision.resolution.goals().contains(g)) {
                return Err(ModelError::BadMethod(format!(
                    "{} is named in the decision log; reject or defer it instead of deleting it.",
                    self.named(*g)
                )));
            }
        }
        // A round's ballots refer to its goals; the round must let go of them first.
        for round in self.rounds.values() {
            if let Some(g) = doomed.iter().find(|g| round.goals.contains(g)) {
                return Err(ModelError::GoalInRound { goal: self.named(*g), round: round.name.clone() });
            }
        }
        for id in &doomed {
            self.graph.remove_goal(*id);
        }
        let doomed_set: std::collections::BTreeSet<GoalId> = crate::domain::order::set_from(doomed.iter().copied());
        self.goals.retain(|g| !doomed_set.contains(&g.id));
        self.reindex_goals();
        self.forget_contributed(&doomed);
        Ok(doomed)
    }
}
