//! Files teams exchange, read as strictly as they are written: keys written twice, goal
//! trees checked like workshops, limits refused early and with the reason, and each
//! problem reported once, at its cause.

use accord::domain::demo::{demo_workshop, DEMO_JSON};
use accord::domain::history::History;
use accord::domain::model::{GoalId, ModelError, NewRound, Workshop, MAX_RANKED_GOALS};
use accord::domain::open::open_file;
use accord::domain::render::goal_tree::{agreed_tree, restore_tree, to_json as tree_json};
use accord::domain::sample::generated_workshop;
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use accord::domain::wire::stored::{pack, restore_stored};
use accord::domain::wire::{restore, to_document, ImportError};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::support::{any_action, apply, edit_for, set_up_round, NOW};

fn compact(doc: &Value) -> String {
    serde_json::to_string(doc).unwrap()
}

fn demo_doc() -> Value {
    serde_json::from_str(DEMO_JSON).unwrap()
}

fn tree_doc() -> Value {
    serde_json::to_value(agreed_tree(&demo_workshop().unwrap(), Timestamp(1_800_000_000_000))).unwrap()
}

/// Replaces the first `from` in `text` (which must be there) by `to`.
fn once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} is in the file");
    text.replacen(from, to, 1)
}

fn only_problem(error: &ImportError) -> (&str, String) {
    assert_eq!(error.problems.len(), 1, "exactly one problem, got:\n{error}");
    (error.problems[0].path.as_str(), error.problems[0].kind.to_string())
}

// ----- keys written twice -----

