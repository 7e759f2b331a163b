//! The goal tree, read-only: strategy, objectives and everything beneath them, then the
//! goals that trace to no objective, flagged.

use leptos::prelude::*;

use super::widgets::DepartmentChip;
use crate::domain::model::{GoalId, Level, Workshop};

pub fn render_tree(w: &Workshop) -> AnyView {
    let roots = w.children(None);
    let (objectives, loose): (Vec<GoalId>, Vec<GoalId>) =
        roots.into_iter().partition(|id| w.goal(*id).is_some_and(|g| g.level == Level::Objective));
    let strategy = if w.strategy.trim().is_empty() { "No strategy statement yet.".to_string() } else { w.strategy.clone() };
    let orphan_count = loose.len();
    view! {
        <div class="strategy" data-testid="strategy"><span class="label">"Strategy"</span> {strategy}</div>
        {if w.goals().is_empty() {
            view! { <p>"No goals yet."</p> }.into_any()
        } else {
            view! {
                <ul class="goal-list" role="list">
                    {objectives.into_iter().map(|id| goal_node(w, id)).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {(orphan_count > 0).then(|| view! {
            <div class="orphans" data-testid="orphans">
                <h3>
                    <span class="flag" aria-hidden="true">"⚠"</span>
                    {format!(" Not linked to any company objective ({orphan_count})")}
                </h3>
                <p class="hint">"Every goal should trace up to an objective. Give these a parent, or drop them."</p>
                <ul class="goal-list" role="list">
                    {loose.into_iter().map(|id| goal_node(w, id)).collect_view()}
                </ul>
            </div>
        })}
    }
    .into_any()
}

fn goal_node(w: &Workshop, id: GoalId) -> AnyView {
    let Some(goal) = w.goal(id) else { return ().into_any() };
    let department = goal.department.and_then(|d| w.department(d)).cloned();
    let children = w.children(Some(id));
    let depends: Vec<String> = w.depends_on(id).into_iter().map(|g| w.title_of(g)).collect();
    let conflicts: Vec<String> = w.conflicts_with(id).into_iter().map(|g| w.title_of(g)).collect();
    view! {
        <li data-testid="goal" data-goal-id=id.to_string() class=format!("goal level-{}", goal.level.wire_name())>
            <div class="goal-card">
                <div class="goal-head">
                    <span class="level">{goal.level.label()}</span>
                    <span class="goal-title" data-testid="goal-title">{goal.title.clone()}</span>
                </div>
                <div class="goal-meta">
                    {department.map(|d| view! { <DepartmentChip department=d/> })}
                    <span class=format!("status status-{}", goal.status.wire_name())>{goal.status.wire_name()}</span>
                    {crate::domain::disclosure::priority(w, id).map(|p| view! { <span class="priority-chip" data-testid="priority">{format!("priority {}", crate::domain::disclosure::priority_label(w, p))}</span> })}
                    {(!goal.owner.is_empty()).then(|| view! { <span class="owner">"Owner: " {goal.owner.clone()}</span> })}
                    {goal.effort.map(|e| view! { <span class="effort">{format!("{e} person-weeks")}</span> })}
                </div>
                {(!goal.description.is_empty()).then(|| view! { <p class="description">{goal.description.clone()}</p> })}
                {(!depends.is_empty()).then(|| view! { <p class="links">"Depends on: " {depends.join(" · ")}</p> })}
                {(!conflicts.is_empty()).then(|| view! { <p class="links conflict">"Conflicts with: " {conflicts.join(" · ")}</p> })}
            </div>
            {(!children.is_empty()).then(|| view! {
                <ul class="goal-list" role="list">
                    {children.into_iter().map(|c| goal_node(w, c)).collect_view()}
                </ul>
            })}
        </li>
    }
    .into_any()
}
