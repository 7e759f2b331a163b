//! Wall-clock instants as the core sees them: milliseconds since the Unix epoch, passed in
//! by the edge. On the wire they are RFC 3339 UTC strings (`2026-11-27T09:30:00.000Z`) so
//! exported files read well; only that one exact shape is accepted back.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Years 0000–9999 keep the text shape fixed at 24 characters.
const MIN_MS: i64 = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const MAX_MS: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

impl Timestamp {
    pub fn from_millis(ms: i64) -> Self {
        Timestamp(ms.clamp(MIN_MS, MAX_MS))
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS.mmmZ` (the seconds fraction is optional).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 20 && b.len() != 24 {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = &b[range];
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            part.iter().try_fold(0i64, |acc, d| Some(acc * 10 + i64::from(d - b'0')))
        };
        let punct = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if punct.iter().any(|&(i, c)| b[i] != c) || *b.last()? != b'Z' {
            return None;
        }
        let millis = if b.len() == 24 {
            if b[19] != b'.' {
                return None;
            }
            num(20..23)?
        } else {
            0
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Timestamp(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis))
    }

    pub fn to_rfc3339(self) -> String {
        let ms = self.0.clamp(MIN_MS, MAX_MS);
        let days = ms.div_euclid(86_400_000);
        let in_day = ms.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000
        )
    }

    /// A short human form for the UI: `2026-11-27 09:30 UTC`.
    pub fn short(self) -> String {
        let full = self.to_rfc3339();
        format!("{} {} UTC", &full[0..10], &full[11..16])
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-calendar algorithms (proleptic Gregorian, exact for all i64 days
// in range).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_instants_format_as_rfc3339() {
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00.000Z");
        assert_eq!(Timestamp(1_795_772_096_789).to_rfc3339(), "2026-11-27T09:34:56.789Z");
        assert_eq!(Timestamp(951_782_400_000).to_rfc3339(), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn only_well_formed_utc_text_parses() {
        assert_eq!(Timestamp::parse_rfc3339("2026-11-27T09:34:56Z"), Some(Timestamp(1_795_772_096_000)));
        for bad in ["2026-02-30T00:00:00Z", "2026-11-27 09:34:56Z", "2026-11-27T09:34:56+01:00", "2025-02-29T00:00:00.000Z", "2026-13-01T00:00:00Z", "２０２６-11-27T09:34:56Z"] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn formatting_then_parsing_is_the_identity(ms in MIN_MS..=MAX_MS) {
            let t = Timestamp(ms);
            prop_assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
        }
    }
}
