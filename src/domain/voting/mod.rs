//! Voting rounds and ballots: what a round asks, who may vote, and whether a ballot is
//! valid for it. Tallies live in `domain::tally`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::domain::model::{GoalId, ParticipantId, RoundId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Each participant spreads `dots` dots over the goals, at most `cap` on one goal.
    Dot { dots: u32, cap: Option<u32> },
    /// Each goal is scored from `min` to `max`.
    Score { min: u32, max: u32 },
    /// Participants order the goals; unranked goals tie last. Schulze decides.
    Ranked,
}

impl Method {
    pub fn label(self) -> &'static str {
        match self {
            Method::Dot { .. } => "dot voting",
            Method::Score { .. } => "score voting",
            Method::Ranked => "ranked voting (Schulze)",
        }
    }

    /// The ballot a voting form's marks (dots or scores) or ranking stand for.
    pub fn ballot_from(self, marks: &BTreeMap<GoalId, u32>, ranking: &[GoalId]) -> Ballot {
        match self {
            Method::Dot { .. } => {
                // Inserted one by one (`extend`), not `collect`ed: collecting into a B-tree sorts first, and each sort is ~4 KB of the participant page's wasm.
                let mut dots = BTreeMap::new();
                dots.extend(marks.iter().filter(|(_, d)| **d > 0).map(|(g, d)| (*g, *d)));
                Ballot::Dots(dots)
            }
            Method::Score { .. } => Ballot::Scores(marks.clone()),
            Method::Ranked => Ballot::Ranking(ranking.to_vec()),
        }
    }

    /// The most dots one goal may take: the cap, but never more than the whole budget (a
    /// cap above the budget means nothing, so it is read as the budget; no cap is the
    /// budget). `None` for methods without dots.
    pub fn dots_per_goal(self) -> Option<u32> {
        match self {
            Method::Dot { dots, cap } => Some(cap.map_or(dots, |c| c.min(dots))),
            _ => None,
        }
    }

    /// The usual dot budget: about a third of the goals, at least one.
    pub fn default_dots(goals: usize) -> u32 {
        ((goals as f64 / 3.0).round() as u32).max(1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoundStatus {
    /// Being set up: goals and method can change; nobody votes yet.
    Draft,
    Open,
    /// Voting is over; ballots stay secret.
    Closed,
    /// Results (and, in a named round, who voted what) are shown.
    Revealed,
}

impl RoundStatus {
    pub fn wire_name(self) -> &'static str {
        match self {
            RoundStatus::Draft => "draft",
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
            RoundStatus::Revealed => "revealed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RoundStatus::Draft => "being set up",
            RoundStatus::Open => "open for voting",
            RoundStatus::Closed => "closed",
            RoundStatus::Revealed => "revealed",
        }
    }
}

/// Whether revealed results say who cast which ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Secrecy {
    /// After reveal, each participant's ballot is shown by name.
    Named,
    /// Ballots are never tied to names, not even after reveal.
    Anonymous,
}

/// How much each ballot counts in the overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weighting {
    /// One person, one vote.
    Equal,
    /// Every department carries the same total weight, whatever its headcount; people
    /// without a department count as one more group.
    DepartmentBalanced,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballot {
    /// Dots per goal (goals without dots are left out).
    Dots(BTreeMap<GoalId, u32>),
    /// A score per goal scored (unscored goals are abstentions).
    Scores(BTreeMap<GoalId, u32>),
    /// Goals from most to least preferred; the rest tie last.
    Ranking(Vec<GoalId>),
}

/// A ballot as counted: the ballot, when it was cast or received on the facilitator's
/// device (shown only, never compared: unknown for files written before Accord kept it),
/// and where it came from. Which of a person's ballots counts is decided by `source`
/// (a device's counter), never by clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cast {
    pub ballot: Ballot,
    pub at: Option<crate::domain::time::Timestamp>,
    pub source: Source,
}

/// Where a counted ballot came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// Cast on the facilitator's device (pass-the-device), or from a file that did not
    /// say (files written before Accord kept sources).
    #[default]
    ThisDevice,
    /// A ballot code from a personal invite; `counter` is the voter's device's count of
    /// codes it made for the round: a higher counter from the same invite is newer.
    Code { invite: crate::domain::model::InviteId, counter: u64 },
    /// A room ballot code from the phone with this key (see `codec::room_ballot`);
    /// `counter` is that phone's count of codes made: a higher one from the same phone
    /// is newer.
    Room { device: crate::domain::codec::DeviceKey, counter: u64 },
}

