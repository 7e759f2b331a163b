//! Bad files, each refused with a message that says what is wrong and where.

use accord::domain::demo::DEMO_JSON;
use accord::domain::wire::{restore, MAX_FILE_BYTES};
use serde_json::{json, Value};

/// Applies `damage` to the demo file and expects the import to fail with a problem at
/// `path` whose message contains `says`.
fn check(damage: impl FnOnce(&mut Value), path: &str, says: &str) {
    let mut doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    damage(&mut doc);
    let error = restore(doc.to_string().as_bytes()).expect_err("the damaged file is refused");
    assert!(
        error.problems.iter().any(|p| p.path == path && p.kind.to_string().contains(says)),
        "expected a problem at {path} saying {says:?}, got:\n{error}"
    );
}

fn check_bytes(bytes: &[u8], path: &str, says: &str) {
    let error = restore(bytes).expect_err("refused");
    assert_eq!(error.problems[0].path, path);
    assert!(error.to_string().contains(says), "{error}");
}

#[test]
fn files_that_are_not_workshops() {
    check_bytes(b"", "$", "empty");
    check_bytes(&[0xff, 0xfe, 0x00], "$", "not text");
    check_bytes(b"{\"format\": \"accord-workshop\",", "$", "not valid JSON (line 1, column 29: EOF while parsing");
    check_bytes(b"[1, 2]", "$", "expected a JSON object");
    check_bytes(b"{\"format\": \"excalidraw\", \"version\": 2}", "$.format", "\"excalidraw\" file");
    check_bytes(b"{\"version\": 1}", "$.format", "not an Accord workshop");
    check_bytes(&vec![b' '; MAX_FILE_BYTES + 1], "$", "Accord opens files up to 8 MB");
}

#[test]
fn versions_from_the_future_and_nonsense_versions() {
    check(|d| d["version"] = json!(2), "$.version", "made by a newer Accord (format version 2)");
    check(|d| d["version"] = json!("1"), "$.version", "whole number");
    check(|d| d.as_object_mut().unwrap().remove("version").map(drop).unwrap(), "$.version", "does not say which version");
}

#[test]
fn shape_mismatches_name_their_path() {
    check(|d| d["goals"][3]["level"] = json!("vision"), "$.goals[3].level", "unknown variant `vision`");
    check(|d| d["goals"][2]["effort"] = json!(-4), "$.goals[2].effort", "invalid value");
    check(|d| d["departments"][1]["mascot"] = json!("owl"), "$.departments[1].mascot", "unknown field `mascot`");
    check(|d| d["title"] = json!(7), "$.title", "expected a string");
}

#[test]
fn duplicate_and_malformed_ids() {
    check(|d| d["goals"][5]["id"] = json!("g1"), "$.goals[5].id", "Two goals have the ID g1");
    check(|d| d["goals"][5]["id"] = json!("goal-5"), "$.goals[5].id", "not a valid goal ID");
    check(|d| d["departments"][4]["id"] = json!("d1"), "$.departments[4].id", "Two departments have the ID d1");
    check(|d| d["participants"][0]["id"] = json!("p2"), "$.participants[1].id", "Two participants have the ID p2");
}

#[test]
fn dangling_references() {
    check(|d| d["goals"][6]["parent"] = json!("g404"), "$.goals[6].parent", "refers to goal \"g404\"");
    check(|d| d["goals"][6]["department"] = json!("d9"), "$.goals[6].department", "refers to department \"d9\"");
    check(|d| d["participants"][3]["department"] = json!("d9"), "$.participants[3].department", "department \"d9\"");
    check(|d| d["goals"][17]["depends_on"] = json!(["g99"]), "$.goals[17].depends_on[0]", "refers to goal \"g99\"");
    check(|d| d["goals"][5]["conflicts_with"] = json!(["g6"]), "$.goals[5].conflicts_with[0]", "linked to itself");
}

