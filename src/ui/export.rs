//! Export: the agreed goal tree and the reports, as real downloads; and the read-only
//! viewer for someone else's goal tree.

use leptos::prelude::*;

use super::state::{AppState, ExportKind};
use crate::domain::render::goal_tree::{GoalTreeDoc, TreeGoal};

#[component]
pub fn ExportScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    let button = move |label: &'static str, testid: &'static str, kind: ExportKind| {
        view! { <button class="button" data-testid=testid on:click=move |_| state.export_as(kind)>{label}</button> }
    };
    view! {
        <PrintView/>
        <section class="panel no-print" aria-labelledby="export-heading">
            <h2 id="export-heading">"Export"</h2>
            <h3>"The agreed goal tree"</h3>
            <p>
                "What other teams open, diff and keep: the tree from the strategy down with agreed priorities, owners and the decisions that shaped it ("
                <a href="schema/accord-goal-tree-v1.schema.json">"JSON Schema"</a>
                "). Open one in Accord from " <em>"Workshops → Open a file"</em> ", or drop it on the page."
            </p>
            <div class="field-row">
                <button class="button primary" data-testid="export-goal-tree" on:click=move |_| state.export_as(ExportKind::GoalTree)>
                    "Download the agreed goal tree (JSON)"
                </button>
            </div>
            <super::sharing::ShareTree/>
            <h3>"Reports"</h3>
            <div class="field-row">
                {button("Markdown report", "export-markdown", ExportKind::Markdown)}
                <button class="button" data-testid="copy-markdown" on:click=move |_| state.copy_markdown()>"Copy the report"</button>
                {button("Ballots (CSV)", "export-csv", ExportKind::Csv)}
                {button("Picture of the tree (SVG)", "export-svg", ExportKind::Svg)}
                <button class="button" data-testid="print" on:click=move |_| { let _ = window().print(); }>"Print / PDF"</button>
            </div>
            <h3>"The whole workshop"</h3>
            <p>
                "The workshop file holds everything, rounds, ballots and the decision log included, to resume elsewhere ("
                <a href="schema/accord-workshop-v1.schema.json">"JSON Schema"</a> ")."
            </p>
            <button class="button" data-testid="export-workshop" on:click=move |_| state.export_as(ExportKind::Workshop)>
                "Download the workshop file (JSON)"
            </button>
        </section>
    }
}

/// What printing from the Export screen gives: the agreed tree and the decision log on
/// plain paper (shown only in print).
#[component]
fn PrintView() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="print-only" data-testid="print-view">
            {move || state.workshop.with(|w| w.as_ref().map(|w| view! {
                <h1>{w.title.clone()}</h1>
                {crate::ui::tree::render_tree(w)}
                {(!w.decisions().is_empty()).then(|| view! {
                    <h2>"Decision log"</h2>
                    <ol>
                        {w.decisions().iter().map(|d| view! {
                            <li>{d.summary.clone()} " " <strong>{d.resolution.describe(w)}</strong> " Why: " {d.rationale.clone()}</li>
                        }).collect_view()}
                    </ol>
                })}
            }))}
        </section>
    }
}

/// Someone else's agreed tree, read-only.
#[component]
pub fn Viewer() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || state.viewer.get().map(|doc| view! {
            <section class="panel viewer" aria-labelledby="viewer-heading" data-testid="viewer">
                <div class="panel-head">
                    <h2 id="viewer-heading">{format!("Goal tree of “{}” (read-only)", doc.workshop)}</h2>
                    <div class="field-row">
                        <button class="button" data-testid="seed-from-tree" on:click=move |_| state.seed_from_viewer()>"Start a workshop from it"</button>
                        <button class="button subtle" data-testid="close-viewer" on:click=move |_| state.viewer.set(None)>"Close"</button>
                    </div>
                </div>
                <p class="hint">{format!("Exported {}", doc.exported)}</p>
                <div class="strategy"><span class="label">"Strategy"</span> {doc.strategy.clone()}</div>
                <ul class="goal-list" role="list">{doc.tree.iter().map(|g| tree_goal(&doc, g)).collect_view()}</ul>
                {(!doc.unaligned.is_empty()).then(|| view! { <h3>"Not linked to an objective"</h3><ul class="goal-list" role="list">{doc.unaligned.iter().map(|g| tree_goal(&doc, g)).collect_view()}</ul> })}
                {(!doc.deferred.is_empty()).then(|| view! { <h3>"Deferred"</h3><ul role="list">{doc.deferred.iter().map(|g| view! { <li>{g.title.clone()}</li> }).collect_view()}</ul> })}
                {(!doc.rejected.is_empty()).then(|| view! { <h3>"Rejected"</h3><ul role="list">{doc.rejected.iter().map(|g| view! { <li>{g.title.clone()}</li> }).collect_view()}</ul> })}
                {(!doc.decisions.is_empty()).then(|| view! {
                    <h3>"Decisions"</h3>
                    <ol class="decision-log">{doc.decisions.iter().map(|d| view! { <li><p>{d.conflict.clone()}</p><p><strong>{d.decision.clone()}</strong> " Why: " {d.rationale.clone()}</p></li> }).collect_view()}</ol>
                })}
            </section>
        })}
    }
}

fn tree_goal(doc: &GoalTreeDoc, g: &TreeGoal) -> AnyView {
    let department = g.department.as_ref().and_then(|d| doc.departments.iter().find(|x| &x.id == d)).map(|d| d.name.clone());
    view! {
        <li class="goal" data-testid="viewer-goal">
            <div class="goal-card">
                <div class="goal-head">
                    <span class="level">{g.level.replace('_', " ")}</span>
                    <span class="goal-title">{g.title.clone()}</span>
                    {g.priority.as_ref().map(|p| view! { <span class="priority-chip">{if p.round_name.is_empty() { format!("priority #{}", p.rank) } else { format!("priority #{} in “{}”", p.rank, p.round_name) }}</span> })}
                </div>
                <div class="goal-meta">
                    {department.map(|d| view! { <span>{d}</span> })}
                    <span class="status">{g.status.clone()}</span>
                    {(!g.owner.is_empty()).then(|| view! { <span>"Owner: " {g.owner.clone()}</span> })}
                </div>
            </div>
            {(!g.children.is_empty()).then(|| view! { <ul class="goal-list" role="list">{g.children.iter().map(|c| tree_goal(doc, c)).collect_view()}</ul> })}
        </li>
    }
    .into_any()
}
