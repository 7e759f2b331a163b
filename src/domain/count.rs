//! Counts typed by people (dots, effort, capacity): read without wrapping and held within
//! bounds, with the reason when a number was lowered. The forms only show the result.

use std::collections::BTreeMap;

use crate::domain::model::GoalId;
use crate::domain::voting::Method;

/// What a count field's text says, as a whole number: digits are read exactly and
/// saturate at `u64::MAX` (so 99999999999999999999 is "huge", never a small wrapped
/// number); a negative or unreadable entry is 0; a fraction is rounded down. Decimal
/// notation (`2.9`, `1e3`, `+5`, `inf`) is read as a number is, exactly, without floating
/// point (which would also put the float parser's tables in the participant's download).
pub fn typed_count(text: &str) -> u64 {
    let t = text.trim();
    if t.is_empty() {
        return 0;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<u64>().unwrap_or(u64::MAX);
    }
    decimal_floor(t).unwrap_or(0)
}

/// The whole part of a decimal number as Rust reads one (`[+-]digits[.digits][e[+-]digits]`,
/// or `inf`, `infinity`, `nan` in any case), saturating at `u64::MAX`; 0 for a value of
/// zero or below; `None` for text that is not a number.
fn decimal_floor(t: &str) -> Option<u64> {
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let word = body.to_ascii_lowercase();
    if word == "inf" || word == "infinity" {
        return Some(if negative { 0 } else { u64::MAX });
    }
    if word == "nan" {
        return Some(0);
    }
    let (number, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match number.find('.') {
        Some(at) => (&number[..at], &number[at + 1..]),
        None => (number, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    // The exponent, held far past where the value is 0 or saturates either way.
    let shift: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (minus, e) = match e.as_bytes().first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if e.is_empty() || !digits(e) {
                return None;
            }
            let magnitude = e.trim_start_matches('0');
            let n: i64 = if magnitude.len() > 6 { 1_000_000 } else { magnitude.parse().unwrap_or(0) };
            if minus { -n } else { n }
        }
    };
    // value = 0.[whole fraction] shifted: the digits, and where the point falls in them.
    let all: String = [whole, fraction].concat();
    let significant = all.trim_start_matches('0');
    if significant.is_empty() || negative {
        return Some(0);
    }
    let leading_zeros = all.len() - significant.len();
    let point = whole.len() as i64 - leading_zeros as i64 + shift;
    if point <= 0 {
        return Some(0);
    }
    if point > 20 {
        return Some(u64::MAX);
    }
    let point = point as usize;
    let mut value: u64 = 0;
    for i in 0..point {
        let d = significant.as_bytes().get(i).map_or(0, |b| u64::from(b - b'0'));
        value = match value.checked_mul(10).and_then(|v| v.checked_add(d)) {
            Some(v) => v,
            None => return Some(u64::MAX),
        };
    }
    Some(value)
}

/// A typed count held within `0..=max`: the value kept, and whether it had to be lowered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounded {
    pub value: u32,
    pub lowered: bool,
}

pub fn bounded(text: &str, max: u32) -> Bounded {
    let typed = typed_count(text);
    Bounded { value: typed.min(u64::from(max)) as u32, lowered: typed > u64::from(max) }
}

/// The dots on a ballot, summed wide so the total can never wrap.
pub fn dots_placed(marks: &BTreeMap<GoalId, u32>) -> u64 {
    marks.values().map(|d| u64::from(*d)).sum()
}

/// The most dots one goal may hold on a dot ballot's form: the whole budget. (The form
/// lets a person go over the cap or over the budget in total while moving dots around; a
/// ballot like that is refused on submitting, with the reason. One goal above the budget,
/// or a number that would wrap, cannot even be typed.) 0 for other methods.
pub fn dots_room(method: Method) -> u32 {
    match method {
        Method::Dot { dots, .. } => dots,
        _ => 0,
    }
}

/// A dot count typed for a goal, held within the budget, with the sentence to show when
/// it was lowered.
pub fn typed_dots(method: Method, text: &str) -> (u32, Option<String>) {
    let room = dots_room(method);
    let b = bounded(text, room);
    (b.value, b.lowered.then(|| format!("You have {room} dots in all, so one goal can take at most {room}.")))
}

/// The largest effort or capacity a form accepts, in person-weeks (a thousand people for
/// two years): far past any real plan, far below anything a sum could wrap.
pub const MAX_PERSON_WEEKS: u32 = 100_000;

/// Why an effort or capacity field was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountProblem {
    NotWhole { text: String, what: &'static str },
    TooLarge { what: &'static str, max: u32 },
}

impl std::fmt::Display for CountProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CountProblem::NotWhole { text, what } => {
                write!(f, "“{text}” is not {what}; use a whole number of person-weeks, or leave it empty.")
            }
            CountProblem::TooLarge { what, max } => write!(f, "That {what} is too large; the most Accord takes is {max} person-weeks."),
        }
    }
}

