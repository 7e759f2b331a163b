//! The disclosure policy (`domain::disclosure`), attacked from every place a result could
//! leak: priorities, the tree's renderings, the goal-tree export, the ballots CSV, the
//! projector's picture and the conflict detectors. Also: which round a priority comes
//! from, and the electorate fixed when a round opens.

use std::collections::BTreeSet;

use accord::domain::conflicts::{detect, Kind};
use accord::domain::demo::demo_workshop;
use accord::domain::disclosure::{self, Group, Hidden};
use accord::domain::model::{DepartmentId, Edit, GoalId, Level, NewGoal, NewRound, ParticipantId, RoundId, Workshop};
use prop::sample::Index;
use accord::domain::presenter::{encode, show, ProjectorView};
use accord::domain::render::goal_tree::{agreed_tree, to_json};
use accord::domain::render::diff::diff;
use accord::domain::render::{csv, markdown, svg};
use accord::domain::time::Timestamp;
use accord::domain::voting::{Ballot, Method, RoundStatus, Secrecy, Weighting};
use accord::domain::wire::{restore, to_json as workshop_json};
use proptest::prelude::*;

use crate::support::{any_action, any_workshop, apply, set_up_round, NOW};

const EXPORTED: Timestamp = Timestamp(1_800_000_000_000);

/// A workshop with departments of the given sizes (people named `<Dept> <n>`) and three
/// goals under one objective: "Alpha", "Beta", "Gamma".
fn room(sizes: &[(&str, usize)]) -> Workshop {
    let mut w = Workshop::new("Offsite", Timestamp(0)).unwrap();
    for (name, n) in sizes {
        let d = w.add_department(name, None).unwrap();
        for i in 1..=*n {
            w.add_participant(&format!("{name} {i}"), Some(d)).unwrap();
        }
    }
    let grow = w.add_goal(NewGoal { title: "Grow".into(), level: Level::Objective, parent: None, department: None }).unwrap();
    for title in ["Alpha", "Beta", "Gamma"] {
        w.add_goal(NewGoal { title: title.into(), level: Level::DepartmentGoal, parent: Some(grow), department: Some(DepartmentId(1)) })
            .unwrap();
    }
    w
}

fn goal(w: &Workshop, title: &str) -> GoalId {
    w.goals().iter().find(|g| g.title == title).unwrap().id
}

fn people(w: &Workshop, department: &str) -> Vec<ParticipantId> {
    w.participants().iter().filter(|p| p.name.starts_with(department)).map(|p| p.id).collect()
}

/// Opens a ranked round over the three goals, casts `orders` (participant, ranking by
/// title) and closes it. Returns the round.
fn vote(w: &mut Workshop, name: &str, secrecy: Secrecy, orders: &[(ParticipantId, [&str; 3])]) -> RoundId {
    let goals = vec![goal(w, "Alpha"), goal(w, "Beta"), goal(w, "Gamma")];
    let edit = w
        .new_round(NewRound { name: name.into(), method: Method::Ranked, goals, secrecy, weighting: Weighting::Equal, timer_minutes: None })
        .unwrap();
    w.apply(edit).unwrap();
    let id = w.rounds().last().unwrap().id;
    let open = w.set_round_status(id, RoundStatus::Open).unwrap();
    w.apply(open).unwrap();
    for (p, order) in orders {
        let ballot = Ballot::Ranking(order.iter().map(|t| goal(w, t)).collect());
        let cast = w.cast(id, *p, ballot, NOW).unwrap();
        w.apply(cast).unwrap();
    }
    let close = w.set_round_status(id, RoundStatus::Closed).unwrap();
    w.apply(close).unwrap();
    id
}

fn reveal(w: &mut Workshop, id: RoundId) {
    let edit = w.set_round_status(id, RoundStatus::Revealed).unwrap();
    w.apply(edit).unwrap();
}

