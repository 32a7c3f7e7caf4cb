//! Tokenizer in UD English (EWT) style and a news-aware sentence splitter.
//!
//! Words come with byte offsets into the input. Clitics are split the EWT way
//! (`do|n't`, `ca|n't`, `it|'s`, `gon|na`), hyphens and slashes between words
//! become their own tokens, URLs and e-mail addresses stay whole, abbreviation
//! and initial periods stay attached (`U.S.`, `Mr.`, `J.`).

use chronicle_core::Span;

/// A word found by [`tokenize_words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Its byte range.
    pub span: Span,
    /// Whether it continues the previous word's whitespace-delimited token
    /// without any gap as a split-off clitic (`n't`, `'s`, `na`): the two
    /// form one multiword token in UD terms.
    pub clitic: bool,
}

/// Abbreviations (without their final period) that keep their period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "gov",
    "sen", "rep", "reps", "pres", "st", "jr", "sr", "inc", "corp", "co", "ltd", "bros", "vs",
    "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "nos", "vol",
    "fig", "approx", "ave", "blvd", "rd", "mt", "ft", "dept", "est", "univ", "assn", "gov't",
    "atty", "supt", "det", "insp", "rev", "hon", "messrs", "mme", "cmdr", "cdr", "brig", "pvt",
    "spc", "ph.d", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "d.c", "cf", "al", "ca", "op",
    "pp", "para", "sq", "mins", "hrs", "yr", "yrs", "ky", "ala", "ariz", "ark", "calif", "colo",
    "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "la", "md", "mass", "mich", "minn",
    "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "penn", "tenn", "tex", "va", "vt",
    "wash", "wis", "wyo",
];

/// Abbreviations after which a capitalised word does not start a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "gov",
    "sen", "rep", "pres", "st", "rev", "hon", "messrs", "cmdr", "brig", "pvt", "det", "insp",
    "atty", "supt", "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft", "u.s", "u.k", "u.n",
];

/// Capitalised words that very often start a sentence (used after an
/// abbreviation period, where the period may also end the sentence).
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "This",
    "That",
    "There",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "If",
    "When",
    "While",
    "As",
    "At",
    "On",
    "For",
    "After",
    "Before",
    "However",
    "Meanwhile",
    "So",
    "Yet",
    "What",
    "Why",
    "How",
    "Who",
    "Some",
    "Many",
    "Most",
    "Officials",
    "Police",
];

fn is_abbrev(core: &str) -> bool {
    let lower = core.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let chars: Vec<char> = core.chars().collect();
    // Single letter initial: "J."
    if chars.len() == 1 && chars[0].is_alphabetic() {
        return true;
    }
    // Letter-period sequences: "U.S", "e.g", "a.m", "D.C"
    if chars.len() >= 3 {
        let ok = chars.iter().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_alphabetic()
            } else {
                *c == '.'
            }
        });
        if ok {
            return true;
        }
    }
    false
}

fn is_title(word: &str) -> bool {
    let core = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    TITLES.contains(&core.as_str()) || core.chars().count() == 1
}

/// Whether `hay` contains the ASCII `needle`, ignoring ASCII case.
fn contains_ascii_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether `s` starts with the ASCII `prefix`, ignoring ASCII case.
fn starts_ascii_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with the ASCII `suffix`, ignoring ASCII case.
fn ends_ascii_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether `s` is a URL or an e-mail address (checked without allocating:
/// this runs for every word).
fn is_url_or_email(s: &str) -> bool {
    // Every form recognised below contains one of these bytes.
    if !s.bytes().any(|b| matches!(b, b'.' | b'@' | b':')) {
        return false;
    }
    if ["http://", "https://", "www.", "ftp://"]
        .iter()
        .any(|p| starts_ascii_ci(s, p))
    {
        return true;
    }
    if let Some((a, b)) = s.split_once('@') {
        return !a.is_empty()
            && b.contains('.')
            && !b.ends_with('.')
            && b.chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
            && a.chars()
                .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    }
    const TLDS: [&str; 5] = [".com", ".org", ".net", ".gov", ".edu"];
    const TLD_PATHS: [&str; 5] = [".com/", ".org/", ".net/", ".gov/", ".edu/"];
    (TLDS.iter().any(|t| ends_ascii_ci(s, t)) || TLD_PATHS.iter().any(|t| contains_ascii_ci(s, t)))
        && !s.starts_with('.')
}

const OPENERS: &[char] = &[
    '(', '[', '{', '"', '“', '‘', '«', '`', '$', '£', '€', '¿', '¡', '<', '*',
];
const CLOSERS: &[char] = &[
    ')', ']', '}', '"', '”', '’', '»', ',', ';', ':', '!', '?', '>', '*', '…',
];

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}'
}

