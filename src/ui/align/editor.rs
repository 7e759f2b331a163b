//! The editor of the selected goal: its details, where it sits, its links, and deletion.

use leptos::prelude::*;

use super::focus_goal;
use crate::domain::history::TypedField;
use crate::domain::model::{Edit, Field, GoalDetails, GoalId, Level, LinkKind, Status, Workshop};
use crate::ui::state::{AppState, Notice};
use crate::ui::widgets::{read, DepartmentSelect};

/// Applies a change to one detail of a goal.
fn update(state: AppState, id: GoalId, change: impl FnOnce(&mut GoalDetails)) {
    let details = state.workshop.with_untracked(|w| w.as_ref().and_then(|w| w.goal(id)).map(GoalDetails::of));
    if let Some(mut details) = details {
        change(&mut details);
        state.apply(Edit::UpdateGoal(id, details));
    }
}

/// The goal being edited, as a memo: the editor's fields follow this goal's changes only.
type GoalMemo = Memo<Option<crate::domain::model::Goal>>;

fn goal_memo(state: AppState, id: GoalId) -> GoalMemo {
    Memo::new(move |_| state.workshop.with(|w| w.as_ref().and_then(|w| w.goal(id)).cloned()))
}

/// A field's value read from the workshop itself, so that a refused change (which
/// notifies the workshop without changing it) snaps the field back to the kept value.
fn live_field(state: AppState, id: GoalId, f: impl Fn(&crate::domain::model::Goal) -> String + Copy + 'static) -> impl Fn() -> String + Copy {
    move || read(state, move |w| w.goal(id).map(f).unwrap_or_default())
}

fn goal_field(goal: GoalMemo, f: impl Fn(&crate::domain::model::Goal) -> String + Copy + 'static) -> impl Fn() -> String + Copy {
    move || goal.with(|g| g.as_ref().map(f).unwrap_or_default())
}

