//! Receiving ballot codes: each code is opened with its sender's key, checked against the
//! workshop, and either turned into the edit that counts it or refused with a reason the
//! facilitator can read out. Importing the same code twice changes nothing; a newer ballot
//! from the same person replaces the older; an older one never replaces a newer.

use crate::domain::codec::{open_ballot, round_fingerprint, CodeError, WorkshopKeys};
use crate::domain::model::{Edit, ParticipantId, RoundId, Workshop};
use crate::domain::time::Timestamp;
use crate::domain::voting::{BallotProblem, RoundStatus};

/// A code that counts (or already counted).
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub participant: ParticipantId,
    pub round: RoundId,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A first ballot from this person in this round: apply the edit.
    Accepted(Edit),
    /// Replaces the person's earlier ballot: apply the edit.
    Replaced(Edit),
    /// This very ballot is already counted; nothing changes.
    AlreadyCounted,
}

impl Received {
    pub fn edit(self) -> Option<Edit> {
        match self.outcome {
            Outcome::Accepted(e) | Outcome::Replaced(e) => Some(e),
            Outcome::AlreadyCounted => None,
        }
    }

    /// One line for the facilitator, such as "Accepted: Ada's ballot for “Q3 bets”."
    pub fn describe(&self, w: &Workshop) -> String {
        let (who, round) = names(w, self.participant, self.round);
        match self.outcome {
            Outcome::Accepted(_) => format!("Accepted: {who}'s ballot for “{round}”."),
            Outcome::Replaced(_) => format!("Replaced {who}'s earlier ballot for “{round}” with this newer one."),
            Outcome::AlreadyCounted => format!("Already counted: this is {who}'s ballot for “{round}”; nothing changed."),
        }
    }
}

/// Why a code does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Code(CodeError),
    /// For a round this workshop does not have, or one set up again since the invite.
    OtherRound,
    RoundNotOpen { round: String, status: &'static str },
    /// Older than the ballot already counted from the same person.
    Older { participant: String, round: String },
    Observer { participant: String, round: String },
    /// Authentic but not a valid ballot for the round (cannot come from Accord's own
    /// participant view, which checks first; said plainly all the same).
    Invalid { participant: String, problem: BallotProblem },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Code(e) => write!(f, "Rejected: {e}."),
            Refusal::OtherRound => write!(
                f,
                "Rejected: this ballot code was made for another round (one that no longer exists, or was set up again after the invite); send a new invite."
            ),
            Refusal::RoundNotOpen { round, status } => write!(f, "Rejected: round “{round}” is {status}, so it takes no more ballots."),
            Refusal::Older { participant, round } => write!(
                f,
                "Rejected: this code is older than the ballot already counted from {participant} in “{round}”; the newer ballot stays."
            ),
            Refusal::Observer { participant, round } => write!(f, "Rejected: {participant} observes “{round}” and does not vote in it."),
            Refusal::Invalid { participant, problem } => write!(f, "Rejected: {participant}'s ballot is not valid for this round. {problem}"),
        }
    }
}

fn names(w: &Workshop, participant: ParticipantId, round: RoundId) -> (String, String) {
    (
        w.participant(participant).map(|p| p.name.clone()).unwrap_or_else(|| participant.to_string()),
        w.round(round).map(|r| r.name.clone()).unwrap_or_else(|| round.to_string()),
    )
}

/// Checks one ballot code against the workshop as it is now.
pub fn receive(w: &Workshop, keys: &WorkshopKeys, code: &str) -> Result<Received, Refusal> {
    let key_for = |p: ParticipantId| w.participant(p).map(|_| keys.key_for(p));
    let (participant, content) = open_ballot(code, keys.tag, key_for).map_err(Refusal::Code)?;
    let round = w.round(content.round).ok_or(Refusal::OtherRound)?;
    if round_fingerprint(round.id, round.method, &round.goals) != content.fingerprint {
        return Err(Refusal::OtherRound);
    }
    let (who, round_name) = names(w, participant, round.id);
    let at = Timestamp::from_millis(content.sequence);
    let counted = round.ballots.get(&participant);
    if let Some(c) = counted {
        if c.ballot == content.ballot && c.at == Some(at) {
            return Ok(Received { participant, round: round.id, outcome: Outcome::AlreadyCounted });
        }
    }
    if round.status != RoundStatus::Open {
        return Err(Refusal::RoundNotOpen { round: round_name, status: round.status.label() });
    }
    if !round.is_voter(participant) {
        return Err(Refusal::Observer { participant: who, round: round_name });
    }
    if counted.and_then(|c| c.at).is_some_and(|counted_at| at <= counted_at) {
        return Err(Refusal::Older { participant: who, round: round_name });
    }
    round.check_ballot(&content.ballot).map_err(|problem| Refusal::Invalid { participant: who.clone(), problem })?;
    let edit = w
        .cast(round.id, participant, content.ballot, at)
        .expect("every condition cast checks was checked above");
    let outcome = if counted.is_some() { Outcome::Replaced(edit) } else { Outcome::Accepted(edit) };
    Ok(Received { participant, round: round.id, outcome })
}

/// The ballot codes in pasted text: every `ACB1.` followed by its code characters, so
/// codes pasted with chat text around them, or many at once, are all found. Text with no
/// code at all comes back whole (to be refused as not a code) unless it is blank.
pub fn find_codes(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("ACB1.") {
        let tail = &rest[start..];
        let body_len = tail[5..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(tail.len() - 5);
        found.push(&tail[..5 + body_len]);
        rest = &tail[5 + body_len..];
    }
    if found.is_empty() && !text.trim().is_empty() {
        found.push(text.trim());
    }
    found
}
