//! The goal-tree diff is complete: for any two trees it is empty exactly when they are
//! equal (the export time aside), applying it to the old tree gives the new one, and its
//! JSON follows the published schema. The trees are agreed trees of generated workshops
//! with random mutations of every field, so the two are often close.

use accord::domain::demo::demo_workshop;
use accord::domain::render::diff::{apply, diff, markdown, text, ApplyError, Change, Link, List, Place};
use accord::domain::render::goal_tree::{agreed_tree, all_goals, DepartmentRef, GoalTreeDoc, TreeDecision, TreeGoal, TreeNextIds, TreePriority};
use accord::domain::time::Timestamp;
use proptest::prelude::*;
use serde_json::Value;

use crate::support::any_workshop;

const EXPORTED: Timestamp = Timestamp(1_795_772_096_000);

pub fn diff_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    VALIDATOR.get_or_init(diff_schema)
}

fn diff_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-diff-v1.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
}

fn schema_errors(v: &jsonschema::Validator, changes: &[Change]) -> Vec<String> {
    let value = serde_json::to_value(changes).unwrap();
    v.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// One random change to a tree document. Indexes pick among what is there (modulo).
#[derive(Debug, Clone)]
enum Mutation {
    Workshop(String),
    Strategy(String),
    Exported(String),
    DepartmentAdd(usize, String, u32),
    DepartmentRemove(usize),
    DepartmentRename(usize, String),
    DepartmentRecolour(usize, u32),
    DepartmentMove(usize, usize),
    Title(usize, String),
    Description(usize, String),
    Level(usize, usize),
    Status(usize, usize),
    Department(usize, Option<usize>),
    Owner(usize, String),
    Effort(usize, Option<u32>),
    Metric(usize, String),
    Target(usize, String),
    Priority(usize, Option<(u32, i32, u32, String)>),
    /// Toggle a link to another goal (added at a random position, or removed).
    Link(usize, bool, usize, usize),
    LinksReversed(usize, bool),
    GoalDecisions(usize, Vec<usize>),
    /// Move a goal (with its subtree) to a random place and position.
    Move(usize, usize, usize),
    /// Move a goal to another position among its siblings.
    Reorder(usize, usize),
    /// Remove a goal: with its subtree, or its children go to the unaligned list.
    Remove(usize, bool),
    Add(usize, usize, String),
    DecisionAdd(usize, String),
    DecisionRemove(usize),
    DecisionEdit(usize, String),
    NextIds(Option<(u32, u32)>),
}

fn any_text() -> impl Strategy<Value = String> {
    // Few characters, so values often coincide (a change to the same value is no change),
    // with the ones Markdown and tables care about.
    prop::string::string_regex("[ab|*_\n<]{0,3}").unwrap()
}

fn any_mutation() -> impl Strategy<Value = Mutation> {
    let i = || 0usize..64;
    prop_oneof![
        any_text().prop_map(Mutation::Workshop),
        any_text().prop_map(Mutation::Strategy),
        any_text().prop_map(Mutation::Exported),
        (i(), any_text(), 0u32..4).prop_map(|(a, b, c)| Mutation::DepartmentAdd(a, b, c)),
        i().prop_map(Mutation::DepartmentRemove),
        (i(), any_text()).prop_map(|(a, b)| Mutation::DepartmentRename(a, b)),
        (i(), 0u32..4).prop_map(|(a, b)| Mutation::DepartmentRecolour(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::DepartmentMove(a, b)),
        (i(), any_text()).prop_map(|(a, b)| Mutation::Title(a, b)),
        (i(), any_text()).prop_map(|(a, b)| Mutation::Description(a, b)),
        (i(), 0usize..4).prop_map(|(a, b)| Mutation::Level(a, b)),
        (i(), 0usize..4).prop_map(|(a, b)| Mutation::Status(a, b)),
        (i(), prop::option::of(i())).prop_map(|(a, b)| Mutation::Department(a, b)),
        (i(), any_text()).prop_map(|(a, b)| Mutation::Owner(a, b)),
        (i(), prop::option::of(0u32..3)).prop_map(|(a, b)| Mutation::Effort(a, b)),
        (i(), any_text()).prop_map(|(a, b)| Mutation::Metric(a, b)),
        (i(), any_text()).prop_map(|(a, b)| Mutation::Target(a, b)),
        (i(), prop::option::of((1u32..3, -2i32..3, 1u32..3, any_text()))).prop_map(|(a, b)| Mutation::Priority(a, b)),
        (i(), any::<bool>(), i(), i()).prop_map(|(a, b, c, d)| Mutation::Link(a, b, c, d)),
        (i(), any::<bool>()).prop_map(|(a, b)| Mutation::LinksReversed(a, b)),
        (i(), prop::collection::vec(0usize..4, 0..3)).prop_map(|(a, b)| Mutation::GoalDecisions(a, b)),
        (i(), i(), i()).prop_map(|(a, b, c)| Mutation::Move(a, b, c)),
        (i(), i()).prop_map(|(a, b)| Mutation::Reorder(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::Reorder(a, b)),
        (i(), i()).prop_map(|(a, b)| Mutation::DepartmentMove(a, b)),
        (i(), any::<bool>()).prop_map(|(a, b)| Mutation::Remove(a, b)),
        (i(), i(), any_text()).prop_map(|(a, b, c)| Mutation::Add(a, b, c)),
        (i(), any_text()).prop_map(|(a, b)| Mutation::DecisionAdd(a, b)),
        i().prop_map(Mutation::DecisionRemove),
        (i(), any_text()).prop_map(|(a, b)| Mutation::DecisionEdit(a, b)),
        prop::option::of((1u32..2000, 1u32..2000)).prop_map(Mutation::NextIds),
    ]
}

fn ids(doc: &GoalTreeDoc) -> Vec<String> {
    all_goals(doc).into_iter().map(|g| g.id.clone()).collect()
}

fn lists_mut(doc: &mut GoalTreeDoc) -> [&mut Vec<TreeGoal>; 4] {
    [&mut doc.tree, &mut doc.unaligned, &mut doc.deferred, &mut doc.rejected]
}

fn find_mut<'a>(goals: &'a mut [TreeGoal], id: &str) -> Option<&'a mut TreeGoal> {
    for g in goals {
        if g.id == id {
            return Some(g);
        }
        if let Some(found) = find_mut(&mut g.children, id) {
            return Some(found);
        }
    }
    None
}

fn goal_mut<'a>(doc: &'a mut GoalTreeDoc, id: &str) -> Option<&'a mut TreeGoal> {
    lists_mut(doc).into_iter().find_map(|list| find_mut(list, id))
}

