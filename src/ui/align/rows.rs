//! The outline: one row per visible goal, fine-grained and, when long, virtualised.
//!
//! - The list is keyed by each row's place in the tree (`OutlineRow`: goal, depth,
//!   expanded…), computed from the workshop's shape (or with a filter, the workshop), so a
//!   text edit leaves the list alone. What a row shows comes from that goal's own memos
//!   (its title; its level, department, status, priority and flags), so an edit re-renders
//!   the rows it touches and no other.
//! - Above `VIRTUAL_ABOVE` rows the outline is a scrolling frame of fixed-height rows
//!   (`ROW_HEIGHT`, one line each) in which only the rows in view and `OVERSCAN` on each
//!   side are in the DOM (`domain::outline::visible_window`), between padding that keeps
//!   the scrollbar true: "Expand all" costs what the frame shows. Rows carry
//!   `aria-setsize`/`aria-posinset`, so the whole list's size is known to assistive tech.
//! - A goal selected or focused from anywhere (`focus_goal`, the map, the gaps) is
//!   revealed: collapsed goals above it open and the frame scrolls to it.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use super::derived::{title_memo, Derived};
use super::OutlineState;
use crate::domain::model::{Colour, Edit, GoalId, Level, LinkKind, Status, Workshop};
use crate::domain::outline::{collapsed_ancestors, outline, scroll_to_show, visible_window, OutlineRow};
use crate::ui::state::AppState;

/// Above this many visible rows only the rows in view are rendered. Every rendered row
/// costs a little on every edit (its memos are checked), so this bounds an edit's cost;
/// the demo's 25 goals are all rendered, as a page.
pub const VIRTUAL_ABOVE: usize = 100;
/// A row's height in the virtualised outline, in CSS pixels: `.outline-frame.virtual
/// .outline-row` in `style/main.css` has the same.
pub const ROW_HEIGHT: f64 = 40.0;
/// Rows rendered beyond each edge of the frame, so a short scroll shows rows at once.
const OVERSCAN: usize = 10;
/// The frame's height until it is measured.
const VIEWPORT_GUESS: f64 = 640.0;

/// What a row shows besides its title, from its goal and the analyses.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RowMeta {
    level: Level,
    department: Option<(String, Colour)>,
    owner: String,
    status: Status,
    /// Agreed priority: rank and the round's name.
    priority: Option<(u32, String)>,
    conflicts: usize,
    orphan: bool,
    unsupported: bool,
    in_cycle: bool,
    /// A department goal's personal goals beneath it (`share::coverage`).
    carried: Option<usize>,
}

/// The analyses' verdicts by goal, rebuilt only when an analysis changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Flags {
    orphans: HashSet<GoalId>,
    unsupported: HashSet<GoalId>,
    in_cycle: HashSet<GoalId>,
    carried: HashMap<GoalId, usize>,
    /// `conflicts_with` links per goal (links are part of the shape).
    conflicts: HashMap<GoalId, usize>,
}

impl RowMeta {
    fn of(w: &Workshop, id: GoalId, flags: &Flags) -> Option<RowMeta> {
        let g = w.goal(id)?;
        Some(RowMeta {
            level: g.level,
            department: g.department.and_then(|d| w.department(d)).map(|d| (d.name.clone(), d.colour)),
            owner: g.owner.clone(),
            status: g.status,
            priority: crate::domain::disclosure::priority(w, id).map(|p| (p.rank, w.round(p.round).map(|r| r.name.clone()).unwrap_or_default())),
            conflicts: flags.conflicts.get(&id).copied().unwrap_or(0),
            orphan: flags.orphans.contains(&id),
            unsupported: flags.unsupported.contains(&id),
            in_cycle: flags.in_cycle.contains(&id),
            carried: flags.carried.get(&id).copied(),
        })
    }
}

/// A request to show a goal's row: `(goal, and focus it)`.
type Reveal = RwSignal<Option<(GoalId, bool)>>;

thread_local! {
    /// The mounted outline's reveal request, for `focus_goal` (called from event handlers,
    /// where no context is at hand).
    static REVEAL: Cell<Option<Reveal>> = const { Cell::new(None) };
}

/// Asks the mounted outline to show `id`'s row and focus it; `false` if none is mounted.
pub fn request_focus(id: GoalId) -> bool {
    match REVEAL.with(Cell::get) {
        Some(reveal) if !reveal.is_disposed() => {
            reveal.set(Some((id, true)));
            true
        }
        _ => false,
    }
}

/// Focuses a goal's row once the next frame has rendered it.
pub fn focus_row_soon(id: GoalId) {
    request_animation_frame(move || {
        if let Ok(Some(element)) = document().query_selector(&format!("[data-goal-button=\"{id}\"]")) {
            if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
                let _ = element.focus();
            }
        }
    });
}

