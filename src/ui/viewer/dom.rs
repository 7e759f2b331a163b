//! The few DOM calls the viewer is drawn with. Its pages are mostly static (a tree drawn
//! once from the link) with a few regions redrawn when the person's list changes, so it
//! builds elements directly rather than through Leptos's views, whose per-view code would
//! take the page past its 150 KB budget (measured: 230 KB gzip of wasm with Leptos views,
//! 166 KB without). Text only ever goes in as text (`set_text_content`, attribute
//! values): nothing is parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event};

pub fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a page has a document")
}

/// A new `<tag class=…>` appended to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str) -> Element {
    let e = document().create_element(tag).expect("known tags");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    let _ = parent.append_child(&e);
    e
}

/// A new `<tag class=…>` holding `text` (as text), appended to `parent`.
pub fn text(parent: &Element, tag: &str, class: &str, text: &str) -> Element {
    let e = child(parent, tag, class);
    e.set_text_content(Some(text));
    e
}

/// Appends plain text.
pub fn put(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

pub fn attr(e: &Element, name: &str, value: &str) -> Element {
    let _ = e.set_attribute(name, value);
    e.clone()
}

pub fn clear(e: &Element) {
    e.set_text_content(None);
}

/// Calls `f` on every `event` at `target`, for the life of the page.
pub fn on(target: &web_sys::EventTarget, event: &str, f: impl FnMut(Event) + 'static) {
    let f = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    // Listeners live as long as their element; the viewer's redraws are few (one per
    // change the person makes), so what a dropped element held is small.
    f.forget();
}

/// A `<button type="button">`.
pub fn button(parent: &Element, class: &str, label: &str, testid: &str, mut f: impl FnMut() + 'static) -> Element {
    let b = text(parent, "button", class, label);
    attr(&b, "type", "button");
    if !testid.is_empty() {
        attr(&b, "data-testid", testid);
    }
    on(&b, "click", move |_| f());
    b
}

/// A labelled `<input>` or `<textarea>` (`tag`) in `parent`; returns the field.
pub fn field(parent: &Element, tag: &str, label: &str, value: &str, max: usize, testid: &str) -> Element {
    let l = text(parent, "label", "", label);
    let input = child(&l, tag, "");
    attr(&input, "maxlength", &max.to_string());
    attr(&input, "data-testid", testid);
    if tag == "textarea" {
        attr(&input, "rows", "2");
    }
    set_value(&input, value);
    input
}

/// The `value` of an input or text area.
pub fn value(e: &Element) -> String {
    js_sys::Reflect::get(e, &"value".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

pub fn set_value(e: &Element, value: &str) {
    let _ = js_sys::Reflect::set(e, &"value".into(), &value.into());
}

pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// Offers `contents` as a JSON file named `name` (a Blob URL, revoked a minute later:
/// revoking at once can cancel the download in some browsers).
pub fn download(name: &str, contents: &str) -> Result<(), String> {
    let fail = |_| "the browser refused".to_string();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&contents.into()), &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let body: Element = document().body().ok_or("no page")?.into();
    let a = child(&body, "a", "");
    attr(&a, "href", &url);
    attr(&a, "download", name);
    if let Some(h) = a.dyn_ref::<web_sys::HtmlElement>() {
        h.click();
    }
    a.remove();
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}
