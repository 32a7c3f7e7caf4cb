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

/// The per-token attributes of an ASCII word, computed in one pass over
/// its bytes.
struct AsciiAttrs {
    /// Lower, shape and affix hashes (the rest left at zero).
    tok: Tok,
    first_upper: bool,
    has_lower: bool,
    has_upper: bool,
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
fn ascii_attrs(word: &str) -> Option<AsciiAttrs> {
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
    Some(AsciiAttrs {
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

/// Compute the static features of a sentence. `upos` may be shorter than
/// `words` (missing tags count as empty).
pub fn extract(words: &[&str], upos: &[&str], gaz: &Gazetteer, clu: &Clusters) -> SentenceFeatures {
    let n = words.len();
    let mut toks = Vec::with_capacity(n);
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
        if let Some(a) = ascii_attrs(w) {
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
            continue;
        }
        normalise_into(w, &mut buf);
        let (shape, first_upper, has_lower, has_upper) = shape_hash(w);
        if has_lower || has_upper {
            n_alpha += 1;
            if !first_upper {
                n_lower_initial += 1;
            }
            if has_upper && !has_lower {
                n_all_upper += 1;
            }
        }
        toks.push(Tok {
            lower: hash_bytes(buf.as_bytes()),
            shape,
            suf2: suffix_hash(&buf, 2),
            suf3: suffix_hash(&buf, 3),
            suf4: suffix_hash(&buf, 4),
            pre2: prefix_hash(&buf, 2),
            pre3: prefix_hash(&buf, 3),
            upos: upos_h,
            gaz: 0,
            uni: 0,
            clu_coarse: 0,
            clu: 0,
        });
    }
    for (i, g) in gaz
        .annotate(&toks.iter().map(|t| t.lower).collect::<Vec<_>>())
        .into_iter()
        .enumerate()
    {
        toks[i].gaz = u64::from(g);
        toks[i].uni = u64::from(gaz.word_kinds(toks[i].lower));
        let path = clu.path(toks[i].lower);
        toks[i].clu_coarse = u64::from(clusters::prefix(path, clusters::COARSE_BITS));
        toks[i].clu = u64::from(path);
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
    };
    for i in 0..n {
        let j = i as isize;
        let (t, p1, p2, n1, n2) = (at(j), at(j - 1), at(j - 2), at(j + 1), at(j + 2));
        let f: [u64; N_STATIC] = [
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
        ];
        out.statics.extend_from_slice(&f);
    }
    out
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
}
