//! What changed between two agreed goal trees: goals added, removed, moved, re-prioritised
//! and re-owned (and status changes), matched by goal ID.

use std::collections::BTreeMap;

use serde::Serialize;

use super::goal_tree::{all_goals, GoalTreeDoc, TreeGoal};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added { goal: String, title: String, parent: Option<String> },
    Removed { goal: String, title: String },
    Moved { goal: String, title: String, from: Option<String>, to: Option<String> },
    /// `from_round`/`to_round`: the name of the round each priority comes from (a rank of
    /// one round is not a rank of another, so the same rank from another round is a change).
    Reprioritised { goal: String, title: String, from: Option<u32>, to: Option<u32>, from_round: Option<String>, to_round: Option<String> },
    Reowned { goal: String, title: String, from: String, to: String },
    Restatused { goal: String, title: String, from: String, to: String },
}

fn parents(doc: &GoalTreeDoc) -> BTreeMap<String, Option<String>> {
    fn walk(g: &TreeGoal, parent: Option<&str>, out: &mut BTreeMap<String, Option<String>>) {
        out.insert(g.id.clone(), parent.map(str::to_string));
        for c in &g.children {
            walk(c, Some(&g.id), out);
        }
    }
    let mut out = BTreeMap::new();
    for g in doc.tree.iter().chain(&doc.unaligned).chain(&doc.deferred).chain(&doc.rejected) {
        walk(g, None, &mut out);
    }
    out
}

pub fn diff(old: &GoalTreeDoc, new: &GoalTreeDoc) -> Vec<Change> {
    let before: BTreeMap<&str, &TreeGoal> = all_goals(old).into_iter().map(|g| (g.id.as_str(), g)).collect();
    let after: BTreeMap<&str, &TreeGoal> = all_goals(new).into_iter().map(|g| (g.id.as_str(), g)).collect();
    let (old_parent, new_parent) = (parents(old), parents(new));
    let mut changes = Vec::new();
    for (id, g) in &after {
        let Some(was) = before.get(id) else {
            changes.push(Change::Added { goal: id.to_string(), title: g.title.clone(), parent: new_parent[*id].clone() });
            continue;
        };
        let (title, goal) = (g.title.clone(), id.to_string());
        // Deferred and rejected goals are listed apart; their place is their status.
        let placed = |s: &str| !matches!(s, "deferred" | "rejected");
        if placed(&was.status) && placed(&g.status) && old_parent[*id] != new_parent[*id] {
            changes.push(Change::Moved { goal: goal.clone(), title: title.clone(), from: old_parent[*id].clone(), to: new_parent[*id].clone() });
        }
        let (from, to) = (was.priority.as_ref().map(|p| p.rank), g.priority.as_ref().map(|p| p.rank));
        let (from_round, to_round) = (was.priority.as_ref().map(|p| p.round_name.clone()), g.priority.as_ref().map(|p| p.round_name.clone()));
        let (from_id, to_id) = (was.priority.as_ref().map(|p| &p.round), g.priority.as_ref().map(|p| &p.round));
        if from != to || from_id != to_id || from_round != to_round {
            changes.push(Change::Reprioritised { goal: goal.clone(), title: title.clone(), from, to, from_round, to_round });
        }
        if was.owner != g.owner {
            changes.push(Change::Reowned { goal: goal.clone(), title: title.clone(), from: was.owner.clone(), to: g.owner.clone() });
        }
        if was.status != g.status {
            changes.push(Change::Restatused { goal, title, from: was.status.clone(), to: g.status.clone() });
        }
    }
    for (id, g) in &before {
        if !after.contains_key(id) {
            changes.push(Change::Removed { goal: id.to_string(), title: g.title.clone() });
        }
    }
    changes
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = |p: &Option<String>| p.clone().unwrap_or_else(|| "the top".into());
        let rank = |r: &Option<u32>, round: &Option<String>| match (r, round) {
            (Some(r), Some(name)) if !name.is_empty() => format!("#{r} in “{name}”"),
            (Some(r), _) => format!("#{r}"),
            (None, _) => "none".into(),
        };
        match self {
            Change::Added { goal, title, parent } => write!(f, "+ {goal} “{title}” added under {}", place(parent)),
            Change::Removed { goal, title } => write!(f, "- {goal} “{title}” removed"),
            Change::Moved { goal, title, from, to } => write!(f, "~ {goal} “{title}” moved from {} to {}", place(from), place(to)),
            Change::Reprioritised { goal, title, from, to, from_round, to_round } => {
                write!(f, "~ {goal} “{title}” priority {} → {}", rank(from, from_round), rank(to, to_round))
            }
            Change::Reowned { goal, title, from, to } => write!(f, "~ {goal} “{title}” owner “{from}” → “{to}”"),
            Change::Restatused { goal, title, from, to } => write!(f, "~ {goal} “{title}” status {from} → {to}"),
        }
    }
}
