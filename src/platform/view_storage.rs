//! What the viewer (`view/`) keeps in localStorage (read and written as plain text, so the
//! viewer's bundle carries no second serialiser). Keys:
//! - `accord.view.device`: this device's random number and its next goal number
//!   (`share::kept::DeviceCounter`), made once per device.
//! - `accord.view.<tag hex>` (or `accord.view.<hash of the link>` for a link without a
//!   tag): the person's name and goals under a shared tree; `accord.view.draft.<tag>.<d>`:
//!   a department lead's draft. Data that fails to load is set aside under `<key>.damaged`.

use crate::domain::model::Source;
use crate::domain::share::kept::{DeviceCounter, Kept};

pub const DEVICE_KEY: &str = "accord.view.device";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A random device number from crypto.getRandomValues (read through web-sys directly, so
/// the viewer's bundle needs nothing of Leptos).
fn random_device() -> Result<u64, String> {
    let mut bytes = [0u8; 8];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or_else(|| "this browser has no crypto.getRandomValues".to_string())?;
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| "this browser gave no random numbers".to_string())?;
    Ok(u64::from_le_bytes(bytes))
}

fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

fn set(key: &str, value: &str) -> Result<(), String> {
    let storage = local().ok_or_else(|| "this browser keeps nothing for this page".to_string())?;
    storage.set_item(key, value).map_err(|_| "this browser's storage for this site is full".to_string())
}

/// This device's counter, made (with a random device number) on first use.
pub fn counter() -> Result<DeviceCounter, String> {
    if let Some(counter) = get(DEVICE_KEY).as_deref().and_then(DeviceCounter::from_text) {
        return Ok(counter);
    }
    let counter = DeviceCounter::new(random_device()?);
    set(DEVICE_KEY, &counter.to_text())?;
    Ok(counter)
}

pub fn save_counter(counter: DeviceCounter) -> Result<(), String> {
    set(DEVICE_KEY, &counter.to_text())
}

/// What is kept under `key`: the list, a new one, or a new one with a note that the kept
/// data could not be read (it is set aside first, never overwritten).
pub fn load(key: &str, source: Source) -> Result<(Kept, Option<String>), String> {
    let Some(raw) = get(key) else { return Ok((Kept::new(counter()?.device), None)) };
    match Kept::from_json(&raw, source) {
        Ok(kept) => Ok((kept, None)),
        Err(problem) => {
            let aside = format!("{key}.damaged");
            set(&aside, &raw)?;
            Ok((Kept::new(counter()?.device), Some(format!("The goals kept on this device could not be read ({problem}); they were set aside under “{aside}” and you start afresh."))))
        }
    }
}

pub fn save(key: &str, kept: &Kept, source: Source) -> Result<(), String> {
    set(key, &kept.to_json(source))
}
