//! Each detector on a small workshop, no false alarms where departments agree, and each
//! resolution's effect on the tree.

use crate::support::NOW;
use accord::domain::conflicts::{detect, status, Agreer, ConflictStatus, Kind, Resolution, Settings};
use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::model::{
    DepartmentId, Edit, GoalDetails, GoalId, Level, LinkKind, NewGoal, NewRound, ParticipantId, Status, Workshop,
};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};

/// Sales (Lucía, Tom) and Engineering (Ada, Linus) vote on three goals under one objective.
struct Room {
    w: Workshop,
    h: History,
}

impl Room {
    fn new() -> Self {
        let mut w = Workshop::new("Offsite", Timestamp(0)).unwrap();
        let sales = w.add_department("Sales", Some(20)).unwrap();
        let eng = w.add_department("Engineering", Some(30)).unwrap();
        for (name, d) in [("Lucía", sales), ("Tom", sales), ("Ada", eng), ("Linus", eng)] {
            w.add_participant(name, Some(d)).unwrap();
        }
        let grow = w.add_goal(NewGoal { title: "Grow".into(), level: Level::Objective, parent: None, department: None }).unwrap();
        for (title, d) in [("Discounts", sales), ("Margin", sales), ("Platform", eng)] {
            w.add_goal(NewGoal { title: title.into(), level: Level::DepartmentGoal, parent: Some(grow), department: Some(d) }).unwrap();
        }
        Room { w, h: History::default() }
    }

    fn id(&self, title: &str) -> GoalId {
        self.w.goals().iter().find(|g| g.title == title).unwrap().id
    }

    fn apply(&mut self, edit: Edit) {
        self.h.apply(&mut self.w, edit).unwrap();
    }

    /// A revealed ranked round in which each person ranks the three goals (named: in an
    /// anonymous round, departments of two would be shown together).
    fn vote(&mut self, orders: [[&str; 3]; 4]) {
        let goals = vec![self.id("Discounts"), self.id("Margin"), self.id("Platform")];
        let edit = self.w.new_round(NewRound { name: "Vote".into(), method: Method::Ranked, goals, secrecy: Secrecy::Named, weighting: Weighting::Equal, timer_minutes: None }).unwrap();
        self.apply(edit);
        let round = self.w.rounds().last().unwrap().id;
        let open = self.w.set_round_status(round, RoundStatus::Open).unwrap();
        self.apply(open);
        for (i, order) in orders.iter().enumerate() {
            let ballot = Ballot::Ranking(order.iter().map(|t| self.id(t)).collect());
            let cast = self.w.cast(round, ParticipantId(i as u32 + 1), ballot, NOW).unwrap();
            self.apply(cast);
        }
        let close = self.w.set_round_status(round, RoundStatus::Closed).unwrap();
        self.apply(close);
        let reveal = self.w.set_round_status(round, RoundStatus::Revealed).unwrap();
        self.apply(reveal);
    }

    fn kinds(&self) -> Vec<Kind> {
        detect(&self.w, &self.w.conflict_settings).into_iter().map(|c| c.kind).collect()
    }
}

const AGREE: [[&str; 3]; 4] =
    [["Platform", "Margin", "Discounts"], ["Platform", "Margin", "Discounts"], ["Platform", "Margin", "Discounts"], ["Platform", "Margin", "Discounts"]];

#[test]
fn no_false_conflict_where_departments_agree() {
    let mut room = Room::new();
    room.vote(AGREE);
    assert_eq!(room.kinds(), vec![]);
}

#[test]
fn divergence_names_the_departments_and_their_places() {
    let mut room = Room::new();
    room.vote([["Discounts", "Margin", "Platform"], ["Discounts", "Margin", "Platform"], ["Platform", "Margin", "Discounts"], ["Platform", "Margin", "Discounts"]]);
    let found = detect(&room.w, &room.w.conflict_settings);
    let summaries: Vec<&str> = found.iter().map(|c| c.summary.as_str()).collect();
    assert!(summaries.contains(&"Sales ranks “Discounts” 1st of 3 but Engineering ranks it 3rd (100% of the ranking apart) in round “Vote”."), "{summaries:#?}");
    // A stricter threshold above the spread finds nothing.
    room.w.conflict_settings = Settings { divergence: 1.0, top: 3 };
    assert!(detect(&room.w, &room.w.conflict_settings).iter().all(|c| c.kind != Kind::Divergence || c.summary.contains("100%")));
}

