//! Align: the goal tree as an editable outline (keyboard and drag-and-drop), the goal
//! editor, the alignment score, gaps and matrix, and the presenter window.

pub mod alignment_map;
mod editor;
pub mod map;
mod rows;
mod toolbar;

use std::collections::HashSet;

use leptos::prelude::*;

use super::state::AppState;
use crate::domain::alignment::analyse;
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
    let analysis = Memo::new(move |_| state.workshop.with(|w| w.as_ref().map(analyse)));

    view! {
        <div class="align">
            <map::Summary analysis/>
            <div class="align-body">
                <div class="align-main">
                    <rows::Outline analysis/>
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

/// Moves keyboard focus to a goal's row (after a move re-renders it).
pub fn focus_goal(id: GoalId) {
    request_animation_frame(move || {
        if let Ok(Some(element)) = document().query_selector(&format!("[data-goal-button=\"{id}\"]")) {
            if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
                let _ = element.focus();
            }
        }
    });
}
