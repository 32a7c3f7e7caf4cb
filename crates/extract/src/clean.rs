//! Plain-text cleaning: text that a scraper flattened with the site furniture left in
//! (navigation, related-headline lists, share/subscribe/cookie lines, read-time labels,
//! photo credits, repeated bylines, footers, "SOURCE:" lines).
//!
//! Nothing here names a site. Each line gets a score from general features — word
//! count, whether it ends like a sentence, how many of its words are capitalised,
//! keyword classes — and the story is the contiguous run of lines with the highest
//! total score (a maximum-sum segment, so short subheadings between paragraphs stay
//! and the menus before and the headline lists after go). Inside that run, lines that
//! are furniture by their form (a read-time label, a photo credit, a source line, a
//! lone byline or date) are dropped.

use regex::Regex;
use std::sync::LazyLock;

static READ_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+\s*(min|mins|minute|minutes)\.?\s*(read|listen|watch)\b")
        .unwrap_or_else(|_| unreachable!())
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|[/|(\[]\s*)(photo|photos|image|images|picture|pictures|credit|credits|illustration|file photo|photograph|video)\s*(:|by\b|credit\b)").unwrap_or_else(|_| unreachable!())
});
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(source|sources|via|tags|topics|filed under|related|related articles|related stories|read more|read also|also read|see also|recommended|more from|more on|editor's note|image source|copyright|advertisement|sponsored|listen|watch)\b\s*[:|]?").unwrap_or_else(|_| unreachable!())
});
static FURNITURE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(subscribe|subscription|newsletter|cookies?|sign up|sign in|log in|login|follow us|download the app|contact us|all rights reserved|copyright|privacy policy|terms of (use|service)|advertisement|click here|skip to|back to top)\b|©").unwrap_or_else(|_| unreachable!())
});
/// Words that mark furniture in short calls to action ("Share this article", "Comments
/// (12)") but are ordinary words in a story's sentences ("did not respond to a request
/// for comment.", "had shared its findings.").
static WEAK_FURNITURE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(share|shares|shared|feedback|comments?)\b")
        .unwrap_or_else(|_| unreachable!())
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(By|BY|Written by|Reporting by|Words by)\s+\p{Lu}")
        .unwrap_or_else(|_| unreachable!())
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((updated|published|posted|last updated)\s*:?\s*)?((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})\b[\d:\sapmgtuc.,+-]*$").unwrap_or_else(|_| unreachable!())
});

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»', ']', ' ']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Per-line features.
struct Line<'a> {
    text: &'a str,
    words: usize,
    sentence: bool,
}

fn capital_ratio(s: &str) -> f64 {
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    caps as f64 / words.len() as f64
}

fn line_score(l: &Line) -> f64 {
    let w = l.words as f64;
    if l.words == 0 {
        return 0.0;
    }
    if is_furniture(l.text) && l.words < 25 {
        return -4.0;
    }
    if l.sentence && l.words >= 6 {
        // Prose: the longer, the surer.
        return w;
    }
    if l.words >= 30 {
        return w * 0.5;
    }
    // Short, unpunctuated: menus, headlines, labels. Title-cased lines are headlines.
    let caps = capital_ratio(l.text);
    -(2.0 + w * 0.35 + if caps > 0.6 { 1.0 } else { 0.0 })
}

/// A line that is site furniture by its form, wherever it stands.
fn is_furniture(s: &str) -> bool {
    let t = s.trim();
    let words = t.split_whitespace().count();
    if READ_TIME.is_match(t) {
        return true;
    }
    if CREDIT.is_match(t) && words < 60 {
        return true;
    }
    if LABEL.is_match(t) && (words < 25 || t.contains(':')) && !ends_sentence(t) {
        return true;
    }
    if LABEL.is_match(t)
        && t.split(':')
            .next()
            .is_some_and(|h| h.split_whitespace().count() <= 2)
        && t.contains(':')
    {
        return true;
    }
    if words <= 12 && FURNITURE_WORDS.is_match(t) {
        return true;
    }
    let statement = words >= 6
        && t.trim_end_matches(['"', '\'', '”', '’', ')'])
            .ends_with('.');
    if words <= 12 && !statement && WEAK_FURNITURE_WORDS.is_match(t) {
        return true;
    }
    if words <= 8 && BYLINE.is_match(t) && !ends_sentence(t) {
        return true;
    }
    if words <= 10 && DATE_LINE.is_match(t) {
        return true;
    }
    false
}

