//! What the Align screen derives from the workshop, each recomputed only when what it
//! reads has changed, so an edit costs what it changes (issue #17).
//!
//! The one workshop signal notifies on every edit. Reading it directly, a panel re-runs on
//! a title edit whether or not it shows that title; so the analyses read the workshop's
//! `Shape` (everything but free text, `domain::outline::Shape`) instead: the shape is
//! extracted once per edit, and the alignment analysis and coverage are recomputed only
//! when it differs. That they depend on nothing outside the shape is a property test in
//! `domain::outline`. Lists then render ids from these memos and each title through its
//! own memo (`GoalTitle`), so renaming a goal touches the places that show that goal.
//! Nothing here is stored in the workshop.

use leptos::prelude::*;

use crate::domain::alignment::{analyse, Alignment};
use crate::domain::model::GoalId;
use crate::domain::outline::Shape;
use crate::domain::share::coverage::{coverage, Coverage};
use crate::ui::state::AppState;

#[derive(Clone, Copy)]
pub struct Derived {
    pub shape: Memo<Option<Shape>>,
    pub analysis: Memo<Option<Alignment>>,
    pub coverage: Memo<Option<Coverage>>,
}

impl Derived {
    pub fn new(state: AppState) -> Self {
        let shape = Memo::new(move |_| state.workshop.with(|w| w.as_ref().map(Shape::of)));
        // Depend on the shape only: the workshop is read untracked, as the shape holds all
        // that these read (the property test `an_unchanged_shape_means_...`). The shape is
        // read, not just tracked: a memo that is never read never runs, so never hears of
        // changes.
        let analysis = Memo::new(move |_| {
            shape.with(|_| ());
            state.workshop.with_untracked(|w| w.as_ref().map(analyse))
        });
        let coverage = Memo::new(move |_| {
            shape.with(|_| ());
            state.workshop.with_untracked(|w| w.as_ref().map(coverage))
        });
        Derived { shape, analysis, coverage }
    }

    /// The Align screen's (provided by `AlignScreen`), or new ones for a panel shown
    /// elsewhere.
    pub fn get(state: AppState) -> Self {
        use_context::<Derived>().unwrap_or_else(|| Derived::new(state))
    }
}

/// A goal's title, changing only when that goal's title changes.
pub fn title_memo(state: AppState, id: GoalId) -> Memo<String> {
    Memo::new(move |_| state.workshop.with(|w| w.as_ref().map(|w| w.title_of(id)).unwrap_or_default()))
}

/// A goal's title as text that follows renames of that goal only.
#[component]
pub fn GoalTitle(id: GoalId) -> impl IntoView {
    let title = title_memo(expect_context::<AppState>(), id);
    move || title.get()
}
