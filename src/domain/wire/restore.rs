//! Wire → model, for every file that comes in: an opened file, a pasted document and the
//! copy kept in browser storage all go through `restore`. (The built-in demo is built from
//! rows in code with the model's own checks, `domain::demo`; a test holds it equal to what
//! its file restores to.)
//!
//! The order of checks: size, text, JSON (a key written twice in one object is refused),
//! format and version, counts (before anything is built: goals, departments,
//! participants, the goals of a ranked round), shape (serde, with the path of the first
//! mismatch), then every reference and structural rule, collecting all the problems it
//! can find, each once at its cause: an item refused where it stands is not reported
//! again where it is named, and a ballot's problem is reported at the ballot (and the
//! goal in it). Every lookup is by ID through the model's indexes, so validating a file
//! costs a small multiple of parsing it. A `Workshop` comes back only if there were no
//! problems, so an import applies whole or not at all.

use serde_json::Value;

use super::export::{level_from_doc, status_from_doc};
use super::problem::{ImportError, Problem, ProblemKind};
use std::collections::{BTreeMap, BTreeSet};

use super::v1::{MethodDoc, ResolutionDoc, RoundDoc, RoundStatusDoc, SecrecyDoc, SourceDoc, WeightingDoc, WorkshopDoc, FORMAT, VERSION};
use crate::domain::codec::DeviceKey;
use crate::domain::conflicts::{Agreer, Decision, Resolution, Settings};
use crate::domain::model::{
    Colour, Department, DepartmentId, Edit, Field, Goal, GoalId, InviteId, IdKind, InviteRecord, LinkKind, ModelError, NextIds, LAST_ID,
    Participant, ParticipantId, Priority, RoundId, Workshop,
};
use crate::domain::voting::{Ballot, Cast, Round, RoundStatus, Secrecy, Source, Weighting};
use crate::domain::time::Timestamp;

/// The largest file Accord opens. Far above a 2,000-goal workshop (about 1 MB), well
/// below what would freeze a phone.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
pub const MAX_GOALS: usize = 10_000;
pub const MAX_DEPARTMENTS: usize = 200;
pub const MAX_PARTICIPANTS: usize = 2_000;

pub fn restore(bytes: &[u8]) -> Result<Workshop, ImportError> {
    restore_value(&parse_json(bytes)?)
}

/// `restore` for a document already parsed (and size-checked) by `parse_json`.
pub fn restore_value(value: &Value) -> Result<Workshop, ImportError> {
    check_format(value)?;
    check_counts(value)?;
    build(&deserialize_at(value)?)
}

/// Over-limit files are refused as soon as the counts can be read, before anything is
/// built from them: too many goals, departments or participants, or a ranked round over
/// more goals than can be counted in under a second.
fn check_counts(value: &Value) -> Result<(), ImportError> {
    let len = |key: &str| value.get(key).and_then(Value::as_array).map_or(0, Vec::len);
    let mut problems = Vec::new();
    for (what, max) in [("goals", MAX_GOALS), ("departments", MAX_DEPARTMENTS), ("participants", MAX_PARTICIPANTS), ("contributed", MAX_GOALS), ("kept_apart", MAX_GOALS)] {
        if len(what) > max {
            problems.push(Problem::at(format!("$.{what}"), ProblemKind::TooMany { what, max }));
        }
    }
    // serde lets a tagged variant without fields ("ranked", "accept") carry any other
    // keys; the format does not.
    let bare = |object: Option<&Value>, kind: &str, path: String, problems: &mut Vec<Problem>| {
        let Some(map) = object.and_then(Value::as_object) else { return };
        if map.get("kind").and_then(Value::as_str) == Some(kind) {
            for key in map.keys().filter(|k| *k != "kind") {
                let mut at = path.clone();
                super::json::push_key(&mut at, key);
                problems.push(Problem::at(at, ProblemKind::Shape(format!("unknown field `{key}`: \"{kind}\" takes no other fields"))));
            }
        }
    };
    // serde also reads a tagged enum from an array, its tag first (`["score", 1, 5]`);
    // the format has only the object.
    let object = |value: Option<&Value>, name: &str, path: String, problems: &mut Vec<Problem>| {
        if let Some(Value::Array(_)) = value {
            problems.push(Problem::at(path, ProblemKind::Shape(format!("invalid type: sequence, expected internally tagged enum {name}"))));
        }
    };
    for (i, decision) in value.get("decisions").and_then(Value::as_array).into_iter().flatten().enumerate() {
        object(decision.get("resolution"), "ResolutionDoc", format!("$.decisions[{i}].resolution"), &mut problems);
        bare(decision.get("resolution"), "accept", format!("$.decisions[{i}].resolution"), &mut problems);
    }
    for (i, round) in value.get("rounds").and_then(Value::as_array).into_iter().flatten().enumerate() {
        object(round.get("method"), "MethodDoc", format!("$.rounds[{i}].method"), &mut problems);
        bare(round.get("method"), "ranked", format!("$.rounds[{i}].method"), &mut problems);
        let ranked = round.get("method").and_then(|m| m.get("kind")).and_then(Value::as_str) == Some("ranked");
        let goals = round.get("goals").and_then(Value::as_array).map_or(0, Vec::len);
        if ranked && goals > crate::domain::model::MAX_RANKED_GOALS {
            let name = round.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            let error = ModelError::TooManyRankedGoals { round: name, goals, max: crate::domain::model::MAX_RANKED_GOALS };
            problems.push(Problem::at(format!("$.rounds[{i}].goals"), ProblemKind::Model(error)));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(ImportError { problems }) }
}

/// Deserialises a wire type, reporting a shape mismatch at its JSON path (`de`: the one
/// deserialiser from a parsed document to a wire type).
pub fn deserialize_at<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, ImportError> {
    super::de::from_value(value).map_err(|e| {
        let e = e.into_mismatch();
        ImportError::single(e.path.unwrap_or_else(|| "$".into()), ProblemKind::Shape(e.message))
    })
}

pub fn parse_json(bytes: &[u8]) -> Result<Value, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::single("$", ProblemKind::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES }));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::single("$", ProblemKind::NotUtf8))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::single("$", ProblemKind::Empty));
    }
    // A key written twice in one object is refused, never resolved to one of them.
    super::json::parse_strict(text).map_err(|e| match e {
        super::json::JsonError::DuplicateKey { path, key } => ImportError::single(path, ProblemKind::DuplicateKey { key }),
        super::json::JsonError::Syntax(e) => {
            let detail = e.to_string();
            // serde_json appends " at line L column C"; we report those separately.
            let detail = detail.split(" at line ").next().unwrap_or(&detail).to_string();
            ImportError::single("$", ProblemKind::NotJson { line: e.line(), column: e.column(), detail })
        }
    })
}

