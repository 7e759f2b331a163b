//! A revealed round's result as a room reads it: the winner (or the tie) as the headline,
//! bars in rank order with ties grouped, each department's order side by side with its
//! disagreements with the overall order marked. Built only from what the disclosure
//! policy shows (`disclosure::results`), so nothing hidden can reach a view through it.
//!
//! Within a tie (goals sharing a rank) the goals are listed by their exact headline
//! figure, highest first: for a ranked round that is their Borda points, so a Schulze
//! tie reads in Borda order; dots and scores tie only on equal figures, which keep the
//! round's order.

use crate::domain::conflicts::{self, Conflict, Kind};
use crate::domain::disclosure::{self, Disclosed, Group, Hidden};
use crate::domain::model::{DepartmentId, GoalId, Workshop};
use crate::domain::tally::{Ratio, RoundResult};
use crate::domain::voting::{Method, Round};

/// How many places apart a department and the overall order must put a goal for it to be
/// marked as a disagreement (when the conflict detector has not already flagged it).
pub const DEFAULT_GAP: u32 = 2;

/// What the result says in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Headline {
    /// One goal ranks first.
    Winner { goal: GoalId, title: String },
    /// Two or more goals share first place (listed in bar order).
    Tie { goals: Vec<(GoalId, String)> },
    /// Nobody voted: there is nothing to rank.
    NoBallots,
}

impl Headline {
    /// The sentence shown to the room: `“A” comes first`, `Tied for first: “A” and “B”`.
    pub fn sentence(&self) -> String {
        match self {
            Headline::Winner { title, .. } => format!("“{title}” comes first"),
            Headline::Tie { goals } => {
                let quoted: Vec<String> = goals.iter().map(|(_, t)| format!("“{t}”")).collect();
                match quoted.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("Tied for first: {} and {last}", rest.join(", ")),
                    Some((only, _)) => format!("{only} comes first"),
                    None => "No ballots were counted.".to_string(),
                }
            }
            Headline::NoBallots => "No ballots were counted.".to_string(),
        }
    }
}

/// One goal's bar in the overall order.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub goal: GoalId,
    pub title: String,
    /// Competition rank ("1, 2, 2, 4"): tied goals share it.
    pub rank: u32,
    /// The headline figure (dots, mean score or Borda points), for display.
    pub value: f64,
    /// The figure as text ("3", "2.50").
    pub figure: String,
    /// The bar's length, 0–1: the figure over the largest figure.
    pub share: f64,
    /// Shares its rank with another goal.
    pub tied: bool,
}

/// One goal in a department's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeptEntry {
    pub goal: GoalId,
    pub title: String,
    /// Its rank in this department's order.
    pub rank: u32,
    pub tied: bool,
    /// Its rank overall.
    pub overall_rank: u32,
    /// This department places it far from the overall order (`gap` places or more), or
    /// elsewhere than overall while the conflict detector flags the goal's divergence
    /// for this department.
    pub disagrees: bool,
}

/// A department (or a group the disclosure policy shows together) and its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeptColumn {
    pub label: String,
    /// The departments in this group (one for a department, several for "Other
    /// departments", none for people without one).
    pub departments: Vec<DepartmentId>,
    pub ballots: usize,
    /// Best first, ties in the same order as the overall bars.
    pub entries: Vec<DeptEntry>,
}

/// Where departments pull apart, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub goals: Vec<GoalId>,
    pub departments: Vec<DepartmentId>,
    pub text: String,
    /// Flagged by the conflict detector (and on the Resolve board), not only by the gap.
    pub detected: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    pub headline: Headline,
    /// What the figures are ("Dots", "Mean score", "Borda points").
    pub figure_name: &'static str,
    pub ballots: usize,
    /// Best first; goals of equal rank are adjacent.
    pub bars: Vec<Bar>,
    pub departments: Vec<DeptColumn>,
    pub disagreements: Vec<Disagreement>,
}

/// What a round's figures are called.
pub fn figure_name(method: Method) -> &'static str {
    match method {
        Method::Dot { .. } => "Dots",
        Method::Score { .. } => "Mean score",
        Method::Ranked => "Borda points",
    }
}

/// A figure as shown: whole numbers without decimals, others with two.
pub fn figure(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.2}") }
}

