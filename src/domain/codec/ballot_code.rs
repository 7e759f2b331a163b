//! Ballot codes: a participant's ballot for one round, sealed with their invite's key.
//!
//! Layout (then base64url, prefixed `ACB1.`): version (2) · workshop tag (8) · participant
//! (4, big-endian) · invite (4, big-endian) · nonce (12) · ciphertext with its 16-byte
//! tag. The first 17 bytes are associated data: readable (so the facilitator knows which
//! invite's key to use) but covered by the authentication tag (so they cannot be
//! changed). Version 1 codes (keys from the participant alone, so not withdrawable) are
//! refused as made from an old invite.

use std::collections::{BTreeMap, BTreeSet};

use super::b64::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};

use super::keys::{ParticipantKey, WorkshopTag};
use crate::domain::model::{GoalId, InviteId, ParticipantId, RoundId};
use crate::domain::voting::Ballot;

const PREFIX: &str = "ACB1.";
const VERSION: u8 = 2;
const OLD_VERSION: u8 = 1;
const HEADER: usize = 1 + 8 + 4 + 4;
const NONCE: usize = 12;
/// Far above any real ballot (a ranking of 10,000 goals is about 90,000 characters);
/// keeps hostile input cheap to refuse.
pub const MAX_CODE_CHARS: usize = 256 * 1024;

/// What a code says, once opened.
#[derive(Debug, Clone, PartialEq)]
pub struct BallotContent {
    pub round: RoundId,
    /// The round as the voter's invite described it (see `round_fingerprint`).
    pub fingerprint: u32,
    pub ballot: Ballot,
    /// How many codes the voter's device had made for this round, this one included: a
    /// higher counter from the same invite replaces a lower one. Never a clock.
    pub counter: u64,
}

/// A code opened: whose it is, from which invite, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub participant: ParticipantId,
    pub invite: InviteId,
    pub content: BallotContent,
}

/// Why a code was refused, in the facilitator's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Not a ballot code at all, or cut off.
    NotACode,
    /// Far longer than any ballot code Accord makes.
    TooLong { chars: usize },
    /// Made with an invite from before invites could be withdrawn (version 1 codes).
    OldInvite,
    /// Made for another workshop.
    OtherWorkshop,
    /// The participant is not in this workshop (never was, or was removed).
    UnknownParticipant(ParticipantId),
    /// The invite it names was never issued to this participant here.
    UnknownInvite(InviteId),
    /// It fails to authenticate: altered, corrupted or forged.
    Altered,
    /// Genuine (sealed with the invite's key) but its contents cannot be read: Accord's
    /// participant page never makes such a code.
    Unreadable(Unreadable),
    /// The invite it was made from has been withdrawn.
    Withdrawn(InviteId),
}

/// What is wrong inside a genuine code that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not the JSON shape a ballot has (or numbers out of range, such as negative counts).
    Shape,
    /// An unknown ballot kind.
    Kind,
    /// Goals and values do not pair up.
    Unpaired { goals: usize, values: usize },
    /// The same goal is given dots or a score twice.
    Duplicate(GoalId),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Shape => write!(f, "it does not hold a ballot"),
            Unreadable::Kind => write!(f, "its ballot is of no kind Accord knows"),
            Unreadable::Unpaired { goals, values } => write!(f, "it lists {goals} goals but {values} values"),
            Unreadable::Duplicate(g) => write!(f, "it lists goal {g} twice"),
        }
    }
}

impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodeError::NotACode => write!(f, "this is not an Accord ballot code (or it was cut off when copied)"),
            CodeError::TooLong { chars } => write!(f, "this is far longer than any Accord ballot code ({chars} characters)"),
            CodeError::OldInvite => write!(f, "this ballot code was made from an invite of an earlier Accord version, which cannot be withdrawn; send this person a new invite"),
            CodeError::OtherWorkshop => write!(f, "this ballot code was made for another workshop"),
            CodeError::UnknownParticipant(p) => write!(f, "this ballot code is from a participant ({p}) this workshop does not have"),
            CodeError::UnknownInvite(i) => write!(f, "this ballot code names an invite ({i}) this workshop never issued to that person"),
            CodeError::Altered => write!(f, "this ballot code was altered or corrupted; ask for it again"),
            CodeError::Unreadable(why) => write!(
                f,
                "this ballot code is genuine (sealed with the invite's key) but cannot be read: {why}. Accord's participant page never makes such a code; ask the participant to make a new one"
            ),
            CodeError::Withdrawn(i) => write!(f, "this invite was withdrawn ({i}); codes made from it no longer count. The participant needs their new invite"),
        }
    }
}

/// The plaintext inside a code. Public so tests and tools can build any content (and
/// seal it with `seal_plaintext`); Accord's participant page only makes valid ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plain {
    pub r: u32,
    pub f: u32,
    /// The device's counter.
    pub c: u64,
    /// 'd' dots, 's' scores, 'r' ranking.
    pub k: char,
    /// Goal numbers, with values for dots and scores.
    pub g: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub v: Vec<u32>,
}

fn header(tag: WorkshopTag, participant: ParticipantId, invite: InviteId) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[0] = VERSION;
    h[1..9].copy_from_slice(&tag.0);
    h[9..13].copy_from_slice(&participant.0.to_be_bytes());
    h[13..17].copy_from_slice(&invite.0.to_be_bytes());
    h
}

/// Seals any bytes as a ballot code with a genuine key (the participant page seals a
/// ballot with `seal_ballot`; tests use this to send authentic but hostile contents).
pub fn seal_plaintext(
    key: &ParticipantKey,
    tag: WorkshopTag,
    participant: ParticipantId,
    invite: InviteId,
    plain: &[u8],
    nonce: [u8; NONCE],
) -> String {
    let aad = header(tag, participant, invite);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad: &aad })
        .expect("encryption of an in-memory buffer cannot fail");
    let mut bytes = aad.to_vec();
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    frame(&bytes)
}

