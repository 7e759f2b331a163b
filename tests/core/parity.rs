//! Files exactly as strict as their schemas, both ways, for workshop files and goal
//! trees: every file `restore` accepts validates against the published JSON Schema, and
//! hostile variations of valid files (unknown fields at any depth, wrong types, bad times,
//! duplicate entries, control characters, padded or over-long text, out-of-range numbers,
//! levels inverted and set-aside goals inside the tree) are refused by both.
//!
//! What a JSON Schema cannot say (a reference to a goal that is not in the file, an ID
//! used twice, a score outside its round's range, a parent of the wrong level in the flat
//! workshop file) is refused by `restore` alone; `files.rs` tests those.

use std::sync::OnceLock;

use accord::domain::model::{Field, Workshop};
use accord::domain::render::goal_tree::{agreed_tree, restore_tree};
use accord::domain::time::Timestamp;
use accord::domain::wire::{restore, to_document};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::support::any_workshop;

fn validator(name: &str) -> jsonschema::Validator {
    let path = format!("{}/public/schema/{name}", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("published")).expect("JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn workshop_schema() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| validator("accord-workshop-v1.schema.json"))
}

fn tree_schema() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| validator("accord-goal-tree-v1.schema.json"))
}

fn schema_errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).take(5).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// Every node of a document as a JSON Pointer, with the value there.
fn nodes(doc: &Value) -> Vec<(String, Value)> {
    fn walk(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
        out.push((at.clone(), v.clone()));
        match v {
            Value::Object(m) => m.iter().for_each(|(k, c)| walk(c, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out)),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| walk(c, format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, String::new(), &mut out);
    out
}

/// The text fields of a document, each with the rule it is held to.
fn text_fields(doc: &Value, tree: bool) -> Vec<(String, Field)> {
    let mut out = Vec::new();
    for (at, _) in nodes(doc) {
        let parts: Vec<&str> = at.split('/').skip(1).collect();
        let numbered = |s: &str| s.parse::<usize>().is_ok();
        let field = match parts.as_slice() {
            [key] if *key == (if tree { "workshop" } else { "title" }) => Some(Field::WorkshopTitle),
            ["strategy"] => Some(Field::Strategy),
            ["departments", i, "name"] if numbered(i) => Some(Field::DepartmentName),
            ["participants", i, "name"] if numbered(i) => Some(Field::ParticipantName),
            ["decisions", i, "rationale"] if numbered(i) => Some(Field::Rationale),
            ["rounds", i, "name"] if numbered(i) => Some(Field::RoundName),
            ["rounds", i, "removed_ballots", j, "name"] if numbered(i) && numbered(j) => Some(Field::ParticipantName),
            [.., list, i, key] if numbered(i) && (*list == "goals" || *list == "children" || (tree && ["tree", "unaligned", "deferred", "rejected"].contains(list))) => {
                match *key {
                    "title" => Some(Field::GoalTitle),
                    "description" => Some(Field::GoalDescription),
                    "owner" => Some(Field::Owner),
                    "metric" => Some(Field::Metric),
                    "target" => Some(Field::Target),
                    _ => None,
                }
            }
            [.., "priority", "round_name"] if tree => Some(Field::RoundName),
            _ => None,
        };
        if let Some(field) = field {
            out.push((at, field));
        }
    }
    out
}

fn multi_line(field: Field) -> bool {
    matches!(field, Field::Strategy | Field::GoalDescription | Field::Rationale)
}

fn trimmed(field: Field) -> bool {
    !matches!(field, Field::Strategy | Field::GoalDescription)
}

/// A hostile change to a valid file. `pick` chooses where (modulo the candidates);
/// `what` chooses among the values tried there.
#[derive(Debug, Clone)]
enum Hostile {
    UnknownField { pick: usize },
    WrongType { pick: usize },
    BadTime { pick: usize, what: usize },
    Duplicate { pick: usize },
    Control { pick: usize, what: usize },
    TooLong { pick: usize },
    Padded { pick: usize, what: usize },
    OutOfRange { pick: usize },
    /// Goal trees: a child at its parent's level or above, or an objective elsewhere than
    /// heading the tree.
    LevelInverted { pick: usize },
    /// Goal trees: a deferred or rejected goal in the tree or unaligned, or a list of
    /// set-aside goals headed by another status.
    SetAside { pick: usize, what: usize },
}

fn any_hostile() -> impl Strategy<Value = Hostile> {
    let n = any::<usize>;
    prop_oneof![
        n().prop_map(|pick| Hostile::UnknownField { pick }),
        n().prop_map(|pick| Hostile::WrongType { pick }),
        (n(), n()).prop_map(|(pick, what)| Hostile::BadTime { pick, what }),
        n().prop_map(|pick| Hostile::Duplicate { pick }),
        (n(), n()).prop_map(|(pick, what)| Hostile::Control { pick, what }),
        n().prop_map(|pick| Hostile::TooLong { pick }),
        (n(), n()).prop_map(|(pick, what)| Hostile::Padded { pick, what }),
        n().prop_map(|pick| Hostile::OutOfRange { pick }),
        n().prop_map(|pick| Hostile::LevelInverted { pick }),
        (n(), n()).prop_map(|(pick, what)| Hostile::SetAside { pick, what }),
    ]
}

const BAD_TIMES: [&str; 10] = [
    "not a time",
    "2026-02-30T10:00:00.000Z",
    "2025-02-29T10:00:00.000Z",
    "1900-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-11-27T24:00:00Z",
    "2026-11-27T09:60:00Z",
    "2026-11-27 09:30:00Z",
    "2026-11-27T09:30:00.00Z",
    "2026-11-27T09:30:00+01:00",
];

/// Characters no text field may hold (tabs and line breaks are fine in multi-line text).
const FORBIDDEN: [char; 9] = ['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{202e}', '\u{2066}', '\u{2069}'];
/// White space `str::trim` removes, so a file may not hold it at the ends of trimmed text.
const SPACES: [char; 6] = [' ', '\u{a0}', '\u{3000}', '\u{2028}', '\u{205f}', '\u{1680}'];

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

fn set(doc: &mut Value, at: &str, value: Value) {
    *doc.pointer_mut(at).expect("the node exists") = value;
}

fn level_rank(level: &str) -> usize {
    ["objective", "department_goal", "initiative", "individual"].iter().position(|l| *l == level).unwrap_or(0)
}

/// Applies `hostile` to `doc`; `false` when the document has nothing it applies to.
fn damage(doc: &mut Value, hostile: &Hostile, tree: bool) -> bool {
    let all = nodes(doc);
    match *hostile {
        Hostile::UnknownField { pick: i } => {
            let objects: Vec<String> = all.iter().filter(|(_, v)| v.is_object()).map(|(at, _)| at.clone()).collect();
            let at = pick(&objects, i).expect("the root is an object");
            doc.pointer_mut(&at).unwrap().as_object_mut().unwrap().insert("surprise".into(), json!(1));
            true
        }
        Hostile::WrongType { pick: i } => {
            // A flag becomes text; anything else a flag (no other field takes one).
            let Some((at, was)) = pick(&all[1..], i) else { return false };
            set(doc, &at, if was.is_boolean() { json!("yes") } else { json!(true) });
            true
        }
        Hostile::BadTime { pick: i, what } => {
            let keys = ["created", "updated", "at", "issued", "withdrawn", "submitted", "removed", "exported"];
            let times: Vec<String> =
                all.iter().filter(|(at, v)| v.is_string() && keys.iter().any(|k| at.ends_with(&format!("/{k}")))).map(|(at, _)| at.clone()).collect();
            let Some(at) = pick(&times, i) else { return false };
            set(doc, &at, json!(BAD_TIMES[what % BAD_TIMES.len()]));
            true
        }
        Hostile::Duplicate { pick: i } => {
            // Lists whose entries must differ: a round's goals, a ranking, an electorate;
            // a goal tree's links and decisions.
            let keys: &[&str] = if tree { &["depends_on", "conflicts_with", "decisions"] } else { &["goals", "ranking", "electorate"] };
            let lists: Vec<String> = all
                .iter()
                .filter(|(at, v)| v.as_array().is_some_and(|a| !a.is_empty()) && keys.iter().any(|k| at.ends_with(&format!("/{k}"))))
                .filter(|(at, _)| if tree { at != "/decisions" } else { at.starts_with("/rounds/") && !at.contains("/resolution/") })
                .map(|(at, _)| at.clone())
                .collect();
            let Some(at) = pick(&lists, i) else { return false };
            let list = doc.pointer_mut(&at).unwrap().as_array_mut().unwrap();
            let first = list[i % list.len()].clone();
            list.push(first);
            true
        }
        Hostile::Control { pick: i, what } => {
            let Some((at, field)) = pick(&text_fields(doc, tree), i) else { return false };
            let mut bad: Vec<char> = FORBIDDEN.to_vec();
            if !multi_line(field) {
                bad.extend(['\n', '\t', '\r']);
            }
            let c = bad[what % bad.len()];
            let text = doc.pointer(&at).unwrap().as_str().unwrap().to_string();
            let chars: Vec<char> = text.chars().collect();
            let cut = if chars.is_empty() { 0 } else { what % (chars.len() + 1) };
            let damaged: String = chars[..cut].iter().chain([c].iter()).chain(chars[cut..].iter()).collect();
            set(doc, &at, json!(damaged));
            true
        }
        Hostile::TooLong { pick: i } => {
            let Some((at, field)) = pick(&text_fields(doc, tree), i) else { return false };
            set(doc, &at, json!("é".repeat(field.max_chars() + 1)));
            true
        }
        Hostile::Padded { pick: i, what } => {
            let fields: Vec<(String, Field)> = text_fields(doc, tree).into_iter().filter(|(_, f)| trimmed(*f)).collect();
            let Some((at, _)) = pick(&fields, i) else { return false };
            let space = SPACES[what % SPACES.len()];
            let text = doc.pointer(&at).unwrap().as_str().unwrap().to_string();
            let padded = if what % 2 == 0 { format!("{space}{text}") } else { format!("{text}{space}") };
            set(doc, &at, json!(padded));
            true
        }
        Hostile::OutOfRange { pick: i } => {
            // Whole numbers the format holds as 32-bit (counts, efforts, scores, ranks),
            // one past the top; next IDs past the last ID a file holds.
            let keys = ["effort", "capacity", "rank", "timer_minutes", "dots", "cap", "min", "max", "top", "department", "participant", "goal", "round", "invite"];
            let numbers: Vec<(String, u64)> = all
                .iter()
                .filter(|(at, v)| v.is_u64() && (keys.iter().any(|k| at.ends_with(&format!("/{k}"))) || at.contains("/dots/") || at.contains("/scores/")))
                .map(|(at, _)| (at.clone(), if at.starts_with("/next_ids/") { 1_000_000_001 } else { 4_294_967_296 }))
                .collect();
            let Some((at, value)) = pick(&numbers, i) else { return false };
            set(doc, &at, json!(value));
            true
        }
        Hostile::LevelInverted { pick: i } if tree => {
            // A child at its parent's level or above; or an objective among unaligned or
            // set-aside goals' children; or a tree headed by something else.
            let goals: Vec<(String, usize)> = all
                .iter()
                .filter(|(at, v)| v.get("level").is_some() && v.get("children").is_some() && at.matches('/').count() >= 2)
                .map(|(at, v)| (at.clone(), level_rank(v["level"].as_str().unwrap())))
                .collect();
            let Some((at, level)) = pick(&goals, i) else { return false };
            let under_parent = at.contains("/children/");
            let new_level = if under_parent {
                let parent = &at[..at.rfind("/children/").unwrap()];
                level_rank(doc.pointer(parent).unwrap()["level"].as_str().unwrap()) // its parent's own level
            } else if at.starts_with("/tree/") {
                1 + level % 3 // a tree headed by a department goal, initiative or individual goal
            } else if at.starts_with("/unaligned/") {
                0 // an objective among the unaligned
            } else {
                return false; // a set-aside goal may head its list at any level
            };
            let name = ["objective", "department_goal", "initiative", "individual"][new_level];
            set(doc, &format!("{at}/level"), json!(name));
            true
        }
        Hostile::SetAside { pick: i, what } if tree => {
            let goals: Vec<String> = all
                .iter()
                .filter(|(_, v)| v.get("status").is_some() && v.get("children").is_some())
                .filter(|(at, _)| at.starts_with("/tree/") || at.starts_with("/unaligned/") || at.matches('/').count() == 2)
                .map(|(at, _)| at.clone())
                .collect();
            let Some(at) = pick(&goals, i) else { return false };
            let status = if at.starts_with("/tree/") || at.starts_with("/unaligned/") {
                ["deferred", "rejected"][what % 2]
            } else if at.starts_with("/deferred/") {
                ["proposed", "agreed", "rejected"][what % 3]
            } else {
                ["proposed", "agreed", "deferred"][what % 3]
            };
            set(doc, &format!("{at}/status"), json!(status));
            true
        }
        Hostile::LevelInverted { .. } | Hostile::SetAside { .. } => false,
    }
}

fn workshop_doc(w: &Workshop) -> Value {
    serde_json::to_value(to_document(w)).unwrap()
}

fn tree_doc(w: &Workshop, exported: i64) -> Value {
    serde_json::to_value(agreed_tree(w, Timestamp(exported))).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Both ways for workshop files: what Accord writes passes both; every hostile
    /// variation is refused by both (so restore never accepts what the schema refuses).
    #[test]
    fn workshop_files_are_exactly_as_strict_as_their_schema(workshop in any_workshop(), hostile in any_hostile()) {
        let schema = workshop_schema();
        let mut doc = workshop_doc(&workshop);
        prop_assert_eq!(schema_errors(schema, &doc), Vec::<String>::new());
        prop_assert!(restore(doc.to_string().as_bytes()).is_ok());
        if damage(&mut doc, &hostile, false) {
            let restored = restore(doc.to_string().as_bytes());
            let errors = schema_errors(schema, &doc);
            prop_assert!(restored.is_err(), "restore accepted {:?}", hostile);
            prop_assert!(!errors.is_empty(), "the schema accepted {:?}; restore said {}", hostile, restored.unwrap_err());
        }
    }

    /// The same for goal-tree files.
    #[test]
    fn goal_tree_files_are_exactly_as_strict_as_their_schema(
        workshop in any_workshop(),
        exported in 0i64..4_000_000_000_000,
        hostile in any_hostile(),
    ) {
        let schema = tree_schema();
        let mut doc = tree_doc(&workshop, exported);
        prop_assert_eq!(schema_errors(schema, &doc), Vec::<String>::new());
        prop_assert!(restore_tree(doc.to_string().as_bytes()).is_ok(), "{}", restore_tree(doc.to_string().as_bytes()).unwrap_err());
        if damage(&mut doc, &hostile, true) {
            let restored = restore_tree(doc.to_string().as_bytes());
            let errors = schema_errors(schema, &doc);
            prop_assert!(restored.is_err(), "restore accepted {:?}", hostile);
            prop_assert!(!errors.is_empty(), "the schema accepted {:?}; restore said {}", hostile, restored.unwrap_err());
        }
    }
}
