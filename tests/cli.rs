//! The `accord` command-line toolkit, run as a built binary on files the app writes (the
//! app's own exporter, `wire::to_json`, after a facilitator's edits).

use std::process::Command;

use accord::domain::demo::demo_workshop;
use accord::domain::model::{Edit, GoalId};
use accord::domain::wire::to_json;

/// The demo as the app saves it after the facilitator renames a goal.
fn app_file() -> String {
    let mut w = demo_workshop().unwrap();
    let mut details = accord::domain::model::GoalDetails::of(w.goal(GoalId(11)).unwrap());
    details.title = "Reach 99.99% uptime".into();
    w.apply(Edit::UpdateGoal(GoalId(11), details)).unwrap();
    to_json(&w)
}

fn accord(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_accord")).args(args).output().expect("the binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn file(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("accord-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn validate_reports_each_file_and_fails_on_a_broken_one() {
    let good = file("demo.json", &app_file());
    let broken = file("broken.json", &app_file().replacen("\"parent\": \"g1\"", "\"parent\": \"g404\"", 1));
    let (code, out, _) = accord(&["validate", &good]);
    assert_eq!(code, 0);
    assert!(out.contains("ok (workshop “Northwind Outfitters — Annual planning 2027”, 25 goals, 1 rounds)"), "{out}");
    let (code, out, _) = accord(&["validate", &good, &broken]);
    assert_eq!(code, 1);
    assert!(out.contains("broken.json: invalid\n  $.goals[4].parent: refers to goal \"g404\", which is not in the file"), "{out}");
    assert_eq!(accord(&["validate"]).0, 2, "usage error");
}

#[test]
fn tally_recomputes_the_rounds() {
    let demo = file("demo-tally.json", &app_file());
    let (code, out, _) = accord(&["tally", &demo]);
    assert_eq!(code, 0);
    assert!(out.contains("1 (tie). Launch a self-serve plan for small teams"), "{out}");
    let (code, out, _) = accord(&["tally", &demo, "--round", "r1", "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["order"][0], serde_json::json!(["g5", "g6"]));
    assert_eq!(json[0]["ballots"], 11);
}

#[test]
fn render_gives_the_apps_renderings_and_diff_compares_trees() {
    let demo = file("demo-render.json", &app_file());
    let (_, md, _) = accord(&["render", &demo, "--format", "md"]);
    assert!(md.starts_with("# Northwind Outfitters — Annual planning 2027"));
    assert!(md.contains("**Reach 99.99% uptime**"), "the facilitator's edit is in the report");
    let (_, csv, _) = accord(&["render", &demo, "--format", "csv"]);
    assert!(csv.starts_with("round,round_name,method,voter,department,goal,goal_title,value\n"));
    let (_, svg, _) = accord(&["render", &demo, "--format", "svg"]);
    assert!(svg.starts_with("<svg"));
    let (code, tree, _) = accord(&["render", &demo, "--format", "json"]);
    assert_eq!(code, 0);
    let old = file("tree-old.json", &tree);
    let new = file("tree-new.json", &tree.replace("\"owner\": \"Mei Chen\"", "\"owner\": \"Oliver Hughes\""));
    let (code, out, _) = accord(&["diff", &old, &new]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "~ g7 “Double qualified inbound pipeline” owner “Mei Chen” → “Oliver Hughes”");
    let (_, json, _) = accord(&["diff", &old, &new, "--json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap()[0]["change"], "reowned");
    assert_eq!(accord(&["render", &demo, "--format", "pdf"]).0, 2);
}

#[test]
fn render_shows_nothing_of_a_closed_round_before_its_reveal() {
    // The demo's round closed but not revealed, as a file written before the disclosure
    // policy would hold it: with the priorities recorded on closing.
    let closed = app_file().replacen("\"status\": \"revealed\"", "\"status\": \"closed\"", 1);
    assert!(closed.contains("\"rank\": 1"), "the file itself holds priorities");
    let path = file("demo-closed.json", &closed);
    let (code, md, _) = accord(&["render", &path, "--format", "md"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("# Northwind Outfitters") && !md.contains("priority"), "{md}");
    let (_, svg, _) = accord(&["render", &path, "--format", "svg"]);
    assert!(svg.starts_with("<svg") && !svg.contains(">#1 ") && !svg.contains("round “"), "{svg}");
    let (_, tree, _) = accord(&["render", &path, "--format", "json"]);
    assert!(tree.contains("\"priority\": null") && !tree.contains("\"rank\""), "{tree}");
    let (_, csv, _) = accord(&["render", &path, "--format", "csv"]);
    assert_eq!(csv, "round,round_name,method,voter,department,goal,goal_title,value\n");
    // Revealed, the same file shows them, naming the round.
    let (_, md, _) = accord(&["render", &file("demo-revealed.json", &app_file()), "--format", "md"]);
    assert!(md.contains("priority #1 in “Department goals: first pass”"), "{md}");
}
