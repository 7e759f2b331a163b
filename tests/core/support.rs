//! Workshops for property tests: any sequence of facilitator edits, some refused, applied
//! to an empty workshop. Whatever the model accepts is, by definition, a workshop Accord
//! can hold, so it must survive export and import, and every edit must undo.

use accord::domain::model::{
    Colour, DepartmentId, Edit, GoalDetails, GoalId, Level, LinkKind, NewGoal, NewRound, ParticipantId, Status, Workshop,
};
use accord::domain::conflicts::{detect, Agreer, Resolution, Settings};
use accord::domain::voting::{Ballot, Method, Round, RoundStatus, Secrecy, Weighting};
use accord::domain::time::Timestamp;
use proptest::prelude::*;

/// The moment ballots in these tests are cast.
pub const NOW: Timestamp = Timestamp(1_800_000_000_000);

/// A facilitator's action, with indexes resolved against the workshop when it is made.
#[derive(Debug, Clone)]
pub enum Action {
    Title(String),
    Strategy(String),
    AddDepartment(String, Option<u32>),
    Recolour(usize, u8),
    RemoveDepartment(usize),
    AddParticipant(String, usize),
    RenameParticipant(usize, String),
    RemoveParticipant(usize),
    AddGoal(String, Level, usize, usize),
    Describe(usize, String, String, Option<u32>, Status),
    Reparent(usize, usize),
    Shift(usize, u8),
    Link(usize, bool, usize),
    Unlink(usize),
    Remove(usize),
    NewRound(u8, Vec<usize>, bool, bool),
    Cast(usize, usize, Vec<(usize, u32)>),
    RoundStatus(usize, u8),
    Observer(usize, usize, bool),
    Weighting(usize, bool),
    RemoveRound(usize),
    Resolve(usize, u8, usize),
    Settings(u8, u32),
    /// Issue a personal invite (not an undoable edit: applied directly).
    Invite(usize, u8),
    /// Withdraw an invite (final, applied directly).
    Withdraw(usize),
    /// A ballot arriving as a code from the person's current invite, with the device's
    /// counter, received at some time (never "now" only).
    CastCode(usize, usize, Vec<(usize, u32)>, u64, i64),
    /// The facilitator removes a ballot from an open round.
    RemoveBallot(usize, usize),
    /// A ballot arriving as a room code from a phone (one of a few phone keys), binding
    /// the person to it; walk-ins turned on or off.
    RoomCode(usize, usize, Vec<(usize, u32)>, u8, u64),
    WalkIns(bool),
    /// A goal recorded as imported (personal or draft), from one of a few devices.
    Contribute(usize, bool, String, u8, u32),
    /// Two goals kept apart after a near-duplicate flag (or the mark taken back).
    KeepApart(usize, usize, bool),
}

/// Text a facilitator might type, markup and all.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ]{1,20}",
        "\\PC{0,30}",
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("Ünïcödé — “quotes” & 'apostrophes' 🚀".to_string()),
    ]
}

fn any_level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