/// Cleans text that still carries a web page's furniture, keeping the story's
/// sentences and paragraph breaks. Paragraphs in the result are separated by `"\n\n"`.
pub fn clean_plain_text(text: &str) -> String {
    let lines: Vec<Line> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|t| Line {
            text: t,
            words: t.split_whitespace().count(),
            sentence: ends_sentence(t),
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let scores: Vec<f64> = lines.iter().map(line_score).collect();
    // Maximum-sum contiguous segment.
    let (mut best, mut best_range) = (f64::MIN, (0usize, 0usize));
    let (mut cur, mut start) = (0f64, 0usize);
    for (i, s) in scores.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            start = i;
        }
        cur += s;
        if cur > best {
            best = cur;
            best_range = (start, i);
        }
    }
    if best <= 0.0 {
        return String::new();
    }
    let (s, e) = best_range;
    let mut out: Vec<&str> = Vec::new();
    for (i, l) in lines[s..=e].iter().enumerate() {
        if is_furniture(l.text) {
            continue;
        }
        // A line repeated from earlier in the story (a standfirst repeated, a byline
        // twice) is furniture.
        if l.words < 40 && out.contains(&l.text) {
            continue;
        }
        // Short unpunctuated lines at the run's start are the headline and labels.
        if out.is_empty() && !l.sentence && l.words < 20 && i + 1 < e - s + 1 {
            continue;
        }
        out.push(l.text);
    }
    while out
        .last()
        .is_some_and(|l| !ends_sentence(l) && l.split_whitespace().count() < 12)
    {
        out.pop();
    }
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story() -> String {
        [
            "Home",
            "World",
            "Business",
            "Sport",
            "3 MIN READ",
            "Harbour town votes to rebuild its sea wall",
            "Residents gather at the old pier on Tuesday. / Photo: Staff Archive",
            "March 7, 2021",
            "The council of a small harbour town voted on Tuesday to rebuild the sea wall that failed in last winter's storms.",
            "The mayor said the work would start in the spring and take two years, funded by a regional grant.",
            "Funding questions",
            "Opponents argued that the grant would not cover the full cost, and asked for an independent review.",
            "\"We cannot wait for another storm,\" the harbour master told reporters after the vote.",
            "SOURCE: Coast Gazette and agencies",
            "Explore",
            "Ten Things To Do On A Rainy Weekend",
            "Local Team Wins The Regional Cup Again",
            "New Bakery Opens In The Market Square",
            "Share your feedback with us",
            "Contact us",
        ]
        .join("\n")
    }

    #[test]
    fn keeps_every_story_sentence_and_drops_furniture() {
        let out = clean_plain_text(&story());
        for kept in [
            "The council of a small harbour town voted",
            "The mayor said the work would start",
            "Funding questions",
            "Opponents argued",
            "the harbour master told reporters",
        ] {
            assert!(out.contains(kept), "lost {kept:?} in {out:?}");
        }
        for dropped in [
            "MIN READ",
            "Photo:",
            "SOURCE",
            "Explore",
            "Rainy Weekend",
            "Contact us",
            "Business",
            "March 7, 2021",
        ] {
            assert!(!out.contains(dropped), "kept {dropped:?} in {out:?}");
        }
        assert!(out.contains("\n\n"));
    }

    #[test]
    fn empty_and_furniture_only_inputs() {
        assert_eq!(clean_plain_text(""), "");
        assert_eq!(clean_plain_text("Home\nNews\nContact us\n"), "");
    }
}
