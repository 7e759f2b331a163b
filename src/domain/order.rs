//! One stable sort for the whole program (issue #17: size).
//!
//! Every `slice::sort_by` / `sort_by_key` call with its own closure type, and every
//! `collect::<BTreeMap/BTreeSet>()` (std's `FromIterator` sorts the items first, then bulk
//! builds), makes the compiler emit a whole driftsort (quicksort, merges, small sorts):
//! about 1–3 KB of wasm each, dozens of copies in the facilitator's main module. Here is
//! one sort, of positions `0..len` with a `&dyn` comparator ([`stable_order`]), compiled
//! once; the generic helpers around it only compare and move items.
//!
//! The helpers give exactly what the std call they replace gives: [`sort_by`] is a stable
//! sort like `slice::sort_by` (equal items keep their order), so with a comparator that
//! is a total order the result is the same item for item; [`map_from`] keeps the last
//! value of a repeated key as `collect` does. Proptested against std in
//! `tests/core/order.rs`.
//!
//! Not for hot loops: each comparison is an indirect call, and the positions are an extra
//! allocation. Kept on std's own sorts: the Schulze edges (40,000 at 200 goals), Kendall's W
//! and the per-goal score medians (a round's every ballot); sorts of a few hundred goals are
//! fine here.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The positions `0..len` in a stable order by `cmp` (which compares two positions): equal
/// positions keep their order. The one sort the helpers share.
#[inline(never)]
pub fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

/// Rearranges `items` so that afterwards `items[k]` is what was at `items[order[k]]`.
/// `order` must be a permutation of `0..items.len()` (as [`stable_order`] gives). In
/// place, by swaps along each cycle of the permutation.
pub fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    debug_assert_eq!(items.len(), order.len());
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        // Following the cycle through `start`: each swap brings the item due at `at`
        // into place; the item from `start` travels on until the cycle closes.
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Sorts `items` stably by `cmp`, as `items.sort_by(cmp)` does.
pub fn sort_by<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = stable_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by `key` (computed on each comparison), as `items.sort_by_key(key)` does.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in ascending order, as `items.sort()` does (and, for items that are
/// equal only when identical, as `items.sort_unstable()` does).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of the pairs, by insertion: what `collect::<BTreeMap<_, _>>()` gives (a repeated
/// key keeps its last value), without the sort `collect` compiles in.
pub fn map_from<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// A set of the items, by insertion: what `collect::<BTreeSet<_>>()` gives, without the
/// sort `collect` compiles in.
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// Inserts `item` at its place in `set`, which is ascending with each item once (as this
/// keeps it): what `BTreeSet::insert` does, `true` when the item was not there yet. For
/// "seen before?" checks, without a BTreeSet type of their own in the wasm (issue #17).
/// Each insert moves the items above it: for lists of a few thousand at most.
pub fn insert_sorted<T: Ord>(set: &mut Vec<T>, item: T) -> bool {
    match set.binary_search(&item) {
        Ok(_) => false,
        Err(at) => {
            set.insert(at, item);
            true
        }
    }
}
