//! Receiving ballot codes: each code is opened with the key of the invite it names,
//! checked against the workshop, and either turned into the edit that counts it or
//! refused with a reason the facilitator can read out. Importing the same code twice
//! changes nothing. A person's ballots are ordered by their device's counter, never by a
//! clock: a higher counter from the same invite replaces a lower one, a lower one is
//! refused. Ballots from different sources (a phone and this device, or two invites)
//! cannot be ordered, so when they disagree the facilitator is asked which counts.
//! Room codes (from phones that joined by the room link) are received by
//! `room::receive_room`, with the same rules plus the phone's binding.

pub mod room;
pub use room::{receive_room, Delivery, RoomLine, RoundOutcome};

use crate::domain::codec::{open_ballot, round_fingerprint, CodeError, Opened, WorkshopKeys};
use crate::domain::model::{Edit, InviteId, ParticipantId, RoundId, Workshop};
use crate::domain::time::Timestamp;
use crate::domain::voting::{Ballot, BallotProblem, Cast, RoundStatus, Source};

/// A code that counts (or already counted, or needs the facilitator's choice).
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
    /// The person already has a different ballot counted from another source; the
    /// facilitator chooses: apply the edit to count this one, or leave the counted one.
    Choose(Choice),
}

/// Two ballots from one person that cannot be ordered (see `Outcome::Choose`).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Where the ballot counted now came from, and when it was cast or received.
    pub counted: Source,
    pub counted_at: Option<Timestamp>,
    /// Where the new one comes from.
    pub incoming: Source,
    /// Counts the new ballot instead of the counted one.
    pub edit: Edit,
}

impl Received {
    /// The edit that counts the code without asking (`None` when nothing changes or the
    /// facilitator must choose).
    pub fn edit(self) -> Option<Edit> {
        match self.outcome {
            Outcome::Accepted(e) | Outcome::Replaced(e) => Some(e),
            Outcome::AlreadyCounted | Outcome::Choose(_) => None,
        }
    }

    /// One line for the facilitator, such as "Accepted: Ada's ballot for “Q3 bets”."
    pub fn describe(&self, w: &Workshop) -> String {
        let (who, round) = names(w, self.participant, self.round);
        match &self.outcome {
            Outcome::Accepted(_) => format!("Accepted: {who}'s ballot for “{round}”."),
            Outcome::Replaced(_) => format!("Replaced {who}'s earlier ballot for “{round}” with this newer one."),
            Outcome::AlreadyCounted => format!("Already counted: this is {who}'s ballot for “{round}”; nothing changed."),
            Outcome::Choose(c) => format!(
                "Not counted yet: {who} already has a different ballot for “{round}” {}, and this one comes {}. Choose which counts.",
                describe_source(&c.counted),
                describe_source(&c.incoming)
            ),
        }
    }
}

/// Where a ballot came from, in words (never what it says).
pub fn describe_source(source: &Source) -> String {
    match source {
        Source::ThisDevice => "cast on this device".to_string(),
        Source::Code { invite, counter } => format!("from a ballot code of invite {invite} (code {counter} made on that device)"),
        Source::Room { device, counter } => format!("from a room code of phone {} (code {counter} made on that phone)", device.short()),
    }
}

/// Why a code does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Code(CodeError),
    /// For a round this workshop does not have, or one set up again since the invite.
    OtherRound,
    RoundNotOpen { round: String, status: &'static str },
    /// Older than the ballot already counted from the same invite (a lower device counter).
    Older { participant: String, round: String },
    Observer { participant: String, round: String },
    /// Not among the round's voters, fixed when it opened (added to the workshop since).
    NotAVoter { participant: String, round: String },
    /// Authentic but not a valid ballot for the round (cannot come from Accord's own
    /// participant view, which checks first; said plainly all the same).
    Invalid { participant: String, problem: BallotProblem },
    /// A phone bound to one person sends a code claiming to be another (a genuine phone
    /// never does: choosing someone else makes it a new phone).
    PhoneOfAnother { bound: String, claims: String },
    /// A walk-in's code, and the facilitator does not allow walk-ins.
    NoWalkIns { name: String },
    /// A walk-in typed the name of someone on the list (or a name Accord does not take).
    WalkInName { name: String, why: String },
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
                "Rejected: this code is older than the ballot already counted from {participant} in “{round}”; the newer ballot stays. (If their device lost its data, send them a new invite.)"
            ),
            Refusal::Observer { participant, round } => write!(f, "Rejected: {participant} observes “{round}” and does not vote in it."),
            Refusal::NotAVoter { participant, round } => write!(
                f,
                "Rejected: {participant} was not in the workshop when “{round}” opened, so is not one of its voters."
            ),
            Refusal::Invalid { participant, problem } => write!(f, "Rejected: {participant}'s ballot is not valid for this round. {problem}"),
            Refusal::PhoneOfAnother { bound, claims } => write!(
                f,
                "Rejected: this phone votes as {bound}, but this code claims to be {claims}. Nothing was counted; ask who holds the phone."
            ),
            Refusal::NoWalkIns { name } => write!(
                f,
                "Rejected: “{name}” is not on the participant list and walk-ins are off. Add them as a participant (or allow walk-ins), then ask for a new code."
            ),
            Refusal::WalkInName { name, why } => write!(f, "Rejected: a walk-in typed “{name}”: {why}"),
        }
    }
}