#[component]
pub fn GoalEditorPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Forget a selection whose goal is gone (deleted, undone).
    Effect::new(move |_| {
        if let Some(id) = state.selected.get() {
            if state.workshop.with(|w| w.as_ref().is_none_or(|w| w.goal(id).is_none())) {
                state.selected.set(None);
            }
        }
    });
    view! {
        <section class="panel editor" aria-labelledby="editor-heading" data-testid="goal-editor">
            {move || match state.selected.get() {
                Some(id) => view! { <GoalEditor id/> }.into_any(),
                None => view! {
                    <h2 id="editor-heading">"Goal"</h2>
                    <p class="hint">"Select a goal in the tree to edit it, move it or link it."</p>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn GoalEditor(id: GoalId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goal = goal_memo(state, id);
    let title = goal_field(goal, |g| g.title.clone());
    let confirm_delete = RwSignal::new(false);
    let subtree_size = move || read(state, move |w| w.graph().subtree(id).len().saturating_sub(1));
    let shift = move |make: fn(&Workshop, GoalId) -> Option<Edit>| {
        state.propose_some(|w| make(w, id));
    };
    // Text is saved as it is typed, whether or not the field is left (`state::typing`).
    let text_input = move |label: &'static str, testid: &'static str, max: &'static str, get: fn(&crate::domain::model::Goal) -> String, field: Field| {
        let value = live_field(state, id, get);
        let typed = TypedField::Goal(id, field);
        view! {
            <div class="field">
                <label for=format!("goal-{testid}")>{label}</label>
                <input
                    id=format!("goal-{testid}")
                    data-testid=format!("edit-{testid}")
                    maxlength=max
                    prop:value=move || state.shown_text(typed, value())
                    on:input=move |ev| state.type_text(typed, event_target_value(&ev))
                    on:change=move |ev| {
                        super::perf::measure_to_paint("accord-edit");
                        state.finish_typing(typed, event_target_value(&ev))
                    }
                    on:blur=move |ev| state.leave_field(typed, event_target_value(&ev))
                />
            </div>
        }
    };
    // Through the disclosure policy, like every other place a priority shows.
    let priority_note = Memo::new(move |_| {
        read(state, move |w| {
            crate::domain::disclosure::priority(w, id).map(|p| format!("Agreed priority {}.", crate::domain::disclosure::priority_label(w, p)))
        })
    });
    let description = TypedField::Goal(id, Field::GoalDescription);
    let description_kept = live_field(state, id, |g| g.description.clone());
    view! {
        <h2 id="editor-heading">{move || format!("Goal: {}", title())}</h2>
        <crate::ui::sharing::ContributedNote id/>
        {move || priority_note.get().map(|text| view! { <p class="priority-note" data-testid="editor-priority">{text}</p> })}
        {text_input("Title", "title", "200", |g| g.title.clone(), Field::GoalTitle)}
        <div class="field">
            <label for="goal-description">"Description"</label>
            <textarea
                id="goal-description"
                rows="3"
                maxlength="4000"
                data-testid="edit-description"
                prop:value=move || state.shown_text(description, description_kept())
                on:input=move |ev| state.type_text(description, event_target_value(&ev))
                on:change=move |ev| {
                    super::perf::measure_to_paint("accord-edit");
                    state.finish_typing(description, event_target_value(&ev))
                }
                on:blur=move |ev| state.leave_field(description, event_target_value(&ev))
            ></textarea>
        </div>
        <div class="field-row">
            <label>
                "Level"
                <select
                    data-testid="goal-level"
                    on:change=move |ev| {
                        if let Some(level) = Level::from_wire(&event_target_value(&ev)) {
                            update(state, id, move |d| d.level = level);
                        }
                    }
                >
                    {Level::ALL
                        .into_iter()
                        .map(|l| {
                            let selected = move || goal.with(|g| g.as_ref().is_some_and(|g| g.level == l));
                            view! { <option value=l.wire_name() selected=selected>{l.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Status"
                <select
                    data-testid="goal-status"
                    on:change=move |ev| {
                        if let Some(status) = Status::from_wire(&event_target_value(&ev)) {
                            update(state, id, move |d| d.status = status);
                        }
                    }
                >
                    {Status::ALL
                        .into_iter()
                        .map(|s| {
                            let selected = move || goal.with(|g| g.as_ref().is_some_and(|g| g.status == s));
                            view! { <option value=s.wire_name() selected=selected>{s.wire_name()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <DepartmentSelect
                label="Owning department".to_string()
                selected=Signal::derive(move || goal.with(|g| g.as_ref().and_then(|g| g.department)))
                on_pick=move |dept| update(state, id, move |d| d.department = dept)
            />
        </div>
        {text_input("Owner", "owner", "80", |g| g.owner.clone(), Field::Owner)}
        <div class="field-row">
            {text_input("Metric", "metric", "120", |g| g.metric.clone(), Field::Metric)}
            {text_input("Target", "target", "80", |g| g.target.clone(), Field::Target)}
            <div class="field">
                <label for="goal-effort">"Effort (person-weeks)"</label>
                <input
                    id="goal-effort"
                    type="number"
                    min="0"
                    max=crate::domain::count::MAX_PERSON_WEEKS.to_string()
                    data-testid="edit-effort"
                    prop:value=live_field(state, id, |g| g.effort.map(|e| e.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        match crate::domain::count::person_weeks(&event_target_value(&ev), "an effort") {
                            Ok(effort) => update(state, id, move |d| d.effort = effort),
                            Err(problem) => {
                                state.notice.set(Some(Notice::Refused(problem.to_string())));
                                state.workshop.update(|_| {});
                            }
                        }
                    }
                />
            </div>
        </div>

        <h3>"Where it sits"</h3>
        <ParentPicker id/>
        <div class="move-buttons" role="group" aria-label="Move this goal">
            <button class="button" data-testid="move-up" on:click=move |_| { shift(Workshop::move_up); focus_goal(id); }>"Move up"</button>
            <button class="button" data-testid="move-down" on:click=move |_| { shift(Workshop::move_down); focus_goal(id); }>"Move down"</button>
            <button class="button" data-testid="indent" on:click=move |_| { shift(Workshop::indent); focus_goal(id); }>"Under the goal above"</button>
            <button class="button" data-testid="outdent" on:click=move |_| { shift(Workshop::outdent); focus_goal(id); }>"Out one level"</button>
        </div>

        <h3>"Links"</h3>
        <LinkList id kind=LinkKind::DependsOn/>
        <LinkList id kind=LinkKind::ConflictsWith/>
        <AddLink id/>

        <h3>"Delete"</h3>
        {move || {
            if confirm_delete.get() {
                let n = subtree_size();
                view! {
                    <div class="confirm" role="alert" data-testid="confirm-delete-goal">
                        <p>
                            {format!("Delete “{}”", title())}
                            {(n > 0).then(|| format!(" and the {n} goal(s) beneath it"))}
                            "? You can undo this."
                        </p>
                        <button
                            class="button danger"
                            data-testid="confirm-delete-goal-yes"
                            on:click=move |_| {
                                confirm_delete.set(false);
                                state.apply(Edit::RemoveGoal(id));
                            }
                        >
                            "Yes, delete"
                        </button>
                        <button class="button subtle" on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <button class="button danger" data-testid="delete-goal" on:click=move |_| confirm_delete.set(true)>
                        "Delete this goal…"
                    </button>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn ParentPicker(id: GoalId) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Goals it may move under: a higher level, and not itself or beneath it. Memos, and
    // options keyed by what they say, so an edit re-renders only the options it changes.
    let candidates = Memo::new(move |_| {
        read(state, move |w| {
            let Some(goal) = w.goal(id) else { return Vec::new() };
            // Itself and beneath it, found once (not a search per goal).
            let below: std::collections::HashSet<GoalId> = w.graph().subtree(id).into_iter().collect();
            w.goals()
                .iter()
                .filter(|p| goal.level.may_sit_under(p.level) && !below.contains(&p.id))
                .map(|p| (p.id, format!("{} ({})", p.title, p.level.label())))
                .collect::<Vec<_>>()
        })
    });
    let current = Memo::new(move |_| read(state, move |w| w.parent(id)));
    view! {
        <label class="field">
            "Parent"
            <select
                data-testid="goal-parent"
                on:change=move |ev| {
                    let parent = GoalId::parse(&event_target_value(&ev));
                    state.propose_some(|w| Some(w.reparent(id, parent)));
                }
            >
                <option value="" selected=move || current.get().is_none()>"Nothing (top level)"</option>
                <For each=move || candidates.get() key=|option| option.clone() let((pid, label))>
                    <option value=pid.to_string() selected=move || current.get() == Some(pid)>{label}</option>
                </For>
            </select>
        </label>
    }
}

#[component]
fn LinkList(id: GoalId, kind: LinkKind) -> impl IntoView {
    let state = expect_context::<AppState>();
    let linked = Memo::new(move |_| {
        read(state, move |w| {
            let ids = match kind {
                LinkKind::DependsOn => w.depends_on(id),
                LinkKind::ConflictsWith => w.conflicts_with(id),
            };
            ids.into_iter().filter_map(|o| w.goal(o).map(|g| (o, g.title.clone()))).collect::<Vec<_>>()
        })
    });
    let heading = match kind {
        LinkKind::DependsOn => "Depends on",
        LinkKind::ConflictsWith => "Conflicts with",
    };
    view! {
        <div class="link-list" data-testid=format!("links-{}", if kind == LinkKind::DependsOn { "depends" } else { "conflicts" })>
            <h4>{heading}</h4>
            {move || {
                let items = linked.get();
                if items.is_empty() {
                    view! { <p class="hint">"None."</p> }.into_any()
                } else {
                    view! {
                        <ul role="list">
                            {items
                                .into_iter()
                                .map(|(other, title)| {
                                    let label = format!("Remove link to {title}");
                                    view! {
                                        <li>
                                            <span data-testid="linked-goal">{title}</span>
                                            " "
                                            <button
                                                class="button subtle"
                                                aria-label=label
                                                on:click=move |_| {
                                                    // Conflicts are symmetric; dependencies run from this goal.
                                                    state.apply(Edit::RemoveLink(id, kind, other));
                                                }
                                            >
                                                "Remove"
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn AddLink(id: GoalId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kind = RwSignal::new(LinkKind::DependsOn);
    let search = RwSignal::new(String::new());
    let target = RwSignal::new(None::<GoalId>);
    let candidates = Memo::new(move |_| {
        let needle = search.get().to_lowercase();
        read(state, move |w| {
            w.goals()
                .iter()
                .filter(|g| g.id != id && w.graph().link_between(id, g.id).is_none())
                .filter(|g| needle.is_empty() || g.title.to_lowercase().contains(&needle))
                .take(50)
                .map(|g| (g.id, g.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match target.get_untracked() {
            Some(other) => {
                if state.apply(Edit::AddLink(id, kind.get_untracked(), other)) {
                    target.set(None);
                    search.set(String::new());
                }
            }
            None => state.notice.set(Some(Notice::Refused("Pick the goal to link to first.".into()))),
        }
    };
    view! {
        <form class="add-link" on:submit=add data-testid="add-link">
            <label>
                "Link type"
                <select
                    data-testid="link-kind"
                    on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "conflicts" { LinkKind::ConflictsWith } else { LinkKind::DependsOn })
                    }
                >
                    <option value="depends">"depends on"</option>
                    <option value="conflicts">"conflicts with"</option>
                </select>
            </label>
            <label>
                "Find a goal"
                <input
                    type="search"
                    data-testid="link-search"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </label>
            <label>
                "Goal to link"
                <select
                    size="6"
                    data-testid="link-target"
                    on:change=move |ev| target.set(GoalId::parse(&event_target_value(&ev)))
                >
                    <For each=move || candidates.get() key=|option| option.clone() let((gid, title))>
                        <option value=gid.to_string() selected=move || target.get() == Some(gid)>{title}</option>
                    </For>
                </select>
            </label>
            <button class="button" type="submit">"Add link"</button>
        </form>
    }
}
