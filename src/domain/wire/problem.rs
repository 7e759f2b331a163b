//! What can be wrong with a file, each problem with the JSON path where it was found.

use std::fmt;

use crate::domain::model::{Field, ModelError};
use crate::domain::model::text::TextProblem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    TooLarge { bytes: usize, limit: usize },
    Empty,
    NotUtf8,
    NotJson { line: usize, column: usize, detail: String },
    NotAnObject,
    WrongFormat { found: Option<String>, expected: String },
    MissingVersion,
    BadVersion,
    FutureVersion(u64),
    /// The value does not have the shape the format needs (serde's own words follow).
    Shape(String),
    BadId { expected: &'static str, found: String },
    Dangling { what: &'static str, id: String },
    BadColour(String),
    BadTime(String),
    Text { field: Field, problem: TextProblem },
    TooMany { what: &'static str, max: usize },
    Model(ModelError),
    /// A key written twice in one JSON object (the path is the key's).
    DuplicateKey { key: String },
}

fn describe_format(format: &str) -> &'static str {
    match format {
        "accord-goal-tree" => "goal tree",
        "accord-contribution" => "file of goals sent back",
        _ => "workshop",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a JSON path: `$`, `$.goals[3].parent`.
    pub path: String,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn at(path: impl Into<String>, kind: ProblemKind) -> Self {
        Problem { path: path.into(), kind }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::TooLarge { bytes, limit } => write!(
                f,
                "the file is {:.1} MB; Accord opens files up to {:.0} MB",
                *bytes as f64 / 1_048_576.0,
                *limit as f64 / 1_048_576.0
            ),
            ProblemKind::Empty => write!(f, "the file is empty"),
            ProblemKind::NotUtf8 => write!(f, "the file is not text (UTF-8); is it really an Accord file?"),
            ProblemKind::NotJson { line, column, detail } => {
                write!(f, "the file is not valid JSON (line {line}, column {column}: {detail})")
            }
            ProblemKind::NotAnObject => write!(f, "expected a JSON object with a \"format\" such as \"accord-workshop\""),
            ProblemKind::WrongFormat { found: Some(found), expected } => {
                write!(f, "this is a \"{found}\" file, not an Accord {} (\"{expected}\")", describe_format(expected))
            }
            ProblemKind::WrongFormat { found: None, expected } => {
                write!(f, "this is not an Accord {} file (no \"format\": \"{expected}\")", describe_format(expected))
            }
            ProblemKind::MissingVersion => write!(f, "the file does not say which version of the format it uses"),
            ProblemKind::BadVersion => write!(f, "the version must be a whole number such as 1"),
            ProblemKind::FutureVersion(v) => write!(
                f,
                "the file was made by a newer Accord (format version {v}); this one reads version 1. Update Accord to open it"
            ),
            ProblemKind::Shape(detail) => write!(f, "{detail}"),
            ProblemKind::BadId { expected, found } => write!(f, "\"{found}\" is not a valid {expected} ID"),
            ProblemKind::Dangling { what, id } => write!(f, "refers to {what} \"{id}\", which is not in the file"),
            ProblemKind::BadColour(found) => write!(f, "\"{found}\" is not a colour like \"#2563eb\""),
            ProblemKind::BadTime(found) => {
                write!(f, "\"{found}\" is not a UTC time like \"2026-11-27T09:30:00.000Z\"")
            }
            ProblemKind::Text { field, problem: TextProblem::Empty } => write!(f, "the {field} is empty"),
            ProblemKind::Text { field, problem: TextProblem::TooLong { max, actual } } => {
                write!(f, "the {field} is {actual} characters long; the limit is {max}")
            }
            ProblemKind::Text { field, problem } => write!(f, "the {field} {}", problem.character_sentence().unwrap_or_default()),
            ProblemKind::TooMany { what, max } => write!(f, "more than {max} {what}; Accord keeps at most {max}"),
            ProblemKind::Model(error) => write!(f, "{error}"),
            ProblemKind::DuplicateKey { key } => write!(
                f,
                "the key \"{key}\" is written twice in the same object; Accord does not guess which one is meant, so remove one"
            ),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

/// Why a file could not be opened: one or more problems, in the order found. Nothing was
/// changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub problems: Vec<Problem>,
}

impl ImportError {
    pub fn single(path: impl Into<String>, kind: ProblemKind) -> Self {
        ImportError { problems: vec![Problem::at(path, kind)] }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 20;
        for (i, problem) in self.problems.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        if self.problems.len() > SHOWN {
            write!(f, "\n…and {} more problems", self.problems.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}
