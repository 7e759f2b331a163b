//! How well the goal tree hangs together: which goals trace to no objective (orphans),
//! which objectives no department supports, where dependencies loop, and where each
//! department puts its effort (the alignment matrix). Computed from the workshop on
//! demand, never stored.

use std::collections::HashMap;

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;

use crate::domain::model::{DepartmentId, GoalId, Level, LinkKind, Workshop};

/// `part` out of `whole`, shown as a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub part: usize,
    pub whole: usize,
}

impl Share {
    /// Whole percent, rounded down; an empty whole counts as fully aligned.
    pub fn percent(self) -> usize {
        (self.part * 100).checked_div(self.whole).unwrap_or(100)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    pub goals: usize,
    pub effort: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    pub objective: GoalId,
    /// One cell per department, in department order.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    /// Goals below objective level that do not trace up to a company objective.
    pub orphans: Vec<GoalId>,
    /// Objectives with no goal of any department beneath them.
    pub unsupported: Vec<GoalId>,
    /// Groups of goals whose `depends_on` links loop, each in goal-list order.
    pub cycles: Vec<Vec<GoalId>>,
    pub departments: Vec<DepartmentId>,
    pub matrix: Vec<MatrixRow>,
    /// Goals below objective level that trace to an objective.
    pub traced: Share,
    /// Objectives that at least one department supports.
    pub supported: Share,
}

/// The objective each goal traces to (`None` for orphans), in one pass with memoisation.
pub fn objective_of_each(w: &Workshop) -> HashMap<GoalId, Option<GoalId>> {
    let levels: HashMap<GoalId, Level> = w.goals().iter().map(|g| (g.id, g.level)).collect();
    let mut memo: HashMap<GoalId, Option<GoalId>> = HashMap::with_capacity(levels.len());
    for goal in w.goals() {
        let mut path = Vec::new();
        let mut current = Some(goal.id);
        let found = loop {
            let Some(id) = current else { break None };
            if let Some(known) = memo.get(&id) {
                break *known;
            }
            if levels.get(&id) == Some(&Level::Objective) {
                break Some(id);
            }
            path.push(id);
            current = w.parent(id);
        };
        if levels.get(&goal.id) == Some(&Level::Objective) {
            memo.insert(goal.id, Some(goal.id));
        }
        for id in path {
            memo.insert(id, found);
        }
    }
    memo
}

pub fn analyse(w: &Workshop) -> Alignment {
    let objective_of = objective_of_each(w);
    let departments: Vec<DepartmentId> = w.departments().iter().map(|d| d.id).collect();
    let column: HashMap<DepartmentId, usize> = departments.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let objectives: Vec<GoalId> = w.goals().iter().filter(|g| g.level == Level::Objective).map(|g| g.id).collect();
    let row: HashMap<GoalId, usize> = objectives.iter().enumerate().map(|(i, g)| (*g, i)).collect();

    let mut matrix: Vec<MatrixRow> =
        objectives.iter().map(|o| MatrixRow { objective: *o, cells: vec![Cell::default(); departments.len()] }).collect();
    let mut supported = vec![false; objectives.len()];
    let mut orphans = Vec::new();
    let mut below = 0;
    for goal in w.goals().iter().filter(|g| g.level != Level::Objective) {
        below += 1;
        match objective_of.get(&goal.id).copied().flatten() {
            None => orphans.push(goal.id),
            Some(objective) => {
                let r = row[&objective];
                if let Some(c) = goal.department.and_then(|d| column.get(&d)) {
                    supported[r] = true;
                    let cell = &mut matrix[r].cells[*c];
                    cell.goals += 1;
                    cell.effort += u64::from(goal.effort.unwrap_or(0));
                }
            }
        }
    }
    let unsupported: Vec<GoalId> =
        objectives.iter().zip(&supported).filter(|(_, s)| !**s).map(|(o, _)| *o).collect();

    Alignment {
        traced: Share { part: below - orphans.len(), whole: below },
        supported: Share { part: objectives.len() - unsupported.len(), whole: objectives.len() },
        orphans,
        unsupported,
        cycles: dependency_cycles(w),
        departments,
        matrix,
    }
}

/// Strongly connected groups of the `depends_on` graph with more than one goal: each is a
/// set of goals that (directly or through each other) all depend on one another.
pub fn dependency_cycles(w: &Workshop) -> Vec<Vec<GoalId>> {
    let mut graph: DiGraphMap<GoalId, ()> = DiGraphMap::new();
    for (from, kind, to) in w.links() {
        if kind == LinkKind::DependsOn {
            graph.add_edge(from, to, ());
        }
    }
    let position: HashMap<GoalId, usize> = w.goals().iter().enumerate().map(|(i, g)| (g.id, i)).collect();
    let mut cycles: Vec<Vec<GoalId>> = tarjan_scc(&graph).into_iter().filter(|scc| scc.len() > 1).collect();
    for cycle in &mut cycles {
        crate::domain::order::sort_by_key(cycle, |g| position.get(g).copied().unwrap_or(usize::MAX));
    }
    crate::domain::order::sort_by_key(&mut cycles, |c| position.get(&c[0]).copied().unwrap_or(usize::MAX));
    cycles
}