pub fn any_action() -> impl Strategy<Value = Action> {
    let n = any::<usize>;
    prop_oneof![
        1 => any_text().prop_map(Action::Title),
        1 => any_text().prop_map(Action::Strategy),
        1 => (any_text(), prop::option::of(0u32..500)).prop_map(|(a, b)| Action::AddDepartment(a, b)),
        1 => (n(), any::<u8>()).prop_map(|(a, b)| Action::Recolour(a, b)),
        1 => n().prop_map(Action::RemoveDepartment),
        1 => (any_text(), n()).prop_map(|(a, b)| Action::AddParticipant(a, b)),
        1 => (n(), any_text()).prop_map(|(a, b)| Action::RenameParticipant(a, b)),
        1 => n().prop_map(Action::RemoveParticipant),
        3 => (any_text(), any_level(), n(), n()).prop_map(|(t, l, p, d)| Action::AddGoal(t, l, p, d)),
        1 => (n(), any_text(), any_text(), prop::option::of(0u32..100), prop::sample::select(Status::ALL.to_vec()))
            .prop_map(|(g, d, o, e, s)| Action::Describe(g, d, o, e, s)),
        1 => (n(), n()).prop_map(|(a, b)| Action::Reparent(a, b)),
        1 => (n(), 0u8..4).prop_map(|(a, b)| Action::Shift(a, b)),
        2 => (n(), any::<bool>(), n()).prop_map(|(a, c, b)| Action::Link(a, c, b)),
        1 => n().prop_map(Action::Unlink),
        1 => n().prop_map(Action::Remove),
        1 => (0u8..5, prop::collection::vec(n(), 2..6), any::<bool>(), any::<bool>()).prop_map(|(m, g, s, w)| Action::NewRound(m, g, s, w)),
        3 => (n(), n(), prop::collection::vec((n(), 0u32..6), 1..6)).prop_map(|(r, p, b)| Action::Cast(r, p, b)),
        2 => (n(), 0u8..4).prop_map(|(r, t)| Action::RoundStatus(r, t)),
        1 => (n(), n(), any::<bool>()).prop_map(|(r, p, o)| Action::Observer(r, p, o)),
        1 => (n(), any::<bool>()).prop_map(|(r, b)| Action::Weighting(r, b)),
        1 => n().prop_map(Action::RemoveRound),
        2 => (n(), 0u8..7, n()).prop_map(|(c, k, g)| Action::Resolve(c, k, g)),
        1 => (0u8..=100, 1u32..6).prop_map(|(d, t)| Action::Settings(d, t)),
        2 => (n(), any::<u8>()).prop_map(|(p, salt)| Action::Invite(p, salt)),
        1 => n().prop_map(Action::Withdraw),
        3 => (n(), n(), prop::collection::vec((n(), 0u32..6), 1..6), 1u64..1_000, -86_400_000i64..86_400_000)
            .prop_map(|(r, p, b, c, t)| Action::CastCode(r, p, b, c, t)),
        1 => (n(), n()).prop_map(|(r, p)| Action::RemoveBallot(r, p)),
        2 => (n(), n(), prop::collection::vec((n(), 0u32..6), 1..6), 0u8..4, 1u64..1_000)
            .prop_map(|(r, p, b, k, c)| Action::RoomCode(r, p, b, k, c)),
        1 => any::<bool>().prop_map(Action::WalkIns),
        1 => (n(), any::<bool>(), "[A-Za-z]{1,12}( [A-Za-z]{1,12})?", 0u8..3, 0u32..5)
            .prop_map(|(g, personal, author, device, key)| Action::Contribute(g, personal, author, device, key)),
        1 => (n(), n(), any::<bool>()).prop_map(|(a, b, on)| Action::KeepApart(a, b, on)),
    ]
}

fn pick<T: Copy>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()])
}

fn goal(w: &Workshop, i: usize) -> Option<GoalId> {
    pick(&w.goals().iter().map(|g| g.id).collect::<Vec<_>>(), i)
}

fn department(w: &Workshop, i: usize) -> Option<DepartmentId> {
    // One choice in (n + 1) is "no department".
    w.departments().get(i % (w.departments().len() + 1)).map(|d| d.id)
}

fn participant(w: &Workshop, i: usize) -> Option<ParticipantId> {
    pick(&w.participants().iter().map(|p| p.id).collect::<Vec<_>>(), i)
}

