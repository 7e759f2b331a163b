//! The demo workshop a first visit opens. It ships as an ordinary workshop file
//! (`public/demo/`, downloadable and openable like any other); the app builds it from
//! static rows in the model's own types, written from that file by
//! `scripts/demo-rows.mjs`, with the model's own checks (every insert, link and round is
//! refused as an edit would be). So a first visit shows the demo without a JSON parser or
//! the restore path (issue #17). The native tests check that the rows build exactly the
//! workshop the file restores to.

mod rows;

use std::collections::BTreeMap;

use crate::domain::conflicts::Settings;
use crate::domain::model::{
    Colour, Department, DepartmentId, Edit, Goal, GoalId, Level, LinkKind, ModelError, Participant, ParticipantId, Priority, RoundId, Status,
    Workshop,
};
use crate::domain::order::set_from;
use crate::domain::voting::{Ballot, Cast, Method, Round, RoundStatus, Secrecy, Source, Weighting};

pub const DEMO_JSON: &str = include_str!("../../../public/demo/northwind-annual-planning.json");
pub const DEMO_TITLE: &str = rows::TITLE;

/// The text between two byte offsets of the demo file, worked out when compiling: the
/// rows' words are the file's own, so they are in the app once.
const fn at(start: usize, end: usize) -> &'static str {
    let (_, tail) = DEMO_JSON.as_bytes().split_at(start);
    let (text, _) = tail.split_at(end - start);
    match std::str::from_utf8(text) {
        Ok(text) => text,
        Err(_) => panic!("a demo row's offsets cut a character"),
    }
}

/// The demo, in the order `restore` builds a file: people and goals, then parents, links,
/// rounds, settings and priorities.
pub fn demo_workshop() -> Result<Workshop, ModelError> {
    let mut w = Workshop::new(rows::TITLE, rows::CREATED)?;
    w.set_strategy(rows::STRATEGY)?;
    for d in rows::DEPARTMENTS {
        w.insert_department(Department { id: DepartmentId(d.id), name: d.name.into(), colour: d.colour, capacity: d.capacity })?;
    }
    for p in rows::PARTICIPANTS {
        w.insert_participant(Participant { id: ParticipantId(p.id), name: p.name.into(), department: p.department.map(DepartmentId) })?;
    }
    for g in rows::GOALS {
        w.insert_goal(Goal {
            id: GoalId(g.id),
            title: g.title.into(),
            description: g.description.into(),
            level: g.level,
            department: g.department.map(DepartmentId),
            owner: g.owner.into(),
            effort: g.effort,
            metric: g.metric.into(),
            target: g.target.into(),
            status: g.status,
            priority: None,
        })?;
    }
    for g in rows::GOALS {
        if let Some(parent) = g.parent {
            w.set_parent(GoalId(g.id), Some(GoalId(parent)))?;
        }
    }
    for g in rows::GOALS {
        for (kind, targets) in [(LinkKind::DependsOn, g.depends_on), (LinkKind::ConflictsWith, g.conflicts_with)] {
            for &to in targets {
                // A pair written on both goals is one link.
                if !w.graph().has_link(GoalId(g.id), kind, GoalId(to)) {
                    w.add_link(GoalId(g.id), kind, GoalId(to))?;
                }
            }
        }
    }
    for r in rows::ROUNDS {
        let ballots: BTreeMap<ParticipantId, Cast> = r
            .ballots
            .iter()
            .map(|(p, ranking)| {
                let ballot = Ballot::Ranking(ranking.iter().copied().map(GoalId).collect());
                (ParticipantId(*p), Cast { ballot, at: None, source: Source::ThisDevice })
            })
            .collect();
        let round = Round {
            id: RoundId(r.id),
            name: r.name.into(),
            method: r.method,
            goals: r.goals.iter().copied().map(GoalId).collect(),
            status: r.status,
            secrecy: r.secrecy,
            weighting: r.weighting,
            observers: set_from(r.observers.iter().copied().map(ParticipantId)),
            ballots,
            timer_minutes: r.timer_minutes,
            removed_ballots: Vec::new(),
            electorate: r.electorate.map(|e| set_from(e.iter().copied().map(ParticipantId))),
            held: BTreeMap::new(),
        };
        w.apply(Edit::PutRound(round.id, Some(Box::new(round))))?;
    }
    if let Some((divergence, top)) = rows::CONFLICT_SETTINGS {
        w.apply(Edit::SetConflictSettings(Settings { divergence, top }))?;
    }
    for g in rows::GOALS {
        if let Some((round, rank, value)) = g.priority {
            w.apply(Edit::SetPriority(GoalId(g.id), Some(Priority { round: RoundId(round), rank, value })))?;
        }
    }
    w.updated = rows::UPDATED;
    Ok(w)
}

struct DepartmentRow {
    id: u32,
    name: &'static str,
    colour: Colour,
    capacity: Option<u32>,
}

struct ParticipantRow {
    id: u32,
    name: &'static str,
    department: Option<u32>,
}

struct GoalRow {
    id: u32,
    title: &'static str,
    description: &'static str,
    level: Level,
    parent: Option<u32>,
    department: Option<u32>,
    owner: &'static str,
    effort: Option<u32>,
    metric: &'static str,
    target: &'static str,
    status: Status,
    depends_on: &'static [u32],
    conflicts_with: &'static [u32],
    /// Round, rank, value.
    priority: Option<(u32, u32, f64)>,
}

struct RoundRow {
    id: u32,
    name: &'static str,
    method: Method,
    goals: &'static [u32],
    status: RoundStatus,
    secrecy: Secrecy,
    weighting: Weighting,
    observers: &'static [u32],
    timer_minutes: Option<u32>,
    /// Participant, their ranking.
    ballots: &'static [(u32, &'static [u32])],
    electorate: Option<&'static [u32]>,
}
