//! A fast byte-level scanner: words, numbers and single punctuation marks with byte offsets.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// ASCII letters (and any non-ASCII alphabetic run).
    Word,
    /// ASCII digits.
    Num,
    /// One punctuation or symbol character.
    Punct,
}

/// A token: a byte range plus whether whitespace precedes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whitespace (or the start of text) directly precedes it.
    pub space_before: bool,
}

/// Splits `text` into tokens. `text` and its ASCII-lowercased copy have the same byte offsets.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    let mut i = 0;
    let mut space = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            Kind::Word
        } else if c.is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            Kind::Num
        } else if c < 0x80 {
            i += 1;
            Kind::Punct
        } else {
            // A multi-byte character: step over the whole character.
            let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
            let alpha = text[i..].chars().next().is_some_and(char::is_alphabetic);
            i += ch_len;
            if alpha {
                while i < b.len() && b[i] >= 0x80 {
                    let Some(ch) = text[i..].chars().next() else {
                        break;
                    };
                    if !ch.is_alphabetic() {
                        break;
                    }
                    i += ch.len_utf8();
                }
                Kind::Word
            } else {
                Kind::Punct
            }
        };
        out.push(Tok {
            start,
            end: i,
            kind,
            space_before: space,
        });
        space = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_numbers_and_punctuation() {
        let t = "Sept. 10–13, 1999 at 5:30p.m.";
        let toks = tokenize(t);
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(
            words,
            ["Sept", ".", "10", "–", "13", ",", "1999", "at", "5", ":", "30", "p", ".", "m", "."]
        );
        assert!(toks[2].space_before);
        assert!(!toks[3].space_before);
    }
}
