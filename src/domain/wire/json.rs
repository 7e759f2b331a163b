//! JSON read strictly: a key written twice in one object is refused, not resolved.
//!
//! serde_json keeps the last of two equal keys (`"dots": {"g1": 3, "g1": 5}` reads as five
//! dots), so a file could say two things and be read as one of them without anyone
//! knowing. Every Accord file (workshop, goal tree, the stored copy) is parsed here, in
//! one pass that builds the same `serde_json::Value` and notes the path of the first
//! repeated key.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why a text could not be read as strict JSON.
#[derive(Debug)]
pub enum JsonError {
    /// Not JSON at all (serde_json's error, with its line and column).
    Syntax(serde_json::Error),
    /// `key` appears twice in the object at `path` (`path` is the key's own path).
    DuplicateKey { path: String, key: String },
}

/// Parses `text` as JSON, refusing an object that holds a key twice.
pub fn parse_strict(text: &str) -> Result<Value, JsonError> {
    let context = Context::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = ValueSeed(&context).deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    match (parsed, context.duplicate.into_inner()) {
        (_, Some((path, key))) => Err(JsonError::DuplicateKey { path, key }),
        (Ok(value), None) => Ok(value),
        (Err(e), None) => Err(JsonError::Syntax(e)),
    }
}

/// `parse_strict` for bytes that should be UTF-8 JSON (embedded payloads).
pub fn from_slice_strict<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    let text = std::str::from_utf8(bytes).map_err(|_| JsonError::Syntax(de::Error::custom("not UTF-8")))?;
    serde_json::from_value(parse_strict(text)?).map_err(JsonError::Syntax)
}

enum Segment {
    Key(String),
    Index(usize),
}

#[derive(Default)]
struct Context {
    path: RefCell<Vec<Segment>>,
    duplicate: RefCell<Option<(String, String)>>,
}

impl Context {
    fn path_with(&self, key: &str) -> String {
        let mut out = String::from("$");
        for segment in self.path.borrow().iter() {
            match segment {
                Segment::Key(k) => push_key(&mut out, k),
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        push_key(&mut out, key);
        out
    }
}

/// `.key` for plain keys, `["key"]` (JSON-escaped) for any other.
pub(super) fn push_key(out: &mut String, key: &str) {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        out.push('.');
        out.push_str(key);
    } else {
        out.push('[');
        out.push_str(&serde_json::to_string(key).expect("strings serialise"));
        out.push(']');
    }
}

struct ValueSeed<'c>(&'c Context);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    /// A whole number written with a fraction or exponent (`5.0`, `1e2`) is the number it
    /// is, as JSON and JSON Schema read it: `"effort": 5.0` is five, like `5`.
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        const TWO_64: f64 = 18_446_744_073_709_551_616.0;
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        if v.fract() == 0.0 && (0.0..TWO_64).contains(&v) {
            return Ok(Value::from(v as u64));
        }
        if v.fract() == 0.0 && (-TWO_63..0.0).contains(&v) {
            return Ok(Value::from(v as i64));
        }
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        ValueSeed(self.0).deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            self.0.path.borrow_mut().push(Segment::Index(out.len()));
            let next = seq.next_element_seed(ValueSeed(self.0));
            self.0.path.borrow_mut().pop();
            match next? {
                Some(value) => out.push(value),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                let path = self.0.path_with(&key);
                *self.0.duplicate.borrow_mut() = Some((path, key.clone()));
                return Err(de::Error::custom(format!("the key \"{key}\" appears twice")));
            }
            self.0.path.borrow_mut().push(Segment::Key(key.clone()));
            let value = map.next_value_seed(ValueSeed(self.0));
            self.0.path.borrow_mut().pop();
            out.insert(key, value?);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_value_as_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, 1e300, "x", null, true, {"b": {}}], "c": 18446744073709551615, "d": -9223372036854775808, "e": 0.1}"#;
        assert_eq!(parse_strict(text).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn whole_numbers_are_whole_however_written() {
        assert_eq!(parse_strict("[5.0, 1e2, -3.0, 2.5, 1e300]").unwrap(), serde_json::json!([5, 100, -3, 2.5, 1e300]));
    }

    #[test]
    fn a_repeated_key_is_refused_with_its_path() {
        let text = r#"{"rounds": [{"ballots": [{}, {"dots": {"g1": 3, "g1": 5}}]}]}"#;
        match parse_strict(text) {
            Err(JsonError::DuplicateKey { path, key }) => {
                assert_eq!(path, "$.rounds[0].ballots[1].dots.g1");
                assert_eq!(key, "g1");
            }
            other => panic!("{other:?}"),
        }
        match parse_strict(r#"{"a b": {"\"": 1, "\"": 2}}"#) {
            Err(JsonError::DuplicateKey { path, .. }) => assert_eq!(path, r#"$["a b"]["\""]"#),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_same_key_in_two_objects_is_fine() {
        assert!(parse_strict(r#"[{"a": 1}, {"a": 2}, {"b": {"a": 3}}]"#).is_ok());
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        match parse_strict("{\"a\": 1,") {
            Err(JsonError::Syntax(e)) => assert_eq!((e.line(), e.column()), (1, 8)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse_strict("{} x"), Err(JsonError::Syntax(_))));
    }
}
