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
    let (code, map, _) = accord(&["render", &demo, "--format", "map"]);
    assert_eq!(code, 0);
    assert!(map.starts_with("<svg") && map.contains("Alignment map: Northwind Outfitters") && map.contains("<title>Reach 99.99% uptime</title>"), "{map}");
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
fn validate_refuses_control_and_direction_override_characters() {
    let bel = file("bel.json", &app_file().replacen("Reach 99.99% uptime", "Reach 99.99%\\u0007 uptime", 1));
    let (code, out, _) = accord(&["validate", &bel]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("$.goals[10].title: the goal title contains an invisible control character (U+0007)"), "{out}");
    let rlo = file("rlo.json", &app_file().replacen("\"Amara Okafor\"", "\"Amara \\u202eOkafor\"", 1));
    let (code, out, _) = accord(&["validate", &rlo]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("name: the participant name contains a text-direction override (U+202E)"), "{out}");
}

/// A workshop file as the app writes it, with one round over two goals that `ballots`
/// (participant → ballot JSON) vote in. The participants are `people` (name, department).
fn workshop_with_round(method: accord::domain::voting::Method, weighting: accord::domain::voting::Weighting, people: &[(&str, &str)], ballots: &[serde_json::Value]) -> String {
    use accord::domain::model::{Level, NewGoal, NewRound, Workshop};
    use accord::domain::voting::{Ballot, RoundStatus, Secrecy};
    let mut w = Workshop::new("File", accord::domain::time::Timestamp(1_800_000_000_000)).unwrap();
    let mut departments = std::collections::BTreeMap::new();
    let mut voters = Vec::new();
    for (name, dept) in people {
        let d = *departments.entry(*dept).or_insert_with(|| w.add_department(dept, None).unwrap());
        voters.push(w.add_participant(name, Some(d)).unwrap());
    }
    let goals: Vec<GoalId> = ["A", "B"]
        .iter()
        .map(|t| w.add_goal(NewGoal { title: (*t).into(), level: Level::Objective, parent: None, department: None }).unwrap())
        .collect();
    let new = w.new_round(NewRound { name: "Vote".into(), method, goals: goals.clone(), secrecy: Secrecy::Named, weighting, timer_minutes: None }).unwrap();
    w.apply(new).unwrap();
    let r = w.rounds().last().unwrap().id;
    let open = w.set_round_status(r, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    // Cast a placeholder ballot for each voter, then put the given ballots in the file.
    let placeholder = match method {
        accord::domain::voting::Method::Dot { .. } => Ballot::Dots([(goals[0], 1)].into()),
        accord::domain::voting::Method::Score { .. } => Ballot::Scores([(goals[0], 1)].into()),
        accord::domain::voting::Method::Ranked => Ballot::Ranking(vec![goals[0]]),
    };
    for v in &voters {
        let cast = w.cast(r, *v, placeholder.clone(), accord::domain::time::Timestamp(1_800_000_000_000)).unwrap();
        w.apply(cast).unwrap();
    }
    let mut doc: serde_json::Value = serde_json::from_str(&to_json(&w)).unwrap();
    for (i, ballot) in ballots.iter().enumerate() {
        let slot = &mut doc["rounds"][0]["ballots"][i];
        for key in ["dots", "scores", "ranking"] {
            slot.as_object_mut().unwrap().remove(key);
        }
        for (k, v) in ballot.as_object().unwrap() {
            slot[k] = v.clone();
        }
    }
    // Revealed, so `tally` shows it (nothing of an unrevealed round is shown).
    doc["rounds"][0]["status"] = serde_json::json!("revealed");
    serde_json::to_string_pretty(&doc).unwrap()
}

/// Item 1: a 3-dot round with no cap, holding a ballot of 4294967295 dots on one goal and
/// 2 on another (it summed, wrapping, to 1 and passed): `accord validate` refuses it and
/// says why.
#[test]
fn validate_refuses_a_stuffed_dot_ballot() {
    use accord::domain::voting::{Method, Weighting};
    let stuffed = serde_json::json!({ "dots": { "g1": 4294967295u32, "g2": 2 } });
    let path = file("stuffed.json", &workshop_with_round(Method::Dot { dots: 3, cap: None }, Weighting::Equal, &[("Mallory", "Sales")], &[stuffed]));
    let (code, out, _) = accord(&["validate", &path]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("stuffed.json: invalid"), "{out}");
    assert!(out.contains("One goal has 4294967295 dots, but each person has only 3 dots in all."), "{out}");
    // The same file with an honest ballot passes.
    let honest = serde_json::json!({ "dots": { "g1": 1, "g2": 2 } });
    let path = file("honest.json", &workshop_with_round(Method::Dot { dots: 3, cap: None }, Weighting::Equal, &[("Mallory", "Sales")], &[honest]));
    assert_eq!(accord(&["validate", &path]).0, 0);
}

/// Item 6: 6 Sales voters ranking A>B against 1 Finance voter ranking B>A, balanced by
/// department, is a tie in `accord tally --json` (it said B won, by rounding).
#[test]
fn tally_shows_the_balanced_six_against_one_as_a_tie() {
    use accord::domain::voting::{Method, Weighting};
    let mut people: Vec<(&str, &str)> = ["S1", "S2", "S3", "S4", "S5", "S6"].iter().map(|n| (*n, "Sales")).collect();
    people.push(("F1", "Finance"));
    let mut ballots = vec![serde_json::json!({ "ranking": ["g1", "g2"] }); 6];
    ballots.push(serde_json::json!({ "ranking": ["g2", "g1"] }));
    let path = file("six-one.json", &workshop_with_round(Method::Ranked, Weighting::DepartmentBalanced, &people, &ballots));
    let (code, out, err) = accord(&["tally", &path, "--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["order"], serde_json::json!([["g1", "g2"]]), "{out}");
    assert_eq!(json[0]["headline"]["g1"], json[0]["headline"]["g2"], "{out}");
    assert_eq!(json[0]["headline_exact"], serde_json::json!({ "g1": "1", "g2": "1" }), "{out}");
    let (_, text, _) = accord(&["tally", &path]);
    assert!(text.contains("1 (tie). A — 1.00") && text.contains("1 (tie). B — 1.00"), "{text}");
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

#[test]
fn tally_shows_nothing_of_an_unrevealed_round_unless_audited() {
    let closed = app_file().replacen("\"status\": \"revealed\"", "\"status\": \"closed\"", 1);
    let path = file("demo-closed-tally.json", &closed);
    let (code, out, _) = accord(&["tally", &path]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("The results stay hidden until you reveal them. (--audit recounts it)"), "{out}");
    assert!(!out.contains("(tie)") && !out.contains("Borda") && !out.contains("Kendall"), "{out}");
    let (_, json, _) = accord(&["tally", &path, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json[0].get("order").is_none() && json[0]["hidden"].is_string(), "{json}");
    // The file's owner may recount every ballot the file holds.
    let (code, audit, _) = accord(&["tally", &path, "--audit"]);
    assert_eq!(code, 0);
    assert!(audit.contains("1 (tie). Launch a self-serve plan for small teams"), "{audit}");
}

/// The published schema of `accord diff --json`.
fn diff_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-diff-v1.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str::<serde_json::Value>(&text).unwrap()).unwrap()
}

/// The goal `id` in a goal-tree document, wherever it sits.
fn tree_goal<'a>(doc: &'a mut serde_json::Value, id: &str) -> &'a mut serde_json::Value {
    fn find<'a>(goals: &'a mut serde_json::Value, id: &str) -> Option<&'a mut serde_json::Value> {
        for g in goals.as_array_mut()? {
            if g["id"] == id {
                return Some(g);
            }
            if let Some(found) = find(&mut g["children"], id) {
                return Some(found);
            }
        }
        None
    }
    let lists: Vec<&mut serde_json::Value> = doc.as_object_mut().unwrap().iter_mut().filter(|(k, _)| ["tree", "unaligned", "deferred", "rejected"].contains(&k.as_str())).map(|(_, v)| v).collect();
    lists.into_iter().find_map(|list| find(list, id)).expect("the goal is in the tree")
}

