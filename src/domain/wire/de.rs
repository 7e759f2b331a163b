//! Typed values from a parsed JSON `Value`, with the JSON path of the first mismatch.
//!
//! Every document Accord reads is first parsed by `json::parse_strict` into a `Value`;
//! this is the one deserialiser that turns a `Value` into a wire type (through
//! `restore::deserialize_at`). It is a plain serde `Deserializer` over `&Value` that knows
//! where it is (a chain of keys and indexes on the stack, borrowed from the document, so
//! nothing is copied unless something is wrong), and reports a mismatch at its path, as
//! `$.goals[3].title`, with serde_json's own words. It replaces serde_json's `&Value`
//! deserialiser wrapped in serde_path_to_error (a second generic layer around every
//! visitor, and a key copied for every field read).
//!
//! It makes the same visitor calls serde_json's `&Value` deserialiser makes, so the same
//! messages, and names the place of an error as serde_path_to_error did: the innermost
//! value being read when it failed; for an unknown or bad key, the key's own path; for a
//! missing field or a wrong length, the object or array; inside an internally tagged
//! enum (serde reads those from a buffered copy), the enum. Stricter than serde_json
//! where the format is: a struct only from an object (never an array of its fields), a
//! variant without content only from its name.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::Value;

/// What did not fit, and where (`None` until the innermost reader that saw it says).
/// Boxed, so every `Result` a visitor returns stays one pointer wide, as serde_json's.
#[derive(Debug)]
pub struct Error(Box<Mismatch>);

#[derive(Debug)]
pub struct Mismatch {
    pub message: String,
    pub path: Option<String>,
}

impl Error {
    pub fn into_mismatch(self) -> Mismatch {
        *self.0
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(Box::new(Mismatch { message: message.to_string(), path: None }))
    }

    /// In JSON's words, as serde_json says it: `null`, not "unit value".
    fn invalid_type(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error::custom(format_args!("invalid type: {}, expected {expected}", Json(unexpected)))
    }

    fn invalid_value(unexpected: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error::custom(format_args!("invalid value: {}, expected {expected}", Json(unexpected)))
    }
}

struct Json<'a>(de::Unexpected<'a>);

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            de::Unexpected::Unit => f.write_str("null"),
            de::Unexpected::Float(v) => match serde_json::Number::from_f64(v) {
                Some(n) => write!(f, "floating point `{n}`"),
                None => write!(f, "floating point `{v}`"),
            },
            other => fmt::Display::fmt(&other, f),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

/// Reads a `T` from `value`; on a mismatch, the message and its JSON path.
pub fn from_value<'de, T: de::Deserialize<'de>>(value: &'de Value) -> Result<T, Error> {
    let root = Chain::Root;
    T::deserialize(ValueDe { value, chain: &root }).map_err(|e| at(e, &root))
}

/// Where a value sits in the document: a linked list up to the root, on the stack.
enum Chain<'a> {
    Root,
    Key(&'a Chain<'a>, &'a str),
    Index(&'a Chain<'a>, usize),
}

impl Chain<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Chain::Root => out.push('$'),
            Chain::Key(parent, key) => {
                parent.write(out);
                super::json::push_key(out, key);
            }
            Chain::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
}

/// Names the place of an error that has none yet: the innermost reader sees it first.
fn at(mut error: Error, chain: &Chain<'_>) -> Error {
    if error.0.path.is_none() {
        let mut path = String::new();
        chain.write(&mut path);
        error.0.path = Some(path);
    }
    error
}

struct ValueDe<'a, 'de> {
    value: &'de Value,
    chain: &'a Chain<'a>,
}

impl ValueDe<'_, '_> {
    /// The value is not of the kind `expected` reads. Not generic, so it is compiled once,
    /// not once per type read.
    fn wrong(&self, expected: &dyn de::Expected) -> Error {
        at(de::Error::invalid_type(unexpected(self.value), expected), self.chain)
    }
}

/// Each `deserialize_*` calls only the visitor methods for the kind of value it reads
/// (as serde_json's own deserialiser does), so a type's visitor is not compiled with
/// branches for every kind of JSON value; anything else is `wrong`, with the same words
/// the visitor would have used.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.value {
                Value::Number(n) => visit_number(n, self.chain, visitor),
                _ => Err(self.wrong(&visitor)),
            }
        }
    )*};
}

