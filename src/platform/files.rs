//! Files in and out: real downloads through a Blob URL, and reading a picked file.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `contents` as a download named `filename`.
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no page")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(describe)?.dyn_into().map_err(|_| "no anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoking at once can cancel the download in some browsers; a minute is plenty.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Reads a picked file as bytes.
pub async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub fn describe(error: wasm_bindgen::JsValue) -> String {
    error.as_string().or_else(|| js_sys::JSON::stringify(&error).ok().and_then(|s| s.as_string())).unwrap_or_default()
}

/// Puts text on the clipboard (the browser may refuse without a user gesture or permission).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let promise = web_sys::window().ok_or("no window")?.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.map(|_| ()).map_err(describe)
}
