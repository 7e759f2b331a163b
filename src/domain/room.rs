//! The room: one link (and QR code) for everyone, from the workshop as it is now
//! (`room_for`), and what a phone that joined keeps (`Phone`): its own key pair, who it
//! is, its counter, and its ballots in progress. A phone is that person for this
//! workshop from its first code on; it picks up the next round by opening the room link
//! again, and sends every open round it has filled in as one code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::codec::{
    encode_room, seal_room_ballots, Claim, DeviceSecret, InviteGoal, InviteRound, RoomDoc, RoomRound, RoundBallot, WorkshopKeys,
};
use crate::domain::invitation::Draft;
use crate::domain::model::{GoalId, ParticipantId, RoundId, Workshop};
use crate::domain::voting::{BallotProblem, RoundStatus, Secrecy};

/// Why there is no room link to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomProblem {
    /// No round is open.
    NothingOpen,
}

impl std::fmt::Display for RoomProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoomProblem::NothingOpen => write!(f, "Open a round first: the room code carries the rounds that are open."),
        }
    }
}

/// What the room link carries, from the workshop as it is: every open round, its goals
/// with their parents and departments, who votes in it, and the facilitator's public key.
pub fn room_for(w: &Workshop, keys: &WorkshopKeys) -> Result<RoomDoc, RoomProblem> {
    let b64 = |bytes: &[u8]| crate::domain::codec::b64::URL_SAFE_NO_PAD.encode(bytes);
    let open: Vec<_> = w.rounds().filter(|r| r.status == RoundStatus::Open).collect();
    if open.is_empty() {
        return Err(RoomProblem::NothingOpen);
    }
    let mut goals: BTreeMap<GoalId, (u32, String, u32, u32)> = BTreeMap::new();
    let mut departments = std::collections::BTreeSet::new();
    let mut add_goal = |id: GoalId, goals: &mut BTreeMap<GoalId, (u32, String, u32, u32)>| {
        if let Some(goal) = w.goal(id) {
            let parent = w.parent(id);
            departments.extend(goal.department);
            goals.entry(id).or_insert_with(|| (id.0, goal.title.clone(), parent.map_or(0, |p| p.0), goal.department.map_or(0, |d| d.0)));
            parent
        } else {
            None
        }
    };
    for round in &open {
        for g in &round.goals {
            // The goal and the one it sits under, for context on the phone.
            if let Some(parent) = add_goal(*g, &mut goals) {
                add_goal(parent, &mut goals);
            }
        }
    }
    let voters = |r: &crate::domain::voting::Round| w.participants().iter().filter(|p| r.is_voter(p.id)).map(|p| p.id.0).collect::<Vec<_>>();
    // Everyone listed in an open round, ascending, once each (a sorted list, not a set: no
    // BTreeSet<u32> code in the wasm for it).
    let mut everyone: Vec<u32> = open.iter().flat_map(|r| voters(r)).collect();
    crate::domain::order::sort(&mut everyone);
    everyone.dedup();
    Ok(RoomDoc {
        t: b64(&keys.tag.0),
        k: b64(&keys.room_key().0),
        w: w.title.clone(),
        walk: w.walk_ins(),
        p: w.participants().iter().filter(|p| everyone.binary_search(&p.id.0).is_ok()).map(|p| (p.id.0, p.name.clone())).collect(),
        d: w.departments().iter().filter(|d| departments.contains(&d.id)).map(|d| (d.id.0, d.name.clone())).collect(),
        g: goals.into_values().collect(),
        r: open
            .iter()
            .map(|r| RoomRound {
                id: r.id.0,
                name: r.name.clone(),
                method: r.method.into(),
                anonymous: r.secrecy == Secrecy::Anonymous,
                goals: r.goals.iter().map(|g| g.0).collect(),
                voters: Some(voters(r)).filter(|v| *v != everyone),
            })
            .collect(),
    })
}

/// The room link's fragment (`room=ACR1.…`), to append to the participant page's address.
pub fn room_fragment(w: &Workshop, keys: &WorkshopKeys) -> Result<String, RoomProblem> {
    Ok(format!("room={}", encode_room(&room_for(w, keys)?)))
}

/// Who a phone is, as the phone keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Listed { id: u32, name: String },
    WalkIn { name: String },
}

impl Who {
    pub fn name(&self) -> &str {
        match self {
            Who::Listed { name, .. } | Who::WalkIn { name } => name,
        }
    }

    fn claim(&self) -> Claim {
        match self {
            Who::Listed { id, .. } => Claim::Listed(ParticipantId(*id)),
            Who::WalkIn { name } => Claim::WalkIn(name.clone()),
        }
    }

    fn listed_id(&self) -> Option<u32> {
        match self {
            Who::Listed { id, .. } => Some(*id),
            Who::WalkIn { .. } => None,
        }
    }
}

/// What a phone keeps for one workshop's room (in its browser storage, under the
/// workshop's tag): its key pair, who it is, its counter, and each round's ballot in
/// progress. A phone is one person: choosing someone else ("not you?") starts afresh
/// with a new key pair, so the facilitator sees a new phone, never a person swapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Phone {
    secret: DeviceSecret,
    pub who: Who,
    /// Codes this phone has made for the workshop (the last one's counter).
    pub counter: u64,
    pub drafts: BTreeMap<u32, Draft>,
    /// The last code made, so a reload still shows it.
    pub code: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PhoneDoc {
    secret: String,
    who: Who,
    #[serde(default)]
    counter: u64,
    #[serde(default)]
    drafts: BTreeMap<u32, String>,
    #[serde(default)]
    code: Option<String>,
}

