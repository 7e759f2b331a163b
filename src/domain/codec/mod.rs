//! Codes that carry a workshop between devices with no server: personal invites (the
//! facilitator's device → a participant's) and ballot codes (back). Pure: keys, nonces and
//! times come in as arguments.
//!
//! - An invite's key is derived (HKDF-SHA256) from the workshop secret, which only the
//!   facilitator's browser holds, the workshop tag, the participant ID, the invite's ID
//!   and its random salt (kept in the workshop's invite record); the invite carries that
//!   one key, so no participant can make another's codes, and a withdrawn invite's codes
//!   can be told apart and refused.
//! - A ballot code is ChaCha20-Poly1305 over the ballot, with the workshop tag,
//!   participant ID and invite ID in the clear as associated data: altered, foreign or
//!   forged codes fail to authenticate, and a chat channel learns only who sent a code,
//!   not the vote. Whoever holds an invite link can vote as that person: send invites
//!   privately, and withdraw one that leaked.

pub mod ballot_code;
pub mod fingerprint;
pub mod invite;
pub mod keys;
pub mod qr;

pub use ballot_code::{open_ballot, seal_ballot, seal_plaintext, BallotContent, CodeError, Opened, Plain, Unreadable, MAX_CODE_CHARS};
pub use fingerprint::round_fingerprint;
pub use qr::{qr_symbol, read_qr, QrSymbol, TooBigForQr, QUIET as QR_QUIET};
pub use invite::{decode_invite, encode_invite, Invite, InviteError, InviteGoal, InviteRound};
pub use keys::{participant_key, ParticipantKey, WorkshopKeys, WorkshopSecret, WorkshopTag};
