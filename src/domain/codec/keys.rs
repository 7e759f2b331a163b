use hkdf::Hkdf;
use sha2::Sha256;

use crate::domain::model::{InviteId, ParticipantId};

/// 32 random bytes held only by the facilitator's browser.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct WorkshopSecret(pub [u8; 32]);

impl std::fmt::Debug for WorkshopSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WorkshopSecret(…)")
    }
}

/// 8 random bytes naming a workshop in its codes, so a code for another workshop is told
/// apart from a damaged one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkshopTag(pub [u8; 8]);

/// The key one participant's ballot codes are sealed with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ParticipantKey(pub [u8; 32]);

impl std::fmt::Debug for ParticipantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParticipantKey(…)")
    }
}

/// The key of one invite: derived (HKDF-SHA256) from the workshop secret and tag, the
/// participant, the invite's ID and its random salt. A new invite for the same person has
/// another key, so withdrawing one invite leaves the others working.
pub fn participant_key(secret: &WorkshopSecret, tag: WorkshopTag, participant: ParticipantId, invite: InviteId, salt: &[u8; 16]) -> ParticipantKey {
    let hk = Hkdf::<Sha256>::new(Some(&tag.0), &secret.0);
    let mut info = b"accord ballot key v2/".to_vec();
    info.extend_from_slice(&participant.0.to_be_bytes());
    info.extend_from_slice(&invite.0.to_be_bytes());
    info.extend_from_slice(salt);
    let mut key = [0u8; 32];
    hk.expand(&info, &mut key).expect("32 bytes is a valid HKDF-SHA256 output length");
    ParticipantKey(key)
}

/// What the facilitator's browser keeps (and never exports) to make invites and check
/// ballot codes for one workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkshopKeys {
    pub secret: WorkshopSecret,
    pub tag: WorkshopTag,
}

impl WorkshopKeys {
    pub const fn from_parts(secret: [u8; 32], tag: [u8; 8]) -> Self {
        WorkshopKeys { secret: WorkshopSecret(secret), tag: WorkshopTag(tag) }
    }

    /// From 40 fresh random bytes (32 secret, 8 tag).
    pub fn from_random(bytes: [u8; 40]) -> Self {
        let mut secret = [0u8; 32];
        let mut tag = [0u8; 8];
        secret.copy_from_slice(&bytes[..32]);
        tag.copy_from_slice(&bytes[32..]);
        WorkshopKeys { secret: WorkshopSecret(secret), tag: WorkshopTag(tag) }
    }

    /// The key of an invite issued to `participant`.
    pub fn key_for(&self, participant: ParticipantId, invite: InviteId, salt: &[u8; 16]) -> ParticipantKey {
        participant_key(&self.secret, self.tag, participant, invite, salt)
    }

    /// For the browser's storage: base64url of the 40 bytes.
    pub fn to_text(&self) -> String {
        use base64::Engine;
        let mut bytes = self.secret.0.to_vec();
        bytes.extend_from_slice(&self.tag.0);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn from_text(text: &str) -> Option<Self> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        Some(Self::from_random(bytes.try_into().ok()?))
    }
}

impl WorkshopTag {
    /// Hex, for naming what a participant's browser keeps per workshop.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The inverse of `hex` (16 lowercase hex digits).
    pub fn from_hex(text: &str) -> Option<Self> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return None;
        }
        let mut tag = [0u8; 8];
        for (i, byte) in tag.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(WorkshopTag(tag))
    }
}
