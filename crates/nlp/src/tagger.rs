//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over
//! hashed lexical, shape, affix, context and look-ahead lexicon features,
//! predicting the UPOS and XPOS tags together as one class.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::clusters::{prefix, WordClusters};
use crate::model::IdMap;

use crate::conllu::ConlluSentence;
use crate::model::{self, feat, feat2, feat3, hash_str, Frozen, Reader, Trainer};
use crate::NlpError;

mod table;
mod vocab;

use table::{Table, MAX_ACC};
use vocab::{Vocab, NO_ENTRY, NO_ROW};

/// Per-word precomputed feature values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct WordInfo {
    lower: u64,
    exact: u64,
    shape: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    lex: u64,
    /// Lexicon class of the lower-cased form alone.
    lex_lower: u64,
    /// Whether the first character is upper-case.
    cap: bool,
    /// Word-cluster path of the lower-cased form (0: none); feature set 4.
    clu: u32,
    /// The word's entry in the [`Vocab`], whose rows hold the summed
    /// weights of its word-only features and of the features it gives its
    /// neighbours ([`NO_ENTRY`]: none; score all those features).
    entry: u32,
}

impl WordInfo {
    /// The feature values of `word`, whose [`lex_key`] is `exact` (`lower`
    /// and `shp` are scratch buffers).
    fn of(
        word: &str,
        exact: u64,
        lex: &IdMap<u32>,
        merged: Option<&IdMap<u64>>,
        lower: &mut String,
        shp: &mut String,
    ) -> WordInfo {
        norm_into(word, lower);
        shape_into(word, shp);
        let (suf, pre) = affixes(lower);
        let lower_h = lex_key(lower);
        let (lex_lower, clu) = match merged {
            Some(m) => m.get(&lower_h).map_or((0xFFFF, 0), |v| {
                let l = (v >> 32) as u32;
                let l = if l == NO_LEX { 0xFFFF } else { u64::from(l) };
                (l, *v as u32)
            }),
            None => (lex.get(&lower_h).map_or(0xFFFF, |c| u64::from(*c)), 0),
        };
        let lexc = if exact == lower_h {
            lex_lower
        } else {
            lex.get(&exact).map_or(lex_lower, |c| u64::from(*c))
        };
        WordInfo {
            lower: lower_h,
            exact,
            shape: hash_str(shp),
            suf,
            pre,
            lex: lexc,
            lex_lower,
            cap: word.chars().next().is_some_and(char::is_uppercase),
            clu,
            entry: NO_ENTRY,
        }
    }

    /// The features that depend on the word alone (not on its neighbours,
    /// its position or the tags), appended to `out`: their weights can be
    /// summed once per word form (see [`Vocab`]).
    fn word_features(&self, fv: u8, out: &mut Vec<u64>) {
        out.extend_from_slice(&[
            feat(0, 0),
            feat(1, self.lower),
            feat(2, self.suf[0]),
            feat(3, self.suf[1]),
            feat(4, self.suf[2]),
            feat(5, self.suf[3]),
            feat(6, self.pre[0]),
            feat(7, self.pre[1]),
            feat(8, self.pre[2]),
            feat(9, self.shape),
            feat(24, self.lex),
            feat(31, self.exact),
        ]);
        if fv >= CLUSTER_FEATURES {
            let c0 = self.clu;
            out.extend_from_slice(&[
                feat(60, u64::from(prefix(c0, 4))),
                feat(61, u64::from(prefix(c0, 6))),
                feat(62, u64::from(prefix(c0, 10))),
                feat(63, u64::from(c0)),
            ]);
        }
    }
}

const BOS: u64 = 0x1111;
const EOS: u64 = 0x2222;

/// Lower-cases and maps digits to `0`.
pub(crate) fn norm(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    norm_into(word, &mut out);
    out
}

/// [`norm`] into a reused buffer (cleared first).
pub(crate) fn norm_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| match b {
            b'0'..=b'9' => '0',
            _ => char::from(b.to_ascii_lowercase()),
        }));
        return;
    }
    out.extend(word.chars().flat_map(|c| c.to_lowercase()).map(|c| {
        if c.is_ascii_digit() {
            '0'
        } else {
            c
        }
    }));
}

/// Word shape: character classes with runs capped at two.
#[cfg(test)]
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    shape_into(word, &mut out);
    out
}

/// [`shape`] into a reused buffer (cleared first).
pub(crate) fn shape_into(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(24) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = k;
        }
        out.push(k);
    }
}

fn affixes(lower: &str) -> ([u64; 4], [u64; 3]) {
    let mut suf = [0u64; 4];
    let mut pre = [0u64; 3];
    // Byte offsets of the last four and first four characters (no allocation).
    let mut ends = [0usize; 4];
    for (k, (i, _)) in lower.char_indices().rev().take(4).enumerate() {
        ends[k] = i;
    }
    for (k, h) in suf.iter_mut().enumerate() {
        *h = hash_str(lower.get(ends[k]..).unwrap_or(""));
    }
    let mut starts = [lower.len(); 4];
    for (k, (i, _)) in lower.char_indices().take(4).enumerate() {
        starts[k] = i;
    }
    for (k, h) in pre.iter_mut().enumerate() {
        *h = hash_str(lower.get(..starts[k + 1]).unwrap_or(lower));
    }
    (suf, pre)
}

/// A trained tagger.
pub struct Tagger {
    model: Frozen,
    /// Second pass that also sees the first pass's right-context tags.
    second: Option<Frozen>,
    classes: Vec<(String, String)>,
    lex: IdMap<u32>,
    /// Frequent words that (nearly) always have one tag: tagged without scoring.
    tagdict: IdMap<u16>,
    /// Feature set (see [`TaggerConfig::features`]).
    fv: u8,
    /// Word clusters (feature sets 4 and up).
    clusters: Option<Arc<WordClusters>>,
    /// With clusters: the lexicon and the clusters in one table (see
    /// [`merge_lookup`]), so that a word's lower-cased form costs one probe.
    merged: Option<Arc<IdMap<u64>>>,
    /// The most frequent word forms of the training data, most frequent
    /// first (see [`Vocab`]; they change no tag, only the speed).
    forms: Vec<String>,
    /// The weights of both passes laid out for tagging (see [`Table`]),
    /// built on first use from `model` and `second`.
    fast: OnceLock<Option<Tables>>,
}

/// The scoring tables of the first and the second pass.
struct Tables {
    first: Table,
    second: Option<Table>,
    /// The frequent forms' feature values (see [`Tagger::with_vocab`]).
    vocab: Vocab,
}

impl Tables {
    /// Both passes' tables, when both could be laid out with at most
    /// [`MAX_ACC`] classes.
    fn fitting(
        first: Result<Table, NlpError>,
        second: Option<Result<Table, NlpError>>,
    ) -> Option<Tables> {
        let fits = |t: Result<Table, NlpError>| t.ok().filter(|t| t.acc_len() <= MAX_ACC);
        let first = fits(first)?;
        let second = match second {
            Some(t) => Some(fits(t)?),
            None => None,
        };
        Some(Tables {
            first,
            second,
            vocab: Vocab::default(),
        })
    }
}

/// Packed "not in the lexicon" in [`merge_lookup`]'s values.
const NO_LEX: u32 = u32::MAX;

/// One table for the lexicon and the word clusters: key → (lexicon code or
/// [`NO_LEX`]) << 32 | cluster path (0: none).
fn merge_lookup(lex: &IdMap<u32>, clusters: &WordClusters) -> IdMap<u64> {
    let mut m: IdMap<u64> = IdMap::default();
    m.reserve(lex.len() + clusters.len());
    for (k, c) in lex {
        m.insert(*k, u64::from(*c) << 32);
    }
    for (k, p) in clusters.entries() {
        let v = m.entry(k).or_insert(u64::from(NO_LEX) << 32);
        *v |= u64::from(p);
    }
    m
}

/// The highest tagger feature set this code knows.
const MAX_FEATURES: u8 = 4;
/// The first feature set with word-cluster features.
pub const CLUSTER_FEATURES: u8 = 4;

/// Words seen at least this often ...
const TAGDICT_MIN_COUNT: u32 = 20;
/// ... with one tag in at least this share of their occurrences (per mille)
/// go into the tag dictionary.
const TAGDICT_MIN_SHARE: u32 = 997;

/// Builds the tag dictionary from gold sentences whose tag pairs index `classes`.
fn build_tagdict(sents: &[ConlluSentence], classes: &[(String, String)]) -> IdMap<u16> {
    let ix: HashMap<(&str, &str), u16> = classes
        .iter()
        .enumerate()
        .map(|(i, (u, x))| ((u.as_str(), x.as_str()), i as u16))
        .collect();
    let mut counts: HashMap<&str, HashMap<u16, u32>> = HashMap::new();
    for s in sents {
        for r in s.words() {
            if let Some(c) = ix.get(&(r.cols[3].as_str(), r.cols[4].as_str())) {
                *counts.entry(r.form()).or_default().entry(*c).or_default() += 1;
            }
        }
    }
    let mut out = IdMap::default();
    for (w, m) in counts {
        let total: u32 = m.values().sum();
        if let Some((c, n)) = m.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c))) {
            if total >= TAGDICT_MIN_COUNT && *n * 1000 >= total * TAGDICT_MIN_SHARE {
                out.insert(lex_key(w), *c);
            }
        }
    }
    out
}

