//! The outline: one row per visible goal, keyed by everything it shows so that a change
//! re-renders only the rows it touches.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use super::{focus_goal, OutlineState};
use crate::domain::alignment::Alignment;
use crate::domain::model::{Colour, Edit, GoalId, Level, Status, Workshop};
use crate::domain::outline::outline;
use crate::ui::state::AppState;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    id: GoalId,
    depth: usize,
    title: String,
    level: Level,
    department: Option<(String, Colour)>,
    owner: String,
    status: Status,
    has_children: bool,
    expanded: bool,
    matched: bool,
    orphan: bool,
    unsupported: bool,
    in_cycle: bool,
    conflicts: usize,
    /// Agreed priority: rank and the round's name.
    priority: Option<(u32, String)>,
    /// A department goal's personal goals beneath it (`share::coverage`).
    carried: Option<usize>,
}

#[component]
pub fn Outline(analysis: Memo<Option<Alignment>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let outline_state = expect_context::<OutlineState>();
    let rows = Memo::new(move |_| {
        let collapsed = outline_state.collapsed.get();
        let filter = outline_state.filter.get();
        analysis.with(|a| {
            state.workshop.with(|w| {
                let (Some(w), Some(a)) = (w.as_ref(), a.as_ref()) else { return Vec::new() };
                let in_cycle: HashSet<GoalId> = a.cycles.iter().flatten().copied().collect();
                let orphans: HashSet<GoalId> = a.orphans.iter().copied().collect();
                let unsupported: HashSet<GoalId> = a.unsupported.iter().copied().collect();
                // One lookup table per render keeps a 2,000-goal outline linear.
                let goals: HashMap<GoalId, &crate::domain::model::Goal> = w.goals().iter().map(|g| (g.id, g)).collect();
                let carried: HashMap<GoalId, usize> = crate::domain::share::coverage::coverage(w).department_goals.into_iter().collect();
                outline(w, &collapsed, &filter)
                    .into_iter()
                    .filter_map(|r| {
                        let g = *goals.get(&r.id)?;
                        Some(Row {
                            id: r.id,
                            depth: r.depth,
                            title: g.title.clone(),
                            level: g.level,
                            department: g.department.and_then(|d| w.department(d)).map(|d| (d.name.clone(), d.colour)),
                            owner: g.owner.clone(),
                            status: g.status,
                            has_children: r.has_children,
                            expanded: r.expanded,
                            matched: r.matched,
                            orphan: orphans.contains(&r.id),
                            unsupported: unsupported.contains(&r.id),
                            in_cycle: in_cycle.contains(&r.id),
                            conflicts: w.conflicts_with(r.id).len(),
                            priority: crate::domain::disclosure::priority(w, r.id).map(|p| (p.rank, w.round(p.round).map(|r| r.name.clone()).unwrap_or_default())),
                            carried: carried.get(&r.id).copied(),
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let empty = move || rows.with(Vec::is_empty);
    let drop_to_top = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(dragged) = outline_state.dragging.get_untracked() {
            outline_state.dragging.set(None);
            state.propose_some(|w| Some(w.reparent(dragged, None)));
        }
    };
    view! {
        <section class="panel outline" aria-labelledby="outline-heading">
            <h2 id="outline-heading">"Goal tree"</h2>
            <super::toolbar::FindBar/>
            <p class="hint" id="outline-keys">
                "Select a goal to edit it. On a goal: Alt+↑/↓ moves it among its siblings, Alt+→ puts it under the goal above, Alt+← moves it out one level. Or drag a goal onto its new parent."
            </p>
            <Show when=empty>
                <crate::ui::widgets::EmptyState
                    testid="outline-empty"
                    title="No goals to show"
                    hint="Add a company objective to start the tree (or clear the search and filters if they hide every goal)."
                />
            </Show>
            <ul class="outline-rows" role="list" data-testid="outline">
                <For each=move || rows.get() key=|row| row.clone() let:row>
                    <RowView row/>
                </For>
            </ul>
            <div
                class="drop-top"
                class:active=move || outline_state.dragging.get().is_some()
                on:dragover=|ev| ev.prevent_default()
                on:drop=drop_to_top
            >
                "Drop here to make a goal top-level"
            </div>
        </section>
    }
}

#[component]
fn RowView(row: Row) -> impl IntoView {
    let state = expect_context::<AppState>();
    let outline_state = expect_context::<OutlineState>();
    let id = row.id;
    let selected = move || state.selected.get() == Some(id);
    let toggle = move |_| {
        outline_state.collapsed.update(|c| {
            if !c.remove(&id) {
                c.insert(id);
            }
        });
    };
    let shift = move |ev: leptos::ev::KeyboardEvent| {
        if !ev.alt_key() {
            return;
        }
        let make: fn(&Workshop, GoalId) -> Option<Edit> = match ev.key().as_str() {
            "ArrowUp" => Workshop::move_up,
            "ArrowDown" => Workshop::move_down,
            "ArrowRight" => Workshop::indent,
            "ArrowLeft" => Workshop::outdent,
            _ => return,
        };
        ev.prevent_default();
        if state.propose_some(|w| make(w, id)) {
            // A goal indented under a collapsed sibling should stay in sight.
            if let Some(parent) = state.workshop.with_untracked(|w| w.as_ref().and_then(|w| w.parent(id))) {
                outline_state.collapsed.update(|c| {
                    c.remove(&parent);
                });
            }
        }
        focus_goal(id);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        let Some(dragged) = outline_state.dragging.get_untracked() else { return };
        outline_state.dragging.set(None);
        if dragged == id {
            return;
        }
        if state.propose_some(|w| Some(w.reparent(dragged, Some(id)))) {
            outline_state.collapsed.update(|c| {
                c.remove(&id);
            });
        }
    };
    let indent = format!("--depth: {}", row.depth);
    let title = row.title.clone();
    view! {
        <li
            class=format!("outline-row level-{}", row.level.wire_name())
            class:selected=selected
            class:matched=row.matched
            style=indent
            data-testid="outline-row"
            data-goal-id=id.to_string()
            on:dragover=|ev| ev.prevent_default()
            on:drop=on_drop
        >
            <span
                class="drag-handle"
                aria-hidden="true"
                title="Drag onto another goal to move it there"
                data-testid="drag-handle"
                draggable="true"
                on:dragstart=move |ev: leptos::ev::DragEvent| {
                    if let Some(transfer) = ev.data_transfer() {
                        let _ = transfer.set_data("text/plain", &id.to_string());
                        transfer.set_effect_allowed("move");
                    }
                    outline_state.dragging.set(Some(id));
                }
                on:dragend=move |_| outline_state.dragging.set(None)
            >
                "⠿"
            </span>
            {if row.has_children {
                view! {
                    <button
                        class="toggle"
                        aria-expanded=row.expanded.to_string()
                        aria-label=format!("{} “{}”", if row.expanded { "Collapse" } else { "Expand" }, row.title)
                        data-testid="toggle"
                        on:click=toggle
                    >
                        {if row.expanded { "▾" } else { "▸" }}
                    </button>
                }
                .into_any()
            } else {
                view! { <span class="toggle-space" aria-hidden="true"></span> }.into_any()
            }}
            <button
                class="row-title"
                data-testid="goal-button"
                data-goal-button=id.to_string()
                aria-pressed=move || selected().to_string()
                aria-describedby="outline-keys"
                on:click=move |_| state.selected.set(Some(id))
                on:keydown=shift
            >
                <span class="level">{row.level.label()}</span>
                <span class="goal-title" data-testid="goal-title">{title}</span>
            </button>
            <span class="row-meta">
                {row.department.clone().map(|(name, colour)| {
                    let style = format!("--dept: {colour}");
                    view! { <span class="dept-chip" style=style><span class="swatch" aria-hidden="true"></span>{name}</span> }
                })}
                <span class=format!("status status-{}", row.status.wire_name())>{row.status.wire_name()}</span>
                {row.priority.clone().map(|(rank, round)| view! {
                    <span class="priority-chip" data-testid="priority" title=format!("Agreed priority from round “{round}”")>{format!("priority #{rank} in “{round}”")}</span>
                })}
                {(!row.owner.is_empty()).then(|| view! { <span class="owner">{row.owner.clone()}</span> })}
                {row.orphan.then(|| view! { <span class="flag-chip warn" data-testid="flag-orphan">"⚠ no objective"</span> })}
                {row.unsupported.then(|| view! { <span class="flag-chip warn" data-testid="flag-unsupported">"⚠ no department supports this"</span> })}
                {row.in_cycle.then(|| view! { <span class="flag-chip danger" data-testid="flag-cycle">"↻ dependency loop"</span> })}
                {(row.conflicts > 0).then(|| view! { <span class="flag-chip danger">{format!("⚡ {} conflict(s)", row.conflicts)}</span> })}
                {row.carried.map(|n| view! { <span class="flag-chip coverage-chip" class:uncarried=n == 0 data-testid="coverage-chip">{crate::domain::share::arrival::carried_line(n)}</span> })}
            </span>
        </li>
    }
}
