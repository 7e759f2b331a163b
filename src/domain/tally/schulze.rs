//! The Schulze method (Condorcet-consistent ranked voting), written here because the
//! published crates need nightly Rust. Ties in the result are kept as ties.
//!
//! `d[i][j]` is the (weighted) number of voters who prefer candidate `i` to `j`; a voter
//! prefers every ranked candidate to every unranked one and has no preference among the
//! unranked. `p[i][j]` is the strength of the strongest path from `i` to `j` (widest path).
//! `i` finishes above `j` exactly when `p[i][j] > p[j][i]`; that relation is transitive, so
//! the order is built tier by tier from the unbeaten.
//!
//! Weights are whole numbers (see `exact`), so every count and comparison is exact. Each
//! `d[i][j]` is at most the sum of the weights, which `rank` checks fits a `u64` first;
//! when the sum fits a `u32` (every equal-weight round, and most balanced ones) the counts
//! are kept in `u32`, half the memory, and widened at the end: the same numbers.
//!
//! How it is fast (1,000 full rankings over 200 goals; see PERFORMANCE.md):
//! - Pair counts touch only pairs of *ranked* candidates. With `above[i][j]` the weight of
//!   ballots ranking both, `i` higher, and `ranked[i]` the weight of ballots ranking `i`,
//!   `d[i][j] = ranked[i] − above[j][i]`: `i` is preferred on every ballot that ranks it,
//!   except those that rank `j` above it. A partial ranking of `k` costs `k²/2`, not `k·n`.
//! - Strongest paths by adding the duels' edges strongest first and keeping who reaches
//!   whom as bit sets: the first edge that lets `x` reach `y` is the weakest link of the
//!   widest path from `x` to `y` (every edge already added is at least as strong, and no
//!   path existed before it). An edge between two candidates already connected is skipped
//!   in O(1), so the work follows the few edges that join new pairs, not `n³`.

use super::exact::TallyError;

/// A ballot as candidate indexes from most to least preferred; candidates not listed tie
/// last. Indexes must be `< n` and distinct (the caller validates ballots; a repeated
/// index is counted at its first place only).
pub struct WeightedRanking<'a> {
    pub ranking: &'a [usize],
    pub weight: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schulze {
    /// `pairwise[i][j]`: weight of voters preferring `i` to `j`.
    pub pairwise: Vec<Vec<u64>>,
    /// `strongest[i][j]`: strength of the strongest path from `i` to `j`.
    pub strongest: Vec<Vec<u64>>,
    /// Tiers of candidate indexes, best first; candidates in one tier are tied.
    pub order: Vec<Vec<usize>>,
}

/// A whole-number count: `u32` when the weights' sum fits, `u64` otherwise. Every count is
/// at most that sum, so no addition below can overflow.
trait Count: Copy + Ord + Default + std::ops::AddAssign + std::ops::Sub<Output = Self> {
    /// A ballot's weight; only called when the weights' sum fits `Self`.
    fn of(weight: u64) -> Self;
    fn wide(self) -> u64;
}

impl Count for u32 {
    fn of(weight: u64) -> u32 {
        u32::try_from(weight).unwrap_or(u32::MAX)
    }
    fn wide(self) -> u64 {
        u64::from(self)
    }
}

impl Count for u64 {
    fn of(weight: u64) -> u64 {
        weight
    }
    fn wide(self) -> u64 {
        self
    }
}

