//! What changed between two agreed goal trees, completely: the workshop's title and
//! strategy, departments (added, removed, renamed, recoloured, reordered), every field of
//! every goal (title, description, level, place in the tree and among its siblings,
//! department, owner, effort, metric, target, status, priority with its round, links, the
//! decisions naming it), goals added and removed, decisions added and removed, and the next
//! IDs. Only the export time is left out.
//!
//! Goals and departments are matched by ID (a restored tree holds each ID once). The
//! changes are typed values in the file's own vocabulary (IDs, levels and statuses as the
//! file writes them), so `apply(old, diff(old, new))` gives `new` back exactly (except its
//! export time): the diff is empty exactly when the trees are equal. Three renderings:
//! text (one line per change, `Display`), JSON (`serde`, schema
//! `public/schema/accord-diff-v1.schema.json`) and Markdown for a pull-request comment
//! (`markdown`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::goal_tree::{DepartmentRef, GoalTreeDoc, TreeDecision, TreeGoal, TreeNextIds, TreePriority};

/// The four lists of a goal-tree file a goal can sit at the top of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    /// Under the company objectives (only objectives sit at its top).
    Tree,
    /// Goals that trace to no objective.
    Unaligned,
    Deferred,
    Rejected,
}

impl List {
    pub const ALL: [List; 4] = [List::Tree, List::Unaligned, List::Deferred, List::Rejected];

    fn of(self, doc: &GoalTreeDoc) -> &Vec<TreeGoal> {
        match self {
            List::Tree => &doc.tree,
            List::Unaligned => &doc.unaligned,
            List::Deferred => &doc.deferred,
            List::Rejected => &doc.rejected,
        }
    }

    fn of_mut(self, doc: &mut GoalTreeDoc) -> &mut Vec<TreeGoal> {
        match self {
            List::Tree => &mut doc.tree,
            List::Unaligned => &mut doc.unaligned,
            List::Deferred => &mut doc.deferred,
            List::Rejected => &mut doc.rejected,
        }
    }
}

/// Where a goal sits: at the top of one of the file's lists, or under another goal.
/// In JSON `{"list": "deferred"}` or `{"parent": "g3"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum Place {
    Top { list: List },
    Under { parent: String },
}

/// The two kinds of link a goal lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    DependsOn,
    ConflictsWith,
}

/// Everything a goal holds apart from its ID, its place and its children: what an added
/// goal comes with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalValues {
    pub title: String,
    pub description: String,
    pub level: String,
    pub status: String,
    pub department: Option<String>,
    pub owner: String,
    pub effort: Option<u32>,
    pub metric: String,
    pub target: String,
    pub priority: Option<TreePriority>,
    pub depends_on: Vec<String>,
    pub conflicts_with: Vec<String>,
    /// Indexes into the new tree's `decisions` of the decisions that name this goal.
    pub decisions: Vec<usize>,
}

impl GoalValues {
    fn of(g: &TreeGoal) -> GoalValues {
        GoalValues {
            title: g.title.clone(),
            description: g.description.clone(),
            level: g.level.clone(),
            status: g.status.clone(),
            department: g.department.clone(),
            owner: g.owner.clone(),
            effort: g.effort,
            metric: g.metric.clone(),
            target: g.target.clone(),
            priority: g.priority.clone(),
            depends_on: g.depends_on.clone(),
            conflicts_with: g.conflicts_with.clone(),
            decisions: g.decisions.clone(),
        }
    }

    fn into_goal(self, id: String, children: Vec<TreeGoal>) -> TreeGoal {
        TreeGoal {
            id,
            title: self.title,
            description: self.description,
            level: self.level,
            status: self.status,
            department: self.department,
            owner: self.owner,
            effort: self.effort,
            metric: self.metric,
            target: self.target,
            priority: self.priority,
            depends_on: self.depends_on,
            conflicts_with: self.conflicts_with,
            decisions: self.decisions,
            children,
        }
    }
}

