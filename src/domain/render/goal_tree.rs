//! The agreed goal tree as shared JSON: `{"format": "accord-goal-tree", "version": 1}`,
//! nested from the strategy down, each goal with its agreed priority, owner, department,
//! status, links and the decisions that touched it; deferred and rejected goals listed
//! apart. Self-describing (names beside IDs), stable in key order and IDs.

use serde::{Deserialize, Serialize};

use crate::domain::model::text::{self, Field};
use crate::domain::model::{GoalId, Level, Status, Workshop};
use crate::domain::time::Timestamp;
use crate::domain::wire::{ImportError, Problem, ProblemKind};

pub const FORMAT: &str = "accord-goal-tree";
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalTreeDoc {
    pub format: String,
    pub version: u64,
    pub workshop: String,
    pub strategy: String,
    pub exported: String,
    pub departments: Vec<DepartmentRef>,
    /// Company objectives with everything beneath them that is not deferred or rejected.
    pub tree: Vec<TreeGoal>,
    /// Goals that trace to no objective (still proposed or agreed).
    pub unaligned: Vec<TreeGoal>,
    /// Deferred goals, each with everything beneath it.
    pub deferred: Vec<TreeGoal>,
    /// Rejected goals, each with everything beneath it.
    pub rejected: Vec<TreeGoal>,
    pub decisions: Vec<TreeDecision>,
    /// The next department and goal IDs of the workshop, when something was deleted there
    /// (so a workshop seeded from this tree never reissues an ID a diff would confuse).
    #[serde(default, deserialize_with = "crate::domain::wire::v1::present", skip_serializing_if = "Option::is_none")]
    pub next_ids: Option<TreeNextIds>,
}