/// Everything that leaves the facilitator's results screen, as text.
fn outputs(w: &Workshop) -> Vec<String> {
    vec![
        markdown::report(w),
        svg::tree(w),
        csv::ballots(w, 42),
        to_json(&agreed_tree(w, EXPORTED)),
        format!("{:?}", detect(w, &w.conflict_settings)),
        encode(&show(ProjectorView::Tree, w)),
        format!("{:?}", w.rounds().map(|r| disclosure::results(w, r)).collect::<Vec<_>>()),
        format!("{:?}", w.goals().iter().map(|g| disclosure::priority(w, g.id)).collect::<Vec<_>>()),
    ]
}

#[test]
fn closing_a_round_records_nothing_revealing_does_and_reopening_takes_it_back() {
    let mut w = room(&[("Sales", 3)]);
    let sales = people(&w, "Sales");
    let id = vote(&mut w, "Q3 vote", Secrecy::Named, &sales.iter().map(|p| (*p, ["Gamma", "Beta", "Alpha"])).collect::<Vec<_>>());
    assert!(w.goals().iter().all(|g| g.priority.is_none()), "closing recorded priorities");
    for text in outputs(&w) {
        assert!(!text.contains("priority #") && !text.contains("\"rank\"") && !text.contains("#1 "), "{text}");
    }
    assert_eq!(csv::ballots(&w, 1).lines().count(), 1, "only the header while the round is unrevealed");
    assert_eq!(disclosure::results(&w, w.round(id).unwrap()), Err(Hidden::NotRevealed));
    reveal(&mut w, id);
    assert_eq!(w.goal(goal(&w, "Gamma")).unwrap().priority.map(|p| p.rank), Some(1));
    assert!(markdown::report(&w).contains("priority #1 in “Q3 vote”"), "{}", markdown::report(&w));
    assert_eq!(csv::ballots(&w, 1).lines().count(), 1 + 9);
    let reopen = w.set_round_status(id, RoundStatus::Open).unwrap();
    w.apply(reopen).unwrap();
    assert!(w.goals().iter().all(|g| g.priority.is_none()));
}

#[test]
fn a_file_with_priorities_from_a_closed_round_shows_none_of_them() {
    // Files written before the policy recorded priorities on closing.
    let demo = workshop_json(&demo_workshop().unwrap());
    assert!(demo.contains("\"status\": \"revealed\"") && demo.contains("\"rank\": 1"));
    let closed = demo.replacen("\"status\": \"revealed\"", "\"status\": \"closed\"", 1);
    let w = restore(closed.as_bytes()).unwrap();
    assert!(w.goals().iter().all(|g| g.priority.is_none()));
    for text in outputs(&w) {
        assert!(!text.contains("priority #") && !text.contains("\"rank\""), "{text}");
    }
    assert!(detect(&w, &w.conflict_settings).iter().all(|c| c.kind != Kind::Divergence));
}

#[test]
fn divergence_comes_only_from_a_revealed_round() {
    let mut w = room(&[("Sales", 3), ("Engineering", 3)]);
    let mut orders: Vec<(ParticipantId, [&str; 3])> = people(&w, "Sales").into_iter().map(|p| (p, ["Alpha", "Beta", "Gamma"])).collect();
    orders.extend(people(&w, "Engineering").into_iter().map(|p| (p, ["Gamma", "Beta", "Alpha"])));
    let id = vote(&mut w, "Vote", Secrecy::Anonymous, &orders);
    assert!(detect(&w, &w.conflict_settings).iter().all(|c| c.kind != Kind::Divergence), "closed is not revealed");
    reveal(&mut w, id);
    let found: Vec<String> = detect(&w, &w.conflict_settings).into_iter().filter(|c| c.kind == Kind::Divergence).map(|c| c.summary).collect();
    assert!(found.contains(&"Sales ranks “Alpha” 1st of 3 but Engineering ranks it 3rd (100% of the ranking apart) in round “Vote”.".to_string()), "{found:#?}");
}