/// Seals a ballot. `nonce` must be fresh random bytes for every code.
pub fn seal_ballot(
    key: &ParticipantKey,
    tag: WorkshopTag,
    participant: ParticipantId,
    invite: InviteId,
    content: &BallotContent,
    nonce: [u8; NONCE],
) -> String {
    let (k, g, v) = ballot_parts(&content.ballot);
    let plain = serde_json::to_vec(&Plain { r: content.round.0, f: content.fingerprint, c: content.counter, k, g, v }).expect("serialises");
    seal_plaintext(key, tag, participant, invite, &plain, nonce)
}

/// Opens a code for this workshop, finding the key of the invite it names with `key_for`
/// (which says why there is none: unknown participant or invite). Whitespace around the
/// code is ignored. Whether the invite was withdrawn is for the caller to decide once the
/// code is known to be genuine.
pub fn open_ballot(
    code: &str,
    tag: WorkshopTag,
    key_for: impl Fn(ParticipantId, InviteId) -> Result<ParticipantKey, CodeError>,
) -> Result<Opened, CodeError> {
    let bytes = unframe(code)?;
    if bytes.len() >= 13 + NONCE + 16 && bytes[0] == OLD_VERSION {
        return Err(CodeError::OldInvite);
    }
    if bytes.len() < HEADER + NONCE + 16 || bytes[0] != VERSION {
        return Err(CodeError::NotACode);
    }
    if bytes[1..9] != tag.0 {
        return Err(CodeError::OtherWorkshop);
    }
    let participant = ParticipantId(u32::from_be_bytes(bytes[9..13].try_into().expect("4 bytes")));
    let invite = InviteId(u32::from_be_bytes(bytes[13..17].try_into().expect("4 bytes")));
    let key = key_for(participant, invite)?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    let plain = cipher
        .decrypt(Nonce::from_slice(&bytes[HEADER..HEADER + NONCE]), Payload { msg: &bytes[HEADER + NONCE..], aad: &bytes[..HEADER] })
        .map_err(|_| CodeError::Altered)?;
    // Genuine from here on: sealed with the invite's key. Its contents are still checked,
    // and a genuine code that cannot be read is said to be that, not "altered".
    let content = read_plain(&plain).map_err(CodeError::Unreadable)?;
    Ok(Opened { participant, invite, content })
}

/// A code's bytes, from its text (whitespace around it ignored): refused if it is far
/// too long or not a code at all. The first byte says which kind of code it is.
pub(super) fn unframe(code: &str) -> Result<Vec<u8>, CodeError> {
    let code = code.trim();
    if code.len() > MAX_CODE_CHARS {
        return Err(CodeError::TooLong { chars: code.chars().count() });
    }
    let body = code.strip_prefix(PREFIX).ok_or(CodeError::NotACode)?;
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| CodeError::NotACode)?;
    if bytes.is_empty() {
        return Err(CodeError::NotACode);
    }
    Ok(bytes)
}

/// Frames a code's bytes as text.
pub(super) fn frame(bytes: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `code` is a room ballot code (from a phone that joined by the room link), as
/// opposed to one from a personal invite. Says nothing about whether it is genuine.
pub fn is_room_code(code: &str) -> bool {
    unframe(code).is_ok_and(|b| b[0] == super::room_ballot::VERSION)
}

fn read_plain(plain: &[u8]) -> Result<BallotContent, Unreadable> {
    let plain: Plain = serde_json::from_slice(plain).map_err(|_| Unreadable::Shape)?;
    let ballot = read_ballot(plain.k, &plain.g, plain.v)?;
    Ok(BallotContent { round: RoundId(plain.r), fingerprint: plain.f, ballot, counter: plain.c })
}

/// A ballot's compact form (kind, goal numbers, values) as sealed in a code, in the
/// order `ballot_parts` writes it.
pub(super) fn ballot_parts(ballot: &Ballot) -> (char, Vec<u32>, Vec<u32>) {
    match ballot {
        Ballot::Dots(m) => ('d', m.keys().map(|g| g.0).collect(), m.values().copied().collect()),
        Ballot::Scores(m) => ('s', m.keys().map(|g| g.0).collect(), m.values().copied().collect()),
        Ballot::Ranking(order) => ('r', order.iter().map(|g| g.0).collect(), Vec::new()),
    }
}

/// Reads a ballot back from its compact form, refusing what Accord never writes.
pub(super) fn read_ballot(k: char, g: &[u32], v: Vec<u32>) -> Result<Ballot, Unreadable> {
    let goals: Vec<GoalId> = g.iter().map(|g| GoalId(*g)).collect();
    Ok(match k {
        'd' | 's' => {
            if goals.len() != v.len() {
                return Err(Unreadable::Unpaired { goals: goals.len(), values: v.len() });
            }
            let mut seen = BTreeSet::new();
            if let Some(twice) = goals.iter().find(|g| !seen.insert(**g)) {
                return Err(Unreadable::Duplicate(*twice));
            }
            let map: BTreeMap<GoalId, u32> = crate::domain::order::map_from(goals.into_iter().zip(v));
            if k == 'd' { Ballot::Dots(map) } else { Ballot::Scores(map) }
        }
        // Values on a ranking mean someone else's encoder made it.
        'r' if v.is_empty() => Ballot::Ranking(goals),
        'r' => return Err(Unreadable::Unpaired { goals: goals.len(), values: v.len() }),
        _ => return Err(Unreadable::Kind),
    })
}
