//! The workshop file format: versioned JSON, converted to and from the model here and
//! nowhere else.

mod de;
mod export;
pub mod json;
mod problem;
mod restore;
pub mod stored;
pub mod v1;

pub use export::{to_document, to_json};
pub use problem::{ImportError, Problem, ProblemKind};
pub use restore::{check_format_of, deserialize_at, parse_json, restore, restore_value, MAX_DEPARTMENTS, MAX_FILE_BYTES, MAX_GOALS, MAX_PARTICIPANTS};

