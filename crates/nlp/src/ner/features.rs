//! Hashed features for the NER tagger, shared by training and inference.
//!
//! Every feature is a template id combined with a 64-bit value hash and
//! folded into a bucket of a `2^bits`-row weight table. Static features are
//! computed once per sentence; the few that depend on earlier predicted tags
//! are added during greedy decoding.

use super::clusters::{self, Clusters};
use super::gazetteer::Gazetteer;

/// Number of static feature templates per token.
pub const N_STATIC: usize = 36;
/// Number of tag-history feature templates per token.
pub const N_DYNAMIC: usize = 4;

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;
const START: u64 = 0x5354_4152_545f_5f5f;
const END: u64 = 0x454e_445f_5f5f_5f5f;

/// A 64-bit finaliser (splitmix64).
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a over bytes.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = SEED;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// Combine two hashes.
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Normalise a word into `buf`: lower case, every digit as `0`.
pub fn normalise_into(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            buf.push(if c.is_ascii_digit() { '0' } else { c });
        } else if c.is_numeric() {
            buf.push('0');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// Hash of a word's normal form (used by features and the gazetteer).
pub fn lower_hash(word: &str) -> u64 {
    let mut buf = String::new();
    normalise_into(word, &mut buf);
    hash_bytes(buf.as_bytes())
}

/// Hash of a word's short shape: runs of upper (`X`), lower (`x`), digit
/// (`d`) and other characters (kept as themselves) collapsed to one symbol.
fn shape_hash(word: &str) -> (u64, bool, bool, bool) {
    let mut h = SEED;
    let mut last = '\u{0}';
    let mut first_upper = false;
    let mut has_lower = false;
    let mut has_upper = false;
    for (i, c) in word.chars().enumerate() {
        let cls = if c.is_uppercase() {
            has_upper = true;
            if i == 0 {
                first_upper = true;
            }
            'X'
        } else if c.is_lowercase() {
            has_lower = true;
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if cls != last {
            h ^= cls as u64;
            h = h.wrapping_mul(PRIME);
            last = cls;
        }
    }
    (h, first_upper, has_lower, has_upper)
}

/// Hash of the first / last `n` characters of `s` (the whole of `s` when shorter).
fn prefix_hash(s: &str, n: usize) -> u64 {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    hash_bytes(&s.as_bytes()[..end])
}

fn suffix_hash(s: &str, n: usize) -> u64 {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    hash_bytes(&s.as_bytes()[start..])
}

/// The normal form of an ASCII byte (see [`normalise_into`]).
#[inline]
fn norm_byte(b: u8) -> u8 {
    if b.is_ascii_digit() {
        b'0'
    } else {
        b.to_ascii_lowercase()
    }
}

/// For an ASCII word, what [`normalise_into`], [`shape_hash`],
/// [`prefix_hash`] and [`suffix_hash`] give, without building the normal
/// form; `None` for other words.
#[inline]
fn ascii_attrs(word: &str) -> Option<WordAttrs> {
    let bytes = word.as_bytes();
    if !word.is_ascii() {
        return None;
    }
    let mut lower = SEED;
    let (mut pre2, mut pre3) = (None, None);
    let mut shape = SEED;
    let mut last = 0u8;
    let (mut first_upper, mut has_lower, mut has_upper) = (false, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        lower ^= u64::from(norm_byte(b));
        lower = lower.wrapping_mul(PRIME);
        if i == 1 {
            pre2 = Some(lower);
        } else if i == 2 {
            pre3 = Some(lower);
        }
        let cls = if b.is_ascii_uppercase() {
            has_upper = true;
            first_upper |= i == 0;
            b'X'
        } else if b.is_ascii_lowercase() {
            has_lower = true;
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else {
            b
        };
        if cls != last {
            shape ^= u64::from(cls);
            shape = shape.wrapping_mul(PRIME);
            last = cls;
        }
    }
    let suffix = |n: usize| {
        let mut h = SEED;
        for &b in &bytes[bytes.len().saturating_sub(n)..] {
            h ^= u64::from(norm_byte(b));
            h = h.wrapping_mul(PRIME);
        }
        h
    };
    Some(WordAttrs {
        tok: Tok {
            lower,
            shape,
            suf2: suffix(2),
            suf3: suffix(3),
            suf4: suffix(4),
            pre2: pre2.unwrap_or(lower),
            pre3: pre3.unwrap_or(lower),
            ..Tok::default()
        },
        first_upper,
        has_lower,
        has_upper,
    })
}

/// Per-token hashed attributes.
#[derive(Debug, Clone, Copy, Default)]
struct Tok {
    lower: u64,
    shape: u64,
    suf2: u64,
    suf3: u64,
    suf4: u64,
    pre2: u64,
    pre3: u64,
    upos: u64,
    gaz: u64,
    uni: u64,
    /// Coarse cluster (path prefix of `clusters::COARSE_BITS` bits).
    clu_coarse: u64,
    /// Full cluster path.
    clu: u64,
}

/// The static feature hashes of a sentence: `N_STATIC` per token, plus the
/// lower-case and shape hashes the tag-history features need.
#[derive(Debug, Default, Clone)]
pub struct SentenceFeatures {
    /// `N_STATIC` feature hashes per token, token-major.
    pub statics: Vec<u64>,
    /// Lower-case hash per token.
    pub lower: Vec<u64>,
    /// Shape hash per token.
    pub shape: Vec<u64>,
    /// Per token, the number [`KnownWords`] gave its word (`u32::MAX`:
    /// not known); empty when extracted without known words.
    pub known: Vec<u32>,
}

impl SentenceFeatures {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// Whether the sentence is empty.
    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Static feature hashes of token `i`.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.statics[i * N_STATIC..(i + 1) * N_STATIC]
    }
}

/// Feature hashes that depend on the two previous tags.
#[inline]
pub fn dynamic(lower: u64, shape: u64, prev: u8, prev2: u8) -> [u64; N_DYNAMIC] {
    let p = u64::from(prev) + 1;
    let pp = u64::from(prev2) + 1;
    [
        combine(100, p),
        combine(101, p * 64 + pp),
        combine(combine(102, p), lower),
        combine(combine(103, p), shape),
    ]
}

/// Which of the `N_STATIC` templates depend on the token alone (its
/// normal form, shape, affixes, gazetteer word kinds and cluster), not on
/// its neighbours, position, UPOS or the gazetteer's multi-word matches:
/// their weights can be summed once per word form (see [`FormCache`]).
pub const WORD_ONLY: [bool; N_STATIC] = {
    let mut w = [false; N_STATIC];
    // Bias, word, shape, suffixes 2-4, prefixes 2-3, word kinds x shape,
    // the cluster's prefix and path, path x shape.
    let idx = [0, 1, 6, 10, 11, 12, 13, 14, 28, 31, 32, 35];
    let mut k = 0;
    while k < idx.len() {
        w[idx[k]] = true;
        k += 1;
    }
    w
};

/// The attributes of one word that do not depend on its sentence.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordAttrs {
    /// Hashes (UPOS and gazetteer match left at zero; [`ascii_attrs`]
    /// also leaves the word kinds and cluster at zero).
    tok: Tok,
    first_upper: bool,
    has_lower: bool,
    has_upper: bool,
}

impl WordAttrs {
    /// The attributes of `word` (`buf` is scratch space).
    #[inline]
    pub fn of(word: &str, gaz: &Gazetteer, clu: &Clusters, buf: &mut String) -> WordAttrs {
        let mut a = ascii_attrs(word).unwrap_or_else(|| {
            normalise_into(word, buf);
            let (shape, first_upper, has_lower, has_upper) = shape_hash(word);
            WordAttrs {
                tok: Tok {
                    lower: hash_bytes(buf.as_bytes()),
                    shape,
                    suf2: suffix_hash(buf, 2),
                    suf3: suffix_hash(buf, 3),
                    suf4: suffix_hash(buf, 4),
                    pre2: prefix_hash(buf, 2),
                    pre3: prefix_hash(buf, 3),
                    ..Tok::default()
                },
                first_upper,
                has_lower,
                has_upper,
            }
        });
        let t = &mut a.tok;
        t.uni = u64::from(gaz.word_kinds(t.lower));
        let path = clu.path(t.lower);
        t.clu_coarse = u64::from(clusters::prefix(path, clusters::COARSE_BITS));
        t.clu = u64::from(path);
        a
    }

    /// The hashes of the [`WORD_ONLY`] features of the word, in template
    /// order.
    pub fn word_features(&self) -> Vec<u64> {
        let pad = Tok::default();
        let all = statics(0, &self.tok, [&pad; 4], 0);
        all.iter()
            .zip(WORD_ONLY)
            .filter(|(_, w)| *w)
            .map(|(h, _)| *h)
            .collect()
    }
}

/// Prepared words for [`extract_with`]: a word's attributes by the hash
/// of its exact bytes, with a number the caller attaches (a row of summed
/// weights, see `Model`).
pub trait KnownWords {
    /// The attributes and number of the word whose exact bytes hash to `h`.
    fn get(&self, h: u64) -> Option<(&WordAttrs, u32)>;
}

/// Compute the static features of a sentence. `upos` may be shorter than
/// `words` (missing tags count as empty).
pub fn extract(words: &[&str], upos: &[&str], gaz: &Gazetteer, clu: &Clusters) -> SentenceFeatures {
    extract_with(words, upos, gaz, clu, None)
}

/// [`extract`], taking the attributes of the words `known` has from it
/// instead of computing them; [`SentenceFeatures::known`] then holds their
/// numbers (`u32::MAX` for the other words). The features are the same.
pub fn extract_with(
    words: &[&str],
    upos: &[&str],
    gaz: &Gazetteer,
    clu: &Clusters,
    known: Option<&dyn KnownWords>,
) -> SentenceFeatures {
    let n = words.len();
    let mut toks = Vec::with_capacity(n);
    let mut numbers = Vec::with_capacity(if known.is_some() { n } else { 0 });
    let mut buf = String::new();
    let mut n_lower_initial = 0usize;
    let mut n_alpha = 0usize;
    let mut n_all_upper = 0usize;
    for (i, w) in words.iter().enumerate() {
        let u = upos.get(i).copied().unwrap_or("");
        let upos_h = if u.is_empty() {
            0
        } else {
            hash_bytes(u.as_bytes())
        };
        let found = known.and_then(|k| k.get(hash_bytes(w.as_bytes())));
        let (a, number) = match found {
            Some((a, number)) => (*a, number),
            None => (WordAttrs::of(w, gaz, clu, &mut buf), u32::MAX),
        };
        if known.is_some() {
            numbers.push(number);
        }
        if a.has_lower || a.has_upper {
            n_alpha += 1;
            if !a.first_upper {
                n_lower_initial += 1;
            }
            if a.has_upper && !a.has_lower {
                n_all_upper += 1;
            }
        }
        toks.push(Tok {
            upos: upos_h,
            ..a.tok
        });
    }
    let matches = gaz.annotate(&toks.iter().map(|t| t.lower).collect::<Vec<_>>());
    for (t, g) in toks.iter_mut().zip(matches) {
        t.gaz = u64::from(g);
    }
    // Sentence casing: 0 mixed, 1 (almost) all lower-initial, 2 all upper.
    let casing: u64 = if n_alpha >= 3 && n_all_upper * 10 >= n_alpha * 8 {
        2
    } else if n_alpha >= 3 && n_lower_initial * 10 >= n_alpha * 9 {
        1
    } else {
        0
    };
    let pad_start = Tok {
        lower: START,
        shape: START,
        upos: START,
        gaz: START,
        uni: START,
        clu_coarse: START,
        clu: START,
        ..Tok::default()
    };
    let pad_end = Tok {
        lower: END,
        shape: END,
        upos: END,
        gaz: END,
        uni: END,
        clu_coarse: END,
        clu: END,
        ..Tok::default()
    };
    let at = |j: isize| -> &Tok {
        if j < 0 {
            &pad_start
        } else if j as usize >= n {
            &pad_end
        } else {
            &toks[j as usize]
        }
    };
    let mut out = SentenceFeatures {
        statics: Vec::with_capacity(n * N_STATIC),
        lower: toks.iter().map(|t| t.lower).collect(),
        shape: toks.iter().map(|t| t.shape).collect(),
        known: numbers,
    };
    for i in 0..n {
        let j = i as isize;
        let near = [at(j - 1), at(j - 2), at(j + 1), at(j + 2)];
        out.statics
            .extend_from_slice(&statics(i, at(j), near, casing));
    }
    out
}

/// The static features of token `i` (`t`) given its neighbours `[p1, p2,
/// n1, n2]` (one and two before, one and two after) and the sentence's
/// casing.
#[inline(always)]
fn statics(i: usize, t: &Tok, [p1, p2, n1, n2]: [&Tok; 4], casing: u64) -> [u64; N_STATIC] {
    [
        combine(0, 0),
        combine(1, t.lower),
        combine(2, p1.lower),
        combine(3, n1.lower),
        combine(4, p2.lower),
        combine(5, n2.lower),
        combine(6, t.shape),
        combine(7, p1.shape),
        combine(8, n1.shape),
        combine(combine(combine(9, p1.shape), t.shape), n1.shape),
        combine(10, t.suf2),
        combine(11, t.suf3),
        combine(12, t.suf4),
        combine(13, t.pre2),
        combine(14, t.pre3),
        combine(15, t.upos),
        combine(16, p1.upos),
        combine(17, n1.upos),
        combine(combine(18, t.upos), t.shape),
        combine(19, t.gaz),
        combine(20, p1.gaz),
        combine(21, n1.gaz),
        combine(combine(22, p1.lower), t.lower),
        combine(combine(23, t.lower), n1.lower),
        combine(combine(24, u64::from(i == 0)), t.shape),
        combine(combine(26, t.gaz), t.shape),
        combine(combine(combine(27, p1.upos), t.upos), n1.upos),
        combine(combine(28, casing), t.shape),
        combine(combine(30, t.uni), t.shape),
        combine(combine(31, p1.uni), t.uni),
        combine(combine(32, t.uni), n1.uni),
        combine(33, t.clu_coarse),
        combine(34, t.clu),
        combine(35, p1.clu),
        combine(36, n1.clu),
        combine(combine(37, t.clu), t.shape),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_respect_char_boundaries() {
        assert_eq!(suffix_hash("zürich", 3), hash_bytes("ich".as_bytes()));
        assert_eq!(prefix_hash("ñandú", 2), hash_bytes("ña".as_bytes()));
        assert_eq!(suffix_hash("a", 4), hash_bytes(b"a"));
        assert_eq!(prefix_hash("", 3), hash_bytes(b""));
    }

    #[test]
    fn normal_form_lowers_and_zeroes_digits() {
        let mut b = String::new();
        normalise_into("Route66-ÉTÉ", &mut b);
        assert_eq!(b, "route00-été");
    }

    #[test]
    fn shape_distinguishes_case() {
        assert_ne!(shape_hash("Paris").0, shape_hash("paris").0);
        assert_eq!(shape_hash("Paris").0, shape_hash("London").0);
    }

    #[test]
    fn ascii_attributes_match_the_general_ones() {
        let mut buf = String::new();
        for w in [
            "",
            "a",
            "Ab",
            "ABC",
            "McDonald's",
            "U.S.",
            "1,234.5",
            "x1Y2",
            "--",
            "\u{0}a",
            "Route66",
            "e-mail",
            "IBM",
            "i",
            "don't",
            " ",
            "ALL-CAPS99",
        ] {
            let a = ascii_attrs(w).expect("ASCII");
            normalise_into(w, &mut buf);
            let (shape, first_upper, has_lower, has_upper) = shape_hash(w);
            assert_eq!(a.tok.lower, hash_bytes(buf.as_bytes()), "{w}");
            assert_eq!(a.tok.shape, shape, "{w}");
            assert_eq!(
                (a.first_upper, a.has_lower, a.has_upper),
                (first_upper, has_lower, has_upper),
                "{w}"
            );
            assert_eq!(a.tok.suf2, suffix_hash(&buf, 2), "{w}");
            assert_eq!(a.tok.suf3, suffix_hash(&buf, 3), "{w}");
            assert_eq!(a.tok.suf4, suffix_hash(&buf, 4), "{w}");
            assert_eq!(a.tok.pre2, prefix_hash(&buf, 2), "{w}");
            assert_eq!(a.tok.pre3, prefix_hash(&buf, 3), "{w}");
        }
        assert!(ascii_attrs("café").is_none());
    }

    #[test]
    fn one_feature_vector_per_token() {
        let g = Gazetteer::default();
        let c = Clusters::default();
        let f = extract(&["A", "b", "c"], &[], &g, &c);
        assert_eq!(f.statics.len(), 3 * N_STATIC);
        assert_eq!(f.len(), 3);
        assert!(extract(&[], &[], &g, &c).is_empty());
    }

    #[test]
    fn words_of_one_cluster_share_cluster_features() {
        let g = Gazetteer::default();
        let c = Clusters::from_text("678\tparis\n678\tlondon\n502\tjohn\n").unwrap();
        let a = extract(&["in", "Paris"], &[], &g, &c);
        let b = extract(&["in", "London"], &[], &g, &c);
        let j = extract(&["in", "John"], &[], &g, &c);
        // Template 34 (full path of the word) is at index 32.
        assert_eq!(a.token(1)[32], b.token(1)[32]);
        assert_ne!(a.token(1)[32], j.token(1)[32]);
        // The word itself differs.
        assert_ne!(a.token(1)[1], b.token(1)[1]);
    }

    #[test]
    fn word_only_features_do_not_depend_on_the_sentence() {
        let g = Gazetteer::from_text("4\tnew york\n1\tjohn\n").unwrap();
        let c = Clusters::from_text("678\tparis\n678\tyork\n502\tjohn\n").unwrap();
        let mut buf = String::new();
        let sents: [&[&str]; 4] = [
            &["John", "went", "to", "New", "York", "."],
            &["new", "york", "john", "Paris", "été", "12:30"],
            &["York"],
            &["ÉTÉ", "John", "New", "york", "York", "paris", "PARIS"],
        ];
        for words in sents {
            for upos in [&[][..], &["PROPN", "VERB", "ADP"][..]] {
                let f = extract(words, upos, &g, &c);
                for (i, w) in words.iter().enumerate() {
                    let a = WordAttrs::of(w, &g, &c, &mut buf);
                    let in_sentence: Vec<u64> = f
                        .token(i)
                        .iter()
                        .zip(WORD_ONLY)
                        .filter(|(_, k)| *k)
                        .map(|(h, _)| *h)
                        .collect();
                    assert_eq!(in_sentence, a.word_features(), "{w} in {words:?}");
                }
            }
        }
        assert_eq!(WORD_ONLY.iter().filter(|w| **w).count(), 12);
    }
}
