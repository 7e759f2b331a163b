//! Personal invites from the workshop (facilitator's side) and the rounds they describe
//! (participant's side). The invite carries only what one participant needs to vote: the
//! workshop's title and strategy, the open rounds they vote in, each goal with its
//! context, and their own key.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::codec::{round_fingerprint, seal_ballot, BallotContent, Invite, InviteGoal, InviteRound, WorkshopKeys};
use crate::domain::model::{GoalId, ParticipantId, RoundId, Workshop};
use crate::domain::time::Timestamp;
use crate::domain::voting::{Ballot, BallotProblem, Method, Round, RoundStatus, Secrecy};

/// Why no invite can be made for someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteProblem {
    UnknownParticipant(ParticipantId),
    /// No round is open, or the person observes every open one.
    NothingToVoteOn { name: String },
    /// Every invite issued to the person was withdrawn, or none was issued yet.
    NoInvite { name: String },
}

impl std::fmt::Display for InviteProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InviteProblem::UnknownParticipant(p) => write!(f, "There is no participant {p} in this workshop."),
            InviteProblem::NothingToVoteOn { name } => {
                write!(f, "{name} has no open round to vote in. Open a round first: an invite carries the rounds open when it is made.")
            }
            InviteProblem::NoInvite { name } => write!(f, "{name} has no invite that is not withdrawn; issue a new invite first."),
        }
    }
}

/// Whether `participant` may be issued an invite now: they are in the workshop and vote
/// in an open round (an invite carries the rounds open when it is made).
pub fn can_invite(w: &Workshop, participant: ParticipantId) -> Result<(), InviteProblem> {
    let person = w.participant(participant).ok_or(InviteProblem::UnknownParticipant(participant))?;
    if w.rounds().any(|r| r.status == RoundStatus::Open && r.is_voter(participant)) {
        Ok(())
    } else {
        Err(InviteProblem::NothingToVoteOn { name: person.name.clone() })
    }
}

