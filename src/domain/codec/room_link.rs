//! The room link: one code for the whole room, `vote/#room=ACR1.<base32(deflate(json))>`,
//! in the URL fragment (never sent to a host). It carries what a phone needs to vote in
//! the open rounds (titles, parents, departments, methods), who may be chosen in "Who
//! are you?", and the facilitator's public room key. It is the same for everyone and is
//! not a secret: it holds no key that opens or makes anyone's ballot.
//!
//! Compact on purpose, so the demo's rounds fit a QR code a phone reads off a projector:
//! goals and departments are listed once and referred to by number, the voters of a round
//! are left out when they are everyone listed, and the payload is base32 (capitals and
//! digits), which a QR code holds in its alphanumeric mode at 5.5 bits a character
//! instead of 8: about a sixth fewer modules than base64url.

use super::b64::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::fingerprint::round_fingerprint;
use super::keys::WorkshopTag;
use super::room_key::RoomKey;
use crate::domain::model::{GoalId, RoundId};
use crate::domain::voting::{Method, Round};
use crate::domain::wire::v1::MethodDoc;

const PREFIX: &str = "ACR1.";
/// Inflated room links larger than this are refused (200 goals are far below).
const MAX_INFLATED: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomDoc {
    /// The workshop tag, base64url.
    pub t: String,
    /// The facilitator's public room key, base64url.
    pub k: String,
    /// The workshop's title.
    pub w: String,
    /// Whether someone not on the list may type their name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub walk: bool,
    /// Who may be chosen: `[id, name]`.
    pub p: Vec<(u32, String)>,
    /// Departments: `[id, name]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub d: Vec<(u32, String)>,
    /// Goals the rounds ask about and their parents: `[id, title, parent or 0,
    /// department or 0]`.
    pub g: Vec<(u32, String, u32, u32)>,
    pub r: Vec<RoomRound>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomRound {
    pub id: u32,
    pub name: String,
    #[serde(deserialize_with = "super::method::lean")]
    pub method: MethodDoc,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// Goal numbers, in the order presented.
    pub goals: Vec<u32>,
    /// Who votes in it (the round's electorate less its observers), left out when that
    /// is everyone the room lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voters: Option<Vec<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomLinkError {
    NotARoom,
    Damaged,
    TooLarge,
}

impl std::fmt::Display for RoomLinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoomLinkError::NotARoom => write!(f, "this link is not an Accord room link"),
            RoomLinkError::Damaged => write!(f, "this room link is damaged (was it cut off when copied?); scan the room's QR code again"),
            RoomLinkError::TooLarge => write!(f, "this room link is larger than Accord accepts"),
        }
    }
}

pub fn encode_room(doc: &RoomDoc) -> String {
    let json = serde_json::to_vec(doc).expect("room links serialise");
    format!("{PREFIX}{}", base32(&miniz_oxide::deflate::compress_to_vec(&json, 10)))
}

pub fn decode_room(text: &str) -> Result<RoomDoc, RoomLinkError> {
    let body = text.trim().strip_prefix(PREFIX).ok_or(RoomLinkError::NotARoom)?;
    if body.len() > MAX_INFLATED {
        return Err(RoomLinkError::TooLarge);
    }
    let packed = from_base32(body).ok_or(RoomLinkError::Damaged)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) { RoomLinkError::TooLarge } else { RoomLinkError::Damaged }
    })?;
    let doc: RoomDoc = serde_json::from_slice(&json).map_err(|_| RoomLinkError::Damaged)?;
    // The keys must be whole, or nothing sealed to them could be opened.
    if doc.tag().is_none() || doc.room_key().is_none() {
        return Err(RoomLinkError::Damaged);
    }
    Ok(doc)
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Reads base32 without padding (either case, since some scanners lower-case what they
/// read); `None` for any other character or a length no encoding gives.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = BASE32.iter().position(|x| *x == c.to_ascii_uppercase())? as u32;
        acc = ((acc << 5) | v) & 0xffff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // The bits left over are padding and must be zero, so each text has one reading.
    (acc & ((1 << bits) - 1) == 0).then_some(out)
}

impl RoomDoc {
    pub fn tag(&self) -> Option<WorkshopTag> {
        Some(WorkshopTag(URL_SAFE_NO_PAD.decode(&self.t).ok()?.try_into().ok()?))
    }

    pub fn room_key(&self) -> Option<RoomKey> {
        Some(RoomKey(URL_SAFE_NO_PAD.decode(&self.k).ok()?.try_into().ok()?))
    }

    pub fn round(&self, id: RoundId) -> Option<&RoomRound> {
        self.r.iter().find(|r| r.id == id.0)
    }

    pub fn person(&self, id: u32) -> Option<&str> {
        self.p.iter().find(|(p, _)| *p == id).map(|(_, n)| n.as_str())
    }

    pub fn goal(&self, id: u32) -> Option<&(u32, String, u32, u32)> {
        self.g.iter().find(|g| g.0 == id)
    }

    pub fn department(&self, id: u32) -> Option<&str> {
        self.d.iter().find(|(d, _)| *d == id).map(|(_, n)| n.as_str())
    }

    /// The rounds `person` votes in (a walk-in, `None`, may vote in every round).
    pub fn rounds_for(&self, person: Option<u32>) -> impl Iterator<Item = &RoomRound> {
        self.r.iter().filter(move |r| person.is_none_or(|p| r.voters.as_ref().is_none_or(|v| v.contains(&p))))
    }
}

impl RoomRound {
    pub fn goal_ids(&self) -> Vec<GoalId> {
        self.goals.iter().map(|g| GoalId(*g)).collect()
    }

    pub fn method(&self) -> Method {
        self.method.clone().into()
    }

    pub fn fingerprint(&self) -> u32 {
        round_fingerprint(RoundId(self.id), self.method(), &self.goal_ids())
    }

    /// The round as the phone checks a ballot against it: open, with these goals and
    /// this method.
    pub fn as_round(&self) -> Round {
        Round::as_seen_by_voter(RoundId(self.id), &self.name, self.method(), self.goal_ids(), self.anonymous)
    }
}
