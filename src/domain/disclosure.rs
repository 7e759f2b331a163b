//! The one disclosure policy: what of a voting round may be shown, anywhere (the
//! facilitator's screens, the projector, the conflict detectors, every export and the
//! command-line renderings), given the round's status and secrecy.
//!
//! - **Nothing of a round is shown before it is revealed**: no order, figure, priority,
//!   per-department result, divergence or ballot. Who has voted is shown; how, never.
//! - **Anonymous rounds never show a group smaller than `MIN_GROUP` ballots**: departments
//!   with fewer ballots are shown together as "other departments" (and if that group is
//!   still too small, the smallest department shown joins it); an anonymous round with
//!   fewer ballots than that in all shows no results at all.
//! - **Anonymous ballot listings number voters in a shuffled order**, from a seed passed in
//!   by the caller (randomness from the edge), never from participant order or IDs.
//! - **Named rounds** show each ballot with its voter's name, once revealed.

use std::fmt;

use crate::domain::model::{DepartmentId, GoalId, ParticipantId, Priority, Workshop};
use crate::domain::splitmix::SplitMix;
use crate::domain::tally::{agreement_between, tally_round, RoundResult, TallyError};
use crate::domain::voting::{Ballot, Round, RoundStatus, Secrecy, Weighting};

/// The smallest group of ballots an anonymous round may show a result for.
pub const MIN_GROUP: usize = 3;

/// Why a round's results are not shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hidden {
    /// Not revealed yet (being set up, open or closed).
    NotRevealed,
    /// An anonymous round with fewer than `MIN_GROUP` ballots: any result would show them.
    TooFewBallots { ballots: usize },
    /// Revealed, but its weighting cannot be counted exactly (the tally says why).
    Uncountable(TallyError),
}

impl fmt::Display for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hidden::NotRevealed => write!(f, "The results stay hidden until you reveal them."),
            Hidden::TooFewBallots { ballots } => write!(
                f,
                "This anonymous round has {ballots} ballot(s); results of fewer than {MIN_GROUP} ballots would show how people voted, so they are withheld."
            ),
            Hidden::Uncountable(problem) => write!(f, "{problem}"),
        }
    }
}

/// Whether the round has been revealed (the first condition for showing anything of it).
pub fn results_shown(round: &Round) -> bool {
    round.status == RoundStatus::Revealed
}

/// Whether the round's overall result (and the priorities it gives) may be shown.
pub fn overall_shown(round: &Round) -> Result<(), Hidden> {
    if !results_shown(round) {
        return Err(Hidden::NotRevealed);
    }
    let n = round.ballots.len();
    if round.secrecy == Secrecy::Anonymous && n > 0 && n < MIN_GROUP {
        return Err(Hidden::TooFewBallots { ballots: n });
    }
    Ok(())
}

/// A group of voters whose result is shown on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    Department(DepartmentId),
    /// Voters without a department.
    NoDepartment,
    /// Departments (`None`: people without one) too small to be shown alone, together.
    Others(Vec<Option<DepartmentId>>),
}

impl Group {
    pub fn label(&self, w: &Workshop) -> String {
        let name = |d: &Option<DepartmentId>| match d {
            Some(d) => w.department(*d).map(|d| d.name.clone()).unwrap_or_else(|| d.to_string()),
            None => "no department".to_string(),
        };
        match self {
            Group::Department(d) => name(&Some(*d)),
            Group::NoDepartment => "No department".to_string(),
            Group::Others(members) => {
                format!("Other departments ({})", members.iter().map(name).collect::<Vec<_>>().join(", "))
            }
        }
    }

    /// The one department this group is, if it is one.
    pub fn department(&self) -> Option<DepartmentId> {
        match self {
            Group::Department(d) => Some(*d),
            _ => None,
        }
    }
}

/// Who voted in each group shown; `merged` says whether small departments were put
/// together (so the screen can say so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    pub groups: Vec<(Group, Vec<ParticipantId>)>,
    pub merged: bool,
}

/// A voter's department (`None`: none, or one no longer listed, which counts with "no
/// department").
fn department_of(w: &Workshop, p: ParticipantId) -> Option<DepartmentId> {
    w.participant(p).and_then(|p| p.department).filter(|d| w.department(*d).is_some())
}

