//! A shared goal tree (`view/#tree=ACT1.…`), read-only: the strategy on top, company
//! objectives, department goals and initiatives beneath with departments, owners, status,
//! priorities with their round, metric and target, and the decisions that shaped them;
//! what is unaligned, deferred or rejected collapsed at the end. Every text goes in as
//! text. The person's own goals hang under the goals they serve (`mine.rs`).

use web_sys::Element;

use super::dom::{attr, button, child, on, text};
use super::mine::{self, Sending, Shared, Spec};
use crate::domain::model::{GoalId, Level, Source};
use crate::domain::render::goal_tree::{all_goals, DepartmentRef, TreeDecision, TreeGoal};
use crate::domain::share::kept::tree_key;
use crate::domain::share::tree_link::SharedTree;
use crate::domain::share::Under;

struct Ctx<'a> {
    departments: &'a [DepartmentRef],
    decisions: &'a [TreeDecision],
    mine: &'a Shared,
}

fn level_name(level: &str) -> &'static str {
    match level {
        "objective" => "Company objective",
        "department_goal" => "Department goal",
        "initiative" => "Initiative",
        _ => "Individual goal",
    }
}

fn status_name(status: &str) -> &'static str {
    match status {
        "agreed" => "Agreed",
        "deferred" => "Deferred",
        "rejected" => "Rejected",
        _ => "Proposed",
    }
}

fn count(goals: &[TreeGoal]) -> usize {
    goals.iter().map(|g| 1 + count(&g.children)).sum()
}

/// A department's colour chip and name.
pub fn chip(parent: &Element, name: &str, colour: &str) {
    let c = attr(&child(parent, "span", "v-chip"), "data-testid", "department");
    // The colour passed the link's checks (`#rrggbb`), so it is safe in a style.
    attr(&child(&c, "span", "v-swatch"), "style", &format!("background:{colour}"));
    super::dom::put(&c, name);
}

/// One goal with everything beneath it. `slots`: whether people may add their own goals
/// under it (goals of the tree and unaligned ones, not deferred or rejected).
fn goal(parent: &Element, g: &TreeGoal, depth: u8, ctx: &Ctx, slots: bool) {
    let a = child(parent, "article", &format!("v-goal v-{}", g.level));
    attr(&a, "data-testid", "tree-goal");
    attr(&a, "data-goal-id", &g.id);
    let kind = child(&a, "p", "v-kind");
    text(&kind, "span", "v-level", level_name(&g.level));
    if let Some(d) = g.department.as_deref().and_then(|d| ctx.departments.iter().find(|x| x.id == d)) {
        chip(&kind, &d.name, &d.colour);
    }
    text(&kind, "span", &format!("v-status v-{}", g.status), status_name(&g.status));
    let title = text(&a, "p", "v-title", &g.title);
    attr(&title, "role", "heading");
    attr(&title, "aria-level", &(depth + 2).to_string());
    attr(&title, "data-testid", "goal-title");
    if !g.description.is_empty() {
        text(&a, "p", "v-desc", &g.description);
    }
    let mut facts: Vec<String> = Vec::new();
    if let Some(p) = &g.priority {
        let round = if p.round_name.is_empty() { &p.round } else { &p.round_name };
        facts.push(format!("#{} in {round}", p.rank));
    }
    if !g.owner.is_empty() {
        facts.push(format!("Owner: {}", g.owner));
    }
    match (g.metric.is_empty(), g.target.is_empty()) {
        (false, false) => facts.push(format!("{} → {}", g.metric, g.target)),
        (false, true) => facts.push(format!("Metric: {}", g.metric)),
        (true, false) => facts.push(format!("Target: {}", g.target)),
        _ => {}
    }
    if let Some(e) = g.effort {
        facts.push(format!("{e} person-weeks"));
    }
    if !facts.is_empty() {
        attr(&text(&a, "p", "v-meta", &facts.join(" · ")), "data-testid", "goal-facts");
    }
    let decided: Vec<&TreeDecision> = g.decisions.iter().filter_map(|i| ctx.decisions.get(*i)).collect();
    if !decided.is_empty() {
        let list = child(&a, "ul", "v-decided");
        for d in decided {
            let li = child(&list, "li", "");
            text(&li, "strong", "", "Decided: ");
            super::dom::put(&li, &d.decision);
            if !d.rationale.is_empty() {
                super::dom::put(&li, &format!(" Why: {}", d.rationale));
            }
        }
    }
    if let (true, Some(l @ (Level::DepartmentGoal | Level::Initiative)), Some(id)) = (slots, Level::from_wire(&g.level), GoalId::parse(&g.id)) {
        let at = child(&a, "div", "");
        let spec = Spec { under: Under::Goal { id, title: g.title.clone() }, under_level: Some(l), level: Level::Individual, label: "+ My goal here", owner: false };
        mine::slot(ctx.mine, spec, &at);
    }
    if !g.children.is_empty() {
        let c = child(&a, "div", "v-children");
        for k in &g.children {
            goal(&c, k, depth + 1, ctx, slots);
        }
    }
}