#[test]
fn structural_rules() {
    // g1 is an objective; putting it under its own grandchild loops *and* breaks nesting.
    check(|d| d["goals"][4]["parent"] = json!("g18"), "$.goals[4].parent", "can't go under");
    // With strict levels every loop also breaks nesting; the loop is what gets reported.
    check(
        |d| {
            let goals = d["goals"].as_array_mut().unwrap();
            let mut billing = goals.remove(9);
            billing["parent"] = json!("g17");
            goals.push(billing);
        },
        "$.goals[24].parent", "is already inside “Rebuild billing for usage-based pricing”, so the tree would loop");
    check(|d| d["goals"][4]["parent"] = json!("g16"), "$.goals[4].parent", "a goal must sit under a higher level");
    check(|d| d["goals"][15]["parent"] = json!("g17"), "$.goals[15].parent", "(initiative) can't go under “Usage-based billing engine” (initiative)");
    check(|d| d["goals"][0]["parent"] = json!("g2"), "$.goals[0].parent", "sits directly under the strategy");
}

#[test]
fn text_that_is_too_long_or_empty() {
    check(|d| d["goals"][2]["title"] = json!("x".repeat(201)), "$.goals[2].title", "201 characters long; the limit is 200");
    check(|d| d["strategy"] = json!("y".repeat(4001)), "$.strategy", "the limit is 4000");
    check(|d| d["departments"][0]["name"] = json!("  "), "$.departments[0].name", "department name is empty");
    check(|d| d["departments"][0]["colour"] = json!("blue"), "$.departments[0].colour", "not a colour");
    check(|d| d["created"] = json!("yesterday"), "$.created", "not a UTC time");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let mut doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    doc["goals"][1]["parent"] = json!("g404");
    doc["goals"][2]["title"] = json!("");
    doc["departments"][0]["colour"] = json!("red");
    let error = restore(doc.to_string().as_bytes()).unwrap_err();
    let paths: Vec<_> = error.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"$.goals[1].parent") && paths.contains(&"$.goals[2].title") && paths.contains(&"$.departments[0].colour"), "{paths:?}");
}

#[test]
fn links_written_on_both_sides_are_one_link() {
    let doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    assert_eq!(doc["goals"][5]["conflicts_with"], json!(["g14"]));
    assert_eq!(doc["goals"][13]["conflicts_with"], json!(["g6"]));
    let w = restore(DEMO_JSON.as_bytes()).unwrap();
    assert_eq!(w.links().iter().filter(|l| l.1 == accord::domain::model::LinkKind::ConflictsWith).count(), 1);
}

#[test]
fn control_and_direction_override_characters_are_refused_with_the_field_named() {
    check(|d| d["goals"][2]["title"] = json!("Ship\u{7} the app"), "$.goals[2].title", "goal title contains an invisible control character (U+0007)");
    check(|d| d["goals"][2]["title"] = json!("Cut\u{0}costs"), "$.goals[2].title", "control character (U+0000)");
    check(|d| d["goals"][2]["title"] = json!("two\nlines"), "$.goals[2].title", "control character (U+000A)");
    // "Fund gpj.exe" shown as "Fund exe.jpg": the override would disguise the title.
    check(|d| d["goals"][2]["title"] = json!("Fund \u{202e}gpj.exe"), "$.goals[2].title", "text-direction override (U+202E)");
    check(|d| d["participants"][1]["name"] = json!("\u{2066}Ada"), "$.participants[1].name", "text-direction override (U+2066)");
    check(|d| d["departments"][0]["name"] = json!("Sales\u{1b}[31m"), "$.departments[0].name", "U+001B");
    check(|d| d["strategy"] = json!("Grow\u{0}"), "$.strategy", "strategy statement contains an invisible control character");
    check(|d| d["rounds"][0]["name"] = json!("Q\u{85}3"), "$.rounds[0].name", "U+0085");
}

