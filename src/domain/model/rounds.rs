//! Voting rounds in the workshop. Every round change is built here as an `Edit` (so it is
//! checked, undoable and saved like any other change) and checked whole when applied.

use super::edit::Edit;
use super::error::ModelError;
use super::goal::Priority;
use super::ids::{GoalId, ParticipantId, RoundId};
use super::text::{self, Field};
use super::workshop::Workshop;
use crate::domain::tally::tally_round;
use crate::domain::time::Timestamp;
use crate::domain::voting::{Ballot, Cast, Method, Round, RoundStatus, Secrecy, Source, Weighting};

/// What the facilitator fills in to set up a round.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRound {
    pub name: String,
    pub method: Method,
    pub goals: Vec<GoalId>,
    pub secrecy: Secrecy,
    pub weighting: Weighting,
    pub timer_minutes: Option<u32>,
}

const MAX_DOTS: u32 = 1000;

/// The most goals a ranked round may have. The Schulze count grows with the cube of the
/// goals (and with ballots × goals²): at this limit, 2,000 full rankings (every
/// participant a file may hold) are counted in about 0.3 s on the build machine (see
/// PERFORMANCE.md), so every tally stays under a second; at 2,000 goals it took 14 s.
pub const MAX_RANKED_GOALS: usize = 400;
const MAX_SCORE: u32 = 100;

impl Workshop {
    pub fn rounds(&self) -> impl Iterator<Item = &Round> {
        self.rounds.values()
    }

    /// A copy with every ballot left out (for windows that must not hold them, such as
    /// the presenter's).
    pub fn without_ballots(&self) -> Workshop {
        let mut copy = self.clone();
        for round in copy.rounds.values_mut() {
            round.ballots.clear();
            round.held.clear();
        }
        copy
    }

    pub fn round(&self, id: RoundId) -> Option<&Round> {
        self.rounds.get(&id)
    }

    /// From the workshop's mark: a round ID is never issued twice.
    pub fn next_round_id(&self) -> RoundId {
        RoundId(self.next_ids.round)
    }

    fn require_round(&self, id: RoundId) -> Result<&Round, ModelError> {
        self.rounds.get(&id).ok_or(ModelError::UnknownRound(id))
    }

    /// Everything a round must satisfy to be part of the workshop.
    pub(super) fn check_round(&self, round: &Round) -> Result<(), ModelError> {
        text::check(Field::RoundName, &round.name).map_err(|problem| ModelError::Text { field: Field::RoundName, problem })?;
        if round.goals.len() < 2 {
            return Err(ModelError::TooFewGoals { round: round.name.clone() });
        }
        if round.method == Method::Ranked && round.goals.len() > MAX_RANKED_GOALS {
            return Err(ModelError::TooManyRankedGoals { round: round.name.clone(), goals: round.goals.len(), max: MAX_RANKED_GOALS });
        }
        let mut in_round = std::collections::BTreeSet::new();
        for goal in &round.goals {
            if self.goal(*goal).is_none() {
                return Err(ModelError::UnknownGoal(*goal));
            }
            if !in_round.insert(*goal) {
                return Err(ModelError::BadMethod(format!("Goal {goal} is listed twice in round “{}”.", round.name)));
            }
        }
        match round.method {
            Method::Dot { dots, cap } => {
                if dots == 0 || dots > MAX_DOTS {
                    return Err(ModelError::BadMethod(format!("Each person needs between 1 and {MAX_DOTS} dots.")));
                }
                if cap == Some(0) {
                    return Err(ModelError::BadMethod("A cap per goal must allow at least one dot.".into()));
                }
            }
            Method::Score { min, max } => {
                if min >= max || max > MAX_SCORE {
                    return Err(ModelError::BadMethod(format!(
                        "Scores need a range like 0 to 5 (the top at most {MAX_SCORE}, above the bottom)."
                    )));
                }
            }
            Method::Ranked => {}
        }
        for participant in round.observers.iter().chain(round.ballots.keys()) {
            if self.participant(*participant).is_none() {
                return Err(ModelError::UnknownParticipant(*participant));
            }
        }
        for (participant, ballot) in &round.ballots {
            if round.observers.contains(participant) {
                return Err(ModelError::Observer { participant: self.participant_name(*participant), round: round.name.clone() });
            }
            round
                .check_ballot_among(&in_round, &ballot.ballot)
                .map_err(|problem| ModelError::Ballot { participant: self.participant_name(*participant), problem })?;
        }
        for removed in &round.removed_ballots {
            text::check(Field::ParticipantName, &removed.name)
                .map_err(|problem| ModelError::Text { field: Field::ParticipantName, problem })?;
        }
        // A held ballot waits beside a ballot counted from the person's own device, in an
        // open round, for the facilitator's choice (see `ballot_box::vote_here`).
        for (participant, held) in &round.held {
            self.participant(*participant).ok_or(ModelError::UnknownParticipant(*participant))?;
            let name = self.participant_name(*participant);
            if round.status != RoundStatus::Open {
                return Err(ModelError::BadMethod(format!(
                    "Round “{}” is {} but holds {name}'s ballot waiting for the facilitator's choice; only an open round can.",
                    round.name,
                    round.status.label()
                )));
            }
            if !round.ballots.get(participant).is_some_and(|c| c.source.is_own_device()) {
                return Err(ModelError::BadMethod(format!(
                    "{name}'s ballot held in round “{}” has no ballot from their own device beside it to choose against.",
                    round.name
                )));
            }
            if held.source != Source::ThisDevice {
                return Err(ModelError::BadMethod(format!("{name}'s ballot held in round “{}” must be one cast on this device.", round.name)));
            }
            round.check_ballot_among(&in_round, &held.ballot).map_err(|problem| ModelError::Ballot { participant: name, problem })?;
        }
        Ok(())
    }