/// The list of siblings that holds the goal `id`.
fn container<'a>(goals: &'a mut Vec<TreeGoal>, id: &str) -> Option<&'a mut Vec<TreeGoal>> {
    if goals.iter().any(|g| g.id == id) {
        return Some(goals);
    }
    goals.iter_mut().find_map(|g| container(&mut g.children, id))
}

fn detach_from(goals: &mut Vec<TreeGoal>, id: &str) -> Option<TreeGoal> {
    if let Some(at) = goals.iter().position(|g| g.id == id) {
        return Some(goals.remove(at));
    }
    goals.iter_mut().find_map(|g| detach_from(&mut g.children, id))
}

fn detach(doc: &mut GoalTreeDoc, id: &str) -> Option<TreeGoal> {
    lists_mut(doc).into_iter().find_map(|list| detach_from(list, id))
}

/// Puts `goal` at position `pos` of the place picked by `target`: one of the four lists
/// or under one of the goals in the document.
fn place(doc: &mut GoalTreeDoc, target: usize, pos: usize, goal: TreeGoal) {
    let goals = ids(doc);
    let siblings: &mut Vec<TreeGoal> = match target % (4 + goals.len()) {
        t if t < 4 => lists_mut(doc).into_iter().nth(t).unwrap(),
        t => &mut goal_mut(doc, &goals[t - 4]).unwrap().children,
    };
    let at = pos % (siblings.len() + 1);
    siblings.insert(at, goal);
}