/// The groups a round's per-department results may be shown in (whatever its status;
/// callers check `overall_shown` first). Named rounds: every department that voted.
/// Anonymous rounds: departments of at least `MIN_GROUP` ballots alone, the rest together.
pub fn grouping(w: &Workshop, round: &Round) -> Grouping {
    let mut keys: Vec<Option<DepartmentId>> = w.departments().iter().map(|d| Some(d.id)).collect();
    keys.push(None);
    // Voters by department, the departments ascending (a sorted list searched by key, not
    // a BTreeMap type of its own: issue #17). `None` once taken below.
    let mut members: Vec<(Option<DepartmentId>, Option<Vec<ParticipantId>>)> = Vec::new();
    for p in round.ballots.keys() {
        let d = department_of(w, *p);
        match members.binary_search_by(|(k, _)| k.cmp(&d)) {
            Ok(at) => members[at].1.get_or_insert_with(Vec::new).push(*p),
            Err(at) => members.insert(at, (d, Some(vec![*p]))),
        }
    }
    let as_group = |d: Option<DepartmentId>| match d {
        Some(d) => Group::Department(d),
        None => Group::NoDepartment,
    };
    let present: Vec<(Option<DepartmentId>, Vec<ParticipantId>)> =
        keys.into_iter().filter_map(|d| members.binary_search_by(|(k, _)| k.cmp(&d)).ok().and_then(|at| members[at].1.take()).map(|ps| (d, ps))).collect();
    if round.secrecy == Secrecy::Named {
        return Grouping { groups: present.into_iter().map(|(d, ps)| (as_group(d), ps)).collect(), merged: false };
    }
    let (mut alone, mut small): (Vec<_>, Vec<_>) = present.into_iter().partition(|(_, ps)| ps.len() >= MIN_GROUP);
    // How many ballots a list of departments holds (lengths of lists in memory, added
    // without wrapping all the same).
    let count = |list: &[(Option<DepartmentId>, Vec<ParticipantId>)]| list.iter().fold(0usize, |n, (_, ps)| n.saturating_add(ps.len()));
    // The small ones together must reach the minimum too: the smallest department shown
    // alone joins them until they do (otherwise overall minus the others would show them).
    while count(&small) > 0 && count(&small) < MIN_GROUP && !alone.is_empty() {
        let smallest = (0..alone.len()).rev().min_by_key(|i| alone[*i].1.len()).expect("not empty");
        small.push(alone.remove(smallest));
    }
    let merged = !small.is_empty();
    let mut groups: Vec<(Group, Vec<ParticipantId>)> = alone.into_iter().map(|(d, ps)| (as_group(d), ps)).collect();
    if count(&small) >= MIN_GROUP {
        let mut ds: Vec<Option<DepartmentId>> = small.iter().map(|(d, _)| *d).collect();
        // Listed in the workshop's department order, people without one last.
        crate::domain::order::sort_by_key(&mut ds, |d| (d.is_none(), w.departments().iter().position(|x| Some(x.id) == *d)));
        groups.push((Group::Others(ds), small.into_iter().flat_map(|(_, ps)| ps).collect()));
    }
    Grouping { groups, merged }
}

/// A round's results as they may be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosed {
    /// With the round's weighting.
    pub overall: RoundResult,
    /// One result per group shown (equal weights within it).
    pub groups: Vec<(Group, RoundResult)>,
    /// Small departments were put together (an anonymous round): say so.
    pub merged: bool,
    /// Kendall's W between the groups' orders; `None` with fewer than two groups.
    pub agreement: Option<f64>,
    /// Per goal, how far apart the groups place it (0–1), most divergent first.
    pub divergence: Vec<(GoalId, f64)>,
}

fn tally_of(w: &Workshop, round: &Round, voters: &[ParticipantId]) -> Result<RoundResult, TallyError> {
    let mut part = round.clone();
    part.ballots.retain(|p, _| voters.contains(p));
    tally_round(w, &part, Weighting::Equal, None)
}

