//! A department lead's draft link: `view/#draft=ACD1.<base32(deflate(json))>`, with what
//! the lead needs to draft the department's goals before the workshop: the workshop, its
//! strategy, the company objectives, and the department. The lead's draft goes back as a
//! contribution (`contribution.rs`) naming the department.

use serde::{Deserialize, Serialize};

use super::pack::{pack, unpack, PackError};
use crate::domain::codec::WorkshopTag;
use crate::domain::model::Field;
use crate::domain::model::{Colour, DepartmentId, GoalId, Level, Status, Workshop};

pub const PREFIX: &str = "ACD1.";
pub const KEY: &str = "draft";
/// More objectives than any strategy has; a link with more is refused.
pub const MAX_OBJECTIVES: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    w: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    s: String,
    /// `[id, title, description]`.
    o: Vec<(String, String, String)>,
    /// `[id, name, colour]`.
    d: (String, String, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objective {
    pub id: GoalId,
    pub title: String,
    pub description: String,
}

/// What a draft link asks a department lead to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftInvite {
    pub tag: Option<WorkshopTag>,
    pub workshop: String,
    pub strategy: String,
    pub objectives: Vec<Objective>,
    pub department: DepartmentId,
    pub department_name: String,
    pub colour: Colour,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftLinkError {
    Pack(PackError),
    /// It opened, but what is inside breaks the rules (named).
    Invalid(String),
}

impl std::fmt::Display for DraftLinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftLinkError::Pack(PackError::WrongKind) => write!(f, "this is not an Accord draft link"),
            DraftLinkError::Pack(PackError::Damaged) => write!(f, "this draft link is damaged (was it cut off when copied?); ask the facilitator for it again"),
            DraftLinkError::Pack(PackError::TooLarge) => write!(f, "this draft link is larger than Accord accepts"),
            DraftLinkError::Invalid(why) => write!(f, "this draft link is not valid: {why}"),
        }
    }
}

/// The draft link's content for `department` of `w`: its agreed or proposed objectives.
pub fn draft_invite(w: &Workshop, tag: Option<WorkshopTag>, department: DepartmentId) -> Option<DraftInvite> {
    let d = w.department(department)?;
    let objectives = w
        .goals()
        .iter()
        .filter(|g| g.level == Level::Objective && matches!(g.status, Status::Proposed | Status::Agreed))
        .map(|g| Objective { id: g.id, title: g.title.clone(), description: g.description.clone() })
        .collect();
    Some(DraftInvite {
        tag,
        workshop: w.title.clone(),
        strategy: w.strategy.clone(),
        objectives,
        department,
        department_name: d.name.clone(),
        colour: d.colour,
    })
}

pub fn encode_draft(invite: &DraftInvite) -> String {
    let doc = DraftDoc {
        t: invite.tag.map(|t| t.hex()),
        w: invite.workshop.clone(),
        s: invite.strategy.clone(),
        o: invite.objectives.iter().map(|o| (o.id.to_string(), o.title.clone(), o.description.clone())).collect(),
        d: (invite.department.to_string(), invite.department_name.clone(), invite.colour.to_string()),
    };
    pack(PREFIX, &serde_json::to_vec(&doc).expect("draft links serialise"))
}

pub fn decode_draft(text: &str) -> Result<DraftInvite, DraftLinkError> {
    let json = unpack(PREFIX, text).map_err(DraftLinkError::Pack)?;
    let value = crate::domain::wire::parse_json(&json).map_err(|_| DraftLinkError::Pack(PackError::Damaged))?;
    let doc: DraftDoc = crate::domain::wire::deserialize_at(&value).map_err(|e| DraftLinkError::Invalid(e.to_string()))?;
    let invalid = |why: String| DraftLinkError::Invalid(why);
    let checked = |field: Field, value: &str| super::contribution::written(field, value).map_err(invalid);
    let tag = match &doc.t {
        None => None,
        Some(t) => Some(WorkshopTag::from_hex(t).ok_or_else(|| invalid("its workshop tag is not 16 hex digits".into()))?),
    };
    if doc.o.len() > MAX_OBJECTIVES {
        return Err(invalid(format!("it lists more than {MAX_OBJECTIVES} objectives")));
    }
    let mut objectives: Vec<Objective> = Vec::with_capacity(doc.o.len());
    for (id, title, description) in &doc.o {
        let id = GoalId::parse(id).ok_or_else(|| invalid(format!("“{id}” is not a goal ID")))?;
        if objectives.iter().any(|o| o.id == id) {
            return Err(invalid(format!("objective {id} is listed twice")));
        }
        let title = checked(Field::GoalTitle, title)?;
        let description = if description.is_empty() { String::new() } else { checked(Field::GoalDescription, description)? };
        objectives.push(Objective { id, title, description });
    }
    let (id, name, colour) = &doc.d;
    Ok(DraftInvite {
        tag,
        workshop: checked(Field::WorkshopTitle, &doc.w)?,
        strategy: if doc.s.is_empty() { String::new() } else { checked(Field::Strategy, &doc.s)? },
        objectives,
        department: DepartmentId::parse(id).ok_or_else(|| invalid(format!("“{id}” is not a department ID")))?,
        department_name: checked(Field::DepartmentName, name)?,
        colour: Colour::parse(colour).ok_or_else(|| invalid(format!("“{colour}” is not a colour")))?,
    })
}
