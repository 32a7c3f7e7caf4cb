//! The date printed in the article's header (the dateline), and how its label
//! ("Published", "Updated") decides between several printed dates.

use super::{parse_date, TEXT_DATE};
use crate::dom::Block;
use chronicle_core::PubDate;
use regex::{Captures, Regex};
use std::sync::LazyLock;

static NUM_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([./])(\d{1,2})[./]((?:19|20)\d{2})\b|\b((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})\b")
        .unwrap_or_else(|_| unreachable!())
});

/// A month-name date glued to the word before it by the layout ("Ada QuillMar 5, 2025").
static GLUED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-z]((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2})\b")
        .unwrap_or_else(|_| unreachable!())
});

/// Day, month name and year in the forms other locales print: `04-ago-2021`,
/// `4 de agosto de 2021`, `12. März 2024`, `3 janvier 2024`, `07-Aug-2021`.
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})(?:\.|º|er)?(?:\s+de)?[\s-]+(\p{L}{3,10})\.?(?:\s+de)?[\s,-]+((?:19|20)\d{2})\b")
        .unwrap_or_else(|_| unreachable!())
});

/// Month names in English, Spanish, French, German, Italian, Portuguese and Dutch,
/// lower-cased, with their numbers.
const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("enero", 1),
    ("janvier", 1),
    ("januar", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("febrero", 2),
    ("février", 2),
    ("februar", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("marzo", 3),
    ("mars", 3),
    ("märz", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("abril", 4),
    ("avril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mayo", 5),
    ("mai", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("junio", 6),
    ("juin", 6),
    ("juni", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("julio", 7),
    ("juillet", 7),
    ("juli", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("agosto", 8),
    ("août", 8),
    ("augustus", 8),
    ("september", 9),
    ("septiembre", 9),
    ("septembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("setiembre", 9),
    ("october", 10),
    ("octubre", 10),
    ("octobre", 10),
    ("oktober", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("noviembre", 11),
    ("novembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("diciembre", 12),
    ("décembre", 12),
    ("dezember", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// The month a name or abbreviation (at least three letters) stands for in one of the
/// languages of [`MONTH_NAMES`]; `None` when unknown or ambiguous ("jui").
fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    let mut found = None;
    for (name, n) in MONTH_NAMES {
        if name.starts_with(w.as_str()) {
            match found {
                Some(m) if m != *n => return None,
                _ => found = Some(*n),
            }
        }
    }
    found
}

/// A numeric date as pages print it: `2025/05/12`, or day, month and year separated by
/// dots or slashes. When both orders are valid the one equal to a date in `known` (the
/// page's metadata) wins, else day first with dots and month first with slashes.
fn numeric_capture(c: &Captures, known: &[chrono::NaiveDate]) -> Option<PubDate> {
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let ymd = |y: u32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y as i32, m, d);
    let date = if let Some(y) = num(5) {
        ymd(y, num(6)?, num(7)?)?
    } else {
        let (a, b, y) = (num(1)?, num(3)?, num(4)?);
        let day_first = ymd(y, b, a);
        let month_first = ymd(y, a, b);
        match (day_first, month_first) {
            (Some(d), Some(m)) if d != m => {
                if known.contains(&m) {
                    m
                } else if known.contains(&d) || c.get(2).is_some_and(|s| s.as_str() == ".") {
                    d
                } else {
                    m
                }
            }
            (Some(d), _) => d,
            (None, Some(m)) => m,
            (None, None) => return None,
        }
    };
    Some(PubDate::day(date))
}

/// Words that mark a line as the article's dateline.
const DATELINE_WORDS: &[&str] = &["updated", "published", "posted", "modified", "last"];

/// What the words before a printed date say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// "Published", "Posted", "Originally published".
    Published,
    /// "Updated", "Last updated", "Modified", "Revised".
    Updated,
    /// No label.
    Plain,
}

/// Lower-cased words that label a date as a revision.
const UPDATED_WORDS: &[&str] = &["updated", "modified", "revised"];
/// Lower-cased words that label a date as the first publication.
const PUBLISHED_WORDS: &[&str] = &["published", "posted", "created", "released"];

/// The label of a date from the text before it on its line (after any earlier date).
fn label_of(before: &str) -> Label {
    let lower = before.to_lowercase();
    let last = |words: &[&str]| words.iter().filter_map(|w| lower.rfind(w)).max();
    match (last(UPDATED_WORDS), last(PUBLISHED_WORDS)) {
        (Some(u), Some(p)) if p > u => Label::Published,
        (Some(_), _) => Label::Updated,
        (None, Some(_)) => Label::Published,
        (None, None) => Label::Plain,
    }
}

/// A date printed in a dateline near the headline.
#[derive(Debug, Clone)]
struct Printed {
    /// The date.
    date: PubDate,
    /// Its label.
    label: Label,
}

/// Day-precision dates of a text (at most three), with their byte ranges: English
/// month-name dates, else numeric ones.
fn dates_in(text: &str, known: &[chrono::NaiveDate]) -> Vec<(PubDate, usize, usize)> {
    let named: Vec<(PubDate, usize, usize)> = TEXT_DATE
        .find_iter(text)
        .take(3)
        .filter_map(|m| parse_date(m.as_str()).map(|d| (d, m.start(), m.end())))
        .filter(|(d, _, _)| d.naive_date().is_some())
        .collect();
    if !named.is_empty() {
        return named;
    }
    let glued: Vec<(PubDate, usize, usize)> = GLUED_DATE
        .captures_iter(text)
        .take(3)
        .filter_map(|c| {
            let m = c.get(1)?;
            parse_date(m.as_str()).map(|d| (d, m.start(), m.end()))
        })
        .filter(|(d, _, _)| d.naive_date().is_some())
        .collect();
    if !glued.is_empty() {
        return glued;
    }
    let worded: Vec<(PubDate, usize, usize)> = DAY_MONTH_YEAR
        .captures_iter(text)
        .take(3)
        .filter_map(|c| {
            let m = c.get(0)?;
            let day: u32 = c.get(1)?.as_str().parse().ok()?;
            let month = month_of(c.get(2)?.as_str())?;
            let year: i32 = c.get(3)?.as_str().parse().ok()?;
            let d = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
            Some((PubDate::day(d), m.start(), m.end()))
        })
        .collect();
    if !worded.is_empty() {
        return worded;
    }
    NUM_DATE
        .captures_iter(text)
        .take(3)
        .filter_map(|c| {
            let m = c.get(0)?;
            numeric_capture(&c, known).map(|d| (d, m.start(), m.end()))
        })
        .collect()
}

/// The dates of one block if the block is a dateline: short, mostly unlinked (or only
/// the date, a permalink), and either labelled ("Updated", "Published", "By ...") or
/// mostly the date itself. Each date is labelled by the words between it and the
/// previous date.
fn block_datelines(b: &Block, known: &[chrono::NaiveDate]) -> Vec<Printed> {
    // Every date form read here has a four-digit year: skip lines without one cheaply.
    let has_year = b
        .text
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    if b.chars > 160 || !has_year {
        return Vec::new();
    }
    let dates = dates_in(&b.text, known);
    let Some((_, start, end)) = dates.first() else {
        return Vec::new();
    };
    let len = end - start;
    let text = b.text.trim();
    let lower = text.to_lowercase();
    // "By Ada Quill", "By: Ada Quill", "ByAda Quill" (glued by the layout).
    let byline = text.len() > 2
        && lower.starts_with("by")
        && text
            .get(2..)
            .is_some_and(|r| r.starts_with(|c: char| c == ' ' || c == ':' || c.is_uppercase()));
    // Mostly linked lines are lists of other stories, unless the line is only the date
    // (a permalink) or a byline whose unlinked part holds the date (linked names).
    let date_only = text.len() <= len + 2;
    let unlinked = b.chars.saturating_sub(b.link_chars);
    if b.link_chars * 2 > b.chars && !date_only && !(byline && unlinked >= len) {
        return Vec::new();
    }
    let dateline =
        byline || lower.contains(" by ") || DATELINE_WORDS.iter().any(|w| lower.contains(w));
    // Outside a labelled dateline the date must be most of its line.
    let rest_words = b.chars.saturating_sub(len) / 6;
    if !dateline && (b.chars > 80 || rest_words > 8) {
        return Vec::new();
    }
    let mut prev = 0;
    dates
        .into_iter()
        .map(|(date, start, end)| {
            let label = label_of(b.text.get(prev..start).unwrap_or(""));
            prev = end;
            Printed { date, label }
        })
        .collect()
}

/// The date printed in the article's header: a date in a short dateline within a few
/// blocks of the headline (or of the start of the story when no headline is known).
/// Readers see this date, so it beats what the metadata says when both exist. Lines
/// under the headline are read first, then those above it, nearest first (lists of
/// other stories with dates often sit above or beside the headline); the first date
/// wins, except that a date labelled as a revision ("Updated") yields to one labelled
/// as the publication ("Published", "Posted") in the same window. `known` are the
/// metadata's dates, used to read ambiguous numeric dates.
pub fn header_date(
    blocks: &[Block],
    anchor: usize,
    known: &[chrono::NaiveDate],
) -> Option<PubDate> {
    let from = anchor.saturating_sub(5);
    let to = (anchor + 12).min(blocks.len());
    let after = blocks.get(anchor.min(to)..to)?.iter();
    let before = blocks.get(from..anchor.min(to))?.iter().rev();
    let mut found = after.chain(before).flat_map(|b| block_datelines(b, known));
    let first = found.next()?;
    // A revision date yields to a publication date printed beside it; the rest of the
    // window is read only then.
    if first.label == Label::Updated {
        if let Some(p) = found.find(|p| p.label == Label::Published) {
            return Some(p.date);
        }
    }
    Some(first.date)
}

/// A date labelled as the publication ("Published August 13, 2025") in a dateline
/// printed just after the story (`end` is its last block).
pub(super) fn footer_published(
    blocks: &[Block],
    end: usize,
    known: &[chrono::NaiveDate],
) -> Option<PubDate> {
    let from = end.saturating_sub(2);
    let to = (end + 12).min(blocks.len());
    blocks
        .get(from..to)?
        .iter()
        .flat_map(|b| block_datelines(b, known))
        .find(|p| p.label == Label::Published)
        .map(|p| p.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::tests::block;

    #[test]
    fn header_date_reads_the_visible_dateline() {
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("By Ada Quill", 0),
            block("Last updated: March 9, 2022", 0),
            block("The harbour wall reopened on Monday after repairs that took weeks, the council said, and boats returned the same day to the inner basin.", 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2022-03-09".into())
        );
        // A date inside a long sentence or a link list is not a dateline.
        let blocks = vec![
            block("Harbour wall reopens", 0),
            block("Other story 04/05/2021", 21),
            block("The deadline for most boat owners is April 15, 2022, the council said in a long statement read out to the press on Monday morning.", 0),
        ];
        assert!(header_date(&blocks, 1, &[]).is_none());
    }

    const STORY: &str = "The harbour wall reopened on Monday after repairs that took weeks, the council said, and boats returned the same day to the inner basin.";

    #[test]
    fn the_dateline_under_the_headline_beats_a_list_above_it() {
        // A "recent news" list with dates sits above the headline; the dateline with
        // the byline sits under it and is longer than a bare date.
        let blocks = vec![
            block("Ferry timetable changes for winter", 34),
            block("12/04/2025", 0),
            block("Harbour wall reopens after the storm", 0),
            block(
                "03/01/2017 by Ada Quill, harbour correspondent for the weekly newsletter",
                0,
            ),
            block(STORY, 0),
        ];
        assert_eq!(
            header_date(&blocks, 3, &[]).map(|d| d.value),
            Some("2017-03-01".into())
        );
    }

    #[test]
    fn a_linked_date_alone_is_a_permalink() {
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("March 26, 2023", 14),
            block("Last updated on September 16th, 2023 at 09:27 am", 0),
            block(STORY, 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2023-03-26".into())
        );
        // A linked story title with its date is still a list entry.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Ferry timetable changes March 26, 2023", 24),
            block(STORY, 0),
        ];
        assert!(header_date(&blocks, 1, &[]).is_none());
    }

    #[test]
    fn a_publication_date_beats_a_revision_date() {
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Updated May 2, 2024", 0),
            block("Published March 1, 2024", 0),
            block(STORY, 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2024-03-01".into())
        );
        // Both on one line, the revision first.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Updated May 2, 2024 (first published March 1, 2024)", 0),
            block(STORY, 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2024-03-01".into())
        );
        // A revision date alone is still the printed date.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Updated May 2, 2024", 0),
            block(STORY, 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2024-05-02".into())
        );
    }

    #[test]
    fn a_byline_with_a_linked_name_and_a_glued_date() {
        // "By" + linked name + date glued to it + linked comment count.
        let line = "ByAda QuillMar 5, 2025 | 6 comments";
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block(line, 20),
            block(STORY, 0),
        ];
        assert_eq!(
            header_date(&blocks, 1, &[]).map(|d| d.value),
            Some("2025-03-05".into())
        );
        // The same line without a byline label is a list entry.
        let blocks = vec![
            block("Harbour wall reopens after the storm", 0),
            block("Ada Quill |Mar 5, 2025 | 6 comments", 20),
            block(STORY, 0),
        ];
        assert!(header_date(&blocks, 1, &[]).is_none());
    }

    #[test]
    fn a_publication_line_after_the_story() {
        let blocks = vec![
            block(STORY, 0),
            block("Sign up for the weekly newsletter", 0),
            block("Published August 13, 2025", 0),
        ];
        assert_eq!(
            footer_published(&blocks, 0, &[]).map(|d| d.value),
            Some("2025-08-13".into())
        );
        // An unlabelled or revision date there is not taken for the publication.
        let blocks = vec![
            block(STORY, 0),
            block("Last updated: August 13, 2025", 0),
            block("August 14, 2025", 0),
        ];
        assert!(footer_published(&blocks, 0, &[]).is_none());
    }

    #[test]
    fn month_names_of_other_languages() {
        assert_eq!(
            first(dates_in("By: Ada Quill on 04-ago-2021 5:11:10", &[])),
            Some("2021-08-04".into())
        );
        assert_eq!(
            first(dates_in("4 de agosto de 2021", &[])),
            Some("2021-08-04".into())
        );
        assert_eq!(
            first(dates_in("Stand: 12. März 2024", &[])),
            Some("2024-03-12".into())
        );
        assert_eq!(
            first(dates_in("publié le 3 janvier 2024", &[])),
            Some("2024-01-03".into())
        );
        assert_eq!(
            first(dates_in("07-Aug-2021", &[])),
            Some("2021-08-07".into())
        );
        // "jui" is June or July in French; a word that is no month gives nothing.
        assert_eq!(first(dates_in("3 jui 2024", &[])), None);
        assert_eq!(first(dates_in("3 items 2024", &[])), None);
    }

    fn first(dates: Vec<(PubDate, usize, usize)>) -> Option<String> {
        dates.into_iter().next().map(|(d, _, _)| d.value)
    }

    #[test]
    fn ambiguous_numeric_dates_follow_the_metadata() {
        let known = [chrono::NaiveDate::from_ymd_opt(2024, 9, 10).unwrap_or_default()];
        assert_eq!(
            first(dates_in("09.10.2024", &known)),
            Some("2024-09-10".into())
        );
        assert_eq!(
            first(dates_in("09.10.2024", &[])),
            Some("2024-10-09".into())
        );
        assert_eq!(
            first(dates_in("10/09/2024", &[])),
            Some("2024-10-09".into())
        );
        assert_eq!(
            first(dates_in("25.12.2023", &[])),
            Some("2023-12-25".into())
        );
    }
}
