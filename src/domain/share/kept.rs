//! What the viewer (`view/`) keeps on a person's device: their name and the goals they
//! are writing, under a shared tree (personal goals) or a draft link (a department's
//! draft), until they send them back as a contribution.
//!
//! Each goal gets its number from the device's one counter (`DeviceCounter`), which only
//! goes up, so no two goals of a device ever share a number, whichever tree or draft they
//! were written under, and a number is never given again after its goal is removed (the
//! facilitator's import recognises a goal sent again by device and number).
//!
//! The stored list is the contribution's own JSON, read back with the rules the
//! facilitator's import applies: stored data is as untrusted as a file.

use super::contribution::{written, Contribution, SentGoal, Under, FORMAT, VERSION};
use crate::domain::codec::WorkshopTag;
use crate::domain::model::{DepartmentId, Field, GoalId, Level, Origin, Source};

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

    /// The stored form: the contribution's own compact JSON (`source` as the list is;
    /// the author may still be empty).
    pub fn to_json(&self, source: Source) -> String {
        let doc = Contribution {
            source,
            workshop: String::new(),
            tag: None,
            department: None,
            author: self.author.clone(),
            device: self.device,
            goals: self.goals.clone(),
        }
        .to_doc();
        serde_json::to_string(&doc).expect("kept lists serialise")
    }

    /// Reads the stored form back, each goal checked by the rules the facilitator's import
    /// applies (text, levels for `source`, numbers, goals under earlier goals only). Read
    /// from the parsed JSON by hand, so the viewer's download carries no second decoder.
    /// The error is a sentence.
    pub fn from_json(text: &str, source: Source) -> Result<Kept, String> {
        use serde_json::Value;
        let value = crate::domain::wire::parse_json(text.as_bytes()).map_err(|e| e.to_string())?;
        let bad = |what: &str| format!("{what} is not as Accord writes it");
        let top = value.as_object().ok_or_else(|| bad("the list"))?;
        const KEYS: [&str; 9] = ["format", "version", "source", "workshop", "tag", "department", "author", "device", "goals"];
        if let Some(k) = top.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(bad(&format!("“{k}”")));
        }
        if top.get("format").and_then(Value::as_str) != Some(FORMAT) || top.get("version").and_then(Value::as_u64) != Some(VERSION) {
            return Err(bad("its format"));
        }
        let string = |v: Option<&Value>, what: &str| v.and_then(Value::as_str).map(str::to_string).ok_or_else(|| bad(what));
        let device = string(top.get("device"), "its device number")?;
        let device = (device.len() == 16 && device.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| u64::from_str_radix(&device, 16).ok())
            .flatten()
            .ok_or_else(|| bad("its device number"))?;
        let author = string(top.get("author"), "its author")?;
        if !author.is_empty() {
            written(Field::ParticipantName, &author)?;
        }
        let list = top.get("goals").and_then(Value::as_array).ok_or_else(|| bad("its goals"))?;
        if list.len() > super::contribution::MAX_GOALS {
            return Err(bad("its number of goals"));
        }
        let mut goals: Vec<SentGoal> = Vec::with_capacity(list.len());
        const GOAL_KEYS: [&str; 9] = ["key", "title", "level", "under", "under_title", "description", "owner", "metric", "target"];
        for g in list {
            let g = g.as_object().ok_or_else(|| bad("a goal"))?;
            if let Some(k) = g.keys().find(|k| !GOAL_KEYS.contains(&k.as_str())) {
                return Err(bad(&format!("“{k}”")));
            }
            let key = g.get("key").and_then(Value::as_u64).and_then(|k| u32::try_from(k).ok()).filter(|k| *k > 0 && goals.iter().all(|o| o.key != *k)).ok_or_else(|| bad("a goal's number"))?;
            let text = |name: &str, field: Field| -> Result<String, String> {
                match g.get(name) {
                    None => Ok(String::new()),
                    Some(Value::String(v)) if !v.is_empty() => written(field, v),
                    Some(_) => Err(bad(name)),
                }
            };
            let level = Level::from_wire(&string(g.get("level"), "a goal's level")?).ok_or_else(|| bad("a goal's level"))?;
            let allowed = match source {
                Source::Personal => level == Level::Individual,
                Source::Draft => level != Level::Objective,
            };
            if !allowed {
                return Err(bad("a goal's level"));
            }
            let under_title = text("under_title", Field::GoalTitle)?;
            let under = match g.get("under") {
                None if under_title.is_empty() => Under::Nothing,
                Some(Value::String(r)) if r.starts_with('#') => {
                    let parent = r[1..].parse::<u32>().ok().filter(|_| !r[1..].starts_with('0')).and_then(|k| goals.iter().find(|o| o.key == k));
                    match parent {
                        Some(p) if under_title.is_empty() && level.may_sit_under(p.level) => Under::Sent(p.key),
                        _ => return Err(bad("where a goal sits")),
                    }
                }
                Some(Value::String(r)) => match GoalId::parse(r) {
                    Some(id) if !under_title.is_empty() => Under::Goal { id, title: under_title },
                    _ => return Err(bad("where a goal sits")),
                },
                _ => return Err(bad("where a goal sits")),
            };
            let title = text("title", Field::GoalTitle)?;
            if title.is_empty() {
                return Err(bad("a goal's title"));
            }
            goals.push(SentGoal {
                key,
                title,
                level,
                under,
                description: text("description", Field::GoalDescription)?,
                owner: text("owner", Field::Owner)?,
                metric: text("metric", Field::Metric)?,
                target: text("target", Field::Target)?,
            });
        }
        Ok(Kept { device, author, goals })
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
/// `draft-<author>.json`), the author's spaces and ASCII punctuation (slashes, dots,
/// quotes) made dashes. (Names hold no control characters: they passed the text rules.)
pub fn file_name(author: &str, source: Source) -> String {
    let mut name = String::new();
    for c in author.chars() {
        if c.is_ascii_alphanumeric() || !(c.is_ascii() || c.is_whitespace()) {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let what = if source == Source::Draft { "draft" } else { "goals" };
    if name.is_empty() { format!("{what}.json") } else { format!("{what}-{name}.json") }
}
