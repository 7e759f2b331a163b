//! Small shared pieces.

use leptos::prelude::*;

use super::state::AppState;
use crate::domain::model::{Department, DepartmentId, Workshop};

/// A department's colour swatch *with its name*, so colour is never the only signal.
#[component]
pub fn DepartmentChip(department: Department) -> impl IntoView {
    let style = format!("--dept: {}; --dept-text: {}", department.colour, department.colour.contrast_text());
    view! {
        <span class="dept-chip" style=style>
            <span class="swatch" aria-hidden="true"></span>
            {department.name}
        </span>
    }
}

/// Reads from the open workshop (tracked), or a default while none is open.
pub fn read<T: Default>(state: AppState, f: impl Fn(&Workshop) -> T) -> T {
    state.workshop.with(|w| w.as_ref().map(&f).unwrap_or_default())
}

fn department_value(id: Option<DepartmentId>) -> String {
    id.map(|d| d.to_string()).unwrap_or_default()
}

#[component]
pub fn DepartmentSelect(
    #[prop(into)] label: Signal<String>,
    /// What "no department" is called in this list.
    #[prop(default = "No department")]
    none_label: &'static str,
    #[prop(into)] selected: Signal<Option<DepartmentId>>,
    on_pick: impl Fn(Option<DepartmentId>) + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A memo: the options re-render when the departments change, not on every edit.
    let options = Memo::new(move |_| read(state, |w| w.departments().iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>()));
    view! {
        <select
            aria-label=label
            prop:value=move || department_value(selected.get())
            on:change=move |ev| on_pick(DepartmentId::parse(&event_target_value(&ev)))
        >
            <option value="">{none_label}</option>
            {move || {
                options.get()
                    .into_iter()
                    .map(|(id, name)| {
                        view! {
                            <option value=id.to_string() selected=move || selected.get() == Some(id)>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// What a screen shows where a list is empty: what is missing, and what to do about it
/// (and, optionally, a control that does it). One look everywhere (`.empty-state`).
#[component]
pub fn EmptyState(
    /// What is missing, as a short heading-like line ("No rounds yet").
    #[prop(into)]
    title: String,
    /// What to do, in a sentence.
    #[prop(into)]
    hint: String,
    #[prop(optional, into)] testid: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" data-testid=testid>
            <span class="empty-state-icon" aria-hidden="true">"◌"</span>
            <p class="empty-state-title">{title}</p>
            <p class="empty-state-hint">{hint}</p>
            {children.map(|c| view! { <div class="empty-state-actions">{c()}</div> })}
        </div>
    }
}

/// Brings what an action opened (or its answer) into view, then gives `focus` the
/// keyboard focus, once the screen has been drawn. `show` is scrolled as little as
/// needed (`block: nearest`), or to the top of the window with `from_top` (a panel
/// taller than an error line, whose heading should show).
pub fn reveal(show: &'static str, focus: &'static str, from_top: bool) {
    use wasm_bindgen::JsCast;
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(show) {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"block".into(), &(if from_top { "start" } else { "nearest" }).into());
            if let Ok(scroll) = js_sys::Reflect::get(&element, &"scrollIntoView".into()) {
                if let Some(scroll) = scroll.dyn_ref::<js_sys::Function>() {
                    let _ = scroll.call1(&element, &options);
                }
            }
        }
        if let Some(element) = document().get_element_by_id(focus).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
}

/// Codes pasted or files dropped or picked: the one form the ballot-code box and the
/// goals-sent-back box share. Files dropped here are taken by `on_files` (codes, not a
/// workshop to open: the drop does not reach the app's own). `on_submit` runs with the
/// pasted text, which is then cleared.
#[component]
pub fn PasteOrDrop(
    /// What to paste, as the text area's label.
    label: &'static str,
    input_testid: &'static str,
    submit_label: &'static str,
    submit_testid: &'static str,
    files_label: &'static str,
    files_testid: &'static str,
    accept: &'static str,
    #[prop(into)] on_submit: Callback<String>,
    #[prop(into)] on_files: Callback<web_sys::FileList>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: &'static str,
    /// More controls after the file button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let pasted = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(pasted.get_untracked());
        pasted.set(String::new());
    };
    let files = move |list: Option<web_sys::FileList>| {
        if let Some(list) = list {
            on_files.run(list);
        }
    };
    view! {
        <form
            class=class
            data-testid=(!testid.is_empty()).then_some(testid)
            on:submit=submit
            on:dragover=|ev: leptos::ev::DragEvent| { ev.prevent_default(); ev.stop_propagation(); }
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                ev.stop_propagation();
                files(ev.data_transfer().and_then(|t| t.files()));
            }
        >
            <label class="field">
                <span>{label}</span>
                <textarea rows="3" data-testid=input_testid prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            </label>
            <div class="field-row">
                <button class="button primary" type="submit" data-testid=submit_testid>{submit_label}</button>
                <label class="button">
                    {files_label}
                    <input type="file" multiple accept=accept class="visually-hidden" data-testid=files_testid
                        on:change=move |ev| files(ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files()))/>
                </label>
                {children.map(|c| c())}
            </div>
        </form>
    }
}