#[test]
fn a_key_written_twice_in_a_workshop_file_is_refused_with_its_path() {
    // Even written twice with the same value: the file is not what Accord writes.
    let text = once(&compact(&demo_doc()), r#""level":"department_goal""#, r#""level":"department_goal","level":"department_goal""#);
    let error = restore(text.as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, "$.goals[4].level");
    assert!(says.contains("\"level\" is written twice"), "{says}");
}

#[test]
fn dots_for_one_goal_written_twice_are_refused_not_resolved() {
    let (w, _) = dot_round_workshop();
    let text = compact(&serde_json::to_value(to_document(&w)).unwrap());
    // serde_json would keep the second ("g1": 2) and count it.
    let text = once(&text, r#""dots":{"g1":1"#, r#""dots":{"g1":1,"g1":2"#);
    let error = restore(text.as_bytes()).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.rounds[0].ballots[0].dots.g1");
}

#[test]
fn a_key_written_twice_in_a_goal_tree_or_a_stored_copy_is_refused() {
    let text = once(&compact(&tree_doc()), r#""workshop":"#, r#""workshop":"Other","workshop":"#);
    let error = restore_tree(text.as_bytes()).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.workshop");
    let error = open_file(text.as_bytes()).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.workshop");

    let text = once(&compact(&demo_doc()), r#""created":"#, r#""created":"2026-01-01T00:00:00.000Z","created":"#);
    let error = restore_stored(&pack(&text)).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.created");
}

// ----- goal trees checked as thoroughly as workshops -----

fn tree_problems(damage: impl FnOnce(&mut Value)) -> ImportError {
    let mut doc = tree_doc();
    damage(&mut doc);
    restore_tree(compact(&doc).as_bytes()).expect_err("the damaged tree is refused")
}

fn tree_refuses(damage: impl FnOnce(&mut Value), path: &str, says: &str) {
    let error = tree_problems(damage);
    assert!(
        error.problems.iter().any(|p| p.path == path && p.kind.to_string().contains(says)),
        "expected a problem at {path} saying {says:?}, got:\n{error}"
    );
}

#[test]
fn the_demo_tree_reads_back() {
    let tree = agreed_tree(&demo_workshop().unwrap(), Timestamp(1_800_000_000_000));
    assert_eq!(restore_tree(tree_json(&tree).as_bytes()).unwrap(), tree);
}

#[test]
fn a_goal_tree_with_a_time_that_is_not_a_time_is_refused() {
    tree_refuses(|d| d["exported"] = json!("not a time"), "$.exported", "is not a UTC time");
    tree_refuses(|d| d["exported"] = json!("2026-02-30T10:00:00.000Z"), "$.exported", "is not a UTC time");
}

#[test]
fn a_goal_tree_with_five_megabytes_of_text_is_refused() {
    let huge = "x".repeat(5_000_000);
    let mut doc = tree_doc();
    let first_ranked = doc["tree"][0]["children"].as_array().unwrap().iter().position(|g| !g["priority"].is_null()).unwrap();
    doc["tree"][0]["children"][first_ranked]["priority"]["round_name"] = json!(huge);
    let error = restore_tree(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, format!("$.tree[0].children[{first_ranked}].priority.round_name"));
    assert!(says.contains("5000000 characters long; the limit is 120"), "{says}");
}

#[test]
fn a_goal_tree_with_a_department_twice_is_refused() {
    tree_refuses(|d| d["departments"][1]["id"] = d["departments"][0]["id"].clone(), "$.departments[1].id", "two departments have the ID d1");
    tree_refuses(
        |d| d["departments"][1]["name"] = json!(d["departments"][0]["name"].as_str().unwrap().to_uppercase()),
        "$.departments[1].name",
        "there is already a department called",
    );
    tree_refuses(|d| d["departments"][0]["colour"] = json!("blue"), "$.departments[0].colour", "not a colour");
}

#[test]
fn a_goal_tree_with_levels_inverted_or_set_aside_goals_inside_is_refused() {
    tree_refuses(|d| d["tree"][0]["children"][0]["level"] = json!("objective"), "$.tree[0].children[0].level", "cannot sit under");
    tree_refuses(|d| d["tree"][0]["level"] = json!("initiative"), "$.tree[0].level", "headed by company objectives");
    tree_refuses(|d| d["tree"][0]["children"][0]["status"] = json!("rejected"), "$.tree[0].children[0].status", "belongs in \"rejected\"");
    tree_refuses(
        |d| {
            let goal = d["tree"][0]["children"][0].clone();
            d["rejected"] = json!([goal]);
            d["tree"][0]["children"].as_array_mut().unwrap().remove(0);
        },
        "$.rejected[0].status",
        "are rejected goals",
    );
}

#[test]
fn a_goal_tree_with_links_to_itself_twice_or_nowhere_is_refused() {
    tree_refuses(|d| d["tree"][0]["depends_on"] = json!([d["tree"][0]["id"].clone()]), "$.tree[0].depends_on[0]", "linked to itself");
    tree_refuses(|d| d["tree"][0]["depends_on"] = json!(["g5", "g5"]), "$.tree[0].depends_on[1]", "listed twice");
    tree_refuses(|d| d["tree"][0]["conflicts_with"] = json!(["g404"]), "$.tree[0].conflicts_with[0]", "not in the file");
    tree_refuses(|d| d["tree"][0]["priority"] = json!({"rank": 0, "value": 1.0, "round": "r1", "round_name": "Round"}), "$.tree[0].priority", "rank from 1");
    tree_refuses(|d| d["tree"][0]["priority"] = json!({"rank": 1, "value": 1.0, "round": "round 1", "round_name": "Round"}), "$.tree[0].priority.round", "not a valid round ID");
}

#[test]
fn a_goal_tree_refused_for_its_id_is_not_reported_again_where_it_is_named() {
    let error = tree_problems(|d| {
        let id = d["tree"][0]["children"][0]["id"].as_str().unwrap().to_string();
        d["tree"][0]["children"][0]["id"] = json!("goal-one");
        d["tree"][1]["depends_on"] = json!(["goal-one"]);
        let _ = id;
    });
    assert_eq!(only_problem(&error).0, "$.tree[0].children[0].id");
}

#[test]
fn a_goal_tree_with_too_many_goals_is_refused_before_it_is_read() {
    let goal = json!({"id": "g1", "title": "A", "level": "objective", "status": "proposed", "department": null, "owner": "", "effort": null,
        "metric": "", "target": "", "priority": null, "depends_on": [], "conflicts_with": [], "decisions": [], "children": []});
    let mut doc = tree_doc();
    // Every goal the same (so each would be a problem too): only the count is reported.
    doc["tree"] = Value::Array(vec![goal; accord::domain::wire::MAX_GOALS + 1]);
    let error = restore_tree(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, "$");
    assert!(says.contains("more than 10000 goals"), "{says}");
}

// ----- the limit on ranked rounds -----

#[test]
fn a_ranked_round_over_the_limit_is_refused_with_the_reason() {
    let w = generated_workshop(3, MAX_RANKED_GOALS + 20);
    let goals: Vec<GoalId> = w.goals().iter().map(|g| g.id).collect();
    let new = |count: usize, method: Method| NewRound {
        name: "Everything".into(),
        method,
        goals: goals[..count].to_vec(),
        secrecy: Secrecy::Named,
        weighting: Weighting::Equal,
        timer_minutes: None,
    };
    assert!(w.new_round(new(MAX_RANKED_GOALS, Method::Ranked)).is_ok());
    assert!(w.new_round(new(MAX_RANKED_GOALS + 1, Method::Dot { dots: 5, cap: None })).is_ok(), "the limit is for ranked rounds");
    let error = w.new_round(new(MAX_RANKED_GOALS + 1, Method::Ranked)).unwrap_err();
    assert_eq!(error, ModelError::TooManyRankedGoals { round: "Everything".into(), goals: 401, max: 400 });
    assert_eq!(
        error.to_string(),
        "Round “Everything” asks people to rank 401 goals; a ranked round takes at most 400, so that counting it stays under a second (its work grows with the cube of the goals). Choose fewer goals, or use dot or score voting for a long list."
    );
    // Changing a draft's method to ranked is held to the same limit.
    let mut w = w;
    let edit = w.new_round(new(MAX_RANKED_GOALS + 1, Method::Dot { dots: 5, cap: None })).unwrap();
    w.apply(edit).unwrap();
    let round = w.rounds().last().unwrap().id;
    assert!(matches!(w.reconfigure_round(round, goals[..401].to_vec(), Method::Ranked), Err(ModelError::TooManyRankedGoals { .. })));
}

#[test]
fn a_file_with_a_ranked_round_over_the_limit_is_refused_before_its_ballots_are_read() {
    let mut w = generated_workshop(3, MAX_RANKED_GOALS + 20);
    let goals: Vec<GoalId> = w.goals().iter().map(|g| g.id).take(MAX_RANKED_GOALS + 1).collect();
    let round = set_up_round(&mut w, "Everything", Method::Dot { dots: 3, cap: None }, goals, Secrecy::Named, Weighting::Equal);
    let open = w.set_round_status(round, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    let voter = w.participants()[0].id;
    let cast = w.cast(round, voter, Ballot::Dots([(GoalId(1), 3)].into()), NOW).unwrap();
    w.apply(cast).unwrap();
    let mut doc = serde_json::to_value(to_document(&w)).unwrap();
    // Ranked now, with a dot ballot: only the count is reported, at the round's goals.
    doc["rounds"][0]["method"] = json!({"kind": "ranked"});
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, "$.rounds[0].goals");
    assert!(says.contains("a ranked round takes at most 400"), "{says}");
}

// ----- problems reported by cause -----

/// A workshop with goals g1–g6 and a dot round over g1–g4 (5 dots, at most 3 a goal), in
/// which four people voted (each put one dot on g1 and the rest elsewhere).
fn dot_round_workshop() -> (Workshop, accord::domain::model::RoundId) {
    use accord::domain::model::{Level, NewGoal};
    let mut w = Workshop::new("Dots", Timestamp(0)).unwrap();
    let goals: Vec<GoalId> = (1..=6)
        .map(|i| w.add_goal(NewGoal { title: format!("Goal {i}"), level: Level::Objective, parent: None, department: None }).unwrap())
        .collect();
    let people: Vec<_> = (1..=4).map(|i| w.add_participant(&format!("Voter {i}"), None).unwrap()).collect();
    let round = set_up_round(&mut w, "Dots", Method::Dot { dots: 5, cap: Some(3) }, goals[..4].to_vec(), Secrecy::Named, Weighting::Equal);
    let open = w.set_round_status(round, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    for (k, p) in people.iter().enumerate() {
        let ballot = Ballot::Dots([(goals[0], 1), (goals[1 + k % 3], 2)].into());
        let cast = w.cast(round, *p, ballot, NOW).unwrap();
        w.apply(cast).unwrap();
    }
    (w, round)
}

#[test]
fn a_ballot_problem_points_at_the_ballot_and_the_goal_in_it() {
    let (w, _) = dot_round_workshop();
    let valid = serde_json::to_value(to_document(&w)).unwrap();
    let refused = |damage: &dyn Fn(&mut Value)| {
        let mut doc = valid.clone();
        damage(&mut doc);
        let error = restore(compact(&doc).as_bytes()).unwrap_err();
        let (path, says) = only_problem(&error);
        (path.to_string(), says)
    };
    // A goal that exists but is not in the round.
    let (path, says) = refused(&|d| d["rounds"][0]["ballots"][3]["dots"]["g5"] = json!(1));
    assert_eq!(path, "$.rounds[0].ballots[3].dots.g5");
    assert_eq!(says, "Voter 4: Goal g5 is not part of this round.");
    // Over the cap on one goal.
    let (path, says) = refused(&|d| d["rounds"][0]["ballots"][2]["dots"] = json!({"g1": 4}));
    assert_eq!(path, "$.rounds[0].ballots[2].dots.g1");
    assert!(says.contains("At most 3 dots may go on one goal"), "{says}");
    // Over the budget: the ballot's dots as a whole.
    let (path, says) = refused(&|d| d["rounds"][0]["ballots"][1]["dots"]["g4"] = json!(3));
    assert_eq!(path, "$.rounds[0].ballots[1].dots");
    assert!(says.contains("You placed 6 dots but have 5"), "{says}");
}

#[test]
fn a_ranking_problem_points_at_its_place_in_the_ranking() {
    let mut doc = demo_doc();
    // The demo's round ranks g5, g6, g8, g9, g13 and one more; g1 is an objective outside it.
    doc["rounds"][0]["ballots"][3]["ranking"][1] = json!("g1");
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, "$.rounds[0].ballots[3].ranking[1]");
    assert!(says.contains("Goal g1 is not part of this round."), "{says}");

    let mut doc = demo_doc();
    let first = doc["rounds"][0]["ballots"][3]["ranking"][0].clone();
    doc["rounds"][0]["ballots"][3]["ranking"].as_array_mut().unwrap().push(first);
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    let last = doc["rounds"][0]["ballots"][3]["ranking"].as_array().unwrap().len() - 1;
    assert_eq!(path, format!("$.rounds[0].ballots[3].ranking[{last}]"));
    assert!(says.contains("appears twice in the ranking"), "{says}");
}

#[test]
fn a_refused_invite_is_reported_once_not_again_at_each_of_its_ballots() {
    let (mut w, round) = dot_round_workshop();
    let people: Vec<_> = w.participants().iter().map(|p| p.id).collect();
    for (k, p) in people.iter().enumerate() {
        let invite = w.issue_invite(*p, [k as u8; 16], NOW).unwrap();
        let ballot = Ballot::Dots([(GoalId(2), 1)].into());
        let cast = w.cast_from(round, *p, ballot, NOW, accord::domain::voting::Source::Code { invite, counter: 1 }).unwrap();
        w.apply(cast).unwrap();
    }
    let mut doc = serde_json::to_value(to_document(&w)).unwrap();
    assert!(restore(compact(&doc).as_bytes()).is_ok());
    doc["invites"][0]["salt"] = json!("too short");
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.invites[0].salt");
}

#[test]
fn a_refused_goal_is_reported_once_wherever_it_is_named() {
    let (w, _) = dot_round_workshop();
    let mut doc = serde_json::to_value(to_document(&w)).unwrap();
    // g1 is in the round and on every ballot; g5 and g6 hang under it and depend on it.
    doc["goals"][0]["title"] = json!("Bell \u{7}");
    for i in [4, 5] {
        doc["goals"][i]["level"] = json!("department_goal");
        doc["goals"][i]["parent"] = json!("g1");
        doc["goals"][i]["depends_on"] = json!(["g1"]);
    }
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, "$.goals[0].title");
    assert!(says.contains("control character (U+0007)"), "{says}");
}

#[test]
fn text_a_file_holds_untrimmed_is_refused_where_it_is() {
    let mut doc = demo_doc();
    doc["goals"][2]["title"] = json!(" Padded title");
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    let (path, says) = only_problem(&error);
    assert_eq!(path, "$.goals[2].title");
    assert!(says.contains("starts or ends with white space"), "{says}");
}

#[test]
fn explicit_nulls_for_optional_fields_and_extra_keys_beside_a_bare_kind_are_refused() {
    let mut doc = demo_doc();
    doc["rounds"][0]["electorate"] = Value::Null;
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.rounds[0].electorate");
    let mut doc = demo_doc();
    doc["rounds"][0]["method"]["dots"] = json!(3);
    let error = restore(compact(&doc).as_bytes()).unwrap_err();
    assert_eq!(only_problem(&error).0, "$.rounds[0].method.dots");
}

// ----- indexed lookups stay true -----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// After any edits (and their undo), every lookup by ID finds what a scan finds.
    #[test]
    fn lookups_by_id_agree_with_the_lists(steps in prop::collection::vec((any_action(), 0u8..4), 0..60)) {
        let mut w = Workshop::new("Workshop", Timestamp(0)).unwrap();
        let mut history = History::default();
        for (action, roll) in steps {
            match (roll, edit_for(&w, action.clone())) {
                (0, _) => {
                    let _ = history.undo(&mut w);
                }
                (1, _) => {
                    let _ = history.redo(&mut w);
                }
                (_, Some(edit)) => {
                    let _ = history.apply(&mut w, edit);
                }
                (_, None) => apply(&mut w, action),
            }
        }
        for (i, g) in w.goals().iter().enumerate() {
            prop_assert_eq!(w.goal(g.id), Some(g));
            prop_assert_eq!(w.goal_position(g.id), Some(i));
        }
        for p in w.participants() {
            prop_assert_eq!(w.participant(p.id), Some(p));
        }
        for d in w.departments() {
            prop_assert_eq!(w.department(d.id), Some(d));
        }
        for i in w.invites() {
            prop_assert_eq!(w.invite(i.id), Some(i));
        }
        // And nothing is found that is not listed.
        let next = w.next_goal_id();
        prop_assert!(w.goal(next).is_none());
        prop_assert!(w.participant(w.next_participant_id()).is_none());
        prop_assert!(w.department(w.next_department_id()).is_none());
    }
}
