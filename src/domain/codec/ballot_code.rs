//! Ballot codes: a participant's ballot for one round, sealed with their key.
//!
//! Layout (then base64url, prefixed `ACB1.`): version (1) · workshop tag (8) · participant
//! (4, big-endian) · nonce (12) · ciphertext with its 16-byte tag. The first 13 bytes are
//! associated data: readable (so the facilitator knows whose key to use) but covered by
//! the authentication tag (so they cannot be changed).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};

use super::keys::{ParticipantKey, WorkshopTag};
use crate::domain::model::{GoalId, ParticipantId, RoundId};
use crate::domain::voting::Ballot;

const PREFIX: &str = "ACB1.";
const VERSION: u8 = 1;
const HEADER: usize = 1 + 8 + 4;
const NONCE: usize = 12;
/// Far above any real ballot; keeps hostile input cheap to refuse.
const MAX_CODE_CHARS: usize = 16 * 1024;

/// What a code says, once opened.
#[derive(Debug, Clone, PartialEq)]
pub struct BallotContent {
    pub round: RoundId,
    /// The round as the voter's invite described it (see `round_fingerprint`).
    pub fingerprint: u32,
    pub ballot: Ballot,
    /// When the participant submitted (ms since the epoch): a newer ballot replaces an
    /// older one; an older one is refused.
    pub sequence: i64,
}

/// Why a code was refused, in the facilitator's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Not a ballot code at all, or cut off.
    NotACode,
    /// Made for another workshop.
    OtherWorkshop,
    /// The participant is not in this workshop.
    UnknownParticipant(ParticipantId),
    /// It fails to authenticate: altered, corrupted or forged.
    Altered,
}

impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodeError::NotACode => write!(f, "this is not an Accord ballot code (or it was cut off when copied)"),
            CodeError::OtherWorkshop => write!(f, "this ballot code was made for another workshop"),
            CodeError::UnknownParticipant(p) => write!(f, "this ballot code is from a participant ({p}) this workshop does not have"),
            CodeError::Altered => write!(f, "this ballot code was altered or corrupted; ask for it again"),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Plain {
    r: u32,
    f: u32,
    s: i64,
    /// 'd' dots, 's' scores, 'r' ranking.
    k: char,
    /// Goal numbers, with values for dots and scores.
    g: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    v: Vec<u32>,
}

fn header(tag: WorkshopTag, participant: ParticipantId) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[0] = VERSION;
    h[1..9].copy_from_slice(&tag.0);
    h[9..13].copy_from_slice(&participant.0.to_be_bytes());
    h
}

/// Seals a ballot. `nonce` must be fresh random bytes for every code.
pub fn seal_ballot(
    key: &ParticipantKey,
    tag: WorkshopTag,
    participant: ParticipantId,
    content: &BallotContent,
    nonce: [u8; NONCE],
) -> String {
    let (k, g, v) = match &content.ballot {
        Ballot::Dots(m) => ('d', m.keys().map(|g| g.0).collect(), m.values().copied().collect()),
        Ballot::Scores(m) => ('s', m.keys().map(|g| g.0).collect(), m.values().copied().collect()),
        Ballot::Ranking(order) => ('r', order.iter().map(|g| g.0).collect(), Vec::new()),
    };
    let plain = serde_json::to_vec(&Plain { r: content.round.0, f: content.fingerprint, s: content.sequence, k, g, v }).expect("serialises");
    let aad = header(tag, participant);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: &plain, aad: &aad })
        .expect("encryption of an in-memory buffer cannot fail");
    let mut bytes = aad.to_vec();
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Opens a code for this workshop, finding the sender's key with `key_for` (`None` for a
/// participant the workshop does not have). Whitespace around the code is ignored.
pub fn open_ballot(
    code: &str,
    tag: WorkshopTag,
    key_for: impl Fn(ParticipantId) -> Option<ParticipantKey>,
) -> Result<(ParticipantId, BallotContent), CodeError> {
    let code = code.trim();
    if code.len() > MAX_CODE_CHARS {
        return Err(CodeError::NotACode);
    }
    let body = code.strip_prefix(PREFIX).ok_or(CodeError::NotACode)?;
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| CodeError::NotACode)?;
    if bytes.len() < HEADER + NONCE + 16 || bytes[0] != VERSION {
        return Err(CodeError::NotACode);
    }
    if bytes[1..9] != tag.0 {
        return Err(CodeError::OtherWorkshop);
    }
    let participant = ParticipantId(u32::from_be_bytes(bytes[9..13].try_into().expect("4 bytes")));
    let key = key_for(participant).ok_or(CodeError::UnknownParticipant(participant))?;
    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key.0));
    let plain = cipher
        .decrypt(Nonce::from_slice(&bytes[HEADER..HEADER + NONCE]), Payload { msg: &bytes[HEADER + NONCE..], aad: &bytes[..HEADER] })
        .map_err(|_| CodeError::Altered)?;
    // Authenticated from here on: only our own encoder made these bytes, but they are
    // still checked rather than trusted blindly.
    let plain: Plain = serde_json::from_slice(&plain).map_err(|_| CodeError::Altered)?;
    let goals: Vec<GoalId> = plain.g.iter().map(|g| GoalId(*g)).collect();
    let ballot = match plain.k {
        'd' | 's' if goals.len() == plain.v.len() => {
            let map = goals.into_iter().zip(plain.v).collect();
            if plain.k == 'd' { Ballot::Dots(map) } else { Ballot::Scores(map) }
        }
        'r' => Ballot::Ranking(goals),
        _ => return Err(CodeError::Altered),
    };
    Ok((participant, BallotContent { round: RoundId(plain.r), fingerprint: plain.f, ballot, sequence: plain.s }))
}