fn check_format(value: &Value) -> Result<(), ImportError> {
    check_format_of(value, FORMAT, VERSION)
}

/// Checks `format` and `version` of any Accord file.
pub fn check_format_of(value: &Value, format: &str, version: u64) -> Result<(), ImportError> {
    let object = value.as_object().ok_or_else(|| ImportError::single("$", ProblemKind::NotAnObject))?;
    let expected = format.to_string();
    match object.get("format") {
        Some(Value::String(found)) if found == format => {}
        Some(Value::String(other)) => {
            return Err(ImportError::single("$.format", ProblemKind::WrongFormat { found: Some(other.clone()), expected }))
        }
        _ => return Err(ImportError::single("$.format", ProblemKind::WrongFormat { found: None, expected })),
    }
    match object.get("version") {
        None => Err(ImportError::single("$.version", ProblemKind::MissingVersion)),
        Some(v) => match v.as_u64() {
            Some(v) if v == version => Ok(()),
            Some(future) if future > version => Err(ImportError::single("$.version", ProblemKind::FutureVersion(future))),
            _ => Err(ImportError::single("$.version", ProblemKind::BadVersion)),
        },
    }
}

/// Collects problems while the model is built from a well-shaped document.
struct Builder {
    workshop: Workshop,
    problems: Vec<Problem>,
    /// IDs (as written) of items the file has but that were refused: their problem is
    /// reported once, where they are, not again at every reference to them.
    refused: RefusedIds,
}

/// The refused IDs, ascending, each once: a set of strings searched by binary search
/// rather than a `BTreeSet<String>` (a BTree type of its own in the wasm, issue #17).
#[derive(Default)]
struct RefusedIds(Vec<String>);

impl RefusedIds {
    fn insert(&mut self, id: String) -> bool {
        crate::domain::order::insert_sorted(&mut self.0, id)
    }

    fn contains(&self, id: &str) -> bool {
        self.0.binary_search_by(|s| s.as_str().cmp(id)).is_ok()
    }
}

impl Builder {
    fn problem(&mut self, path: String, kind: ProblemKind) {
        self.problems.push(Problem::at(path, kind));
    }

    /// A model refusal, reported at `path` (text problems at the key of the field).
    fn refused(&mut self, path: &str, error: ModelError) {
        match error {
            ModelError::Text { field, problem } => {
                self.problem(format!("{path}.{}", field_key(field)), ProblemKind::Text { field, problem })
            }
            ModelError::DuplicateGoal(_) | ModelError::DuplicateDepartment(_) | ModelError::DuplicateParticipant(_) => {
                self.problem(format!("{path}.id"), ProblemKind::Model(error))
            }
            ModelError::DuplicateDepartmentName(_) => self.problem(format!("{path}.name"), ProblemKind::Model(error)),
            ModelError::UnknownDepartment(_) => self.problem(format!("{path}.department"), ProblemKind::Model(error)),
            other => self.problem(path.to_string(), ProblemKind::Model(other)),
        }
    }
}

fn field_key(field: Field) -> &'static str {
    match field {
        Field::WorkshopTitle | Field::GoalTitle => "title",
        Field::Strategy => "strategy",
        Field::GoalDescription => "description",
        Field::Owner => "owner",
        Field::Metric => "metric",
        Field::Target => "target",
        Field::RoundName => "name",
        Field::Rationale => "rationale",
        Field::DepartmentName | Field::ParticipantName => "name",
    }
}

