//! The form a workshop takes in the browser's storage: its workshop file, deflated and
//! base64url-encoded behind a prefix. localStorage holds about five million characters
//! per site and Accord keeps two copies of each workshop (the copy and the last good
//! copy), so plain JSON capped a workshop at about 2.5 MB; deflated, a workshop file of
//! the full 8 MB Accord opens fits several times over.
//!
//! Plain JSON is still read, so copies saved by earlier releases load as before.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::problem::{ImportError, ProblemKind};
use super::restore::{restore, MAX_FILE_BYTES};
use crate::domain::model::Workshop;

const PREFIX: &str = "ACZ1.";

/// The stored form of a workshop file.
pub fn pack(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The workshop file inside a stored value (plain JSON passes through). A value that
/// cannot be unpacked, or would unpack past the largest file Accord opens, is refused
/// with a problem the recovery screen can show.
pub fn unpack(stored: &str) -> Result<String, ImportError> {
    let Some(body) = stored.strip_prefix(PREFIX) else { return Ok(stored.to_string()) };
    let damaged = |why: &str| ImportError::single("$", ProblemKind::Shape(format!("the stored copy is damaged ({why})")));
    let packed = URL_SAFE_NO_PAD.decode(body.trim_end()).map_err(|_| damaged("not base64url"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_FILE_BYTES + 1).map_err(|_| damaged("cut off or altered"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::single("$", ProblemKind::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES }));
    }
    String::from_utf8(bytes).map_err(|_| ImportError::single("$", ProblemKind::NotUtf8))
}

/// `restore` for a stored value, packed or plain.
pub fn restore_stored(stored: &str) -> Result<Workshop, ImportError> {
    restore(unpack(stored)?.as_bytes())
}

/// The length of a stored value as the browser counts it against the quota (UTF-16 code
/// units; packed values are ASCII).
pub fn storage_units(text: &str) -> usize {
    text.encode_utf16().count()
}
