//! The browser side of the pass-the-device kiosk: its mark in this tab's sessionStorage
//! (so a reload comes back to the kiosk; a new tab or window starts without it), and the
//! Fullscreen API, asked for when the browser allows it and never required.

use gloo_storage::{SessionStorage, Storage};
use wasm_bindgen::JsValue;
use wasm_bindgen::JsCast;

const KEY: &str = "accord.kiosk";

/// The kiosk mark kept for this tab, if any.
pub fn load_mark() -> Option<String> {
    SessionStorage::raw().get_item(KEY).ok().flatten()
}

/// Keeps the kiosk mark for this tab. `false`: this browser would not keep it (the kiosk
/// still runs, but a reload would not bring it back).
pub fn save_mark(mark: &str) -> bool {
    SessionStorage::raw().set_item(KEY, mark).is_ok()
}

pub fn clear_mark() {
    let _ = SessionStorage::raw().remove_item(KEY);
}

/// Asks for the whole screen (needs a user's click or key, which the callers are). A
/// refusal (no Fullscreen API, not allowed, headless) is fine: the kiosk already covers the
/// whole window. Called through Reflect so that the returned promise's refusal is caught
/// rather than reported as an error.
pub fn enter_fullscreen() {
    let document = leptos::prelude::document();
    if is_fullscreen() {
        return;
    }
    let Some(root) = document.document_element() else { return };
    let Ok(request) = js_sys::Reflect::get(&root, &"requestFullscreen".into()) else { return };
    let Some(request) = request.dyn_ref::<js_sys::Function>() else { return };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"navigationUI".into(), &"hide".into());
    if let Ok(promise) = request.call1(&root, &options) {
        ignore_refusal(promise);
    }
}

/// Leaves full screen if this page is in it.
pub fn exit_fullscreen() {
    let document = leptos::prelude::document();
    if !is_fullscreen() {
        return;
    }
    let Ok(exit) = js_sys::Reflect::get(&document, &"exitFullscreen".into()) else { return };
    if let Some(exit) = exit.dyn_ref::<js_sys::Function>() {
        if let Ok(promise) = exit.call0(&document) {
            ignore_refusal(promise);
        }
    }
}

fn is_fullscreen() -> bool {
    let document = leptos::prelude::document();
    js_sys::Reflect::get(&document, &"fullscreenElement".into()).is_ok_and(|e| !e.is_null() && !e.is_undefined())
}

fn ignore_refusal(promise: JsValue) {
    if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
