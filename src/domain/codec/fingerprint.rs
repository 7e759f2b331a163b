//! A round's fingerprint: which goals it asks about and how. A ballot code carries the
//! fingerprint of the round its invite described, so a code made before the round was set
//! up again (other goals, another method) is refused as made for another round instead of
//! being counted against goals the voter never saw.

use sha2::{Digest, Sha256};

use crate::domain::model::{GoalId, RoundId};
use crate::domain::voting::Method;

pub fn round_fingerprint(round: RoundId, method: Method, goals: &[GoalId]) -> u32 {
    let mut h = Sha256::new();
    h.update(b"accord round v1/");
    h.update(round.0.to_be_bytes());
    let (kind, a, b) = match method {
        Method::Dot { dots, cap } => (1u8, dots, cap.map_or(0, |c| c + 1)),
        Method::Score { min, max } => (2, min, max),
        Method::Ranked => (3, 0, 0),
    };
    h.update([kind]);
    h.update(a.to_be_bytes());
    h.update(b.to_be_bytes());
    for g in goals {
        h.update(g.0.to_be_bytes());
    }
    let digest = h.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}
