//! The scan station: the facilitator's camera full screen while each phone is held up in
//! turn. Every code read is counted through the same door as a pasted one
//! (`AppState::receive_codes`), answered at once with a flash, a beep and a large line
//! ("✓ Amara — counted (9 of 12)"), and the camera keeps running until "Done scanning"
//! or Escape.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::ballot_box::{station_line, Took};
use crate::domain::voting::RoundStatus;
use crate::platform::scan::{pause, ticks, Beeper, Reader, Tone};
use crate::platform::camera;
use super::devices::ChoiceButtons;
use crate::ui::state::{AppState, CodeLine};
use crate::ui::widgets::read;

/// Time from the start of one reading attempt to the start of the next (never two at
/// once: the next begins only when the last has finished).
const EVERY_MS: f64 = 200.0;
/// The least pause between attempts, so a slow reader still leaves the page time to draw.
const LEAST_PAUSE_MS: f64 = 40.0;
/// A code read again within this many attempts of its last reading (about 1.2 seconds)
/// is the same phone still held up, perhaps missed in a frame or two, or held beside
/// another: it says nothing. Later, it is a phone come back, and the station says
/// "already counted".
const STILL_IN_VIEW: u64 = 6;

/// One line the station shows for a code read.
#[derive(Debug, Clone, PartialEq)]
struct Said {
    tone: Tone,
    text: String,
}

impl Said {
    fn mark(&self) -> &'static str {
        match self.tone {
            Tone::Counted => "✓ ",
            Tone::Choose => "? ",
            Tone::Refused => "✗ ",
            Tone::Again => "↺ ",
        }
    }

    fn class(&self) -> &'static str {
        match self.tone {
            Tone::Counted => "ok",
            Tone::Choose => "choose",
            Tone::Refused => "refused",
            Tone::Again => "again",
        }
    }
}

/// The tone for several lines from one code: the one that most needs attention.
fn loudest(said: &[Said]) -> Tone {
    let rank = |t: Tone| match t {
        Tone::Refused => 3,
        Tone::Choose => 2,
        Tone::Counted => 1,
        Tone::Again => 0,
    };
    said.iter().map(|s| s.tone).max_by_key(|t| rank(*t)).unwrap_or(Tone::Refused)
}