macro_rules! strings {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.value {
                Value::String(s) => visitor.visit_borrowed_str(s).map_err(|e| at(e, self.chain)),
                _ => Err(self.wrong(&visitor)),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for ValueDe<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let chain = self.chain;
        match self.value {
            Value::Null => visitor.visit_unit().map_err(|e| at(e, chain)),
            Value::Bool(b) => visitor.visit_bool(*b).map_err(|e| at(e, chain)),
            Value::Number(n) => visit_number(n, chain, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s).map_err(|e| at(e, chain)),
            Value::Array(items) => visit_array(items, chain, visitor),
            Value::Object(map) => visit_object(map, chain, visitor),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_f32 deserialize_f64
    }

    strings! { deserialize_char deserialize_str deserialize_string deserialize_identifier }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b).map_err(|e| at(e, self.chain)),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit().map_err(|e| at(e, self.chain)),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visit_array(items, self.chain, visitor),
            _ => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visit_object(map, self.chain, visitor),
            _ => Err(self.wrong(&visitor)),
        }
    }

    /// A struct is an object. (serde_json would also take an array of its fields in
    /// order, `["d1", "Sales", "#16a34a"]`, which no Accord file or schema allows.)
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let chain = self.chain;
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| at(e, chain))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        let chain = self.chain;
        visitor.visit_newtype_struct(self).map_err(|e| at(e, chain))
    }

    /// A unit variant is a string; a variant with content, an object with one key.
    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let chain = self.chain;
        let (variant, content) = match self.value {
            Value::String(variant) => (variant.as_str(), None),
            Value::Object(map) if map.len() == 1 => {
                let (variant, content) = map.iter().next().expect("one entry");
                (variant.as_str(), Some(content))
            }
            Value::Object(_) => {
                return Err(at(de::Error::invalid_value(de::Unexpected::Map, &"map with a single key"), chain));
            }
            _ => return Err(self.wrong(&"string or map")),
        };
        visitor.visit_enum(Enum { variant, content, chain }).map_err(|e| at(e, chain))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

fn visit_number<'de, V: Visitor<'de>>(n: &serde_json::Number, chain: &Chain<'_>, visitor: V) -> Result<V::Value, Error> {
    let out = if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    };
    out.map_err(|e| at(e, chain))
}

fn visit_array<'de, V: Visitor<'de>>(items: &'de [Value], chain: &Chain<'_>, visitor: V) -> Result<V::Value, Error> {
    let mut seq = Seq { items: items.iter(), index: 0, chain };
    let out = visitor.visit_seq(&mut seq).map_err(|e| at(e, chain))?;
    seq.end(chain)?;
    Ok(out)
}

fn visit_object<'de, V: Visitor<'de>>(map: &'de serde_json::Map<String, Value>, chain: &Chain<'_>, visitor: V) -> Result<V::Value, Error> {
    let mut access = Map { entries: map.iter(), read: 0, pending: None, chain };
    let out = visitor.visit_map(&mut access).map_err(|e| at(e, chain))?;
    access.end(chain)?;
    Ok(out)
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (None, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

struct Seq<'a, 'de> {
    items: std::slice::Iter<'de, Value>,
    index: usize,
    chain: &'a Chain<'a>,
}

impl Seq<'_, '_> {
    /// Elements the visitor left unread (a tuple of two given three) are an error.
    fn end(&self, chain: &Chain<'_>) -> Result<(), Error> {
        match self.items.len() {
            0 => Ok(()),
            left => Err(at(de::Error::invalid_length(self.index + left, &"fewer elements in array"), chain)),
        }
    }
}

impl<'de> SeqAccess<'de> for Seq<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.next() else { return Ok(None) };
        let chain = Chain::Index(self.chain, self.index);
        self.index += 1;
        seed.deserialize(ValueDe { value, chain: &chain }).map(Some).map_err(|e| at(e, &chain))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'a, 'de> {
    entries: serde_json::map::Iter<'de>,
    read: usize,
    pending: Option<(&'de str, &'de Value)>,
    chain: &'a Chain<'a>,
}

impl Map<'_, '_> {
    fn end(&self, chain: &Chain<'_>) -> Result<(), Error> {
        match self.entries.len() {
            0 => Ok(()),
            left => Err(at(de::Error::invalid_length(self.read + left, &"fewer elements in map"), chain)),
        }
    }
}

impl<'de> MapAccess<'de> for Map<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.read += 1;
        self.pending = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some).map_err(|e| at(e, &Chain::Key(self.chain, key)))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.pending.take() else { return Err(at(de::Error::custom("a value without a key"), self.chain)) };
        let chain = Chain::Key(self.chain, key);
        seed.deserialize(ValueDe { value, chain: &chain }).map_err(|e| at(e, &chain))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct Enum<'a, 'de> {
    variant: &'de str,
    content: Option<&'de Value>,
    chain: &'a Chain<'a>,
}

impl<'a, 'de> EnumAccess<'de> for Enum<'a, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Enum<'_, 'de> {
    type Error = Error;

    /// A variant without content is its name, a string (serde_json would also take
    /// `{"objective": null}`, which no Accord file or schema allows).
    fn unit_variant(self) -> Result<(), Error> {
        match self.content {
            None => Ok(()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &format!("\"{}\" alone, as a string", self.variant).as_str())),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        let chain = Chain::Key(self.chain, self.variant);
        match self.content {
            Some(value) => seed.deserialize(ValueDe { value, chain: &chain }).map_err(|e| at(e, &chain)),
            None => Err(de::Error::invalid_type(de::Unexpected::UnitVariant, &"newtype variant")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        let chain = Chain::Key(self.chain, self.variant);
        match self.content {
            Some(value @ Value::Array(_)) => ValueDe { value, chain: &chain }.deserialize_any(visitor),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"tuple variant")),
            None => Err(de::Error::invalid_type(de::Unexpected::UnitVariant, &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let chain = Chain::Key(self.chain, self.variant);
        match self.content {
            Some(value @ Value::Object(_)) => ValueDe { value, chain: &chain }.deserialize_any(visitor),
            Some(other) => Err(de::Error::invalid_type(unexpected(other), &"struct variant")),
            None => Err(de::Error::invalid_type(de::Unexpected::UnitVariant, &"struct variant")),
        }
    }
}
