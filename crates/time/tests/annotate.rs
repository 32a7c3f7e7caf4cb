//! Behaviour of the public tagger on sentences written for these tests.

use chronicle_core::TimexType;
use chronicle_time::{annotate, annotate_with_warnings, Warning};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// (surface text, type, value) triples.
fn tags(text: &str, dct: Option<NaiveDate>) -> Vec<(String, TimexType, String)> {
    annotate(text, dct)
        .into_iter()
        .map(|t| {
            (
                text[t.span.start as usize..t.span.end as usize].to_string(),
                t.kind,
                t.value,
            )
        })
        .collect()
}

fn value_of(text: &str, dct: Option<NaiveDate>, surface: &str) -> String {
    tags(text, dct)
        .into_iter()
        .find(|(s, _, _)| s == surface)
        .map(|(_, _, v)| v)
        .unwrap_or_else(|| panic!("{surface:?} not tagged in {text:?}: {:?}", tags(text, dct)))
}

#[test]
fn months_and_years_resolve_against_the_dct() {
    let dct = d(2023, 9, 3);
    let t = "Exports fell in July and had already slowed in June, after a record last year.";
    assert_eq!(value_of(t, dct, "July"), "2023-07");
    assert_eq!(value_of(t, dct, "June"), "2023-06");
    assert_eq!(value_of(t, dct, "last year"), "2022");
    let t = "The board expects to publish the audit later this month.";
    assert_eq!(value_of(t, dct, "later this month"), "2023-09");
}

#[test]
fn weekdays_follow_the_tense_of_the_clause() {
    let dct = d(2023, 9, 5); // a Tuesday
    let t = "The mayor said on Tuesday that the bridge had been closed.";
    assert_eq!(value_of(t, dct, "Tuesday"), "2023-09-05");
    let t = "Police arrested two men on Monday, the spokesman said.";
    assert_eq!(value_of(t, dct, "Monday"), "2023-09-04");
    let t = "The committee will vote on Friday.";
    assert_eq!(value_of(t, dct, "Friday"), "2023-09-08");
    let t = "The committee voted on Friday.";
    assert_eq!(value_of(t, dct, "Friday"), "2023-09-01");
    let t = "Trading resumes this week.";
    assert_eq!(value_of(t, dct, "this week"), "2023-W36");
    assert_eq!(
        value_of("Prices rose last week.", dct, "last week"),
        "2023-W35"
    );
}

#[test]
fn relative_expressions_and_references() {
    let dct = d(2023, 9, 5);
    let t = "Two weeks ago the ministry said it would report next spring; it is now reviewing the 1990s.";
    assert_eq!(value_of(t, dct, "Two weeks ago"), "2023-W34");
    assert_eq!(value_of(t, dct, "next spring"), "2024-SP");
    assert_eq!(value_of(t, dct, "now"), "PRESENT_REF");
    assert_eq!(value_of(t, dct, "the 1990s"), "199");
    let t = "Output grew in recent years and over the past decade; yesterday it slipped.";
    assert_eq!(value_of(t, dct, "recent years"), "PAST_REF");
    assert_eq!(value_of(t, dct, "the past decade"), "P10Y");
    assert_eq!(
        value_of(
            "It was the worst of the last decade.",
            dct,
            "the last decade"
        ),
        "201"
    );
    assert_eq!(value_of(t, dct, "yesterday"), "2023-09-04");
    let t = "Sales in the third quarter rose, and early 2024 looks strong, as does mid-September.";
    assert_eq!(value_of(t, dct, "the third quarter"), "2023-Q3");
    assert_eq!(value_of(t, dct, "early 2024"), "2024");
    assert_eq!(value_of(t, dct, "mid-September"), "2023-09");
}

#[test]
fn absolute_dates_in_common_formats() {
    let dct = d(2023, 9, 5);
    for (text, surface, value) in [
        (
            "It opened on March 4, 2021 in Oslo.",
            "March 4, 2021",
            "2021-03-04",
        ),
        (
            "It opened on 4 March 2021 in Oslo.",
            "4 March 2021",
            "2021-03-04",
        ),
        (
            "It opened on 2021-03-04 in Oslo.",
            "2021-03-04",
            "2021-03-04",
        ),
        ("It opened on 3/4/2021 in Oslo.", "3/4/2021", "2021-03-04"),
        ("It opened in Sept. 2020.", "Sept. 2020", "2020-09"),
        ("It opened in 1998.", "1998", "1998"),
    ] {
        assert_eq!(value_of(text, dct, surface), value, "{text}");
    }
}

