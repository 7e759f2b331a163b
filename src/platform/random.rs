//! Secret-grade randomness from the browser (crypto.getRandomValues), for workshop
//! secrets and ballot-code nonces.

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window().expect("a page has a window").crypto().expect("every browser Accord runs in has crypto.getRandomValues");
    crypto.get_random_values_with_u8_array(&mut bytes).expect("at most 65,536 bytes at a time");
    bytes
}
