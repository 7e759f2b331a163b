//! Which tab may edit a workshop: the Web Locks API (navigator.locks) holds one lock per
//! workshop. The browser releases a lock when its tab closes or crashes, so a tab waiting
//! for it takes over by itself. A BroadcastChannel lets a read-only tab ask the editing
//! tab to hand over.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::broadcast::Channel;

/// A lock held or asked for. Dropping it releases the lock (or withdraws the request).
pub struct EditLock {
    /// Resolving this ends the lock callback's promise, which releases the lock.
    release: Rc<RefCell<Option<js_sys::Function>>>,
    abort: web_sys::AbortController,
    _callback: Closure<dyn FnMut(JsValue) -> JsValue>,
}

impl Drop for EditLock {
    fn drop(&mut self) {
        if let Some(release) = self.release.borrow_mut().take() {
            let _ = release.call0(&JsValue::NULL);
        }
        self.abort.abort();
    }
}

fn lock_name(workshop: &str) -> String {
    format!("accord-edit-{workshop}")
}

/// Asks for the edit lock of `workshop`. `granted(true)` runs when this tab holds it;
/// with `wait == false`, `granted(false)` runs at once if another tab holds it. With
/// `wait == true` the request queues until the holder lets go. `None`: this browser has
/// no Web Locks, and the caller edits unguarded.
pub fn request(workshop: &str, wait: bool, granted: impl FnOnce(bool) + 'static) -> Option<EditLock> {
    // Through Reflect: web-sys exposes LockManager only behind its unstable-APIs flag.
    let locks = js_sys::Reflect::get(&leptos::prelude::window().navigator(), &"locks".into()).ok().filter(|l| !l.is_undefined())?;
    let release = Rc::new(RefCell::new(None::<js_sys::Function>));
    let abort = web_sys::AbortController::new().ok()?;
    type Answer = Rc<RefCell<Option<Box<dyn FnOnce(bool)>>>>;
    let answer: Answer = Rc::new(RefCell::new(Some(Box::new(granted))));
    let slot = release.clone();
    let pending = answer.clone();
    let callback = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
        let Some(granted) = pending.borrow_mut().take() else { return JsValue::UNDEFINED };
        if lock.is_null() {
            granted(false);
            return JsValue::UNDEFINED;
        }
        // Held until `release` is called (on drop).
        let slot = slot.clone();
        let held = js_sys::Promise::new(&mut |resolve, _reject| {
            *slot.borrow_mut() = Some(resolve);
        });
        granted(true);
        held.into()
    });
    let options = js_sys::Object::new();
    // The API takes one or the other: a try-once request cannot also be withdrawable.
    if wait {
        js_sys::Reflect::set(&options, &"signal".into(), &abort.signal()).ok()?;
    } else {
        js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).ok()?;
    }
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into()).ok()?.dyn_into().ok()?;
    let promise: js_sys::Promise = request
        .call3(&locks, &JsValue::from_str(&lock_name(workshop)), &options, callback.as_ref().unchecked_ref())
        .ok()?
        .dyn_into()
        .ok()?;
    // A withdrawn request rejects with AbortError, which is expected. Any other refusal
    // means the browser cannot guard this workshop: edit unguarded rather than never.
    let refused = Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
        let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        if name != "AbortError" {
            if let Some(granted) = answer.borrow_mut().take() {
                granted(true);
            }
        }
    });
    let _ = promise.catch(&refused);
    refused.forget();
    Some(EditLock { release, abort, _callback: callback })
}

/// The channel tabs on one workshop use to ask for a handover.
pub fn handover_channel(workshop: &str, on_request: impl FnMut(String) + 'static) -> Option<Channel> {
    Channel::open(&format!("accord-tabs-{workshop}"), on_request)
}

pub const HANDOVER: &str = "hand over";
