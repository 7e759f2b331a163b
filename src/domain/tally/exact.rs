//! Exact arithmetic for tallies: integer ballot weights and fractions compared without
//! rounding. Every order a tally produces is decided here; `f64` appears only in the
//! figures shown to people, derived from these exact values.
//!
//! Department-balanced weighting gives each ballot the weight `1 / size of its group`.
//! Accord counts `L / size` instead, with `L` the least common multiple of the group
//! sizes: whole numbers in the same proportions, so sums and comparisons are exact. A
//! figure shown is the whole-number total divided by `L` (the `scale`).
//!
//! The limit: every weight, and their total (`L` × the number of groups), must fit in a
//! `u64`. That holds for any room of up to 280 voters whatever their departments, and for
//! any number of voters when no department has more than 40 of them (with at most 200
//! departments); beyond it a department-balanced tally is refused with
//! [`TallyError::WeightsTooFine`] rather than rounded. Equal weighting never hits it.

use std::cmp::Ordering;
use std::fmt;

/// Why a tally could not be counted exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TallyError {
    /// The department sizes' least common multiple (times the number of groups) does not
    /// fit the exact counter. `sizes`: the distinct group sizes, smallest first.
    WeightsTooFine { sizes: Vec<usize> },
    /// A total does not fit the exact counter (only with ballots no round accepts).
    TooLarge { what: &'static str },
}

impl fmt::Display for TallyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TallyError::WeightsTooFine { sizes } => {
                let shown: Vec<String> = sizes.iter().take(12).map(ToString::to_string).collect();
                write!(
                    f,
                    "Department-balanced results cannot be counted exactly for departments of {}{} voters: \
                     their shares have no common unit small enough. Use equal weighting for this round.",
                    shown.join(", "),
                    if sizes.len() > 12 { ", …" } else { "" }
                )
            }
            TallyError::TooLarge { what } => {
                write!(f, "The {what} of this round are too large to count exactly; check its ballots.")
            }
        }
    }
}

impl std::error::Error for TallyError {}

/// Each ballot's weight as a whole number; ballot `i` counts `each[i] / scale`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    pub each: Vec<u64>,
    pub scale: u64,
}

impl Weights {
    /// One person, one vote, for `n` ballots.
    pub fn equal(n: usize) -> Weights {
        Weights { each: vec![1; n], scale: 1 }
    }

    /// Weights for ballots in groups: ballot `i` belongs to group `group[i]`, and each
    /// group (whatever its size) carries the same total weight, `scale`.
    pub fn balanced<K: Ord + Clone>(group: &[K]) -> Result<Weights, TallyError> {
        let mut sizes: std::collections::BTreeMap<K, usize> = std::collections::BTreeMap::new();
        for g in group {
            *sizes.entry(g.clone()).or_default() += 1;
        }
        let mut distinct: Vec<usize> = sizes.values().copied().collect();
        crate::domain::order::sort(&mut distinct);
        distinct.dedup();
        let too_fine = || TallyError::WeightsTooFine { sizes: distinct.clone() };
        let mut scale: u64 = 1;
        for &s in &distinct {
            scale = lcm(scale, s as u64).ok_or_else(too_fine)?;
        }
        // Every pairwise count and total is at most the sum of all weights.
        scale.checked_mul(sizes.len().max(1) as u64).ok_or_else(too_fine)?;
        Ok(Weights { each: group.iter().map(|g| scale / sizes[g] as u64).collect(), scale })
    }

    /// The sum of all weights, if it fits (every pairwise count is at most this).
    pub fn total(&self) -> Option<u64> {
        self.each.iter().try_fold(0u64, |sum, w| sum.checked_add(*w))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Least common multiple, `None` if it does not fit.
pub fn lcm(a: u64, b: u64) -> Option<u64> {
    if a == 0 || b == 0 {
        return Some(0);
    }
    // The gcd of two u64 divides both, so it fits a u64.
    (a / gcd(u128::from(a), u128::from(b)) as u64).checked_mul(b)
}

/// A non-negative fraction `num / den` (`den > 0`), ordered exactly.
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    pub num: u128,
    pub den: u128,
}

impl Ratio {
    /// `num / den`; a zero denominator is read as 0 (nothing counted).
    pub fn new(num: u128, den: u128) -> Ratio {
        if den == 0 {
            Ratio { num: 0, den: 1 }
        } else {
            Ratio { num, den }
        }
    }

