//! The guided workshop's next action (`domain::guide`), one situation per test, each on a
//! workshop built by the same edits a facilitator makes.

use crate::support::{set_up_round, NOW};
use accord::domain::conflicts::{detect, status, Agreer, ConflictStatus, Resolution};
use accord::domain::demo::demo_workshop;
use accord::domain::guide::{after_count, next_step, next_step_before_count, progress, unsettled_conflicts, Guidance, PhaseState};
use accord::domain::actions::Phase;
use accord::domain::model::{DepartmentId, GoalDetails, GoalId, Level, NewGoal, Status, Workshop};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};

fn goal(w: &mut Workshop, title: &str, level: Level, parent: Option<GoalId>, department: Option<DepartmentId>) -> GoalId {
    w.add_goal(NewGoal { title: title.into(), level, parent, department }).unwrap()
}

fn status_to(w: &mut Workshop, round: accord::domain::model::RoundId, to: RoundStatus) {
    let edit = w.set_round_status(round, to).unwrap();
    w.apply(edit).unwrap();
}

/// Sales, Engineering and Finance, a person in each, one objective with a goal from
/// Sales and one from Engineering; Finance has nothing under it yet.
fn offsite() -> (Workshop, GoalId, [DepartmentId; 3], [GoalId; 2]) {
    let mut w = Workshop::new("Offsite", Timestamp(0)).unwrap();
    w.set_strategy("Win the mid-market").unwrap();
    let sales = w.add_department("Sales", None).unwrap();
    let eng = w.add_department("Engineering", None).unwrap();
    let fin = w.add_department("Finance", None).unwrap();
    for (name, d) in [("Lucía", sales), ("Ada", eng), ("Grace", fin)] {
        w.add_participant(name, Some(d)).unwrap();
    }
    let grow = goal(&mut w, "Grow revenue", Level::Objective, None, None);
    let a = goal(&mut w, "Discounts for teams", Level::DepartmentGoal, Some(grow), Some(sales));
    let b = goal(&mut w, "Self-serve checkout", Level::DepartmentGoal, Some(grow), Some(eng));
    (w, grow, [sales, eng, fin], [a, b])
}

fn states(w: &Workshop) -> Vec<PhaseState> {
    let next = next_step(w);
    progress(w, &next).iter().map(|(_, s)| *s).collect()
}

#[test]
fn an_empty_workshop_starts_with_the_strategy_then_departments_then_people() {
    let mut w = Workshop::new("Untitled workshop", Timestamp(0)).unwrap();
    assert_eq!(next_step(&w), Guidance::WriteStrategy);
    assert_eq!(next_step(&w).phase(), Phase::Define);
    // White space is not a strategy.
    w.set_strategy("Grow").unwrap();
    assert_eq!(next_step(&w), Guidance::AddDepartments);
    let sales = w.add_department("Sales", None).unwrap();
    assert_eq!(next_step(&w), Guidance::AddParticipants);
    w.add_participant("Lucía", Some(sales)).unwrap();
    assert_eq!(next_step(&w), Guidance::AddObjectives);
    assert_eq!(next_step(&w).phase(), Phase::Align);
    assert_eq!(states(&w), [PhaseState::Done, PhaseState::Current, PhaseState::ToDo, PhaseState::ToDo, PhaseState::ToDo]);
    let grow = goal(&mut w, "Grow revenue", Level::Objective, None, None);
    assert_eq!(next_step(&w), Guidance::AddDepartmentGoals);
    goal(&mut w, "Discounts", Level::DepartmentGoal, Some(grow), Some(sales));
    assert_eq!(next_step(&w), Guidance::OpenFirstRound { goals: 1 });
    assert_eq!(next_step(&w).message(), "No round yet: open a round to prioritise the 1 goal");
}