/// Builds the model from a document whose counts `check_counts` has already checked.
fn build(doc: &WorkshopDoc) -> Result<Workshop, ImportError> {
    let problems = Vec::new();
    let created = Timestamp::parse_rfc3339(&doc.created);
    let updated = Timestamp::parse_rfc3339(&doc.updated);
    let workshop = Workshop::new("", created.unwrap_or_default()).expect("an empty title is allowed");
    let mut b = Builder { workshop, problems, refused: RefusedIds::default() };
    if created.is_none() {
        b.problem("$.created".into(), ProblemKind::BadTime(doc.created.clone()));
    }
    match updated {
        Some(updated) => b.workshop.updated = updated,
        None => b.problem("$.updated".into(), ProblemKind::BadTime(doc.updated.clone())),
    }
    if let Err(e) = b.workshop.set_title(&doc.title) {
        b.refused("$", e);
    }
    if let Err(e) = b.workshop.set_strategy(&doc.strategy) {
        b.refused("$", e);
    }
    padded_text(&mut b, doc);

    for (i, d) in doc.departments.iter().enumerate() {
        let path = format!("$.departments[{i}]");
        let id = DepartmentId::parse(&d.id);
        let colour = Colour::parse(&d.colour);
        if id.is_none() {
            b.problem(format!("{path}.id"), ProblemKind::BadId { expected: "department", found: d.id.clone() });
        }
        if colour.is_none() {
            b.problem(format!("{path}.colour"), ProblemKind::BadColour(d.colour.clone()));
        }
        let mut kept = false;
        if let (Some(id), Some(colour)) = (id, colour) {
            let department = Department { id, name: d.name.clone(), colour, capacity: d.capacity };
            match b.workshop.insert_department(department) {
                Ok(()) => kept = true,
                Err(e) => b.refused(&path, e),
            }
        }
        if !kept {
            b.refused.insert(d.id.clone());
        }
    }

    for (i, p) in doc.participants.iter().enumerate() {
        let path = format!("$.participants[{i}]");
        let id = ParticipantId::parse(&p.id);
        if id.is_none() {
            b.problem(format!("{path}.id"), ProblemKind::BadId { expected: "participant", found: p.id.clone() });
        }
        // A wrong department is reported at the reference; the person is still checked
        // (without it) so their own problems are found and references to them resolve.
        let department = department_ref(&mut b, &format!("{path}.department"), p.department.as_deref()).unwrap_or(None);
        let mut kept = false;
        if let Some(id) = id {
            match b.workshop.insert_participant(Participant { id, name: p.name.clone(), department }) {
                Ok(()) => kept = true,
                Err(e) => b.refused(&path, e),
            }
        }
        if !kept {
            b.refused.insert(p.id.clone());
        }
    }

    // Goals in three passes: the goals themselves, then parents, then links, so that any
    // goal may refer to any other wherever it sits in the file.
    let mut ids: Vec<Option<GoalId>> = Vec::with_capacity(doc.goals.len());
    for (i, g) in doc.goals.iter().enumerate() {
        let path = format!("$.goals[{i}]");
        let id = GoalId::parse(&g.id);
        if id.is_none() {
            b.problem(format!("{path}.id"), ProblemKind::BadId { expected: "goal", found: g.id.clone() });
        }
        let department = department_ref(&mut b, &format!("{path}.department"), g.department.as_deref()).unwrap_or(None);
        let mut inserted = None;
        if let Some(id) = id {
            let goal = Goal {
                id,
                title: g.title.clone(),
                description: g.description.clone(),
                level: level_from_doc(g.level),
                department,
                owner: g.owner.clone(),
                effort: g.effort,
                metric: g.metric.clone(),
                target: g.target.clone(),
                status: status_from_doc(g.status),
                priority: None,
            };
            match b.workshop.insert_goal(goal) {
                Ok(()) => inserted = Some(id),
                Err(e) => b.refused(&path, e),
            }
        }
        if inserted.is_none() {
            b.refused.insert(g.id.clone());
        }
        ids.push(inserted);
    }

    for (i, g) in doc.goals.iter().enumerate() {
        let (Some(id), Some(parent)) = (ids[i], g.parent.as_deref()) else { continue };
        let path = format!("$.goals[{i}].parent");
        if let Some(parent) = goal_ref(&mut b, &path, parent) {
            if let Err(e) = b.workshop.set_parent(id, Some(parent)) {
                b.refused(&path, e);
            }
        }
    }

    for (i, g) in doc.goals.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        for (kind, key, targets) in
            [(LinkKind::DependsOn, "depends_on", &g.depends_on), (LinkKind::ConflictsWith, "conflicts_with", &g.conflicts_with)]
        {
            for (j, target) in targets.iter().enumerate() {
                let path = format!("$.goals[{i}].{key}[{j}]");
                let Some(target) = goal_ref(&mut b, &path, target) else { continue };
                // A pair written on both sides, or twice, is the same link.
                if b.workshop.graph().has_link(id, kind, target) {
                    continue;
                }
                if let Err(e) = b.workshop.add_link(id, kind, target) {
                    b.refused(&path, e);
                }
            }
        }
    }

    restore_invites(&mut b, doc);
    restore_room(&mut b, doc);
    restore_rounds(&mut b, doc);
    restore_decisions(&mut b, doc);

    // Priorities last: they refer to rounds.
    for (i, g) in doc.goals.iter().enumerate() {
        let (Some(id), Some(p)) = (ids[i], &g.priority) else { continue };
        let path = format!("$.goals[{i}].priority.round");
        let Some(round) = round_ref(&mut b, &path, &p.round) else { continue };
        // Priorities come only from rounds whose results are shown: one recorded when a
        // round closed (files from before the disclosure policy) is left out until reveal.
        if b.workshop.round(round).is_some_and(|r| crate::domain::disclosure::overall_shown(r).is_err()) {
            continue;
        }
        if !p.value.is_finite() || p.rank == 0 {
            b.problem(format!("$.goals[{i}].priority"), ProblemKind::Shape("a priority needs a rank from 1 and a finite value".into()));
            continue;
        }
        let priority = Priority { round, rank: p.rank, value: p.value };
        if let Err(e) = b.workshop.apply(Edit::SetPriority(id, Some(priority))) {
            b.refused(&format!("$.goals[{i}]"), e);
        }
    }

    restore_contributed(&mut b, doc);
    restore_next_ids(&mut b, doc);

    if b.problems.is_empty() {
        Ok(b.workshop)
    } else {
        Err(ImportError { problems: b.problems })
    }
}

