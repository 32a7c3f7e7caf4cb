//! Calendar arithmetic and TIMEX3 value formatting, all checked (no panics on odd input).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Years we are willing to write as four digits.
pub(crate) fn year_ok(y: i64) -> bool {
    (1..=9999).contains(&y)
}

/// `YYYY`, or `XXXX` when out of range.
pub(crate) fn fmt_year(y: i64) -> String {
    if year_ok(y) {
        format!("{y:04}")
    } else {
        "XXXX".to_string()
    }
}

/// `YYYY-MM`.
pub(crate) fn fmt_month(y: i64, m: u32) -> String {
    format!("{}-{m:02}", fmt_year(y))
}

/// `YYYY-MM-DD`.
pub(crate) fn fmt_day(d: NaiveDate) -> String {
    format!(
        "{}-{:02}-{:02}",
        fmt_year(i64::from(d.year())),
        d.month(),
        d.day()
    )
}

/// ISO week `YYYY-Www`.
pub(crate) fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", fmt_year(i64::from(w.year())), w.week())
}

/// Quarter 1–4 of a month.
pub(crate) fn quarter_of(m: u32) -> u32 {
    (m.saturating_sub(1)) / 3 + 1
}

/// Adds `n` days, `None` on overflow.
pub(crate) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(n)?)
}

/// (year, month) shifted by `n` months.
pub(crate) fn shift_month(y: i64, m: u32, n: i64) -> (i64, u32) {
    let total = y.saturating_mul(12) + i64::from(m) - 1 + n;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32)
}

/// (year, quarter) shifted by `n` quarters.
pub(crate) fn shift_quarter(y: i64, q: u32, n: i64) -> (i64, u32) {
    let total = y.saturating_mul(4) + i64::from(q) - 1 + n;
    (total.div_euclid(4), (total.rem_euclid(4) + 1) as u32)
}

/// ISO day number 1 (Monday) – 7 (Sunday).
pub(crate) fn iso_wd(w: Weekday) -> u32 {
    w.number_from_monday()
}

/// The date `n` days away from `d` lying on weekday `w`, searching backwards or forwards;
/// `strict` excludes `d` itself.
pub(crate) fn weekday_near(
    d: NaiveDate,
    w: Weekday,
    forward: bool,
    strict: bool,
) -> Option<NaiveDate> {
    let cur = i64::from(iso_wd(d.weekday()));
    let tgt = i64::from(iso_wd(w));
    let mut delta = if forward {
        (tgt - cur).rem_euclid(7)
    } else {
        -(cur - tgt).rem_euclid(7)
    };
    if delta == 0 && strict {
        delta = if forward { 7 } else { -7 };
    }
    add_days(d, delta)
}

/// A valid calendar date, if any.
pub(crate) fn ymd(y: i64, m: u32, d: u32) -> Option<NaiveDate> {
    let y = i32::try_from(y).ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_wrap_years() {
        assert_eq!(shift_month(2023, 1, -1), (2022, 12));
        assert_eq!(shift_month(2023, 12, 1), (2024, 1));
        assert_eq!(shift_quarter(2023, 1, -1), (2022, 4));
        assert_eq!(fmt_year(123_456), "XXXX");
    }

    #[test]
    fn finds_weekdays_both_ways() {
        let tue = NaiveDate::from_ymd_opt(2023, 9, 5).unwrap();
        assert_eq!(
            weekday_near(tue, Weekday::Mon, false, false),
            ymd(2023, 9, 4)
        );
        assert_eq!(
            weekday_near(tue, Weekday::Mon, true, false),
            ymd(2023, 9, 11)
        );
        assert_eq!(weekday_near(tue, Weekday::Tue, false, false), Some(tue));
        assert_eq!(
            weekday_near(tue, Weekday::Tue, false, true),
            ymd(2023, 8, 29)
        );
        assert_eq!(fmt_week(tue), "2023-W36");
    }
}
