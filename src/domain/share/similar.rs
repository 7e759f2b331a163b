//! Whether two goal titles say the same thing in other words ("Reduce customer churn to
//! 5%", "Cut customer churn below 5%"): the mean of two Dice coefficients, over their
//! letter trigrams (which forgive spelling and word forms) and over their words (which
//! keep "Reduce cloud cost per customer" apart from "Reduce customer churn"), after case,
//! punctuation and little words are set aside. Cheap, deterministic and explainable; it
//! flags candidates for a person to look at, and never merges anything by itself.

use std::collections::BTreeSet;

/// Titles at least this alike (in percent) are flagged.
pub const FLAG_AT_PERCENT: u8 = 55;

const LITTLE_WORDS: &[&str] = &["a", "an", "and", "by", "for", "in", "into", "of", "on", "our", "the", "to", "with", "we", "all", "more"];

/// A title's significant words and their trigrams (each word padded so short words count).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    words: BTreeSet<String>,
    trigrams: BTreeSet<[char; 3]>,
}

pub fn fingerprint(title: &str) -> Fingerprint {
    let lower = title.to_lowercase();
    let mut out = Fingerprint::default();
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !LITTLE_WORDS.contains(w)) {
        // A trailing "s" is dropped so "goal" and "goals" are one word.
        let word = word.strip_suffix('s').filter(|w| w.chars().count() > 2).unwrap_or(word);
        let chars: Vec<char> = std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
        for w in chars.windows(3) {
            out.trigrams.insert([w[0], w[1], w[2]]);
        }
        out.words.insert(word.to_string());
    }
    out
}

/// 200·shared / total, in 0–100 (shared ≤ the smaller set); 0 for two empty sets.
fn dice<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> usize {
    let total = a.len() + b.len();
    if total == 0 { 0 } else { 200 * a.intersection(b).count() / total }
}

/// Percent alike, 0–100.
pub fn likeness(a: &Fingerprint, b: &Fingerprint) -> u8 {
    u8::try_from((dice(&a.trigrams, &b.trigrams) + dice(&a.words, &b.words)) / 2).unwrap_or(100)
}

pub fn alike(a: &str, b: &str) -> u8 {
    likeness(&fingerprint(a), &fingerprint(b))
}
