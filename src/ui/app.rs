use leptos::ev;
use leptos::prelude::*;

use crate::platform::storage;
use super::kiosk::Kiosk;
use super::notices::{Notices, StorageBanner};
use super::on_demand::{self, OnDemand};
use std::sync::Arc;
use super::state::{Access, AppState, Notice, Phase, SaveStatus};
use crate::domain::actions::{self, action, ActionId, KeyOutcome, KeyPress, Unavailable};
use super::presenter::follow_with_presenters;

#[component]
pub fn App() -> impl IntoView {
    let hash = location_hash().unwrap_or_default();
    let hash = hash.trim_start_matches('#');
    // Ballots live on the participant's page (its own, small bundle): an invite opened
    // here, or a participant's phone (invites kept, no workshops of its own) opening this
    // address, goes there.
    let participant_page = if hash.starts_with("presenter/") || hash == "lab/schulze" {
        // The presenter window and the lab are their own page (present/), so this
        // page's bundle does not carry them; an old link or bookmark still lands there.
        Some(format!("present/#{hash}"))
    } else if hash.starts_with("invite=") {
        Some(format!("vote/#{hash}"))
    } else if hash.starts_with("draft=") {
        // A department lead's draft link belongs on the viewer page.
        Some(format!("view/#{hash}"))
    } else if hash.is_empty() && !storage::has_library() && storage::has_kept_invites() {
        Some("vote/".to_string())
    } else {
        None
    };
    if let Some(page) = participant_page {
        let _ = window().location().replace(&page);
        let message = if page.starts_with("present/") { "Opening the presenter view…" } else { "Opening your ballot…" };
        return view! { <p>{message}</p> }.into_any();
    }
    view! { <Facilitator/> }.into_any()
}

/// What the main area shows.
#[derive(Clone, Copy, PartialEq)]
enum Screen {
    Recovery,
    Loading,
    Phase(Option<crate::domain::model::WorkshopId>, Phase),
}