#[test]
fn ranges_durations_and_sets() {
    let dct = d(2023, 9, 5);
    let t = "The fair runs September 10-13 and the talks lasted three years.";
    assert_eq!(value_of(t, dct, "September 10"), "2023-09-10");
    assert_eq!(value_of(t, dct, "13"), "2023-09-13");
    let r = tags(t, dct);
    assert!(r
        .iter()
        .any(|(s, k, v)| s == "three years" && *k == TimexType::Duration && v == "P3Y"));
    let t =
        "Flights were suspended from June to August; inspectors visit every week and report daily.";
    assert_eq!(value_of(t, dct, "June"), "2023-06");
    assert_eq!(value_of(t, dct, "August"), "2023-08");
    let r = tags(t, dct);
    assert!(r
        .iter()
        .any(|(s, k, v)| s == "every week" && *k == TimexType::Set && v == "P1W"));
    assert!(r
        .iter()
        .any(|(s, k, v)| s == "daily" && *k == TimexType::Set && v == "P1D"));
    assert_eq!(value_of("The strike lasted 3 days.", dct, "3 days"), "P3D");
}

#[test]
fn without_a_dct_values_stay_underspecified() {
    let t = "In June the council met on Friday and again last year.";
    let out = annotate_with_warnings(t, None);
    assert_eq!(out.warnings, vec![Warning::NoDct]);
    assert!(out.exprs.iter().all(|e| e.anchor.is_none()));
    assert_eq!(value_of(t, None, "June"), "XXXX-06");
    assert_eq!(value_of(t, None, "Friday"), "XXXX-WXX-5");
    assert_eq!(value_of(t, None, "last year"), "XXXX");
    assert!(annotate_with_warnings(t, d(2020, 1, 1)).warnings.is_empty());
}

#[test]
fn anchors_and_spans_are_reported() {
    let t = "Résumé: on Friday, the café closed.";
    let out = annotate(t, d(2023, 9, 5));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].anchor.as_deref(), Some("2023-09-05"));
    assert_eq!(
        &t[out[0].span.start as usize..out[0].span.end as usize],
        "Friday"
    );
}

#[test]
fn odd_input_does_not_panic() {
    let dct = d(2023, 9, 5);
    for t in [
        "February 30 was named, as was February 30, 2023.",
        "the year 99999999 and 99999999999999999999 days ago",
        "9999999999 years ago, 12/45/2020, 2020-13-40",
        "''90s '' ' s",
        "",
        "—–-/:.,",
    ] {
        for e in annotate(t, dct) {
            assert!(t.is_char_boundary(e.span.start as usize));
            assert!(t.is_char_boundary(e.span.end as usize));
        }
    }
    assert_eq!(
        value_of(
            "Rent is due on February 30, 2023.",
            dct,
            "February 30, 2023"
        ),
        "2023-02-XX"
    );
}

