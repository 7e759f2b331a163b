//! What the app has to tell the facilitator: refused changes, files that did not open,
//! and a full storage quota. Notices are toasts: a fixed region at the bottom of the
//! window (always in view, wherever the page is scrolled), announced by a live region.

use leptos::prelude::*;

use super::state::{AppState, ExportKind, Notice, SaveStatus};
use crate::platform::storage::SaveError;

#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dismiss = move |_| state.notice.set(None);
    view! {
        <div class="toasts" data-testid="toasts" aria-live="polite">
        {move || state.notice.get().map(|notice| match notice {
            Notice::Refused(message) => view! {
                <div class="notice error" role="alert" data-testid="notice">
                    <p>{message}</p>
                    <button class="button subtle" on:click=dismiss>"Dismiss"</button>
                </div>
            }.into_any(),
            Notice::ImportFailed { file, problems } => view! {
                <div class="notice error" role="alert" data-testid="notice">
                    <div>
                        <p><strong>{format!("{file} could not be opened.")}</strong> " Nothing was changed."</p>
                        <ul class="problems" data-testid="import-problems">
                            {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                        </ul>
                    </div>
                    <button class="button subtle" on:click=dismiss>"Dismiss"</button>
                </div>
            }.into_any(),
            Notice::Done(message) => view! {
                <div class="notice done" role="status" data-testid="notice">
                    <p>{message}</p>
                    <button class="button subtle" on:click=dismiss>"Dismiss"</button>
                </div>
            }.into_any(),
        })}
        </div>
    }
}

/// Shown while saving fails; the workshop stays in this window and can be downloaded.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || match state.save_status.get() {
            SaveStatus::Failed(error) => {
                // What to do depends on why: room can be made; an oversized file must shrink.
                let why = format!("{error}, so your latest changes are kept in this window only.");
                let advice = match error {
                    SaveError::Full | SaveError::NoRoom { .. } => " Download the workshop file to keep them safe, or make room by deleting workshops you no longer need (Workshops). Accord keeps trying to save.",
                    SaveError::TooLarge { .. } => " Shorten long descriptions or remove goals you no longer need; saving resumes as soon as the file is back under the limit.",
                    SaveError::Unavailable(_) => " Download the workshop file to keep them safe. Accord keeps trying to save.",
                    SaveError::NotArrived => " Keep this page open: Accord keeps trying and saves as soon as the network lets it.",
                };
                let downloadable = !matches!(error, SaveError::TooLarge { .. });
                Some(view! {
                    <div class="banner warning" role="alert" data-testid="storage-banner">
                        <p>
                            {why}
                            {advice}
                        </p>
                        {downloadable.then(|| view! {
                            <button class="button primary" data-testid="banner-export" on:click=move |_| super::on_demand::export(state, ExportKind::Workshop)>
                                "Download workshop file"
                            </button>
                        })}
                    </div>
                })
            }
            _ => None,
        }}
    }
}
