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
//! - The room link is one code for the whole room: what a phone needs to vote in the open
//!   rounds and the facilitator's public X25519 room key. A phone that joins makes its own
//!   key pair; its room ballot codes (version 3) are sealed with the key both reach by
//!   key agreement, so only the facilitator's device opens them, and they carry the
//!   phone's public key, which binds the person to that phone (see `ballot_box`).

pub mod b64;
pub mod ballot_code;
pub mod fingerprint;
pub mod invite;
pub mod keys;
pub mod method;
pub mod qr;
pub mod room_ballot;
pub mod room_key;
pub mod room_link;

pub use room_ballot::{open_room_ballot, seal_room_ballots, seal_room_plaintext, Claim, RoomOpened, RoomPlain, RoomPlainBallot, RoundBallot};
pub use room_key::{DeviceKey, DeviceSecret, RoomKey};
pub use room_link::{base32, decode_room, encode_room, from_base32, RoomDoc, RoomLinkError, RoomRound};
pub use ballot_code::{is_room_code, open_ballot, seal_ballot, seal_plaintext, BallotContent, CodeError, Opened, Plain, Unreadable, MAX_CODE_CHARS};
pub use fingerprint::round_fingerprint;
pub use qr::{qr_symbol, qr_symbol_for_screen, read_qr, DENSEST_FOR_A_ROOM, QrSymbol, TooBigForQr, QUIET as QR_QUIET};
pub use invite::{decode_invite, encode_invite, Invite, InviteError, InviteGoal, InviteRound};
pub use keys::{participant_key, ParticipantKey, WorkshopKeys, WorkshopSecret, WorkshopTag};