/// Splits `text` into words with byte offsets.
pub fn tokenize_words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            if let Some(s) = start.take() {
                split_chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        split_chunk(text, s, text.len(), &mut out);
    }
    out
}

/// The surface forms of `words` (found in `text` by [`tokenize_words`]).
pub fn forms<'t>(text: &'t str, words: &[Word]) -> Vec<&'t str> {
    words
        .iter()
        .map(|w| {
            text.get(w.span.start as usize..w.span.end as usize)
                .unwrap_or("")
        })
        .collect()
}

/// Public tokenizer: the byte spans of the words of `text`.
pub fn tokenize(text: &str) -> Vec<Span> {
    tokenize_words(text).into_iter().map(|w| w.span).collect()
}

fn push(out: &mut Vec<Word>, a: usize, b: usize, clitic: bool) {
    if b > a {
        out.push(Word {
            span: Span::new(a, b),
            clitic,
        });
    }
}

fn split_chunk(text: &str, a: usize, b: usize, out: &mut Vec<Word>) {
    let mut a = a;
    let mut b = b;
    // Cap pathological chunks: split very long chunks every 256 bytes at char boundaries.
    if b - a > 256 {
        let mut s = a;
        while s < b {
            let mut e = (s + 256).min(b);
            while e < b && !text.is_char_boundary(e) {
                e += 1;
            }
            push(out, s, e, false);
            s = e;
        }
        return;
    }
    // Leading punctuation.
    let mut lead = Vec::new();
    loop {
        let s = &text[a..b];
        let Some(c) = s.chars().next() else { break };
        if s.len() == c.len_utf8() {
            break;
        }
        let rest = &s[c.len_utf8()..];
        let peel = OPENERS.contains(&c)
            || (c == '\''
                && rest.chars().next().is_some_and(|n| n.is_uppercase())
                && !is_clitic_start(s))
            || ((c == '-' || c == '—' || c == '–')
                && rest.chars().next().is_some_and(|n| n.is_alphabetic()));
        if !peel {
            break;
        }
        lead.push((a, a + c.len_utf8()));
        a += c.len_utf8();
    }
    // Trailing punctuation (kept in reverse order).
    let mut trail: Vec<(usize, usize)> = Vec::new();
    loop {
        let s = &text[a..b];
        if s.is_empty()
            || is_url_or_email(s) && !s.ends_with(['.', ',', ')', ';', ':', '!', '?', '"'])
        {
            break;
        }
        let Some(c) = s.chars().next_back() else {
            break;
        };
        if s.len() == c.len_utf8() {
            break;
        }
        let core = &s[..s.len() - c.len_utf8()];
        if c == '.' {
            // Runs of periods: ellipsis stays one token.
            let run = s.chars().rev().take_while(|x| *x == '.').count();
            if run >= 2 {
                trail.push((b - run, b));
                b -= run;
                continue;
            }
            if is_abbrev(core) {
                break;
            }
            trail.push((b - 1, b));
            b -= 1;
            continue;
        }
        if c == '!' || c == '?' {
            let run = s
                .chars()
                .rev()
                .take_while(|x| *x == '!' || *x == '?')
                .count();
            if run < s.chars().count() {
                trail.push((b - run, b));
                b -= run;
                continue;
            }
            break;
        }
        if c == '\'' {
            // Plural possessive ("students'") or closing quote.
            if core.chars().next_back().is_some_and(|x| x.is_alphabetic()) {
                trail.push((b - 1, b));
                b -= 1;
                continue;
            }
            break;
        }
        if c == '%' && core.chars().next_back().is_some_and(|x| x.is_ascii_digit()) {
            trail.push((b - 1, b));
            b -= 1;
            continue;
        }
        if CLOSERS.contains(&c) {
            trail.push((b - c.len_utf8(), b));
            b -= c.len_utf8();
            continue;
        }
        break;
    }
    for (x, y) in lead {
        push(out, x, y, false);
    }
    split_core(text, a, b, out);
    for (x, y) in trail.into_iter().rev() {
        push(out, x, y, false);
    }
}

