//! The scan station's browser side: reading QR codes off the camera (the browser's own
//! `BarcodeDetector` where it has one, the core's rqrr reader otherwise), a short beep per
//! code read (Web Audio), and a pause between attempts.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::camera;
use crate::domain::codec::read_qr;

/// What reads the QR codes in the camera's frames.
pub enum Reader {
    /// The browser's `BarcodeDetector` for `qr_code` (Chrome on Android and macOS, for
    /// instance): fast, and it copes with glare and angles.
    Browser(Object),
    /// The core's reader (rqrr) on a greyscale frame, scaled down first.
    Core,
}

impl Reader {
    /// The browser's detector when it exists and reads QR codes, the core's otherwise.
    /// Detected, never assumed: `BarcodeDetector` must be a constructor that lists
    /// `qr_code` among its formats and builds without an error.
    pub async fn best() -> Reader {
        let Ok(class) = Reflect::get(&js_sys::global(), &"BarcodeDetector".into()) else { return Reader::Core };
        let Ok(class) = class.dyn_into::<Function>() else { return Reader::Core };
        let formats = Reflect::get(&class, &"getSupportedFormats".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&class).ok())
            .and_then(|p| p.dyn_into::<Promise>().ok());
        let Some(formats) = formats else { return Reader::Core };
        match JsFuture::from(formats).await {
            Ok(list) if Array::is_array(&list) && Array::from(&list).includes(&"qr_code".into(), 0) => {}
            _ => return Reader::Core,
        }
        let options = Object::new();
        if Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).is_err() {
            return Reader::Core;
        }
        match Reflect::construct(&class, &Array::of1(&options)) {
            Ok(detector) => Reader::Browser(detector.unchecked_into()),
            Err(_) => Reader::Core,
        }
    }

    /// In words, for the station's status line.
    pub fn label(&self) -> &'static str {
        match self {
            Reader::Browser(_) => "the browser's barcode detector",
            Reader::Core => "Accord's QR reader",
        }
    }

    /// The texts of the QR codes in the video's current frame (none until it has one).
    /// `Err` when the browser's detector fails: the caller falls back to the core's.
    pub async fn read(&self, video: &web_sys::HtmlVideoElement, canvas: &web_sys::HtmlCanvasElement) -> Result<Vec<String>, ()> {
        match self {
            Reader::Core => Ok(camera::grab_grey(video, canvas).map(|(w, h, grey)| read_qr(w, h, &grey)).unwrap_or_default()),
            Reader::Browser(detector) => {
                if video.video_width() == 0 || video.ready_state() < 2 {
                    return Ok(Vec::new());
                }
                let detect = Reflect::get(detector, &"detect".into()).map_err(|_| ())?.dyn_into::<Function>().map_err(|_| ())?;
                let promise = detect.call1(detector, video).map_err(|_| ())?.dyn_into::<Promise>().map_err(|_| ())?;
                let found = JsFuture::from(promise).await.map_err(|_| ())?;
                if !Array::is_array(&found) {
                    return Err(());
                }
                Ok(Array::from(&found)
                    .iter()
                    .filter_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string())
                    .filter(|text| !text.is_empty())
                    .collect())
            }
        }
    }
}

/// Waits `ms` milliseconds (a timer, not a clock reading).
pub async fn pause(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.max(0));
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds on the page's monotonic timer (only to pace the reading).
pub fn ticks() -> f64 {
    leptos::prelude::window().performance().map(|p| p.now()).unwrap_or(0.0)
}

#[wasm_bindgen]
extern "C" {
    type AudioContext;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AudioContext, JsValue>;
    #[wasm_bindgen(method, getter, js_name = currentTime)]
    fn current_time(this: &AudioContext) -> f64;
    #[wasm_bindgen(method, getter)]
    fn destination(this: &AudioContext) -> JsValue;
    #[wasm_bindgen(method, js_name = createOscillator, catch)]
    fn create_oscillator(this: &AudioContext) -> Result<Oscillator, JsValue>;
    #[wasm_bindgen(method, js_name = createGain, catch)]
    fn create_gain(this: &AudioContext) -> Result<Gain, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn close(this: &AudioContext) -> Result<Promise, JsValue>;

    type Oscillator;
    #[wasm_bindgen(method, getter)]
    fn frequency(this: &Oscillator) -> Param;
    #[wasm_bindgen(method, setter)]
    fn set_type(this: &Oscillator, kind: &str);
    #[wasm_bindgen(method, catch)]
    fn connect(this: &Oscillator, to: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn start(this: &Oscillator, when: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn stop(this: &Oscillator, when: f64) -> Result<(), JsValue>;

    type Gain;
    #[wasm_bindgen(method, getter)]
    fn gain(this: &Gain) -> Param;
    #[wasm_bindgen(method, catch, js_name = connect)]
    fn connect_gain(this: &Gain, to: &JsValue) -> Result<JsValue, JsValue>;

    type Param;
    #[wasm_bindgen(method, catch, js_name = setValueAtTime)]
    fn set_value_at_time(this: &Param, value: f32, when: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = exponentialRampToValueAtTime)]
    fn ramp_to(this: &Param, value: f32, when: f64) -> Result<JsValue, JsValue>;
}

/// The kinds of beep: a high one for a ballot counted, a middle one for a choice to make,
/// a low buzz for a refusal, a soft tick for a code already read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Counted,
    Choose,
    Refused,
    Again,
}

/// Short beeps through Web Audio. Made on the facilitator's click (browsers only let a
/// page make sound after the person has interacted with it); silent where there is no
/// Web Audio.
pub struct Beeper {
    context: Option<AudioContext>,
}

impl Beeper {
    /// Call from a click handler.
    pub fn new() -> Beeper {
        let has_audio = Reflect::has(&js_sys::global(), &"AudioContext".into()).unwrap_or(false);
        Beeper { context: if has_audio { AudioContext::new().ok() } else { None } }
    }

    pub fn beep(&self, tone: Tone) {
        let Some(context) = &self.context else { return };
        // (frequency Hz, seconds, wave, loudness)
        let (hz, seconds, wave, level) = match tone {
            Tone::Counted => (880.0, 0.15, "sine", 0.3),
            Tone::Choose => (587.0, 0.25, "triangle", 0.3),
            Tone::Refused => (196.0, 0.35, "square", 0.15),
            Tone::Again => (660.0, 0.06, "sine", 0.12),
        };
        let _ = (|| -> Result<(), JsValue> {
            let oscillator = context.create_oscillator()?;
            let gain = context.create_gain()?;
            oscillator.set_type(wave);
            let now = context.current_time();
            oscillator.frequency().set_value_at_time(hz, now)?;
            // A quick fade in and out, so the beep does not click.
            gain.gain().set_value_at_time(0.0001, now)?;
            gain.gain().ramp_to(level, now + 0.01)?;
            gain.gain().ramp_to(0.0001, now + seconds)?;
            oscillator.connect(&gain)?;
            gain.connect_gain(&context.destination())?;
            oscillator.start(now)?;
            oscillator.stop(now + seconds + 0.02)
        })();
    }
}

impl Drop for Beeper {
    fn drop(&mut self) {
        if let Some(context) = &self.context {
            let _ = context.close();
        }
    }
}
