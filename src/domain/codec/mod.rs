//! Codes that carry a workshop between devices with no server: personal invites (the
//! facilitator's device → a participant's) and ballot codes (back). Pure: keys, nonces and
//! times come in as arguments.
//!
//! - A participant's key is derived (HKDF-SHA256) from the workshop secret, which only the
//!   facilitator's browser holds, and the workshop tag and participant ID; the invite
//!   carries that one key, so no participant can make another's codes.
//! - A ballot code is ChaCha20-Poly1305 over the ballot, with the workshop tag and
//!   participant ID in the clear as associated data: altered, foreign or forged codes fail
//!   to authenticate, and a chat channel learns only who sent a code, not the vote.

pub mod ballot_code;
pub mod fingerprint;
pub mod invite;
pub mod keys;
pub mod qr;

pub use ballot_code::{open_ballot, seal_ballot, BallotContent, CodeError};
pub use fingerprint::round_fingerprint;
pub use qr::{qr_symbol, read_qr, QrSymbol, TooBigForQr, QUIET as QR_QUIET};
pub use invite::{decode_invite, encode_invite, Invite, InviteError, InviteGoal, InviteRound};
pub use keys::{participant_key, ParticipantKey, WorkshopKeys, WorkshopSecret, WorkshopTag};
