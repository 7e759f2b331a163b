//! Rounds in a workshop: the lifecycle, secret ballots, refusals, priorities, results per
//! department and department-balanced weighting.

use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::model::{GoalId, NewRound, ParticipantId, RoundId, Workshop};
use accord::domain::tally::{compare, tally_round};
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use accord::domain::wire::{restore, to_json};
use proptest::prelude::*;

use crate::support::{set_up_round, NOW};

const SELF_SERVE: GoalId = GoalId(5);
const DACH: GoalId = GoalId(6);
const INBOUND: GoalId = GoalId(7);
const AMARA: ParticipantId = ParticipantId(1); // Product & Engineering
const JONAS: ParticipantId = ParticipantId(2); // Product & Engineering
const LUCIA: ParticipantId = ParticipantId(4); // Sales
const MEI: ParticipantId = ParticipantId(6); // Marketing

fn round(w: &mut Workshop, h: &mut History, method: Method) -> RoundId {
    let edit = w
        .new_round(NewRound {
            name: "Revenue goals".into(),
            method,
            goals: vec![SELF_SERVE, DACH, INBOUND],
            secrecy: Secrecy::Named,
            weighting: Weighting::Equal,
            timer_minutes: None,
        })
        .unwrap();
    h.apply(w, edit).unwrap();
    let id = w.rounds().last().unwrap().id;
    let open = w.set_round_status(id, RoundStatus::Open).unwrap();
    h.apply(w, open).unwrap();
    id
}

fn rank(order: &[GoalId]) -> Ballot {
    Ballot::Ranking(order.to_vec())
}

#[test]
fn a_ranked_round_closes_with_priorities_and_reopens_without_them() {
    let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
    let r = round(&mut w, &mut h, Method::Ranked);
    for (who, order) in [(AMARA, [SELF_SERVE, INBOUND, DACH]), (JONAS, [SELF_SERVE, DACH, INBOUND]), (LUCIA, [DACH, SELF_SERVE, INBOUND])] {
        let cast = w.cast(r, who, rank(&order), NOW).unwrap();
        h.apply(&mut w, cast).unwrap();
    }
    let close = w.set_round_status(r, RoundStatus::Closed).unwrap();
    h.apply(&mut w, close).unwrap();
    let result = tally_round(&w, w.round(r).unwrap(), Weighting::Equal, None).unwrap();
    assert_eq!(result.order, vec![vec![SELF_SERVE], vec![DACH], vec![INBOUND]]);
    // Closed: nobody can vote any more, and nothing is recorded until the reveal.
    assert!(w.cast(r, MEI, rank(&[INBOUND]), NOW).unwrap_err().to_string().contains("is closed, not open for voting"));
    assert!(w.goals().iter().all(|g| g.priority.is_none_or(|p| p.round != r)));
    let reveal = w.set_round_status(r, RoundStatus::Revealed).unwrap();
    h.apply(&mut w, reveal).unwrap();
    assert_eq!(w.goal(SELF_SERVE).unwrap().priority.map(|p| p.rank), Some(1));
    assert_eq!(w.goal(INBOUND).unwrap().priority.map(|p| p.rank), Some(3));

    // Re-opening takes the priorities back: a goal the demo's own revealed round ranks
    // falls back to that round's priority (never erased by a later round), the others to
    // none; one undo restores them.
    let reopen = w.set_round_status(r, RoundStatus::Open).unwrap();
    h.apply(&mut w, reopen).unwrap();
    let demo_round = w.rounds().next().unwrap().id;
    assert_ne!(demo_round, r);
    assert_eq!(w.goal(SELF_SERVE).unwrap().priority.map(|p| (p.round, p.rank)), Some((demo_round, 1)));
    assert_eq!(w.goal(INBOUND).unwrap().priority, None);
    h.undo(&mut w).unwrap();
    assert_eq!(w.goal(SELF_SERVE).unwrap().priority.map(|p| p.rank), Some(1));
}

#[test]
fn a_ballot_over_budget_is_refused_with_a_clear_message() {
    let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
    let r = round(&mut w, &mut h, Method::Dot { dots: 3, cap: Some(2) });
    let over = Ballot::Dots([(SELF_SERVE, 2), (DACH, 2)].into());
    assert_eq!(
        w.cast(r, AMARA, over, NOW).unwrap_err().to_string(),
        "Amara Okafor: You placed 4 dots but have 3; take 1 off before submitting."
    );
    let capped = Ballot::Dots([(SELF_SERVE, 3)].into());
    assert!(w.cast(r, AMARA, capped, NOW).unwrap_err().to_string().contains("At most 2 dots may go on one goal"));
}

