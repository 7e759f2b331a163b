//! Rounds in a workshop: the lifecycle, secret ballots, refusals, priorities, results per
//! department and department-balanced weighting.

use accord::domain::demo::demo_workshop;
use accord::domain::history::History;
use accord::domain::model::{GoalId, NewRound, ParticipantId, RoundId, Workshop};
use accord::domain::tally::{compare, tally_round};
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use accord::domain::wire::{restore, to_json};
use proptest::prelude::*;

use crate::support::NOW;

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
    let result = tally_round(&w, w.round(r).unwrap(), Weighting::Equal, None);
    assert_eq!(result.order, vec![vec![SELF_SERVE], vec![DACH], vec![INBOUND]]);
    // Closed: nobody can vote any more, and nothing is recorded until the reveal.
    assert!(w.cast(r, MEI, rank(&[INBOUND]), NOW).unwrap_err().to_string().contains("is closed, not open for voting"));
    assert!(w.goals().iter().all(|g| g.priority.is_none_or(|p| p.round != r)));
    let reveal = w.set_round_status(r, RoundStatus::Revealed).unwrap();
    h.apply(&mut w, reveal).unwrap();
    assert_eq!(w.goal(SELF_SERVE).unwrap().priority.map(|p| p.rank), Some(1));
    assert_eq!(w.goal(INBOUND).unwrap().priority.map(|p| p.rank), Some(3));

    // Re-opening takes the priorities back; one undo restores them.
    let reopen = w.set_round_status(r, RoundStatus::Open).unwrap();
    h.apply(&mut w, reopen).unwrap();
    assert_eq!(w.goal(SELF_SERVE).unwrap().priority, None);
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
    let c = compare(&w, w.round(r).unwrap());
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
                tally_round(&w, round, Weighting::Equal, None).order,
                tally_round(&w, round, Weighting::DepartmentBalanced, None).order
            );
        }
    }
}
