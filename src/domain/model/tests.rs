//! The model's rules, told as small workshops.

use super::*;
use crate::domain::time::Timestamp;

fn goal(w: &mut Workshop, title: &str, level: Level, parent: Option<GoalId>) -> GoalId {
    w.add_goal(NewGoal { title: title.into(), level, parent, department: None }).unwrap()
}

/// Revenue → Self-serve plan → Checkout → Alice's trial goal.
fn planning() -> (Workshop, [GoalId; 4]) {
    let mut w = Workshop::new("Annual planning", Timestamp(0)).unwrap();
    let revenue = goal(&mut w, "Grow revenue", Level::Objective, None);
    let self_serve = goal(&mut w, "Self-serve plan", Level::DepartmentGoal, Some(revenue));
    let checkout = goal(&mut w, "Checkout", Level::Initiative, Some(self_serve));
    let trial = goal(&mut w, "Alice ships the trial", Level::Individual, Some(checkout));
    (w, [revenue, self_serve, checkout, trial])
}

#[test]
fn a_parent_cycle_is_refused_and_names_both_goals() {
    let (mut w, [_, self_serve, _, trial]) = planning();
    let before = w.clone();
    let error = w.set_parent(self_serve, Some(trial)).unwrap_err();
    assert!(matches!(error, ModelError::ParentCycle { .. }));
    assert_eq!(
        error.to_string(),
        "“Self-serve plan” can't go under “Alice ships the trial”: “Alice ships the trial” is already inside “Self-serve plan”, so the tree would loop."
    );
    assert_eq!(w, before, "a refused change leaves the workshop untouched");
}

#[test]
fn a_goal_cannot_be_its_own_parent() {
    let (mut w, [_, self_serve, ..]) = planning();
    assert!(matches!(w.set_parent(self_serve, Some(self_serve)), Err(ModelError::ParentCycle { .. })));
}

#[test]
fn a_department_goal_cannot_sit_under_an_initiative() {
    let (mut w, [_, _, checkout, _]) = planning();
    let error = w
        .add_goal(NewGoal { title: "Open DACH".into(), level: Level::DepartmentGoal, parent: Some(checkout), department: None })
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "“Open DACH” (department goal) can't go under “Checkout” (initiative): a goal must sit under a higher level."
    );
    assert_eq!(w.goals().len(), 4);
}

#[test]
fn objectives_sit_under_nothing_but_levels_may_be_skipped() {
    let (mut w, [revenue, ..]) = planning();
    let other = goal(&mut w, "Lean operation", Level::Objective, None);
    assert!(matches!(w.set_parent(other, Some(revenue)), Err(ModelError::WrongNesting { .. })));
    assert!(w.add_goal(NewGoal { title: "Hire".into(), level: Level::Initiative, parent: Some(revenue), department: None }).is_ok());
}

#[test]
fn changing_a_level_must_still_fit_between_parent_and_children() {
    let (mut w, [_, self_serve, ..]) = planning();
    let mut details = GoalDetails {
        title: "Self-serve plan".into(),
        description: String::new(),
        level: Level::Individual,
        department: None,
        owner: String::new(),
        effort: Some(3),
        metric: "Self-serve signups per month".into(),
        target: "500".into(),
        status: Status::Agreed,
    };
    assert!(matches!(w.update_goal(self_serve, details.clone()), Err(ModelError::WrongNesting { .. })));
    details.level = Level::DepartmentGoal;
    w.update_goal(self_serve, details).unwrap();
    assert_eq!(w.goal(self_serve).unwrap().status, Status::Agreed);
}

#[test]
fn links_to_missing_goals_and_self_links_are_refused() {
    let (mut w, [revenue, self_serve, checkout, _]) = planning();
    assert_eq!(w.add_link(checkout, LinkKind::DependsOn, GoalId(99)), Err(ModelError::UnknownGoal(GoalId(99))));
    assert!(matches!(w.add_link(checkout, LinkKind::ConflictsWith, checkout), Err(ModelError::SelfLink { .. })));
    w.add_link(checkout, LinkKind::ConflictsWith, self_serve).unwrap();
    assert!(matches!(w.add_link(self_serve, LinkKind::DependsOn, checkout), Err(ModelError::AlreadyLinked { .. })));
    assert_eq!(w.conflicts_with(self_serve), vec![checkout]);
    assert_eq!(w.conflicts_with(checkout), vec![self_serve]);
    // Mutual dependencies are a cycle for the conflict board, not an illegal state.
    w.add_link(revenue, LinkKind::DependsOn, checkout).unwrap();
    w.add_link(checkout, LinkKind::DependsOn, revenue).unwrap();
    assert_eq!(w.depends_on(checkout), vec![revenue]);
}

#[test]
fn removing_a_goal_removes_its_subtree_and_links() {
    let (mut w, [revenue, self_serve, checkout, trial]) = planning();
    let lean = goal(&mut w, "Lean operation", Level::Objective, None);
    w.add_link(lean, LinkKind::DependsOn, checkout).unwrap();
    assert_eq!(w.remove_goal_subtree(self_serve).unwrap(), vec![self_serve, checkout, trial]);
    assert_eq!(w.goals().iter().map(|g| g.id).collect::<Vec<_>>(), vec![revenue, lean]);
    assert!(w.links().is_empty());
    assert_eq!(w.children(Some(revenue)), vec![]);
}

#[test]
fn orphans_do_not_trace_to_an_objective() {
    let (mut w, [_, self_serve, checkout, _]) = planning();
    let booth = goal(&mut w, "Trade-show booth", Level::DepartmentGoal, None);
    assert!(w.traces_to_objective(checkout));
    assert!(!w.traces_to_objective(booth));
    w.set_parent(self_serve, None).unwrap();
    assert!(!w.traces_to_objective(checkout));
}

#[test]
fn departments_keep_unique_names_and_cannot_vanish_while_in_use() {
    let mut w = Workshop::new("Offsite", Timestamp(0)).unwrap();
    let sales = w.add_department("Sales", Some(40)).unwrap();
    assert_eq!(w.add_department("  sales ", None), Err(ModelError::DuplicateDepartmentName("sales".into())));
    let lucia = w.add_participant("Lucía", Some(sales)).unwrap();
    assert_eq!(
        w.remove_department(sales).unwrap_err().to_string(),
        "“Sales” still has 0 goal(s) and 1 participant(s); move them to another department first."
    );
    w.rename_participant(lucia, "Lucía F.").unwrap();
    w.set_participant_department(lucia, None).unwrap();
    assert_eq!(w.participant(lucia).unwrap().name, "Lucía F.");
    w.remove_department(sales).unwrap();
    assert!(w.departments().is_empty());
}

#[test]
fn text_limits_are_enforced_with_the_field_named() {
    let mut w = Workshop::new("Offsite", Timestamp(0)).unwrap();
    let long = "x".repeat(201);
    assert_eq!(w.set_title(&long).unwrap_err().to_string(), "The workshop title is 201 characters long; the limit is 200.");
    assert_eq!(w.add_department("   ", None).unwrap_err().to_string(), "Department name can't be empty.");
    assert_eq!(w.title, "Offsite");
}