pub fn page(main: &Element, shared: SharedTree, link: &str) {
    let SharedTree { tag, tree } = shared;
    let s = mine::load(tree_key(tag, link), Sending { source: Source::Personal, workshop: tree.workshop.clone(), tag, department: None });
    s.borrow_mut().writable = Some(
        all_goals(&tree)
            .into_iter()
            .filter(|g| matches!(g.level.as_str(), "department_goal" | "initiative") && !matches!(g.status.as_str(), "deferred" | "rejected"))
            .filter_map(|g| GoalId::parse(&g.id))
            .collect(),
    );
    let head = child(main, "header", "v-head");
    let exported = tree.exported.get(..10).unwrap_or_default();
    text(&head, "p", "v-kicker", &if exported.is_empty() { "Agreed goal tree".into() } else { format!("Agreed goal tree · {exported}") });
    attr(&text(&head, "h1", "", &tree.workshop), "data-testid", "workshop-title");
    let row = child(&head, "div", "v-row no-print");
    let open = text(&row, "a", "v-button", "Open in Accord");
    attr(&open, "href", &format!("../#tree={link}"));
    attr(&open, "data-testid", "open-in-accord");
    button(&row, "v-button", "Print", "print", || {
        let _ = web_sys::window().map(|w| w.print());
    });
    if !tree.strategy.is_empty() {
        let st = attr(&child(main, "section", "v-strategy"), "aria-label", "Strategy");
        text(&st, "p", "v-kicker", "Strategy");
        attr(&text(&st, "p", "v-strategy-text", &tree.strategy), "data-testid", "strategy");
    }
    let panel = attr(&child(main, "section", "v-personal no-print"), "aria-label", "My goals");
    mine::panel(&s, &panel);
    let ctx = Ctx { departments: &tree.departments, decisions: &tree.decisions, mine: &s };
    let body = attr(&child(main, "section", "v-tree"), "aria-label", &format!("{} goals under the company objectives", count(&tree.tree)));
    for g in &tree.tree {
        goal(&body, g, 0, &ctx, true);
    }
    if !tree.decisions.is_empty() {
        let log = attr(&child(main, "section", "v-log"), "aria-label", "Decisions");
        text(&log, "p", "v-section-title", "Decisions");
        let ol = child(&log, "ol", "");
        for d in &tree.decisions {
            let li = child(&ol, "li", "");
            text(&child(&li, "p", ""), "strong", "", &d.decision);
            text(&li, "p", "v-meta", &d.conflict);
            if !d.rationale.is_empty() {
                text(&li, "p", "", &format!("Why: {}", d.rationale));
            }
        }
    }
    let mut apart = Vec::new();
    for (title, testid, goals, slots) in
        [("Not under an objective", "unaligned", &tree.unaligned, true), ("Deferred", "deferred", &tree.deferred, false), ("Rejected", "rejected", &tree.rejected, false)]
    {
        if goals.is_empty() {
            continue;
        }
        let d = attr(&child(main, "details", "v-apart"), "data-testid", testid);
        text(&d, "summary", "", &format!("{title} ({})", count(goals)));
        for g in goals.iter() {
            goal(&d, g, 0, &ctx, slots);
        }
        apart.push(d);
    }
    // Printing opens the collapsed lists, so the paper has everything.
    on(&web_sys::window().expect("a window").into(), "beforeprint", move |_| {
        for d in &apart {
            attr(d, "open", "");
        }
    });
    mine::render(&s);
}
