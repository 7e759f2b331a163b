//! Time and randomness from the browser, handed to the core as plain values.

use crate::domain::time::Timestamp;

pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// 64 random bits. Used only to name workshops in the library, so Math.random is enough.
pub fn random_u64() -> u64 {
    let high = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let low = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (high << 32) | low
}
