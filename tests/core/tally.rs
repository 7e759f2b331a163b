//! Tallies against published worked examples, and the properties a PM relies on.

use accord::domain::tally::kendall::{average_ranks, kendalls_w};
use accord::domain::tally::schulze::{self, WeightedRanking};
use accord::domain::tally::borda;
use proptest::prelude::*;

/// Expands "5 ACBED"-style groups into ballots over candidates A.. (indexes 0..).
fn ballots(groups: &[(usize, &str)]) -> Vec<Vec<usize>> {
    groups
        .iter()
        .flat_map(|(count, order)| {
            let ranking: Vec<usize> = order.bytes().map(|b| (b - b'A') as usize).collect();
            std::iter::repeat_n(ranking, *count)
        })
        .collect()
}

fn weighted(ballots: &[Vec<usize>]) -> Vec<WeightedRanking<'_>> {
    ballots.iter().map(|r| WeightedRanking { ranking: r, weight: 1 }).collect()
}

fn letters(order: &[Vec<usize>]) -> Vec<String> {
    order.iter().map(|tier| tier.iter().map(|c| (b'A' + *c as u8) as char).collect()).collect()
}

/// The standard example of the Schulze method (Schulze 2011, also on Wikipedia):
/// 45 voters, 5 candidates, result E > A > C > B > D.
#[test]
fn schulze_standard_example_of_45_voters() {
    let b = ballots(&[(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]);
    let result = schulze::rank(5, &weighted(&b)).unwrap();
    let d: Vec<Vec<u32>> = result.pairwise.iter().map(|r| r.iter().map(|x| *x as u32).collect()).collect();
    assert_eq!(
        d,
        vec![
            vec![0, 20, 26, 30, 22],
            vec![25, 0, 16, 33, 18],
            vec![19, 29, 0, 17, 24],
            vec![15, 12, 28, 0, 14],
            vec![23, 27, 21, 31, 0],
        ]
    );
    let p: Vec<Vec<u32>> = result.strongest.iter().map(|r| r.iter().map(|x| *x as u32).collect()).collect();
    assert_eq!(
        p,
        vec![
            vec![0, 28, 28, 30, 24],
            vec![25, 0, 28, 33, 24],
            vec![25, 29, 0, 29, 24],
            vec![25, 28, 28, 0, 24],
            vec![25, 28, 28, 31, 0],
        ]
    );
    assert_eq!(letters(&result.order), ["E", "A", "C", "B", "D"]);
}

/// A Condorcet cycle (A beats B, B beats C, C beats A) is settled by path strength.
#[test]
fn schulze_breaks_a_condorcet_cycle_by_the_strongest_paths() {
    // 4 voters A>B>C, 3 voters B>C>A, 2 voters C>A>B: A beats B 6–3, B beats C 7–2,
    // C beats A 5–4. Strongest paths: A→B 6, A→C min(6,7)=6; B→C 7, B→A min(7,5)=5;
    // C→A 5, C→B min(5,6)=5. A beats both (6>5, 6>5), B beats C (7>6 is B→C 7 vs C→B 5).
    let b = ballots(&[(4, "ABC"), (3, "BCA"), (2, "CAB")]);
    let result = schulze::rank(3, &weighted(&b)).unwrap();
    assert_eq!(letters(&result.order), ["A", "B", "C"]);
}

#[test]
fn ties_in_the_result_are_shown_as_ties() {
    let b = ballots(&[(2, "AB"), (2, "BA"), (1, "C")]);
    // A and B are tied head to head (2–2); four voters put both above the unranked C,
    // one ranks only C. A and B tie for first.
    let result = schulze::rank(3, &weighted(&b)).unwrap();
    assert_eq!(letters(&result.order), ["AB", "C"]);
    let nobody: Vec<Vec<usize>> = Vec::new();
    assert_eq!(letters(&schulze::rank(3, &weighted(&nobody)).unwrap().order), ["ABC"]);
}

#[test]
fn partial_rankings_leave_the_rest_tied_last_for_schulze_and_borda() {
    // One voter ranks only C; the unranked A, B share the points for 2nd and 3rd.
    let b = ballots(&[(1, "C")]);
    assert_eq!(letters(&schulze::rank(3, &weighted(&b)).unwrap().order), ["C", "AB"]);
    assert_eq!(borda::points(3, &weighted(&b), 1).unwrap(), vec![0.5, 0.5, 2.0]);
}

#[test]
fn borda_beside_schulze_on_the_standard_example() {
    let b = ballots(&[(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]);
    // Borda points are the row sums of the pairwise matrix for full rankings.
    assert_eq!(borda::points(5, &weighted(&b), 1).unwrap(), vec![98.0, 92.0, 89.0, 69.0, 102.0]);
}

#[test]
fn average_ranks_share_tied_places() {
    assert_eq!(average_ranks(&[10.0, 30.0, 30.0, 5.0]), vec![3.0, 1.5, 1.5, 4.0]);
}

#[test]
fn kendalls_w_is_one_for_full_agreement_and_zero_for_none() {
    let same = vec![vec![1.0, 2.0, 3.0], vec![1.0, 2.0, 3.0]];
    assert!((kendalls_w(&same).unwrap() - 1.0).abs() < 1e-12);
    let opposite = vec![vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0]];
    assert!(kendalls_w(&opposite).unwrap().abs() < 1e-12);
    assert_eq!(kendalls_w(&[vec![1.0, 2.0]]), None, "one rater is no agreement to measure");
}

fn any_ballots(candidates: usize) -> impl Strategy<Value = Vec<Vec<usize>>> {
    prop::collection::vec(Just((0..candidates).collect::<Vec<_>>()).prop_shuffle().prop_flat_map(move |order| {
        (0..=candidates).prop_map(move |keep| order[..keep.max(1)].to_vec())
    }), 1..25)
}

fn position_of(order: &[Vec<usize>], c: usize) -> usize {
    let mut above = 0;
    for tier in order {
        if tier.contains(&c) {
            return above;
        }
        above += tier.len();
    }
    usize::MAX
}

/// Ballots with department-balanced weights: each ballot's voter is in one of four
/// departments of uneven sizes, so the whole-number weights differ and change orders.
fn any_balanced(candidates: usize) -> impl Strategy<Value = (Vec<Vec<usize>>, Vec<u64>)> {
    (any_ballots(candidates), prop::collection::vec(0u8..4, 25)).prop_map(|(b, groups)| {
        let w = accord::domain::tally::Weights::balanced(&groups[..b.len()]).unwrap().each;
        (b, w)
    })
}

fn with_weights<'a>(ballots: &'a [Vec<usize>], weights: &[u64]) -> Vec<WeightedRanking<'a>> {
    ballots.iter().zip(weights).map(|(r, w)| WeightedRanking { ranking: r, weight: *w }).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// A candidate who beats every other head to head wins Schulze, alone.
    #[test]
    fn a_condorcet_winner_wins((b, w) in any_balanced(5)) {
        let result = schulze::rank(5, &with_weights(&b, &w)).unwrap();
        let d = &result.pairwise;
        if let Some(winner) = (0..5).find(|&c| (0..5).all(|o| o == c || d[c][o] > d[o][c])) {
            prop_assert_eq!(&result.order[0], &vec![winner]);
        }
    }

    /// Anonymity: the order of the ballots (each with its weight) does not matter.
    #[test]
    fn ballot_order_does_not_matter((b, w) in any_balanced(5), seed in any::<u64>()) {
        let mut shuffled: Vec<(Vec<usize>, u64)> = b.iter().cloned().zip(w.iter().copied()).collect();
        let len = shuffled.len();
        for i in 0..len {
            shuffled.swap(i, (seed.rotate_left(i as u32) as usize) % len);
        }
        let (sb, sw): (Vec<Vec<usize>>, Vec<u64>) = shuffled.into_iter().unzip();
        prop_assert_eq!(schulze::rank(5, &with_weights(&b, &w)).unwrap().order, schulze::rank(5, &with_weights(&sb, &sw)).unwrap().order);
    }

    /// Neutrality: renaming the candidates renames the result, nothing more.
    #[test]
    fn candidate_order_does_not_matter((b, w) in any_balanced(5), permutation in Just((0..5).collect::<Vec<usize>>()).prop_shuffle()) {
        let renamed: Vec<Vec<usize>> = b.iter().map(|r| r.iter().map(|c| permutation[*c]).collect()).collect();
        let original = schulze::rank(5, &with_weights(&b, &w)).unwrap().order;
        let mut expected: Vec<Vec<usize>> = original.iter().map(|t| { let mut t: Vec<usize> = t.iter().map(|c| permutation[*c]).collect(); t.sort(); t }).collect();
        let mut got = schulze::rank(5, &with_weights(&renamed, &w)).unwrap().order;
        for t in &mut got { t.sort(); }
        expected.iter_mut().for_each(|t| t.sort());
        prop_assert_eq!(got, expected);
    }

    /// Monotonicity: raising a candidate on one ballot never lowers its place.
    #[test]
    fn raising_a_goal_never_lowers_it((b, w) in any_balanced(5), which in any::<prop::sample::Index>(), candidate in 0usize..5) {
        let before = position_of(&schulze::rank(5, &with_weights(&b, &w)).unwrap().order, candidate);
        let mut raised = b.clone();
        let ballot = &mut raised[which.index(b.len())];
        match ballot.iter().position(|c| *c == candidate) {
            Some(0) => {}
            Some(at) => ballot.swap(at, at - 1),
            None => ballot.push(candidate),
        }
        let after = position_of(&schulze::rank(5, &with_weights(&raised, &w)).unwrap().order, candidate);
        prop_assert!(after <= before, "was {} now {}", before, after);
    }
}

