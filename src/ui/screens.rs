//! The phase screens, each in its own wasm module loaded when it is first shown (issue #17).
//!
//! Each `#[wasm_split]` function below is a split point: `scripts/split-wasm.sh` (run by
//! trunk after the build) moves everything only that screen uses into its own module,
//! fetched the first time the screen is opened (and kept by the service worker, so it
//! works offline). Until it has arrived a short "Loading…" line shows; if it cannot be
//! fetched, the facilitator is told so and offered *Try again*: never a blank page. Nothing
//! in the workshop depends on a screen having loaded.

use std::sync::Arc;

use leptos::prelude::*;

use super::align::AlignScreen;
use super::define::DefineScreen;
use super::export::ExportScreen;
use super::on_demand::{split_point, Loading, OnDemand};
use super::prioritise::PrioritiseScreen;
use super::resolve::ResolveScreen;
use super::state::Phase;

// Define is the first screen a facilitator sees, so it is in the main module: split off,
// the code it shares with the rest would come as dozens of small modules at first load.
async fn define_screen() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <DefineScreen/> }.into_any())
}
split_point! { align_screen: fn align_screen() -> AnyView { view! { <AlignScreen/> }.into_any() } }
split_point! { prioritise_screen: fn prioritise_screen() -> AnyView { view! { <PrioritiseScreen/> }.into_any() } }
split_point! { resolve_screen: fn resolve_screen() -> AnyView { view! { <ResolveScreen/> }.into_any() } }
split_point! { export_screen: fn export_screen() -> AnyView { view! { <ExportScreen/> }.into_any() } }

/// Fetches the phase's module (once; a failed fetch is tried afresh next time) and builds
/// its screen.
fn screen(phase: Phase) -> Loading {
    match phase {
        Phase::Define => Box::pin(define_screen()),
        Phase::Align => Box::pin(align_screen()),
        Phase::Prioritise => Box::pin(prioritise_screen()),
        Phase::Resolve => Box::pin(resolve_screen()),
        Phase::Export => Box::pin(export_screen()),
    }
}

/// The screen of one phase, shown once its module has arrived; the first one drawn marks
/// the page interactive.
#[component]
pub fn PhaseScreen(phase: Phase) -> impl IntoView {
    let what = format!("{} screen", phase.label());
    view! { <OnDemand load=Arc::new(move || screen(phase)) what marks_interactive=true/> }
}
