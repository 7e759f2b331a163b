//! Parts of the facilitator's page that are fetched when first needed (issue #17).
//!
//! Each `split_point!` below is a `#[wasm_split]` function: `scripts/split-wasm.sh` (run by
//! trunk after the build) moves everything only it uses into its own wasm module, fetched
//! the first time it is called and kept by the service worker for offline use. The first
//! load carries only the shell and the first screen; opening a file, the kiosk, the
//! library, a presenter window or a download each bring their own code when asked for.
//!
//! Nothing is lost when a module cannot be fetched: a panel says so and offers *Try again*
//! (`OnDemand`), an action says so in a notice and changes nothing (`run`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::wasm_split::SplitLoaderError;

use std::sync::atomic::{AtomicBool, Ordering};

use super::state::{AppState, ExportKind, Notice, SaveStatus};
use crate::platform::storage::{self, SaveError, StoredForm};
use crate::domain::share::arrival::Arrival;

/// Declares a function that, built with the `split-screens` feature (the facilitator's
/// page, index.html), lives in the module `$module`, fetched on its first call; in any other
/// build it is an ordinary function. Either way it is called as `name(args).await` and
/// answers `Err` only when its module could not be fetched. With `, ready $ready` it also
/// declares `$ready().await`, which brings the function's module without calling it: each
/// function keeps its own loader, so a function answered at once by `now` must have had its
/// own `ready` awaited.
macro_rules! split_point {
    ($(#[$doc:meta])* $module:ident: fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $(, ready $ready:ident)? $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split-screens")]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible, $(preload($ready),)?
            return_wrapper(let out = _; { Ok(out) } -> Result<$ret, ::leptos::wasm_split::SplitLoaderError>))]
        pub(crate) fn $name($($arg: $ty),*) -> $ret $body

        $(#[$doc])*
        #[cfg(not(feature = "split-screens"))]
        pub(crate) async fn $name($($arg: $ty),*) -> Result<$ret, ::leptos::wasm_split::SplitLoaderError> {
            Ok($body)
        }

        $(
            #[cfg(not(feature = "split-screens"))]
            pub(crate) async fn $ready() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use split_point;

/// A view whose code is fetched on demand.
pub type Loading = Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

#[derive(Clone, Copy, PartialEq)]
enum Load {
    Fetching,
    Ready,
    Failed,
}

/// Shows what `load` builds once its module has arrived: until then a short "Loading the
/// {what}…" line, and if it cannot be fetched, why and *Try again*, never a blank page.
/// `marks_interactive`: the first screen marks `accord-interactive` once drawn.
#[component]
pub fn OnDemand(load: Arc<dyn Fn() -> Loading + Send + Sync>, #[prop(into)] what: String, #[prop(optional)] marks_interactive: bool) -> impl IntoView {
    let status = RwSignal::new(Load::Fetching);
    let built: StoredValue<Option<AnyView>, LocalStorage> = StoredValue::new_local(None);
    // Built under this component's owner (its context, its cleanup), untracked, whether the
    // fetch starts now or from the Try again button (whose handler has no owner).
    let owner = Owner::current().unwrap_or_default();
    let fetch = move || {
        status.set(Load::Fetching);
        let loading = load();
        let task = owner.with(|| {
            ScopedFuture::new_untracked(async move {
                match loading.await {
                    Ok(view) => {
                        built.try_set_value(Some(view));
                        status.try_set(Load::Ready);
                        if marks_interactive {
                            super::dom::mark_interactive();
                        }
                    }
                    Err(_) => {
                        status.try_set(Load::Failed);
                    }
                }
            })
        });
        leptos::task::spawn_local(task);
    };
    fetch();
    move || match status.get() {
        Load::Fetching => view! { <p class="hint" role="status" data-testid="screen-loading">{format!("Loading the {what}…")}</p> }.into_any(),
        Load::Ready => built.try_update_value(Option::take).flatten().unwrap_or_else(|| ().into_any()),
        Load::Failed => {
            let fetch = fetch.clone();
            view! {
                <div class="banner" role="alert" data-testid="screen-load-failed">
                    <p>
                        <strong>{format!("The {what} could not be loaded. ")}</strong>
                        "This browser could not fetch it (the network may be down, or Accord was updated on the host since this page opened). Your workshop is safe: it is kept in this browser. Try again, or reload the page once the network is back."
                    </p>
                    <button class="button primary" data-testid="screen-load-retry" on:click=move |_| fetch()>"Try again"</button>
                </div>
            }
            .into_any()
        }
    }
}

/// Runs an action whose code is fetched on demand; if it cannot be fetched, says so and
/// changes nothing (the action never started). The save and restore paths come first:
/// every action may store what it changes.
fn run(state: AppState, what: &'static str, action: impl Future<Output = Result<(), SplitLoaderError>> + 'static) {
    leptos::task::spawn_local(async move {
        if keeping_ready(state).await.is_err() || action.await.is_err() {
            state.notice.set(Some(Notice::Refused(format!(
                "Accord could not fetch what it needs to {what} (the network may be down, or Accord was updated on the host since this page opened). Nothing was changed; try again, or reload the page once the network is back."
            ))));
        }
    });
}

// ----- actions -----

split_point! {
    opening: fn open_now(state: AppState, file: String, bytes: Vec<u8>) -> () {
        state.import(&file, &bytes)
    }
}

/// Opens a dropped or pasted file (`AppState::import`).
pub fn open_file(state: AppState, file: String, bytes: Vec<u8>) {
    run(state, "open the file", open_now(state, file, bytes));
}

split_point! {
    opening: fn take_codes_now(state: AppState, text: String) -> () {
        state.take_pasted_codes(&text)
    }
}

/// Imports the codes of goals sent back, pasted on the page.
pub fn take_codes(state: AppState, text: String) {
    run(state, "read the codes", take_codes_now(state, text));
}

split_point! {
    opening: fn take_arrival_now(state: AppState, found: Arrival) -> () {
        state.take_arrival(found)
    }
}

/// Opens what the page's link carries (a goal tree, goals sent back), if anything.
pub fn arrive(state: AppState) {
    if let Some(found) = state.arrive() {
        run(state, "open this link", take_arrival_now(state, found));
    }
}

split_point! {
    export: fn export_now(state: AppState, kind: ExportKind) -> () {
        state.export_as(kind)
    }
}

/// Downloads one rendering of the open workshop (`AppState::export_as`).
pub fn export(state: AppState, kind: ExportKind) {
    run(state, "make the download", export_now(state, kind));
}

split_point! {
    presenting: fn greet_presenter_now(state: AppState, link: super::presenter::PresenterLink) -> () {
        super::presenter::greet(state, link)
    }
}

/// A presenter window said hello: starts keeping it in step (the first time) and sends it
/// what it shows now.
pub fn greet_presenter(state: AppState, link: super::presenter::PresenterLink) {
    run(state, "keep the presenter window in step", greet_presenter_now(state, link));
}

// ----- panels -----

split_point! {
    kiosk: fn kiosk_now() -> AnyView {
        view! { <super::kiosk::KioskOverlay/> }.into_any()
    }
}

/// The kiosk, over everything while people vote on this device.
pub fn kiosk() -> Loading {
    Box::pin(kiosk_now())
}

split_point! {
    library: fn library_now(open: RwSignal<bool>) -> AnyView {
        view! { <super::library::LibraryPanel close=move || open.set(false)/> }.into_any()
    }
}

/// The workshop library, open while `open` is.
pub fn library(open: RwSignal<bool>) -> Loading {
    with_keeping(library_now(open))
}

split_point! {
    recovery: fn recovery_now(library_open: RwSignal<bool>) -> AnyView {
        view! { <super::recovery::RecoveryPanel open_library=move || library_open.set(true)/> }.into_any()
    }
}

/// What to do about a stored workshop that could not be opened.
pub fn recovery(library_open: RwSignal<bool>) -> Loading {
    with_keeping(recovery_now(library_open))
}

split_point! {
    opening: fn viewer_now() -> AnyView {
        view! { <super::export::Viewer/> }.into_any()
    }
}

/// Someone else's agreed goal tree, opened read-only.
pub fn viewer() -> Loading {
    with_keeping(viewer_now())
}

split_point! {
    opening: fn give_offer_now() -> AnyView {
        view! { <super::sharing::GiveOffer/> }.into_any()
    }
}

/// The question a `#give=` link asks: import these goals?
pub fn give_offer() -> Loading {
    with_keeping(give_offer_now())
}

split_point! {
    sharing: fn draft_link_now(department: crate::domain::model::DepartmentId, name: String) -> AnyView {
        super::sharing::draft_link_shown(department, name)
    }
}

/// A department's draft link and its QR code (Define).
pub fn draft_link(department: crate::domain::model::DepartmentId, name: String) -> Loading {
    Box::pin(draft_link_now(department, name))
}

/// A panel that reads or stores workshops (the library, recovery, the viewer's "start a
/// workshop", goals sent back): the save and restore paths come first.
fn with_keeping(panel: impl Future<Output = Result<AnyView, SplitLoaderError>> + 'static) -> Loading {
    let state = expect_context::<AppState>();
    Box::pin(async move {
        keeping_ready(state).await?;
        panel.await
    })
}

// ----- answers computed on demand -----

/// The answer of a function of this file whose module has already arrived, computed at
/// once (a loaded module's call completes on its first poll). `None` if it has not, so
/// only call it once the function's own `ready` has completed, or it starts a fetch and
/// drops it.
pub(crate) fn now<T>(call: impl Future<Output = Result<T, SplitLoaderError>>) -> Option<T> {
    let mut call = std::pin::pin!(call);
    match call.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(answer) => answer.ok(),
        std::task::Poll::Pending => None,
    }
}

split_point! {
    /// The stepper's conflict count (the tally and conflict detection).
    counting: fn count_unsettled(workshop: &crate::domain::model::Workshop) -> usize, ready count_unsettled_ready {
        crate::domain::guide::unsettled_conflicts(workshop)
    }
}

/// Fetches the conflict count's module (once at a time); `arrived` is set when it has.
/// A failed fetch is tried again every few seconds (the next-step bar says it is counting
/// meanwhile).
pub fn fetch_conflict_count(arrived: RwSignal<bool>, asked: StoredValue<bool>) {
    // Both are gone once the stepper is (then nothing is fetched for it).
    if arrived.try_get_untracked() != Some(false) || asked.try_get_value() != Some(false) {
        return;
    }
    asked.set_value(true);
    // After the paint, when idle: a first visit's demo is drawn and answering before
    // anything more is fetched.
    when_idle_after_paint(move || {
        leptos::task::spawn_local(async move {
            let fetched = count_unsettled_ready().await.is_ok();
            asked.try_set_value(false);
            if fetched {
                arrived.try_set(true);
            } else {
                set_timeout(move || fetch_conflict_count(arrived, asked), FETCH_RETRY);
            }
        });
    });
}

split_point! {
    /// The save path: serialising, packing and the check that the stored copy loads back.
    keeping: fn checked_form_now(workshop: &crate::domain::model::Workshop) -> Result<StoredForm, SaveError>, ready checked_form_ready {
        storage::checked_form(workshop)
    }
}

/// Brings the save and restore paths (one module), each function's loader included.
async fn fetch_keeping_module() -> Result<(), SplitLoaderError> {
    checked_form_ready().await?;
    load_workshop_ready().await?;
    restore_stored_ready().await
}

/// Whether the save path's module has arrived (`KEEPING_ASKED`: a fetch is under way).
static KEEPING: AtomicBool = AtomicBool::new(false);
static KEEPING_ASKED: AtomicBool = AtomicBool::new(false);

/// A workshop's checked stored form, or `None` while the save path has not arrived.
pub fn checked_form(workshop: &crate::domain::model::Workshop) -> Option<Result<StoredForm, SaveError>> {
    kept(|| checked_form_now(workshop))
}

/// A `keeping` function's answer at once, or `None` while the module has not arrived.
fn kept<T, F: Future<Output = Result<T, SplitLoaderError>>>(call: impl FnOnce() -> F) -> Option<T> {
    KEEPING.load(Ordering::Relaxed).then(|| now(call())).flatten()
}

/// Whether closing the page now would lose a change: one is waiting to be saved and the
/// save path has not arrived (the flush on `pagehide` could not save it), or saving fails.
pub fn changes_would_be_lost(state: AppState) -> bool {
    match state.save_status.get_untracked() {
        SaveStatus::Saved => false,
        SaveStatus::Pending => !KEEPING.load(Ordering::Relaxed),
        SaveStatus::Failed(_) => true,
    }
}

/// Waits for the save path's module (at once if it has arrived).
async fn keeping_ready(state: AppState) -> Result<(), SplitLoaderError> {
    if !KEEPING.load(Ordering::Relaxed) {
        fetch_keeping_module().await?;
        arrived_keeping(state);
    }
    Ok(())
}

fn arrived_keeping(state: AppState) {
    if !KEEPING.swap(true, Ordering::Relaxed) && state.save_status.get_untracked() == SaveStatus::Pending {
        // A change made while it was on its way is saved now.
        state.save_now();
    }
}

/// Fetches the save path's module unless it is here or on its way; a change waiting to be
/// saved is saved when it arrives. If it cannot be fetched, the save status says so and it
/// is tried again in a few seconds (the workshop stays in the window meanwhile).
pub fn fetch_keeping(state: AppState) {
    if KEEPING.load(Ordering::Relaxed) || KEEPING_ASKED.swap(true, Ordering::Relaxed) {
        return;
    }
    // After the paint, when idle: a first visit's demo is drawn and answering before
    // anything more is fetched.
    when_idle_after_paint(move || leptos::task::spawn_local(async move {
        let fetched = keeping_ready(state).await;
        KEEPING_ASKED.store(false, Ordering::Relaxed);
        if fetched.is_err() {
            if state.save_status.get_untracked() == SaveStatus::Pending {
                state.save_status.try_set(SaveStatus::Failed(SaveError::NotArrived));
            }
            set_timeout(move || {
                if state.save_status.get_untracked() == SaveStatus::Failed(SaveError::NotArrived) {
                    state.save_now();
                }
            }, FETCH_RETRY);
        }
    }));
}

/// How long a failed fetch of the save path or the conflict count waits before it is
/// tried again.
const FETCH_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

split_point! {
    keeping: fn load_workshop_now(id: crate::domain::model::WorkshopId) -> storage::Loaded, ready load_workshop_ready {
        storage::load_workshop(id)
    }
}

split_point! {
    keeping: fn restore_stored_now(value: &str) -> Result<crate::domain::model::Workshop, crate::domain::wire::ImportError>, ready restore_stored_ready {
        crate::domain::wire::stored::restore_stored(value)
    }
}

/// A stored workshop as `storage::load_workshop` reads it, or `None` while the restore
/// path (with the save path in one module) has not arrived.
pub fn load_workshop(id: crate::domain::model::WorkshopId) -> Option<storage::Loaded> {
    kept(|| load_workshop_now(id))
}

/// A stored value read back (`wire::stored::restore_stored`), or `None` while the restore
/// path has not arrived.
pub fn restore_stored(value: &str) -> Option<Result<crate::domain::model::Workshop, crate::domain::wire::ImportError>> {
    kept(|| restore_stored_now(value))
}

/// Runs `then` once the save and restore paths are here: at once if they are, else when
/// their module arrives. If it cannot be fetched, says so; nothing was changed.
pub fn after_keeping(state: AppState, what: &'static str, then: impl FnOnce() + 'static) {
    if KEEPING.load(Ordering::Relaxed) {
        then();
        return;
    }
    run(state, what, async move {
        then();
        Ok(())
    });
}

/// `after_first_paint`, then once the browser is idle (at most a second later; at once
/// where there is no `requestIdleCallback`): for fetches that would otherwise land their
/// compiling and instantiating on the first screen's first answers.
fn when_idle_after_paint(f: impl FnOnce() + 'static) {
    super::dom::after_first_paint(move || {
        let task = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
        let run = {
            let task = task.clone();
            wasm_bindgen::closure::Closure::once_into_js(move || {
                if let Some(f) = task.take() {
                    f();
                }
            })
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &1000.into());
        let idle = js_sys::Reflect::get(&super::dom::window(), &"requestIdleCallback".into()).ok().and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
        if idle.is_none_or(|idle| idle.call2(&super::dom::window(), &run, &options).is_err()) {
            if let Some(f) = task.take() {
                f();
            }
        }
    });
}