fn nth<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

const COLOURS: [&str; 4] = ["#2563eb", "#d97706", "#DB2777", "#059669"];
const LEVELS: [&str; 4] = ["objective", "department_goal", "initiative", "individual"];
const STATUSES: [&str; 4] = ["proposed", "agreed", "deferred", "rejected"];

fn mutate(doc: &mut GoalTreeDoc, m: Mutation) {
    let goals = ids(doc);
    let goal = |i: usize| nth(&goals, i);
    let highest = |prefix: char, ids: &mut dyn Iterator<Item = String>| ids.filter_map(|id| id.strip_prefix(prefix).and_then(|n| n.parse::<u32>().ok())).max().unwrap_or(0);
    match m {
        Mutation::Workshop(t) => doc.workshop = t,
        Mutation::Strategy(t) => doc.strategy = t,
        Mutation::Exported(t) => doc.exported = t,
        Mutation::DepartmentAdd(pos, name, colour) => {
            let id = format!("d{}", highest('d', &mut doc.departments.iter().map(|d| d.id.clone())) + 1);
            let at = pos % (doc.departments.len() + 1);
            doc.departments.insert(at, DepartmentRef { id, name, colour: COLOURS[colour as usize].into() });
        }
        Mutation::DepartmentRemove(i) if !doc.departments.is_empty() => {
            let at = i % doc.departments.len();
            doc.departments.remove(at);
        }
        Mutation::DepartmentRename(i, name) if !doc.departments.is_empty() => {
            let at = i % doc.departments.len();
            doc.departments[at].name = name;
        }
        Mutation::DepartmentRecolour(i, colour) if !doc.departments.is_empty() => {
            let at = i % doc.departments.len();
            doc.departments[at].colour = COLOURS[colour as usize].into();
        }
        Mutation::DepartmentMove(i, to) if !doc.departments.is_empty() => {
            let at = i % doc.departments.len();
            let d = doc.departments.remove(at);
            let to = to % (doc.departments.len() + 1);
            doc.departments.insert(to, d);
        }
        Mutation::Move(i, target, pos) => {
            if let Some(id) = goal(i) {
                let g = detach(doc, &id).unwrap();
                place(doc, target, pos, g);
            }
        }
        Mutation::Reorder(i, pos) => {
            if let Some(id) = goal(i) {
                let siblings = lists_mut(doc).into_iter().find_map(|list| container(list, &id)).unwrap();
                let at = siblings.iter().position(|g| g.id == id).unwrap();
                let g = siblings.remove(at);
                let to = pos % (siblings.len() + 1);
                siblings.insert(to, g);
            }
        }
        Mutation::Remove(i, with_children) => {
            if let Some(id) = goal(i) {
                let mut g = detach(doc, &id).unwrap();
                if !with_children {
                    doc.unaligned.append(&mut g.children);
                }
            }
        }
        Mutation::Add(target, pos, title) => {
            let id = format!("g{}", highest('g', &mut goals.iter().cloned()) + 1);
            let mut g = doc.tree.first().cloned().unwrap_or_else(|| blank_goal(&id));
            g.id = id;
            g.title = title;
            g.children = Vec::new();
            place(doc, target, pos, g);
        }
        Mutation::DecisionAdd(pos, t) => {
            let at = pos % (doc.decisions.len() + 1);
            doc.decisions.insert(at, TreeDecision { conflict: t.clone(), decision: "Merged".into(), rationale: t, at: "2026-01-01T00:00:00.000Z".into() });
        }
        Mutation::DecisionRemove(i) if !doc.decisions.is_empty() => {
            let at = i % doc.decisions.len();
            doc.decisions.remove(at);
        }
        Mutation::DecisionEdit(i, t) if !doc.decisions.is_empty() => {
            let at = i % doc.decisions.len();
            doc.decisions[at].rationale = t;
        }
        Mutation::NextIds(n) => doc.next_ids = n.map(|(department, goal)| TreeNextIds { department, goal }),
        m => {
            // Changes to one goal's fields.
            let (i, others) = match &m {
                Mutation::Title(i, _) | Mutation::Description(i, _) | Mutation::Level(i, _) | Mutation::Status(i, _) | Mutation::Department(i, _) => (*i, None),
                Mutation::Owner(i, _) | Mutation::Effort(i, _) | Mutation::Metric(i, _) | Mutation::Target(i, _) | Mutation::Priority(i, _) => (*i, None),
                Mutation::Link(i, _, other, _) => (*i, goal(*other)),
                Mutation::LinksReversed(i, _) | Mutation::GoalDecisions(i, _) => (*i, None),
                _ => return,
            };
            let departments: Vec<String> = doc.departments.iter().map(|d| d.id.clone()).collect();
            let Some(id) = goal(i) else { return };
            let g = goal_mut(doc, &id).unwrap();
            match m {
                Mutation::Title(_, t) => g.title = t,
                Mutation::Description(_, t) => g.description = t,
                Mutation::Level(_, l) => g.level = LEVELS[l].into(),
                Mutation::Status(_, s) => g.status = STATUSES[s].into(),
                Mutation::Department(_, d) => g.department = d.and_then(|d| nth(&departments, d)),
                Mutation::Owner(_, t) => g.owner = t,
                Mutation::Effort(_, e) => g.effort = e,
                Mutation::Metric(_, t) => g.metric = t,
                Mutation::Target(_, t) => g.target = t,
                Mutation::Priority(_, p) => {
                    g.priority = p.map(|(rank, value, round, round_name)| TreePriority { rank, value: f64::from(value) / 2.0, round: format!("r{round}"), round_name })
                }
                Mutation::Link(_, depends, _, pos) => {
                    let list = if depends { &mut g.depends_on } else { &mut g.conflicts_with };
                    let other = others.unwrap();
                    if let Some(at) = list.iter().position(|o| *o == other) {
                        list.remove(at);
                    } else {
                        let at = pos % (list.len() + 1);
                        list.insert(at, other);
                    }
                }
                Mutation::LinksReversed(_, depends) => (if depends { &mut g.depends_on } else { &mut g.conflicts_with }).reverse(),
                Mutation::GoalDecisions(_, d) => g.decisions = d,
                _ => {}
            }
        }
    }
}

