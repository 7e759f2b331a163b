//! BroadcastChannel between windows of this browser (the facilitator's window and its
//! presenter window). Text only; the receiver decodes and validates.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub struct Channel {
    inner: web_sys::BroadcastChannel,
    // Kept alive as long as the channel: dropping it would unhook the listener.
    _listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Channel {
    /// Opens `name` and calls `on_message` with every text message from other windows.
    pub fn open(name: &str, mut on_message: impl FnMut(String) + 'static) -> Option<Channel> {
        let inner = web_sys::BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(text) = event.data().as_string() {
                on_message(text);
            }
        });
        inner.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(Channel { inner, _listener: listener })
    }

    pub fn send(&self, text: &str) {
        let _ = self.inner.post_message(&JsValue::from_str(text));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.inner.set_onmessage(None);
        self.inner.close();
    }
}

/// The channel a workshop's presenter windows listen on.
pub fn presenter_channel_name(workshop: &str) -> String {
    format!("accord-presenter-{workshop}")
}