/// The round's goals best first: tier by tier, within a tier by the exact headline figure
/// (Borda points for a ranked round), highest first, then the round's order.
pub fn ordered(result: &RoundResult) -> Vec<(GoalId, u32, bool)> {
    let mut out = Vec::with_capacity(result.goals.len());
    let mut above: u32 = 0;
    // The tally lists the goals of a tier by their headline figure (Borda points for a
    // ranked round), so the order is taken as it is: one place decides it.
    for tier in &result.order {
        let rank = above.saturating_add(1);
        for g in tier {
            out.push((*g, rank, tier.len() > 1));
        }
        above = above.saturating_add(u32::try_from(tier.len()).unwrap_or(u32::MAX));
    }
    out
}

fn group_departments(group: &Group) -> Vec<DepartmentId> {
    match group {
        Group::Department(d) => vec![*d],
        Group::Others(ds) => ds.iter().flatten().copied().collect(),
        Group::NoDepartment => Vec::new(),
    }
}


/// The view of a round's results, or why they are not shown (the disclosure policy).
/// Disagreements use `DEFAULT_GAP` and the conflict detector with the workshop's settings
/// (the Resolve board's).
pub fn results_view(w: &Workshop, round: &Round) -> Result<ResultsView, Hidden> {
    let shown = disclosure::results(w, round)?;
    let detected = conflicts::detect(w, &w.conflict_settings);
    Ok(build(w, round, &shown, DEFAULT_GAP, &detected))
}