/// An effort or capacity field (`what`: "an effort", "a capacity"): empty is "not set";
/// otherwise a whole number from 0 to `MAX_PERSON_WEEKS`.
pub fn person_weeks(text: &str, what: &'static str) -> Result<Option<u32>, CountProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CountProblem::NotWhole { text: t.to_string(), what });
    }
    let noun = what.trim_start_matches("an ").trim_start_matches("a ");
    match t.parse::<u64>() {
        Ok(v) if v <= u64::from(MAX_PERSON_WEEKS) => Ok(Some(v as u32)),
        _ => Err(CountProblem::TooLarge { what: noun, max: MAX_PERSON_WEEKS }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn huge_and_odd_entries_read_without_wrapping() {
        assert_eq!(typed_count("4294967295"), 4_294_967_295);
        assert_eq!(typed_count("4294967296"), 4_294_967_296);
        assert_eq!(typed_count("99999999999999999999999"), u64::MAX);
        assert_eq!(typed_count(" 7 "), 7);
        assert_eq!(typed_count("-3"), 0);
        assert_eq!(typed_count("2.9"), 2);
        assert_eq!(typed_count("1e30"), u64::MAX);
        assert_eq!(typed_count("abc"), 0);
        assert_eq!(bounded("4294967297", 1000), Bounded { value: 1000, lowered: true });
    }

    #[test]
    fn efforts_and_capacities_are_whole_and_bounded() {
        assert_eq!(person_weeks(" 12 ", "an effort"), Ok(Some(12)));
        assert_eq!(person_weeks("", "an effort"), Ok(None));
        assert_eq!(person_weeks("100000", "a capacity"), Ok(Some(100_000)));
        assert_eq!(
            person_weeks("4294967296", "a capacity").unwrap_err().to_string(),
            "That capacity is too large; the most Accord takes is 100000 person-weeks."
        );
        assert_eq!(
            person_weeks("-1", "an effort").unwrap_err().to_string(),
            "“-1” is not an effort; use a whole number of person-weeks, or leave it empty."
        );
        assert!(person_weeks("2.5", "an effort").is_err());
    }

    #[test]
    fn the_stuffed_form_is_held_to_the_budget_and_counted_true() {
        // 3 dots, no cap: 4294967295 on one goal is held to 3; 2 more on another give 5
        // placed (never a wrapped "1 of 3"), which the round refuses on submitting.
        let method = Method::Dot { dots: 3, cap: None };
        let (a, b) = (GoalId(1), GoalId(2));
        let (v, note) = typed_dots(method, "4294967295");
        assert_eq!((v, note.as_deref()), (3, Some("You have 3 dots in all, so one goal can take at most 3.")));
        let mut marks = BTreeMap::from([(a, v)]);
        marks.insert(b, typed_dots(method, "2").0);
        assert_eq!(dots_placed(&marks), 5, "the true total, never a wrapped one");
        // A cap above the budget is the budget.
        assert_eq!(Method::Dot { dots: 3, cap: Some(10) }.dots_per_goal(), Some(3));
    }

    /// How counts were read before: through `f64` (its parser's tables cost the
    /// participant's page about 10 KB gzip). Kept here as the reference.
    fn by_float(text: &str) -> u64 {
        let t = text.trim();
        if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
            return t.parse::<u64>().unwrap_or(u64::MAX);
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_nan() || v <= 0.0 => 0,
            Ok(v) => v.floor() as u64,
            Err(_) => 0,
        }
    }

    #[test]
    fn decimal_notation_is_read_exactly_without_floating_point() {
        for (text, want) in [
            ("2.9", 2), ("+5", 5), ("1e3", 1000), ("1E3", 1000), ("1.5e1", 15), ("1.e2", 100), (".5", 0), ("0.99", 0),
            ("12.5e-1", 1), ("1e-3", 0), ("-0", 0), ("-2.5", 0), ("inf", u64::MAX), ("+Infinity", u64::MAX),
            ("-inf", 0), ("NaN", 0), ("1e999999999999", u64::MAX), ("0e999999999", 0), ("18446744073709551615.9", u64::MAX),
            ("18446744073709551616e0", u64::MAX), ("1e19", 10_000_000_000_000_000_000), ("1e", 0), ("e5", 0), (".", 0),
            (".e1", 0), ("1_0", 0), ("++1", 0), ("1.2.3", 0), ("1e+", 0), ("0x10", 0), ("٣", 0),
            // f64 would round these up to the next whole number; the text says less.
            ("2.99999999999999999999", 2), ("4294967295.9999999999999", 4_294_967_295),
        ] {
            assert_eq!(typed_count(text), want, "{text}");
        }
        for text in ["2.9", "+5", "1e3", "-0", "inf", "-inf", "NaN", "1e999999999999", "1e", "e5", ".", "1_0", "0x10"] {
            assert_eq!(typed_count(text), by_float(text), "{text}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever is typed, in whatever order, no goal holds more than the budget.
        #[test]
        fn typed_dots_never_exceed_the_budget_on_a_goal(dots in 1u32..20, typed in prop::collection::vec((1u32..5, any::<u64>()), 1..30)) {
            let method = Method::Dot { dots, cap: None };
            let mut marks = BTreeMap::new();
            for (goal, value) in typed {
                let (v, _) = typed_dots(method, &value.to_string());
                marks.insert(GoalId(goal), v);
                prop_assert!(marks.values().all(|d| *d <= dots));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Wherever `f64` holds the number exactly enough (below 2^52, at most 14
        /// significant digits), the exact reading is the float one; above, both saturate
        /// alike or exceed every bound a form has.
        #[test]
        fn exact_reading_agrees_with_the_float_one(sign in "[+-]?", whole in "[0-9]{0,7}", dot in any::<bool>(), fraction in "[0-9]{0,7}", exp in prop::option::of((any::<bool>(), -25i32..25))) {
            let mut text = format!("{sign}{whole}");
            if dot { text.push('.'); text.push_str(&fraction); }
            if let Some((upper, e)) = exp { text.push(if upper { 'E' } else { 'e' }); text.push_str(&e.to_string()); }
            let cap = 1u64 << 52;
            prop_assert_eq!(typed_count(&text).min(cap), by_float(&text).min(cap), "{}", text);
        }
    }
}