/// One change. `goal`/`department` is the ID; `title`/`name` the current one, for
/// readers. `after` is the sibling (or department) it now follows, `null` for first.
/// Decision indexes are 0-based positions in the file's `decisions` (old tree for
/// removals, new tree for additions).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    WorkshopRenamed { from: String, to: String },
    StrategyChanged { from: String, to: String },
    DepartmentAdded { department: String, name: String, colour: String, after: Option<String> },
    DepartmentRemoved { department: String, name: String },
    DepartmentRenamed { department: String, from: String, to: String },
    DepartmentRecoloured { department: String, name: String, from: String, to: String },
    /// The department's position in the list changed.
    DepartmentMoved { department: String, name: String, after: Option<String> },
    Added {
        goal: String,
        place: Place,
        after: Option<String>,
        #[serde(flatten)]
        values: Box<GoalValues>,
    },
    Removed { goal: String, title: String, place: Place },
    /// Another parent or list (`from` ≠ `to`), or another position among the same siblings.
    Moved { goal: String, title: String, from: Place, to: Place, after: Option<String> },
    Retitled { goal: String, from: String, to: String },
    Redescribed { goal: String, title: String, from: String, to: String },
    Relevelled { goal: String, title: String, from: String, to: String },
    /// The goal's department.
    Reassigned { goal: String, title: String, from: Option<String>, to: Option<String> },
    Reowned { goal: String, title: String, from: String, to: String },
    /// Effort in person-weeks.
    Reestimated { goal: String, title: String, from: Option<u32>, to: Option<u32> },
    Remeasured { goal: String, title: String, from: String, to: String },
    Retargeted { goal: String, title: String, from: String, to: String },
    Restatused { goal: String, title: String, from: String, to: String },
    /// The priority with the round it came from (a rank of one round is not a rank of
    /// another, so the same rank from another round is a change).
    Reprioritised { goal: String, title: String, from: Option<TreePriority>, to: Option<TreePriority> },
    /// One kind of link, as the whole list before and after.
    Relinked { goal: String, title: String, link: Link, from: Vec<String>, to: Vec<String> },
    /// The decisions naming the goal (indexes into `decisions`, old and new).
    Redecided { goal: String, title: String, from: Vec<usize>, to: Vec<usize> },
    DecisionAdded {
        index: usize,
        #[serde(flatten)]
        decision: TreeDecision,
    },
    DecisionRemoved {
        index: usize,
        #[serde(flatten)]
        decision: TreeDecision,
    },
    NextIdsChanged { from: Option<TreeNextIds>, to: Option<TreeNextIds> },
}

/// A goal tree flattened for `apply`: each goal's values and place, and each place's
/// goals in order.
struct Flat {
    goals: HashMap<String, (GoalValues, Place)>,
    slots: BTreeMap<Place, Vec<String>>,
}

fn flatten(doc: &GoalTreeDoc) -> Flat {
    fn walk(g: &TreeGoal, place: Place, flat: &mut Flat) {
        flat.goals.insert(g.id.clone(), (GoalValues::of(g), place.clone()));
        flat.slots.entry(place).or_default().push(g.id.clone());
        for c in &g.children {
            walk(c, Place::Under { parent: g.id.clone() }, flat);
        }
    }
    let mut flat = Flat { goals: HashMap::new(), slots: BTreeMap::new() };
    for list in List::ALL {
        for g in list.of(doc) {
            walk(g, Place::Top { list }, &mut flat);
        }
    }
    flat
}

/// The items of `new` that keep their relative order from `old`: a longest increasing
/// subsequence of their old positions (patience sorting, O(n log n)). Both lists hold
/// the same IDs, each once.
fn kept_in_order<'a>(old: &[&'a str], new: &[&'a str]) -> HashSet<&'a str> {
    let position: HashMap<&str, usize> = old.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let seq: Vec<usize> = new.iter().map(|id| position[id]).collect();
    // tails[k]: index into seq of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        before[i] = k.checked_sub(1).map(|p| tails[p]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = HashSet::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept.insert(new[i]);
        at = before[i];
    }
    kept
}

/// How to turn `old` into `new` for lists of values without identity: the indexes of
/// `old` to remove and of `new` to add, keeping a longest common subsequence (common
/// ends first; a middle too large to compare is replaced whole).
fn list_edits<T: PartialEq>(old: &[T], new: &[T]) -> (Vec<usize>, Vec<usize>) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    const MAX_CELLS: usize = 4_000_000;
    if a.is_empty() || b.is_empty() || a.len().saturating_mul(b.len()) > MAX_CELLS {
        return ((prefix..prefix + a.len()).collect(), (prefix..prefix + b.len()).collect());
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] { lcs[(i + 1) * width + j + 1] + 1 } else { lcs[(i + 1) * width + j].max(lcs[i * width + j + 1]) };
        }
    }
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            removed.push(prefix + i);
            i += 1;
        } else {
            added.push(prefix + j);
            j += 1;
        }
    }
    removed.extend((i..a.len()).map(|i| prefix + i));
    added.extend((j..b.len()).map(|j| prefix + j));
    (removed, added)
}

