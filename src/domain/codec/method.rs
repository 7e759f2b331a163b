//! A round's method as an invite or the room link carries it (`{"kind":"dot","dots":5}`),
//! read by a plain map visitor instead of serde's derived reading of an internally tagged
//! enum, which buffers the whole object as untyped content first: that path (any JSON
//! value, floats included) cost the participant's page about 8 KB gzip. The workshop file
//! keeps the derived reading (`wire::v1::MethodDoc`) and its error messages. Stricter
//! than the derived form: a key a method does not take is refused for every method.

use serde::de::{Deserializer, Error, MapAccess, Visitor};

use crate::domain::wire::v1::MethodDoc;

/// `#[serde(deserialize_with = "…")]` for a `MethodDoc` field of a code.
pub fn lean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<MethodDoc, D::Error> {
    deserializer.deserialize_map(MethodVisitor)
}

struct MethodVisitor;

fn once<E: Error, T>(slot: &mut Option<T>, value: T, key: &'static str) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::duplicate_field(key));
    }
    Ok(())
}

impl<'de> Visitor<'de> for MethodVisitor {
    type Value = MethodDoc;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a voting method")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MethodDoc, A::Error> {
        let (mut kind, mut dots, mut cap, mut min, mut max) = (None::<String>, None, None::<Option<u32>>, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => once(&mut kind, map.next_value()?, "kind")?,
                "dots" => once(&mut dots, map.next_value::<u32>()?, "dots")?,
                "cap" => once(&mut cap, map.next_value()?, "cap")?,
                "min" => once(&mut min, map.next_value::<u32>()?, "min")?,
                "max" => once(&mut max, map.next_value::<u32>()?, "max")?,
                _ => return Err(A::Error::unknown_field(&key, &["kind", "dots", "cap", "min", "max"])),
            }
        }
        let refuse = |present: bool, key: &'static str| if present { Err(A::Error::unknown_field(key, &[])) } else { Ok(()) };
        match kind.as_deref() {
            Some("dot") => {
                refuse(min.is_some(), "min")?;
                refuse(max.is_some(), "max")?;
                Ok(MethodDoc::Dot { dots: dots.ok_or_else(|| A::Error::missing_field("dots"))?, cap: cap.flatten() })
            }
            Some("score") => {
                refuse(dots.is_some(), "dots")?;
                refuse(cap.is_some(), "cap")?;
                Ok(MethodDoc::Score { min: min.ok_or_else(|| A::Error::missing_field("min"))?, max: max.ok_or_else(|| A::Error::missing_field("max"))? })
            }
            Some("ranked") => {
                for (present, key) in [(dots.is_some(), "dots"), (cap.is_some(), "cap"), (min.is_some(), "min"), (max.is_some(), "max")] {
                    refuse(present, key)?;
                }
                Ok(MethodDoc::Ranked)
            }
            Some(other) => Err(A::Error::unknown_variant(other, &["dot", "score", "ranked"])),
            None => Err(A::Error::missing_field("kind")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Lean(#[serde(deserialize_with = "lean")] MethodDoc);

    fn read(json: &str) -> Result<MethodDoc, String> {
        serde_json::from_str::<Lean>(json).map(|l| l.0).map_err(|e| e.to_string())
    }

    #[test]
    fn every_method_the_derived_form_writes_reads_back_the_same() {
        for m in [MethodDoc::Dot { dots: 5, cap: None }, MethodDoc::Dot { dots: 7, cap: Some(2) }, MethodDoc::Score { min: 0, max: 10 }, MethodDoc::Ranked] {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(read(&json), Ok(m.clone()), "{json}");
            assert_eq!(serde_json::from_str::<MethodDoc>(&json).unwrap(), m);
        }
        assert_eq!(read(r#"{"dots":3,"kind":"dot","cap":null}"#), Ok(MethodDoc::Dot { dots: 3, cap: None }), "keys in any order");
    }

    #[test]
    fn a_method_that_is_wrong_inside_is_refused() {
        for bad in [
            r#"{"kind":"dot"}"#,
            r#"{"kind":"dot","dots":3,"min":1}"#,
            r#"{"kind":"dot","dots":3,"dots":4}"#,
            r#"{"kind":"dot","dots":3.5}"#,
            r#"{"kind":"dot","dots":-1}"#,
            r#"{"kind":"dot","dots":4294967296}"#,
            r#"{"kind":"score","min":1}"#,
            r#"{"kind":"score","min":1,"max":5,"cap":2}"#,
            r#"{"kind":"ranked","dots":3}"#,
            r#"{"kind":"borda"}"#,
            r#"{"kind":"dot","dots":3,"extra":true}"#,
            r#"{"dots":3}"#,
            r#"{"kind":7}"#,
            r#"["dot",3]"#,
            r#""ranked""#,
        ] {
            assert!(read(bad).is_err(), "{bad} was read");
        }
    }
}
