//! Borda count beside Schulze, for comparison. With `n` candidates the first place scores
//! `n − 1` points, the next `n − 2`, and so on; unranked candidates share the points left
//! equally (the average of the places they tie for).

//!
//! Shares of unranked places can be halves, so the exact count is in half-points
//! (`half_points`), with whole-number weights; `points` is the figure shown.

use super::exact::TallyError;
use super::schulze::WeightedRanking;

/// Twice each candidate's weighted Borda points, exactly.
pub fn half_points(n: usize, ballots: &[WeightedRanking<'_>]) -> Result<Vec<u128>, TallyError> {
    let too_large = || TallyError::TooLarge { what: "Borda points" };
    let mut totals = vec![0u128; n];
    let mut ranked = vec![false; n];
    let add = |total: &mut u128, weight: u64, halves: usize| -> Result<(), TallyError> {
        let points = u128::from(weight).checked_mul(halves as u128).ok_or_else(too_large)?;
        *total = total.checked_add(points).ok_or_else(too_large)?;
        Ok(())
    };
    for ballot in ballots {
        ranked.fill(false);
        for (place, &c) in ballot.ranking.iter().enumerate() {
            add(&mut totals[c], ballot.weight, 2 * (n - 1 - place))?;
            ranked[c] = true;
        }
        let r = ballot.ranking.len();
        if r < n {
            // Places r..n-1 hold (n-1-r) + … + 0 points, shared by the n-r unranked:
            // (n-r-1)/2 points each, n-r-1 half-points.
            for (c, was_ranked) in ranked.iter().enumerate() {
                if !was_ranked {
                    add(&mut totals[c], ballot.weight, n - r - 1)?;
                }
            }
        }
    }
    Ok(totals)
}

/// Each candidate's Borda points in units of ballot weight (`scale` weight = one ballot),
/// for display.
pub fn points(n: usize, ballots: &[WeightedRanking<'_>], scale: u64) -> Result<Vec<f64>, TallyError> {
    let den = 2 * u128::from(scale.max(1));
    Ok(half_points(n, ballots)?.into_iter().map(|h| super::exact::Ratio::new(h, den).to_f64()).collect())
}
