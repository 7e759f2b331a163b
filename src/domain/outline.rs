//! The goal tree as rows to show: which goals are visible given collapsed subtrees and
//! the map's filters, at what depth, in sibling order. Objectives come first, then the
//! top-level goals that trace to no objective.

use std::collections::{HashMap, HashSet};

use crate::domain::model::{DepartmentId, GoalId, Level, Status, Workshop};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Case-insensitive text to find in titles, descriptions and owners.
    pub text: String,
    pub department: Option<DepartmentId>,
    pub status: Option<Status>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.department.is_some() || self.status.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutlineRow {
    pub id: GoalId,
    pub depth: usize,
    pub has_children: bool,
    /// Shown expanded (always, while a filter is active).
    pub expanded: bool,
    /// Matches the active filter (false when no filter is active).
    pub matched: bool,
}

/// Children of every goal (and of the top, `None`), in sibling order, in one pass.
pub fn children_map(w: &Workshop) -> HashMap<Option<GoalId>, Vec<GoalId>> {
    let mut map: HashMap<Option<GoalId>, Vec<GoalId>> = HashMap::new();
    for goal in w.goals() {
        map.entry(w.parent(goal.id)).or_default().push(goal.id);
    }
    map
}

pub fn outline(w: &Workshop, collapsed: &HashSet<GoalId>, filter: &Filter) -> Vec<OutlineRow> {
    let children = children_map(w);
    let active = filter.is_active();
    let needle = filter.text.trim().to_lowercase();
    let matched: HashSet<GoalId> = if active {
        w.goals()
            .iter()
            .filter(|g| {
                (needle.is_empty()
                    || g.title.to_lowercase().contains(&needle)
                    || g.description.to_lowercase().contains(&needle)
                    || g.owner.to_lowercase().contains(&needle))
                    && filter.department.is_none_or(|d| g.department == Some(d))
                    && filter.status.is_none_or(|s| g.status == s)
            })
            .map(|g| g.id)
            .collect()
    } else {
        HashSet::new()
    };
    // With a filter, a goal is shown if it matches or leads to a match.
    let mut shown: HashSet<GoalId> = HashSet::new();
    if active {
        for id in &matched {
            let mut current = Some(*id);
            while let Some(g) = current {
                if !shown.insert(g) {
                    break;
                }
                current = w.parent(g);
            }
        }
    }

    let level_of: HashMap<GoalId, Level> = w.goals().iter().map(|g| (g.id, g.level)).collect();
    let mut roots: Vec<GoalId> = children.get(&None).cloned().unwrap_or_default();
    roots.sort_by_key(|id| level_of.get(id) != Some(&Level::Objective)); // stable: objectives first

    let mut rows = Vec::new();
    let mut stack: Vec<(GoalId, usize)> = roots.into_iter().rev().map(|id| (id, 0)).collect();
    while let Some((id, depth)) = stack.pop() {
        if active && !shown.contains(&id) {
            continue;
        }
        let kids = children.get(&Some(id)).map(Vec::as_slice).unwrap_or(&[]);
        let expanded = active || !collapsed.contains(&id);
        rows.push(OutlineRow { id, depth, has_children: !kids.is_empty(), expanded, matched: matched.contains(&id) });
        if expanded {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    rows
}

/// Every goal with children: what "collapse all" collapses.
pub fn all_parents(w: &Workshop) -> HashSet<GoalId> {
    w.goals().iter().filter_map(|g| w.parent(g.id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::demo_workshop;

    fn titles(w: &Workshop, rows: &[OutlineRow]) -> Vec<String> {
        rows.iter().map(|r| format!("{}{}", "  ".repeat(r.depth), w.goal(r.id).unwrap().title)).collect()
    }

    #[test]
    fn collapsed_subtrees_hide_their_goals() {
        let demo = demo_workshop().unwrap();
        let all = outline(&demo, &HashSet::new(), &Filter::default());
        assert_eq!(all.len(), 25);
        assert_eq!(all.last().map(|r| r.depth), Some(0), "the orphan comes last, at the top level");
        let rows = outline(&demo, &all_parents(&demo), &Filter::default());
        assert_eq!(titles(&demo, &rows).len(), 5, "four objectives and the orphan");
    }

    #[test]
    fn a_filter_shows_matches_with_the_goals_that_lead_to_them() {
        let demo = demo_workshop().unwrap();
        let filter = Filter { text: "lighthouse".into(), ..Filter::default() };
        let rows = outline(&demo, &all_parents(&demo), &filter);
        assert_eq!(
            titles(&demo, &rows),
            [
                "Grow recurring revenue to €60M",
                "  Open the DACH market with launch pricing",
                "    Hire two DACH account executives",
                "      Close the first five DACH lighthouse customers"
            ]
        );
        assert_eq!(rows.iter().filter(|r| r.matched).count(), 1);
    }
}