fn blank_goal(id: &str) -> TreeGoal {
    TreeGoal {
        id: id.into(),
        title: String::new(),
        description: String::new(),
        level: "initiative".into(),
        status: "proposed".into(),
        department: None,
        owner: String::new(),
        effort: None,
        metric: String::new(),
        target: String::new(),
        priority: None,
        depends_on: Vec::new(),
        conflicts_with: Vec::new(),
        decisions: Vec::new(),
        children: Vec::new(),
    }
}

fn mutated(doc: &GoalTreeDoc, mutations: Vec<Mutation>) -> GoalTreeDoc {
    let mut doc = doc.clone();
    for m in mutations {
        mutate(&mut doc, m);
    }
    doc
}

/// Two trees: of one generated workshop, each with its own few mutations (often none,
/// so equal trees are common), or of two unrelated workshops.
fn any_pair() -> impl Strategy<Value = (GoalTreeDoc, GoalTreeDoc)> {
    let close = (any_workshop(), prop::collection::vec(any_mutation(), 0..4), prop::collection::vec(any_mutation(), 0..6)).prop_map(|(w, a, b)| {
        let old = mutated(&agreed_tree(&w, EXPORTED), a);
        let new = mutated(&old, b);
        (old, new)
    });
    let apart = (any_workshop(), any_workshop()).prop_map(|(a, b)| (agreed_tree(&a, EXPORTED), agreed_tree(&b, Timestamp(0))));
    prop_oneof![9 => close, 1 => apart]
}

fn without_export_time(doc: &GoalTreeDoc) -> GoalTreeDoc {
    GoalTreeDoc { exported: String::new(), ..doc.clone() }
}

