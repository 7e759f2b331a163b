//! Settling conflicts on the record: a resolution changes the tree (or starts a runoff)
//! and adds a decision to the log, all as one undoable change.

use super::Conflict;
use crate::domain::model::{
    DepartmentId, Edit, GoalDetails, GoalId, ModelError, ParticipantId, RoundId, Status, Workshop,
};
use crate::domain::time::Timestamp;
use crate::domain::voting::{Method, Round, RoundStatus, Secrecy, Weighting};

/// Who agreed to a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Agreer {
    Department(DepartmentId),
    Participant(ParticipantId),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// `winner` goes ahead (agreed), `loser` waits (deferred).
    Prioritise { winner: GoalId, loser: GoalId },
    /// `absorb` folds into `keep`: its sub-goals and links move over and it is marked
    /// rejected with a note, so its votes and history stay traceable.
    Merge { keep: GoalId, absorb: GoalId },
    Reparent { goal: GoalId, parent: Option<GoalId> },
    Defer(GoalId),
    Reject(GoalId),
    /// A ranked runoff round over just these goals; the conflict waits on it.
    Runoff { round: RoundId, goals: Vec<GoalId> },
    /// The conflict stands, knowingly; the rationale says why.
    Accept,
}

impl Resolution {
    /// The goals the resolution names.
    pub fn goals(&self) -> Vec<GoalId> {
        match self {
            Resolution::Prioritise { winner, loser } => vec![*winner, *loser],
            Resolution::Merge { keep, absorb } => vec![*keep, *absorb],
            Resolution::Reparent { goal, parent } => std::iter::once(*goal).chain(*parent).collect(),
            Resolution::Defer(g) | Resolution::Reject(g) => vec![*g],
            Resolution::Runoff { goals, .. } => goals.clone(),
            Resolution::Accept => Vec::new(),
        }
    }

