//! Where goals came from when they were not typed in the workshop: a person's own goals
//! sent back from the viewer, or a department lead's draft. Each such goal keeps who wrote
//! it, which device and which of that device's goals it is (so the same goal sent again
//! updates it instead of adding a copy: stable identity across versions), and when the
//! facilitator's device received it. The sender's clock is never read.
//!
//! The facilitator can also say that two goals flagged as near-duplicates are distinct
//! ("keep both"), so the flag does not come back.

use std::collections::{BTreeMap, BTreeSet};

use super::{GoalId, Workshop};
use crate::domain::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// One person's day-to-day goals, aligned under the goals they serve.
    Personal,
    /// A department lead's draft of the department's goals, before the workshop.
    Draft,
}

impl Source {
    pub const fn wire_name(self) -> &'static str {
        match self {
            Source::Personal => "personal",
            Source::Draft => "draft",
        }
    }

    pub fn from_wire(name: &str) -> Option<Source> {
        [Source::Personal, Source::Draft].into_iter().find(|s| s.wire_name() == name)
    }
}

/// One goal of one device: the device's random number and the goal's number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub device: u64,
    pub key: u32,
}

impl Origin {
    /// `3f09c2…:7`, as files write it.
    pub fn to_wire(self) -> String {
        format!("{:016x}:{}", self.device, self.key)
    }

    pub fn from_wire(text: &str) -> Option<Origin> {
        let (device, key) = text.split_once(':')?;
        if device.len() != 16 || !device.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            return None;
        }
        if key.is_empty() || key.len() > 10 || !key.bytes().all(|b| b.is_ascii_digit()) || (key.len() > 1 && key.starts_with('0')) {
            return None;
        }
        Some(Origin { device: u64::from_str_radix(device, 16).ok()?, key: key.parse().ok()? })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributed {
    pub source: Source,
    pub author: String,
    pub origin: Origin,
    /// The facilitator's clock when the goal was imported.
    pub received: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContributedRecord {
    /// By goal; only goals in the workshop (removing a goal takes its entry with it, and
    /// an undo puts it back).
    pub goals: BTreeMap<GoalId, Contributed>,
    /// Pairs the facilitator kept apart after a near-duplicate flag, smaller ID first.
    pub kept_apart: BTreeSet<(GoalId, GoalId)>,
}

impl Workshop {
    /// Who sent `goal`, if it was imported rather than typed here.
    pub fn contributed(&self, goal: GoalId) -> Option<&Contributed> {
        self.contributed.goals.get(&goal)
    }

    /// Every imported goal, by ID.
    pub fn contributions(&self) -> impl Iterator<Item = (GoalId, &Contributed)> + '_ {
        self.contributed.goals.iter().map(|(g, c)| (*g, c))
    }

    /// The goal that came from `origin`, if it is still in the workshop.
    pub fn goal_from(&self, origin: Origin) -> Option<GoalId> {
        self.contributions().find(|(_, c)| c.origin == origin).map(|(g, _)| g)
    }

    /// Whether the facilitator said `a` and `b` are distinct goals.
    pub fn kept_apart(&self, a: GoalId, b: GoalId) -> bool {
        self.contributed.kept_apart.contains(&(a.min(b), a.max(b)))
    }

    pub fn kept_apart_pairs(&self) -> impl Iterator<Item = (GoalId, GoalId)> + '_ {
        self.contributed.kept_apart.iter().copied()
    }

    pub(super) fn set_contributed(&mut self, goal: GoalId, record: Option<Contributed>) -> Option<Contributed> {
        match record {
            Some(r) => self.contributed.goals.insert(goal, r),
            None => self.contributed.goals.remove(&goal),
        }
    }

    /// The records that name any of `goals`: what a removal takes with it.
    pub(super) fn contributed_of(&self, goals: &[GoalId]) -> (Vec<(GoalId, Contributed)>, Vec<(GoalId, GoalId)>) {
        let records = goals.iter().filter_map(|g| self.contributed.goals.get(g).map(|c| (*g, c.clone()))).collect();
        let pairs = self.contributed.kept_apart.iter().copied().filter(|(a, b)| goals.contains(a) || goals.contains(b)).collect();
        (records, pairs)
    }

    /// Drops the records of removed goals.
    pub(super) fn forget_contributed(&mut self, removed: &[GoalId]) {
        for g in removed {
            self.contributed.goals.remove(g);
        }
        self.contributed.kept_apart.retain(|(a, b)| !removed.contains(a) && !removed.contains(b));
    }

    pub(super) fn set_kept_apart(&mut self, a: GoalId, b: GoalId, apart: bool) -> bool {
        let pair = (a.min(b), a.max(b));
        if apart { !self.contributed.kept_apart.insert(pair) } else { self.contributed.kept_apart.remove(&pair) }
    }
}
