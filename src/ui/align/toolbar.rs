//! Finding goals, adding them, and the presenter window.

use leptos::html;
use leptos::prelude::*;

use super::OutlineState;
use crate::domain::model::{DepartmentId, Edit, GoalId, Level, NewGoal, Status};
use crate::domain::outline::all_parents;
use crate::domain::presenter::ProjectorView;
use crate::ui::state::AppState;
use crate::ui::widgets::{read, DepartmentSelect};

/// Search, filters and collapse/expand, above the outline.
#[component]
pub fn FindBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outline = expect_context::<OutlineState>();
    view! {
        <div class="find" role="search" aria-label="Find goals">
            <input
                type="search"
                aria-label="Search goals"
                data-testid="goal-search"
                placeholder="Search title, description, owner"
                prop:value=move || outline.filter.with(|f| f.text.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    outline.filter.update(|f| f.text = text);
                }
            />
            <DepartmentSelect
                label="Show department".to_string()
                none_label="All departments"
                selected=Signal::derive(move || outline.filter.with(|f| f.department))
                on_pick=move |d| outline.filter.update(|f| f.department = d)
            />
            <select
                aria-label="Show status"
                data-testid="status-filter"
                on:change=move |ev| {
                    let status = Status::from_wire(&event_target_value(&ev));
                    outline.filter.update(|f| f.status = status);
                }
            >
                <option value="">"All statuses"</option>
                {Status::ALL.into_iter().map(|s| view! { <option value=s.wire_name()>{s.wire_name()}</option> }).collect_view()}
            </select>
            <button
                class="button subtle"
                on:click=move |_| {
                    super::perf::measure_to_paint("accord-expand-all");
                    outline.collapsed.set(Default::default());
                }
            >
                "Expand all"
            </button>
            <button class="button subtle" on:click=move |_| outline.collapsed.set(read(state, all_parents))>
                "Collapse all"
            </button>
        </div>
    }
}

#[component]
pub fn AddGoal() -> impl IntoView {
    let state = expect_context::<AppState>();
    let title = NodeRef::<html::Input>::new();
    let level = RwSignal::new(Level::Objective);
    let parent = RwSignal::new(None::<GoalId>);
    let department = RwSignal::new(None::<DepartmentId>);
    // Selecting a goal in the tree offers it as the parent, one level down.
    Effect::new(move |_| {
        if let Some(selected) = state.selected.get() {
            let selected_level = state.workshop.with_untracked(|w| w.as_ref().and_then(|w| w.goal(selected)).map(|g| g.level));
            if let Some(l) = selected_level.filter(|l| *l != Level::Individual) {
                parent.set(Some(selected));
                level.set(Level::ALL[l as usize + 1]);
            }
        }
    });
    // A memo, and options keyed by what they say: an edit re-renders only the options it
    // changes (a workshop of 2,000 goals offers over a thousand).
    let parents = Memo::new(move |_| {
        read(state, move |w| {
            w.goals()
                .iter()
                .filter(|g| g.level < Level::Individual)
                .map(|g| (g.id, format!("{} ({})", g.title, g.level.label())))
                .collect::<Vec<_>>()
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = title.get() else { return };
        let new = NewGoal {
            title: input.value(),
            level: level.get_untracked(),
            parent: parent.get_untracked(),
            department: department.get_untracked(),
        };
        let next = state.workshop.with_untracked(|w| w.as_ref().map(|w| w.next_goal_id()));
        if state.apply(Edit::AddGoal(new)) {
            input.set_value("");
            state.selected.set(next);
            if let Some(id) = next {
                super::focus_goal(id);
            }
        }
    };
    view! {
        <section class="panel add-goal" aria-labelledby="add-goal-heading">
            <h2 id="add-goal-heading">"Add a goal"</h2>
            <form on:submit=add data-testid="add-goal">
                <div class="field">
                    <label for="new-goal-title">"Title"</label>
                    <input id="new-goal-title" node_ref=title maxlength="200" data-testid="new-goal-title"/>
                </div>
                <div class="field-row">
                    <label>
                        "Level"
                        <select
                            data-testid="new-goal-level"
                            prop:value=move || level.get().wire_name()
                            on:change=move |ev| {
                                if let Some(l) = Level::from_wire(&event_target_value(&ev)) {
                                    level.set(l);
                                    if l == Level::Objective {
                                        parent.set(None);
                                    }
                                }
                            }
                        >
                            {Level::ALL
                                .into_iter()
                                .map(|l| view! { <option value=l.wire_name() selected=move || level.get() == l>{l.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "Under"
                        <select
                            data-testid="new-goal-parent"
                            prop:value=move || parent.get().map(|p| p.to_string()).unwrap_or_default()
                            on:change=move |ev| parent.set(GoalId::parse(&event_target_value(&ev)))
                        >
                            <option value="">"Nothing (top level)"</option>
                            <For each=move || parents.get() key=|option| option.clone() let((id, label))>
                                <option value=id.to_string() selected=move || parent.get() == Some(id)>{label}</option>
                            </For>
                        </select>
                    </label>
                    <DepartmentSelect
                        label="Department of the new goal".to_string()
                        selected=department
                        on_pick=move |d| department.set(d)
                    />
                </div>
                <button class="button primary" type="submit">"Add goal"</button>
            </form>
        </section>
    }
}

#[component]
pub fn Presenter() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = move |_| {
        if let Some(id) = state.current.get_untracked() {
            crate::ui::presenter::open_presenter_window(&id.to_string());
        }
    };
    view! {
        <section class="panel presenter-controls" aria-labelledby="presenter-heading">
            <h2 id="presenter-heading">"Projector"</h2>
            <label>
                "The presenter window shows "
                <select
                    data-testid="projector-view"
                    on:change=move |ev| {
                        if let Some(v) = ProjectorView::from_slug(&event_target_value(&ev)) {
                            state.projector.set(v);
                        }
                    }
                >
                    {ProjectorView::ALL
                        .into_iter()
                        .map(|v| view! { <option value=v.slug() selected=move || state.projector.get() == v>{v.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <button class="button" data-testid="open-presenter" on:click=open>"Open presenter view"</button>
            <p class="hint">"A second window for the projector. It follows this window live and never edits."</p>
        </section>
    }
}
