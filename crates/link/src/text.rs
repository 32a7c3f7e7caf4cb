//! Small text helpers: word splitting, stop words, stable hashing, ISO day intervals.

use chrono::{Datelike, NaiveDate};

/// English function words and news boilerplate that carry no topic.
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "this",
    "from",
    "have",
    "has",
    "had",
    "was",
    "were",
    "are",
    "but",
    "not",
    "its",
    "his",
    "her",
    "their",
    "they",
    "them",
    "said",
    "says",
    "say",
    "will",
    "would",
    "could",
    "should",
    "been",
    "being",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "while",
    "than",
    "then",
    "there",
    "also",
    "into",
    "over",
    "after",
    "before",
    "about",
    "against",
    "between",
    "during",
    "other",
    "some",
    "such",
    "more",
    "most",
    "many",
    "much",
    "very",
    "can",
    "may",
    "might",
    "must",
    "did",
    "does",
    "our",
    "out",
    "you",
    "your",
    "all",
    "any",
    "one",
    "two",
    "new",
    "last",
    "week",
    "month",
    "year",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "told",
    "according",
    "people",
    "officials",
    "official",
    "on",
    "in",
    "of",
    "to",
    "a",
    "an",
    "by",
    "at",
    "as",
    "is",
    "it",
    "be",
    "or",
    "if",
    "he",
    "she",
    "we",
    "i",
    "no",
    "so",
    "up",
    "later",
    "earlier",
    "still",
    "just",
    "only",
    "both",
    "each",
    "how",
    "why",
    "these",
    "those",
    "because",
    "under",
    "since",
    "until",
    "told",
    "news",
    "reported",
    "report",
];

/// Whether a lower-case word is a stop word.
pub fn is_stop(word: &str) -> bool {
    STOP.contains(&word)
}

/// Lower-case alphanumeric words of a text, in order.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// Content words (not stop words, at least 3 characters) of a text.
pub fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter(|w| w.chars().count() >= 3 && !is_stop(w))
}

/// A light stem of a lower-case word, so that "sanctions", "sanctioned" and
/// "sanctioning" meet: strips a plural or verb ending from words of five or more
/// letters, keeping at least four.
pub fn stem(word: &str) -> &str {
    if word.len() < 5 || !word.is_ascii() {
        return word;
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.len() >= 4 && !base.ends_with('s') {
                return base;
            }
        }
    }
    word
}

/// A stable 64-bit hash (FNV-1a) of a string; the same on every run and machine.
pub fn hash64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A short stable id: `prefix` + 12 hex digits of a BLAKE3 hash of the parts.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    format!("{prefix}{}", &h.finalize().to_hex()[..12])
}

/// A closed interval of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayRange {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl DayRange {
    /// A one-day range.
    pub fn day(d: NaiveDate) -> Self {
        DayRange { start: d, end: d }
    }

    /// Whether two ranges share a day, allowing `slack` days between them.
    pub fn overlaps(&self, other: &DayRange, slack: i64) -> bool {
        let s = chrono::Duration::days(slack);
        self.start <= other.end + s && other.start <= self.end + s
    }

    /// The smallest range covering both.
    pub fn hull(&self, other: &DayRange) -> DayRange {
        DayRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The range as ISO text at its granularity: `2023`, `2023-07`, `2023-07-15`, or
    /// `2023-07-01/2023-07-14` for anything else.
    pub fn iso(&self) -> String {
        let (s, e) = (self.start, self.end);
        if s == e {
            return s.format("%Y-%m-%d").to_string();
        }
        if s.day() == 1
            && s.month() == 1
            && e.month() == 12
            && e.day() == 31
            && s.year() == e.year()
        {
            return format!("{:04}", s.year());
        }
        if s.day() == 1 && s.year() == e.year() && s.month() == e.month() && last_day(s) == e {
            return s.format("%Y-%m").to_string();
        }
        format!("{}/{}", s.format("%Y-%m-%d"), e.format("%Y-%m-%d"))
    }

    /// Months (as `year*12 + month0`) this range touches, at most `cap` of them.
    pub fn months(&self, cap: usize) -> Vec<i32> {
        let a = self.start.year() * 12 + self.start.month0() as i32;
        let b = self.end.year() * 12 + self.end.month0() as i32;
        (a..=b).take(cap).collect()
    }
}