#[test]
fn observers_do_not_vote_and_a_newer_ballot_replaces_the_older() {
    let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
    let r = round(&mut w, &mut h, Method::Score { min: 0, max: 5 });
    let watch = w.set_observer(r, MEI, true).unwrap();
    h.apply(&mut w, watch).unwrap();
    let refused = w.cast(r, MEI, Ballot::Scores([(DACH, 5)].into()), NOW).unwrap_err();
    assert_eq!(refused.to_string(), "“Mei Chen” observes round “Revenue goals” and does not vote in it.");
    for score in [1, 4] {
        let cast = w.cast(r, LUCIA, Ballot::Scores([(DACH, score)].into()), NOW).unwrap();
        h.apply(&mut w, cast).unwrap();
    }
    assert_eq!(w.round(r).unwrap().ballots.len(), 1);
    assert_eq!(w.round(r).unwrap().ballots[&LUCIA].ballot, Ballot::Scores([(DACH, 4)].into()));
}

#[test]
fn rounds_and_ballots_survive_export_and_import_and_validate() {
    let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
    let r = round(&mut w, &mut h, Method::Ranked);
    let cast = w.cast(r, AMARA, rank(&[DACH]), NOW).unwrap();
    h.apply(&mut w, cast).unwrap();
    let close = w.set_round_status(r, RoundStatus::Closed).unwrap();
    h.apply(&mut w, close).unwrap();
    let json = to_json(&w);
    assert_eq!(restore(json.as_bytes()).unwrap(), w);
}