#[component]
fn Facilitator() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // Before anything is shown: a reload while people vote comes back to the kiosk.
    let kiosk = Kiosk::provide(state);
    state.start();
    // Opened from a shared link: a tree seeds a new workshop; goals sent back ask first.
    on_demand::arrive(state);
    follow_with_presenters(state);
    // "Interactive" is marked by the phase screen once its module has arrived and it is drawn
    // (ui::screens), not before.

    // Files dropped anywhere on the page, and documents pasted outside a text field, are
    // opened like a picked file.
    let _ = window_event_listener(ev::dragover, |ev| ev.prevent_default());
    let _ = window_event_listener(ev::drop, move |ev| {
        ev.prevent_default();
        // Nothing is opened while people vote on this device: a voter cannot swap the
        // workshop under the kiosk by dropping or pasting a file.
        if state.passing_device.get_untracked() {
            return;
        }
        let Some(file) = ev.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let name = file.name();
            if let Ok(bytes) = crate::platform::files::read_bytes(file).await {
                on_demand::open_file(state, name, bytes);
            }
        });
    });
    let _ = window_event_listener(ev::paste, move |ev| {
        let in_text = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"));
        if in_text {
            return;
        }
        if state.passing_device.get_untracked() {
            ev.prevent_default();
            return;
        }
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        if text.trim().is_empty() {
            return;
        }
        ev.prevent_default();
        // Pasted on the page itself, text can only mean "open this": anything else is
        // answered, never dropped in silence.
        if text.trim_start().starts_with('{') {
            on_demand::open_file(state, "the pasted text".into(), text.into_bytes());
        } else if text.contains(crate::domain::share::contribution::PREFIX) {
            // Goals sent back: imported into the open workshop, each code answered.
            on_demand::take_codes(state, text);
        } else {
            state.notice.set(Some(Notice::Refused(pasted_text_advice(&text))));
        }
    });

    // Shortcuts are registered actions (`domain::actions`): a key runs its action only
    // where the action applies (never while people vote on this device), and a key in a
    // text field is the field's own (the browser undoes the typing).
    let _ = window_event_listener(ev::keydown, move |ev| {
        let in_text_field = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable());
        let press = KeyPress { key: ev.key(), ctrl: ev.ctrl_key(), meta: ev.meta_key(), shift: ev.shift_key(), alt: ev.alt_key() };
        match actions::for_key(&press, &state.situation_now(in_text_field)) {
            KeyOutcome::NotOurs => {}
            KeyOutcome::Run(id) => {
                ev.prevent_default();
                state.run(id);
            }
            KeyOutcome::Refused(_, why) => {
                ev.prevent_default();
                state.refuse_action(why);
            }
        }
    });

    // The phase lives in the URL fragment, so links, reloads and the back button work.
    let _ = window_event_listener(ev::hashchange, move |_| {
        state.phase.set(Phase::from_hash(&location_hash().unwrap_or_default()));
    });
    // Other tabs' saves: follow the open workshop if another tab edits it; keep the
    // library index in step.
    let _ = window_event_listener(ev::storage, move |ev| {
        if let Some(key) = ev.key() {
            state.stored_elsewhere(&key, ev.new_value());
        }
    });
    // Never leave a debounced save behind when the tab goes away. A change that cannot be
    // saved as the tab goes (the save path has not arrived yet, or saving fails) makes the
    // browser ask before leaving, so it is not lost without a word.
    let _ = window_event_listener(ev::beforeunload, move |ev| {
        if on_demand::changes_would_be_lost(state) {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    let _ = window_event_listener(ev::pagehide, move |_| state.flush());
    let _ = window_event_listener(ev::visibilitychange, move |_| {
        if document().hidden() {
            state.flush();
        }
    });

    let library_open = RwSignal::new(false);
    let screen = Memo::new(move |_| {
        if state.recovery.with(Option::is_some) {
            Screen::Recovery
        } else if state.workshop.with(Option::is_none) {
            Screen::Loading
        } else {
            // Opening another workshop starts its screens afresh (view state included).
            Screen::Phase(state.current.get(), state.phase.get())
        }
    });
    let title = move || {
        state.workshop.with(|w| match w {
            Some(w) if !w.title.is_empty() => w.title.clone(),
            Some(_) => "Untitled workshop".to_string(),
            None => state.recovery.with(|r| r.as_ref().map(|r| r.title.clone()).unwrap_or_default()),
        })
    };

    // While the kiosk is up, the app behind it is out of sight, out of the tab order and
    // out of the accessibility tree (kept, not unmounted).
    view! {
        <div class="app-shell" inert=move || kiosk.up() hidden=move || kiosk.up() data-testid="app-shell">
        <header class="app-header">
            <span class="brand" aria-hidden="true">"Accord"</span>
            <h1 class="workshop-title" data-testid="workshop-title">{title}</h1>
            <SaveIndicator/>
            <UndoRedo/>
            <button
                class="button"
                data-testid="library-button"
                aria-expanded=move || library_open.get().to_string()
                aria-controls="library-panel"
                disabled=move || !action(ActionId::Library).applies(&state.situation(false))
                on:click=move |_| {
                    if state.run(ActionId::Library) {
                        library_open.update(|open| *open = !*open);
                    }
                }
            >
                {action(ActionId::Library).name}
            </button>
        </header>
        <Show when=move || library_open.get() && !state.passing_device.get()>
            <OnDemand load=Arc::new(move || on_demand::library(library_open)) what="workshop library"/>
        </Show>
        <super::guide::Stepper/>
        <StorageBanner/>
        <Show when=move || state.access.get() == Access::Following>
            <div class="banner" role="status" data-testid="read-only-banner">
                <p>
                    <strong>"Read-only in this tab. "</strong>
                    "This workshop is open for editing in another tab; this tab shows its changes as they are saved. Nothing you see here is lost if either tab closes."
                </p>
                <button class="button primary" data-testid="edit-here" on:click=move |_| state.edit_here()>"Edit here instead"</button>
            </div>
        </Show>
        <main id="main" tabindex="-1" data-phase=move || state.phase.get().slug()>
            <Notices/>
            <super::guide::Welcome/>
            <Show when=move || state.viewer.with(Option::is_some)>
                <OnDemand load=Arc::new(on_demand::viewer) what="goal-tree viewer"/>
            </Show>
            <Show when=move || state.give_offer.with(Option::is_some)>
                <OnDemand load=Arc::new(on_demand::give_offer) what="goals sent back"/>
            </Show>
            {move || {
                // One memo decides the screen, so it is rebuilt when what is shown
                // changes (another workshop, another phase, recovery), never on an edit.
                match screen.get() {
                    Screen::Recovery => view! { <OnDemand load=Arc::new(move || on_demand::recovery(library_open)) what="recovery panel"/> }.into_any(),
                    Screen::Loading => view! { <p>"Loading…"</p> }.into_any(),
                    // Each phase's screen but Define's is its own wasm module, fetched when first shown.
                    Screen::Phase(_, phase) => view! { <super::screens::PhaseScreen phase/> }.into_any(),
                }
            }}
        </main>
        </div>
        <Show when=move || kiosk.up()>
            <OnDemand load=Arc::new(on_demand::kiosk) what="voting screen"/>
        </Show>
    }
}

#[component]
fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p class="save-status" data-testid="save-status" role="status">
            {move || match state.save_status.get() {
                _ if state.access.get() == Access::Following => "Read-only here: another tab is editing",
                SaveStatus::Saved => "All changes saved in this browser",
                SaveStatus::Pending => "Saving…",
                SaveStatus::Failed(_) => "Not saved",
            }}
        </p>
    }
}

