//! `domain::order`, the one shared sort (issue #17: one driftsort in the wasm instead of
//! one per call site), against the std calls it replaces: the same items in the same
//! order, ties included, and the same maps and sets.

use accord::domain::order;
use proptest::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Items with few distinct keys (many ties) and a tag that tells equal keys apart, so a
/// sort that is not stable, or not stable the same way, shows.
fn tagged() -> impl Strategy<Value = Vec<(u8, u32)>> {
    prop::collection::vec(0u8..6, 0..300).prop_map(|keys| {
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k, i as u32))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A comparator on the key alone: the tags must come out in std's stable order.
    #[test]
    fn sort_by_is_std_sort_by(items in tagged()) {
        let mut ours = items.clone();
        let mut std = items;
        order::sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        std.sort_by(|a, b| a.0.cmp(&b.0));
        prop_assert_eq!(ours, std);
    }

    /// Reversed and compound comparators, as the call sites use them (most first, then by id).
    #[test]
    fn sort_by_with_reversed_and_compound_comparators(items in tagged(), by_tag in any::<bool>()) {
        let cmp = |a: &(u8, u32), b: &(u8, u32)| -> Ordering {
            let first = b.0.cmp(&a.0);
            if by_tag { first.then((a.1 % 7).cmp(&(b.1 % 7))) } else { first }
        };
        let mut ours = items.clone();
        let mut std = items;
        order::sort_by(&mut ours, cmp);
        std.sort_by(cmp);
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_by_key_is_std_sort_by_key(items in tagged()) {
        let mut ours = items.clone();
        let mut std = items;
        order::sort_by_key(&mut ours, |x| std::cmp::Reverse(x.0 / 2));
        std.sort_by_key(|x| std::cmp::Reverse(x.0 / 2));
        prop_assert_eq!(ours, std);
    }

    #[test]
    fn sort_is_std_sort_and_sort_unstable(items in prop::collection::vec(any::<i16>(), 0..300)) {
        let mut ours = items.clone();
        let mut std = items.clone();
        let mut unstable = items;
        order::sort(&mut ours);
        std.sort();
        unstable.sort_unstable();
        prop_assert_eq!(&ours, &std);
        prop_assert_eq!(&ours, &unstable);
    }

    /// The positions come out as a permutation sorted stably, and `permute` puts the
    /// items where the permutation says, for any permutation.
    #[test]
    fn stable_order_and_permute(items in tagged(), shuffle in prop::collection::vec(any::<prop::sample::Index>(), 0..300)) {
        let order = order::stable_order(items.len(), &|a, b| items[a].0.cmp(&items[b].0));
        let mut seen = order.clone();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..items.len()).collect::<Vec<_>>());
        prop_assert!(order.windows(2).all(|w| (items[w[0]].0, w[0]) < (items[w[1]].0, w[1])));
        // An arbitrary permutation: the identity with random swaps.
        let mut perm: Vec<usize> = (0..items.len()).collect();
        if !perm.is_empty() {
            for (i, s) in shuffle.iter().enumerate() {
                let (a, b) = (i % perm.len(), s.index(perm.len()));
                perm.swap(a, b);
            }
        }
        let expected: Vec<(u8, u32)> = perm.iter().map(|&i| items[i]).collect();
        let mut moved = items;
        order::permute(&mut moved, perm);
        prop_assert_eq!(moved, expected);
    }

    /// Maps and sets by insertion are what `collect` gives, repeated keys included (the
    /// last value wins).
    #[test]
    fn map_and_set_from_are_collect(pairs in prop::collection::vec((0u8..20, any::<u16>()), 0..100)) {
        let ours = order::map_from(pairs.iter().copied());
        let std: BTreeMap<u8, u16> = pairs.iter().copied().collect();
        prop_assert_eq!(ours, std);
        let ours = order::set_from(pairs.iter().map(|p| p.0));
        let std: BTreeSet<u8> = pairs.iter().map(|p| p.0).collect();
        prop_assert_eq!(ours, std);
    }
}

/// The dot and score tallies count per goal at the goal's place in a sorted list (a binary
/// search per mark, not a map lookup: the hot loop). Against a plain map count: the same
/// order (ties in the round's order), the same exact figures, for rounds listing goals in
/// any order and ballots marking goals outside the round.
mod tallies_by_place {
    use accord::domain::model::{GoalId, RoundId};
    use accord::domain::tally::{tally_ballots, Ratio, Weights};
    use accord::domain::voting::{Ballot, Method, Round, RoundStatus};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A closed, named round of `goals` counted by `method`, with no ballots.
    pub(super) fn round(method: Method, goals: Vec<GoalId>) -> Round {
        Round { status: RoundStatus::Closed, ..Round::as_seen_by_voter(RoundId(1), "R", method, goals, false) }
    }

