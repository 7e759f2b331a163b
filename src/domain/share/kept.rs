//! What the viewer (`view/`) keeps on a person's device: their name and the goals they
//! are writing, under a shared tree (personal goals) or a draft link (a department's
//! draft), until they send them back as a contribution.
//!
//! Each goal gets its number from the device's one counter (`DeviceCounter`), which only
//! goes up, so no two goals of a device ever share a number, whichever tree or draft they
//! were written under, and a number is never given again after its goal is removed (the
//! facilitator's import recognises a goal sent again by device and number).
//!
//! The stored list is read back as strictly as a contribution file (it goes through
//! `contribution::read_value`): stored data is as untrusted as a file.

use serde::{Deserialize, Serialize};

use super::contribution::{read_value, written, Contribution, ContributionDoc, SentGoal, SentGoalDoc, Under, FORMAT, VERSION};
use crate::domain::codec::WorkshopTag;
use crate::domain::model::{DepartmentId, Field, GoalId, Level, Origin, Source};
use crate::domain::wire::ImportError;

/// The device's random number and the next goal number it gives. Stored as `Origin`'s wire
/// form (`<16 hex>:<next>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceCounter {
    pub device: u64,
    pub next: u32,
}

impl DeviceCounter {
    pub fn new(device: u64) -> Self {
        DeviceCounter { device, next: 1 }
    }

    pub fn to_text(self) -> String {
        Origin { device: self.device, key: self.next }.to_wire()
    }

    pub fn from_text(text: &str) -> Option<Self> {
        Origin::from_wire(text).filter(|o| o.key > 0).map(|o| DeviceCounter { device: o.device, next: o.key })
    }

    /// A new goal number, never given before on this device (and above every number in
    /// `kept`, should the counter ever have been lost).
    fn take(&mut self, kept: &Kept) -> Result<u32, KeptError> {
        let above_kept = kept.goals.iter().map(|g| g.key).max().unwrap_or(0).checked_add(1).ok_or(KeptError::Exhausted)?;
        let key = self.next.max(above_kept);
        self.next = key.checked_add(1).ok_or(KeptError::Exhausted)?;
        Ok(key)
    }
}

/// What a person types for one goal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub title: String,
    pub description: String,
    pub owner: String,
    pub metric: String,
    pub target: String,
}

impl Written {
    pub fn of(goal: &SentGoal) -> Self {
        Written {
            title: goal.title.clone(),
            description: goal.description.clone(),
            owner: goal.owner.clone(),
            metric: goal.metric.clone(),
            target: goal.target.clone(),
        }
    }

    /// Trimmed and checked by the workshop's text rules.
    fn checked(&self) -> Result<Written, KeptError> {
        let field = |field: Field, value: &str| written(field, value.trim()).map_err(KeptError::Text);
        Ok(Written {
            title: field(Field::GoalTitle, &self.title)?,
            description: field(Field::GoalDescription, &self.description)?,
            owner: field(Field::Owner, &self.owner)?,
            metric: field(Field::Metric, &self.metric)?,
            target: field(Field::Target, &self.target)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptError {
    /// A text broke the workshop's rules (the sentence names the field).
    Text(String),
    /// The goal it should sit under is not on the list (removed meanwhile).
    NoSuchGoal,
    /// A goal of this level cannot sit under that one.
    WrongLevel { level: Level, under: Level },
    /// This device has given every goal number there is.
    Exhausted,
    NoName,
    NoGoals,
}

impl std::fmt::Display for KeptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeptError::Text(why) => f.write_str(why),
            KeptError::NoSuchGoal => f.write_str("The goal it would sit under is no longer on your list."),
            KeptError::WrongLevel { level, under } => write!(f, "A {level} cannot sit under a {under}."),
            KeptError::Exhausted => f.write_str("This device has numbered all the goals it can; clear this site's data to start again."),
            KeptError::NoName => f.write_str("Type your name first, so the facilitator knows whose goals these are."),
            KeptError::NoGoals => f.write_str("There are no goals to send yet."),
        }
    }
}

/// A person's list on one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub device: u64,
    /// Empty until the person types it.
    pub author: String,
    /// Parents before children.
    pub goals: Vec<SentGoal>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeptDoc {
    device: String,
    author: String,
    goals: Vec<SentGoalDoc>,
}

impl Kept {
    pub fn new(device: u64) -> Self {
        Kept { device, author: String::new(), goals: Vec::new() }
    }

    pub fn set_author(&mut self, name: &str) -> Result<(), KeptError> {
        self.author = written(Field::ParticipantName, name.trim()).map_err(KeptError::Text)?;
        Ok(())
    }

    pub fn goal(&self, key: u32) -> Option<&SentGoal> {
        self.goals.iter().find(|g| g.key == key)
    }

    /// Adds a goal of `level` under `under` (`under_level`: the level of the workshop goal
    /// it names; a goal of this list is looked up). Returns its number.
    pub fn add(&mut self, counter: &mut DeviceCounter, text: &Written, level: Level, under: Under, under_level: Option<Level>) -> Result<u32, KeptError> {
        let text = text.checked()?;
        let parent_level = match &under {
            Under::Nothing => None,
            Under::Goal { .. } => under_level,
            Under::Sent(key) => Some(self.goal(*key).ok_or(KeptError::NoSuchGoal)?.level),
        };
        if let Some(parent) = parent_level {
            if !level.may_sit_under(parent) {
                return Err(KeptError::WrongLevel { level, under: parent });
            }
        }
        let key = counter.take(self)?;
        self.goals.push(SentGoal {
            key,
            title: text.title,
            level,
            under,
            description: text.description,
            owner: text.owner,
            metric: text.metric,
            target: text.target,
        });
        Ok(key)
    }

