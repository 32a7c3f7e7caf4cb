//! Dependency parser: greedy arc-hybrid transition system, averaged
//! perceptron over rich hashed (ZPar-style) features, with UPOS-only back-off templates, trained with a dynamic
//! oracle and exploration. Labels are predicted jointly with the arcs.

use std::collections::HashMap;
use std::sync::Arc;

use crate::clusters::{prefix, WordClusters};
use crate::conllu::ConlluSentence;
use crate::model::{self, feat, feat2, feat3, hash_str, FeatureCounter, Frozen, Reader, Trainer};
use crate::tagger::{norm, Rng};
use crate::NlpError;

const NONE: u64 = 0xABCD_0001;
const ROOTW: u64 = 0xABCD_0002;

/// Per-token values used by the features.
#[derive(Clone, Copy)]
struct Tok {
    w: u64,
    t: u64,
    u: u64,
    /// Hash of the last three characters of the normalised word.
    s: u64,
    /// Word cluster path of the normalised word (0: none or unknown).
    c: u32,
}

/// A word's tags as the parser sees them: hashes of the (UPOS, XPOS) pair
/// and of the UPOS alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagKey {
    pair: u64,
    upos: u64,
}

/// Parser state over tokens `0..=n` (0 is the artificial root).
struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    labels: Vec<u16>,
    lc: Vec<[usize; 2]>,
    rc: Vec<[usize; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> Self {
        State {
            n,
            stack: vec![0],
            b: 1,
            heads: vec![0; n + 1],
            labels: vec![0; n + 1],
            lc: vec![[0; 2]; n + 1],
            rc: vec![[0; 2]; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
        }
    }

    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> Option<usize> {
        let l = self.stack.len();
        if k < l {
            Some(self.stack[l - 1 - k])
        } else {
            None
        }
    }

    fn bq(&self, k: usize) -> Option<usize> {
        let i = self.b + k;
        if i <= self.n {
            Some(i)
        } else {
            None
        }
    }

    fn add_arc(&mut self, h: usize, d: usize, l: u16) {
        self.heads[d] = h;
        self.labels[d] = l;
        let bit = 1u64 << (l % 64);
        if d < h {
            let c = &mut self.lc[h];
            if c[0] == 0 || d < c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if c[1] == 0 || d < c[1] {
                c[1] = d;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            let c = &mut self.rc[h];
            if d > c[0] {
                c[1] = c[0];
                c[0] = d;
            } else if d > c[1] {
                c[1] = d;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    /// Whether transition kind (0 shift, 1 left, 2 right) is allowed.
    fn valid(&self, kind: u8) -> bool {
        let sl = self.stack.len();
        match kind {
            0 => self.b <= self.n,
            1 => self.b <= self.n && sl >= 2,
            _ => sl >= 2 && (self.stack[sl - 2] != 0 || (self.b > self.n && sl == 2)),
        }
    }

    fn apply(&mut self, kind: u8, label: u16) {
        match kind {
            0 => {
                self.stack.push(self.b);
                self.b += 1;
            }
            1 => {
                if let Some(s0) = self.stack.pop() {
                    self.add_arc(self.b, s0, label);
                }
            }
            _ => {
                if let Some(s0) = self.stack.pop() {
                    let s1 = self.stack.last().copied().unwrap_or(0);
                    self.add_arc(s1, s0, label);
                }
            }
        }
    }

    /// Arc costs of shift/left/right under the gold heads (dynamic oracle).
    fn costs(&self, gh: &[usize]) -> [u32; 3] {
        let s0 = self.s(0).unwrap_or(0);
        let s1 = self.s(1);
        let b = self.b;
        let n = self.n;
        let mut c = [0u32; 3];
        if b <= n {
            // Shift: b0 loses dependents on the stack and a head deeper than s0.
            for &d in &self.stack {
                if d != 0 && gh[d] == b {
                    c[0] += 1;
                }
            }
            let h = gh[b];
            if h != s0 && self.stack.contains(&h) {
                c[0] += 1;
            }
        }
        if s0 != 0 {
            let deps_in_buffer = (b..=n).filter(|&d| gh[d] == s0).count() as u32;
            let h = gh[s0];
            // Left: s0 gets head b0.
            c[1] = deps_in_buffer + u32::from(h != b && (Some(h) == s1 || h > b));
            // Right: s0 gets head s1.
            c[2] = deps_in_buffer + u32::from(Some(h) != s1 && h >= b && h <= n);
        }
        c
    }
}

/// A trained parser.
pub struct Parser {
    /// The joint transition-and-label model (feature sets 2 and 3), or the
    /// transition model (shift, left arc, right arc) of feature set 4.
    model: Frozen,
    /// Feature set 4: the label model, scored only for the chosen arc.
    labeler: Option<Frozen>,
    /// Feature sets 4, 5, 7 and 8: a joint model of set 2 (or 6) over the
    /// same labels, consulted when the transition model's margin is below
    /// the given margin; with `true`, the joint model also scores the
    /// cluster templates, which the transition model does not.
    backoff: Option<(Frozen, i32, bool)>,
    labels: Vec<String>,
    /// Feature set version the model was trained with.
    fv: u8,
    /// Word clusters (feature sets 6-8, and a cascade in front of set 6).
    clusters: Option<Arc<WordClusters>>,
}

/// Training settings for the parser.
#[derive(Debug, Clone)]
pub struct ParserConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Epoch (0-based) from which the parser follows its own predictions.
    pub explore_from: usize,
    /// Minimum number of occurrences (on gold paths) for a feature to be learnt.
    pub min_count: u32,
    /// Weights below this many quantised units (of 32767 for the largest) are
    /// dropped from the final model.
    pub prune_below: i16,
    /// Feature set (2: the original templates; 3: with suffix, word-pair and
    /// label-pair templates; 4: the templates of 2 for an unlabelled
    /// transition model, and a separate label model over the new arc; 5:
    /// like 4, with the templates of 3; 6: like 2, and 7: like 4, each with
    /// word-cluster templates; 8: like 4, with word-cluster templates in the
    /// label model only; sets 6-8 need [`ParserConfig::clusters`]).
    pub features: u8,
    /// Seed of the example order and exploration.
    pub seed: u64,
    /// Word clusters for feature sets 6-8 (see [`crate::clusters`]);
    /// other sets ignore them.
    pub clusters: Option<Arc<WordClusters>>,
}

impl Default for ParserConfig {
    fn default() -> Self {
        ParserConfig {
            epochs: 12,
            explore_from: 1,
            min_count: 1,
            prune_below: 200,
            features: FEATS_V2,
            seed: 0x2545_F491_4F6C_DD1D,
            clusters: None,
        }
    }
}

/// A sentence prepared for parsing: words, tags.
/// With `clusters`, each word also gets its cluster path.
fn prepare(words: &[&str], tags: &[TagKey], clusters: Option<&WordClusters>) -> Vec<Tok> {
    let mut v = Vec::with_capacity(words.len() + 1);
    v.push(Tok {
        w: ROOTW,
        t: ROOTW,
        u: ROOTW,
        s: ROOTW,
        c: ROOT_CLUSTER,
    });
    for (w, t) in words.iter().zip(tags) {
        let n = norm(w);
        let cut = n.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        let wh = hash_str(&n);
        v.push(Tok {
            w: wh,
            t: t.pair,
            u: t.upos,
            s: hash_str(n.get(cut..).unwrap_or("")),
            c: clusters.map_or(0, |c| c.path(wh)),
        });
    }
    v
}

/// The cluster path given to the artificial root (real paths are far
/// shorter than 32 bits, so none is all ones).
const ROOT_CLUSTER: u32 = u32::MAX;

/// The parser's view of a word's (UPOS, XPOS) tags.
pub fn tag_key(upos: &str, xpos: &str) -> TagKey {
    let u = hash_str(upos);
    TagKey {
        pair: model::mix(u, hash_str(xpos)),
        upos: u,
    }
}

/// Feature set of the first model format.
const FEATS_V2: u8 = 2;
/// Feature set with suffix, word-pair and label-pair templates added.
const FEATS_V3: u8 = 3;
/// Transition model over the templates of set 2, and a separate label model.
const FEATS_SPLIT: u8 = 4;
/// The feature set of fast parsers ([`Parser::cascade`]).
pub const FEATS_FAST: u8 = FEATS_SPLIT;
/// Like set 4, with the templates of set 3 in the transition model.
const FEATS_SPLIT3: u8 = 5;
/// Set 2 with word-cluster templates (the joint parser of a cluster cascade).
pub const FEATS_CLUSTER: u8 = 6;
/// Set 4 with the word-cluster templates of set 6 in the transition model
/// and more in the label model (the fast parser of a cluster cascade).
pub const FEATS_FAST_CLUSTER: u8 = 7;
/// Set 4 with the word-cluster templates of set 7 in the label model only
/// (a fast parser as fast as set 4, in front of a joint parser of set 6).
pub const FEATS_FAST_CLUSTER_LABELS: u8 = 8;
/// The highest feature set.
const FEATS_MAX: u8 = FEATS_FAST_CLUSTER_LABELS;

/// Whether feature set `fv` has a separate label model.
fn is_split(fv: u8) -> bool {
    matches!(
        fv,
        FEATS_SPLIT | FEATS_SPLIT3 | FEATS_FAST_CLUSTER | FEATS_FAST_CLUSTER_LABELS
    )
}

/// Whether feature set `fv` uses word clusters.
fn uses_clusters(fv: u8) -> bool {
    fv >= FEATS_CLUSTER
}

/// Whether feature set `fv` has word-cluster templates for transitions.
fn transition_clusters(fv: u8) -> bool {
    matches!(fv, FEATS_CLUSTER | FEATS_FAST_CLUSTER)
}

/// Whether feature set `fv` has word-cluster templates in its label model.
fn label_clusters(fv: u8) -> bool {
    matches!(fv, FEATS_FAST_CLUSTER | FEATS_FAST_CLUSTER_LABELS)
}

/// A cluster path's feature value: its low `bits` bits (32: all), with the
/// path 0 (unknown word) and the root's path kept apart from real prefixes.
#[inline]
fn cl(c: u32, bits: u32) -> u64 {
    match c {
        0 => 0x1_0000_0000,
        ROOT_CLUSTER => 0x2_0000_0000,
        c => u64::from(prefix(c, bits)),
    }
}

fn features(st: &State, toks: &[Tok], fv: u8, out: &mut Vec<u64>) {
    out.clear();
    let get = |i: Option<usize>| -> (u64, u64) {
        match i {
            Some(i) => (toks[i].w, toks[i].t),
            None => (NONE, NONE),
        }
    };
    let up = |i: Option<usize>| -> u64 { i.map_or(NONE, |i| toks[i].u) };
    let child = |i: Option<usize>, v: usize| -> Option<usize> {
        i.and_then(|i| if v == 0 { None } else { Some(v) }.filter(|_| i <= st.n))
    };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.bq(0);
    let b1 = st.bq(1);
    let b2 = st.bq(2);
    let (s0w, s0t) = get(s0);
    let (s1w, s1t) = get(s1);
    let (_, s2t) = get(s2);
    let (b0w, b0t) = get(b0);
    let (b1w, b1t) = get(b1);
    let (_, b2t) = get(b2);
    let lbl = |i: Option<usize>| i.map_or(NONE, |i| u64::from(st.labels[i]) + 7);
    let s0l1 = s0.and_then(|i| child(Some(i), st.lc[i][0]));
    let s0l2 = s0.and_then(|i| child(Some(i), st.lc[i][1]));
    let s0r1 = s0.and_then(|i| child(Some(i), st.rc[i][0]));
    let s0r2 = s0.and_then(|i| child(Some(i), st.rc[i][1]));
    let s1r1 = s1.and_then(|i| child(Some(i), st.rc[i][0]));
    let s1l1 = s1.and_then(|i| child(Some(i), st.lc[i][0]));
    let b0l1 = b0.and_then(|i| child(Some(i), st.lc[i][0]));
    let b0l2 = b0.and_then(|i| child(Some(i), st.lc[i][1]));
    let (s0l1w, s0l1t) = get(s0l1);
    let (s0r1w, s0r1t) = get(s0r1);
    let (_, s0l2t) = get(s0l2);
    let (_, s0r2t) = get(s0r2);
    let (_, s1r1t) = get(s1r1);
    let (_, s1l1t) = get(s1l1);
    let (b0l1w, b0l1t) = get(b0l1);
    let (_, b0l2t) = get(b0l2);
    let dist = match (s0, b0) {
        (Some(a), Some(b)) => ((b - a).min(6)) as u64,
        _ => 0,
    };
    let dist2 = match (s1, s0) {
        (Some(a), Some(b)) => ((b - a).min(6)) as u64,
        _ => 0,
    };
    let vr = |i: Option<usize>| i.map_or(NONE, |i| u64::from(st.nr[i].min(4)));
    let vl = |i: Option<usize>| i.map_or(NONE, |i| u64::from(st.nl[i].min(4)));
    let ls = |i: Option<usize>| i.map_or(NONE, |i| st.lset[i]);
    let rs = |i: Option<usize>| i.map_or(NONE, |i| st.rset[i]);
    let s0wt = model::mix(s0w, s0t);
    let b0wt = model::mix(b0w, b0t);
    let s1wt = model::mix(s1w, s1t);
    let b1wt = model::mix(b1w, b1t);
    out.extend_from_slice(&[
        feat(0, 0),
        feat(1, s0w),
        feat(2, s0t),
        feat(3, s0wt),
        feat(4, b0w),
        feat(5, b0t),
        feat(6, b0wt),
        feat(7, b1w),
        feat(8, b1t),
        feat(9, b1wt),
        feat(10, b2t),
        feat(11, s1w),
        feat(12, s1t),
        feat(13, s1wt),
        feat(14, s2t),
        feat2(15, s0wt, b0wt),
        feat2(16, s0wt, b0w),
        feat2(17, s0w, b0wt),
        feat2(18, s0wt, b0t),
        feat2(19, s0t, b0wt),
        feat2(20, s0w, b0w),
        feat2(21, s0t, b0t),
        feat2(22, b0t, b1t),
        feat3(23, b0t, b1t, b2t),
        feat3(24, s0t, b0t, b1t),
        feat3(25, s1t, s0t, b0t),
        feat3(26, s0t, s0l1t, b0t),
        feat3(27, s0t, s0r1t, b0t),
        feat3(28, s0t, b0t, b0l1t),
        feat3(29, s1t, s0t, s0r1t),
        feat3(30, s1t, s1r1t, s0t),
        feat3(31, s2t, s1t, s0t),
        feat2(32, s0w, dist),
        feat2(33, s0t, dist),
        feat2(34, b0w, dist),
        feat2(35, b0t, dist),
        feat3(36, s0w, b0w, dist),
        feat3(37, s0t, b0t, dist),
        feat3(38, s1t, s0t, dist2),
        feat2(39, s0w, vr(s0)),
        feat2(40, s0t, vr(s0)),
        feat2(41, s0w, vl(s0)),
        feat2(42, s0t, vl(s0)),
        feat2(43, b0w, vl(b0)),
        feat2(44, b0t, vl(b0)),
        feat2(45, s1t, vr(s1)),
        feat(46, s0l1w),
        feat(47, s0l1t),
        feat(48, lbl(s0l1)),
        feat(49, s0r1w),
        feat(50, s0r1t),
        feat(51, lbl(s0r1)),
        feat(52, b0l1w),
        feat(53, b0l1t),
        feat(54, lbl(b0l1)),
        feat(55, s1r1t),
        feat(56, lbl(s1r1)),
        feat(57, s1l1t),
        feat(58, s0l2t),
        feat(59, lbl(s0l2)),
        feat(60, s0r2t),
        feat(61, lbl(s0r2)),
        feat(62, b0l2t),
        feat(63, lbl(b0l2)),
        feat3(64, s0t, s0l1t, s0l2t),
        feat3(65, s0t, s0r1t, s0r2t),
        feat3(66, b0t, b0l1t, b0l2t),
        feat2(67, s0w, rs(s0)),
        feat2(68, s0t, rs(s0)),
        feat2(69, s0w, ls(s0)),
        feat2(70, s0t, ls(s0)),
        feat2(71, b0w, ls(b0)),
        feat2(72, b0t, ls(b0)),
        feat2(73, s1wt, s0wt),
        feat2(74, s1w, s0w),
        feat2(75, s1t, s0t),
        feat2(76, s1t, s0w),
        feat2(77, s1w, s0t),
        feat3(78, s1t, s0t, dist2),
        feat2(79, s0t, b1wt),
        feat3(80, s1t, s0t, b1t),
        feat2(81, s1t, s1l1t),
        feat2(82, s1t, lbl(s1l1)),
    ]);
    let (s0u, s1u, b0u, b1u) = (up(s0), up(s1), up(b0), up(b1));
    out.extend_from_slice(&[
        feat2(83, s0u, b0u),
        feat2(84, s1u, s0u),
        feat3(85, s0u, b0u, b1u),
        feat3(86, s1u, s0u, b0u),
        feat2(87, s0w, b0u),
        feat2(88, s0u, b0w),
        feat3(89, s0u, b0u, dist),
    ]);
    if fv == FEATS_V3 || fv == FEATS_SPLIT3 {
        let suf = |i: Option<usize>| i.map_or(NONE, |i| toks[i].s);
        let (s0s, b0s, b1s) = (suf(s0), suf(b0), suf(b1));
        let dist3 = match (s1, b0) {
            (Some(a), Some(b)) => ((b - a).min(8)) as u64,
            _ => 0,
        };
        out.extend_from_slice(&[
            feat2(90, s0s, s0t),
            feat2(91, b0s, b0t),
            feat3(92, s0s, b0s, b0t),
            feat2(93, b1s, b1t),
            feat2(94, b0w, b1w),
            feat3(95, s0w, b0t, b1t),
            feat3(96, s0t, b0w, b1t),
            feat3(97, s0t, lbl(s0l1), lbl(s0r1)),
            feat3(98, s1t, b0t, dist3),
            feat2(99, s1w, b0w),
            feat3(100, b0t, lbl(b0l1), lbl(b0l2)),
            feat3(101, s0t, s0w, b1t),
        ]);
    }
    if transition_clusters(fv) {
        cluster_features(st, toks, out);
    }
}

/// Appends the word-cluster templates of feature sets 6 and 7 (the same
/// for both, so that a cascade can add them to the keys of set 4).
fn cluster_features(st: &State, toks: &[Tok], out: &mut Vec<u64>) {
    let at = |i: Option<usize>| i.and_then(|i| toks.get(i));
    let c = |i: Option<usize>, bits: u32| at(i).map_or(NONE, |t| cl(t.c, bits));
    let t = |i: Option<usize>| at(i).map_or(NONE, |t| t.t);
    let w = |i: Option<usize>| at(i).map_or(NONE, |t| t.w);
    let kid = |v: usize| if v == 0 { None } else { Some(v) };
    let (s0, s1, b0, b1) = (st.s(0), st.s(1), st.bq(0), st.bq(1));
    let s0l1 = s0.and_then(|i| kid(st.lc[i][0]));
    let s0r1 = s0.and_then(|i| kid(st.rc[i][0]));
    let b0l1 = b0.and_then(|i| kid(st.lc[i][0]));
    let dist = match (s0, b0) {
        (Some(a), Some(b)) => ((b - a).min(6)) as u64,
        _ => 0,
    };
    let (s0t, s1t, b0t) = (t(s0), t(s1), t(b0));
    let (s0w, b0w) = (w(s0), w(b0));
    let (s0c, s0c6, s0c4) = (c(s0, 32), c(s0, 6), c(s0, 4));
    let (b0c, b0c6, b0c4) = (c(b0, 32), c(b0, 6), c(b0, 4));
    let (s1c, s1c6) = (c(s1, 32), c(s1, 6));
    let (b1c, b1c6) = (c(b1, 32), c(b1, 6));
    out.extend_from_slice(&[
        feat(110, s0c),
        feat(111, b0c),
        feat(112, b1c),
        feat(113, s1c),
        feat2(114, s0c4, b0c4),
        feat2(115, s0c6, b0c6),
        feat2(116, s0c, b0t),
        feat2(117, s0t, b0c),
        feat2(118, s0c6, b0w),
        feat2(119, s0w, b0c6),
        feat2(120, s1c6, s0c6),
        feat2(121, s1c, s0t),
        feat2(122, s1t, s0c),
        feat3(123, s0c6, b0c6, dist),
        feat2(124, b0c6, b1c6),
        feat2(125, s0t, c(s0l1, 6)),
        feat2(126, s0t, c(s0r1, 6)),
        feat2(127, b0t, c(b0l1, 6)),
    ]);
}

/// Features of the label of a new arc `h -> d` (`dir` 1: `d` left of `h`,
/// 2: right), read off the state before the arc is added.
/// Feature set `fv` with clusters adds cluster templates.
fn label_features(
    st: &State,
    toks: &[Tok],
    fv: u8,
    (h, d): (usize, usize),
    dir: u8,
    out: &mut Vec<u64>,
) {
    out.clear();
    let tok = |i: usize| toks.get(i).copied();
    let w = |i: Option<usize>| i.and_then(tok).map_or(NONE, |t| t.w);
    let t = |i: Option<usize>| i.and_then(tok).map_or(NONE, |t| t.t);
    let kid = |v: usize| if v == 0 { None } else { Some(v) };
    let lbl = |i: Option<usize>| i.map_or(NONE, |i| u64::from(st.labels[i]) + 7);
    let dr = u64::from(dir);
    let (Some(dt), Some(ht)) = (tok(d), tok(h)) else {
        return;
    };
    let (dw, dtt, du, ds) = (dt.w, dt.t, dt.u, dt.s);
    let (hw, htt, hu) = (ht.w, ht.t, ht.u);
    let dist = (h.abs_diff(d)).min(8) as u64;
    let dl1 = kid(st.lc[d][0]);
    let dr1 = kid(st.rc[d][0]);
    let dl2 = kid(st.lc[d][1]);
    // The head's children on the side of the new dependent so far.
    let hside = if dir == 1 { st.lset[h] } else { st.rset[h] };
    let hkid = if dir == 1 {
        kid(st.lc[h][0])
    } else {
        kid(st.rc[h][0])
    };
    let prev = |i: usize| if i > 1 { Some(i - 1) } else { None };
    let next = |i: usize| if i < st.n { Some(i + 1) } else { None };
    let dcounts = model::mix(u64::from(st.nl[d].min(4)), u64::from(st.nr[d].min(4)));
    out.extend_from_slice(&[
        feat(200, dr),
        feat2(201, dr, dw),
        feat2(202, dr, dtt),
        feat2(203, dr, hw),
        feat2(204, dr, htt),
        feat3(205, dr, dw, htt),
        feat3(206, dr, dtt, hw),
        feat3(207, dr, dtt, htt),
        feat3(208, dr, dw, hw),
        feat3(209, dr, model::mix(du, hu), dist),
        feat2(210, dr, ds),
        feat3(211, dr, ds, htt),
        feat3(212, dr, dtt, st.lset[d]),
        feat3(213, dr, dtt, st.rset[d]),
        feat3(214, dr, dtt, t(dl1)),
        feat3(215, dr, du, w(dl1)),
        feat3(216, dr, w(dl1), hu),
        feat3(217, dr, du, w(dr1)),
        feat3(218, dr, lbl(dl1), lbl(dl2)),
        feat3(219, dr, htt, hside),
        feat3(220, dr, model::mix(du, hu), lbl(hkid)),
        feat3(221, dr, dtt, t(next(d))),
        feat3(222, dr, dtt, t(prev(d))),
        feat3(223, dr, htt, t(prev(h))),
        feat3(224, dr, htt, t(next(h))),
        feat3(225, dr, dtt, dcounts),
        feat3(226, dr, model::mix(dtt, htt), w(dl1)),
    ]);
    if label_clusters(fv) {
        let (dc, hc) = (dt.c, ht.c);
        out.extend_from_slice(&[
            feat2(230, dr, cl(dc, 32)),
            feat2(231, dr, cl(dc, 6)),
            feat2(232, dr, cl(hc, 32)),
            feat3(233, dr, cl(dc, 6), cl(hc, 6)),
            feat3(234, dr, cl(dc, 32), htt),
            feat3(235, dr, dtt, cl(hc, 32)),
            feat3(236, dr, cl(dc, 4), cl(hc, 4)),
        ]);
    }
}

/// Decodes a class id into (kind, label).
#[inline]
fn decode(c: usize, nl: usize) -> (u8, u16) {
    if c == 0 {
        (0, 0)
    } else if c <= nl {
        (1, (c - 1) as u16)
    } else {
        (2, (c - 1 - nl) as u16)
    }
}

struct Example {
    toks: Vec<Tok>,
    heads: Vec<usize>,
    labels: Vec<u16>,
}

/// The head and dependent of arc transition `kind` (1 left, 2 right) in `st`.
fn arc_ends(st: &State, kind: u8) -> Option<(usize, usize)> {
    let d = st.s(0)?;
    let h = if kind == 1 { st.bq(0)? } else { st.s(1)? };
    Some((h, d))
}

/// The best valid transition kind for `sc` (ties: the lower kind).
fn best_kind<T: PartialOrd + Copy>(st: &State, sc: &[T]) -> Option<u8> {
    let mut best: Option<(u8, T)> = None;
    for (k, v) in (0..3u8).zip(sc.iter().copied()) {
        if st.valid(k) && best.map_or(true, |(_, bv)| v > bv) {
            best = Some((k, v));
        }
    }
    best.map(|b| b.0)
}

/// The best label for `sc` (ties: the lower index).
fn best_label<T: PartialOrd + Copy>(sc: &[T]) -> u16 {
    let mut best: Option<(usize, T)> = None;
    for (l, v) in sc.iter().copied().enumerate() {
        if best.map_or(true, |(_, bv)| v > bv) {
            best = Some((l, v));
        }
    }
    best.map_or(0, |b| b.0 as u16)
}

/// Whether the best two valid transitions' scores are less than `margin`
/// apart.
fn close_call(st: &State, sc: &[i32], margin: i32) -> bool {
    // The best two of at most three scores, without allocating.
    let (mut a, mut b): (Option<i32>, Option<i32>) = (None, None);
    for v in (0..3u8)
        .filter(|k| st.valid(*k))
        .filter_map(|k| sc.get(usize::from(k)).copied())
    {
        if a.map_or(true, |x| v > x) {
            b = a;
            a = Some(v);
        } else if b.map_or(true, |x| v > x) {
            b = Some(v);
        }
    }
    matches!((a, b), (Some(a), Some(b)) if i64::from(a) - i64::from(b) < i64::from(margin))
}

/// The best valid (kind, label) of a joint model's scores (ties: the lower
/// class).
fn best_joint(st: &State, sc: &[i32], nl: usize) -> Option<(u8, u16)> {
    let ranges = [(0usize, 1usize), (1, nl + 1), (nl + 1, 2 * nl + 1)];
    let mut best: Option<(usize, i32)> = None;
    for (k, (a, b)) in ranges.into_iter().enumerate() {
        if !st.valid(k as u8) {
            continue;
        }
        for (c, v) in sc.iter().enumerate().take(b).skip(a) {
            if best.map_or(true, |(bc, bv)| *v > bv || (*v == bv && c < bc)) {
                best = Some((c, *v));
            }
        }
    }
    best.map(|(c, _)| decode(c, nl))
}

/// Follows the static oracle through `ex` (the least-cost valid move, the
/// lowest move on ties), calling `visit` with each state and the move taken
/// before it is applied. Used to count features before training.
fn walk_static_oracle(ex: &Example, mut visit: impl FnMut(&State, u8)) {
    let mut st = State::new(ex.toks.len() - 1);
    while !st.terminal() {
        let c = st.costs(&ex.heads);
        let k = (0..3u8)
            .filter(|k| st.valid(*k))
            .min_by_key(|k| c[*k as usize])
            .unwrap_or(0);
        visit(&st, k);
        let s0 = st.s(0).unwrap_or(0);
        st.apply(k, ex.labels[s0]);
    }
}

/// Trains feature set 4: an unlabelled transition model with a dynamic
/// oracle and exploration, and a label model trained on the correct arcs
/// of the followed path.
fn train_split(
    data: &[Example],
    labels: Vec<String>,
    (fv, clusters): (u8, Option<Arc<WordClusters>>),
    cfg: &ParserConfig,
    log: &mut dyn FnMut(&str),
    mut on_epoch: Option<crate::tagger::EpochWatch<'_, Parser>>,
) -> Parser {
    let nl = labels.len().max(1);
    let mut tr = Trainer::new(3);
    let mut lt = Trainer::new(nl);
    let mut feats = Vec::with_capacity(96);
    let mut lfeats = Vec::with_capacity(32);
    if cfg.min_count > 1 {
        let mut counter = FeatureCounter::default();
        let mut lcounter = FeatureCounter::default();
        for ex in data {
            walk_static_oracle(ex, |st, k| {
                features(st, &ex.toks, fv, &mut feats);
                counter.add(&feats);
                if let Some((h, d)) = arc_ends(st, k).filter(|_| k > 0) {
                    label_features(st, &ex.toks, fv, (h, d), k, &mut lfeats);
                    lcounter.add(&lfeats);
                }
            });
        }
        let keep = counter.keep(cfg.min_count);
        let lkeep = lcounter.keep(cfg.min_count);
        log(&format!(
            "parser: {} transition and {} label features kept",
            keep.len(),
            lkeep.len()
        ));
        tr.restrict(keep);
        lt.restrict(lkeep);
    }
    let mut rng = Rng(cfg.seed.max(1));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut sc = vec![0f32; 3];
    let mut lsc = vec![0f32; nl];
    let snapshot = |tr: &Trainer, lt: &Trainer| Parser {
        model: tr.freeze().pruned(cfg.prune_below),
        labeler: Some(lt.freeze().pruned(cfg.prune_below)),
        backoff: None,
        labels: labels.clone(),
        fv,
        clusters: clusters.clone(),
    };
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut all, mut lok, mut lall) = (0usize, 0usize, 0usize, 0usize);
        for &ei in &order {
            let ex = &data[ei];
            let mut st = State::new(ex.toks.len() - 1);
            while !st.terminal() {
                features(&st, &ex.toks, fv, &mut feats);
                tr.score(&feats, &mut sc);
                let cost = st.costs(&ex.heads);
                let Some(pred) = best_kind(&st, &sc) else {
                    break;
                };
                let min_cost = (0..3u8)
                    .filter(|k| st.valid(*k))
                    .map(|k| cost[k as usize])
                    .min()
                    .unwrap_or(0);
                // The best-scoring transition of least cost.
                let masked: Vec<f32> = (0..3)
                    .map(|k| {
                        if cost[k] == min_cost {
                            sc[k]
                        } else {
                            f32::NEG_INFINITY
                        }
                    })
                    .collect();
                let gold = best_kind(&st, &masked).unwrap_or(pred);
                if cost[pred as usize] > min_cost {
                    tr.update(&feats, gold as usize, pred as usize);
                } else {
                    ok += 1;
                }
                all += 1;
                tr.tick();
                let explore = epoch >= cfg.explore_from && rng.next() % 10 != 0;
                let k = if explore { pred } else { gold };
                let mut label = 0u16;
                if let Some((h, d)) = arc_ends(&st, k).filter(|_| k > 0) {
                    label_features(&st, &ex.toks, fv, (h, d), k, &mut lfeats);
                    lt.score(&lfeats, &mut lsc);
                    let guess = best_label(&lsc);
                    label = guess;
                    if ex.heads[d] == h {
                        let g = ex.labels[d];
                        if g != guess {
                            lt.update(&lfeats, g as usize, guess as usize);
                        } else {
                            lok += 1;
                        }
                        lall += 1;
                        lt.tick();
                        if !explore {
                            label = g;
                        }
                    }
                }
                st.apply(k, label);
            }
        }
        log(&format!(
            "parser epoch {}: transition acc {:.4}, label acc {:.4}, {} + {} features",
            epoch + 1,
            ok as f64 / all.max(1) as f64,
            lok as f64 / lall.max(1) as f64,
            tr.n_features(),
            lt.n_features()
        ));
        if let Some(f) = on_epoch.as_mut() {
            f(epoch + 1, &snapshot(&tr, &lt));
        }
    }
    snapshot(&tr, &lt)
}

impl Parser {
    /// Trains on sentences; `tags[i]` gives the tag keys (see [`tag_key`]) of
    /// sentence `i`'s words (predicted tags, for training as it will be used).
    pub fn train(
        sents: &[ConlluSentence],
        tags: &[Vec<TagKey>],
        cfg: &ParserConfig,
        log: &mut dyn FnMut(&str),
    ) -> Parser {
        Self::train_watched(sents, tags, cfg, log, None)
    }

    /// Like [`Parser::train`], and after each epoch hands `on_epoch` the
    /// epoch number (1-based) and the parser as it would be if training
    /// stopped there (averaged, quantised and pruned). Watching does not
    /// change the training itself.
    pub fn train_watched(
        sents: &[ConlluSentence],
        tags: &[Vec<TagKey>],
        cfg: &ParserConfig,
        log: &mut dyn FnMut(&str),
        mut on_epoch: Option<crate::tagger::EpochWatch<'_, Parser>>,
    ) -> Parser {
        let fv = cfg.features.clamp(FEATS_V2, FEATS_MAX);
        // A cluster feature set without clusters trains (uselessly) on an
        // empty table.
        let clusters = uses_clusters(fv).then(|| cfg.clusters.clone().unwrap_or_default());
        let mut label_ix: HashMap<String, u16> = HashMap::new();
        let mut labels: Vec<String> = Vec::new();
        let mut data = Vec::new();
        for (s, tg) in sents.iter().zip(tags) {
            let forms = s.forms();
            let Some(heads) = s.heads() else { continue };
            if forms.is_empty() || heads.iter().any(|h| *h > forms.len()) {
                continue;
            }
            let mut gh = vec![0usize];
            gh.extend(heads);
            let mut gl = vec![0u16];
            for r in s.words() {
                let l = r.cols[7].clone();
                let id = *label_ix.entry(l.clone()).or_insert_with(|| {
                    labels.push(l);
                    (labels.len() - 1) as u16
                });
                gl.push(id);
            }
            data.push(Example {
                toks: prepare(&forms, tg, clusters.as_deref()),
                heads: gh,
                labels: gl,
            });
        }
        let nl = labels.len();
        let n_classes = 1 + 2 * nl;
        if is_split(fv) {
            return train_split(&data, labels, (fv, clusters), cfg, log, on_epoch);
        }
        let mut tr = Trainer::new(n_classes);
        let mut feats = Vec::with_capacity(96);
        if cfg.min_count > 1 {
            let mut counter = FeatureCounter::default();
            for ex in &data {
                walk_static_oracle(ex, |st, _| {
                    features(st, &ex.toks, fv, &mut feats);
                    counter.add(&feats);
                });
            }
            let keep = counter.keep(cfg.min_count);
            log(&format!("parser: {} features kept", keep.len()));
            tr.restrict(keep);
        }
        let mut rng = Rng(cfg.seed.max(1));
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut sc = vec![0f32; n_classes];
        for epoch in 0..cfg.epochs {
            rng.shuffle(&mut order);
            let (mut ok, mut all) = (0usize, 0usize);
            for &ei in &order {
                let ex = &data[ei];
                let n = ex.toks.len() - 1;
                let mut st = State::new(n);
                while !st.terminal() {
                    features(&st, &ex.toks, fv, &mut feats);
                    tr.score(&feats, &mut sc);
                    let arc = st.costs(&ex.heads);
                    let s0 = st.s(0).unwrap_or(0);
                    let s1 = st.s(1).unwrap_or(usize::MAX);
                    let valid = [st.valid(0), st.valid(1), st.valid(2)];
                    let mut best_pred: Option<(usize, f32)> = None;
                    let mut best_gold: Option<(usize, f32, u32)> = None;
                    let mut costs = vec![0u32; n_classes];
                    for (c, cost_slot) in costs.iter_mut().enumerate() {
                        let (k, l) = decode(c, nl);
                        if !valid[k as usize] {
                            continue;
                        }
                        let mut cost = arc[k as usize];
                        if k == 1 && ex.heads[s0] == st.b && ex.labels[s0] != l {
                            cost += 1;
                        }
                        if k == 2 && ex.heads[s0] == s1 && ex.labels[s0] != l {
                            cost += 1;
                        }
                        *cost_slot = cost;
                        if best_pred.map_or(true, |(_, v)| sc[c] > v) {
                            best_pred = Some((c, sc[c]));
                        }
                        let better = match best_gold {
                            None => true,
                            Some((_, v, bc)) => cost < bc || (cost == bc && sc[c] > v),
                        };
                        if better {
                            best_gold = Some((c, sc[c], cost));
                        }
                    }
                    let (Some((pred, _)), Some((gold, _, min_cost))) = (best_pred, best_gold)
                    else {
                        break;
                    };
                    if costs[pred] > min_cost {
                        tr.update(&feats, gold, pred);
                    } else {
                        ok += 1;
                    }
                    all += 1;
                    tr.tick();
                    let follow = if epoch >= cfg.explore_from && rng.next() % 10 != 0 {
                        pred
                    } else {
                        gold
                    };
                    let (k, l) = decode(follow, nl);
                    st.apply(k, l);
                }
            }
            log(&format!(
                "parser epoch {}: transition acc {:.4}, {} features",
                epoch + 1,
                ok as f64 / all.max(1) as f64,
                tr.n_features()
            ));
            if let Some(f) = on_epoch.as_mut() {
                let snap = Parser {
                    model: tr.freeze().pruned(cfg.prune_below),
                    labeler: None,
                    backoff: None,
                    labels: labels.clone(),
                    fv,
                    clusters: clusters.clone(),
                };
                f(epoch + 1, &snap);
            }
        }
        Parser {
            model: tr.freeze().pruned(cfg.prune_below),
            labeler: None,
            backoff: None,
            labels,
            fv,
            clusters,
        }
    }

    /// Parses one sentence. `tags` are tag keys ([`tag_key`]). Returns, per
    /// word, its head (0 = root, else 1-based word index) and label index
    /// (see [`Parser::label`]).
    pub fn parse(&self, words: &[&str], tags: &[TagKey]) -> Vec<(usize, u16)> {
        let n = words.len().min(tags.len());
        if n == 0 {
            return Vec::new();
        }
        let toks = prepare(&words[..n], &tags[..n], self.clusters.as_deref());
        if let Some(labeler) = &self.labeler {
            return self.parse_split(labeler, &toks, n);
        }
        let nl = self.labels.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut sc = vec![0i32; self.model.n_classes()];
        while !st.terminal() {
            if st.stack.len() == 1 {
                // Only the root is on the stack: shifting is the one valid
                // transition, so there is nothing to score.
                st.apply(0, 0);
                continue;
            }
            features(&st, &toks, self.fv, &mut feats);
            self.model.score(&feats, &mut sc);
            // Classes: 0 shift, 1..=nl left arcs, nl+1..=2nl right arcs.
            let Some((k, l)) = best_joint(&st, &sc, nl) else {
                break;
            };
            st.apply(k, l);
        }
        (1..=n).map(|i| (st.heads[i], st.labels[i])).collect()
    }

    /// [`Parser::parse`] with the transition model and the label model of
    /// feature set 4: the label is scored only for the chosen arc.
    fn parse_split(&self, labeler: &Frozen, toks: &[Tok], n: usize) -> Vec<(usize, u16)> {
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut lfeats = Vec::with_capacity(32);
        let mut sc = [0i32; 3];
        let mut lsc = vec![0i32; labeler.n_classes()];
        let mut wide = vec![0i32; self.backoff.as_ref().map_or(0, |b| b.0.n_classes())];
        while !st.terminal() {
            if st.stack.len() == 1 {
                st.apply(0, 0);
                continue;
            }
            features(&st, toks, self.fv, &mut feats);
            self.model.score(&feats, &mut sc);
            if let Some((joint, margin, add_clusters)) = &self.backoff {
                if close_call(&st, &sc, *margin) {
                    if *add_clusters {
                        cluster_features(&st, toks, &mut feats);
                    }
                    joint.score(&feats, &mut wide);
                    let Some((k, l)) = best_joint(&st, &wide, self.labels.len()) else {
                        break;
                    };
                    st.apply(k, l);
                    continue;
                }
            }
            let Some(k) = best_kind(&st, &sc) else { break };
            let mut label = 0u16;
            if let Some((h, d)) = arc_ends(&st, k).filter(|_| k > 0) {
                label_features(&st, toks, self.fv, (h, d), k, &mut lfeats);
                labeler.score(&lfeats, &mut lsc);
                label = best_label(&lsc);
            }
            st.apply(k, label);
        }
        (1..=n).map(|i| (st.heads[i], st.labels[i])).collect()
    }

    /// A cascade: `fast` (feature set 4) decides, except where its best two
    /// transitions score less than `margin` apart, where `full` (feature
    /// set 2, the same labels) decides.
    /// Feature sets 7 or 8 in front of 6 (word clusters, the same table)
    /// and 4 in front of 6 also make a cascade; in front of 6, sets 4 and 8
    /// leave the transition cluster templates to the joint parser, so the
    /// clear transitions cost what they cost without clusters.
    pub fn cascade(fast: Parser, full: Parser, margin: i32) -> Result<Parser, NlpError> {
        let pair = (fast.fv, full.fv);
        if !matches!(
            pair,
            (FEATS_SPLIT, FEATS_V2 | FEATS_CLUSTER)
                | (
                    FEATS_FAST_CLUSTER | FEATS_FAST_CLUSTER_LABELS,
                    FEATS_CLUSTER
                )
        ) || full.labeler.is_some()
        {
            return Err(NlpError::Model(
                "cascade needs feature sets 4 and 2, or 4, 7 or 8 and 6".into(),
            ));
        }
        if fast.labels != full.labels {
            return Err(NlpError::Model("cascade parsers differ in labels".into()));
        }
        if fast.uses_clusters()
            && full.uses_clusters()
            && fast.cluster_fingerprint() != full.cluster_fingerprint()
        {
            return Err(NlpError::Model(
                "cascade parsers use different word clusters".into(),
            ));
        }
        let add_clusters = transition_clusters(full.fv) && !transition_clusters(fast.fv);
        let clusters = fast.clusters.or(full.clusters);
        Ok(Parser {
            backoff: Some((full.model, margin, add_clusters)),
            clusters,
            ..fast
        })
    }

    /// Drops weights below `min_abs` quantised units (smaller, faster model).
    pub fn prune(&mut self, min_abs: i16) {
        self.model = self.model.pruned(min_abs);
        if let Some(l) = &mut self.labeler {
            *l = l.pruned(min_abs);
        }
    }

    /// The parser whose weights are the average of `parsers`' (trained on
    /// the same data with the same labels and feature set, e.g. with
    /// different seeds).
    pub fn average(parsers: &[&Parser]) -> Result<Parser, NlpError> {
        let first = parsers
            .first()
            .ok_or_else(|| NlpError::Model("no parsers to average".into()))?;
        if parsers.iter().any(|p| {
            p.labels != first.labels
                || p.fv != first.fv
                || p.cluster_fingerprint() != first.cluster_fingerprint()
        }) {
            return Err(NlpError::Model(
                "parsers differ in labels or feature set".into(),
            ));
        }
        let models: Vec<&Frozen> = parsers.iter().map(|p| &p.model).collect();
        let model = Frozen::average(&models)
            .ok_or_else(|| NlpError::Model("parser class count mismatch".into()))?;
        let labelers: Vec<&Frozen> = parsers.iter().filter_map(|p| p.labeler.as_ref()).collect();
        let labeler = if labelers.is_empty() {
            None
        } else if labelers.len() == parsers.len() {
            Some(
                Frozen::average(&labelers)
                    .ok_or_else(|| NlpError::Model("label model class mismatch".into()))?,
            )
        } else {
            return Err(NlpError::Model("parsers differ in label models".into()));
        };
        Ok(Parser {
            model,
            labeler,
            backoff: None,
            labels: first.labels.clone(),
            fv: first.fv,
            clusters: first.clusters.clone(),
        })
    }

    /// Whether the parser's model uses word clusters (feature sets 6-8).
    pub fn uses_clusters(&self) -> bool {
        uses_clusters(self.fv)
    }

    /// The fingerprint of the word clusters the parser uses, if any.
    fn cluster_fingerprint(&self) -> Option<u64> {
        self.clusters.as_ref().map(|c| c.fingerprint())
    }

    /// Number of stored features and weights.
    pub fn size(&self) -> (usize, usize) {
        let (f, w) = self
            .labeler
            .as_ref()
            .map_or((0, 0), |l| (l.n_features(), l.n_weights()));
        (self.model.n_features() + f, self.model.n_weights() + w)
    }

    /// The index of a label name.
    pub fn label_index(&self, name: &str) -> Option<u16> {
        self.labels.iter().position(|l| l == name).map(|i| i as u16)
    }

    /// The name of a label index (`dep` if unknown).
    pub fn label(&self, l: u16) -> &str {
        self.labels.get(l as usize).map_or("dep", |s| s.as_str())
    }

    /// Serialises the parser (compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = match (&self.labeler, self.fv) {
            (Some(_), fv) => {
                let mut v = b"CHRPAR04".to_vec();
                v.push(fv);
                v
            }
            (None, FEATS_V2) => b"CHRPAR02".to_vec(),
            (None, fv) => {
                let mut v = b"CHRPAR03".to_vec();
                v.push(fv);
                v
            }
        };
        if uses_clusters(self.fv) {
            // The clusters are not stored, only their fingerprint.
            let fp = self.cluster_fingerprint().unwrap_or(0);
            raw.extend_from_slice(&fp.to_le_bytes());
        }
        model::put_strings(&mut raw, &self.labels);
        self.model.write(&mut raw);
        if let Some(l) = &self.labeler {
            l.write(&mut raw);
        }
        model::compress(&raw)
    }

    /// Loads a parser written by [`Parser::to_bytes`] that needs no word
    /// clusters (feature sets 2-5); see [`Parser::from_bytes_with_clusters`].
    pub fn from_bytes(data: &[u8]) -> Result<Parser, NlpError> {
        Self::from_bytes_with_clusters(data, None)
    }

    /// Loads a parser written by [`Parser::to_bytes`]; a model with
    /// word-cluster features (sets 6-8) needs the table it was trained
    /// with (checked by its fingerprint), others ignore `clusters`.
    pub fn from_bytes_with_clusters(
        data: &[u8],
        clusters: Option<Arc<WordClusters>>,
    ) -> Result<Parser, NlpError> {
        Self::from_bytes_with_cluster_source(
            data,
            crate::clusters::given(clusters, "parser", "Parser::from_bytes_with_clusters"),
        )
    }

    /// Like [`Parser::from_bytes_with_clusters`], with the clusters made by
    /// `clusters` only when the model uses them.
    pub fn from_bytes_with_cluster_source(
        data: &[u8],
        clusters: impl FnOnce() -> Result<Arc<WordClusters>, NlpError>,
    ) -> Result<Parser, NlpError> {
        let raw = model::decompress(data)?;
        let magic = raw.get(..8).unwrap_or(&[]);
        let mut r = Reader::new(raw.get(8..).unwrap_or(&[]));
        let fv = match magic {
            b"CHRPAR02" => FEATS_V2,
            b"CHRPAR03" => r.byte()?,
            b"CHRPAR04" => r.byte()?,
            _ => {
                return Err(NlpError::Model(
                    "not a parser model (expected CHRPAR02, CHRPAR03 or CHRPAR04)".into(),
                ))
            }
        };
        let split = magic == b"CHRPAR04";
        if !(FEATS_V2..=FEATS_MAX).contains(&fv) || split != is_split(fv) {
            return Err(NlpError::Model(format!("unknown parser feature set {fv}")));
        }
        let clusters = if uses_clusters(fv) {
            let mut fp = [0u8; 8];
            for b in &mut fp {
                *b = r.byte()?;
            }
            let fp = u64::from_le_bytes(fp);
            let c = clusters()?;
            if c.fingerprint() != fp {
                return Err(NlpError::Model(format!(
                    "the parser model was trained with word clusters {fp:016x}, \
                     not the given {:016x}; retrain it (models/nlp/README.md)",
                    c.fingerprint()
                )));
            }
            Some(c)
        } else {
            None
        };
        let labels = r.strings()?;
        let model = Frozen::read(&mut r)?;
        if split {
            let labeler = Frozen::read(&mut r)?;
            if model.n_classes() != 3 || labeler.n_classes() != labels.len().max(1) {
                return Err(NlpError::Model("parser class count mismatch".into()));
            }
            return Ok(Parser {
                model,
                labeler: Some(labeler),
                backoff: None,
                labels,
                fv,
                clusters,
            });
        }
        if model.n_classes() != 1 + 2 * labels.len() {
            return Err(NlpError::Model("parser class count mismatch".into()));
        }
        Ok(Parser {
            model,
            labeler: None,
            backoff: None,
            labels,
            fv,
            clusters,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<ConlluSentence> {
        let mut text = String::new();
        for (n, v, o) in [
            ("dogs", "chase", "cats"),
            ("cats", "like", "fish"),
            ("birds", "eat", "seeds"),
        ] {
            text.push_str(&format!(
                "1\t{n}\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\t{v}\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n3\t{o}\t_\tNOUN\tNNS\t_\t2\tobj\t_\t_\n4\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
            ));
        }
        crate::conllu::parse(&text).unwrap_or_default()
    }

    fn keys(s: &ConlluSentence) -> Vec<TagKey> {
        s.words().map(|r| tag_key(&r.cols[3], &r.cols[4])).collect()
    }

    #[test]
    fn oracle_costs_are_zero_along_gold_path() {
        let s = &toy()[0];
        let mut gh = vec![0];
        gh.extend(s.heads().unwrap_or_default());
        let mut st = State::new(4);
        let mut steps = 0;
        while !st.terminal() && steps < 20 {
            let c = st.costs(&gh);
            let k = (0..3u8)
                .find(|k| st.valid(*k) && c[*k as usize] == 0)
                .unwrap_or(0);
            st.apply(k, 0);
            steps += 1;
        }
        assert!(st.terminal());
        assert_eq!(&st.heads[1..], &gh[1..]);
    }

    #[test]
    fn learns_toy_trees_and_round_trips() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let p = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        let p = Parser::from_bytes(&p.to_bytes()).expect("loads");
        let out = p.parse(&["cats", "chase", "seeds", "."], &tags[0]);
        let heads: Vec<usize> = out.iter().map(|x| x.0).collect();
        assert_eq!(heads, vec![2, 0, 2, 2]);
        assert_eq!(p.label(out[0].1), "nsubj");
        assert_eq!(p.label(out[2].1), "obj");
    }

    #[test]
    fn both_feature_sets_learn_and_round_trip() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        for features in [FEATS_V2, FEATS_V3, FEATS_SPLIT, FEATS_SPLIT3] {
            let cfg = ParserConfig {
                features,
                ..ParserConfig::default()
            };
            let p = Parser::train(&sents, &tags, &cfg, &mut |_| {});
            let bytes = p.to_bytes();
            let back = Parser::from_bytes(&bytes).expect("loads");
            assert_eq!(back.fv, features);
            assert_eq!(back.size(), p.size());
            let out = back.parse(&["birds", "like", "cats", "."], &tags[1]);
            let heads: Vec<usize> = out.iter().map(|x| x.0).collect();
            assert_eq!(heads, vec![2, 0, 2, 2]);
        }
    }

    #[test]
    fn feature_count_cut_keeps_what_the_oracle_path_repeats() {
        // Every toy sentence twice: the oracle path's features are seen at
        // least twice, so a cut at 2 keeps enough to learn the grammar.
        let mut sents = toy();
        sents.extend(toy());
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        for features in [FEATS_V3, FEATS_SPLIT] {
            let cfg = ParserConfig {
                features,
                min_count: 2,
                ..ParserConfig::default()
            };
            let mut kept = String::new();
            let p = Parser::train(&sents, &tags, &cfg, &mut |m| {
                if m.contains("kept") {
                    kept = m.to_string();
                }
            });
            assert!(kept.contains("features kept"), "{kept}");
            let out = p.parse(&["birds", "chase", "fish", "."], &tags[0]);
            let heads: Vec<usize> = out.iter().map(|x| x.0).collect();
            assert_eq!(heads, vec![2, 0, 2, 2]);
        }
    }

    #[test]
    fn split_model_labels_arcs_and_averages() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let cfg = ParserConfig {
            features: FEATS_SPLIT,
            ..ParserConfig::default()
        };
        let p = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        assert!(p.labeler.is_some());
        let back = Parser::from_bytes(&p.to_bytes()).expect("loads");
        assert_eq!(back.to_bytes(), p.to_bytes());
        let out = back.parse(&["cats", "eat", "fish", "."], &tags[0]);
        let names: Vec<&str> = out.iter().map(|x| back.label(x.1)).collect();
        assert_eq!(names, vec!["nsubj", "root", "obj", "punct"]);
        let b = Parser::train(&sents, &tags, &ParserConfig { seed: 7, ..cfg }, &mut |_| {});
        let avg = Parser::average(&[&p, &b]).expect("same labels");
        let heads: Vec<usize> = avg
            .parse(&["dogs", "like", "seeds", "."], &tags[0])
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(heads, vec![2, 0, 2, 2]);
        // A joint model and a split one do not mix.
        let joint = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        assert!(Parser::average(&[&p, &joint]).is_err());
    }

    #[test]
    fn close_call_compares_the_best_two_valid_scores() {
        // The definition: sort the valid scores, compare the top two.
        let reference = |st: &State, sc: &[i32], margin: i32| {
            let mut v: Vec<i32> = (0..3u8)
                .filter(|k| st.valid(*k))
                .map(|k| sc[usize::from(k)])
                .collect();
            v.sort_unstable_by(|a, b| b.cmp(a));
            v.len() >= 2 && i64::from(v[0]) - i64::from(v[1]) < i64::from(margin)
        };
        // States where all three, two (no shift) and one (only shift) are valid.
        let mut all = State::new(3);
        all.apply(0, 0);
        all.apply(0, 0);
        let mut no_shift = State::new(1);
        no_shift.apply(0, 0);
        let only_shift = State::new(2);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let values = [i32::MIN, -5, -1, 0, 0, 1, 3, 7, i32::MAX];
        for st in [&all, &no_shift, &only_shift] {
            for _ in 0..400 {
                let sc: Vec<i32> = (0..3)
                    .map(|_| values[(rng.next() % values.len() as u64) as usize])
                    .collect();
                for margin in [0, 1, 2, 5, i32::MAX] {
                    assert_eq!(close_call(st, &sc, margin), reference(st, &sc, margin));
                }
            }
        }
        assert!(!close_call(&only_shift, &[0, 0, 0], i32::MAX));
        assert!(close_call(&all, &[4, 4, -9], 1));
        assert!(!close_call(&all, &[4, 3, -9], 1));
    }

    #[test]
    fn cascade_follows_the_fast_or_the_joint_parser_by_margin() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let joint = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        let cfg = ParserConfig {
            features: FEATS_FAST,
            ..ParserConfig::default()
        };
        let fast = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        let copy = |p: &Parser| Parser::from_bytes(&p.to_bytes()).expect("loads");
        let words = ["birds", "chase", "fish", "."];
        let heads = |v: &[(usize, u16)]| v.iter().map(|x| x.0).collect::<Vec<_>>();
        // Margin 0: the fast parser always decides.
        let c = Parser::cascade(copy(&fast), copy(&joint), 0).expect("compatible");
        assert_eq!(c.parse(&words, &tags[0]), fast.parse(&words, &tags[0]));
        // An unreachable margin: the joint parser decides every choice.
        let c = Parser::cascade(copy(&fast), copy(&joint), i32::MAX).expect("compatible");
        let out = c.parse(&words, &tags[0]);
        assert_eq!(heads(&out), heads(&joint.parse(&words, &tags[0])));
        assert_eq!(heads(&out), vec![2, 0, 2, 2]);
        // Wrong kinds of parsers are refused.
        assert!(Parser::cascade(copy(&joint), copy(&fast), 0).is_err());
        assert!(Parser::cascade(copy(&fast), copy(&fast), 0).is_err());
    }

    #[test]
    fn wrong_or_damaged_model_data_is_a_clear_error() {
        let e = Parser::from_bytes(&model::compress(b"CHRTAG04 not a parser"));
        let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("not a parser model"), "{msg}");
        assert!(Parser::from_bytes(b"\x00\x01garbage").is_err());
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let cfg = ParserConfig {
            features: FEATS_SPLIT,
            ..ParserConfig::default()
        };
        let p = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        let raw = model::decompress(&p.to_bytes()).expect("inflates");
        for cut in [8, raw.len() / 2, raw.len() - 1] {
            let bytes = model::compress(&raw[..cut]);
            assert!(Parser::from_bytes(&bytes).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn averaged_seeds_parse_and_round_trip() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let a = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        let cfg = ParserConfig {
            seed: 99,
            ..ParserConfig::default()
        };
        let b = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        let avg = Parser::average(&[&a, &b]).expect("same labels");
        let back = Parser::from_bytes(&avg.to_bytes()).expect("loads");
        let out = back.parse(&["dogs", "like", "seeds", "."], &tags[0]);
        let heads: Vec<usize> = out.iter().map(|x| x.0).collect();
        assert_eq!(heads, vec![2, 0, 2, 2]);
        assert!(Parser::average(&[]).is_err());
    }

    #[test]
    fn watching_epochs_sees_each_epoch_without_changing_training() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let cfg = ParserConfig {
            epochs: 3,
            ..ParserConfig::default()
        };
        let plain = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        let mut seen = Vec::new();
        let mut last = Vec::new();
        let watched = Parser::train_watched(
            &sents,
            &tags,
            &cfg,
            &mut |_| {},
            Some(&mut |e, p: &Parser| {
                seen.push(e);
                last = p.to_bytes();
            }),
        );
        assert_eq!(seen, vec![1, 2, 3]);
        assert_eq!(watched.to_bytes(), plain.to_bytes());
        assert_eq!(last, plain.to_bytes());
    }

    /// Prepositional phrases whose attachment only the noun's word
    /// class tells: instruments attach to the verb, ingredients to the
    /// object.
    fn pp_sentences() -> Vec<ConlluSentence> {
        let mut text = String::new();
        for v in ["ate", "had", "made"] {
            for o in ["pasta", "rice", "soup"] {
                for (n, head, rel) in [
                    ("forks", 2, "obl"),
                    ("knives", 2, "obl"),
                    ("sticks", 2, "obl"),
                    ("cheese", 3, "nmod"),
                    ("sauce", 3, "nmod"),
                    ("herbs", 3, "nmod"),
                ] {
                    text.push_str(&format!(
                        "1\twe\t_\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n\
                         2\t{v}\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                         3\t{o}\t_\tNOUN\tNN\t_\t2\tobj\t_\t_\n\
                         4\twith\t_\tADP\tIN\t_\t5\tcase\t_\t_\n\
                         5\t{n}\t_\tNOUN\tNNS\t_\t{head}\t{rel}\t_\t_\n\n"
                    ));
                }
            }
        }
        crate::conllu::parse(&text).unwrap_or_default()
    }

    fn pp_clusters() -> Arc<WordClusters> {
        let mut text = String::new();
        for w in ["forks", "knives", "sticks", "spoons"] {
            text.push_str(&format!("6\t{w}\n"));
        }
        for w in ["cheese", "sauce", "herbs", "butter"] {
            text.push_str(&format!("5\t{w}\n"));
        }
        Arc::new(WordClusters::from_text(&text).expect("parses"))
    }

    #[test]
    fn clusters_attach_unseen_words_like_their_cluster() {
        let sents = pp_sentences();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let head_of = |p: &Parser, noun: &str| {
            let out = p.parse(&["we", "ate", "rice", "with", noun], &tags[0]);
            (out[4].0, p.label(out[4].1).to_string())
        };
        for features in [FEATS_CLUSTER, FEATS_FAST_CLUSTER] {
            let cfg = ParserConfig {
                features,
                clusters: Some(pp_clusters()),
                ..ParserConfig::default()
            };
            let p = Parser::train(&sents, &tags, &cfg, &mut |_| {});
            assert!(p.uses_clusters());
            let p = Parser::from_bytes_with_clusters(&p.to_bytes(), Some(pp_clusters()))
                .expect("loads");
            // "spoons" and "butter" were never seen: their clusters decide.
            assert_eq!(
                head_of(&p, "spoons"),
                (2, "obl".to_string()),
                "set {features}"
            );
            assert_eq!(
                head_of(&p, "butter"),
                (3, "nmod".to_string()),
                "set {features}"
            );
        }
        // Without clusters the two unseen words look the same.
        let plain = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        assert!(!plain.uses_clusters());
        assert_eq!(head_of(&plain, "spoons"), head_of(&plain, "butter"));
        // A plain fast parser (set 4) in front of a cluster joint parser
        // (set 6): where the joint parser decides, it sees the clusters.
        let cfg = ParserConfig {
            features: FEATS_CLUSTER,
            clusters: Some(pp_clusters()),
            ..ParserConfig::default()
        };
        let joint = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        let fast_cfg = ParserConfig {
            features: FEATS_FAST,
            ..ParserConfig::default()
        };
        let fast = Parser::train(&sents, &tags, &fast_cfg, &mut |_| {});
        let copy = |p: &Parser| {
            Parser::from_bytes_with_clusters(&p.to_bytes(), Some(pp_clusters())).expect("loads")
        };
        let c = Parser::cascade(copy(&fast), copy(&joint), i32::MAX).expect("compatible");
        for noun in ["spoons", "butter", "forks", "cheese"] {
            assert_eq!(head_of(&c, noun), head_of(&joint, noun), "{noun}");
        }
        assert_eq!(head_of(&c, "spoons"), (2, "obl".to_string()));
        assert_eq!(head_of(&c, "butter"), (3, "nmod".to_string()));
        // Margin 0: the fast parser alone, blind to the clusters.
        let c = Parser::cascade(copy(&fast), copy(&joint), 0).expect("compatible");
        assert_eq!(head_of(&c, "spoons"), head_of(&c, "butter"));
    }

    #[test]
    fn cluster_models_need_their_own_clusters() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let train = |features: u8| {
            let cfg = ParserConfig {
                features,
                clusters: Some(pp_clusters()),
                ..ParserConfig::default()
            };
            Parser::train(&sents, &tags, &cfg, &mut |_| {})
        };
        let (joint, fast) = (train(FEATS_CLUSTER), train(FEATS_FAST_CLUSTER));
        let fast_labels = train(FEATS_FAST_CLUSTER_LABELS);
        let other = Arc::new(WordClusters::from_text("6\tforks\n").expect("parses"));
        for p in [&joint, &fast, &fast_labels] {
            let bytes = p.to_bytes();
            let err = Parser::from_bytes(&bytes).err().expect("needs clusters");
            assert!(err.to_string().contains("word clusters"), "{err}");
            let err = Parser::from_bytes_with_clusters(&bytes, Some(other.clone()))
                .err()
                .expect("other clusters");
            assert!(err.to_string().contains("retrain"), "{err}");
            let back =
                Parser::from_bytes_with_clusters(&bytes, Some(pp_clusters())).expect("loads");
            assert_eq!(back.to_bytes(), bytes);
            let heads: Vec<usize> = back
                .parse(&["birds", "like", "cats", "."], &tags[1])
                .iter()
                .map(|x| x.0)
                .collect();
            assert_eq!(heads, vec![2, 0, 2, 2]);
        }
        // Models without clusters ignore a given table.
        let plain = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        let back = Parser::from_bytes_with_clusters(&plain.to_bytes(), Some(pp_clusters()))
            .expect("loads");
        assert!(!back.uses_clusters());
        // A cluster cascade: 7 or 8 in front of 6 with the same table; in
        // front of a plain joint parser, or tables that differ, refused.
        let copy = |p: &Parser| {
            Parser::from_bytes_with_clusters(&p.to_bytes(), Some(pp_clusters())).expect("loads")
        };
        let words = ["dogs", "chase", "seeds", "."];
        let heads = |v: Vec<(usize, u16)>| v.iter().map(|x| x.0).collect::<Vec<_>>();
        for f in [&fast, &fast_labels] {
            let c = Parser::cascade(copy(f), copy(&joint), i32::MAX).expect("compatible");
            assert_eq!(
                heads(c.parse(&words, &tags[0])),
                heads(joint.parse(&words, &tags[0]))
            );
            assert!(Parser::cascade(copy(f), copy(&plain), 0).is_err());
        }
        let cfg = ParserConfig {
            features: FEATS_CLUSTER,
            clusters: Some(other.clone()),
            ..ParserConfig::default()
        };
        let joint_other = Parser::train(&sents, &tags, &cfg, &mut |_| {});
        for f in [&fast, &fast_labels] {
            let j = Parser::from_bytes_with_clusters(&joint_other.to_bytes(), Some(other.clone()))
                .expect("loads");
            let err = Parser::cascade(copy(f), j, 0).err().expect("differs");
            assert!(err.to_string().contains("word clusters"), "{err}");
        }
    }

    #[test]
    fn single_root_and_valid_heads_on_any_input() {
        let sents = toy();
        let tags: Vec<Vec<TagKey>> = sents.iter().map(keys).collect();
        let p = Parser::train(&sents, &tags, &ParserConfig::default(), &mut |_| {});
        let words = ["x"; 40];
        let t = vec![tag_key("X", "FW"); 40];
        let out = p.parse(&words, &t);
        assert_eq!(out.len(), 40);
        assert_eq!(out.iter().filter(|x| x.0 == 0).count(), 1);
        assert!(out.iter().all(|x| x.0 <= 40));
    }
}