/// See `GoalTreeDoc::next_ids`: each above every ID of its kind in the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeNextIds {
    pub department: u32,
    pub goal: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentRef {
    pub id: String,
    pub name: String,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreePriority {
    pub rank: u32,
    pub value: f64,
    pub round: String,
    pub round_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeGoal {
    pub id: String,
    pub title: String,
    /// Absent in files written before it was exported (read as empty).
    #[serde(default)]
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
    /// Indexes into `decisions` of the decisions that named this goal.
    pub decisions: Vec<usize>,
    pub children: Vec<TreeGoal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeDecision {
    pub conflict: String,
    pub decision: String,
    pub rationale: String,
    pub at: String,
}

fn status_name(s: Status) -> &'static str {
    s.wire_name()
}

/// Builds the agreed tree. `exported` is passed in (the core does not read clocks).
/// Priorities only from revealed rounds (the disclosure policy), each naming its round.
pub fn agreed_tree(w: &Workshop, exported: Timestamp) -> GoalTreeDoc {
    let w = &crate::domain::disclosure::disclosed(w);
    let decided_on = |g: GoalId| -> Vec<usize> {
        w.decisions().iter().enumerate().filter(|(_, d)| d.resolution.goals().contains(&g)).map(|(i, _)| i).collect()
    };
    let goal = |id: GoalId, children: Vec<TreeGoal>| -> TreeGoal {
        let g = w.goal(id).expect("listed goals exist");
        TreeGoal {
            id: id.to_string(),
            title: g.title.clone(),
            description: g.description.clone(),
            level: g.level.wire_name().to_string(),
            status: status_name(g.status).to_string(),
            department: g.department.map(|d| d.to_string()),
            owner: g.owner.clone(),
            effort: g.effort,
            metric: g.metric.clone(),
            target: g.target.clone(),
            priority: g.priority.map(|p| TreePriority {
                rank: p.rank,
                value: p.value,
                round: p.round.to_string(),
                round_name: w.round(p.round).map(|r| r.name.clone()).unwrap_or_default(),
            }),
            depends_on: w.depends_on(id).iter().map(ToString::to_string).collect(),
            conflicts_with: w.conflicts_with(id).iter().map(ToString::to_string).collect(),
            decisions: decided_on(id),
            children,
        }
    };
    let active = |id: GoalId| w.goal(id).is_some_and(|g| !matches!(g.status, Status::Deferred | Status::Rejected));
    fn build(w: &Workshop, id: GoalId, active: &dyn Fn(GoalId) -> bool, goal: &dyn Fn(GoalId, Vec<TreeGoal>) -> TreeGoal) -> TreeGoal {
        let children = w.children(Some(id)).into_iter().filter(|c| active(*c)).map(|c| build(w, c, active, goal)).collect();
        goal(id, children)
    }
    let roots = w.children(None);
    let tree = roots
        .iter()
        .filter(|g| active(**g) && w.goal(**g).is_some_and(|g| g.level == Level::Objective))
        .map(|g| build(w, *g, &active, &goal))
        .collect();
    let unaligned = roots
        .iter()
        .filter(|g| active(**g) && w.goal(**g).is_some_and(|g| g.level != Level::Objective))
        .map(|g| build(w, *g, &active, &goal))
        .collect();
    // Deferred and rejected goals are listed apart with everything beneath them (so every
    // goal appears exactly once): the topmost ones, under no other deferred or rejected goal.
    fn whole(w: &Workshop, id: GoalId, goal: &dyn Fn(GoalId, Vec<TreeGoal>) -> TreeGoal) -> TreeGoal {
        goal(id, w.children(Some(id)).into_iter().map(|c| whole(w, c, goal)).collect())
    }
    let set_aside_above = |id: GoalId| {
        let mut current = w.parent(id);
        while let Some(p) = current {
            if !active(p) {
                return true;
            }
            current = w.parent(p);
        }
        false
    };
    let apart = |status: Status| -> Vec<TreeGoal> {
        w.goals().iter().filter(|g| g.status == status && !set_aside_above(g.id)).map(|g| whole(w, g.id, &goal)).collect()
    };
    GoalTreeDoc {
        format: FORMAT.into(),
        version: VERSION,
        workshop: w.title.clone(),
        strategy: w.strategy.clone(),
        exported: exported.to_rfc3339(),
        departments: w
            .departments()
            .iter()
            .map(|d| DepartmentRef { id: d.id.to_string(), name: d.name.clone(), colour: d.colour.to_string() })
            .collect(),
        tree,
        unaligned,
        deferred: apart(Status::Deferred),
        rejected: apart(Status::Rejected),
        decisions: w
            .decisions()
            .iter()
            .map(|d| TreeDecision {
                conflict: d.summary.clone(),
                decision: d.resolution.describe(w),
                rationale: d.rationale.clone(),
                at: d.at.to_rfc3339(),
            })
            .collect(),
        next_ids: {
            let (next, derived) = (w.next_ids(), w.derived_next_ids());
            (next.department != derived.department || next.goal != derived.goal)
                .then_some(TreeNextIds { department: next.department, goal: next.goal })
        },
    }
}

pub fn to_json(doc: &GoalTreeDoc) -> String {
    serde_json::to_string_pretty(doc).expect("goal trees serialise")
}

/// Every goal of the tree document, depth first (tree, unaligned, deferred, rejected).
pub fn all_goals(doc: &GoalTreeDoc) -> Vec<&TreeGoal> {
    fn walk<'a>(g: &'a TreeGoal, out: &mut Vec<&'a TreeGoal>) {
        out.push(g);
        for c in &g.children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for g in doc.tree.iter().chain(&doc.unaligned).chain(&doc.deferred).chain(&doc.rejected) {
        walk(g, &mut out);
    }
    out
}

/// Reads a goal-tree file, checking format, version, shape, unique IDs, references to
/// goals, departments and decisions, and known levels and statuses.
pub fn restore_tree(bytes: &[u8]) -> Result<GoalTreeDoc, ImportError> {
    restore_tree_value(&crate::domain::wire::parse_json(bytes)?)
}

/// `restore_tree` for a document already parsed (and size-checked).
///
/// Checked as thoroughly as a workshop file: counts first (before anything is built),
/// then shape, then every text by the workshop's rules (and written trimmed), times,
/// IDs (well formed, each goal and department once, department names unique), levels
/// deepening down each branch, statuses where they belong (nothing deferred or rejected
/// in `tree` or `unaligned`; `deferred` and `rejected` headed by such goals), links and
/// decisions that exist, priorities that name a round. A goal refused for its ID is not
/// reported again at each reference to it.
pub fn restore_tree_value(value: &serde_json::Value) -> Result<GoalTreeDoc, ImportError> {
    crate::domain::wire::check_format_of(value, FORMAT, VERSION)?;
    check_tree_counts(value)?;
    let doc: GoalTreeDoc = crate::domain::wire::deserialize_at(value)?;
    // Every goal with its JSON path and its parent's level, depth first.
    struct At<'a> {
        path: String,
        goal: &'a TreeGoal,
        parent: Option<&'a TreeGoal>,
        list: &'static str,
    }
    fn walk<'a>(g: &'a TreeGoal, parent: Option<&'a TreeGoal>, path: String, list: &'static str, out: &mut Vec<At<'a>>) {
        out.push(At { path: path.clone(), goal: g, parent, list });
        for (k, c) in g.children.iter().enumerate() {
            walk(c, Some(g), format!("{path}.children[{k}]"), list, out);
        }
    }
    let mut goals: Vec<At<'_>> = Vec::new();
    for (key, list) in [("tree", &doc.tree), ("unaligned", &doc.unaligned), ("deferred", &doc.deferred), ("rejected", &doc.rejected)] {
        for (i, g) in list.iter().enumerate() {
            walk(g, None, format!("$.{key}[{i}]"), key, &mut goals);
        }
    }
    let mut problems = Vec::new();
    // Text is held to the workshop's rules (lengths, no control characters or direction
    // overrides, trimmed where Accord trims): a shared tree must not disguise a title either.
    let mut text = |path: String, field: Field, value: &str| {
        if let Err(problem) = text::check_written(field, value) {
            problems.push(Problem::at(path, ProblemKind::Text { field, problem }));
        }
    };
    text("$.workshop".into(), Field::WorkshopTitle, &doc.workshop);
    text("$.strategy".into(), Field::Strategy, &doc.strategy);
    for (i, d) in doc.departments.iter().enumerate() {
        text(format!("$.departments[{i}].name"), Field::DepartmentName, &d.name);
    }
    for (i, d) in doc.decisions.iter().enumerate() {
        text(format!("$.decisions[{i}].rationale"), Field::Rationale, &d.rationale);
    }
    for At { path, goal: g, .. } in &goals {
        for (key, field, value) in [
            ("title", Field::GoalTitle, &g.title),
            ("description", Field::GoalDescription, &g.description),
            ("owner", Field::Owner, &g.owner),
            ("metric", Field::Metric, &g.metric),
            ("target", Field::Target, &g.target),
        ] {
            text(format!("{path}.{key}"), field, value);
        }
        if let Some(p) = &g.priority {
            text(format!("{path}.priority.round_name"), Field::RoundName, &p.round_name);
        }
    }
    if Timestamp::parse_rfc3339(&doc.exported).is_none() {
        problems.push(Problem::at("$.exported", ProblemKind::BadTime(doc.exported.clone())));
    }
    for (i, d) in doc.decisions.iter().enumerate() {
        if Timestamp::parse_rfc3339(&d.at).is_none() {
            problems.push(Problem::at(format!("$.decisions[{i}].at"), ProblemKind::BadTime(d.at.clone())));
        }
    }
    // Departments: each ID well formed and once, each name once (as in a workshop, names
    // differing only in case are the same department), colours like #2563eb.
    let mut department_ids = std::collections::HashSet::new();
    let mut department_names = std::collections::HashSet::new();
    let mut refused_departments = std::collections::HashSet::new();
    for (i, d) in doc.departments.iter().enumerate() {
        let path = format!("$.departments[{i}]");
        if crate::domain::model::DepartmentId::parse(&d.id).is_none() {
            problems.push(Problem::at(format!("{path}.id"), ProblemKind::BadId { expected: "department", found: d.id.clone() }));
            refused_departments.insert(d.id.as_str());
        } else if !department_ids.insert(d.id.as_str()) {
            problems.push(Problem::at(format!("{path}.id"), ProblemKind::Shape(format!("two departments have the ID {}", d.id))));
        }
        if !department_names.insert(d.name.trim().to_lowercase()) {
            problems.push(Problem::at(format!("{path}.name"), ProblemKind::Shape(format!("there is already a department called “{}”", d.name.trim()))));
        }
        if crate::domain::model::Colour::parse(&d.colour).is_none() {
            problems.push(Problem::at(format!("{path}.colour"), ProblemKind::BadColour(d.colour.clone())));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut refused = std::collections::HashSet::new();
    for At { path, goal: g, .. } in &goals {
        if GoalId::parse(&g.id).is_none() {
            problems.push(Problem::at(format!("{path}.id"), ProblemKind::BadId { expected: "goal", found: g.id.clone() }));
            refused.insert(g.id.as_str());
        } else if !seen.insert(g.id.as_str()) {
            problems.push(Problem::at(format!("{path}.id"), ProblemKind::Shape(format!("the goal ID {} appears twice", g.id))));
        }
    }
    for At { path, goal: g, parent, list } in &goals {
        let level = Level::from_wire(&g.level);
        let status = Status::from_wire(&g.status);
        if level.is_none() {
            problems.push(Problem::at(format!("{path}.level"), ProblemKind::Shape(format!("unknown level \"{}\"", g.level))));
        }
        if status.is_none() {
            problems.push(Problem::at(format!("{path}.status"), ProblemKind::Shape(format!("unknown status \"{}\"", g.status))));
        }
        // Levels deepen down every branch; `tree` is headed by objectives, `unaligned` by
        // anything else.
        match (level, parent.map(|p| Level::from_wire(&p.level))) {
            (Some(level), Some(Some(parent_level))) if !level.may_sit_under(parent_level) => problems.push(Problem::at(
                format!("{path}.level"),
                ProblemKind::Shape(format!("a {} cannot sit under a {}: levels deepen down the tree", level.label(), parent_level.label())),
            )),
            (Some(level), None) if *list == "tree" && level != Level::Objective => problems.push(Problem::at(
                format!("{path}.level"),
                ProblemKind::Shape(format!("the tree is headed by company objectives; a {} that traces to none belongs in \"unaligned\"", level.label())),
            )),
            (Some(Level::Objective), None) if *list == "unaligned" => problems.push(Problem::at(
                format!("{path}.level"),
                ProblemKind::Shape("a company objective belongs in \"tree\", not in \"unaligned\"".into()),
            )),
            _ => {}
        }
        // Deferred and rejected goals are listed apart, each heading its own list.
        let set_aside = matches!(status, Some(Status::Deferred | Status::Rejected));
        let misplaced = match (*list, parent, status) {
            ("tree" | "unaligned", _, Some(_)) => set_aside,
            ("deferred", None, Some(s)) => s != Status::Deferred,
            ("rejected", None, Some(s)) => s != Status::Rejected,
            _ => false,
        };
        if misplaced {
            let said = if set_aside { format!("a {} goal belongs in \"{}\", not in \"{list}\"", g.status, g.status) } else { format!("the goals heading \"{list}\" are {list} goals, not {}", g.status) };
            problems.push(Problem::at(format!("{path}.status"), ProblemKind::Shape(said)));
        }
        if let Some(d) = &g.department {
            if !refused_departments.contains(d.as_str()) && !department_ids.contains(d.as_str()) {
                problems.push(Problem::at(format!("{path}.department"), ProblemKind::Dangling { what: "department", id: d.clone() }));
            }
        }
        for (key, list) in [("depends_on", &g.depends_on), ("conflicts_with", &g.conflicts_with)] {
            let mut once = std::collections::HashSet::new();
            for (k, link) in list.iter().enumerate() {
                let at = format!("{path}.{key}[{k}]");
                if refused.contains(link.as_str()) {
                    continue;
                }
                if !once.insert(link.as_str()) {
                    problems.push(Problem::at(at, ProblemKind::Shape(format!("goal {link} is listed twice"))));
                } else if link == &g.id {
                    problems.push(Problem::at(at, ProblemKind::Shape("a goal cannot be linked to itself".into())));
                } else if !seen.contains(link.as_str()) {
                    problems.push(Problem::at(at, ProblemKind::Dangling { what: "goal", id: link.clone() }));
                }
            }
        }
        let mut once = std::collections::HashSet::new();
        for (k, i) in g.decisions.iter().enumerate() {
            if *i >= doc.decisions.len() {
                problems.push(Problem::at(format!("{path}.decisions[{k}]"), ProblemKind::Shape(format!("there is no decision {i}"))));
            } else if !once.insert(*i) {
                problems.push(Problem::at(format!("{path}.decisions[{k}]"), ProblemKind::Shape(format!("decision {i} is listed twice"))));
            }
        }
        if let Some(p) = &g.priority {
            if crate::domain::model::RoundId::parse(&p.round).is_none() {
                problems.push(Problem::at(format!("{path}.priority.round"), ProblemKind::BadId { expected: "round", found: p.round.clone() }));
            }
            if p.rank == 0 || !p.value.is_finite() {
                problems.push(Problem::at(format!("{path}.priority"), ProblemKind::Shape("a priority needs a rank from 1 and a finite value".into())));
            }
        }
    }
    if let Some(next) = &doc.next_ids {
        let highest_goal = goals.iter().filter_map(|a| GoalId::parse(&a.goal.id)).map(|g| g.0).max();
        let highest_department = doc.departments.iter().filter_map(|d| crate::domain::model::DepartmentId::parse(&d.id)).map(|d| d.0).max();
        for (key, given, highest) in [("goal", next.goal, highest_goal), ("department", next.department, highest_department)] {
            if given == 0 || given > crate::domain::model::LAST_ID + 1 {
                problems.push(Problem::at(
                    format!("$.next_ids.{key}"),
                    ProblemKind::Shape(format!("the next {key} ID ({given}) must be from 1 to {} (the last ID a file can hold, plus one)", crate::domain::model::LAST_ID + 1)),
                ));
            } else if highest.is_some_and(|h| given <= h) {
                problems.push(Problem::at(
                    format!("$.next_ids.{key}"),
                    ProblemKind::Shape(format!("the next {key} ID ({given}) must be above every {key} ID in the file, so no ID is ever reused")),
                ));
            }
        }
    }
    if problems.is_empty() { Ok(doc) } else { Err(ImportError { problems }) }
}

/// Refuses a tree with more goals or departments than a workshop may hold, counted on
/// the parsed JSON before anything is built from it.
fn check_tree_counts(value: &serde_json::Value) -> Result<(), ImportError> {
    use crate::domain::wire::{MAX_DEPARTMENTS, MAX_GOALS};
    fn count(v: &serde_json::Value, limit: usize, total: &mut usize) {
        for child in v.as_array().into_iter().flatten() {
            if *total > limit {
                return;
            }
            *total += 1;
            count(child.get("children").unwrap_or(&serde_json::Value::Null), limit, total);
        }
    }
    let mut goals = 0usize;
    for key in ["tree", "unaligned", "deferred", "rejected"] {
        count(value.get(key).unwrap_or(&serde_json::Value::Null), MAX_GOALS, &mut goals);
    }
    let mut problems = Vec::new();
    if goals > MAX_GOALS {
        problems.push(Problem::at("$", ProblemKind::TooMany { what: "goals", max: MAX_GOALS }));
    }
    if value.get("departments").and_then(|d| d.as_array()).is_some_and(|d| d.len() > MAX_DEPARTMENTS) {
        problems.push(Problem::at("$.departments", ProblemKind::TooMany { what: "departments", max: MAX_DEPARTMENTS }));
    }
    if problems.is_empty() { Ok(()) } else { Err(ImportError { problems }) }
}

/// A new workshop seeded from someone's agreed tree: its departments, goals (with status,
/// owner, effort, metric, target), hierarchy and links. Rounds, ballots and decisions stay
/// with the original workshop.
pub fn seed_workshop(doc: &GoalTreeDoc, now: Timestamp) -> Result<Workshop, crate::domain::model::ModelError> {
    use crate::domain::model::{Colour, Department, DepartmentId, Goal, LinkKind};
    let mut w = Workshop::new(&doc.workshop.chars().take(200).collect::<String>(), now)?;
    w.set_strategy(&doc.strategy.chars().take(4000).collect::<String>())?;
    for d in &doc.departments {
        if let (Some(id), Some(colour)) = (DepartmentId::parse(&d.id), Colour::parse(&d.colour)) {
            w.insert_department(Department { id, name: d.name.clone(), colour, capacity: None })?;
        }
    }
    let goals = all_goals(doc);
    for g in &goals {
        let id = GoalId::parse(&g.id).ok_or(crate::domain::model::ModelError::BadMethod(format!("bad goal ID {}", g.id)))?;
        let mut goal = Goal::new(id, g.title.clone(), Level::from_wire(&g.level).unwrap_or(Level::Initiative));
        goal.department = g.department.as_deref().and_then(DepartmentId::parse);
        goal.description = g.description.clone();
        goal.owner = g.owner.clone();
        goal.effort = g.effort;
        goal.metric = g.metric.clone();
        goal.target = g.target.clone();
        goal.status = Status::from_wire(&g.status).unwrap_or_default();
        w.insert_goal(goal)?;
    }
    fn parents(g: &TreeGoal, out: &mut Vec<(String, String)>) {
        for c in &g.children {
            out.push((c.id.clone(), g.id.clone()));
            parents(c, out);
        }
    }
    let mut pairs = Vec::new();
    // A deferred or rejected goal's own parent is not in the file; its subtree is.
    for g in doc.tree.iter().chain(&doc.unaligned).chain(&doc.deferred).chain(&doc.rejected) {
        parents(g, &mut pairs);
    }
    for (child, parent) in pairs {
        if let (Some(c), Some(p)) = (GoalId::parse(&child), GoalId::parse(&parent)) {
            w.set_parent(c, Some(p))?;
        }
    }
    for g in &goals {
        let Some(id) = GoalId::parse(&g.id) else { continue };
        for (kind, list) in [(LinkKind::DependsOn, &g.depends_on), (LinkKind::ConflictsWith, &g.conflicts_with)] {
            for other in list.iter().filter_map(|o| GoalId::parse(o)) {
                if !w.graph().has_link(id, kind, other) {
                    w.add_link(id, kind, other)?;
                }
            }
        }
    }
    if let Some(n) = &doc.next_ids {
        let mut next = w.next_ids();
        next.department = next.department.max(n.department);
        next.goal = next.goal.max(n.goal);
        w.restore_next_ids(next).expect("raised marks are above every ID");
    }
    Ok(w)
}