/// Text the model would trim is refused when the file holds it untrimmed: a file says
/// exactly what Accord writes, as its schema does. (Other text problems are reported by
/// the model where the item is built.)
fn padded_text(b: &mut Builder, doc: &WorkshopDoc) {
    // The path is written only for text that is refused.
    let mut check = |field: Field, text: &str, path: &dyn Fn() -> String| {
        if crate::domain::model::text::check(field, text).is_ok_and(|kept| kept != text) {
            b.problem(path(), ProblemKind::Text { field, problem: crate::domain::model::text::TextProblem::Padded });
        }
    };
    check(Field::WorkshopTitle, &doc.title, &|| "$.title".into());
    for (i, d) in doc.departments.iter().enumerate() {
        check(Field::DepartmentName, &d.name, &|| format!("$.departments[{i}].name"));
    }
    for (i, p) in doc.participants.iter().enumerate() {
        check(Field::ParticipantName, &p.name, &|| format!("$.participants[{i}].name"));
    }
    for (i, g) in doc.goals.iter().enumerate() {
        check(Field::GoalTitle, &g.title, &|| format!("$.goals[{i}].title"));
        check(Field::Owner, &g.owner, &|| format!("$.goals[{i}].owner"));
        check(Field::Metric, &g.metric, &|| format!("$.goals[{i}].metric"));
        check(Field::Target, &g.target, &|| format!("$.goals[{i}].target"));
    }
    for (i, r) in doc.rounds.iter().enumerate() {
        check(Field::RoundName, &r.name, &|| format!("$.rounds[{i}].name"));
        for (j, x) in r.removed_ballots.iter().enumerate() {
            check(Field::ParticipantName, &x.name, &|| format!("$.rounds[{i}].removed_ballots[{j}].name"));
        }
    }
    for (i, d) in doc.decisions.iter().enumerate() {
        check(Field::Rationale, &d.rationale, &|| format!("$.decisions[{i}].rationale"));
    }
}

fn restore_rounds(b: &mut Builder, doc: &WorkshopDoc) {
    for (i, r) in doc.rounds.iter().enumerate() {
        let path = format!("$.rounds[{i}]");
        let before = b.problems.len();
        let id = RoundId::parse(&r.id);
        if id.is_none() {
            b.problem(format!("{path}.id"), ProblemKind::BadId { expected: "round", found: r.id.clone() });
        }
        if id.is_some_and(|id| b.workshop.round(id).is_some()) {
            b.problem(format!("{path}.id"), ProblemKind::Shape(format!("two rounds have the ID {}", r.id)));
        }
        let mut goal_set = BTreeSet::new();
        let mut goals: Vec<Option<GoalId>> = Vec::with_capacity(r.goals.len());
        for (j, g) in r.goals.iter().enumerate() {
            let goal = goal_ref(b, &format!("{path}.goals[{j}]"), g);
            if goal.is_some_and(|goal| !goal_set.insert(goal)) {
                b.problem(format!("{path}.goals[{j}]"), ProblemKind::Shape(format!("goal {g} is listed twice in this round")));
            }
            goals.push(goal);
        }
        let observers: Vec<Option<ParticipantId>> = r
            .observers
            .iter()
            .enumerate()
            .map(|(j, p)| participant_ref(b, &format!("{path}.observers[{j}]"), p))
            .collect();
        // Each ballot is checked against the round here, so a problem is reported at the
        // ballot (and the goal in it), not at the round.
        let probe = Probe {
            round: Round {
                id: RoundId(0),
                name: r.name.clone(),
                method: r.method.clone().into(),
                goals: goals.iter().flatten().copied().collect(),
                status: RoundStatus::Draft,
                secrecy: Secrecy::Named,
                weighting: Weighting::Equal,
                observers: crate::domain::order::set_from(observers.iter().flatten().copied()),
                ballots: BTreeMap::new(),
                timer_minutes: None,
                removed_ballots: Vec::new(),
                electorate: None,
                held: BTreeMap::new(),
            },
            goals: goal_set,
        };
        let ballots = restore_ballots(b, r, &probe, &path, "ballots", &r.ballots);
        let held = restore_ballots(b, r, &probe, &path, "held_ballots", &r.held_ballots);
        let mut removed_ballots = Vec::new();
        for (j, x) in r.removed_ballots.iter().enumerate() {
            let at = format!("{path}.removed_ballots[{j}]");
            match (ParticipantId::parse(&x.participant), Timestamp::parse_rfc3339(&x.removed)) {
                (Some(participant), Some(when)) => {
                    removed_ballots.push(crate::domain::voting::RemovedBallot { participant, name: x.name.clone(), at: when })
                }
                (None, _) => b.problem(format!("{at}.participant"), ProblemKind::Shape(format!("“{}” is not a participant ID like p3", x.participant))),
                (_, None) => b.problem(format!("{at}.removed"), ProblemKind::BadTime(x.removed.clone())),
            }
        }
        let status = match r.status {
            RoundStatusDoc::Draft => RoundStatus::Draft,
            RoundStatusDoc::Open => RoundStatus::Open,
            RoundStatusDoc::Closed => RoundStatus::Closed,
            RoundStatusDoc::Revealed => RoundStatus::Revealed,
        };
        let electorate = restore_electorate(b, &path, r, status);
        if b.problems.len() > before {
            b.refused.insert(r.id.clone());
            continue;
        }
        let round = Round {
            id: id.expect("checked above"),
            name: r.name.clone(),
            method: r.method.clone().into(),
            goals: goals.into_iter().flatten().collect(),
            status,
            secrecy: match r.secrecy {
                SecrecyDoc::Named => Secrecy::Named,
                SecrecyDoc::Anonymous => Secrecy::Anonymous,
            },
            weighting: match r.weighting {
                WeightingDoc::Equal => Weighting::Equal,
                WeightingDoc::DepartmentBalanced => Weighting::DepartmentBalanced,
            },
            observers: crate::domain::order::set_from(observers.into_iter().flatten()),
            ballots,
            timer_minutes: r.timer_minutes,
            removed_ballots,
            electorate,
            held,
        };
        if let Err(e) = b.workshop.apply(Edit::PutRound(round.id, Some(Box::new(round)))) {
            b.refused(&path, e);
            b.refused.insert(r.id.clone());
        }
    }
}