/// The fault in the issue: between a tree and a copy where one goal changed department,
/// title, effort and target and lost its links, `diff` said "no changes" (`[]` with
/// `--json`).
#[test]
fn diff_reports_every_field_in_text_json_and_markdown() {
    let demo = file("demo-diff.json", &app_file());
    let (_, tree, _) = accord(&["render", &demo, "--format", "json"]);
    let mut doc: serde_json::Value = serde_json::from_str(&tree).unwrap();
    doc["exported"] = "2027-01-01T00:00:00.000Z".into();
    let g = tree_goal(&mut doc, "g14");
    g["department"] = "d1".into();
    g["title"] = "Hold gross margin above 72%".into();
    g["effort"] = 12.into();
    g["target"] = "> 72%".into();
    g["conflicts_with"] = serde_json::json!([]);
    tree_goal(&mut doc, "g6")["conflicts_with"] = serde_json::json!([]);
    let old = file("diff-old.json", &tree);
    let new = file("diff-new.json", &serde_json::to_string_pretty(&doc).unwrap());
    let (code, out, err) = accord(&["diff", &old, &new]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "~ g6 “Open the DACH market with launch pricing” conflicts with g14 → none\n\
         ~ g14 title “Hold gross margin above 70%” → “Hold gross margin above 72%”\n\
         ~ g14 “Hold gross margin above 72%” department d5 → d1\n\
         ~ g14 “Hold gross margin above 72%” effort 10 person-weeks → 12 person-weeks\n\
         ~ g14 “Hold gross margin above 72%” target “> 70%” → “> 72%”\n\
         ~ g14 “Hold gross margin above 72%” conflicts with g6 → none\n"
    );
    for args in [vec!["diff", &old, &new, "--json"], vec!["diff", &old, &new, "--format", "json"]] {
        let (code, json, _) = accord(&args);
        assert_eq!(code, 0);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<String> = diff_schema().iter_errors(&json).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(json.as_array().unwrap().len(), 6);
        assert_eq!(json[2], serde_json::json!({ "change": "reassigned", "goal": "g14", "title": "Hold gross margin above 72%", "from": "d5", "to": "d1" }));
        assert_eq!(json[3], serde_json::json!({ "change": "reestimated", "goal": "g14", "title": "Hold gross margin above 72%", "from": 10, "to": 12 }));
    }
    let (code, md, _) = accord(&["diff", &old, &new, "--format", "md"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("## Goal tree changes\n\n6 changes.\n\n### Goals changed\n\n| Goal | Title | Field | Before | After |\n|---|---|---|---|---|\n"), "{md}");
    assert!(md.contains("| g14 | Hold gross margin above 72\\% | target | \\> 70\\% | \\> 72\\% |"), "{md}");
    // Only the export time differs: no changes.
    doc = serde_json::from_str(&tree).unwrap();
    doc["exported"] = "2027-01-01T00:00:00.000Z".into();
    let later = file("diff-later.json", &serde_json::to_string(&doc).unwrap());
    assert_eq!(accord(&["diff", &old, &later]).1, "no changes\n");
    assert_eq!(accord(&["diff", &old, &later, "--json"]).1, "[]\n");
}

/// Help exits 0 on stdout; unknown or mistyped flags, bad values and missing arguments
/// are usage errors (exit 2) with a hint on stderr.
#[test]
fn the_command_line_behaves_like_one() {
    let demo = file("demo-usage.json", &app_file());
    for sub in ["validate", "tally", "render", "diff", "completions"] {
        let (code, out, err) = accord(&[sub, "--help"]);
        assert_eq!((code, err.as_str()), (0, ""), "{sub} --help");
        assert!(out.contains(&format!("Usage: accord {sub}")), "{out}");
    }
    let (code, out, _) = accord(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Exit status: 0 ok, 1 invalid input or failed check, 2 usage error."), "{out}");
    let (code, out, _) = accord(&["--version"]);
    assert_eq!((code, out.as_str()), (0, concat!("accord ", env!("CARGO_PKG_VERSION"), "\n")));
    let usage = |args: &[&str], hint: &str| {
        let (code, out, err) = accord(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(hint), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    };
    usage(&["tally", &demo, "--jsn"], "a similar argument exists: '--json'");
    usage(&["taly", &demo], "a similar subcommand exists: 'tally'");
    usage(&["tally", &demo, "--round"], "a value is required for '--round <ID>'");
    usage(&["tally"], "<FILE>");
    usage(&["render", &demo], "--format <FORMAT>");
    usage(&["render", &demo, "--format", "pdf"], "[possible values: md, csv, svg, json, map]");
    usage(&["diff", &demo], "<NEW>");
    usage(&["diff", &demo, &demo, "--json", "--format", "md"], "cannot be used with");
    usage(&["completions", "tcsh"], "possible values");
    usage(&[], "Usage: accord <COMMAND>");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, out, _) = accord(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(out.contains("tally") && out.contains("audit"), "{shell}: {out}");
    }
}

/// A workshop with one revealed dot round over `goals` goals: its tally is a line per goal.
fn big_workshop(goals: usize) -> String {
    use accord::domain::model::{Level, NewGoal, NewRound, Workshop};
    use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
    let now = accord::domain::time::Timestamp(1_800_000_000_000);
    let mut w = Workshop::new("Big", now).unwrap();
    let voter = w.add_participant("Vera", None).unwrap();
    let ids: Vec<GoalId> = (0..goals)
        .map(|i| w.add_goal(NewGoal { title: format!("Objective number {i} with a title long enough to fill a line"), level: Level::Objective, parent: None, department: None }).unwrap())
        .collect();
    let new = w.new_round(NewRound { name: "All".into(), method: Method::Dot { dots: 3, cap: None }, goals: ids.clone(), secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None }).unwrap();
    w.apply(new).unwrap();
    let r = w.rounds().last().unwrap().id;
    w.apply(w.set_round_status(r, RoundStatus::Open).unwrap()).unwrap();
    let cast = w.cast(r, voter, Ballot::Dots([(ids[0], 3)].into()), now).unwrap();
    w.apply(cast).unwrap();
    to_json(&w).replacen("\"status\": \"open\"", "\"status\": \"revealed\"", 1)
}

/// `accord tally big.json | head -1`: the reader goes away after one line while the tally
/// (far more than a pipe holds) is still being written. It aborted with a panic; now it
/// ends quietly.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let big = file("big.json", &big_workshop(3000));
    let (code, all, err) = accord(&["tally", &big]);
    assert_eq!(code, 0, "{err}");
    assert!(all.len() > 1 << 20 || all.lines().count() > 3000, "the tally is larger than a pipe holds: {} bytes", all.len());
    for args in [vec!["tally", big.as_str()], vec!["render", big.as_str(), "--format", "md"], vec!["completions", "bash"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord")).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        // The reader is dropped here: the pipe is closed with the rest unread.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!first.is_empty(), "{args:?}");
        assert_eq!((out.status.code(), err.as_str()), (Some(0), ""), "{args:?}");
    }
}

fn draft_file(name: &str, department: &str, author: &str, device: &str, titles: &[&str]) -> String {
    let goals: Vec<serde_json::Value> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"key": i + 1, "title": t, "level": "department_goal", "under": "g2", "under_title": "Customers renew because they succeed"}))
        .collect();
    let doc = serde_json::json!({
        "format": "accord-contribution", "version": 1, "source": "draft",
        "workshop": "Northwind Outfitters — Annual planning 2027", "department": department,
        "author": author, "device": device, "goals": goals
    });
    file(name, &doc.to_string())
}

