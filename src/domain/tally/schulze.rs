//! The Schulze method (Condorcet-consistent ranked voting), written here because the
//! published crates need nightly Rust. Ties in the result are kept as ties.
//!
//! `d[i][j]` is the (weighted) number of voters who prefer candidate `i` to `j`; a voter
//! prefers every ranked candidate to every unranked one and has no preference among the
//! unranked. `p[i][j]` is the strength of the strongest path from `i` to `j` (widest path,
//! Floyd–Warshall style). `i` finishes above `j` exactly when `p[i][j] > p[j][i]`; that
//! relation is transitive, so the order is built tier by tier from the unbeaten.
//!
//! Weights are whole numbers (see `exact`), so every count and comparison is exact. Each
//! `d[i][j]` is at most the sum of the weights, which `rank` checks fits a `u64` first.

use super::exact::TallyError;

/// A ballot as candidate indexes from most to least preferred; candidates not listed tie
/// last. Indexes must be `< n` and distinct (the caller validates ballots).
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

/// The pairwise matrix. The weights' sum must fit a `u64` (`rank` checks it).
pub fn pairwise(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<Vec<u64>> {
    let mut d = vec![vec![0u64; n]; n];
    let mut ranked = vec![false; n];
    let mut unranked: Vec<usize> = Vec::with_capacity(n);
    for ballot in ballots {
        let (ranking, w) = (ballot.ranking, ballot.weight);
        ranked.fill(false);
        for &c in ranking {
            ranked[c] = true;
        }
        unranked.clear();
        unranked.extend((0..n).filter(|c| !ranked[*c]));
        // Each ranked candidate beats those ranked below it and every unranked one.
        for (place, &winner) in ranking.iter().enumerate() {
            let row = &mut d[winner];
            for &loser in &ranking[place + 1..] {
                row[loser] += w;
            }
            for &loser in &unranked {
                row[loser] += w;
            }
        }
    }
    d
}

pub fn strongest_paths(d: &[Vec<u64>]) -> Vec<Vec<u64>> {
    let n = d.len();
    let mut p = vec![vec![0u64; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i != j && d[i][j] > d[j][i] {
                p[i][j] = d[i][j];
            }
        }
    }
    // Widest paths through each intermediate candidate in turn. The inner loop runs over
    // whole rows without branches; the diagonal may pick up values on the way, which
    // never wins a comparison (min(p[j][i], p[i][i]) ≤ p[j][i]) and is cleared after.
    let mut through_i = vec![0u64; n];
    for i in 0..n {
        through_i.copy_from_slice(&p[i]);
        for (j, row) in p.iter_mut().enumerate() {
            let pji = row[i];
            if j == i || pji == 0 {
                continue;
            }
            for (cell, &pik) in row.iter_mut().zip(&through_i) {
                let via = if pik < pji { pik } else { pji };
                if via > *cell {
                    *cell = via;
                }
            }
        }
    }
    for (i, row) in p.iter_mut().enumerate() {
        row[i] = 0;
    }
    p
}

/// Orders candidates `0..n` by the Schulze method. Refused only if the weights' sum does
/// not fit a `u64` (no count could then be kept exactly).
pub fn rank(n: usize, ballots: &[WeightedRanking<'_>]) -> Result<Schulze, TallyError> {
    ballots
        .iter()
        .try_fold(0u64, |sum, b| sum.checked_add(b.weight))
        .ok_or(TallyError::TooLarge { what: "ballot weights" })?;
    let pairwise = pairwise(n, ballots);
    let strongest = strongest_paths(&pairwise);
    let order = tiers(n, |i, j| strongest[i][j] > strongest[j][i]);
    Ok(Schulze { pairwise, strongest, order })
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
