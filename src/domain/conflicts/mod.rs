//! Conflicts between departments' priorities and in the goal tree, each with the figures
//! behind it, a severity, and one sentence a room can read; and the decisions that settle
//! them. Detection is a pure function of the workshop, run on every change.

mod detect;
mod resolve;

pub use detect::{detect, ordinal};
pub use resolve::{runoff_goals, status, Agreer, ConflictStatus, Decision, Resolution};

use crate::domain::model::{DepartmentId, GoalId};

/// What the facilitator tunes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// How far apart (0–1 of the ranking) two departments must place a goal to count as
    /// divergence. 0.5: one puts it in its top quarter, another in its bottom quarter.
    pub divergence: f64,
    /// "Top N": contention and high-priority dependencies look at goals ranked 1..=top.
    pub top: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { divergence: 0.5, top: 3 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Departments rank the same goal far apart.
    Divergence,
    /// Two goals that conflict both stand near the top.
    Contention,
    /// Goals depend on one another in a loop.
    DependencyCycle,
    /// A high-priority goal depends on a deferred, rejected or low-priority one.
    WeakDependency,
    /// A goal traces to no company objective.
    Orphan,
    /// An objective no department supports.
    Unsupported,
    /// A department's agreed goals need more effort than it has.
    Capacity,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Divergence => "Priority divergence",
            Kind::Contention => "Contention",
            Kind::DependencyCycle => "Dependency loop",
            Kind::WeakDependency => "Weak dependency",
            Kind::Orphan => "Orphan goal",
            Kind::Unsupported => "Unsupported objective",
            Kind::Capacity => "Over capacity",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Stable across detections: the kind and the goals or department involved.
    pub key: String,
    pub kind: Kind,
    pub severity: Severity,
    pub goals: Vec<GoalId>,
    pub departments: Vec<DepartmentId>,
    /// One sentence with its figures. A decision keeps the sentence it answered, so a
    /// changed sentence means the conflict's inputs changed: it is reopened.
    pub summary: String,
}
