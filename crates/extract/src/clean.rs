//! Plain-text cleaning: text that a scraper flattened with the site furniture left in
//! (navigation, related-headline lists, share/subscribe/cookie lines, read-time labels,
//! photo credits, repeated bylines, footers, "SOURCE:" lines).
//!
//! Nothing here names a site or a page; the rules are general line and block features.
//!
//! 1. Each line gets a score: prose (a sentence end, six or more words; CJK characters
//!    count as words) scores its length; furniture by form (the `furniture` module: read-time
//!    labels, credits, bylines, date stamps, share buttons, calls to action, legal
//!    notices) and short unpunctuated lines (menus, headlines) score below zero; a
//!    heading that opens comments or related links scores far below; a line printed
//!    again on the page (or whose word 4-grams mostly were) scores nothing, so page
//!    metadata repeating the story cannot pull the selection towards it.
//! 2. The story is the contiguous run with the highest total (a maximum-sum segment:
//!    short subheadings between paragraphs stay, the menus before and the headline lists
//!    after go). A list announced right after it (a colon line, or a heading over rows of
//!    figures) is kept with it; a second article loaded below the first (a headline with
//!    a byline or date stamp under it, after a story of some length) is cut off.
//! 3. Inside the run, furniture lines, repeated headlines and captions, runs of
//!    headline-like lines (related links set into the story) and lines in capitals go;
//!    so does a standfirst or caption standing above the header's byline or date stamp.
//!
//! Cost: a handful of regex tests and one hash of each word per line, linear in the
//! text (block scans are bounded).
//!
//! Measured on AEB's `full-page-text.json` by `tests/clean_dev_split.rs`, which splits
//! the pages into a tuning half and a held-out half by a hash of the page id.

mod furniture;

use furniture::{
    is_byline_or_stamp, is_comments_marker, is_end_marker, is_furniture, is_header_furniture,
};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A small, fast multiply-rotate hasher for line and word-gram sets (the keys come
/// from one page; no protection against chosen collisions is needed).
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fast = BuildHasherDefault<FastHasher>;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Words in a line: whitespace-separated tokens, with every two CJK characters (which
/// are written without spaces) counted as one more word.
fn word_count(s: &str) -> usize {
    if s.is_ascii() {
        return s.split_ascii_whitespace().count();
    }
    let mut words = 0;
    let mut cjk = 0;
    for tok in s.split_whitespace() {
        let n = tok.chars().filter(|&c| is_cjk(c)).count();
        cjk += n;
        if n == 0 || tok.chars().any(|c| c.is_ascii_alphanumeric()) {
            words += 1;
        }
    }
    words + cjk.div_ceil(2)
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»', ']', '」', '』', '）', ' ']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Per-line features.
struct Line<'a> {
    text: &'a str,
    words: usize,
    sentence: bool,
    /// How many times this exact line occurs on the page.
    copies: usize,
    /// Whether the line (or most of its word 4-grams) occurs earlier on the page.
    repeat: bool,
    furniture: bool,
    /// A heading that opens comments, related links or an author box.
    end_marker: bool,
}

fn capital_ratio(s: &str) -> f64 {
    let (mut words, mut caps) = (0usize, 0usize);
    for w in s.split_whitespace() {
        if let Some(c) = w.chars().find(|c| c.is_alphabetic()) {
            words += 1;
            if c.is_uppercase() {
                caps += 1;
            }
        }
    }
    if words == 0 {
        0.0
    } else {
        caps as f64 / words as f64
    }
}

fn line_score(l: &Line) -> f64 {
    let w = l.words as f64;
    if l.words == 0 {
        return 0.0;
    }
    if l.end_marker {
        return -12.0;
    }
    if l.furniture {
        // Dropped from the output wherever it stands, so it must not draw the story
        // towards it either.
        return -7.0;
    }
    if l.copies > 1 && l.words < 15 {
        // A headline, caption or label printed again.
        return -3.0;
    }
    if l.repeat {
        // A paragraph printed again (a teaser, page metadata): it neither draws the
        // story towards it nor breaks it.
        return 0.0;
    }
    if l.sentence && l.words >= 6 {
        // Prose: the longer, the surer.
        return w;
    }
    if l.words >= 30 {
        // A long line without a sentence end: a paragraph cut short, or a flattened
        // list of archive months, categories or tags (mostly capitalised words).
        return if capital_ratio(l.text) > 0.5 {
            -w * 0.3
        } else {
            w * 0.5
        };
    }
    let caps = capital_ratio(l.text);
    // Short, unpunctuated: menus, headlines, labels. Title-cased lines are headlines.
    -(2.0 + w * 0.35 + if caps > 0.6 { 1.0 } else { 0.0 })
}

fn unstopped_prose(l: &Line) -> bool {
    !l.sentence
        && !l.furniture
        && !l.repeat
        && (16..30).contains(&l.words)
        && capital_ratio(l.text) < 0.4
}

/// A short line without a sentence end that reads like a linked headline: several
/// words, starting with a capital.
fn headline_like(l: &Line) -> bool {
    // Quoted posts in a story end in a link or hashtags and are signed with a dash.
    let quoted_post = l.text.starts_with(['—', '–', '-'])
        || l.text.contains("http")
        || l.text
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with('#'));
    // Rows of results and tables carry figures ("14 11 6 15 — 44", "d. Rockledge 70-44").
    let figures = l
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .count();
    let score = l.text.split_whitespace().any(|w| {
        let mut parts = w.split(['-', '–']);
        matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
            if !a.is_empty() && !b.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit()))
    });
    !quoted_post
        && figures < 2
        && !score
        && !l.sentence
        && (4..20).contains(&l.words)
        && l.text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A line that announces what follows ("Here are the dates:").