fn is_clitic_start(s: &str) -> bool {
    let l = s.to_lowercase().replace('’', "'");
    ["'s", "'re", "'ve", "'ll", "'d", "'m", "'em", "'t"]
        .iter()
        .any(|c| l == *c)
}

/// Splits a chunk without outer punctuation: URLs, clitics, hyphens, slashes.
fn split_core(text: &str, a: usize, b: usize, out: &mut Vec<Word>) {
    let s = &text[a..b];
    if s.is_empty() {
        return;
    }
    if is_url_or_email(s) {
        push(out, a, b, false);
        return;
    }
    // Internal hyphens, slashes and dashes between word characters ('—'
    // and '–' both start with byte 0xE2).
    if !s.bytes().any(|b| matches!(b, b'-' | b'/' | 0xE2)) {
        clitics(text, a, b, out);
        return;
    }
    let bytes: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let splitter = matches!(c, '-' | '/' | '—' | '–');
        if !splitter || k == 0 || k + 1 >= bytes.len() {
            continue;
        }
        let prev = bytes[k - 1].1;
        let next = bytes[k + 1].1;
        let both_alpha = prev.is_alphanumeric() && next.is_alphanumeric();
        let numeric = prev.is_ascii_digit() && next.is_ascii_digit();
        if both_alpha && !(c == '/' && numeric) {
            split_core(text, a, a + i, out);
            push(out, a + i, a + i + c.len_utf8(), false);
            split_core(text, a + i + c.len_utf8(), b, out);
            return;
        }
        if c == '—' || c == '–' || (c == '-' && next == '-') {
            split_core(text, a, a + i, out);
            let mut e = a + i + c.len_utf8();
            if c == '-' && next == '-' {
                e += 1;
            }
            push(out, a + i, e, false);
            split_core(text, e, b, out);
            return;
        }
    }
    clitics(text, a, b, out);
}

fn clitics(text: &str, a: usize, b: usize, out: &mut Vec<Word>) {
    let s = &text[a..b];
    // Without an apostrophe only the whole words below split, as EWT
    // splits them: can|not, gon|na, wan|na, got|ta, du|n|no (their
    // letters have no non-ASCII upper-case forms, so ASCII case folding
    // finds exactly what lower-casing would).
    if !s.contains(['\'', '’']) {
        let is = |w: &str| s.eq_ignore_ascii_case(w);
        if is("cannot") || is("gonna") || is("wanna") || is("gotta") {
            push(out, a, a + 3, false);
            push(out, a + 3, b, true);
        } else if is("dunno") {
            push(out, a, a + 2, false);
            push(out, a + 2, a + 3, true);
            push(out, a + 3, b, true);
        } else {
            push(out, a, b, false);
        }
        return;
    }
    let lower = s.to_lowercase().replace('’', "'");
    let nchar = |x: &str| x.chars().count();
    // n't
    if lower.ends_with("n't") && nchar(&lower) > 3 {
        let cut = s.len()
            - "n't".len()
            - if s.ends_with("n’t") || s.ends_with("N’T") {
                2
            } else {
                0
            };
        if s.is_char_boundary(cut) {
            push(out, a, a + cut, false);
            push(out, a + cut, b, true);
            return;
        }
    }
    for suf in ["'s", "'re", "'ve", "'ll", "'d", "'m"] {
        if lower.ends_with(suf) && lower.len() > suf.len() {
            let cl = suf.len() + if s.contains('’') { 2 } else { 0 };
            let cut = s.len().saturating_sub(cl);
            if cut > 0
                && s.is_char_boundary(cut)
                && s[..cut]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric())
            {
                push(out, a, a + cut, false);
                push(out, a + cut, b, true);
                return;
            }
        }
    }
    push(out, a, b, false);
}

const TERMINALS: &[&str] = &[".", "!", "?", "...", "…", "!!", "??", "?!", "!?"];
const QUOTE_CLOSERS: &[&str] = &["\"", "”", "’", "'", ")", "]", "»"];