fn names(w: &Workshop, participant: ParticipantId, round: RoundId) -> (String, String) {
    (
        w.participant(participant).map(|p| p.name.clone()).unwrap_or_else(|| participant.to_string()),
        w.round(round).map(|r| r.name.clone()).unwrap_or_else(|| round.to_string()),
    )
}

/// Opens a code with the key of the invite it names: the participant must be in the
/// workshop and the invite issued to them (withdrawn or not: a withdrawn invite's genuine
/// codes are refused as withdrawn, a forged one as altered).
fn open(w: &Workshop, keys: &WorkshopKeys, code: &str) -> Result<Opened, CodeError> {
    let key_for = |p: ParticipantId, i: InviteId| {
        w.participant(p).ok_or(CodeError::UnknownParticipant(p))?;
        let record = w.invite(i).filter(|r| r.participant == p).ok_or(CodeError::UnknownInvite(i))?;
        Ok(keys.key_for(p, i, &record.salt))
    };
    let opened = open_ballot(code, keys.tag, key_for)?;
    if w.invite(opened.invite).is_some_and(|r| r.is_withdrawn()) {
        return Err(CodeError::Withdrawn(opened.invite));
    }
    Ok(opened)
}

/// Checks one ballot code against the workshop as it is now (`now`: when it is received,
/// kept with the ballot for the record only).
pub fn receive(w: &Workshop, keys: &WorkshopKeys, code: &str, now: Timestamp) -> Result<Received, Refusal> {
    let Opened { participant, invite, content } = open(w, keys, code).map_err(Refusal::Code)?;
    let round = w.round(content.round).ok_or(Refusal::OtherRound)?;
    if round_fingerprint(round.id, round.method, &round.goals) != content.fingerprint {
        return Err(Refusal::OtherRound);
    }
    let (who, round_name) = names(w, participant, round.id);
    let incoming = Source::Code { invite, counter: content.counter };
    let counted = round.ballots.get(&participant);
    if let Some(c) = counted {
        if c.ballot == content.ballot && c.source == incoming {
            return Ok(Received { participant, round: round.id, outcome: Outcome::AlreadyCounted });
        }
    }
    if round.status != RoundStatus::Open {
        return Err(Refusal::RoundNotOpen { round: round_name, status: round.status.label() });
    }
    if !round.is_voter(participant) {
        return Err(if round.observers.contains(&participant) {
            Refusal::Observer { participant: who, round: round_name }
        } else {
            Refusal::NotAVoter { participant: who, round: round_name }
        });
    }
    // Counts are summed wide there, so no authentic but hostile count can wrap.
    round.check_ballot(&content.ballot).map_err(|problem| Refusal::Invalid { participant: who.clone(), problem })?;
    let outcome = match counted {
        None => Outcome::Accepted(count(w, round.id, participant, content.ballot, now, incoming)),
        Some(Cast { source: Source::Code { invite: counted_invite, counter }, .. }) if *counted_invite == invite => {
            if content.counter <= *counter {
                return Err(Refusal::Older { participant: who, round: round_name });
            }
            Outcome::Replaced(count(w, round.id, participant, content.ballot, now, incoming))
        }
        // Counted from an invite since withdrawn: the person's current invite replaces it.
        Some(Cast { source: Source::Code { invite: counted_invite, .. }, .. })
            if w.invite(*counted_invite).is_none_or(|r| r.is_withdrawn()) =>
        {
            Outcome::Replaced(count(w, round.id, participant, content.ballot, now, incoming))
        }
        Some(c) if c.ballot == content.ballot => Outcome::AlreadyCounted,
        Some(c) => Outcome::Choose(Choice {
            counted: c.source,
            counted_at: c.at,
            incoming,
            edit: count(w, round.id, participant, content.ballot, now, incoming),
        }),
    };
    Ok(Received { participant, round: round.id, outcome })
}

