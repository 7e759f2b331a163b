//! Define: the workshop's title and strategy, its departments and its participants.
//! Names are committed on change (blur or Enter) because the core trims them.

use leptos::html;
use leptos::prelude::*;

use super::state::AppState;
use crate::domain::model::{Colour, DepartmentId, ParticipantId, Workshop};

fn read<T: Default>(state: AppState, f: impl Fn(&Workshop) -> T) -> T {
    state.workshop.with(|w| w.as_ref().map(&f).unwrap_or_default())
}

/// Parses a capacity field: empty means "not set".
fn parse_capacity(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>()
        .map(Some)
        .map_err(|_| format!("“{text}” is not a capacity; use a whole number of person-weeks, or leave it empty."))
}

fn department_value(id: Option<DepartmentId>) -> String {
    id.map(|d| d.to_string()).unwrap_or_default()
}

#[component]
pub fn DefineScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="define">
            <section class="panel" aria-labelledby="define-workshop">
                <h2 id="define-workshop">"The workshop"</h2>
                <div class="field">
                    <label for="define-title">"Title"</label>
                    <input
                        id="define-title"
                        data-testid="define-title"
                        maxlength="200"
                        prop:value=move || read(state, |w| w.title.clone())
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            state.edit(move |w| w.set_title(&value));
                        }
                    />
                </div>
                <div class="field">
                    <label for="define-strategy">"Strategy statement"</label>
                    <textarea
                        id="define-strategy"
                        data-testid="define-strategy"
                        rows="4"
                        maxlength="4000"
                        aria-describedby="define-strategy-hint"
                        prop:value=move || read(state, |w| w.strategy.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            state.edit(move |w| w.set_strategy(&value));
                        }
                    ></textarea>
                    <p class="hint" id="define-strategy-hint">
                        "One or two sentences every objective should serve. It heads the goal tree and the export."
                    </p>
                </div>
            </section>
            <Departments/>
            <Participants/>
        </div>
    }
}

#[component]
fn Departments() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ids = move || read(state, |w| w.departments().iter().map(|d| d.id).collect::<Vec<_>>());
    let new_name = NodeRef::<html::Input>::new();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = new_name.get() else { return };
        let name = input.value();
        let mut added = false;
        state.edit(|w| w.add_department(&name, None).map(|_| added = true));
        if added {
            input.set_value("");
        }
    };
    view! {
        <section class="panel" aria-labelledby="define-departments">
            <h2 id="define-departments">"Departments"</h2>
            <p class="hint">"Capacity is the effort a department can take on this period, in person-weeks."</p>
            <table class="grid-table" data-testid="departments">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Colour"</th>
                        <th scope="col">"Capacity"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=ids key=|id| *id let:id>
                        <DepartmentRow id/>
                    </For>
                </tbody>
            </table>
            <form class="add-row" on:submit=add data-testid="add-department">
                <label for="new-department">"New department"</label>
                <input id="new-department" node_ref=new_name maxlength="80" placeholder="e.g. Customer Success"/>
                <button class="button" type="submit">"Add department"</button>
            </form>
        </section>
    }
}

#[component]
fn DepartmentRow(id: DepartmentId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let field = move |f: fn(&crate::domain::model::Department) -> String| {
        read(state, move |w| w.department(id).map(f).unwrap_or_default())
    };
    let name = move || field(|d| d.name.clone());
    view! {
        <tr data-testid="department-row">
            <td>
                <input
                    aria-label=move || format!("Name of department {}", name())
                    data-testid="department-name"
                    maxlength="80"
                    prop:value=name
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        state.edit(move |w| w.rename_department(id, &value));
                    }
                />
            </td>
            <td>
                <input
                    type="color"
                    aria-label=move || format!("Colour of {}", name())
                    prop:value=move || field(|d| d.colour.to_string())
                    on:change=move |ev| {
                        if let Some(colour) = Colour::parse(&event_target_value(&ev)) {
                            state.edit(move |w| w.set_department_colour(id, colour));
                        }
                    }
                />
            </td>
            <td>
                <input
                    type="number"
                    min="0"
                    inputmode="numeric"
                    aria-label=move || format!("Capacity of {} in person-weeks", name())
                    data-testid="department-capacity"
                    prop:value=move || field(|d| d.capacity.map(|c| c.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        match parse_capacity(&event_target_value(&ev)) {
                            Ok(capacity) => state.edit(move |w| w.set_department_capacity(id, capacity)),
                            Err(message) => {
                                state.notice.set(Some(super::state::Notice::Refused(message)));
                                state.workshop.update(|_| {});
                            }
                        }
                    }
                />
            </td>
            <td>
                <button
                    class="button subtle"
                    aria-label=move || format!("Remove department {}", name())
                    on:click=move |_| state.edit(move |w| w.remove_department(id))
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}

#[component]
fn DepartmentSelect(
    #[prop(into)] label: Signal<String>,
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
            <option value="">"No department"</option>
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

#[component]
fn Participants() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ids = move || read(state, |w| w.participants().iter().map(|p| p.id).collect::<Vec<_>>());
    let new_name = NodeRef::<html::Input>::new();
    let new_department = RwSignal::new(None::<DepartmentId>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = new_name.get() else { return };
        let name = input.value();
        let mut added = false;
        let department = new_department.get_untracked();
        state.edit(|w| w.add_participant(&name, department).map(|_| added = true));
        if added {
            input.set_value("");
        }
    };
    let count = move || read(state, |w| w.participants().len());
    view! {
        <section class="panel" aria-labelledby="define-participants">
            <h2 id="define-participants">"Participants " <span class="count">{count}</span></h2>
            <table class="grid-table" data-testid="participants">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Department"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=ids key=|id| *id let:id>
                        <ParticipantRow id/>
                    </For>
                </tbody>
            </table>
            <form class="add-row" on:submit=add data-testid="add-participant">
                <label for="new-participant">"New participant"</label>
                <input id="new-participant" node_ref=new_name maxlength="80" placeholder="Name"/>
                <DepartmentSelect
                    label="Department of the new participant".to_string()
                    selected=new_department
                    on_pick=move |d| new_department.set(d)
                />
                <button class="button" type="submit">"Add participant"</button>
            </form>
        </section>
    }
}

#[component]
fn ParticipantRow(id: ParticipantId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || read(state, move |w| w.participant(id).map(|p| p.name.clone()).unwrap_or_default());
    let department = Signal::derive(move || read(state, move |w| w.participant(id).and_then(|p| p.department)));
    view! {
        <tr data-testid="participant-row">
            <td>
                <input
                    aria-label=move || format!("Name of participant {}", name())
                    data-testid="participant-name"
                    maxlength="80"
                    prop:value=name
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        state.edit(move |w| w.rename_participant(id, &value));
                    }
                />
            </td>
            <td>
                <DepartmentSelect
                    label=Signal::derive(move || format!("Department of {}", name()))
                    selected=department
                    on_pick=move |d| state.edit(move |w| w.set_participant_department(id, d))
                />
            </td>
            <td>
                <button
                    class="button subtle"
                    aria-label=move || format!("Remove participant {}", name())
                    on:click=move |_| state.edit(move |w| w.remove_participant(id))
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}