#[test]
fn a_gap_under_an_objective_is_named_with_how_many_departments_miss_it() {
    let (mut w, grow, [_, eng, fin], _) = offsite();
    let next = next_step(&w);
    assert_eq!(next, Guidance::GoalsMissingUnder { objective: grow, title: "Grow revenue".into(), departments: 1 });
    assert_eq!(next.message(), "1 department has no goal under “Grow revenue”: add them or go on to Prioritise");
    assert_eq!(next.action_label(), "Go to Align");
    // A second objective nobody supports yet is the bigger gap: all three miss it.
    let keep = goal(&mut w, "Keep customers", Level::Objective, None, None);
    assert_eq!(
        next_step(&w).message(),
        "3 departments have no goal under “Keep customers”: add them or go on to Prioritise"
    );
    // A goal deep under the objective (an initiative under a department goal) counts.
    let retain = goal(&mut w, "Retention desk", Level::DepartmentGoal, Some(keep), Some(eng));
    goal(&mut w, "Renewal pricing", Level::Initiative, Some(retain), Some(fin));
    // Now each objective misses one department: the first in the tree is named.
    assert_eq!(next_step(&w), Guidance::GoalsMissingUnder { objective: grow, title: "Grow revenue".into(), departments: 1 });
    // An orphan goal of Finance's does not count as support for any objective.
    goal(&mut w, "Close the books faster", Level::DepartmentGoal, None, Some(fin));
    goal(&mut w, "Sales desk", Level::DepartmentGoal, Some(keep), Some(DepartmentId(1)));
    assert_eq!(next_step(&w), Guidance::GoalsMissingUnder { objective: grow, title: "Grow revenue".into(), departments: 1 });
    goal(&mut w, "Billing", Level::DepartmentGoal, Some(grow), Some(fin));
    // Now every department has a goal under every objective: time to vote on the six
    // department goals (the orphan too) and the initiative (objectives are not voted on).
    assert_eq!(next_step(&w), Guidance::OpenFirstRound { goals: 7 });
    assert_eq!(next_step(&w).phase(), Phase::Prioritise);
}

#[test]
fn deferred_and_rejected_goals_are_not_offered_to_the_first_round() {
    let (mut w, grow, [_, _, fin], [a, _]) = offsite();
    goal(&mut w, "Billing", Level::DepartmentGoal, Some(grow), Some(fin));
    let mut details = GoalDetails::of(w.goal(a).unwrap());
    details.status = Status::Deferred;
    w.update_goal(a, details).unwrap();
    assert_eq!(next_step(&w), Guidance::OpenFirstRound { goals: 2 });
}

#[test]
fn rounds_lead_from_setting_up_to_voting_to_revealing() {
    let (mut w, _, [sales, eng, _], [a, b]) = offsite();
    let r = set_up_round(&mut w, "First pass", Method::Ranked, vec![a, b], Secrecy::Named, Weighting::Equal);
    // Once a round exists, gaps in the tree no longer come first.
    assert_eq!(next_step(&w), Guidance::OpenVoting { round: r, name: "First pass".into() });
    assert_eq!(next_step(&w).message(), "“First pass” is set up: open voting in Prioritise");
    status_to(&mut w, r, RoundStatus::Open);
    assert_eq!(next_step(&w), Guidance::CloseVoting { round: r, name: "First pass".into(), cast: 0, voters: 3 });
    let voter = w.participants().iter().find(|p| p.department == Some(sales)).unwrap().id;
    let edit = w.cast(r, voter, Ballot::Ranking(vec![a, b]), NOW).unwrap();
    w.apply(edit).unwrap();
    assert_eq!(
        next_step(&w).message(),
        "Voting is open in “First pass” (1 of 3 voted): close voting when the room is done"
    );
    let voter = w.participants().iter().find(|p| p.department == Some(eng)).unwrap().id;
    let edit = w.cast(r, voter, Ballot::Ranking(vec![b, a]), NOW).unwrap();
    w.apply(edit).unwrap();
    status_to(&mut w, r, RoundStatus::Closed);
    assert_eq!(next_step(&w), Guidance::RevealResults { round: r, name: "First pass".into() });
    assert_eq!(states(&w), [PhaseState::Done, PhaseState::Done, PhaseState::Current, PhaseState::ToDo, PhaseState::ToDo]);
    status_to(&mut w, r, RoundStatus::Revealed);
    assert!(!matches!(next_step(&w), Guidance::RevealResults { .. } | Guidance::CloseVoting { .. }));
}