    /// Goals listed highest key first, equal keys together in the round's order.
    fn tiers<K: Ord + Clone>(goals: &[GoalId], key: impl Fn(GoalId) -> K) -> Vec<Vec<GoalId>> {
        let mut sorted: Vec<(GoalId, K)> = goals.iter().map(|g| (*g, key(*g))).collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1));
        let mut out: Vec<(K, Vec<GoalId>)> = Vec::new();
        for (g, k) in sorted {
            match out.last_mut() {
                Some((last, tier)) if *last == k => tier.push(g),
                _ => out.push((k, vec![g])),
            }
        }
        out.into_iter().map(|(_, tier)| tier).collect()
    }

    fn any_case() -> impl Strategy<Value = (Vec<GoalId>, Vec<(Vec<(u32, u32)>, u64)>)> {
        let goals = Just((1..=12u32).map(GoalId).collect::<Vec<_>>())
            .prop_shuffle()
            .prop_flat_map(|all| (1..=12usize).prop_map(move |n| all[..n].to_vec()));
        // Marks over goals 1–15 (13–15 never in the round), values 0–5, weights 1–4.
        let ballots = prop::collection::vec(
            (prop::collection::vec((1u32..=15, 0u32..6), 0..10), 1u64..5),
            0..30,
        );
        (goals, ballots)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn dot_and_score_tallies_are_the_map_counts((goals, marks) in any_case(), scores in any::<bool>()) {
            let method = if scores { Method::Score { min: 0, max: 5 } } else { Method::Dot { dots: 50, cap: None } };
            let ballots: Vec<Ballot> = marks
                .iter()
                .map(|(m, _)| {
                    let map: BTreeMap<GoalId, u32> = m.iter().map(|(g, v)| (GoalId(*g), *v)).collect();
                    if scores { Ballot::Scores(map) } else { Ballot::Dots(map) }
                })
                .collect();
            let weights = Weights { each: marks.iter().map(|(_, w)| *w).collect(), scale: 1 };
            let refs: Vec<&Ballot> = ballots.iter().collect();
            let result = tally_ballots(&round(method, goals.clone()), &refs, &weights).unwrap();

            // (weighted sum, total weight) per goal of the round.
            let mut sums: BTreeMap<GoalId, (u128, u128)> = goals.iter().map(|g| (*g, (0, 0))).collect();
            for (ballot, w) in ballots.iter().zip(&weights.each) {
                let (Ballot::Dots(m) | Ballot::Scores(m)) = ballot else { unreachable!() };
                for (g, v) in m {
                    if let Some((sum, weight)) = sums.get_mut(g) {
                        *sum += u128::from(*w) * u128::from(*v);
                        *weight += u128::from(*w);
                    }
                }
            }
            let (order, exact): (Vec<Vec<GoalId>>, BTreeMap<GoalId, Ratio>) = if scores {
                let mean = |g: GoalId| { let (s, w) = sums[&g]; (w > 0).then(|| Ratio::new(s, w)) };
                (tiers(&goals, mean), goals.iter().map(|g| (*g, mean(*g).unwrap_or(Ratio::new(0, 1)))).collect())
            } else {
                (tiers(&goals, |g| sums[&g].0), goals.iter().map(|g| (*g, Ratio::new(sums[g].0, 1))).collect())
            };
            prop_assert_eq!(&result.order, &order);
            prop_assert_eq!(&result.exact, &exact);
            prop_assert_eq!(result.headline.keys().collect::<Vec<_>>(), exact.keys().collect::<Vec<_>>());
        }
    }
}

