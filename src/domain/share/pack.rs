//! The one way shared things travel as text: a short prefix naming what it is and its
//! version (`ACT1.`), then the compact JSON deflated and written in base32, which a QR
//! code holds in its alphanumeric mode (see `codec::room_link`).

use crate::domain::codec::{base32, from_base32};

/// Inflated payloads larger than this are refused before they are parsed.
pub const MAX_INFLATED: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// The text does not start with the expected prefix.
    WrongKind,
    /// Not base32, not deflate, or not JSON: cut off or mistyped.
    Damaged,
    TooLarge,
}

pub fn pack(prefix: &str, json: &[u8]) -> String {
    format!("{prefix}{}", base32(&miniz_oxide::deflate::compress_to_vec(json, 10)))
}

/// The JSON bytes inside `text`. Spaces and line breaks a chat app added are ignored, and
/// a whole link is accepted: everything up to the prefix is skipped.
pub fn unpack(prefix: &str, text: &str) -> Result<Vec<u8>, PackError> {
    let at = text.find(prefix).ok_or(PackError::WrongKind)?;
    let body: String = text[at + prefix.len()..].chars().filter(|c| !c.is_whitespace()).collect();
    // Base32 holds 5 bits a character, and deflate shrinks text at most about a
    // thousandfold: a longer body could not inflate to anything Accord accepts.
    if body.len() > MAX_INFLATED {
        return Err(PackError::TooLarge);
    }
    let packed = from_base32(&body).ok_or(PackError::Damaged)?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) { PackError::TooLarge } else { PackError::Damaged }
    })
}

/// `pack` without compression: the JSON in deflate's stored blocks, which every inflater
/// reads (so `unpack` and the facilitator's import take it unchanged). Longer text (about
/// 1.6 characters a byte of JSON instead of about one), but the viewer's page then carries
/// no compressor, which keeps it under its 150 KB budget.
pub fn pack_stored(prefix: &str, json: &[u8]) -> String {
    let mut out = Vec::with_capacity(json.len() + json.len() / 65_535 * 5 + 5);
    let mut blocks = json.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = u16::try_from(block.len()).expect("blocks of at most 65,535 bytes");
        out.push(u8::from(blocks.peek().is_none()));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    format!("{prefix}{}", base32(&out))
}
