use std::fmt;

use super::goal::{Level, LinkKind};
use super::ids::{DepartmentId, GoalId, ParticipantId};
use super::text::{Field, TextProblem};

/// A goal as an error names it: by title for the facilitator, by ID for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: GoalId,
    pub title: String,
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}”", self.title)
    }
}

/// Why the model refused a change. The workshop is untouched whenever one is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    UnknownGoal(GoalId),
    UnknownDepartment(DepartmentId),
    UnknownParticipant(ParticipantId),
    DuplicateGoal(GoalId),
    DuplicateDepartment(DepartmentId),
    DuplicateParticipant(ParticipantId),
    /// Putting `goal` under `parent` would make a goal its own ancestor.
    ParentCycle { goal: Named, parent: Named },
    /// `child` may not sit under `parent` at these levels.
    WrongNesting { child: Named, child_level: Level, parent: Named, parent_level: Level },
    SelfLink { goal: Named, kind: LinkKind },
    /// The two goals are already linked (with `existing`); a pair carries at most one link.
    AlreadyLinked { from: Named, to: Named, existing: LinkKind },
    Text { field: Field, problem: TextProblem },
    DuplicateDepartmentName(String),
    /// A department cannot be removed while goals or participants still belong to it.
    DepartmentInUse { name: String, goals: usize, participants: usize },
    UnknownRound(super::ids::RoundId),
    /// The goal is voted on in a round, so it cannot be deleted.
    GoalInRound { goal: Named, round: String },
    /// The participant voted or observes in a round, so they cannot be removed.
    ParticipantInRound { participant: String, round: String },
    /// A round needs at least two goals to compare.
    TooFewGoals { round: String },
    /// The method's settings do not make sense.
    BadMethod(String),
    /// The round is not open for this.
    RoundNotOpen { round: String, status: &'static str },
    /// The round cannot go from one status to the other.
    BadTransition { round: String, from: &'static str, to: &'static str },
    /// An observer tried to vote.
    Observer { participant: String, round: String },
    Ballot { participant: String, problem: crate::domain::voting::BallotProblem },
    /// There is no such link to remove.
    NoSuchLink { from: Named, to: Named, kind: LinkKind },
    /// The round's results cannot be counted exactly with its weighting.
    Tally { round: String, problem: crate::domain::tally::TallyError },
    /// No invite with this ID was issued in this workshop.
    UnknownInvite(super::ids::InviteId),
    /// Every ID of a kind the file format can hold has been used.
    IdsExhausted(&'static str),
    /// A ranked round over more goals than Accord counts in under a second.
    TooManyRankedGoals { round: String, goals: usize, max: usize },
    /// A decision was recorded without saying why (every decision needs a rationale).
    NoRationale,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::UnknownGoal(id) => write!(f, "There is no goal {id} in this workshop."),
            ModelError::UnknownDepartment(id) => write!(f, "There is no department {id} in this workshop."),
            ModelError::UnknownParticipant(id) => write!(f, "There is no participant {id} in this workshop."),
            ModelError::DuplicateGoal(id) => write!(f, "Two goals have the ID {id}."),
            ModelError::DuplicateDepartment(id) => write!(f, "Two departments have the ID {id}."),
            ModelError::DuplicateParticipant(id) => write!(f, "Two participants have the ID {id}."),
            ModelError::ParentCycle { goal, parent } => write!(
                f,
                "{goal} can't go under {parent}: {parent} is already inside {goal}, so the tree would loop."
            ),
            ModelError::WrongNesting { child, child_level, parent, parent_level } => {
                if *child_level == Level::Objective {
                    write!(f, "{child} is a company objective, so it sits directly under the strategy, not under {parent}.")
                } else {
                    write!(
                        f,
                        "{child} ({child_level}) can't go under {parent} ({parent_level}): a goal must sit under a higher level."
                    )
                }
            }
            ModelError::SelfLink { goal, kind } => write!(f, "{goal} can't be linked to itself ({kind})."),
            ModelError::AlreadyLinked { from, to, existing } => {
                write!(f, "{from} and {to} are already linked ({existing}); remove that link first.")
            }
            ModelError::Text { field, problem: TextProblem::Empty } => {
                let mut label = field.label().to_string();
                if let Some(first) = label.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                write!(f, "{label} can't be empty.")
            }
            ModelError::Text { field, problem: TextProblem::TooLong { max, actual } } => {
                write!(f, "The {field} is {actual} characters long; the limit is {max}.")
            }
            ModelError::Text { field, problem } => {
                write!(f, "The {field} {}.", problem.character_sentence().unwrap_or_default())
            }
            ModelError::DuplicateDepartmentName(name) => write!(f, "There is already a department called “{name}”."),
            ModelError::UnknownRound(id) => write!(f, "There is no voting round {id} in this workshop."),
            ModelError::UnknownInvite(id) => write!(f, "No invite {id} was issued in this workshop."),
            ModelError::IdsExhausted(kind) => write!(
                f,
                "This workshop has used every {kind} ID a file can hold (up to 999,999,999, never reused); start a new workshop from its goal tree to go on."
            ),
            ModelError::GoalInRound { goal, round } => {
                write!(f, "{goal} is being voted on in round “{round}”; remove the round or the goal from it first.")
            }
            ModelError::ParticipantInRound { participant, round } => {
                write!(f, "“{participant}” takes part in round “{round}”, so they cannot be removed.")
            }
            ModelError::TooFewGoals { round } => write!(f, "Round “{round}” needs at least two goals to compare."),
            ModelError::BadMethod(why) => write!(f, "{why}"),
            ModelError::RoundNotOpen { round, status } => write!(f, "Round “{round}” is {status}, not open for voting."),
            ModelError::BadTransition { round, from, to } => write!(f, "Round “{round}” is {from}; it cannot become {to} from there."),
            ModelError::Observer { participant, round } => {
                write!(f, "“{participant}” observes round “{round}” and does not vote in it.")
            }
            ModelError::Ballot { participant, problem } => write!(f, "{participant}: {problem}"),
            ModelError::NoSuchLink { from, to, kind } => write!(f, "{from} does not {kind_verb} {to}.", kind_verb = match kind {
                LinkKind::DependsOn => "depend on",
                LinkKind::ConflictsWith => "conflict with",
            }),
            ModelError::DepartmentInUse { name, goals, participants } => write!(
                f,
                "“{name}” still has {goals} goal(s) and {participants} participant(s); move them to another department first."
            ),
            ModelError::Tally { round, problem } => write!(f, "Round “{round}”: {problem}"),
            ModelError::TooManyRankedGoals { round, goals, max } => write!(
                f,
                "Round “{round}” asks people to rank {goals} goals; a ranked round takes at most {max}, so that counting it stays under a second (its work grows with the cube of the goals). Choose fewer goals, or use dot or score voting for a long list."
            ),
            ModelError::NoRationale => write!(f, "Write down why: every decision needs a rationale."),
        }
    }
}

impl std::error::Error for ModelError {}