#[test]
fn line_breaks_and_tabs_stay_allowed_where_text_has_several_lines() {
    let mut doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    doc["strategy"] = json!("Grow.\n\tThen keep growing.\r\n");
    doc["goals"][2]["description"] = json!("Line one\nLine two");
    let w = restore(doc.to_string().as_bytes()).expect("multi-line text opens");
    assert!(w.strategy.contains("\n\tThen"));
}

#[test]
fn a_refused_item_is_reported_once_not_again_at_every_reference_to_it() {
    // g1 is an objective with goals beneath it, in a round and in decisions: refusing it
    // for its empty title must not add a "not in the file" line for each reference.
    let mut doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    let referenced = DEMO_JSON.matches("\"g1\"").count();
    assert!(referenced > 2, "the demo refers to g1 {referenced} times");
    doc["goals"][0]["title"] = json!("");
    let error = restore(doc.to_string().as_bytes()).unwrap_err();
    assert_eq!(error.problems.len(), 1, "{error}");
    assert_eq!(error.problems[0].path, "$.goals[0].title");

    // The same for a department refused for its colour, and a participant for their name.
    let mut doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    doc["departments"][0]["colour"] = json!("blue");
    doc["participants"][0]["name"] = json!("");
    let error = restore(doc.to_string().as_bytes()).unwrap_err();
    assert!(error.problems.iter().all(|p| !p.kind.to_string().contains("which is not in the file")), "{error}");
    assert_eq!(error.problems.len(), 2, "{error}");
}

#[test]
fn a_goal_tree_file_is_held_to_the_same_text_rules() {
    use accord::domain::render::goal_tree::{agreed_tree, restore_tree, to_json};
    let w = restore(DEMO_JSON.as_bytes()).unwrap();
    let mut doc: Value = serde_json::from_str(&to_json(&agreed_tree(&w, w.updated))).unwrap();
    doc["tree"][0]["title"] = json!("Grow \u{202e}evenuer");
    doc["departments"][1]["name"] = json!("Sales\u{7}");
    let error = restore_tree(doc.to_string().as_bytes()).unwrap_err();
    let said: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
    assert!(said.iter().any(|p| p.starts_with("$.tree[0].title: the goal title contains a text-direction override (U+202E)")), "{said:?}");
    assert!(said.iter().any(|p| p.starts_with("$.departments[1].name: the department name contains an invisible control character (U+0007)")), "{said:?}");
}

#[test]
fn ids_stop_at_the_last_one_a_file_can_hold_and_are_never_handed_out_twice() {
    // The last participant ID a file can write: adding someone after it is refused, never
    // a reused or unwritable ID.
    let mut doc: Value = serde_json::from_str(DEMO_JSON).unwrap();
    let last = accord::domain::model::LAST_ID;
    let text = doc.to_string().replace("\"p12\"", &format!("\"p{last}\""));
    let mut w = restore(text.as_bytes()).expect("the last ID opens");
    let refused = w.add_participant("One too many", None).unwrap_err();
    assert!(refused.to_string().contains("has used every participant ID a file can hold"), "{refused}");
    assert!(w.participants().iter().all(|p| p.name != "One too many"));
    // A mark past it is refused where it is written.
    doc["next_ids"] = json!({ "department": 6, "participant": 4_000_000_000u32, "goal": 26, "round": 2, "invite": 1 });
    check(|d| *d = doc.clone(), "$.next_ids.participant", "past the last ID a file can hold (999999999)");
}

