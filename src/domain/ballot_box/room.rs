//! Receiving a room code: a phone's ballots for one or more open rounds, sealed to the
//! facilitator's room key. The rules of personal-invite codes hold per round (a first
//! ballot is accepted, a higher counter from the same phone replaces, a lower one is
//! refused, a ballot that disagrees with one from another source waits for the
//! facilitator), and one more holds per person: the first code counted from a phone binds
//! its person to it; a code for the same person from another phone counts nothing until
//! the facilitator accepts that phone (which binds the person to it instead). A walk-in
//! (a name typed on the phone, where allowed) joins the workshop with their first code,
//! and the open rounds it votes in.

use crate::domain::codec::{open_room_ballot, Claim, DeviceKey, RoomOpened, WorkshopKeys};
use crate::domain::model::{text, Edit, Field, Participant, ParticipantId, RoundId, Workshop, LAST_ID};
use crate::domain::time::Timestamp;
use crate::domain::voting::{Cast, RoundStatus, Source};

use super::{describe_source, Refusal, Took};

/// What one round's ballot in a room code does.
#[derive(Debug, Clone, PartialEq)]
pub enum RoundOutcome {
    /// A first ballot from this person in this round.
    Accepted,
    /// Replaces the person's earlier ballot (an older code from this phone, or one from a
    /// phone or invite no longer theirs).
    Replaced,
    /// This very ballot is already counted; nothing changes.
    AlreadyCounted,
    /// Disagrees with the person's ballot from another source (pass-the-device, or a
    /// personal invite's code): the facilitator chooses.
    Choose { counted: Source },
}

/// A room code, received: who it is from, what each of its rounds does, and the change
/// that counts it (now, or once the facilitator accepts).
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The person (for a walk-in's first code, the ID they get when it counts).
    pub participant: ParticipantId,
    pub who: String,
    pub device: DeviceKey,
    /// A walk-in who joins the workshop with this code.
    pub joins: bool,
    /// The phone this person is bound to, when it is another one: nothing in this code
    /// counts until the facilitator accepts this phone.
    pub other_phone: Option<DeviceKey>,
    /// Each round in the code, in its order: its name and what happens, or why not.
    pub rounds: Vec<(RoundId, String, Result<RoundOutcome, Refusal>)>,
    counts_now: Option<Edit>,
    on_accept: Option<Edit>,
}

impl Delivery {
    /// Whether the facilitator must choose before (some of) this code counts.
    pub fn needs_choice(&self) -> bool {
        self.other_phone.is_some() || self.rounds.iter().any(|(_, _, r)| matches!(r, Ok(RoundOutcome::Choose { .. })))
    }

    /// The change that counts what needs no choice (`None`: nothing to count now).
    pub fn edit(&self) -> Option<Edit> {
        self.counts_now.clone()
    }

    /// The change that counts everything countable in the code, choices included: the
    /// facilitator accepted this phone, and its ballots over those from other sources.
    pub fn accepted_edit(&self) -> Option<Edit> {
        self.on_accept.clone()
    }

    /// One line per round for the facilitator: (counts or counted, the words).
    pub fn describe(&self) -> Vec<(bool, String)> {
        self.lines().into_iter().map(|l| (l.took.is_some_and(Took::counts), l.text)).collect()
    }