/// Every difference between `old` and `new` but the export time. Goal and department IDs
/// are taken to be unique in each tree (restore refuses a tree where they are not).
pub fn diff(old: &GoalTreeDoc, new: &GoalTreeDoc) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.workshop != new.workshop {
        changes.push(Change::WorkshopRenamed { from: old.workshop.clone(), to: new.workshop.clone() });
    }
    if old.strategy != new.strategy {
        changes.push(Change::StrategyChanged { from: old.strategy.clone(), to: new.strategy.clone() });
    }
    departments(old, new, &mut changes);
    goals(old, new, &mut changes);
    let (removed, added) = list_edits(&old.decisions, &new.decisions);
    changes.extend(removed.into_iter().map(|index| Change::DecisionRemoved { index, decision: old.decisions[index].clone() }));
    changes.extend(added.into_iter().map(|index| Change::DecisionAdded { index, decision: new.decisions[index].clone() }));
    if old.next_ids != new.next_ids {
        changes.push(Change::NextIdsChanged { from: old.next_ids.clone(), to: new.next_ids.clone() });
    }
    changes
}

fn departments(old: &GoalTreeDoc, new: &GoalTreeDoc, changes: &mut Vec<Change>) {
    let before: HashMap<&str, &DepartmentRef> = old.departments.iter().map(|d| (d.id.as_str(), d)).collect();
    let after: HashSet<&str> = new.departments.iter().map(|d| d.id.as_str()).collect();
    let common_old: Vec<&str> = old.departments.iter().map(|d| d.id.as_str()).filter(|id| after.contains(id)).collect();
    let common_new: Vec<&str> = new.departments.iter().map(|d| d.id.as_str()).filter(|id| before.contains_key(id)).collect();
    let kept = kept_in_order(&common_old, &common_new);
    for (i, d) in new.departments.iter().enumerate() {
        let follows = i.checked_sub(1).map(|p| new.departments[p].id.clone());
        let Some(was) = before.get(d.id.as_str()) else {
            changes.push(Change::DepartmentAdded { department: d.id.clone(), name: d.name.clone(), colour: d.colour.clone(), after: follows });
            continue;
        };
        if !kept.contains(d.id.as_str()) {
            changes.push(Change::DepartmentMoved { department: d.id.clone(), name: d.name.clone(), after: follows });
        }
        if was.name != d.name {
            changes.push(Change::DepartmentRenamed { department: d.id.clone(), from: was.name.clone(), to: d.name.clone() });
        }
        if was.colour != d.colour {
            changes.push(Change::DepartmentRecoloured { department: d.id.clone(), name: d.name.clone(), from: was.colour.clone(), to: d.colour.clone() });
        }
    }
    for d in &old.departments {
        if !after.contains(d.id.as_str()) {
            changes.push(Change::DepartmentRemoved { department: d.id.clone(), name: d.name.clone() });
        }
    }
}

/// A goal tree as `diff` reads it: each goal (borrowed) with its place, and each place's
/// goals in order.
struct View<'a> {
    goals: HashMap<&'a str, (&'a TreeGoal, Place)>,
    /// Goal IDs depth first, as the file lists them.
    order: Vec<&'a str>,
    slots: BTreeMap<Place, Vec<&'a str>>,
}

impl<'a> View<'a> {
    fn of(doc: &'a GoalTreeDoc) -> View<'a> {
        fn walk<'a>(g: &'a TreeGoal, place: Place, view: &mut View<'a>) {
            view.goals.insert(&g.id, (g, place.clone()));
            view.order.push(&g.id);
            view.slots.entry(place).or_default().push(&g.id);
            for c in &g.children {
                walk(c, Place::Under { parent: g.id.clone() }, view);
            }
        }
        let mut view = View { goals: HashMap::new(), order: Vec::new(), slots: BTreeMap::new() };
        for list in List::ALL {
            for g in list.of(doc) {
                walk(g, Place::Top { list }, &mut view);
            }
        }
        view
    }
}

