//! Define: the workshop's title and strategy, its departments and its participants.
//! Text is saved as it is typed, whether or not the field is left (`state::typing`); a
//! typing step ends on change (blur or Enter), when a refused text (an empty or taken
//! name) is said and taken back.

use leptos::html;
use leptos::prelude::*;

use super::state::AppState;
use super::widgets::{read, DepartmentSelect, EmptyState};
use crate::domain::history::TypedField;
use crate::domain::model::{Colour, DepartmentId, Edit, ParticipantId};

/// Parses a capacity field: empty means "not set"; bounded (see `domain::count`).
fn parse_capacity(text: &str) -> Result<Option<u32>, String> {
    crate::domain::count::person_weeks(text, "a capacity").map_err(|problem| problem.to_string())
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
                        prop:value=move || state.shown_text(TypedField::WorkshopTitle, read(state, |w| w.title.clone()))
                        on:input=move |ev| state.type_text(TypedField::WorkshopTitle, event_target_value(&ev))
                        on:change=move |ev| state.finish_typing(TypedField::WorkshopTitle, event_target_value(&ev))
                        on:blur=move |ev| state.leave_field(TypedField::WorkshopTitle, event_target_value(&ev))
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
                        prop:value=move || state.shown_text(TypedField::Strategy, read(state, |w| w.strategy.clone()))
                        on:input=move |ev| state.type_text(TypedField::Strategy, event_target_value(&ev))
                        on:change=move |ev| state.finish_typing(TypedField::Strategy, event_target_value(&ev))
                        on:blur=move |ev| state.leave_field(TypedField::Strategy, event_target_value(&ev))
                    ></textarea>
                    <p class="hint" id="define-strategy-hint">
                        "One or two sentences every objective should serve. It heads the goal tree and the export."
                    </p>
                </div>
            </section>
            <Departments/>
            <super::sharing::DraftLinks/>
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
        if state.apply(Edit::AddDepartment { name, capacity: None }) {
            input.set_value("");
        }
    };
    view! {
        <section class="panel" aria-labelledby="define-departments">
            <h2 id="define-departments">"Departments"</h2>
            <p class="hint">"Capacity is the effort a department can take on this period, in person-weeks."</p>
            <Show when=move || ids().is_empty()>
                <EmptyState
                    testid="no-departments"
                    title="No departments yet"
                    hint="Add each department taking part below: their goals, votes and colours on the map come from here."
                />
            </Show>
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
                    prop:value=move || state.shown_text(TypedField::DepartmentName(id), name())
                    on:input=move |ev| state.type_text(TypedField::DepartmentName(id), event_target_value(&ev))
                    on:change=move |ev| state.finish_typing(TypedField::DepartmentName(id), event_target_value(&ev))
                    on:blur=move |ev| state.leave_field(TypedField::DepartmentName(id), event_target_value(&ev))
                />
            </td>
            <td>
                <input
                    type="color"
                    aria-label=move || format!("Colour of {}", name())
                    prop:value=move || field(|d| d.colour.to_string())
                    on:change=move |ev| {
                        if let Some(colour) = Colour::parse(&event_target_value(&ev)) {
                            state.apply(Edit::SetDepartmentColour(id, colour));
                        }
                    }
                />
            </td>
            <td>
                <input
                    type="number"
                    min="0"
                    max=crate::domain::count::MAX_PERSON_WEEKS.to_string()
                    inputmode="numeric"
                    aria-label=move || format!("Capacity of {} in person-weeks", name())
                    data-testid="department-capacity"
                    prop:value=move || field(|d| d.capacity.map(|c| c.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        match parse_capacity(&event_target_value(&ev)) {
                            Ok(capacity) => {
                                state.apply(Edit::SetDepartmentCapacity(id, capacity));
                            }
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
                    on:click=move |_| { state.apply(Edit::RemoveDepartment(id)); }
                >
                    "Remove"
                </button>
            </td>
        </tr>
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
        let department = new_department.get_untracked();
        if state.apply(Edit::AddParticipant { name, department }) {
            input.set_value("");
        }
    };
    let count = move || read(state, |w| w.participants().len());
    view! {
        <section class="panel" aria-labelledby="define-participants">
            <h2 id="define-participants">"Participants " <span class="count">{count}</span></h2>
            <Show when=move || ids().is_empty()>
                <EmptyState
                    testid="no-participants"
                    title="Nobody in the room yet"
                    hint="Add the participants below, each with their department: they are the voters of every round."
                />
            </Show>
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
                    prop:value=move || state.shown_text(TypedField::ParticipantName(id), name())
                    on:input=move |ev| state.type_text(TypedField::ParticipantName(id), event_target_value(&ev))
                    on:change=move |ev| state.finish_typing(TypedField::ParticipantName(id), event_target_value(&ev))
                    on:blur=move |ev| state.leave_field(TypedField::ParticipantName(id), event_target_value(&ev))
                />
            </td>
            <td>
                <DepartmentSelect
                    label=Signal::derive(move || format!("Department of {}", name()))
                    selected=department
                    on_pick=move |d| { state.apply(Edit::SetParticipantDepartment(id, d)); }
                />
            </td>
            <td>
                <button
                    class="button subtle"
                    aria-label=move || format!("Remove participant {}", name())
                    on:click=move |_| { state.apply(Edit::RemoveParticipant(id)); }
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}
