//! The phone's side of the room, beyond what a `Phone` keeps: who may be chosen on
//! "Who are you?" (a walk-in's typed name is checked here as the facilitator's Accord
//! will check it, so the phone refuses what would be refused), editing a round's ballot
//! in progress, and which rounds the last code carries as they are now ("Sent").
//!
//! A round's `Draft.code` on a phone means "the code that carries this round's ballot
//! as it is now": set for every round a code holds when it is made, cleared as soon as
//! that round's ballot changes. (`Draft.counter` is unused on a phone: the phone's one
//! counter is `Phone.counter`.)

use std::collections::BTreeMap;

use crate::domain::codec::{RoomDoc, RoomRound};
use crate::domain::model::{text, Field, GoalId, ModelError};
use crate::domain::room::{Phone, SendProblem, Who};
use crate::domain::voting::Ballot;

/// Why a typed walk-in name is not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkInProblem {
    /// This room link does not allow names that are not on the list.
    NotAllowed,
    /// The name is empty, too long, or holds characters a name may not hold.
    Name(String),
    /// Someone on the list has this name (trimmed, case-insensitive): choose it instead.
    Listed(String),
}

impl std::fmt::Display for WalkInProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WalkInProblem::NotAllowed => write!(f, "The facilitator has not allowed names that are not on the list; choose yours from the list."),
            WalkInProblem::Name(why) => write!(f, "{why}"),
            WalkInProblem::Listed(name) => write!(
                f,
                "{name} is already on the list: if that is you, choose your name above. If you are someone else with the same name, add something to tell you apart (an initial, your department)."
            ),
        }
    }
}

/// The walk-in `typed` joins as, checked as the facilitator's Accord checks it (the text
/// rules of a participant's name, walk-ins allowed, no listed name taken).
pub fn walk_in(room: &RoomDoc, typed: &str) -> Result<Who, WalkInProblem> {
    walk_in_folded(room, typed, &str::to_lowercase)
}

/// `walk_in`, with names compared after `fold` (Unicode lowercasing). The phone passes
/// the browser's own `toLowerCase`, the same Unicode mapping, which keeps Rust's case
/// tables (about 8 KB gzip) out of its download; the facilitator's Accord, which decides,
/// folds with Rust's `to_lowercase`.
pub fn walk_in_folded(room: &RoomDoc, typed: &str, fold: &dyn Fn(&str) -> String) -> Result<Who, WalkInProblem> {
    if !room.walk {
        return Err(WalkInProblem::NotAllowed);
    }
    let name = text::check(Field::ParticipantName, typed)
        .map_err(|problem| WalkInProblem::Name(ModelError::Text { field: Field::ParticipantName, problem }.to_string()))?;
    let folded = fold(&name);
    if let Some((_, listed)) = room.p.iter().find(|(_, n)| fold(n.trim()) == folded) {
        return Err(WalkInProblem::Listed(listed.clone()));
    }
    Ok(Who::WalkIn { name })
}

/// A listed person as the phone joins as them (`None`: not in this room link).
pub fn listed(room: &RoomDoc, id: u32) -> Option<Who> {
    room.person(id).map(|name| Who::Listed { id, name: name.to_string() })
}

/// The ballot a round's marks and ranking make (what sealing would carry).
fn ballot(round: &RoomRound, marks: &BTreeMap<GoalId, u32>, ranking: &[GoalId]) -> Ballot {
    round.method().ballot_from(marks, ranking)
}

fn is_empty(ballot: &Ballot) -> bool {
    match ballot {
        Ballot::Dots(m) | Ballot::Scores(m) => m.is_empty(),
        Ballot::Ranking(r) => r.is_empty(),
    }
}

impl Phone {
    /// Sets a round's ballot in progress. A change to what the ballot says takes the
    /// round out of the last code ("Sent" goes). Returns whether the ballot changed.
    pub fn set_draft(&mut self, round: &RoomRound, marks: BTreeMap<GoalId, u32>, ranking: Vec<GoalId>) -> bool {
        let draft = self.drafts.entry(round.id).or_default();
        let changed = ballot(round, &draft.marks, &draft.ranking) != ballot(round, &marks, &ranking);
        draft.marks = marks;
        draft.ranking = ranking;
        if changed {
            draft.code = None;
        }
        changed
    }

    /// Whether the last code carries this round's ballot as it is now.
    pub fn is_sent(&self, round: u32) -> bool {
        self.code.is_some() && self.drafts.get(&round).is_some_and(|d| d.code.is_some() && d.code == self.code)
    }

    /// The rounds of `room` this phone has filled in (a ballot with something on it).
    pub fn filled<'a>(&self, room: &'a RoomDoc) -> Vec<&'a RoomRound> {
        self.rounds(room)
            .into_iter()
            .filter(|r| self.drafts.get(&r.id).is_some_and(|d| !is_empty(&ballot(r, &d.marks, &d.ranking))))
            .collect()
    }

    /// Whether the last code carries every round filled in, as it is now (so showing it
    /// again shows the person's ballots as they are).
    pub fn last_code_is_current(&self, room: &RoomDoc) -> bool {
        self.code.is_some() && self.filled(room).iter().all(|r| self.is_sent(r.id))
    }

    /// Seals every round filled in into one code (`Phone::seal`) and marks those rounds
    /// sent. Returns the code and the names of the rounds it carries.
    pub fn send(&mut self, room: &RoomDoc, nonce: [u8; 12]) -> Result<(String, Vec<String>), SendProblem> {
        let carried: Vec<(u32, String)> = self.filled(room).iter().map(|r| (r.id, r.name.clone())).collect();
        let code = self.seal(room, nonce)?;
        for draft in self.drafts.values_mut() {
            draft.code = None;
        }
        for (id, _) in &carried {
            if let Some(draft) = self.drafts.get_mut(id) {
                draft.code = Some(code.clone());
            }
        }
        Ok((code, carried.into_iter().map(|(_, name)| name).collect()))
    }

    /// The names of the rounds the last code carries as they are now.
    pub fn sent_rounds(&self, room: &RoomDoc) -> Vec<String> {
        self.rounds(room).into_iter().filter(|r| self.is_sent(r.id)).map(|r| r.name.clone()).collect()
    }
}