/// The view of results the disclosure policy has shown. `gap`: places apart that count
/// as a disagreement; `detected`: the conflict detector's findings (those about this
/// round's goals are listed, and mark the departments' columns).
pub fn build(w: &Workshop, round: &Round, shown: &Disclosed, gap: u32, detected: &[Conflict]) -> ResultsView {
    let overall = &shown.overall;
    let zero = Ratio::new(0, 1);
    let max = overall.exact.values().copied().max().unwrap_or(zero).to_f64();
    let order = ordered(overall);
    let bars: Vec<Bar> = order
        .iter()
        .map(|(g, rank, tied)| {
            let value = overall.exact.get(g).copied().unwrap_or(zero).to_f64();
            let share = if max > 0.0 && value.is_finite() { (value / max).clamp(0.0, 1.0) } else { 0.0 };
            Bar { goal: *g, title: w.title_of(*g), rank: *rank, value, figure: figure(value), share, tied: *tied }
        })
        .collect();
    let headline = if overall.ballots == 0 || bars.is_empty() {
        Headline::NoBallots
    } else {
        let first: Vec<(GoalId, String)> = bars.iter().filter(|b| b.rank == 1).map(|b| (b.goal, b.title.clone())).collect();
        match first.as_slice() {
            [(goal, title)] => Headline::Winner { goal: *goal, title: title.clone() },
            _ => Headline::Tie { goals: first },
        }
    };
    let overall_rank = |g: GoalId| order.iter().find(|(x, _, _)| *x == g).map_or(0, |(_, r, _)| *r);
    // The detector's findings about this round's goals only.
    let latest = disclosure::latest_shown(w).map(|r| r.id);
    let relevant: Vec<&Conflict> = detected
        .iter()
        .filter(|c| match c.kind {
            Kind::Divergence => latest == Some(round.id) && c.goals.iter().all(|g| round.goals.contains(g)),
            Kind::Contention => c.goals.iter().all(|g| round.goals.contains(g)),
            _ => false,
        })
        .collect();
    let flagged = |g: GoalId, ds: &[DepartmentId]| {
        relevant.iter().any(|c| c.kind == Kind::Divergence && c.goals.contains(&g) && ds.iter().any(|d| c.departments.contains(d)))
    };
    let mut disagreements: Vec<Disagreement> = relevant
        .iter()
        .map(|c| Disagreement { goals: c.goals.clone(), departments: c.departments.clone(), text: c.summary.clone(), detected: true })
        .collect();
    let departments: Vec<DeptColumn> = shown
        .groups
        .iter()
        .map(|(group, result)| {
            let ds = group_departments(group);
            let label = group.label(w);
            let entries: Vec<DeptEntry> = ordered(result)
                .into_iter()
                .map(|(g, rank, tied)| {
                    let overall = overall_rank(g);
                    let far = rank.abs_diff(overall) >= gap.max(1);
                    let detector = flagged(g, &ds);
                    if far && !detector && !relevant.iter().any(|c| c.kind == Kind::Divergence && c.goals.contains(&g)) {
                        disagreements.push(Disagreement {
                            goals: vec![g],
                            departments: ds.clone(),
                            text: format!("{label} ranks “{}” {}; overall it is {}.", w.title_of(g), conflicts::ordinal(rank as usize), conflicts::ordinal(overall as usize)),
                            detected: false,
                        });
                    }
                    DeptEntry { goal: g, title: w.title_of(g), rank, tied, overall_rank: overall, disagrees: far || (detector && rank != overall) }
                })
                .collect();
            DeptColumn { label, departments: ds, ballots: result.ballots, entries }
        })
        .collect();
    ResultsView { headline, figure_name: figure_name(round.method), ballots: overall.ballots, bars, departments, disagreements }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::demo_workshop;
    use crate::domain::model::{NewRound, ParticipantId, RoundId};
    use crate::domain::time::Timestamp;
    use crate::domain::voting::{Ballot, RoundStatus, Secrecy, Weighting};
    use proptest::prelude::*;

    const GOALS: [GoalId; 4] = [GoalId(5), GoalId(6), GoalId(7), GoalId(8)];

    fn round_of(method: Method, goals: &[GoalId], secrecy: Secrecy) -> (Workshop, RoundId) {
        let mut w = demo_workshop().unwrap();
        let new = w
            .new_round(NewRound { name: "View".into(), method, goals: goals.to_vec(), secrecy, weighting: Weighting::Equal, timer_minutes: None })
            .unwrap();
        w.apply(new).unwrap();
        let id = w.rounds().map(|r| r.id).max().unwrap();
        w.apply(w.set_round_status(id, RoundStatus::Open).unwrap()).unwrap();
        (w, id)
    }

    fn cast(w: &mut Workshop, round: RoundId, who: u32, ballot: Ballot) {
        w.apply(w.cast(round, ParticipantId(who), ballot, Timestamp(1)).unwrap()).unwrap();
    }

    fn reveal(w: &mut Workshop, round: RoundId) -> ResultsView {
        w.apply(w.set_round_status(round, RoundStatus::Closed).unwrap()).unwrap();
        w.apply(w.set_round_status(round, RoundStatus::Revealed).unwrap()).unwrap();
        results_view(w, w.round(round).unwrap()).unwrap()
    }

    fn order(v: &ResultsView) -> Vec<(GoalId, u32, bool)> {
        v.bars.iter().map(|b| (b.goal, b.rank, b.tied)).collect()
    }

    #[test]
    fn a_schulze_tie_at_the_top_is_the_headline_listed_by_borda_points() {
        // 5 and 6 tie 2–2 head to head and both beat 7, so Schulze ties them first; 6 has
        // more Borda points (6 against 5), so it is listed first although the round
        // lists 5 first.
        let goals = [GOALS[0], GOALS[1], GOALS[2]];
        let (mut w, id) = round_of(Method::Ranked, &goals, Secrecy::Named);
        let [a, b, c] = goals;
        cast(&mut w, id, 1, Ballot::Ranking(vec![b, c, a]));
        cast(&mut w, id, 2, Ballot::Ranking(vec![a, b, c]));
        cast(&mut w, id, 3, Ballot::Ranking(vec![b, a, c]));
        cast(&mut w, id, 4, Ballot::Ranking(vec![a, b, c]));
        let v = reveal(&mut w, id);
        let shown = disclosure::results(&w, w.round(id).unwrap()).unwrap();
        assert_eq!(shown.overall.order, vec![vec![b, a], vec![c]], "the tally ties 5 and 6 and lists them by Borda points");
        assert_eq!(order(&v), vec![(b, 1, true), (a, 1, true), (c, 3, false)]);
        assert_eq!(v.bars.iter().map(|b| b.figure.as_str()).collect::<Vec<_>>(), ["6", "5", "1"]);
        assert_eq!(v.headline, Headline::Tie { goals: vec![(b, w.title_of(b)), (a, w.title_of(a))] });
        assert_eq!(v.headline.sentence(), format!("Tied for first: “{}” and “{}”", w.title_of(b), w.title_of(a)));
        assert_eq!(v.figure_name, "Borda points");
    }

    #[test]
    fn tied_rows_are_ordered_by_borda_not_by_the_rounds_order() {
        // The round lists 5, 6, 7; Schulze ties 6 and 7 below 5, and 7 has more Borda
        // points: 7 must come before 6 even though the round lists 6 first.
        let goals = [GOALS[0], GOALS[1], GOALS[2]];
        let (mut w, id) = round_of(Method::Ranked, &goals, Secrecy::Named);
        cast(&mut w, id, 1, Ballot::Ranking(vec![GOALS[2], GOALS[0], GOALS[1]]));
        cast(&mut w, id, 2, Ballot::Ranking(vec![GOALS[0], GOALS[1], GOALS[2]]));
        cast(&mut w, id, 3, Ballot::Ranking(vec![GOALS[0], GOALS[2], GOALS[1]]));
        cast(&mut w, id, 4, Ballot::Ranking(vec![GOALS[0], GOALS[1], GOALS[2]]));
        let v = reveal(&mut w, id);
        let shown = disclosure::results(&w, w.round(id).unwrap()).unwrap();
        assert_eq!(shown.overall.order, vec![vec![GOALS[0]], vec![GOALS[2], GOALS[1]]], "the tally ties 6 and 7 and lists them by Borda points");
        assert!(shown.overall.exact[&GOALS[2]] > shown.overall.exact[&GOALS[1]]);
        assert_eq!(order(&v), vec![(GOALS[0], 1, false), (GOALS[2], 2, true), (GOALS[1], 2, true)]);
        assert_eq!(v.headline, Headline::Winner { goal: GOALS[0], title: w.title_of(GOALS[0]) });
        assert_eq!(v.headline.sentence(), format!("“{}” comes first", w.title_of(GOALS[0])));
    }

    #[test]
    fn a_round_with_no_ballots_has_no_winner() {
        let (mut w, id) = round_of(Method::Dot { dots: 3, cap: None }, &GOALS[..3], Secrecy::Named);
        let v = reveal(&mut w, id);
        assert_eq!(v.headline, Headline::NoBallots);
        assert_eq!(v.headline.sentence(), "No ballots were counted.");
        assert_eq!(v.ballots, 0);
        assert!(v.departments.is_empty() && v.disagreements.is_empty());
        assert!(v.bars.iter().all(|b| b.share == 0.0 && b.rank == 1 && b.tied));
    }

    #[test]
    fn a_dot_tie_at_the_top_is_the_headline_and_shares_follow_the_figures() {
        let (mut w, id) = round_of(Method::Dot { dots: 4, cap: None }, &GOALS[..3], Secrecy::Named);
        cast(&mut w, id, 1, Ballot::Dots([(GOALS[0], 3), (GOALS[2], 1)].into_iter().collect()));
        cast(&mut w, id, 2, Ballot::Dots([(GOALS[1], 3), (GOALS[2], 1)].into_iter().collect()));
        let v = reveal(&mut w, id);
        assert_eq!(order(&v), vec![(GOALS[0], 1, true), (GOALS[1], 1, true), (GOALS[2], 3, false)]);
        assert_eq!(v.bars.iter().map(|b| (b.figure.as_str(), b.share)).collect::<Vec<_>>(), [("3", 1.0), ("3", 1.0), ("2", 2.0 / 3.0)]);
        assert_eq!(v.headline.sentence(), format!("Tied for first: “{}” and “{}”", w.title_of(GOALS[0]), w.title_of(GOALS[1])));
    }

    #[test]
    fn a_department_far_from_the_overall_order_is_marked_and_named() {
        // Three voters in one department put 5 first; one voter of another puts it last.
        let (mut w, id) = round_of(Method::Ranked, &GOALS[..3], Secrecy::Named);
        let dept = |w: &Workshop, p: u32| w.participant(ParticipantId(p)).unwrap().department;
        let people: Vec<u32> = w.participants().iter().map(|p| p.id.0).collect();
        let first = people[0];
        let other = *people.iter().find(|p| dept(&w, **p) != dept(&w, first)).unwrap();
        let same: Vec<u32> = people.iter().copied().filter(|p| dept(&w, *p) == dept(&w, first)).take(3).collect();
        for p in &same {
            cast(&mut w, id, *p, Ballot::Ranking(vec![GOALS[0], GOALS[1], GOALS[2]]));
        }
        cast(&mut w, id, other, Ballot::Ranking(vec![GOALS[2], GOALS[1], GOALS[0]]));
        let v = reveal(&mut w, id);
        assert_eq!(v.bars[0].goal, GOALS[0]);
        let column = v.departments.iter().find(|c| c.departments == vec![dept(&w, other).unwrap()]).unwrap();
        let entry = column.entries.iter().find(|e| e.goal == GOALS[0]).unwrap();
        assert_eq!((entry.rank, entry.overall_rank, entry.disagrees), (3, 1, true));
        let agreeing = v.departments.iter().find(|c| c.departments == vec![dept(&w, first).unwrap()]).unwrap();
        assert!(agreeing.entries.iter().all(|e| !e.disagrees), "{agreeing:?}");
        assert!(v.disagreements.iter().any(|d| d.goals == vec![GOALS[0]] && d.text.contains(&column.label)), "{:?}", v.disagreements);
        // Each disagreement about goal 5 is listed once.
        let about_first: Vec<_> = v.disagreements.iter().filter(|d| d.goals.contains(&GOALS[0]) && d.departments.contains(&dept(&w, other).unwrap())).collect();
        assert_eq!(about_first.len(), 1, "{:?}", v.disagreements);
    }

    #[test]
    fn nothing_is_built_for_a_round_the_policy_hides() {
        let (mut w, id) = round_of(Method::Ranked, &GOALS[..3], Secrecy::Anonymous);
        cast(&mut w, id, 1, Ballot::Ranking(GOALS[..3].to_vec()));
        assert_eq!(results_view(&w, w.round(id).unwrap()).unwrap_err(), Hidden::NotRevealed);
        cast(&mut w, id, 2, Ballot::Ranking(GOALS[..3].to_vec()));
        w.apply(w.set_round_status(id, RoundStatus::Closed).unwrap()).unwrap();
        w.apply(w.set_round_status(id, RoundStatus::Revealed).unwrap()).unwrap();
        assert_eq!(results_view(&w, w.round(id).unwrap()).unwrap_err(), Hidden::TooFewBallots { ballots: 2 });
    }

    fn ballot_strategy(method: Method, n: usize) -> BoxedStrategy<Ballot> {
        match method {
            Method::Ranked => Just((0..n).collect::<Vec<usize>>())
                .prop_shuffle()
                .prop_flat_map(move |perm| (Just(perm), 1..=n))
                .prop_map(|(perm, k)| Ballot::Ranking(perm[..k].iter().map(|i| GOALS[*i]).collect()))
                .boxed(),
            // Never empty: the first goal always gets a dot.
            _ => proptest::collection::vec(0u32..=2, n)
                .prop_map(|v| Ballot::Dots(v.into_iter().enumerate().filter(|(i, d)| *d > 0 || *i == 0).map(|(i, d)| (GOALS[i], d.max(u32::from(i == 0)))).collect()))
                .boxed(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn bars_are_in_rank_order_with_ties_adjacent_and_shares_in_range(
            ranked in any::<bool>(),
            ballots in proptest::collection::btree_set(1u32..=12, 0..10)
                .prop_flat_map(|voters| {
                    let voters: Vec<u32> = voters.into_iter().collect();
                    let n = voters.len();
                    (Just(voters), proptest::collection::vec(ballot_strategy(Method::Ranked, 4), n), proptest::collection::vec(ballot_strategy(Method::Dot { dots: 8, cap: None }, 4), n))
                }),
        ) {
            let (voters, rankings, dots) = ballots;
            let method = if ranked { Method::Ranked } else { Method::Dot { dots: 8, cap: None } };
            let (mut w, id) = round_of(method, &GOALS, Secrecy::Named);
            for (k, who) in voters.iter().enumerate() {
                let ballot = if ranked { rankings[k].clone() } else { dots[k].clone() };
                cast(&mut w, id, *who, ballot);
            }
            let v = reveal(&mut w, id);
            prop_assert_eq!(v.bars.len(), GOALS.len());
            for pair in v.bars.windows(2) {
                prop_assert!(pair[0].rank <= pair[1].rank, "sorted by rank: {:?}", v.bars);
                if pair[0].rank == pair[1].rank {
                    prop_assert!(pair[0].tied && pair[1].tied);
                    prop_assert!(pair[0].value >= pair[1].value);
                }
            }
            // Equal ranks are adjacent: a rank never comes back after another.
            let mut seen: Vec<u32> = Vec::new();
            for b in &v.bars {
                if seen.last() != Some(&b.rank) {
                    prop_assert!(!seen.contains(&b.rank), "rank {} split: {:?}", b.rank, v.bars);
                    seen.push(b.rank);
                }
                prop_assert!((0.0..=1.0).contains(&b.share));
                // A competition rank: one more than the goals above it in better tiers.
                prop_assert_eq!(b.rank as usize, 1 + v.bars.iter().filter(|x| x.rank < b.rank).count());
            }
            // The headline names exactly the goals ranked first.
            match &v.headline {
                Headline::NoBallots => prop_assert_eq!(v.ballots, 0),
                Headline::Winner { goal, .. } => prop_assert_eq!(v.bars.iter().filter(|b| b.rank == 1).map(|b| b.goal).collect::<Vec<_>>(), vec![*goal]),
                Headline::Tie { goals } => {
                    prop_assert!(goals.len() > 1);
                    prop_assert_eq!(v.bars.iter().filter(|b| b.rank == 1).map(|b| b.goal).collect::<Vec<_>>(), goals.iter().map(|(g, _)| *g).collect::<Vec<_>>());
                }
            }
            for column in &v.departments {
                prop_assert_eq!(column.entries.len(), GOALS.len());
                for pair in column.entries.windows(2) {
                    prop_assert!(pair[0].rank <= pair[1].rank);
                }
            }
        }
    }
}
