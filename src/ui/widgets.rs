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
    let options = move || read(state, |w| w.departments().iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>());
    view! {
        <select
            aria-label=label
            prop:value=move || department_value(selected.get())
            on:change=move |ev| on_pick(DepartmentId::parse(&event_target_value(&ev)))
        >
            <option value="">{none_label}</option>
            {move || {
                options()
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