#[test]
fn an_anonymous_department_of_one_is_never_shown_on_its_own() {
    // Finance has one voter who ranks against Sales: naming Finance's order (or its place
    // for a goal) would show that person's ballot.
    let mut w = room(&[("Sales", 3), ("Finance", 1)]);
    let mut orders: Vec<(ParticipantId, [&str; 3])> = people(&w, "Sales").into_iter().map(|p| (p, ["Alpha", "Beta", "Gamma"])).collect();
    orders.push((people(&w, "Finance")[0], ["Gamma", "Beta", "Alpha"]));
    let id = vote(&mut w, "Vote", Secrecy::Anonymous, &orders);
    reveal(&mut w, id);
    let found: Vec<String> = detect(&w, &w.conflict_settings).into_iter().filter(|c| c.kind == Kind::Divergence).map(|c| c.summary).collect();
    assert!(found.iter().all(|s| !s.contains("Finance")), "{found:#?}");
    let shown = disclosure::results(&w, w.round(id).unwrap()).unwrap();
    assert!(shown.merged);
    // Finance alone (1) is too small, and Finance with Sales is the only group left.
    assert_eq!(shown.groups.len(), 1);
    assert_eq!(shown.groups[0].0, Group::Others(vec![Some(DepartmentId(1)), Some(DepartmentId(2))]));
    assert_eq!(shown.groups[0].1.ballots, 4);
    assert!(shown.groups.iter().all(|(_, r)| r.ballots >= disclosure::MIN_GROUP));
    // The CSV does not name Finance beside a ballot either.
    let table = csv::ballots(&w, 3);
    assert!(!table.contains("Finance"), "{table}");
}

#[test]
fn small_departments_are_shown_together_and_large_ones_alone() {
    let mut w = room(&[("Sales", 3), ("Finance", 1), ("Legal", 1), ("People", 1)]);
    let orders: Vec<(ParticipantId, [&str; 3])> = w.participants().iter().map(|p| (p.id, ["Alpha", "Beta", "Gamma"])).collect();
    let id = vote(&mut w, "Vote", Secrecy::Anonymous, &orders);
    reveal(&mut w, id);
    let shown = disclosure::results(&w, w.round(id).unwrap()).unwrap();
    let groups: Vec<(String, usize)> = shown.groups.iter().map(|(g, r)| (g.label(&w), r.ballots)).collect();
    assert_eq!(groups, vec![("Sales".into(), 3), ("Other departments (Finance, Legal, People)".into(), 3)]);
    let table = csv::ballots(&w, 9);
    assert_eq!(table.matches(",other departments,").count(), 3 * 3, "{table}");
}

#[test]
fn an_anonymous_round_of_two_ballots_shows_no_result() {
    let mut w = room(&[("Sales", 2)]);
    let sales = people(&w, "Sales");
    let id = vote(&mut w, "Vote", Secrecy::Anonymous, &[(sales[0], ["Alpha", "Beta", "Gamma"]), (sales[1], ["Gamma", "Beta", "Alpha"])]);
    reveal(&mut w, id);
    assert_eq!(disclosure::results(&w, w.round(id).unwrap()), Err(Hidden::TooFewBallots { ballots: 2 }));
    assert!(w.goals().iter().all(|g| g.priority.is_none()));
    assert_eq!(csv::ballots(&w, 5).lines().count(), 1);
}

#[test]
fn anonymous_csv_numbers_voters_in_a_shuffled_order() {
    let mut w = room(&[("Sales", 6)]);
    let sales = people(&w, "Sales");
    // Six different ballots, so each "voter N" can be told apart by its rows.
    let orders = [
        ["Alpha", "Beta", "Gamma"],
        ["Alpha", "Gamma", "Beta"],
        ["Beta", "Alpha", "Gamma"],
        ["Beta", "Gamma", "Alpha"],
        ["Gamma", "Alpha", "Beta"],
        ["Gamma", "Beta", "Alpha"],
    ];
    let id = vote(&mut w, "Vote", Secrecy::Anonymous, &sales.iter().copied().zip(orders).collect::<Vec<_>>());
    reveal(&mut w, id);
    let first_of_voter_1 = |seed: u64| -> String {
        let table = csv::ballots(&w, seed);
        table.lines().find(|l| l.contains(",voter 1,") && l.ends_with(",1")).unwrap().split(',').nth(6).unwrap().to_string()
    };
    assert_eq!(csv::ballots(&w, 11), csv::ballots(&w, 11), "one seed, one order");
    let firsts: BTreeSet<String> = (0..40).map(first_of_voter_1).collect();
    // In participant order voter 1 would always be Sales 1, whose first choice is Alpha.
    assert!(firsts.len() >= 3, "voter 1 is not shuffled: {firsts:?}");
    // The rows are listed by voter number, not by participant.
    let table = csv::ballots(&w, 4);
    let voters: Vec<&str> = table.lines().skip(1).map(|l| l.split(',').nth(3).unwrap()).collect();
    let mut sorted = voters.clone();
    sorted.sort_by_key(|v| v.trim_start_matches("voter ").parse::<u32>().unwrap());
    assert_eq!(voters, sorted);
}