    /// One line per round (or, for a second phone, one line for the whole code): the
    /// round, what happened (`None`: refused), and the words.
    pub fn lines(&self) -> Vec<RoomLine> {
        let who = &self.who;
        if let Some(bound) = self.other_phone {
            let rounds: Vec<String> = self.rounds.iter().filter(|(_, _, r)| r.is_ok()).map(|(_, name, _)| format!("“{name}”")).collect();
            let round = self.rounds.iter().find(|(_, _, r)| r.is_ok()).map_or(self.rounds[0].0, |r| r.0);
            return vec![RoomLine {
                round,
                took: Some(Took::Choose),
                text: format!(
                    "Not counted yet: this code for {who} comes from another phone ({}) than the one {who} voted from before ({}). Accept this phone (its ballot for {} counts, and {who} votes from it from now on), or reject the code.",
                    self.device.short(),
                    bound.short(),
                    if rounds.is_empty() { "no open round".to_string() } else { rounds.join(", ") }
                ),
            }];
        }
        let joined = if self.joins { " (joined as a walk-in)" } else { "" };
        self.rounds
            .iter()
            .map(|(id, round, result)| {
                let (took, text) = match result {
                    Ok(RoundOutcome::Accepted) => (Some(Took::Counted), format!("Accepted: {who}'s ballot for “{round}”{joined}.")),
                    Ok(RoundOutcome::Replaced) => (Some(Took::Replaced), format!("Replaced {who}'s earlier ballot for “{round}” with this newer one.")),
                    Ok(RoundOutcome::AlreadyCounted) => {
                        (Some(Took::AlreadyCounted), format!("Already counted: this is {who}'s ballot for “{round}”; nothing changed."))
                    }
                    Ok(RoundOutcome::Choose { counted }) => (
                        Some(Took::Choose),
                        format!(
                            "Not counted yet: {who} already has a different ballot for “{round}” {}, and this one comes from their phone. Choose which counts.",
                            describe_source(counted)
                        ),
                    ),
                    Err(refusal) => (None, refusal.to_string()),
                };
                RoomLine { round: *id, took, text }
            })
            .collect()
    }
}

/// What one round of a room code did, for the facilitator (see `Delivery::lines`).
#[derive(Debug, Clone, PartialEq)]
pub struct RoomLine {
    pub round: RoundId,
    /// `None`: refused (the text says why).
    pub took: Option<Took>,
    pub text: String,
}

fn name_of(w: &Workshop, p: ParticipantId) -> String {
    w.participant(p).map(|x| x.name.clone()).unwrap_or_else(|| p.to_string())
}

/// Who a room code is from, as this workshop knows them.
struct Sender {
    participant: ParticipantId,
    who: String,
    /// A walk-in's name, when they join with this code.
    joins: Option<String>,
}

fn sender(w: &Workshop, opened: &RoomOpened) -> Result<Sender, Refusal> {
    let bound = w.bound_to(&opened.device);
    match &opened.claim {
        Claim::Listed(p) => {
            let person = w.participant(*p).ok_or(Refusal::Code(crate::domain::codec::CodeError::UnknownParticipant(*p)))?;
            if let Some(other) = bound.filter(|b| b != p) {
                return Err(Refusal::PhoneOfAnother { bound: name_of(w, other), claims: person.name.clone() });
            }
            Ok(Sender { participant: *p, who: person.name.clone(), joins: None })
        }
        Claim::WalkIn(typed) => {
            // A walk-in's phone that already joined is that person, whatever it types now.
            if let Some(p) = bound {
                let person = w.participant(p).ok_or(Refusal::Code(crate::domain::codec::CodeError::UnknownParticipant(p)))?;
                return Ok(Sender { participant: p, who: person.name.clone(), joins: None });
            }
            let name = text::check(Field::ParticipantName, typed)
                .map_err(|problem| Refusal::WalkInName { name: shown(typed), why: crate::domain::model::ModelError::Text { field: Field::ParticipantName, problem }.to_string() })?;
            if name.is_empty() {
                return Err(Refusal::WalkInName { name, why: "a walk-in needs a name.".into() });
            }
            if !w.walk_ins() {
                return Err(Refusal::NoWalkIns { name });
            }
            let folded = name.to_lowercase();
            if let Some(listed) = w.participants().iter().find(|p| p.name.trim().to_lowercase() == folded) {
                return Err(Refusal::WalkInName {
                    name,
                    why: format!("{} is already a participant, so they choose their name from the list instead.", listed.name),
                });
            }
            let id = w.next_participant_id();
            if id.0 > LAST_ID {
                return Err(Refusal::WalkInName { name, why: "this workshop has used up its participant IDs.".into() });
            }
            Ok(Sender { participant: id, who: name.clone(), joins: Some(name) })
        }
    }
}

