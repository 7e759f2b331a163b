//! Whether two goal titles say the same thing in other words ("Reduce customer churn",
//! "Cut churn of customers"): the Dice coefficient of their letter trigrams, after case,
//! punctuation and little words are set aside. Cheap, deterministic and explainable; it
//! flags candidates for a person to look at, and never merges anything by itself.

use std::collections::BTreeSet;

/// Titles at least this alike (in percent) are flagged.
pub const FLAG_AT_PERCENT: u8 = 55;

const LITTLE_WORDS: &[&str] = &["a", "an", "and", "by", "for", "in", "into", "of", "on", "our", "the", "to", "with", "we", "all", "more"];

/// The trigrams of a title's significant words, each word padded so short words count.
pub fn trigrams(title: &str) -> BTreeSet<[char; 3]> {
    let lower = title.to_lowercase();
    let mut out = BTreeSet::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !LITTLE_WORDS.contains(w)) {
        // Plurals and the other forms of one word share their stem's trigrams anyway;
        // a trailing "s" is dropped so "goal" and "goals" match whole.
        let word = word.strip_suffix('s').filter(|w| w.chars().count() > 2).unwrap_or(word);
        let chars: Vec<char> = std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
        for w in chars.windows(3) {
            out.insert([w[0], w[1], w[2]]);
        }
    }
    out
}

/// Percent alike, 0–100, of two trigram sets.
pub fn likeness(a: &BTreeSet<[char; 3]>, b: &BTreeSet<[char; 3]>) -> u8 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0;
    }
    let shared = a.intersection(b).count();
    // 200·shared / total ≤ 100, since shared ≤ min(len).
    u8::try_from(200 * shared / total).unwrap_or(100)
}

pub fn alike(a: &str, b: &str) -> u8 {
    likeness(&trigrams(a), &trigrams(b))
}