/// Any forbidden character, anywhere in otherwise acceptable text, in any field, is
/// refused and named (a generator of valid workshops never produces them, so this is
/// where the rule is exercised at random).
#[test]
fn any_control_or_override_character_anywhere_in_any_field_is_refused() {
    use accord::domain::model::text::{check, Field, TextProblem};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let fields = [
        Field::WorkshopTitle, Field::Strategy, Field::GoalTitle, Field::GoalDescription, Field::Owner, Field::Metric,
        Field::Target, Field::DepartmentName, Field::ParticipantName, Field::RoundName, Field::Rationale,
    ];
    let forbidden = prop_oneof![
        (0u32..0x20).prop_filter("line breaks and tabs are checked apart", |c| ![0x09, 0x0a, 0x0d].contains(c)),
        0x7fu32..0xa0,
        0x202au32..0x202f,
        0x2066u32..0x206a,
    ]
    .prop_map(|c| char::from_u32(c).unwrap());
    let mut runner = TestRunner::new(Config { cases: 1000, ..Config::default() });
    runner
        .run(&(prop::sample::select(fields.to_vec()), "[a-zA-Zé ]{1,60}", forbidden, any::<prop::sample::Index>()), |(field, text, bad, at)| {
            let chars: Vec<char> = text.chars().collect();
            let at = at.index(chars.len() + 1);
            let mut with: String = chars[..at].iter().collect();
            with.push(bad);
            with.extend(&chars[at..]);
            // Trimmed fields drop surrounding whitespace first; put the character mid-text.
            let with = format!("a{with}a");
            match check(field, &with) {
                Err(TextProblem::ControlCharacter(c) | TextProblem::DirectionOverride(c)) => prop_assert_eq!(c, bad),
                other => prop_assert!(false, "{field:?} accepted U+{:04X}: {other:?}", u32::from(bad)),
            }
            Ok(())
        })
        .unwrap();
}

// ---- Hostile shapes: valid JSON, wrong inside, refused at the right path ----

/// Where a key is in a JSON path as problems name it: `.key`, or `["key"]` for any other.
fn json_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!(".{key}")
    } else {
        format!("[{}]", serde_json::to_string(key).unwrap())
    }
}