/// In every Markdown table row, the cells are the header's: no text from the file can
/// add a column or a line.
fn tables_hold(md: &str) -> Result<(), String> {
    let cells = |line: &str| {
        let (mut count, mut escaped) = (0, false);
        for c in line.chars() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '|' {
                count += 1;
            }
        }
        count
    };
    let mut header = None;
    for line in md.lines() {
        if line.starts_with("### ") || line.is_empty() {
            header = None;
        } else if line.starts_with('|') {
            match header {
                None => header = Some(cells(line)),
                Some(n) if cells(line) != n => return Err(format!("{line:?} has other cells than its header")),
                Some(_) => {}
            }
        } else if !line.starts_with("## ") && !line.ends_with("change.") && !line.ends_with("changes.") && line != "No changes." {
            return Err(format!("{line:?} is outside every table"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The diff is empty exactly when the trees are equal (export time aside), applying it
    /// to the old tree gives the new one, and its JSON follows the published schema.
    #[test]
    fn the_diff_is_complete_and_applies((old, new) in any_pair()) {
        let changes = diff(&old, &new);
        prop_assert_eq!(changes.is_empty(), without_export_time(&old) == without_export_time(&new), "{:#?}", changes);
        let applied = apply(&old, &changes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(without_export_time(&applied), without_export_time(&new));
        prop_assert_eq!(&applied.exported, &old.exported, "the export time is not a change");
        let errors = schema_errors(diff_validator(), &changes);
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(text(&changes).lines().count(), changes.len().max(1));
        tables_hold(&markdown(&changes)).map_err(TestCaseError::fail)?;
    }

    /// The reverse diff undoes the diff.
    #[test]
    fn the_reverse_diff_takes_the_new_tree_back((old, new) in any_pair()) {
        let back = apply(&new, &diff(&new, &old)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(without_export_time(&back), without_export_time(&old));
    }
}

/// The fault in the issue: a goal that changed department, title, effort and target and
/// lost its links was "no changes" (only owner changes counted).
#[test]
fn every_field_of_a_goal_is_a_change() {
    let w = demo_workshop().unwrap();
    let old = agreed_tree(&w, EXPORTED);
    let mut new = agreed_tree(&w, Timestamp(EXPORTED.0 + 86_400_000));
    let g = goal_mut(&mut new, "g14").unwrap();
    g.department = Some("d1".into());
    g.title = "Hold gross margin above 72%".into();
    g.description = "Quarterly".into();
    g.effort = Some(12);
    g.target = "> 72%".into();
    g.level = "initiative".into();
    g.conflicts_with.clear();
    goal_mut(&mut new, "g6").unwrap().conflicts_with.clear();
    let lines: Vec<String> = diff(&old, &new).iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "~ g6 “Open the DACH market with launch pricing” conflicts with g14 → none",
            "~ g14 title “Hold gross margin above 70%” → “Hold gross margin above 72%”",
            "~ g14 “Hold gross margin above 72%” description “No discount deeper than 10% without finance sign-off.” → “Quarterly”",
            "~ g14 “Hold gross margin above 72%” level department_goal → initiative",
            "~ g14 “Hold gross margin above 72%” department d5 → d1",
            "~ g14 “Hold gross margin above 72%” effort 10 person-weeks → 12 person-weeks",
            "~ g14 “Hold gross margin above 72%” target “> 70%” → “> 72%”",
            "~ g14 “Hold gross margin above 72%” conflicts with g6 → none",
        ]
    );
    assert_eq!(without_export_time(&apply(&old, &diff(&old, &new)).unwrap()), without_export_time(&new));
}

#[test]
fn departments_decisions_order_and_next_ids_are_changes() {
    let w = demo_workshop().unwrap();
    let old = agreed_tree(&w, EXPORTED);
    let mut new = old.clone();
    new.departments.swap(0, 1);
    new.departments[2].name = "Brand".into();
    new.departments.pop();
    new.decisions.push(TreeDecision { conflict: "Capacity".into(), decision: "Deferred g9".into(), rationale: "Later".into(), at: "2026-11-20T16:45:00.000Z".into() });
    new.next_ids = Some(TreeNextIds { department: 9, goal: 40 });
    new.tree.swap(0, 1);
    let lines: Vec<String> = diff(&old, &new).iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "~ department d2 “Sales” now listed first",
            "~ department d3 name “Marketing” → “Brand”",
            "- department d5 “Operations & Finance” removed",
            "~ g2 “Customers renew because they succeed” reordered under the top: now first",
            "+ decision 1 added: “Capacity” — Deferred g9",
            "~ next IDs not given → department d9, goal g40",
        ],
        "{lines:#?}"
    );
}

#[test]
fn a_change_list_for_another_tree_is_refused() {
    let old = agreed_tree(&demo_workshop().unwrap(), EXPORTED);
    let stray = Change::Reowned { goal: "g999".into(), title: "Nothing".into(), from: String::new(), to: "Mallory".into() };
    assert_eq!(apply(&old, &[stray]), Err(ApplyError::NoSuchGoal("g999".into())));
    let nowhere = Change::Moved { goal: "g5".into(), title: String::new(), from: Place::Under { parent: "g1".into() }, to: Place::Top { list: List::Deferred }, after: Some("g404".into()) };
    assert_eq!(apply(&old, &[nowhere]), Err(ApplyError::NoSuchAnchor("g404".into())));
    let orphaned = Change::Removed { goal: "g1".into(), title: String::new(), place: Place::Top { list: List::Tree } };
    assert_eq!(apply(&old, &[orphaned]), Err(ApplyError::Unplaced("g5".into())), "g1's children are neither removed nor moved");
    let relink = Change::Relinked { goal: "g5".into(), title: String::new(), link: Link::DependsOn, from: vec![], to: vec!["g6".into()] };
    assert!(apply(&old, &[relink]).is_ok());
}

/// Text from the file cannot become Markdown: no link, heading, HTML, mention or extra
/// table cell in the pull-request comment.
#[test]
fn markdown_escapes_what_the_file_says() {
    let old = agreed_tree(&demo_workshop().unwrap(), EXPORTED);
    let mut new = old.clone();
    goal_mut(&mut new, "g14").unwrap().title = "[click](https://x.invalid) | <b>bold</b> @team #1\nnext".into();
    let md = markdown(&diff(&old, &new));
    assert!(md.contains("\\[click\\]\\(https\\:\\/\\/x\\.invalid\\) \\| \\<b\\>bold\\<\\/b\\> \\@team \\#1 next"), "{md}");
    tables_hold(&md).unwrap();
    assert!(md.starts_with("## Goal tree changes\n\n1 change.\n\n### Goals changed\n\n| Goal | Title | Field | Before | After |\n|---|---|---|---|---|\n"), "{md}");
    assert_eq!(markdown(&[]), "## Goal tree changes\n\nNo changes.\n");
}

/// The generated pairs reach every kind of change, and equal trees, so the properties
/// above test what they claim.
#[test]
fn the_generated_pairs_reach_every_kind_of_change() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let strategy = any_pair();
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut equal = 0;
    for _ in 0..400 {
        let (old, new) = strategy.new_tree(&mut runner).unwrap().current();
        let changes = diff(&old, &new);
        equal += usize::from(changes.is_empty());
        for c in &changes {
            let kind = serde_json::to_value(c).unwrap()["change"].as_str().unwrap().to_string();
            *kinds.entry(kind).or_default() += 1;
        }
        if let Some(Change::Moved { from, to, .. }) = changes.iter().find(|c| matches!(c, Change::Moved { .. })) {
            *kinds.entry(if from == to { "moved (reordered)" } else { "moved (elsewhere)" }.into()).or_default() += 1;
        }
    }
    println!("{equal} equal pairs of 400; changes seen: {kinds:?}");
    assert!(equal >= 10, "{equal} equal pairs");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-diff-v1.schema.json")).unwrap()).unwrap();
    let mut all: Vec<String> = schema["items"]["oneOf"].as_array().unwrap().iter().map(|v| v["properties"]["change"]["const"].as_str().unwrap().to_string()).collect();
    all.extend(["moved (reordered)".into(), "moved (elsewhere)".into()]);
    let missing: Vec<&String> = all.iter().filter(|k| !kinds.contains_key(*k)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}