fn goals(old: &GoalTreeDoc, new: &GoalTreeDoc, changes: &mut Vec<Change>) {
    let (before, after) = (View::of(old), View::of(new));
    // Per place, the goals that stay there and keep their order among themselves.
    let mut kept: HashSet<&str> = HashSet::new();
    for (place, ids) in &after.slots {
        let stays = |id: &&&str| [&before, &after].iter().all(|view| view.goals.get(**id).is_some_and(|(_, p)| p == place));
        let common_new: Vec<&str> = ids.iter().filter(stays).copied().collect();
        let common_old: Vec<&str> = before.slots.get(place).map(|ids| ids.iter().filter(stays).copied().collect()).unwrap_or_default();
        kept.extend(kept_in_order(&common_old, &common_new));
    }
    // The sibling each goal of the new tree follows.
    let mut previous: HashMap<&str, &str> = HashMap::new();
    for siblings in after.slots.values() {
        previous.extend(siblings.windows(2).map(|pair| (pair[1], pair[0])));
    }
    let follows = |id: &str| -> Option<String> { previous.get(id).map(|p| p.to_string()) };
    for &id in &after.order {
        let (g, place) = &after.goals[id];
        let Some((was, old_place)) = before.goals.get(id) else {
            changes.push(Change::Added { goal: id.to_string(), place: place.clone(), after: follows(id), values: Box::new(GoalValues::of(g)) });
            continue;
        };
        let (goal, title) = (id.to_string(), g.title.clone());
        if !kept.contains(id) {
            changes.push(Change::Moved { goal: goal.clone(), title: title.clone(), from: old_place.clone(), to: place.clone(), after: follows(id) });
        }
        if was.title != g.title {
            changes.push(Change::Retitled { goal: goal.clone(), from: was.title.clone(), to: g.title.clone() });
        }
        macro_rules! field {
            ($field:ident, $variant:ident) => {
                if was.$field != g.$field {
                    changes.push(Change::$variant { goal: goal.clone(), title: title.clone(), from: was.$field.clone(), to: g.$field.clone() });
                }
            };
        }
        field!(description, Redescribed);
        field!(level, Relevelled);
        field!(department, Reassigned);
        field!(owner, Reowned);
        field!(effort, Reestimated);
        field!(metric, Remeasured);
        field!(target, Retargeted);
        field!(status, Restatused);
        field!(priority, Reprioritised);
        for (link, from, to) in [(Link::DependsOn, &was.depends_on, &g.depends_on), (Link::ConflictsWith, &was.conflicts_with, &g.conflicts_with)] {
            if from != to {
                changes.push(Change::Relinked { goal: goal.clone(), title: title.clone(), link, from: from.clone(), to: to.clone() });
            }
        }
        field!(decisions, Redecided);
    }
    for &id in &before.order {
        if !after.goals.contains_key(id) {
            let (g, place) = &before.goals[id];
            changes.push(Change::Removed { goal: id.to_string(), title: g.title.clone(), place: place.clone() });
        }
    }
}

/// Why a list of changes cannot be applied to a tree: it was not made from that tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    NoSuchGoal(String),
    GoalExists(String),
    NoSuchDepartment(String),
    DepartmentExists(String),
    /// The goal or department an item was to follow is not there.
    NoSuchAnchor(String),
    NoSuchDecision(usize),
    /// A goal left under a removed goal, or with no place at all.
    Unplaced(String),
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::NoSuchGoal(id) => write!(f, "the changes name goal {id}, which is not in the tree"),
            ApplyError::GoalExists(id) => write!(f, "the changes add goal {id}, which the tree already holds"),
            ApplyError::NoSuchDepartment(id) => write!(f, "the changes name department {id}, which is not in the tree"),
            ApplyError::DepartmentExists(id) => write!(f, "the changes add department {id}, which the tree already holds"),
            ApplyError::NoSuchAnchor(id) => write!(f, "the changes place something after {id}, which is not there"),
            ApplyError::NoSuchDecision(i) => write!(f, "the changes name decision {i}, which is not in the tree"),
            ApplyError::Unplaced(id) => write!(f, "the changes leave goal {id} without a place in the tree"),
        }
    }
}

impl std::error::Error for ApplyError {}

/// Inserts `item` just after `anchor` (first when `None`).
fn insert_after<T>(list: &mut Vec<T>, item: T, anchor: Option<&str>, id_of: impl Fn(&T) -> &str) -> Result<(), ApplyError> {
    let at = match anchor {
        None => 0,
        Some(a) => list.iter().position(|x| id_of(x) == a).ok_or_else(|| ApplyError::NoSuchAnchor(a.to_string()))? + 1,
    };
    list.insert(at, item);
    Ok(())
}