    /// A decision may only name goals, departments, participants and rounds that exist.
    pub(super) fn check_decision(&self, d: &crate::domain::conflicts::Decision) -> Result<(), ModelError> {
        use crate::domain::conflicts::{Agreer, Resolution};
        text::check(Field::Rationale, &d.rationale).map_err(|problem| ModelError::Text { field: Field::Rationale, problem })?;
        let goals: Vec<GoalId> = match &d.resolution {
            Resolution::Prioritise { winner, loser } => vec![*winner, *loser],
            Resolution::Merge { keep, absorb } => vec![*keep, *absorb],
            Resolution::Reparent { goal, parent } => std::iter::once(*goal).chain(*parent).collect(),
            Resolution::Defer(g) | Resolution::Reject(g) => vec![*g],
            Resolution::Runoff { goals, round } => {
                self.require_round(*round)?;
                goals.clone()
            }
            Resolution::Accept => Vec::new(),
        };
        if let Some(g) = goals.iter().find(|g| self.goal(**g).is_none()) {
            return Err(ModelError::UnknownGoal(*g));
        }
        for a in &d.agreed_by {
            match a {
                Agreer::Department(id) if self.department(*id).is_none() => return Err(ModelError::UnknownDepartment(*id)),
                Agreer::Participant(id) if self.participant(*id).is_none() => return Err(ModelError::UnknownParticipant(*id)),
                _ => {}
            }
        }
        Ok(())
    }

    fn participant_name(&self, id: ParticipantId) -> String {
        self.participant(id).map(|p| p.name.clone()).unwrap_or_else(|| id.to_string())
    }

    fn put(round: Round) -> Edit {
        Edit::PutRound(round.id, Some(Box::new(round)))
    }

    /// A new round, being set up (draft).
    pub fn new_round(&self, new: NewRound) -> Result<Edit, ModelError> {
        self.check_fresh(self.next_round_id().0, super::invites::IdKind::Round)?;
        let round = Round {
            id: self.next_round_id(),
            name: new.name,
            method: new.method,
            goals: new.goals,
            status: RoundStatus::Draft,
            secrecy: new.secrecy,
            weighting: new.weighting,
            observers: Default::default(),
            ballots: Default::default(),
            timer_minutes: new.timer_minutes,
            removed_ballots: Vec::new(),
            electorate: None,
            held: Default::default(),
        };
        self.check_round(&round)?;
        Ok(Self::put(round))
    }

