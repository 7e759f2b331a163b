//! The agreed goal tree, the reports, diffs, and every file version ever shipped.

use accord::domain::demo::demo_workshop;
use accord::domain::model::{Edit, GoalDetails, GoalId};
use accord::domain::render::diff::{diff, Change};
use accord::domain::render::goal_tree::{agreed_tree, restore_tree, seed_workshop, to_json};
use accord::domain::render::{csv, markdown, svg};
use accord::domain::time::Timestamp;
use accord::domain::wire::restore;
use proptest::prelude::*;
use serde_json::Value;

use crate::support::any_workshop;

const EXPORTED: Timestamp = Timestamp(1_795_772_096_000);

fn tree_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-goal-tree-v1.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
}

#[test]
fn every_shipped_file_version_still_opens() {
    let workshop = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workshop-v1.json")).unwrap();
    assert_eq!(restore(&workshop).unwrap().goals().len(), 25);
    let tree = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/goal-tree-v1.json")).unwrap();
    assert_eq!(restore_tree(&tree).unwrap().tree.len(), 4);
}

#[test]
fn the_demo_tree_is_nested_with_priorities_and_validates() {
    let demo = demo_workshop().unwrap();
    let doc = agreed_tree(&demo, EXPORTED);
    assert_eq!(doc.format, "accord-goal-tree");
    assert_eq!(doc.tree.len(), 4, "the four objectives");
    assert_eq!(doc.unaligned.len(), 1, "the booth");
    let self_serve = &doc.tree[0].children[0];
    assert_eq!(self_serve.title, "Launch a self-serve plan for small teams");
    assert_eq!(self_serve.priority.as_ref().map(|p| p.rank), Some(1));
    let value = serde_json::to_value(&doc).unwrap();
    let errors: Vec<String> = tree_validator().iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn a_seeded_workshop_carries_the_tree() {
    let demo = demo_workshop().unwrap();
    let doc = agreed_tree(&demo, EXPORTED);
    let seeded = seed_workshop(&doc, EXPORTED).unwrap();
    assert_eq!(seeded.goals().len(), 25);
    assert_eq!(seeded.links(), demo.links());
    assert_eq!(agreed_tree(&seeded, EXPORTED).tree.len(), 4);
}

#[test]
fn diff_names_what_moved_changed_priority_or_owner() {
    let mut w = demo_workshop().unwrap();
    let old = agreed_tree(&w, EXPORTED);
    let booth = GoalId(15);
    let edit = w.reparent(booth, Some(GoalId(1)));
    w.apply(edit).unwrap();
    let mut details = GoalDetails::of(w.goal(GoalId(5)).unwrap());
    details.owner = "Priya Raman".into();
    w.apply(Edit::UpdateGoal(GoalId(5), details)).unwrap();
    w.apply(Edit::SetPriority(GoalId(8), None)).unwrap();
    let changes = diff(&old, &agreed_tree(&w, EXPORTED));
    let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert!(lines.contains(&"~ g15 “Sponsor a booth at OutDoor Expo” moved from the top to g1".to_string()), "{lines:#?}");
    assert!(lines.contains(&"~ g5 “Launch a self-serve plan for small teams” owner “Jonas Weber” → “Priya Raman”".to_string()));
    assert!(changes.iter().any(|c| matches!(c, Change::Reprioritised { goal, to: None, .. } if goal == "g8")));
    assert_eq!(diff(&old, &old), vec![]);
}

#[test]
fn reports_treat_user_text_as_text() {
    let mut w = demo_workshop().unwrap();
    let mut details = GoalDetails::of(w.goal(GoalId(5)).unwrap());
    details.title = "<img src=x onerror=alert(1)> =HYPERLINK(\"x\")".into();
    w.apply(Edit::UpdateGoal(GoalId(5), details)).unwrap();
    let picture = svg::tree(&w);
    assert!(picture.contains("&lt;img src=x onerror=alert(1)&gt;") && !picture.contains("<img"));
    let md = markdown::report(&w);
    assert!(md.contains("\\<img src=x onerror=alert(1)\\>"), "{md}");
    let table = csv::ballots(&w, 7);
    assert!(table.contains(",\"'<img") || table.contains(",\"<img src=x onerror=alert(1)> =HYPERLINK(\"\"x\"\")\""), "{table}");
    assert!(table.lines().count() > 11, "one row per ranked goal per ballot");
}

#[test]
fn goal_tree_problems_name_their_json_path() {
    let mut doc: Value = serde_json::to_value(agreed_tree(&demo_workshop().unwrap(), EXPORTED)).unwrap();
    doc["tree"][0]["children"][1]["depends_on"] = serde_json::json!(["g404"]);
    doc["tree"][1]["children"][0]["id"] = serde_json::json!("g5");
    doc["version"] = serde_json::json!(1);
    let error = restore_tree(doc.to_string().as_bytes()).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("$.tree[0].children[1].depends_on[0]: refers to goal \"g404\", which is not in the file"), "{text}");
    assert!(text.contains("$.tree[1].children[0].id: the goal ID g5 appears twice"), "{text}");
    doc["version"] = serde_json::json!(2);
    assert!(restore_tree(doc.to_string().as_bytes()).unwrap_err().to_string().contains("$.version: the file was made by a newer Accord"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Export → import of a goal tree is the identity, and every export validates.
    #[test]
    fn goal_trees_round_trip_and_validate(w in any_workshop()) {
        let doc = agreed_tree(&w, EXPORTED);
        prop_assert_eq!(restore_tree(to_json(&doc).as_bytes()), Ok(doc.clone()));
        let value = serde_json::to_value(&doc).unwrap();
        let errors: Vec<String> = tree_validator().iter_errors(&value).map(|e| e.to_string()).collect();
        prop_assert_eq!(errors, Vec::<String>::new());
    }

    /// No goal-tree file, however broken, panics the import.
    #[test]
    fn goal_tree_import_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..500), w in any_workshop(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let _ = restore_tree(&bytes);
        let mut damaged = to_json(&agreed_tree(&w, EXPORTED)).into_bytes();
        let i = at.index(damaged.len());
        damaged[i] = byte;
        let _ = restore_tree(&damaged);
    }
}