/// The ballots of one list of a round (`key`: "ballots", or "held_ballots" for ballots
/// held for the facilitator's choice), each checked against the round's method.
/// A round's method, goals and observers, gathered before its ballots are checked.
struct Probe {
    round: Round,
    goals: BTreeSet<GoalId>,
}

/// Where in a ballot a problem lies: the goal's key in `dots` or `scores`, its place in
/// `ranking` (the second place for a goal ranked twice), or the ballot's list itself.
fn ballot_problem_path(at: &str, ballot: &Ballot, problem: &crate::domain::voting::BallotProblem) -> String {
    use crate::domain::voting::BallotProblem as P;
    let goal = match problem {
        P::NotInRound(g) | P::RankedTwice(g) => Some(*g),
        P::OverCap { goal, .. } | P::OutOfRange { goal, .. } | P::GoalOverBudget { goal, .. } => Some(*goal),
        P::WrongKind { .. } | P::Empty | P::OverBudget { .. } => None,
    };
    match (ballot, goal) {
        (Ballot::Dots(_), Some(g)) => format!("{at}.dots.{g}"),
        (Ballot::Scores(_), Some(g)) => format!("{at}.scores.{g}"),
        (Ballot::Ranking(order), Some(g)) => {
            let places: Vec<usize> = order.iter().enumerate().filter(|(_, x)| **x == g).map(|(k, _)| k).collect();
            let place = if matches!(problem, P::RankedTwice(_)) { places.get(1) } else { places.first() };
            place.map_or_else(|| format!("{at}.ranking"), |k| format!("{at}.ranking[{k}]"))
        }
        (Ballot::Dots(_), None) => format!("{at}.dots"),
        (Ballot::Scores(_), None) => format!("{at}.scores"),
        (Ballot::Ranking(_), None) => format!("{at}.ranking"),
    }
}

fn restore_ballots(b: &mut Builder, r: &RoundDoc, probe: &Probe, path: &str, key: &str, docs: &[super::v1::BallotDoc]) -> BTreeMap<ParticipantId, Cast> {
    let mut ballots = BTreeMap::new();
    for (j, ballot) in docs.iter().enumerate() {
        let at = format!("{path}.{key}[{j}]");
        let Some(participant) = participant_ref(b, &format!("{at}.participant"), &ballot.participant) else { continue };
        if ballots.contains_key(&participant) {
            b.problem(format!("{at}.participant"), ProblemKind::Shape(format!("{} has two ballots in this round", ballot.participant)));
            continue;
        }
        let mut goal_map = |key: &str, m: &BTreeMap<String, u32>| -> Option<BTreeMap<GoalId, u32>> {
            let mut out = BTreeMap::new();
            for (g, v) in m {
                out.insert(goal_ref(b, &format!("{at}.{key}.{g}"), g)?, *v);
            }
            Some(out)
        };
        let parsed = match (&ballot.dots, &ballot.scores, &ballot.ranking) {
            (Some(d), None, None) => goal_map("dots", d).map(Ballot::Dots),
            (None, Some(s), None) => goal_map("scores", s).map(Ballot::Scores),
            (None, None, Some(order)) => order
                .iter()
                .enumerate()
                .map(|(k, g)| goal_ref(b, &format!("{at}.ranking[{k}]"), g))
                .collect::<Option<Vec<_>>>()
                .map(Ballot::Ranking),
            _ => {
                b.problem(at.clone(), ProblemKind::Shape("a ballot has exactly one of \"dots\", \"scores\" or \"ranking\"".into()));
                None
            }
        };
        if let Some(parsed) = parsed {
            if let Err(problem) = round_method_check(r, &parsed) {
                b.problem(at, ProblemKind::Shape(problem));
                continue;
            }
            let name = || b.workshop.participant(participant).map(|p| p.name.clone()).unwrap_or_else(|| participant.to_string());
            if let Err(problem) = probe.round.check_ballot_among(&probe.goals, &parsed) {
                let error = ModelError::Ballot { participant: name(), problem: problem.clone() };
                b.problem(ballot_problem_path(&at, &parsed, &problem), ProblemKind::Model(error));
                continue;
            }
            if key == "ballots" && probe.round.observers.contains(&participant) {
                let error = ModelError::Observer { participant: name(), round: r.name.clone() };
                b.problem(format!("{at}.participant"), ProblemKind::Model(error));
                continue;
            }
            let source_path = format!("{at}.source.invite");
            let device_path = format!("{at}.source.device");
            let whole_source_path = format!("{at}.source");
            let at = match &ballot.submitted {
                None => None,
                Some(text) => match Timestamp::parse_rfc3339(text) {
                    Some(t) => Some(t),
                    None => {
                        b.problem(format!("{at}.submitted"), ProblemKind::Shape("a time like 2026-11-27T09:30:00.000Z".into()));
                        continue;
                    }
                },
            };
            let source = match &ballot.source {
                None => Source::ThisDevice,
                // An invite refused where it stands is not reported again at each ballot.
                Some(SourceDoc { invite: Some(text), .. }) if b.refused.contains(text) => continue,
                Some(SourceDoc { invite: Some(text), device: None, counter }) => match InviteId::parse(text) {
                    Some(invite) if b.workshop.invite(invite).is_some_and(|r| r.participant == participant) => {
                        Source::Code { invite, counter: *counter }
                    }
                    Some(_) => {
                        b.problem(source_path, ProblemKind::Dangling { what: "invite of this participant", id: text.clone() });
                        continue;
                    }
                    None => {
                        b.problem(source_path, ProblemKind::BadId { expected: "invite", found: text.clone() });
                        continue;
                    }
                },
                Some(SourceDoc { invite: None, device: Some(text), counter }) => match DeviceKey::from_text(text) {
                    Some(device) => Source::Room { device, counter: *counter },
                    None => {
                        b.problem(device_path, ProblemKind::Shape("a phone's key is 32 bytes in base64url (43 characters)".into()));
                        continue;
                    }
                },
                Some(_) => {
                    b.problem(whole_source_path, ProblemKind::Shape("a ballot's source names either an invite or a phone, not both or neither".into()));
                    continue;
                }
            };
            ballots.insert(participant, Cast { ballot: parsed, at, source });
        }
    }
    ballots
}

