//! The guided workshop: where a workshop stands in the flow (define → align → prioritise
//! → resolve → export) and the one sensible next action, in words a facilitator reads at
//! a glance. Pure: computed from the workshop alone, so the stepper, the projector or a
//! test all get the same answer.

use crate::domain::actions::Phase;
use crate::domain::conflicts::{detect, status, ConflictStatus};
use std::collections::BTreeSet;

use crate::domain::model::{DepartmentId, GoalId, Level, RoundId, Status, Workshop};
use crate::domain::voting::{Round, RoundStatus};

/// The next thing to do, with the figures behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guidance {
    /// No strategy statement yet.
    WriteStrategy,
    /// No departments yet.
    AddDepartments,
    /// Departments, but nobody in the room.
    AddParticipants,
    /// No company objectives under the strategy.
    AddObjectives,
    /// Objectives, but no department goal or initiative under any of them.
    AddDepartmentGoals,
    /// Before the first round: some departments have no goal under this objective (the
    /// objective with the most such departments, the first in the tree on a tie).
    GoalsMissingUnder { objective: GoalId, title: String, departments: usize },
    /// Nothing is missing and no round exists: `goals` can be put to a vote.
    OpenFirstRound { goals: usize },
    /// A round is open for voting.
    CloseVoting { round: RoundId, name: String, cast: usize, voters: usize },
    /// A round is closed and its results still secret.
    RevealResults { round: RoundId, name: String },
    /// A round is set up but voting has not started.
    OpenVoting { round: RoundId, name: String },
    /// Detected conflicts with no (current) decision.
    SettleConflicts { unsettled: usize },
    /// Every round revealed, every conflict settled.
    ExportTree,
}

/// Where a phase stands in the stepper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseState {
    /// Its work is there (it can still be revisited).
    Done,
    /// Where the next action is.
    Current,
    /// Not reached yet.
    ToDo,
}

