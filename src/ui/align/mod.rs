//! Align: the goal tree as an editable outline (keyboard and drag-and-drop), the goal
//! editor, the alignment score, gaps and matrix, and the presenter window.

pub mod alignment_map;
pub mod derived;
mod editor;
pub mod map;
pub mod perf;
mod rows;
mod toolbar;

use std::collections::HashSet;

use leptos::prelude::*;

use super::state::AppState;
use crate::domain::model::GoalId;
use crate::domain::outline::{all_parents, Filter};

/// Above this many goals the outline opens with every subtree collapsed, so a large
/// workshop opens at once and subtrees render when expanded.
const COLLAPSE_ABOVE: usize = 300;

/// The outline's view state: memory only (not saved, not undoable).
#[derive(Clone, Copy)]
pub struct OutlineState {
    pub collapsed: RwSignal<HashSet<GoalId>>,
    pub filter: RwSignal<Filter>,
    pub dragging: RwSignal<Option<GoalId>>,
}

#[component]
pub fn AlignScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let large = state.workshop.with_untracked(|w| w.as_ref().is_some_and(|w| w.goals().len() > COLLAPSE_ABOVE));
    let collapsed = if large {
        state.workshop.with_untracked(|w| w.as_ref().map(all_parents).unwrap_or_default())
    } else {
        HashSet::new()
    };
    let outline = OutlineState {
        collapsed: RwSignal::new(collapsed),
        filter: RwSignal::new(Filter::default()),
        dragging: RwSignal::new(None),
    };
    provide_context(outline);
    let derived = derived::Derived::new(state);
    provide_context(derived);
    let analysis = derived.analysis;

    view! {
        <div class="align">
            <map::Summary analysis/>
            <div class="align-body">
                <div class="align-main">
                    <rows::Outline/>
                </div>
                <aside class="align-side" aria-label="Goal tools">
                    <editor::GoalEditorPanel/>
                    <toolbar::AddGoal/>
                    <toolbar::Presenter/>
                </aside>
            </div>
            <map::Gaps analysis/>
            <alignment_map::MapAndMatrix analysis/>
            <crate::ui::sharing::Duplicates/>
            <crate::ui::sharing::Coverage/>
            <crate::ui::sharing::ImportGoals/>
        </div>
    }
}

/// Moves keyboard focus to a goal's row (after a move re-renders it): the outline opens
/// the goals above it and scrolls its frame to it first, as the row may not be rendered.
pub fn focus_goal(id: GoalId) {
    if !rows::request_focus(id) {
        rows::focus_row_soon(id);
    }
}
