//! The alignment at a glance: the score, the gaps (orphans, unsupported objectives,
//! dependency loops) and the objectives × departments matrix.

use leptos::prelude::*;

use super::derived::{Derived, GoalTitle};
use super::focus_goal;
use crate::domain::alignment::Alignment;
use crate::domain::model::{GoalId, Level, Workshop};
use crate::ui::state::AppState;
use crate::ui::widgets::{read, DepartmentChip};

#[component]
pub fn Summary(analysis: Memo<Option<Alignment>>) -> impl IntoView {
    view! {
        <section class="panel summary" aria-labelledby="summary-heading" data-testid="alignment-summary">
            <h2 id="summary-heading" class="visually-hidden">"Alignment score"</h2>
            {move || analysis.get().map(|a| view! { <Score a/> })}
        </section>
    }
}

/// The score figures, shared with the presenter window.
#[component]
pub fn Score(a: Alignment) -> impl IntoView {
    view! {
        <dl class="score">
            <div>
                <dt>"Goals that trace to an objective"</dt>
                <dd data-testid="score-traced">{format!("{}%", a.traced.percent())}</dd>
                <dd class="hint">{format!("{} of {}", a.traced.part, a.traced.whole)}</dd>
            </div>
            <div>
                <dt>"Objectives a department supports"</dt>
                <dd data-testid="score-supported">{format!("{}%", a.supported.percent())}</dd>
                <dd class="hint">{format!("{} of {}", a.supported.part, a.supported.whole)}</dd>
            </div>
            <div>
                <dt>"Dependency loops"</dt>
                <dd data-testid="score-cycles">{a.cycles.len()}</dd>
            </div>
        </dl>
    }
}

#[component]
pub fn Gaps(analysis: Memo<Option<Alignment>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Lists follow the analysis; each title follows its own goal (a rename re-renders
    // that title, not the lists).
    let goal_button = move |id: GoalId| {
        view! {
            <button class="link-button" on:click=move |_| { state.selected.set(Some(id)); focus_goal(id); }><GoalTitle id/></button>
        }
    };
    view! {
        <section class="panel gaps" aria-labelledby="gaps-heading" data-testid="gaps">
            <h2 id="gaps-heading">"Gaps"</h2>
            {move || {
                let Some(a) = analysis.get() else { return ().into_any() };
                {
                    if a.orphans.is_empty() && a.unsupported.is_empty() && a.cycles.is_empty() {
                        return view! { <p data-testid="no-gaps">"None: every goal traces to an objective, every objective has support, and no dependencies loop."</p> }.into_any();
                    }
                    view! {
                        {(!a.orphans.is_empty()).then(|| view! {
                            <h3>{format!("Goals that trace to no company objective ({})", a.orphans.len())}</h3>
                            <ul data-testid="gap-orphans">
                                {a.orphans.iter().map(|id| view! { <li>{goal_button(*id)}</li> }).collect_view()}
                            </ul>
                        })}
                        {(!a.unsupported.is_empty()).then(|| view! {
                            <h3>{format!("Objectives no department supports ({})", a.unsupported.len())}</h3>
                            <ul data-testid="gap-unsupported">
                                {a.unsupported.iter().map(|id| view! { <li>{goal_button(*id)}</li> }).collect_view()}
                            </ul>
                        })}
                        {(!a.cycles.is_empty()).then(|| view! {
                            <h3>{format!("Dependency loops ({})", a.cycles.len())}</h3>
                            <ul data-testid="gap-cycles">
                                {a.cycles.iter().map(|cycle| {
                                    let names = cycle.iter().enumerate().map(|(i, id)| view! { {(i > 0).then_some(" → ")}<GoalTitle id=*id/> }).collect_view();
                                    view! { <li>"These goals depend on one another in a loop: "{names}</li> }
                                }).collect_view()}
                            </ul>
                        })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
pub fn Matrix(analysis: Memo<Option<Alignment>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = Derived::get(state);
    // Besides the analysis, the table shows the departments and the objectives' titles,
    // and (from the shape) how far people's own goals carry each cell: re-rendered when
    // one of these changes, not on every edit.
    let labels = Memo::new(move |_| {
        read(state, |w| {
            let titles: Vec<String> = w.goals().iter().filter(|g| g.level == Level::Objective).map(|g| g.title.clone()).collect();
            (w.departments().to_vec(), titles)
        })
    });
    view! {
        <section class="panel matrix" aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">"Alignment matrix"</h2>
            <p class="hint">"Goals each department has under each company objective, and their effort in person-weeks."</p>
            {move || {
                let a = analysis.get()?;
                labels.with(|_| ()); // read (a memo only tracked would never run)
                derived.shape.with(|_| ());
                state.workshop.with_untracked(|w| w.as_ref().map(|w| matrix_table(w, &a)))
            }}
        </section>
    }
}

pub fn matrix_table(w: &Workshop, a: &Alignment) -> AnyView {
    let departments: Vec<_> = a.departments.iter().filter_map(|d| w.department(*d).cloned()).collect();
    let max_effort = a.matrix.iter().flat_map(|r| r.cells.iter().map(|c| c.effort)).max().unwrap_or(0).max(1);
    // Whether people's own goals carry the department goals of each cell: shown once
    // anyone has an individual goal (as the map does).
    let carried = w
        .goals()
        .iter()
        .any(|g| g.level == crate::domain::model::Level::Individual)
        .then(|| crate::domain::share::coverage::carried_by_cell(w, &crate::domain::share::coverage::coverage(w)));
    view! {
        <div class="table-scroll">
            <table class="matrix-table" data-testid="matrix">
                <thead>
                    <tr>
                        <th scope="col">"Objective"</th>
                        {departments.into_iter().map(|d| view! { <th scope="col"><DepartmentChip department=d/></th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {a.matrix.iter().map(|row| {
                        view! {
                            <tr>
                                <th scope="row">{w.title_of(row.objective)}</th>
                                {row.cells.iter().zip(&a.departments).map(|(cell, department)| {
                                    // Shade by effort so heavy cells stand out; the figures are always written.
                                    let shade = format!("--shade: {}%", cell.effort * 60 / max_effort);
                                    let text = if cell.goals == 0 { "—".to_string() } else { format!("{} goal(s) · {} pw", cell.goals, cell.effort) };
                                    let note = carried
                                        .as_ref()
                                        .and_then(|c| c.get(&(row.objective, *department)))
                                        .map(|(k, n)| view! { <span class="matrix-carried" data-testid="matrix-carried">{format!("{k} of {n} carried")}</span> });
                                    view! { <td style=shade class:empty=cell.goals == 0>{text}{note}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