#[test]
fn priorities_name_their_round() {
    let mut w = room(&[("Sales", 3)]);
    let sales = people(&w, "Sales");
    let a = vote(&mut w, "Spring vote", Secrecy::Named, &sales.iter().map(|p| (*p, ["Alpha", "Beta", "Gamma"])).collect::<Vec<_>>());
    reveal(&mut w, a);
    let spring = agreed_tree(&w, EXPORTED);
    // A second round over Beta and Gamma only: two goals end up #1 from two rounds.
    let edit = w
        .new_round(NewRound {
            name: "Autumn runoff".into(),
            method: Method::Ranked,
            goals: vec![goal(&w, "Gamma"), goal(&w, "Beta")],
            secrecy: Secrecy::Named,
            weighting: Weighting::Equal,
            timer_minutes: None,
        })
        .unwrap();
    w.apply(edit).unwrap();
    let b = w.rounds().last().unwrap().id;
    w.apply(w.set_round_status(b, RoundStatus::Open).unwrap()).unwrap();
    for p in &sales {
        let cast = w.cast(b, *p, Ballot::Ranking(vec![goal(&w, "Gamma"), goal(&w, "Beta")]), NOW).unwrap();
        w.apply(cast).unwrap();
    }
    w.apply(w.set_round_status(b, RoundStatus::Closed).unwrap()).unwrap();
    reveal(&mut w, b);
    let md = markdown::report(&w);
    assert!(md.contains("Alpha** (department goal, priority #1 in “Spring vote”"), "{md}");
    assert!(md.contains("Gamma** (department goal, priority #1 in “Autumn runoff”"), "{md}");
    let picture = svg::tree(&w);
    assert!(picture.contains("round “Autumn runoff”") && picture.contains("round “Spring vote”"), "{picture}");
    let doc = to_json(&agreed_tree(&w, EXPORTED));
    assert!(doc.contains("\"round_name\": \"Autumn runoff\""), "{doc}");
    // The same rank from another round is a change, and the diff says which rounds.
    let beta = goal(&w, "Beta");
    let lines: Vec<String> = diff(&spring, &agreed_tree(&w, EXPORTED)).iter().map(ToString::to_string).collect();
    assert!(lines.contains(&format!("~ {beta} “Beta” priority #2 in “Spring vote” → #2 in “Autumn runoff”")), "{lines:#?}");
}

#[test]
fn the_voters_are_fixed_when_a_round_opens() {
    let mut w = room(&[("Sales", 3)]);
    let goals = vec![goal(&w, "Alpha"), goal(&w, "Beta")];
    let id = set_up_round(&mut w, "Vote", Method::Ranked, goals, Secrecy::Named, Weighting::Equal);
    w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
    let late = w.add_participant("Latecomer", Some(DepartmentId(1))).unwrap();
    let round = w.round(id).unwrap();
    assert!(!round.is_voter(late), "added after opening");
    assert!(people(&w, "Sales").iter().all(|p| round.is_voter(*p)));
    let err = w.cast(id, late, Ballot::Ranking(vec![goal(&w, "Alpha")]), NOW).unwrap_err();
    assert!(err.to_string().contains("joined after round “Vote” opened"), "{err}");
    // Closing and re-opening keeps the voters; back to setup and open again takes everyone.
    w.apply(w.set_round_status(id, RoundStatus::Closed).unwrap()).unwrap();
    w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
    assert!(!w.round(id).unwrap().is_voter(late));
    w.apply(w.set_round_status(id, RoundStatus::Draft).unwrap()).unwrap();
    w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
    assert!(w.round(id).unwrap().is_voter(late));
}