fn restore_decisions(b: &mut Builder, doc: &WorkshopDoc) {
    if let Some(s) = &doc.conflict_settings {
        let settings = Settings { divergence: s.divergence, top: s.top };
        if let Err(e) = b.workshop.apply(Edit::SetConflictSettings(settings)) {
            b.refused("$.conflict_settings", e);
        }
    }
    for (i, d) in doc.decisions.iter().enumerate() {
        let path = format!("$.decisions[{i}]");
        let before = b.problems.len();
        let at = Timestamp::parse_rfc3339(&d.at);
        if at.is_none() {
            b.problem(format!("{path}.at"), ProblemKind::BadTime(d.at.clone()));
        }
        let g = |b: &mut Builder, key: &str, id: &str| goal_ref(b, &format!("{path}.resolution.{key}"), id);
        let resolution = match &d.resolution {
            ResolutionDoc::Prioritise { winner, loser } => match (g(b, "winner", winner), g(b, "loser", loser)) {
                (Some(winner), Some(loser)) => Some(Resolution::Prioritise { winner, loser }),
                _ => None,
            },
            ResolutionDoc::Merge { keep, absorb } => match (g(b, "keep", keep), g(b, "absorb", absorb)) {
                (Some(keep), Some(absorb)) => Some(Resolution::Merge { keep, absorb }),
                _ => None,
            },
            ResolutionDoc::Reparent { goal, parent } => {
                let goal = g(b, "goal", goal);
                let parent = match parent {
                    Some(p) => g(b, "parent", p).map(Some),
                    None => Some(None),
                };
                goal.zip(parent).map(|(goal, parent)| Resolution::Reparent { goal, parent })
            }
            ResolutionDoc::Defer { goal } => g(b, "goal", goal).map(Resolution::Defer),
            ResolutionDoc::Reject { goal } => g(b, "goal", goal).map(Resolution::Reject),
            ResolutionDoc::Runoff { round, goals } => {
                let round_id = round_ref(b, &format!("{path}.resolution.round"), round);
                let goals: Option<Vec<GoalId>> =
                    goals.iter().enumerate().map(|(j, id)| g(b, &format!("goals[{j}]"), id)).collect();
                round_id.zip(goals).map(|(round, goals)| Resolution::Runoff { round, goals })
            }
            ResolutionDoc::Accept => Some(Resolution::Accept),
        };
        let mut agreed_by = Vec::new();
        for (j, who) in d.agreed_by.iter().enumerate() {
            let at_path = format!("{path}.agreed_by[{j}]");
            if who.starts_with(DepartmentId::PREFIX) {
                if let Ok(Some(dept)) = department_ref(b, &at_path, Some(who)) {
                    agreed_by.push(Agreer::Department(dept));
                }
            } else if let Some(p) = participant_ref(b, &at_path, who) {
                agreed_by.push(Agreer::Participant(p));
            }
        }
        if b.problems.len() > before {
            continue;
        }
        let (Some(resolution), Some(at)) = (resolution, at) else { continue };
        let decision = Decision { conflict: d.conflict.clone(), summary: d.summary.clone(), resolution, rationale: d.rationale.clone(), agreed_by, at };
        let index = b.workshop.decisions().len();
        if let Err(e) = b.workshop.apply(Edit::InsertDecision { index, decision: Box::new(decision) }) {
            b.refused(&path, e);
        }
    }
}

/// The ballot's kind must match the round's method (checked fully by the model).
fn round_method_check(r: &RoundDoc, ballot: &Ballot) -> Result<(), String> {
    match (&r.method, ballot) {
        (MethodDoc::Dot { .. }, Ballot::Dots(_)) | (MethodDoc::Score { .. }, Ballot::Scores(_)) | (MethodDoc::Ranked, Ballot::Ranking(_)) => Ok(()),
        _ => Err("this ballot's kind does not match the round's method".into()),
    }
}

