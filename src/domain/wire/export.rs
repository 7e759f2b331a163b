//! Model → wire. Exporting cannot fail: the model only holds what the format can say.

use super::v1::{
    BallotDoc, DepartmentDoc, GoalDoc, LevelDoc, ParticipantDoc, PriorityDoc, RoundDoc, RoundStatusDoc,
    SecrecyDoc, StatusDoc, WeightingDoc, WorkshopDoc, FORMAT, VERSION,
};
use super::v1::{ConflictSettingsDoc, DecisionDoc, ResolutionDoc};
use crate::domain::conflicts::{Agreer, Decision, Resolution};
use crate::domain::model::{GoalId, Level, Status, Workshop};
use crate::domain::voting::{Ballot, Round, RoundStatus, Secrecy, Weighting};

pub fn to_document(workshop: &Workshop) -> WorkshopDoc {
    WorkshopDoc {
        format: FORMAT.to_string(),
        version: VERSION,
        title: workshop.title.clone(),
        strategy: workshop.strategy.clone(),
        created: workshop.created.to_rfc3339(),
        updated: workshop.updated.to_rfc3339(),
        departments: workshop
            .departments()
            .iter()
            .map(|d| DepartmentDoc {
                id: d.id.to_string(),
                name: d.name.clone(),
                colour: d.colour.to_string(),
                capacity: d.capacity,
            })
            .collect(),
        participants: workshop
            .participants()
            .iter()
            .map(|p| ParticipantDoc {
                id: p.id.to_string(),
                name: p.name.clone(),
                department: p.department.map(|d| d.to_string()),
            })
            .collect(),
        goals: workshop
            .goals()
            .iter()
            .map(|g| GoalDoc {
                id: g.id.to_string(),
                title: g.title.clone(),
                description: g.description.clone(),
                level: level_doc(g.level),
                parent: workshop.parent(g.id).map(|p| p.to_string()),
                department: g.department.map(|d| d.to_string()),
                owner: g.owner.clone(),
                effort: g.effort,
                metric: g.metric.clone(),
                target: g.target.clone(),
                status: status_doc(g.status),
                depends_on: workshop.depends_on(g.id).iter().map(ToString::to_string).collect(),
                conflicts_with: workshop.conflicts_with(g.id).iter().map(ToString::to_string).collect(),
                priority: g.priority.map(|p| PriorityDoc { round: p.round.to_string(), rank: p.rank, value: p.value }),
            })
            .collect(),
        rounds: workshop.rounds().map(round_doc).collect(),
        conflict_settings: Some(ConflictSettingsDoc {
            divergence: workshop.conflict_settings.divergence,
            top: workshop.conflict_settings.top,
        }),
        decisions: workshop.decisions().iter().map(decision_doc).collect(),
        invites: workshop
            .invites()
            .iter()
            .map(|i| super::v1::InviteDoc {
                id: i.id.to_string(),
                participant: i.participant.to_string(),
                salt: base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, i.salt),
                issued: i.issued.to_rfc3339(),
                withdrawn: i.withdrawn.map(|t| t.to_rfc3339()),
            })
            .collect(),
        // Written only when they say more than the IDs in the file (something was
        // deleted): a file without them derives the same marks.
        next_ids: (workshop.next_ids() != workshop.derived_next_ids()).then(|| {
            let n = workshop.next_ids();
            super::v1::NextIdsDoc { department: n.department, participant: n.participant, goal: n.goal, round: n.round, invite: n.invite }
        }),
        room: (workshop.walk_ins() || !workshop.bound_devices().is_empty()).then(|| super::v1::RoomStateDoc {
            walk_ins: workshop.walk_ins(),
            devices: workshop
                .bound_devices()
                .iter()
                .map(|(p, d)| super::v1::DeviceDoc { participant: p.to_string(), key: d.to_text() })
                .collect(),
        }),
        contributed: workshop
            .contributions()
            .map(|(goal, c)| super::v1::ContributedDoc {
                goal: goal.to_string(),
                source: c.source.wire_name().into(),
                author: c.author.clone(),
                origin: c.origin.to_wire(),
                received: c.received.to_rfc3339(),
            })
            .collect(),
        kept_apart: workshop
            .kept_apart_pairs()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    }
}

fn decision_doc(d: &Decision) -> DecisionDoc {
    let s = |g: &GoalId| g.to_string();
    DecisionDoc {
        conflict: d.conflict.clone(),
        summary: d.summary.clone(),
        resolution: match &d.resolution {
            Resolution::Prioritise { winner, loser } => ResolutionDoc::Prioritise { winner: s(winner), loser: s(loser) },
            Resolution::Merge { keep, absorb } => ResolutionDoc::Merge { keep: s(keep), absorb: s(absorb) },
            Resolution::Reparent { goal, parent } => ResolutionDoc::Reparent { goal: s(goal), parent: parent.as_ref().map(s) },
            Resolution::Defer(g) => ResolutionDoc::Defer { goal: s(g) },
            Resolution::Reject(g) => ResolutionDoc::Reject { goal: s(g) },
            Resolution::Runoff { round, goals } => {
                ResolutionDoc::Runoff { round: round.to_string(), goals: goals.iter().map(s).collect() }
            }
            Resolution::Accept => ResolutionDoc::Accept,
        },
        rationale: d.rationale.clone(),
        agreed_by: d
            .agreed_by
            .iter()
            .map(|a| match a {
                Agreer::Department(id) => id.to_string(),
                Agreer::Participant(id) => id.to_string(),
            })
            .collect(),
        at: d.at.to_rfc3339(),
    }
}