/// A small deterministic random-input loop: never panics, spans on char boundaries,
/// in order, non-overlapping, and results are identical on a second run.
#[test]
fn random_input_is_safe_and_deterministic() {
    const PIECES: &[&str] = &[
        "last",
        "next",
        "the",
        "week",
        "year",
        "ago",
        "two",
        "a",
        "Friday",
        "Sept",
        ".",
        "5",
        "1998",
        "-",
        "–",
        "'",
        "s",
        " ",
        ",",
        "p",
        "m",
        "12",
        ":",
        "30",
        "early",
        "mid",
        "quarter",
        "third",
        "every",
        "day",
        "é",
        "日本",
        "\u{2019}",
        "nineteen",
        "ninety",
        "th",
        "century",
        "May",
        "March",
        "of",
        "this",
        "past",
        "99999999999",
        "/",
        "said",
        "will",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..2000u32 {
        let n = (next() % 24) as usize;
        let mut t = String::new();
        for _ in 0..n {
            t.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            if next() % 2 == 0 {
                t.push(' ');
            }
        }
        let dct = if round % 5 == 0 {
            None
        } else {
            d(1990 + (round % 40) as i32, 1 + round % 12, 28)
        };
        let a = annotate(&t, dct);
        let mut prev_end = 0;
        for e in &a {
            let (s, en) = (e.span.start as usize, e.span.end as usize);
            assert!(s < en && en <= t.len(), "{t:?}");
            assert!(t.is_char_boundary(s) && t.is_char_boundary(en), "{t:?}");
            assert!(s >= prev_end, "overlap in {t:?}");
            prev_end = en;
        }
        assert_eq!(a, annotate(&t, dct));
    }
}

#[test]
fn fractions_and_halves_of_units() {
    let dct = d(2023, 9, 5);
    let t = "The flight took 5 1/2 hours; talks lasted two and a half years, the vote a minute and a half.";
    assert_eq!(value_of(t, dct, "5 1/2 hours"), "PT5H30M");
    assert_eq!(value_of(t, dct, "two and a half years"), "P2Y6M");
    assert_eq!(value_of(t, dct, "a minute and a half"), "PT1M30S");
}

#[test]
fn anaphoric_expressions_follow_the_last_mentioned_date() {
    let dct = d(2023, 9, 5);
    let t =
        "He moved to Lyon in June 2015 and married later that year. The following month he left.";
    assert_eq!(value_of(t, dct, "later that year"), "2015");
    assert_eq!(value_of(t, dct, "The following month"), "2015-07");
    let t = "The court met on March 3, 2020, and ruled the next day.";
    assert_eq!(value_of(t, dct, "the next day"), "2020-03-04");
    // Without an earlier date, "the next day" falls back to the DCT.
    assert_eq!(
        value_of("It will rule the next day.", dct, "the next day"),
        "2023-09-06"
    );
}

#[test]
fn spelled_years_datelines_and_adjectival_future() {
    let dct = d(1998, 3, 12);
    let t = "BRUSSELS, March 12 (Xinhua) -- Plans for the year two thousand and the winter of nineteen ninety-four.";
    assert_eq!(value_of(t, dct, "March 12"), "1998-03-12");
    assert_eq!(value_of(t, dct, "the year two thousand"), "2000");
    assert_eq!(
        value_of(t, dct, "the winter of nineteen ninety-four"),
        "1994-WI"
    );
    let found = tags("Investors worry about future earnings.", dct);
    assert!(found.iter().all(|(s, _, _)| s != "future"), "{found:?}");
}

#[test]
fn future_words_under_a_past_perfect_point_back() {
    // Wednesday 2023-09-06.
    let dct = d(2023, 9, 6);
    let t = "The offer had been due to expire Friday.";
    assert_eq!(value_of(t, dct, "Friday"), "2023-09-01");
    let t = "Trading could resume as early as Friday.";
    assert_eq!(value_of(t, dct, "Friday"), "2023-09-08");
}

#[test]
fn dated_story_expressions_resolve_against_the_publication_date() {
    // Own sentences with the kinds of expressions the design example relies on.
    let dct = d(2023, 9, 5); // a Tuesday
    let t = "The envoy visited the capital in July and promised aid in June.";
    assert_eq!(value_of(t, dct, "July"), "2023-07");
    assert_eq!(value_of(t, dct, "June"), "2023-06");
    let t = "The ministry warned on Tuesday that exports had stalled last year.";
    assert_eq!(value_of(t, dct, "Tuesday"), "2023-09-05");
    assert_eq!(value_of(t, dct, "last year"), "2022");
    let t = "The general said on Monday that joint exercises were possible.";
    assert_eq!(value_of(t, dct, "Monday"), "2023-09-04");
    let t = "The delegation is likely to arrive later this month.";
    assert_eq!(value_of(t, dct, "later this month"), "2023-09");
}

#[test]
fn current_year_halves_and_year_end() {
    let dct = d(1998, 2, 6);
    let t = "Output fell for the year, recovered earlier in the year and will rise by year-end.";
    assert_eq!(value_of(t, dct, "the year"), "1998");
    assert_eq!(value_of(t, dct, "earlier in the year"), "1998");
    assert_eq!(value_of(t, dct, "year-end"), "1998");
    let t = "Sales for the year ended June 30 rose.";
    assert_eq!(value_of(t, dct, "the year"), "P1Y");
    let t = "Margins narrowed in the last half of 1996 and in the first two quarters of 1997.";
    assert_eq!(value_of(t, dct, "the last half of 1996"), "1996-H2");
    assert_eq!(
        value_of(t, dct, "the first two quarters of 1997"),
        "1997-H1"
    );
    // In February, last fall is the previous year's.
    assert_eq!(
        value_of("Hiring picked up last fall.", dct, "last fall"),
        "1997-FA"
    );
}

#[test]
fn quantities_keep_articles_and_adjectival_units() {
    let dct = d(1998, 2, 6);
    let t = "Shares hit a five year low a few days ago after a two day sell-off.";
    assert_eq!(value_of(t, dct, "five year"), "P5Y");
    assert_eq!(value_of(t, dct, "two day"), "P2D");
    assert_eq!(value_of(t, dct, "a few days ago"), "PAST_REF");
    let t = "The bridge stood for almost a hundred years.";
    assert_eq!(value_of(t, dct, "almost a hundred years"), "P100Y");
    // A decimal after a weekday is not the end of a day range.
    let t = "The index was down from Friday and 6.8% from a month earlier.";
    assert!(
        tags(t, dct).iter().all(|(s, _, _)| s != "6"),
        "{:?}",
        tags(t, dct)
    );
}

#[test]
fn a_reporting_verb_after_the_clause_does_not_override_its_tense() {
    let dct = d(2023, 9, 5); // a Tuesday
    let t = "The convoy will leave on Thursday, the ministry said.";
    assert_eq!(value_of(t, dct, "Thursday"), "2023-09-07");
    let t = "On Friday, officials cancelled their vacation plans.";
    assert_eq!(value_of(t, dct, "Friday"), "2023-09-01");
    let t = "The court met on Thursday, a spokesman said.";
    assert_eq!(value_of(t, dct, "Thursday"), "2023-08-31");
}

#[test]
fn impossible_and_huge_values_are_tagged_without_panicking() {
    let dct = d(2023, 9, 5);
    let t = "The deal closes on February 30 in the year 99999999.";
    let found = tags(t, dct);
    for (_, _, v) in &found {
        assert!(!v.is_empty());
    }
    assert!(annotate("99999999 years ago", dct).len() <= 1);
}

#[test]
fn retagging_a_folder_skips_malformed_files_and_reports_missing_dcts() {
    use chronicle_time::timeml::{retag_dir, TimemlDoc};
    let input = tempfile::tempdir().expect("temp dir");
    let output = tempfile::tempdir().expect("temp dir");
    let good = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2021-03-04\" \
                functionInDocument=\"CREATION_TIME\">March 4, 2021</TIMEX3></DCT>\n<TEXT>\
                The council met <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-03-03\">yesterday</TIMEX3>.\
                </TEXT></TimeML>\n";
    let no_dct = "<TimeML><TEXT>The council met yesterday.</TEXT></TimeML>\n";
    let broken = "<TimeML><TEXT>The council met <TIMEX3 tid=\"t1\" yesterday.</TimeML>\n";
    std::fs::write(input.path().join("a_good.tml"), good).expect("write");
    std::fs::write(input.path().join("b_broken.tml"), broken).expect("write");
    std::fs::write(input.path().join("c_no_dct.tml"), no_dct).expect("write");

    let report = retag_dir(input.path(), output.path()).expect("output is writable");
    assert_eq!(report.written, 2);
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].to_string().contains("b_broken.tml"));
    assert_eq!(report.without_dct.len(), 1);
    assert!(report.without_dct[0].ends_with("c_no_dct.tml"));
    assert!(!output.path().join("b_broken.tml").exists());

    let redone = TimemlDoc::read(&output.path().join("a_good.tml")).expect("re-tagged file parses");
    let original = TimemlDoc::parse(good, std::path::Path::new("a_good.tml")).expect("parses");
    assert_eq!(
        redone.text, original.text,
        "the TEXT characters are unchanged"
    );
    assert!(redone.gold.iter().any(|g| g.value == "2021-03-03"));
    let undated = TimemlDoc::read(&output.path().join("c_no_dct.tml")).expect("parses");
    assert!(
        !undated.gold.is_empty(),
        "expressions are still tagged without a DCT"
    );
    assert!(undated.gold.iter().all(|g| !g.value.starts_with("20")));
}

