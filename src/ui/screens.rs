//! The phase screens, each in its own wasm module loaded when it is first shown (issue #17).
//!
//! Each `#[wasm_split]` function below is a split point: `scripts/split-wasm.sh` (run by
//! trunk after the build) moves everything only that screen uses into its own module,
//! fetched the first time the screen is opened (and kept by the service worker, so it
//! works offline). Until it has arrived a short "Loading…" line shows; if it cannot be
//! fetched, the facilitator is told so and offered *Try again*: never a blank page. Nothing
//! in the workshop depends on a screen having loaded.

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
#[cfg(feature = "split-screens")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use super::align::AlignScreen;
use super::define::DefineScreen;
use super::export::ExportScreen;
use super::prioritise::PrioritiseScreen;
use super::resolve::ResolveScreen;
use super::state::Phase;

#[cfg(feature = "split-screens")]
#[wasm_split(define_screen, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let screen = _; { Ok(screen) } -> Result<AnyView, SplitLoaderError>))]
fn define_screen() -> AnyView {
    view! { <DefineScreen/> }.into_any()
}

#[cfg(feature = "split-screens")]
#[wasm_split(align_screen, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let screen = _; { Ok(screen) } -> Result<AnyView, SplitLoaderError>))]
fn align_screen() -> AnyView {
    view! { <AlignScreen/> }.into_any()
}

#[cfg(feature = "split-screens")]
#[wasm_split(prioritise_screen, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let screen = _; { Ok(screen) } -> Result<AnyView, SplitLoaderError>))]
fn prioritise_screen() -> AnyView {
    view! { <PrioritiseScreen/> }.into_any()
}

#[cfg(feature = "split-screens")]
#[wasm_split(resolve_screen, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let screen = _; { Ok(screen) } -> Result<AnyView, SplitLoaderError>))]
fn resolve_screen() -> AnyView {
    view! { <ResolveScreen/> }.into_any()
}

#[cfg(feature = "split-screens")]
#[wasm_split(export_screen, wasm_split_path = ::leptos::wasm_split, fallible,
    return_wrapper(let screen = _; { Ok(screen) } -> Result<AnyView, SplitLoaderError>))]
fn export_screen() -> AnyView {
    view! { <ExportScreen/> }.into_any()
}

// Without the feature (a build other than index.html's), the screens are in the one module.
#[cfg(not(feature = "split-screens"))]
async fn define_screen() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <DefineScreen/> }.into_any())
}
#[cfg(not(feature = "split-screens"))]
async fn align_screen() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <AlignScreen/> }.into_any())
}
#[cfg(not(feature = "split-screens"))]
async fn prioritise_screen() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <PrioritiseScreen/> }.into_any())
}
#[cfg(not(feature = "split-screens"))]
async fn resolve_screen() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ResolveScreen/> }.into_any())
}
#[cfg(not(feature = "split-screens"))]
async fn export_screen() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <ExportScreen/> }.into_any())
}

/// Fetches the phase's module (once; a failed fetch is tried afresh next time) and builds
/// its screen.
async fn screen(phase: Phase) -> Result<AnyView, SplitLoaderError> {
    match phase {
        Phase::Define => define_screen().await,
        Phase::Align => align_screen().await,
        Phase::Prioritise => prioritise_screen().await,
        Phase::Resolve => resolve_screen().await,
        Phase::Export => export_screen().await,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Load {
    Fetching,
    Ready,
    Failed,
}

/// The screen of one phase, shown once its module has arrived.
#[component]
pub fn PhaseScreen(phase: Phase) -> impl IntoView {
    let load = RwSignal::new(Load::Fetching);
    let built: StoredValue<Option<AnyView>, LocalStorage> = StoredValue::new_local(None);
    // The screen is built under this component's owner (its context, its cleanup), untracked,
    // whether the fetch starts now or from the Try again button (whose handler has no owner).
    let owner = Owner::current().unwrap_or_default();
    let fetch = move || {
        load.set(Load::Fetching);
        let task = owner.with(|| ScopedFuture::new_untracked(async move {
            match screen(phase).await {
                Ok(view) => {
                    built.try_set_value(Some(view));
                    load.try_set(Load::Ready);
                    super::dom::mark_interactive();
                }
                Err(_) => {
                    load.try_set(Load::Failed);
                }
            }
        }));
        leptos::task::spawn_local(task);
    };
    fetch();
    move || match load.get() {
        Load::Fetching => view! {
            <p class="hint" role="status" data-testid="screen-loading">"Loading the " {phase.label()} " screen…"</p>
        }
        .into_any(),
        Load::Ready => built.try_update_value(Option::take).flatten().unwrap_or_else(|| ().into_any()),
        Load::Failed => {
            let fetch = fetch.clone();
            view! {
            <div class="banner" role="alert" data-testid="screen-load-failed">
                <p>
                    <strong>{format!("The {} screen could not be loaded. ", phase.label())}</strong>
                    "This browser could not fetch it (the network may be down, or Accord was updated on the host since this page opened). Your workshop is safe: it is kept in this browser. Try again, or reload the page once the network is back."
                </p>
                <button class="button primary" data-testid="screen-load-retry" on:click=move |_| fetch()>"Try again"</button>
            </div>
            }
            .into_any()
        }
    }
}