    /// Records (or replaces) a participant's ballot in an open round, cast on this device at `at`.
    pub fn cast(&self, round: RoundId, participant: ParticipantId, ballot: Ballot, at: Timestamp) -> Result<Edit, ModelError> {
        self.cast_from(round, participant, ballot, at, Source::ThisDevice)
    }

    /// Records (or replaces) a participant's ballot from `source`, received at `at`.
    pub fn cast_from(
        &self,
        round: RoundId,
        participant: ParticipantId,
        ballot: Ballot,
        at: Timestamp,
        source: Source,
    ) -> Result<Edit, ModelError> {
        let mut round = self.require_round(round)?.clone();
        let name = self.participant(participant).ok_or(ModelError::UnknownParticipant(participant))?.name.clone();
        if round.status != RoundStatus::Open {
            return Err(ModelError::RoundNotOpen { round: round.name, status: round.status.label() });
        }
        if round.electorate.as_ref().is_some_and(|e| !e.contains(&participant)) {
            return Err(ModelError::BadMethod(format!(
                "“{name}” joined after round “{}” opened, so is not one of its voters.",
                round.name
            )));
        }
        if !round.is_voter(participant) {
            return Err(ModelError::Observer { participant: name, round: round.name });
        }
        round.check_ballot(&ballot).map_err(|problem| ModelError::Ballot { participant: name, problem })?;
        // A ballot counted from this device settles any of theirs held here.
        if source == Source::ThisDevice {
            round.held.remove(&participant);
        }
        round.ballots.insert(participant, Cast { ballot, at: Some(at), source });
        Ok(Self::put(round))
    }

    pub fn set_observer(&self, round: RoundId, participant: ParticipantId, observer: bool) -> Result<Edit, ModelError> {
        let mut round = self.require_round(round)?.clone();
        if observer {
            if round.ballots.contains_key(&participant) {
                return Err(ModelError::BadMethod(format!(
                    "{} has already voted in this round; an observer cannot have a ballot.",
                    self.participant_name(participant)
                )));
            }
            round.observers.insert(participant);
        } else {
            round.observers.remove(&participant);
        }
        Ok(Self::put(round))
    }

    pub fn set_weighting(&self, round: RoundId, weighting: Weighting) -> Result<Edit, ModelError> {
        let mut round = self.require_round(round)?.clone();
        round.weighting = weighting;
        let mut edits = vec![Self::put(round.clone())];
        // A revealed round's priorities follow its weighting (an unrevealed one has none).
        if crate::domain::disclosure::results_shown(&round) {
            edits.extend(self.priority_edits(&round)?);
        }
        Ok(Edit::Batch("weighting change", edits))
    }

    /// Moves a round through draft → open → closed → revealed, or re-opens it. Opening
    /// fixes who may vote (the participants at that moment; kept on re-opening, dropped
    /// when the round goes back to setup). Revealing records each goal's agreed priority
    /// (never closing: a closed round's results are still secret); re-opening takes the
    /// round's priorities back.
    pub fn set_round_status(&self, id: RoundId, to: RoundStatus) -> Result<Edit, ModelError> {
        use RoundStatus::*;
        let mut round = self.require_round(id)?.clone();
        let allowed = matches!(
            (round.status, to),
            (Draft, Open) | (Open, Closed) | (Closed, Revealed) | (Closed, Open) | (Revealed, Open) | (Open, Draft)
        );
        if !allowed {
            return Err(ModelError::BadTransition { round: round.name, from: round.status.label(), to: to.label() });
        }
        if (round.status, to) == (Open, Draft) && !round.ballots.is_empty() {
            return Err(ModelError::BadTransition { round: round.name, from: "open with ballots", to: to.label() });
        }
        if to != Open && !round.held.is_empty() {
            let names: Vec<String> = round.held.keys().map(|p| self.participant_name(*p)).collect();
            return Err(ModelError::BadMethod(format!(
                "Before voting in “{}” ends, choose which ballot counts for {} (a ballot cast on this device differs from one from their own device; see “Waiting for your choice” under the round).",
                round.name,
                names.join(", ")
            )));
        }
        round.status = to;
        match to {
            Open if round.electorate.is_none() => {
                round.electorate = Some(crate::domain::order::set_from(self.participants().iter().map(|p| p.id)));
            }
            Draft => round.electorate = None,
            _ => {}
        }
        let mut edits = vec![Self::put(round.clone())];
        match to {
            Revealed => edits.extend(self.priority_edits(&round)?),
            Open | Draft | Closed => edits.extend(self.priorities_taken_back(id)),
        }
        let label = match to {
            Open => "round opening",
            Closed => "round closing",
            Revealed => "reveal",
            Draft => "round back to setup",
        };
        Ok(Edit::Batch(label, edits))
    }