/// A derived value in a signal that notifies only when the value changes. A memo would do
/// the same for its own readers, but an edit marks every memo downstream of the workshop
/// for checking, through every path, on each edit; this stops that marking at one effect,
/// which re-derives and writes only a changed value. (With rows reading these, that
/// marking, not the work, was most of an edit's cost.)
fn settled<T: PartialEq + Send + Sync + 'static>(derive: impl Fn() -> T + 'static) -> ReadSignal<T> {
    let value = RwSignal::new(untrack(&derive));
    Effect::new(move |_| {
        let next = derive();
        if value.with_untracked(|v| *v != next) {
            value.set(next);
        }
    });
    value.read_only()
}

#[component]
pub fn Outline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let outline_state = expect_context::<OutlineState>();
    let derived = expect_context::<Derived>();
    // The rows' places. Without a filter the outline reads only the shape, so it is not
    // recomputed on a text edit (property-tested in `domain::outline`).
    let structure = settled(move || {
        outline_state.collapsed.with(|collapsed| {
            outline_state.filter.with(|filter| {
                if filter.is_active() {
                    state.workshop.with(|w| w.as_ref().map(|w| outline(w, collapsed, filter)).unwrap_or_default())
                } else {
                    derived.shape.with(|_| ()); // read (a memo only tracked would never run)
                    state.workshop.with_untracked(|w| w.as_ref().map(|w| outline(w, collapsed, filter)).unwrap_or_default())
                }
            })
        })
    });
    let flags = settled(move || {
        let mut flags = Flags::default();
        derived.analysis.with(|a| {
            if let Some(a) = a {
                flags.in_cycle = a.cycles.iter().flatten().copied().collect();
                flags.orphans = a.orphans.iter().copied().collect();
                flags.unsupported = a.unsupported.iter().copied().collect();
            }
        });
        derived.coverage.with(|c| {
            if let Some(c) = c {
                flags.carried = c.department_goals.iter().copied().collect();
            }
        });
        derived.shape.with(|_| ());
        state.workshop.with_untracked(|w| {
            for (a, kind, b) in w.as_ref().map(Workshop::links).unwrap_or_default() {
                if kind == LinkKind::ConflictsWith {
                    for end in [a, b] {
                        let n = flags.conflicts.entry(end).or_default();
                        *n = n.saturating_add(1);
                    }
                }
            }
        });
        flags
    });
    let total = Memo::new(move |_| structure.with(Vec::len));
    let virtual_mode = Memo::new(move |_| total.get() > VIRTUAL_ABOVE);
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(VIEWPORT_GUESS);
    let window = Memo::new(move |_| {
        let total = total.get();
        if virtual_mode.get() {
            visible_window(scroll_top.get(), viewport.get(), ROW_HEIGHT, total, OVERSCAN)
        } else {
            0..total
        }
    });
    let start = Memo::new(move |_| window.with(|w| w.start));
    let frame = NodeRef::<leptos::html::Div>::new();

    // The frame's height: once mounted, whenever it turns virtual, and on resizes.
    let measure = move || {
        if let Some(el) = frame.get_untracked() {
            let height = f64::from(el.client_height());
            if height > 0.0 && height != viewport.get_untracked() {
                viewport.set(height);
            }
            let top = f64::from(el.scroll_top());
            if top != scroll_top.get_untracked() {
                scroll_top.set(top);
            }
        }
    };
    Effect::new(move |_| {
        frame.track();
        virtual_mode.with(|_| ());
        measure();
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Showing a goal asked for by `focus_goal` or selected anywhere.
    let reveal: Reveal = RwSignal::new(None);
    REVEAL.with(|r| r.set(Some(reveal)));
    on_cleanup(move || {
        REVEAL.with(|r| {
            if r.get() == Some(reveal) {
                r.set(None);
            }
        })
    });
    // The selected goal stays in sight when it changes and when the search or filters do
    // (a goal found, selected, and the search cleared: the frame shows it among all rows).
    Effect::new(move |_| {
        outline_state.filter.track();
        if let Some(id) = state.selected.get() {
            // A focus asked for the same goal, not yet done, stays asked for.
            reveal.update(|r| *r = Some((id, matches!(*r, Some((old, true)) if old == id))));
        }
    });
    Effect::new(move |_| {
        let Some((id, focus)) = reveal.get() else { return };
        reveal.update_untracked(|r| *r = None);
        let hidden = state.workshop.with_untracked(|w| {
            w.as_ref().map(|w| outline_state.collapsed.with_untracked(|c| collapsed_ancestors(w, c, id))).unwrap_or_default()
        });
        if !hidden.is_empty() {
            outline_state.collapsed.update(|c| {
                for id in hidden {
                    c.remove(&id);
                }
            });
        }
        if virtual_mode.get_untracked() {
            // Computed here: `structure` follows the collapsed goals just opened only once
            // its effect has run.
            let index = state.workshop.with_untracked(|w| {
                let w = w.as_ref()?;
                outline_state.collapsed.with_untracked(|c| outline_state.filter.with_untracked(|f| outline(w, c, f)))
                    .iter()
                    .position(|r| r.id == id)
            });
            if let (Some(index), Some(el)) = (index, frame.get_untracked()) {
                if let Some(top) = scroll_to_show(index, f64::from(el.scroll_top()), viewport.get_untracked(), ROW_HEIGHT) {
                    // The rows (and the list's height) follow the signal at once; the frame
                    // is scrolled once they are in, or it could not scroll that far yet.
                    let top = top.ceil();
                    scroll_top.set(top);
                    request_animation_frame(move || el.set_scroll_top(top as i32));
                }
            }
        }
        if focus {
            focus_row_soon(id);
        }
    });

    let shown = move || {
        structure.with(|rows| window.with(|range| rows.get(range.clone()).map(<[OutlineRow]>::to_vec).unwrap_or_default()))
    };
    let padding = move || {
        if !virtual_mode.get() {
            return String::new();
        }
        let range = window.get();
        let after = total.get().saturating_sub(range.end);
        format!("padding-top: {}px; padding-bottom: {}px", range.start as f64 * ROW_HEIGHT, after as f64 * ROW_HEIGHT)
    };
    let empty = move || total.get() == 0;
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
            <div
                class="outline-frame"
                class:virtual=virtual_mode
                node_ref=frame
                data-testid="outline-frame"
                on:scroll=move |_| measure()
            >
                <ul class="outline-rows" role="list" data-testid="outline" style=padding>
                    <ForEnumerate each=shown key=|row| row.clone() let(index, row)>
                        <RowView row index start total flags/>
                    </ForEnumerate>
                </ul>
            </div>
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
fn RowView(row: OutlineRow, index: ReadSignal<usize>, start: Memo<usize>, total: Memo<usize>, flags: ReadSignal<Flags>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let outline_state = expect_context::<OutlineState>();
    let id = row.id;
    // This goal's own memos: they change only when this goal (or its flags) does.
    let title = title_memo(state, id);
    let meta = Memo::new(move |_| flags.with(|f| state.workshop.with(|w| w.as_ref().and_then(|w| RowMeta::of(w, id, f)))));
    let level = move || meta.with(|m| m.as_ref().map(|m| m.level));
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
        super::focus_goal(id);
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
    let (has_children, expanded) = (row.has_children, row.expanded);
    view! {
        <li
            class="outline-row"
            class:level-objective=move || level() == Some(Level::Objective)
            class:level-department_goal=move || level() == Some(Level::DepartmentGoal)
            class:level-initiative=move || level() == Some(Level::Initiative)
            class:level-individual=move || level() == Some(Level::Individual)
            class:selected=selected
            class:matched=row.matched
            style=indent
            data-testid="outline-row"
            data-goal-id=id.to_string()
            aria-setsize=move || total.get().to_string()
            aria-posinset=move || (start.get() + index.get() + 1).to_string()
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
            {if has_children {
                view! {
                    <button
                        class="toggle"
                        aria-expanded=expanded.to_string()
                        aria-label=move || format!("{} “{}”", if expanded { "Collapse" } else { "Expand" }, title.get())
                        data-testid="toggle"
                        on:click=toggle
                    >
                        {if expanded { "▾" } else { "▸" }}
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
                <span class="level">{move || level().map(Level::label)}</span>
                <span class="goal-title" data-testid="goal-title" title=move || title.get()>{move || title.get()}</span>
            </button>
            <span class="row-meta">{move || meta.get().map(meta_chips)}</span>
        </li>
    }
}

fn meta_chips(m: RowMeta) -> impl IntoView {
    view! {
        {m.department.map(|(name, colour)| {
            let style = format!("--dept: {colour}");
            view! { <span class="dept-chip" style=style><span class="swatch" aria-hidden="true"></span>{name}</span> }
        })}
        <span class=format!("status status-{}", m.status.wire_name())>{m.status.wire_name()}</span>
        {m.priority.map(|(rank, round)| view! {
            <span class="priority-chip" data-testid="priority" title=format!("Agreed priority from round “{round}”")>{format!("priority #{rank} in “{round}”")}</span>
        })}
        {(!m.owner.is_empty()).then(|| view! { <span class="owner">{m.owner}</span> })}
        {m.orphan.then(|| view! { <span class="flag-chip warn" data-testid="flag-orphan">"⚠ no objective"</span> })}
        {m.unsupported.then(|| view! { <span class="flag-chip warn" data-testid="flag-unsupported">"⚠ no department supports this"</span> })}
        {m.in_cycle.then(|| view! { <span class="flag-chip danger" data-testid="flag-cycle">"↻ dependency loop"</span> })}
        {(m.conflicts > 0).then(|| view! { <span class="flag-chip danger">{format!("⚡ {} conflict(s)", m.conflicts)}</span> })}
        {m.carried.map(|n| view! { <span class="flag-chip coverage-chip" class:uncarried=n == 0 data-testid="coverage-chip">{crate::domain::share::arrival::carried_line(n)}</span> })}
    }
}