#[test]
fn an_open_round_comes_before_a_draft_and_a_closed_one() {
    let (mut w, _, _, [a, b]) = offsite();
    let draft = set_up_round(&mut w, "Later", Method::Ranked, vec![a, b], Secrecy::Named, Weighting::Equal);
    let closed = set_up_round(&mut w, "Earlier", Method::Ranked, vec![a, b], Secrecy::Named, Weighting::Equal);
    status_to(&mut w, closed, RoundStatus::Open);
    status_to(&mut w, closed, RoundStatus::Closed);
    assert_eq!(next_step(&w), Guidance::RevealResults { round: closed, name: "Earlier".into() });
    let open = set_up_round(&mut w, "Runoff", Method::Ranked, vec![a, b], Secrecy::Named, Weighting::Equal);
    status_to(&mut w, open, RoundStatus::Open);
    assert!(matches!(next_step(&w), Guidance::CloseVoting { round, .. } if round == open));
    let _ = draft;
}

#[test]
fn the_demo_asks_for_its_conflicts_to_be_settled_then_for_the_export() {
    let mut w = demo_workshop().unwrap();
    let unsettled = |w: &Workshop| {
        detect(w, &w.conflict_settings).iter().filter(|c| matches!(status(w, c), ConflictStatus::Open | ConflictStatus::Reopened(_))).count()
    };
    let n = unsettled(&w);
    assert!(n >= 2, "the demo has conflicts to settle ({n})");
    assert_eq!(next_step(&w), Guidance::SettleConflicts { unsettled: n });
    assert_eq!(next_step(&w).message(), format!("{n} conflicts unsettled: settle them in Resolve"));
    // The stepper's two halves: the answer hangs on the count, and the count gives it.
    assert_eq!(next_step_before_count(&w), None, "every round is revealed: only the count can tell");
    assert_eq!(unsettled_conflicts(&w), n);
    assert_eq!(after_count(unsettled_conflicts(&w)), next_step(&w));
    assert_eq!(
        states(&w),
        [PhaseState::Done, PhaseState::Done, PhaseState::Done, PhaseState::Current, PhaseState::ToDo]
    );
    // Accept each conflict on the record, one by one: the count goes down with each, and
    // (accepting changes nothing in the tree) no new one appears.
    let mut settled = 0;
    while let Some(conflict) = detect(&w, &w.conflict_settings)
        .into_iter()
        .find(|c| matches!(status(&w, c), ConflictStatus::Open | ConflictStatus::Reopened(_)))
    {
        let edit = w.resolve(&conflict, Resolution::Accept, "We live with it this year.", vec![Agreer::Department(DepartmentId(1))], NOW).unwrap();
        w.apply(edit).unwrap();
        settled += 1;
        let left = unsettled(&w);
        if left == 1 {
            assert_eq!(next_step(&w).message(), "1 conflict unsettled: settle it in Resolve");
        }
        assert!(settled <= n, "settling one conflict never adds one");
    }
    assert_eq!(next_step(&w), Guidance::ExportTree);
    assert_eq!(next_step(&w).message(), "Everything settled: export the agreed tree");
    assert_eq!(states(&w), [PhaseState::Done, PhaseState::Done, PhaseState::Done, PhaseState::Done, PhaseState::Current]);
}

#[test]
fn clearing_the_strategy_later_sends_the_facilitator_back_to_define() {
    let mut w = demo_workshop().unwrap();
    w.set_strategy("").unwrap();
    assert_eq!(next_step(&w), Guidance::WriteStrategy);
    let next = next_step(&w);
    assert_eq!(progress(&w, &next)[0], (Phase::Define, PhaseState::Current));
}

#[test]
fn the_stepper_needs_no_conflict_count_until_every_round_is_finished() {
    let (mut w, _, _, goals) = offsite();
    assert_eq!(next_step_before_count(&w), Some(next_step(&w)), "before any round");
    let round = set_up_round(&mut w, "First pass", Method::Ranked, goals.to_vec(), Secrecy::Named, Weighting::Equal);
    assert_eq!(next_step_before_count(&w), Some(next_step(&w)), "a round set up");
    status_to(&mut w, round, RoundStatus::Open);
    assert_eq!(next_step_before_count(&w), Some(next_step(&w)), "a round open");
    status_to(&mut w, round, RoundStatus::Closed);
    assert_eq!(next_step_before_count(&w), Some(next_step(&w)), "a round closed");
    status_to(&mut w, round, RoundStatus::Revealed);
    assert_eq!(next_step_before_count(&w), None, "every round revealed");
    assert_eq!(after_count(unsettled_conflicts(&w)), next_step(&w));
    assert_eq!(after_count(0), Guidance::ExportTree);
    assert_eq!(after_count(3), Guidance::SettleConflicts { unsettled: 3 });
}