/// The pairwise matrix, flat and row-major (`d[i * n + j]`).
fn pair_counts<T: Count>(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<T> {
    let mut above = vec![T::default(); n * n];
    let mut ranked = vec![T::default(); n];
    let mut seen = vec![false; n];
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for ballot in ballots {
        let w = T::of(ballot.weight);
        order.clear();
        for &c in ballot.ranking {
            if !std::mem::replace(&mut seen[c], true) {
                order.push(c);
            }
        }
        for (place, &i) in order.iter().enumerate() {
            seen[i] = false;
            ranked[i] += w;
            let row = &mut above[i * n..(i + 1) * n];
            for &j in &order[place + 1..] {
                row[j] += w;
            }
        }
    }
    let mut d = vec![T::default(); n * n];
    for (i, row) in d.chunks_exact_mut(n.max(1)).enumerate().take(n) {
        for (j, cell) in row.iter_mut().enumerate() {
            if i != j {
                *cell = ranked[i] - above[j * n + i];
            }
        }
    }
    d
}

/// Widest paths over the duels won (`d[i][j] > d[j][i]` is an edge `i → j` of strength
/// `d[i][j]`), flat and row-major; 0 where there is no path, and on the diagonal.
fn widest_paths<T: Count>(n: usize, d: &[T]) -> Vec<T> {
    let mut edges: Vec<(T, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i != j && d[i * n + j] > d[j * n + i] {
                edges.push((d[i * n + j], i, j));
            }
        }
    }
    // Strongest first; among equals, any order gives the same result. std's own sort, not
    // `domain::order`'s shared one: 40,000 edges at 200 goals, on the hot path.
    edges.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    let words = n.div_ceil(64);
    let bit = |set: &[u64], c: usize| set[c / 64] >> (c % 64) & 1 == 1;
    // reaches[x]: whom x reaches over the edges added so far; reached_by[y]: who reaches y.
    let mut reaches = vec![0u64; n * words];
    let mut reached_by = vec![0u64; n * words];
    let mut p = vec![T::default(); n * n];
    let mut gain = vec![0u64; words];
    let mut sources: Vec<usize> = Vec::with_capacity(n);
    for (strength, u, v) in edges {
        if bit(&reaches[u * words..(u + 1) * words], v) {
            continue;
        }
        // Everyone who reaches u (and u) now reaches v and all v reaches.
        gain.copy_from_slice(&reaches[v * words..(v + 1) * words]);
        gain[v / 64] |= 1 << (v % 64);
        sources.clear();
        sources.push(u);
        for (w, &word) in reached_by[u * words..(u + 1) * words].iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let x = w * 64 + rest.trailing_zeros() as usize;
                rest &= rest - 1;
                if x != u {
                    sources.push(x);
                }
            }
        }
        for &x in &sources {
            for (w, (have, &add)) in reaches[x * words..(x + 1) * words].iter_mut().zip(&gain).enumerate() {
                let mut new = add & !*have;
                *have |= add;
                while new != 0 {
                    let y = w * 64 + new.trailing_zeros() as usize;
                    new &= new - 1;
                    reached_by[y * words + x / 64] |= 1 << (x % 64);
                    if y != x {
                        p[x * n + y] = strength;
                    }
                }
            }
        }
    }
    p
}

fn rows<T: Count>(n: usize, flat: &[T]) -> Vec<Vec<u64>> {
    (0..n).map(|i| flat[i * n..(i + 1) * n].iter().map(|v| v.wide()).collect()).collect()
}

fn flat(d: &[Vec<u64>]) -> Vec<u64> {
    d.iter().flatten().copied().collect()
}

/// The pairwise matrix. The weights' sum must fit a `u64` (`rank` checks it).
pub fn pairwise(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<Vec<u64>> {
    rows(n, &pair_counts::<u64>(n, ballots))
}

/// Strongest paths from a square pairwise matrix.
pub fn strongest_paths(d: &[Vec<u64>]) -> Vec<Vec<u64>> {
    let n = d.len();
    rows(n, &widest_paths(n, &flat(d)))
}

fn rank_in<T: Count>(n: usize, ballots: &[WeightedRanking<'_>]) -> Schulze {
    let d = pair_counts::<T>(n, ballots);
    let p = widest_paths(n, &d);
    let order = tiers(n, |i, j| p[i * n + j] > p[j * n + i]);
    Schulze { pairwise: rows(n, &d), strongest: rows(n, &p), order }
}

/// Orders candidates `0..n` by the Schulze method. Refused only if the weights' sum does
/// not fit a `u64` (no count could then be kept exactly).
pub fn rank(n: usize, ballots: &[WeightedRanking<'_>]) -> Result<Schulze, TallyError> {
    let total = ballots
        .iter()
        .try_fold(0u64, |sum, b| sum.checked_add(b.weight))
        .ok_or(TallyError::TooLarge { what: "ballot weights" })?;
    Ok(if u32::try_from(total).is_ok() { rank_in::<u32>(n, ballots) } else { rank_in::<u64>(n, ballots) })
}
/// A matrix of exact counts as the figures shown: each count divided by `scale` (the weight
/// of one ballot), so a department-balanced matrix reads in ballots.
pub fn figures(m: &[Vec<u64>], scale: u64) -> Vec<Vec<f64>> {
    let den = u128::from(scale.max(1));
    m.iter().map(|row| row.iter().map(|v| super::exact::Ratio::new(u128::from(*v), den).to_f64()).collect()).collect()
}

/// Tiers from a "beats" relation: each tier holds the remaining candidates nobody
/// remaining beats, in candidate order. Counting who is still beaten keeps it O(n²).
pub fn tiers(n: usize, beats: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    let mut beaten_by: Vec<usize> = (0..n).map(|c| (0..n).filter(|&o| o != c && beats(o, c)).count()).collect();
    let mut placed = vec![false; n];
    let mut order = Vec::new();
    let mut left = n;
    while left > 0 {
        let mut tier: Vec<usize> = (0..n).filter(|&c| !placed[c] && beaten_by[c] == 0).collect();
        // A transitive relation always leaves someone unbeaten; guard against a cycle anyway.
        if tier.is_empty() {
            tier = (0..n).filter(|&c| !placed[c]).collect();
        }
        for &t in &tier {
            placed[t] = true;
        }
        for &t in &tier {
            for c in 0..n {
                if !placed[c] && beats(t, c) {
                    beaten_by[c] -= 1;
                }
            }
        }
        left -= tier.len();
        order.push(tier);
    }
    order
}
