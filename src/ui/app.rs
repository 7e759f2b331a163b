use leptos::ev;
use leptos::prelude::*;

use super::define::DefineScreen;
use super::export::ExportScreen;
use super::library::LibraryPanel;
use super::notices::{Notices, StorageBanner};
use super::placeholder::NotBuiltYet;
use super::recovery::RecoveryPanel;
use super::state::{AppState, Phase, SaveStatus};
use super::tree::GoalTree;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.start();

    // The phase lives in the URL fragment, so links, reloads and the back button work.
    let _ = window_event_listener(ev::hashchange, move |_| {
        state.phase.set(Phase::from_hash(&location_hash().unwrap_or_default()));
    });
    // Never leave a debounced save behind when the tab goes away.
    let _ = window_event_listener(ev::pagehide, move |_| state.flush());
    let _ = window_event_listener(ev::visibilitychange, move |_| {
        if document().hidden() {
            state.flush();
        }
    });

    let library_open = RwSignal::new(false);
    let title = move || {
        state.workshop.with(|w| match w {
            Some(w) if !w.title.is_empty() => w.title.clone(),
            Some(_) => "Untitled workshop".to_string(),
            None => state.recovery.with(|r| r.as_ref().map(|r| r.title.clone()).unwrap_or_default()),
        })
    };

    view! {
        <header class="app-header">
            <span class="brand" aria-hidden="true">"Accord"</span>
            <h1 class="workshop-title" data-testid="workshop-title">{title}</h1>
            <SaveIndicator/>
            <button
                class="button"
                data-testid="library-button"
                aria-expanded=move || library_open.get().to_string()
                aria-controls="library-panel"
                on:click=move |_| library_open.update(|open| *open = !*open)
            >
                "Workshops"
            </button>
        </header>
        <Show when=move || library_open.get()>
            <LibraryPanel close=move || library_open.set(false)/>
        </Show>
        <nav class="phases" aria-label="Workshop phases">
            <ol>
                {Phase::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, phase)| {
                        view! {
                            <li>
                                <a
                                    href=format!("#{}", phase.slug())
                                    data-testid=format!("phase-{}", phase.slug())
                                    aria-current=move || (state.phase.get() == phase).then_some("page")
                                >
                                    <span class="step" aria-hidden="true">{i + 1}</span>
                                    {phase.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
        <StorageBanner/>
        <main id="main" tabindex="-1">
            <Notices/>
            {move || {
                if state.recovery.with(Option::is_some) {
                    return view! { <RecoveryPanel open_library=move || library_open.set(true)/> }.into_any();
                }
                if state.workshop.with(Option::is_none) {
                    return view! { <p>"Loading…"</p> }.into_any();
                }
                match state.phase.get() {
                    Phase::Define => view! { <DefineScreen/> }.into_any(),
                    Phase::Align => view! { <GoalTree/> }.into_any(),
                    Phase::Prioritise => view! {
                        <NotBuiltYet
                            title="Prioritise"
                            what="Voting rounds over chosen goals (dot, score and ranked voting), secret ballots revealed when you say so, and results per department with an agreement measure."
                        />
                    }
                    .into_any(),
                    Phase::Resolve => view! {
                        <NotBuiltYet
                            title="Resolve"
                            what="A board of the conflicts between departments' priorities, each settled on the record in a decision log."
                        />
                    }
                    .into_any(),
                    Phase::Export => view! { <ExportScreen/> }.into_any(),
                }
            }}
        </main>
    }
}

#[component]
fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p class="save-status" data-testid="save-status" role="status">
            {move || match state.save_status.get() {
                SaveStatus::Saved => "All changes saved in this browser",
                SaveStatus::Pending => "Saving…",
                SaveStatus::Failed(_) => "Not saved",
            }}
        </p>
    }
}