#[test]
fn the_electorate_survives_the_file_and_old_files_fix_it_on_opening() {
    let mut w = room(&[("Sales", 3)]);
    let goals = vec![goal(&w, "Alpha"), goal(&w, "Beta")];
    let id = set_up_round(&mut w, "Vote", Method::Ranked, goals, Secrecy::Named, Weighting::Equal);
    w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
    let late = w.add_participant("Latecomer", Some(DepartmentId(1))).unwrap();
    let json = workshop_json(&w);
    assert!(json.contains("\"electorate\": ["), "{json}");
    let back = restore(json.as_bytes()).unwrap();
    assert_eq!(back, w);
    assert!(!back.round(id).unwrap().is_voter(late));
    // A file from before Accord kept the electorate: everyone in it may vote.
    let start = json.find("\"electorate\"").unwrap();
    let end = start + json[start..].find(']').unwrap() + 1;
    let mut old = json.clone();
    old.replace_range(start..end, "\"timer_minutes_unused\": 0");
    let old = old.replace(",\n      \"timer_minutes_unused\": 0", "");
    let back = restore(old.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{old}"));
    assert!(back.round(id).unwrap().is_voter(late));
    assert_eq!(back.round(id).unwrap().electorate.as_ref().map(|e| e.len()), Some(4));
}

/// Ways to change an unrevealed round's ballots without changing anything else.
fn change_ballots(w: &Workshop, id: RoundId, how: u8) -> Option<Workshop> {
    let mut round = w.round(id)?.clone();
    match how {
        0 => round.ballots.clear(),
        1 => {
            let keep = *round.ballots.keys().next()?;
            round.ballots.retain(|p, _| *p == keep);
        }
        _ => {
            // Each voter gets the next voter's ballot.
            let voters: Vec<ParticipantId> = round.ballots.keys().copied().collect();
            let casts: Vec<_> = round.ballots.values().cloned().collect();
            for (i, p) in voters.iter().enumerate() {
                round.ballots.insert(*p, casts[(i + 1) % casts.len()].clone());
            }
        }
    }
    let mut changed = w.clone();
    changed.apply(Edit::PutRound(id, Some(Box::new(round)))).ok()?;
    Some(changed)
}

/// A workshop that surely holds an unrevealed round with ballots: the demo (departments,
/// a revealed round, conflicts), any facilitator edits, then a new round over some goals,
/// opened, voted on by some of the people, and perhaps closed.
fn workshop_with_an_unrevealed_round() -> impl Strategy<Value = Workshop> {
    (
        prop::collection::vec(any_action(), 0..30),
        0u8..3,
        any::<bool>(),
        prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), 0u32..6), 1..14),
        any::<bool>(),
    )
        .prop_map(|(actions, method, anonymous, votes, close)| {
            let mut w = demo_workshop().unwrap();
            for action in actions {
                apply(&mut w, action);
            }
            let goals: Vec<GoalId> = w.goals().iter().filter(|g| g.level != Level::Objective).map(|g| g.id).take(5).collect();
            let method = match method {
                0 => Method::Dot { dots: 3, cap: None },
                1 => Method::Score { min: 0, max: 5 },
                _ => Method::Ranked,
            };
            let secrecy = if anonymous { Secrecy::Anonymous } else { Secrecy::Named };
            let new = NewRound { name: "Hidden".into(), method, goals: goals.clone(), secrecy, weighting: Weighting::Equal, timer_minutes: None };
            let Ok(edit) = w.new_round(new) else { return w };
            w.apply(edit).unwrap();
            let id = w.rounds().last().unwrap().id;
            w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
            let people: Vec<ParticipantId> = w.participants().iter().map(|p| p.id).collect();
            for (who, a, b, n) in votes {
                if people.is_empty() {
                    break;
                }
                let (ga, gb) = (goals[a.index(goals.len())], goals[b.index(goals.len())]);
                let ballot = match method {
                    Method::Dot { .. } => Ballot::Dots([(ga, 1), (gb, 1 + n % 2)].into_iter().collect()),
                    Method::Score { .. } => Ballot::Scores([(ga, n), (gb, 5 - n)].into_iter().collect()),
                    Method::Ranked => Ballot::Ranking(if ga == gb { vec![ga] } else { vec![ga, gb] }),
                };
                if let Ok(cast) = w.cast(id, people[who.index(people.len())], ballot, NOW) {
                    w.apply(cast).unwrap();
                }
            }
            if close {
                w.apply(w.set_round_status(id, RoundStatus::Closed).unwrap()).unwrap();
            }
            w
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The strong leak test: for any workshop, changing the ballots of a round that is not
    /// revealed changes no rendering, export, projector picture, detector or result.
    #[test]
    fn nothing_of_an_unrevealed_round_shows(w in any_workshop(), how in 0u8..3) {
        let before = outputs(&w);
        for round in w.rounds().filter(|r| r.status != RoundStatus::Revealed && !r.ballots.is_empty()) {
            let Some(changed) = change_ballots(&w, round.id, how) else { continue };
            prop_assert_eq!(&outputs(&changed), &before, "round {} ({:?})", round.id, round.status);
        }
    }

    /// The same, on workshops that surely hold an open or closed round with ballots (the
    /// generated ones above rarely do), beside the demo's revealed round.
    #[test]
    fn nothing_of_an_unrevealed_round_shows_beside_a_revealed_one(w in workshop_with_an_unrevealed_round(), how in 0u8..3) {
        let before = outputs(&w);
        let hidden: Vec<RoundId> = w.rounds().filter(|r| r.status != RoundStatus::Revealed && !r.ballots.is_empty()).map(|r| r.id).collect();
        for id in hidden {
            let Some(changed) = change_ballots(&w, id, how) else { continue };
            prop_assert_eq!(&outputs(&changed), &before, "round {}", id);
        }
    }
}

/// A goal has one priority, from the latest revealed round that ranks it: a withheld
/// reveal takes nothing away, and re-opening a later round brings back the earlier
/// round's priorities rather than leaving the goals with none.
#[test]
fn revealing_or_reopening_one_round_never_erases_another_rounds_priorities() {
    let mut w = room(&[("Sales", 3)]);
    let sales = people(&w, "Sales");
    let first = vote(&mut w, "First", Secrecy::Named, &sales.iter().map(|p| (*p, ["Gamma", "Beta", "Alpha"])).collect::<Vec<_>>());
    reveal(&mut w, first);
    let rank = |w: &Workshop, t: &str| w.goal(goal(w, t)).unwrap().priority.map(|p| (p.round, p.rank));
    assert_eq!(rank(&w, "Gamma"), Some((first, 1)));

    // An anonymous round of two ballots is withheld when revealed: it erases nothing.
    let small = vote(&mut w, "Small", Secrecy::Anonymous, &sales[..2].iter().map(|p| (*p, ["Alpha", "Beta", "Gamma"])).collect::<Vec<_>>());
    reveal(&mut w, small);
    assert_eq!(rank(&w, "Gamma"), Some((first, 1)), "a withheld reveal took a priority away");

    // A later round takes over; re-opening it gives the first round's priorities back.
    let later = vote(&mut w, "Later", Secrecy::Named, &sales.iter().map(|p| (*p, ["Alpha", "Beta", "Gamma"])).collect::<Vec<_>>());
    reveal(&mut w, later);
    assert_eq!(rank(&w, "Alpha"), Some((later, 1)));
    let reopen = w.set_round_status(later, RoundStatus::Open).unwrap();
    w.apply(reopen).unwrap();
    assert_eq!([rank(&w, "Alpha"), rank(&w, "Gamma")], [Some((first, 3)), Some((first, 1))]);
    // Deleting the first round leaves no priority naming it.
    let gone = w.remove_round(first).unwrap();
    w.apply(gone).unwrap();
    assert!(w.goals().iter().all(|g| g.priority.is_none()), "{:?}", w.goals().iter().map(|g| g.priority).collect::<Vec<_>>());
}