fn lead_in(l: &Line) -> bool {
    l.text.ends_with(':') && l.words >= 2
}

/// The coarse shape of a line's start, to tell a uniform list (dates, scores,
/// "Place – Venue" rows) from free-standing lines.
fn shape(s: &str) -> (u8, u8, bool) {
    let class = |t: Option<&str>| match t {
        None => 0,
        Some(t) if t.chars().all(|c| c.is_ascii_digit() || ",.:-/".contains(c)) => 1,
        Some(t) if t.chars().next().is_some_and(char::is_uppercase) => 2,
        Some(t) if t.chars().next().is_some_and(char::is_alphabetic) => 3,
        Some(_) => 4,
    };
    let mut toks = s.split_whitespace();
    let sep = s.contains(" – ")
        || s.contains(" - ")
        || s.contains("--")
        || s.contains(" — ")
        || s.contains(" @ ")
        || s.contains(" | ")
        || s.contains('\t');
    (class(toks.next()), class(toks.next()), sep)
}

/// Cleans text that still carries a web page's furniture, keeping the story's
/// sentences and paragraph breaks. Paragraphs in the result are separated by `"\n\n"`.
pub fn clean_plain_text(text: &str) -> String {
    let raw: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut counts: HashMap<&str, usize, Fast> = HashMap::default();
    for l in &raw {
        *counts.entry(l).or_insert(0) += 1;
    }
    let mut seen_lines: HashSet<&str, Fast> = HashSet::default();
    let mut seen_grams: HashSet<u64, Fast> = HashSet::default();
    let lines: Vec<Line> = raw
        .iter()
        .map(|&t| {
            let exact = !seen_lines.insert(t);
            let end_marker = is_end_marker(t);
            let grams = gram_hashes(t);
            let old = grams.iter().filter(|g| seen_grams.contains(*g)).count();
            let near = grams.len() >= 8 && old * 5 >= grams.len() * 3;
            seen_grams.extend(grams);
            Line {
                text: t,
                words: word_count(t),
                sentence: ends_sentence(t),
                copies: counts.get(t).copied().unwrap_or(1),
                repeat: exact || near,
                furniture: end_marker || is_furniture(t),
                end_marker,
            }
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let prose = |i: usize| {
        lines
            .get(i)
            .is_some_and(|l: &Line| l.sentence && l.words >= 6 && !l.furniture && !l.repeat)
    };
    let scores: Vec<f64> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            // Prose that lost its full stop (a paragraph ending in a figure or a name):
            // longer than a headline, not title-cased, and next to prose — a teaser in
            // a list of links stands between headlines and time stamps instead.
            let near = |d: usize| prose(i + d) || (i >= d && prose(i - d));
            if unstopped_prose(l) && (near(1) || near(2)) {
                l.words as f64 * 0.3
            } else {
                line_score(l)
            }
        })
        .collect();
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
    let (s, mut e) = best_range;
    // A list right after the story, announced by a colon line or a short heading:
    // keep the heading and the rows while they share one shape — any rows after a
    // colon, only rows of data (figures, separators) after a plain heading, since a
    // run of plain title lines there is a headline list.
    let mut list_end = None;
    if let Some(lead) = lines.get(e + 1) {
        if !lead.furniture && lead.words < 20 && !lead.sentence {
            let rows = uniform_run(&lines, e + 2, usize::MAX);
            let data = lines.get(e + 2).is_some_and(|r| data_shape(r.text));
            if rows >= 3 && (lead.text.ends_with(':') || data) {
                e += 1 + rows;
                list_end = Some(e);
            }
        }
    }
    if list_end.is_none() {
        e = next_article(&lines, s, e);
    }
    let mut keep = select(&lines[s..=e]);
    drop_header(&lines[s..=e], &mut keep);
    let mut out: Vec<&str> = Vec::new();
    let mut kept_set: HashSet<&str, Fast> = HashSet::default();
    let mut kept_grams: HashSet<u64, Fast> = HashSet::default();
    for (i, l) in lines[s..=e].iter().enumerate() {
        if !keep[i] || kept_set.contains(l.text) {
            continue;
        }
        // A headline or caption printed more than once is page furniture.
        if l.copies >= 3 || (l.copies == 2 && (l.words < 15 || !l.sentence)) {
            continue;
        }
        // A paragraph the story already told (a summary repeating the body, page
        // metadata carrying the whole text again).
        let grams = if l.repeat {
            gram_hashes(l.text)
        } else {
            Vec::new()
        };
        let old = grams.iter().filter(|g| kept_grams.contains(*g)).count();
        if grams.len() >= 8 && old * 5 >= grams.len() * 3 {
            continue;
        }
        // Short unpunctuated lines at the run's start are the headline and labels.
        if out.is_empty() && !l.sentence && l.words < 20 && s + i < e {
            continue;
        }
        kept_set.insert(l.text);
        if l.words >= 8 {
            kept_grams.extend(gram_hashes(l.text));
        }
        out.push(l.text);
    }
    if list_end.is_none() {
        while out
            .last()
            .is_some_and(|l| !ends_sentence(l) && word_count(l) < 12)
        {
            out.pop();
        }
    }
    out.join("\n\n")
}