/// Resolves one reference: the text must be a well-formed ID of `what` that the
/// workshop built so far holds; otherwise the problem is reported at `path`.
fn reference<T: Copy>(
    b: &mut Builder,
    path: &str,
    text: &str,
    what: &'static str,
    parse: fn(&str) -> Option<T>,
    exists: fn(&Workshop, T) -> bool,
) -> Option<T> {
    if b.refused.contains(text) {
        // Already reported where the item itself is.
        return None;
    }
    match parse(text) {
        None => {
            b.problem(path.into(), ProblemKind::BadId { expected: what, found: text.into() });
            None
        }
        Some(id) if !exists(&b.workshop, id) => {
            b.problem(path.into(), ProblemKind::Dangling { what, id: text.into() });
            None
        }
        Some(id) => Some(id),
    }
}

fn participant_ref(b: &mut Builder, path: &str, text: &str) -> Option<ParticipantId> {
    reference(b, path, text, "participant", ParticipantId::parse, |w, id| w.participant(id).is_some())
}

fn round_ref(b: &mut Builder, path: &str, text: &str) -> Option<RoundId> {
    reference(b, path, text, "round", RoundId::parse, |w, id| w.round(id).is_some())
}

fn goal_ref(b: &mut Builder, path: &str, text: &str) -> Option<GoalId> {
    reference(b, path, text, "goal", GoalId::parse, |w, id| w.goal(id).is_some())
}

/// Resolves an optional department reference; `Err` when it was given but is wrong
/// (already reported).
fn department_ref(b: &mut Builder, path: &str, text: Option<&str>) -> Result<Option<DepartmentId>, ()> {
    let Some(text) = text else { return Ok(None) };
    reference(b, path, text, "department", DepartmentId::parse, |w, id| w.department(id).is_some()).map(Some).ok_or(())
}

/// A round's electorate: as written (people removed since stay listed, harmlessly: IDs
/// are not reused), or, for an opened round from a file written before Accord kept it,
/// everyone in the file.
fn restore_electorate(b: &mut Builder, path: &str, r: &super::v1::RoundDoc, status: RoundStatus) -> Option<std::collections::BTreeSet<ParticipantId>> {
    if status == RoundStatus::Draft {
        return None;
    }
    match &r.electorate {
        Some(list) => {
            let mut out = std::collections::BTreeSet::new();
            for (j, p) in list.iter().enumerate() {
                match ParticipantId::parse(p) {
                    Some(id) => {
                        if !out.insert(id) {
                            b.problem(format!("{path}.electorate[{j}]"), ProblemKind::Shape(format!("{p} is listed twice")));
                        }
                    }
                    None => b.problem(format!("{path}.electorate[{j}]"), ProblemKind::BadId { expected: "participant", found: p.clone() }),
                }
            }
            Some(out)
        }
        None => Some(crate::domain::order::set_from(b.workshop.participants().iter().map(|p| p.id))),
    }
}

/// Invite records: each with a well-formed ID, participant ID (who may have been removed
/// since), 16-byte salt and times.
fn restore_invites(b: &mut Builder, doc: &WorkshopDoc) {
    use base64::Engine;
    for (i, inv) in doc.invites.iter().enumerate() {
        let path = format!("$.invites[{i}]");
        let before = b.problems.len();
        let id = InviteId::parse(&inv.id);
        if id.is_none() {
            b.problem(format!("{path}.id"), ProblemKind::BadId { expected: "invite", found: inv.id.clone() });
        }
        let participant = ParticipantId::parse(&inv.participant);
        if participant.is_none() {
            b.problem(format!("{path}.participant"), ProblemKind::BadId { expected: "participant", found: inv.participant.clone() });
        }
        let salt: Option<[u8; 16]> = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&inv.salt)
            .ok()
            .and_then(|bytes| bytes.try_into().ok());
        if salt.is_none() {
            b.problem(format!("{path}.salt"), ProblemKind::Shape("an invite's salt is 16 bytes in base64url (22 characters)".into()));
        }
        let issued = Timestamp::parse_rfc3339(&inv.issued);
        if issued.is_none() {
            b.problem(format!("{path}.issued"), ProblemKind::BadTime(inv.issued.clone()));
        }
        let withdrawn = match &inv.withdrawn {
            None => Some(None),
            Some(text) => match Timestamp::parse_rfc3339(text) {
                Some(t) => Some(Some(t)),
                None => {
                    b.problem(format!("{path}.withdrawn"), ProblemKind::BadTime(text.clone()));
                    None
                }
            },
        };
        if b.problems.len() > before {
            b.refused.insert(inv.id.clone());
            continue;
        }
        let (Some(id), Some(participant), Some(salt), Some(issued), Some(withdrawn)) = (id, participant, salt, issued, withdrawn) else { continue };
        if let Err(e) = b.workshop.insert_invite(InviteRecord { id, participant, salt, issued, withdrawn }) {
            b.refused(&path, e);
            b.refused.insert(inv.id.clone());
        }
    }
}