/// A refused name as it can be shown: without the characters that were the reason, and
/// short.
fn shown(typed: &str) -> String {
    typed.chars().filter(|c| !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')).take(80).collect()
}

/// Checks a room code against the workshop as it is now (`now`: when it is received,
/// kept with each ballot for the record only).
pub fn receive_room(w: &Workshop, keys: &WorkshopKeys, code: &str, now: Timestamp) -> Result<Delivery, Refusal> {
    let opened = open_room_ballot(code, keys).map_err(Refusal::Code)?;
    let Sender { participant, who, joins } = sender(w, &opened)?;
    let device = opened.device;
    let bound = w.device_of(participant);
    let other_phone = bound.filter(|b| *b != device);
    let incoming = Source::Room { device, counter: opened.counter };
    let mut rounds = Vec::with_capacity(opened.ballots.len());
    let mut casts_now = Vec::new();
    let mut casts_on_accept = Vec::new();
    for rb in opened.ballots {
        let Some(round) = w.round(rb.round) else {
            rounds.push((rb.round, rb.round.to_string(), Err(Refusal::OtherRound)));
            continue;
        };
        let outcome = (|| {
            if crate::domain::codec::round_fingerprint(round.id, round.method, &round.goals) != rb.fingerprint {
                return Err(Refusal::OtherRound);
            }
            let counted = round.ballots.get(&participant);
            if counted.is_some_and(|c| c.ballot == rb.ballot && c.source == incoming) {
                return Ok(RoundOutcome::AlreadyCounted);
            }
            if round.status != RoundStatus::Open {
                return Err(Refusal::RoundNotOpen { round: round.name.clone(), status: round.status.label() });
            }
            // A walk-in joins every open round they vote in; anyone else must be a voter.
            if joins.is_none() && !round.is_voter(participant) {
                return Err(if round.observers.contains(&participant) {
                    Refusal::Observer { participant: who.clone(), round: round.name.clone() }
                } else {
                    Refusal::NotAVoter { participant: who.clone(), round: round.name.clone() }
                });
            }
            round.check_ballot(&rb.ballot).map_err(|problem| Refusal::Invalid { participant: who.clone(), problem })?;
            Ok(match counted {
                None => RoundOutcome::Accepted,
                Some(Cast { source: Source::Room { device: d, counter }, .. }) if *d == device => {
                    if opened.counter <= *counter {
                        return Err(Refusal::Older { participant: who.clone(), round: round.name.clone() });
                    }
                    RoundOutcome::Replaced
                }
                // From a phone this person is no longer (or, until accepted, not yet
                // only) bound to: this phone's ballot takes its place.
                Some(Cast { source: Source::Room { .. }, .. }) => RoundOutcome::Replaced,
                Some(Cast { source: Source::Code { invite, .. }, .. }) if w.invite(*invite).is_none_or(|r| r.is_withdrawn()) => {
                    RoundOutcome::Replaced
                }
                Some(c) if c.ballot == rb.ballot => RoundOutcome::AlreadyCounted,
                Some(c) => RoundOutcome::Choose { counted: c.source },
            })
        })();
        if let Ok(o) = &outcome {
            let mut r = round.clone();
            if joins.is_some() {
                r.electorate.get_or_insert_with(Default::default).insert(participant);
            }
            r.ballots.insert(participant, Cast { ballot: rb.ballot.clone(), at: Some(now), source: incoming });
            let put = Edit::PutRound(r.id, Some(Box::new(r)));
            match o {
                RoundOutcome::Accepted | RoundOutcome::Replaced => {
                    casts_now.push(put.clone());
                    casts_on_accept.push(put);
                }
                RoundOutcome::Choose { .. } => casts_on_accept.push(put),
                RoundOutcome::AlreadyCounted => {}
            }
        }
        rounds.push((round.id, round.name.clone(), outcome));
    }
    // Joining and binding go with the first ballot that counts, never alone.
    let with_person = |casts: Vec<Edit>| -> Option<Edit> {
        if casts.is_empty() {
            return None;
        }
        let mut edits = Vec::new();
        if let Some(name) = &joins {
            let index = w.participants().len();
            edits.push(Edit::InsertParticipant { index, participant: Participant { id: participant, name: name.clone(), department: None } });
        }
        if bound != Some(device) {
            edits.push(Edit::BindDevice(participant, Some(device)));
        }
        edits.extend(casts);
        Some(Edit::Batch("room ballot", edits))
    };
    let counts_now = if other_phone.is_some() { None } else { with_person(casts_now) };
    let on_accept = with_person(casts_on_accept);
    Ok(Delivery { participant, who, device, joins: joins.is_some(), other_phone, rounds, counts_now, on_accept })
}