#[test]
fn contention_needs_both_goals_near_the_top() {
    let mut room = Room::new();
    let (discounts, margin) = (room.id("Discounts"), room.id("Margin"));
    room.apply(Edit::AddLink(discounts, LinkKind::ConflictsWith, margin));
    room.vote([["Discounts", "Margin", "Platform"]; 4]);
    let found = detect(&room.w, &room.w.conflict_settings);
    assert_eq!(found[0].kind, Kind::Contention);
    assert_eq!(found[0].summary, "“Discounts” (priority #1) and “Margin” (priority #2) pull against each other, and both are in the top 3.");
    room.w.conflict_settings.top = 1;
    assert!(detect(&room.w, &room.w.conflict_settings).iter().all(|c| c.kind != Kind::Contention));
}

#[test]
fn dependency_loops_and_weak_dependencies() {
    let mut room = Room::new();
    let (discounts, margin, platform) = (room.id("Discounts"), room.id("Margin"), room.id("Platform"));
    room.vote(AGREE);
    // Platform is #1 and depends on Discounts, ranked last of three.
    room.apply(Edit::AddLink(platform, LinkKind::DependsOn, discounts));
    let found = detect(&room.w, &room.w.conflict_settings);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].summary, "“Platform” is priority #1 but depends on “Discounts”, which is only priority #3 of 3.");
    room.apply(Edit::AddLink(discounts, LinkKind::DependsOn, margin));
    room.apply(Edit::AddLink(margin, LinkKind::DependsOn, platform));
    let kinds: Vec<Kind> = room.kinds();
    assert!(kinds.contains(&Kind::DependencyCycle), "{kinds:?}");
}

#[test]
fn gaps_and_capacity() {
    let mut room = Room::new();
    let orphan = room.w.add_goal(NewGoal { title: "Booth".into(), level: Level::DepartmentGoal, parent: None, department: Some(DepartmentId(1)) }).unwrap();
    room.w.add_goal(NewGoal { title: "Lean".into(), level: Level::Objective, parent: None, department: None }).unwrap();
    let margin = room.id("Margin");
    let mut details = GoalDetails::of(room.w.goal(margin).unwrap());
    details.status = Status::Agreed;
    details.effort = Some(26);
    room.apply(Edit::UpdateGoal(margin, details));
    let found = detect(&room.w, &room.w.conflict_settings);
    let by_kind = |k: Kind| found.iter().find(|c| c.kind == k).map(|c| c.summary.clone());
    assert_eq!(by_kind(Kind::Capacity).unwrap(), "Sales's agreed goals need 26 person-weeks against a capacity of 20 (130%).");
    assert_eq!(by_kind(Kind::Orphan).unwrap(), "“Booth” does not trace up to any company objective.");
    assert_eq!(by_kind(Kind::Unsupported).unwrap(), "No department has a goal under the objective “Lean”.");
    assert_eq!(found[0].kind, Kind::Capacity, "over 125% is high severity and sorts first");
    let _ = orphan;
}

fn settle(room: &mut Room, kind: Kind, resolution: impl FnOnce(&Workshop) -> Resolution) {
    let conflict = detect(&room.w, &room.w.conflict_settings).into_iter().find(|c| c.kind == kind).unwrap();
    let r = resolution(&room.w);
    let edit = room.w.resolve(&conflict, r, "Agreed in the room.", vec![Agreer::Department(DepartmentId(1))], Timestamp(5)).unwrap();
    room.apply(edit);
}

