//! The workshop file, version 1, exactly as it is written to JSON. These types are the
//! wire contract (see `public/schema/accord-workshop-v1.schema.json`); the model may change
//! shape freely, and `export` / `restore` convert between the two at the edge.
//!
//! Field order here is the key order in files, so diffs between exports stay small.

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "accord-workshop";
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkshopDoc {
    pub format: String,
    pub version: u64,
    pub title: String,
    #[serde(default)]
    pub strategy: String,
    pub created: String,
    pub updated: String,
    #[serde(default)]
    pub departments: Vec<DepartmentDoc>,
    #[serde(default)]
    pub participants: Vec<ParticipantDoc>,
    #[serde(default)]
    pub goals: Vec<GoalDoc>,
    #[serde(default)]
    pub rounds: Vec<RoundDoc>,
    #[serde(default)]
    pub conflict_settings: Option<ConflictSettingsDoc>,
    /// The decision log, oldest first.
    #[serde(default)]
    pub decisions: Vec<DecisionDoc>,
    /// The personal invites issued, oldest first (absent: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invites: Vec<InviteDoc>,
    /// The next ID of each kind; IDs are never reused. Absent in older files: derived as
    /// one above the highest ID in the file.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub next_ids: Option<NextIdsDoc>,
    /// The room: walk-ins allowed, and each person's bound phone (absent: no walk-ins,
    /// nobody bound).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub room: Option<RoomStateDoc>,
    /// Goals imported from people's devices: who sent each, from which device's goal, and
    /// when this workshop received it (absent: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributed: Vec<ContributedDoc>,
    /// Pairs of goals flagged as near-duplicates that the facilitator kept apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept_apart: Vec<(String, String)>,
}

/// An imported goal's origin (see `model::contributed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributedDoc {
    pub goal: String,
    /// `personal` or `draft`.
    pub source: String,
    pub author: String,
    /// The sending device's number and its number for the goal: `3f09c2d1a4b5e6f7:7`.
    pub origin: String,
    pub received: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomStateDoc {
    #[serde(default)]
    pub walk_ins: bool,
    /// Each person's phone, by participant.
    #[serde(default)]
    pub devices: Vec<DeviceDoc>,
}

/// A person bound to a phone: the phone's public key (32 bytes, base64url, 43 characters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceDoc {
    pub participant: String,
    pub key: String,
}

/// The next ID of each kind to hand out; each is above every ID of its kind in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextIdsDoc {
    pub department: u32,
    pub participant: u32,
    pub goal: u32,
    pub round: u32,
    #[serde(default = "one")]
    pub invite: u32,
}

fn one() -> u32 {
    1
}

/// A personal invite issued to a participant (who may since have been removed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteDoc {
    /// `i…`
    pub id: String,
    pub participant: String,
    /// 16 random bytes, base64url without padding (22 characters). With the workshop
    /// secret, which is never in the file, it derives the invite's key.
    pub salt: String,
    pub issued: String,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
}

/// Where a ballot came from: a ballot code of an invite, or a room code of a phone (one of
/// the two), with the voter's device counter (absent: cast on the facilitator's device,
/// or a file from before Accord kept it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    /// A personal invite's code: the invite.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
    /// A room code: the phone's public key (base64url).
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub counter: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictSettingsDoc {
    pub divergence: f64,
    pub top: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ResolutionDoc {
    Prioritise { winner: String, loser: String },
    Merge { keep: String, absorb: String },
    Reparent { goal: String, parent: Option<String> },
    Defer { goal: String },
    Reject { goal: String },
    Runoff { round: String, goals: Vec<String> },
    Accept,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionDoc {
    pub conflict: String,
    pub summary: String,
    pub resolution: ResolutionDoc,
    pub rationale: String,
    /// Department (`d…`) and participant (`p…`) IDs.
    #[serde(default)]
    pub agreed_by: Vec<String>,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentDoc {
    pub id: String,
    pub name: String,
    pub colour: String,
    #[serde(default)]
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantDoc {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub department: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelDoc {
    Objective,
    DepartmentGoal,
    Initiative,
    Individual,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusDoc {
    #[default]
    Proposed,
    Agreed,
    Deferred,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalDoc {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub level: LevelDoc,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub effort: Option<u32>,
    #[serde(default)]
    pub metric: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub status: StatusDoc,
    /// IDs of the goals this goal needs first.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// IDs of goals this goal pulls against. Written on both goals of a pair; on import
    /// either side is enough.
    #[serde(default)]
    pub conflicts_with: Vec<String>,
    /// The agreed priority from the round that last closed over this goal.
    #[serde(default)]
    pub priority: Option<PriorityDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityDoc {
    pub round: String,
    pub rank: u32,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum MethodDoc {
    Dot {
        dots: u32,
        #[serde(default)]
        cap: Option<u32>,
    },
    Score {
        min: u32,
        max: u32,
    },
    Ranked,
}

impl From<crate::domain::voting::Method> for MethodDoc {
    fn from(m: crate::domain::voting::Method) -> Self {
        use crate::domain::voting::Method;
        match m {
            Method::Dot { dots, cap } => MethodDoc::Dot { dots, cap },
            Method::Score { min, max } => MethodDoc::Score { min, max },
            Method::Ranked => MethodDoc::Ranked,
        }
    }
}

impl From<MethodDoc> for crate::domain::voting::Method {
    fn from(m: MethodDoc) -> Self {
        use crate::domain::voting::Method;
        match m {
            MethodDoc::Dot { dots, cap } => Method::Dot { dots, cap },
            MethodDoc::Score { min, max } => Method::Score { min, max },
            MethodDoc::Ranked => Method::Ranked,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatusDoc {
    Draft,
    Open,
    Closed,
    Revealed,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecrecyDoc {
    Named,
    Anonymous,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightingDoc {
    Equal,
    DepartmentBalanced,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundDoc {
    pub id: String,
    pub name: String,
    pub method: MethodDoc,
    pub goals: Vec<String>,
    pub status: RoundStatusDoc,
    pub secrecy: SecrecyDoc,
    pub weighting: WeightingDoc,
    #[serde(default)]
    pub observers: Vec<String>,
    #[serde(default)]
    pub timer_minutes: Option<u32>,
    #[serde(default)]
    pub ballots: Vec<BallotDoc>,
    /// Ballots the facilitator removed, oldest first (absent when there were none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_ballots: Vec<RemovedBallotDoc>,
    /// Who may vote, fixed when the round opened (absent while it is being set up, and in
    /// files from before Accord kept it: then everyone in the file when it is opened).
    /// May name people removed since.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub electorate: Option<Vec<String>>,
    /// Ballots cast on the facilitator's device that differ from the person's ballot
    /// counted from their own device: not counted, held until the facilitator chooses
    /// which counts (absent when none wait).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held_ballots: Vec<BallotDoc>,
}

/// One participant's ballot: exactly one of `dots`, `scores` or `ranking`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotDoc {
    pub participant: String,
    /// When it was cast on the facilitator's device or its code received (before issue
    /// 12: the voter's device clock). Shown only; absent in files from before Accord kept it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub submitted: Option<String>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub dots: Option<std::collections::BTreeMap<String, u32>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub scores: Option<std::collections::BTreeMap<String, u32>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceDoc>,
}

/// A ballot the facilitator removed from a round: whose, their name then, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovedBallotDoc {
    pub participant: String,
    pub name: String,
    pub removed: String,
}

/// For optional fields Accord writes only when they hold something: absent reads as
/// `None`, but an explicit `null` is refused (as the schema refuses it), never taken for
/// absent.
pub fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}