fn last_day(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// Reads an ISO date at its granularity (`2023`, `2023-07`, `2023-07-15`, an ISO week
/// `2023-W28`, a quarter `2023-Q3`, a date-time, or `start/end`) as a day range. TIMEX3
/// placeholders (`PAST_REF`, `XXXX-06`) give `None`.
pub fn parse_range(value: &str) -> Option<DayRange> {
    let v = value.trim();
    if let Some((a, b)) = v.split_once('/') {
        let (a, b) = (parse_range(a)?, parse_range(b)?);
        return (a.start <= b.end).then_some(DayRange {
            start: a.start,
            end: b.end,
        });
    }
    let head = v.get(..10).unwrap_or(v);
    if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(DayRange::day(d));
    }
    // TIMEX3 weeks ("last week": `2023-W28`, its weekend `2023-W28-WE`) and quarters.
    if let Some((y, rest)) = v.split_once("-W") {
        let y: i32 = y.parse().ok()?;
        let (w, weekend) = match rest.split_once('-') {
            Some((w, "WE")) => (w, true),
            Some(_) => return None,
            None => (rest, false),
        };
        let w: u32 = w.parse().ok()?;
        let (from, to) = if weekend {
            (chrono::Weekday::Sat, chrono::Weekday::Sun)
        } else {
            (chrono::Weekday::Mon, chrono::Weekday::Sun)
        };
        return Some(DayRange {
            start: NaiveDate::from_isoywd_opt(y, w, from)?,
            end: NaiveDate::from_isoywd_opt(y, w, to)?,
        });
    }
    if let Some((y, q)) = v.split_once("-Q") {
        let y: i32 = y.parse().ok()?;
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        let s = NaiveDate::from_ymd_opt(y, 3 * q - 2, 1)?;
        let e = NaiveDate::from_ymd_opt(y, 3 * q, 1)?;
        return Some(DayRange {
            start: s,
            end: last_day(e),
        });
    }
    if v.len() == 7 {
        let y: i32 = v.get(..4)?.parse().ok()?;
        let m: u32 = v.get(5..)?.parse().ok()?;
        let s = NaiveDate::from_ymd_opt(y, m, 1)?;
        return Some(DayRange {
            start: s,
            end: last_day(s),
        });
    }
    if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = v.parse().ok()?;
        return Some(DayRange {
            start: NaiveDate::from_ymd_opt(y, 1, 1)?,
            end: NaiveDate::from_ymd_opt(y, 12, 31)?,
        });
    }
    None
}

/// Reads an ISO day (`YYYY-MM-DD`, or the day of a date-time).
pub fn parse_day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).unwrap_or_default()
    }

    #[test]
    fn ranges_at_their_granularity() {
        let m = parse_range("2023-07").unwrap_or(DayRange::day(d("2000-01-01")));
        assert_eq!((m.start, m.end), (d("2023-07-01"), d("2023-07-31")));
        assert_eq!(m.iso(), "2023-07");
        let y = parse_range("2022").unwrap_or(m);
        assert_eq!(y.days(), 365);
        assert_eq!(y.iso(), "2022");
        assert_eq!(y.months(100).len(), 12);
        assert!(parse_range("PAST_REF").is_none());
        assert!(parse_range("2023-02-30").is_none());
        let day = parse_range("2023-07-15T10:00:00Z").unwrap_or(y);
        assert!(day.overlaps(&m, 0));
        assert!(!day.overlaps(&y, 0));
        assert!(DayRange::day(d("2023-07-16")).overlaps(&day, 1));
        assert!(!DayRange::day(d("2023-07-17")).overlaps(&day, 1));
    }

    #[test]
    fn weeks_and_quarters_are_day_ranges() {
        let w = parse_range("2025-W12").unwrap_or(DayRange::day(d("2000-01-01")));
        assert_eq!((w.start, w.end), (d("2025-03-17"), d("2025-03-23")));
        assert_eq!(w.days(), 7);
        let we = parse_range("2025-W12-WE").unwrap_or(w);
        assert_eq!((we.start, we.end), (d("2025-03-22"), d("2025-03-23")));
        let first = parse_range("2026-W01").unwrap_or(w);
        assert_eq!(
            first.start,
            d("2025-12-29"),
            "ISO week 1 may start in December"
        );
        let q = parse_range("2025-Q2").unwrap_or(w);
        assert_eq!((q.start, q.end), (d("2025-04-01"), d("2025-06-30")));
        for bad in ["2025-W54", "2025-Wxx", "2025-W12-TU", "2025-Q5", "2025-Q0"] {
            assert!(parse_range(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn words_and_ids_are_stable() {
        let w: Vec<String> =
            content_words("The Kremlin said it could not confirm the summit.").collect();
        assert_eq!(w, ["kremlin", "confirm", "summit"]);
        assert_eq!(hash64("abc"), hash64("abc"));
        assert_ne!(hash64("abc"), hash64("abd"));
        assert_eq!(stable_id("ev-", &["a", "1"]).len(), 15);
        assert_ne!(stable_id("ev-", &["a", "1"]), stable_id("ev-", &["a1", ""]));
    }

    #[test]
    fn stems_meet_across_endings() {
        for w in ["sanctions", "sanctioned", "sanctioning"] {
            assert_eq!(stem(w), "sanction");
        }
        assert_eq!(stem("protested"), "protest");
        assert_eq!(stem("drills"), "drill");
        assert_eq!(stem("press"), "press", "a double s is not a plural");
        assert_eq!(stem("news"), "news", "short words stay");
        assert_eq!(stem("ring"), "ring");
    }
}