#[test]
fn each_resolution_changes_the_tree_and_is_logged() {
    let mut room = Room::new();
    let (discounts, margin, platform) = (room.id("Discounts"), room.id("Margin"), room.id("Platform"));
    room.apply(Edit::AddLink(discounts, LinkKind::ConflictsWith, margin));
    room.vote([["Discounts", "Margin", "Platform"]; 4]);

    let before = room.w.clone();
    settle(&mut room, Kind::Contention, |_| Resolution::Prioritise { winner: margin, loser: discounts });
    assert_eq!(room.w.goal(margin).unwrap().status, Status::Agreed);
    assert_eq!(room.w.goal(discounts).unwrap().status, Status::Deferred);
    assert_eq!(room.w.decisions().len(), 1);
    assert!(room.kinds().iter().all(|k| *k != Kind::Contention));
    room.h.undo(&mut room.w).unwrap();
    assert_eq!(room.w, before, "one undo takes back the effect and the log entry");

    settle(&mut room, Kind::Contention, |_| Resolution::Merge { keep: margin, absorb: discounts });
    let absorbed = room.w.goal(discounts).unwrap();
    assert_eq!(absorbed.status, Status::Rejected);
    assert!(absorbed.description.starts_with("Merged into “Margin”."));
    assert!(room.w.conflicts_with(margin).is_empty(), "the absorbed goal's conflict link went with it");
    room.h.undo(&mut room.w).unwrap();

    settle(&mut room, Kind::Contention, |_| Resolution::Defer(discounts));
    assert_eq!(room.w.goal(discounts).unwrap().status, Status::Deferred);
    room.h.undo(&mut room.w).unwrap();
    settle(&mut room, Kind::Contention, |_| Resolution::Reject(discounts));
    assert_eq!(room.w.goal(discounts).unwrap().status, Status::Rejected);
    room.h.undo(&mut room.w).unwrap();
    settle(&mut room, Kind::Contention, |_| Resolution::Reparent { goal: platform, parent: None });
    assert_eq!(room.w.parent(platform), None);
    room.h.undo(&mut room.w).unwrap();

    // A runoff opens a ranked round and the conflict waits on it.
    settle(&mut room, Kind::Contention, |w| Resolution::Runoff { round: w.next_round_id(), goals: vec![discounts, margin] });
    let conflict = detect(&room.w, &room.w.conflict_settings).into_iter().find(|c| c.kind == Kind::Contention).unwrap();
    assert!(matches!(status(&room.w, &conflict), ConflictStatus::WaitingOnRunoff(..)));
    assert_eq!(room.w.rounds().last().unwrap().status, RoundStatus::Open);
    room.h.undo(&mut room.w).unwrap();

    // Accepted: resolved while its figures stand; reopened when they change.
    settle(&mut room, Kind::Contention, |_| Resolution::Accept);
    let conflict = detect(&room.w, &room.w.conflict_settings).into_iter().find(|c| c.kind == Kind::Contention).unwrap();
    assert!(matches!(status(&room.w, &conflict), ConflictStatus::Resolved(_)));
    room.vote([["Margin", "Discounts", "Platform"]; 4]);
    let conflict = detect(&room.w, &room.w.conflict_settings).into_iter().find(|c| c.kind == Kind::Contention).unwrap();
    let ConflictStatus::Reopened(decision) = status(&room.w, &conflict) else { panic!("reopened") };
    assert!(decision.summary.contains("“Discounts” (priority #1)"), "the log keeps what was decided on");
}

#[test]
fn a_decision_needs_a_rationale() {
    let mut room = Room::new();
    room.w.add_goal(NewGoal { title: "Booth".into(), level: Level::DepartmentGoal, parent: None, department: None }).unwrap();
    let conflict = detect(&room.w, &room.w.conflict_settings).remove(0);
    let refused = room.w.resolve(&conflict, Resolution::Accept, "  ", vec![], Timestamp(0)).unwrap_err();
    assert_eq!(refused.to_string(), "Write down why: every decision needs a rationale.");
}

#[test]
fn the_demo_shows_a_contention_and_divergences() {
    let demo = demo_workshop().unwrap();
    let kinds: Vec<Kind> = detect(&demo, &demo.conflict_settings).into_iter().map(|c| c.kind).collect();
    assert_eq!(kinds[0], Kind::Contention);
    assert!(kinds.iter().filter(|k| **k == Kind::Divergence).count() >= 3);
}
