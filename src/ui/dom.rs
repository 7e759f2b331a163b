//! The few DOM calls the viewer (`/view/`) and the participant's page (`/vote/`) are
//! drawn with. Their pages are mostly static (a tree or a ballot drawn once from the
//! link) with a few regions redrawn when something changes, so they build elements
//! directly rather than through Leptos's views, whose runtime and per-view code would
//! take each page past its 150 KB budget (measured: the viewer's wasm was 230 KB gzip with
//! Leptos views, 166 KB without; the participant's page 255 KB with). Text only ever goes
//! in as text (`set_text_content`, attribute values): nothing is parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use std::cell::RefCell;

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

/// Offers `contents` as a JSON file named `name`.
pub fn download(name: &str, contents: &str) -> Result<(), String> {
    download_as(name, "application/json", contents)
}

/// Offers `contents` as a file named `name` of type `mime` (a Blob URL, revoked a minute
/// later: revoking at once can cancel the download in some browsers).
pub fn download_as(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    let fail = |_| "the browser refused".to_string();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
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

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a page has a window")
}

/// Calls `f` on every `event` at the window, for the life of the page.
pub fn on_window(event: &str, f: impl FnMut(Event) + 'static) {
    on(&window().into(), event, f);
}

/// Runs `f` once, `ms` milliseconds from now.
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let f = Closure::once_into_js(f);
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
}

/// Marks (Performance API) "accord-interactive", the same on every page, once the page's
/// first screen is on screen and answering: after the next frame's style, layout and paint
/// (a task queued from the frame callback; a mark inside the callback came before the
/// paint), and once the browser reports the first contentful paint, which it writes when
/// the frame is presented (a few frames later in some browsers; a browser that never
/// reports one is waited for at most `PAINT_FRAMES` frames). `scripts/perf-report.sh` reads
/// the mark as the time to interactive.
pub fn mark_interactive() {
    after_first_paint(|| {
        if let Some(performance) = window().performance() {
            let _ = performance.mark("accord-interactive");
        }
    });
}

/// Runs `f` after the next frame's paint, once the browser has reported the page's first
/// contentful paint (waited for at most `PAINT_FRAMES` frames): work that must not hold up
/// the first screen, such as fetching what is needed only after it.
pub fn after_first_paint(f: impl FnOnce() + 'static) {
    wait_for_paint(PAINT_FRAMES, Box::new(f));
}

const PAINT_FRAMES: u32 = 10;


fn wait_for_paint(frames_left: u32, f: Box<dyn FnOnce()>) {
    let frame = Closure::once_into_js(move || {
        after(0, move || {
            let painted = window().performance().is_none_or(|p| p.get_entries_by_name("first-contentful-paint").length() > 0);
            if frames_left > 0 && !painted {
                wait_for_paint(frames_left - 1, f);
            } else {
                f();
            }
        });
    });
    let _ = window().request_animation_frame(frame.unchecked_ref());
}

/// A new SVG `<tag>` (in the SVG namespace) appended to `parent`.
pub fn svg_child(parent: &Element, tag: &str) -> Element {
    let e = document().create_element_ns(Some("http://www.w3.org/2000/svg"), tag).expect("known tags");
    let _ = parent.append_child(&e);
    e
}

/// Puts `e` where `slot` (a placeholder or an earlier element) is, or takes the slot's
/// element away (`None`): a region of the page that comes and goes.
pub struct Slot {
    /// What holds the place: the shown element, or an empty text node.
    at: RefCell<web_sys::Node>,
}

impl Slot {
    /// An empty slot at the end of `parent`.
    pub fn new(parent: &Element) -> Slot {
        let mark: web_sys::Node = document().create_text_node("").into();
        let _ = parent.append_child(&mark);
        Slot { at: RefCell::new(mark) }
    }

    /// Shows `e` in the slot (or nothing), in place of what it showed.
    pub fn set(&self, e: Option<Element>) {
        let next: web_sys::Node = match e {
            Some(e) => e.into(),
            None => document().create_text_node("").into(),
        };
        let mut at = self.at.borrow_mut();
        if let Some(parent) = at.parent_node() {
            let _ = parent.replace_child(&next, &at);
        }
        *at = next;
    }

    /// A detached `<tag class=…>` to fill and then `set` (built off the page, so it
    /// appears whole and a live region announces it once).
    pub fn element(tag: &str, class: &str) -> Element {
        let e = document().create_element(tag).expect("known tags");
        if !class.is_empty() {
            e.set_class_name(class);
        }
        e
    }
}

/// Whether the element is disabled (buttons, inputs).
pub fn set_disabled(e: &Element, disabled: bool) {
    if disabled {
        attr(e, "disabled", "");
    } else {
        let _ = e.remove_attribute("disabled");
    }
}

/// Calls `ok` or `failed` with what a browser promise settles to (plain callbacks, no
/// Rust futures: their executor would add ~3 KB gzip to the participant's page).
pub fn then(promise: &js_sys::Promise, ok: impl FnOnce(JsValue) + 'static, failed: impl FnOnce(JsValue) + 'static) {
    let ok = Closure::once_into_js(ok);
    let failed = Closure::once_into_js(failed);
    if let Some(then) = js_sys::Reflect::get(promise, &"then".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = then.call2(promise, &ok, &failed);
    }
}

/// Puts text on the clipboard (the browser may refuse without a user gesture or
/// permission); `done` hears whether it did.
pub fn copy_text(text: &str, done: impl Fn(bool) + 'static) {
    let done = std::rc::Rc::new(done);
    let refused = done.clone();
    then(&window().navigator().clipboard().write_text(text), move |_| done(true), move |_| refused(false));
}
