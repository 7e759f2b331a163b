//! The device camera, for scanning ballot-code QR codes: getUserMedia into a <video>, and
//! frames read back as greyscale for the core's QR reader.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::files::describe;

/// A camera stream in use; `stop` lets the camera (and its indicator light) go.
pub struct Camera {
    stream: web_sys::MediaStream,
}

/// Frames wider than this are scaled down first: QR codes held up to a camera read well at
/// this size, and the decoder's work grows with the pixel count.
const MAX_SIDE: u32 = 800;

/// Asks for the camera (the back one on phones) and plays it in `video`.
pub async fn open(video: &web_sys::HtmlVideoElement) -> Result<Camera, String> {
    let devices = leptos::prelude::window().navigator().media_devices().map_err(|_| "This browser gives no camera access here.".to_string())?;
    let video_wish = js_sys::Object::new();
    js_sys::Reflect::set(&video_wish, &"facingMode".into(), &"environment".into()).map_err(describe)?;
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video_wish);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices.get_user_media_with_constraints(&constraints).map_err(describe)?;
    let stream: web_sys::MediaStream = JsFuture::from(promise)
        .await
        .map_err(|e| {
            let name = e.dyn_ref::<web_sys::DomException>().map(|d| d.name()).unwrap_or_default();
            match name.as_str() {
                "NotAllowedError" => "The camera was not allowed. Allow it in the browser, or paste the codes instead.".to_string(),
                "NotFoundError" => "This device has no camera. Paste the codes or drop their files instead.".to_string(),
                _ => format!("The camera did not start ({}).", describe(e)),
            }
        })?
        .unchecked_into();
    video.set_src_object(Some(&stream));
    let _ = video.play().map(JsFuture::from);
    Ok(Camera { stream })
}

impl Camera {
    pub fn stop(&self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
    }
}

/// The video's current frame as greyscale (width, height, one byte per pixel), drawn
/// through `canvas`; `None` until the video has a frame.
pub fn grab_grey(video: &web_sys::HtmlVideoElement, canvas: &web_sys::HtmlCanvasElement) -> Option<(usize, usize, Vec<u8>)> {
    let (vw, vh) = (video.video_width(), video.video_height());
    if vw == 0 || vh == 0 {
        return None;
    }
    let scale = (MAX_SIDE as f64 / vw.max(vh) as f64).min(1.0);
    let (w, h) = (((vw as f64) * scale) as u32, ((vh as f64) * scale) as u32);
    canvas.set_width(w);
    canvas.set_height(h);
    // Read back on every attempt: asked for as such, so the browser keeps it in memory.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context_with_context_options("2d", &options).ok()??.dyn_into().ok()?;
    context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w as f64, h as f64).ok()?;
    let rgba = context.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?.data();
    let grey = rgba.chunks_exact(4).map(|p| ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8).collect();
    Some((w as usize, h as usize, grey))
}