#[test]
fn share_prints_the_viewer_link_of_the_agreed_tree() {
    let demo = file("demo-share.json", &app_file());
    let (code, out, err) = accord(&["share", &demo, "--base", "https://plan.northwind.example/accord"]);
    assert_eq!(code, 0, "{err}");
    let link = out.trim();
    assert!(link.starts_with("https://plan.northwind.example/accord/view/#tree=ACT1."), "{link}");
    let shared = accord::domain::share::tree_link::decode_tree(link).expect("the printed link opens");
    assert!(shared.tree.tree.iter().any(|g| g.children.iter().any(|c| c.title == "Reach 99.99% uptime")), "the app's edit is in the tree");
    assert!(err.contains(&format!("{} characters", link.chars().count())), "{err}");
    // Goals sent back are not a tree; a missing file is invalid input.
    let personal = draft_file("not-a-tree.json", "d4", "Sofia Rossi", "00000000000000aa", &["Reduce customer churn to 5%"]);
    assert_eq!(accord(&["share", &personal]).0, 1);
    assert_eq!(accord(&["share", "/nonexistent/tree.json"]).0, 1);
    assert_eq!(accord(&["share"]).0, 2, "usage error");
}

#[test]
fn merge_imports_drafts_all_or_nothing_and_lists_near_duplicates() {
    let demo = file("demo-merge.json", &app_file());
    let cs = draft_file("cs.json", "d4", "Sofia Rossi", "00000000000000aa", &["Reduce customer churn to 5%", "Launch a customer advisory board"]);
    let marketing = draft_file("mkt.json", "d3", "Mei Chen", "00000000000000bb", &["Cut customer churn below 5%"]);
    let out_path = std::env::temp_dir().join(format!("accord-cli-{}", std::process::id())).join("merged.json");
    let out_file = out_path.to_string_lossy().into_owned();
    let (code, out, err) = accord(&["merge", &demo, &cs, &marketing, "-o", &out_file, "--at", "2027-01-15T09:00:00.000Z"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("cs.json: Imported Sofia Rossi's draft (2 goals): 2 goals added."), "{err}");
    assert!(err.contains("possible duplicate") && err.contains("“Reduce customer churn to 5%” (Customer Success, from Sofia Rossi)") && err.contains("“Cut customer churn below 5%” (Marketing, from Mei Chen)"), "{err}");
    let merged = std::fs::read_to_string(&out_path).unwrap();
    let w = accord::domain::wire::restore(merged.as_bytes()).expect("the merged file is a valid workshop");
    assert_eq!(w.goals().len(), 28);
    assert_eq!(w.contributions().count(), 3);
    assert!(w.contributions().all(|(_, c)| c.received.to_rfc3339() == "2027-01-15T09:00:00.000Z"));
    // Merging the result again with the same drafts adds nothing (stable identity).
    let (code, out, err) = accord(&["merge", &out_file, &cs]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Already imported"), "{err}");
    assert_eq!(accord::domain::wire::restore(out.as_bytes()).unwrap().goals().len(), 28);
    // A draft as a code in a text file works the same.
    let code_file = file("code.txt", &format!("Here is our draft: https://x.example/#give={}\n", accord::domain::share::contribution::read_file(std::fs::read_to_string(&marketing).unwrap().as_bytes()).unwrap().to_code()));
    assert_eq!(accord(&["merge", &demo, &code_file]).0, 0);
    // One bad draft: nothing written, exit 1.
    let bad = draft_file("bad.json", "d42", "Nobody", "00000000000000cc", &["Something"]);
    let (code, out, err) = accord(&["merge", &demo, &cs, &bad]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "nothing written");
    assert!(err.contains("department d42, which this workshop does not have") && err.contains("Nothing was written."), "{err}");
    let forged = file("forged.json", &std::fs::read_to_string(&cs).unwrap().replace("\"level\":\"department_goal\"", "\"level\":\"objective\""));
    assert_eq!(accord(&["merge", &demo, &forged]).0, 1, "a draft may not add company objectives");
    assert_eq!(accord(&["merge", &demo]).0, 2, "usage error");
}
