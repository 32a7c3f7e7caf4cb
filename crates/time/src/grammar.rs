//! Hand-written recogniser: at each token, a set of rules proposes a match (token range,
//! TIMEX3 type, value); the longest wins. Values are resolved against the DCT as they are built.

use chronicle_core::TimexType;
use chrono::{Datelike, NaiveDate, Weekday};

use crate::calendar::{
    add_days, fmt_day, fmt_month, fmt_week, fmt_year, iso_wd, quarter_of, shift_month,
    shift_quarter, weekday_near, year_ok, ymd,
};
use crate::scan::{tokenize, Kind, Tok};

/// A recognised expression in byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: TimexType,
    pub value: String,
}

/// Which way an underspecified expression points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Past,
    Future,
    Unknown,
}

/// A quantity: a number or "some" (X).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Qty {
    N(i64),
    X,
}

/// Calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Sec,
    Min,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A match in token indices (`e` exclusive).
#[derive(Debug, Clone)]
struct M {
    s: usize,
    e: usize,
    kind: TimexType,
    value: String,
    /// Built from a quantity (may take "about", "nearly" ...).
    quant: bool,
}

fn m(s: usize, e: usize, kind: TimexType, value: String) -> Option<M> {
    Some(M {
        s,
        e,
        kind,
        value,
        quant: false,
    })
}

const DATE: TimexType = TimexType::Date;
const DUR: TimexType = TimexType::Duration;
const SET: TimexType = TimexType::Set;
const TIME: TimexType = TimexType::Time;

fn month_of(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tues" | "tue" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thurs" | "thu" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_full(w: &str) -> Option<Weekday> {
    match w {
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        | "mondays" | "tuesdays" | "wednesdays" | "thursdays" | "fridays" | "saturdays"
        | "sundays" => weekday_of(w.trim_end_matches('s')),
        _ => None,
    }
}

fn season_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

fn unit_of(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Sec, false),
        "seconds" => (Unit::Sec, true),
        "minute" => (Unit::Min, false),
        "minutes" => (Unit::Min, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

fn small_number(w: &str) -> Option<i64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

fn ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    })
}

/// Duration value of `q` units.
fn dur_value(q: Qty, u: Unit) -> String {
    let n = match q {
        Qty::N(n) => n.to_string(),
        Qty::X => "X".to_string(),
    };
    let scaled = |k: i64, unit: &str, xu: &str| match q {
        Qty::N(n) => format!("P{}{unit}", n.saturating_mul(k)),
        Qty::X => format!("PX{xu}"),
    };
    match u {
        Unit::Sec => format!("PT{n}S"),
        Unit::Min => format!("PT{n}M"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Month => format!("P{n}M"),
        Unit::Quarter => scaled(3, "M", "Q"),
        Unit::Year => format!("P{n}Y"),
        Unit::Decade => scaled(10, "Y", "DE"),
        Unit::Century => scaled(100, "Y", "CE"),
    }
}

/// Duration of `n` and a half units, where the half has an exact smaller unit.
fn half_dur(n: i64, u: Unit) -> Option<String> {
    Some(match u {
        Unit::Year => format!("P{n}Y6M"),
        Unit::Day => format!("P{n}DT12H"),
        Unit::Hour => format!("PT{n}H30M"),
        Unit::Min => format!("PT{n}M30S"),
        _ => return None,
    })
}

fn is_future_word(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "ll"
            | "shall"
            | "going"
            | "expected"
            | "expects"
            | "expect"
            | "plans"
            | "plan"
            | "planned"
            | "scheduled"
            | "due"
            | "upcoming"
            | "next"
            | "tomorrow"
            | "intends"
            | "wo"
            | "would"
            | "planning"
            | "soon"
            | "preparing"
    )
}

fn is_past_word(w: &str) -> bool {
    if matches!(
        w,
        "said"
            | "was"
            | "were"
            | "had"
            | "did"
            | "been"
            | "ago"
            | "last"
            | "yesterday"
            | "told"
            | "met"
            | "made"
            | "took"
            | "came"
            | "went"
            | "began"
            | "left"
            | "won"
            | "lost"
            | "fell"
            | "rose"
            | "saw"
            | "gave"
            | "held"
            | "got"
            | "became"
            | "sent"
            | "paid"
            | "led"
            | "earlier"
            | "hit"
    ) {
        return true;
    }
    w.len() >= 5
        && w.ends_with("ed")
        && !matches!(
            w,
            "need" | "indeed" | "speed" | "hundred" | "united" | "proceed"
        )
}

/// Whether a rule can start at a token reading `w` (a cheap filter before the rules run).
fn may_start(w: &str) -> bool {
    let b = w.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_digit() => return true,
        Some(b'\'') => return true,
        Some(c) if !c.is_ascii_alphabetic() => return w == "\u{2019}",
        None => return false,
        _ => {}
    }
    month_of(w).is_some()
        || weekday_of(w).is_some()
        || weekday_full(w).is_some()
        || unit_of(w).is_some()
        || small_number(w).is_some()
        || ordinal(w).is_some()
        || season_of(w).is_some()
        || part_of_day(w).is_some()
        || matches!(
            w,
            "the"
                | "this"
                | "last"
                | "next"
                | "past"
                | "coming"
                | "previous"
                | "following"
                | "current"
                | "early"
                | "late"
                | "mid"
                | "earlier"
                | "later"
                | "middle"
                | "today"
                | "yesterday"
                | "tomorrow"
                | "tonight"
                | "overnight"
                | "now"
                | "currently"
                | "nowadays"
                | "presently"
                | "right"
                | "these"
                | "recently"
                | "lately"
                | "recent"
                | "more"
                | "future"
                | "a"
                | "an"
                | "several"
                | "few"
                | "many"
                | "some"
                | "fiscal"
                | "calendar"
                | "daily"
                | "weekly"
                | "monthly"
                | "yearly"
                | "annually"
                | "annual"
                | "hourly"
                | "quarterly"
                | "nightly"
                | "every"
                | "each"
                | "that"
                | "noon"
                | "midday"
                | "midnight"
                | "christmas"
                | "new"
                | "thanksgiving"
                | "twenties"
                | "thirties"
                | "forties"
                | "fifties"
                | "sixties"
                | "seventies"
                | "eighties"
                | "nineties"
                | "about"
                | "nearly"
                | "almost"
                | "approximately"
                | "roughly"
                | "around"
                | "over"
                | "within"
                | "under"
                | "only"
                | "less"
                | "fewer"
                | "at"
                | "up"
                | "no"
        )
}

/// The most recent date mentioned in the text, to which anaphoric expressions
/// ("that year", "the following month", "the next day") are anchored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Ref {
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
}

impl Ref {
    /// Reads the calendar part of a resolved value: `YYYY`, `YYYY-MM`, `YYYY-MM-DD...`.
    fn parse(v: &str) -> Option<Ref> {
        let b = v.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b.get(r.clone())
                .filter(|x| x.iter().all(u8::is_ascii_digit))
                .and_then(|_| v.get(r))
                .and_then(|x| x.parse::<u32>().ok())
        };
        let year = i64::from(digits(0..4)?);
        let mut r = Ref {
            year: Some(year),
            ..Ref::default()
        };
        if b.get(4) == Some(&b'-') {
            r.month = digits(5..7).filter(|m| (1..=12).contains(m));
            if r.month.is_some() && b.get(7) == Some(&b'-') {
                r.day = digits(8..10).filter(|d| (1..=31).contains(d));
            }
        }
        if b.len() > 4 && b.get(4) != Some(&b'-') {
            return None;
        }
        Some(r)
    }

    fn date(&self) -> Option<NaiveDate> {
        ymd(self.year?, self.month?, self.day?)
    }
}

/// The recogniser over one text.
struct P<'a> {
    text: &'a str,
    low: &'a str,
    toks: &'a [Tok],
    dct: Option<NaiveDate>,
    /// Running reference time (the last resolved date in the text).
    reference: std::cell::Cell<Option<Ref>>,
}

