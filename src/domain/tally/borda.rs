//! Borda count beside Schulze, for comparison. With `n` candidates the first place scores
//! `n − 1` points, the next `n − 2`, and so on; unranked candidates share the points left
//! equally (the average of the places they tie for).

use super::schulze::WeightedRanking;

pub fn points(n: usize, ballots: &[WeightedRanking<'_>]) -> Vec<f64> {
    let mut totals = vec![0.0; n];
    let mut ranked = vec![false; n];
    for ballot in ballots {
        ranked.fill(false);
        for (place, &c) in ballot.ranking.iter().enumerate() {
            totals[c] += ballot.weight * (n - 1 - place) as f64;
            ranked[c] = true;
        }
        let r = ballot.ranking.len();
        if r < n {
            // Places r..n-1 hold (n-1-r) + … + 0 points, shared by the n-r unranked.
            let share = (n - r - 1) as f64 / 2.0;
            for (c, was_ranked) in ranked.iter().enumerate() {
                if !was_ranked {
                    totals[c] += ballot.weight * share;
                }
            }
        }
    }
    totals
}