/// Splits words into sentences: returns ranges of word indices `[start, end)`.
pub fn sentence_ranges(text: &str, words: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = words.len();
    let mut start = 0;
    let form = |i: usize| -> &str {
        let s = words[i].span;
        text.get(s.start as usize..s.end as usize).unwrap_or("")
    };
    let gap = |i: usize| -> &str {
        // Text between word i and word i+1.
        let a = words[i].span.end as usize;
        let b = words
            .get(i + 1)
            .map_or(text.len(), |w| w.span.start as usize);
        text.get(a..b).unwrap_or("")
    };
    let mut i = 0;
    let mut para_start = true;
    while i < n {
        let f = form(i);
        let mut boundary = false;
        let mut end = i + 1;
        // Dateline at the start of a paragraph: "WASHINGTON (AP) —".
        if para_start && i == start {
            if let Some(e) = dateline(&form, i, n) {
                boundary = true;
                end = e;
            }
        }
        if !boundary {
            if i + 1 == n {
                boundary = true;
            } else {
                let run = f
                    .chars()
                    .all(|c| c == '.' || c == '!' || c == '?' || c == '…');
                let is_term = TERMINALS.contains(&f) || (run && !f.is_empty());
                let g = gap(i);
                let newlines = g.matches('\n').count();
                if is_term {
                    // Absorb closing quotes and brackets.
                    while end < n && QUOTE_CLOSERS.contains(&form(end)) && gap(end - 1).is_empty() {
                        end += 1;
                    }
                    if end >= n {
                        boundary = true;
                    } else {
                        let next = form(end);
                        let c = next.chars().next().unwrap_or(' ');
                        boundary = !c.is_lowercase() || gap(end - 1).contains('\n') || f != ".";
                        if c.is_ascii_digit() && f == "." && !gap(end - 1).contains('\n') {
                            boundary = true;
                        }
                    }
                } else if newlines >= 2 {
                    boundary = true;
                } else if f.ends_with('.') && f.len() > 1 && !is_title(f) {
                    let next = form(i + 1);
                    boundary = STARTERS.contains(&next) || newlines >= 1;
                } else if newlines == 1 {
                    // A line without final punctuation followed by a capitalised
                    // line: a headline, a byline or a list item.
                    let next = form(i + 1);
                    let line_len = i + 1 - start;
                    boundary = next
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
                        && line_len <= 16
                        && !matches!(f, "," | "and" | "or" | "of" | "the" | "to");
                }
            }
        }
        if boundary {
            para_start = end < n && gap(end - 1).matches('\n').count() >= 1 || end == 0;
            out.push((start, end));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < n {
        out.push((start, n));
    }
    out
}

/// Recognises a dateline starting at word `i`; returns the index after its dash.
fn dateline<'a>(form: &dyn Fn(usize) -> &'a str, i: usize, n: usize) -> Option<usize> {
    let mut j = i;
    let mut caps = 0;
    while j < n && j < i + 8 {
        let f = form(j);
        let letters: Vec<char> = f.chars().filter(|c| c.is_alphabetic()).collect();
        if !letters.is_empty() && letters.iter().all(|c| c.is_uppercase()) && letters.len() >= 2 {
            caps += 1;
            j += 1;
        } else if f == "," || (f.ends_with('.') && f.len() <= 6 && caps > 0) {
            j += 1;
        } else {
            break;
        }
    }
    if caps == 0 {
        return None;
    }
    if j < n && form(j) == "(" {
        let mut k = j + 1;
        while k < n && k < j + 6 && form(k) != ")" {
            k += 1;
        }
        if k < n && form(k) == ")" {
            j = k + 1;
        }
    }
    if j < n && matches!(form(j), "—" | "–" | "--" | "-" | "_") && j + 1 < n {
        return Some(j + 1);
    }
    None
}

/// Public sentence splitter: the byte spans of the sentences of `text`.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let words = tokenize_words(text);
    sentence_ranges(text, &words)
        .into_iter()
        .map(|(a, b)| Span {
            start: words[a].span.start,
            end: words[b - 1].span.end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect()
    }

    #[test]
    fn splits_clitics_and_punctuation_the_ewt_way() {
        assert_eq!(
            forms("I don't think it's Mr. Smith's car, can't you see?"),
            vec![
                "I", "do", "n't", "think", "it", "'s", "Mr.", "Smith", "'s", "car", ",", "ca",
                "n't", "you", "see", "?"
            ]
        );
        assert_eq!(
            forms("(\"Hello,\" she said.)"),
            vec!["(", "\"", "Hello", ",", "\"", "she", "said", ".", ")"]
        );
        assert_eq!(
            forms("a long-term plan"),
            vec!["a", "long", "-", "term", "plan"]
        );
        assert_eq!(
            forms("It costs $5.50, or 12%."),
            vec!["It", "costs", "$", "5.50", ",", "or", "12", "%", "."]
        );
        assert_eq!(
            forms("We're gonna go."),
            vec!["We", "'re", "gon", "na", "go", "."]
        );
        assert_eq!(
            forms("the students' books"),
            vec!["the", "students", "'", "books"]
        );
    }

    #[test]
    fn keeps_urls_emails_and_numbers_whole() {
        assert_eq!(
            forms("See http://example.org/a-b?x=1, or mail jo.doe@example.com."),
            vec![
                "See",
                "http://example.org/a-b?x=1",
                ",",
                "or",
                "mail",
                "jo.doe@example.com",
                "."
            ]
        );
        assert_eq!(
            forms("1,234.5 and 3/4 wait..."),
            vec!["1,234.5", "and", "3/4", "wait", "..."]
        );
    }

    #[test]
    fn url_test_ignores_ascii_case_without_allocating() {
        for url in [
            "HTTP://EXAMPLE.ORG/x",
            "Www.Example.Net",
            "Example.COM",
            "news.example.Gov/2026/report",
            "Ann.Lee@Example.Org",
        ] {
            assert!(is_url_or_email(url), "{url}");
        }
        for word in [
            "talks",
            "U.S.",
            "12:30",
            ".com",
            "a@b",
            "Calif.",
            "co.uk-based",
        ] {
            assert!(!is_url_or_email(word), "{word}");
        }
        assert_eq!(
            forms("See WWW.EXAMPLE.COM, then Mail.Example.org/A-B."),
            vec![
                "See",
                "WWW.EXAMPLE.COM",
                ",",
                "then",
                "Mail.Example.org/A-B",
                "."
            ]
        );
    }

    #[test]
    fn whole_word_contractions_split_in_any_case() {
        assert_eq!(
            forms("CANNOT Gonna dunno Wanna GOTTA cannon"),
            vec!["CAN", "NOT", "Gon", "na", "du", "n", "no", "Wan", "na", "GOT", "TA", "cannon"]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let t = "Café’s “best” — naïve.";
        for s in tokenize(t) {
            assert!(t.is_char_boundary(s.start as usize) && t.is_char_boundary(s.end as usize));
            assert!(!t[s.start as usize..s.end as usize].trim().is_empty());
        }
    }

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|s| &text[s.start as usize..s.end as usize])
            .collect()
    }

    #[test]
    fn knows_news_abbreviations_and_quotes() {
        let t = "Mr. Smith met Gen. Allen in the U.S. Capitol on Jan. 5. \"We agreed,\" he said. The talks end Friday.";
        assert_eq!(
            sents(t),
            vec![
                "Mr. Smith met Gen. Allen in the U.S. Capitol on Jan. 5.",
                "\"We agreed,\" he said.",
                "The talks end Friday."
            ]
        );
        let q = "He asked: \"Why now?\" Nobody answered.";
        assert_eq!(sents(q), vec!["He asked: \"Why now?\"", "Nobody answered."]);
    }

    #[test]
    fn splits_headlines_and_datelines() {
        let t =
            "Storm hits coast\n\nWASHINGTON (AP) — The storm moved north on Tuesday. It weakened.";
        assert_eq!(
            sents(t),
            vec![
                "Storm hits coast",
                "WASHINGTON (AP) —",
                "The storm moved north on Tuesday.",
                "It weakened."
            ]
        );
        let e = "J. R. Smith of Acme Corp. resigned. He was 61.";
        assert_eq!(
            sents(e),
            vec!["J. R. Smith of Acme Corp. resigned.", "He was 61."]
        );
    }

    #[test]
    fn empty_and_blank_text() {
        assert!(tokenize("").is_empty());
        assert!(split_sentences(" \n\t ").is_empty());
    }
}
