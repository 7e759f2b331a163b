//! SplitMix64: a small, well-mixed generator driven by a seed passed in (the core takes
//! its randomness as an argument). Shapes generated workshops and shuffles anonymous
//! listings.

pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// In 0..n, by remainder: slightly favours low numbers, which is fine for shaping
    /// test data (and keeps generated workshops as they always were).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Uniform in 0..n (n > 0), by rejection so no index is favoured: for shuffles that
    /// must not lean towards anyone.
    pub(crate) fn fair_below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }
}