    /// The figure shown (the nearest `f64`; never used to decide an order).
    pub fn to_f64(self) -> f64 {
        // Exact whole part plus the fraction: keeps large totals accurate to the last unit.
        let whole = (self.num / self.den) as f64;
        let rest = self.num % self.den;
        if rest == 0 {
            whole
        } else {
            whole + rest as f64 / self.den as f64
        }
    }
}

impl fmt::Display for Ratio {
    /// In lowest terms: "7/2", or "3" for a whole number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = gcd(self.num, self.den).max(1);
        let (num, den) = (self.num / g, self.den / g);
        if den == 1 { write!(f, "{num}") } else { write!(f, "{num}/{den}") }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    /// Compares `a/b` with `c/d` by their continued fractions: whole parts first, then the
    /// reciprocals of the remainders. No product is formed, so nothing can overflow.
    fn cmp(&self, other: &Self) -> Ordering {
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        loop {
            let (q1, r1) = (a / b, a % b);
            let (q2, r2) = (c / d, c % d);
            if q1 != q2 {
                return q1.cmp(&q2);
            }
            match (r1 == 0, r2 == 0) {
                (true, true) => return Ordering::Equal,
                (true, false) => return Ordering::Less,
                (false, true) => return Ordering::Greater,
                // r1/b against r2/d has the sign of d/r2 against b/r1.
                (false, false) => (a, b, c, d) = (d, r2, b, r1),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The continued-fraction order agrees with cross-multiplication wherever the
        /// products fit, including equal fractions written differently.
        #[test]
        fn ratio_order_is_cross_multiplication(a in 0u128..1 << 60, b in 1u128..1 << 60, c in 0u128..1 << 60, d in 1u128..1 << 60, k in 1u128..1000) {
            prop_assert_eq!(Ratio::new(a, b).cmp(&Ratio::new(c, d)), (a * d).cmp(&(c * b)));
            prop_assert_eq!(Ratio::new(a * k, b * k), Ratio::new(a, b));
        }

        /// Balanced weights: every group's weights add up to the same total, the scale.
        #[test]
        fn balanced_weights_give_each_group_the_scale(group in prop::collection::vec(0u8..6, 1..60)) {
            let w = Weights::balanced(&group).unwrap();
            for g in 0u8..6 {
                let total: u64 = group.iter().zip(&w.each).filter(|(x, _)| **x == g).map(|(_, w)| *w).sum();
                prop_assert!(total == 0 || total == w.scale);
            }
        }
    }

    #[test]
    fn ratios_print_in_lowest_terms() {
        assert_eq!(Ratio::new(12, 12).to_string(), "1");
        assert_eq!(Ratio::new(14, 4).to_string(), "7/2");
        assert_eq!(Ratio::new(0, 5).to_string(), "0");
    }

    #[test]
    fn ratios_beyond_any_product_still_compare() {
        let big = u128::MAX;
        // x/(x−1) = 1 + 1/(x−1) falls as x grows; the products would need 256 bits.
        assert!(Ratio::new(big, big - 1) < Ratio::new(big - 1, big - 2));
        assert_eq!(Ratio::new(big - 1, big - 2).cmp(&Ratio::new(big, big - 1)), Ordering::Greater);
        assert_eq!(Ratio::new(big, 3), Ratio::new(big, 3));
        assert!(Ratio::new(0, 5) < Ratio::new(1, big));
    }

    #[test]
    fn weights_that_cannot_be_exact_are_refused_with_the_sizes() {
        // Groups of every size from 1 to 60: their lcm is far beyond u64.
        let group: Vec<usize> = (1..=60).flat_map(|s| std::iter::repeat_n(s, s)).collect();
        let err = Weights::balanced(&group).unwrap_err();
        assert!(matches!(&err, TallyError::WeightsTooFine { sizes } if sizes.len() == 60));
        assert!(err.to_string().contains("Use equal weighting"), "{err}");
    }
}