fn ballot_doc(p: crate::domain::model::ParticipantId, cast: &crate::domain::voting::Cast) -> BallotDoc {
    let ids = |m: &std::collections::BTreeMap<GoalId, u32>| crate::domain::order::map_from(m.iter().map(|(g, v)| (g.to_string(), *v)));
    let submitted = cast.at.map(|t| t.to_rfc3339());
    let source = match cast.source {
        crate::domain::voting::Source::ThisDevice => None,
        crate::domain::voting::Source::Code { invite, counter } => Some(super::v1::SourceDoc { invite: Some(invite.to_string()), device: None, counter }),
        crate::domain::voting::Source::Room { device, counter } => Some(super::v1::SourceDoc { invite: None, device: Some(device.to_text()), counter }),
    };
    let mut doc = BallotDoc { participant: p.to_string(), submitted, dots: None, scores: None, ranking: None, source };
    match &cast.ballot {
        Ballot::Dots(d) => doc.dots = Some(ids(d)),
        Ballot::Scores(s) => doc.scores = Some(ids(s)),
        Ballot::Ranking(order) => doc.ranking = Some(order.iter().map(ToString::to_string).collect()),
    }
    doc
}

fn round_doc(r: &Round) -> RoundDoc {
    RoundDoc {
        id: r.id.to_string(),
        name: r.name.clone(),
        method: r.method.into(),
        goals: r.goals.iter().map(ToString::to_string).collect(),
        status: match r.status {
            RoundStatus::Draft => RoundStatusDoc::Draft,
            RoundStatus::Open => RoundStatusDoc::Open,
            RoundStatus::Closed => RoundStatusDoc::Closed,
            RoundStatus::Revealed => RoundStatusDoc::Revealed,
        },
        secrecy: match r.secrecy {
            Secrecy::Named => SecrecyDoc::Named,
            Secrecy::Anonymous => SecrecyDoc::Anonymous,
        },
        weighting: match r.weighting {
            Weighting::Equal => WeightingDoc::Equal,
            Weighting::DepartmentBalanced => WeightingDoc::DepartmentBalanced,
        },
        observers: r.observers.iter().map(ToString::to_string).collect(),
        timer_minutes: r.timer_minutes,
        ballots: r.ballots.iter().map(|(p, cast)| ballot_doc(*p, cast)).collect(),
        held_ballots: r.held.iter().map(|(p, cast)| ballot_doc(*p, cast)).collect(),
        removed_ballots: r
            .removed_ballots
            .iter()
            .map(|x| super::v1::RemovedBallotDoc {
                participant: x.participant.to_string(),
                name: x.name.clone(),
                removed: x.at.to_rfc3339(),
            })
            .collect(),
        electorate: r.electorate.as_ref().map(|e| e.iter().map(ToString::to_string).collect()),
    }
}

/// The workshop as a pretty-printed JSON file.
pub fn to_json(workshop: &Workshop) -> String {
    serde_json::to_string_pretty(&to_document(workshop)).expect("wire types always serialise")
}

fn level_doc(level: Level) -> LevelDoc {
    match level {
        Level::Objective => LevelDoc::Objective,
        Level::DepartmentGoal => LevelDoc::DepartmentGoal,
        Level::Initiative => LevelDoc::Initiative,
        Level::Individual => LevelDoc::Individual,
    }
}

fn status_doc(status: Status) -> StatusDoc {
    match status {
        Status::Proposed => StatusDoc::Proposed,
        Status::Agreed => StatusDoc::Agreed,
        Status::Deferred => StatusDoc::Deferred,
        Status::Rejected => StatusDoc::Rejected,
    }
}

pub(super) fn level_from_doc(level: LevelDoc) -> Level {
    match level {
        LevelDoc::Objective => Level::Objective,
        LevelDoc::DepartmentGoal => Level::DepartmentGoal,
        LevelDoc::Initiative => Level::Initiative,
        LevelDoc::Individual => Level::Individual,
    }
}

pub(super) fn status_from_doc(status: StatusDoc) -> Status {
    match status {
        StatusDoc::Proposed => Status::Proposed,
        StatusDoc::Agreed => Status::Agreed,
        StatusDoc::Deferred => Status::Deferred,
        StatusDoc::Rejected => Status::Rejected,
    }
}
