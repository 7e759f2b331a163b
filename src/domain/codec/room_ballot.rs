//! Room ballot codes: what a phone that joined by the room link sends back, for one or
//! several open rounds at once, sealed to the facilitator's room key with the phone's
//! own key.
//!
//! Layout (then base64url, prefixed `ACB1.` like every ballot code): version (3) ·
//! workshop tag (8) · participant (4, big-endian; 0 for a walk-in, who is named inside) ·
//! the phone's public key (32) · nonce (12) · ciphertext with its 16-byte tag. The first
//! 45 bytes are associated data: readable, so the facilitator's device knows whose code it
//! is and which key agreement opens it, and covered by the tag, so they cannot be changed.
//! Inside: the phone's counter (one per phone, raised with every code it makes: a higher
//! counter from the same phone is newer, and no clock is involved), a walk-in's name, and
//! the ballots by round with each round's fingerprint.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};

use super::ballot_code::{ballot_parts, frame, read_ballot, unframe, CodeError, Unreadable};
use super::keys::{WorkshopKeys, WorkshopTag};
use super::room_key::{phone_sealing_key, DeviceKey, DeviceSecret, RoomKey};
use crate::domain::model::{ParticipantId, RoundId};
use crate::domain::voting::Ballot;

pub(super) const VERSION: u8 = 3;
const HEADER: usize = 1 + 8 + 4 + 32;
const NONCE: usize = 12;

/// Who a phone says it is: a listed participant, or (where the facilitator allows
/// walk-ins) a name typed on the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    Listed(ParticipantId),
    WalkIn(String),
}

/// One round's ballot in a room code.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundBallot {
    pub round: RoundId,
    /// The round as the room link described it (see `round_fingerprint`).
    pub fingerprint: u32,
    pub ballot: Ballot,
}

/// A room code, opened.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomOpened {
    pub claim: Claim,
    pub device: DeviceKey,
    /// The phone's count of codes made, this one included.
    pub counter: u64,
    pub ballots: Vec<RoundBallot>,
}

/// The plaintext inside a room code. Public so tests can seal authentic but hostile
/// contents (`seal_room_plaintext`); the participant page only makes valid ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPlain {
    pub c: u64,
    /// A walk-in's name (only with participant 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    pub b: Vec<RoomPlainBallot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPlainBallot {
    pub r: u32,
    pub f: u32,
    pub k: char,
    pub g: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub v: Vec<u32>,
}

fn header(tag: WorkshopTag, participant: u32, device: &DeviceKey) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[0] = VERSION;
    h[1..9].copy_from_slice(&tag.0);
    h[9..13].copy_from_slice(&participant.to_be_bytes());
    h[13..].copy_from_slice(&device.0);
    h
}

/// Seals any plaintext as a room code from this phone (tests use it for authentic but
/// hostile contents). `None` only for a degenerate room key no facilitator makes.
pub fn seal_room_plaintext(
    secret: &DeviceSecret,
    room: &RoomKey,
    tag: WorkshopTag,
    participant: u32,
    plain: &[u8],
    nonce: [u8; NONCE],
) -> Option<String> {
    let key = phone_sealing_key(secret, room, tag)?;
    let aad = header(tag, participant, &secret.public());
    let sealed = ChaCha20Poly1305::new(Key::from_slice(&key))
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad: &aad })
        .expect("encryption of an in-memory buffer cannot fail");
    let mut bytes = aad.to_vec();
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    Some(frame(&bytes))
}

/// Seals a phone's ballots for one or more rounds. `nonce`: fresh random bytes.
pub fn seal_room_ballots(
    secret: &DeviceSecret,
    room: &RoomKey,
    tag: WorkshopTag,
    claim: &Claim,
    counter: u64,
    ballots: &[RoundBallot],
    nonce: [u8; NONCE],
) -> Option<String> {
    let (participant, n) = match claim {
        Claim::Listed(p) => (p.0, None),
        Claim::WalkIn(name) => (0, Some(name.clone())),
    };
    let b = ballots
        .iter()
        .map(|rb| {
            let (k, g, v) = ballot_parts(&rb.ballot);
            RoomPlainBallot { r: rb.round.0, f: rb.fingerprint, k, g, v }
        })
        .collect();
    let plain = serde_json::to_vec(&RoomPlain { c: counter, n, b }).expect("serialises");
    seal_room_plaintext(secret, room, tag, participant, &plain, nonce)
}

/// Opens a room code with the facilitator's keys.
pub fn open_room_ballot(code: &str, keys: &WorkshopKeys) -> Result<RoomOpened, CodeError> {
    let bytes = unframe(code)?;
    if bytes[0] != VERSION || bytes.len() < HEADER + NONCE + 16 {
        return Err(CodeError::NotACode);
    }
    if bytes[1..9] != keys.tag.0 {
        return Err(CodeError::OtherWorkshop);
    }
    let participant = u32::from_be_bytes(bytes[9..13].try_into().expect("4 bytes"));
    let device = DeviceKey(bytes[13..HEADER].try_into().expect("32 bytes"));
    // A degenerate device key opens nothing: no genuine phone makes one.
    let key = keys.room_sealing_key(&device).ok_or(CodeError::Altered)?;
    let plain = ChaCha20Poly1305::new(Key::from_slice(&key))
        .decrypt(Nonce::from_slice(&bytes[HEADER..HEADER + NONCE]), Payload { msg: &bytes[HEADER + NONCE..], aad: &bytes[..HEADER] })
        .map_err(|_| CodeError::Altered)?;
    // Genuine from here on (sealed by whoever holds this phone's key); the contents are
    // still checked, and what cannot be read is said to be that.
    let plain: RoomPlain = serde_json::from_slice(&plain).map_err(|_| CodeError::Unreadable(Unreadable::Shape))?;
    let claim = match (participant, plain.n) {
        (0, Some(name)) => Claim::WalkIn(name),
        (0, None) => return Err(CodeError::Unreadable(Unreadable::Shape)),
        (p, None) => Claim::Listed(ParticipantId(p)),
        (_, Some(_)) => return Err(CodeError::Unreadable(Unreadable::Shape)),
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut ballots = Vec::with_capacity(plain.b.len());
    for b in plain.b {
        // One ballot per round: a second for the same round is no phone's doing.
        if !seen.insert(b.r) {
            return Err(CodeError::Unreadable(Unreadable::Shape));
        }
        let ballot = read_ballot(b.k, &b.g, b.v).map_err(CodeError::Unreadable)?;
        ballots.push(RoundBallot { round: RoundId(b.r), fingerprint: b.f, ballot });
    }
    if ballots.is_empty() {
        return Err(CodeError::Unreadable(Unreadable::Shape));
    }
    Ok(RoomOpened { claim, device, counter: plain.c, ballots })
}
