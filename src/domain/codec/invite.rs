//! Personal invites: what one participant needs to vote on their own device, compressed
//! into the URL fragment (never sent to a server). `#invite=ACI1.<base64url(deflate(json))>`.

use super::b64::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::keys::{ParticipantKey, WorkshopTag};
use crate::domain::wire::v1::MethodDoc;

const PREFIX: &str = "ACI1.";
/// Inflated invites larger than this are refused (a 200-goal invite is far below).
const MAX_INFLATED: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteGoal {
    pub id: u32,
    pub title: String,
    /// The goal it sits under, for context.
    pub parent: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteRound {
    pub id: u32,
    pub name: String,
    #[serde(deserialize_with = "super::method::lean")]
    pub method: MethodDoc,
    /// Whether revealed results leave names off ballots (told to the voter up front).
    pub anonymous: bool,
    pub goals: Vec<InviteGoal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    pub tag: [u8; 8],
    pub title: String,
    pub strategy: String,
    pub participant: u32,
    pub name: String,
    pub department: String,
    /// When the facilitator made this link (ms since the epoch, the facilitator's clock;
    /// shown, and orders two links of the same invite).
    pub issued: i64,
    pub key: [u8; 32],
    pub rounds: Vec<InviteRound>,
    /// The invite's ID in the workshop (higher is newer; 0 in invites from before
    /// Accord numbered them, whose codes are refused).
    #[serde(default)]
    pub invite: u32,
}

impl Invite {
    pub fn workshop_tag(&self) -> WorkshopTag {
        WorkshopTag(self.tag)
    }

    pub fn participant_key(&self) -> ParticipantKey {
        ParticipantKey(self.key)
    }

    pub fn invite_id(&self) -> crate::domain::model::InviteId {
        crate::domain::model::InviteId(self.invite)
    }

    /// Whether this invite is newer than `other` (for the same person): a later invite,
    /// or a later link of the same invite.
    pub fn is_newer_than(&self, other: &Invite) -> bool {
        (self.invite, self.issued) > (other.invite, other.issued)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteError {
    NotAnInvite,
    Damaged,
    TooLarge,
}

impl std::fmt::Display for InviteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InviteError::NotAnInvite => write!(f, "this link is not an Accord invite"),
            InviteError::Damaged => write!(f, "this invite link is damaged (was it cut off when copied?); ask the facilitator for it again"),
            InviteError::TooLarge => write!(f, "this invite is larger than Accord accepts"),
        }
    }
}

pub fn encode_invite(invite: &Invite) -> String {
    let json = serde_json::to_vec(invite).expect("invites serialise");
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

pub fn decode_invite(text: &str) -> Result<Invite, InviteError> {
    let body = text.trim().strip_prefix(PREFIX).ok_or(InviteError::NotAnInvite)?;
    let packed = URL_SAFE_NO_PAD.decode(body).map_err(|_| InviteError::Damaged)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) { InviteError::TooLarge } else { InviteError::Damaged }
    })?;
    serde_json::from_slice(&json).map_err(|_| InviteError::Damaged)
}
