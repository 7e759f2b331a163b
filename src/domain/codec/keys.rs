use hkdf::Hkdf;
use sha2::Sha256;

use crate::domain::model::ParticipantId;

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

pub fn participant_key(secret: &WorkshopSecret, tag: WorkshopTag, participant: ParticipantId) -> ParticipantKey {
    let hk = Hkdf::<Sha256>::new(Some(&tag.0), &secret.0);
    let mut info = b"accord ballot key v1/".to_vec();
    info.extend_from_slice(&participant.0.to_be_bytes());
    let mut key = [0u8; 32];
    hk.expand(&info, &mut key).expect("32 bytes is a valid HKDF-SHA256 output length");
    ParticipantKey(key)
}