/// The electorate the benchmarks and the in-browser measurement (`#lab/schulze`) use:
/// candidate 0 is favoured on a third of the ballots and wins, natively as in wasm.
#[test]
fn the_benchmark_electorate_elects_candidate_zero() {
    let b = accord::domain::sample::generated_rankings(7, 1000, 200);
    assert_eq!(schulze::rank(200, &weighted(&b)).unwrap().order[0], vec![0]);
}

/// The NAG Library's worked example for G08DAF (Kendall's coefficient of concordance,
/// tie-corrected): 3 comparisons of 10 objects with tied ranks; published W = 0.828
/// (NAG Library Manual, g08daf example results). Without the tie correction the same
/// data give 0.796, so this example tells the corrected formula from the plain one.
#[test]
fn kendalls_w_matches_the_nag_g08daf_example_with_ties() {
    let ranks = vec![
        vec![1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
        vec![2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
        vec![2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0],
    ];
    let w = kendalls_w(&ranks).unwrap();
    assert_eq!((w * 1000.0).round() / 1000.0, 0.828);
    assert!((w - 7092.0 / 8568.0).abs() < 1e-12);
}

mod exact_weights {
    //! Department-balanced tallies with uneven departments, where the weights change the
    //! order: the exact weighted tally must be the unweighted tally of each ballot repeated
    //! by its whole-number weight.

    use std::sync::atomic::{AtomicUsize, Ordering};

    use accord::domain::model::{GoalId, Level, NewGoal, NewRound, Workshop};
    use accord::domain::tally::{tally_ballots, Detail, RoundResult, Weights};
    use accord::domain::time::Timestamp;
    use accord::domain::voting::{Ballot, Method, Round, Secrecy, Weighting};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    const GOALS: usize = 4;

    /// A round over four goals, made the way the app makes one.
    fn round(method: Method) -> (Round, Vec<GoalId>) {
        let mut w = Workshop::new("Exact", Timestamp(0)).unwrap();
        let goals: Vec<GoalId> = (0..GOALS)
            .map(|i| w.add_goal(NewGoal { title: format!("Goal {i}"), level: Level::Objective, parent: None, department: None }).unwrap())
            .collect();
        let new = w
            .new_round(NewRound { name: "R".into(), method, goals: goals.clone(), secrecy: Secrecy::Named, weighting: Weighting::DepartmentBalanced, timer_minutes: None })
            .unwrap();
        w.apply(new).unwrap();
        (w.rounds().last().unwrap().clone(), goals)
    }

    /// A ballot for `method` from generated marks (ranked: the goals with a mark > 0, by mark).
    fn ballot(method: Method, goals: &[GoalId], marks: &[u32]) -> Ballot {
        match method {
            Method::Dot { .. } => Ballot::Dots(goals.iter().zip(marks).filter(|(_, m)| **m > 0).map(|(g, m)| (*g, *m)).collect()),
            Method::Score { .. } => Ballot::Scores(goals.iter().zip(marks).filter(|(_, m)| **m > 0).map(|(g, m)| (*g, *m - 1)).collect()),
            Method::Ranked => {
                let mut ranked: Vec<(u32, GoalId)> = goals.iter().zip(marks).filter(|(_, m)| **m > 0).map(|(g, m)| (*m, *g)).collect();
                ranked.sort();
                Ballot::Ranking(ranked.into_iter().map(|(_, g)| g).collect())
            }
        }
    }

    fn counts(r: &RoundResult) -> Vec<u128> {
        match &r.detail {
            Detail::Ranked { schulze, .. } => schulze.pairwise.iter().flatten().map(|v| u128::from(*v)).collect(),
            _ => r.goals.iter().map(|g| r.exact[g].num).collect(),
        }
    }

    #[test]
    fn balanced_results_are_those_of_ballots_repeated_by_their_weight() {
        let methods = [Method::Ranked, Method::Dot { dots: 5, cap: None }, Method::Score { min: 0, max: 4 }];
        // Voters in up to five departments (so sizes come out uneven), each with marks 0–5.
        let strategy = (0usize..3, prop::collection::vec((0u8..5, prop::collection::vec(0u32..6, GOALS)), 1..18));
        let (cases, uneven, reordered) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        let mut runner = TestRunner::new(Config { cases: 1000, ..Config::default() });
        runner
            .run(&strategy, |(m, voters)| {
                let method = methods[m];
                let (round, goals) = round(method);
                let ballots: Vec<Ballot> = voters.iter().map(|(_, marks)| ballot(method, &goals, marks)).collect();
                let groups: Vec<u8> = voters.iter().map(|(g, _)| *g).collect();
                let weights = Weights::balanced(&groups).unwrap();
                // Each department's weights add up to the same whole number.
                for g in 0u8..5 {
                    let total: u64 = groups.iter().zip(&weights.each).filter(|(x, _)| **x == g).map(|(_, w)| *w).sum();
                    prop_assert!(total == 0 || total == weights.scale);
                }
                let refs: Vec<&Ballot> = ballots.iter().collect();
                let balanced = tally_ballots(&round, &refs, &weights).unwrap();
                let repeated: Vec<&Ballot> =
                    ballots.iter().zip(&weights.each).flat_map(|(b, w)| std::iter::repeat_n(b, *w as usize)).collect();
                let unweighted = tally_ballots(&round, &repeated, &Weights::equal(repeated.len())).unwrap();
                prop_assert_eq!(&balanced.order, &unweighted.order);
                prop_assert_eq!(counts(&balanced), counts(&unweighted));
                // Figures shown are the exact counts over the scale.
                // Totals (dots, Borda points) are the repeated counts over the scale; means
                // are the same fractions.
                let over = if matches!(method, Method::Score { .. }) { 1 } else { u128::from(weights.scale) };
                for g in &goals {
                    prop_assert_eq!(balanced.exact[g], accord::domain::tally::Ratio::new(unweighted.exact[g].num, unweighted.exact[g].den * over));
                }
                cases.fetch_add(1, Ordering::Relaxed);
                if weights.each.iter().any(|w| *w != weights.each[0]) {
                    uneven.fetch_add(1, Ordering::Relaxed);
                    let plain = tally_ballots(&round, &refs, &Weights::equal(refs.len())).unwrap();
                    if plain.order != balanced.order {
                        reordered.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Ok(())
            })
            .unwrap();
        let (cases, uneven, reordered) = (cases.into_inner(), uneven.into_inner(), reordered.into_inner());
        eprintln!("balanced tallies: {cases} cases with ballots, {uneven} with uneven weights, {reordered} where the weights changed the order");
        assert!(uneven * 2 > cases, "most generated rounds must have uneven department sizes");
        assert!(reordered * 10 > cases, "the generator must produce rounds whose order the weights change");
    }

    /// The example in Schulze's own terms: weights 1 (six Sales voters) against
    /// 6 (one Finance voter) tie exactly.
    #[test]
    fn six_sixths_are_one() {
        use accord::domain::tally::schulze::{rank, WeightedRanking};
        let (ab, ba) = ([0usize, 1], [1usize, 0]);
        let weights = Weights::balanced(&["Sales", "Sales", "Sales", "Sales", "Sales", "Sales", "Finance"]).unwrap();
        assert_eq!((weights.scale, &weights.each[..]), (6, &[1, 1, 1, 1, 1, 1, 6][..]));
        let ballots: Vec<WeightedRanking<'_>> =
            weights.each.iter().enumerate().map(|(i, w)| WeightedRanking { ranking: if i < 6 { &ab } else { &ba }, weight: *w }).collect();
        let result = rank(2, &ballots).unwrap();
        assert_eq!(result.pairwise, vec![vec![0, 6], vec![6, 0]]);
        assert_eq!(result.order, vec![vec![0, 1]]);
    }
}

/// The Schulze method as written in the textbook, for the property below: counts by
/// comparing every pair on every ballot, strongest paths by Floyd–Warshall over a matrix
/// of rows, tiers by taking whoever nobody left beats. Slow and obviously right.
mod schulze_reference {
    pub fn pairwise(n: usize, ballots: &[(Vec<usize>, u64)]) -> Vec<Vec<u64>> {
        let mut d = vec![vec![0u64; n]; n];
        for (ranking, w) in ballots {
            let mut place = vec![usize::MAX; n];
            for (at, c) in ranking.iter().enumerate() {
                place[*c] = at;
            }
            for i in 0..n {
                for j in 0..n {
                    if i != j && place[i] < place[j] {
                        d[i][j] += w;
                    }
                }
            }
        }
        d
    }

    pub fn strongest(d: &[Vec<u64>]) -> Vec<Vec<u64>> {
        let n = d.len();
        let mut p = vec![vec![0u64; n]; n];
        for i in 0..n {
            for j in 0..n {
                if i != j && d[i][j] > d[j][i] {
                    p[i][j] = d[i][j];
                }
            }
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if i != j && i != k && j != k {
                        p[i][j] = p[i][j].max(p[i][k].min(p[k][j]));
                    }
                }
            }
        }
        p
    }

    pub fn order(p: &[Vec<u64>]) -> Vec<Vec<usize>> {
        let mut left: Vec<usize> = (0..p.len()).collect();
        let mut order = Vec::new();
        while !left.is_empty() {
            let tier: Vec<usize> = left.iter().copied().filter(|&c| left.iter().all(|&o| p[o][c] <= p[c][o])).collect();
            left.retain(|c| !tier.contains(c));
            order.push(tier);
        }
        order
    }
}

/// Ballots for the reference comparison: partial rankings of random length (empty ones
/// too), repeated ballots so duels tie, and weights that are small, zero, or too large for
/// a `u32` total (so both widths of count are compared).
fn any_weighted_rankings() -> impl Strategy<Value = (usize, Vec<(Vec<usize>, u64)>)> {
    (1usize..=12).prop_flat_map(|n| {
        let ballot = (Just((0..n).collect::<Vec<_>>()).prop_shuffle(), 0..=n, prop_oneof![4 => 0u64..4, 1 => 1u64 << 30..1u64 << 40]);
        let ballots = prop::collection::vec(ballot.prop_map(|(order, keep, w)| (order[..keep].to_vec(), w)), 0..30);
        (Just(n), ballots.prop_map(|b| b.iter().flat_map(|x| std::iter::repeat_n(x.clone(), 1 + (x.1 % 2) as usize)).collect()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The fast count (pairs of ranked candidates only, `u32` counts when they fit, widest
    /// paths by edges strongest first) gives exactly the textbook's matrices and order.
    #[test]
    fn schulze_equals_the_textbook((n, b) in any_weighted_rankings()) {
        let weighted: Vec<WeightedRanking<'_>> = b.iter().map(|(r, w)| WeightedRanking { ranking: r, weight: *w }).collect();
        let fast = schulze::rank(n, &weighted).unwrap();
        let d = schulze_reference::pairwise(n, &b);
        let p = schulze_reference::strongest(&d);
        prop_assert_eq!(&fast.pairwise, &d);
        prop_assert_eq!(&fast.strongest, &p);
        prop_assert_eq!(&fast.order, &schulze_reference::order(&p));
        prop_assert_eq!(schulze::pairwise(n, &weighted), d.clone());
        prop_assert_eq!(schulze::strongest_paths(&d), p);
    }
}

/// The same at the benchmark's size: 1,000 full rankings over 200 goals, and 300 partial
/// ones of up to 40 goals over 120, so the bit sets span several words.
#[test]
fn schulze_equals_the_textbook_at_size() {
    let full = accord::domain::sample::generated_rankings(7, 1000, 200);
    let partial: Vec<Vec<usize>> =
        accord::domain::sample::generated_rankings(3, 300, 120).into_iter().enumerate().map(|(i, r)| r[..1 + i % 40].to_vec()).collect();
    for (n, rankings) in [(200, full), (120, partial)] {
        let b: Vec<(Vec<usize>, u64)> = rankings.into_iter().enumerate().map(|(i, r)| (r, 1 + (i % 3) as u64)).collect();
        let weighted: Vec<WeightedRanking<'_>> = b.iter().map(|(r, w)| WeightedRanking { ranking: r, weight: *w }).collect();
        let fast = schulze::rank(n, &weighted).unwrap();
        let d = schulze_reference::pairwise(n, &b);
        let p = schulze_reference::strongest(&d);
        assert_eq!(fast.pairwise, d);
        assert_eq!(fast.strongest, p);
        assert_eq!(fast.order, schulze_reference::order(&p));
    }
}
