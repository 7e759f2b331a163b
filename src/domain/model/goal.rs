use std::fmt;

use super::ids::{DepartmentId, GoalId};

/// Where a goal sits in the hierarchy, from the company's objectives down to one person's
/// goal. A goal may only sit under a goal of a higher level (levels may be skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Objective,
    DepartmentGoal,
    Initiative,
    Individual,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Objective, Level::DepartmentGoal, Level::Initiative, Level::Individual];

    /// Whether a goal of this level may sit directly under a goal of level `parent`.
    /// Company objectives hang off the strategy and sit under nothing.
    pub fn may_sit_under(self, parent: Level) -> bool {
        self != Level::Objective && parent < self
    }

    pub const fn wire_name(self) -> &'static str {
        match self {
            Level::Objective => "objective",
            Level::DepartmentGoal => "department_goal",
            Level::Initiative => "initiative",
            Level::Individual => "individual",
        }
    }

    pub fn from_wire(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.wire_name() == name)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Level::Objective => "company objective",
            Level::DepartmentGoal => "department goal",
            Level::Initiative => "initiative",
            Level::Individual => "individual goal",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    #[default]
    Proposed,
    Agreed,
    Deferred,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Proposed, Status::Agreed, Status::Deferred, Status::Rejected];

    pub const fn wire_name(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Agreed => "agreed",
            Status::Deferred => "deferred",
            Status::Rejected => "rejected",
        }
    }

    pub fn from_wire(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.wire_name() == name)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire_name())
    }
}

/// A relation between two goals that is not the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// The first goal cannot finish before the second (directed).
    DependsOn,
    /// The two goals pull against each other (symmetric).
    ConflictsWith,
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkKind::DependsOn => "depends on",
            LinkKind::ConflictsWith => "conflicts with",
        })
    }
}

/// The agreed priority a closed voting round gave a goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Priority {
    pub round: super::ids::RoundId,
    /// 1 is the top; tied goals share a rank ("1, 2, 2, 4").
    pub rank: u32,
    /// The method's headline figure: dots, mean score, or Borda points for ranked rounds.
    pub value: f64,
}

/// A goal's own attributes. Where it sits and what it links to live in the workshop's
/// goal graph, not here, so there is one source of truth for the structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: GoalId,
    pub title: String,
    pub description: String,
    pub level: Level,
    /// The department that owns the goal; company objectives usually have none.
    pub department: Option<DepartmentId>,
    /// The person accountable, as free text (owners need not be workshop participants).
    pub owner: String,
    /// Estimated effort in person-weeks.
    pub effort: Option<u32>,
    /// How success is measured ("Net revenue retention"), and the value aimed for ("≥ 115%").
    pub metric: String,
    pub target: String,
    pub status: Status,
    /// Set when a round that included the goal closes; cleared if that round reopens.
    pub priority: Option<Priority>,
}

impl Goal {
    pub fn new(id: GoalId, title: impl Into<String>, level: Level) -> Self {
        Goal {
            id,
            title: title.into(),
            description: String::new(),
            level,
            department: None,
            owner: String::new(),
            effort: None,
            metric: String::new(),
            target: String::new(),
            status: Status::Proposed,
            priority: None,
        }
    }
}
