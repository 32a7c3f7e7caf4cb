//! Word tokenising and longest-match lookup of word sequences in a token trie.
//!
//! Written by hand rather than with `aho-corasick`: matches must start and end on
//! word boundaries, ignore case and diacritics for lookup while keeping the case
//! of the text for the checks the linker makes, and treat hyphens as spaces
//! ("Kim Jong-un" = "Kim Jong Un"). A trie over interned lower-cased words does
//! all of that in one pass; each word costs one hash lookup.

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// Id of a word that is not in the vocabulary.
pub(crate) const NONE: u32 = u32::MAX;

/// Token flag: the first character is upper case.
pub(crate) const UPPER: u8 = 1;
/// Token flag: every letter is upper case (and there is at least one).
pub(crate) const ALLCAPS: u8 = 2;
/// Token flag: punctuation.
pub(crate) const PUNCT: u8 = 4;
/// Token flag: first word of a sentence (after `.`, `!`, `?` or at the start).
pub(crate) const SENT_START: u8 = 8;

/// One token of a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Vocabulary id, or [`NONE`].
    pub id: u32,
    /// [`UPPER`], [`ALLCAPS`], [`PUNCT`], [`SENT_START`].
    pub flags: u8,
}

impl Tok {
    pub(crate) fn has(&self, f: u8) -> bool {
        self.flags & f != 0
    }
}

/// Lower-case and strip diacritics from a word (the lookup key).
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ı' => out.push('i'),
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Split text into words and punctuation tokens.
///
/// Words are runs of alphanumeric characters (and combining marks); hyphens and
/// dashes separate words and are dropped; apostrophes become `'`; other
/// punctuation characters are one token each. `key` receives each token's
/// lookup key and returns its id.
pub(crate) fn tokenize(text: &str, mut key: impl FnMut(&str) -> u32, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut i = 0usize;
    let mut sent_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, clen) = if b < 0x80 {
            (b as char, 1)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        if c.is_alphanumeric() {
            let s = i;
            let mut j = i;
            let mut ascii = true;
            let mut upper_first = c.is_uppercase();
            let mut has_lower = false;
            let mut has_letter = false;
            while j < bytes.len() {
                let bj = bytes[j];
                if bj < 0x80 {
                    if bj.is_ascii_alphanumeric() {
                        if bj.is_ascii_lowercase() {
                            has_lower = true;
                        }
                        if bj.is_ascii_alphabetic() {
                            has_letter = true;
                        }
                        j += 1;
                        continue;
                    }
                    break;
                }
                let Some(cj) = text[j..].chars().next() else {
                    break;
                };
                if cj.is_alphanumeric() || unicode_normalization::char::is_combining_mark(cj) {
                    ascii = false;
                    if cj.is_lowercase() {
                        has_lower = true;
                    }
                    if cj.is_alphabetic() {
                        has_letter = true;
                    }
                    j += cj.len_utf8();
                } else {
                    break;
                }
            }
            if j == s {
                j = s + clen;
                upper_first = false;
            }
            let word = &text[s..j];
            let id = if ascii {
                buf.clear();
                buf.push_str(word);
                buf.make_ascii_lowercase();
                key(&buf)
            } else {
                key(&fold(word))
            };
            let mut flags = 0;
            if upper_first {
                flags |= UPPER;
            }
            if has_letter && !has_lower {
                flags |= ALLCAPS;
            }
            if sent_start {
                flags |= SENT_START;
            }
            sent_start = false;
            out.push(Tok {
                start: s as u32,
                end: j as u32,
                id,
                flags,
            });
            i = j;
            continue;
        }
        if c.is_whitespace() || is_dash(c) {
            i += clen;
            continue;
        }
        let id = if is_apostrophe(c) {
            key("'")
        } else {
            let mut tmp = [0u8; 4];
            key(c.encode_utf8(&mut tmp))
        };
        let mut flags = PUNCT;
        if sent_start {
            flags |= SENT_START;
        }
        // A full stop after a single capital letter ("U.S.", "J. Smith") does not end a sentence.
        let initial = c == '.'
            && out
                .last()
                .is_some_and(|t| t.end as usize == i && t.end - t.start == 1 && t.has(UPPER));
        sent_start = matches!(c, '.' | '!' | '?') && !initial
            || (sent_start && matches!(c, '"' | '“' | '(' | '['));
        out.push(Tok {
            start: i as u32,
            end: (i + clen) as u32,
            id,
            flags,
        });
        i += clen;
    }
}

/// Interned lookup keys.
#[derive(Debug, Default, Clone)]
pub(crate) struct Vocab {
    map: FxHashMap<Box<str>, u32>,
}

