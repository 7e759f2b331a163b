//! Whether two goal titles say the same thing in other words ("Reduce customer churn to
//! 5%", "Cut customer churn below 5%"): the mean of two Dice coefficients, over their
//! letter trigrams (which forgive spelling and word forms) and over their words (which
//! keep "Reduce cloud cost per customer" apart from "Reduce customer churn"), after case,
//! punctuation and little words are set aside. Cheap, deterministic and explainable; it
//! flags candidates for a person to look at, and never merges anything by itself.

/// Titles at least this alike (in percent) are flagged.
pub const FLAG_AT_PERCENT: u8 = 55;

const LITTLE_WORDS: &[&str] = &["a", "an", "and", "by", "for", "in", "into", "of", "on", "our", "the", "to", "with", "we", "all", "more"];

/// A title's significant words and their trigrams (each word padded so short words
/// count), as sorted hashes: comparing two is a merge of sorted lists, with no allocation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    words: Vec<u64>,
    trigrams: Vec<u64>,
}

/// FNV-1a over the characters: deterministic on every platform.
fn hash(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0xcbf2_9ce4_8422_2325, |h, c| (h ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3))
}

pub fn fingerprint(title: &str) -> Fingerprint {
    let lower = title.to_lowercase();
    let mut out = Fingerprint::default();
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !LITTLE_WORDS.contains(w)) {
        // A trailing "s" is dropped so "goal" and "goals" are one word.
        let word = word.strip_suffix('s').filter(|w| w.chars().count() > 2).unwrap_or(word);
        let chars: Vec<char> = std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
        out.trigrams.extend(chars.windows(3).map(|w| hash(w.iter().copied())));
        out.words.push(hash(word.chars()));
    }
    for list in [&mut out.words, &mut out.trigrams] {
        crate::domain::order::sort(list);
        list.dedup();
    }
    out
}

/// 200·shared / total, in 0–100 (shared ≤ the shorter list); 0 for two empty lists.
fn dice(a: &[u64], b: &[u64]) -> usize {
    let total = a.len() + b.len();
    if total == 0 {
        return 0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    200 * shared / total
}

/// Percent alike, 0–100.
pub fn likeness(a: &Fingerprint, b: &Fingerprint) -> u8 {
    u8::try_from((dice(&a.trigrams, &b.trigrams) + dice(&a.words, &b.words)) / 2).unwrap_or(100)
}

pub fn alike(a: &str, b: &str) -> u8 {
    likeness(&fingerprint(a), &fingerprint(b))
}
