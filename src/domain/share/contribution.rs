//! Goals sent back to the facilitator: a person's own goals, each under the goal it serves
//! (from the viewer of a shared tree), or a department lead's draft (from a draft link).
//! One format, three carriers: a file (`accord-contribution` JSON), a code
//! (`ACG1.<base32(deflate(json))>`) and a link to the facilitator's app (`#give=ACG1.…`).
//!
//! Each goal carries its number on the sending device, and the device its own random
//! number, so a goal sent again (edited, or in a later draft) updates the goal it became
//! instead of adding a copy. The sender's clock is not sent: the facilitator's device
//! stamps what it receives.
//!
//! A contribution is read as strictly as a workshop file: format and version, no unknown
//! keys, counts before anything is built, text by the workshop's rules, levels that fit,
//! and references to earlier goals of the same contribution only (so there are no loops).

use serde::{Deserialize, Serialize};

use super::pack::{pack, pack_stored, unpack, PackError};
use crate::domain::codec::WorkshopTag;
use crate::domain::model::text::{self, TextProblem};
use crate::domain::model::{DepartmentId, Field, GoalId, Level, ModelError, Source};
use crate::domain::wire::{ImportError, Problem, ProblemKind};

pub const FORMAT: &str = "accord-contribution";
pub const VERSION: u64 = 1;
pub const PREFIX: &str = "ACG1.";
/// The fragment key the facilitator's app reads.
pub const KEY: &str = "give";
/// More goals than one person or one department drafts; a contribution with more is refused.
pub const MAX_GOALS: usize = 400;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionDoc {
    pub format: String,
    pub version: u64,
    /// `personal` or `draft`.
    pub source: String,
    /// The workshop it was written for, as the sender saw its title.
    pub workshop: String,
    /// That workshop's tag (hex), when the link carried one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// A draft's department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub author: String,
    /// The sending device's random number, 16 hex digits.
    pub device: String,
    pub goals: Vec<SentGoalDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentGoalDoc {
    /// The goal's number on the sending device (1 and up).
    pub key: u32,
    pub title: String,
    pub level: String,
    /// `g12` (a goal of the workshop), `#3` (goal 3 of this contribution, listed before
    /// this one), or absent (under nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under: Option<String>,
    /// The title of the workshop goal `under` names, as the sender saw it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub under_title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub metric: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
}

/// Where a sent goal hangs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Under {
    Nothing,
    /// A goal of the workshop, with its title as the sender saw it.
    Goal { id: GoalId, title: String },
    /// An earlier goal of the same contribution, by its key.
    Sent(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentGoal {
    pub key: u32,
    pub title: String,
    pub level: Level,
    pub under: Under,
    pub description: String,
    pub owner: String,
    pub metric: String,
    pub target: String,
}

impl SentGoal {
    pub fn new(key: u32, title: impl Into<String>, level: Level, under: Under) -> Self {
        SentGoal { key, title: title.into(), level, under, description: String::new(), owner: String::new(), metric: String::new(), target: String::new() }
    }
}

/// A checked contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub source: Source,
    pub workshop: String,
    pub tag: Option<WorkshopTag>,
    /// Set exactly for drafts.
    pub department: Option<DepartmentId>,
    pub author: String,
    pub device: u64,
    /// Parents before children.
    pub goals: Vec<SentGoal>,
}

/// Text as a file must hold it: by the field's rules, and trimmed where Accord trims.
/// The error is a sentence for the person who sent it.
pub fn written(field: Field, value: &str) -> Result<String, String> {
    match text::check(field, value) {
        Ok(kept) if kept == value => Ok(kept),
        Ok(_) => Err(ModelError::Text { field, problem: TextProblem::Padded }.to_string()),
        Err(problem) => Err(ModelError::Text { field, problem }.to_string()),
    }
}

impl Contribution {
    pub fn to_doc(&self) -> ContributionDoc {
        ContributionDoc {
            format: FORMAT.into(),
            version: VERSION,
            source: self.source.wire_name().into(),
            workshop: self.workshop.clone(),
            tag: self.tag.map(|t| t.hex()),
            department: self.department.map(|d| d.to_string()),
            author: self.author.clone(),
            device: format!("{:016x}", self.device),
            goals: self
                .goals
                .iter()
                .map(|g| SentGoalDoc {
                    key: g.key,
                    title: g.title.clone(),
                    level: g.level.wire_name().into(),
                    under: match &g.under {
                        Under::Nothing => None,
                        Under::Goal { id, .. } => Some(id.to_string()),
                        Under::Sent(key) => Some(format!("#{key}")),
                    },
                    under_title: match &g.under {
                        Under::Goal { title, .. } => title.clone(),
                        _ => String::new(),
                    },
                    description: g.description.clone(),
                    owner: g.owner.clone(),
                    metric: g.metric.clone(),
                    target: g.target.clone(),
                })
                .collect(),
        }
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_doc()).expect("contributions serialise")
    }

    /// The code (`ACG1.…`).
    pub fn to_code(&self) -> String {
        pack(PREFIX, &serde_json::to_vec(&self.to_doc()).expect("contributions serialise"))
    }

    /// The same code without compression (`pack::pack_stored`): what the viewer sends,
    /// read by `read_code` like any other.
    pub fn to_code_uncompressed(&self) -> String {
        pack_stored(PREFIX, &serde_json::to_vec(&self.to_doc()).expect("contributions serialise"))
    }

    /// A short name for notices: "Amara Okafor's 2 goals", "Sales's draft (5 goals)".
    pub fn describe(&self) -> String {
        let n = self.goals.len();
        let goals = if n == 1 { "1 goal".to_string() } else { format!("{n} goals") };
        match self.source {
            Source::Personal => format!("{}'s {goals}", self.author),
            Source::Draft => format!("{}'s draft ({goals})", self.author),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    Pack(PackError),
    File(ImportError),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Pack(PackError::WrongKind) => write!(f, "this is not a code of goals sent back to Accord"),
            ReadError::Pack(PackError::Damaged) => write!(f, "this code is damaged (was it cut off when copied?); ask for it again"),
            ReadError::Pack(PackError::TooLarge) => write!(f, "this code is larger than Accord accepts"),
            ReadError::File(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a code or a link holding one.
pub fn read_code(text: &str) -> Result<Contribution, ReadError> {
    let json = unpack(PREFIX, text).map_err(ReadError::Pack)?;
    read_file(&json).map_err(ReadError::File)
}

/// Reads a contribution file.
pub fn read_file(bytes: &[u8]) -> Result<Contribution, ImportError> {
    read_value(&crate::domain::wire::parse_json(bytes)?)
}

pub fn read_value(value: &serde_json::Value) -> Result<Contribution, ImportError> {
    crate::domain::wire::check_format_of(value, FORMAT, VERSION)?;
    if value.get("goals").and_then(|g| g.as_array()).is_some_and(|g| g.len() > MAX_GOALS) {
        return Err(ImportError::single("$.goals", ProblemKind::TooMany { what: "goals", max: MAX_GOALS }));
    }
    let doc: ContributionDoc = crate::domain::wire::deserialize_at(value)?;
    let mut problems = Vec::new();
    let mut shape = |path: String, why: String| problems.push(Problem::at(path, ProblemKind::Shape(why)));
    let text = |path: String, field: Field, value: &str, problems: &mut Vec<Problem>| -> String {
        match text::check(field, value) {
            Ok(kept) if kept == value => kept,
            Ok(_) => {
                problems.push(Problem::at(path, ProblemKind::Text { field, problem: TextProblem::Padded }));
                String::new()
            }
            Err(problem) => {
                problems.push(Problem::at(path, ProblemKind::Text { field, problem }));
                String::new()
            }
        }
    };
    let source = Source::from_wire(&doc.source);
    if source.is_none() {
        shape("$.source".into(), "\"personal\" or \"draft\"".into());
    }
    let tag = doc.tag.as_deref().and_then(WorkshopTag::from_hex);
    if doc.tag.is_some() && tag.is_none() {
        shape("$.tag".into(), "a workshop tag is 16 hex digits".into());
    }
    let device = (doc.device.len() == 16 && doc.device.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| u64::from_str_radix(&doc.device, 16).ok())
        .flatten();
    if device.is_none() {
        shape("$.device".into(), "a device number is 16 hex digits".into());
    }
    let department = match (&source, &doc.department) {
        (Some(Source::Draft), Some(d)) => {
            let id = DepartmentId::parse(d);
            if id.is_none() {
                problems.push(Problem::at("$.department", ProblemKind::BadId { expected: "department", found: d.clone() }));
            }
            id
        }
        (Some(Source::Draft), None) => {
            problems.push(Problem::at("$.department", ProblemKind::Shape("a draft names its department".into())));
            None
        }
        (Some(Source::Personal), Some(_)) => {
            problems.push(Problem::at("$.department", ProblemKind::Shape("personal goals name no department: they take the department of the goal they serve".into())));
            None
        }
        _ => None,
    };
    let workshop = text("$.workshop".into(), Field::WorkshopTitle, &doc.workshop, &mut problems);
    let author = text("$.author".into(), Field::ParticipantName, &doc.author, &mut problems);
    if doc.goals.is_empty() {
        problems.push(Problem::at("$.goals", ProblemKind::Shape("there are no goals in it".into())));
    }
    let mut goals: Vec<SentGoal> = Vec::with_capacity(doc.goals.len());
    for (i, g) in doc.goals.iter().enumerate() {
        let at = format!("$.goals[{i}]");
        let before = problems.len();
        if g.key == 0 || goals.iter().any(|o| o.key == g.key) {
            problems.push(Problem::at(format!("{at}.key"), ProblemKind::Shape(format!("goal numbers are 1 and up, each used once ({} is not)", g.key))));
        }
        let level = Level::from_wire(&g.level);
        match (level, source) {
            (None, _) => problems.push(Problem::at(format!("{at}.level"), ProblemKind::Shape(format!("“{}” is not a level", g.level)))),
            (Some(l), Some(Source::Personal)) if l != Level::Individual => {
                problems.push(Problem::at(format!("{at}.level"), ProblemKind::Shape("personal goals are individual goals".into())))
            }
            (Some(Level::Objective), Some(Source::Draft)) => {
                problems.push(Problem::at(format!("{at}.level"), ProblemKind::Shape("a department's draft cannot add company objectives".into())))
            }
            _ => {}
        }
        let under = match g.under.as_deref() {
            None => {
                if !g.under_title.is_empty() {
                    problems.push(Problem::at(format!("{at}.under_title"), ProblemKind::Shape("a goal under nothing has no under_title".into())));
                }
                Under::Nothing
            }
            Some(r) if r.starts_with('#') => {
                let key = r[1..].parse::<u32>().ok().filter(|k| r.len() > 1 && !r[1..].starts_with('0') && *k > 0);
                match key.and_then(|k| goals.iter().find(|o| o.key == k)) {
                    Some(parent) => {
                        if let Some(l) = level {
                            if !l.may_sit_under(parent.level) {
                                problems.push(Problem::at(format!("{at}.level"), ProblemKind::Shape(format!("a {l} cannot sit under a {}", parent.level))));
                            }
                        }
                        if !g.under_title.is_empty() {
                            problems.push(Problem::at(format!("{at}.under_title"), ProblemKind::Shape("under_title is for goals of the workshop".into())));
                        }
                        Under::Sent(parent.key)
                    }
                    None => {
                        problems.push(Problem::at(format!("{at}.under"), ProblemKind::Dangling { what: "goal listed before this one", id: r.to_string() }));
                        Under::Nothing
                    }
                }
            }
            Some(r) => match GoalId::parse(r) {
                Some(id) => Under::Goal { id, title: text(format!("{at}.under_title"), Field::GoalTitle, &g.under_title, &mut problems) },
                None => {
                    problems.push(Problem::at(format!("{at}.under"), ProblemKind::BadId { expected: "goal", found: r.to_string() }));
                    Under::Nothing
                }
            },
        };
        let title = text(format!("{at}.title"), Field::GoalTitle, &g.title, &mut problems);
        let description = text(format!("{at}.description"), Field::GoalDescription, &g.description, &mut problems);
        let owner = text(format!("{at}.owner"), Field::Owner, &g.owner, &mut problems);
        let metric = text(format!("{at}.metric"), Field::Metric, &g.metric, &mut problems);
        let target = text(format!("{at}.target"), Field::Target, &g.target, &mut problems);
        if problems.len() == before {
            if let Some(level) = level {
                goals.push(SentGoal { key: g.key, title, level, under, description, owner, metric, target });
            }
        }
    }
    match (problems.is_empty(), source, device) {
        (true, Some(source), Some(device)) => Ok(Contribution { source, workshop, tag, department, author, device, goals }),
        _ => Err(ImportError { problems }),
    }
}