impl Source {
    /// Whether the ballot came from the voter's own device (a code), not this one.
    pub fn is_own_device(&self) -> bool {
        !matches!(self, Source::ThisDevice)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub id: RoundId,
    pub name: String,
    pub method: Method,
    /// The goals voted on, in the order they are presented.
    pub goals: Vec<GoalId>,
    pub status: RoundStatus,
    pub secrecy: Secrecy,
    pub weighting: Weighting,
    /// Participants who watch but do not vote.
    pub observers: BTreeSet<ParticipantId>,
    pub ballots: BTreeMap<ParticipantId, Cast>,
    /// A suggested voting time shown as a countdown (the countdown itself is not saved).
    pub timer_minutes: Option<u32>,
    /// Ballots the facilitator removed, oldest first: a removal is never silent.
    pub removed_ballots: Vec<RemovedBallot>,
    /// Who may vote, fixed when the round opens (the participants at that moment);
    /// `None` while it is being set up. People added later are not in it.
    pub electorate: Option<BTreeSet<ParticipantId>>,
    /// Ballots cast on this device (pass-the-device) that differ from the person's ballot
    /// already counted from their own device's code: not counted, kept (in the file, so a
    /// reload loses none) until the facilitator chooses which counts. Only in open rounds,
    /// only beside a ballot counted from a code.
    pub held: BTreeMap<ParticipantId, Cast>,
}

/// Why a ballot was refused, in words for the person voting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BallotProblem {
    WrongKind { expected: &'static str },
    NotInRound(GoalId),
    /// `used` is the exact total (summed wide: it cannot wrap).
    OverBudget { used: u64, budget: u32 },
    OverCap { goal: GoalId, dots: u32, cap: u32 },
    OutOfRange { goal: GoalId, score: u32, min: u32, max: u32 },
    RankedTwice(GoalId),
    Empty,
    /// One goal holds more dots than the whole budget (whatever the cap).
    GoalOverBudget { goal: GoalId, dots: u32, budget: u32 },
}

impl fmt::Display for BallotProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BallotProblem::WrongKind { expected } => write!(f, "This round takes {expected}."),
            BallotProblem::NotInRound(goal) => write!(f, "Goal {goal} is not part of this round."),
            BallotProblem::OverBudget { used, budget } => {
                write!(f, "You placed {used} dots but have {budget}; take {} off before submitting.", used - u64::from(*budget))
            }
            BallotProblem::OverCap { dots, cap, .. } => {
                write!(f, "At most {cap} dots may go on one goal; one goal has {dots}.")
            }
            BallotProblem::OutOfRange { score, min, max, .. } => write!(f, "Scores run from {min} to {max}; {score} is outside."),
            BallotProblem::RankedTwice(goal) => write!(f, "Goal {goal} appears twice in the ranking."),
            BallotProblem::Empty => write!(f, "The ballot is empty: place at least one dot, score or rank first."),
            BallotProblem::GoalOverBudget { dots, budget, .. } => {
                write!(f, "One goal has {dots} dots, but each person has only {budget} dots in all.")
            }
        }
    }
}

impl Round {
    /// Checks a ballot against this round's method and goals.
    pub fn check_ballot(&self, ballot: &Ballot) -> Result<(), BallotProblem> {
        self.check_ballot_among(&self.goal_set(), ballot)
    }

    /// The round's goals as a set, for checking many ballots against it.
    pub fn goal_set(&self) -> BTreeSet<GoalId> {
        // Inserted one by one (`extend`), not `collect`ed: collecting into a B-tree sorts first, and each sort is ~4 KB of the participant page's wasm.
        let mut set = BTreeSet::new();
        set.extend(self.goals.iter().copied());
        set
    }