/// The room: walk-ins, and bindings of well-formed participant IDs (who may have been
/// removed since) to well-formed phone keys, one phone per person and person per phone.
fn restore_room(b: &mut Builder, doc: &WorkshopDoc) {
    let Some(room) = &doc.room else { return };
    b.workshop.apply(Edit::SetWalkIns(room.walk_ins)).expect("a setting always applies");
    for (i, d) in room.devices.iter().enumerate() {
        let path = format!("$.room.devices[{i}]");
        let Some(participant) = ParticipantId::parse(&d.participant) else {
            b.problem(format!("{path}.participant"), ProblemKind::BadId { expected: "participant", found: d.participant.clone() });
            continue;
        };
        let Some(key) = DeviceKey::from_text(&d.key) else {
            b.problem(format!("{path}.key"), ProblemKind::Shape("a phone's key is 32 bytes in base64url (43 characters)".into()));
            continue;
        };
        if b.workshop.device_of(participant).is_some() {
            b.problem(format!("{path}.participant"), ProblemKind::Shape(format!("{participant} is bound to two phones")));
            continue;
        }
        if let Err(e) = b.workshop.apply(Edit::BindDevice(participant, Some(key))) {
            b.refused(&path, e);
        }
    }
}

/// Imported goals' origins: each of a goal in the file, once; an origin names one goal;
/// authors by the rules for names, written trimmed. And the pairs kept apart.
fn restore_contributed(b: &mut Builder, doc: &WorkshopDoc) {
    use crate::domain::model::{Contributed, Origin, Source as From};
    let mut origins = Vec::new();
    for (i, c) in doc.contributed.iter().enumerate() {
        let path = format!("$.contributed[{i}]");
        let Some(goal) = GoalId::parse(&c.goal) else {
            b.problem(format!("{path}.goal"), ProblemKind::BadId { expected: "goal", found: c.goal.clone() });
            continue;
        };
        if b.refused.contains(&c.goal) {
            continue;
        }
        if b.workshop.goal(goal).is_none() {
            b.problem(format!("{path}.goal"), ProblemKind::Dangling { what: "goal", id: c.goal.clone() });
            continue;
        }
        if b.workshop.contributed(goal).is_some() {
            b.problem(format!("{path}.goal"), ProblemKind::Shape(format!("{goal} is listed twice")));
            continue;
        }
        let Some(source) = From::from_wire(&c.source) else {
            b.problem(format!("{path}.source"), ProblemKind::Shape("\"personal\" or \"draft\"".into()));
            continue;
        };
        let Some(origin) = Origin::from_wire(&c.origin) else {
            b.problem(format!("{path}.origin"), ProblemKind::Shape("a device and a number, like 3f09c2d1a4b5e6f7:7".into()));
            continue;
        };
        if !crate::domain::order::insert_sorted(&mut origins, origin) {
            b.problem(format!("{path}.origin"), ProblemKind::Shape(format!("{} is the origin of two goals", c.origin)));
            continue;
        }
        match crate::domain::model::text::check(Field::ParticipantName, &c.author) {
            Ok(kept) if kept == c.author => {}
            Ok(_) => {
                b.problem(format!("{path}.author"), ProblemKind::Text { field: Field::ParticipantName, problem: crate::domain::model::text::TextProblem::Padded });
                continue;
            }
            Err(problem) => {
                b.problem(format!("{path}.author"), ProblemKind::Text { field: Field::ParticipantName, problem });
                continue;
            }
        }
        let Some(received) = Timestamp::parse_rfc3339(&c.received) else {
            b.problem(format!("{path}.received"), ProblemKind::Shape("a time like 2026-11-27T09:30:00.000Z".into()));
            continue;
        };
        let record = Contributed { source, author: c.author.clone(), origin, received };
        if let Err(e) = b.workshop.apply(Edit::SetContributed(goal, Some(Box::new(record)))) {
            b.refused(&path, e);
        }
    }
    let mut pairs = BTreeSet::new();
    for (i, (a, b_id)) in doc.kept_apart.iter().enumerate() {
        let path = format!("$.kept_apart[{i}]");
        let (Some(x), Some(y)) = (GoalId::parse(a), GoalId::parse(b_id)) else {
            b.problem(path, ProblemKind::Shape("two goal IDs".into()));
            continue;
        };
        if x >= y || !pairs.insert((x, y)) {
            b.problem(path, ProblemKind::Shape("two different goals, the smaller ID first, each pair once".into()));
            continue;
        }
        if let Err(e) = b.workshop.apply(Edit::KeepApart(x, y, true)) {
            b.refused(&path, e);
        }
    }
}

/// The file's next IDs, when it has them: each must be above every ID of its kind.
fn restore_next_ids(b: &mut Builder, doc: &WorkshopDoc) {
    let Some(n) = &doc.next_ids else { return };
    let next = NextIds { department: n.department, participant: n.participant, goal: n.goal, round: n.round, invite: n.invite };
    // A mark past the last ID the wire form holds would hand out IDs no file can carry.
    let beyond: Vec<IdKind> = IdKind::ALL.into_iter().filter(|kind| next.of(*kind) > LAST_ID + 1).collect();
    for kind in &beyond {
        let (key, given) = (kind.key(), next.of(*kind));
        b.problem(format!("$.next_ids.{key}"), ProblemKind::Shape(format!("the next {key} ID ({given}) is past the last ID a file can hold ({LAST_ID})")));
    }
    if !beyond.is_empty() {
        return;
    }
    if let Err(kind) = b.workshop.restore_next_ids(next) {
        let (given, least) = (next.of(kind), b.workshop.derived_next_ids().of(kind));
        b.problem(
            format!("$.next_ids.{}", kind.key()),
            ProblemKind::Shape(format!(
                "the next {} ID ({given}) must be above every {} ID in the file (at least {least}), so no ID is ever reused",
                kind.key(),
                kind.key()
            )),
        );
    }
}
