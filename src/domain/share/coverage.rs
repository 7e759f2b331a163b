//! Whether people's day-to-day work carries the agreed goals: for each department goal,
//! how many individual goals sit beneath it (at any depth), and which individual goals
//! hang under nothing agreed (no parent, or only deferred or rejected goals above them).

use crate::domain::model::{GoalId, Level, Status, Workshop};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Every department goal that is not deferred or rejected, in goal-list order, with
    /// the number of individual goals beneath it.
    pub department_goals: Vec<(GoalId, usize)>,
    /// Individual goals under nothing agreed.
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
}

fn standing(status: Status) -> bool {
    matches!(status, Status::Proposed | Status::Agreed)
}

pub fn coverage(w: &Workshop) -> Coverage {
    let mut out = Coverage::default();
    for g in w.goals() {
        match g.level {
            Level::DepartmentGoal if standing(g.status) => {
                let n = w.graph().subtree(g.id).into_iter().filter(|d| w.goal(*d).is_some_and(|x| x.level == Level::Individual && standing(x.status))).count();
                out.department_goals.push((g.id, n));
            }
            Level::Individual if standing(g.status) => {
                let mut up = w.parent(g.id);
                let mut anchored = false;
                while let Some(p) = up {
                    let Some(parent) = w.goal(p) else { break };
                    if !standing(parent.status) {
                        break;
                    }
                    if parent.level != Level::Individual {
                        anchored = true;
                        break;
                    }
                    up = w.parent(p);
                }
                if !anchored {
                    out.adrift.push(g.id);
                }
            }
            _ => {}
        }
    }
    out
}
