//! base64url without padding (RFC 4648 §5), the form of invites, ballot codes and the
//! keys in a room link: the `base64` crate's `URL_SAFE_NO_PAD` exactly (padding, a
//! length of 4n+1 and non-zero trailing bits are refused), in a few lines instead of the
//! crate's generic engine, which was about 2 KB gzip of the participant's page. Same
//! method names, so a call site only changes its import.

/// The one engine: `URL_SAFE_NO_PAD.encode(bytes)`, `URL_SAFE_NO_PAD.decode(text)`.
pub struct UrlSafeNoPad;

pub const URL_SAFE_NO_PAD: UrlSafeNoPad = UrlSafeNoPad;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Text that is not base64url without padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotBase64;

impl UrlSafeNoPad {
    pub fn encode(&self, bytes: impl AsRef<[u8]>) -> String {
        encode(bytes.as_ref())
    }

    pub fn decode(&self, text: impl AsRef<[u8]>) -> Result<Vec<u8>, NotBase64> {
        decode(text.as_ref())
    }
}

fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn value(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    }))
}

fn decode(text: &[u8]) -> Result<Vec<u8>, NotBase64> {
    if text.len() % 4 == 1 {
        return Err(NotBase64);
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c).ok_or(NotBase64)? << (18 - 6 * i);
        }
        let whole = chunk.len() - 1;
        // The bits past the last whole byte must be zero (one spelling per byte string).
        if n & ((1 << (24 - 8 * whole)) - 1) != 0 && whole < 3 {
            return Err(NotBase64);
        }
        for i in 0..whole {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use proptest::prelude::*;

    const CRATE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn known_cases() {
        assert_eq!(URL_SAFE_NO_PAD.encode(b""), "");
        assert_eq!(URL_SAFE_NO_PAD.encode(b"f"), "Zg");
        assert_eq!(URL_SAFE_NO_PAD.encode(b"fo"), "Zm8");
        assert_eq!(URL_SAFE_NO_PAD.encode(b"foo"), "Zm9v");
        assert_eq!(URL_SAFE_NO_PAD.encode([0xfb, 0xff]), "-_8");
        for bad in ["Zg==", "Z", "Zh", "Zm9", "Zm9v=", "Zm+v", "Zm/v", "Zm9v Zg", "é"] {
            assert_eq!(URL_SAFE_NO_PAD.decode(bad).is_ok(), CRATE.decode(bad).is_ok(), "{bad}");
        }
        assert!(URL_SAFE_NO_PAD.decode("Zh").is_err(), "non-zero trailing bits");
        assert!(URL_SAFE_NO_PAD.decode("Zm9").is_err());
        assert_eq!(URL_SAFE_NO_PAD.decode("Zm8"), Ok(b"fo".to_vec()));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn encodes_as_the_crate_does(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
            let text = URL_SAFE_NO_PAD.encode(&bytes);
            prop_assert_eq!(&text, &CRATE.encode(&bytes));
            prop_assert_eq!(URL_SAFE_NO_PAD.decode(&text), Ok(bytes));
        }

        /// Any text, well-formed or not, is read as the crate reads it.
        #[test]
        fn decodes_as_the_crate_does(text in "[A-Za-z0-9_=+/ -]{0,40}") {
            prop_assert_eq!(URL_SAFE_NO_PAD.decode(&text).ok(), CRATE.decode(&text).ok());
        }
    }
}