/// The button that opens the station, and the station (a modal dialog: the rest of the
/// app is inert while it is open). `results` is the collect list, which the station adds
/// to (`push`) and whose waiting choices it offers (`answer`).
#[component]
pub fn ScanStation(
    results: RwSignal<Vec<(u64, CodeLine)>>,
    push: impl Fn(Vec<CodeLine>) + Copy + Send + Sync + 'static,
    answer: impl Fn(u64, CodeLine) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let video = NodeRef::<leptos::html::Video>::new();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let open = RwSignal::new(false);
    // Each opening is a session; a reading loop runs only while its session is current.
    let session = StoredValue::new(0u64);
    let camera = StoredValue::new_local(None::<camera::Camera>);
    let beeper = StoredValue::new_local(None::<Beeper>);
    let status = RwSignal::new(String::new());
    let reader = RwSignal::new(None::<&'static str>);
    // The latest code's lines (large), and every line of this session, newest first.
    let shown = RwSignal::new(Vec::<Said>::new());
    let log = RwSignal::new(Vec::<(u64, Said)>::new());
    let flashes = StoredValue::new(0u64);
    let flash = RwSignal::new(None::<(u64, Tone)>);
    // Codes read in this session: the lines each gave, and the attempt that last read it
    // (a phone held up is read again and again, and says nothing new while it stays).
    let seen = StoredValue::new(BTreeMap::<String, (Vec<CodeLine>, u64)>::new());
    let attempts = StoredValue::new(0u64);

    let say = move |said: Vec<Said>| {
        if said.is_empty() {
            return;
        }
        let tone = loudest(&said);
        beeper.with_value(|b| if let Some(b) = b { b.beep(tone) });
        let n = flashes.get_value() + 1;
        flashes.set_value(n);
        flash.set(Some((n, tone)));
        log.update(|l| {
            for s in said.iter().rev() {
                l.insert(0, (n, s.clone()));
            }
            l.truncate(100);
        });
        shown.set(said);
    };
    // What a code did, in the station's words, read against the workshop as it is now.
    let words = move |lines: &[CodeLine], again: bool| -> Vec<Said> {
        state.workshop.with_untracked(|w| {
            lines
                .iter()
                .map(|line| match (w.as_ref(), line.scanned) {
                    (Some(w), Some((p, r, took))) if line.ok || took == Took::Choose => {
                        let (tone, took) = match (again, took.counts()) {
                            (true, true) => (Tone::Again, Took::AlreadyCounted),
                            (true, false) => (Tone::Again, Took::AlreadyRead),
                            (false, true) => (Tone::Counted, took),
                            (false, false) => (Tone::Choose, took),
                        };
                        Said { tone, text: station_line(w, p, r, took) }
                    }
                    _ if again => Said { tone: Tone::Again, text: format!("Already read: {}", line.text) },
                    // The facilitator kept the ballot counted.
                    _ if line.ok => Said { tone: Tone::Counted, text: line.text.clone() },
                    _ => Said { tone: Tone::Refused, text: line.text.clone() },
                })
                .collect()
        })
    };
    let take = move |text: String| {
        let attempt = attempts.get_value();
        let before = seen.try_update_value(|s| s.get_mut(&text).map(|(lines, last)| (lines.clone(), std::mem::replace(last, attempt)))).flatten();
        match before {
            // Still in view (or back after a moment out of it): nothing new to say.
            Some((_, last)) if attempt.saturating_sub(last) <= STILL_IN_VIEW => {}
            // Back again later: not checked again, and said so.
            Some((lines, _)) => say(words(&lines, true)),
            None => {
                let lines = state.receive_codes(&text);
                let said = words(&lines, false);
                seen.update_value(|s| {
                    s.insert(text, (lines.clone(), attempt));
                });
                push(lines);
                say(said);
            }
        }
    };

    // A choice answered in the station: the collect list's line changes, and the station
    // says what happened.
    let decide = move |n: u64, line: CodeLine| {
        let said = words(std::slice::from_ref(&line), false);
        answer(n, line);
        say(said);
    };

    let stop = move || {
        let _ = session.try_update_value(|s| *s += 1);
        let _ = camera.try_update_value(|c| {
            if let Some(c) = c.take() {
                c.stop();
            }
        });
        let _ = beeper.try_update_value(|b| *b = None);
    };
    let close = move || {
        stop();
        if let Some(v) = video.get_untracked() {
            v.set_src_object(None);
        }
        if let Some(d) = dialog.get_untracked() {
            if d.open() {
                d.close();
            }
        }
        let _ = open.try_set(false);
    };
    let start = move || {
        // Made here, on the click: browsers let a page sound only after a gesture.
        beeper.set_value(Some(Beeper::new()));
        session.update_value(|s| *s += 1);
        let mine = session.get_value();
        seen.set_value(BTreeMap::new());
        attempts.set_value(0);
        shown.set(Vec::new());
        log.set(Vec::new());
        flash.set(None);
        open.set(true);
        status.set("Starting the camera…".into());
        if let Some(d) = dialog.get_untracked() {
            if let Err(e) = d.show_modal() {
                status.set(format!("The scan station could not open ({}).", crate::platform::files::describe(e)));
            }
        }
        let current = move || session.try_get_value() == Some(mine);
        leptos::task::spawn_local(async move {
            let Some(v) = video.get_untracked() else { return };
            let cam = match camera::open(&v).await {
                Ok(cam) => cam,
                Err(problem) => {
                    if current() {
                        let _ = status.try_set(problem);
                    }
                    return;
                }
            };
            // Closed, or the screen left, while the camera was starting.
            if !current() {
                cam.stop();
                return;
            }
            camera.set_value(Some(cam));
            let mut using = Reader::best().await;
            let _ = reader.try_set(Some(using.label()));
            let _ = status.try_set("Hold each phone's ballot code up to the camera, one at a time.".into());
            while current() {
                let began = ticks();
                attempts.update_value(|a| *a += 1);
                let (Some(v), Some(c)) = (video.get_untracked(), canvas.get_untracked()) else { break };
                match using.read(&v, &c).await {
                    Ok(texts) if current() => texts.into_iter().for_each(take),
                    Ok(_) => break,
                    // The browser's detector failed: Accord's own reader from now on.
                    Err(()) => {
                        using = Reader::Core;
                        let _ = reader.try_set(Some(using.label()));
                    }
                }
                pause((EVERY_MS - (ticks() - began)).max(LEAST_PAUSE_MS) as i32).await;
            }
        });
    };
    on_cleanup(stop);
    // Escape on a modal dialog whose focus has left it (the browser's own close request)
    // fires `cancel`, closes the dialog, and only a task later `close`: answering `cancel`
    // stops the camera the moment the station disappears, not one task after. (Leptos has
    // no `on:cancel`, so it is listened to directly; one listener per station, for the
    // station's life.)
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            let on_cancel = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                ev.prevent_default();
                close();
            });
            let _ = d.add_event_listener_with_callback("cancel", wasm_bindgen::JsCast::unchecked_ref(on_cancel.as_ref()));
            on_cancel.forget();
        }
    });

    let progress = move || {
        read(state, |w| {
            w.rounds()
                .filter(|r| r.status == RoundStatus::Open)
                .map(|r| format!("{}: {} ballots in", r.name, r.ballots_in(w.participants().iter().map(|p| p.id))))
                .collect::<Vec<_>>()
        })
    };
    let waiting = move || results.get().into_iter().filter_map(|(n, line)| line.choice.clone().map(|code| (n, line.text, code))).collect::<Vec<_>>();

    view! {
        <button class="button" type="button" data-testid="scan-codes" on:click=move |_| start()>
            "Scan station (camera)"
        </button>
        <dialog
            node_ref=dialog
            class="station"
            aria-labelledby="station-heading"
            data-testid="scan-station"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                }
            }
            on:close=move |_| close()
        >
            <div class="station-inner">
                // Keyed by the read: a new element each time, so the animation starts afresh.
                <For each=move || flash.get() key=|(n, _)| *n let((n, tone))>
                    {
                        let class = Said { tone, text: String::new() }.class();
                        view! { <div class=format!("station-flash {class}") data-testid="station-flash" data-kind=class data-n=n.to_string() aria-hidden="true"></div> }
                    }
                </For>
                <header class="station-head">
                    <h2 id="station-heading">"Scan station"</h2>
                    <ul class="station-progress" role="list" data-testid="station-progress">
                        {move || progress().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                    <button class="button primary station-done" type="button" data-testid="station-done" autofocus on:click=move |_| close()>
                        "Done scanning"
                    </button>
                </header>
                <div class="station-camera">
                    <video node_ref=video muted=true playsinline=true autoplay=true aria-label="Camera view: hold a phone's ballot code up to it" data-testid="station-video"></video>
                    <canvas node_ref=canvas class="visually-hidden" aria-hidden="true"></canvas>
                </div>
                <div class="station-read" tabindex="0" role="region" aria-label="What the camera read">
                    <div class="station-line" role="status" aria-live="polite" aria-atomic="true" data-testid="station-line">
                        {move || {
                            let said = shown.get();
                            if said.is_empty() {
                                view! { <p class="station-ready">"Ready: hold up the first phone."</p> }.into_any()
                            } else {
                                said.into_iter().map(|s| view! {
                                    <p class=s.class() data-testid="station-said"><span aria-hidden="true">{s.mark()}</span>{s.text.clone()}</p>
                                }).collect_view().into_any()
                            }
                        }}
                    </div>
                    <p class="hint" data-testid="station-status">
                        {move || status.get()}
                        {move || reader.get().map(|r| format!(" Reading with {r}."))}
                    </p>
                    {move || {
                        // Only while the station is open: the collect list offers them otherwise.
                        let waiting = if open.get() { waiting() } else { Vec::new() };
                        (!waiting.is_empty()).then(|| view! {
                            <section class="station-choices" aria-labelledby="station-choices-heading" data-testid="station-choices">
                                <h3 id="station-choices-heading">"Choose which ballot counts"</h3>
                                <ul role="list">
                                    {waiting.into_iter().map(|(n, text, code)| view! {
                                        <li class="choose"><p>{text}</p><ChoiceButtons n code answer=decide/></li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        })
                    }}
                    <h3 class="station-log-heading">"Read so far"</h3>
                    <ol class="station-log" data-testid="station-log" reversed>
                        {move || log.get().into_iter().map(|(_, s)| view! {
                            <li class=s.class() data-testid="station-log-line"><span aria-hidden="true">{s.mark()}</span>{s.text.clone()}</li>
                        }).collect_view()}
                    </ol>
                </div>
            </div>
        </dialog>
    }
}