impl Vocab {
    /// The id of a key, adding it when new.
    pub(crate) fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.map.get(key) {
            return id;
        }
        let id = self.map.len() as u32;
        self.map.insert(key.into(), id);
        id
    }

    /// The id of a key, or [`NONE`].
    pub(crate) fn get(&self, key: &str) -> u32 {
        self.map.get(key).copied().unwrap_or(NONE)
    }

    /// Token ids of a phrase, interning its words.
    pub(crate) fn intern_phrase(&mut self, phrase: &str) -> Vec<u32> {
        let mut toks = Vec::new();
        let mut ids = Vec::new();
        // Two passes: collect keys, then intern (the closure cannot borrow self mutably twice).
        let mut keys: Vec<String> = Vec::new();
        tokenize(
            phrase,
            |k| {
                keys.push(k.to_string());
                0
            },
            &mut toks,
        );
        for k in keys {
            ids.push(self.intern(&k));
        }
        ids
    }
}

/// A trie over token ids; terminal nodes carry payloads.
#[derive(Debug, Default, Clone)]
pub(crate) struct Trie {
    edges: FxHashMap<(u32, u32), u32>,
    payloads: FxHashMap<u32, Vec<u32>>,
    nodes: u32,
}

impl Trie {
    /// Add a phrase (token ids) carrying `payload`.
    pub(crate) fn insert(&mut self, ids: &[u32], payload: u32) {
        if ids.is_empty() {
            return;
        }
        let mut node = 0u32;
        for &id in ids {
            node = match self.edges.get(&(node, id)) {
                Some(&n) => n,
                None => {
                    self.nodes += 1;
                    let n = self.nodes;
                    self.edges.insert((node, id), n);
                    n
                }
            };
        }
        let p = self.payloads.entry(node).or_default();
        if !p.contains(&payload) {
            p.push(payload);
        }
    }

    /// Every phrase starting at token `i`: pushes `(end token index, payloads)`,
    /// shortest first.
    pub(crate) fn prefixes<'a>(
        &'a self,
        toks: &[Tok],
        i: usize,
        out: &mut Vec<(usize, &'a [u32])>,
    ) {
        out.clear();
        let mut node = 0u32;
        let mut j = i;
        while j < toks.len() {
            let id = toks[j].id;
            if id == NONE {
                break;
            }
            match self.edges.get(&(node, id)) {
                Some(&n) => node = n,
                None => break,
            }
            j += 1;
            if let Some(p) = self.payloads.get(&node) {
                out.push((j, p.as_slice()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str, v: &mut Vocab) -> Vec<Tok> {
        let mut out = Vec::new();
        let mut keys = Vec::new();
        tokenize(
            text,
            |k| {
                keys.push(k.to_string());
                0
            },
            &mut out,
        );
        for (t, k) in out.iter_mut().zip(keys) {
            t.id = v.intern(&k);
        }
        out
    }

    #[test]
    fn hyphens_split_and_case_is_recorded() {
        let mut v = Vocab::default();
        let t = toks("Kim Jong-un met U.S. envoys.", &mut v);
        let words: Vec<&str> = t
            .iter()
            .map(|t| &"Kim Jong-un met U.S. envoys."[t.start as usize..t.end as usize])
            .collect();
        assert_eq!(
            words,
            ["Kim", "Jong", "un", "met", "U", ".", "S", ".", "envoys", "."]
        );
        assert!(t[0].has(UPPER) && t[0].has(SENT_START));
        assert!(!t[2].has(UPPER));
        assert!(t[4].has(ALLCAPS));
        // "U.S." does not end the sentence after "U.", but "S." is ambiguous and does.
        assert!(!t[6].has(SENT_START));
    }

    #[test]
    fn folding_strips_accents_and_matches_ascii() {
        assert_eq!(fold("Élysée"), "elysee");
        assert_eq!(fold("Erdoğan"), "erdogan");
        assert_eq!(fold("Łódź"), "lodz");
    }

    #[test]
    fn trie_reports_all_prefixes_shortest_first() {
        let mut v = Vocab::default();
        let mut trie = Trie::default();
        let a = v.intern_phrase("North Korea");
        let b = v.intern_phrase("North Korean leader");
        let c = v.intern_phrase("North");
        trie.insert(&a, 1);
        trie.insert(&b, 2);
        trie.insert(&c, 3);
        let t = toks("the North Korean leader", &mut v);
        let mut out = Vec::new();
        trie.prefixes(&t, 1, &mut out);
        let ends: Vec<usize> = out.iter().map(|(e, _)| *e).collect();
        assert_eq!(ends, [2, 4]);
        assert_eq!(out[1].1, [2]);
        trie.prefixes(&t, 0, &mut out);
        assert!(out.is_empty());
    }
}