/// Issue #17, fewer BTree types in the wasm: lists searched by binary search where a map
/// or set was built only to look up, count or say "seen before", each against the BTree
/// version it replaces.
mod btree_replacements {
    use accord::domain::disclosure::{grouping, Group};
    use accord::domain::model::{DepartmentId, GoalId, ParticipantId};
    use accord::domain::order;
    use accord::domain::tally::schulze::{self, WeightedRanking};
    use accord::domain::tally::{borda, tally_ballots, Detail, Ratio, Weights};
    use accord::domain::voting::{Ballot, Method, Secrecy};
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    use crate::support::any_workshop;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// `insert_sorted` is `BTreeSet::insert`: the same answers, the same items in the
        /// same order.
        #[test]
        fn insert_sorted_is_btreeset_insert(items in prop::collection::vec(0u8..40, 0..120)) {
            let mut ours: Vec<u8> = Vec::new();
            let mut std = BTreeSet::new();
            for item in &items {
                prop_assert_eq!(order::insert_sorted(&mut ours, *item), std.insert(*item));
            }
            prop_assert_eq!(ours, std.into_iter().collect::<Vec<_>>());
        }

        /// A ranked tally finds each ranked goal's index by binary search: the same
        /// Schulze matrices and Borda figures as with a `BTreeMap<GoalId, usize>` built by
        /// insertion, for rounds listing goals in any order (a goal listed twice counts at
        /// its last place, as in the map) and ballots ranking goals outside the round.
        #[test]
        fn ranked_tally_indexes_are_the_map_lookups(
            goals in prop::collection::vec(1u32..=12, 1..12),
            ballots in prop::collection::vec((Just((1u32..=15).collect::<Vec<_>>()).prop_shuffle(), 0usize..16, 1u64..5), 0..20),
        ) {
            let goals: Vec<GoalId> = goals.into_iter().map(GoalId).collect();
            let ballots: Vec<(Ballot, u64)> =
                ballots.into_iter().map(|(all, n, w)| (Ballot::Ranking(all[..n].iter().map(|g| GoalId(*g)).collect()), w)).collect();
            let weights = Weights { each: ballots.iter().map(|(_, w)| *w).collect(), scale: 1 };
            let refs: Vec<&Ballot> = ballots.iter().map(|(b, _)| b).collect();
            let result = tally_ballots(&super::tallies_by_place::round(Method::Ranked, goals.clone()), &refs, &weights).unwrap();

            let index: BTreeMap<GoalId, usize> = goals.iter().enumerate().map(|(i, g)| (*g, i)).collect();
            let rankings: Vec<Vec<usize>> = ballots
                .iter()
                .map(|(b, _)| match b {
                    Ballot::Ranking(order) => order.iter().filter_map(|g| index.get(g).copied()).collect(),
                    _ => unreachable!(),
                })
                .collect();
            let weighted: Vec<WeightedRanking<'_>> =
                rankings.iter().zip(&weights.each).map(|(r, w)| WeightedRanking { ranking: r, weight: *w }).collect();
            let expected = schulze::rank(goals.len(), &weighted).unwrap();
            let half = borda::half_points(goals.len(), &weighted).unwrap();
            let exact: BTreeMap<GoalId, Ratio> = goals.iter().enumerate().map(|(i, g)| (*g, Ratio::new(half[i], 2))).collect();
            let Detail::Ranked { schulze: got, .. } = &result.detail else { panic!("a ranked round gives a ranked detail") };
            prop_assert_eq!(got, &expected);
            prop_assert_eq!(&result.exact, &exact);
        }

        /// A named round's groups are its voters by department (listed departments in the
        /// workshop's order, then people without one, each group in ballot order), as the
        /// `BTreeMap<Option<DepartmentId>, Vec<ParticipantId>>` they replace gave them.
        #[test]
        fn named_grouping_is_the_map_grouping(w in any_workshop()) {
            for round in w.rounds() {
                let mut round = round.clone();
                round.secrecy = Secrecy::Named;
                let department_of = |p: ParticipantId| w.participant(p).and_then(|p| p.department).filter(|d| w.department(*d).is_some());
                let mut members: BTreeMap<Option<DepartmentId>, Vec<ParticipantId>> = BTreeMap::new();
                for p in round.ballots.keys() {
                    members.entry(department_of(*p)).or_default().push(*p);
                }
                let mut keys: Vec<Option<DepartmentId>> = w.departments().iter().map(|d| Some(d.id)).collect();
                keys.push(None);
                let expected: Vec<(Group, Vec<ParticipantId>)> = keys
                    .into_iter()
                    .filter_map(|d| members.remove(&d).map(|ps| (d.map_or(Group::NoDepartment, Group::Department), ps)))
                    .collect();
                let got = grouping(&w, &round);
                prop_assert_eq!(got.groups, expected);
                prop_assert!(!got.merged);
            }
        }
    }
}