/// How many of the most frequent training forms a tagger keeps (see
/// [`Vocab`]): about 84% of the EWT dev words that the tag dictionary does
/// not tag are among them.
const FREQUENT_FORMS: usize = 8000;

/// The [`FREQUENT_FORMS`] most frequent forms of `counts` (form → class →
/// count), most frequent first, ties in byte order.
fn frequent_forms(counts: &HashMap<&str, HashMap<u16, u32>>) -> Vec<String> {
    let mut by_count: Vec<(u32, &str)> = counts
        .iter()
        .map(|(w, m)| (m.values().sum::<u32>(), *w))
        .collect();
    by_count.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    by_count
        .into_iter()
        .take(FREQUENT_FORMS)
        .map(|(_, w)| w.to_string())
        .collect()
}

/// Builds the lexicon key of a word.
fn lex_key(word: &str) -> u64 {
    hash_str(word)
}

struct Ctx {
    infos: Vec<WordInfo>,
    /// Feature set.
    fv: u8,
    /// Capitalisation profile of the sentence (see [`cap_profile`]).
    caps: u64,
}

/// Buckets the share of capitalised words after the first among those that
/// start with a letter: 0 none, 1 under a quarter, 2 under a half, 3 the
/// rest; 4 when the sentence has no such words.
fn cap_profile(words: &[&str], infos: &[WordInfo]) -> u64 {
    let (mut letters, mut caps) = (0usize, 0usize);
    for (w, info) in words.iter().zip(infos).skip(1) {
        if w.chars().next().is_some_and(char::is_alphabetic) {
            letters += 1;
            caps += usize::from(info.cap);
        }
    }
    match (letters, caps) {
        (0, _) => 4,
        (_, 0) => 0,
        (l, c) if c * 4 < l => 1,
        (l, c) if c * 2 < l => 2,
        _ => 3,
    }
}

impl Ctx {
    /// The context of `words`; the values of forms in `vocab` are copied
    /// from it instead of computed.
    fn new(
        words: &[&str],
        lex: &IdMap<u32>,
        fv: u8,
        merged: Option<&IdMap<u64>>,
        vocab: Option<&Vocab>,
    ) -> Self {
        let mut lower = String::new();
        let mut shp = String::new();
        let infos = words
            .iter()
            .map(|w| {
                let exact = lex_key(w);
                vocab
                    .and_then(|v| v.get(exact))
                    .copied()
                    .unwrap_or_else(|| WordInfo::of(w, exact, lex, merged, &mut lower, &mut shp))
            })
            .collect::<Vec<_>>();
        let caps = if (2..CLUSTER_FEATURES).contains(&fv) {
            cap_profile(words, &infos)
        } else {
            0
        };
        Ctx { infos, fv, caps }
    }

    fn features(&self, i: usize, t1: u64, t2: u64, right: Option<&[u16]>, out: &mut Vec<u64>) {
        out.clear();
        let n = self.infos.len();
        let w = &self.infos[i];
        let at = |j: isize| -> Option<&WordInfo> {
            if j < 0 || j as usize >= n {
                None
            } else {
                Some(&self.infos[j as usize])
            }
        };
        let ii = i as isize;
        let wm1 = at(ii - 1).map_or(BOS, |x| x.lower);
        let wm2 = at(ii - 2).map_or(BOS + 1, |x| x.lower);
        let wp1 = at(ii + 1).map_or(EOS, |x| x.lower);
        let wp2 = at(ii + 2).map_or(EOS + 1, |x| x.lower);
        let sm1 = at(ii - 1).map_or(BOS, |x| x.suf[2]);
        let sp1 = at(ii + 1).map_or(EOS, |x| x.suf[2]);
        let hm1 = at(ii - 1).map_or(BOS, |x| x.shape);
        let hp1 = at(ii + 1).map_or(EOS, |x| x.shape);
        let lp1 = at(ii + 1).map_or(EOS, |x| x.lex);
        let lp2 = at(ii + 2).map_or(EOS + 1, |x| x.lex);
        out.push(feat(0, 0));
        out.push(feat(1, w.lower));
        for k in 0..4 {
            out.push(feat(2 + k as u64, w.suf[k]));
        }
        for k in 0..3 {
            out.push(feat(6 + k as u64, w.pre[k]));
        }
        out.push(feat(9, w.shape));
        out.push(feat(10, wm1));
        out.push(feat(11, wm2));
        out.push(feat(12, wp1));
        out.push(feat(13, wp2));
        out.push(feat(14, sm1));
        out.push(feat(15, sp1));
        out.push(feat(16, hm1));
        out.push(feat(17, hp1));
        out.push(feat(18, t1));
        out.push(feat(19, t2));
        out.push(feat2(20, t1, t2));
        out.push(feat2(21, t1, w.lower));
        out.push(feat2(22, wm1, w.lower));
        out.push(feat2(23, w.lower, wp1));
        out.push(feat(24, w.lex));
        out.push(feat(25, lp1));
        out.push(feat(26, lp2));
        out.push(feat2(27, lp1, w.lower));
        out.push(feat2(28, t1, lp1));
        out.push(feat2(29, w.shape, u64::from(i == 0)));
        out.push(feat2(30, t1, w.suf[2]));
        out.push(feat(31, w.exact));
        out.push(feat3(32, t1, w.lex, lp1));
        out.push(feat2(33, wm1, wp1));
        out.push(feat2(34, lp1, lp2));
        out.push(feat2(35, t1, wp1));
        out.push(feat2(36, w.lex, hp1));
        let lm1 = at(ii - 1).map_or(BOS, |x| x.lex);
        out.push(feat3(37, t1, lm1, w.lex));
        if (2..CLUSTER_FEATURES).contains(&self.fv) {
            // Capitalisation in context: the sentence's profile, the
            // neighbours' shapes, and what the lower-cased form usually is.
            let caps = self.caps;
            out.push(feat2(45, caps, w.shape));
            out.push(feat3(46, caps, w.shape, w.lex));
            out.push(feat3(47, caps, w.shape, w.lex_lower));
            out.push(feat3(48, hm1, w.shape, hp1));
            out.push(feat2(49, t1, w.shape));
            out.push(feat3(50, u64::from(i == 0), w.shape, w.lex_lower));
        }
        if self.fv == 3 {
            out.push(feat3(51, t1, w.lower, lp1));
            out.push(feat2(52, w.lower, lp2));
            out.push(feat3(53, w.suf[2], hm1, hp1));
        }
        if self.fv >= CLUSTER_FEATURES {
            // Word clusters of the word (its path and the path's 4-, 6-
            // and 10-bit prefixes) and of its neighbours.
            let c0 = w.clu;
            let cm1 = at(ii - 1).map_or(BOS as u32, |x| x.clu);
            let cp1 = at(ii + 1).map_or(EOS as u32, |x| x.clu);
            out.push(feat(60, u64::from(prefix(c0, 4))));
            out.push(feat(61, u64::from(prefix(c0, 6))));
            out.push(feat(62, u64::from(prefix(c0, 10))));
            out.push(feat(63, u64::from(c0)));
            out.push(feat(64, u64::from(cm1)));
            out.push(feat(65, u64::from(cp1)));
        }
        if let Some(r) = right {
            // Second pass: the first pass's tags of the right context.
            let r1 = r.get(i + 1).map_or(EOS, |c| u64::from(*c));
            let r2 = r.get(i + 2).map_or(EOS + 1, |c| u64::from(*c));
            out.push(feat(38, r1));
            out.push(feat(39, r2));
            out.push(feat2(40, r1, r2));
            out.push(feat2(41, w.lower, r1));
            out.push(feat2(42, t1, r1));
            out.push(feat2(43, w.lex, r1));
            out.push(feat3(44, w.suf[2], r1, t1));
        }
    }
}

impl Ctx {
    /// The neighbours' values [`Ctx::features`] uses, for word `i`.
    #[inline]
    fn near(&self, i: usize) -> Near {
        let at = |j: usize| self.infos.get(j);
        Near::around(
            i.checked_sub(1).and_then(at),
            i.checked_sub(2).and_then(at),
            at(i + 1),
            at(i + 2),
        )
    }
}

impl Near {
    /// The values given the words one and two before (`m1`, `m2`) and after
    /// (`p1`, `p2`); `None` beyond the sentence.
    #[inline]
    fn around(
        m1: Option<&WordInfo>,
        m2: Option<&WordInfo>,
        p1: Option<&WordInfo>,
        p2: Option<&WordInfo>,
    ) -> Near {
        Near {
            wm1: m1.map_or(BOS, |x| x.lower),
            wm2: m2.map_or(BOS + 1, |x| x.lower),
            wp1: p1.map_or(EOS, |x| x.lower),
            wp2: p2.map_or(EOS + 1, |x| x.lower),
            sm1: m1.map_or(BOS, |x| x.suf[2]),
            sp1: p1.map_or(EOS, |x| x.suf[2]),
            hm1: m1.map_or(BOS, |x| x.shape),
            hp1: p1.map_or(EOS, |x| x.shape),
            lp1: p1.map_or(EOS, |x| x.lex),
            lp2: p2.map_or(EOS + 1, |x| x.lex),
            lm1: m1.map_or(BOS, |x| x.lex),
            cm1: m1.map_or(BOS as u32, |x| x.clu),
            cp1: p1.map_or(EOS as u32, |x| x.clu),
        }
    }