    /// What the decision did, in a sentence naming the goals (for the log, reports and
    /// the shared goal tree).
    pub fn describe(&self, w: &Workshop) -> String {
        let t = |g: &GoalId| w.goal(*g).map(|g| format!("“{}”", g.title)).unwrap_or_else(|| g.to_string());
        match self {
            Resolution::Prioritise { winner, loser } => format!("{} goes ahead; {} is deferred.", t(winner), t(loser)),
            Resolution::Merge { keep, absorb } => format!("{} was merged into {}.", t(absorb), t(keep)),
            Resolution::Reparent { goal, parent } => {
                format!("{} now sits under {}.", t(goal), parent.as_ref().map(t).unwrap_or_else(|| "the strategy".into()))
            }
            Resolution::Defer(g) => format!("{} is deferred.", t(g)),
            Resolution::Reject(g) => format!("{} is rejected.", t(g)),
            Resolution::Runoff { round, .. } => match w.round(*round) {
                Some(r) => format!("Runoff round “{}” ({}).", r.name, r.status.label()),
                None => format!("Runoff round {round}."),
            },
            Resolution::Accept => "The conflict is accepted as it stands.".into(),
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Resolution::Prioritise { .. } => "prioritised one goal",
            Resolution::Merge { .. } => "merged two goals",
            Resolution::Reparent { .. } => "re-parented a goal",
            Resolution::Defer(_) => "deferred a goal",
            Resolution::Reject(_) => "rejected a goal",
            Resolution::Runoff { .. } => "started a runoff vote",
            Resolution::Accept => "accepted the conflict",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub conflict: String,
    /// The conflict's sentence when it was decided (to tell when it changes).
    pub summary: String,
    pub resolution: Resolution,
    pub rationale: String,
    pub agreed_by: Vec<Agreer>,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConflictStatus<'a> {
    Open,
    Resolved(&'a Decision),
    WaitingOnRunoff(&'a Decision, RoundId),
    /// Decided, but its figures have changed since: `was` is what was decided on.
    Reopened(&'a Decision),
}

/// Where a detected conflict stands, from the latest decision on it.
pub fn status<'a>(w: &'a Workshop, conflict: &Conflict) -> ConflictStatus<'a> {
    let Some(decision) = w.decisions().iter().rev().find(|d| d.conflict == conflict.key) else {
        return ConflictStatus::Open;
    };
    if let Resolution::Runoff { round, .. } = decision.resolution {
        let finished = w.round(round).is_some_and(|r| matches!(r.status, RoundStatus::Closed | RoundStatus::Revealed));
        if !finished {
            return ConflictStatus::WaitingOnRunoff(decision, round);
        }
    }
    if decision.summary == conflict.summary {
        ConflictStatus::Resolved(decision)
    } else {
        ConflictStatus::Reopened(decision)
    }
}

impl Workshop {
    /// The resolution's effect on the tree and its decision, as one change. Needs a
    /// rationale; refuses what the tree refuses.
    pub fn resolve(
        &self,
        conflict: &Conflict,
        resolution: Resolution,
        rationale: &str,
        agreed_by: Vec<Agreer>,
        at: Timestamp,
    ) -> Result<Edit, ModelError> {
        let rationale = rationale.trim();
        if rationale.is_empty() {
            return Err(ModelError::NoRationale);
        }
        let mut edits = Vec::new();
        let status_edit = |w: &Workshop, g: GoalId, status: Status| -> Result<Edit, ModelError> {
            let mut details = GoalDetails::of(w.goal(g).ok_or(ModelError::UnknownGoal(g))?);
            details.status = status;
            Ok(Edit::UpdateGoal(g, details))
        };
        match &resolution {
            Resolution::Prioritise { winner, loser } => {
                edits.push(status_edit(self, *winner, Status::Agreed)?);
                edits.push(status_edit(self, *loser, Status::Deferred)?);
            }
            Resolution::Defer(g) => edits.push(status_edit(self, *g, Status::Deferred)?),
            Resolution::Reject(g) => edits.push(status_edit(self, *g, Status::Rejected)?),
            Resolution::Reparent { goal, parent } => edits.push(self.reparent(*goal, *parent)),
            Resolution::Merge { keep, absorb } => edits.extend(self.merge_edits(*keep, *absorb)?),
            Resolution::Runoff { round, goals } => {
                // Cut at a word, never leaving white space at the end: a file holds names
                // trimmed, and a name cut after a space would not survive the save check.
                let name = format!("Runoff: {}", cut_at_word(&conflict.summary, 80));
                let round = Round {
                    id: *round,
                    name: name.chars().take(120).collect(),
                    method: Method::Ranked,
                    goals: goals.clone(),
                    status: RoundStatus::Open,
                    secrecy: Secrecy::Anonymous,
                    weighting: Weighting::Equal,
                    observers: Default::default(),
                    ballots: Default::default(),
                    timer_minutes: None,
                    removed_ballots: Vec::new(),
                    electorate: Some(crate::domain::order::set_from(self.participants().iter().map(|p| p.id))),
                    held: Default::default(),
                };
                edits.push(Edit::PutRound(round.id, Some(Box::new(round))));
            }
            Resolution::Accept => {}
        }
        edits.push(Edit::InsertDecision {
            index: self.decisions().len(),
            decision: Box::new(Decision {
                conflict: conflict.key.clone(),
                summary: conflict.summary.clone(),
                resolution,
                rationale: rationale.to_string(),
                agreed_by,
                at,
            }),
        });
        Ok(Edit::Batch("resolution", edits))
    }

    pub fn merge_edits(&self, keep: GoalId, absorb: GoalId) -> Result<Vec<Edit>, ModelError> {
        if keep == absorb {
            return Err(ModelError::BadMethod("A goal cannot be merged into itself.".into()));
        }
        let kept = self.goal(keep).ok_or(ModelError::UnknownGoal(keep))?;
        let absorbed = self.goal(absorb).ok_or(ModelError::UnknownGoal(absorb))?;
        let mut edits: Vec<Edit> = self.children(Some(absorb)).into_iter().map(|c| self.reparent(c, Some(keep))).collect();
        for (a, kind, b) in self.links() {
            if a != absorb && b != absorb {
                continue;
            }
            edits.push(Edit::RemoveLink(a, kind, b));
            let (from, to) = (if a == absorb { keep } else { a }, if b == absorb { keep } else { b });
            let exists = self.links().iter().any(|(x, _, y)| (*x == from && *y == to) || (*x == to && *y == from));
            if from != to && !exists {
                edits.push(Edit::AddLink(from, kind, to));
            }
        }
        let mut details = GoalDetails::of(absorbed);
        details.status = Status::Rejected;
        let note = format!("Merged into “{}”.", kept.title);
        details.description = if details.description.is_empty() { note } else { format!("{note} {}", details.description) };
        edits.push(Edit::UpdateGoal(absorb, details));
        Ok(edits)
    }
}

/// `text` shortened to at most `max` characters at a word boundary, with "…" when cut.
fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.trim().to_string();
    }
    let head: String = text.chars().take(max).collect();
    let cut = head.rfind(char::is_whitespace).map_or(head.as_str(), |i| &head[..i]);
    format!("{}…", cut.trim_end())
}

/// The goals a runoff over `conflict` asks about: its own, and for a divergence every
/// goal the departments diverge on (the room re-votes on all that is contested), each once.
pub fn runoff_goals(w: &Workshop, conflict: &Conflict) -> Vec<GoalId> {
    let mut goals = conflict.goals.clone();
    if conflict.kind == super::Kind::Divergence {
        for other in super::detect(w, &w.conflict_settings) {
            if other.kind == super::Kind::Divergence {
                goals.extend(other.goals);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    goals.retain(|g| seen.insert(*g));
    goals
}
