//! The Schulze method (Condorcet-consistent ranked voting), written here because the
//! published crates need nightly Rust. Ties in the result are kept as ties.
//!
//! `d[i][j]` is the (weighted) number of voters who prefer candidate `i` to `j`; a voter
//! prefers every ranked candidate to every unranked one and has no preference among the
//! unranked. `p[i][j]` is the strength of the strongest path from `i` to `j` (widest path,
//! Floyd–Warshall style). `i` finishes above `j` exactly when `p[i][j] > p[j][i]`; that
//! relation is transitive, so the order is built tier by tier from the unbeaten.

/// A ballot as candidate indexes from most to least preferred; candidates not listed tie
/// last. Indexes must be `< n` and distinct (the caller validates ballots).
pub struct WeightedRanking<'a> {
    pub ranking: &'a [usize],
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schulze {
    /// `pairwise[i][j]`: weight of voters preferring `i` to `j`.
    pub pairwise: Vec<Vec<f64>>,
    /// `strongest[i][j]`: strength of the strongest path from `i` to `j`.
    pub strongest: Vec<Vec<f64>>,
    /// Tiers of candidate indexes, best first; candidates in one tier are tied.
    pub order: Vec<Vec<usize>>,
}

pub fn pairwise(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<Vec<f64>> {
    let mut d = vec![vec![0.0; n]; n];
    let mut position = vec![usize::MAX; n];
    for ballot in ballots {
        position.fill(usize::MAX);
        for (rank, &candidate) in ballot.ranking.iter().enumerate() {
            position[candidate] = rank;
        }
        // Every ranked candidate beats those ranked below it and all unranked ones.
        for (rank, &winner) in ballot.ranking.iter().enumerate() {
            let row = &mut d[winner];
            for (loser, &p) in position.iter().enumerate() {
                if p > rank {
                    row[loser] += ballot.weight;
                }
            }
        }
    }
    d
}

pub fn strongest_paths(d: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = d.len();
    let mut p = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i != j && d[i][j] > d[j][i] {
                p[i][j] = d[i][j];
            }
        }
    }
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let pji = p[j][i];
            if pji == 0.0 {
                continue;
            }
            for k in 0..n {
                if k != i && k != j {
                    let through = pji.min(p[i][k]);
                    if through > p[j][k] {
                        p[j][k] = through;
                    }
                }
            }
        }
    }
    p
}

/// Orders candidates `0..n` by the Schulze method.
pub fn rank(n: usize, ballots: &[WeightedRanking<'_>]) -> Schulze {
    let pairwise = pairwise(n, ballots);
    let strongest = strongest_paths(&pairwise);
    let order = tiers(n, |i, j| strongest[i][j] > strongest[j][i]);
    Schulze { pairwise, strongest, order }
}

/// Tiers from a "beats" relation: each tier holds the remaining candidates nobody
/// remaining beats. In candidate order within a tier.
pub fn tiers(n: usize, beats: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    let mut remaining: Vec<usize> = (0..n).collect();
    let mut order = Vec::new();
    while !remaining.is_empty() {
        let tier: Vec<usize> =
            remaining.iter().copied().filter(|&c| !remaining.iter().any(|&o| o != c && beats(o, c))).collect();
        // A transitive relation always leaves someone unbeaten; guard against a cycle anyway.
        let tier = if tier.is_empty() { remaining.clone() } else { tier };
        remaining.retain(|c| !tier.contains(c));
        order.push(tier);
    }
    order
}