/// Every node of a document below the root: its JSON path, its JSON Pointer, its value.
fn nodes(doc: &Value) -> Vec<(String, String, Value)> {
    fn walk(v: &Value, path: String, pointer: String, out: &mut Vec<(String, String, Value)>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, c)| {
                let (p, q) = (format!("{path}{}", json_key(k)), format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")));
                out.push((p.clone(), q.clone(), c.clone()));
                walk(c, p, q, out);
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| {
                let (p, q) = (format!("{path}[{i}]"), format!("{pointer}/{i}"));
                out.push((p.clone(), q.clone(), c.clone()));
                walk(c, p, q, out);
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, "$".into(), String::new(), &mut out);
    out
}

type Reader = fn(&[u8]) -> Result<(), accord::domain::wire::ImportError>;

fn read_workshop(bytes: &[u8]) -> Result<(), accord::domain::wire::ImportError> {
    restore(bytes).map(drop)
}

fn read_tree(bytes: &[u8]) -> Result<(), accord::domain::wire::ImportError> {
    accord::domain::render::goal_tree::restore_tree(bytes).map(drop)
}

/// `doc` with the node at `pointer` replaced by `with` must be refused with a problem at
/// one of `paths` whose message contains `says`.
fn refused_at(read: Reader, doc: &Value, pointer: &str, with: Value, paths: &[&str], says: &str) {
    let mut damaged = doc.clone();
    *damaged.pointer_mut(pointer).unwrap() = with.clone();
    let error = match read(damaged.to_string().as_bytes()) {
        Ok(()) => panic!("{with} at {} was accepted", paths[0]),
        Err(error) => error,
    };
    assert!(
        error.problems.iter().any(|p| paths.contains(&p.path.as_str()) && p.kind.to_string().contains(says)),
        "{with} at {}: expected a problem at {paths:?} saying {says:?}, got:\n{error}",
        paths[0]
    );
}

/// Fields that may hold `null` (optional, and null reads as absent).
const NULLABLE: [&str; 8] = ["parent", "department", "effort", "capacity", "priority", "timer_minutes", "cap", "conflict_settings"];

/// Every node of `doc` given a value of the wrong kind: `true` (wrong everywhere but a
/// flag), `null` (wrong but where a field is optional), an array of an object's values
/// in order (serde_json reads a struct from that; the format does not), an unknown key
/// in every object, and 2^32 in every count. Each is refused at the node's own path.
fn every_node_refused(read: Reader, doc: &Value, maps: &[&str], wide: &[&str]) -> usize {
    read(doc.to_string().as_bytes()).expect("the undamaged document is read");
    let mut checked = 0;
    for (path, pointer, value) in nodes(doc) {
        if path == "$.format" || path == "$.version" {
            continue; // checked before the shape, with their own messages (tests above)
        }
        let key = path.rsplit(['.', '[']).next().unwrap_or_default().trim_end_matches(']');
        let odd = format!("{path}[\"🙂\"]");
        // Inside a tagged enum (a round's method, a decision's resolution) serde reads the
        // fields from a buffered copy, so a mismatch there is named at the enum.
        let tagged = [".method", ".resolution"].iter().find_map(|t| path.find(&format!("{t}.")).map(|i| path[..i + t.len()].to_string()));
        let path_or_enum: Vec<&str> = std::iter::once(path.as_str()).chain(tagged.as_deref()).collect();
        if !value.is_boolean() {
            refused_at(read, doc, &pointer, json!(true), &path_or_enum, "invalid type: boolean `true`");
        }
        if !value.is_null() && !NULLABLE.contains(&key) {
            refused_at(read, doc, &pointer, Value::Null, &path_or_enum, "invalid type: null");
        }
        if let Value::Object(map) = &value {
            let values: Vec<Value> = map.values().cloned().collect();
            refused_at(read, doc, &pointer, Value::Array(values), &path_or_enum, "invalid type: sequence");
            if !maps.contains(&key) {
                let mut more = map.clone();
                more.insert("🙂".into(), json!(1));
                refused_at(read, doc, &pointer, Value::Object(more), &[&path, &odd], "unknown field `🙂`");
            }
        }
        if value.is_number() && !wide.iter().any(|w| path.contains(w)) {
            refused_at(read, doc, &pointer, json!(4_294_967_296u64), &path_or_enum, "invalid value: integer `4294967296`, expected u32");
        }
        checked += 1;
    }
    checked
}

/// Workshops of every kind the generator makes (rounds of each method with ballots from
/// codes and phones, invites, rooms, decisions), the same every run.
fn sample_workshops(n: usize) -> Vec<accord::domain::model::Workshop> {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    (0..n).map(|_| crate::support::any_workshop().new_tree(&mut runner).unwrap().current()).collect()
}

#[test]
fn every_node_of_a_workshop_file_given_the_wrong_shape_is_refused_at_its_path() {
    let mut docs = vec![serde_json::from_str::<Value>(DEMO_JSON).unwrap()];
    docs.extend(sample_workshops(30).iter().map(|w| serde_json::to_value(accord::domain::wire::to_document(w)).unwrap()));
    let mut checked = 0;
    let mut seen = std::collections::BTreeSet::new();
    for doc in &docs {
        checked += every_node_refused(read_workshop, doc, &["dots", "scores"], &[".counter", ".divergence", ".value"]);
        seen.extend(nodes(doc).into_iter().filter_map(|(p, _, _)| p.rsplit('.').next().map(|k| k.split('[').next().unwrap().to_string())));
    }
    for key in ["ranking", "dots", "scores", "source", "invites", "electorate", "removed_ballots", "next_ids", "room", "priority", "method"] {
        assert!(seen.contains(key), "no sample has {key:?}: {seen:?}");
    }
    assert!(checked > 1000, "{checked} nodes");
}

#[test]
fn every_node_of_a_goal_tree_file_given_the_wrong_shape_is_refused_at_its_path() {
    use accord::domain::render::goal_tree::agreed_tree;
    let demo = restore(DEMO_JSON.as_bytes()).unwrap();
    let mut docs = vec![serde_json::to_value(agreed_tree(&demo, demo.updated)).unwrap()];
    docs.extend(sample_workshops(6).iter().map(|w| serde_json::to_value(agreed_tree(w, w.updated)).unwrap()));
    let mut checked = 0;
    for doc in &docs {
        // Decision numbers are indexes (usize): 2^32 is refused there as pointing nowhere.
        checked += every_node_refused(read_tree, doc, &[], &[".value", ".decisions["]);
    }
    assert!(checked > 200, "{checked} nodes");
}

#[test]
fn an_array_where_an_object_belongs_is_refused_even_with_the_right_fields_in_order() {
    check(|d| d["departments"][1] = json!(["d2", "Sales", "#16a34a", null]), "$.departments[1]", "invalid type: sequence, expected struct DepartmentDoc");
    check(|d| d["conflict_settings"] = json!([0.5, 3]), "$.conflict_settings", "invalid type: sequence, expected struct ConflictSettingsDoc");
    check(|d| d["rounds"][0]["method"] = json!(["ranked"]), "$.rounds[0].method", "invalid type: sequence, expected internally tagged enum MethodDoc");
    check(|d| d["goals"][3]["level"] = json!({ "initiative": null }), "$.goals[3].level", "\"initiative\" alone, as a string");
}

#[test]
fn wrong_types_deep_inside_are_refused_where_they_are() {
    let ranked = |d: &mut Value| d["rounds"][0]["ballots"][2]["ranking"][1] = json!(7);
    check(ranked, "$.rounds[0].ballots[2].ranking[1]", "invalid type: integer `7`, expected a string");
    check(|d| d["rounds"][0]["ballots"][2] = json!([]), "$.rounds[0].ballots[2]", "invalid type: sequence, expected struct BallotDoc");
    check(|d| d["rounds"][0]["ballots"][2]["ranking"] = json!(null), "$.rounds[0].ballots[2].ranking", "invalid type: null, expected a sequence");
    check(|d| d["rounds"][0]["ballots"][2]["extra"] = json!({}), "$.rounds[0].ballots[2].extra", "unknown field `extra`");
    check(|d| d["goals"][2]["effort"] = json!(4_294_967_296u64), "$.goals[2].effort", "invalid value: integer `4294967296`, expected u32");
    check(|d| d["goals"][2]["effort"] = json!(1e20), "$.goals[2].effort", "invalid type: floating point `1e+20`, expected u32");
    check(|d| d["goals"][2]["effort"] = json!(2.5), "$.goals[2].effort", "invalid type: floating point `2.5`, expected u32");
    check(|d| d["rounds"][0]["timer_minutes"] = json!(-1), "$.rounds[0].timer_minutes", "invalid value: integer `-1`, expected u32");
    check(|d| d["kept_apart"] = json!([["g1", "g2", "g3"]]), "$.kept_apart[0]", "invalid length 3, expected fewer elements in array");
    check(|d| d["kept_apart"] = json!([["g1"]]), "$.kept_apart[0]", "invalid length 1, expected a tuple of size 2");
    check(|d| d["goals"][0]["title"] = json!({ "en": "Grow" }), "$.goals[0].title", "invalid type: map, expected a string");
    check(|d| d.as_object_mut().unwrap().remove("title").map(drop).unwrap(), "$", "missing field `title`");
    check(|d| d["goals"][4].as_object_mut().unwrap().remove("level").map(drop).unwrap(), "$.goals[4]", "missing field `level`");
}

#[test]
fn a_key_that_is_not_a_plain_name_is_written_as_a_quoted_json_path() {
    check(|d| d["departments"][1]["a.b"] = json!(1), "$.departments[1][\"a.b\"]", "unknown field `a.b`");
    check(|d| d["goals"][0]["\"]"] = json!(1), "$.goals[0][\"\\\"]\"]", "unknown field");
}
