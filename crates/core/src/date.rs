//! Publication dates with their precision.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// Only the year is known (`2023`).
    Year,
    /// Year and month (`2023-09`).
    Month,
    /// A calendar day (`2023-09-03`).
    Day,
    /// A moment, with time of day (`2023-09-03T14:05:00+00:00`).
    DateTime,
}

/// A publication date: a calendar date, possibly only a year or month, possibly with
/// a time of day and UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PubDate {
    /// ISO 8601 text at the stated precision (`2023`, `2023-09`, `2023-09-03`, or an
    /// RFC 3339 date-time). Sorts chronologically as text for same-offset values.
    pub value: String,
    /// How much of the date is known.
    pub precision: DatePrecision,
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {input:?} as a date (expected e.g. 2023-09-03, 2023-09-03T10:00:00Z, September 3, 2023 or 3 Sep 2023)")]
pub struct DateParseError {
    /// The text that failed to parse.
    pub input: String,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) && (w.len() >= 3) && (w == *m || w.len() <= 4))
        .map(|i| i as u32 + 1)
}

impl PubDate {
    /// A day-precision date.
    pub fn day(date: NaiveDate) -> Self {
        PubDate {
            value: date.format("%Y-%m-%d").to_string(),
            precision: DatePrecision::Day,
        }
    }

    /// Parses the date formats found in news metadata: ISO dates and date-times
    /// (RFC 3339, with or without offset), `YYYY/MM/DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY`,
    /// RFC 2822 (`Tue, 05 Sep 2023 10:00:00 GMT`), and English forms such as
    /// `September 5, 2023`, `5 September 2023`, `Sep. 5 2023`.
    pub fn parse(input: &str) -> Result<Self, DateParseError> {
        let err = || DateParseError {
            input: input.chars().take(80).collect(),
        };
        let s = input.trim();
        if s.is_empty() || s.len() > 64 {
            return Err(err());
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Ok(Self::from_datetime(dt));
        }
        if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
            return Ok(Self::from_datetime(dt));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(ndt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(Self::day(ndt.date()));
            }
        }
        for fmt in ["%Y-%m-%d%:z", "%Y-%m-%d%z"] {
            if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
                return Ok(Self::day(dt.date_naive()));
            }
        }
        // A date followed by a time we do not need, e.g. "2023-09-03 10:00 UTC".
        let head = s.get(..10).unwrap_or(s);
        for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
            if let Ok(d) = NaiveDate::parse_from_str(head, fmt) {
                if s.as_bytes().get(10).is_none_or(|b| !b.is_ascii_digit()) {
                    return Ok(Self::day(d));
                }
            }
        }
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d") {
                return Ok(Self::day(d));
            }
        }
        if s.len() == 7 && s.as_bytes()[4] == b'-' {
            let y: i32 = s[..4].parse().map_err(|_| err())?;
            let m: u32 = s[5..].parse().map_err(|_| err())?;
            if (1..=12).contains(&m) && (1000..=9999).contains(&y) {
                return Ok(PubDate {
                    value: format!("{y:04}-{m:02}"),
                    precision: DatePrecision::Month,
                });
            }
        }
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(PubDate {
                value: s.to_string(),
                precision: DatePrecision::Year,
            });
        }
        Self::parse_words(s).ok_or_else(err)
    }

    /// English month-name dates: "September 5, 2023", "5 Sept. 2023", "Tuesday, 5 September 2023".
    fn parse_words(s: &str) -> Option<Self> {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
            .filter(|w| !w.is_empty())
            .collect();
        let mut month = None;
        let mut day = None;
        let mut year = None;
        for w in &words {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
            if let Some(m) = month_number(w) {
                if month.is_none() {
                    month = Some(m);
                }
            } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                let n: u32 = digits.parse().ok()?;
                if digits.len() == 4 && year.is_none() {
                    year = Some(n as i32);
                } else if digits.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
                    day = Some(n);
                }
            }
        }
        let (y, m) = (year?, month?);
        match day {
            Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(Self::day),
            None => Some(PubDate {
                value: format!("{y:04}-{m:02}"),
                precision: DatePrecision::Month,
            }),
        }
    }

    fn from_datetime(dt: DateTime<FixedOffset>) -> Self {
        PubDate {
            value: dt.to_rfc3339(),
            precision: DatePrecision::DateTime,
        }
    }

    /// The calendar day, when the precision is at least a day.
    pub fn naive_date(&self) -> Option<NaiveDate> {
        match self.precision {
            DatePrecision::Day => NaiveDate::parse_from_str(&self.value, "%Y-%m-%d").ok(),
            DatePrecision::DateTime => DateTime::parse_from_rfc3339(&self.value)
                .ok()
                .map(|d| d.date_naive()),
            _ => None,
        }
    }

    /// The date as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` at lower precision): the local
    /// calendar day for date-times.
    pub fn date_string(&self) -> String {
        match self.naive_date() {
            Some(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            None => self.value.clone(),
        }
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> String {
        PubDate::parse(s)
            .map(|d| d.date_string())
            .unwrap_or_default()
    }

    #[test]
    fn iso_forms() {
        assert_eq!(day("2023-09-03"), "2023-09-03");
        assert_eq!(day("2023/09/03"), "2023-09-03");
        assert_eq!(day("20230903"), "2023-09-03");
        assert_eq!(day("2023-09-05T08:30:00+03:00"), "2023-09-05");
        assert_eq!(day("2023-09-05T08:30:00"), "2023-09-05");
        assert_eq!(day("2023-09-05 08:30 UTC"), "2023-09-05");
        assert_eq!(day("2023/9/5"), "2023-09-05");
        assert_eq!(day("2023-9-5"), "2023-09-05");
        let p = PubDate::parse("2023-09").ok();
        assert_eq!(p.map(|d| d.precision), Some(DatePrecision::Month));
    }

    #[test]
    fn english_forms() {
        assert_eq!(day("September 5, 2023"), "2023-09-05");
        assert_eq!(day("5 Sept. 2023"), "2023-09-05");
        assert_eq!(day("Tue, 05 Sep 2023 10:00:00 GMT"), "2023-09-05");
        assert_eq!(day("Tuesday, 5th September 2023"), "2023-09-05");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let pieces = [
            "2023", "-", "/", "9", "09", "31", "T", ":", " ", "Sep", ".", "+", "Z", "é", "0",
            "99999",
        ];
        let mut state = 12345u64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(state % 7 + 1) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let _ = PubDate::parse(&s).map(|d| d.date_string());
        }
    }

    #[test]
    fn rejects_nonsense() {
        assert!(PubDate::parse("yesterday").is_err());
        assert!(PubDate::parse("2023-02-30").is_err());
        assert!(PubDate::parse("February 30, 2023").is_err());
        assert!(PubDate::parse("").is_err());
        assert!(PubDate::parse("Mayday 99999999").is_err());
    }
}