/// The header's Undo and Redo: the registered actions, disabled (with the reason in their
/// title) wherever they do not apply, as their shortcuts are.
#[component]
fn UndoRedo() -> impl IntoView {
    let state = expect_context::<AppState>();
    let button = move |id: ActionId, icon: &'static str, testid: &'static str| {
        let registered = action(id);
        let next = move || {
            let (undo, redo) = state.undo_redo.get();
            if id == ActionId::Undo { undo } else { redo }
        };
        let label = move || match registered.unavailable(&state.situation(false)) {
            None => format!(
                "{} {} ({})",
                registered.name,
                next().unwrap_or_default(),
                registered.shortcut_label().unwrap_or_default()
            ),
            Some(why) => why.to_string(),
        };
        // The reason it is off is its description (the title); its name stays short.
        let name = move || match registered.unavailable(&state.situation(false)) {
            None => label(),
            Some(Unavailable::NothingToUndo | Unavailable::NothingToRedo) => label(),
            Some(_) => format!("{} (off for now)", registered.name),
        };
        view! {
            <button
                class="button"
                data-testid=testid
                title=label
                aria-label=name
                disabled=move || !registered.applies(&state.situation(false))
                on:click=move |_| { state.run(id); }
            >
                {format!("{icon} {}", registered.name)}
            </button>
        }
    };
    view! {
        <div class="undo-redo" role="group" aria-label="History">
            {button(ActionId::Undo, "↶", "undo")}
            {button(ActionId::Redo, "↷", "redo")}
        </div>
    }
}

/// What to say about text pasted on the page that is not an Accord file.
fn pasted_text_advice(text: &str) -> String {
    if text.contains("ACB1.") {
        "That looks like ballot codes: paste them into the box for codes under Prioritise → Voting on their own devices, where each is checked and counted.".into()
    } else if text.contains("#invite=") {
        "That is an invite link: open it on the participant's device (or in a new tab), not here.".into()
    } else {
        "The pasted text is not an Accord file, so nothing was opened. To open a workshop or goal tree, paste the whole file (it starts with “{”) or use Open file in Workshops.".into()
    }
}