/// The facilitator chose to count this code's ballot instead of the one counted from
/// another source: checks the code again against the workshop as it is now (other
/// ballots may have arrived since it was first pasted) and returns the edit that counts
/// it, or why it cannot.
pub fn count_instead(w: &Workshop, keys: &WorkshopKeys, code: &str, now: Timestamp) -> Result<Received, Refusal> {
    let received = receive(w, keys, code, now)?;
    Ok(match received.outcome {
        Outcome::Choose(choice) => Received { outcome: Outcome::Replaced(choice.edit), ..received },
        _ => received,
    })
}

/// A ballot cast on this device (pass-the-device), as the ballot box sees it: a first
/// ballot is accepted; one replacing a ballot also cast here replaces it; one that
/// differs from a ballot counted from a phone's code needs the facilitator's choice
/// (the other direction of `Outcome::Choose`). The model checks the ballot itself.
pub fn cast_here(w: &Workshop, round: RoundId, participant: ParticipantId, ballot: Ballot, now: Timestamp) -> Result<Outcome, crate::domain::model::ModelError> {
    let counted = w.round(round).and_then(|r| r.ballots.get(&participant)).cloned();
    let edit = w.cast(round, participant, ballot.clone(), now)?;
    Ok(match counted {
        None => Outcome::Accepted(edit),
        Some(c) if c.ballot == ballot => match c.source {
            Source::ThisDevice => Outcome::Replaced(edit),
            Source::Code { .. } | Source::Room { .. } => Outcome::AlreadyCounted,
        },
        Some(Cast { source: Source::ThisDevice, .. }) => Outcome::Replaced(edit),
        Some(c) => Outcome::Choose(Choice { counted: c.source, counted_at: c.at, incoming: Source::ThisDevice, edit }),
    })
}

/// What this device does with a ballot cast on it (pass-the-device). Whatever it is, the
/// person voting is told the same ("your ballot is in"), so the next voter, watching, learns
/// nothing of another ballot.
#[derive(Debug, Clone, PartialEq)]
pub enum Here {
    /// A first ballot, or one replacing a ballot also cast here: apply the edit.
    Count(Edit),
    /// The person's ballot from their own device already counts and this one differs:
    /// the edit holds this one in the round (not counted; in the workshop file, so a reload
    /// loses nothing) until the facilitator chooses which counts (`count_held` or
    /// `keep_counted`). The counted ballot stays counted meanwhile.
    Hold(Edit),
    /// The same ballot as the one counted from their own device: it stays counted as it
    /// is; the edit, if any, drops a different ballot of theirs held here before (their
    /// latest word on this device agrees with their phone).
    Unchanged(Option<Edit>),
}

/// A ballot cast on this device, as the kiosk applies it (see `Here`). The model checks
/// the ballot, the round and the voter first, so a refusal says what is wrong.
pub fn vote_here(w: &Workshop, round: RoundId, participant: ParticipantId, ballot: Ballot, now: Timestamp) -> Result<Here, crate::domain::model::ModelError> {
    Ok(match cast_here(w, round, participant, ballot.clone(), now)? {
        Outcome::Accepted(edit) | Outcome::Replaced(edit) => Here::Count(edit),
        Outcome::AlreadyCounted => Here::Unchanged(w.round(round).filter(|r| r.held.contains_key(&participant)).map(|r| {
            let mut r = r.clone();
            r.held.remove(&participant);
            Edit::PutRound(r.id, Some(Box::new(r)))
        })),
        Outcome::Choose(_) => {
            let mut r = w.round(round).cloned().ok_or(crate::domain::model::ModelError::UnknownRound(round))?;
            r.held.insert(participant, Cast { ballot, at: Some(now), source: Source::ThisDevice });
            Here::Hold(Edit::PutRound(r.id, Some(Box::new(r))))
        }
    })
}

