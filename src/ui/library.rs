//! The workshop library: every workshop kept in this browser, and the ways in and out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::state::{AppState, Notice};
use crate::domain::library::LibraryEntry;
use crate::platform::files;

#[component]
pub fn LibraryPanel(close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = move || state.library.with(|l| l.entries());
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("an input").unchecked_into();
        let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            let name = file.name();
            match files::read_bytes(file).await {
                Ok(bytes) => state.import(&name, &bytes),
                Err(e) => state.notice.set(Some(Notice::Refused(format!("Could not read {name}: {e}")))),
            }
        });
    };
    view! {
        <section id="library-panel" class="panel library" aria-labelledby="library-heading" data-testid="library">
            <div class="panel-head">
                <h2 id="library-heading">"Workshops in this browser"</h2>
                <button class="button subtle" on:click=move |_| close()>"Close"</button>
            </div>
            <div class="library-actions">
                <button class="button" data-testid="new-workshop" on:click=move |_| { state.new_empty(); close(); }>
                    "New empty workshop"
                </button>
                <button class="button" data-testid="add-demo" on:click=move |_| { state.add_demo(); close(); }>
                    "Add the demo workshop"
                </button>
                <button class="button" data-testid="add-large" on:click=move |_| { state.add_generated(2000); close(); }>
                    "Add a generated 2,000-goal workshop"
                </button>
                <label class="button file-button">
                    "Open a file (workshop or goal tree)…"
                    <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file/>
                </label>
            </div>
            <ul class="library-list" role="list">
                <For each=entries key=|e| (e.id, e.title.clone(), e.updated) let:entry>
                    <LibraryRow entry close/>
                </For>
            </ul>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum RowMode {
    Idle,
    Renaming,
    ConfirmDelete,
}

#[component]
fn LibraryRow(entry: LibraryEntry, close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mode = RwSignal::new(RowMode::Idle);
    let id = entry.id;
    let is_open = move || state.current.get() == Some(id);
    let title = if entry.title.is_empty() { "Untitled workshop".to_string() } else { entry.title.clone() };
    let rename_value = RwSignal::new(entry.title.clone());
    let shown_title = title.clone();
    let confirm_title = title.clone();
    view! {
        <li class="library-row" data-testid="library-row" class:current=is_open>
            <div class="library-entry">
                <button
                    class="link-button"
                    data-testid="open-workshop"
                    aria-current=move || is_open().then_some("true")
                    on:click=move |_| { state.open(id); close(); }
                >
                    {shown_title}
                </button>
                <span class="hint">"Changed " {entry.updated.short()}</span>
            </div>
            {move || match mode.get() {
                RowMode::Idle => view! {
                    <div class="row-actions">
                        <button class="button subtle" data-testid="rename-workshop" on:click=move |_| mode.set(RowMode::Renaming)>"Rename"</button>
                        <button class="button subtle" data-testid="duplicate-workshop" on:click=move |_| state.duplicate(id)>"Duplicate"</button>
                        <button class="button subtle danger" data-testid="delete-workshop" on:click=move |_| mode.set(RowMode::ConfirmDelete)>"Delete"</button>
                    </div>
                }
                .into_any(),
                RowMode::Renaming => view! {
                    <form class="row-actions" on:submit=move |ev| {
                        ev.prevent_default();
                        state.rename(id, &rename_value.get_untracked());
                        mode.set(RowMode::Idle);
                    }>
                        <label class="visually-hidden" for=format!("rename-{id}")>"New title"</label>
                        <input id=format!("rename-{id}") data-testid="rename-input" maxlength="200" bind:value=rename_value/>
                        <button class="button" type="submit">"Save title"</button>
                        <button class="button subtle" type="button" on:click=move |_| mode.set(RowMode::Idle)>"Cancel"</button>
                    </form>
                }
                .into_any(),
                RowMode::ConfirmDelete => view! {
                    <div class="row-actions confirm" role="alert">
                        <span>{format!("Delete “{confirm_title}” from this browser? This cannot be undone.")}</span>
                        <button class="button danger" data-testid="confirm-delete" on:click=move |_| { mode.set(RowMode::Idle); state.delete(id); }>"Yes, delete it"</button>
                        <button class="button subtle" on:click=move |_| mode.set(RowMode::Idle)>"Keep it"</button>
                    </div>
                }
                .into_any(),
            }}
        </li>
    }
}