impl<'a> P<'a> {
    fn w(&self, j: usize) -> &'a str {
        match self.toks.get(j) {
            Some(t) => &self.low[t.start..t.end],
            None => "",
        }
    }

    fn kind(&self, j: usize) -> Option<Kind> {
        self.toks.get(j).map(|t| t.kind)
    }

    /// Token `j` touches token `j-1` (no space between).
    fn glued(&self, j: usize) -> bool {
        self.toks.get(j).is_some_and(|t| !t.space_before)
    }

    fn num(&self, j: usize) -> Option<i64> {
        if self.kind(j) != Some(Kind::Num) {
            return None;
        }
        let w = self.w(j);
        if w.len() > 9 {
            return None;
        }
        w.parse().ok()
    }

    /// A hyphen or dash token.
    fn dash(&self, j: usize) -> bool {
        matches!(self.w(j), "-" | "\u{2013}" | "\u{2014}")
    }

    /// A cardinal quantity at `j`: digits, number words, "a/an", "a few", "several".
    fn qty(&self, j: usize) -> Option<(Qty, usize)> {
        if let Some(n) = self.num(j) {
            // 1,000 style groups.
            let mut n = n;
            let mut k = j + 1;
            while self.w(k) == "," && self.glued(k) && self.glued(k + 1) && self.w(k + 1).len() == 3
            {
                let Some(g) = self.num(k + 1) else { break };
                n = n.saturating_mul(1000).saturating_add(g);
                k += 2;
            }
            // "5 1/2"
            if self.num(k).is_some() && self.w(k + 1) == "/" && self.num(k + 2).is_some() {
                return Some((Qty::N(n), k + 3));
            }
            return Some((Qty::N(n), self.and_a_half(k)));
        }
        let w = self.w(j);
        match w {
            "a" | "an" => {
                if self.w(j + 1) == "few" {
                    return Some((Qty::X, j + 2));
                }
                if self.w(j + 1) == "couple" && self.w(j + 2) == "of" {
                    return Some((Qty::N(2), j + 3));
                }
                if self.w(j + 1) == "dozen" {
                    return Some((Qty::N(12), j + 2));
                }
                if self.w(j + 1) == "hundred" {
                    return Some((Qty::N(100), j + 2));
                }
                if self.w(j + 1) == "thousand" {
                    return Some((Qty::N(1000), j + 2));
                }
                return Some((Qty::N(1), j + 1));
            }
            "several" | "few" | "many" | "some" => return Some((Qty::X, j + 1)),
            _ => {}
        }
        let n = small_number(w)?;
        let mut k = j + 1;
        let mut total = n;
        // twenty-four, twenty four
        if (20..100).contains(&n) {
            let k2 = if self.dash(k) { k + 1 } else { k };
            if let Some(u) = small_number(self.w(k2)).filter(|u| *u < 10) {
                total += u;
                k = k2 + 1;
            }
        }
        if self.w(k) == "hundred" {
            total = total.saturating_mul(100);
            k += 1;
        } else if self.w(k) == "thousand" {
            total = total.saturating_mul(1000);
            k += 1;
        }
        Some((Qty::N(total), self.and_a_half(k)))
    }

    /// Steps over "and a half" at `k` ("two and a half years").
    fn and_a_half(&self, k: usize) -> usize {
        if self.w(k) == "and" && self.w(k + 1) == "a" && self.w(k + 2) == "half" {
            k + 3
        } else {
            k
        }
    }

    /// The quantity ending just before `k` carries a half: "5 1/2", "two and a half".
    fn ends_in_half(&self, k: usize) -> bool {
        k >= 3
            && ((self.w(k - 3) == "1" && self.w(k - 2) == "/" && self.w(k - 1) == "2")
                || (self.w(k - 3) == "and" && self.w(k - 2) == "a" && self.w(k - 1) == "half"))
    }

    /// Tense around tokens `s..e`: nearest marker wins, future markers weigh a little more.
    fn tense(&self, s: usize, e: usize) -> Dir {
        let stop = |w: &str| matches!(w, "." | "!" | "?" | ";");
        let mut dp = usize::MAX;
        let mut df = usize::MAX;
        let mut j = s;
        let mut d = 0;
        while j > 0 && d < 12 {
            j -= 1;
            d += 1;
            let w = self.w(j);
            if stop(w)
                && !(w == "."
                    && self.kind(j.wrapping_sub(1)) == Some(Kind::Word)
                    && self.w(j.wrapping_sub(1)).len() <= 4)
            {
                break;
            }
            match self.cue(j) {
                Dir::Future => df = df.min(d),
                Dir::Past => dp = dp.min(d),
                Dir::Unknown => {}
            }
        }
        let mut j = e;
        let mut d = 0;
        // A reporting verb after the expression ("Thursday, officials said") frames the
        // clause; it decides only when the clause itself has no tense cue.
        let mut reported = false;
        while j < self.toks.len() && d < 12 {
            d += 1;
            let w = self.w(j);
            if stop(w) {
                break;
            }
            if matches!(w, "said" | "told" | "added") && d > 1 {
                reported = true;
            } else {
                match self.cue(j) {
                    Dir::Future => df = df.min(d),
                    Dir::Past => dp = dp.min(d),
                    Dir::Unknown => {}
                }
            }
            j += 1;
        }
        match (dp, df) {
            (usize::MAX, usize::MAX) if reported => Dir::Past,
            (usize::MAX, usize::MAX) => Dir::Unknown,
            (p, f) if f < p => Dir::Future,
            _ => Dir::Past,
        }
    }

    /// The tense token `j` signals. A future word under a past perfect ("had been due to
    /// expire") is past; "as soon as", "as early as" and "is to" / "set to" look ahead.
    fn cue(&self, j: usize) -> Dir {
        let w = self.w(j);
        let back = |k: usize| if j >= k { self.w(j - k) } else { "" };
        // "vacation plans" is a noun; "plans to" looks ahead.
        if matches!(w, "plans" | "plan") && self.w(j + 1) != "to" {
            return Dir::Unknown;
        }
        if is_future_word(w) {
            if back(1) == "had" || (back(1) == "been" && back(2) == "had") {
                return Dir::Past;
            }
            return Dir::Future;
        }
        match w {
            "soon" | "early" if back(1) == "as" && self.w(j + 1) == "as" => return Dir::Future,
            "is" | "are" | "set" | "likely" if self.w(j + 1) == "to" => return Dir::Future,
            _ => {}
        }
        if is_past_word(w) {
            return Dir::Past;
        }
        Dir::Unknown
    }

    // ---------- resolution helpers ----------

    fn dct_year(&self) -> Option<i64> {
        self.dct.map(|d| i64::from(d.year()))
    }

    fn year_rel(&self, n: i64) -> String {
        match self.dct_year() {
            Some(y) => fmt_year(y.saturating_add(n)),
            None => "XXXX".to_string(),
        }
    }

    fn month_rel(&self, n: i64) -> String {
        match self.dct {
            Some(d) => {
                let (y, mo) = shift_month(i64::from(d.year()), d.month(), n);
                fmt_month(y, mo)
            }
            None => "XXXX-XX".to_string(),
        }
    }

    fn week_rel(&self, n: i64) -> String {
        match self.dct.and_then(|d| add_days(d, n.saturating_mul(7))) {
            Some(d) => fmt_week(d),
            None => "XXXX-WXX".to_string(),
        }
    }

    fn day_rel(&self, n: i64) -> String {
        match self.dct.and_then(|d| add_days(d, n)) {
            Some(d) => fmt_day(d),
            None => "XXXX-XX-XX".to_string(),
        }
    }

    fn quarter_rel(&self, n: i64) -> String {
        match self.dct {
            Some(d) => {
                let (y, q) = shift_quarter(i64::from(d.year()), quarter_of(d.month()), n);
                format!("{}-Q{q}", fmt_year(y))
            }
            None => "XXXX-QX".to_string(),
        }
    }

    fn decade_rel(&self, n: i64) -> String {
        match self.dct_year() {
            Some(y) => {
                let dec = y.div_euclid(10).saturating_add(n);
                if (0..1000).contains(&dec) {
                    format!("{dec:03}")
                } else {
                    "XXX".to_string()
                }
            }
            None => "XXX".to_string(),
        }
    }

    fn century_rel(&self, n: i64) -> String {
        match self.dct_year() {
            Some(y) => {
                let c = y.div_euclid(100).saturating_add(n);
                if (0..100).contains(&c) {
                    format!("{c:02}")
                } else {
                    "XX".to_string()
                }
            }
            None => "XX".to_string(),
        }
    }

    /// Value of a unit shifted by `n` from the DCT ("last week", "next month").
    fn unit_rel(&self, u: Unit, n: i64) -> Option<String> {
        Some(match u {
            Unit::Day => self.day_rel(n),
            Unit::Week => self.week_rel(n),
            Unit::Month => self.month_rel(n),
            Unit::Quarter => self.quarter_rel(n),
            Unit::Year => self.year_rel(n),
            Unit::Decade => self.decade_rel(n),
            Unit::Century => self.century_rel(n),
            _ => return None,
        })
    }

    /// Year for a month (and day) without a year: the nearest to the DCT, with a penalty
    /// for going against the tense of the clause.
    fn year_for(&self, mo: u32, day: Option<u32>, dir: Dir) -> Option<i64> {
        let d = self.dct?;
        let y = i64::from(d.year());
        let mut best = (i64::MAX, y);
        for cand in [y - 1, y, y + 1] {
            let Some(t) = ymd(cand, mo, day.unwrap_or(15).clamp(1, 28)) else {
                continue;
            };
            let diff = (t - d).num_days();
            let mut cost = diff.abs();
            if (dir == Dir::Past && diff > 0) || (dir == Dir::Future && diff < 0) {
                cost += 120;
            }
            if cost < best.0 {
                best = (cost, cand);
            }
        }
        Some(best.1)
    }

    fn weekday_value(&self, wd: Weekday, dir: Dir, strict: bool) -> String {
        match self.dct {
            Some(d) => {
                let fwd = dir == Dir::Future;
                weekday_near(d, wd, fwd, strict)
                    .map(fmt_day)
                    .unwrap_or_else(|| format!("XXXX-WXX-{}", iso_wd(wd)))
            }
            None => format!("XXXX-WXX-{}", iso_wd(wd)),
        }
    }

    // ---------- rules ----------

    /// Best match starting at token `i`.
    fn at(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        // Approximators that belong to the extent of a quantity.
        let k = match w {
            // TimeML practice in the gold data: these stay inside the extent, while
            // "about", "over", "within" and "only" stay outside.
            "nearly" | "almost" | "around" => Some(i + 1),
            "more" | "less" | "fewer" if self.w(i + 1) == "than" => Some(i + 2),
            "at" if matches!(self.w(i + 1), "least" | "most") => Some(i + 2),
            "up" if self.w(i + 1) == "to" => Some(i + 2),
            "no" if self.w(i + 1) == "more" && self.w(i + 2) == "than" => Some(i + 3),
            _ => None,
        };
        if let Some(k) = k {
            if let Some(mut x) = self.core(k) {
                let article = self.w(k) == "the";
                let ok = (x.quant && w != "around") || (w == "around" && x.kind == TIME);
                if ok && !article && !x.value.ends_with("_REF") {
                    x.s = i;
                    return Some(x);
                }
            }
        }
        self.core(i)
    }

    fn core(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        if w.is_empty() {
            return None;
        }
        let mut best: Option<M> = None;
        let mut offer = |c: Option<M>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.e > b.e) {
                    best = Some(c);
                }
            }
        };
        offer(self.anaphor(i));
        if w == "the" {
            offer(self.the(i));
        }
        offer(self.deictic(i));
        offer(self.relative(i));
        offer(self.modified(i));
        offer(self.weekday(i));
        offer(self.month_date(i));
        offer(self.numeric_date(i));
        offer(self.year(i));
        offer(self.quarter(i));
        offer(self.quantity(i));
        offer(self.set(i));
        offer(self.clock(i));
        offer(self.season(i));
        offer(self.holiday(i));
        best
    }

    /// Rules that need the article: "the third quarter", "the past two years", "the 1990s".
    fn the(&self, i: usize) -> Option<M> {
        let j = i + 1;
        let w = self.w(j);
        let r = match w {
            "future" => m(i, j + 1, DATE, "FUTURE_REF".into()),
            "past" | "last" | "previous" | "next" | "coming" | "following" | "first" => {
                // "the first two quarters of 1990" is a half year
                if let Some(x) = self.quarter(j).filter(|x| x.kind == DATE) {
                    return Some(M { s: i, ..x });
                }
                if let Some(x) = self.span_units(j) {
                    return Some(M { s: i, ..x });
                }
                match (w, self.w(j + 1)) {
                    ("past", u) | ("last", u) | ("previous", u) => match unit_of(u) {
                        Some((un @ (Unit::Decade | Unit::Century), false)) if w == "past" => {
                            m(i, j + 2, DUR, dur_value(Qty::N(1), un))
                        }
                        Some((un, false)) => m(i, j + 2, DATE, self.unit_rel(un, -1)?),
                        _ if w == "past"
                            && self.qty(j + 1).is_none()
                            && !matches!(u, "few" | "several" | "couple") =>
                        {
                            m(i, j + 1, DATE, "PAST_REF".into())
                        }
                        _ => None,
                    },
                    ("next", u) | ("coming", u) | ("following", u) => match unit_of(u) {
                        Some((un, false)) => m(i, j + 2, DATE, self.unit_rel(un, 1)?),
                        _ => None,
                    },
                    _ => None,
                }
            }
            "present" => m(i, j + 1, DATE, "PRESENT_REF".into()),
            "near" if self.w(j + 1) == "future" => m(i, j + 2, DATE, "FUTURE_REF".into()),
            "near" | "short" if self.w(j + 1) == "term" => m(i, j + 2, DATE, "FUTURE_REF".into()),
            "weekend" => {
                let v = match self.dct {
                    Some(d) => {
                        let dir = self.tense(i, j + 1);
                        let fwd = dir == Dir::Future;
                        let sat = weekday_near(d, Weekday::Sat, fwd, false)?;
                        format!("{}-WE", fmt_week(sat))
                    }
                    None => "XXXX-WXX-WE".into(),
                };
                m(i, j + 1, DATE, v)
            }
            "quarter" | "latest" | "current" | "year" | "full" | "fiscal" | "week" | "month" => {
                self.the_unit(i)
            }
            "end" | "beginning" | "start" | "middle" | "rest" | "close"
                if self.w(j + 1) == "of" =>
            {
                let x = self.core(j + 2)?;
                if x.kind == DATE || x.kind == TIME {
                    m(i, x.e, x.kind, x.value)
                } else {
                    None
                }
            }
            _ => None,
        };
        // Anything else that reads as a noun phrase: "the 1990s", "the third quarter", "the weekend".
        let generic = self.core(j).filter(|x| {
            x.s == j
                && month_of(self.w(j)).is_none()
                && weekday_of(self.w(j)).is_none()
                && x.kind != SET
                && !matches!(x.value.as_str(), "PRESENT_REF" | "PAST_REF")
                && !(x.e == j + 1 && self.kind(j) == Some(Kind::Num))
        });
        match (r, generic) {
            (Some(a), Some(b)) => Some(if b.e > a.e { M { s: i, ..b } } else { a }),
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(M { s: i, ..b }),
            (None, None) => None,
        }
    }

    /// Financial reporting context nearby (quarters): "a year ago" then means the
    /// same quarter a year before the last reported one.
    fn fin_ctx(&self, i: usize) -> bool {
        let a = i.saturating_sub(150);
        let b = (i + 60).min(self.toks.len());
        (a..b).any(|j| matches!(self.w(j), "quarter" | "quarterly"))
    }

    /// The original token starts with a capital letter.
    fn capital(&self, j: usize) -> bool {
        self.toks
            .get(j)
            .and_then(|t| self.text.as_bytes().get(t.start))
            .is_some_and(u8::is_ascii_uppercase)
    }

    /// "the quarter", "the latest quarter", "the current year", "the full year", "the week".
    fn the_unit(&self, i: usize) -> Option<M> {
        let a = self.w(i + 1);
        let b = self.w(i + 2);
        let c = self.w(i + 3);
        match (a, b, c) {
            ("quarter", _, _) => m(i, i + 2, DATE, self.quarter_rel(-1)),
            ("latest", "quarter" | "period", _) => m(i, i + 3, DATE, self.quarter_rel(-1)),
            ("latest", "fiscal", "year") => m(i, i + 4, DATE, self.year_rel(-1)),
            ("current", "quarter", _) => m(i, i + 3, DATE, self.quarter_rel(0)),
            ("current" | "full", "fiscal", "year") => m(i, i + 4, DATE, self.year_rel(0)),
            ("current" | "full", "year", _) => m(i, i + 3, DATE, self.year_rel(0)),
            ("fiscal", "year", _) => m(i, i + 3, DATE, self.year_rel(0)),
            ("year", "-", _) => None,
            // "the year two thousand", "the year 2000"
            ("year", _, _) if self.spelled_year(i + 2).is_some() => {
                let (y, e) = self.spelled_year(i + 2)?;
                m(i, e, DATE, fmt_year(y))
            }
            // "the year ended Sept. 30" is a twelve-month span; otherwise "for the
            // year", "the end of the year" are the current calendar year.
            ("year", "ended" | "ending" | "ends" | "before" | "after" | "through", _) => {
                m(i, i + 2, DUR, "P1Y".into())
            }
            ("year", _, _) => m(i, i + 2, DATE, self.year_rel(0)),
            ("month", "ended" | "ending" | "ends" | "before" | "after" | "through", _) => None,
            ("month", _, _) => m(i, i + 2, DATE, self.month_rel(0)),
            ("week", _, _) => m(i, i + 2, DATE, self.week_rel(0)),
            _ => None,
        }
    }

    /// A year written out or in digits at `j`: "2000", "two thousand", "nineteen ninety-four".
    fn spelled_year(&self, j: usize) -> Option<(i64, usize)> {
        if let Some(y) = self.num(j).filter(|y| self.w(j).len() == 4 && year_ok(*y)) {
            return Some((y, j + 1));
        }
        if self.kind(j) != Some(Kind::Word) {
            return None;
        }
        if self.w(j) == "nineteen" {
            if let Some((Qty::N(n), e)) = self.qty(j + 1) {
                if (10..100).contains(&n) && self.kind(j + 1) == Some(Kind::Word) {
                    return Some((1900 + n, e));
                }
            }
            return None;
        }
        match self.qty(j)? {
            (Qty::N(y), e) if (1000..=2099).contains(&y) && self.w(e - 1) == "thousand" => {
                Some((y, e))
            }
            _ => None,
        }
    }

    /// A quantity, or a range of them ("two to three", "12 to 18"): the upper bound.
    fn qty_range(&self, j: usize) -> Option<(Qty, usize)> {
        let (q, k) = self.qty(j)?;
        if matches!(self.w(k), "to" | "or") || (self.dash(k) && self.num(k + 1).is_some()) {
            if let Some((q2 @ Qty::N(_), k2)) = self.qty(k + 1) {
                if unit_of(self.w(k2)).is_some() && !matches!(self.w(k + 1), "a" | "an") {
                    return Some((q2, k2));
                }
            }
        }
        Some((q, k))
    }

    /// "past two years", "next few days", "first nine months", "last 12 months" (DURATION).
    fn span_units(&self, j: usize) -> Option<M> {
        let (q, k) = self.qty_range(j + 1)?;
        if matches!(self.w(j + 1), "a" | "an") {
            return None;
        }
        let (u, plural) = unit_of(self.w(k))?;
        if !plural && q != Qty::N(1) {
            return None;
        }
        let mut e = k + 1;
        if self.w(e) == "or" && self.w(e + 1) == "so" {
            e += 2;
        }
        let mut x = m(j, e, DUR, dur_value(q, u))?;
        x.quant = true;
        Some(x)
    }

    fn deictic(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let base = match w {
            "today" => Some((self.day_rel(0), 0)),
            "yesterday" => Some((self.day_rel(-1), -1)),
            "tomorrow" => Some((self.day_rel(1), 1)),
            "tonight" => return m(i, i + 1, DATE, format!("{}TNI", self.day_rel(0))),
            "overnight" => return m(i, i + 1, TIME, format!("{}TNI", self.day_rel(-1))),
            _ => None,
        };
        if let Some((v, _)) = base {
            if let Some(p) = part_of_day(self.w(i + 1)) {
                return m(i, i + 2, TIME, format!("{v}T{p}"));
            }
            if self.w(i + 1) == "'" && self.w(i + 2) == "s" {
                return m(i, i + 1, DATE, v);
            }
            return m(i, i + 1, DATE, v);
        }
        match w {
            "now" | "currently" | "nowadays" | "presently" => {
                m(i, i + 1, DATE, "PRESENT_REF".into())
            }
            "current" => m(i, i + 1, DATE, "PRESENT_REF".into()),
            "right" if self.w(i + 1) == "now" => m(i, i + 2, DATE, "PRESENT_REF".into()),
            "these" if self.w(i + 1) == "days" => m(i, i + 2, DATE, "PRESENT_REF".into()),
            "recently" | "lately" => m(i, i + 1, DATE, "PAST_REF".into()),
            "recent" => match unit_of(self.w(i + 1)) {
                Some((Unit::Year | Unit::Decade, true)) => m(i, i + 2, DATE, "PAST_REF".into()),
                Some((u, true)) => m(i, i + 2, DUR, dur_value(Qty::X, u)),
                _ => None,
            },
            // Bare "future" is mostly adjectival ("future earnings"); "in future" is not.
            "future" if i > 0 && self.w(i - 1) == "in" => m(i, i + 1, DATE, "FUTURE_REF".into()),
            "years" | "months" | "weeks" | "days" | "decades" | "centuries" | "hours"
                if i > 0 && matches!(self.w(i - 1), "for" | "within") =>
            {
                let (u, _) = unit_of(w)?;
                m(i, i + 1, DUR, dur_value(Qty::X, u))
            }
            "more" if self.w(i + 1) == "recently" => m(i, i + 2, DATE, "PAST_REF".into()),
            "future" if matches!(unit_of(self.w(i + 1)), Some((_, true))) => {
                m(i, i + 2, DATE, "FUTURE_REF".into())
            }
            "coming" => match unit_of(self.w(i + 1)) {
                Some((_, true)) => m(i, i + 2, DATE, "FUTURE_REF".into()),
                _ => None,
            },
            "past" if self.w(i + 1) == "years" => m(i, i + 2, DATE, "PAST_REF".into()),
            _ => None,
        }
    }

    /// this/last/next/past/coming + unit, weekday, month or season; also "last night".
    fn relative(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let shift: i64 = match w {
            "this" | "current" => 0,
            "last" | "past" | "previous" => -1,
            "next" | "coming" | "following" => 1,
            _ => return None,
        };
        let j = i + 1;
        let u = self.w(j);
        if matches!(w, "last" | "past" | "next") {
            if let Some(x) = self.span_units(i) {
                return Some(x);
            }
        }
        // "this past spring", "this coming Sunday"
        if w == "this" && matches!(u, "past" | "coming") {
            let x = self.relative(j)?;
            return Some(M { s: i, ..x });
        }
        if u == "century" && w == "this" {
            return m(i, j + 1, DUR, "P100Y".into());
        }
        if let Some((un, false)) = unit_of(u) {
            let v = self.unit_rel(un, shift)?;
            if un == Unit::Year && self.w(j + 1) == "'" && self.w(j + 2) == "s" {
                if let Some(x) = self.quarter(j + 3) {
                    if x.value.len() > 4 && x.value.as_bytes().get(4) == Some(&b'-') {
                        return m(i, x.e, DATE, format!("{v}{}", &x.value[4..]));
                    }
                }
                if self.w(j + 3) == "quarter" {
                    let q = self.dct.map_or(0, |d| {
                        shift_quarter(i64::from(d.year()), quarter_of(d.month()), -1).1
                    });
                    return m(i, j + 4, DATE, format!("{v}-Q{q}"));
                }
            }
            if un == Unit::Year && self.w(j + 1) == "'" {
                return m(i, j + 1, DATE, v);
            }
            return m(i, j + 1, DATE, v);
        }
        if u == "fiscal" && self.w(j + 1) == "year" {
            return m(i, j + 2, DATE, self.year_rel(shift));
        }
        if let Some(wd) = weekday_of(u) {
            let (dir, strict) = match shift {
                -1 => (Dir::Past, true),
                1 => (Dir::Future, true),
                _ => (self.tense(i, j + 1), false),
            };
            let v = self.weekday_value(wd, dir, strict);
            if let Some(p) = part_of_day(self.w(j + 1)) {
                return m(i, j + 2, DATE, format!("{v}T{p}"));
            }
            return m(i, j + 1, DATE, v);
        }
        if let Some(mo) = month_of(u) {
            if u.len() < 3 || (matches!(u, "may" | "march") && !self.capital(j)) {
                return None;
            }
            if self.month_date(j).is_some_and(|x| x.value.len() == 10) {
                return None;
            }
            let y = match (self.dct, shift) {
                (Some(d), -1) => {
                    let y = i64::from(d.year());
                    Some(if mo >= d.month() { y - 1 } else { y })
                }
                (Some(d), 1) => {
                    let y = i64::from(d.year());
                    Some(if mo <= d.month() { y + 1 } else { y })
                }
                (Some(d), _) => Some(i64::from(d.year())),
                (None, _) => None,
            };
            let v = match y {
                Some(y) => fmt_month(y, mo),
                None => format!("XXXX-{mo:02}"),
            };
            return m(i, j + 1, DATE, v);
        }
        if let Some(s) = season_of(u) {
            let v = match self.dct {
                Some(d) => {
                    let y = i64::from(d.year());
                    // January and February belong to the winter that began the
                    // December before: every season of this year is still ahead.
                    let cur = match d.month() {
                        1 | 2 => 0,
                        3..=5 => 1,
                        6..=8 => 2,
                        9..=11 => 3,
                        _ => 4,
                    };
                    let tgt = match s {
                        "SP" => 1,
                        "SU" => 2,
                        "FA" => 3,
                        _ => 4,
                    };
                    let y = match shift {
                        -1 if tgt >= cur => y - 1,
                        1 if tgt <= cur => y + 1,
                        _ => y,
                    };
                    format!("{}-{s}", fmt_year(y))
                }
                None => format!("XXXX-{s}"),
            };
            return m(i, j + 1, DATE, v);
        }
        if u == "weekend" {
            let v = match self.dct {
                Some(d) => {
                    let sat = match shift {
                        -1 => weekday_near(d, Weekday::Sat, false, true)?,
                        1 => weekday_near(d, Weekday::Sat, true, true)?,
                        _ => weekday_near(
                            d,
                            Weekday::Sat,
                            self.tense(i, j + 1) == Dir::Future,
                            false,
                        )?,
                    };
                    format!("{}-WE", fmt_week(sat))
                }
                None => "XXXX-WXX-WE".into(),
            };
            return m(i, j + 1, DATE, v);
        }
        if let Some(p) = part_of_day(u) {
            if w == "last" && u == "night" {
                return m(i, j + 1, TIME, format!("{}TNI", self.day_rel(-1)));
            }
            if w == "this" {
                return m(i, j + 1, TIME, format!("{}T{p}", self.day_rel(0)));
            }
        }
        None
    }

    /// Expressions anchored to the running reference time rather than the DCT:
    /// "that year", "that same day", "the following month", "the next morning".
    fn anaphor(&self, i: usize) -> Option<M> {
        let r = self.reference.get()?;
        let w = self.w(i);
        let (shift, j) = match (w, self.w(i + 1)) {
            ("that", "same") => (0, i + 2),
            ("that", _) => (0, i + 1),
            ("the", "same") => (0, i + 2),
            ("the", "following") => (1, i + 2),
            ("the", "next") => (1, i + 2),
            _ => return None,
        };
        let u = self.w(j);
        if w == "the" && self.w(i + 1) == "same" && u != "day" {
            return None;
        }
        let value = if let Some(p) = part_of_day(u) {
            // "that night", "the next morning"
            let d = add_days(r.date()?, shift)?;
            return m(i, j + 1, TIME, format!("{}T{p}", fmt_day(d)));
        } else {
            match unit_of(u)? {
                (Unit::Day, false) => fmt_day(add_days(r.date()?, shift)?),
                (Unit::Month, false) if !(w == "the" && self.w(i + 1) == "next") => {
                    let (y, mo) = shift_month(r.year?, r.month?, shift);
                    fmt_month(y, mo)
                }
                (Unit::Year, false) if !(w == "the" && self.w(i + 1) == "next") => {
                    fmt_year(r.year?.saturating_add(shift))
                }
                _ => return None,
            }
        };
        // "that day's", "the next day or two" are still the same reference.
        m(i, j + 1, DATE, value)
    }

    /// early/late/mid/earlier/later + a date: the value of the date.
    fn modified(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        if !matches!(w, "early" | "late" | "mid" | "earlier" | "later" | "middle") {
            return None;
        }
        let mut j = i + 1;
        if self.dash(j) {
            j += 1;
        }
        if w == "middle" && self.w(j) == "of" {
            j += 1;
        }
        // "earlier in the year", "later in the month"
        if matches!(w, "earlier" | "later") && self.w(j) == "in" && self.w(j + 1) == "the" {
            let x = self.the_unit(j + 1)?;
            return (x.kind == DATE).then_some(M { s: i, ..x });
        }
        if let Some(p) = part_of_day(self.w(j)) {
            if w == "middle" {
                return None;
            }
            let (day, e) = match self.deictic(j + 1).or_else(|| self.weekday(j + 1)) {
                Some(x) if x.value.len() == 10 => (x.value, x.e),
                _ => (self.day_rel(0), j + 1),
            };
            return m(i, e, TIME, format!("{day}T{p}"));
        }
        let x = self.core(j)?;
        // "earlier Friday", "later today": the modifier stays outside.
        if matches!(w, "earlier" | "later")
            && (weekday_of(self.w(j)).is_some()
                || matches!(self.w(j), "today" | "yesterday" | "tomorrow" | "tonight"))
        {
            return None;
        }
        if x.kind == DUR || x.kind == SET || x.value.ends_with("_REF") {
            return None;
        }
        if x.s != j {
            return None;
        }
        m(i, x.e, x.kind, x.value)
    }

    fn weekday(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let wd = weekday_full(w).or_else(|| {
            // abbreviations only with a period: "Fri."
            if self.w(i + 1) == "." && self.glued(i + 1) && w.len() <= 5 {
                weekday_of(w)
            } else {
                None
            }
        })?;
        if w.ends_with('s') && w.len() > 6 {
            // "Tuesdays" is a set
            return m(i, i + 1, SET, format!("XXXX-WXX-{}", iso_wd(wd)));
        }
        let mut e = i + 1;
        if self.w(e) == "." && self.glued(e) && weekday_full(w).is_none() {
            e += 1;
        }
        // "Friday, Oct. 23" / "Thursday, April 9"
        let k = if self.w(e) == "," { e + 1 } else { e };
        if let Some(x) = self.month_date(k) {
            if x.value.len() == 10 {
                return m(i, x.e, DATE, x.value);
            }
        }
        let dir = self.tense(i, e);
        let v = self.weekday_value(wd, dir, false);
        if let Some(p) = part_of_day(self.w(e)) {
            return m(i, e + 1, DATE, format!("{v}T{p}"));
        }
        m(i, e, DATE, v)
    }

    /// Month [day] [, year] | day Month [year] | Month [of] year.
    fn month_date(&self, i: usize) -> Option<M> {
        // day-first: "10 September 2023"
        if let Some(d) = self.num(i).filter(|d| (1..=31).contains(d)) {
            let mo = month_of(self.w(i + 1))?;
            if self.w(i + 1).len() < 3 {
                return None;
            }
            let mut e = i + 2;
            if self.w(e) == "." && self.glued(e) {
                e += 1;
            }
            return self.finish_month_day(i, e, mo, d as u32);
        }
        let w = self.w(i);
        let mo = month_of(w)?;
        let mut e = i + 1;
        let abbrev = w.len() <= 4 && !matches!(w, "may" | "june" | "july");
        if self.w(e) == "." && self.glued(e) && abbrev {
            e += 1;
        } else if abbrev {
            return None;
        }
        if w == "may" || w == "march" {
            // Modal/verb readings: require a following day/year, or a preposition before.
            if !self.capital(i) {
                return None;
            }
        }
        // Month day
        if let Some(d) = self.num(e).filter(|d| (1..=31).contains(d)) {
            if self.w(e).len() <= 2 {
                let mut k = e + 1;
                if matches!(self.w(k), "st" | "nd" | "rd" | "th") && self.glued(k) {
                    k += 1;
                }
                return self.finish_month_day(i, k, mo, d as u32);
            }
        }
        // "February this year", "July last year"
        if matches!(self.w(e), "this" | "last" | "next") && self.w(e + 1) == "year" {
            let sh = match self.w(e) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            let v = match self.dct_year() {
                Some(y) => fmt_month(y + sh, mo),
                None => format!("XXXX-{mo:02}"),
            };
            return m(i, e + 2, DATE, v);
        }
        // Month [of|,] year
        let k = if matches!(self.w(e), "of" | ",") {
            e + 1
        } else {
            e
        };
        if let Some(y) = self.num(k).filter(|y| self.w(k).len() == 4 && year_ok(*y)) {
            return m(i, k + 1, DATE, fmt_month(y, mo));
        }
        if w == "march" && matches!(self.w(e), "for" | "of" | "on" | "to") {
            return None;
        }
        if w == "may" {
            // bare "May" is too often the modal verb (even capitalised at sentence start)
            let prev = if i > 0 { self.w(i - 1) } else { "" };
            if !matches!(
                prev,
                "in" | "since"
                    | "until"
                    | "by"
                    | "of"
                    | "early"
                    | "late"
                    | "mid"
                    | "last"
                    | "next"
                    | "this"
                    | "-"
                    | "from"
                    | "through"
                    | "to"
                    | "during"
            ) {
                return None;
            }
        }
        let dir = self.tense(i, e);
        let v = match self.year_for(mo, None, dir) {
            Some(y) => fmt_month(y, mo),
            None => format!("XXXX-{mo:02}"),
        };
        m(i, e, DATE, v)
    }

    fn finish_month_day(&self, s: usize, e: usize, mo: u32, d: u32) -> Option<M> {
        let k = if self.w(e) == "," { e + 1 } else { e };
        if let Some(y) = self.num(k).filter(|y| self.w(k).len() == 4 && year_ok(*y)) {
            let v = match ymd(y, mo, d) {
                Some(dt) => fmt_day(dt),
                None => format!("{}-{mo:02}-XX", fmt_year(y)),
            };
            return m(s, k + 1, DATE, v);
        }
        let dir = self.tense(s, e);
        let v = match self.year_for(mo, Some(d), dir) {
            Some(y) => match ymd(y, mo, d) {
                Some(dt) => fmt_day(dt),
                None => format!("{}-{mo:02}-XX", fmt_year(y)),
            },
            None => format!("XXXX-{mo:02}-{d:02}"),
        };
        m(s, e, DATE, v)
    }

    /// 2023-09-05, 9/5/2023, 9/5/23.
    fn numeric_date(&self, i: usize) -> Option<M> {
        let a = self.num(i)?;
        let sep = self.w(i + 1);
        if !matches!(sep, "-" | "/") || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let b = self.num(i + 2)?;
        if self.w(i + 3) != sep || !self.glued(i + 3) || !self.glued(i + 4) {
            return None;
        }
        let c = self.num(i + 4)?;
        let (y, mo, d) = if self.w(i).len() == 4 {
            (a, b, c)
        } else {
            let y = match self.w(i + 4).len() {
                4 => c,
                2 if c >= 50 => 1900 + c,
                2 => 2000 + c,
                _ => return None,
            };
            (y, a, b)
        };
        let mo = u32::try_from(mo).ok()?;
        let d = u32::try_from(d).ok()?;
        let dt = ymd(y, mo, d)?;
        m(i, i + 5, DATE, fmt_day(dt))
    }

    /// Bare years and decades: "1998", "the 1990s", "'90s", "fiscal 1989", "1989 third quarter".
    fn year(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        if w == "fiscal" {
            let x = self.year(i + 1).or_else(|| self.quarter(i + 1))?;
            return m(i, x.e, x.kind, x.value);
        }
        // '90s
        if w == "'" || w == "\u{2019}" {
            if self.w(i + 1).len() == 2 && self.w(i + 2) == "s" && self.glued(i + 2) {
                let n = self.num(i + 1)?;
                let c = if n < 30 { 20 } else { 19 };
                return m(i, i + 3, DATE, format!("{c}{}", n / 10));
            }
            return None;
        }
        if let Some(dec) = match w {
            "twenties" => Some(2),
            "thirties" => Some(3),
            "forties" => Some(4),
            "fifties" => Some(5),
            "sixties" => Some(6),
            "seventies" => Some(7),
            "eighties" => Some(8),
            "nineties" => Some(9),
            _ => None,
        } {
            if i > 0 && self.w(i - 1) == "the" {
                return m(i, i + 1, DATE, format!("19{dec}"));
            }
            return None;
        }
        if w == "nineteen" {
            if let Some((Qty::N(n), e)) = self.qty(i + 1) {
                if (10..100).contains(&n) && self.kind(i + 1) == Some(Kind::Word) {
                    return m(i, e, DATE, fmt_year(1900 + n));
                }
            }
            return None;
        }
        // "20th century"
        if let Some(n) = self.num(i) {
            if matches!(self.w(i + 1), "th" | "st" | "nd" | "rd") && self.glued(i + 1) {
                let k = if self.dash(i + 2) { i + 3 } else { i + 2 };
                if self.w(k) == "century" && (1..=100).contains(&n) {
                    return m(i, k + 1, DATE, format!("{:02}", n - 1));
                }
                return None;
            }
        }
        let y = self.num(i)?;
        if w.len() != 4 || !(1000..=2099).contains(&y) {
            return None;
        }
        if i > 0
            && matches!(
                self.w(i - 1),
                "$" | "#" | "no" | "number" | "flight" | "route"
            )
        {
            return None;
        }
        // A year that ends a capitalised name inside a sentence ("the exercise Caspian
        // Accord 2025", "Vision 2030") is part of the name, not a date.
        if i >= 2
            && self.capital(i - 1)
            && self.kind(i - 1) == Some(Kind::Word)
            && self.kind(i - 2) == Some(Kind::Word)
            && self.capital(i - 2)
            && month_of(self.w(i - 1)).is_none()
            && !matches!(
                self.w(i - 1),
                "in" | "of"
                    | "by"
                    | "since"
                    | "until"
                    | "from"
                    | "through"
                    | "before"
                    | "after"
                    | "during"
                    | "for"
                    | "spring"
                    | "summer"
                    | "autumn"
                    | "fall"
                    | "winter"
                    | "early"
                    | "late"
                    | "mid"
                    | "fiscal"
                    | "fy"
            )
        {
            return None;
        }
        let nx = self.w(i + 1);
        if self.glued(i + 1) {
            match nx {
                "s" => return m(i, i + 2, DATE, format!("{}", y / 10)),
                "," | "." if self.kind(i + 2) == Some(Kind::Num) && self.glued(i + 2) => {
                    return None
                }
                "%" => return None,
                _ => {}
            }
            if self.kind(i + 1) == Some(Kind::Word) {
                return None;
            }
        }
        // "the 1988 period": the reporting quarter of that year
        if matches!(nx, "period" | "quarter") && i > 0 && self.w(i - 1) == "the" {
            let q = self.dct.map_or_else(
                || "X".to_string(),
                |d| {
                    let (_, q) = shift_quarter(i64::from(d.year()), quarter_of(d.month()), -1);
                    q.to_string()
                },
            );
            return m(i, i + 2, DATE, format!("{}-Q{q}", fmt_year(y)));
        }
        // "1989 third quarter", "1990 first half"
        if let Some(q) = ordinal(nx) {
            if self.w(i + 2) == "quarter" || (self.dash(i + 2) && self.w(i + 3) == "quarter") {
                let e = if self.w(i + 2) == "quarter" {
                    i + 3
                } else {
                    i + 4
                };
                return m(i, e, DATE, format!("{}-Q{q}", fmt_year(y)));
            }
            if self.w(i + 2) == "half" {
                return m(i, i + 3, DATE, format!("{}-H{}", fmt_year(y), q.min(2)));
            }
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        let dateish_prev = matches!(
            prev,
            "in" | "since"
                | "of"
                | "by"
                | "until"
                | "before"
                | "after"
                | "from"
                | "to"
                | "through"
                | "during"
                | "early"
                | "late"
                | "mid"
                | "-"
                | "fiscal"
                | "end"
                | "year"
        );
        if !dateish_prev
            && self.kind(i + 1) == Some(Kind::Word)
            && nx.len() > 3
            && nx.ends_with('s')
            && !matches!(
                nx,
                "was"
                    | "has"
                    | "this"
                    | "its"
                    | "levels"
                    | "results"
                    | "figures"
                    | "earnings"
                    | "sales"
                    | "ends"
            )
        {
            return None;
        }
        m(i, i + 1, DATE, fmt_year(y))
    }

    /// "third quarter [of 1998]", "third-quarter", "first half", "first nine months".
    fn quarter(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let mut j = i;
        let fiscal = w == "fiscal";
        if fiscal || matches!(w, "calendar") {
            j += 1;
        }
        // "the last half of 1989" is the second half.
        let q = match self.w(j) {
            "last" if self.w(j + 1) == "half" => 2,
            x => ordinal(x)?,
        };
        let mut k = j + 1;
        if self.dash(k) {
            k += 1;
        }
        let what = self.w(k);
        let (q, half) = match what {
            "quarter" => (q, false),
            "half" => (q, true),
            _ => {
                // "first nine months"; "the first two quarters of 1990" is a half
                if q == 1 {
                    if let Some((qt, kk)) = self.qty(j + 1) {
                        match (qt, unit_of(self.w(kk))) {
                            (Qty::N(2), Some((Unit::Quarter, true))) if self.w(kk + 1) == "of" => {
                                k = kk;
                            }
                            (_, Some((u, true))) => {
                                return m(i, kk + 1, DUR, dur_value(qt, u));
                            }
                            _ => return None,
                        }
                        (1, true)
                    } else {
                        return None;
                    }
                } else {
                    return None;
                }
            }
        };
        let mut e = k + 1;
        let mut year = None;
        let kk = if self.w(e) == "of" { e + 1 } else { e };
        if let Some(y) = self
            .num(kk)
            .filter(|y| self.w(kk).len() == 4 && year_ok(*y))
        {
            year = Some(y);
            e = kk + 1;
        } else if self.w(e) == "of" && self.w(e + 1) == "fiscal" {
            if let Some(y) = self
                .num(e + 2)
                .filter(|y| self.w(e + 2).len() == 4 && year_ok(*y))
            {
                year = Some(y);
                e += 3;
            }
        }
        // "the first quarter of next year"
        if year.is_none()
            && self.w(e) == "of"
            && matches!(self.w(e + 1), "this" | "last" | "next")
            && self.w(e + 2) == "year"
        {
            let sh = match self.w(e + 1) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            year = self.dct_year().map(|y| y + sh);
            e += 3;
        }
        let y = match year {
            Some(y) => Some(y),
            None => self.dct.map(|d| {
                let y = i64::from(d.year());
                let cur = if half {
                    d.month().div_ceil(6)
                } else {
                    quarter_of(d.month())
                };
                if q > cur && self.tense(i, e) != Dir::Future {
                    y - 1
                } else {
                    y
                }
            }),
        };
        let ys = y.map_or_else(|| "XXXX".to_string(), fmt_year);
        let v = if half {
            format!("{ys}-H{}", q.min(2))
        } else {
            format!("{ys}-Q{q}")
        };
        m(i, e, DATE, v)
    }

    /// "three years", "two-year", "two weeks ago", "a year earlier", "several days".
    fn quantity(&self, i: usize) -> Option<M> {
        // "year-end", "year end", "year's end": the end of the current year (of the
        // last one after "since").
        if self.w(i) == "year" {
            let e = match (self.w(i + 1), self.w(i + 2), self.w(i + 3)) {
                ("end", _, _) => Some(i + 2),
                ("-", "end", _) if self.glued(i + 1) => Some(i + 3),
                ("'" | "\u{2019}", "s", "end") => Some(i + 4),
                _ => None,
            };
            if let Some(e) = e {
                let back = i > 0 && self.w(i - 1) == "since";
                return m(i, e, DATE, self.year_rel(if back { -1 } else { 0 }));
            }
        }
        if self.w(i) == "year" && self.dash(i + 1) && matches!(self.w(i + 2), "earlier" | "ago") {
            let mut e = i + 3;
            let mut quarter = self.fin_ctx(i);
            if ordinal(self.w(e)).is_some() && self.w(e + 1) == "quarter" {
                e += 2;
                quarter = true;
            } else if matches!(self.w(e), "quarter" | "period") {
                e += 1;
                quarter = true;
            }
            let v = if quarter {
                self.quarter_rel(-5)
            } else {
                self.year_rel(-1)
            };
            return m(i, e, DATE, v);
        }
        let (q, k) = self.qty_range(i)?;
        let mut half = self.ends_in_half(k);
        let mut k = k;
        let hyphen = self.dash(k);
        if hyphen {
            k += 1;
        }
        // "two more weeks", "an additional year"
        if matches!(
            self.w(k),
            "more" | "additional" | "full" | "straight" | "consecutive"
        ) && !hyphen
        {
            k += 1;
        }
        let (u, plural) = unit_of(self.w(k))?;
        // A singular unit after a larger number is adjectival: "a five year low",
        // "a two day rally" (a word must follow, as a noun would).
        let adjectival = matches!(q, Qty::N(2..=100))
            && self.kind(k + 1) == Some(Kind::Word)
            && !matches!(self.w(k + 1), "old" | "and" | "or" | "to" | "ago" | "of");
        if !plural && !hyphen && !matches!(q, Qty::N(1)) && !adjectival {
            return None;
        }
        if u == Unit::Quarter && (hyphen || self.w(k + 1) == "of") && plural {
            return None;
        }
        if matches!(self.w(k + 1), "old" | "older")
            || (hyphen && self.dash(k + 1) && self.w(k + 2) == "old")
        {
            return None;
        }
        let first = self.w(i);
        if matches!(first, "a" | "an")
            && matches!(u, Unit::Sec | Unit::Min)
            && self.kind(k + 1) == Some(Kind::Word)
            && !matches!(self.w(k + 1), "later" | "ago" | "or" | "and" | "earlier")
        {
            return None;
        }
        if matches!(first, "some" | "many") && !plural {
            return None;
        }
        if matches!(first, "a" | "an") && plural && q == Qty::N(1) {
            return None;
        }
        let mut e = k + 1;
        // "a year and a half", "an hour and a half"
        if !half && !plural && self.and_a_half(e) > e {
            half = true;
            e += 3;
        }
        // "a year or two", "a week or so"
        if self.w(e) == "or"
            && (self.w(e + 1) == "so"
                || self.qty(e + 1).is_some() && unit_of(self.w(e + 2)).is_none())
        {
            e += 2;
        }
        let after = self.w(e);
        // "a day later than planned" compares two times; it names neither.
        let comparative = matches!(after, "later" | "earlier") && self.w(e + 1) == "than";
        let relative = !comparative
            && (matches!(after, "ago" | "earlier" | "hence")
                || (after == "later" && q != Qty::X)
                || (after == "from" && self.w(e + 1) == "now"));
        if relative && !(q == Qty::X && after == "earlier") {
            let sign: i64 = if matches!(after, "ago" | "earlier") {
                -1
            } else {
                1
            };
            let e2 = if after == "from" { e + 2 } else { e + 1 };
            let v = match q {
                Qty::X => {
                    if sign < 0 {
                        "PAST_REF".to_string()
                    } else {
                        "FUTURE_REF".to_string()
                    }
                }
                Qty::N(n) => {
                    let n = n.saturating_mul(sign);
                    let fin = u == Unit::Year && n == -1 && self.fin_ctx(i);
                    match u {
                        Unit::Year if fin => self.quarter_rel(-5),
                        // "five days later", "two days earlier" count from the day
                        // the text was last speaking of, when it named one; "ago"
                        // counts from the document's date.
                        Unit::Day if matches!(after, "later" | "earlier") => self
                            .reference
                            .get()
                            .and_then(|r| r.date())
                            .and_then(|d| add_days(d, n))
                            .map(fmt_day)
                            .unwrap_or_else(|| self.day_rel(n)),
                        Unit::Day => self.day_rel(n),
                        Unit::Week => self.week_rel(n),
                        Unit::Month => self.month_rel(n),
                        Unit::Quarter => self.quarter_rel(n),
                        Unit::Year => self.year_rel(n),
                        Unit::Decade => self.year_rel(n.saturating_mul(10)),
                        Unit::Century => self.year_rel(n.saturating_mul(100)),
                        Unit::Hour | Unit::Min | Unit::Sec => dur_value(q, u),
                    }
                }
            };
            let kind = if v.starts_with('P') && !v.ends_with("_REF") {
                DUR
            } else {
                DATE
            };
            let mut x = m(i, e2, kind, v)?;
            x.quant = true;
            return Some(x);
        }
        if hyphen && after == "old" {
            return None;
        }
        let v = match (half, q) {
            (true, Qty::N(n)) => half_dur(n, u).unwrap_or_else(|| dur_value(q, u)),
            _ => dur_value(q, u),
        };
        let mut x = m(i, e, DUR, v)?;
        x.quant = true;
        Some(x)
    }

    fn set(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let v = match w {
            "daily" | "nightly" => "P1D",
            "weekly" => "P1W",
            "monthly" => "P1M",
            "yearly" | "annually" | "annual" => "P1Y",
            "hourly" => "PT1H",
            "quarterly" => "P3M",
            "every" | "each" => {
                let mut j = i + 1;
                if self.w(j) == "other" {
                    j += 1;
                }
                let u = self.w(j);
                if let Some((un, false)) = unit_of(u) {
                    let n = if self.w(i + 1) == "other" { 2 } else { 1 };
                    return m(i, j + 1, SET, dur_value(Qty::N(n), un));
                }
                if let Some(wd) = weekday_of(u).filter(|_| u.len() > 3) {
                    return m(i, j + 1, SET, format!("XXXX-WXX-{}", iso_wd(wd)));
                }
                if let Some(mo) = month_of(u).filter(|_| u.len() > 3) {
                    return m(i, j + 1, SET, format!("XXXX-{mo:02}"));
                }
                if let Some((Qty::N(n), k)) = self.qty(j) {
                    if let Some((un, true)) = unit_of(self.w(k)) {
                        return m(i, k + 1, SET, dur_value(Qty::N(n), un));
                    }
                }
                return None;
            }
            _ => return None,
        };
        // Adverbial use only: "paid daily", not "daily flights".
        let nx = self.w(i + 1);
        let adverbial = self.kind(i + 1) != Some(Kind::Word)
            || matches!(
                nx,
                "and"
                    | "or"
                    | "but"
                    | "in"
                    | "on"
                    | "at"
                    | "for"
                    | "to"
                    | "from"
                    | "through"
                    | "since"
                    | "until"
                    | "by"
                    | "over"
                    | "with"
                    | "after"
                    | "before"
                    | "during"
                    | "as"
                    | "is"
                    | "was"
                    | "are"
                    | "were"
                    | "will"
                    | "would"
                    | "basis"
            );
        if w == "annual" || !adverbial {
            return None;
        }
        m(i, i + 1, SET, v.to_string())
    }

    /// Clock times: "5 p.m.", "10:35 a.m. EST", "noon Thursday", "midnight".
    fn clock(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let (h, mi, mut e) = match w {
            "noon" | "midday" => (12, 0, i + 1),
            "midnight" => (24, 0, i + 1),
            _ => {
                let h = self.num(i).filter(|h| *h <= 24 && self.w(i).len() <= 2)?;
                let (mi, mut e) = if self.w(i + 1) == ":" && self.glued(i + 1) && self.glued(i + 2)
                {
                    let mi = self
                        .num(i + 2)
                        .filter(|m| *m < 60 && self.w(i + 2).len() == 2)?;
                    (mi, i + 3)
                } else {
                    (0, i + 1)
                };
                let has_colon = e == i + 3;
                let am_pm = self.am_pm(e);
                let h = match am_pm {
                    Some((pm, k)) => {
                        e = k;
                        if h > 12 {
                            return None;
                        }
                        match (pm, h) {
                            (true, 12) => 12,
                            (true, h) => h + 12,
                            (false, 12) => 0,
                            (false, h) => h,
                        }
                    }
                    None if has_colon && self.w(e) == "o" => return None,
                    None if w.len() == 2
                        && has_colon
                        && matches!(self.w(e), "gmt" | "utc" | "local") =>
                    {
                        h
                    }
                    None => return None,
                };
                (h, mi, e)
            }
        };
        if matches!(
            self.w(e),
            "est" | "edt" | "gmt" | "utc" | "cst" | "cdt" | "pst" | "pdt" | "et"
        ) {
            e += 1;
        }
        if self.w(e) == "local" && self.w(e + 1) == "time" {
            e += 2;
        }
        // the day it belongs to
        let mut k = if self.w(e) == "," { e + 1 } else { e };
        if self.w(k) == "on" {
            k += 1;
        }
        let (day, e2) = if let Some(x) = self
            .weekday(k)
            .or_else(|| self.month_date(k))
            .or_else(|| self.deictic(k))
        {
            if x.kind == DATE && x.value.len() == 10 {
                (x.value, x.e)
            } else {
                (self.day_rel(0), e)
            }
        } else {
            (self.day_rel(0), e)
        };
        let v = if mi == 0 && matches!(w, "noon" | "midday" | "midnight") {
            format!("{day}T{h:02}:00")
        } else {
            format!("{day}T{h:02}:{mi:02}")
        };
        m(i, e2, TIME, v)
    }

    /// "a.m.", "p.m.", "am", "pm" at `j`: (is_pm, next token).
    fn am_pm(&self, j: usize) -> Option<(bool, usize)> {
        let w = self.w(j);
        match w {
            "am" | "pm" => Some((w == "pm", j + 1)),
            "a" | "p" if self.w(j + 1) == "." && self.w(j + 2) == "m" => {
                let e = if self.w(j + 3) == "." && self.glued(j + 3) {
                    j + 4
                } else {
                    j + 3
                };
                Some((w == "p", e))
            }
            _ => None,
        }
    }

    /// "summer", "the summer of 1998", "winter 1994" (bare season only after a preposition).
    fn season(&self, i: usize) -> Option<M> {
        let s = season_of(self.w(i))?;
        let k = if self.w(i + 1) == "of" { i + 2 } else { i + 1 };
        if let Some((y, e)) = self.spelled_year(k) {
            return m(i, e, DATE, format!("{}-{s}", fmt_year(y)));
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if !matches!(
            prev,
            "in" | "the"
                | "this"
                | "during"
                | "since"
                | "until"
                | "by"
                | "early"
                | "late"
                | "mid"
                | "-"
        ) {
            return None;
        }
        let v = match self.dct_year() {
            Some(y) => format!("{}-{s}", fmt_year(y)),
            None => format!("XXXX-{s}"),
        };
        m(i, i + 1, DATE, v)
    }

    fn holiday(&self, i: usize) -> Option<M> {
        let w = self.w(i);
        let (mo, d, e) = match w {
            "christmas" => {
                let e = if self.w(i + 1) == "day" || self.w(i + 1) == "eve" {
                    i + 2
                } else {
                    i + 1
                };
                (12, if self.w(i + 1) == "eve" { 24 } else { 25 }, e)
            }
            "new" if self.w(i + 1) == "year" && self.w(i + 2) == "'" && self.w(i + 3) == "s" => {
                match self.w(i + 4) {
                    "day" => (1, 1, i + 5),
                    "eve" => (12, 31, i + 5),
                    _ => return None,
                }
            }
            "thanksgiving" => {
                let e = if self.w(i + 1) == "day" { i + 2 } else { i + 1 };
                let dir = self.tense(i, e);
                let v = match self.year_for(11, Some(25), dir) {
                    Some(y) => {
                        let nov1 = ymd(y, 11, 1)?;
                        let th = weekday_near(nov1, Weekday::Thu, true, false)?;
                        fmt_day(add_days(th, 21)?)
                    }
                    None => "XXXX-11-XX".into(),
                };
                return m(i, e, DATE, v);
            }
            _ => return None,
        };
        let dir = self.tense(i, e);
        let v = match self.year_for(mo, Some(d), dir) {
            Some(y) => ymd(y, mo, d).map_or_else(|| format!("XXXX-{mo:02}-{d:02}"), fmt_day),
            None => format!("XXXX-{mo:02}-{d:02}"),
        };
        m(i, e, DATE, v)
    }
}

/// Finds and normalises the temporal expressions of `text` against `dct`.
pub(crate) fn recognise(text: &str, dct: Option<NaiveDate>) -> Vec<Found> {
    let low = text.to_ascii_lowercase();
    let toks = tokenize(text);
    let p = P {
        text,
        low: &low,
        toks: &toks,
        dct,
        reference: std::cell::Cell::new(None),
    };
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    let mut last_day: Option<(usize, String)> = None;
    while i < toks.len() {
        if !may_start(p.w(i)) {
            i += 1;
            continue;
        }
        match p.at(i) {
            Some(x) if x.e > x.s && x.e <= toks.len() => {
                let (Some(a), Some(b)) = (toks.get(x.s), toks.get(x.e - 1)) else {
                    i += 1;
                    continue;
                };
                let is_day = x.kind == DATE
                    && x.value.len() == 10
                    && x.value.as_bytes().get(4) == Some(&b'-');
                if x.kind == DATE || x.kind == TIME {
                    if let Some(r) = Ref::parse(&x.value) {
                        // A coarser mention of the same year ("later that year") keeps
                        // the finer reference.
                        let keep = p.reference.get().filter(|old| {
                            old.year == r.year && r.month.is_none() && old.month.is_some()
                        });
                        p.reference.set(keep.or(Some(r)));
                    }
                }
                out.push(Found {
                    start: a.start,
                    end: b.end,
                    kind: x.kind,
                    value: x.value.clone(),
                });
                last_day = if is_day { Some((x.e, x.value)) } else { None };
                i = x.e;
            }
            _ => {
                // "September 10-13": the second day of a range.
                if let Some((e, v)) = &last_day {
                    let dash_before =
                        i == e + 1 && (p.dash(*e) || matches!(p.w(*e), "to" | "through" | "and"));
                    if dash_before {
                        if let Some(d) = p
                            .num(i)
                            .filter(|d| (1..=31).contains(d) && p.w(i).len() <= 2)
                        {
                            let decimal = p.glued(i + 1)
                                && (matches!(p.w(i + 1), "%" | ",")
                                    || (p.w(i + 1) == "." && p.num(i + 2).is_some()));
                            if month_of(p.w(i + 1)).is_none() && p.w(i + 1) != ":" && !decimal {
                                let v = format!("{}-{d:02}", &v[..7]);
                                if let Some(t) = toks.get(i) {
                                    out.push(Found {
                                        start: t.start,
                                        end: t.end,
                                        kind: DATE,
                                        value: v,
                                    });
                                }
                            }
                        }
                    }
                }
                if last_day.as_ref().is_some_and(|(e, _)| i > *e) {
                    last_day = None;
                }
                i += 1;
            }
        }
    }
    out
}
