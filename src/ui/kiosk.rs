//! The pass-the-device kiosk: one ballot on the whole screen and nothing else. While it is
//! up, the rest of the app is `hidden` and `inert` (out of sight, out of the tab order and
//! out of the accessibility tree), undo, redo, the library and removing ballots do not
//! apply (`passing_device`), and only the facilitator's deliberate "Facilitator" → "End
//! voting here" takes it down. Escape, Back (the phase underneath may change; the kiosk
//! stays), a click anywhere and a reload (the mark is kept for the tab, see
//! `platform::kiosk`) all leave it up. What it shows is decided in `domain::kiosk`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::prioritise::PassTheDevice;
use super::state::{Access, AppState, Notice, Phase};
use crate::domain::kiosk::{kiosk_view, KioskMark, KioskView};
use crate::domain::model::RoundId;
use crate::platform::kiosk as edge;

/// Whether the kiosk is up, and for which round (provided by the facilitator's shell).
#[derive(Clone, Copy)]
pub struct Kiosk {
    mark: RwSignal<Option<KioskMark>>,
}

impl Kiosk {
    /// Provides the kiosk to the app. A mark kept for this tab (the page was reloaded
    /// while people were voting) puts the kiosk straight back up, before anything else of
    /// the app is shown.
    pub fn provide(state: AppState) -> Kiosk {
        let mark = edge::load_mark().map(|stored| KioskMark::decode(&stored));
        state.passing_device.set(mark.is_some());
        let kiosk = Kiosk { mark: RwSignal::new(mark) };
        provide_context(kiosk);
        kiosk
    }

    /// Whether the kiosk is up (tracked).
    pub fn up(&self) -> bool {
        self.mark.with(Option::is_some)
    }

    /// Puts the kiosk up for `round` of the open workshop (called from a click, so the
    /// browser may grant full screen).
    pub fn start(&self, state: AppState, round: RoundId) {
        let Some(workshop) = state.current.get_untracked() else { return };
        // A tab that only follows another cannot record ballots: no kiosk there.
        if state.access.get_untracked() == Access::Following {
            state.notice.set(Some(Notice::Refused(
                "Ballots can only be cast in the tab that is editing this workshop; choose “Edit here instead” first.".into(),
            )));
            return;
        }
        let mark = KioskMark::new(workshop, round);
        // If this browser keeps nothing for the tab, the kiosk still runs; only a reload
        // would end it.
        let _ = edge::save_mark(&mark.encode());
        // A notice left from the facilitator's work is not for the room.
        state.notice.set(None);
        state.passing_device.set(true);
        self.mark.set(Some(mark));
        edge::enter_fullscreen();
    }

    /// Takes the kiosk down: the facilitator has the device back, at the round.
    fn end(&self, state: AppState) {
        edge::clear_mark();
        edge::exit_fullscreen();
        self.mark.set(None);
        state.passing_device.set(false);
        if state.phase.get_untracked() != Phase::Prioritise {
            let _ = window().location().set_hash(Phase::Prioritise.slug());
        }
        focus_later("main");
    }
}

/// Moves the keyboard focus to the element with `id` once the screen has been drawn.
fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// The kiosk itself, drawn over everything while it is up.
#[component]
pub fn KioskOverlay() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kiosk = expect_context::<Kiosk>();
    let confirming = RwSignal::new(false);
    let shown = Memo::new(move |_| {
        kiosk.mark.get().map(|mark| state.workshop.with(|w| kiosk_view(&mark, state.current.get(), w.as_ref())))
    });
    let ask = move |_| {
        confirming.set(true);
        focus_later("kiosk-keep");
    };
    let keep = move || {
        confirming.set(false);
        focus_later("kiosk-facilitator");
    };
    // Escape while the facilitator is asked means "keep voting", wherever the focus is;
    // otherwise it does nothing to the kiosk.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && confirming.get_untracked() {
            keep();
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        {move || shown.get().map(|view| {
            let title = match &view {
                KioskView::Vote { name, .. } => name.clone(),
                KioskView::HandBack(_) => "Voting on this device".to_string(),
            };
            view! {
                <div class="kiosk" role="dialog" aria-modal="true" aria-labelledby="kiosk-title" data-testid="kiosk">
                    <div class="kiosk-bar">
                        <p class="kiosk-title" id="kiosk-title">{title}</p>
                        <button
                            class="button subtle kiosk-facilitator"
                            id="kiosk-facilitator"
                            data-testid="kiosk-facilitator"
                            aria-expanded=move || confirming.get().to_string()
                            on:click=ask
                        >
                            "Facilitator"
                        </button>
                    </div>
                    <Show when=move || confirming.get()>
                        <div
                            class="kiosk-confirm"
                            role="alertdialog"
                            aria-labelledby="kiosk-confirm-question"
                            data-testid="kiosk-confirm"
                        >
                            <p class="kiosk-big" id="kiosk-confirm-question">
                                "End voting on this device? Hand the device back to the facilitator first."
                            </p>
                            <div class="kiosk-actions">
                                <button class="button danger" data-testid="kiosk-end" on:click=move |_| { confirming.set(false); kiosk.end(state); }>
                                    "End voting here"
                                </button>
                                <button class="button primary" id="kiosk-keep" data-testid="kiosk-keep" on:click=move |_| keep()>
                                    "Keep voting"
                                </button>
                            </div>
                        </div>
                    </Show>
                    // Kept (not unmounted) while the facilitator is asked, so a voter's
                    // ballot in progress is still there after "Keep voting".
                    <div class="kiosk-body" hidden=move || confirming.get()>
                        {match view {
                            KioskView::Vote { round, .. } => view! { <PassTheDevice id=round/> }.into_any(),
                            KioskView::HandBack(why) => view! {
                                <p class="kiosk-big" role="status" data-testid="kiosk-hand-back">{why.to_string()}</p>
                            }.into_any(),
                        }}
                    </div>
                </div>
            }
        })}
    }
}