/// The edit an action makes on this workshop, if it makes sense at all.
pub fn edit_for(w: &Workshop, action: Action) -> Option<Edit> {
    Some(match action {
        Action::Title(t) => Edit::SetTitle(t),
        Action::Strategy(s) => Edit::SetStrategy(s),
        Action::AddDepartment(name, capacity) => Edit::AddDepartment { name, capacity },
        Action::Recolour(d, k) => Edit::SetDepartmentColour(department(w, d)?, Colour::rgb(k, 255 - k, k / 2)),
        Action::RemoveDepartment(d) => Edit::RemoveDepartment(department(w, d)?),
        Action::AddParticipant(name, d) => Edit::AddParticipant { name, department: department(w, d) },
        Action::RenameParticipant(p, name) => Edit::RenameParticipant(participant(w, p)?, name),
        Action::RemoveParticipant(p) => Edit::RemoveParticipant(participant(w, p)?),
        Action::AddGoal(title, level, p, d) => {
            let parent = if p % 3 == 0 { None } else { goal(w, p) };
            Edit::AddGoal(NewGoal { title, level, parent, department: department(w, d) })
        }
        Action::Describe(g, description, owner, effort, status) => {
            let id = goal(w, g)?;
            let mut details = GoalDetails::of(w.goal(id)?);
            details.metric = description.chars().take(20).collect();
            details.description = description;
            details.target = owner.chars().take(10).collect();
            details.owner = owner;
            details.effort = effort;
            details.status = status;
            Edit::UpdateGoal(id, details)
        }
        Action::Reparent(g, p) => w.reparent(goal(w, g)?, if p % 4 == 0 { None } else { goal(w, p) }),
        Action::Shift(g, how) => {
            let id = goal(w, g)?;
            match how {
                0 => w.move_up(id)?,
                1 => w.move_down(id)?,
                2 => w.indent(id)?,
                _ => w.outdent(id)?,
            }
        }
        Action::Link(a, conflict, b) => {
            Edit::AddLink(goal(w, a)?, if conflict { LinkKind::ConflictsWith } else { LinkKind::DependsOn }, goal(w, b)?)
        }
        Action::Unlink(i) => {
            let (a, kind, b) = pick(&w.links(), i)?;
            Edit::RemoveLink(a, kind, b)
        }
        Action::Remove(g) => Edit::RemoveGoal(goal(w, g)?),
        Action::NewRound(kind, picks, anonymous, balanced) => {
            let mut goals: Vec<GoalId> = picks.iter().filter_map(|i| goal(w, *i)).collect();
            goals.dedup();
            let method = match kind {
                0 => Method::Dot { dots: 3, cap: Some(2) },
                1 => Method::Score { min: 0, max: 5 },
                // Dot rounds without a cap, and with a cap above the budget (read as the budget).
                3 => Method::Dot { dots: 3, cap: None },
                4 => Method::Dot { dots: 3, cap: Some(9) },
                _ => Method::Ranked,
            };
            w.new_round(NewRound {
                name: format!("Round {}", w.next_round_id()),
                method,
                goals,
                secrecy: if anonymous { Secrecy::Anonymous } else { Secrecy::Named },
                weighting: if balanced { Weighting::DepartmentBalanced } else { Weighting::Equal },
                timer_minutes: Some(5),
            })
            .ok()?
        }
        Action::Cast(r, p, marks) => {
            let round = round(w, r)?;
            let ballot = ballot_for(&round, &marks);
            w.cast(round.id, participant(w, p)?, ballot, NOW).ok()?
        }
        Action::CastCode(r, p, marks, counter, offset) => {
            let round = round(w, r)?;
            let who = participant(w, p)?;
            let invite = w.current_invite(who)?.id;
            let source = accord::domain::voting::Source::Code { invite, counter };
            w.cast_from(round.id, who, ballot_for(&round, &marks), Timestamp(NOW.millis() + offset), source).ok()?
        }
        Action::RoomCode(r, p, marks, key, counter) => {
            let round = round(w, r)?;
            let who = participant(w, p)?;
            let device = accord::domain::codec::DeviceSecret([key.wrapping_add(1); 32]).public();
            let source = accord::domain::voting::Source::Room { device, counter };
            let cast = w.cast_from(round.id, who, ballot_for(&round, &marks), NOW, source).ok()?;
            let bind = (w.device_of(who) != Some(device)).then_some(Edit::BindDevice(who, Some(device)));
            Edit::Batch("room ballot", bind.into_iter().chain(std::iter::once(cast)).collect())
        }
        Action::WalkIns(on) => Edit::SetWalkIns(on),
        Action::Contribute(g, personal, author, device, key) => {
            use accord::domain::model::{Contributed, Origin, Source as From};
            let origin = Origin { device: 0x3f09_c2d1_a4b5_e6f7 ^ u64::from(device), key };
            // One origin names one goal, as every import keeps it.
            if w.goal_from(origin).is_some() {
                return None;
            }
            let source = if personal { From::Personal } else { From::Draft };
            Edit::SetContributed(goal(w, g)?, Some(Box::new(Contributed { source, author, origin, received: NOW })))
        }
        Action::KeepApart(a, b, on) => {
            let (a, b) = (goal(w, a)?, goal(w, b)?);
            if a == b {
                return None;
            }
            Edit::KeepApart(a, b, on)
        }
        Action::RemoveBallot(r, p) => {
            let round = round(w, r)?;
            let who = pick(&round.ballots.keys().copied().collect::<Vec<_>>(), p)?;
            w.remove_ballot(round.id, who, NOW).ok()?
        }
        Action::Invite(..) | Action::Withdraw(..) => return None,
        Action::RoundStatus(r, t) => {
            let status = [RoundStatus::Draft, RoundStatus::Open, RoundStatus::Closed, RoundStatus::Revealed][t as usize];
            w.set_round_status(round(w, r)?.id, status).ok()?
        }
        Action::Observer(r, p, o) => w.set_observer(round(w, r)?.id, participant(w, p)?, o).ok()?,
        Action::Weighting(r, b) => w
            .set_weighting(round(w, r)?.id, if b { Weighting::DepartmentBalanced } else { Weighting::Equal })
            .ok()?,
        Action::RemoveRound(r) => w.remove_round(round(w, r)?.id).ok()?,
        Action::Resolve(c, kind, g) => {
            let conflicts = detect(w, &w.conflict_settings);
            let conflict = conflicts.get(c % conflicts.len().max(1))?.clone();
            let first = conflict.goals.first().copied()?;
            let other = goal(w, g)?;
            let resolution = match kind {
                0 => Resolution::Prioritise { winner: first, loser: other },
                1 => Resolution::Merge { keep: other, absorb: first },
                2 => Resolution::Reparent { goal: first, parent: if g % 2 == 0 { None } else { Some(other) } },
                3 => Resolution::Defer(first),
                4 => Resolution::Reject(first),
                5 => Resolution::Runoff { round: w.next_round_id(), goals: vec![first, other] },
                _ => Resolution::Accept,
            };
            let agreed = w.departments().first().map(|d| vec![Agreer::Department(d.id)]).unwrap_or_default();
            w.resolve(&conflict, resolution, "Because the room said so.", agreed, Timestamp(1_800_000_000_000)).ok()?
        }
        Action::Settings(d, top) => Edit::SetConflictSettings(Settings { divergence: f64::from(d) / 100.0, top }),
    })
}