    /// Removes a round; priorities it gave are taken back.
    pub fn remove_round(&self, id: RoundId) -> Result<Edit, ModelError> {
        self.require_round(id)?;
        let mut edits = vec![Edit::PutRound(id, None)];
        edits.extend(self.priorities_taken_back(id));
        Ok(Edit::Batch("round deletion", edits))
    }

    /// Changes a draft round's goals or method.
    pub fn reconfigure_round(&self, id: RoundId, goals: Vec<GoalId>, method: Method) -> Result<Edit, ModelError> {
        let mut round = self.require_round(id)?.clone();
        if round.status != RoundStatus::Draft {
            return Err(ModelError::BadTransition { round: round.name, from: round.status.label(), to: "reconfigured" });
        }
        round.goals = goals;
        round.method = method;
        self.check_round(&round)?;
        Ok(Self::put(round))
    }

    /// When round `id` stops giving priorities (re-opened, back to setup, deleted), each
    /// goal it gave one to falls back to its rank in the latest other revealed round that
    /// ranks it, or to none: revealing a later round never erases an earlier one for good.
    fn priorities_taken_back(&self, id: RoundId) -> Vec<Edit> {
        let mut fallback: std::collections::BTreeMap<RoundId, Option<crate::domain::tally::RoundResult>> = Default::default();
        let mut edits = Vec::new();
        for goal in self.goals().iter().filter(|g| g.priority.is_some_and(|p| p.round == id)) {
            let earlier = self.rounds.values().rev().find(|r| {
                r.id != id && r.goals.contains(&goal.id) && crate::domain::disclosure::overall_shown(r).is_ok()
            });
            let mut priority = None;
            if let Some(r) = earlier {
                if !fallback.contains_key(&r.id) {
                    let result = tally_round(self, r, r.weighting, None).ok();
                    fallback.insert(r.id, result);
                }
                if let Some(result) = &fallback[&r.id] {
                    priority = result.rank_of(goal.id).map(|rank| Priority {
                        round: r.id,
                        rank,
                        value: result.headline.get(&goal.id).copied().unwrap_or(0.0),
                    });
                }
            }
            edits.push(Edit::SetPriority(goal.id, priority));
        }
        edits
    }

    /// Each goal's priority from a revealed round (none where the disclosure policy
    /// withholds its results: an anonymous round of too few ballots). Refused (nothing
    /// recorded) when the round's weighting cannot be counted exactly.
    fn priority_edits(&self, round: &Round) -> Result<Vec<Edit>, ModelError> {
        // A withheld result gives no priorities and takes none another round gave.
        if crate::domain::disclosure::overall_shown(round).is_err() {
            return Ok(Vec::new());
        }
        let result = tally_round(self, round, round.weighting, None)
            .map_err(|problem| ModelError::Tally { round: round.name.clone(), problem })?;
        Ok(round
            .goals
            .iter()
            .map(|g| {
                let priority = result.rank_of(*g).map(|rank| Priority {
                    round: round.id,
                    rank,
                    value: result.headline.get(g).copied().unwrap_or(0.0),
                });
                Edit::SetPriority(*g, priority)
            })
            .collect())
    }
}