impl PhaseState {
    pub fn label(self) -> &'static str {
        match self {
            PhaseState::Done => "done",
            PhaseState::Current => "next action here",
            PhaseState::ToDo => "to do",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            PhaseState::Done => "done",
            PhaseState::Current => "current",
            PhaseState::ToDo => "todo",
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Guidance {
    /// The phase where the action is taken (where the stepper's button goes).
    pub fn phase(&self) -> Phase {
        match self {
            Guidance::WriteStrategy | Guidance::AddDepartments | Guidance::AddParticipants => Phase::Define,
            Guidance::AddObjectives | Guidance::AddDepartmentGoals | Guidance::GoalsMissingUnder { .. } => Phase::Align,
            Guidance::OpenFirstRound { .. }
            | Guidance::CloseVoting { .. }
            | Guidance::RevealResults { .. }
            | Guidance::OpenVoting { .. } => Phase::Prioritise,
            Guidance::SettleConflicts { .. } => Phase::Resolve,
            Guidance::ExportTree => Phase::Export,
        }
    }

    /// One sentence: the situation, then what to do.
    pub fn message(&self) -> String {
        match self {
            Guidance::WriteStrategy => "No strategy yet: write the strategy statement the workshop aligns to, in Define".into(),
            Guidance::AddDepartments => "No departments yet: add the departments taking part, in Define".into(),
            Guidance::AddParticipants => "Nobody is in the room yet: add the participants and their departments, in Define".into(),
            Guidance::AddObjectives => "No company objectives yet: add the objectives the strategy breaks into, in Align".into(),
            Guidance::AddDepartmentGoals => {
                "No department goals yet: departments add their goals under the objectives, in Align".into()
            }
            Guidance::GoalsMissingUnder { title, departments, .. } => format!(
                "{} no goal under “{title}”: add them or go on to Prioritise",
                plural(*departments, "department has", "departments have")
            ),
            Guidance::OpenFirstRound { goals } => {
                format!("No round yet: open a round to prioritise the {}", plural(*goals, "goal", "goals"))
            }
            Guidance::CloseVoting { name, cast, voters, .. } => {
                format!("Voting is open in “{name}” ({cast} of {voters} voted): close voting when the room is done")
            }
            Guidance::RevealResults { name, .. } => {
                format!("“{name}” is closed: reveal its results when the room is ready")
            }
            Guidance::OpenVoting { name, .. } => format!("“{name}” is set up: open voting in Prioritise"),
            Guidance::SettleConflicts { unsettled } => format!(
                "{} unsettled: settle {} in Resolve",
                plural(*unsettled, "conflict", "conflicts"),
                if *unsettled == 1 { "it" } else { "them" }
            ),
            Guidance::ExportTree => "Everything settled: export the agreed tree".into(),
        }
    }

    /// The words on the button that goes there.
    pub fn action_label(&self) -> String {
        format!("Go to {}", self.phase().label())
    }
}

/// Whether a goal may go to a vote (what the first round would prioritise).
fn votable(w: &Workshop, goal: GoalId) -> bool {
    w.goal(goal).is_some_and(|g| g.level != Level::Objective && matches!(g.status, Status::Proposed | Status::Agreed))
}

/// The unfinished round that needs the facilitator first: an open one (people are
/// voting), then a closed one (results waiting), then a draft; the oldest of each.
fn unfinished_round(w: &Workshop) -> Option<&Round> {
    [RoundStatus::Open, RoundStatus::Closed, RoundStatus::Draft]
        .into_iter()
        .find_map(|wanted| w.rounds().find(|r| r.status == wanted))
}

/// Per objective (in tree order), how many departments have no goal anywhere under it.
/// One pass over the goals (a 10,000-goal tree is re-guided on every edit).
fn departments_missing(w: &Workshop) -> Vec<(GoalId, usize)> {
    let objectives = crate::domain::alignment::objective_of_each(w);
    let mut present: BTreeSet<(GoalId, DepartmentId)> = BTreeSet::new();
    for g in w.goals().iter().filter(|g| g.level != Level::Objective) {
        if let (Some(Some(objective)), Some(department)) = (objectives.get(&g.id), g.department) {
            present.insert((*objective, department));
        }
    }
    let departments = w.departments().len();
    w.goals()
        .iter()
        .filter(|g| g.level == Level::Objective)
        .map(|objective| {
            let supported = present.range((objective.id, DepartmentId(0))..).take_while(|(o, _)| *o == objective.id).count();
            (objective.id, departments.saturating_sub(supported))
        })
        .collect()
}

/// Detected conflicts with no current decision (open, or reopened by a later round).
pub fn unsettled_conflicts(w: &Workshop) -> usize {
    detect(w, &w.conflict_settings)
        .iter()
        .filter(|c| matches!(status(w, c), ConflictStatus::Open | ConflictStatus::Reopened(_)))
        .count()
}

/// The one sensible next action for the workshop as it is.
pub fn next_step(w: &Workshop) -> Guidance {
    next_step_before_count(w).unwrap_or_else(|| after_count(unsettled_conflicts(w)))
}

/// `next_step` as far as it can be told without counting conflicts: `None` once rounds
/// exist and none is unfinished, where the answer is `after_count(unsettled_conflicts(w))`. Counting
/// needs the tally and conflict detection, which the facilitator's page fetches after its
/// first screen is drawn (issue #17), so the stepper asks this first.
pub fn next_step_before_count(w: &Workshop) -> Option<Guidance> {
    if w.strategy.trim().is_empty() {
        return Some(Guidance::WriteStrategy);
    }
    if w.departments().is_empty() {
        return Some(Guidance::AddDepartments);
    }
    if w.participants().is_empty() {
        return Some(Guidance::AddParticipants);
    }
    if !w.goals().iter().any(|g| g.level == Level::Objective) {
        return Some(Guidance::AddObjectives);
    }
    if !w.goals().iter().any(|g| g.level != Level::Objective) {
        return Some(Guidance::AddDepartmentGoals);
    }
    if let Some(round) = unfinished_round(w) {
        let name = round.name.clone();
        return Some(match round.status {
            RoundStatus::Open => {
                let voted = round.ballots_in(w.participants().iter().map(|p| p.id));
                Guidance::CloseVoting { round: round.id, name, cast: voted.cast, voters: voted.voters }
            }
            RoundStatus::Closed => Guidance::RevealResults { round: round.id, name },
            _ => Guidance::OpenVoting { round: round.id, name },
        });
    }
    if w.rounds().next().is_none() {
        // Before the first vote the tree is still growing: point at the biggest gap.
        let gap = departments_missing(w)
            .into_iter()
            .filter(|(_, missing)| *missing > 0)
            .fold(None::<(GoalId, usize)>, |best, (g, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((g, n)),
            });
        if let Some((objective, departments)) = gap {
            return Some(Guidance::GoalsMissingUnder { objective, title: w.title_of(objective), departments });
        }
        let goals = w.goals().iter().filter(|g| votable(w, g.id)).count();
        return Some(Guidance::OpenFirstRound { goals });
    }
    None
}

/// The next step once every round is revealed: settle what is unsettled, then export.
pub fn after_count(unsettled: usize) -> Guidance {
    match unsettled {
        0 => Guidance::ExportTree,
        unsettled => Guidance::SettleConflicts { unsettled },
    }
}

/// Whether a phase's own work is there, independent of where the next action is.
fn phase_done(w: &Workshop, phase: Phase, next: &Guidance) -> bool {
    let defined = !w.strategy.trim().is_empty() && !w.departments().is_empty() && !w.participants().is_empty();
    let aligned = w.goals().iter().any(|g| g.level == Level::Objective) && w.goals().iter().any(|g| g.level != Level::Objective);
    let voted = w.rounds().any(|r| r.status == RoundStatus::Revealed) && unfinished_round(w).is_none();
    match phase {
        Phase::Define => defined,
        Phase::Align => aligned && w.rounds().next().is_some(),
        Phase::Prioritise => voted,
        Phase::Resolve => voted && *next == Guidance::ExportTree,
        Phase::Export => false,
    }
}

/// Each phase's state for the stepper, in `Phase::ALL` order: the phase of the next
/// action is current; the others are done when their work is there, else to do.
pub fn progress(w: &Workshop, next: &Guidance) -> [(Phase, PhaseState); 5] {
    Phase::ALL.map(|phase| {
        let state = if phase == next.phase() {
            PhaseState::Current
        } else if phase_done(w, phase, next) {
            PhaseState::Done
        } else {
            PhaseState::ToDo
        };
        (phase, state)
    })
}
