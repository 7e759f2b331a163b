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
