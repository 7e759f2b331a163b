//! Taking goals sent back into the workshop, as one undoable step: new goals are added
//! under the goals they name, goals sent before (the same device's same goal) are
//! updated in place, and each keeps its author. Everything is worked out on a copy first,
//! so a contribution that cannot go in changes nothing.

use super::contribution::{Contribution, Under};
use super::similar::{fingerprint, likeness, FLAG_AT_PERCENT};
use crate::domain::codec::WorkshopTag;
use crate::domain::model::{Contributed, Edit, GoalDetails, GoalId, Level, ModelError, NewGoal, Origin, Source, Status, Workshop};
use crate::domain::time::Timestamp;

#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The whole import, one step for undo.
    pub edit: Edit,
    pub added: Vec<GoalId>,
    pub updated: Vec<GoalId>,
    /// Goals that went in under nothing, each with why, in words.
    pub adrift: Vec<(GoalId, String)>,
    /// Near-duplicates across departments among the goals this import touched.
    pub duplicates: Vec<NearDuplicate>,
}

impl Imported {
    /// What happened, for the notice: "Imported Amara Okafor's 2 goals: 2 added."
    pub fn summary(&self, c: &Contribution) -> String {
        let mut parts = Vec::new();
        let n = |k: usize| if k == 1 { "1 goal".to_string() } else { format!("{k} goals") };
        if !self.added.is_empty() {
            parts.push(format!("{} added", n(self.added.len())));
        }
        if !self.updated.is_empty() {
            parts.push(format!("{} updated", n(self.updated.len())));
        }
        if !self.adrift.is_empty() {
            parts.push(format!("{} under nothing agreed", n(self.adrift.len())));
        }
        if !self.duplicates.is_empty() {
            let d = self.duplicates.len();
            parts.push(if d == 1 { "1 possible duplicate to look at".into() } else { format!("{d} possible duplicates to look at") });
        }
        format!("Imported {}: {}.", c.describe(), parts.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ImportRefused {
    /// The goals were written for another workshop (its title as the sender saw it).
    OtherWorkshop { written_for: String },
    /// A draft for a department this workshop does not have.
    UnknownDepartment { department: String },
    /// The goal this device sent before was sent by someone else or another way: a code
    /// may not take over another person's goal.
    NotTheirs { goal: String, author: String },
    /// Everything in it is already in the workshop, unchanged.
    NothingNew { goals: usize },
    Model(ModelError),
}

impl std::fmt::Display for ImportRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportRefused::OtherWorkshop { written_for } => {
                write!(f, "These goals were written for another workshop (“{written_for}”). Nothing was imported.")
            }
            ImportRefused::UnknownDepartment { department } => write!(
                f,
                "This draft is for department {department}, which this workshop does not have. Nothing was imported."
            ),
            ImportRefused::NotTheirs { goal, author } => write!(
                f,
                "This code would change “{goal}”, which {author} sent. Nothing was imported."
            ),
            ImportRefused::NothingNew { goals } => write!(
                f,
                "Already imported: {} in the workshop, unchanged.",
                if *goals == 1 { "its goal is".to_string() } else { format!("all {goals} goals are") }
            ),
            ImportRefused::Model(e) => write!(f, "{e} Nothing was imported."),
        }
    }
}

