//! Every export validates against the published JSON Schema, so teams can check files
//! with their own tools.

use accord::domain::demo::demo_workshop;
use accord::domain::sample::generated_workshop;
use accord::domain::wire::to_document;
use proptest::prelude::*;
use serde_json::Value;

use crate::support::any_workshop;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/schema/accord-workshop-v1.schema.json"))
        .expect("schema is published");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema is a valid JSON Schema")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn the_demo_and_a_large_workshop_validate() {
    let v = validator();
    for workshop in [demo_workshop().unwrap(), generated_workshop(7, 2000)] {
        let doc = serde_json::to_value(to_document(&workshop)).unwrap();
        assert_eq!(errors(&v, &doc), Vec::<String>::new());
    }
}

#[test]
fn the_schema_rejects_what_the_import_rejects() {
    let v = validator();
    let mut doc = serde_json::to_value(to_document(&demo_workshop().unwrap())).unwrap();
    doc["version"] = 2.into();
    doc["goals"][0]["level"] = "vision".into();
    doc["goals"][1]["id"] = "goal-1".into();
    doc["departments"][0]["colour"] = "blue".into();
    assert_eq!(errors(&v, &doc).len(), 4, "{:?}", errors(&v, &doc));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]
    #[test]
    fn every_export_validates(workshop in any_workshop()) {
        let doc = serde_json::to_value(to_document(&workshop)).unwrap();
        let v = validator();
        prop_assert_eq!(errors(&v, &doc), Vec::<String>::new());
    }
}
