//! Keys of the room: the facilitator's X25519 key pair (derived from the workshop secret,
//! so nothing more is stored and the public half can be printed on the projector), and
//! each phone's own key pair (random, made once when it joins, kept on the phone). A
//! room ballot is sealed with the key both sides reach by X25519 key agreement, so only
//! the facilitator's device can open what a phone sends; anyone else in the room who
//! holds the room link holds only the public half.

use hkdf::Hkdf;
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};

use super::keys::{WorkshopKeys, WorkshopTag};

/// The facilitator's public room key, carried by the room link (not a secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoomKey(pub [u8; 32]);

/// A phone's public key, sent in the clear with each of its codes. The first code from a
/// phone binds its person to this key (see `ballot_box`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceKey(pub [u8; 32]);

/// A phone's secret key: 32 random bytes kept in the phone's browser storage.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecret(pub [u8; 32]);

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(…)")
    }
}

impl DeviceSecret {
    /// The public half: X25519 of the secret and the base point (RFC 7748), by the same
    /// Montgomery ladder the key agreement uses. (`PublicKey::from` gives the same bytes
    /// through Edwards-curve arithmetic, about 4 KB gzip more in the phone's page.)
    pub fn public(&self) -> DeviceKey {
        DeviceKey(x25519_dalek::x25519(self.0, x25519_dalek::X25519_BASEPOINT_BYTES))
    }
}

impl DeviceKey {
    /// A short name for the device in the workshop file and on screen ("device 3f9a…"):
    /// the first 8 bytes, as 16 hex digits.
    pub fn short(&self) -> String {
        self.0[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn to_text(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn from_text(text: &str) -> Option<Self> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok()?;
        Some(DeviceKey(bytes.try_into().ok()?))
    }
}

impl WorkshopKeys {
    /// The facilitator's room secret: HKDF-SHA256 over the workshop secret, so it is as
    /// private as the secret itself and never stored apart from it.
    fn room_secret(&self) -> StaticSecret {
        let hk = Hkdf::<Sha256>::new(Some(&self.tag.0), &self.secret.0);
        let mut bytes = [0u8; 32];
        hk.expand(b"accord room key v1", &mut bytes).expect("32 bytes is a valid HKDF-SHA256 output length");
        StaticSecret::from(bytes)
    }

    /// The public half, for the room link.
    pub fn room_key(&self) -> RoomKey {
        RoomKey(PublicKey::from(&self.room_secret()).to_bytes())
    }

    /// The key a phone with `device` sealed its codes with, as only the facilitator can
    /// compute it. `None` when the device key is one of the degenerate points that agree
    /// on a key anyone knows (a genuine phone never makes one).
    pub(super) fn room_sealing_key(&self, device: &DeviceKey) -> Option<[u8; 32]> {
        let shared = self.room_secret().diffie_hellman(&PublicKey::from(device.0));
        shared.was_contributory().then(|| sealing_key(shared.as_bytes(), self.tag, device, &self.room_key()))
    }
}

/// The phone's side of the same agreement.
pub(super) fn phone_sealing_key(secret: &DeviceSecret, room: &RoomKey, tag: WorkshopTag) -> Option<[u8; 32]> {
    let shared = StaticSecret::from(secret.0).diffie_hellman(&PublicKey::from(room.0));
    shared.was_contributory().then(|| sealing_key(shared.as_bytes(), tag, &secret.public(), room))
}

/// Both public keys go into the derivation, so a key agreed for one pair is never the
/// key of another.
fn sealing_key(shared: &[u8; 32], tag: WorkshopTag, device: &DeviceKey, room: &RoomKey) -> [u8; 32] {
    let hk = Hkdf::<Sha256>::new(Some(&tag.0), shared);
    let mut info = b"accord room ballot v1/".to_vec();
    info.extend_from_slice(&device.0);
    info.extend_from_slice(&room.0);
    let mut key = [0u8; 32];
    hk.expand(&info, &mut key).expect("32 bytes is a valid HKDF-SHA256 output length");
    key
}

#[cfg(test)]
mod ladder_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The ladder's public key is the one x25519-dalek's `PublicKey::from` makes, so
        /// phones and the facilitator agree on every key.
        #[test]
        fn the_ladder_public_key_is_the_library_one(secret in any::<[u8; 32]>()) {
            prop_assert_eq!(DeviceSecret(secret).public().0, PublicKey::from(&StaticSecret::from(secret)).to_bytes());
        }
    }
}