/// Where the story's run ends if comments or another article follow in it: a heading
/// that opens comments or an author box, or a headline-like line with a
/// byline or date stamp under it (pages that load the next story below), after a story
/// of some length. Returns the last line of the story.
fn next_article(lines: &[Line], s: usize, e: usize) -> usize {
    let content = |l: &Line| if l.furniture { 0 } else { l.words };
    let total: usize = lines[s..=e].iter().map(content).sum();
    let mut before = 0;
    for i in s..=e {
        let here = before;
        before += content(&lines[i]);
        if here >= 100 && lines[i].end_marker && is_comments_marker(lines[i].text) {
            // Comments or an author box open here (related links may sit inside a
            // story; comments never do).
            return i.saturating_sub(1).max(s);
        }
        if here < 150 || total - here < 50 || !is_byline_or_stamp(lines[i].text) {
            continue;
        }
        if let Some(h) = (i.saturating_sub(3).max(s)..i).find(|&h| headline_like(&lines[h])) {
            return h.saturating_sub(1).max(s);
        }
    }
    e
}

/// Drops what stands before the article's header furniture at the start of the run:
/// when the run opens with a line or two (a standfirst, a caption) and then a byline,
/// date stamp or picture credit, and a longer body follows, the opening lines are the
/// header's, not the story's.
fn drop_header(run: &[Line], keep: &mut [bool]) {
    let limit = run.len().min(8);
    let Some(stamp) = (1..limit).find(|&i| is_header_furniture(run[i].text)) else {
        return;
    };
    let before: usize = run[..stamp].iter().map(|l| l.words).sum();
    let after: usize = run[stamp..]
        .iter()
        .filter(|l| !l.furniture)
        .map(|l| l.words)
        .sum();
    let opening = run[..stamp]
        .iter()
        .filter(|l| l.sentence && !l.furniture)
        .count();
    let short = run[..stamp].iter().all(|l| l.words < 35);
    if opening <= 2 && short && before < 80 && after > 3 * before {
        keep[..stamp].iter_mut().for_each(|k| *k = false);
    }
}