/// Why a phone cannot make a code.
#[derive(Debug, Clone, PartialEq)]
pub enum SendProblem {
    /// No open round has a ballot filled in.
    Empty,
    /// A round's ballot is not valid (the form shows it beside the round).
    Ballot { round: String, problem: BallotProblem },
    /// The room link's key is unusable (a damaged or hostile link).
    BadRoom,
    /// This phone has made 2^64 - 1 codes.
    Exhausted,
}

impl std::fmt::Display for SendProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendProblem::Empty => write!(f, "Fill in at least one round's ballot first."),
            SendProblem::Ballot { round, problem } => write!(f, "“{round}”: {problem}"),
            SendProblem::BadRoom => write!(f, "This room link cannot take ballots; scan the room's QR code again."),
            SendProblem::Exhausted => write!(f, "This phone cannot make more codes for this workshop."),
        }
    }
}

impl Phone {
    /// A phone joining as `who`, with 32 fresh random bytes for its key.
    pub fn join(who: Who, random: [u8; 32]) -> Phone {
        Phone { secret: DeviceSecret(random), who, counter: 0, drafts: BTreeMap::new(), code: None }
    }

    pub fn device_short(&self) -> String {
        self.secret.public().short()
    }

    /// Reads what the phone kept; a damaged record reads as none (the phone joins again).
    pub fn restore(text: &str, room: &RoomDoc) -> Option<Phone> {
        let doc: PhoneDoc = serde_json::from_slice(text.as_bytes()).ok()?; // as bytes: one JSON reader in the phone's wasm, not two
        let secret: [u8; 32] = crate::domain::codec::b64::URL_SAFE_NO_PAD.decode(&doc.secret).ok()?.try_into().ok()?;
        // Inserted one by one (`extend`), not `collect`ed: collecting into a B-tree sorts first, and each sort is ~4 KB of the participant page's wasm.
        let mut drafts = BTreeMap::new();
        drafts.extend(doc.drafts.into_iter().filter_map(|(id, text)| room.round(RoundId(id)).map(|r| (id, Draft::restore(&text, &invite_round(room, r))))));
        Some(Phone { secret: DeviceSecret(secret), who: doc.who, counter: doc.counter, drafts, code: doc.code })
    }

    pub fn to_json(&self) -> String {
        let mut drafts = BTreeMap::new();
        drafts.extend(self.drafts.iter().map(|(id, d)| (*id, d.to_json())));
        serde_json::to_string(&PhoneDoc {
            secret: crate::domain::codec::b64::URL_SAFE_NO_PAD.encode(self.secret.0),
            who: self.who.clone(),
            counter: self.counter,
            drafts,
            code: self.code.clone(),
        })
        .expect("phones serialise")
    }

    /// The rounds of the room this phone votes in.
    pub fn rounds<'a>(&self, room: &'a RoomDoc) -> Vec<&'a RoomRound> {
        room.rounds_for(self.who.listed_id()).collect()
    }

    /// Seals every round filled in (each checked against the round first) into one code,
    /// raising the phone's counter. `nonce`: fresh random bytes.
    pub fn seal(&mut self, room: &RoomDoc, nonce: [u8; 12]) -> Result<String, SendProblem> {
        let (Some(tag), Some(key)) = (room.tag(), room.room_key()) else { return Err(SendProblem::BadRoom) };
        let mut ballots = Vec::new();
        for round in self.rounds(room) {
            let Some(draft) = self.drafts.get(&round.id) else { continue };
            let ballot = round.method().ballot_from(&draft.marks, &draft.ranking);
            if ballot_is_empty(&ballot) {
                continue;
            }
            round.as_round().check_ballot(&ballot).map_err(|problem| SendProblem::Ballot { round: round.name.clone(), problem })?;
            ballots.push(RoundBallot { round: RoundId(round.id), fingerprint: round.fingerprint(), ballot });
        }
        if ballots.is_empty() {
            return Err(SendProblem::Empty);
        }
        let counter = self.counter.checked_add(1).ok_or(SendProblem::Exhausted)?;
        let code = seal_room_ballots(&self.secret, &key, tag, &self.who.claim(), counter, &ballots, nonce).ok_or(SendProblem::BadRoom)?;
        self.counter = counter;
        self.code = Some(code.clone());
        Ok(code)
    }
}

fn ballot_is_empty(ballot: &crate::domain::voting::Ballot) -> bool {
    use crate::domain::voting::Ballot;
    match ballot {
        Ballot::Dots(m) | Ballot::Scores(m) => m.is_empty(),
        Ballot::Ranking(r) => r.is_empty(),
    }
}

/// A room round in the shape the participant's ballot form and drafts already know
/// (each goal with the title of the goal it sits under and its department's name).
pub fn invite_round(room: &RoomDoc, r: &RoomRound) -> InviteRound {
    let title = |id: u32| room.goal(id).map(|g| g.1.clone()).unwrap_or_default();
    InviteRound {
        id: r.id,
        name: r.name.clone(),
        method: r.method.clone(),
        anonymous: r.anonymous,
        goals: r
            .goals
            .iter()
            .map(|id| {
                let (parent, department) = room.goal(*id).map_or((0, 0), |g| (g.2, g.3));
                InviteGoal {
                    id: *id,
                    title: title(*id),
                    parent: if parent == 0 { String::new() } else { title(parent) },
                    department: room.department(department).unwrap_or_default().to_string(),
                }
            })
            .collect(),
    }
}
