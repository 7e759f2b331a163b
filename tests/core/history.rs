//! Undo and redo through the core's history.

use accord::domain::history::History;
use accord::domain::model::{Edit, Level, NewGoal, Workshop};
use accord::domain::time::Timestamp;
use proptest::prelude::*;

use crate::support::{any_action, any_workshop, edit_for};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any sequence of edits followed by as many undos gives back the original workshop,
    /// and as many redos then give back the edited one.
    #[test]
    fn undoing_every_edit_returns_the_original(start in any_workshop(), actions in prop::collection::vec(any_action(), 0..40)) {
        let mut w = start.clone();
        let mut history = History::default();
        let mut applied = 0;
        for action in actions {
            if let Some(edit) = edit_for(&w, action) {
                if history.apply(&mut w, edit).is_ok() {
                    applied += 1;
                }
            }
        }
        let edited = w.clone();
        for _ in 0..applied {
            prop_assert!(history.undo(&mut w).unwrap().is_some());
        }
        // Everything is back as it was, except that IDs handed out meanwhile stay used
        // (the marks never go down, so an undone addition's ID is not issued again).
        prop_assert!(w.next_ids().covers(&start.next_ids()));
        let mut content = w.clone();
        content.restore_next_ids(start.next_ids()).unwrap();
        prop_assert_eq!(&content, &start);
        prop_assert_eq!(history.undo(&mut w).unwrap(), None, "nothing more to undo");
        for _ in 0..applied {
            prop_assert!(history.redo(&mut w).unwrap().is_some());
        }
        prop_assert_eq!(&w, &edited);
    }
}

fn planning() -> Workshop {
    let mut w = Workshop::new("Planning", Timestamp(0)).unwrap();
    let grow = w.add_goal(NewGoal { title: "Grow".into(), level: Level::Objective, parent: None, department: None }).unwrap();
    for title in ["Self-serve", "DACH", "Partners"] {
        w.add_goal(NewGoal { title: title.into(), level: Level::DepartmentGoal, parent: Some(grow), department: None }).unwrap();
    }
    w
}

fn titles_under(w: &Workshop, parent: Option<accord::domain::model::GoalId>) -> Vec<String> {
    w.children(parent).into_iter().map(|g| w.goal(g).unwrap().title.clone()).collect()
}

#[test]
fn a_new_change_clears_redo() {
    let mut w = planning();
    let mut history = History::default();
    history.apply(&mut w, Edit::SetTitle("Planning 2027".into())).unwrap();
    history.undo(&mut w).unwrap();
    assert_eq!(history.next_redo(), Some("title change"));
    history.apply(&mut w, Edit::SetStrategy("Grow".into())).unwrap();
    assert_eq!(history.next_redo(), None);
    assert_eq!(history.redo(&mut w).unwrap(), None);
}

#[test]
fn the_history_is_bounded() {
    let mut w = planning();
    let mut history = History::with_limit(3);
    for i in 0..5 {
        history.apply(&mut w, Edit::SetTitle(format!("Title {i}"))).unwrap();
    }
    assert_eq!(history.depth(), (3, 0));
    while history.undo(&mut w).unwrap().is_some() {}
    assert_eq!(w.title, "Title 1", "the two oldest changes fell off");
}

#[test]
fn keyboard_moves_reorder_siblings_and_change_parents() {
    let mut w = planning();
    let grow = w.children(None)[0];
    let dach = w.children(Some(grow))[1];
    let up = w.move_up(dach).unwrap();
    w.apply(up).unwrap();
    assert_eq!(titles_under(&w, Some(grow)), ["DACH", "Self-serve", "Partners"]);
    assert_eq!(w.move_up(dach), None, "already first");
    let down = w.move_down(dach).unwrap();
    w.apply(down).unwrap();
    let down = w.move_down(dach).unwrap();
    w.apply(down).unwrap();
    assert_eq!(titles_under(&w, Some(grow)), ["Self-serve", "Partners", "DACH"]);
    // Indenting a department goal under another department goal breaks nesting.
    let indent = w.indent(dach).unwrap();
    assert_eq!(
        w.apply(indent).unwrap_err().to_string(),
        "“DACH” (department goal) can't go under “Partners” (department goal): a goal must sit under a higher level."
    );
    let out = w.outdent(dach).unwrap();
    w.apply(out).unwrap();
    assert_eq!(titles_under(&w, None), ["Grow", "DACH"]);
    assert_eq!(w.parent(dach), None);
}

#[test]
fn deleting_a_subtree_and_undoing_restores_it_exactly() {
    let mut w = planning();
    let grow = w.children(None)[0];
    let dach = w.children(Some(grow))[1];
    let hire = w.add_goal(NewGoal { title: "Hire".into(), level: Level::Initiative, parent: Some(dach), department: None }).unwrap();
    let partners = w.children(Some(grow))[2];
    w.add_link(partners, accord::domain::model::LinkKind::DependsOn, hire).unwrap();
    let before = w.clone();
    let mut history = History::default();
    history.apply(&mut w, Edit::RemoveGoal(dach)).unwrap();
    assert_eq!(w.goals().len(), 3);
    assert!(w.links().is_empty());
    history.undo(&mut w).unwrap();
    assert_eq!(w, before);
}
