//! Lightweight text units used when no language-core analysis is supplied: word tokens
//! with byte offsets and a news-aware sentence splitter. The coder prefers the language
//! core's tokens and sentences when the caller passes them; these keep the crate usable
//! (and testable) on its own.

use chronicle_core::Span;

/// A token: byte range, surface text and lower-cased form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Lower-cased text, curly quotes/apostrophes folded to straight ones.
    pub lower: String,
    /// Whether the first character is upper case.
    pub cap: bool,
    /// Whether the token is punctuation.
    pub punct: bool,
    /// Number of upper-case letters in the original.
    pub upper_count: usize,
}

impl Tok {
    /// Whether this token is a quotation mark (straight or curly, double).
    pub fn is_quote(&self) -> bool {
        self.lower == "\""
    }
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}'
    )
}

fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '\u{2014}' | '\u{2013}'
    ) || is_quote_char(c)
}

/// Splits `text[start..end]` into tokens (words, numbers, punctuation, quote marks).
/// Periods stay inside abbreviations ("U.S.") and decimal numbers; `'s` and `’s` become
/// their own token.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let Some(slice) = text.get(start..end) else {
        return out;
    };
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let n = chars.len();
    let byte_at = |k: usize| chars.get(k).map(|&(b, _)| start + b).unwrap_or(end);
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if is_punct_char(c) || c == '.' {
            // "..." stays one token.
            let mut j = k + 1;
            if c == '.' {
                while j < n && chars[j].1 == '.' {
                    j += 1;
                }
            }
            push(&mut out, text, byte_at(k), byte_at(j));
            k = j;
            continue;
        }
        // A word: up to whitespace or punctuation; trailing periods split off unless an
        // abbreviation (single letters with dots, or a known title).
        let mut j = k;
        while j < n && !chars[j].1.is_whitespace() && !is_punct_char(chars[j].1) {
            j += 1;
        }
        // Split a trailing possessive 's / ’s.
        let word = text.get(byte_at(k)..byte_at(j)).unwrap_or("");
        let mut wend = j;
        let mut trailing_dots = 0;
        while wend > k && chars[wend - 1].1 == '.' {
            wend -= 1;
            trailing_dots += 1;
        }
        if trailing_dots > 0 && is_abbreviation(word) {
            wend = j;
        }
        let core = text.get(byte_at(k)..byte_at(wend)).unwrap_or("");
        let ends = |suf: &str| {
            core.len() >= suf.len()
                && core.is_char_boundary(core.len() - suf.len())
                && core[core.len() - suf.len()..].eq_ignore_ascii_case(suf)
        };
        let lc_poss = ends("'s") || ends("\u{2019}s");
        let nchars = wend - k;
        let poss = lc_poss && nchars > 2;
        if poss {
            let split = wend - 2;
            push(&mut out, text, byte_at(k), byte_at(split));
            push(&mut out, text, byte_at(split), byte_at(wend));
        } else if ends("s'") && nchars > 2 {
            push(&mut out, text, byte_at(k), byte_at(wend - 1));
            push(&mut out, text, byte_at(wend - 1), byte_at(wend));
        } else {
            push(&mut out, text, byte_at(k), byte_at(wend));
        }
        if wend < j {
            push(&mut out, text, byte_at(wend), byte_at(j));
        }
        k = j;
    }
    out
}

fn push(out: &mut Vec<Tok>, text: &str, s: usize, e: usize) {
    if e <= s {
        return;
    }
    let Some(t) = text.get(s..e) else { return };
    let first = t.chars().next().unwrap_or(' ');
    let lower = if is_quote_char(first) && t.chars().count() == 1 {
        "\"".to_string()
    } else if t.is_ascii() {
        t.to_ascii_lowercase()
    } else {
        t.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
    };
    let punct = !t.chars().any(|c| c.is_alphanumeric());
    out.push(Tok {
        start: s,
        end: e,
        lower,
        cap: first.is_uppercase(),
        punct,
        upper_count: t.chars().filter(|c| c.is_uppercase()).count(),
    });
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "sen", "rep", "gov", "st",
    "jr", "sr", "prof", "rev", "adm", "cmdr", "brig", "no", "vs", "etc", "inc", "corp", "co",
    "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
];

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.len() <= 4 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w)) {
        return true;
    }
    // Single letters joined by dots: "U.S.", "D.C.".
    let parts: Vec<&str> = word.trim_end_matches('.').split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1)
}