    /// The static features that depend on the previous word alone.
    #[inline]
    fn left1(&self, fv: u8, out: &mut Vec<u64>) {
        out.extend_from_slice(&[feat(10, self.wm1), feat(14, self.sm1), feat(16, self.hm1)]);
        if fv >= CLUSTER_FEATURES {
            out.push(feat(64, u64::from(self.cm1)));
        }
    }

    /// The static features that depend on the next word alone.
    #[inline]
    fn right1(&self, fv: u8, out: &mut Vec<u64>) {
        out.extend_from_slice(&[
            feat(12, self.wp1),
            feat(15, self.sp1),
            feat(17, self.hp1),
            feat(25, self.lp1),
        ]);
        if fv >= CLUSTER_FEATURES {
            out.push(feat(65, u64::from(self.cp1)));
        }
    }
}

/// Which parts of a word's static features are added as summed rows.
#[derive(Clone, Copy, Default)]
struct Summed {
    own: bool,
    left: bool,
    right: bool,
}

impl Ctx {
    /// The features of [`Ctx::features`] for word `i` that do not depend on
    /// the previous tags or on a second pass's right context, appended to
    /// `out`. With [`Ctx::right_static`] and [`Ctx::dynamic`] they make the
    /// same multiset of features as [`Ctx::features`].
    #[cfg(test)]
    fn base_static(&self, i: usize, out: &mut Vec<u64>) {
        self.static_parts(i, Summed::default(), out);
    }

    /// The features of [`Ctx::base_static`] but for the parts `summed`
    /// says are added from [`Vocab`] rows instead: the word's own
    /// [`WordInfo::word_features`], and those of [`Near::left1`] and
    /// [`Near::right1`].
    fn static_parts(&self, i: usize, summed: Summed, out: &mut Vec<u64>) {
        let Some(w) = self.infos.get(i) else {
            return;
        };
        if !summed.own {
            w.word_features(self.fv, out);
        }
        let x = self.near(i);
        if !summed.left {
            x.left1(self.fv, out);
        }
        if !summed.right {
            x.right1(self.fv, out);
        }
        out.extend_from_slice(&[
            feat(11, x.wm2),
            feat(13, x.wp2),
            feat2(22, x.wm1, w.lower),
            feat2(23, w.lower, x.wp1),
            feat(26, x.lp2),
            feat2(27, x.lp1, w.lower),
            feat2(29, w.shape, u64::from(i == 0)),
            feat2(33, x.wm1, x.wp1),
            feat2(34, x.lp1, x.lp2),
            feat2(36, w.lex, x.hp1),
        ]);
        if (2..CLUSTER_FEATURES).contains(&self.fv) {
            let caps = self.caps;
            out.extend_from_slice(&[
                feat2(45, caps, w.shape),
                feat3(46, caps, w.shape, w.lex),
                feat3(47, caps, w.shape, w.lex_lower),
                feat3(48, x.hm1, w.shape, x.hp1),
                feat3(50, u64::from(i == 0), w.shape, w.lex_lower),
            ]);
        }
        if self.fv == 3 {
            out.push(feat2(52, w.lower, x.lp2));
            out.push(feat3(53, w.suf[2], x.hm1, x.hp1));
        }
    }

    /// The second pass's features of word `i` that depend on the first
    /// pass's tags `right` but not on the previous tags.
    fn right_static(&self, i: usize, right: &[u16], out: &mut Vec<u64>) {
        let Some(w) = self.infos.get(i) else {
            return;
        };
        let r1 = right.get(i + 1).map_or(EOS, |c| u64::from(*c));
        let r2 = right.get(i + 2).map_or(EOS + 1, |c| u64::from(*c));
        out.extend_from_slice(&[
            feat(38, r1),
            feat(39, r2),
            feat2(40, r1, r2),
            feat2(41, w.lower, r1),
            feat2(43, w.lex, r1),
        ]);
    }

    /// The features of word `i` that depend on the previous tags `t1`, `t2`
    /// (written over `out`).
    fn dynamic(&self, i: usize, t1: u64, t2: u64, right: Option<&[u16]>, out: &mut Vec<u64>) {
        out.clear();
        let Some(w) = self.infos.get(i) else {
            return;
        };
        let x = self.near(i);
        out.extend_from_slice(&[
            feat(18, t1),
            feat(19, t2),
            feat2(20, t1, t2),
            feat2(21, t1, w.lower),
            feat2(28, t1, x.lp1),
            feat2(30, t1, w.suf[2]),
            feat3(32, t1, w.lex, x.lp1),
            feat2(35, t1, x.wp1),
            feat3(37, t1, x.lm1, w.lex),
        ]);
        if (2..CLUSTER_FEATURES).contains(&self.fv) {
            out.push(feat2(49, t1, w.shape));
        }
        if self.fv == 3 {
            out.push(feat3(51, t1, w.lower, x.lp1));
        }
        if let Some(r) = right {
            let r1 = r.get(i + 1).map_or(EOS, |c| u64::from(*c));
            out.push(feat2(42, t1, r1));
            out.push(feat3(44, w.suf[2], r1, t1));
        }
    }
}

/// [`Tagger::run_staged`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn run_staged_avx2(pass: Pass<'_>) -> Vec<u16> {
    run_staged_body(pass)
}

/// What one greedy pass of [`Tagger::run_staged`] reads: the sentence, its
/// plan, the pass's table, the first pass's tags (second pass only) and the
/// frequent forms' rows (when the plan uses them).
#[derive(Clone, Copy)]
struct Pass<'a> {
    ctx: &'a Ctx,
    plan: &'a Plan,
    table: &'a Table,
    right: Option<&'a [u16]>,
    vocab: Option<&'a Vocab>,
}

/// The body of [`Tagger::run_staged`]. For scored word `k` it: computes
/// the word's tag-dependent features and prefetches their slots; prefetches
/// the slots of word `k + 2`'s static features; finds the rows of word
/// `k + 1`'s static features (prefetching them); finds the rows of the
/// tag-dependent features; then adds word `k`'s rows (found a step earlier)
/// to its summed word-only weights from `vocab` (when the plan has them)
/// and picks the best class.
#[inline(always)]
fn run_staged_body(pass: Pass<'_>) -> Vec<u16> {
    let Pass {
        ctx,
        plan,
        table,
        right,
        vocab,
    } = pass;
    let n = plan.dict.len();
    let scored = plan.ends.len();
    // The second pass's right-context features of each scored word.
    let mut extra: Vec<u64> = Vec::new();
    let mut extra_ends: Vec<usize> = Vec::new();
    if let Some(r) = right {
        extra.reserve(scored * 5);
        for (i, d) in plan.dict.iter().enumerate() {
            if d.is_none() {
                ctx.right_static(i, r, &mut extra);
                extra_ends.push(extra.len());
            }
        }
    }
    let slice = |v: &'_ [u64], ends: &[usize], k: usize| -> (usize, usize) {
        let a = if k == 0 {
            0
        } else {
            ends.get(k - 1).copied().unwrap_or(0)
        };
        let b = ends.get(k).copied().unwrap_or(a);
        (a.min(v.len()), b.min(v.len()))
    };
    let base = |k: usize| -> &[u64] {
        let (a, b) = slice(&plan.feats, &plan.ends, k);
        &plan.feats[a..b.max(a)]
    };
    let more = |k: usize| -> &[u64] {
        let (a, b) = slice(&extra, &extra_ends, k);
        &extra[a..b.max(a)]
    };
    let stage1 = |k: usize| {
        if k < scored {
            table.prefetch_slots(base(k));
            table.prefetch_slots(more(k));
        }
    };
    let summed = |k: usize, part: usize| -> Option<&[i32]> {
        let r = *plan.summed.get(k)?.get(part)?;
        vocab?.row(r)
    };
    let stage2 = |k: usize, rows: &mut Vec<u32>| {
        rows.clear();
        if k < scored {
            if let (Some(v), Some(rs)) = (vocab, plan.summed.get(k)) {
                rs.iter().for_each(|r| v.prefetch(*r));
            }
            table.find(base(k), rows);
            table.find(more(k), rows);
        }
    };
    stage1(0);
    stage1(1);
    let mut rows = Vec::with_capacity(64);
    let mut next_rows = Vec::with_capacity(64);
    let mut dyn_rows = Vec::with_capacity(16);
    stage2(0, &mut rows);
    let nc = table.n_classes();
    let mut acc = [0i32; MAX_ACC];
    let width = table.acc_len().min(MAX_ACC);
    let mut dynamic = Vec::with_capacity(16);
    let mut out = Vec::with_capacity(n);
    let (mut t1, mut t2) = (BOS, BOS + 1);
    let mut k = 0;
    for (i, d) in plan.dict.iter().enumerate() {
        let c = match d {
            Some(c) => usize::from(*c),
            None => {
                ctx.dynamic(i, t1, t2, right, &mut dynamic);
                table.prefetch_slots(&dynamic);
                stage1(k + 2);
                stage2(k + 1, &mut next_rows);
                dyn_rows.clear();
                table.find(&dynamic, &mut dyn_rows);
                match summed(k, 0).filter(|r| r.len() == width) {
                    Some(row) => acc[..width].copy_from_slice(row),
                    None => acc[..width].fill(0),
                }
                for part in 1..3 {
                    if let Some(row) = summed(k, part) {
                        add_i32(&mut acc, row);
                    }
                }
                table.add_rows(&rows, &mut acc);
                table.add_rows(&dyn_rows, &mut acc);
                std::mem::swap(&mut rows, &mut next_rows);
                k += 1;
                argmax_i32_wide(acc.get(..nc).unwrap_or(&acc))
            }
        };
        out.push(c as u16);
        t2 = t1;
        t1 = c as u64;
    }
    out
}