/// The ballot `marks` stand for in `round` (goal indexes and values, or an order).
fn ballot_for(round: &Round, marks: &[(usize, u32)]) -> Ballot {
    let goals = &round.goals;
    match round.method {
        Method::Dot { .. } => Ballot::Dots(marks.iter().map(|(g, v)| (goals[g % goals.len()], *v)).collect()),
        Method::Score { .. } => Ballot::Scores(marks.iter().map(|(g, v)| (goals[g % goals.len()], *v)).collect()),
        Method::Ranked => {
            let mut order: Vec<GoalId> = Vec::new();
            for (g, _) in marks {
                let g = goals[g % goals.len()];
                if !order.contains(&g) {
                    order.push(g);
                }
            }
            Ballot::Ranking(order)
        }
    }
}

/// Sets up a round (a draft) in `w`, applying the edit, and returns its ID.
pub fn set_up_round(w: &mut Workshop, name: &str, method: Method, goals: Vec<GoalId>, secrecy: Secrecy, weighting: Weighting) -> accord::domain::model::RoundId {
    let edit = w.new_round(NewRound { name: name.into(), method, goals, secrecy, weighting, timer_minutes: None }).unwrap();
    w.apply(edit).unwrap();
    w.rounds().last().unwrap().id
}

pub fn round(w: &Workshop, i: usize) -> Option<Round> {
    let rounds: Vec<&Round> = w.rounds().collect();
    (!rounds.is_empty()).then(|| rounds[i % rounds.len()].clone())
}