/// The round's results, or why they are not shown.
pub fn results(w: &Workshop, round: &Round) -> Result<Disclosed, Hidden> {
    overall_shown(round)?;
    let overall = tally_round(w, round, round.weighting, None).map_err(Hidden::Uncountable)?;
    let grouping = grouping(w, round);
    let groups: Vec<(Group, RoundResult)> = grouping
        .groups
        .into_iter()
        .map(|(g, voters)| tally_of(w, round, &voters).map(|r| (g, r)))
        .collect::<Result<_, _>>()
        .map_err(Hidden::Uncountable)?;
    let (agreement, divergence) = agreement_between(&round.goals, groups.iter().map(|(_, r)| r));
    Ok(Disclosed { overall, groups, merged: grouping.merged, agreement, divergence })
}

/// The latest round whose results are shown (the one divergence is read from).
pub fn latest_shown(w: &Workshop) -> Option<&Round> {
    w.rounds().filter(|r| overall_shown(r).is_ok() && !r.ballots.is_empty()).last()
}

/// A goal's agreed priority as it may be shown: only from a round whose results are.
pub fn priority(w: &Workshop, goal: GoalId) -> Option<Priority> {
    let p = w.goal(goal)?.priority?;
    w.round(p.round).is_some_and(|r| overall_shown(r).is_ok()).then_some(p)
}

/// A priority in words that say which round it comes from: `#2 in “Q3 vote”`.
pub fn priority_label(w: &Workshop, p: Priority) -> String {
    match w.round(p.round) {
        Some(r) => format!("#{} in “{}”", p.rank, r.name),
        None => format!("#{}", p.rank),
    }
}

/// The workshop as it may be shown or exported: priorities only from rounds whose results
/// are shown, and no ballots of rounds whose results are not. (The facilitator's own
/// workshop file is the exception: it keeps every ballot, to resume elsewhere.)
pub fn disclosed(w: &Workshop) -> Workshop {
    let mut copy = w.clone();
    for goal in w.goals() {
        if goal.priority.is_some() && priority(w, goal.id).is_none() {
            let _ = copy.apply(crate::domain::model::Edit::SetPriority(goal.id, None));
        }
    }
    for round in w.rounds() {
        if overall_shown(round).is_err() && !round.ballots.is_empty() {
            let mut emptied = round.clone();
            emptied.ballots.clear();
            let _ = copy.apply(crate::domain::model::Edit::PutRound(round.id, Some(Box::new(emptied))));
        }
    }
    copy
}

/// One ballot as a per-voter listing may show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedBallot<'a> {
    /// The voter's name (named rounds) or "voter N" (anonymous: N in a shuffled order).
    pub voter: String,
    /// The voter's department, or the group it is shown in (anonymous rounds).
    pub department: String,
    pub ballot: &'a Ballot,
}

/// The round's ballots as a per-voter listing may show them, or why not. Named rounds:
/// by name, in participant order. Anonymous rounds: "voter 1…n" in an order shuffled
/// from `seed` (pass fresh randomness), each with the group it is shown in.
pub fn listed_ballots<'a>(w: &Workshop, round: &'a Round, seed: u64) -> Result<Vec<ListedBallot<'a>>, Hidden> {
    overall_shown(round)?;
    let department_name = |p: ParticipantId| {
        department_of(w, p).and_then(|d| w.department(d)).map(|d| d.name.clone()).unwrap_or_default()
    };
    if round.secrecy == Secrecy::Named {
        return Ok(round
            .ballots
            .iter()
            .map(|(p, cast)| ListedBallot {
                voter: w.participant(*p).map(|p| p.name.clone()).unwrap_or_default(),
                department: department_name(*p),
                ballot: &cast.ballot,
            })
            .collect());
    }
    let grouping = grouping(w, round);
    let group_of = |p: ParticipantId| grouping.groups.iter().find(|(_, ps)| ps.contains(&p)).map(|(g, _)| g.clone());
    let mut order: Vec<(&ParticipantId, &crate::domain::voting::Cast)> = round.ballots.iter().collect();
    let mut rng = SplitMix(seed ^ u64::from(round.id.0).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    for i in (1..order.len()).rev() {
        let j = rng.fair_below(i + 1);
        order.swap(i, j);
    }
    Ok(order
        .into_iter()
        .enumerate()
        .map(|(n, (p, cast))| ListedBallot {
            voter: format!("voter {}", n + 1),
            department: match group_of(*p) {
                Some(Group::Department(_)) => department_name(*p),
                Some(Group::NoDepartment) | None => String::new(),
                Some(Group::Others(_)) => "other departments".to_string(),
            },
            ballot: &cast.ballot,
        })
        .collect())
}