/// The tokens of `all` (a whole text's tokens, in order) that lie inside `s`.
pub fn sentence_tokens(all: &[Tok], s: Span) -> &[Tok] {
    let a = all.partition_point(|t| t.start < s.start as usize);
    let b = all.partition_point(|t| t.end <= s.end as usize);
    all.get(a..b.max(a)).unwrap_or(&[])
}

/// Splits text into sentences: at `.`, `!`, `?` (with any closing quote or bracket) that
/// are followed by white space and an upper-case letter, digit or opening quote, except
/// after abbreviations; and at line breaks (headlines, bylines, paragraphs). Spans are trimmed.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let toks = tokenize(text, 0, text.len());
    let mut s_start: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if s_start.is_none() {
            s_start = Some(t.start);
        }
        let mut end_here = false;
        let mut last = i;
        if matches!(t.lower.as_str(), "." | "!" | "?" | "...") {
            // Absorb closing quotes/brackets.
            while let Some(n) = toks.get(last + 1) {
                if (n.is_quote() || n.lower == ")") && n.start == toks[last].end {
                    last += 1;
                } else {
                    break;
                }
            }
            match toks.get(last + 1) {
                None => end_here = true,
                Some(n) => {
                    let gap = text.get(toks[last].end..n.start).unwrap_or("");
                    let starts_upper = n.cap
                        || n.is_quote()
                        || n.lower.chars().next().is_some_and(|c| c.is_ascii_digit());
                    end_here = !gap.is_empty() && starts_upper;
                }
            }
        }
        if !end_here {
            if let Some(n) = toks.get(i + 1) {
                let gap = text.get(t.end..n.start).unwrap_or("");
                if gap.contains('\n') {
                    end_here = true;
                }
            }
        }
        if end_here {
            if let Some(s) = s_start.take() {
                out.push(Span::new(s, toks[last].end));
            }
            i = last + 1;
            continue;
        }
        i += 1;
    }
    if let (Some(s), Some(l)) = (s_start, toks.last()) {
        out.push(Span::new(s, l.end));
    }
    out
}

/// Character offset of byte offset `b` in `text` (clamped to the text).
pub fn char_offset(text: &str, b: usize) -> usize {
    let b = b.min(text.len());
    let mut b2 = b;
    while b2 > 0 && !text.is_char_boundary(b2) {
        b2 -= 1;
    }
    text[..b2].chars().count()
}

/// Byte offset of character offset `c` in `text`, or `None` past the end.
pub fn byte_offset(text: &str, c: usize) -> Option<usize> {
    if c == 0 {
        return Some(0);
    }
    let mut n = 0;
    for (b, _) in text.char_indices() {
        if n == c {
            return Some(b);
        }
        n += 1;
    }
    (n == c).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .into_iter()
            .map(|t| t.lower)
            .collect()
    }

    #[test]
    fn tokenizes_quotes_possessives_and_abbreviations() {
        let w = words("“We will act,” the U.S. envoy’s aide said.");
        assert_eq!(
            w,
            vec![
                "\"", "we", "will", "act", ",", "\"", "the", "u.s.", "envoy", "'s", "aide", "said",
                "."
            ]
        );
    }

    #[test]
    fn splits_sentences_but_not_after_titles() {
        let t = "Mr. Vance met Gen. Ortiz in the U.S. capital. They talked. \"Fine,\" he said.";
        let s = split_sentences(t);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(
            &t[s[0].start as usize..s[0].end as usize],
            "Mr. Vance met Gen. Ortiz in the U.S. capital."
        );
    }

    #[test]
    fn splits_at_blank_lines() {
        let s = split_sentences("A headline without a stop\n\nThe body starts here.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn converts_offsets_between_bytes_and_chars() {
        let t = "é “x”";
        assert_eq!(char_offset(t, 3), 2);
        assert_eq!(byte_offset(t, 2), Some(3));
        assert_eq!(byte_offset(t, 5), Some(t.len()));
        assert_eq!(byte_offset(t, 6), None);
        assert_eq!(char_offset(t, 1), 0);
    }
}
