//! Whether people's day-to-day work carries the agreed goals: for each department goal,
//! how many individual goals sit beneath it (at any depth, not through a deferred or
//! rejected goal), and which individual goals hang under nothing agreed: no company
//! objective above them, or a deferred or rejected goal on the way up. The alignment map
//! and the Align panels both read it from here.

use crate::domain::model::{GoalId, Level, Status, Workshop};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Every department goal that is not deferred or rejected, in goal-list order, with
    /// the number of individual goals beneath it.
    pub department_goals: Vec<(GoalId, usize)>,
    /// Individual goals (not deferred or rejected themselves) under nothing agreed.
    pub adrift: Vec<GoalId>,
}

impl Coverage {
    pub fn carriers(&self, goal: GoalId) -> Option<usize> {
        self.department_goals.iter().find(|(g, _)| *g == goal).map(|(_, n)| *n)
    }

    /// Department goals no one's goals carry yet.
    pub fn uncarried(&self) -> impl Iterator<Item = GoalId> + '_ {
        self.department_goals.iter().filter(|(_, n)| *n == 0).map(|(g, _)| *g)
    }

    pub fn is_adrift(&self, goal: GoalId) -> bool {
        self.adrift.contains(&goal)
    }
}

fn standing(status: Status) -> bool {
    matches!(status, Status::Proposed | Status::Agreed)
}

/// Whether an objective is above `goal` with nothing deferred or rejected between.
fn anchored(w: &Workshop, goal: GoalId) -> bool {
    let mut up = w.parent(goal);
    while let Some(p) = up {
        match w.goal(p) {
            Some(parent) if !standing(parent.status) => return false,
            Some(parent) if parent.level == Level::Objective => return true,
            Some(_) => up = w.parent(p),
            None => return false,
        }
    }
    false
}

pub fn coverage(w: &Workshop) -> Coverage {
    let mut out = Coverage::default();
    // Children by parent, built once (a scan per goal would be quadratic at 10,000 goals).
    let mut children: std::collections::BTreeMap<GoalId, Vec<GoalId>> = std::collections::BTreeMap::new();
    for g in w.goals() {
        if let Some(p) = w.parent(g.id) {
            children.entry(p).or_default().push(g.id);
        }
    }
    let below = |id: GoalId| children.get(&id).cloned().unwrap_or_default();
    for g in w.goals().iter().filter(|g| standing(g.status)) {
        match g.level {
            Level::DepartmentGoal => {
                let (mut count, mut stack) = (0usize, below(g.id));
                while let Some(id) = stack.pop() {
                    let Some(child) = w.goal(id).filter(|c| standing(c.status)) else { continue };
                    if child.level == Level::Individual {
                        count = count.saturating_add(1);
                    }
                    stack.extend(below(id));
                }
                out.department_goals.push((g.id, count));
            }
            Level::Individual if !anchored(w, g.id) => out.adrift.push(g.id),
            _ => {}
        }
    }
    out
}

/// For the alignment matrix: per company objective and department, how many of the
/// department's goals under that objective someone's individual goals carry, of how many.
/// Only cells with department goals are listed.
pub fn carried_by_cell(w: &Workshop, coverage: &Coverage) -> std::collections::BTreeMap<(GoalId, crate::domain::model::DepartmentId), (usize, usize)> {
    let mut cells = std::collections::BTreeMap::new();
    for (goal, carriers) in &coverage.department_goals {
        let Some(department) = w.goal(*goal).and_then(|g| g.department) else { continue };
        // The company objective above it, if any.
        let mut up = w.parent(*goal);
        let mut objective = None;
        while let Some(p) = up {
            if w.goal(p).is_some_and(|g| g.level == Level::Objective) {
                objective = Some(p);
                break;
            }
            up = w.parent(p);
        }
        let Some(objective) = objective else { continue };
        let cell: &mut (usize, usize) = cells.entry((objective, department)).or_default();
        cell.1 += 1;
        if *carriers > 0 {
            cell.0 += 1;
        }
    }
    cells
}