    pub fn edit(&mut self, key: u32, text: &Written) -> Result<(), KeptError> {
        let text = text.checked()?;
        let goal = self.goals.iter_mut().find(|g| g.key == key).ok_or(KeptError::NoSuchGoal)?;
        goal.title = text.title;
        goal.description = text.description;
        goal.owner = text.owner;
        goal.metric = text.metric;
        goal.target = text.target;
        Ok(())
    }

    /// Removes a goal and the goals of this list beneath it; returns how many went.
    pub fn remove(&mut self, key: u32) -> usize {
        let mut gone = vec![key];
        // Parents come before children, so one pass finds every descendant.
        for g in &self.goals {
            if let Under::Sent(parent) = g.under {
                if gone.contains(&parent) {
                    gone.push(g.key);
                }
            }
        }
        let before = self.goals.len();
        self.goals.retain(|g| !gone.contains(&g.key));
        before - self.goals.len()
    }

    /// The goals of this list under workshop goal `id`.
    pub fn under_goal(&self, id: GoalId) -> impl Iterator<Item = &SentGoal> + '_ {
        self.goals.iter().filter(move |g| matches!(&g.under, Under::Goal { id: u, .. } if *u == id))
    }

    /// The goals of this list under goal `key` of this list.
    pub fn under_sent(&self, key: u32) -> impl Iterator<Item = &SentGoal> + '_ {
        self.goals.iter().filter(move |g| g.under == Under::Sent(key))
    }

    /// What goes back to the facilitator.
    pub fn contribution(&self, source: Source, workshop: &str, tag: Option<WorkshopTag>, department: Option<DepartmentId>) -> Result<Contribution, KeptError> {
        if self.author.is_empty() {
            return Err(KeptError::NoName);
        }
        if self.goals.is_empty() {
            return Err(KeptError::NoGoals);
        }
        Ok(Contribution {
            source,
            workshop: workshop.to_string(),
            tag,
            department: if source == Source::Draft { department } else { None },
            author: self.author.clone(),
            device: self.device,
            goals: self.goals.clone(),
        })
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        let doc = Contribution {
            source: Source::Personal,
            workshop: String::new(),
            tag: None,
            department: None,
            author: self.author.clone(),
            device: self.device,
            goals: self.goals.clone(),
        }
        .to_doc();
        serde_json::to_string(&KeptDoc { device: doc.device, author: doc.author, goals: doc.goals }).expect("kept lists serialise")
    }

    /// Reads the stored form back, checking every goal as the facilitator's import would
    /// (`source` decides which levels are allowed).
    pub fn from_json(text: &str, source: Source) -> Result<Kept, ImportError> {
        let value = crate::domain::wire::parse_json(text.as_bytes())?;
        let doc: KeptDoc = crate::domain::wire::deserialize_at(&value)?;
        // Checked as the contribution it will become: a stand-in name and department where
        // none is set yet, so the rules for everything else apply unchanged.
        let check = ContributionDoc {
            format: FORMAT.into(),
            version: VERSION,
            source: source.wire_name().into(),
            workshop: String::new(),
            tag: None,
            department: (source == Source::Draft).then(|| "d1".to_string()),
            author: if doc.author.is_empty() { "—".into() } else { doc.author.clone() },
            device: doc.device,
            goals: doc.goals,
        };
        let empty = check.goals.is_empty();
        let mut probe = check.clone();
        if empty {
            // A list with no goals yet is fine here; a contribution needs one.
            probe.goals.push(SentGoalDoc {
                key: 1,
                title: "—".into(),
                level: Level::Individual.wire_name().into(),
                under: None,
                under_title: String::new(),
                description: String::new(),
                owner: String::new(),
                metric: String::new(),
                target: String::new(),
            });
            if source == Source::Draft {
                probe.goals[0].level = Level::DepartmentGoal.wire_name().into();
            }
        }
        let read = read_value(&serde_json::to_value(&probe).expect("contributions serialise"))?;
        Ok(Kept { device: read.device, author: if doc.author.is_empty() { String::new() } else { read.author }, goals: if empty { Vec::new() } else { read.goals } })
    }
}

/// The localStorage key of what a viewer keeps for a shared tree: by the workshop's tag
/// (so a newer link to the same workshop finds the same goals), else by a hash of the link.
pub fn tree_key(tag: Option<WorkshopTag>, link: &str) -> String {
    match tag {
        Some(t) => format!("accord.view.{}", t.hex()),
        None => format!("accord.view.{:016x}", fnv1a(link)),
    }
}

/// The same for a department's draft.
pub fn draft_key(tag: Option<WorkshopTag>, department: DepartmentId, link: &str) -> String {
    match tag {
        Some(t) => format!("accord.view.draft.{}.{department}", t.hex()),
        None => format!("accord.view.draft.{:016x}.{department}", fnv1a(link)),
    }
}

/// FNV-1a over the link's payload (what follows the fragment's `=`; spaces ignored), so
/// the same link pasted with line breaks finds the same list.
fn fnv1a(link: &str) -> u64 {
    let payload = link.rsplit('=').next().unwrap_or(link);
    payload.bytes().filter(|b| !b.is_ascii_whitespace()).fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The file a contribution downloads as: `goals-<author>.json` (a draft:
/// `draft-<author>.json`), with only letters, digits and dashes in the author's part.
pub fn file_name(author: &str, source: Source) -> String {
    let mut name = String::new();
    for c in author.chars() {
        if c.is_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let what = if source == Source::Draft { "draft" } else { "goals" };
    if name.is_empty() { format!("{what}.json") } else { format!("{what}-{name}.json") }
}