/// A line of five or more words in capitals, standing alone: a promoted link.
fn shouting(l: &Line) -> bool {
    let letters = l.text.chars().filter(|c| c.is_alphabetic());
    let (n, upper) = letters.fold((0, 0), |(n, u), c| {
        (n + 1, u + usize::from(c.is_uppercase()))
    });
    !l.sentence && l.words >= 5 && n > 0 && upper * 10 >= n * 9
}

/// Hashes of a line's lower-cased word 4-grams (no allocation per word).
fn gram_hashes(s: &str) -> Vec<u64> {
    let toks: Vec<u64> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = FastHasher::default();
            w.chars()
                .flat_map(char::to_lowercase)
                .for_each(|c| c.hash(&mut h));
            h.finish()
        })
        .collect();
    toks.windows(4)
        .map(|w| {
            let mut h = FastHasher::default();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// A row of data: a figure in its first two words, or a column separator.
fn data_shape(s: &str) -> bool {
    let (a, b, sep) = shape(s);
    a == 1 || b == 1 || sep
}

/// How many lines from `from` on share one shape and look like list rows.
fn uniform_run(lines: &[Line], from: usize, limit: usize) -> usize {
    let Some(first) = lines.get(from) else {
        return 0;
    };
    let sig = shape(first.text);
    lines[from..]
        .iter()
        .take(limit)
        .take_while(|l| !l.furniture && l.words < 30 && shape(l.text) == sig)
        .count()
}

/// Which lines of the story's run to keep: not furniture, and not part of a run of
/// headline-like lines (related links set into the story) unless a colon line
/// announces them as a list.
fn select(run: &[Line]) -> Vec<bool> {
    let mut keep: Vec<bool> = run.iter().map(|l| !l.furniture && !shouting(l)).collect();
    let mut i = 0;
    while i < run.len() {
        if run[i].sentence || run[i].words >= 20 || !keep[i] || lead_in(&run[i]) {
            i += 1;
            continue;
        }
        // A block of short unpunctuated lines (furniture lines inside it are skipped).
        let mut j = i;
        let mut heads = 0;
        while j < run.len()
            && (!keep[j] || (!run[j].sentence && run[j].words < 20 && !lead_in(&run[j])))
        {
            if keep[j] && headline_like(&run[j]) {
                heads += 1;
            }
            j += 1;
        }
        let announced = i > 0 && lead_in(&run[i - 1]);
        // Rows of data (dates, scores, places with separators), perhaps under a heading.
        let data = [i, i + 1]
            .iter()
            .any(|&k| j >= k + 3 && uniform_run(run, k, 3) >= 3 && data_shape(run[k].text));
        if heads >= 2 && !announced && !data {
            keep[i..j].iter_mut().for_each(|k| *k = false);
        }
        i = j.max(i + 1);
    }
    keep
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

    /// Distinct story paragraphs (near-copies would count as repeated text).
    fn para(i: usize) -> String {
        const SUBJECTS: [&str; 8] = [
            "The harbour engineers",
            "Three fishermen from the north quay",
            "The mayor's office",
            "A retired coastguard officer",
            "Two members of the opposition",
            "The regional grant board",
            "Shopkeepers along the front",
            "A marine biologist at the university",
        ];
        const CLAIMS: [&str; 8] = [
            "warned that the old stones would not survive another winter of heavy swells",
            "asked why the council had waited so long before ordering a survey of the damage",
            "promised that the work would be finished before the summer visitors arrived",
            "described how the water came over the wall during the February storm",
            "questioned whether the budget included the cost of moving the lifeboat station",
            "confirmed that half of the money would arrive in the spring and the rest next year",
            "said the closed road had cost them a third of their takings since the autumn",
            "pointed out that the new design would give seabirds a place to nest on the rocks",
        ];
        format!(
            "Paragraph {i}: {} {} at the meeting.",
            SUBJECTS[i % SUBJECTS.len()],
            CLAIMS[(i * 3 + 1) % CLAIMS.len()]
        )
    }

    #[test]
    fn cjk_story_is_kept() {
        let lines = [
            "ホーム",
            "ニュース",
            "お問い合わせ",
            "港町の議会は火曜日、昨冬の嵐で壊れた防波堤を再建することを賛成多数で決めた。",
            "工事は春に始まり、二年かかる見通しで、費用の半分は県の補助金でまかなう。",
            "反対した議員は、補助金だけでは足りないとして、第三者による調査を求めた。",
            "港長は採決の後、次の嵐を待つ余裕はないと記者団に語った。",
            "関連記事",
        ];
        let out = clean_plain_text(&lines.join("\n"));
        assert!(out.contains("防波堤を再建する"), "{out:?}");
        assert!(out.contains("記者団に語った"), "{out:?}");
        assert!(
            !out.contains("ホーム") && !out.contains("関連記事"),
            "{out:?}"
        );
    }

    #[test]
    fn repeated_text_and_the_next_article_are_dropped() {
        let mut lines: Vec<String> = vec!["Harbour wall vote splits town".into()];
        lines.extend((1..=6).map(para));
        lines.push("Related headlines".into());
        lines.push("Ferry Timetable Changes Again For The Winter".into());
        lines.push("Bakery Wins The Regional Bread Prize Once More".into());
        // Page metadata carrying the whole story again on one line.
        lines.push((1..=6).map(para).collect::<Vec<_>>().join(" "));
        let out = clean_plain_text(&lines.join("\n"));
        assert_eq!(out.matches("Paragraph 3:").count(), 1, "{out:?}");
        assert!(out.contains("Paragraph 6:"), "{out:?}");
        assert!(!out.contains("Ferry Timetable"), "{out:?}");

        // The next story loaded below the first one, under its own headline and byline.
        let mut page: Vec<String> = (1..=8).map(para).collect();
        page.push("Ferry timetable changes again for the winter".into());
        page.push("By Ben Ort".into());
        page.push("The ferry company said on Monday that the morning crossing would run twice a day from November.".into());
        page.push("Commuters on the island had complained for months about missed connections to the mainland trains.".into());
        page.push("A spokesman for the company said two new crew members had been hired to cover the extra sailings.".into());
        page.push("The winter timetable will be reviewed again in March, when the spring schedule is drawn up.".into());
        let out = clean_plain_text(&page.join("\n"));
        assert!(out.contains("Paragraph 8:"), "{out:?}");
        assert!(!out.contains("ferry company"), "{out:?}");
    }

    #[test]
    fn lists_in_the_story_stay_and_link_runs_go() {
        let mut lines: Vec<String> = (1..=4).map(para).collect();
        lines.push("Coast Wall Funding Row Deepens In The Council".into());
        lines.push("Storm Season Forecast Worse Than Last Year".into());
        lines.extend((5..=7).map(para));
        lines.push("The repair dates:".into());
        lines.push("March 3 – North pier, first section".into());
        lines.push("March 17 – North pier, second section".into());
        lines.push("April 2 – Harbour mouth".into());
        lines.push("April 20 – South pier".into());
        lines.push("Explore".into());
        lines.push("Ten Things To Do On A Rainy Weekend".into());
        let out = clean_plain_text(&lines.join("\n"));
        assert!(
            out.contains("Paragraph 1:") && out.contains("Paragraph 7:"),
            "{out:?}"
        );
        assert!(
            !out.contains("Funding Row") && !out.contains("Storm Season"),
            "{out:?}"
        );
        assert!(out.contains("April 20 – South pier"), "{out:?}");
        assert!(!out.contains("Rainy Weekend"), "{out:?}");
    }

    #[test]
    fn comments_after_the_story_are_dropped() {
        let mut lines: Vec<String> = (1..=7).map(para).collect();
        lines.push("3 Comments".into());
        lines.push("Ann Lee says:".into());
        lines.push("March 3, 2021 at 9:15 am".into());
        lines.push("I walk along that wall every morning and I have watched the cracks grow for years, so I am glad somebody is finally going to fix it properly this time.".into());
        lines.push("Reply".into());
        lines.push("Tom Hale says:".into());
        lines.push("March 4, 2021 at 7:02 pm".into());
        lines.push("The grant will never cover the full cost and we all know the council will come back to ask for more money from residents within two years.".into());
        lines.push("Reply".into());
        lines.push("Leave a Reply".into());
        let out = clean_plain_text(&lines.join("\n"));
        assert!(
            out.contains("Paragraph 1:") && out.contains("Paragraph 7:"),
            "{out:?}"
        );
        assert!(
            !out.contains("cracks grow") && !out.contains("full cost"),
            "{out:?}"
        );
        assert!(!out.contains("says:") && !out.contains("Reply"), "{out:?}");
    }

    #[test]
    fn empty_and_furniture_only_inputs() {
        assert_eq!(clean_plain_text(""), "");
        assert_eq!(clean_plain_text("Home\nNews\nContact us\n"), "");
    }
}

/// Picks the headline of flattened page text: the nearest line above the story (as
/// [`clean_plain_text`] returned it) that reads like a headline — three to 30 words,
/// not a sentence of the story, not furniture (read-time labels, bylines, date stamps,
/// credits, captions) and not in capitals (a section label). Falls back to the story's
/// first line when no such line stands above it.
pub fn title_from_plain_text(text: &str, cleaned: &str) -> Option<String> {
    let first = cleaned.lines().map(str::trim).find(|l| !l.is_empty())?;
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let start = lines.iter().position(|l| *l == first).unwrap_or(0);
    let headline = lines[..start].iter().rev().take(12).find(|l| {
        let words = word_count(l);
        let story_sentence = ends_sentence(l) && words > 15;
        let label = is_furniture(l) || is_byline_or_stamp(l) || is_header_furniture(l);
        let capitals_only = !l.chars().any(char::is_lowercase);
        (3..=30).contains(&words) && !story_sentence && !label && !capitals_only
    });
    Some(headline.copied().unwrap_or(first).to_string())
}

#[cfg(test)]
mod title_tests {
    use super::*;

    #[test]
    fn headline_above_byline_and_stamp_is_the_title() {
        let page = "MENU\nWORLD\n3 MIN READ\nFloods close the port of Rotterdam for a second day\n\
                    By Anna Berg\nMarch 4, 2024\n\nThe port of Rotterdam stayed closed on Tuesday after \
                    the river rose above its banks for the second day running, officials said.\n\n\
                    Shipping firms said they were rerouting vessels to Antwerp and Hamburg while the water fell.\n";
        let cleaned = clean_plain_text(page);
        assert!(cleaned.starts_with("The port of Rotterdam"), "{cleaned}");
        assert_eq!(
            title_from_plain_text(page, &cleaned).as_deref(),
            Some("Floods close the port of Rotterdam for a second day")
        );
    }

    #[test]
    fn story_without_a_headline_falls_back_to_its_first_line() {
        let page = "The council voted on Monday to close the old bridge to lorries from next month, \
                    the mayor said.\n\nWork on a new crossing will start in the spring, she added.\n";
        let cleaned = clean_plain_text(page);
        assert_eq!(
            title_from_plain_text(page, &cleaned).as_deref(),
            cleaned.lines().next()
        );
    }
}