/// `old` with `changes` made to it (changes as `diff` lists them: placements in the new
/// tree's order). `apply(old, &diff(old, new))` is `new` with `old`'s export time.
pub fn apply(old: &GoalTreeDoc, changes: &[Change]) -> Result<GoalTreeDoc, ApplyError> {
    let mut doc = old.clone();
    let mut flat = flatten(old);
    // Departments and goals leave their places first, then take their new ones in order.
    let mut department_places = Vec::new();
    let mut goal_places = Vec::new();
    let mut removed_decisions = Vec::new();
    let mut added_decisions = Vec::new();
    let no_goal = |id: &str| ApplyError::NoSuchGoal(id.to_string());
    for change in changes {
        match change {
            Change::WorkshopRenamed { to, .. } => doc.workshop = to.clone(),
            Change::StrategyChanged { to, .. } => doc.strategy = to.clone(),
            Change::DepartmentAdded { department, name, colour, after } => {
                if doc.departments.iter().any(|d| &d.id == department) {
                    return Err(ApplyError::DepartmentExists(department.clone()));
                }
                department_places.push((DepartmentRef { id: department.clone(), name: name.clone(), colour: colour.clone() }, after.clone()));
            }
            Change::DepartmentRemoved { department, .. } | Change::DepartmentMoved { department, .. } => {
                let at = doc.departments.iter().position(|d| &d.id == department).ok_or_else(|| ApplyError::NoSuchDepartment(department.clone()))?;
                let d = doc.departments.remove(at);
                if let Change::DepartmentMoved { after, .. } = change {
                    department_places.push((d, after.clone()));
                }
            }
            Change::DepartmentRenamed { department, to, .. } | Change::DepartmentRecoloured { department, to, .. } => {
                let d = doc
                    .departments
                    .iter_mut()
                    .chain(department_places.iter_mut().map(|(d, _)| d))
                    .find(|d| &d.id == department)
                    .ok_or_else(|| ApplyError::NoSuchDepartment(department.clone()))?;
                if matches!(change, Change::DepartmentRenamed { .. }) {
                    d.name = to.clone();
                } else {
                    d.colour = to.clone();
                }
            }
            Change::Added { goal, place, after, values } => {
                if flat.goals.contains_key(goal) {
                    return Err(ApplyError::GoalExists(goal.clone()));
                }
                flat.goals.insert(goal.clone(), ((**values).clone(), place.clone()));
                goal_places.push((goal.clone(), place.clone(), after.clone()));
            }
            Change::Removed { goal, .. } | Change::Moved { goal, .. } => {
                let (_, place) = flat.goals.get(goal).ok_or_else(|| no_goal(goal))?;
                if let Some(siblings) = flat.slots.get_mut(place) {
                    siblings.retain(|s| s != goal);
                }
                match change {
                    Change::Moved { to, after, .. } => {
                        flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.1 = to.clone();
                        goal_places.push((goal.clone(), to.clone(), after.clone()));
                    }
                    _ => {
                        flat.goals.remove(goal);
                    }
                }
            }
            Change::Retitled { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.title = to.clone(),
            Change::Redescribed { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.description = to.clone(),
            Change::Relevelled { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.level = to.clone(),
            Change::Reassigned { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.department = to.clone(),
            Change::Reowned { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.owner = to.clone(),
            Change::Reestimated { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.effort = *to,
            Change::Remeasured { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.metric = to.clone(),
            Change::Retargeted { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.target = to.clone(),
            Change::Restatused { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.status = to.clone(),
            Change::Reprioritised { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.priority = to.clone(),
            Change::Relinked { goal, link, to, .. } => {
                let values = &mut flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0;
                match link {
                    Link::DependsOn => values.depends_on = to.clone(),
                    Link::ConflictsWith => values.conflicts_with = to.clone(),
                }
            }
            Change::Redecided { goal, to, .. } => flat.goals.get_mut(goal).ok_or_else(|| no_goal(goal))?.0.decisions = to.clone(),
            Change::DecisionRemoved { index, .. } => removed_decisions.push(*index),
            Change::DecisionAdded { index, decision } => added_decisions.push((*index, decision.clone())),
            Change::NextIdsChanged { to, .. } => doc.next_ids = to.clone(),
        }
    }
    for (d, after) in department_places {
        insert_after(&mut doc.departments, d, after.as_deref(), |d| &d.id)?;
    }
    for (goal, place, after) in goal_places {
        insert_after(flat.slots.entry(place).or_default(), goal, after.as_deref(), String::as_str)?;
    }
    crate::domain::order::sort(&mut removed_decisions);
    for index in removed_decisions.into_iter().rev() {
        if index >= doc.decisions.len() {
            return Err(ApplyError::NoSuchDecision(index));
        }
        doc.decisions.remove(index);
    }
    crate::domain::order::sort_by_key(&mut added_decisions, |(i, _)| *i);
    for (index, decision) in added_decisions {
        if index > doc.decisions.len() {
            return Err(ApplyError::NoSuchDecision(index));
        }
        doc.decisions.insert(index, decision);
    }
    // Rebuild the nested lists from the places.
    fn build(id: &str, flat: &mut Flat) -> Result<TreeGoal, ApplyError> {
        let (values, _) = flat.goals.remove(id).ok_or_else(|| ApplyError::NoSuchGoal(id.to_string()))?;
        let children_ids = flat.slots.remove(&Place::Under { parent: id.to_string() }).unwrap_or_default();
        let children = children_ids.iter().map(|c| build(c, flat)).collect::<Result<_, _>>()?;
        Ok(values.into_goal(id.to_string(), children))
    }
    for list in List::ALL {
        let top = flat.slots.remove(&Place::Top { list }).unwrap_or_default();
        *list.of_mut(&mut doc) = top.iter().map(|id| build(id, &mut flat)).collect::<Result<_, _>>()?;
    }
    // A goal placed under a goal that is gone, or left over, was not placed by the changes.
    if let Some(id) = flat.slots.values().flatten().next().or_else(|| flat.goals.keys().next()) {
        return Err(ApplyError::Unplaced(id.clone()));
    }
    Ok(doc)
}

fn place_text(p: &Place) -> String {
    match p {
        Place::Top { list: List::Tree | List::Unaligned } => "the top".into(),
        Place::Top { list: List::Deferred } => "the deferred goals".into(),
        Place::Top { list: List::Rejected } => "the rejected goals".into(),
        Place::Under { parent } => parent.clone(),
    }
}

/// A place at the top of a list, told apart from the top of another list.
fn top_text(p: &Place) -> String {
    match p {
        Place::Top { list: List::Tree } => "the top of the tree".into(),
        Place::Top { list: List::Unaligned } => "the unaligned goals".into(),
        other => place_text(other),
    }
}

fn priority_text(p: &Option<TreePriority>) -> String {
    match p {
        Some(p) if !p.round_name.is_empty() => format!("#{} in “{}”", p.rank, p.round_name),
        Some(p) => format!("#{}", p.rank),
        None => "none".into(),
    }
}

fn optional<T: fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "none".into(), ToString::to_string)
}

fn list_text(ids: &[String]) -> String {
    if ids.is_empty() { "none".into() } else { ids.join(", ") }
}

/// Decision numbers as people count them (from 1).
fn decisions_text(indexes: &[usize]) -> String {
    if indexes.is_empty() { "none".into() } else { indexes.iter().map(|i| format!("{}", i + 1)).collect::<Vec<_>>().join(", ") }
}

fn next_ids_text(n: &Option<TreeNextIds>) -> String {
    n.as_ref().map_or_else(|| "not given".into(), |n| format!("department d{}, goal g{}", n.department, n.goal))
}

/// Multi-line text shown on one line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ⏎ ")
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let after = |a: &Option<String>| a.as_ref().map_or_else(|| "first".into(), |a| format!("after {a}"));
        match self {
            Change::WorkshopRenamed { from, to } => write!(f, "~ workshop “{from}” → “{to}”"),
            Change::StrategyChanged { from, to } => write!(f, "~ strategy “{}” → “{}”", one_line(from), one_line(to)),
            Change::DepartmentAdded { department, name, colour, after: a } => write!(f, "+ department {department} “{name}” ({colour}) added, {}", after(a)),
            Change::DepartmentRemoved { department, name } => write!(f, "- department {department} “{name}” removed"),
            Change::DepartmentRenamed { department, from, to } => write!(f, "~ department {department} name “{from}” → “{to}”"),
            Change::DepartmentRecoloured { department, name, from, to } => write!(f, "~ department {department} “{name}” colour {from} → {to}"),
            Change::DepartmentMoved { department, name, after: a } => write!(f, "~ department {department} “{name}” now listed {}", after(a)),
            Change::Added { goal, place, values, .. } => write!(f, "+ {goal} “{}” added under {}", values.title, place_text(place)),
            Change::Removed { goal, title, .. } => write!(f, "- {goal} “{title}” removed"),
            Change::Moved { goal, title, from, to, after: a } if from == to => write!(f, "~ {goal} “{title}” reordered under {}: now {}", place_text(to), after(a)),
            Change::Moved { goal, title, from: from @ Place::Top { .. }, to: to @ Place::Top { .. }, .. } => {
                write!(f, "~ {goal} “{title}” moved from {} to {}", top_text(from), top_text(to))
            }
            Change::Moved { goal, title, from, to, .. } => write!(f, "~ {goal} “{title}” moved from {} to {}", place_text(from), place_text(to)),
            Change::Retitled { goal, from, to } => write!(f, "~ {goal} title “{from}” → “{to}”"),
            Change::Redescribed { goal, title, from, to } => write!(f, "~ {goal} “{title}” description “{}” → “{}”", one_line(from), one_line(to)),
            Change::Relevelled { goal, title, from, to } => write!(f, "~ {goal} “{title}” level {from} → {to}"),
            Change::Reassigned { goal, title, from, to } => write!(f, "~ {goal} “{title}” department {} → {}", optional(from), optional(to)),
            Change::Reowned { goal, title, from, to } => write!(f, "~ {goal} “{title}” owner “{from}” → “{to}”"),
            Change::Reestimated { goal, title, from, to } => {
                let weeks = |e: &Option<u32>| e.map_or_else(|| "none".into(), |e| format!("{e} person-weeks"));
                write!(f, "~ {goal} “{title}” effort {} → {}", weeks(from), weeks(to))
            }
            Change::Remeasured { goal, title, from, to } => write!(f, "~ {goal} “{title}” metric “{from}” → “{to}”"),
            Change::Retargeted { goal, title, from, to } => write!(f, "~ {goal} “{title}” target “{from}” → “{to}”"),
            Change::Restatused { goal, title, from, to } => write!(f, "~ {goal} “{title}” status {from} → {to}"),
            // Only the figure changed.
            Change::Reprioritised { goal, title, from, to } if from.as_ref().map(|p| (p.rank, &p.round, &p.round_name)) == to.as_ref().map(|p| (p.rank, &p.round, &p.round_name)) => {
                let value = |p: &Option<TreePriority>| p.as_ref().map_or(0.0, |p| p.value);
                write!(f, "~ {goal} “{title}” priority {} figure {} → {}", priority_text(to), value(from), value(to))
            }
            Change::Reprioritised { goal, title, from, to } => write!(f, "~ {goal} “{title}” priority {} → {}", priority_text(from), priority_text(to)),
            Change::Relinked { goal, title, link, from, to } => {
                let verb = match link {
                    Link::DependsOn => "depends on",
                    Link::ConflictsWith => "conflicts with",
                };
                write!(f, "~ {goal} “{title}” {verb} {} → {}", list_text(from), list_text(to))
            }
            Change::Redecided { goal, title, from, to } => write!(f, "~ {goal} “{title}” named by decisions {} → {}", decisions_text(from), decisions_text(to)),
            Change::DecisionAdded { index, decision } => write!(f, "+ decision {} added: “{}” — {}", index + 1, one_line(&decision.conflict), one_line(&decision.decision)),
            Change::DecisionRemoved { index, decision } => write!(f, "- decision {} removed: “{}” — {}", index + 1, one_line(&decision.conflict), one_line(&decision.decision)),
            Change::NextIdsChanged { from, to } => write!(f, "~ next IDs {} → {}", next_ids_text(from), next_ids_text(to)),
        }
    }
}

/// The changes as text, one line each (a line break in any text shown as ⏎), or
/// "no changes".
pub fn text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes\n".into();
    }
    changes.iter().map(|c| format!("{}\n", one_line(&c.to_string()))).collect()
}

/// Markdown-escapes text from a file: every ASCII punctuation character is escaped (so a
/// title cannot become a link, a list, a table cell, a heading, HTML or a mention), line
/// breaks become spaces, and empty text is shown as an em dash.
fn md(s: &str) -> String {
    if s.is_empty() {
        return "—".into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn md_place(p: &Place) -> String {
    match p {
        Place::Top { list: List::Tree } => "top of the tree".into(),
        Place::Top { list: List::Unaligned } => "top (unaligned)".into(),
        Place::Top { list: List::Deferred } => "deferred goals".into(),
        Place::Top { list: List::Rejected } => "rejected goals".into(),
        Place::Under { parent } => format!("under {}", md(parent)),
    }
}

/// The changes as a pull-request comment: a heading, then a section per kind (workshop,
/// departments, goals added, removed, moved, changed, decisions, next IDs), each a table.
pub fn markdown(changes: &[Change]) -> String {
    use fmt::Write;
    let mut out = String::from("## Goal tree changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let count = changes.len();
    let _ = writeln!(out, "{count} change{}.", if count == 1 { "" } else { "s" });
    let mut section = |heading: &str, header: &str, rows: Vec<String>| {
        if rows.is_empty() {
            return;
        }
        let columns = header.matches('|').count() - 1;
        let _ = write!(out, "\n### {heading}\n\n{header}\n|{}\n", "---|".repeat(columns));
        for row in rows {
            let _ = writeln!(out, "{row}");
        }
    };
    let row = |cells: &[String]| format!("| {} |", cells.join(" | "));
    let s = |v: &str| md(v);
    let mut workshop = Vec::new();
    let mut departments = Vec::new();
    let (mut added, mut removed, mut moved, mut changed, mut decisions, mut next) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in changes {
        match c {
            Change::WorkshopRenamed { from, to } => workshop.push(row(&["Title".into(), s(from), s(to)])),
            Change::StrategyChanged { from, to } => workshop.push(row(&["Strategy".into(), s(from), s(to)])),
            Change::DepartmentAdded { department, name, colour, .. } => departments.push(row(&[s(department), s(name), "added".into(), "—".into(), s(colour)])),
            Change::DepartmentRemoved { department, name } => departments.push(row(&[s(department), s(name), "removed".into(), "—".into(), "—".into()])),
            Change::DepartmentRenamed { department, from, to } => departments.push(row(&[s(department), s(to), "renamed".into(), s(from), s(to)])),
            Change::DepartmentRecoloured { department, name, from, to } => departments.push(row(&[s(department), s(name), "colour".into(), s(from), s(to)])),
            Change::DepartmentMoved { department, name, after } => {
                departments.push(row(&[s(department), s(name), "reordered".into(), "—".into(), after.as_ref().map_or_else(|| "first".into(), |a| format!("after {}", s(a)))]))
            }
            Change::Added { goal, place, values, .. } => added.push(row(&[s(goal), s(&values.title), s(&values.level), s(&values.status), values.department.as_deref().map_or_else(|| "—".into(), s), md_place(place)])),
            Change::Removed { goal, title, place } => removed.push(row(&[s(goal), s(title), md_place(place)])),
            Change::Moved { goal, title, from, to, after } => {
                let to = if from == to { format!("{} ({})", md_place(to), after.as_ref().map_or_else(|| "first".into(), |a| format!("after {}", s(a)))) } else { md_place(to) };
                moved.push(row(&[s(goal), s(title), md_place(from), to]))
            }
            Change::Retitled { goal, from, to } => changed.push(row(&[s(goal), s(to), "title".into(), s(from), s(to)])),
            Change::Redescribed { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "description".into(), s(from), s(to)])),
            Change::Relevelled { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "level".into(), s(from), s(to)])),
            Change::Reassigned { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "department".into(), from.as_deref().map_or_else(|| "—".into(), s), to.as_deref().map_or_else(|| "—".into(), s)])),
            Change::Reowned { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "owner".into(), s(from), s(to)])),
            Change::Reestimated { goal, title, from, to } => {
                let weeks = |e: &Option<u32>| e.map_or_else(|| "—".into(), |e| format!("{e} person\\-weeks"));
                changed.push(row(&[s(goal), s(title), "effort".into(), weeks(from), weeks(to)]))
            }
            Change::Remeasured { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "metric".into(), s(from), s(to)])),
            Change::Retargeted { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "target".into(), s(from), s(to)])),
            Change::Restatused { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "status".into(), s(from), s(to)])),
            Change::Reprioritised { goal, title, from, to } => {
                let p = |p: &Option<TreePriority>| p.as_ref().map_or_else(|| "—".into(), |p| format!("\\#{} in “{}” ({})", p.rank, s(&p.round_name), s(&p.value.to_string())));
                changed.push(row(&[s(goal), s(title), "priority".into(), p(from), p(to)]))
            }
            Change::Relinked { goal, title, link, from, to } => {
                let field = match link {
                    Link::DependsOn => "depends on",
                    Link::ConflictsWith => "conflicts with",
                };
                let l = |ids: &[String]| if ids.is_empty() { "—".into() } else { ids.iter().map(|i| s(i)).collect::<Vec<_>>().join(", ") };
                changed.push(row(&[s(goal), s(title), field.into(), l(from), l(to)]))
            }
            Change::Redecided { goal, title, from, to } => changed.push(row(&[s(goal), s(title), "named by decisions".into(), decisions_text(from), decisions_text(to)])),
            Change::DecisionAdded { index, decision } => decisions.push(row(&[format!("{}", index + 1), "added".into(), s(&decision.conflict), s(&decision.decision), s(&decision.rationale)])),
            Change::DecisionRemoved { index, decision } => decisions.push(row(&[format!("{}", index + 1), "removed".into(), s(&decision.conflict), s(&decision.decision), s(&decision.rationale)])),
            Change::NextIdsChanged { from, to } => next.push(row(&[s(&next_ids_text(from)), s(&next_ids_text(to))])),
        }
    }
    section("Workshop", "| Field | Before | After |", workshop);
    section("Departments", "| Department | Name | Change | Before | After |", departments);
    section("Goals added", "| Goal | Title | Level | Status | Department | Place |", added);
    section("Goals removed", "| Goal | Title | Was |", removed);
    section("Goals moved", "| Goal | Title | From | To |", moved);
    section("Goals changed", "| Goal | Title | Field | Before | After |", changed);
    section("Decisions", "| Decision | Change | Conflict | Decision | Rationale |", decisions);
    section("Next IDs", "| Before | After |", next);
    out
}