#[test]
fn days_later_count_from_the_day_the_text_speaks_of() {
    let dct = d(2024, 6, 20);
    let t = "The barge left Tulcea on May 2 and reached Izmail four days later.";
    assert_eq!(value_of(t, dct, "four days later"), "2024-05-06");
    // Without an earlier day in the text, the document's date is the anchor.
    let t = "Two days later the ferry resumed service.";
    assert_eq!(value_of(t, dct, "Two days later"), "2024-06-22");
    // "ago" always counts from the document's date.
    let t = "The barge left Tulcea on May 2; the crew returned three days ago.";
    assert_eq!(value_of(t, dct, "three days ago"), "2024-06-17");
}

#[test]
fn later_than_compares_and_names_no_date() {
    let dct = d(2024, 6, 20);
    let t = "The envoy landed in Quito on June 4, a day later than planned, and met the minister the following day.";
    let dates: Vec<String> = tags(t, dct)
        .into_iter()
        .filter(|(_, k, _)| *k == TimexType::Date)
        .map(|(s, _, _)| s)
        .collect();
    assert!(!dates.iter().any(|s| s.contains("a day")), "{dates:?}");
    assert_eq!(value_of(t, dct, "the following day"), "2024-06-05");
}

#[test]
fn a_year_ending_a_capitalised_name_is_not_a_date() {
    let dct = d(2024, 6, 20);
    let t =
        "The navies began the exercise Baltic Shield 2024 on Monday, and in 2023 they held none.";
    let surfaces: Vec<String> = tags(t, dct).into_iter().map(|(s, _, _)| s).collect();
    assert!(!surfaces.iter().any(|s| s == "2024"), "{surfaces:?}");
    assert_eq!(value_of(t, dct, "2023"), "2023");
    // A month before a year is still a date.
    let t = "Production stopped in March 2023.";
    assert_eq!(value_of(t, dct, "March 2023"), "2023-03");
}