/// The import of `c` into `w`, whose tag is `tag` (if the facilitator's device holds its
/// keys), received at `now` by the facilitator's clock.
pub fn import(w: &Workshop, tag: Option<WorkshopTag>, c: &Contribution, now: Timestamp) -> Result<Imported, ImportRefused> {
    if let (Some(sent), Some(ours)) = (c.tag, tag) {
        if sent != ours {
            return Err(ImportRefused::OtherWorkshop { written_for: c.workshop.clone() });
        }
    }
    if let Some(d) = c.department {
        if w.department(d).is_none() {
            return Err(ImportRefused::UnknownDepartment { department: d.to_string() });
        }
    }
    let mut scratch = w.clone();
    let mut edits: Vec<Edit> = Vec::new();
    let apply = |scratch: &mut Workshop, edit: Edit, edits: &mut Vec<Edit>| -> Result<Edit, ImportRefused> {
        let inverse = scratch.apply(edit.clone()).map_err(ImportRefused::Model)?;
        edits.push(edit);
        Ok(inverse)
    };
    let mut ids: Vec<(u32, GoalId)> = Vec::new();
    let (mut added, mut updated, mut adrift) = (Vec::new(), Vec::new(), Vec::new());
    for sent in &c.goals {
        let (parent, why_adrift) = match &sent.under {
            Under::Nothing => (None, Some("was sent under no goal".to_string())),
            Under::Sent(key) => (ids.iter().find(|(k, _)| k == key).map(|(_, g)| *g), None),
            Under::Goal { id, title } => match scratch.goal(*id) {
                Some(p) if sent.level.may_sit_under(p.level) && matches!(p.status, Status::Proposed | Status::Agreed) => (Some(*id), None),
                Some(p) if sent.level.may_sit_under(p.level) => (None, Some(format!("was written under “{}”, which is now {}", p.title, p.status))),
                Some(p) => (None, Some(format!("was written under “{}”, a {}, where a {} cannot sit", p.title, p.level, sent.level))),
                None => (None, Some(format!("was written under “{title}”, which is no longer in the workshop"))),
            },
        };
        let department = match c.source {
            Source::Draft => c.department,
            Source::Personal => {
                let mut up = parent;
                let mut found = None;
                while let Some(p) = up {
                    found = scratch.goal(p).and_then(|g| g.department);
                    if found.is_some() {
                        break;
                    }
                    up = scratch.parent(p);
                }
                found
            }
        };
        let owner = if sent.owner.is_empty() && c.source == Source::Personal { c.author.clone() } else { sent.owner.clone() };
        let origin = Origin { device: c.device, key: sent.key };
        let record = Contributed { source: c.source, author: c.author.clone(), origin, received: now };
        let id = match scratch.goal_from(origin) {
            Some(id) => {
                let before = scratch.contributed(id).expect("found by its record").clone();
                if before.author != c.author || before.source != c.source {
                    let goal = scratch.goal(id).map(|g| g.title.clone()).unwrap_or_default();
                    return Err(ImportRefused::NotTheirs { goal, author: before.author });
                }
                let old = scratch.goal(id).expect("records name goals in the workshop").clone();
                let details = GoalDetails {
                    title: sent.title.clone(),
                    description: sent.description.clone(),
                    level: sent.level,
                    department,
                    owner,
                    effort: old.effort,
                    metric: sent.metric.clone(),
                    target: sent.target.clone(),
                    status: old.status,
                };
                let mut changed = false;
                if details != GoalDetails::of(&old) {
                    apply(&mut scratch, Edit::UpdateGoal(id, details), &mut edits)?;
                    changed = true;
                }
                if scratch.parent(id) != parent {
                    let moved = scratch.reparent(id, parent);
                    apply(&mut scratch, moved, &mut edits)?;
                    changed = true;
                }
                if changed {
                    apply(&mut scratch, Edit::SetContributed(id, Some(Box::new(record))), &mut edits)?;
                    updated.push(id);
                }
                id
            }
            None => {
                let new = NewGoal { title: sent.title.clone(), level: sent.level, parent, department };
                let Edit::RemoveGoal(id) = apply(&mut scratch, Edit::AddGoal(new), &mut edits)? else {
                    unreachable!("adding a goal is undone by removing it")
                };
                let mut details = GoalDetails::of(scratch.goal(id).expect("just added"));
                details.description = sent.description.clone();
                details.owner = owner;
                details.metric = sent.metric.clone();
                details.target = sent.target.clone();
                if details != GoalDetails::of(scratch.goal(id).expect("just added")) {
                    apply(&mut scratch, Edit::UpdateGoal(id, details), &mut edits)?;
                }
                apply(&mut scratch, Edit::SetContributed(id, Some(Box::new(record))), &mut edits)?;
                added.push(id);
                id
            }
        };
        if let (Some(why), Level::Individual) = (why_adrift, sent.level) {
            adrift.push((id, format!("“{}” {why}", sent.title)));
        }
        ids.push((sent.key, id));
    }
    if edits.is_empty() {
        return Err(ImportRefused::NothingNew { goals: c.goals.len() });
    }
    let touched: Vec<GoalId> = added.iter().chain(&updated).copied().collect();
    let duplicates = near_duplicates(&scratch).into_iter().filter(|d| touched.contains(&d.a) || touched.contains(&d.b)).collect();
    let label = match c.source {
        Source::Personal => "import of personal goals",
        Source::Draft => "import of a department's draft",
    };
    Ok(Imported { edit: Edit::Batch(label, edits), added, updated, adrift, duplicates })
}

/// Two goals of different departments whose titles look alike, at least one from a
/// department's draft: a candidate to merge, until the facilitator keeps them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NearDuplicate {
    pub a: GoalId,
    pub b: GoalId,
    /// How alike the titles are, 0–100.
    pub percent: u8,
}

/// Every near-duplicate pair in `w`, most alike first.
pub fn near_duplicates(w: &Workshop) -> Vec<NearDuplicate> {
    // Most workshops have no drafts: then there is nothing to compare (and nothing to pay).
    if !w.contributions().any(|(_, c)| c.source == Source::Draft) {
        return Vec::new();
    }
    let candidates: Vec<_> = w
        .goals()
        .iter()
        .filter(|g| matches!(g.level, Level::DepartmentGoal | Level::Initiative) && matches!(g.status, Status::Proposed | Status::Agreed))
        .filter_map(|g| g.department.map(|d| (g.id, d, fingerprint(&g.title), w.contributed(g.id).is_some_and(|c| c.source == Source::Draft))))
        .collect();
    let mut out = Vec::new();
    for (i, (a, da, ta, drafted_a)) in candidates.iter().enumerate() {
        for (b, db, tb, drafted_b) in &candidates[i + 1..] {
            if da == db || !(*drafted_a || *drafted_b) || w.kept_apart(*a, *b) {
                continue;
            }
            let percent = likeness(ta, tb);
            if percent >= FLAG_AT_PERCENT {
                out.push(NearDuplicate { a: (*a).min(*b), b: (*a).max(*b), percent });
            }
        }
    }
    crate::domain::order::sort_by(&mut out, |x, y| y.percent.cmp(&x.percent).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    out
}

/// Merges `absorb` into `keep` as the conflict resolution "merge" does (children and
/// links move over; the absorbed goal stays on record as rejected, "Merged into …"), as
/// one step. Both authors stay on record.
pub fn merge_duplicate(w: &Workshop, keep: GoalId, absorb: GoalId) -> Result<Edit, ModelError> {
    Ok(Edit::Batch("merge of near-duplicates", w.merge_edits(keep, absorb)?))
}