    /// `check_ballot` with the round's goals already gathered (`goal_set`), so checking
    /// every ballot of a large round looks each goal up instead of scanning the round.
    pub fn check_ballot_among(&self, goals: &BTreeSet<GoalId>, ballot: &Ballot) -> Result<(), BallotProblem> {
        let in_round = |g: &GoalId| goals.contains(g);
        match (self.method, ballot) {
            (Method::Dot { dots, cap }, Ballot::Dots(placed)) => {
                if let Some(g) = placed.keys().find(|g| !in_round(g)) {
                    return Err(BallotProblem::NotInRound(*g));
                }
                // No goal may hold more than the whole budget, cap or no cap.
                if let Some((g, d)) = placed.iter().find(|(_, d)| **d > dots) {
                    return Err(BallotProblem::GoalOverBudget { goal: *g, dots: *d, budget: dots });
                }
                // Summed wide: at most (goals in the round) × budget, far below u64::MAX.
                let used: u64 = placed.values().map(|d| u64::from(*d)).sum();
                if used == 0 {
                    return Err(BallotProblem::Empty);
                }
                if used > u64::from(dots) {
                    return Err(BallotProblem::OverBudget { used, budget: dots });
                }
                if let Some(cap) = cap.filter(|c| *c < dots) {
                    if let Some((g, d)) = placed.iter().find(|(_, d)| **d > cap) {
                        return Err(BallotProblem::OverCap { goal: *g, dots: *d, cap });
                    }
                }
                Ok(())
            }
            (Method::Score { min, max }, Ballot::Scores(scores)) => {
                if let Some(g) = scores.keys().find(|g| !in_round(g)) {
                    return Err(BallotProblem::NotInRound(*g));
                }
                if scores.is_empty() {
                    return Err(BallotProblem::Empty);
                }
                match scores.iter().find(|(_, s)| **s < min || **s > max) {
                    Some((g, s)) => Err(BallotProblem::OutOfRange { goal: *g, score: *s, min, max }),
                    None => Ok(()),
                }
            }
            (Method::Ranked, Ballot::Ranking(order)) => {
                if order.is_empty() {
                    return Err(BallotProblem::Empty);
                }
                let mut seen = BTreeSet::new();
                for g in order {
                    if !in_round(g) {
                        return Err(BallotProblem::NotInRound(*g));
                    }
                    if !seen.insert(*g) {
                        return Err(BallotProblem::RankedTwice(*g));
                    }
                }
                Ok(())
            }
            (Method::Dot { .. }, _) => Err(BallotProblem::WrongKind { expected: "dots" }),
            (Method::Score { .. }, _) => Err(BallotProblem::WrongKind { expected: "scores" }),
            (Method::Ranked, _) => Err(BallotProblem::WrongKind { expected: "a ranking" }),
        }
    }

    /// A round as a voter's own device knows it (from an invite or the room link): open,
    /// with these goals and this method, so a ballot is checked there as it will be here.
    pub fn as_seen_by_voter(id: RoundId, name: &str, method: Method, goals: Vec<GoalId>, anonymous: bool) -> Round {
        Round {
            id,
            name: name.to_string(),
            method,
            goals,
            status: RoundStatus::Open,
            secrecy: if anonymous { Secrecy::Anonymous } else { Secrecy::Named },
            weighting: Weighting::Equal,
            observers: Default::default(),
            ballots: Default::default(),
            timer_minutes: None,
            removed_ballots: Vec::new(),
            electorate: None,
            held: Default::default(),
        }
    }

    /// Whether `participant` may vote in this round: one of the people present when it
    /// opened (anyone, while it is being set up), and not an observer.
    pub fn is_voter(&self, participant: ParticipantId) -> bool {
        self.electorate.as_ref().is_none_or(|e| e.contains(&participant)) && !self.observers.contains(&participant)
    }
}

/// A ballot the facilitator removed from a round (after being asked), kept on the round's
/// record. Removing a ballot is never an undoable step: it is an explicit action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedBallot {
    pub participant: ParticipantId,
    /// Their name when it was removed (the record outlives a rename).
    pub name: String,
    pub at: crate::domain::time::Timestamp,
}

/// How many of a round's voters have a ballot in, of how many voters: "9 of 12".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallotsIn {
    pub cast: usize,
    pub voters: usize,
}

impl fmt::Display for BallotsIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {}", self.cast, self.voters)
    }
}

impl Round {
    /// The ballots in from this round's voters among `participants` (the people in the
    /// workshop now), of how many voters there are: only voters count on either side, so
    /// `cast` never exceeds `voters`, and an observer or someone not in the round makes
    /// neither figure move.
    pub fn ballots_in(&self, participants: impl IntoIterator<Item = ParticipantId>) -> BallotsIn {
        let voters: BTreeSet<ParticipantId> = crate::domain::order::set_from(participants.into_iter().filter(|p| self.is_voter(*p)));
        BallotsIn { cast: voters.iter().filter(|p| self.ballots.contains_key(p)).count(), voters: voters.len() }
    }
}
