//! Undo and redo through the core's history.

use accord::domain::history::{History, TypedField};
use accord::domain::model::{Edit, Field, GoalDetails, Level, NewGoal, NewRound, RoundId, Workshop};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use proptest::prelude::*;

use crate::support::{any_action, any_workshop, edit_for, Action, NOW};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any sequence of edits followed by as many undos gives back the original workshop,
    /// and as many redos then give back the edited one. (Ballots are left out: casting one,
    /// or deleting a round that holds some, is not an undoable edit; see the next property.)
    #[test]
    fn undoing_every_edit_returns_the_original(start in any_workshop(), actions in prop::collection::vec(any_action(), 0..40)) {
        let mut w = start.clone();
        let mut history = History::default();
        let mut applied = 0;
        for action in actions.into_iter().filter(|a| !matches!(a, Action::Cast(..) | Action::CastCode(..) | Action::RoomCode(..) | Action::RemoveBallot(..))) {
            if let Action::RemoveRound(r) = action {
                if crate::support::round(&w, r).is_some_and(|round| !round.ballots.is_empty()) {
                    continue;
                }
            }
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

    /// Edits, ballots, undos and redos in any order: no undo or redo ever removes or
    /// changes a ballot that was cast, and a round holding ballots is never undone away.
    #[test]
    fn no_undo_or_redo_ever_changes_a_cast_ballot(start in any_workshop(), steps in prop::collection::vec(any_step(), 0..60)) {
        let mut w = start;
        let mut history = History::default();
        for step in steps {
            match step {
                Step::Do(action) => {
                    if let Some(edit) = edit_for(&w, action) {
                        let _ = history.apply(&mut w, edit);
                    }
                }
                Step::Undo | Step::Redo => {
                    let before: Vec<_> = w.rounds().filter(|r| !r.ballots.is_empty()).cloned().collect();
                    let _ = if matches!(step, Step::Undo) { history.undo(&mut w) } else { history.redo(&mut w) };
                    for round in before {
                        let now = w.round(round.id);
                        prop_assert!(now.is_some(), "round {} with ballots was undone away", round.id);
                        prop_assert_eq!(&now.unwrap().ballots, &round.ballots);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Keystrokes in any fields, with fields left at any point: each run of typing in one
    /// field is exactly one undo step, undoing them all gives back the workshop as it was,
    /// and redoing them all gives back every character kept.
    #[test]
    fn each_run_of_typing_in_one_field_is_one_undo_step(start in any_workshop(), keys in prop::collection::vec(any_keystroke(), 0..80)) {
        let mut w = start.clone();
        let mut history = History::default();
        let mut steps = 0;
        let mut open: Option<TypedField> = None;
        for (field, text, leave) in keys {
            let Some(field) = typed_field(&w, field) else { continue };
            let Some(edit) = field.edit(&w, text) else { continue };
            if history.apply_typed(&mut w, edit, field).unwrap_or(false) && open != Some(field) {
                steps += 1;
                open = Some(field);
            }
            if leave {
                history.end_typing();
                open = None;
            }
        }
        prop_assert_eq!(history.depth(), (steps, 0));
        let typed = w.clone();
        for _ in 0..steps {
            prop_assert!(history.undo(&mut w).unwrap().is_some());
        }
        prop_assert_eq!(&w, &start);
        for _ in 0..steps {
            prop_assert!(history.redo(&mut w).unwrap().is_some());
        }
        prop_assert_eq!(&w, &typed);
    }
}

/// A keystroke: which field (resolved against the workshop), its whole text after the
/// key, and whether the field is then left.
fn any_keystroke() -> impl Strategy<Value = (usize, String, bool)> {
    (any::<usize>(), prop_oneof!["[A-Za-z ]{0,12}", "\\PC{0,8}"], prop::bool::weighted(0.2))
}

fn typed_field(w: &Workshop, i: usize) -> Option<TypedField> {
    let goals: Vec<_> = w.goals().iter().map(|g| g.id).collect();
    let fields = [Field::GoalTitle, Field::GoalDescription, Field::Owner, Field::Metric, Field::Target];
    Some(match i % 5 {
        0 => TypedField::WorkshopTitle,
        1 => TypedField::Strategy,
        2 => TypedField::DepartmentName(w.departments().get((i / 5) % w.departments().len().max(1))?.id),
        3 => TypedField::ParticipantName(w.participants().get((i / 5) % w.participants().len().max(1))?.id),
        _ => TypedField::Goal(*goals.get((i / 5) % goals.len().max(1))?, fields[(i / 25) % fields.len()]),
    })
}

#[derive(Debug, Clone)]
enum Step {
    Do(Action),
    Undo,
    Redo,
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => any_action().prop_map(Step::Do),
        // Ballots often, so most cases cast some.
        2 => (any::<usize>(), any::<usize>(), prop::collection::vec((any::<usize>(), 0u32..3), 1..4))
            .prop_map(|(r, p, b)| Step::Do(Action::Cast(r, p, b))),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
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

/// A workshop with two participants and an open ranked round over its three goals; the
/// round was set up and opened through `history`.
fn open_round(history: &mut History) -> (Workshop, RoundId) {
    let mut w = planning();
    w.add_participant("Ada", None).unwrap();
    w.add_participant("Grace", None).unwrap();
    let goals = w.goals().iter().skip(1).map(|g| g.id).collect();
    let new = NewRound {
        name: "Priorities".into(),
        method: Method::Ranked,
        goals,
        secrecy: Secrecy::Anonymous,
        weighting: Weighting::Equal,
        timer_minutes: None,
    };
    let edit = w.new_round(new).unwrap();
    history.apply(&mut w, edit).unwrap();
    let id = w.rounds().next().unwrap().id;
    let open = w.set_round_status(id, RoundStatus::Open).unwrap();
    history.apply(&mut w, open).unwrap();
    (w, id)
}

fn cast_first(w: &mut Workshop, history: &mut History, round: RoundId, voter: usize) {
    let r = w.round(round).unwrap();
    let ballot = Ballot::Ranking(r.goals.clone());
    let edit = w.cast(round, w.participants()[voter].id, ballot, NOW).unwrap();
    history.apply(w, edit).unwrap();
}

#[test]
fn casting_a_ballot_is_not_an_undoable_step() {
    let mut history = History::default();
    let (mut w, round) = open_round(&mut history);
    assert_eq!(history.next_undo(), Some("round opening"));
    cast_first(&mut w, &mut history, round, 0);
    // The ballot is not on the undo stack, and neither is anything that could put the
    // round back as it stood before it.
    assert_eq!(history.next_undo(), None);
    assert_eq!(history.undo(&mut w).unwrap(), None);
    assert_eq!(w.round(round).unwrap().ballots.len(), 1);
    assert_eq!(w.round(round).unwrap().status, RoundStatus::Open);
}

#[test]
fn undoing_an_earlier_round_change_never_wipes_the_ballots_cast_since() {
    let mut history = History::default();
    let (mut w, round) = open_round(&mut history);
    // Before any ballot, opening the round can be undone and redone.
    assert_eq!(history.undo(&mut w).unwrap(), Some("round opening"));
    assert_eq!(history.redo(&mut w).unwrap(), Some("round opening"));
    history.apply(&mut w, Edit::SetStrategy("Grow where we win".into())).unwrap();
    cast_first(&mut w, &mut history, round, 0);
    history.apply(&mut w, Edit::SetTitle("Planning 2027".into())).unwrap();
    cast_first(&mut w, &mut history, round, 1);
    // Later changes that do not touch the round still undo, one by one...
    assert_eq!(history.undo(&mut w).unwrap(), Some("title change"));
    assert_eq!(history.undo(&mut w).unwrap(), Some("strategy change"));
    // ...but the round opening (a snapshot of the round with no ballots) is gone.
    assert_eq!(history.undo(&mut w).unwrap(), None);
    assert_eq!(w.round(round).unwrap().ballots.len(), 2, "both ballots are still counted");
    assert_eq!(w.title, "Planning");
}

#[test]
fn a_ballot_clears_redo() {
    let mut history = History::default();
    let (mut w, round) = open_round(&mut history);
    history.apply(&mut w, Edit::SetTitle("Planning 2027".into())).unwrap();
    history.undo(&mut w).unwrap();
    cast_first(&mut w, &mut history, round, 0);
    assert_eq!(history.next_redo(), None);
}

#[test]
fn typing_in_one_field_is_one_undo_step_until_the_field_is_left() {
    let mut w = planning();
    let mut history = History::default();
    for typed in ["P", "Pl", "Pla", "Plan 2027"] {
        assert!(history.apply_typed(&mut w, Edit::SetTitle(typed.into()), TypedField::WorkshopTitle).unwrap());
    }
    assert_eq!(history.depth(), (1, 0));
    // Another field is another step; leaving a field ends its step.
    history.apply_typed(&mut w, Edit::SetStrategy("Grow".into()), TypedField::Strategy).unwrap();
    history.apply_typed(&mut w, Edit::SetStrategy("Grow fast".into()), TypedField::Strategy).unwrap();
    history.end_typing();
    history.apply_typed(&mut w, Edit::SetStrategy("Grow fast, well".into()), TypedField::Strategy).unwrap();
    assert_eq!(history.depth(), (3, 0));
    history.undo(&mut w).unwrap();
    assert_eq!(w.strategy, "Grow fast");
    history.undo(&mut w).unwrap();
    assert_eq!(w.strategy, "");
    assert_eq!(history.undo(&mut w).unwrap(), Some("title change"));
    assert_eq!(w.title, "Planning");
    // Redo gives the typing back whole.
    history.redo(&mut w).unwrap();
    assert_eq!(w.title, "Plan 2027");
}

#[test]
fn typing_that_changes_nothing_records_nothing() {
    let mut w = planning();
    let mut history = History::default();
    // The title is trimmed: "Planning " is the title it already has.
    assert!(!history.apply_typed(&mut w, Edit::SetTitle("Planning ".into()), TypedField::WorkshopTitle).unwrap());
    assert_eq!(history.depth(), (0, 0));
    let goal = w.goals()[1].id;
    let mut details = GoalDetails::of(w.goal(goal).unwrap());
    details.title = "Self-serve plan".into();
    let field = TypedField::Goal(goal, Field::GoalTitle);
    assert!(history.apply_typed(&mut w, Edit::UpdateGoal(goal, details), field).unwrap());
    // A goal's other field is a step of its own.
    let mut details = GoalDetails::of(w.goal(goal).unwrap());
    details.owner = "Mei".into();
    history.apply_typed(&mut w, Edit::UpdateGoal(goal, details), TypedField::Goal(goal, Field::Owner)).unwrap();
    assert_eq!(history.depth(), (2, 0));
}

#[test]
fn typing_whose_end_is_refused_is_taken_back_whole() {
    let mut w = planning();
    let mut history = History::default();
    let grow = w.children(None)[0];
    let field = TypedField::Goal(grow, Field::GoalTitle);
    let mut details = GoalDetails::of(w.goal(grow).unwrap());
    details.title = "Gr".into();
    history.apply_typed(&mut w, Edit::UpdateGoal(grow, details.clone()), field).unwrap();
    details.title = String::new();
    assert!(history.apply_typed(&mut w, Edit::UpdateGoal(grow, details), field).is_err(), "a goal needs a title");
    assert!(history.revert_typing(&mut w, field).unwrap());
    assert_eq!(w.goal(grow).unwrap().title, "Grow");
    assert_eq!(history.depth(), (0, 0));
    assert!(!history.revert_typing(&mut w, field).unwrap(), "nothing left to take back");
}

#[test]
fn removing_a_ballot_is_an_explicit_change_kept_on_the_rounds_record_and_never_undone() {
    use accord::domain::voting::RemovedBallot;
    use accord::domain::wire::{restore, to_json};
    let mut history = History::default();
    let (mut w, round) = open_round(&mut history);
    cast_first(&mut w, &mut history, round, 0);
    history.apply(&mut w, Edit::SetTitle("Planning 2027".into())).unwrap();
    let (ada, grace) = (w.participants()[0].id, w.participants()[1].id);
    assert_eq!(w.remove_ballot(round, grace, NOW).unwrap_err().to_string(), "Grace has no ballot in round “Priorities”.");
    let later = Timestamp(NOW.0 + 60_000);
    let edit = w.remove_ballot(round, ada, later).unwrap();
    history.apply(&mut w, edit).unwrap();
    assert!(w.round(round).unwrap().ballots.is_empty());
    let record = vec![RemovedBallot { participant: ada, name: "Ada".into(), at: later }];
    assert_eq!(w.round(round).unwrap().removed_ballots, record);
    // Not an undoable step: undo takes back the title, and the ballot stays removed.
    assert_eq!(history.undo(&mut w).unwrap(), Some("title change"));
    assert_eq!(history.undo(&mut w).unwrap(), None);
    assert!(w.round(round).unwrap().ballots.is_empty());
    // The record is part of the file.
    let back = restore(to_json(&w).as_bytes()).unwrap();
    assert_eq!(back.round(round).unwrap().removed_ballots, record);
    assert_eq!(back, w);
    // ...and of the published schema.
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-workshop-v1.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&to_json(&w)).unwrap();
    assert!(doc["rounds"][0]["removed_ballots"].is_array());
    assert_eq!(validator.iter_errors(&doc).map(|e| e.to_string()).collect::<Vec<_>>(), Vec::<String>::new());
    let mut bad = doc.clone();
    bad["rounds"][0]["removed_ballots"][0]["removed"] = "yesterday".into();
    assert!(validator.iter_errors(&bad).next().is_some());
    assert!(restore(bad.to_string().as_bytes()).is_err(), "a removal with no time is refused on import");
    // A closed round's ballots stay: its results were recorded when it closed.
    cast_first(&mut w, &mut history, round, 1);
    let close = w.set_round_status(round, RoundStatus::Closed).unwrap();
    history.apply(&mut w, close).unwrap();
    assert_eq!(
        w.remove_ballot(round, grace, later).unwrap_err().to_string(),
        "Round “Priorities” is closed, not open for voting."
    );
}