#[test]
fn per_department_orders_and_agreement() {
    let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
    let r = round(&mut w, &mut h, Method::Ranked);
    // Engineering agrees with itself and disagrees with Sales entirely.
    for (who, order) in [(AMARA, [SELF_SERVE, DACH, INBOUND]), (JONAS, [SELF_SERVE, DACH, INBOUND]), (LUCIA, [INBOUND, DACH, SELF_SERVE])] {
        let cast = w.cast(r, who, rank(&order), NOW).unwrap();
        h.apply(&mut w, cast).unwrap();
    }
    let c = compare(&w, w.round(r).unwrap()).unwrap();
    assert_eq!(c.departments.len(), 2);
    assert_eq!(c.agreement.map(|a| (a * 1000.0).round()), Some(0.0), "opposite orders: W = 0");
    assert_eq!(c.divergence[0].1, 1.0, "a goal first for one department and last for the other");
    assert_eq!(c.divergence.last().unwrap(), &(DACH, 0.0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With equal department sizes, the department-balanced result is the unweighted
    /// one. The demo's Sales, Marketing, Customer Success and Operations have two people
    /// each; those eight vote.
    #[test]
    fn balanced_weighting_with_equal_departments_changes_nothing(
        orders in prop::collection::vec(Just(vec![0usize, 1, 2]).prop_shuffle(), 8),
        marks in prop::collection::vec(prop::collection::vec(0u32..3, 3), 8),
    ) {
        let goals = [SELF_SERVE, DACH, INBOUND];
        for method in [Method::Ranked, Method::Dot { dots: 9, cap: None }, Method::Score { min: 0, max: 5 }] {
            let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
            let r = round(&mut w, &mut h, method);
            for (k, voter) in (4..=11).map(ParticipantId).enumerate() {
                let ballot = match method {
                    Method::Ranked => Ballot::Ranking(orders[k].iter().map(|i| goals[*i]).collect()),
                    Method::Dot { .. } => Ballot::Dots(goals.iter().zip(&marks[k]).filter(|(_, d)| **d > 0).map(|(g, d)| (*g, *d)).collect()),
                    Method::Score { .. } => Ballot::Scores(goals.iter().zip(&marks[k]).map(|(g, d)| (*g, *d)).collect()),
                };
                if let Ok(cast) = w.cast(r, voter, ballot, NOW) {
                    h.apply(&mut w, cast).unwrap();
                }
            }
            let round = w.round(r).unwrap();
            // Only compare when every department voted twice (an empty dot ballot is refused).
            prop_assume!(round.ballots.len() == 8);
            prop_assert_eq!(
                tally_round(&w, round, Weighting::Equal, None).unwrap().order,
                tally_round(&w, round, Weighting::DepartmentBalanced, None).unwrap().order
            );
        }
    }
}

/// 6 Sales voters against 1 Finance voter on two goals, department-balanced: every Sales
/// voter votes one way (`sales`), the Finance voter the other (`finance`).
fn six_against_one(method: Method, sales: Ballot, finance: Ballot) -> (Workshop, RoundId, [GoalId; 2]) {
    use accord::domain::model::{Level, NewGoal};
    let mut w = Workshop::new("Six against one", NOW).unwrap();
    let (s, f) = (w.add_department("Sales", None).unwrap(), w.add_department("Finance", None).unwrap());
    let sellers: Vec<ParticipantId> = (1..=6).map(|i| w.add_participant(&format!("Seller {i}"), Some(s)).unwrap()).collect();
    let controller = w.add_participant("Controller", Some(f)).unwrap();
    let goal = |w: &mut Workshop, title: &str| {
        w.add_goal(NewGoal { title: title.into(), level: Level::Objective, parent: None, department: None }).unwrap()
    };
    let (a, b) = (goal(&mut w, "A"), goal(&mut w, "B"));
    let swap = |ballot: &Ballot| match ballot {
        Ballot::Ranking(order) => Ballot::Ranking(order.iter().map(|g| if g.0 == 1 { a } else { b }).collect()),
        Ballot::Dots(m) => Ballot::Dots(m.iter().map(|(g, d)| (if g.0 == 1 { a } else { b }, *d)).collect()),
        Ballot::Scores(m) => Ballot::Scores(m.iter().map(|(g, d)| (if g.0 == 1 { a } else { b }, *d)).collect()),
    };
    let r = set_up_round(&mut w, "Balanced", method, vec![a, b], Secrecy::Named, Weighting::DepartmentBalanced);
    let open = w.set_round_status(r, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    for p in sellers {
        let cast = w.cast(r, p, swap(&sales), NOW).unwrap();
        w.apply(cast).unwrap();
    }
    let cast = w.cast(r, controller, swap(&finance), NOW).unwrap();
    w.apply(cast).unwrap();
    (w, r, [a, b])
}

/// Item 6: 6 Sales voters ranking A>B against 1 Finance voter ranking B>A, balanced by
/// department, is exactly a tie (each department carries weight 1). Counted in f64 the
/// six sixths made 0.9999999999999999 against 1.0 and B won.
#[test]
fn a_department_balanced_tie_is_a_tie_for_every_method() {
    // Goal IDs 1 and 2 stand for A and B in these ballots.
    let (a, b) = (GoalId(1), GoalId(2));
    let cases = [
        (Method::Ranked, Ballot::Ranking(vec![a, b]), Ballot::Ranking(vec![b, a])),
        (Method::Dot { dots: 1, cap: None }, Ballot::Dots([(a, 1)].into()), Ballot::Dots([(b, 1)].into())),
        (Method::Score { min: 0, max: 5 }, Ballot::Scores([(a, 5), (b, 0)].into()), Ballot::Scores([(a, 0), (b, 5)].into())),
    ];
    for (method, sales, finance) in cases {
        let (mut w, r, [a, b]) = six_against_one(method, sales, finance);
        let result = tally_round(&w, w.round(r).unwrap(), Weighting::DepartmentBalanced, None).unwrap();
        assert_eq!(result.order, vec![vec![a, b]], "{method:?}: a tie, not a win by rounding");
        assert_eq!(result.exact[&a], result.exact[&b], "{method:?}");
        assert_eq!(result.headline[&a], result.headline[&b], "{method:?}: the figures shown agree too");
        if let accord::domain::tally::Detail::Ranked { schulze, .. } = &result.detail {
            assert_eq!(schulze.pairwise[0][1], schulze.pairwise[1][0]);
        }
        // Revealing records both goals at rank 1.
        for status in [RoundStatus::Closed, RoundStatus::Revealed] {
            let change = w.set_round_status(r, status).unwrap();
            w.apply(change).unwrap();
        }
        assert_eq!([w.goal(a).unwrap().priority.unwrap().rank, w.goal(b).unwrap().priority.unwrap().rank], [1, 1], "{method:?}");
        // Unbalanced, the six win.
        let equal = tally_round(&w, w.round(r).unwrap(), Weighting::Equal, None).unwrap();
        assert_eq!(equal.order, vec![vec![a], vec![b]], "{method:?}");
    }
}

/// Item 1: a 3-dot round with no cap; 4294967295 dots on one goal and 2 on another used
/// to add up (wrapping in a release build) to 1 and be accepted; in a debug build the
/// sum panicked. Refused by the round, hence by the model, with the goal's count named.
#[test]
fn the_stuffed_dot_ballot_is_refused_by_the_round_and_the_model() {
    let (mut w, mut h) = (demo_workshop().unwrap(), History::default());
    let r = round(&mut w, &mut h, Method::Dot { dots: 3, cap: None });
    let stuffed = Ballot::Dots([(SELF_SERVE, u32::MAX), (DACH, 2)].into());
    assert!(matches!(
        w.round(r).unwrap().check_ballot(&stuffed),
        Err(accord::domain::voting::BallotProblem::GoalOverBudget { dots: u32::MAX, budget: 3, .. })
    ));
    let refused = w.cast(r, AMARA, stuffed, NOW).unwrap_err().to_string();
    assert_eq!(refused, "Amara Okafor: One goal has 4294967295 dots, but each person has only 3 dots in all.");
    assert!(w.round(r).unwrap().ballots.is_empty());
    // Every goal within the budget but the total over it: the exact total is named.
    let over = Ballot::Dots([(SELF_SERVE, 3), (DACH, 3), (INBOUND, 3)].into());
    assert_eq!(w.cast(r, AMARA, over, NOW).unwrap_err().to_string(), "Amara Okafor: You placed 9 dots but have 3; take 6 off before submitting.");
    // A cap above the budget is read as the budget: 3 on one goal is fine.
    let r2 = round(&mut w, &mut h, Method::Dot { dots: 3, cap: Some(50) });
    assert_eq!(Method::Dot { dots: 3, cap: Some(50) }.dots_per_goal(), Some(3));
    assert!(w.cast(r2, AMARA, Ballot::Dots([(DACH, 3)].into()), NOW).is_ok());
    assert!(w.cast(r2, AMARA, Ballot::Dots([(DACH, 4)].into()), NOW).is_err());
}

/// Balanced weights too fine to count exactly are refused with a worded error (never
/// rounded): closing such a round says why, and equal weighting still works.
#[test]
fn weights_too_fine_to_count_exactly_are_refused_not_rounded() {
    use accord::domain::model::{Level, NewGoal};
    let mut w = Workshop::new("Many sizes", NOW).unwrap();
    let goals: Vec<GoalId> = ["A", "B"]
        .iter()
        .map(|t| w.add_goal(NewGoal { title: (*t).into(), level: Level::Objective, parent: None, department: None }).unwrap())
        .collect();
    let r = set_up_round(&mut w, "Fine", Method::Ranked, goals.clone(), Secrecy::Named, Weighting::DepartmentBalanced);
    // 15 departments of 5, 7, 8, 9, 11, … 47 voters (340 in all): their sizes' lcm is
    // about 7.4·10¹⁸, and 15 groups of that weight are beyond 64 bits.
    let mut voters = Vec::new();
    for size in [5usize, 7, 8, 9, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47] {
        let d = w.add_department(&format!("Dept {size}"), None).unwrap();
        for i in 0..size {
            voters.push((w.add_participant(&format!("P{size}-{i}"), Some(d)).unwrap(), goals[i % 2]));
        }
    }
    // Everyone is in the room when the round opens (its voters are fixed then).
    let open = w.set_round_status(r, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    for (p, goal) in voters {
        let cast = w.cast(r, p, Ballot::Ranking(vec![goal]), NOW).unwrap();
        w.apply(cast).unwrap();
    }
    let round = w.round(r).unwrap();
    let refusal = tally_round(&w, round, Weighting::DepartmentBalanced, None).unwrap_err();
    assert!(refusal.to_string().starts_with("Department-balanced results cannot be counted exactly for departments of 5, 7, 8, 9, 11, 13, 17, 19, 23, 29, 31, 37, …"), "{refusal}");
    assert!(compare(&w, round).is_err());
    // Closing records nothing; revealing would record priorities, so it is refused.
    let close = w.set_round_status(r, RoundStatus::Closed).unwrap();
    w.apply(close).unwrap();
    let reveal = w.set_round_status(r, RoundStatus::Revealed).unwrap_err();
    assert!(reveal.to_string().contains("Use equal weighting for this round."), "{reveal}");
    assert!(tally_round(&w, w.round(r).unwrap(), Weighting::Equal, None).is_ok());
    let equal = w.set_weighting(r, Weighting::Equal).unwrap();
    w.apply(equal).unwrap();
    assert!(w.set_round_status(r, RoundStatus::Revealed).is_ok());
}