pub fn apply(w: &mut Workshop, action: Action) {
    match action {
        // Invites are final changes, not edits: applied to the workshop directly.
        Action::Invite(p, salt) => {
            if let Some(p) = participant(w, p) {
                let _ = w.issue_invite(p, [salt; 16], NOW);
            }
        }
        Action::Withdraw(i) => {
            if let Some(id) = pick(&w.invites().iter().map(|i| i.id).collect::<Vec<_>>(), i) {
                let _ = w.withdraw_invite(id, NOW);
            }
        }
        action => {
            if let Some(edit) = edit_for(w, action) {
                let _ = w.apply(edit);
            }
        }
    }
}

/// A vote held in the middle of a generated workshop, so that generated files really
/// hold ballots (random actions alone rarely line up a round, its voters and their
/// ballots): a room of people (some in departments, some with invites), a round over
/// the workshop's goals, ballots cast on this device, as invite codes at varied times or
/// as room codes from phones, and
/// an end state.
#[derive(Debug, Clone)]
pub struct Vote {
    method: u8,
    anonymous: bool,
    balanced: bool,
    people: Vec<(usize, bool)>,
    casts: Vec<(usize, Vec<(usize, u32)>, u8, u64, i64)>,
    remove: Option<usize>,
    end: u8,
}

fn any_vote() -> impl Strategy<Value = Vote> {
    let n = any::<usize>;
    (
        0u8..5,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((n(), any::<bool>()), 2..7),
        prop::collection::vec((n(), prop::collection::vec((n(), 0u32..4), 1..4), 0u8..3, 1u64..50, -86_400_000i64..86_400_000), 1..8),
        prop::option::of(n()),
        0u8..3,
    )
        .prop_map(|(method, anonymous, balanced, people, casts, remove, end)| Vote { method, anonymous, balanced, people, casts, remove, end })
}

fn hold_vote(w: &mut Workshop, vote: Vote) {
    for title in ["Vote on this", "Or on that"] {
        apply(w, Action::AddGoal(title.into(), Level::Objective, 0, 0));
    }
    for (i, (department, invited)) in vote.people.iter().enumerate() {
        apply(w, Action::AddParticipant(format!("Voter {i}"), *department));
        if *invited {
            apply(w, Action::Invite(w.participants().len() - 1, i as u8));
        }
    }
    apply(w, Action::NewRound(vote.method, (0..w.goals().len()).collect(), vote.anonymous, vote.balanced));
    let r = w.rounds().count() - 1;
    apply(w, Action::RoundStatus(r, 1));
    for (p, marks, source, counter, offset) in vote.casts {
        let action = match source {
            0 => Action::Cast(r, p, marks),
            1 => Action::CastCode(r, p, marks, counter, offset),
            _ => Action::RoomCode(r, p, marks, (p % 3) as u8, counter),
        };
        apply(w, action);
    }
    if let Some(p) = vote.remove {
        apply(w, Action::RemoveBallot(r, p));
    }
    for status in [2u8, 3].into_iter().take(usize::from(vote.end)) {
        apply(w, Action::RoundStatus(r, status));
    }
}

pub fn any_workshop() -> impl Strategy<Value = Workshop> {
    (
        prop::collection::vec(any_action(), 0..40),
        prop::option::weighted(0.6, any_vote()),
        prop::collection::vec(any_action(), 0..20),
        0i64..4_000_000_000_000,
        0i64..1_000_000_000,
    )
        .prop_map(|(before, vote, after, created, later)| {
            let mut w = Workshop::new("Workshop", Timestamp(created)).unwrap();
            for action in before {
                apply(&mut w, action);
            }
            if let Some(vote) = vote {
                hold_vote(&mut w, vote);
            }
            for action in after {
                apply(&mut w, action);
            }
            w.touch(Timestamp(created + later));
            w
        })
}