/// A sentence's tag-dictionary classes and the static features of the
/// words that need scoring (see [`Tagger::plan`]).
struct Plan {
    /// Per word: its class when the tag dictionary has it.
    dict: Vec<Option<u16>>,
    /// The static features of the scored words, one after another.
    feats: Vec<u64>,
    /// Where each scored word's features end in `feats`.
    ends: Vec<usize>,
    /// Per scored word: its [`Vocab`] rows of summed weights ([`NO_ROW`]:
    /// none, its `feats` hold those features): of its own word-only
    /// features, of the features of its previous word and of its next word.
    summed: Vec<[u32; 3]>,
}

/// Adds `row` into the start of `acc`.
#[inline(always)]
fn add_i32(acc: &mut [i32; MAX_ACC], row: &[i32]) {
    for (a, r) in acc.iter_mut().zip(row) {
        *a += *r;
    }
}

/// Neighbouring words' values for one word's features.
struct Near {
    wm1: u64,
    wm2: u64,
    wp1: u64,
    wp2: u64,
    sm1: u64,
    sp1: u64,
    hm1: u64,
    hp1: u64,
    lp1: u64,
    lp2: u64,
    lm1: u64,
    cm1: u32,
    cp1: u32,
}

#[inline]
fn argmax_i32(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// [`argmax_i32`] in two vectorisable passes: the maximum, then the first
/// index that holds it (the same index).
#[inline(always)]
fn argmax_i32_wide(s: &[i32]) -> usize {
    let max = s.iter().copied().fold(i32::MIN, i32::max);
    s.iter().position(|v| *v == max).unwrap_or(0)
}

#[inline]
fn argmax_f32(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// Training settings for the tagger.
#[derive(Debug, Clone)]
pub struct TaggerConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Minimum count for a word to enter the look-ahead lexicon.
    pub lex_min_count: u32,
    /// Whether lexicon entries carry the second most frequent tag as well.
    pub ambiguity_classes: bool,
    /// Feature set: 1 the original templates; 2 adds capitalisation-in-context
    /// templates (the sentence's capitalisation profile, neighbour shapes,
    /// the lower-cased form's lexicon class); 3 adds look-ahead word-lexicon
    /// templates as well; 4 is set 1 plus word-cluster templates (the
    /// word's cluster path and its 4-, 6- and 10-bit prefixes, the
    /// neighbours' paths).
    pub features: u8,
    /// Word clusters for feature sets 4 and up (see
    /// [`WordClusters::embedded`]); without them those templates see no
    /// clusters.
    pub clusters: Option<Arc<WordClusters>>,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for TaggerConfig {
    fn default() -> Self {
        TaggerConfig {
            epochs: 10,
            lex_min_count: 3,
            ambiguity_classes: false,
            features: 1,
            clusters: None,
            seed: 0x9E37_79B9_7F4A_7C15,
        }
    }
}

/// A training sentence: words, gold classes and, for the second pass, the
/// first pass's classes.
type TrainSent<'a> = (&'a [&'a str], &'a [u16], Option<&'a [u16]>);

/// Trains one pass of the tagger on `(words, gold classes, first-pass
/// classes)` sentences.
/// Settings of one tagger pass's training.
struct FitSpec<'a> {
    lex: &'a IdMap<u32>,
    fv: u8,
    merged: Option<&'a IdMap<u64>>,
    n_classes: usize,
    epochs: usize,
    seed: u64,
}

/// Watches training: gets the epoch number (1-based) and the model as it
/// would be if training stopped there.
pub type EpochWatch<'a, T> = &'a mut dyn FnMut(usize, &T);

fn fit(
    data: &[TrainSent<'_>],
    spec: &FitSpec<'_>,
    log: &mut dyn FnMut(&str),
    mut on_epoch: Option<EpochWatch<'_, Frozen>>,
) -> Frozen {
    let FitSpec {
        lex,
        fv,
        merged,
        n_classes,
        epochs,
        seed,
    } = *spec;
    let mut tr = Trainer::new(n_classes);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(seed);
    let mut feats = Vec::with_capacity(72);
    let mut sc = vec![0f32; n_classes];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut all) = (0usize, 0usize);
        for &si in &order {
            let (ws, gold, right) = data[si];
            let ctx = Ctx::new(ws, lex, fv, merged, None);
            let (mut t1, mut t2) = (BOS, BOS + 1);
            for (i, g) in gold.iter().enumerate() {
                ctx.features(i, t1, t2, right, &mut feats);
                tr.score(&feats, &mut sc);
                let guess = argmax_f32(&sc);
                let g = *g as usize;
                tr.update(&feats, g, guess);
                tr.tick();
                ok += usize::from(guess == g);
                all += 1;
                t2 = t1;
                t1 = guess as u64;
            }
        }
        log(&format!(
            "tagger epoch {}: train acc {:.4}, {} features",
            epoch + 1,
            ok as f64 / all.max(1) as f64,
            tr.n_features()
        ));
        if let Some(f) = on_epoch.as_mut() {
            f(epoch + 1, &tr.freeze());
        }
    }
    tr.freeze()
}

/// Deterministic xorshift generator for shuffling.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

impl Tagger {
    /// Trains a tagger on CoNLL-U sentences (their UPOS and XPOS columns).
    pub fn train(
        sents: &[ConlluSentence],
        cfg: &TaggerConfig,
        log: &mut dyn FnMut(&str),
    ) -> Tagger {
        Self::train_watched(sents, cfg, log, None)
    }

    /// Like [`Tagger::train`], and after each epoch hands `on_epoch` the epoch
    /// number (1-based) and the tagger as it would be if training stopped
    /// there. Watching does not change the training itself.
    pub fn train_watched(
        sents: &[ConlluSentence],
        cfg: &TaggerConfig,
        log: &mut dyn FnMut(&str),
        mut on_epoch: Option<EpochWatch<'_, Tagger>>,
    ) -> Tagger {
        let mut class_ix: HashMap<(String, String), u16> = HashMap::new();
        let mut classes: Vec<(String, String)> = Vec::new();
        let mut data: Vec<(Vec<&str>, Vec<u16>)> = Vec::new();
        let mut counts: HashMap<&str, HashMap<u16, u32>> = HashMap::new();
        for s in sents {
            let mut ws = Vec::new();
            let mut ts = Vec::new();
            for r in s.words() {
                let key = (r.cols[3].clone(), r.cols[4].clone());
                let c = *class_ix.entry(key.clone()).or_insert_with(|| {
                    classes.push(key);
                    (classes.len() - 1) as u16
                });
                ws.push(r.form());
                ts.push(c);
                *counts.entry(r.form()).or_default().entry(c).or_default() += 1;
            }
            if !ws.is_empty() {
                data.push((ws, ts));
            }
        }
        let mut lex = IdMap::default();
        let mut words: Vec<&&str> = counts.keys().collect();
        words.sort();
        for w in words {
            let m = &counts[*w];
            let total: u32 = m.values().sum();
            if total >= cfg.lex_min_count {
                let mut best: Vec<(&u16, &u32)> = m.iter().collect();
                best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                // Ambiguity class: the top tag, plus the second when it has
                // at least a tenth of the occurrences.
                let mut code = u32::from(*best[0].0);
                if let Some((c2, n2)) = best.get(1) {
                    if cfg.ambiguity_classes && **n2 * 10 >= total {
                        code |= (u32::from(**c2) + 1) << 12;
                    }
                }
                lex.insert(lex_key(w), code);
            }
        }
        let data: Vec<TrainSent<'_>> = data
            .iter()
            .map(|(w, t)| (w.as_slice(), t.as_slice(), None))
            .collect();
        let tagdict = build_tagdict(sents, &classes);
        let forms = frequent_forms(&counts);
        let fv = cfg.features.clamp(1, MAX_FEATURES);
        let clusters = if fv >= CLUSTER_FEATURES {
            Some(cfg.clusters.clone().unwrap_or_default())
        } else {
            None
        };
        let merged = clusters.as_ref().map(|c| Arc::new(merge_lookup(&lex, c)));
        let watching = on_epoch.is_some();
        let mut snapshot = |epoch: usize, m: &Frozen| {
            if let Some(f) = on_epoch.as_mut() {
                let t = Tagger {
                    model: m.clone(),
                    second: None,
                    classes: classes.clone(),
                    lex: lex.clone(),
                    tagdict: tagdict.clone(),
                    fv,
                    clusters: clusters.clone(),
                    merged: merged.clone(),
                    forms: forms.clone(),
                    fast: OnceLock::new(),
                };
                f(epoch, &t);
            }
        };
        let spec = FitSpec {
            lex: &lex,
            fv,
            merged: merged.as_deref(),
            n_classes: classes.len(),
            epochs: cfg.epochs,
            seed: cfg.seed.max(1),
        };
        let model = fit(
            &data,
            &spec,
            log,
            if watching { Some(&mut snapshot) } else { None },
        );
        Tagger {
            model,
            second: None,
            classes,
            lex,
            tagdict,
            fv,
            clusters,
            merged,
            forms,
            fast: OnceLock::new(),
        }
    }

    /// The class id of a (UPOS, XPOS) pair, if the tagger knows it.
    pub fn class_of(&self, upos: &str, xpos: &str) -> Option<u16> {
        self.classes
            .iter()
            .position(|(u, x)| u == upos && x == xpos)
            .map(|i| i as u16)
    }

    /// Trains the second pass, which also sees the first pass's tags of the
    /// next two words. `first[i]` are first-pass class ids (this tagger's
    /// classes; jackknifed, i.e. from taggers that did not see sentence `i`)
    /// for the words of `sents[i]`.
    pub fn train_second_pass(
        &mut self,
        sents: &[ConlluSentence],
        first: &[Vec<u16>],
        cfg: &TaggerConfig,
        log: &mut dyn FnMut(&str),
    ) {
        let mut owned: Vec<(Vec<&str>, Vec<u16>, &[u16])> = Vec::new();
        for (s, f) in sents.iter().zip(first) {
            let mut ws = Vec::new();
            let mut ts = Vec::new();
            for r in s.words() {
                ws.push(r.form());
                ts.push(self.class_of(&r.cols[3], &r.cols[4]).unwrap_or(0));
            }
            if !ws.is_empty() && f.len() == ws.len() {
                owned.push((ws, ts, f.as_slice()));
            }
        }
        let data: Vec<TrainSent<'_>> = owned
            .iter()
            .map(|(w, t, f)| (w.as_slice(), t.as_slice(), Some(*f)))
            .collect();
        let spec = FitSpec {
            lex: &self.lex,
            fv: self.fv,
            merged: self.merged.as_deref(),
            n_classes: self.classes.len(),
            epochs: cfg.epochs,
            seed: 0x5851_F42D_4C95_7F2D,
        };
        self.second = Some(fit(&data, &spec, log, None));
        self.fast = OnceLock::new();
    }

    /// Tags words; returns class ids (see [`Tagger::upos`], [`Tagger::xpos`]).
    pub fn tag(&self, words: &[&str]) -> Vec<u16> {
        if let Some(t) = self.tables() {
            let ctx = self.ctx(words, Some(&t.vocab));
            let plan = self.plan(&ctx, &t.vocab);
            let first = Self::first_pass(t, &ctx, &plan);
            return match (&t.second, &self.second) {
                (Some(m), Some(_)) => Self::run_staged(Pass {
                    ctx: &ctx,
                    plan: &plan,
                    table: m,
                    right: Some(&first),
                    vocab: None,
                }),
                _ => first,
            };
        }
        let ctx = self.ctx(words, None);
        let first = self.run(&ctx, words, &self.model, None);
        match &self.second {
            Some(m) => self.run(&ctx, words, m, Some(&first)),
            None => first,
        }
    }

    /// Tags words with the first pass only.
    pub fn tag_first_pass(&self, words: &[&str]) -> Vec<u16> {
        if let Some(t) = self.tables() {
            let ctx = self.ctx(words, Some(&t.vocab));
            let plan = self.plan(&ctx, &t.vocab);
            return Self::first_pass(t, &ctx, &plan);
        }
        let ctx = self.ctx(words, None);
        self.run(&ctx, words, &self.model, None)
    }

    /// The scoring tables, built on first use (`None` if a model's weights
    /// could not be laid out or it has more than [`MAX_ACC`] classes, when
    /// tagging falls back to [`Tagger::run`]).
    fn tables(&self) -> Option<&Tables> {
        self.fast
            .get_or_init(|| {
                Tables::fitting(
                    Table::from_frozen(&self.model),
                    self.second.as_ref().map(Table::from_frozen),
                )
                .map(|t| self.with_vocab(t))
            })
            .as_ref()
    }

    /// The context of `words` for this tagger's features.
    fn ctx(&self, words: &[&str], vocab: Option<&Vocab>) -> Ctx {
        Ctx::new(words, &self.lex, self.fv, self.merged.as_deref(), vocab)
    }

    /// `tables` with the [`Vocab`] of this tagger's frequent forms (their
    /// summed word-only weights only when there is no second pass, whose
    /// plan shares the first pass's features).
    fn with_vocab(&self, mut tables: Tables) -> Tables {
        let sum_with = if tables.second.is_none() {
            Some(&tables.first)
        } else {
            None
        };
        tables.vocab = Vocab::build(
            &self.forms,
            |w, lower, shp| {
                WordInfo::of(w, lex_key(w), &self.lex, self.merged.as_deref(), lower, shp)
            },
            self.fv,
            sum_with,
        );
        tables
    }

    /// Which words need scoring (those not in the tag dictionary, whose
    /// class is `Some` here), the static features of those that do, and the
    /// `vocab` rows that stand in for some of them.
    fn plan(&self, ctx: &Ctx, vocab: &Vocab) -> Plan {
        let n = ctx.infos.len();
        let mut plan = Plan {
            dict: Vec::with_capacity(n),
            feats: Vec::with_capacity(n * 32),
            ends: Vec::with_capacity(n),
            summed: Vec::with_capacity(n),
        };
        let row = |info: Option<&WordInfo>, part: usize| -> u32 {
            info.map_or(NO_ROW, |w| vocab.row_number(w.entry, part))
        };
        for (i, info) in ctx.infos.iter().enumerate() {
            let d = self.tagdict.get(&info.exact).copied();
            plan.dict.push(d);
            if d.is_none() {
                let prev = i.checked_sub(1).and_then(|j| ctx.infos.get(j));
                let rows = [
                    row(Some(info), 0),
                    row(prev, 1),
                    row(ctx.infos.get(i + 1), 2),
                ];
                let summed = Summed {
                    own: rows[0] != NO_ROW,
                    left: rows[1] != NO_ROW,
                    right: rows[2] != NO_ROW,
                };
                ctx.static_parts(i, summed, &mut plan.feats);
                plan.summed.push(rows);
                plan.ends.push(plan.feats.len());
            }
        }
        plan
    }

    /// One greedy pass with `table`: the static features of the scored
    /// words are looked up in stages a word or two ahead (slots two words
    /// ahead, rows one word ahead), the tag-dependent ones when their word
    /// comes. The same scores as [`Tagger::run`], so the same tags.
    fn run_staged(pass: Pass<'_>) -> Vec<u16> {
        #[cfg(target_arch = "x86_64")]
        if pass.table.avx2() {
            // SAFETY: the CPU supports AVX2 (detected when the table was built).
            return unsafe { run_staged_avx2(pass) };
        }
        run_staged_body(pass)
    }

    /// The first pass over `ctx` as planned by `plan`, with the frequent
    /// forms' rows.
    fn first_pass(t: &Tables, ctx: &Ctx, plan: &Plan) -> Vec<u16> {
        Self::run_staged(Pass {
            ctx,
            plan,
            table: &t.first,
            right: None,
            vocab: Some(&t.vocab),
        })
    }

    fn run(&self, ctx: &Ctx, words: &[&str], model: &Frozen, right: Option<&[u16]>) -> Vec<u16> {
        let mut feats = Vec::with_capacity(72);
        let mut sc = vec![0i32; model.n_classes()];
        let mut out = Vec::with_capacity(words.len());
        let (mut t1, mut t2) = (BOS, BOS + 1);
        for (i, info) in ctx.infos.iter().enumerate().take(words.len()) {
            let c = match self.tagdict.get(&info.exact) {
                Some(c) => usize::from(*c),
                None => {
                    ctx.features(i, t1, t2, right, &mut feats);
                    model.score(&feats, &mut sc);
                    argmax_i32(&sc)
                }
            };
            out.push(c as u16);
            t2 = t1;
            t1 = c as u64;
        }
        out
    }

    /// Recomputes the tag dictionary from the gold training sentences (as
    /// [`Tagger::train`] does).
    pub fn rebuild_tagdict(&mut self, sents: &[ConlluSentence]) {
        self.tagdict = build_tagdict(sents, &self.classes);
    }

    /// Number of words in the tag dictionary.
    pub fn tagdict_len(&self) -> usize {
        self.tagdict.len()
    }

    /// The tagger whose weights are the average of `taggers`' (trained on
    /// the same data with the same settings but different seeds); the
    /// lexicon and tag dictionary are the first one's. Second passes are
    /// dropped.
    pub fn average(taggers: &[&Tagger]) -> Result<Tagger, NlpError> {
        let first = taggers
            .first()
            .ok_or_else(|| NlpError::Model("no taggers to average".into()))?;
        if taggers.iter().any(|t| {
            t.classes != first.classes
                || t.fv != first.fv
                || t.clusters.as_ref().map(|c| c.fingerprint())
                    != first.clusters.as_ref().map(|c| c.fingerprint())
        }) {
            return Err(NlpError::Model(
                "taggers differ in classes or feature set".into(),
            ));
        }
        let models: Vec<&Frozen> = taggers.iter().map(|t| &t.model).collect();
        let model = Frozen::average(&models)
            .ok_or_else(|| NlpError::Model("tagger class count mismatch".into()))?;
        Ok(Tagger {
            model,
            second: None,
            classes: first.classes.clone(),
            lex: first.lex.clone(),
            tagdict: first.tagdict.clone(),
            fv: first.fv,
            clusters: first.clusters.clone(),
            merged: first.merged.clone(),
            forms: first.forms.clone(),
            fast: OnceLock::new(),
        })
    }

    /// Drops weights below `min_abs` quantised units (smaller, faster model).
    pub fn prune(&mut self, min_abs: i16) {
        self.model = self.model.pruned(min_abs);
        if let Some(m) = &self.second {
            self.second = Some(m.pruned(min_abs));
        }
        self.fast = OnceLock::new();
    }

    /// Number of stored features and weights.
    pub fn size(&self) -> (usize, usize) {
        let (f2, w2) = self
            .second
            .as_ref()
            .map_or((0, 0), |m| (m.n_features(), m.n_weights()));
        (self.model.n_features() + f2, self.model.n_weights() + w2)
    }

    /// The most frequent forms of the training data, most frequent first
    /// (empty for a tagger read from a file without them).
    pub fn frequent_forms(&self) -> &[String] {
        &self.forms
    }

    /// Number of tag classes.
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    /// UPOS of a class id (`X` for unknown ids).
    pub fn upos(&self, class: u16) -> &str {
        self.classes
            .get(class as usize)
            .map_or("X", |c| c.0.as_str())
    }

    /// XPOS of a class id (`_` for unknown ids).
    pub fn xpos(&self, class: u16) -> &str {
        self.classes
            .get(class as usize)
            .map_or("_", |c| c.1.as_str())
    }

    /// Serialises the tagger (compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        // Feature set 1 keeps the version 4 layout; later sets add their
        // number after the magic.
        let mut raw = if self.fv <= 1 {
            b"CHRTAG04".to_vec()
        } else {
            let mut v = b"CHRTAG05".to_vec();
            v.push(self.fv);
            if self.fv >= CLUSTER_FEATURES {
                let fp = self.clusters.as_ref().map_or(0, |c| c.fingerprint());
                v.extend_from_slice(&fp.to_le_bytes());
            }
            v
        };
        let flat: Vec<String> = self
            .classes
            .iter()
            .map(|(u, x)| format!("{u}\t{x}"))
            .collect();
        model::put_strings(&mut raw, &flat);
        let mut lex: Vec<(&u64, &u32)> = self.lex.iter().collect();
        lex.sort();
        model::put_varint(&mut raw, lex.len() as u64);
        let mut prev = 0u64;
        for (k, c) in lex {
            model::put_varint(&mut raw, k - prev);
            prev = *k;
            model::put_varint(&mut raw, u64::from(*c));
        }
        let mut td: Vec<(&u64, &u16)> = self.tagdict.iter().collect();
        td.sort();
        model::put_varint(&mut raw, td.len() as u64);
        let mut prev = 0u64;
        for (k, c) in td {
            model::put_varint(&mut raw, k - prev);
            prev = *k;
            model::put_varint(&mut raw, u64::from(*c));
        }
        self.model.write(&mut raw);
        raw.push(u8::from(self.second.is_some()));
        if let Some(m) = &self.second {
            m.write(&mut raw);
        }
        // Optional last section (older files end before it).
        if !self.forms.is_empty() {
            model::put_strings(&mut raw, &self.forms);
        }
        model::compress(&raw)
    }

    /// Loads a tagger written by [`Tagger::to_bytes`] that needs no word
    /// clusters (feature sets 1-3); see [`Tagger::from_bytes_with_clusters`].
    pub fn from_bytes(data: &[u8]) -> Result<Tagger, NlpError> {
        Self::from_bytes_with_clusters(data, None)
    }

    /// Whether the tagger uses word clusters.
    pub fn uses_clusters(&self) -> bool {
        self.fv >= CLUSTER_FEATURES
    }

    /// Loads a tagger written by [`Tagger::to_bytes`]; a model with
    /// word-cluster features needs the table it was trained with (checked
    /// by its fingerprint), others ignore `clusters`.
    pub fn from_bytes_with_clusters(
        data: &[u8],
        clusters: Option<Arc<WordClusters>>,
    ) -> Result<Tagger, NlpError> {
        Self::from_bytes_with_cluster_source(
            data,
            crate::clusters::given(clusters, "tagger", "Tagger::from_bytes_with_clusters"),
        )
    }

    /// Like [`Tagger::from_bytes_with_clusters`], with the clusters made by
    /// `clusters` only when the model uses them.
    pub fn from_bytes_with_cluster_source(
        data: &[u8],
        clusters: impl FnOnce() -> Result<Arc<WordClusters>, NlpError>,
    ) -> Result<Tagger, NlpError> {
        let raw = model::decompress(data)?;
        // Version 2 files are version 3 without the tag dictionary section.
        let v2 = raw.len() >= 8 && &raw[..8] == b"CHRTAG02";
        let v5 = raw.len() >= 8 && &raw[..8] == b"CHRTAG05";
        let v4 = v5 || (raw.len() >= 8 && &raw[..8] == b"CHRTAG04");
        if !v2 && !v4 && (raw.len() < 8 || &raw[..8] != b"CHRTAG03") {
            return Err(NlpError::Model("not a tagger model".into()));
        }
        let mut r = Reader::new(&raw[8..]);
        let fv = if v5 { r.byte()? } else { 1 };
        if !(1..=MAX_FEATURES).contains(&fv) {
            return Err(NlpError::Model(format!("unknown tagger feature set {fv}")));
        }
        let clusters = if fv >= CLUSTER_FEATURES {
            let mut fp = [0u8; 8];
            for b in &mut fp {
                *b = r.byte()?;
            }
            let fp = u64::from_le_bytes(fp);
            let c = clusters()?;
            if c.fingerprint() != fp {
                return Err(NlpError::Model(format!(
                    "the tagger model was trained with word clusters {fp:016x}, \
                     not the given {:016x}; retrain it (models/nlp/README.md)",
                    c.fingerprint()
                )));
            }
            Some(c)
        } else {
            None
        };
        let classes = r
            .strings()?
            .into_iter()
            .map(|s| match s.split_once('\t') {
                Some((u, x)) => (u.to_string(), x.to_string()),
                None => (s, "_".to_string()),
            })
            .collect::<Vec<_>>();
        let n = r.varint()? as usize;
        let mut lex = IdMap::with_capacity_and_hasher(n.min(1 << 22), Default::default());
        let mut prev = 0u64;
        for _ in 0..n {
            prev = prev.wrapping_add(r.varint()?);
            lex.insert(prev, r.varint()? as u32);
        }
        let n = if v2 { 0 } else { r.varint()? as usize };
        let mut tagdict = IdMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        let mut prev = 0u64;
        for _ in 0..n {
            prev = prev.wrapping_add(r.varint()?);
            let c = r.varint()? as usize;
            if c >= classes.len() {
                return Err(NlpError::Model("tag dictionary class out of range".into()));
            }
            tagdict.insert(prev, c as u16);
        }
        // Each pass's rows are read once and laid out twice: as the model
        // (for training and the fallback scorer) and as its scoring table.
        let read_pass =
            |r: &mut Reader<'_>| -> Result<(Frozen, Result<Table, NlpError>), NlpError> {
                let rows = Frozen::read_rows(r)?;
                if rows.n_classes != classes.len() {
                    return Err(NlpError::Model("tagger class count mismatch".into()));
                }
                let model = Frozen::build(rows.n_classes, rows.scale, &rows.keys, &rows.rows());
                Ok((model, Table::from_rows(&rows)))
            };
        let (model, table) = read_pass(&mut r)?;
        let (second, second_table) = if v4 && r.byte()? != 0 {
            let (m, t) = read_pass(&mut r)?;
            (Some(m), Some(t))
        } else {
            (None, None)
        };
        let forms = if v4 && !r.at_end() {
            r.strings()?
        } else {
            Vec::new()
        };
        let merged = clusters.as_ref().map(|c| Arc::new(merge_lookup(&lex, c)));
        let mut tagger = Tagger {
            model,
            second,
            classes,
            lex,
            tagdict,
            fv,
            clusters,
            merged,
            forms,
            fast: OnceLock::new(),
        };
        let tables = Tables::fitting(table, second_table).map(|t| tagger.with_vocab(t));
        tagger.fast = OnceLock::from(tables);
        Ok(tagger)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_norms() {
        assert_eq!(shape("McDonald's"), "XxXxx'x");
        assert_eq!(shape("1,234"), "d,dd");
        assert_eq!(norm("U.S.-1999"), "u.s.-0000");
    }

    #[test]
    fn learns_a_toy_language_and_round_trips() {
        let mut text = String::new();
        for (i, (n, v)) in [("dogs", "bark"), ("cats", "sleep"), ("birds", "sing")]
            .iter()
            .enumerate()
        {
            text.push_str(&format!(
                "1\t{n}\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\t{v}\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n3\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
            ));
            let _ = i;
        }
        let sents = crate::conllu::parse(&text).expect("parses");
        let t = Tagger::train(&sents, &TaggerConfig::default(), &mut |_| {});
        let back = Tagger::from_bytes(&t.to_bytes()).expect("loads");
        let tags = back.tag(&["cats", "bark", "."]);
        let upos: Vec<&str> = tags.iter().map(|c| back.upos(*c)).collect();
        assert_eq!(upos, vec!["NOUN", "VERB", "PUNCT"]);
        assert_eq!(back.xpos(tags[0]), "NNS");
    }

    #[test]
    fn capitalisation_profile_buckets() {
        let prof = |ws: &[&str]| {
            let lex = IdMap::default();
            Ctx::new(ws, &lex, 2, None, None).caps
        };
        assert_eq!(prof(&["The", "cat", "sat", "down"]), 0);
        assert_eq!(prof(&["I", "met", "Ann", "and", "her", "dog", "today"]), 1);
        assert_eq!(prof(&["The", "Big", "Red", "Dog", "Barks"]), 3);
        assert_eq!(prof(&["42", "!", "?"]), 4);
        assert_eq!(prof(&[]), 4);
    }

    fn toy_sents() -> Vec<ConlluSentence> {
        let mut text = String::new();
        for (n, v) in [("dogs", "bark"), ("cats", "sleep"), ("birds", "sing")] {
            text.push_str(&format!(
                "1\t{n}\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\t{v}\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n\n"
            ));
        }
        crate::conllu::parse(&text).expect("parses")
    }

    fn toy_clusters() -> Arc<WordClusters> {
        Arc::new(
            WordClusters::from_text("5\tdogs\n5\tcats\n5\tbirds\n5\tfoxes\n9\tbark\n9\tsing\n")
                .expect("parses"),
        )
    }

    #[test]
    fn feature_sets_round_trip_and_learn() {
        let sents = toy_sents();
        for features in 1..=MAX_FEATURES {
            let cfg = TaggerConfig {
                features,
                clusters: Some(toy_clusters()),
                ..TaggerConfig::default()
            };
            let t = Tagger::train(&sents, &cfg, &mut |_| {});
            let bytes = t.to_bytes();
            let back =
                Tagger::from_bytes_with_clusters(&bytes, Some(toy_clusters())).expect("loads");
            assert_eq!(back.fv, features);
            assert_eq!(back.size(), t.size());
            let tags = back.tag(&["cats", "sing"]);
            let upos: Vec<&str> = tags.iter().map(|c| back.upos(*c)).collect();
            assert_eq!(upos, vec!["NOUN", "VERB"]);
        }
    }

    #[test]
    fn cluster_models_need_their_own_clusters() {
        let cfg = TaggerConfig {
            features: CLUSTER_FEATURES,
            clusters: Some(toy_clusters()),
            ..TaggerConfig::default()
        };
        let t = Tagger::train(&toy_sents(), &cfg, &mut |_| {});
        assert!(t.uses_clusters());
        let bytes = t.to_bytes();
        let err = Tagger::from_bytes(&bytes).err().expect("needs clusters");
        assert!(err.to_string().contains("word clusters"), "{err}");
        let other = Arc::new(WordClusters::from_text("5\tdogs\n").expect("parses"));
        let err = Tagger::from_bytes_with_clusters(&bytes, Some(other))
            .err()
            .expect("other clusters");
        assert!(err.to_string().contains("retrain"), "{err}");
        // A model without cluster features ignores a given table.
        let plain = Tagger::train(&toy_sents(), &TaggerConfig::default(), &mut |_| {});
        let back = Tagger::from_bytes_with_clusters(&plain.to_bytes(), Some(toy_clusters()))
            .expect("loads");
        assert!(!back.uses_clusters());
        // ... and never asks for one.
        let lazy = Tagger::from_bytes_with_cluster_source(&plain.to_bytes(), || {
            Err(NlpError::Model("not needed".into()))
        });
        assert!(lazy.is_ok());
        let lazy = Tagger::from_bytes_with_cluster_source(&bytes, || Ok(toy_clusters()));
        assert!(lazy.expect("loads").uses_clusters());
    }

    #[test]
    fn clusters_carry_tags_to_unseen_words() {
        // "ox" and "hum" never occur in training and share no affix with
        // the training words; alone in a sentence, their only difference is
        // the cluster: the nouns' for "ox", the verbs' for "hum".
        let mut text = String::new();
        for (n, v) in [("dogs", "bark"), ("cats", "sing"), ("birds", "sing")] {
            text.push_str(&format!(
                "1\t{v}\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n2\t{n}\t_\tNOUN\tNNS\t_\t1\tnsubj\t_\t_\n\n\
                 1\t{n}\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\t{v}\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n\n"
            ));
        }
        let sents = crate::conllu::parse(&text).expect("parses");
        let clusters = Arc::new(
            WordClusters::from_text(
                "5\tdogs\n5\tcats\n5\tbirds\n5\tox\n9\tbark\n9\tsing\n9\thum\n",
            )
            .expect("parses"),
        );
        let with = TaggerConfig {
            features: CLUSTER_FEATURES,
            clusters: Some(clusters),
            ..TaggerConfig::default()
        };
        let t = Tagger::train(&sents, &with, &mut |_| {});
        assert_eq!(t.upos(t.tag(&["ox"])[0]), "NOUN");
        assert_eq!(t.upos(t.tag(&["hum"])[0]), "VERB");
        // Without clusters nothing tells the two words apart.
        let plain = Tagger::train(&sents, &TaggerConfig::default(), &mut |_| {});
        assert_eq!(plain.tag(&["ox"]), plain.tag(&["hum"]));
    }

    #[test]
    fn averaged_seeds_tag_like_their_parts() {
        let sents = toy_sents();
        let a = Tagger::train(&sents, &TaggerConfig::default(), &mut |_| {});
        let cfg = TaggerConfig {
            seed: 17,
            ..TaggerConfig::default()
        };
        let b = Tagger::train(&sents, &cfg, &mut |_| {});
        let avg = Tagger::average(&[&a, &b]).expect("same classes");
        let words = ["birds", "bark"];
        assert_eq!(avg.tag(&words), a.tag(&words));
        let back = Tagger::from_bytes(&avg.to_bytes()).expect("loads");
        assert_eq!(back.tag(&words), a.tag(&words));
        assert!(Tagger::average(&[]).is_err());
    }

    #[test]
    fn second_pass_trains_round_trips_and_grows_the_model() {
        let mut text = String::new();
        for (n, v) in [("dogs", "bark"), ("cats", "sleep"), ("birds", "sing")] {
            text.push_str(&format!(
                "1\t{n}\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\t{v}\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n\n"
            ));
        }
        let sents = crate::conllu::parse(&text).expect("parses");
        let mut t = Tagger::train(&sents, &TaggerConfig::default(), &mut |_| {});
        let one = t.size();
        let first: Vec<Vec<u16>> = sents.iter().map(|s| t.tag_first_pass(&s.forms())).collect();
        t.train_second_pass(&sents, &first, &TaggerConfig::default(), &mut |_| {});
        assert!(t.size().0 > one.0);
        let back = Tagger::from_bytes(&t.to_bytes()).expect("loads");
        assert_eq!(back.size(), t.size());
        let tags = back.tag(&["birds", "sleep"]);
        let upos: Vec<&str> = tags.iter().map(|c| back.upos(*c)).collect();
        assert_eq!(upos, vec!["NOUN", "VERB"]);
    }

    /// A synthetic corpus with a dozen tag classes: words drawn from small
    /// per-class vocabularies (some shared between classes, some capitalised
    /// or with digits), sentences of varying length.
    /// `n` synthetic sentences and a tagger trained on them for `epochs`.
    fn trained_on_synthetic(n: usize, epochs: usize) -> (Vec<ConlluSentence>, Tagger) {
        let sents = synthetic_sents(n);
        let cfg = TaggerConfig {
            epochs,
            ..TaggerConfig::default()
        };
        let t = Tagger::train(&sents, &cfg, &mut |_| {});
        (sents, t)
    }

    fn synthetic_sents(n: usize) -> Vec<ConlluSentence> {
        let vocab: [(&str, &str, &[&str]); 12] = [
            (
                "NOUN",
                "NN",
                &["dog", "cat", "house", "plan", "talk", "run"],
            ),
            ("NOUN", "NNS", &["dogs", "cats", "houses", "plans", "talks"]),
            ("VERB", "VBD", &["ran", "said", "talked", "planned", "met"]),
            ("VERB", "VBZ", &["runs", "says", "talks", "plans", "meets"]),
            ("DET", "DT", &["the", "a", "this", "that"]),
            ("ADJ", "JJ", &["big", "small", "red", "new", "old"]),
            (
                "PROPN",
                "NNP",
                &["Paris", "Ann", "Zürich", "McDonald", "IBM"],
            ),
            ("NUM", "CD", &["42", "1,234", "3.5", "two", "2019"]),
            ("ADP", "IN", &["in", "on", "of", "that", "with"]),
            ("PUNCT", ".", &[".", "!", "?"]),
            ("PUNCT", ",", &[",", ";"]),
            ("ADV", "RB", &["very", "not", "also", "run"]),
        ];
        let mut rng = Rng(0x1234_5678_9abc_def1);
        let mut text = String::new();
        for _ in 0..n {
            let len = 1 + (rng.next() % 14) as usize;
            for i in 0..len {
                let (u, x, ws) = vocab[(rng.next() % vocab.len() as u64) as usize];
                let w = ws[(rng.next() % ws.len() as u64) as usize];
                let head = if i == 0 { 0 } else { 1 };
                text.push_str(&format!(
                    "{}\t{w}\t_\t{u}\t{x}\t_\t{head}\tdep\t_\t_\n",
                    i + 1
                ));
            }
            text.push('\n');
        }
        crate::conllu::parse(&text).expect("parses")
    }

    /// Sorted copy, to compare feature lists as multisets.
    fn sorted(mut v: Vec<u64>) -> Vec<u64> {
        v.sort_unstable();
        v
    }

    #[test]
    fn staged_features_are_the_training_features() {
        let sents = synthetic_sents(40);
        let clusters = toy_clusters();
        let lex: IdMap<u32> = [(lex_key("dog"), 3u32), (lex_key("the"), 4)]
            .into_iter()
            .collect();
        let merged = merge_lookup(&lex, &clusters);
        for fv in 1..=MAX_FEATURES {
            for s in &sents {
                let forms = s.forms();
                let ctx = Ctx::new(&forms, &lex, fv, Some(&merged).filter(|_| fv >= 4), None);
                let right: Vec<u16> = (0..forms.len() as u16).map(|x| x * 7 % 11).collect();
                for i in 0..forms.len() {
                    for (t1, t2) in [(BOS, BOS + 1), (3, 5), (11, 0)] {
                        for r in [None, Some(right.as_slice())] {
                            let mut all = Vec::new();
                            ctx.features(i, t1, t2, r, &mut all);
                            let mut parts = Vec::new();
                            ctx.base_static(i, &mut parts);
                            if let Some(r) = r {
                                ctx.right_static(i, r, &mut parts);
                            }
                            let mut d = Vec::new();
                            ctx.dynamic(i, t1, t2, r, &mut d);
                            parts.extend(d);
                            assert_eq!(sorted(parts), sorted(all), "fv {fv} word {i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn table_scores_equal_frozen_scores() {
        let sents = synthetic_sents(120);
        let cfg = TaggerConfig {
            epochs: 3,
            ..TaggerConfig::default()
        };
        let t = Tagger::train(&sents, &cfg, &mut |_| {});
        assert!(t.n_classes() >= 8, "dense rows need many classes");
        let mut pruned = Tagger::train(&sents, &cfg, &mut |_| {});
        pruned.prune(200);
        for model in [&t.model, &pruned.model] {
            let table = Table::from_frozen(model).expect("lays out");
            let nc = model.n_classes();
            let (mut feats, mut rows) = (Vec::new(), Vec::new());
            let mut sc = vec![0i32; nc];
            for s in sents.iter().take(30) {
                let forms = s.forms();
                let ctx = Ctx::new(&forms, &t.lex, t.fv, None, None);
                for i in 0..forms.len() {
                    ctx.features(i, 2, 7, None, &mut feats);
                    model.score(&feats, &mut sc);
                    rows.clear();
                    table.prefetch_slots(&feats);
                    table.find(&feats, &mut rows);
                    let mut acc = [0i32; MAX_ACC];
                    table.add_rows(&rows, &mut acc);
                    assert_eq!(&acc[..nc], sc.as_slice());
                    assert!(acc[nc..].iter().all(|a| *a == 0));
                }
            }
        }
    }

    #[test]
    fn staged_tagging_equals_plain_tagging() {
        let sents = synthetic_sents(150);
        let cfg = TaggerConfig {
            epochs: 3,
            ..TaggerConfig::default()
        };
        let mut t = Tagger::train(&sents, &cfg, &mut |_| {});
        t.rebuild_tagdict(&sents);
        let first: Vec<Vec<u16>> = sents.iter().map(|s| t.tag_first_pass(&s.forms())).collect();
        t.train_second_pass(&sents, &first, &cfg, &mut |_| {});
        assert!(t.tables().is_some());
        let mut checked = 0;
        for s in &sents {
            let words = s.forms();
            let ctx = Ctx::new(&words, &t.lex, t.fv, None, None);
            let one = t.run(&ctx, &words, &t.model, None);
            assert_eq!(t.tag_first_pass(&words), one);
            let second = t.second.as_ref().expect("second pass");
            let two = t.run(&ctx, &words, second, Some(&one));
            assert_eq!(t.tag(&words), two);
            checked += words.len();
        }
        assert!(checked > 500);
        // Unusual input: empty, one word, unseen words and symbols.
        for words in [&[][..], &["x"][..], &["Qq", "🙂", "ÉTÉ", "", "12:30"][..]] {
            let ctx = Ctx::new(words, &t.lex, t.fv, None, None);
            let one = t.run(&ctx, words, &t.model, None);
            assert_eq!(t.tag_first_pass(words), one);
        }
    }

    #[test]
    fn frequent_forms_tag_like_scoring_every_feature() {
        let (sents, t) = trained_on_synthetic(150, 3);
        assert!(!t.forms.is_empty() && t.forms.len() <= FREQUENT_FORMS);
        let vocab = &t.tables().expect("tables").vocab;
        assert_eq!(vocab.len(), t.forms.len());
        // Forms with summed rows exist, and a form's stored values are the
        // values computed from scratch.
        let (mut lower, mut shp) = (String::new(), String::new());
        let mut summed = 0;
        for form in &t.forms {
            let exact = lex_key(form);
            let mut fresh = WordInfo::of(
                form,
                exact,
                &t.lex,
                t.merged.as_deref(),
                &mut lower,
                &mut shp,
            );
            let stored = *vocab.get(fresh.exact).expect("stored");
            summed += usize::from(stored.entry != NO_ENTRY);
            fresh.entry = stored.entry;
            assert_eq!(stored, fresh, "{form}");
        }
        eprintln!(
            "summed {summed} of {} tagdict {}",
            t.forms.len(),
            t.tagdict.len()
        );
        assert!(summed > 0);
        // Tags equal scoring every feature of every word (the fallback
        // scorer, without the vocabulary), also after a round trip.
        let back = Tagger::from_bytes_with_clusters(&t.to_bytes(), t.clusters.clone()).unwrap();
        assert_eq!(back.forms, t.forms);
        // A file written without the list (as before it existed) loads,
        // with no forms, and tags the same.
        let mut bare = Tagger::from_bytes_with_clusters(&t.to_bytes(), t.clusters.clone()).unwrap();
        bare.forms.clear();
        let old_bytes = bare.to_bytes();
        assert!(old_bytes.len() < t.to_bytes().len());
        let old = Tagger::from_bytes_with_clusters(&old_bytes, t.clusters.clone()).unwrap();
        assert!(old.frequent_forms().is_empty());
        let mut checked = 0;
        let mixed = ["Qq", "that", "🙂", "run", "dogs", "12:30", "run", ""];
        for words in sents.iter().map(|s| s.forms()).chain([mixed.to_vec()]) {
            let ctx = t.ctx(&words, None);
            let plain = t.run(&ctx, &words, &t.model, None);
            assert_eq!(t.tag(&words), plain);
            assert_eq!(back.tag(&words), plain);
            assert_eq!(old.tag(&words), plain);
            checked += words.len();
        }
        assert!(checked > 500);
    }

    #[test]
    fn summed_rows_plus_the_other_features_score_like_all_features() {
        let (sents, t) = trained_on_synthetic(80, 2);
        let tables = t.tables().expect("tables");
        let (table, vocab) = (&tables.first, &tables.vocab);
        let score = |feats: &[u64], rows: &[u32]| {
            let mut found = Vec::new();
            table.find(feats, &mut found);
            let mut acc = [0i32; MAX_ACC];
            table.add_rows(&found, &mut acc);
            for r in rows {
                if let Some(row) = vocab.row(*r) {
                    add_i32(&mut acc, row);
                }
            }
            acc
        };
        let mut parts_used = [0usize; 3];
        let unseen = ["Qq", "run", "🙂", "that", "zz"];
        for words in sents.iter().map(|s| s.forms()).chain([unseen.to_vec()]) {
            let ctx = t.ctx(&words, Some(vocab));
            for (i, w) in ctx.infos.iter().enumerate() {
                let mut all = Vec::new();
                ctx.base_static(i, &mut all);
                let row = |x: Option<&WordInfo>, part| {
                    x.map_or(NO_ROW, |x| vocab.row_number(x.entry, part))
                };
                let rows = [
                    row(Some(w), 0),
                    row(i.checked_sub(1).and_then(|j| ctx.infos.get(j)), 1),
                    row(ctx.infos.get(i + 1), 2),
                ];
                for (used, r) in parts_used.iter_mut().zip(rows) {
                    *used += usize::from(r != NO_ROW);
                }
                let summed = Summed {
                    own: rows[0] != NO_ROW,
                    left: rows[1] != NO_ROW,
                    right: rows[2] != NO_ROW,
                };
                let mut rest = Vec::new();
                ctx.static_parts(i, summed, &mut rest);
                assert_eq!(score(&rest, &rows), score(&all, &[]), "{words:?} {i}");
            }
        }
        assert!(parts_used.iter().all(|n| *n > 100), "{parts_used:?}");
    }
}