/// The people in `round` with a ballot held for the facilitator's choice, each with one
/// line saying so (never what either ballot says).
pub fn held_ballots(w: &Workshop, round: RoundId) -> Vec<(ParticipantId, String)> {
    let Some(r) = w.round(round) else { return Vec::new() };
    r.held
        .keys()
        .map(|p| {
            let (who, name) = names(w, *p, round);
            let counted = r.ballots.get(p).map(|c| describe_source(&c.source)).unwrap_or_else(|| "counted".into());
            (*p, format!("{who} voted on this device in “{name}”, differently from the ballot already counted {counted}. Choose which counts."))
        })
        .collect()
}

/// The facilitator chose the ballot held for `participant` (cast on this device): it
/// counts instead of the one from their own device.
pub fn count_held(w: &Workshop, round: RoundId, participant: ParticipantId) -> Result<Edit, crate::domain::model::ModelError> {
    let held = w.round(round).and_then(|r| r.held.get(&participant)).cloned().ok_or_else(|| no_held(w, round, participant))?;
    // Cast as it was, when it was: counting it from this device also drops it from `held`.
    w.cast_from(round, participant, held.ballot, held.at.unwrap_or(Timestamp(0)), Source::ThisDevice)
}

/// The facilitator kept the ballot counted from `participant`'s own device: the one held
/// here is dropped, uncounted.
pub fn keep_counted(w: &Workshop, round: RoundId, participant: ParticipantId) -> Result<Edit, crate::domain::model::ModelError> {
    let mut r = w.round(round).cloned().ok_or(crate::domain::model::ModelError::UnknownRound(round))?;
    r.held.remove(&participant).ok_or_else(|| no_held(w, round, participant))?;
    Ok(Edit::PutRound(r.id, Some(Box::new(r))))
}

fn no_held(w: &Workshop, round: RoundId, participant: ParticipantId) -> crate::domain::model::ModelError {
    let (who, name) = names(w, participant, round);
    crate::domain::model::ModelError::BadMethod(format!("No ballot of {who} waits for a choice in “{name}” any more."))
}

fn count(w: &Workshop, round: RoundId, participant: ParticipantId, ballot: Ballot, now: Timestamp, source: Source) -> Edit {
    w.cast_from(round, participant, ballot, now, source).expect("every condition cast checks was checked above")
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

/// What a code did to a person's ballot, in the scan station's words (`Outcome` without
/// its edit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Took {
    Counted,
    Replaced,
    AlreadyCounted,
    Choose,
    /// Read before by the scan station in this session and not counted then (it asked for
    /// the facilitator's choice): not checked again. Never from `Outcome::took`.
    AlreadyRead,
}

impl Took {
    /// Whether the person's ballot counts (this one, or the same one before).
    pub fn counts(self) -> bool {
        matches!(self, Took::Counted | Took::Replaced | Took::AlreadyCounted)
    }
}

impl Outcome {
    pub fn took(&self) -> Took {
        match self {
            Outcome::Accepted(_) => Took::Counted,
            Outcome::Replaced(_) => Took::Replaced,
            Outcome::AlreadyCounted => Took::AlreadyCounted,
            Outcome::Choose(_) => Took::Choose,
        }
    }
}

/// The scan station's line for a code read: "Amara — counted (9 of 12)", with the
/// round's ballots in of its voters as the workshop is now (after the code was applied).
/// The round is named only when more than one round is open, so the line stays short.
pub fn station_line(w: &Workshop, participant: ParticipantId, round: RoundId, took: Took) -> String {
    let (who, name) = names(w, participant, round);
    let what = match took {
        Took::Counted => "counted",
        Took::Replaced => "newer ballot counted",
        Took::AlreadyCounted => "already counted",
        Took::Choose => "a different ballot is counted: choose which counts",
        Took::AlreadyRead => "already read",
    };
    let Some(r) = w.round(round) else { return format!("{who} — {what}") };
    let tally = r.ballots_in(w.participants().iter().map(|p| p.id));
    if w.rounds().filter(|r| r.status == RoundStatus::Open).nth(1).is_some() {
        format!("{who} — {what} ({tally} in “{name}”)")
    } else {
        format!("{who} — {what} ({tally})")
    }
}