/// The link contents of the participant's newest invite that is not withdrawn, listing
/// the rounds open `now` (the facilitator issues the invite first: `Workshop::issue_invite`).
pub fn invite_for(w: &Workshop, keys: &WorkshopKeys, participant: ParticipantId, now: Timestamp) -> Result<Invite, InviteProblem> {
    let person = w.participant(participant).ok_or(InviteProblem::UnknownParticipant(participant))?;
    let record = *w.current_invite(participant).ok_or_else(|| InviteProblem::NoInvite { name: person.name.clone() })?;
    let department_name = |d| w.department(d).map(|d| d.name.clone()).unwrap_or_default();
    let rounds: Vec<InviteRound> = w
        .rounds()
        .filter(|r| r.status == RoundStatus::Open && r.is_voter(participant))
        .map(|r| InviteRound {
            id: r.id.0,
            name: r.name.clone(),
            method: r.method.into(),
            anonymous: r.secrecy == Secrecy::Anonymous,
            goals: r
                .goals
                .iter()
                .filter_map(|g| w.goal(*g))
                .map(|goal| InviteGoal {
                    id: goal.id.0,
                    title: goal.title.clone(),
                    parent: w.parent(goal.id).map(|p| w.title_of(p)).unwrap_or_default(),
                    department: goal.department.map(department_name).unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    if rounds.is_empty() {
        return Err(InviteProblem::NothingToVoteOn { name: person.name.clone() });
    }
    Ok(Invite {
        tag: keys.tag.0,
        title: w.title.clone(),
        strategy: w.strategy.clone(),
        participant: participant.0,
        name: person.name.clone(),
        department: person.department.map(department_name).unwrap_or_default(),
        issued: now.millis(),
        key: keys.key_for(participant, record.id, &record.salt).0,
        rounds,
        invite: record.id.0,
    })
}

impl InviteRound {
    /// The round as the voter's device checks ballots against it: open, with this
    /// invite's goals and method.
    pub fn as_round(&self) -> Round {
        Round::as_seen_by_voter(RoundId(self.id), &self.name, self.method.clone().into(), self.goal_ids(), self.anonymous)
    }

    pub fn goal_ids(&self) -> Vec<GoalId> {
        self.goals.iter().map(|g| GoalId(g.id)).collect()
    }

    pub fn fingerprint(&self) -> u32 {
        round_fingerprint(RoundId(self.id), Method::from(self.method.clone()), &self.goal_ids())
    }
}

impl Invite {
    pub fn round(&self, id: RoundId) -> Option<&InviteRound> {
        self.rounds.iter().find(|r| r.id == id.0)
    }

    /// The participant's side of voting: checks the ballot against the round as the invite
    /// describes it, then seals it into a ballot code. `counter`: the device's count of
    /// codes made for this round, this one included (see `Draft::next_counter`);
    /// `nonce`: fresh random bytes.
    pub fn seal(&self, round: &InviteRound, ballot: Ballot, counter: u64, nonce: [u8; 12]) -> Result<String, BallotProblem> {
        round.as_round().check_ballot(&ballot)?;
        let content = BallotContent { round: RoundId(round.id), fingerprint: round.fingerprint(), ballot, counter };
        Ok(seal_ballot(&self.participant_key(), self.workshop_tag(), ParticipantId(self.participant), self.invite_id(), &content, nonce))
    }

    /// What this device can tell about this invite from the other invites it keeps (a
    /// phone cannot ask the facilitator): whether a newer invite for the same person is
    /// here, and which of this invite's rounds that newer invite no longer lists (closed,
    /// or set up again, since this one was made).
    pub fn standing<'a>(&self, kept: impl IntoIterator<Item = &'a Invite>) -> Standing {
        let newest = kept
            .into_iter()
            .filter(|k| k.tag == self.tag && k.participant == self.participant && k.is_newer_than(self))
            .max_by_key(|k| (k.invite, k.issued));
        match newest {
            None => Standing::default(),
            Some(newest) => Standing {
                newer: Some(newest.clone()),
                gone: self
                    .rounds
                    .iter()
                    .filter(|r| !newest.rounds.iter().any(|n| n.id == r.id && n.fingerprint() == r.fingerprint()))
                    .map(|r| r.id)
                    .collect(),
            },
        }
    }
}

/// See `Invite::standing`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Standing {
    pub newer: Option<Invite>,
    /// Round IDs of this invite that the newer invite does not list as they are here.
    pub gone: BTreeSet<u32>,
}

/// What a participant's device keeps per round between visits: the ballot being filled
/// in, and the last code it made (so a reload still shows it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub marks: BTreeMap<GoalId, u32>,
    pub ranking: Vec<GoalId>,
    pub code: Option<String>,
    /// How many codes this device has made for the round (the last code's counter). Kept
    /// with the draft; ballots are ordered by it, never by the device's clock.
    pub counter: u64,
}

#[derive(Default, Serialize, Deserialize)]
struct DraftDoc {
    #[serde(default)]
    marks: BTreeMap<u32, u32>,
    #[serde(default)]
    ranking: Vec<u32>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    counter: u64,
}

impl Draft {
    /// Reads a stored draft, keeping only what still fits the round (an invite replaced
    /// by a newer one may have other goals). Damaged drafts read as empty.
    pub fn restore(text: &str, round: &InviteRound) -> Draft {
        let goals = round.goal_ids();
        let doc: DraftDoc = serde_json::from_slice(text.as_bytes()).unwrap_or_default(); // as bytes: one JSON reader in the phone's wasm, not two
        let mut seen = BTreeSet::new();
        // Inserted one by one (`extend`), not `collect`ed: collecting into a B-tree sorts first, and each sort is ~4 KB of the participant page's wasm.
        let mut marks = BTreeMap::new();
        marks.extend(doc.marks.into_iter().map(|(g, v)| (GoalId(g), v)).filter(|(g, _)| goals.contains(g)));
        Draft {
            marks,
            ranking: doc.ranking.into_iter().map(GoalId).filter(|g| goals.contains(g) && seen.insert(*g)).collect(),
            code: doc.code,
            counter: doc.counter,
        }
    }

    /// The counter for the next code (`None` once a device has made 2^64 - 1 codes).
    pub fn next_counter(&self) -> Option<u64> {
        self.counter.checked_add(1)
    }

    pub fn to_json(&self) -> String {
        let mut marks = BTreeMap::new();
        marks.extend(self.marks.iter().map(|(g, v)| (g.0, *v)));
        let doc = DraftDoc {
            marks,
            ranking: self.ranking.iter().map(|g| g.0).collect(),
            code: self.code.clone(),
            counter: self.counter,
        };
        serde_json::to_string(&doc).expect("drafts serialise")
    }
}
